//! The backend harness: every behaviour test is written once and run on SQLite, PostgreSQL and
//! MariaDB, each in its own namespace (an in-memory database, a PostgreSQL schema, a MariaDB
//! database) so tests run in parallel without meeting, and each namespace is dropped after.
//!
//! A server that cannot be reached fails the test when `CI=true`, and skips it (with a line on
//! stderr) otherwise.

pub(crate) mod proxy;
pub(crate) mod server;
pub(crate) mod throwaway;

use covet::{Db, DbOptions};
use sqlx::Connection as _;
use std::future::Future;

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Sqlite,
    Postgres,
    MariaDb,
}

pub(crate) fn pg_url() -> String {
    std::env::var("COVET_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub(crate) fn mysql_url() -> String {
    std::env::var("COVET_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

/// `scheme://user@host:port/db` → `scheme://user@host:port/` + `db` (the URL's path replaced).
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// A namespace name unique to one test and backend, valid everywhere (≤ 63 bytes).
fn namespace(test: &str) -> String {
    let clean: String = test
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    // The checkout's path is hashed in too, so that two checkouts of covet testing against the
    // same servers at once (CI beside a developer's run) never share a namespace.
    let salted = env!("CARGO_MANIFEST_DIR").bytes().chain(clean.bytes());
    let hash = salted.fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let tail: String = clean
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("covet_{:08x}_{}", hash as u32, tail.trim_start_matches('_'))
}

pub(crate) fn unavailable<T>(kind: Kind, why: &dyn std::fmt::Display) -> Option<T> {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{kind:?} is required when CI=true but unavailable: {why}");
    }
    eprintln!("SKIPPED on {kind:?}: server unavailable ({why})");
    None
}

/// What to drop when the test is over.
pub(crate) enum Cleanup {
    None,
    PgSchema(String),
    MySqlDatabase(String),
}

/// Pool settings a test may adjust before connecting.
pub(crate) type Tweak = fn(DbOptions) -> DbOptions;

/// Creates an isolated namespace for `test` on `kind` and returns the URL that reaches it.
pub(crate) async fn namespace_url(kind: Kind, test: &str) -> Option<(String, Cleanup)> {
    let ns = namespace(test);
    match kind {
        Kind::Sqlite => Some(("sqlite::memory:".to_owned(), Cleanup::None)),
        Kind::Postgres => {
            let mut admin = match sqlx::PgConnection::connect(&pg_url()).await {
                Ok(c) => c,
                Err(e) => return unavailable(kind, &e),
            };
            let ddl = format!("DROP SCHEMA IF EXISTS {ns} CASCADE; CREATE SCHEMA {ns}");
            sqlx::raw_sql(sqlx::AssertSqlSafe(ddl))
                .execute(&mut admin)
                .await
                .expect("create schema");
            let sep = if pg_url().contains('?') { '&' } else { '?' };
            // The application name lets a test find its own sessions on the server.
            let url = format!(
                "{}{sep}options=-c%20search_path%3D{ns}&application_name={ns}",
                pg_url()
            );
            Some((url, Cleanup::PgSchema(ns)))
        }
        Kind::MariaDb => {
            let mut admin = match sqlx::MySqlConnection::connect(&mysql_url()).await {
                Ok(c) => c,
                Err(e) => return unavailable(kind, &e),
            };
            let ddl = format!(
                "DROP DATABASE IF EXISTS {ns}; CREATE DATABASE {ns} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
            );
            sqlx::raw_sql(sqlx::AssertSqlSafe(ddl))
                .execute(&mut admin)
                .await
                .expect("create database");
            Some((with_database(&mysql_url(), &ns), Cleanup::MySqlDatabase(ns)))
        }
    }
}

/// Opens an isolated database for `test` on `kind`.
pub(crate) async fn open(kind: Kind, test: &str, tweak: Tweak) -> Option<(Db, Cleanup)> {
    let (url, cleanup) = namespace_url(kind, test).await?;
    let db = tweak(DbOptions::new(url).max_connections(4))
        .connect()
        .await
        .expect("connect");
    Some((db, cleanup))
}

/// Drops what [`namespace_url`] created.
pub(crate) async fn clean_up(cleanup: Cleanup) {
    match cleanup {
        Cleanup::None => {}
        Cleanup::PgSchema(ns) => {
            let mut admin = sqlx::PgConnection::connect(&pg_url()).await.expect("admin");
            let ddl = format!("DROP SCHEMA IF EXISTS {ns} CASCADE");
            sqlx::raw_sql(sqlx::AssertSqlSafe(ddl))
                .execute(&mut admin)
                .await
                .expect("drop schema");
        }
        Cleanup::MySqlDatabase(ns) => {
            let mut admin = sqlx::MySqlConnection::connect(&mysql_url())
                .await
                .expect("admin");
            let ddl = format!("DROP DATABASE IF EXISTS {ns}");
            sqlx::raw_sql(sqlx::AssertSqlSafe(ddl))
                .execute(&mut admin)
                .await
                .expect("drop database");
        }
    }
}

/// Runs `body` against a fresh database on `kind`, drops the database, then reports the body's
/// outcome (a panic inside the body is re-raised after clean-up).
pub(crate) async fn run<F, Fut>(kind: Kind, test: &str, tweak: Tweak, body: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = covet::Result<()>> + Send + 'static,
{
    let Some((db, cleanup)) = open(kind, test, tweak).await else {
        return;
    };
    let outcome = tokio::spawn(body(db.clone())).await;
    db.close().await;
    clean_up(cleanup).await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("[{kind:?}] {test} failed: {e}"),
        Err(join) => std::panic::resume_unwind(join.into_panic()),
    }
}

/// Declares one test per backend: `name::sqlite`, `name::postgres`, `name::mariadb`.
macro_rules! on_every_backend {
    ($(#[$meta:meta])* async fn $name:ident($db:ident: Db) $body:block) => {
        on_every_backend! { options = |o| o; $(#[$meta])* async fn $name($db: Db) $body }
    };
    (options = $tweak:expr; $(#[$meta:meta])* async fn $name:ident($db:ident: Db) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports, reason = "each test uses part of its parent's imports")]
            use super::*;

            async fn body($db: covet::Db) -> covet::Result<()> $body

            #[tokio::test]
            async fn sqlite() {
                $crate::common::run($crate::common::Kind::Sqlite, module_path!(), $tweak, body).await;
            }

            #[tokio::test]
            async fn postgres() {
                $crate::common::run($crate::common::Kind::Postgres, module_path!(), $tweak, body).await;
            }

            #[tokio::test]
            async fn mariadb() {
                $crate::common::run($crate::common::Kind::MariaDb, module_path!(), $tweak, body).await;
            }
        }
    };
}
