//! Classifies sqlx's errors into [`Error`]. Which code means what is backend knowledge that
//! lives here, once, as one table per backend.

use crate::Error;
use crate::error::ConflictKind;
use sqlx::error::DatabaseError;
use sqlx::mysql::MySqlDatabaseError;
use sqlx::postgres::PgDatabaseError;
use sqlx::sqlite::SqliteError;

/// What a backend error code means to covet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Unique,
    ForeignKey,
    NotNull,
    Check,
    Conflict(ConflictKind),
    TooManyConnections,
    ReadOnly,
    /// The server ended the session: the connection is gone.
    SessionEnded,
    Other,
}

/// PostgreSQL SQLSTATEs.
fn postgres(code: &str) -> Class {
    match code {
        "23505" => Class::Unique,
        "23503" => Class::ForeignKey,
        "23502" => Class::NotNull,
        "23514" => Class::Check,
        "40001" => Class::Conflict(ConflictKind::Serialization),
        "40P01" => Class::Conflict(ConflictKind::Deadlock),
        "55P03" => Class::Conflict(ConflictKind::LockTimeout),
        "53300" => Class::TooManyConnections,
        "25006" => Class::ReadOnly,
        // Admin shutdown, crash shutdown, cannot connect now, and class 08 (connection).
        "57P01" | "57P02" | "57P03" => Class::SessionEnded,
        c if c.starts_with("08") => Class::SessionEnded,
        _ => Class::Other,
    }
}

/// MySQL/MariaDB error numbers (their SQLSTATEs are too coarse to tell these apart).
fn mysql(number: u16) -> Class {
    match number {
        1022 | 1062 | 1586 => Class::Unique,
        1216 | 1217 | 1451 | 1452 => Class::ForeignKey,
        1048 | 1364 => Class::NotNull,
        3819 | 4025 => Class::Check,
        1213 => Class::Conflict(ConflictKind::Deadlock),
        // 1205 rolls back only the statement, not the transaction: covet's retry rolls the
        // whole transaction back before running it again, which makes retrying safe.
        1205 => Class::Conflict(ConflictKind::LockTimeout),
        1040 => Class::TooManyConnections,
        1290 | 1792 => Class::ReadOnly,
        1053 | 1927 | 2006 | 2013 => Class::SessionEnded,
        _ => Class::Other,
    }
}

/// SQLite extended result codes.
fn sqlite(code: i64, message: &str) -> Class {
    match code {
        2067 | 1555 => Class::Unique,
        787 => Class::ForeignKey,
        // `ON DELETE RESTRICT` is reported as a trigger constraint.
        1811 if message.starts_with("FOREIGN KEY constraint failed") => Class::ForeignKey,
        1299 => Class::NotNull,
        275 => Class::Check,
        c => match c & 0xff {
            5 | 6 => Class::Conflict(ConflictKind::Busy),
            8 => Class::ReadOnly,
            _ => Class::Other,
        },
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::Database(db) => classify(db.as_ref()),
            sqlx::Error::RowNotFound => Error::NotFound { model: "requested" },
            sqlx::Error::PoolTimedOut => Error::PoolTimeout,
            sqlx::Error::Configuration(m) => Error::InvalidUrl(m.to_string()),
            sqlx::Error::ColumnDecode { index, source } => Error::Decode {
                column: index,
                message: source.to_string(),
            },
            sqlx::Error::Decode(source) => Error::Decode {
                column: String::from("?"),
                message: source.to_string(),
            },
            e @ (sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed) => Error::Connection(e.to_string()),
            other => Error::Database {
                code: None,
                message: other.to_string(),
            },
        }
    }
}

/// The backend's own code and what it means.
fn code_and_class(db: &dyn DatabaseError) -> (Option<String>, Class) {
    if let Some(m) = db.try_downcast_ref::<MySqlDatabaseError>() {
        return (Some(m.number().to_string()), mysql(m.number()));
    }
    let code = db.code().map(|c| c.into_owned());
    let class = if db.try_downcast_ref::<PgDatabaseError>().is_some() {
        code.as_deref().map_or(Class::Other, postgres)
    } else if db.try_downcast_ref::<SqliteError>().is_some() {
        let n = code.as_deref().and_then(|c| c.parse().ok()).unwrap_or(0);
        sqlite(n, db.message())
    } else {
        Class::Other
    };
    (code, class)
}

