//! Relations between models and eager loading.
//!
//! A model declares its relations as fields (`#[covet(has_many(Album, foreign_key =
//! artist_id))] albums: HasMany<Album>`); the derive generates a typed handle for each
//! (`Artist::ALBUMS`). A query loads the relations it is asked for with
//! [`Select::with`](crate::Select::with), any depth and breadth, in one statement per relation
//! requested whatever the number of rows; [`load`] does the same for rows already fetched.
//!
//! **A relation that was not loaded never runs a query**: its field is not loaded, and
//! reading it (`artist.albums.get()`) is [`crate::Error::NotLoaded`]. This is a run-time error
//! rather than a compile error because the loaded data lives in the model's own fields: the
//! model's type is the same whatever a query loaded, and a type per combination of loaded
//! relations would make every model a family of types.
//!
//! The keys travel as one bound value, so the statement text does not change with their
//! number: `= ANY($1)` on PostgreSQL, `IN (SELECT value FROM json_each(?))` on SQLite and
//! `IN (SELECT ... FROM JSON_TABLE(?, ...))` on MariaDB/MySQL. Soft-deleted targets (and
//! soft-deleted links of a many-to-many) are left out.

mod def;
mod erased;
mod exists;
mod handle;
mod keys;
mod load;
mod query;
mod show;
mod slot;
mod write;

pub use def::{ForeignKey, RelationDef, RelationKey, RelationKind, Through};
pub use exists::RelatedExists;
pub use handle::{Include, Relation};
pub use query::{WithQuery, load};
pub use slot::{BelongsTo, HasMany, HasOne, Links, ManyToMany, Owns, Slot};

#[doc(hidden)]
pub use def::{assert_relation_key, foreign_key_column, own_key};
