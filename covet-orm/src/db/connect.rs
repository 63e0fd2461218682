//! Opening a [`Db`]: URL → backend → configured sqlx pool → capabilities.

use super::url::{backend_of, redact, scrub, sqlx_url};
use super::{Capabilities, Db, Inner, Pool};
use crate::{Backend, Error, Result};
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions as _, Row as _};
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
    use_returning: bool,
}

impl std::fmt::Debug for DbOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbOptions")
            .field("url", &redact(&self.url))
            .field("max_connections", &self.max_connections)
            .field("min_connections", &self.min_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .finish()
    }
}

impl DbOptions {
    /// Options for `url` with default pool settings (10 connections, 30 s acquire timeout).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 10,
            min_connections: 0,
            acquire_timeout: Duration::from_secs(30),
            use_returning: true,
        }
    }

    /// The most connections the pool opens.
    pub fn max_connections(mut self, n: u32) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// Connections opened at connect time and kept open.
    pub fn min_connections(mut self, n: u32) -> Self {
        self.min_connections = n;
        self
    }

    /// How long a query waits for a free connection before failing with
    /// [`Error::PoolTimeout`].
    pub fn acquire_timeout(mut self, timeout: Duration) -> Self {
        self.acquire_timeout = timeout;
        self
    }

    /// On MySQL/MariaDB, never uses `INSERT ... RETURNING`, even where the server has it:
    /// inserts then read the row back by key, as they must on MySQL. Lets MySQL's path be
    /// tested on MariaDB; PostgreSQL and SQLite always return the row.
    pub fn without_returning(mut self) -> Self {
        self.use_returning = false;
        self
    }

    /// Connects, and fails at once if the server cannot be reached.
    pub async fn connect(self) -> Result<Db> {
        let backend = backend_of(&self.url)?;
        let url = sqlx_url(&self.url, backend);
        let (pool, mut capabilities) = match backend {
            Backend::Postgres => self.postgres(&url).await,
            Backend::MySql => self.mysql(&url).await,
            Backend::Sqlite => self.sqlite(&url).await,
        }
        .map_err(|e| redact_error(e, &self.url))?;
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
            }),
        })
    }

    async fn postgres(&self, url: &str) -> Result<(Pool, Capabilities)> {
        let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = PgPoolOptions::new()
            .max_connections(self.max_connections)
            .min_connections(self.min_connections)
            .acquire_timeout(self.acquire_timeout)
            .connect_with(options)
            .await?;
        let version: String = sqlx::query("SHOW server_version")
            .fetch_one(&pool)
            .await?
            .try_get(0)?;
        let caps = Capabilities {
            insert_returning: true,
            server_version: version,
        };
        Ok((Pool::Postgres(pool), caps))
    }

    async fn mysql(&self, url: &str) -> Result<(Pool, Capabilities)> {
        let options = MySqlConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = MySqlPoolOptions::new()
            .max_connections(self.max_connections)
            .min_connections(self.min_connections)
            .acquire_timeout(self.acquire_timeout)
            .connect_with(options)
            .await?;
        let version: String = sqlx::query("SELECT VERSION()")
            .fetch_one(&pool)
            .await?
            .try_get(0)?;
        let caps = Capabilities {
            insert_returning: mariadb_has_returning(&version),
            server_version: version,
        };
        Ok((Pool::MySql(pool), caps))
    }

    async fn sqlite(&self, url: &str) -> Result<(Pool, Capabilities)> {
        let options = SqliteConnectOptions::from_str(url)?
            .foreign_keys(true)
            // PostgreSQL and MariaDB (with covet's binary collation) match LIKE
            // case-sensitively; SQLite does too with this pragma.
            .pragma("case_sensitive_like", "ON")
            .disable_statement_logging();
        let in_memory =
            options.get_filename().as_os_str() == ":memory:" || url.contains(":memory:");
        let mut pool = SqlitePoolOptions::new()
            .max_connections(self.max_connections)
            .min_connections(self.min_connections)
            .acquire_timeout(self.acquire_timeout);
        if in_memory {
            // Each connection to `:memory:` is a separate, empty database: keep exactly one
            // connection, forever, so the data lives as long as the Db.
            pool = pool
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool = pool.connect_with(options).await?;
        let version: String = sqlx::query("SELECT sqlite_version()")
            .fetch_one(&pool)
            .await?
            .try_get(0)?;
        let caps = Capabilities {
            insert_returning: true,
            server_version: version,
        };
        Ok((Pool::Sqlite(pool), caps))
    }
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
