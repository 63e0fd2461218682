use covet::prelude::*;

#[derive(Model)]
#[covet(
    table = "albums",
    index(artist, year),
    unique(artist, titel),
    index(artist, artist)
)]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub artist: String,
    pub title: String,
    pub released: i32,
}

fn main() {}
