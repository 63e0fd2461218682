use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(default = "0; DROP TABLE albums")]
    pub plays: i64,
    #[covet(default = "")]
    pub title: String,
}

fn main() {}
