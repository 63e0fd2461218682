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
use std::collections::HashMap;
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

#[allow(dead_code)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

macro_rules! post_from_row {
    ($row:ty) => {
        impl<'r> sqlx::FromRow<'r, $row> for Post {
            fn from_row(row: &'r $row) -> Result<Self, sqlx::Error> {
                Ok(Post {
                    id: row.try_get(0)?,
                    user_id: row.try_get(1)?,
                    title: row.try_get(2)?,
                    body: row.try_get(3)?,
                })
            }
        }
        impl<'r> sqlx::FromRow<'r, $row> for Comment {
            fn from_row(row: &'r $row) -> Result<Self, sqlx::Error> {
                Ok(Comment {
                    id: row.try_get(0)?,
                    post_id: row.try_get(1)?,
                    text: row.try_get(2)?,
                })
            }
        }
    };
}
post_from_row!(PgRow);
post_from_row!(MySqlRow);
post_from_row!(SqliteRow);

#[allow(dead_code)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

/// A W3 row: the user's columns, then the post's, which are all NULL when there is none.
// Every field is decoded, which is what is measured; the harness reads only the count.
#[allow(dead_code)]
pub struct UserPost(pub User, pub Option<Post>);

macro_rules! user_post_from_row {
    ($row:ty) => {
        impl<'r> sqlx::FromRow<'r, $row> for UserPost {
            fn from_row(row: &'r $row) -> Result<Self, sqlx::Error> {
                let user = User {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    hair_color: row.try_get(2)?,
                };
                let post = match row.try_get::<Option<i32>, _>(3)? {
                    Some(id) => Some(Post {
                        id,
                        user_id: row.try_get(4)?,
                        title: row.try_get(5)?,
                        body: row.try_get(6)?,
                    }),
                    None => None,
                };
                Ok(UserPost(user, post))
            }
        }
    };
}
user_post_from_row!(PgRow);
user_post_from_row!(MySqlRow);
user_post_from_row!(SqliteRow);

const PG_JOIN: &str = "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.hair_color = $1";
const JOIN: &str = "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.hair_color = ?";

const POSTS_OF: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id = ?";
const PG_POSTS_OF: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id = $1";
const COMMENTS_OF: &str = "SELECT id, post_id, text FROM comments WHERE post_id = ?";
const PG_COMMENTS_OF: &str = "SELECT id, post_id, text FROM comments WHERE post_id = $1";
const PG_POSTS_ANY: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)";
const PG_COMMENTS_ANY: &str = "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)";

/// `SELECT .. WHERE key IN (?, ?, ..)` with one bind per key (MySQL and SQLite have no
/// arrays); the same text for the same key count, so sqlx's statement cache serves it.
macro_rules! select_in {
    ($db:ty, $select:expr, $keys:expr) => {{
        let mut b = sqlx::QueryBuilder::<$db>::new($select);
        b.push(" IN (");
        let mut sep = b.separated(", ");
        for k in $keys {
            sep.push_bind(k);
        }
        b.push(")");
        b
    }};
}

