use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums", unique, index(), index(artist, title::name))]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub artist: String,
    pub title: String,
}

fn main() {}