/// Whether the server reported that this session is over: the connection cannot be reused.
pub(crate) fn ends_session(db: &dyn DatabaseError) -> bool {
    code_and_class(db).1 == Class::SessionEnded
}

fn classify(db: &dyn DatabaseError) -> Error {
    let message = db.message().to_owned();
    let (code, class) = code_and_class(db);
    let constraint = || {
        db.constraint()
            .map(str::to_owned)
            .or_else(|| mysql_constraint_name(&message))
            .or_else(|| sqlite_check_name(&message))
    };
    match class {
        Class::Unique => Error::UniqueViolation {
            constraint: constraint(),
            message,
        },
        Class::ForeignKey => Error::ForeignKeyViolation {
            constraint: constraint(),
            message,
        },
        Class::NotNull => Error::NotNullViolation { message },
        Class::Check => Error::CheckViolation {
            constraint: constraint(),
            message,
        },
        Class::Conflict(kind) => Error::Conflict {
            kind,
            code: code.unwrap_or_default(),
            message,
        },
        Class::TooManyConnections => Error::TooManyConnections { message },
        Class::ReadOnly => Error::ReadOnly { message },
        Class::SessionEnded => Error::Connection(format!(
            "the server ended the session ({}): {message}",
            code.unwrap_or_default()
        )),
        Class::Other => Error::Database { code, message },
    }
}

/// MySQL names the constraint only in the message: "... for key 'albums_title_key'" (MariaDB
/// may prefix the table), "CONSTRAINT `children_parent_id_fkey` FOREIGN KEY ...",
/// "CONSTRAINT `price_positive` failed for ...".
fn mysql_constraint_name(message: &str) -> Option<String> {
    if let Some((_, rest)) = message.rsplit_once("for key '") {
        let name = rest.strip_suffix('\'')?;
        return Some(name.rsplit('.').next().unwrap_or(name).to_owned());
    }
    let (_, rest) = message.split_once("CONSTRAINT `")?;
    let (name, _) = rest.split_once('`')?;
    Some(name.to_owned())
}

/// SQLite names a failed CHECK in its message: "CHECK constraint failed: qty_positive".
fn sqlite_check_name(message: &str) -> Option<String> {
    let name = message.strip_prefix("CHECK constraint failed: ")?;
    ident_like(name).then(|| name.to_owned())
}

fn ident_like(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_constraint_names() {
        let dup = "Duplicate entry 'x' for key 'artists.artists_name_key'";
        assert_eq!(
            mysql_constraint_name(dup).as_deref(),
            Some("artists_name_key")
        );
        let fk = "Cannot add or update a child row: a foreign key constraint fails (`db`.`children`, CONSTRAINT `children_parent_id_fkey` FOREIGN KEY (`parent_id`) REFERENCES `parents` (`id`))";
        assert_eq!(
            mysql_constraint_name(fk).as_deref(),
            Some("children_parent_id_fkey")
        );
        let check = "CONSTRAINT `price_positive` failed for `db`.`items`";
        assert_eq!(
            mysql_constraint_name(check).as_deref(),
            Some("price_positive")
        );
    }

    #[test]
    fn retryable_codes_per_backend() {
        assert_eq!(
            postgres("40001"),
            Class::Conflict(ConflictKind::Serialization)
        );
        assert_eq!(mysql(1213), Class::Conflict(ConflictKind::Deadlock));
        assert_eq!(sqlite(5, ""), Class::Conflict(ConflictKind::Busy));
        assert_eq!(sqlite(517, ""), Class::Conflict(ConflictKind::Busy));
        // SQLite's 22021 would be BUSY by its low byte; PostgreSQL's 22021 is not a conflict.
        assert_eq!(postgres("22021"), Class::Other);
    }
}
