use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums", renamed_from = "old albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(renamed_from = "name; DROP TABLE users")]
    pub title: String,
    #[covet(renamed_from = 3)]
    pub year: Option<i32>,
}

fn main() {}
