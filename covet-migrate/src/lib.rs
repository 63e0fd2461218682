//! covet-migrate: migrations generated from covet models and applied safely on PostgreSQL,
//! MariaDB/MySQL and SQLite.
//!
//! The pipeline, one module per stage (library first, the command line last):
//!
//! - [`snapshot`]: an owned, JSON-serialisable copy of the models' schema metadata;
//! - [`diff`]: `diff(old, new) -> Vec<Change>`, pure data, with renames and a destructive-change
//!   guard;
//! - [`render`]: each change as SQL for one backend, through covet-sql's dialects and writer
//!   (SQLite's table rebuild where `ALTER TABLE` cannot);
//! - [`files`]: migration directories with up and down SQL per backend and SHA-256 checksums;
//! - [`runner`]: applies and reverts under a lock, with a history table and per-backend
//!   transactions (a dirty marker on MariaDB/MySQL);
//! - [`introspect`] and [`drift`]: the live schema read back as a snapshot, and compared;
//! - [`Embedded`] / [`embedded!`]: migrations compiled into the application;
//! - [`cli`]: the `covet-migrate` command line, which an application's own small binary runs
//!   with its models.

mod embedded;
mod error;

pub mod cli;
pub mod diff;
pub mod drift;
pub mod files;
pub mod introspect;
pub mod render;
pub mod runner;
pub mod snapshot;

pub use embedded::Embedded;
pub use error::{Error, Result};

/// Compiles the migrations directory it names (relative to the crate's `Cargo.toml`) into the
/// program, as an [`Embedded`]: `static MIGRATIONS: Embedded = embedded!("migrations");`.
/// A missing directory or file, or a directory name that is not a migration id, is a compile
/// error. See [`Embedded`] for applying them at start-up.
pub use covet_migrate_macros::embedded;

/// What `embedded!` expands to. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::embedded::EmbeddedMigration;

    /// Fails compilation, in a `const`, when `id` is not a migration id.
    pub const fn assert_id(id: &str) {
        assert!(
            crate::files::is_valid_id(id),
            "a migration directory is named `<number>_<name>`, with a lower-case name"
        );
    }
}
pub use runner::Runner;
