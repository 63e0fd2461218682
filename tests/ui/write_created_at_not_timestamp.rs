use covet::prelude::*;

#[derive(Model)]
pub struct Document {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(created_at)]
    pub created_at: i64,
}

fn main() {}
