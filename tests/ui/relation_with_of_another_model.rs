use covet::prelude::*;

#[derive(Model, Clone)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(has_many(Album, foreign_key = artist_id))]
    pub albums: HasMany<Album>,
}

#[derive(Model, Clone)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub artist_id: i64,
    #[covet(has_many(Track, foreign_key = album_id))]
    pub tracks: HasMany<Track>,
}

#[derive(Model, Clone)]
#[covet(table = "tracks")]
pub struct Track {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub album_id: i64,
}

async fn run(db: &Db) -> covet::Result<()> {
    // Tracks are a relation of Album, not of Artist: nest it instead.
    let _ = Artist::query().with(Album::TRACKS).all(db).await?;
    let mut albums: Vec<Album> = Vec::new();
    load(&mut albums, Artist::ALBUMS, db).await?;
    Ok(())
}

fn main() {
    let _ = run;
}
