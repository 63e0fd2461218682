//! tokio-postgres on one connection (statements prepared once), deadpool-postgres for a pool
//! (`prepare_cached`, `Fast` recycling: no query on release).

use super::{ALL, PG_FIND, PG_JOIN, Post, User, insert_sql};
use crate::Error;
use crate::data;
use crate::impls::{ACQUIRE_TIMEOUT, OpError};
use futures_util::TryStreamExt as _;
use std::collections::HashMap;
use std::hint::black_box;
use std::str::FromStr as _;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;
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
    join: Statement,
    /// Multi-row INSERTs by row count, prepared on first use.
    inserts: HashMap<usize, Statement>,
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
        let join = client.prepare(PG_JOIN).await?;
        Ok(Conn {
            client,
            find,
            all,
            join,
            inserts: HashMap::new(),
        })
    }

    pub async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let row = self.client.query_opt(&self.find, &[&id]).await?;
        let user = row.as_ref().map(user).transpose()?;
        Ok(black_box(user).map(|u| u.id))
    }

    /// Rows are decoded as they stream in, not collected as raw rows first.
    pub async fn all_users(&mut self) -> Result<usize, Error> {
        let stream = self
            .client
            .query_raw(&self.all, std::iter::empty::<i32>())
            .await?;
        let mut stream = std::pin::pin!(stream);
        let mut users = Vec::new();
        while let Some(row) = stream.try_next().await? {
            users.push(user(&row)?);
        }
        Ok(black_box(users).len())
    }

    pub async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        let rows = self.client.query(&self.join, &[&"black"]).await?;
        let mut pairs = Vec::new();
        for row in &rows {
            let post = match row.try_get::<_, Option<i32>>(3)? {
                Some(id) => Some(Post {
                    id,
                    user_id: row.try_get(4)?,
                    title: row.try_get(5)?,
                    body: row.try_get(6)?,
                }),
                None => None,
            };
            pairs.push((user(row)?, post));
        }
        Ok(black_box(pairs).len())
    }

    pub async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        let stmt = match self.inserts.get(&n) {
            Some(s) => s.clone(),
            None => {
                let s = self.client.prepare(&insert_sql(n, true)).await?;
                self.inserts.insert(n, s.clone());
                s
            }
        };
        let names: Vec<String> = (1..=n).map(data::user_name).collect();
        let hair: Vec<Option<&str>> = (1..=n).map(data::hair_color).collect();
        let mut params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = Vec::new();
        for (name, hair) in names.iter().zip(&hair) {
            params.push(name);
            params.push(hair);
        }
        Ok(self.client.execute(&stmt, &params).await?)
    }

    /// `COPY .. FROM STDIN BINARY` through `BinaryCopyInWriter`: the fastest load there is.
    pub async fn binary_copy(&mut self, n: usize) -> Result<u64, Error> {
        let sink = self
            .client
            .copy_in("COPY users (name, hair_color) FROM STDIN BINARY")
            .await?;
        let writer = BinaryCopyInWriter::new(sink, &[Type::TEXT, Type::TEXT]);
        let mut writer = std::pin::pin!(writer);
        for i in 1..=n {
            let name = data::user_name(i);
            writer
                .as_mut()
                .write(&[&name, &data::hair_color(i)])
                .await?;
        }
        Ok(writer.finish().await?)
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
        let find = client
            .prepare_cached(PG_FIND)
            .await
            .map_err(OpError::other)?;
        let row = client
            .query_opt(&find, &[&id])
            .await
            .map_err(OpError::other)?;
        let user = row.as_ref().map(user).transpose().map_err(OpError::other)?;
        Ok(black_box(user).map(|u| u.id))
    }
}
