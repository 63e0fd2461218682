//! One connection of whichever backend, and how a statement runs on it.

use crate::bind::{mysql_args, pg_args, sqlite_args};
use crate::executor::Done;
use crate::render::Statement;
use crate::{Backend, Result, Row};
use futures_util::TryStreamExt as _;
use sqlx::{AssertSqlSafe, Connection as _, MySqlConnection, PgConnection, SqliteConnection};
use std::borrow::Cow;

/// A sqlx connection to one of the three backends.
pub(crate) enum Conn {
    Postgres(PgConnection),
    MySql(MySqlConnection),
    Sqlite(SqliteConnection),
}

/// What the pool stores: a connection and whether it may be mid-protocol.
pub(crate) struct Managed {
    pub(crate) conn: Conn,
    /// Set while a statement is in flight and cleared when it completes. A connection that
    /// comes back still dirty was abandoned mid-statement (a dropped future) or broke (an I/O
    /// error): it is checked before anyone else gets it.
    pub(crate) dirty: bool,
    /// A transaction was begun and not yet ended on this connection. Set by the transaction
    /// guard; a connection that comes back with it set is rolled back before reuse.
    pub(crate) tx_open: bool,
}

/// Whether an error left the protocol in a known state: the server reported it and the
/// exchange completed, so the connection is as good as before. A server that reports it is
/// closing the session (PostgreSQL's admin shutdown, say) did not leave it usable.
fn completed_cleanly(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => !crate::error_map::ends_session(db.as_ref()),
        sqlx::Error::RowNotFound => true,
        _ => false,
    }
}

/// A statement whose arguments are already encoded for its backend: encoding happens before
/// the connection is touched, so an encoding error never marks a connection dirty.
pub(crate) struct Prepared {
    sql: Cow<'static, str>,
    args: Args,
}

enum Args {
    Postgres(sqlx::postgres::PgArguments),
    MySql(sqlx::mysql::MySqlArguments),
    Sqlite(sqlx::sqlite::SqliteArguments),
}

impl Prepared {
    pub(crate) fn new(backend: Backend, stmt: &Statement) -> Result<Self> {
        let binds = &stmt.binds;
        let args = match backend {
            Backend::Postgres => Args::Postgres(pg_args(binds)?),
            Backend::MySql => Args::MySql(mysql_args(binds)?),
            Backend::Sqlite => Args::Sqlite(sqlite_args(binds)?),
        };
        Ok(Self {
            sql: stmt.sql.clone(),
            args,
        })
    }
}

impl Managed {
    /// Clears the dirty flag when the exchange completed, successfully or with an error the
    /// server reported; anything else leaves the connection to be checked.
    fn settle<T>(&mut self, result: Result<T, sqlx::Error>) -> Result<T> {
        if result.as_ref().is_ok() || result.as_ref().is_err_and(completed_cleanly) {
            self.dirty = false;
        }
        Ok(result?)
    }

