use covet::prelude::*;

#[derive(Model, Clone)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(has_many(Album, foreign_key = artist_code))]
    pub albums: HasMany<Album>,
}

#[derive(Model, Clone)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub artist_id: i32,
    pub artist_code: Option<String>,
    #[covet(belongs_to(Artist, foreign_key = artist_id))]
    pub artist: BelongsTo<Artist>,
}

fn main() {}
