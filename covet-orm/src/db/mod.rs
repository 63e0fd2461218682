//! [`Db`]: a handle to one database, whichever backend its URL names.

mod connect;
mod session;
mod stream;
mod url;

pub use connect::DbOptions;
pub use session::SessionConnection;
pub use stream::RowStream;

use crate::executor::{Done, Executor};
use crate::observe::{self, Observation};
use crate::pool::{Managed, Pool, PoolStatus, Prepared};
use crate::render::Statement;
use crate::{Backend, Error, Result, Row};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::Instrument as _;

/// What the connected server can do, found out at connect time.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// `INSERT ... RETURNING` (PostgreSQL, SQLite ≥ 3.35, MariaDB ≥ 10.5; not MySQL).
    pub insert_returning: bool,
    /// The server's version string.
    pub server_version: String,
}

struct Inner {
    pool: Arc<Pool>,
    backend: Backend,
    capabilities: Capabilities,
    /// The URL with its password replaced, for `Debug`.
    redacted_url: String,
    /// Statements sent through this handle (and its clones), for tests and N+1 checks.
    statements: AtomicU64,
    /// For an in-memory SQLite database, a connection that keeps it alive.
    _anchor: Option<std::sync::Mutex<sqlx::SqliteConnection>>,
    /// Statements slower than this log a warning.
    slow_statement: Option<std::time::Duration>,
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

    /// Checks out a connection for a transaction to keep.
    pub(crate) async fn acquire_for_transaction(&self) -> Result<crate::pool::Lease> {
        self.inner.pool.acquire(None).await
    }

    pub(crate) fn count_statement(&self) {
        self.inner.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// Checks a connection out and back in with a round trip: a health check.
    pub async fn ping(&self) -> Result<()> {
        self.inner.pool.acquire(None).await?.ping().await
    }

    /// The pool's current state.
    pub fn pool_status(&self) -> PoolStatus {
        self.inner.pool.status()
    }

    /// Closes the pool: connections close as they are returned, and further use fails.
    pub async fn close(&self) {
        self.inner.pool.close();
    }
}

impl Db {
    /// Runs a statement that returns rows. A read-only statement that finds its connection
    /// dead (closed by the server while idle, say) runs again on another connection, up to
    /// once per pooled connection: repeating a read is harmless, so a server that drops
    /// connections costs the caller nothing. Anything that may write is never repeated.
    async fn reading<T: Rows>(
        &self,
        stmt: &Statement,
        run: impl AsyncFn(&mut Managed, Prepared) -> Result<T>,
    ) -> Result<T> {
        let observed = self.observe(stmt)?;
        let retries = if stmt.read_only {
            self.inner.pool.status().max_size
        } else {
            0
        };
        let result = async {
            let mut attempt = 0;
            loop {
                let prepared = Prepared::new(self.inner.backend, stmt)?;
                let mut lease = self.inner.pool.acquire(stmt.origin).await?;
                match run(lease.conn(), prepared).await {
                    Err(Error::Connection(_)) if attempt < retries => attempt += 1,
                    other => return other,
                }
            }
        }
        .instrument(observed.span())
        .await;
        observed.finish(
            result.as_ref().ok().map(Rows::count),
            result.as_ref().err(),
            stmt,
        );
        result
    }

    /// Counts `stmt` and opens its span.
    pub(crate) fn observe(&self, stmt: &Statement) -> Result<Observation> {
        self.count_statement();
        observe::start(self.inner.backend, stmt, self.inner.slow_statement)
    }
}

impl Executor for Db {
    async fn atomic(&self) -> Result<crate::Transaction> {
        self.begin().await
    }

    fn in_transaction(&self) -> bool {
        false
    }

    fn backend(&self) -> Backend {
        self.inner.backend
    }

    fn capabilities(&self) -> &Capabilities {
        &self.inner.capabilities
    }

    async fn fetch_all(&self, stmt: Statement) -> Result<Vec<Row>> {
        self.reading(&stmt, async |conn, p| conn.fetch_all(p).await)
            .await
    }

    async fn fetch_decoded<T: Send + 'static>(
        &self,
        stmt: Statement,
        decode: fn(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.reading(&stmt, async move |conn, p| {
            conn.fetch_decoded(p, decode).await
        })
        .await
    }

    async fn fetch_optional(&self, stmt: Statement) -> Result<Option<Row>> {
        self.reading(&stmt, async |conn, p| conn.fetch_optional(p).await)
            .await
    }

    async fn copy_in(&self, stmt: Statement, data: Vec<Vec<u8>>) -> Result<u64> {
        self.copy_in_pooled(stmt, data).await
    }

    async fn execute(&self, stmt: Statement) -> Result<Done> {
        let observed = self.observe(&stmt)?;
        let result = async {
            let prepared = Prepared::new(self.inner.backend, &stmt)?;
            let mut lease = self.inner.pool.acquire(stmt.origin).await?;
            lease.conn().execute(prepared).await
        }
        .instrument(observed.span())
        .await;
        observed.finish(
            result.as_ref().ok().map(Rows::count),
            result.as_ref().err(),
            &stmt,
        );
        result
    }
}

impl Db {
    /// `COPY ... FROM STDIN` on a pooled connection (see [`Executor::copy_in`]).
    pub(crate) async fn copy_in_pooled(&self, stmt: Statement, data: Vec<Vec<u8>>) -> Result<u64> {
        if self.inner.backend != Backend::Postgres {
            return Err(Error::Unsupported {
                feature: "COPY FROM STDIN",
                backend: self.inner.backend,
            });
        }
        let observed = self.observe(&stmt)?;
        let result = async {
            let prepared = Prepared::new(self.inner.backend, &stmt)?;
            let mut lease = self.inner.pool.acquire(stmt.origin).await?;
            lease.conn().copy_in(prepared, data).await
        }
        .instrument(observed.span())
        .await;
        observed.finish(result.as_ref().ok().copied(), result.as_ref().err(), &stmt);
        result
    }
}

/// How many rows a result holds, for the span's `db.rows`.
pub(crate) trait Rows {
    fn count(&self) -> u64;
}

impl<T> Rows for Vec<T> {
    fn count(&self) -> u64 {
        self.len() as u64
    }
}

impl Rows for Option<Row> {
    fn count(&self) -> u64 {
        u64::from(self.is_some())
    }
}

impl Rows for u64 {
    fn count(&self) -> u64 {
        *self
    }
}

impl Rows for Done {
    fn count(&self) -> u64 {
        self.rows_affected
    }
}
