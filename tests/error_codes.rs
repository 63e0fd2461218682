//! Each error class the runtime maps is provoked for real on each backend and asserted.

use crate::common::{Kind, clean_up, namespace_url, pg_url};
use covet::TxOptions;
use covet::prelude::*;
use sqlx::Connection as _;
use std::time::Duration;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "strict")]
struct Strict {
    #[covet(primary_key, auto_increment)]
    id: i64,
    label: Option<String>,
    qty: i64,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "rows")]
struct RowOf {
    #[covet(primary_key)]
    id: i64,
    v: i64,
}

/// Opens the test's namespace, with the `strict` table given a NOT NULL and a CHECK the model
/// does not know about (added by hand, as a DBA would).
async fn strict_db(kind: Kind, test: &str) -> Option<(Db, String, crate::common::Cleanup)> {
    let (url, cleanup) = match kind {
        Kind::Sqlite => {
            let dir = std::env::temp_dir().join(format!(
                "covet-codes-{}-{}",
                std::process::id(),
                test.len()
            ));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let path = dir.join("codes.db");
            let _ = std::fs::remove_file(&path);
            (
                format!("sqlite://{}?mode=rwc", path.display()),
                crate::common::Cleanup::None,
            )
        }
        _ => namespace_url(kind, test).await?,
    };
    let ddl: &[&'static str] = match kind {
        Kind::Postgres => &[
            "CREATE TABLE strict (id BIGSERIAL PRIMARY KEY, label TEXT NOT NULL, qty BIGINT NOT NULL, CONSTRAINT qty_positive CHECK (qty > 0))",
        ],
        Kind::MariaDb => &[
            "CREATE TABLE strict (id BIGINT AUTO_INCREMENT PRIMARY KEY, label LONGTEXT NOT NULL, qty BIGINT NOT NULL, CONSTRAINT qty_positive CHECK (qty > 0))",
        ],
        Kind::Sqlite => &[
            "CREATE TABLE strict (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL, qty INTEGER NOT NULL, CONSTRAINT qty_positive CHECK (qty > 0))",
        ],
    };
    for sql in ddl {
        match kind {
            Kind::Postgres => sqlx::raw_sql(*sql)
                .execute(&mut sqlx::PgConnection::connect(&url).await.expect("pg"))
                .await
                .map(drop),
            Kind::MariaDb => sqlx::raw_sql(*sql)
                .execute(&mut sqlx::MySqlConnection::connect(&url).await.expect("mysql"))
                .await
                .map(drop),
            Kind::Sqlite => sqlx::raw_sql(*sql)
                .execute(&mut sqlx::SqliteConnection::connect(&url).await.expect("sqlite"))
                .await
                .map(drop),
        }
        .expect("hand-made table");
    }
    let db = DbOptions::new(url.clone())
        .sqlite_busy_timeout(Duration::from_millis(50))
        .connect()
        .await
        .expect("connect");
    Some((db, url, cleanup))
}

async fn constraint_classes(kind: Kind, test: &str) {
    let Some((db, _, cleanup)) = strict_db(kind, test).await else {
        return;
    };
    let null = Strict::insert(NewStrict {
        label: None,
        qty: 1,
    })
    .exec(&db)
    .await
    .unwrap_err();
    assert!(null.is_not_null_violation(), "[{kind:?}] {null:?}");
    let check = Strict::insert(NewStrict {
        label: Some("x".into()),
        qty: 0,
    })
    .exec(&db)
    .await
    .unwrap_err();
    assert!(check.is_check_violation(), "[{kind:?}] {check:?}");
    assert_eq!(
        check.constraint(),
        Some("qty_positive"),
        "[{kind:?}] {check:?}"
    );
    let ok = Strict::insert(NewStrict {
        label: Some("x".into()),
        qty: 1,
    })
    .exec(&db)
    .await
    .expect("valid row");
    assert!(ok.id >= 1);
    covet::ddl::create_table::<RowOf>(&db).await.expect("rows");
    RowOf::insert(NewRowOf { id: 1, v: 0 })
        .exec(&db)
        .await
        .expect("row");
    let pk = RowOf::insert(NewRowOf { id: 1, v: 1 })
        .exec(&db)
        .await
        .unwrap_err();
    assert!(pk.is_unique_violation(), "[{kind:?}] primary key: {pk:?}");
    db.close().await;
    clean_up(cleanup).await;
}

