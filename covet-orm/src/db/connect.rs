//! Opening a [`Db`]: URL → backend → configured sqlx pool → capabilities.

use super::url::{backend_of, redact, scrub, sqlx_url};
use super::{Capabilities, Db, Inner};
use crate::pool::{ConnectTo, Pool, PoolConfig, Prepared, Recycling};
use crate::render::Statement;
use crate::{Backend, Error, Result};
use sqlx::ConnectOptions as _;
use sqlx::mysql::MySqlConnectOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

/// How to connect: the URL plus pool settings.
#[derive(Clone)]
pub struct DbOptions {
    url: String,
    max_connections: u32,
    min_connections: u32,
    acquire_timeout: Duration,
    connect_timeout: Duration,
    idle_timeout: Option<Duration>,
    max_lifetime: Option<Duration>,
    test_before_acquire: bool,
    hold_warning: Option<Duration>,
    use_returning: bool,
    sqlite_busy_timeout: Duration,
    slow_statement: Option<Duration>,
}

impl std::fmt::Debug for DbOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbOptions")
            .field("url", &redact(&self.url))
            .field("max_connections", &self.max_connections)
            .field("min_connections", &self.min_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_lifetime", &self.max_lifetime)
            .field("test_before_acquire", &self.test_before_acquire)
            .field("hold_warning", &self.hold_warning)
            .finish_non_exhaustive()
    }
}

impl DbOptions {
    /// Options for `url` with default pool settings: at most 10 connections, none kept open
    /// when idle, 30 s to get a connection, 10 s to open one, idle connections closed after
    /// 10 minutes and every connection after 30, a warning when one is held over 10 s.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 10,
            min_connections: 0,
            acquire_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            idle_timeout: Some(Duration::from_secs(600)),
            max_lifetime: Some(Duration::from_secs(1800)),
            test_before_acquire: false,
            hold_warning: Some(Duration::from_secs(10)),
            use_returning: true,
            sqlite_busy_timeout: Duration::from_secs(5),
            slow_statement: Some(Duration::from_secs(1)),
        }
    }

    /// The most connections the pool opens.
    pub fn max_connections(mut self, n: u32) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// Connections opened at connect time (the warm-up) and kept open when idle.
    pub fn min_connections(mut self, n: u32) -> Self {
        self.min_connections = n;
        self
    }

    /// How long a statement waits for a free connection before failing with
    /// [`Error::PoolTimeout`].
    pub fn acquire_timeout(mut self, timeout: Duration) -> Self {
        self.acquire_timeout = timeout;
        self
    }

    /// How long opening one connection may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Idle connections older than this are closed (down to `min_connections`); `None` keeps
    /// them.
    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Connections older than this are closed when next idle; `None` keeps them forever.
    pub fn max_lifetime(mut self, lifetime: Option<Duration>) -> Self {
        self.max_lifetime = lifetime;
        self
    }

    /// Pings every connection before handing it out. Off by default: covet already checks
    /// every connection whose last statement did not complete, and a ping costs a round trip.
    pub fn test_before_acquire(mut self, test: bool) -> Self {
        self.test_before_acquire = test;
        self
    }

    /// Logs a warning (`tracing`) when a connection is held longer than this; `None` never.
    pub fn hold_warning(mut self, threshold: Option<Duration>) -> Self {
        self.hold_warning = threshold;
        self
    }

    /// Statements that take longer than this log a `tracing` warning (target `covet::slow`)
    /// naming the statement and the line of your code that ran it; 1 s by default.
    pub fn slow_statement(mut self, threshold: Option<Duration>) -> Self {
        self.slow_statement = threshold;
        self
    }

    /// How long a SQLite statement waits for another connection's write lock before failing
    /// with a busy error (5 s by default).
    pub fn sqlite_busy_timeout(mut self, timeout: Duration) -> Self {
        self.sqlite_busy_timeout = timeout;
        self
    }

    /// On MySQL/MariaDB, never uses `INSERT ... RETURNING`, even where the server has it:
    /// inserts then read the row back by key, as they must on MySQL. Lets MySQL's path be
    /// tested on MariaDB; PostgreSQL and SQLite always return the row.
    pub fn without_returning(mut self) -> Self {
        self.use_returning = false;
        self
    }

    /// Connects: opens `min_connections` connections (at least one, to learn what the server
    /// can do) and fails at once if the server cannot be reached.
    pub async fn connect(self) -> Result<Db> {
        self.open().await.map_err(|e| redact_error(e, &self.url))
    }

    async fn open(&self) -> Result<Db> {
        let backend = backend_of(&self.url)?;
        let url = sqlx_url(&self.url, backend);
        let (to, in_memory) = connect_to(backend, &url, self.sqlite_busy_timeout)?;
        let mut config = PoolConfig {
            to,
            backend,
            max_size: self.max_connections as usize,
            min_idle: self.min_connections as usize,
            acquire_timeout: self.acquire_timeout,
            connect_timeout: self.connect_timeout,
            recycling: Recycling {
                idle_timeout: self.idle_timeout,
                max_lifetime: self.max_lifetime,
                test_before_acquire: self.test_before_acquire,
            },
            hold_warning: self.hold_warning,
        };
        let mut anchor = None;
        if let (true, ConnectTo::Sqlite(o)) = (in_memory, &config.to) {
            // Connections to an in-memory database share it only while one of them is open.
            // The anchor is never used, only kept: discarding a pooled connection (after a
            // cancelled statement, say) then loses nothing. One pooled connection, since
            // SQLite's shared cache locks whole tables between connections.
            anchor = Some(std::sync::Mutex::new(o.connect().await?));
            config.max_size = 1;
            config.min_idle = 1;
            config.recycling.idle_timeout = None;
            config.recycling.max_lifetime = None;
        }
        let min_idle = config.min_idle;
        let pool = Pool::new(config)?;
        pool.warm_up(min_idle.max(1)).await?;
        let mut capabilities = server_capabilities(&pool, backend).await?;
        if backend == Backend::MySql {
            capabilities.insert_returning &= self.use_returning;
        }
        Ok(Db {
            inner: Arc::new(Inner {
                pool,
                backend,
                capabilities,
                redacted_url: redact(&self.url),
                statements: AtomicU64::new(0),
                _anchor: anchor,
                slow_statement: self.slow_statement,
            }),
        })
    }
}

