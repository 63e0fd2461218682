//! rusqlite: synchronous, in-process; `prepare_cached` is its statement cache.

use super::{
    ALL, COMMENTS_IN, COMMENTS_OF, Comment, FIND, JOIN, POSTS_IN, POSTS_OF, Post, Tree, User,
    assemble, insert_sql, select_in,
};
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

fn post(row: &rusqlite::Row<'_>) -> rusqlite::Result<Post> {
    Ok(Post {
        id: row.get(0)?,
        user_id: row.get(1)?,
        title: row.get(2)?,
        body: row.get(3)?,
    })
}

fn comment(row: &rusqlite::Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: row.get(0)?,
        post_id: row.get(1)?,
        text: row.get(2)?,
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

    /// W5: the tree and the statements sent.
    pub fn associations(&mut self, eager: bool) -> Result<(Tree, u64), Error> {
        let users = self
            .conn
            .prepare_cached(ALL)?
            .query_map([], user)?
            .collect::<rusqlite::Result<Vec<User>>>()?;
        if eager {
            let ids = users.iter().map(|u| u.id);
            let posts = self
                .conn
                .prepare_cached(&select_in(POSTS_IN, users.len()))?
                .query_map(rusqlite::params_from_iter(ids), post)?
                .collect::<rusqlite::Result<Vec<Post>>>()?;
            let ids = posts.iter().map(|p| p.id);
            let comments = self
                .conn
                .prepare_cached(&select_in(COMMENTS_IN, posts.len()))?
                .query_map(rusqlite::params_from_iter(ids), comment)?
                .collect::<rusqlite::Result<Vec<Comment>>>()?;
            return Ok((assemble(users, posts, comments), 3));
        }
        let mut out: Tree = Vec::new();
        let mut queries = 1;
        let mut posts_of = self.conn.prepare_cached(POSTS_OF)?;
        let mut comments_of = self.conn.prepare_cached(COMMENTS_OF)?;
        for u in users {
            let posts = posts_of
                .query_map([u.id], post)?
                .collect::<rusqlite::Result<Vec<Post>>>()?;
            queries += 1;
            let mut ps = Vec::new();
            for p in posts {
                let cs = comments_of
                    .query_map([p.id], comment)?
                    .collect::<rusqlite::Result<Vec<Comment>>>()?;
                queries += 1;
                ps.push((p, cs));
            }
            out.push((u, ps));
        }
        Ok((out, queries))
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
