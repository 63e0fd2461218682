//! diesel 2 (synchronous) on one connection: libpq, libmysqlclient, bundled SQLite. diesel
//! caches the prepared statement of every query whose SQL cannot change. A synchronous call
//! inside the benchmark's current-thread runtime blocks nothing else: one task runs.

use super::Client;
use crate::Error;
use crate::backend::{Backend, Target};
use diesel::prelude::*;
use std::hint::black_box;

diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
        hair_color -> Nullable<Text>,
    }
}

diesel::table! {
    posts (id) {
        id -> Integer,
        user_id -> Integer,
        title -> Text,
        body -> Nullable<Text>,
    }
}

diesel::table! {
    comments (id) {
        id -> Integer,
        post_id -> Integer,
        text -> Text,
    }
}

diesel::joinable!(posts -> users (user_id));
diesel::joinable!(comments -> posts (post_id));
diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);

#[derive(Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = posts, belongs_to(User))]
#[allow(dead_code)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub name: String,
    pub hair_color: Option<&'static str>,
}

#[derive(Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
// Every field is decoded, which is what is measured; the harness reads only the id.
#[allow(dead_code)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = comments, belongs_to(Post))]
#[allow(dead_code)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

type Tree = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

pub enum Conn {
    Pg(PgConnection),
    My(MysqlConnection),
    Lite(SqliteConnection),
}

/// The same typed query on whichever connection: diesel's query types are per backend.
macro_rules! on_conn {
    ($self:expr, $c:ident => $e:expr) => {
        match $self {
            Conn::Pg($c) => $e,
            Conn::My($c) => $e,
            Conn::Lite($c) => $e,
        }
    };
}

impl Conn {
    pub fn connect(target: &Target) -> Result<Conn, Error> {
        Ok(match target.backend {
            Backend::Postgres => Conn::Pg(PgConnection::establish(&target.url)?),
            Backend::MySql => Conn::My(MysqlConnection::establish(&target.url)?),
            Backend::Sqlite => {
                let path = target.path.as_deref().expect("sqlite path");
                let mut c = SqliteConnection::establish(&path.to_string_lossy())?;
                // The durability covet and every other implementation use (WAL is in the file).
                diesel::sql_query("PRAGMA synchronous = NORMAL").execute(&mut c)?;
                Conn::Lite(c)
            }
        })
    }
}

impl Client for Conn {
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        let user: Option<User> = on_conn!(self, c => users::table
            .find(id)
            .select(User::as_select())
            .get_result(c)
            .optional()?);
        Ok(black_box(user).map(|u| u.id))
    }

    async fn all_users(&mut self) -> Result<usize, Error> {
        let all: Vec<User> = on_conn!(self, c => users::table.select(User::as_select()).load(c)?);
        Ok(black_box(all).len())
    }

    async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        let pairs: Vec<(User, Option<Post>)> = on_conn!(self, c => users::table
            .left_join(posts::table)
            .filter(users::hair_color.eq("black"))
            .select((User::as_select(), Option::<Post>::as_select()))
            .load(c)?);
        Ok(black_box(pairs).len())
    }

    /// Eager: `belonging_to` + `grouped_by`, diesel's documented way (3 queries, `IN` / `= ANY`).
    /// N+1: the same `belonging_to` per parent.
    async fn associations(&mut self, eager: bool) -> Result<super::Tree, Error> {
        let (tree, queries): (Tree, u64) = if eager {
            on_conn!(self, c => {
                let users: Vec<User> = users::table.select(User::as_select()).load(c)?;
                let posts: Vec<Post> = Post::belonging_to(&users).select(Post::as_select()).load(c)?;
                let comments: Vec<Comment> =
                    Comment::belonging_to(&posts).select(Comment::as_select()).load(c)?;
                let comments = comments.grouped_by(&posts);
                let posts: Vec<Vec<(Post, Vec<Comment>)>> = posts
                    .into_iter()
                    .zip(comments)
                    .grouped_by(&users);
                (users.into_iter().zip(posts).collect(), 3)
            })
        } else {
            on_conn!(self, c => {
                let mut out: Tree = Vec::new();
                let mut queries = 1;
                for user in users::table.select(User::as_select()).load::<User>(c)? {
                    let posts: Vec<Post> =
                        Post::belonging_to(&user).select(Post::as_select()).load(c)?;
                    queries += 1;
                    let mut ps = Vec::new();
                    for post in posts {
                        let cs: Vec<Comment> =
                            Comment::belonging_to(&post).select(Comment::as_select()).load(c)?;
                        queries += 1;
                        ps.push((post, cs));
                    }
                    out.push((user, ps));
                }
                (out, queries)
            })
        };
        let tree = black_box(tree);
        Ok(super::Tree {
            queries,
            ..super::Tree::of(&tree)
        })
    }

    async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        let rows: Vec<NewUser> = (1..=n)
            .map(|i| NewUser {
                name: crate::data::user_name(i),
                hair_color: crate::data::hair_color(i),
            })
            .collect();
        let inserted =
            on_conn!(self, c => diesel::insert_into(users::table).values(&rows).execute(c)?);
        Ok(inserted as u64)
    }
}
