use covet::prelude::*;

#[derive(Model)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
}

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(references = Artist, on_delete = set_null)]
    pub artist_id: i64,
}

fn main() {}
