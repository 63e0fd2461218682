//! The runner's one connection: a small driver contract over sqlx's three connection types.
//!
//! The runner needs a lock and a transaction on the same session, so it holds one connection
//! of its own instead of going through a pool. Every text it sends is either written by
//! [`covet_sql::SqlWriter`] or read from a migration file.

use covet_sql::Backend;
use sqlx::mysql::MySqlConnectOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{
    AssertSqlSafe, ConnectOptions as _, Connection as _, MySqlConnection, PgConnection, Row as _,
    SqliteConnection,
};
use std::str::FromStr as _;
use std::time::Duration;

pub(crate) type DbResult<T> = Result<T, sqlx::Error>;

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
    Bool(bool),
}

pub(crate) enum Conn {
    Pg(PgConnection),
    My(MySqlConnection),
    Lite(SqliteConnection),
}

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Text(s) => q.bind(s.clone()),
                Arg::Int(n) => q.bind(*n),
                Arg::Bool(b) => q.bind(*b),
            };
        }
        q
    }};
}

macro_rules! each {
    ($self:expr, $c:ident => $body:expr) => {
        match $self {
            Conn::Pg($c) => $body,
            Conn::My($c) => $body,
            Conn::Lite($c) => $body,
        }
    };
}

/// One row's columns as text.
pub(crate) type Cells = Vec<Option<String>>;

/// Column `i` as text, whatever its type: catalogs report names as text, numbers as integers
/// of various widths, and MariaDB some text as binary strings.
fn cell<R>(r: &R, i: usize) -> Option<String>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<f64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<Vec<u8>>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    if let Ok(v) = r.try_get::<Option<String>, _>(i) {
        return v;
    }
    if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
        return v.map(|n| n.to_string());
    }
    if let Ok(v) = r.try_get::<Option<f64>, _>(i) {
        return v.map(|n| n.to_string());
    }
    r.try_get::<Option<Vec<u8>>, _>(i)
        .ok()
        .flatten()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// One history row, as the runner reads it.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) id: String,
    pub(crate) checksum: String,
    pub(crate) applied_at_ms: i64,
    pub(crate) duration_ms: i64,
    pub(crate) dirty: bool,
    pub(crate) statements_done: i64,
}

impl Conn {
    /// Connects to `url`; on SQLite a busy connection waits up to `busy` for the write lock.
    pub(crate) async fn open(backend: Backend, url: &str, busy: Duration) -> DbResult<Self> {
        Ok(match backend {
            Backend::Postgres => Self::Pg(
                PgConnectOptions::from_str(url)?
                    .disable_statement_logging()
                    .connect()
                    .await?,
            ),
            Backend::MySql => Self::My(
                MySqlConnectOptions::from_str(url)?
                    .disable_statement_logging()
                    .connect()
                    .await?,
            ),
            Backend::Sqlite => Self::Lite(
                SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .busy_timeout(busy)
                    .disable_statement_logging()
                    .connect()
                    .await?,
            ),
        })
    }

    /// Takes over a session a covet handle opened; on SQLite a busy connection waits up to
    /// `busy` for the write lock.
    pub(crate) async fn from_session(
        session: covet_orm::SessionConnection,
        busy: Duration,
    ) -> DbResult<Self> {
        let mut conn = match session {
            covet_orm::SessionConnection::Postgres(c) => Self::Pg(c),
            covet_orm::SessionConnection::MySql(c) => Self::My(c),
            covet_orm::SessionConnection::Sqlite(c) => Self::Lite(c),
            _ => return Err(sqlx::Error::Configuration("unknown backend".into())),
        };
        if let Self::Lite(_) = conn {
            let mut w = covet_sql::SqlWriter::new(Backend::Sqlite);
            w.sql("PRAGMA busy_timeout = ");
            w.number(u64::try_from(busy.as_millis()).unwrap_or(u64::MAX));
            conn.exec(&w.finish()).await?;
        }
        Ok(conn)
    }

    /// Runs one statement of text (a migration's, or one the writer produced) with no values.
    pub(crate) async fn exec(&mut self, sql: &str) -> DbResult<()> {
        let sql = AssertSqlSafe(sql.to_owned());
        each!(self, c => sqlx::raw_sql(sql).execute(c).await.map(drop))
    }

    /// Runs one statement written by the writer with `args` bound; returns the rows affected.
    pub(crate) async fn exec_with(&mut self, sql: String, args: &[Arg]) -> DbResult<u64> {
        let sql = AssertSqlSafe(sql);
        each!(self, c => bind_all!(sqlx::query(sql), args).execute(c).await.map(|r| r.rows_affected()))
    }

    /// The first column of the first row, as an integer (`None` for no row or NULL).
    pub(crate) async fn scalar_i64(&mut self, sql: String, args: &[Arg]) -> DbResult<Option<i64>> {
        let sql = AssertSqlSafe(sql);
        each!(self, c => {
            let row = bind_all!(sqlx::query(sql), args).fetch_optional(c).await?;
            row.map(|r| r.try_get::<Option<i64>, _>(0)).transpose().map(Option::flatten)
        })
    }

    /// The first column of every row, as text.
    pub(crate) async fn texts(&mut self, sql: String, args: &[Arg]) -> DbResult<Vec<String>> {
        let sql = AssertSqlSafe(sql);
        each!(self, c => {
            let rows = bind_all!(sqlx::query(sql), args).fetch_all(c).await?;
            rows.iter().map(|r| r.try_get::<String, _>(0)).collect()
        })
    }

    /// Every row, each column as text (NULL as `None`): what introspection reads.
    pub(crate) async fn text_rows(&mut self, sql: String, args: &[Arg]) -> DbResult<Vec<Cells>> {
        let sql = AssertSqlSafe(sql);
        each!(self, c => {
            let rows = bind_all!(sqlx::query(sql), args).fetch_all(c).await?;
            Ok(rows.iter().map(|r| (0..r.len()).map(|i| cell(r, i)).collect()).collect())
        })
    }

    /// How many rows a statement returns (`PRAGMA foreign_key_check`).
    pub(crate) async fn count_rows(&mut self, sql: String) -> DbResult<usize> {
        let sql = AssertSqlSafe(sql);
        each!(self, c => sqlx::query(sql).fetch_all(c).await.map(|r| r.len()))
    }

    /// History rows, from the writer's `SELECT`.
    pub(crate) async fn history(&mut self, sql: String) -> DbResult<Vec<Row>> {
        let sql = AssertSqlSafe(sql);
        each!(self, c => {
            let rows = sqlx::query(sql).fetch_all(c).await?;
            rows.iter()
                .map(|r| {
                    Ok(Row {
                        id: r.try_get(0)?,
                        checksum: r.try_get(1)?,
                        applied_at_ms: r.try_get(2)?,
                        duration_ms: r.try_get(3)?,
                        dirty: r.try_get(4)?,
                        statements_done: r.try_get(5)?,
                    })
                })
                .collect()
        })
    }

    /// Closes the connection cleanly.
    pub(crate) async fn close(self) {
        let _ = each!(self, c => c.close().await);
    }
}
