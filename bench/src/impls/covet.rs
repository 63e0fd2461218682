//! covet, the way its README uses it: a `#[derive(Model)]` struct and the `Db` handle (a pool).

use super::{ACQUIRE_TIMEOUT, Client, OpError};
use crate::Error;
use crate::backend::Target;
use crate::data;
use covet::prelude::*;
use std::hint::black_box;

#[derive(Model, Debug, Clone)]
#[covet(table = "users")]
pub struct User {
    #[covet(primary_key, auto_increment)]
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

/// W3's right-hand side: a plain model, no relation fields (W5 has its own models).
#[derive(Model, Debug, Clone)]
#[covet(table = "posts")]
pub struct Post {
    #[covet(primary_key, auto_increment)]
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

pub struct Conn {
    db: Db,
}

impl Conn {
    /// A `Db` whose pool opens at most `max` connections.
    pub async fn connect(target: &Target, max: u32) -> Result<Conn, Error> {
        let db = DbOptions::new(&target.url)
            .max_connections(max)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect()
            .await?;
        Ok(Conn { db })
    }

    pub async fn pooled_lookup(&self, id: i32) -> Result<Option<i32>, OpError> {
        match User::find(id).optional(&self.db).await {
            Ok(u) => Ok(black_box(u).map(|u| u.id)),
            Err(covet::Error::PoolTimeout) => Err(OpError::Timeout),
            Err(e) => Err(OpError::other(e)),
        }
    }
}

impl Client for Conn {
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let user = User::find(id).optional(&self.db).await?;
        Ok(black_box(user).map(|u| u.id))
    }

    async fn all_users(&mut self) -> Result<usize, Error> {
        let users = User::query().all(&self.db).await?;
        Ok(black_box(users).len())
    }

    async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        let rows: Vec<(User, Option<Post>)> = User::query()
            .left_join(Post::USER_ID.on(User::ID))
            .filter(User::HAIR_COLOR.eq("black"))
            .all(&self.db)
            .await?;
        Ok(black_box(rows).len())
    }

    async fn associations(&mut self, eager: bool) -> Result<super::Tree, Error> {
        let before = self.db.statement_count();
        let mut tree = if eager {
            super::covet_assoc::eager(&self.db).await?
        } else {
            super::covet_assoc::n_plus_one(&self.db).await?
        };
        tree.queries = self.db.statement_count() - before;
        Ok(tree)
    }

    /// `load`: the rows counted, not read back, as every other implementation's insert.
    async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        Ok(User::insert_many(new_users(n)).load(&self.db).await?)
    }

    async fn bulk_load(&mut self, n: usize) -> Result<u64, Error> {
        Ok(User::insert_many(new_users(n)).load(&self.db).await?)
    }

    async fn bulk_insert_returning(&mut self, n: usize) -> Result<u64, Error> {
        let stored = User::insert_many(new_users(n)).exec(&self.db).await?;
        Ok(black_box(stored).len() as u64)
    }
}

fn new_users(n: usize) -> Vec<NewUser> {
    (1..=n)
        .map(|i| NewUser {
            name: data::user_name(i),
            hair_color: data::hair_color(i).map(str::to_owned),
        })
        .collect()
}
