//! Migrations compiled into the application binary and applied at start-up.
//!
//! ```no_run
//! # async fn start() -> Result<(), Box<dyn std::error::Error>> {
//! // Every file of the directory is in the binary: nothing to ship beside it. An application
//! // names its `migrations/` (next to its Cargo.toml); this crate's doc test, a fixture.
//! static MIGRATIONS: covet_migrate::Embedded = covet_migrate::embedded!("tests/fixtures/embedded");
//!
//! let db = covet::Db::connect("sqlite://app.db?mode=rwc").await?;
//! MIGRATIONS.apply(&db).await?; // under the lock: each pending migration once, in order
//! # Ok(()) }
//! ```
//!
//! Cargo rebuilds when an embedded file changes, but does not watch the directory for new
//! migrations: add a `build.rs` holding `println!("cargo:rerun-if-changed=migrations");`.

use crate::Result;
use crate::files::Migration;
use crate::runner::{Report, Runner};
use covet_sql::Backend;
use std::path::PathBuf;

/// The migrations of a directory, compiled in by [`embedded!`](crate::embedded).
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    migrations: &'static [EmbeddedMigration],
}

/// One embedded migration: its id, and its up and down SQL per backend (in
/// [`Backend::ALL`]'s order). Written by `embedded!`; not a public API.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedMigration {
    /// The directory's name.
    pub id: &'static str,
    /// `(up, down)` for PostgreSQL, MariaDB/MySQL and SQLite.
    pub files: [(&'static str, &'static str); 3],
}

impl Embedded {
    /// What `embedded!` expands to.
    #[doc(hidden)]
    pub const fn __new(migrations: &'static [EmbeddedMigration]) -> Self {
        Self { migrations }
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> {
        self.migrations.iter().map(|m| m.id)
    }

    /// The migrations for `backend`, in order, ready for a [`Runner`].
    pub fn migrations(&self, backend: Backend) -> Vec<Migration> {
        let at = Backend::ALL.iter().position(|b| *b == backend).unwrap_or(0);
        self.migrations
            .iter()
            .map(|m| {
                let (up, down) = m.files[at];
                Migration {
                    id: m.id.to_owned(),
                    up: up.to_owned(),
                    down: down.to_owned(),
                    source: PathBuf::from(format!("{}/{}.up.sql (embedded)", m.id, backend.name())),
                }
            })
            .collect()
    }

    /// Applies every pending migration to the database of `db`, under the migration lock, as
    /// `covet-migrate up` does.
    pub async fn apply(&self, db: &covet_orm::Db) -> Result<Report> {
        self.apply_with(&Runner::for_db(db)).await
    }

    /// Applies every pending migration with `runner` (a URL, a lock timeout, progress).
    pub async fn apply_with(&self, runner: &Runner) -> Result<Report> {
        runner.up(&self.migrations(runner.backend())).await
    }
}
