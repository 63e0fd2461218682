//! tokio-postgres on one connection (statements prepared once), deadpool-postgres for a pool
//! (`prepare_cached`, `Fast` recycling: no query on release).

use super::{
    ALL, Comment, PG_COMMENTS_ANY, PG_COMMENTS_OF, PG_FIND, PG_JOIN, PG_POSTS_ANY, PG_POSTS_OF,
    Post, Tree, User, assemble, insert_sql,
};
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

fn post(row: &tokio_postgres::Row) -> Result<Post, tokio_postgres::Error> {
    Ok(Post {
        id: row.try_get(0)?,
        user_id: row.try_get(1)?,
        title: row.try_get(2)?,
        body: row.try_get(3)?,
    })
}

fn comment(row: &tokio_postgres::Row) -> Result<Comment, tokio_postgres::Error> {
    Ok(Comment {
        id: row.try_get(0)?,
        post_id: row.try_get(1)?,
        text: row.try_get(2)?,
    })
}

/// W5's statements, prepared once.
struct Assoc {
    posts_any: Statement,
    comments_any: Statement,
    posts_of: Statement,
    comments_of: Statement,
}

pub struct Conn {
    assoc: Assoc,
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
        let assoc = Assoc {
            posts_any: client.prepare(PG_POSTS_ANY).await?,
            comments_any: client.prepare(PG_COMMENTS_ANY).await?,
            posts_of: client.prepare(PG_POSTS_OF).await?,
            comments_of: client.prepare(PG_COMMENTS_OF).await?,
        };
        Ok(Conn {
            assoc,
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

    /// W5: the tree and the statements sent.
    pub async fn associations(&mut self, eager: bool) -> Result<(Tree, u64), Error> {
        let c = &self.client;
        let a = &self.assoc;
        let users = c
            .query(&self.all, &[])
            .await?
            .iter()
            .map(user)
            .collect::<Result<Vec<_>, _>>()?;
        if eager {
            let ids: Vec<i32> = users.iter().map(|u| u.id).collect();
            let posts = c
                .query(&a.posts_any, &[&ids])
                .await?
                .iter()
                .map(post)
                .collect::<Result<Vec<_>, _>>()?;
            let ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
            let comments = c
                .query(&a.comments_any, &[&ids])
                .await?
                .iter()
                .map(comment)
                .collect::<Result<Vec<_>, _>>()?;
            return Ok((assemble(users, posts, comments), 3));
        }
        let mut out: Tree = Vec::new();
        let mut queries = 1;
        for u in users {
            let posts = c.query(&a.posts_of, &[&u.id]).await?;
            queries += 1;
            let mut ps = Vec::new();
            for row in &posts {
                let p = post(row)?;
                let cs = c
                    .query(&a.comments_of, &[&p.id])
                    .await?
                    .iter()
                    .map(comment)
                    .collect::<Result<Vec<_>, _>>()?;
                queries += 1;
                ps.push((p, cs));
            }
            out.push((u, ps));
        }
        Ok((out, queries))
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
