use covet::prelude::*;

#[derive(Model)]
pub struct Document {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(version)]
    pub version: String,
}

fn main() {}
