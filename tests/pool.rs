//! covet's pool: one round trip per statement, correct under cancellation, and connections
//! closed by the server are replaced without costing the caller.

use crate::common::proxy::{self, Protocol};
use crate::common::{Kind, clean_up, namespace_url};
use covet::prelude::*;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "items")]
struct Item {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 40)]
    name: String,
    n: i64,
}

async fn seed(db: &Db, rows: i64) -> covet::Result<()> {
    covet::ddl::create_table::<Item>(db).await?;
    for n in 0..rows {
        Item::insert(NewItem {
            name: format!("item {n}"),
            n,
        })
        .exec(db)
        .await?;
    }
    Ok(())
}

/// `scheme://user@host:port/...` → `host:port`.
fn host_port(url: &str) -> String {
    let after_at = url.split_once('@').map_or(url, |(_, rest)| rest);
    after_at
        .split(['/', '?'])
        .next()
        .unwrap_or(after_at)
        .to_owned()
}

/// The namespace's URL rewritten to go through a counting proxy, with TLS off so the proxy
/// can read the protocol.
async fn through_proxy(kind: Kind, url: &str) -> (String, std::sync::Arc<proxy::Counts>) {
    let server = host_port(url);
    let upstream: SocketAddr = tokio::net::lookup_host(server.as_str())
        .await
        .expect("resolve")
        .next()
        .expect("an address");
    let protocol = if kind == Kind::Postgres {
        Protocol::Postgres
    } else {
        Protocol::MySql
    };
    let (addr, counts) = proxy::start(upstream, protocol).await;
    let proxied = url.replacen(&server, &addr.to_string(), 1);
    let sep = if proxied.contains('?') { '&' } else { '?' };
    let tls_off = if kind == Kind::Postgres {
        "sslmode=disable"
    } else {
        "ssl-mode=disabled"
    };
    (format!("{proxied}{sep}{tls_off}"), counts)
}

/// Runs 200 lookups through covet's pool of one connection and through sqlx's own pool of
/// one, counting on the wire: covet sends one exchange per lookup, sqlx's pool adds a ping
/// per release (which is what makes this test able to fail).
async fn round_trips(kind: Kind, test: &str) {
    let Some((url, cleanup)) = namespace_url(kind, test).await else {
        return;
    };
    let (proxied, counts) = through_proxy(kind, &url).await;
    let db = DbOptions::new(proxied.clone())
        .max_connections(1)
        .connect()
        .await
        .expect("connect");
    seed(&db, 3).await.expect("seed");
    for _ in 0..5 {
        Item::find(1)
            .one(&db)
            .await
            .expect("warm up the statement cache");
    }
    let (syncs, pings, statements) = counts.get();
    for _ in 0..200 {
        assert_eq!(Item::find(2).one(&db).await.expect("lookup").n, 1);
    }
    let (syncs2, pings2, statements2) = counts.get();
    match kind {
        Kind::Postgres => assert_eq!(syncs2 - syncs, 200, "one Sync per lookup, no ping"),
        _ => {
            assert_eq!(statements2 - statements, 200, "one statement per lookup");
            assert_eq!(pings2 - pings, 0, "no ping on release");
        }
    }
    db.close().await;

    // The same through sqlx's Pool, to show what the counts look like with a release ping.
    let (syncs, pings, _) = counts.get();
    let extra = match kind {
        Kind::Postgres => {
            let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1);
            select_200(pool.connect(&proxied).await.expect("sqlx pool")).await;
            counts.get().0 - syncs - 200
        }
        _ => {
            let pool = sqlx::mysql::MySqlPoolOptions::new().max_connections(1);
            select_200(pool.connect(&proxied).await.expect("sqlx pool")).await;
            counts.get().1 - pings
        }
    };
    assert!(
        extra >= 190,
        "sqlx's pool pings on release ({extra} extra round trips)"
    );
    clean_up(cleanup).await;
}

/// Runs `SELECT 1` 200 times through one of sqlx's own pools.
async fn select_200<DB: sqlx::Database>(pool: sqlx::Pool<DB>)
where
    for<'c> &'c sqlx::Pool<DB>: sqlx::Executor<'c, Database = DB>,
    <DB as sqlx::Database>::Arguments: sqlx::IntoArguments<DB>,
{
    for _ in 0..200 {
        sqlx::query::<DB>("SELECT 1")
            .execute(&pool)
            .await
            .expect("select");
    }
    pool.close().await;
}

mod one_round_trip_per_statement {
    use super::*;

    #[tokio::test]
    async fn postgres() {
        round_trips(Kind::Postgres, module_path!()).await;
    }

    #[tokio::test]
    async fn mariadb() {
        round_trips(Kind::MariaDb, module_path!()).await;
    }
}

/// A small deterministic generator: the test needs spread, not quality.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

