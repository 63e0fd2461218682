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
    // Album is inner-joined: every row has a match, so asking for rows without one is a mistake.
    let _ = Artist::query()
        .inner_join(Album::ARTIST_ID.on(Artist::ID))
        .without_match::<Album, _>();
}
