use covet::prelude::*;

pub struct Artist {
    pub id: i64,
}

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(references = Artist)]
    pub artist_id: i64,
}

fn main() {}
