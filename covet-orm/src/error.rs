//! The one error type of covet, with a classification users can match on.

use covet_sql::Backend;

/// `Result` with covet's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, classified so callers can decide what to do.
///
/// Messages are lower-case, carry no trailing period and never contain a password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A lookup that must find a row found none.
    #[error("no {model} row matches")]
    NotFound {
        /// The model (struct) name.
        model: &'static str,
    },
    /// A query that must return one row returned more.
    #[error("more than one {model} row matches where exactly one was expected")]
    TooManyRows {
        /// The model (struct) name.
        model: &'static str,
    },
    /// A unique or primary-key constraint rejected the write.
    #[error("unique violation{}: {message}", constraint_suffix(.constraint))]
    UniqueViolation {
        /// The violated constraint, when the backend names it.
        constraint: Option<String>,
        /// The backend's message.
        message: String,
    },
    /// A foreign-key constraint rejected the write.
    #[error("foreign-key violation{}: {message}", constraint_suffix(.constraint))]
    ForeignKeyViolation {
        /// The violated constraint, when the backend names it.
        constraint: Option<String>,
        /// The backend's message.
        message: String,
    },
    /// A NOT NULL constraint rejected the write.
    #[error("not-null violation: {message}")]
    NotNullViolation {
        /// The backend's message.
        message: String,
    },
    /// A CHECK constraint rejected the write.
    #[error("check violation{}: {message}", constraint_suffix(.constraint))]
    CheckViolation {
        /// The violated constraint, when the backend names it.
        constraint: Option<String>,
        /// The backend's message.
        message: String,
    },
    /// The transaction lost a race (serialization failure, deadlock, busy database): running
    /// the whole transaction again is safe.
    #[error("transaction conflict, safe to retry ({code}): {message}")]
    Conflict {
        /// SQLSTATE or backend error code.
        code: String,
        /// The backend's message.
        message: String,
    },
    /// The connection URL is malformed or names an unknown backend.
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// The database could not be reached, or the connection broke.
    #[error("connection error: {0}")]
    Connection(String),
    /// No connection became free within the acquire timeout.
    #[error("timed out waiting for a pooled connection")]
    PoolTimeout,
    /// A runtime column name (a sort key from a request, say) is not a column of the model.
    #[error("{model} has no column named {name:?}")]
    UnknownColumn {
        /// The model (struct) name.
        model: &'static str,
        /// The name that was asked for.
        name: String,
    },
    /// The caller passed something covet refuses before sending anything.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The backend (or this version of it) cannot do what was asked.
    #[error("{feature} is not supported on {backend}")]
    Unsupported {
        /// What was asked for.
        feature: &'static str,
        /// The backend that cannot do it.
        backend: Backend,
    },
    /// A column value could not be turned into its Rust type.
    #[error("cannot decode column {column:?}: {message}")]
    Decode {
        /// The column name.
        column: String,
        /// What went wrong.
        message: String,
    },
    /// Any other error the database reported.
    #[error("database error{}: {message}", code_suffix(.code))]
    Database {
        /// SQLSTATE (PostgreSQL, MariaDB) or extended result code (SQLite).
        code: Option<String>,
        /// The backend's message.
        message: String,
    },
}

fn constraint_suffix(c: &Option<String>) -> String {
    c.as_deref().map(|c| format!(" on {c}")).unwrap_or_default()
}

fn code_suffix(c: &Option<String>) -> String {
    c.as_deref().map(|c| format!(" {c}")).unwrap_or_default()
}

impl Error {
    /// A lookup found no row.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }

    /// A unique or primary-key constraint rejected the write.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Self::UniqueViolation { .. })
    }

    /// A foreign-key constraint rejected the write.
    pub fn is_foreign_key_violation(&self) -> bool {
        matches!(self, Self::ForeignKeyViolation { .. })
    }

    /// A NOT NULL constraint rejected the write.
    pub fn is_not_null_violation(&self) -> bool {
        matches!(self, Self::NotNullViolation { .. })
    }

    /// A CHECK constraint rejected the write.
    pub fn is_check_violation(&self) -> bool {
        matches!(self, Self::CheckViolation { .. })
    }

    /// The database could not be reached or the connection broke.
    pub fn is_connection(&self) -> bool {
        matches!(self, Self::Connection(_) | Self::PoolTimeout)
    }

    /// Running the whole transaction again is safe and may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Conflict { .. })
    }

    /// The constraint named by a constraint violation.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            Self::UniqueViolation { constraint, .. }
            | Self::ForeignKeyViolation { constraint, .. }
            | Self::CheckViolation { constraint, .. } => constraint.as_deref(),
            _ => None,
        }
    }

    /// The backend's SQLSTATE or error code, where there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Conflict { code, .. } => Some(code),
            Self::Database { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}
