//! covet's SQL vocabulary, shared by the derive (at compile time) and the runtime.
//!
//! This crate has no I/O and no dependencies so that `covet-derive` can render the fixed-shape
//! statements of a model (find, insert, update, delete by key) with the very same writer and
//! dialects that the runtime uses for dynamic queries: there is one place where identifiers are
//! quoted and placeholders numbered, [`SqlWriter`].
//!
//! - [`schema`]: the plain-data table metadata a `#[derive(Model)]` emits as a `const`.
//! - [`ident`]: the rules a SQL identifier must meet (checked by the derive, at compile time).
//! - [`Dialect`]: named hooks with one implementation per backend.
//! - [`statements`]: the fixed-shape statements; [`ddl`]: `CREATE TABLE` from the metadata;
//!   [`alter`]: the `ALTER` statements covet-migrate renders its changes with.

pub mod alter;
pub mod bulk;
pub mod ddl;
mod dialect;
pub mod ident;
pub mod schema;
pub mod statements;
pub mod transaction;
mod writer;

pub use dialect::{
    AlterColumn, Backend, ConstraintKind, Dialect, KeySet, MySql, Postgres, Sqlite, UpsertStyle,
};
pub use ident::Ident;
pub use writer::SqlWriter;