    pub(crate) async fn fetch_all(&mut self, p: Prepared) -> Result<Vec<Row>> {
        self.dirty = true;
        let sql = AssertSqlSafe(p.sql);
        let result = match (&mut self.conn, p.args) {
            (Conn::Postgres(c), Args::Postgres(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch(c).map_ok(Row::Postgres).try_collect().await
            }
            (Conn::MySql(c), Args::MySql(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch(c).map_ok(Row::MySql).try_collect().await
            }
            (Conn::Sqlite(c), Args::Sqlite(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch(c).map_ok(Row::Sqlite).try_collect().await
            }
            _ => Err(mismatch()),
        };
        self.settle(result)
    }

    /// Runs `p` and decodes each row as it arrives, so a large result is never held twice
    /// (as rows, then as models). A row that fails to decode does not cut the exchange short:
    /// the rest is read and dropped, so the connection stays clean, and the first error wins.
    pub(crate) async fn fetch_decoded<T>(
        &mut self,
        p: Prepared,
        decode: fn(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.dirty = true;
        let sql = AssertSqlSafe(p.sql);
        let mut out = Vec::new();
        let mut failed = None;
        let mut take = |row: Row| {
            if failed.is_none() {
                match decode(&row) {
                    Ok(v) => out.push(v),
                    Err(e) => failed = Some(e),
                }
            }
            std::future::ready(Ok(()))
        };
        let result = match (&mut self.conn, p.args) {
            (Conn::Postgres(c), Args::Postgres(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch(c).try_for_each(|r| take(Row::Postgres(r))).await
            }
            (Conn::MySql(c), Args::MySql(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch(c).try_for_each(|r| take(Row::MySql(r))).await
            }
            (Conn::Sqlite(c), Args::Sqlite(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch(c).try_for_each(|r| take(Row::Sqlite(r))).await
            }
            _ => Err(mismatch()),
        };
        self.settle(result)?;
        match failed {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    pub(crate) async fn fetch_optional(&mut self, p: Prepared) -> Result<Option<Row>> {
        self.dirty = true;
        let sql = AssertSqlSafe(p.sql);
        let result = match (&mut self.conn, p.args) {
            (Conn::Postgres(c), Args::Postgres(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch_optional(c).await.map(|r| r.map(Row::Postgres))
            }
            (Conn::MySql(c), Args::MySql(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch_optional(c).await.map(|r| r.map(Row::MySql))
            }
            (Conn::Sqlite(c), Args::Sqlite(a)) => {
                let q = sqlx::query_with(sql, a);
                q.fetch_optional(c).await.map(|r| r.map(Row::Sqlite))
            }
            _ => Err(mismatch()),
        };
        self.settle(result)
    }

    pub(crate) async fn execute(&mut self, p: Prepared) -> Result<Done> {
        self.dirty = true;
        let sql = AssertSqlSafe(p.sql);
        let result = match (&mut self.conn, p.args) {
            (Conn::Postgres(c), Args::Postgres(a)) => sqlx::query_with(sql, a)
                .execute(c)
                .await
                .map(|r| Done::new(r.rows_affected(), None)),
            (Conn::MySql(c), Args::MySql(a)) => sqlx::query_with(sql, a)
                .execute(c)
                .await
                .map(|r| Done::new(r.rows_affected(), i64::try_from(r.last_insert_id()).ok())),
            (Conn::Sqlite(c), Args::Sqlite(a)) => sqlx::query_with(sql, a)
                .execute(c)
                .await
                .map(|r| Done::new(r.rows_affected(), Some(r.last_insert_rowid()))),
            _ => Err(mismatch()),
        };
        self.settle(result)
    }

    /// Runs a statement and sends its rows to `out` one at a time as they arrive, so memory
    /// holds a bounded number of rows whatever the result size; returns rows sent. When the
    /// receiver goes away the statement is abandoned and the connection stays dirty, to be
    /// checked before reuse.
    pub(crate) async fn send_rows(
        &mut self,
        p: Prepared,
        out: &tokio::sync::mpsc::Sender<Result<Row>>,
    ) -> Result<u64> {
        self.dirty = true;
        let sql = AssertSqlSafe(p.sql);
        let mut sent = 0_u64;
        macro_rules! pump {
            ($c:expr, $a:expr, $wrap:path) => {{
                let mut rows = sqlx::query_with(sql, $a).fetch($c);
                loop {
                    match rows.try_next().await {
                        Ok(Some(row)) => {
                            if out.send(Ok($wrap(row))).await.is_err() {
                                // Abandoned mid-result: the connection stays dirty.
                                return Ok(sent);
                            }
                            sent += 1;
                        }
                        Ok(None) => break Ok(()),
                        Err(e) => break Err(e),
                    }
                }
            }};
        }
        let result: Result<(), sqlx::Error> = match (&mut self.conn, p.args) {
            (Conn::Postgres(c), Args::Postgres(a)) => pump!(c, a, Row::Postgres),
            (Conn::MySql(c), Args::MySql(a)) => pump!(c, a, Row::MySql),
            (Conn::Sqlite(c), Args::Sqlite(a)) => pump!(c, a, Row::Sqlite),
            _ => Err(mismatch()),
        };
        self.settle(result).map(|()| sent)
    }

    /// PostgreSQL's `COPY ... FROM STDIN` (the statement's text, from covet's writer) fed with
    /// `data`; returns rows copied. A failure while sending ends the COPY with `CopyFail`, so
    /// the server rolls the statement back and the connection stays in step.
    pub(crate) async fn copy_in(&mut self, p: Prepared, data: Vec<Vec<u8>>) -> Result<u64> {
        self.dirty = true;
        let result = match &mut self.conn {
            Conn::Postgres(c) => copy_in(c, &p.sql, data).await,
            _ => Err(sqlx::Error::Protocol("COPY is PostgreSQL's".into())),
        };
        self.settle(result)
    }

    /// Runs transaction-control text (`BEGIN`, `COMMIT`, `SAVEPOINT ...`) with the simple
    /// protocol, since MySQL cannot prepare every one of them. The text comes from
    /// `covet_sql::transaction`, never from a caller.
    pub(crate) async fn execute_control(&mut self, sql: String) -> Result<()> {
        self.dirty = true;
        let sql = sqlx::raw_sql(AssertSqlSafe(sql));
        let result = match &mut self.conn {
            Conn::Postgres(c) => sql.execute(c).await.map(drop),
            Conn::MySql(c) => sql.execute(c).await.map(drop),
            Conn::Sqlite(c) => sql.execute(c).await.map(drop),
        };
        self.settle(result)
    }

    /// A round trip that also drains whatever an abandoned statement left unread.
    pub(crate) async fn ping(&mut self) -> Result<(), sqlx::Error> {
        match &mut self.conn {
            Conn::Postgres(c) => c.ping().await,
            Conn::MySql(c) => c.ping().await,
            Conn::Sqlite(c) => c.ping().await,
        }
    }

    /// Closes the connection politely (a Terminate message rather than a dropped socket).
    pub(crate) async fn close(self) {
        let _ = match self.conn {
            Conn::Postgres(c) => c.close().await,
            Conn::MySql(c) => c.close().await,
            Conn::Sqlite(c) => c.close().await,
        };
    }
}

async fn copy_in(c: &mut PgConnection, sql: &str, data: Vec<Vec<u8>>) -> Result<u64, sqlx::Error> {
    let mut copy = c.copy_in_raw(sql).await?;
    for chunk in data {
        if let Err(e) = copy.send(chunk).await {
            // The send failed on the wire: the connection is suspect either way.
            let _ = copy.abort("covet: sending COPY data failed").await;
            return Err(e);
        }
    }
    copy.finish().await
}

/// A statement prepared for one backend reached a connection of another: impossible, since a
/// pool holds one backend, but an error rather than a panic all the same.
fn mismatch() -> sqlx::Error {
    sqlx::Error::Protocol("statement prepared for another backend".into())
}
