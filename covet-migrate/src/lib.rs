//! covet-migrate: migrations generated from covet models and applied safely on PostgreSQL,
//! MariaDB/MySQL and SQLite.
//!
//! The pipeline, one module per stage:
//!
//! - [`snapshot`]: an owned, JSON-serialisable copy of the models' schema metadata;
//! - [`diff`]: `diff(old, new) -> Vec<Change>`, pure data, with renames and a destructive-change
//!   guard;

mod error;

pub mod cli;
pub mod diff;
pub mod drift;
pub mod files;
pub mod introspect;
pub mod render;
pub mod runner;
pub mod snapshot;

pub use error::{Error, Result};
pub use runner::Runner;
