//! tokio-postgres on one connection (statements prepared once), deadpool-postgres for a pool
//! (`prepare_cached`, `Fast` recycling: no query on release).

use super::{ALL, PG_FIND, User};
use crate::Error;
use crate::impls::{ACQUIRE_TIMEOUT, OpError};
use futures_util::TryStreamExt as _;
use std::hint::black_box;
use std::str::FromStr as _;
use tokio_postgres::{NoTls, Statement};

fn user(row: &tokio_postgres::Row) -> Result<User, tokio_postgres::Error> {
    Ok(User {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        hair_color: row.try_get(2)?,
    })
}

pub struct Conn {
    client: tokio_postgres::Client,
    find: Statement,
    all: Statement,
}

impl Conn {
    pub async fn connect(url: &str) -> Result<Conn, Error> {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
        // The connection task runs on the same runtime as the benchmark loop.
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                eprintln!("tokio-postgres connection ended: {e}");
            }
        });
        let find = client.prepare(PG_FIND).await?;
        let all = client.prepare(ALL).await?;
        Ok(Conn { client, find, all })
    }

    pub async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let row = self.client.query_opt(&self.find, &[&id]).await?;
        let user = row.as_ref().map(user).transpose()?;
        Ok(black_box(user).map(|u| u.id))
    }

    /// Rows are decoded as they stream in, not collected as raw rows first.
    pub async fn all_users(&mut self) -> Result<usize, Error> {
        let stream = self.client.query_raw(&self.all, std::iter::empty::<i32>()).await?;
        let mut stream = std::pin::pin!(stream);
        let mut users = Vec::new();
        while let Some(row) = stream.try_next().await? {
            users.push(user(&row)?);
        }
        Ok(black_box(users).len())
    }
}

pub struct Pool {
    pool: deadpool_postgres::Pool,
}

impl Pool {
    pub fn new(url: &str, size: u32) -> Result<Pool, Error> {
        let config = tokio_postgres::Config::from_str(url)?;
        let manager = deadpool_postgres::Manager::from_config(
            config,
            NoTls,
            deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Fast,
            },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(size as usize)
            .wait_timeout(Some(ACQUIRE_TIMEOUT))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()?;
        Ok(Pool { pool })
    }

    pub async fn pooled_lookup(&self, id: i32) -> Result<Option<i32>, OpError> {
        let client = match self.pool.get().await {
            Ok(c) => c,
            Err(deadpool_postgres::PoolError::Timeout(_)) => return Err(OpError::Timeout),
            Err(e) => return Err(OpError::other(e)),
        };
        let find = client.prepare_cached(PG_FIND).await.map_err(OpError::other)?;
        let row = client.query_opt(&find, &[&id]).await.map_err(OpError::other)?;
        let user = row.as_ref().map(user).transpose().map_err(OpError::other)?;
        Ok(black_box(user).map(|u| u.id))
    }
}
