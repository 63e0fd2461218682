//! Raw sqlx: hand-written SQL, `query_as` and `FromRow`, with the same connect options covet
//! uses (statement logging off), so covet/raw-sqlx isolates what covet adds to its driver.
//! sqlx caches prepared statements per connection by default (`persistent`).

use super::{ACQUIRE_TIMEOUT, Client, OpError};
use crate::Error;
use crate::backend::{Backend, Target};
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions, MySqlRow};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteRow};
use sqlx::{ConnectOptions as _, Row as _};
use std::hint::black_box;
use std::str::FromStr as _;

// Every field is decoded, which is what is measured; the harness reads only the id.
#[allow(dead_code)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

// Written by hand (no `macros` feature) and by position: the fastest FromRow a user can write.
macro_rules! from_row {
    ($row:ty) => {
        impl<'r> sqlx::FromRow<'r, $row> for User {
            fn from_row(row: &'r $row) -> Result<Self, sqlx::Error> {
                Ok(User {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    hair_color: row.try_get(2)?,
                })
            }
        }
    };
}
from_row!(PgRow);
from_row!(MySqlRow);
from_row!(SqliteRow);

const PG_FIND: &str = "SELECT id, name, hair_color FROM users WHERE id = $1";
const FIND: &str = "SELECT id, name, hair_color FROM users WHERE id = ?";
const ALL: &str = "SELECT id, name, hair_color FROM users";

/// One bare connection.
pub enum Conn {
    Pg(sqlx::PgConnection),
    My(sqlx::MySqlConnection),
    Lite(sqlx::SqliteConnection),
}

impl Conn {
    pub async fn connect(target: &Target) -> Result<Conn, Error> {
        let url = target.url.as_str();
        Ok(match target.backend {
            Backend::Postgres => {
                Conn::Pg(PgConnectOptions::from_str(url)?.disable_statement_logging().connect().await?)
            }
            Backend::MySql => {
                Conn::My(MySqlConnectOptions::from_str(url)?.disable_statement_logging().connect().await?)
            }
            Backend::Sqlite => {
                Conn::Lite(SqliteConnectOptions::from_str(url)?.disable_statement_logging().connect().await?)
            }
        })
    }
}

impl Client for Conn {
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let user: Option<User> = match self {
            Conn::Pg(c) => sqlx::query_as(PG_FIND).bind(id).fetch_optional(c).await?,
            Conn::My(c) => sqlx::query_as(FIND).bind(id).fetch_optional(c).await?,
            Conn::Lite(c) => sqlx::query_as(FIND).bind(id).fetch_optional(c).await?,
        };
        Ok(black_box(user).map(|u| u.id))
    }

    async fn all_users(&mut self) -> Result<usize, Error> {
        let users: Vec<User> = match self {
            Conn::Pg(c) => sqlx::query_as(ALL).fetch_all(c).await?,
            Conn::My(c) => sqlx::query_as(ALL).fetch_all(c).await?,
            Conn::Lite(c) => sqlx::query_as(ALL).fetch_all(c).await?,
        };
        Ok(black_box(users).len())
    }
}

/// sqlx's own `Pool`.
pub enum Pool {
    Pg(sqlx::PgPool),
    My(sqlx::MySqlPool),
    Lite(sqlx::SqlitePool),
}

impl Pool {
    pub async fn connect(target: &Target, size: u32) -> Result<Pool, Error> {
        let url = target.url.as_str();
        Ok(match target.backend {
            Backend::Postgres => Pool::Pg(
                PgPoolOptions::new()
                    .max_connections(size)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(PgConnectOptions::from_str(url)?.disable_statement_logging())
                    .await?,
            ),
            Backend::MySql => Pool::My(
                MySqlPoolOptions::new()
                    .max_connections(size)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(MySqlConnectOptions::from_str(url)?.disable_statement_logging())
                    .await?,
            ),
            Backend::Sqlite => Pool::Lite(
                SqlitePoolOptions::new()
                    .max_connections(size)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(SqliteConnectOptions::from_str(url)?.disable_statement_logging())
                    .await?,
            ),
        })
    }

    async fn find(&self, id: i32) -> Result<Option<User>, sqlx::Error> {
        match self {
            Pool::Pg(p) => sqlx::query_as(PG_FIND).bind(id).fetch_optional(p).await,
            Pool::My(p) => sqlx::query_as(FIND).bind(id).fetch_optional(p).await,
            Pool::Lite(p) => sqlx::query_as(FIND).bind(id).fetch_optional(p).await,
        }
    }

    pub async fn pooled_lookup(&self, id: i32) -> Result<Option<i32>, OpError> {
        match self.find(id).await {
            Ok(u) => Ok(black_box(u).map(|u| u.id)),
            Err(sqlx::Error::PoolTimedOut) => Err(OpError::Timeout),
            Err(e) => Err(OpError::other(e)),
        }
    }
}

impl Client for Pool {
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        Ok(black_box(self.find(id).await?).map(|u| u.id))
    }

    async fn all_users(&mut self) -> Result<usize, Error> {
        let users: Vec<User> = match self {
            Pool::Pg(p) => sqlx::query_as(ALL).fetch_all(&*p).await?,
            Pool::My(p) => sqlx::query_as(ALL).fetch_all(&*p).await?,
            Pool::Lite(p) => sqlx::query_as(ALL).fetch_all(&*p).await?,
        };
        Ok(black_box(users).len())
    }
}