/// Groups the three levels into the tree, in the parents' order.
fn assemble(
    users: Vec<User>,
    posts: Vec<Post>,
    comments: Vec<Comment>,
) -> super::Nested<User, Post, Comment> {
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

/// W5 N+1 on one connection type: a statement for the users, one per user, one per post.
macro_rules! n_plus_one_tree {
    ($c:expr, $posts_of:expr, $comments_of:expr) => {{
        let mut out: super::Nested<User, Post, Comment> = Vec::new();
        let mut queries = 1;
        let users: Vec<User> = sqlx::query_as(ALL).fetch_all(&mut *$c).await?;
        for u in users {
            let posts: Vec<Post> = sqlx::query_as($posts_of)
                .bind(u.id)
                .fetch_all(&mut *$c)
                .await?;
            queries += 1;
            let mut ps = Vec::new();
            for p in posts {
                let cs: Vec<Comment> = sqlx::query_as($comments_of)
                    .bind(p.id)
                    .fetch_all(&mut *$c)
                    .await?;
                queries += 1;
                ps.push((p, cs));
            }
            out.push((u, ps));
        }
        (out, queries)
    }};
}

/// Rows per multi-row INSERT in the bulk row: the cap covet's own VALUES path uses too.
const BULK_CHUNK: usize = 1_000;

/// `INSERT INTO users (name, hair_color) VALUES (..), (..)` for users `from..=to`, built with
/// sqlx's `QueryBuilder` as its documentation shows; the same text for the same row count, so
/// sqlx's statement cache serves it.
macro_rules! insert_values {
    ($db:ty, $from:expr, $to:expr, $returning:expr) => {{
        let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO users (name, hair_color) ");
        b.push_values($from..=$to, |mut row, i| {
            row.push_bind(crate::data::user_name(i))
                .push_bind(crate::data::hair_color(i));
        });
        if $returning {
            b.push(" RETURNING id, name, hair_color");
        }
        b
    }};
}

const PG_FIND: &str = "SELECT id, name, hair_color FROM users WHERE id = $1";
const FIND: &str = "SELECT id, name, hair_color FROM users WHERE id = ?";
const ALL: &str = "SELECT id, name, hair_color FROM users";

/// WAL with `synchronous = NORMAL`, as covet opens SQLite: every implementation gets the same
/// durability, so a commit costs no fsync for any of them.
fn sqlite_options(url: &str) -> Result<SqliteConnectOptions, Error> {
    Ok(SqliteConnectOptions::from_str(url)?
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Normal))
}

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
            Backend::Postgres => Conn::Pg(
                PgConnectOptions::from_str(url)?
                    .disable_statement_logging()
                    .connect()
                    .await?,
            ),
            Backend::MySql => Conn::My(
                MySqlConnectOptions::from_str(url)?
                    .disable_statement_logging()
                    .connect()
                    .await?,
            ),
            Backend::Sqlite => Conn::Lite(
                sqlite_options(url)?
                    .disable_statement_logging()
                    .connect()
                    .await?,
            ),
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

    async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        let rows: Vec<UserPost> = match self {
            Conn::Pg(c) => sqlx::query_as(PG_JOIN).bind("black").fetch_all(c).await?,
            Conn::My(c) => sqlx::query_as(JOIN).bind("black").fetch_all(c).await?,
            Conn::Lite(c) => sqlx::query_as(JOIN).bind("black").fetch_all(c).await?,
        };
        Ok(black_box(rows).len())
    }

    async fn associations(&mut self, eager: bool) -> Result<super::Tree, Error> {
        let (tree, queries) = if eager {
            let tree = match self {
                Conn::Pg(c) => {
                    let users: Vec<User> = sqlx::query_as(ALL).fetch_all(&mut *c).await?;
                    let ids: Vec<i32> = users.iter().map(|u| u.id).collect();
                    let posts: Vec<Post> = sqlx::query_as(PG_POSTS_ANY)
                        .bind(ids)
                        .fetch_all(&mut *c)
                        .await?;
                    let ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
                    let comments: Vec<Comment> = sqlx::query_as(PG_COMMENTS_ANY)
                        .bind(ids)
                        .fetch_all(&mut *c)
                        .await?;
                    assemble(users, posts, comments)
                }
                Conn::My(c) => {
                    let users: Vec<User> = sqlx::query_as(ALL).fetch_all(&mut *c).await?;
                    let posts: Vec<Post> = select_in!(
                        sqlx::MySql,
                        "SELECT id, user_id, title, body FROM posts WHERE user_id",
                        users.iter().map(|u| u.id)
                    )
                    .build_query_as()
                    .fetch_all(&mut *c)
                    .await?;
                    let comments: Vec<Comment> = select_in!(
                        sqlx::MySql,
                        "SELECT id, post_id, text FROM comments WHERE post_id",
                        posts.iter().map(|p| p.id)
                    )
                    .build_query_as()
                    .fetch_all(&mut *c)
                    .await?;
                    assemble(users, posts, comments)
                }
                Conn::Lite(c) => {
                    let users: Vec<User> = sqlx::query_as(ALL).fetch_all(&mut *c).await?;
                    let posts: Vec<Post> = select_in!(
                        sqlx::Sqlite,
                        "SELECT id, user_id, title, body FROM posts WHERE user_id",
                        users.iter().map(|u| u.id)
                    )
                    .build_query_as()
                    .fetch_all(&mut *c)
                    .await?;
                    let comments: Vec<Comment> = select_in!(
                        sqlx::Sqlite,
                        "SELECT id, post_id, text FROM comments WHERE post_id",
                        posts.iter().map(|p| p.id)
                    )
                    .build_query_as()
                    .fetch_all(&mut *c)
                    .await?;
                    assemble(users, posts, comments)
                }
            };
            (tree, 3)
        } else {
            match self {
                Conn::Pg(c) => n_plus_one_tree!(c, PG_POSTS_OF, PG_COMMENTS_OF),
                Conn::My(c) => n_plus_one_tree!(c, POSTS_OF, COMMENTS_OF),
                Conn::Lite(c) => n_plus_one_tree!(c, POSTS_OF, COMMENTS_OF),
            }
        };
        let tree = black_box(tree);
        Ok(super::Tree {
            queries,
            ..super::Tree::of(&tree)
        })
    }

    async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        Ok(match self {
            Conn::Pg(c) => insert_values!(sqlx::Postgres, 1, n, false)
                .build()
                .execute(c)
                .await?
                .rows_affected(),
            Conn::My(c) => insert_values!(sqlx::MySql, 1, n, false)
                .build()
                .execute(c)
                .await?
                .rows_affected(),
            Conn::Lite(c) => insert_values!(sqlx::Sqlite, 1, n, false)
                .build()
                .execute(c)
                .await?
                .rows_affected(),
        })
    }

    /// Chunks of [`BULK_CHUNK`] rows in one transaction.
    async fn bulk_load(&mut self, n: usize) -> Result<u64, Error> {
        let Conn::Pg(c) = self else {
            return super::unsupported();
        };
        let mut tx = sqlx::Connection::begin(c).await?;
        let mut stored = 0;
        for from in (1..=n).step_by(BULK_CHUNK) {
            let to = (from + BULK_CHUNK - 1).min(n);
            stored += insert_values!(sqlx::Postgres, from, to, false)
                .build()
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(stored)
    }

    async fn bulk_insert_returning(&mut self, n: usize) -> Result<u64, Error> {
        let Conn::Pg(c) = self else {
            return super::unsupported();
        };
        let mut tx = sqlx::Connection::begin(c).await?;
        let mut stored: Vec<User> = Vec::new();
        for from in (1..=n).step_by(BULK_CHUNK) {
            let to = (from + BULK_CHUNK - 1).min(n);
            let rows: Vec<User> = insert_values!(sqlx::Postgres, from, to, true)
                .build_query_as()
                .fetch_all(&mut *tx)
                .await?;
            stored.extend(rows);
        }
        tx.commit().await?;
        Ok(black_box(stored).len() as u64)
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
                    .connect_with(sqlite_options(url)?.disable_statement_logging())
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
