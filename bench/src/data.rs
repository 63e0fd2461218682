//! The data every implementation reads: diesel's benchmark schema (so figures line up with
//! published ones), one DDL and one seed for all, and the seeded key generator.

use crate::Error;
use crate::backend::{Backend, Target};
use sqlx::{AssertSqlSafe, Connection as _};

/// `users`, `posts`, `comments` with the indexes the spec lists. Only `users` is read by the
/// workloads so far; the other two are created now so later workloads find the schema whole.
fn ddl(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Postgres => &[
            "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, hair_color TEXT)",
            "CREATE TABLE posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title TEXT NOT NULL, body TEXT)",
            "CREATE TABLE comments (id SERIAL PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id), text TEXT NOT NULL)",
            "CREATE INDEX users_hair_color ON users (hair_color)",
            "CREATE INDEX posts_user_id ON posts (user_id)",
            "CREATE INDEX comments_post_id ON comments (post_id)",
        ],
        // VARCHAR where InnoDB must build a key (a TEXT column cannot be indexed whole).
        Backend::MySql => &[
            "CREATE TABLE users (id INTEGER PRIMARY KEY AUTO_INCREMENT, name VARCHAR(255) NOT NULL, hair_color VARCHAR(255))",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY AUTO_INCREMENT, user_id INTEGER NOT NULL, title VARCHAR(255) NOT NULL, body TEXT, FOREIGN KEY (user_id) REFERENCES users (id))",
            "CREATE TABLE comments (id INTEGER PRIMARY KEY AUTO_INCREMENT, post_id INTEGER NOT NULL, text TEXT NOT NULL, FOREIGN KEY (post_id) REFERENCES posts (id))",
            "CREATE INDEX users_hair_color ON users (hair_color)",
            "CREATE INDEX posts_user_id ON posts (user_id)",
            "CREATE INDEX comments_post_id ON comments (post_id)",
        ],
        Backend::Sqlite => &[
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, hair_color TEXT)",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title TEXT NOT NULL, body TEXT)",
            "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id), text TEXT NOT NULL)",
            "CREATE INDEX users_hair_color ON users (hair_color)",
            "CREATE INDEX posts_user_id ON posts (user_id)",
            "CREATE INDEX comments_post_id ON comments (post_id)",
        ],
    }
}

/// The seeded user `i` (1-based): half are 'black' (W3 selects them), a quarter 'brown' and a
/// quarter NULL, so nullable decoding is exercised by every implementation.
pub fn hair_color(i: usize) -> Option<&'static str> {
    match i % 4 {
        0 | 2 => Some("black"),
        1 => Some("brown"),
        _ => None,
    }
}

/// The seeded (and inserted) user `i`'s name.
pub fn user_name(i: usize) -> String {
    format!("User {i}")
}

/// Runs statements on the benchmark database through one plain sqlx connection: creating the
/// schema and reseeding are not measured, so one tool does it for all.
pub struct Admin {
    conn: AdminConn,
    backend: Backend,
    /// Users currently in the table.
    pub users: usize,
    /// Whether they have their posts and comments (W5).
    related: bool,
}

/// W5's fan-out: posts per user, comments per post.
pub const POSTS_PER_USER: usize = 10;
pub const COMMENTS_PER_POST: usize = 10;

/// One seeded value, bound as a parameter.
enum Seed {
    Int(i32),
    Text(Option<String>),
}

enum AdminConn {
    Pg(sqlx::PgConnection),
    My(sqlx::MySqlConnection),
    Lite(sqlx::SqliteConnection),
}

impl Admin {
    pub async fn connect(target: &Target) -> Result<Admin, Error> {
        let conn = match target.backend {
            Backend::Postgres => AdminConn::Pg(sqlx::PgConnection::connect(&target.url).await?),
            Backend::MySql => AdminConn::My(sqlx::MySqlConnection::connect(&target.url).await?),
            Backend::Sqlite => AdminConn::Lite(sqlx::SqliteConnection::connect(&target.url).await?),
        };
        Ok(Admin {
            conn,
            backend: target.backend,
            users: 0,
            related: false,
        })
    }

    async fn exec(&mut self, sql: String) -> Result<(), Error> {
        let q = sqlx::raw_sql(AssertSqlSafe(sql));
        match &mut self.conn {
            AdminConn::Pg(c) => {
                q.execute(c).await?;
            }
            AdminConn::My(c) => {
                q.execute(c).await?;
            }
            AdminConn::Lite(c) => {
                q.execute(c).await?;
            }
        }
        Ok(())
    }