/// A serializable transaction that lost to a concurrent one, without retry: 40001 on
/// PostgreSQL; MariaDB reports the same race as a deadlock (1213).
async fn serialization_and_deadlock(kind: Kind, test: &str) {
    let Some((url, cleanup)) = namespace_url(kind, test).await else {
        return;
    };
    let url = url.replacen(
        "options=-c%20search_path",
        "options=-c%20deadlock_timeout%3D20ms%20-c%20search_path",
        1,
    );
    let db = DbOptions::new(url).connect().await.expect("connect");
    covet::ddl::create_table::<RowOf>(&db).await.expect("rows");
    for id in [1, 2] {
        RowOf::insert(NewRowOf { id, v: 0 })
            .exec(&db)
            .await
            .expect("row");
    }
    let serializable = TxOptions::default().isolation(Isolation::Serializable);
    let t1 = db.begin_with(serializable).await.expect("t1");
    let t2 = db.begin_with(serializable).await.expect("t2");
    let mut a = RowOf::find(1).one(&t1).await.expect("t1 reads");
    let mut b = RowOf::find(1).one(&t2).await.expect("t2 reads");
    a.v = 1;
    b.v = 2;
    let raced = match kind {
        Kind::Postgres => {
            a.update(&t1).await.expect("t1 writes");
            t1.commit().await.expect("t1 commits");
            b.update(&t2).await.unwrap_err()
        }
        // Both hold shared locks from their reads; the second writer is the deadlock victim.
        _ => {
            let first = tokio::spawn(async move { a.update(&t1).await.map(|_| t1) });
            tokio::time::sleep(Duration::from_millis(100)).await;
            let err = b.update(&t2).await.unwrap_err();
            drop(t2);
            first
                .await
                .expect("task")
                .expect("t1 proceeds")
                .commit()
                .await
                .expect("t1 commits");
            err
        }
    };
    match kind {
        Kind::Postgres => assert!(raced.is_serialization_failure(), "{raced:?}"),
        _ => assert!(raced.is_deadlock(), "{raced:?}"),
    }
    assert!(raced.is_retryable());

    // Opposite-order locking: a deadlock on both servers.
    let t1 = db.begin().await.expect("t1");
    let t2 = db.begin().await.expect("t2");
    RowOf { id: 1, v: 10 }
        .update(&t1)
        .await
        .expect("t1 locks 1");
    RowOf { id: 2, v: 20 }
        .update(&t2)
        .await
        .expect("t2 locks 2");
    let first = tokio::spawn(async move { RowOf { id: 2, v: 11 }.update(&t1).await.map(|_| t1) });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = RowOf { id: 1, v: 21 }.update(&t2).await;
    let first = first.await.expect("task");
    let errors: Vec<covet::Error> = [first.err(), second.err()].into_iter().flatten().collect();
    assert_eq!(errors.len(), 1, "exactly one victim");
    assert!(errors[0].is_deadlock(), "{:?}", errors[0]);
    assert!(errors[0].is_retryable());
    db.close().await;
    clean_up(cleanup).await;
}

