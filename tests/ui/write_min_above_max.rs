use covet::prelude::*;

#[derive(Model)]
pub struct Member {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(min = 18, max = 1)]
    pub age: i32,
}

fn main() {}
