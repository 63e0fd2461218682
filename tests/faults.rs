//! The runtime under faults: contention that forces retries, deadlocks, connections killed
//! mid-transaction, a pool under load, concurrent SQLite writers. Pass/fail, not timings.

use crate::common::{Kind, clean_up, namespace_url, server};
use covet::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "counters")]
struct Counter {
    #[covet(primary_key)]
    id: i64,
    value: i64,
}

async fn connect(
    kind: Kind,
    test: &str,
    max: u32,
    extra_pg_options: &str,
) -> Option<(Db, String, crate::common::Cleanup)> {
    let (mut url, cleanup) = namespace_url(kind, test).await?;
    if kind == Kind::Postgres && !extra_pg_options.is_empty() {
        url = url.replacen(
            "options=-c%20search_path",
            &format!("options={extra_pg_options}%20-c%20search_path"),
            1,
        );
    }
    let db = DbOptions::new(url.clone())
        .max_connections(max)
        .connect()
        .await
        .expect("connect");
    Some((db, url, cleanup))
}

/// 16 tasks × 625 serializable read-modify-write increments of one row.
async fn serializable_increments(kind: Kind, test: &str) {
    let Some((db, _, cleanup)) = connect(kind, test, 16, "").await else {
        return;
    };
    covet::ddl::create_table::<Counter>(&db)
        .await
        .expect("create");
    Counter::insert(NewCounter { id: 1, value: 0 })
        .exec(&db)
        .await
        .expect("seed");
    let attempts = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (db, attempts) = (db.clone(), attempts.clone());
            tokio::spawn(async move {
                for _ in 0..625 {
                    db.transaction(|tx| {
                        attempts.fetch_add(1, Ordering::Relaxed);
                        Box::pin(async move {
                            let mut c = Counter::find(1).one(tx).await?;
                            c.value += 1;
                            c.update(tx).await?;
                            Ok(())
                        })
                    })
                    .isolation(Isolation::Serializable)
                    .retry(Retry::default().attempts(10_000))
                    .await
                    .expect("every increment commits eventually");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(Counter::find(1).one(&db).await.expect("read").value, 10_000);
    let attempts = attempts.load(Ordering::Relaxed);
    assert!(
        attempts > 10_000,
        "conflicts were retried ({attempts} attempts)"
    );
    eprintln!("[{kind:?}] 10000 increments in {attempts} attempts");
    db.close().await;
    clean_up(cleanup).await;
}

/// Two tasks lock two rows in opposite orders, 1,000 transactions each: deadlocks are retried
/// and no increment is lost or doubled.
async fn opposite_order_locking(kind: Kind, test: &str) {
    // PostgreSQL looks for deadlocks only after `deadlock_timeout` (1 s by default).
    let Some((db, _, cleanup)) = connect(kind, test, 4, "-c%20deadlock_timeout%3D20ms").await
    else {
        return;
    };
    covet::ddl::create_table::<Counter>(&db)
        .await
        .expect("create");
    for id in [1, 2] {
        Counter::insert(NewCounter { id, value: 0 })
            .exec(&db)
            .await
            .expect("seed");
    }
    let attempts = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = [(1, 2), (2, 1)]
        .into_iter()
        .map(|(first, second)| {
            let (db, attempts) = (db.clone(), attempts.clone());
            tokio::spawn(async move {
                for _ in 0..1_000 {
                    db.transaction(|tx| {
                        attempts.fetch_add(1, Ordering::Relaxed);
                        Box::pin(async move {
                            for id in [first, second] {
                                let mut c = Counter::find(id).one(tx).await?;
                                c.value += 1;
                                c.update(tx).await?;
                            }
                            Ok(())
                        })
                    })
                    .isolation(Isolation::Serializable)
                    .retry(Retry::default().attempts(1_000))
                    .await
                    .expect("every pair commits eventually");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    for id in [1, 2] {
        assert_eq!(Counter::find(id).one(&db).await.expect("read").value, 2_000);
    }
    eprintln!(
        "[{kind:?}] 2000 opposite-order transactions in {} attempts",
        attempts.load(Ordering::Relaxed)
    );
    db.close().await;
    clean_up(cleanup).await;
}

/// Terminates one random session of the namespace behind `url`.
async fn kill_one(kind: Kind, url: &str, seed: u64) -> bool {
    let ids = server::session_ids(kind, url).await;
    match ids.get(seed as usize % ids.len().max(1)) {
        Some(id) => server::kill(kind, &[*id]).await == 1,
        None => false,
    }
}

/// 1,000 transfers between ten accounts while a side task kills pooled sessions: the total
/// never changes, every failure is classified, and the pool keeps serving.
async fn transfers_under_kills(kind: Kind, test: &str) {
    let Some((db, url, cleanup)) = connect(kind, test, 8, "").await else {
        return;
    };
    covet::ddl::create_table::<Counter>(&db)
        .await
        .expect("create");
    for id in 0..10 {
        Counter::insert(NewCounter { id, value: 1_000 })
            .exec(&db)
            .await
            .expect("seed");
    }
    let stop = Arc::new(AtomicBool::new(false));
    let killer = {
        let (stop, url) = (stop.clone(), url.clone());
        tokio::spawn(async move {
            let mut kills = 0u32;
            let mut seed = 7u64;
            while !stop.load(Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(15)).await;
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                kills += u32::from(kill_one(kind, &url, seed >> 33).await);
            }
            kills
        })
    };
    let failures = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..8u64)
        .map(|t| {
            let (db, failures) = (db.clone(), failures.clone());
            tokio::spawn(async move {
                for i in 0..125u64 {
                    let from = ((t * 125 + i) * 7) % 10;
                    let to = (from + 1 + i % 9) % 10;
                    let result = db
                        .transaction(|tx| {
                            Box::pin(async move {
                                let mut a = Counter::find(from as i64).one(tx).await?;
                                let mut b = Counter::find(to as i64).one(tx).await?;
                                a.value -= 5;
                                b.value += 5;
                                a.update(tx).await?;
                                b.update(tx).await?;
                                Ok(())
                            })
                        })
                        // Read-modify-write: anything weaker than serializable loses updates.
                        .isolation(Isolation::Serializable)
                        .retry(Retry::default().attempts(1_000))
                        .await;
                    if let Err(e) = result {
                        assert!(
                            e.is_connection() || e.is_commit_outcome_unknown(),
                            "unclassified failure: {e:?}"
                        );
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    stop.store(true, Ordering::Relaxed);
    let kills = killer.await.expect("killer");
    assert!(kills > 0, "sessions were killed");
    let accounts = Counter::query()
        .all(&db)
        .await
        .expect("the pool serves after the kills");
    assert_eq!(
        accounts.iter().map(|c| c.value).sum::<i64>(),
        10_000,
        "money is neither made nor lost"
    );
    for _ in 0..100 {
        Counter::find(3)
            .one(&db)
            .await
            .expect("the next requests succeed");
    }
    eprintln!(
        "[{kind:?}] 1000 transfers, {kills} sessions killed, {} transfers failed",
        failures.load(Ordering::Relaxed)
    );
    db.close().await;
    clean_up(cleanup).await;
}

/// 500 tasks × 100 queries on a pool of 10: no error, never more than 10 server sessions,
/// every connection back at the end.
async fn pool_under_load(kind: Kind, test: &str) {
    let Some((db, url, cleanup)) = connect(kind, test, 10, "").await else {
        return;
    };
    covet::ddl::create_table::<Counter>(&db)
        .await
        .expect("create");
    Counter::insert(NewCounter { id: 1, value: 42 })
        .exec(&db)
        .await
        .expect("seed");
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (stop, url) = (stop.clone(), url.clone());
        tokio::spawn(async move {
            let mut most = 0;
            while !stop.load(Ordering::Relaxed) {
                most = most.max(server::session_ids(kind, &url).await.len());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            most
        })
    };
    let tasks: Vec<_> = (0..500)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                for _ in 0..100 {
                    assert_eq!(
                        Counter::find(1)
                            .one(&db)
                            .await
                            .expect("no error under load")
                            .value,
                        42
                    );
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    stop.store(true, Ordering::Relaxed);
    let most = watcher.await.expect("watcher");
    assert!(
        most <= 10,
        "the server saw {most} sessions from a pool of 10"
    );
    assert!(most >= 1);
    assert_eq!(db.pool_status().in_use, 0, "every connection is back");
    db.close().await;
    clean_up(cleanup).await;
}

macro_rules! on_servers {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $body(Kind::Postgres, module_path!()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn mariadb() {
                $body(Kind::MariaDb, module_path!()).await;
            }
        }
    };
}

on_servers!(serializable_increments_all_commit, serializable_increments);
on_servers!(deadlocks_are_retried, opposite_order_locking);
on_servers!(killed_sessions_lose_no_money, transfers_under_kills);
on_servers!(pool_of_ten_under_load, pool_under_load);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_concurrent_writers_in_wal_never_surface_busy() {
    let dir = std::env::temp_dir().join(format!("covet-wal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("writers.db");
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = DbOptions::new(url)
        .max_connections(8)
        .connect()
        .await
        .expect("connect");
    covet::ddl::create_table::<Counter>(&db)
        .await
        .expect("create");
    let tasks: Vec<_> = (0..8i64)
        .map(|w| {
            let db = db.clone();
            tokio::spawn(async move {
                for i in 0..1_250 {
                    Counter::insert(NewCounter {
                        id: w * 10_000 + i,
                        value: i,
                    })
                    .exec(&db)
                    .await
                    .expect("no busy error surfaces");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(Counter::query().count(&db).await.expect("count"), 10_000);
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sessions of the namespace behind `url` that sit inside a transaction.
async fn open_transactions(kind: Kind, url: &str) -> i64 {
    use sqlx::Connection as _;
    match kind {
        Kind::Postgres => {
            let app = url
                .rsplit("application_name=")
                .next()
                .unwrap_or_default()
                .to_owned();
            let mut admin = sqlx::PgConnection::connect(&crate::common::pg_url())
                .await
                .expect("admin");
            let (n,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND state LIKE 'idle in transaction%'",
            )
            .bind(app)
            .fetch_one(&mut admin)
            .await
            .expect("count");
            n
        }
        _ => {
            let ids = server::session_ids(kind, url).await;
            let mut admin = sqlx::MySqlConnection::connect(&crate::common::mysql_url())
                .await
                .expect("admin");
            let trx: Vec<(i64,)> =
                sqlx::query_as("SELECT trx_mysql_thread_id FROM information_schema.innodb_trx")
                    .fetch_all(&mut admin)
                    .await
                    .expect("innodb_trx");
            trx.iter().filter(|(t,)| ids.contains(t)).count() as i64
        }
    }
}

/// 2,000 transactions cancelled at random points: afterwards no session is left inside a
/// transaction, every connection is back, and the pool serves correct results.
async fn cancelled_transactions(kind: Kind, test: &str) {
    let Some((db, url, cleanup)) = connect(kind, test, 8, "").await else {
        return;
    };
    covet::ddl::create_table::<Counter>(&db)
        .await
        .expect("create");
    Counter::insert(NewCounter { id: 0, value: 0 })
        .exec(&db)
        .await
        .expect("seed");
    // Cancel within three times what one transaction takes here, so that some finish and
    // most are cut at every stage, whatever the machine's speed.
    let started = std::time::Instant::now();
    for id in [-1, -2, -3] {
        db.transaction(move |tx| {
            Box::pin(async move {
                Counter::insert(NewCounter { id, value: 2 })
                    .exec(tx)
                    .await?;
                Ok(())
            })
        })
        .await
        .expect("an uncancelled transaction");
    }
    let window = (started.elapsed().as_micros() as u64).max(300);
    let cancelled = Arc::new(AtomicU64::new(0));
    // As many tasks as connections: the window then measures the transaction, not the queue.
    let tasks: Vec<_> = (0..8u64)
        .map(|t| {
            let (db, cancelled) = (db.clone(), cancelled.clone());
            tokio::spawn(async move {
                let mut seed = 0x2545_F491_4F6C_DD1D ^ (t + 1);
                for i in 0..250i64 {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let after = Duration::from_micros(seed % window);
                    let id = (t as i64) * 1_000 + i + 1;
                    let work = db.transaction(move |tx| {
                        Box::pin(async move {
                            Counter::insert(NewCounter { id, value: 1 })
                                .exec(tx)
                                .await?;
                            let mut c = Counter::find(id).one(tx).await?;
                            c.value = 2;
                            c.update(tx).await?;
                            Ok(())
                        })
                    });
                    if tokio::time::timeout(after, work).await.is_err() {
                        cancelled.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    let cancelled = cancelled.load(Ordering::Relaxed);
    assert!(
        cancelled >= 100,
        "transactions were cancelled mid-flight ({cancelled} of 2000)"
    );
    eprintln!("[{kind:?}] {cancelled} of 2000 transactions cancelled");
    // Rollbacks of dropped guards (and closes of discarded connections) run in the background,
    // and a machine busy compiling can take seconds to get to them: wait for them, within a bound.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let mut open = open_transactions(kind, &url).await;
    while open > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        open = open_transactions(kind, &url).await;
    }
    assert_eq!(open, 0, "no session left inside a transaction");
    assert_eq!(db.pool_status().in_use, 0, "every connection is back");
    // Every committed transaction committed whole: no row is left half-done at value 1.
    assert_eq!(
        Counter::query()
            .filter(Counter::VALUE.eq(1))
            .count(&db)
            .await
            .expect("count"),
        0
    );
    for _ in 0..1_000 {
        Counter::find(0)
            .one(&db)
            .await
            .expect("the next queries succeed");
    }
    db.close().await;
    clean_up(cleanup).await;
}

on_servers!(
    cancelled_transactions_leave_nothing_open,
    cancelled_transactions
);
