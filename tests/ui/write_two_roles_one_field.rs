use covet::prelude::*;

#[derive(Model)]
pub struct Document {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(created_at, updated_at)]
    pub stamp: chrono::DateTime<chrono::Utc>,
}

fn main() {}