    /// Inserts `rows` 1,000 at a time through sqlx's `QueryBuilder`: the values are bound,
    /// never written into the text.
    async fn insert<const N: usize>(
        &mut self,
        head: &'static str,
        rows: impl Iterator<Item = [Seed; N]>,
    ) -> Result<(), Error> {
        let rows: Vec<[Seed; N]> = rows.collect();
        for chunk in rows.chunks(1_000) {
            macro_rules! run {
                ($db:ty, $conn:expr) => {{
                    let mut q = sqlx::QueryBuilder::<$db>::new(head);
                    q.push_values(chunk, |mut b, row| {
                        for v in row {
                            match v {
                                Seed::Int(i) => b.push_bind(*i),
                                Seed::Text(t) => b.push_bind(t.clone()),
                            };
                        }
                    });
                    q.build().execute($conn).await?;
                }};
            }
            match &mut self.conn {
                AdminConn::Pg(c) => run!(sqlx::Postgres, &mut *c),
                AdminConn::My(c) => run!(sqlx::MySql, &mut *c),
                AdminConn::Lite(c) => run!(sqlx::Sqlite, &mut *c),
            }
        }
        Ok(())
    }

    pub async fn create_schema(&mut self) -> Result<(), Error> {
        for sql in ddl(self.backend) {
            self.exec((*sql).to_owned()).await?;
        }
        Ok(())
    }

    /// After a workload that wrote to `users`: the next `seed_users` starts over.
    pub fn mark_dirty(&mut self) {
        self.users = usize::MAX;
    }

    /// Makes `users` hold exactly users 1..=n (posts and comments emptied), then refreshes the
    /// planner's statistics so every implementation meets the same plan.
    pub async fn seed_users(&mut self, n: usize) -> Result<(), Error> {
        if self.users == n && !self.related {
            return Ok(());
        }
        self.related = false;
        self.exec("DELETE FROM comments".into()).await?;
        self.exec("DELETE FROM posts".into()).await?;
        self.exec("DELETE FROM users".into()).await?;
        let users = (1..=n).map(|i| {
            let hair = hair_color(i).map(str::to_owned);
            [
                Seed::Int(i as i32),
                Seed::Text(Some(user_name(i))),
                Seed::Text(hair),
            ]
        });
        self.insert("INSERT INTO users (id, name, hair_color) ", users)
            .await?;
        match self.backend {
            Backend::Postgres => {
                // The sequence follows the seeded ids, so the peers' inserts (W4) get new ones.
                self.exec(
                    "SELECT setval('users_id_seq', GREATEST((SELECT max(id) FROM users), 1))"
                        .into(),
                )
                .await?;
                self.exec("ANALYZE users".into()).await?;
            }
            Backend::MySql => self.exec("ANALYZE TABLE users".into()).await?,
            Backend::Sqlite => self.exec("ANALYZE".into()).await?,
        }
        self.users = n;
        Ok(())
    }

    /// Users 1..=n, each with [`POSTS_PER_USER`] posts, each with [`COMMENTS_PER_POST`]
    /// comments; every third post has no body, so nullable decoding is exercised.
    pub async fn seed_related(&mut self, n: usize) -> Result<(), Error> {
        if self.users == n && self.related {
            return Ok(());
        }
        self.users = usize::MAX;
        self.seed_users(n).await?;
        let posts = (1..=n * POSTS_PER_USER).map(|i| {
            let user = (i - 1) / POSTS_PER_USER + 1;
            let body = (i % 3 != 0).then(|| format!("Body {i}"));
            [
                Seed::Int(i as i32),
                Seed::Int(user as i32),
                Seed::Text(Some(format!("Post {i}"))),
                Seed::Text(body),
            ]
        });
        self.insert("INSERT INTO posts (id, user_id, title, body) ", posts)
            .await?;
        let comments = (1..=n * POSTS_PER_USER * COMMENTS_PER_POST).map(|i| {
            let post = (i - 1) / COMMENTS_PER_POST + 1;
            [
                Seed::Int(i as i32),
                Seed::Int(post as i32),
                Seed::Text(Some(format!("Comment {i}"))),
            ]
        });
        self.insert("INSERT INTO comments (id, post_id, text) ", comments)
            .await?;
        match self.backend {
            Backend::Postgres => self.exec("ANALYZE posts; ANALYZE comments".into()).await?,
            Backend::MySql => self.exec("ANALYZE TABLE posts, comments".into()).await?,
            Backend::Sqlite => self.exec("ANALYZE".into()).await?,
        }
        self.related = true;
        Ok(())
    }
}

/// Primary keys from a fixed-seed generator (splitmix64), so every implementation looks up the
/// same keys in the same order.
#[derive(Debug, Clone)]
pub struct Keys {
    state: u64,
    n: u64,
}

impl Keys {
    pub fn new(seed: u64, n: usize) -> Keys {
        Keys {
            state: seed,
            n: n as u64,
        }
    }

    pub fn next_key(&mut self) -> i32 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        1 + (z % self.n) as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_in_range_and_repeatable() {
        let mut a = Keys::new(7, 10_000);
        let mut b = Keys::new(7, 10_000);
        for _ in 0..10_000 {
            let k = a.next_key();
            assert!((1..=10_000).contains(&k));
            assert_eq!(k, b.next_key());
        }
        let black = (1..=100)
            .filter(|&i| hair_color(i) == Some("black"))
            .count();
        assert_eq!(black, 50);
    }
}
