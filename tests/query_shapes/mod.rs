//! Query shapes beyond filters, each returning the same results on every backend for the same
//! data, and each rendering the SQL its `sql_text` test shows for the three dialects.

mod aggregates;
mod ctes;
mod joins;
mod projections;
mod self_joins;
mod subqueries;
mod tour;
mod windows;

use covet::prelude::*;
use covet::{Backend, Statement};

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "artists")]
pub(crate) struct Artist {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(max_length = 120)]
    pub(crate) name: String,
    pub(crate) country: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "albums")]
pub(crate) struct Album {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(references = Artist)]
    pub(crate) artist_id: i64,
    #[covet(max_length = 160)]
    pub(crate) title: String,
    pub(crate) year: Option<i32>,
    pub(crate) price: f64,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "tracks")]
pub(crate) struct Track {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(references = Album)]
    pub(crate) album_id: i64,
    #[covet(max_length = 160)]
    pub(crate) title: String,
    pub(crate) position: i32,
    pub(crate) seconds: Option<i64>,
}

/// Three artists (one without albums), four albums (one without a year), nine tracks (one
/// without a length).
pub(crate) async fn seed(db: &Db) -> covet::Result<()> {
    covet::ddl::create_table::<Artist>(db).await?;
    covet::ddl::create_table::<Album>(db).await?;
    covet::ddl::create_table::<Track>(db).await?;
    for (name, country) in [
        ("AC/DC", Some("AU")),
        ("Miles Davis", Some("US")),
        ("Nobody", None),
    ] {
        let new = NewArtist {
            name: name.into(),
            country: country.map(Into::into),
        };
        Artist::insert(new).exec(db).await?;
    }
    let albums = [
        (1, "Back in Black", Some(1980), 9.5),
        (1, "Highway to Hell", Some(1979), 8.0),
        (2, "Kind of Blue", Some(1959), 12.25),
        (2, "Bootleg", None, 3.0),
    ];
    for (artist_id, title, year, price) in albums {
        let new = NewAlbum {
            artist_id,
            title: title.into(),
            year,
            price,
        };
        Album::insert(new).exec(db).await?;
    }
    let tracks = [
        (1, "Hells Bells", 1, Some(312)),
        (1, "Shoot to Thrill", 2, Some(317)),
        (1, "Back in Black", 3, Some(255)),
        (2, "Highway to Hell", 1, Some(208)),
        (2, "Girls Got Rhythm", 2, Some(203)),
        (3, "So What", 1, Some(562)),
        (3, "Freddie Freeloader", 2, Some(589)),
        (3, "Blue in Green", 3, Some(337)),
        (4, "Untitled", 1, None),
    ];
    for (album_id, title, position, seconds) in tracks {
        let new = NewTrack {
            album_id,
            title: title.into(),
            position,
            seconds,
        };
        Track::insert(new).exec(db).await?;
    }
    Ok(())
}

/// The SQL a query renders for PostgreSQL, MariaDB and SQLite, side by side.
pub(crate) fn sql(statement: impl Fn(Backend) -> covet::Result<Statement>) -> [String; 3] {
    [Backend::Postgres, Backend::MySql, Backend::Sqlite]
        .map(|b| statement(b).expect("renders").sql.into_owned())
}
