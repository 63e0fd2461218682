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
}
