//! Queries beyond plain filters: batch update and delete by filter, upsert, dynamic filters,
//! raw SQL, keyset pagination, streaming, and the injection corpus, on every backend; plus the
//! SQL text of each construct for the three dialects side by side.

mod batch;
mod dynamic;
mod injection;
mod keyset;
mod raw;
mod sql_text;
mod stream;
mod upsert;

use chrono::{DateTime, Utc};
use covet::prelude::*;

/// Albums with a unique slug, a counter, a nullable year and covet's `updated_at`.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "q_albums")]
pub(crate) struct Album {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(max_length = 80, unique)]
    pub(crate) slug: String,
    #[covet(min_length = 1, max_length = 160)]
    pub(crate) title: String,
    #[covet(min = 0)]
    pub(crate) plays: i64,
    pub(crate) year: Option<i32>,
    #[covet(updated_at)]
    pub(crate) updated_at: DateTime<Utc>,
}

pub(crate) fn new_album(slug: &str, title: &str, plays: i64, year: Option<i32>) -> NewAlbum {
    NewAlbum {
        slug: slug.into(),
        title: title.into(),
        plays,
        year,
    }
}

/// Five albums: slugs a..e, plays 10, 20, ..., years 1970, 1980, NULL, 1990, 2000.
pub(crate) async fn seed_albums(db: &Db) -> covet::Result<Vec<Album>> {
    covet::ddl::create_table::<Album>(db).await?;
    let rows = [
        new_album("a", "Alpha", 10, Some(1970)),
        new_album("b", "Bravo", 20, Some(1980)),
        new_album("c", "Charlie", 30, None),
        new_album("d", "Delta", 40, Some(1990)),
        new_album("e", "Echo", 50, Some(2000)),
    ];
    Album::insert_many(rows).exec(db).await
}

/// A soft-delete model with an optimistic-lock version.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "q_notes", unique(owner, title))]
pub(crate) struct Note {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(max_length = 40)]
    pub(crate) owner: String,
    #[covet(max_length = 40)]
    pub(crate) title: String,
    pub(crate) body: String,
    #[covet(version)]
    pub(crate) version: i64,
    #[covet(soft_delete)]
    pub(crate) deleted_at: Option<DateTime<Utc>>,
}

pub(crate) fn new_note(owner: &str, title: &str, body: &str) -> NewNote {
    NewNote {
        owner: owner.into(),
        title: title.into(),
        body: body.into(),
    }
}
