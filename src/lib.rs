//! # covet
//!
//! An ORM for Rust whose safety comes from the type system. Annotate a plain struct with
//! `#[derive(Model)]` and get, checked at compile time, typed and identifier-safe CRUD, typed
//! query filters and the table's schema metadata; run it on PostgreSQL, MySQL/MariaDB or SQLite
//! with the same code.
//!
//! ```no_run
//! use covet::prelude::*;
//!
//! #[derive(Model, Debug, Clone)]
//! #[covet(table = "albums")]
//! pub struct Album {
//!     #[covet(primary_key, auto_increment)]
//!     pub id: i64,
//!     #[covet(max_length = 160)]
//!     pub title: String,
//!     pub year: Option<i32>,
//! }
//!
//! # async fn run() -> covet::Result<()> {
//! let db = Db::connect("sqlite::memory:").await?;
//! covet::ddl::create_table::<Album>(&db).await?;
//! let album = Album::insert(NewAlbum { title: "Blue".into(), year: Some(1971) }).exec(&db).await?;
//! let found = Album::query()
//!     .filter(Album::TITLE.like("B%").and(Album::YEAR.ge(1970)))
//!     .order_by(Album::TITLE.asc())
//!     .all(&db)
//!     .await?;
//! assert_eq!(found[0].id, album.id);
//! # Ok(()) }
//! ```
//!
//! ## Model attributes
//!
//! On the struct: `table = "name"` (default: the struct name in snake_case), `index(a, b)` and
//! `unique(a, b)` for multi-column indexes. On a field: `primary_key` (on several fields for a
//! composite key), `auto_increment`, `rename = "column"`, `unique`, `index`,
//! `default = "SQL expression"`, `max_length = N`, `references = OtherModel` with
//! `on_delete`/`on_update` = `cascade | restrict | set_null | set_default | no_action`.
//!
//! Relation fields are not columns; they hold what eager loading loads:
//! `#[covet(belongs_to(Artist, foreign_key = artist_id))] artist: BelongsTo<Artist>`,
//! `has_many(Album, foreign_key = artist_id)` into `HasMany<Album>`, `has_one(..)` into
//! `HasOne<..>`, and `many_to_many(Tag, through = AlbumTag, source = album_id, target = tag_id)`
//! into `ManyToMany<Tag>` (see [`relation`]).
//!
//! Field types: `i16`, `i32`, `i64`, `f32`, `f64`, `bool`, `String`, `Vec<u8>`,
//! `chrono::NaiveDate`, `chrono::NaiveDateTime`, `chrono::DateTime<Utc>`,
//! `rust_decimal::Decimal`, `uuid::Uuid`, `serde_json::Value`, and `Option<T>` of each for a
//! nullable column.

pub use covet_derive::Model;
pub use covet_orm::*;

/// What a user of covet needs in scope: the derive, the traits and the handle.
pub mod prelude {
    pub use covet_derive::Model;
    pub use covet_orm::prelude::*;
}

#[doc(hidden)]
pub use covet_orm::__private;

/// The README's tour, compiled as a doc test so it stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
