//! The one error type of covet, with a classification users can match on.

use covet_sql::Backend;

/// The kinds of [`Error::Conflict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConflictKind {
    /// A serializable transaction could not be ordered (PostgreSQL 40001).
    Serialization,
    /// Two transactions waited for each other (PostgreSQL 40P01, MariaDB 1213).
    Deadlock,
    /// A lock could not be had in time (PostgreSQL 55P03, MariaDB 1205).
    LockTimeout,
    /// The database file is busy or a table is locked (SQLite BUSY, LOCKED).
    Busy,
}

impl std::fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Serialization => "serialization failure",
            Self::Deadlock => "deadlock",
            Self::LockTimeout => "lock wait timeout",
            Self::Busy => "database busy",
        })
    }
}

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
    /// The transaction lost a race with another one (serialization failure, deadlock, lock
    /// wait timeout, busy database): running the whole transaction again is safe.
    #[error("{kind} ({code}), safe to retry the transaction: {message}")]
    Conflict {
        /// Which race.
        kind: ConflictKind,
        /// SQLSTATE or backend error code.
        code: String,
        /// The backend's message.
        message: String,
    },
    /// The server refused a new connection: it has too many.
    #[error("too many connections: {message}")]
    TooManyConnections {
        /// The backend's message.
        message: String,
    },
    /// A write was refused because the transaction or the server is read-only.
    #[error("read-only: {message}")]
    ReadOnly {
        /// The backend's message.
        message: String,
    },
    /// An N+1 detector set to fail refused a statement that ran too often in its scope.
    #[error("the same statement ran {count} times in one scope (an N+1 query?): {statement}")]
    RepeatedStatement {
        /// The statement text.
        statement: String,
        /// How often it ran, this time included.
        count: u32,
    },
    /// The connection was lost while `COMMIT` was in flight: the transaction may or may not
    /// have been committed. covet never retries this; check the data before acting.
    #[error("commit outcome unknown: {0}")]
    CommitOutcomeUnknown(String),
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
    /// One or more fields broke their `#[covet(...)]` validation rules; nothing was sent.
    #[error("{0}")]
    Validation(crate::validate::ValidationErrors),
    /// An update of a versioned model matched no row at the version it was read at: another
    /// writer changed (or deleted) the row since. Nothing was written.
    #[error(
        "stale {model} row: it was changed or deleted since it was read (optimistic lock on its version)"
    )]
    StaleVersion {
        /// The model (struct) name.
        model: &'static str,
    },
    /// A relation field was read but the query did not load that relation; covet never
    /// loads one behind the caller's back.
    #[error(
        "{relation} relation not loaded: add it to the query with `.with(Model::RELATION)` or call `load(&mut rows, Model::RELATION, &db)`"
    )]
    NotLoaded {
        /// The kind of the relation (`has_many`, `belongs_to`, ...).
        relation: &'static str,
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

    /// The database could not be reached, the connection broke, or no pooled connection
    /// became free in time.
    pub fn is_connection(&self) -> bool {
        matches!(
            self,
            Self::Connection(_) | Self::PoolTimeout | Self::TooManyConnections { .. }
        )
    }

    /// Running the whole transaction again is safe and may succeed: a serialization failure,
    /// a deadlock, a lock wait timeout or a busy database. Never a commit whose outcome is
    /// unknown.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Conflict { .. })
    }

    fn conflict_kind(&self) -> Option<ConflictKind> {
        match self {
            Self::Conflict { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// A serializable transaction could not be ordered.
    pub fn is_serialization_failure(&self) -> bool {
        self.conflict_kind() == Some(ConflictKind::Serialization)
    }

    /// Two transactions waited for each other.
    pub fn is_deadlock(&self) -> bool {
        self.conflict_kind() == Some(ConflictKind::Deadlock)
    }

    /// A lock could not be had in time.
    pub fn is_lock_timeout(&self) -> bool {
        self.conflict_kind() == Some(ConflictKind::LockTimeout)
    }

    /// SQLite's database was busy or locked.
    pub fn is_busy(&self) -> bool {
        self.conflict_kind() == Some(ConflictKind::Busy)
    }

    /// The server refused a connection because it has too many.
    pub fn is_too_many_connections(&self) -> bool {
        matches!(self, Self::TooManyConnections { .. })
    }

    /// A write was refused as read-only.
    pub fn is_read_only(&self) -> bool {
        matches!(self, Self::ReadOnly { .. })
    }

    /// Fields failed validation; see [`Error::validation_errors`].
    pub fn is_validation(&self) -> bool {
        matches!(self, Self::Validation(_))
    }

    /// Every failing field of a validation error.
    pub fn validation_errors(&self) -> &[crate::validate::FieldError] {
        match self {
            Self::Validation(v) => &v.errors,
            _ => &[],
        }
    }

    /// covet refused an input before sending anything (a malformed value, an unknown
    /// operator, a conflict target that is not a unique key, ...).
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Self::InvalidInput(_))
    }

    /// A runtime column name is not a column of the model.
    pub fn is_unknown_column(&self) -> bool {
        matches!(self, Self::UnknownColumn { .. })
    }

    /// An optimistic-lock conflict: the row changed since it was read.
    pub fn is_stale(&self) -> bool {
        matches!(self, Self::StaleVersion { .. })
    }

    /// A relation was read that the query did not load.
    pub fn is_not_loaded(&self) -> bool {
        matches!(self, Self::NotLoaded { .. })
    }

    /// The connection was lost during `COMMIT`.
    pub fn is_commit_outcome_unknown(&self) -> bool {
        matches!(self, Self::CommitOutcomeUnknown(_))
    }

    /// A short, stable name of the error's class, used as the `class` label of the
    /// `covet_errors_total` metric.
    pub fn class(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::TooManyRows { .. } => "too_many_rows",
            Self::UniqueViolation { .. } => "unique_violation",
            Self::ForeignKeyViolation { .. } => "foreign_key_violation",
            Self::NotNullViolation { .. } => "not_null_violation",
            Self::CheckViolation { .. } => "check_violation",
            Self::Conflict { kind, .. } => match kind {
                ConflictKind::Serialization => "serialization_failure",
                ConflictKind::Deadlock => "deadlock",
                ConflictKind::LockTimeout => "lock_timeout",
                ConflictKind::Busy => "busy",
            },
            Self::TooManyConnections { .. } => "too_many_connections",
            Self::ReadOnly { .. } => "read_only",
            Self::CommitOutcomeUnknown(_) => "commit_outcome_unknown",
            Self::RepeatedStatement { .. } => "repeated_statement",
            Self::InvalidUrl(_) => "invalid_url",
            Self::Connection(_) => "connection",
            Self::PoolTimeout => "pool_timeout",
            Self::UnknownColumn { .. } => "unknown_column",
            Self::Validation(_) => "validation",
            Self::StaleVersion { .. } => "stale_version",
            Self::NotLoaded { .. } => "not_loaded",
            Self::InvalidInput(_) => "invalid_input",
            Self::Unsupported { .. } => "unsupported",
            Self::Decode { .. } => "decode",
            Self::Database { .. } => "database",
        }
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
