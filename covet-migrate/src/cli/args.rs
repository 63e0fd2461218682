//! The command line, as clap parses it.

use clap::{Parser, Subcommand, ValueEnum};
use covet_sql::Backend;
use std::path::PathBuf;

/// Migrations generated from covet models, applied safely on PostgreSQL, MariaDB/MySQL and
/// SQLite.
#[derive(Debug, Parser)]
#[command(name = "covet-migrate", version, about, long_about = None)]
pub(super) struct Args {
    /// The migrations directory.
    #[arg(
        long,
        global = true,
        default_value = "migrations",
        env = "COVET_MIGRATIONS"
    )]
    pub(super) dir: PathBuf,
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Write a migration from the difference between the models and the last snapshot.
    Generate {
        /// What the migration does, in lower case with `_` (e.g. `add_albums`).
        name: String,
        /// Also generate changes that can lose data (drops, narrowing, NOT NULL without a
        /// default).
        #[arg(long)]
        allow_destructive: bool,
    },
    /// Print the SQL that `up` (or `down`) would run, without running it.
    Sql {
        /// The dialect to print; with `--database`, that database's.
        #[arg(long, value_enum)]
        dialect: Option<Dialect>,
        /// Print only what this database has not applied yet.
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database: Option<String>,
        /// Print the down SQL of the last N applied migrations instead (needs `--database`).
        #[arg(long, value_name = "N")]
        down: Option<usize>,
    },
    /// Apply every pending migration.
    Up(Database),
    /// Revert the last N applied migrations (1 by default).
    Down {
        /// How many.
        #[arg(default_value_t = 1)]
        n: usize,
        #[command(flatten)]
        database: Database,
    },
    /// Show which migrations are applied, pending, edited or dirty.
    Status(Database),
    /// Fail (exit 1) when the models differ from the last migration's snapshot: for CI.
    Check,
    /// Compare the live schema with the models, object by object (exit 1 on a difference).
    Drift(Database),
    /// Record every migration as applied without running it, for a database that already
    /// has the schema.
    Baseline(Database),
    /// Mark a dirty migration (MariaDB/MySQL) as applied once it was finished by hand.
    Repair {
        /// The migration's id.
        id: String,
        #[command(flatten)]
        database: Database,
    },
}

/// The database a command runs against.
#[derive(Debug, clap::Args)]
pub(super) struct Database {
    /// Its URL: `postgres://...`, `mysql://...` / `mariadb://...`, `sqlite://file.db`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub(super) database: String,
    /// Seconds to wait for another runner's lock.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub(super) lock_timeout: u64,
}

/// A dialect's name on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// MariaDB and MySQL.
    Mysql,
    /// SQLite.
    Sqlite,
}

impl From<Dialect> for Backend {
    fn from(d: Dialect) -> Self {
        match d {
            Dialect::Postgres => Backend::Postgres,
            Dialect::Mysql => Backend::MySql,
            Dialect::Sqlite => Backend::Sqlite,
        }
    }
}
