//! [`Db`]: a handle to one database, whichever backend its URL names.

mod connect;
mod url;

pub use connect::DbOptions;

use crate::bind::{mysql_args, pg_args, sqlite_args};
use crate::executor::{Done, Executor};
use crate::render::Statement;
use crate::{Backend, Result, Row};
use futures_util::TryStreamExt as _;
use sqlx::{AssertSqlSafe, MySqlPool, PgPool, SqlitePool};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What the connected server can do, found out at connect time.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// `INSERT ... RETURNING` (PostgreSQL, SQLite ≥ 3.35, MariaDB ≥ 10.5; not MySQL).
    pub insert_returning: bool,
    /// The server's version string.
    pub server_version: String,
}

pub(crate) enum Pool {
    Postgres(PgPool),
    MySql(MySqlPool),
    Sqlite(SqlitePool),
}

struct Inner {
    pool: Pool,
    backend: Backend,
    capabilities: Capabilities,
    /// The URL with its password replaced, for `Debug`.
    redacted_url: String,
    /// Statements sent through this handle (and its clones), for tests and N+1 checks.
    statements: AtomicU64,
}

/// A handle to a database and its connection pool. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.inner.backend)
            .field("url", &self.inner.redacted_url)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Connects to the database named by `url`: `sqlite:` (e.g. `sqlite::memory:` or
    /// `sqlite://app.db?mode=rwc`), `postgres:`/`postgresql:`, or `mysql:`/`mariadb:`.
    pub async fn connect(url: &str) -> Result<Db> {
        DbOptions::new(url).connect().await
    }

    /// The backend this handle talks to.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// What the server can do.
    pub fn capabilities(&self) -> &Capabilities {
        &self.inner.capabilities
    }

    /// How many statements this handle (and its clones) has sent to the database.
    pub fn statement_count(&self) -> u64 {
        self.inner.statements.load(Ordering::Relaxed)
    }

    fn count_statement(&self) {
        self.inner.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        match &self.inner.pool {
            Pool::Postgres(p) => p.close().await,
            Pool::MySql(p) => p.close().await,
            Pool::Sqlite(p) => p.close().await,
        }
    }
}

impl Executor for Db {
    fn backend(&self) -> Backend {
        self.inner.backend
    }

    fn capabilities(&self) -> &Capabilities {
        &self.inner.capabilities
    }

    async fn fetch_all(&self, stmt: Statement) -> Result<Vec<Row>> {
        self.count_statement();
        let Statement { sql, binds } = stmt;
        let sql = AssertSqlSafe(sql);
        let rows = match &self.inner.pool {
            Pool::Postgres(pool) => {
                let q = sqlx::query_with(sql, pg_args(binds)?);
                q.fetch(pool).map_ok(Row::Postgres).try_collect().await?
            }
            Pool::MySql(pool) => {
                let q = sqlx::query_with(sql, mysql_args(binds)?);
                q.fetch(pool).map_ok(Row::MySql).try_collect().await?
            }
            Pool::Sqlite(pool) => {
                let q = sqlx::query_with(sql, sqlite_args(binds)?);
                q.fetch(pool).map_ok(Row::Sqlite).try_collect().await?
            }
        };
        Ok(rows)
    }

    async fn fetch_optional(&self, stmt: Statement) -> Result<Option<Row>> {
        self.count_statement();
        let Statement { sql, binds } = stmt;
        let sql = AssertSqlSafe(sql);
        let row = match &self.inner.pool {
            Pool::Postgres(pool) => {
                let q = sqlx::query_with(sql, pg_args(binds)?);
                q.fetch_optional(pool).await?.map(Row::Postgres)
            }
            Pool::MySql(pool) => {
                let q = sqlx::query_with(sql, mysql_args(binds)?);
                q.fetch_optional(pool).await?.map(Row::MySql)
            }
            Pool::Sqlite(pool) => {
                let q = sqlx::query_with(sql, sqlite_args(binds)?);
                q.fetch_optional(pool).await?.map(Row::Sqlite)
            }
        };
        Ok(row)
    }

    async fn execute(&self, stmt: Statement) -> Result<Done> {
        self.count_statement();
        let Statement { sql, binds } = stmt;
        let sql = AssertSqlSafe(sql);
        let done = match &self.inner.pool {
            Pool::Postgres(pool) => {
                let r = sqlx::query_with(sql, pg_args(binds)?).execute(pool).await?;
                Done::new(r.rows_affected(), None)
            }
            Pool::MySql(pool) => {
                let r = sqlx::query_with(sql, mysql_args(binds)?)
                    .execute(pool)
                    .await?;
                Done::new(r.rows_affected(), i64::try_from(r.last_insert_id()).ok())
            }
            Pool::Sqlite(pool) => {
                let r = sqlx::query_with(sql, sqlite_args(binds)?)
                    .execute(pool)
                    .await?;
                Done::new(r.rows_affected(), Some(r.last_insert_rowid()))
            }
        };
        Ok(done)
    }
}
