use covet::prelude::*;

#[derive(Model)]
pub struct Member {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(min = 3)]
    pub handle: String,
}

fn main() {}
