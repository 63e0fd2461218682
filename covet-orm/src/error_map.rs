//! Classifies sqlx's errors into [`Error`]. Which codes mean "retry" is backend knowledge that
//! lives here, once.

use crate::Error;
use sqlx::error::{DatabaseError, ErrorKind};

/// PostgreSQL SQLSTATEs after which the whole transaction may be run again.
const PG_RETRYABLE: &[&str] = &["40001", "40P01"];
/// MariaDB/MySQL error numbers likewise: deadlock (1213). Lock wait timeout (1205) rolls back
/// only the statement, so it is not listed: the transaction must be rolled back first.
const MYSQL_RETRYABLE: &[&str] = &["1213"];
/// SQLite primary result codes (the low byte of the extended code): BUSY, LOCKED.
const SQLITE_RETRYABLE: &[i64] = &[5, 6];

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

/// PostgreSQL SQLSTATEs that end the session: admin shutdown, crash shutdown, cannot connect
/// now (and class 08, connection exception, below).
const PG_SESSION_ENDED: &[&str] = &["57P01", "57P02", "57P03"];
/// MySQL/MariaDB: server shutdown, connection killed, server gone away, lost connection.
const MYSQL_SESSION_ENDED: &[u16] = &[1053, 1927, 2006, 2013];

/// Whether the server reported that this session is over: the connection cannot be reused
/// and the error means "connection lost", not a failed statement.
pub(crate) fn ends_session(db: &dyn DatabaseError) -> bool {
    if let Some(m) = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        return MYSQL_SESSION_ENDED.contains(&m.number());
    }
    if db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        let code = db.code().unwrap_or_default();
        return code.starts_with("08") || PG_SESSION_ENDED.contains(&code.as_ref());
    }
    false
}

fn classify(db: &dyn DatabaseError) -> Error {
    let message = db.message().to_owned();
    if ends_session(db) {
        let code = db.code().unwrap_or_default();
        return Error::Connection(format!("the server ended the session ({code}): {message}"));
    }
    if let Some(e) = sqlite_constraint(db, &message) {
        return e;
    }
    let mysql = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>();
    let constraint = db
        .constraint()
        .map(str::to_owned)
        .or_else(|| mysql.and_then(|_| mysql_key_name(&message)));
    match db.kind() {
        ErrorKind::UniqueViolation => {
            return Error::UniqueViolation {
                constraint,
                message,
            };
        }
        ErrorKind::ForeignKeyViolation => {
            return Error::ForeignKeyViolation {
                constraint,
                message,
            };
        }
        ErrorKind::NotNullViolation => return Error::NotNullViolation { message },
        ErrorKind::CheckViolation => {
            return Error::CheckViolation {
                constraint,
                message,
            };
        }
        _ => {}
    }
    let sqlite = db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some();
    // MySQL's SQLSTATE is a coarse category; its error number is the precise code.
    let code = match mysql {
        Some(m) => Some(m.number().to_string()),
        None => db.code().map(|c| c.into_owned()),
    };
    let retryable = code.as_deref().is_some_and(|c| match (mysql, sqlite) {
        (Some(_), _) => MYSQL_RETRYABLE.contains(&c),
        // SQLite reports its extended result code as a decimal string.
        (None, true) => c
            .parse::<i64>()
            .is_ok_and(|n| SQLITE_RETRYABLE.contains(&(n & 0xff))),
        (None, false) => PG_RETRYABLE.contains(&c),
    });
    match code {
        Some(code) if retryable => Error::Conflict { code, message },
        code => Error::Database { code, message },
    }
}

/// MySQL names the violated key only in the message: "... for key 'albums_title_key'"
/// (MariaDB may prefix it with the table name).
fn mysql_key_name(message: &str) -> Option<String> {
    let rest = message.rsplit_once("for key '")?.1;
    let name = rest.strip_suffix('\'')?;
    Some(name.rsplit('.').next().unwrap_or(name).to_owned())
}

/// SQLite reports `ON DELETE RESTRICT` as a trigger constraint (extended code 1811), which
/// sqlx does not recognise as a foreign-key violation.
fn sqlite_constraint(db: &dyn DatabaseError, message: &str) -> Option<Error> {
    const SQLITE_CONSTRAINT_TRIGGER: &str = "1811";
    db.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
    let is_fk = db.code().as_deref() == Some(SQLITE_CONSTRAINT_TRIGGER)
        && message.starts_with("FOREIGN KEY constraint failed");
    is_fk.then(|| Error::ForeignKeyViolation {
        constraint: None,
        message: message.to_owned(),
    })
}
