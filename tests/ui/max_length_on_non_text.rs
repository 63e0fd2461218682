use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(max_length = 4)]
    pub year: i32,
}

fn main() {}
