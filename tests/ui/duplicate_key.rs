use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums", table = "records")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(unique, unique)]
    pub title: String,
    #[covet(max_length = 10)]
    #[covet(max_length = 20)]
    pub code: String,
}

fn main() {}
