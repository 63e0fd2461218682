//! mysql_async on one connection and through its own `Pool`; `exec_*` with a query text uses
//! its per-connection statement cache. TCP is forced (`prefer_socket(false)`): by default it
//! switches a 127.0.0.1 connection to the Unix socket, which no other implementation uses.

use super::{
    ALL, COMMENTS_IN, COMMENTS_OF, Comment, FIND, JOIN, POSTS_IN, POSTS_OF, Post, Tree, User,
    assemble, insert_sql, select_in,
};
use crate::Error;
use crate::data;
use crate::impls::OpError;
use mysql_async::prelude::Queryable as _;
use mysql_async::{Opts, OptsBuilder, PoolConstraints, PoolOpts};
use std::hint::black_box;

type Tuple = (i32, String, Option<String>);

fn user((id, name, hair_color): Tuple) -> User {
    User {
        id,
        name,
        hair_color,
    }
}

fn opts(url: &str) -> Result<OptsBuilder, Error> {
    Ok(OptsBuilder::from_opts(Opts::from_url(url)?).prefer_socket(false))
}

type PostTuple = (i32, i32, String, Option<String>);
type CommentTuple = (i32, i32, String);

fn post((id, user_id, title, body): PostTuple) -> Post {
    Post {
        id,
        user_id,
        title,
        body,
    }
}

fn comment((id, post_id, text): CommentTuple) -> Comment {
    Comment { id, post_id, text }
}

pub struct Conn {
    conn: mysql_async::Conn,
}

impl Conn {
    pub async fn connect(url: &str) -> Result<Conn, Error> {
        Ok(Conn {
            conn: mysql_async::Conn::new(opts(url)?).await?,
        })
    }

    pub async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let row: Option<Tuple> = self.conn.exec_first(FIND, (id,)).await?;
        Ok(black_box(row.map(user)).map(|u| u.id))
    }

    pub async fn all_users(&mut self) -> Result<usize, Error> {
        let users: Vec<User> = self.conn.exec_map(ALL, (), user).await?;
        Ok(black_box(users).len())
    }

    pub async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        type Joined = (
            i32,
            String,
            Option<String>,
            Option<i32>,
            Option<i32>,
            Option<String>,
            Option<String>,
        );
        let pairs: Vec<(User, Option<Post>)> = self
            .conn
            .exec_map(
                JOIN,
                ("black",),
                |(id, name, hair_color, pid, user_id, title, body): Joined| {
                    let post = pid.map(|id| Post {
                        id,
                        user_id: user_id.unwrap_or_default(),
                        title: title.unwrap_or_default(),
                        body,
                    });
                    (
                        User {
                            id,
                            name,
                            hair_color,
                        },
                        post,
                    )
                },
            )
            .await?;
        Ok(black_box(pairs).len())
    }

    /// W5: the tree and the statements sent.
    pub async fn associations(&mut self, eager: bool) -> Result<(Tree, u64), Error> {
        let users: Vec<User> = self.conn.exec_map(ALL, (), user).await?;
        if eager {
            let ids: Vec<mysql_async::Value> = users.iter().map(|u| u.id.into()).collect();
            let posts: Vec<Post> = self
                .conn
                .exec_map(select_in(POSTS_IN, ids.len()), ids, post)
                .await?;
            let ids: Vec<mysql_async::Value> = posts.iter().map(|p| p.id.into()).collect();
            let comments: Vec<Comment> = self
                .conn
                .exec_map(select_in(COMMENTS_IN, ids.len()), ids, comment)
                .await?;
            return Ok((assemble(users, posts, comments), 3));
        }
        let mut out: Tree = Vec::new();
        let mut queries = 1;
        for u in users {
            let posts: Vec<Post> = self.conn.exec_map(POSTS_OF, (u.id,), post).await?;
            queries += 1;
            let mut ps = Vec::new();
            for p in posts {
                let cs: Vec<Comment> = self.conn.exec_map(COMMENTS_OF, (p.id,), comment).await?;
                queries += 1;
                ps.push((p, cs));
            }
            out.push((u, ps));
        }
        Ok((out, queries))
    }

    pub async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        let mut params: Vec<mysql_async::Value> = Vec::new();
        for i in 1..=n {
            params.push(data::user_name(i).into());
            params.push(data::hair_color(i).into());
        }
        self.conn.exec_drop(insert_sql(n, false), params).await?;
        Ok(self.conn.affected_rows())
    }
}

pub struct Pool {
    pool: mysql_async::Pool,
}

impl Pool {
    /// `size` connections kept open (with a minimum of 0 it closes and reopens connections
    /// under load); no `COM_RESET_CONNECTION` on release (its default), which
    /// would cost a round trip and drop the prepared statements every time.
    pub fn new(url: &str, size: u32) -> Result<Pool, Error> {
        let constraints =
            PoolConstraints::new(size as usize, size as usize).ok_or("bad pool constraints")?;
        let pool_opts = PoolOpts::default()
            .with_constraints(constraints)
            .with_reset_connection(false);
        Ok(Pool {
            pool: mysql_async::Pool::new(opts(url)?.pool_opts(pool_opts)),
        })
    }

    pub async fn pooled_lookup(&self, id: i32) -> Result<Option<i32>, OpError> {
        let mut conn = self.pool.get_conn().await.map_err(OpError::other)?;
        let row: Option<Tuple> = conn.exec_first(FIND, (id,)).await.map_err(OpError::other)?;
        Ok(black_box(row.map(user)).map(|u| u.id))
    }
}
