use covet::prelude::*;

#[derive(Model)]
pub struct Member {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(pattern = "^[0-9]+$")]
    pub zip: i32,
}

fn main() {}
