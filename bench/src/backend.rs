//! The three backends and the database each run gets: created at the start, dropped at the
//! end, so nothing of a run survives it and nothing of another project's data is touched.

use crate::Error;
use sqlx::Connection as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::MySql];

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::MySql => "mysql",
        }
    }

    pub fn parse(s: &str) -> Option<Backend> {
        match s {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" | "pg" => Some(Backend::Postgres),
            "mysql" | "mariadb" => Some(Backend::MySql),
            _ => None,
        }
    }
}

pub const DATABASE: &str = "covet_bench";

/// Where one backend's benchmark database lives.
#[derive(Debug, Clone)]
pub struct Target {
    pub backend: Backend,
    /// The benchmark database's URL, as every sqlx-based implementation (covet, raw sqlx,
    /// sea-orm), diesel and tokio-postgres accept it. PostgreSQL gets `sslmode=disable`: the
    /// local server has TLS on, and the spec measures plain TCP for everyone.
    pub url: String,
    /// SQLite only: the database file.
    pub path: Option<std::path::PathBuf>,
    /// The URL of a database to connect to for CREATE/DROP DATABASE.
    admin_url: String,
}

/// `scheme://user@host:port/anything?q` → `scheme://user@host:port/db?q`.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

fn with_param(url: &str, key: &str, value: &str) -> String {
    if url.contains(&format!("{key}=")) {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{key}={value}")
}

impl Target {
    pub fn new(backend: Backend) -> Target {
        match backend {
            Backend::Postgres => {
                let admin = std::env::var("COVET_PG_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
                let admin = with_param(&admin, "sslmode", "disable");
                Target {
                    backend,
                    url: with_database(&admin, DATABASE),
                    path: None,
                    admin_url: admin,
                }
            }
            Backend::MySql => {
                let admin = std::env::var("COVET_MYSQL_URL")
                    .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/".into());
                Target {
                    backend,
                    url: with_database(&admin, DATABASE),
                    path: None,
                    admin_url: with_database(&admin, ""),
                }
            }
            Backend::Sqlite => {
                let path = std::env::temp_dir()
                    .join(format!("covet_bench_{}.sqlite3", std::process::id()));
                Target {
                    backend,
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    path: Some(path),
                    admin_url: String::new(),
                }
            }
        }
    }

    /// A fresh, empty benchmark database. SQLite is put in WAL mode here, once: the mode is
    /// stored in the file, so every implementation's connections read the same way.
    pub async fn create(&self) -> Result<(), Error> {
        match self.backend {
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.admin_url).await?;
                sqlx::raw_sql("DROP DATABASE IF EXISTS covet_bench WITH (FORCE)")
                    .execute(&mut c)
                    .await?;
                sqlx::raw_sql("CREATE DATABASE covet_bench")
                    .execute(&mut c)
                    .await?;
                c.close().await?;
            }
            Backend::MySql => {
                let mut c = sqlx::MySqlConnection::connect(&self.admin_url).await?;
                sqlx::raw_sql("DROP DATABASE IF EXISTS covet_bench")
                    .execute(&mut c)
                    .await?;
                sqlx::raw_sql("CREATE DATABASE covet_bench CHARACTER SET utf8mb4")
                    .execute(&mut c)
                    .await?;
                c.close().await?;
            }
            Backend::Sqlite => {
                self.remove_sqlite_files();
                let mut c = sqlx::SqliteConnection::connect(&self.url).await?;
                sqlx::raw_sql("PRAGMA journal_mode = WAL")
                    .execute(&mut c)
                    .await?;
                c.close().await?;
            }
        }
        Ok(())
    }

    pub async fn drop_database(&self) -> Result<(), Error> {
        match self.backend {
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.admin_url).await?;
                sqlx::raw_sql("DROP DATABASE IF EXISTS covet_bench WITH (FORCE)")
                    .execute(&mut c)
                    .await?;
                c.close().await?;
            }
            Backend::MySql => {
                let mut c = sqlx::MySqlConnection::connect(&self.admin_url).await?;
                sqlx::raw_sql("DROP DATABASE IF EXISTS covet_bench")
                    .execute(&mut c)
                    .await?;
                c.close().await?;
            }
            Backend::Sqlite => self.remove_sqlite_files(),
        }
        Ok(())
    }

    fn remove_sqlite_files(&self) {
        if let Some(p) = &self.path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
        }
    }

    /// The server's version, for the machine line.
    pub async fn server_version(&self) -> Result<String, Error> {
        let sql = match self.backend {
            Backend::Postgres => "SELECT version()",
            Backend::MySql => "SELECT CONCAT('MariaDB/MySQL ', VERSION())",
            Backend::Sqlite => "SELECT 'SQLite ' || sqlite_version()",
        };
        let v: (String,) = match self.backend {
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await?;
                sqlx::query_as(sql).fetch_one(&mut c).await?
            }
            Backend::MySql => {
                let mut c = sqlx::MySqlConnection::connect(&self.url).await?;
                sqlx::query_as(sql).fetch_one(&mut c).await?
            }
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await?;
                sqlx::query_as(sql).fetch_one(&mut c).await?
            }
        };
        Ok(v.0.split(" on ").next().unwrap_or(&v.0).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            with_database(
                "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
                "covet_bench"
            ),
            "postgres://postgres@127.0.0.1:5432/covet_bench?sslmode=disable"
        );
        assert_eq!(
            with_database("mysql://root@127.0.0.1:3306/", "x"),
            "mysql://root@127.0.0.1:3306/x"
        );
        assert_eq!(
            with_database("mysql://root@127.0.0.1:3306", "x"),
            "mysql://root@127.0.0.1:3306/x"
        );
        assert_eq!(
            with_param("pg://h/d", "sslmode", "disable"),
            "pg://h/d?sslmode=disable"
        );
        assert_eq!(
            with_param("pg://h/d?sslmode=require", "sslmode", "disable"),
            "pg://h/d?sslmode=require"
        );
    }
}