/// PostgreSQL refuses a role over its connection limit with 53300.
#[tokio::test]
async fn postgres_too_many_connections() {
    let Some((url, cleanup)) = namespace_url(Kind::Postgres, module_path!()).await else {
        return;
    };
    let role = format!("covet_limited_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&pg_url()).await.expect("admin");
    let create = format!("DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN CONNECTION LIMIT 1");
    sqlx::raw_sql(sqlx::AssertSqlSafe(create))
        .execute(&mut admin)
        .await
        .expect("role");
    let limited = url.replacen("postgres@", &format!("{role}@"), 1);
    let err = DbOptions::new(limited)
        .min_connections(2)
        .max_connections(2)
        .connect()
        .await
        .unwrap_err();
    assert!(err.is_too_many_connections(), "{err:?}");
    assert!(err.is_connection());
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP ROLE IF EXISTS {role}")))
        .execute(&mut admin)
        .await
        .expect("drop role");
    clean_up(cleanup).await;
}

/// A session ended by the server mid-transaction is a connection error, and the pool goes on.
async fn session_killed_mid_transaction(kind: Kind, test: &str) {
    let Some((url, cleanup)) = namespace_url(kind, test).await else {
        return;
    };
    let db = DbOptions::new(url.clone())
        .max_connections(1)
        .connect()
        .await
        .expect("connect");
    covet::ddl::create_table::<RowOf>(&db).await.expect("rows");
    let tx = db.begin().await.expect("begin");
    RowOf::insert(NewRowOf { id: 1, v: 1 })
        .exec(&tx)
        .await
        .expect("insert");
    crate::common::server::kill_all(kind, &url).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let err = RowOf::insert(NewRowOf { id: 2, v: 2 })
        .exec(&tx)
        .await
        .unwrap_err();
    assert!(err.is_connection(), "[{kind:?}] {err:?}");
    drop(tx);
    assert_eq!(
        RowOf::query().count(&db).await.expect("the pool recovers"),
        0,
        "the transaction was rolled back"
    );
    db.close().await;
    clean_up(cleanup).await;
}

/// SQLite reports a write lock held elsewhere as BUSY once its busy timeout runs out.
#[tokio::test]
async fn sqlite_busy() {
    let Some((db, url, _)) = strict_db(Kind::Sqlite, module_path!()).await else {
        return;
    };
    let other = DbOptions::new(url)
        .sqlite_busy_timeout(Duration::from_millis(50))
        .connect()
        .await
        .expect("second handle");
    let holder = db
        .begin_with(TxOptions::default().sqlite_mode(SqliteMode::Immediate))
        .await
        .expect("write lock");
    let err = Strict::insert(NewStrict {
        label: Some("x".into()),
        qty: 1,
    })
    .exec(&other)
    .await
    .unwrap_err();
    assert!(err.is_busy(), "{err:?}");
    assert!(err.is_retryable());
    holder.rollback().await.expect("rollback");
    Strict::insert(NewStrict {
        label: Some("x".into()),
        qty: 1,
    })
    .exec(&other)
    .await
    .expect("free again");
}

macro_rules! on_kinds {
    ($name:ident, $body:path, [$($kind:ident => $fn:ident),*]) => {
        mod $name {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $fn() {
                    $body(Kind::$kind, module_path!()).await;
                }
            )*
        }
    };
}

on_kinds!(not_null_check_and_primary_key, constraint_classes, [Sqlite => sqlite, Postgres => postgres, MariaDb => mariadb]);
on_kinds!(serialization_failures_and_deadlocks, serialization_and_deadlock, [Postgres => postgres, MariaDb => mariadb]);
on_kinds!(killed_mid_transaction, session_killed_mid_transaction, [Postgres => postgres, MariaDb => mariadb]);

/// A MariaDB server started `--read-only` with room for ten connections (MariaDB's minimum)
/// refuses a write with 1290 and the connections past ten with 1040.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_read_only_server_and_too_many_connections() {
    let Some(server) =
        crate::common::throwaway::MariaDb::start(&["--read-only", "--max-connections=10"]).await
    else {
        return;
    };
    let mut root = sqlx::MySqlConnection::connect(&server.url("root", ""))
        .await
        .expect("root");
    sqlx::raw_sql(
        "CREATE DATABASE t; CREATE USER app@'%'; CREATE USER app@localhost; \
         GRANT ALL ON t.* TO app@'%'; GRANT ALL ON t.* TO app@localhost; \
         CREATE TABLE t.rows (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)",
    )
    .execute(&mut root)
    .await
    .expect("set up as root, whom read_only does not bind");

    let app = Db::connect(&server.url("app", "t"))
        .await
        .expect("app connects");
    let err = RowOf::insert(NewRowOf { id: 1, v: 1 })
        .exec(&app)
        .await
        .unwrap_err();
    assert!(err.is_read_only(), "{err:?}");
    assert_eq!(
        err.code(),
        None,
        "a read-only refusal is its own class: {err:?}"
    );

    let err = DbOptions::new(server.url("app", "t"))
        .min_connections(12)
        .max_connections(12)
        .connect()
        .await
        .unwrap_err();
    assert!(err.is_too_many_connections(), "{err:?}");
    app.close().await;
    drop(root);
}
