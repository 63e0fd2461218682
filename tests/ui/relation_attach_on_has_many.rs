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
}

async fn run(db: &Db, artist: &Artist, album: &Album) -> covet::Result<()> {
    Artist::ALBUMS.attach(artist, album, db).await?;
    Ok(())
}

fn main() {
    let _ = run;
}
