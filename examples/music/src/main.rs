//! The music example: the migrations generated from the models are compiled into this
//! program and applied when it starts, then the models are used as usual.
//!
//! `cargo run -p music-example` runs it on an in-memory SQLite database; give it another
//! database with `DATABASE_URL` (`postgres://...`, `mysql://...`, `sqlite://music.db?mode=rwc`).

use covet::prelude::*;
use covet_migrate::Embedded;
use music_example::{Album, Artist, NewAlbum, NewArtist};

/// `migrations/`, in the binary: nothing to ship beside it.
static MIGRATIONS: Embedded = covet_migrate::embedded!("migrations");

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".into());
    let db = Db::connect(&url).await?;
    // Under covet-migrate's lock: started ten times at once, each migration still runs once.
    let report = MIGRATIONS.apply(&db).await?;
    println!("applied {} migration(s)", report.done.len());

    let nina = Artist::insert(NewArtist {
        name: "Nina Simone".into(),
    })
    .exec(&db)
    .await?;
    Album::insert(NewAlbum {
        name: "Pastel Blues".into(),
        year: Some(1965),
        price: rust_decimal::Decimal::new(1299, 2),
        artist_id: nina.id,
    })
    .exec(&db)
    .await?;
    for album in Album::query()
        .filter(Album::ARTIST_ID.eq(nina.id))
        .all(&db)
        .await?
    {
        println!("{} ({:?}), {}", album.name, album.year, album.price);
    }
    Ok(())
}
