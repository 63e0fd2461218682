//! The one error type of covet-migrate.

use std::path::PathBuf;

/// `Result` with covet-migrate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A snapshot file could not be read or holds something invalid.
    #[error("invalid snapshot: {0}")]
    Snapshot(String),
    /// The diff holds destructive changes and the caller did not allow them.
    #[error(
        "refusing destructive changes (pass --allow-destructive to generate them anyway):\n{}",
        .0.iter().map(|c| format!("  - {c}")).collect::<Vec<_>>().join("\n")
    )]
    Destructive(Vec<String>),
    /// The models hold something the generator cannot express.
    #[error("cannot generate: {0}")]
    Unsupported(String),
    /// A migrations directory or file is malformed.
    #[error("{path}: {message}")]
    Layout {
        /// The file or directory.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An applied migration's file was edited since it was applied.
    #[error(
        "migration {id} was edited after it was applied: {path} has checksum {actual}, the database recorded {recorded}\nhelp: restore the file, or write a new migration for the new change"
    )]
    Checksum {
        /// The migration.
        id: String,
        /// The edited file.
        path: PathBuf,
        /// The checksum recorded when it was applied.
        recorded: String,
        /// The checksum of the file now.
        actual: String,
    },
    /// A migration failed part-way on a backend without transactional DDL and left the database
    /// between two states; nothing runs until it is repaired.
    #[error(
        "migration {id} is dirty: a previous run failed after {done} of its statements, and MariaDB/MySQL cannot roll DDL back\nhelp: finish or undo that migration by hand, then run `covet-migrate repair {id}`"
    )]
    Dirty {
        /// The migration.
        id: String,
        /// How many of its statements had run.
        done: i64,
    },
    /// The lock could not be taken in time.
    #[error("timed out after {0:?} waiting for the migration lock held by another runner")]
    LockTimeout(std::time::Duration),
    /// The database holds a migration this directory does not have.
    #[error("the database has applied migration {0}, which is not among the migrations given")]
    UnknownApplied(String),
    /// A statement of a migration failed.
    #[error("migration {id}, statement {statement}: {source}")]
    Statement {
        /// The migration.
        id: String,
        /// 1-based statement number (0: restoring a trigger after a SQLite rebuild).
        statement: usize,
        /// The database's error.
        source: sqlx::Error,
    },
    /// SQLite's `foreign_key_check` found rows that break a foreign key after a migration.
    #[error(
        "migration {id} leaves {rows} rows that break a foreign key (PRAGMA foreign_key_check); rolled back"
    )]
    ForeignKeyCheck {
        /// The migration.
        id: String,
        /// How many violations.
        rows: usize,
    },
    /// A database error outside a migration's statements.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The command cannot run as asked.
    #[error("{0}")]
    Usage(String),
    /// A covet handle could not open the runner's session.
    #[error("opening a session: {0}")]
    Session(covet_orm::Error),
    /// The URL names no backend covet speaks to.
    #[error("invalid database URL: {0}")]
    Url(String),
}