on_every_backend! {
    options = |o| o.max_connections(10);
    async fn cancelled_queries_leave_the_pool_clean(db: Db) {
        seed(&db, 300).await?;
        let tasks: Vec<_> = (0..50u64)
            .map(|t| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut seed = 0x9E37_79B9_7F4A_7C15 ^ (t + 1);
                    let mut cancelled = 0u32;
                    for _ in 0..200 {
                        let after = Duration::from_micros(next(&mut seed) % 1_500);
                        let query = Item::query().order_by(Item::N.asc());
                        match tokio::time::timeout(after, query.all(&db)).await {
                            Err(_) => cancelled += 1,
                            Ok(rows) => assert_eq!(rows.expect("a completed query succeeds").len(), 300),
                        }
                    }
                    cancelled
                })
            })
            .collect();
        let mut cancelled = 0;
        for t in tasks {
            cancelled += t.await.expect("task");
        }
        assert!(cancelled > 100, "the test cancels queries mid-flight ({cancelled} of 10000)");
        assert_eq!(db.pool_status().in_use, 0, "every connection is back");
        assert!(db.pool_status().size <= 10);

        // The next 1,000 queries all succeed, with correct results.
        let tasks: Vec<tokio::task::JoinHandle<covet::Result<()>>> = (0..10)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move {
                    for _ in 0..100 {
                        let rows = Item::query().filter(Item::N.lt(7)).all(&db).await?;
                        assert_eq!(rows.len(), 7);
                    }
                    Ok(())
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("task")?;
        }
        Ok(())
    }
}

/// Kills every pooled session on the server while the pool is idle, then keeps using the
/// pool: reads find the dead connections and run again on fresh ones, so nothing fails; the
/// pool ends with live connections.
async fn server_kills_idle_connections(kind: Kind, test: &str) {
    let Some((url, cleanup)) = namespace_url(kind, test).await else {
        return;
    };
    let db = DbOptions::new(url.clone())
        .max_connections(4)
        .min_connections(4)
        .connect()
        .await
        .expect("connect");
    seed(&db, 10).await.expect("seed");
    let killed = crate::common::server::kill_all(kind, &url).await;
    assert!(killed >= 1, "found the pool's sessions on the server");
    tokio::time::sleep(Duration::from_millis(200)).await;
    for _ in 0..20 {
        let rows = Item::query()
            .all(&db)
            .await
            .expect("reads survive killed connections");
        assert_eq!(rows.len(), 10);
    }
    // A write on a dead connection is not repeated (it might have run): it fails as a
    // connection error, at most once per killed connection.
    crate::common::server::kill_all(kind, &url).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut failures = 0;
    for n in 0..20 {
        match Item::insert(NewItem {
            name: "w".into(),
            n: 100 + n,
        })
        .exec(&db)
        .await
        {
            Ok(_) => {}
            Err(e) => {
                assert!(e.is_connection(), "{e:?}");
                failures += 1;
            }
        }
    }
    assert!(
        failures <= 4,
        "{failures} writes failed for 4 killed connections"
    );
    assert_eq!(
        Item::query()
            .filter(Item::N.ge(100))
            .count(&db)
            .await
            .expect("count"),
        20 - failures
    );
    db.close().await;
    clean_up(cleanup).await;
}

mod killed_connections_are_replaced {
    use super::*;

    #[tokio::test]
    async fn postgres() {
        server_kills_idle_connections(Kind::Postgres, module_path!()).await;
    }

    #[tokio::test]
    async fn mariadb() {
        server_kills_idle_connections(Kind::MariaDb, module_path!()).await;
    }
}

on_every_backend! {
    options = |o| o.max_connections(3).min_connections(2);
    async fn warm_up_status_and_ping(db: Db) {
        let status = db.pool_status();
        let expected = if db.backend() == covet::Backend::Sqlite { 1 } else { 2 };
        assert_eq!(status.size, expected, "min_connections are opened at connect");
        assert_eq!(status.in_use, 0);
        db.ping().await?;
        assert_eq!(db.pool_status().in_use, 0);
        Ok(())
    }
}

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn holding_a_connection_too_long_warns_with_the_callers_location() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test runtime runs on this thread, so a thread-local subscriber sees the warning.
    let _guard = tracing::subscriber::set_default(subscriber);
    let db = DbOptions::new("sqlite::memory:")
        .hold_warning(Some(Duration::ZERO))
        .connect()
        .await
        .expect("connect");
    covet::ddl::create_table::<Item>(&db).await.expect("create");
    let line = line!() + 1;
    Item::query().all(&db).await.expect("query");
    let logs = String::from_utf8(captured.0.lock().expect("log buffer").clone()).expect("utf-8");
    assert!(
        logs.contains("held longer than the warning threshold"),
        "{logs}"
    );
    assert!(
        logs.contains(&format!("tests/pool.rs:{line}")),
        "the warning names the caller: {logs}"
    );
}

#[tokio::test]
async fn pool_metrics_are_recorded() {
    use metrics_util::debugging::{DebugValue, DebuggingRecorder};
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    // Global, and only this test installs it: other tests' pools report here too, hence the
    // lower bounds below.
    metrics::set_global_recorder(recorder).expect("no other recorder");
    let db = DbOptions::new("sqlite::memory:")
        .connect()
        .await
        .expect("connect");
    covet::ddl::create_table::<Item>(&db).await.expect("create");
    for _ in 0..5 {
        Item::query().count(&db).await.expect("count");
    }
    let snapshot = snapshotter.snapshot().into_vec();
    let find = |name: &str| {
        snapshot
            .iter()
            .find(|(key, ..)| {
                key.key().name() == name && key.key().labels().any(|l| l.value() == "sqlite")
            })
            .map(|(_, _, _, value)| value)
    };
    match find("covet_pool_connections_opened_total") {
        Some(DebugValue::Counter(n)) => assert!(*n >= 1, "{n}"),
        other => panic!("opened counter: {other:?}"),
    }
    match find("covet_pool_acquire_seconds") {
        Some(DebugValue::Histogram(samples)) => assert!(samples.len() >= 6, "{}", samples.len()),
        other => panic!("acquire histogram: {other:?}"),
    }
    assert!(find("covet_pool_connections_in_use").is_some());
    assert!(find("covet_pool_connections_idle").is_some());
}
