use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(unique)]
    pub slug: String,
}

#[derive(Model)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(unique)]
    pub name: String,
}

fn main() {
    let new = NewAlbum { slug: "x".into() };
    let _ = Album::upsert(new).on_conflict(Artist::NAME).do_nothing();
}
