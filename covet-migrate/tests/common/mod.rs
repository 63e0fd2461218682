//! The backend harness of covet-migrate's suite.

pub(crate) mod schema;

use covet_sql::Backend;
use sqlx::{AssertSqlSafe, Connection as _, Row as _};
use std::future::Future;

pub(crate) fn pg_url() -> String {
    std::env::var("COVET_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub(crate) fn mysql_url() -> String {
    std::env::var("COVET_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

fn with_database(url: &str, db: &str) -> String {
    let base = url.rsplit_once('/').map_or(url, |(b, _)| b);
    format!("{base}/{db}")
}

/// A namespace name unique to one test, valid everywhere.
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
        .take(36)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("cm_{:08x}_{}", hash as u32, tail.trim_start_matches('_'))
}

fn unavailable(backend: Backend, why: &dyn std::fmt::Display) -> Option<Namespace> {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{backend} is required when CI=true but unavailable: {why}");
    }
    eprintln!("SKIPPED on {backend}: server unavailable ({why})");
    None
}

/// An isolated database for one test.
pub(crate) struct Namespace {
    pub(crate) url: String,
    pub(crate) backend: Backend,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl Namespace {
    pub(crate) async fn create(backend: Backend, test: &str) -> Option<Self> {
        let name = namespace(test);
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("db.sqlite").display()
                );
                Some(Self {
                    url,
                    backend,
                    name,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let mut admin = match sqlx::PgConnection::connect(&pg_url()).await {
                    Ok(c) => c,
                    Err(e) => return unavailable(backend, &e),
                };
                let ddl = format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}");
                sqlx::raw_sql(AssertSqlSafe(ddl))
                    .execute(&mut admin)
                    .await
                    .expect("schema");
                // Loopback needs no TLS, and a TLS handshake in a debug build costs ~80 ms per
                // connection (the property test opens thousands).
                let tls = if pg_url().contains("sslmode=") {
                    ""
                } else {
                    "&sslmode=disable"
                };
                let url = format!("{}?options=-c%20search_path%3D{name}{tls}", pg_url());
                Some(Self {
                    url,
                    backend,
                    name,
                    _dir: None,
                })
            }
            Backend::MySql => {
                let mut admin = match sqlx::MySqlConnection::connect(&mysql_url()).await {
                    Ok(c) => c,
                    Err(e) => return unavailable(backend, &e),
                };
                let ddl = format!(
                    "DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
                );
                sqlx::raw_sql(AssertSqlSafe(ddl))
                    .execute(&mut admin)
                    .await
                    .expect("database");
                let url = with_database(&mysql_url(), &name);
                Some(Self {
                    url,
                    backend,
                    name,
                    _dir: None,
                })
            }
        }
    }

    pub(crate) async fn drop_it(&self) {
        match self.backend {
            Backend::Sqlite => {}
            Backend::Postgres => {
                let mut admin = sqlx::PgConnection::connect(&pg_url()).await.expect("admin");
                let ddl = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name);
                sqlx::raw_sql(AssertSqlSafe(ddl))
                    .execute(&mut admin)
                    .await
                    .expect("drop");
            }
            Backend::MySql => {
                let mut admin = sqlx::MySqlConnection::connect(&mysql_url())
                    .await
                    .expect("admin");
                let ddl = format!("DROP DATABASE IF EXISTS {}", self.name);
                sqlx::raw_sql(AssertSqlSafe(ddl))
                    .execute(&mut admin)
                    .await
                    .expect("drop");
            }
        }
    }

    /// Runs a test query and returns the first column of every row as i64 (test code only).
    pub(crate) async fn ints(&self, sql: &str) -> Vec<i64> {
        let sql = AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query(sql).fetch_all(&mut c).await.unwrap();
                rows.iter()
                    .map(|r| {
                        r.try_get::<i64, _>(0)
                            .unwrap_or_else(|_| r.get::<i32, _>(0).into())
                    })
                    .collect()
            }
            Backend::MySql => {
                let mut c = sqlx::MySqlConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query(sql).fetch_all(&mut c).await.unwrap();
                rows.iter().map(|r| r.get::<i64, _>(0)).collect()
            }
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                let rows = sqlx::query(sql).fetch_all(&mut c).await.unwrap();
                rows.iter().map(|r| r.get::<i64, _>(0)).collect()
            }
        }
    }

    /// Runs test statements (test code only).
    pub(crate) async fn exec(&self, sql: &str) {
        self.try_exec(sql).await.unwrap();
    }

    /// Runs test statements (test code only), giving back the server's refusal.
    pub(crate) async fn try_exec(&self, sql: &str) -> Result<(), sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await?;
                sqlx::raw_sql(sql).execute(&mut c).await.map(drop)
            }
            Backend::MySql => {
                let mut c = sqlx::MySqlConnection::connect(&self.url).await?;
                sqlx::raw_sql(sql).execute(&mut c).await.map(drop)
            }
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await?;
                sqlx::raw_sql(sql).execute(&mut c).await.map(drop)
            }
        }
    }

    /// Whether a table exists in the namespace.
    pub(crate) async fn has_table(&self, table: &str) -> bool {
        let sql = match self.backend {
            Backend::Postgres => format!(
                "SELECT COUNT(*)::BIGINT FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'"
            ),
            Backend::MySql => format!(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{table}'"
            ),
            Backend::Sqlite => {
                format!(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
                )
            }
        };
        self.ints(&sql).await == [1]
    }
}

/// Panics, listing every difference, unless the database's schema is `expected` as this
/// backend stores it.
pub(crate) async fn assert_schema(ns: &Namespace, expected: &covet_migrate::snapshot::Snapshot) {
    let runner = covet_migrate::Runner::new(ns.url.clone()).unwrap();
    let found = runner.introspect().await.expect("introspect");
    let differences =
        covet_migrate::drift::compare(&expected.stored_on(ns.backend), &found.snapshot);
    let lines: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(
        lines.is_empty() && found.unrecognised.is_empty(),
        "{} schema differs from the models:\n{}\n{:?}",
        ns.backend,
        lines.join("\n"),
        found.unrecognised
    );
}

/// Runs `body` in a fresh namespace on `backend`, drops it, then re-raises a panic.
pub(crate) async fn run<F, Fut>(backend: Backend, test: &str, body: F)
where
    F: FnOnce(std::sync::Arc<Namespace>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(ns) = Namespace::create(backend, test).await else {
        return;
    };
    let ns = std::sync::Arc::new(ns);
    let outcome = tokio::spawn(body(ns.clone())).await;
    ns.drop_it().await;
    if let Err(join) = outcome {
        std::panic::resume_unwind(join.into_panic());
    }
}

/// Declares one test per backend: `name::sqlite`, `name::postgres`, `name::mariadb`.
macro_rules! on_every_backend {
    ($(#[$meta:meta])* async fn $name:ident($ns:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports, reason = "each test uses part of its parent's imports")]
            use super::*;

            async fn body($ns: std::sync::Arc<$crate::common::Namespace>) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                $crate::common::run(covet_sql::Backend::Sqlite, module_path!(), body).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                $crate::common::run(covet_sql::Backend::Postgres, module_path!(), body).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn mariadb() {
                $crate::common::run(covet_sql::Backend::MySql, module_path!(), body).await;
            }
        }
    };
}
