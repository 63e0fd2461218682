use covet::prelude::*;

#[derive(Model)]
pub struct Document {
    #[covet(primary_key, version)]
    pub id: i64,
}

fn main() {}
