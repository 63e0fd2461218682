//! rusqlite: synchronous, in-process; `prepare_cached` is its statement cache.

use super::{ALL, FIND, JOIN, Post, User, insert_sql};
use crate::Error;
use crate::data;
use rusqlite::OptionalExtension as _;
use std::hint::black_box;

fn user(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        hair_color: row.get(2)?,
    })
}

pub struct Conn {
    conn: rusqlite::Connection,
}

impl Conn {
    pub fn open(path: &std::path::Path) -> Result<Conn, Error> {
        let conn = rusqlite::Connection::open(path)?;
        // The durability covet and every other implementation use (WAL is in the file).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(Conn { conn })
    }

    pub fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let mut stmt = self.conn.prepare_cached(FIND)?;
        let user = stmt.query_row([id], user).optional()?;
        Ok(black_box(user).map(|u| u.id))
    }

    pub fn all_users(&mut self) -> Result<usize, Error> {
        let mut stmt = self.conn.prepare_cached(ALL)?;
        let users = stmt
            .query_map([], user)?
            .collect::<rusqlite::Result<Vec<User>>>()?;
        Ok(black_box(users).len())
    }

    pub fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        let mut stmt = self.conn.prepare_cached(JOIN)?;
        let pairs = stmt
            .query_map(["black"], |row| {
                let post = match row.get::<_, Option<i32>>(3)? {
                    Some(id) => Some(Post {
                        id,
                        user_id: row.get(4)?,
                        title: row.get(5)?,
                        body: row.get(6)?,
                    }),
                    None => None,
                };
                Ok((user(row)?, post))
            })?
            .collect::<rusqlite::Result<Vec<(User, Option<Post>)>>>()?;
        Ok(black_box(pairs).len())
    }

    pub fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        let mut stmt = self.conn.prepare_cached(&insert_sql(n, false))?;
        let mut params: Vec<rusqlite::types::Value> = Vec::new();
        for i in 1..=n {
            params.push(data::user_name(i).into());
            params.push(data::hair_color(i).map(str::to_owned).into());
        }
        Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
    }
}
