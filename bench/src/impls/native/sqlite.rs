//! rusqlite: synchronous, in-process; `prepare_cached` is its statement cache.

use super::{ALL, FIND, User};
use crate::Error;
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
        Ok(Conn { conn: rusqlite::Connection::open(path)? })
    }

    pub fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let mut stmt = self.conn.prepare_cached(FIND)?;
        let user = stmt.query_row([id], user).optional()?;
        Ok(black_box(user).map(|u| u.id))
    }

    pub fn all_users(&mut self) -> Result<usize, Error> {
        let mut stmt = self.conn.prepare_cached(ALL)?;
        let users = stmt.query_map([], user)?.collect::<rusqlite::Result<Vec<User>>>()?;
        Ok(black_box(users).len())
    }
}
