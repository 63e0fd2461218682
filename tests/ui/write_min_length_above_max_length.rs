use covet::prelude::*;

#[derive(Model)]
pub struct Member {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(min_length = 30, max_length = 20)]
    pub handle: String,
}

fn main() {}
