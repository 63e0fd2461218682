use covet::prelude::*;

#[derive(Model)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub name: String,
}

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub artist_id: i64,
    pub title: String,
}

fn main() {
    let _ = Artist::query().inner_join(Album::TITLE.on(Artist::ID));
}
