//! A connection of a [`Db`]'s own, outside its pool, for covet-migrate's runner: it needs one
//! session for a lock and transactions it controls. Not a public API.

use super::Db;
use crate::Result;
use crate::pool::Conn;

/// A sqlx connection opened with a [`Db`]'s settings and owned by the caller. The URL and its
/// password stay inside covet-orm: only the open connection leaves it.
#[doc(hidden)]
#[non_exhaustive]
pub enum SessionConnection {
    /// PostgreSQL.
    Postgres(sqlx::PgConnection),
    /// MySQL or MariaDB.
    MySql(sqlx::MySqlConnection),
    /// SQLite (an in-memory database is the same one the pool uses).
    Sqlite(sqlx::SqliteConnection),
}

impl Db {
    /// Opens a new connection with this handle's settings, not counted in the pool.
    #[doc(hidden)]
    pub async fn __open_session(&self) -> Result<SessionConnection> {
        Ok(match self.inner.pool.open_detached().await? {
            Conn::Postgres(c) => SessionConnection::Postgres(c),
            Conn::MySql(c) => SessionConnection::MySql(c),
            Conn::Sqlite(c) => SessionConnection::Sqlite(c),
        })
    }
}