/// Parses the URL into sqlx's options for its backend, with covet's per-connection settings.
fn connect_to(backend: Backend, url: &str, busy_timeout: Duration) -> Result<(ConnectTo, bool)> {
    Ok(match backend {
        Backend::Postgres => {
            let o = PgConnectOptions::from_str(url)?.disable_statement_logging();
            (ConnectTo::Postgres(o), false)
        }
        Backend::MySql => {
            let o = MySqlConnectOptions::from_str(url)?.disable_statement_logging();
            (ConnectTo::MySql(o), false)
        }
        Backend::Sqlite => {
            let mut o = SqliteConnectOptions::from_str(url)?
                .foreign_keys(true)
                .busy_timeout(busy_timeout)
                // PostgreSQL and MariaDB (with covet's binary collation) match LIKE
                // case-sensitively; SQLite does too with this pragma.
                .pragma("case_sensitive_like", "ON")
                .disable_statement_logging();
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            if !in_memory {
                // Readers do not block the writer nor it them: what a pool of connections to
                // one file needs.
                // NORMAL is durable in WAL mode except against power loss of the last commits,
                // and saves an fsync per transaction.
                o = o
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Normal);
            }
            (ConnectTo::Sqlite(o), in_memory)
        }
    })
}

/// Asks the server its version, which decides what covet may use.
async fn server_capabilities(pool: &Arc<Pool>, backend: Backend) -> Result<Capabilities> {
    let sql = match backend {
        Backend::Postgres => "SHOW server_version",
        Backend::MySql => "SELECT VERSION()",
        Backend::Sqlite => "SELECT sqlite_version()",
    };
    let stmt = Statement::new(sql, Vec::new());
    let mut lease = pool.acquire(None).await?;
    let row = lease
        .conn()
        .fetch_optional(Prepared::new(backend, &stmt)?)
        .await?
        .ok_or_else(|| Error::Connection("the server did not report its version".into()))?;
    let version: String = row.get(0)?;
    Ok(Capabilities {
        insert_returning: backend != Backend::MySql || mariadb_has_returning(&version),
        server_version: version,
    })
}

/// MariaDB has `INSERT ... RETURNING` since 10.5; MySQL has none.
fn mariadb_has_returning(version: &str) -> bool {
    if !version.contains("MariaDB") {
        return false;
    }
    let mut parts = version
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|p| p.parse::<u32>().ok());
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= (10, 5)
}

/// Connect errors may quote the URL: strip the password from every message.
fn redact_error(e: Error, url: &str) -> Error {
    match e {
        Error::InvalidUrl(m) => Error::InvalidUrl(scrub(&m, url)),
        Error::Connection(m) => Error::Connection(scrub(&m, url)),
        Error::Database { code, message } => Error::Connection(match code {
            Some(code) => format!("{code}: {}", scrub(&message, url)),
            None => scrub(&message, url),
        }),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returning_by_version() {
        assert!(mariadb_has_returning("10.11.19-MariaDB-0+deb12u1"));
        assert!(mariadb_has_returning("11.4.2-MariaDB"));
        assert!(!mariadb_has_returning("10.4.1-MariaDB"));
        assert!(!mariadb_has_returning("8.0.36"));
    }
}
