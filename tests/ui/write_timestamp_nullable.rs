use covet::prelude::*;

#[derive(Model)]
pub struct Document {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(updated_at)]
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn main() {}
