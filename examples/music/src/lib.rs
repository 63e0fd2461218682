//! The models of the music example. `src/bin/migrate.rs` hands them to covet-migrate, which
//! generated `migrations/` from them; `src/main.rs` applies those migrations at start-up.

use covet::prelude::*;

/// A performer.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "artists")]
pub struct Artist {
    /// Generated key.
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    /// Unique name.
    #[covet(max_length = 120, unique)]
    pub name: String,
}

/// A record by an artist.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "albums")]
pub struct Album {
    /// Generated key.
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    /// The album's name (the column was `title`: renamed, not dropped and added).
    #[covet(max_length = 160, renamed_from = "title")]
    pub name: String,
    /// The year it came out, when known.
    pub year: Option<i32>,
    /// Its price.
    #[covet(precision = 8, scale = 2, default = "0")]
    pub price: rust_decimal::Decimal,
    /// Who made it.
    #[covet(references = Artist, on_delete = cascade, index)]
    pub artist_id: i64,
}

/// Every model, for covet-migrate.
pub const MODELS: &[covet::schema::TableSchema] = &[Artist::SCHEMA, Album::SCHEMA];
