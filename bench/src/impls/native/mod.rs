//! The backends' own drivers, the physical floor: tokio-postgres (and deadpool-postgres for
//! a pool), rusqlite, mysql_async. Each prepares its statements once, its idiomatic way.

mod mysql;
mod pg;
mod sqlite;

use super::{Client, OpError};
use crate::Error;
use crate::backend::{Backend, Target};

/// The row type all three decode into.
// Every field is decoded, which is what is measured; the harness reads only the id.
#[allow(dead_code)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[allow(dead_code)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[allow(dead_code)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

pub type Tree = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

const POSTS_OF: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id = ?";
const COMMENTS_OF: &str = "SELECT id, post_id, text FROM comments WHERE post_id = ?";
const PG_POSTS_OF: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id = $1";
const PG_COMMENTS_OF: &str = "SELECT id, post_id, text FROM comments WHERE post_id = $1";
const PG_POSTS_ANY: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)";
const PG_COMMENTS_ANY: &str = "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)";

/// `SELECT .. WHERE key IN (?, ?, ..)` with `n` placeholders (no arrays on SQLite / MariaDB).
fn select_in(select: &str, n: usize) -> String {
    let mut sql = String::from(select);
    sql.push_str(" IN (");
    for i in 0..n {
        sql.push_str(if i == 0 { "?" } else { ", ?" });
    }
    sql.push(')');
    sql
}
const POSTS_IN: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id";
const COMMENTS_IN: &str = "SELECT id, post_id, text FROM comments WHERE post_id";

/// Groups the three levels into the tree, in the parents' order.
fn assemble(users: Vec<User>, posts: Vec<Post>, comments: Vec<Comment>) -> Tree {
    use std::collections::HashMap;
    let mut by_post: HashMap<i32, Vec<Comment>> = HashMap::new();
    for c in comments {
        by_post.entry(c.post_id).or_default().push(c);
    }
    let mut by_user: HashMap<i32, Vec<(Post, Vec<Comment>)>> = HashMap::new();
    for p in posts {
        let cs = by_post.remove(&p.id).unwrap_or_default();
        by_user.entry(p.user_id).or_default().push((p, cs));
    }
    users
        .into_iter()
        .map(|u| {
            let ps = by_user.remove(&u.id).unwrap_or_default();
            (u, ps)
        })
        .collect()
}

const PG_JOIN: &str = "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.hair_color = $1";
const JOIN: &str = "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.hair_color = ?";

/// `INSERT INTO users (name, hair_color) VALUES (?, ?), ..` for `n` rows, with `$k`
/// placeholders when `numbered` (PostgreSQL).
fn insert_sql(n: usize, numbered: bool) -> String {
    let mut sql = String::from("INSERT INTO users (name, hair_color) VALUES ");
    for i in 0..n {
        if i > 0 {
            sql.push_str(", ");
        }
        if numbered {
            sql.push_str(&format!("(${}, ${})", 2 * i + 1, 2 * i + 2));
        } else {
            sql.push_str("(?, ?)");
        }
    }
    sql
}

const PG_FIND: &str = "SELECT id, name, hair_color FROM users WHERE id = $1";
const FIND: &str = "SELECT id, name, hair_color FROM users WHERE id = ?";
const ALL: &str = "SELECT id, name, hair_color FROM users";

pub enum Conn {
    Pg(pg::Conn),
    My(mysql::Conn),
    Lite(sqlite::Conn),
}

impl Conn {
    pub async fn connect(target: &Target) -> Result<Conn, Error> {
        Ok(match target.backend {
            Backend::Postgres => Conn::Pg(pg::Conn::connect(&target.url).await?),
            Backend::MySql => Conn::My(mysql::Conn::connect(&target.url).await?),
            Backend::Sqlite => Conn::Lite(sqlite::Conn::open(
                target.path.as_deref().expect("sqlite path"),
            )?),
        })
    }
}

impl Client for Conn {
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        match self {
            Conn::Pg(c) => c.pk_lookup(id).await,
            Conn::My(c) => c.pk_lookup(id).await,
            Conn::Lite(c) => c.pk_lookup(id),
        }
    }

    async fn all_users(&mut self) -> Result<usize, Error> {
        match self {
            Conn::Pg(c) => c.all_users().await,
            Conn::My(c) => c.all_users().await,
            Conn::Lite(c) => c.all_users(),
        }
    }

    async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        match self {
            Conn::Pg(c) => c.black_haired_with_posts().await,
            Conn::My(c) => c.black_haired_with_posts().await,
            Conn::Lite(c) => c.black_haired_with_posts(),
        }
    }

    async fn associations(&mut self, eager: bool) -> Result<super::Tree, Error> {
        let (tree, queries) = match self {
            Conn::Pg(c) => c.associations(eager).await?,
            Conn::My(c) => c.associations(eager).await?,
            Conn::Lite(c) => c.associations(eager)?,
        };
        let tree = std::hint::black_box(tree);
        Ok(super::Tree {
            queries,
            ..super::Tree::of(&tree)
        })
    }

    async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        match self {
            Conn::Pg(c) => c.insert_users(n).await,
            Conn::My(c) => c.insert_users(n).await,
            Conn::Lite(c) => c.insert_users(n),
        }
    }

    async fn bulk_load(&mut self, n: usize) -> Result<u64, Error> {
        match self {
            Conn::Pg(c) => c.binary_copy(n).await,
            _ => super::unsupported(),
        }
    }
}

/// The native pools for W6: deadpool-postgres, mysql_async's own `Pool`.
pub enum Pool {
    Pg(pg::Pool),
    My(mysql::Pool),
}

impl Pool {
    /// `None` on SQLite: rusqlite is synchronous and has no async pool of its own.
    pub async fn connect(target: &Target, size: u32) -> Result<Option<Pool>, Error> {
        Ok(match target.backend {
            Backend::Postgres => Some(Pool::Pg(pg::Pool::new(&target.url, size)?)),
            Backend::MySql => Some(Pool::My(mysql::Pool::new(&target.url, size)?)),
            Backend::Sqlite => None,
        })
    }

    pub async fn pooled_lookup(&self, id: i32) -> Result<Option<i32>, OpError> {
        match self {
            Pool::Pg(p) => p.pooled_lookup(id).await,
            Pool::My(p) => p.pooled_lookup(id).await,
        }
    }
}
