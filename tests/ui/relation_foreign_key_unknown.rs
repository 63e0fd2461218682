use covet::prelude::*;

#[derive(Model, Clone)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
}

#[derive(Model, Clone)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub artist_id: i64,
    #[covet(belongs_to(Artist, foreign_key = artsit_id))]
    pub artist: BelongsTo<Artist>,
}

fn main() {}
