//! covet in five minutes, on an embedded SQLite database: no server, no set-up.
//!
//! Run it with `cargo run --example quickstart`.

use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "artists")]
struct Artist {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 120, unique)]
    name: String,
    country: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "albums", index(artist_id, year))]
struct Album {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 160)]
    title: String,
    year: i32,
    #[covet(references = Artist, on_delete = cascade)]
    artist_id: i64,
}

#[tokio::main]
async fn main() -> covet::Result<()> {
    // The backend comes from the URL; the same code runs on postgres:// and mysql:// URLs.
    let db = Db::connect("sqlite::memory:").await?;
    covet::ddl::create_table::<Artist>(&db).await?;
    covet::ddl::create_table::<Album>(&db).await?;
    println!("created tables `artists` and `albums` on {}", db.backend());

    // Insert: `NewArtist` has exactly the fields the database does not generate.
    let acdc = Artist::insert(NewArtist {
        name: "AC/DC".into(),
        country: Some("AU".into()),
    })
    .exec(&db)
    .await?;
    let queen = Artist::insert(NewArtist {
        name: "Queen".into(),
        country: None,
    })
    .exec(&db)
    .await?;
    println!("inserted {acdc:?}\ninserted {queen:?}");

    let albums = [
        ("High Voltage", 1976, acdc.id),
        ("Back in Black", 1980, acdc.id),
        ("Black Ice", 2008, acdc.id),
        ("A Night at the Opera", 1975, queen.id),
    ];
    for (title, year, artist_id) in albums {
        Album::insert(NewAlbum {
            title: title.into(),
            year,
            artist_id,
        })
        .exec(&db)
        .await?;
    }
    println!("inserted {} albums", Album::query().count(&db).await?);

    // Typed filters: `Album::YEAR.eq("1980")` or `Album::TITLE.is_null()` would not compile.
    let black = Album::query()
        .filter(
            Album::TITLE
                .like("%Black%")
                .and(Album::ARTIST_ID.eq(acdc.id)),
        )
        .order_by(Album::YEAR.asc())
        .all(&db)
        .await?;
    for album in &black {
        println!("found {} ({})", album.title, album.year);
    }

    // A sort key that arrives as text is looked up in the compile-time metadata, never spliced.
    let key = Album::column_by_name("year").ok_or(covet::Error::UnknownColumn {
        model: "Album",
        name: "year".into(),
    })?;
    let newest = Album::query().order_by(key.desc()).first(&db).await?;
    println!("newest album: {:?}", newest.map(|a| a.title));
    println!(
        "`year; DROP TABLE albums` is a column: {}",
        Album::column_by_name("year; DROP TABLE albums").is_some()
    );

    // Update and delete by key report rows affected as u64 on every backend.
    let mut first = Album::query()
        .filter(Album::TITLE.eq("High Voltage"))
        .one(&db)
        .await?;
    first.year = 1975;
    println!("updated {} row(s)", first.update(&db).await?);
    println!("deleted {} row(s)", first.delete(&db).await?);

    // Errors are classified values.
    let duplicate = Artist::insert(NewArtist {
        name: "AC/DC".into(),
        country: None,
    })
    .exec(&db)
    .await;
    match duplicate {
        Err(e) if e.is_unique_violation() => println!("refused duplicate artist: {e}"),
        other => println!("unexpected: {other:?}"),
    }
    let missing = Album::find(9_999).optional(&db).await?;
    println!("album 9999: {missing:?}");

    // Deleting an artist cascades to their albums.
    acdc.delete(&db).await?;
    println!(
        "albums left after deleting AC/DC: {}",
        Album::query().count(&db).await?
    );
    Ok(())
}
