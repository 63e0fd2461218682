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

#[derive(Model)]
#[covet(table = "tracks")]
pub struct Track {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub album_id: i64,
    pub title: String,
}

fn main() {
    // Track is not joined: filtering on its columns must not compile.
    let _ = Artist::query()
        .inner_join(Album::ARTIST_ID.on(Artist::ID))
        .filter(Track::TITLE.eq("Hells Bells"));
}
