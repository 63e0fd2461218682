use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(max_length = 0)]
    pub title: String,
    #[covet(max_length = 100000)]
    pub notes: String,
    #[covet(max_length = 10u8)]
    pub code: String,
}

fn main() {}
