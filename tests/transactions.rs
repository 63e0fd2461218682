//! Transactions on every backend: commit, rollback, rollback on drop, savepoints, hooks,
//! options and what each backend refuses.

use covet::prelude::*;
use covet::{TxOptions, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "ledger")]
pub(crate) struct Entry {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(max_length = 40)]
    pub(crate) note: String,
    pub(crate) amount: i64,
}

pub(crate) fn entry(note: &str, amount: i64) -> NewEntry {
    NewEntry {
        note: note.into(),
        amount,
    }
}

on_every_backend! {
    async fn commit_rollback_and_drop(db: Db) {
        covet::ddl::create_table::<Entry>(&db).await?;
        let tx = db.begin().await?;
        Entry::insert(entry("kept", 1)).exec(&tx).await?;
        assert_eq!(Entry::query().count(&tx).await?, 1, "the transaction sees its own write");
        tx.commit().await?;

        let tx = db.begin().await?;
        Entry::insert(entry("rolled back", 2)).exec(&tx).await?;
        tx.rollback().await?;

        {
            let tx = db.begin().await?;
            Entry::insert(entry("dropped", 3)).exec(&tx).await?;
        }
        let notes: Vec<String> = Entry::query().all(&db).await?.into_iter().map(|e| e.note).collect();
        assert_eq!(notes, ["kept"]);
        Ok(())
    }
}

on_every_backend! {
    async fn a_thousand_dropped_guards_write_nothing(db: Db) {
        covet::ddl::create_table::<Entry>(&db).await?;
        for i in 0..1_000 {
            let tx = db.begin().await?;
            Entry::insert(entry("never", i)).exec(&tx).await?;
            drop(tx);
        }
        // The rollbacks run in the background; the pool hands out only clean connections.
        assert_eq!(Entry::query().count(&db).await?, 0);
        Entry::insert(entry("after", 1)).exec(&db).await?;
        assert_eq!(Entry::query().count(&db).await?, 1);
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(db.pool_status().in_use, 0, "every connection is back");
        Ok(())
    }
}

on_every_backend! {
    async fn nested_savepoints(db: Db) {
        covet::ddl::create_table::<Entry>(&db).await?;
        // Inner rollback keeps the outer work.
        let tx = db.begin().await?;
        Entry::insert(entry("outer", 1)).exec(&tx).await?;
        let sp = tx.savepoint().await?;
        Entry::insert(entry("inner", 2)).exec(&sp).await?;
        let deeper = sp.savepoint().await?;
        assert_eq!(deeper.depth(), 2);
        Entry::insert(entry("deeper", 3)).exec(&deeper).await?;
        deeper.commit().await?;
        sp.rollback().await?;
        Entry::insert(entry("outer again", 4)).exec(&tx).await?;
        tx.commit().await?;
        let notes: Vec<String> = Entry::query().order_by(Entry::AMOUNT.asc()).all(&db).await?.into_iter().map(|e| e.note).collect();
        assert_eq!(notes, ["outer", "outer again"]);

        // A dropped savepoint guard rolls back before the next statement.
        let tx = db.begin().await?;
        {
            let sp = tx.savepoint().await?;
            Entry::insert(entry("dropped savepoint", 5)).exec(&sp).await?;
        }
        Entry::insert(entry("after drop", 6)).exec(&tx).await?;
        tx.commit().await?;
        assert_eq!(Entry::query().filter(Entry::AMOUNT.ge(5)).count(&db).await?, 1);

        // Outer rollback discards everything, released savepoints included.
        let tx = db.begin().await?;
        let sp = tx.savepoint().await?;
        Entry::insert(entry("gone", 7)).exec(&sp).await?;
        sp.commit().await?;
        tx.rollback().await?;
        assert_eq!(Entry::query().filter(Entry::AMOUNT.eq(7)).count(&db).await?, 0);
        Ok(())
    }
}

on_every_backend! {
    async fn closure_form_commits_rolls_back_and_nests(db: Db) {
        covet::ddl::create_table::<Entry>(&db).await?;
        let id = db
            .transaction(|tx| Box::pin(async move {
                let e = Entry::insert(entry("closure", 10)).exec(tx).await?;
                let inner: covet::Result<()> = tx
                    .with_savepoint(|sp| Box::pin(async move {
                        Entry::insert(entry("failed inner", 11)).exec(sp).await?;
                        Err(covet::Error::InvalidInput("inner fails".into()))
                    }))
                    .await;
                assert!(inner.is_err());
                Ok(e.id)
            }))
            .await?;
        assert_eq!(Entry::find(id).one(&db).await?.note, "closure");
        assert_eq!(Entry::query().count(&db).await?, 1, "the failed savepoint left nothing");

        let failed: covet::Result<()> = db
            .transaction(|tx| Box::pin(async move {
                Entry::insert(entry("doomed", 12)).exec(tx).await?;
                Err(covet::Error::InvalidInput("body fails".into()))
            }))
            .await;
        assert!(failed.is_err());
        assert_eq!(Entry::query().count(&db).await?, 1, "a failed body is rolled back");
        Ok(())
    }
}

on_every_backend! {
    async fn after_commit_hooks(db: Db) {
        covet::ddl::create_table::<Entry>(&db).await?;
        let ran = Arc::new(AtomicU32::new(0));
        let tx = db.begin().await?;
        let r = ran.clone();
        tx.after_commit(move || { r.fetch_add(1, Ordering::SeqCst); });
        let sp = tx.savepoint().await?;
        let r = ran.clone();
        sp.after_commit(move || { r.fetch_add(100, Ordering::SeqCst); });
        sp.rollback().await?;
        assert_eq!(ran.load(Ordering::SeqCst), 0, "nothing runs before the commit");
        tx.commit().await?;
        assert_eq!(ran.load(Ordering::SeqCst), 1, "the rolled-back savepoint's hook never runs");

        let tx = db.begin().await?;
        let r = ran.clone();
        tx.after_commit(move || { r.fetch_add(10, Ordering::SeqCst); });
        tx.rollback().await?;
        assert_eq!(ran.load(Ordering::SeqCst), 1, "a rolled-back transaction runs no hook");
        Ok(())
    }
}

on_every_backend! {
    async fn options_each_backend_honours_or_refuses(db: Db) {
        covet::ddl::create_table::<Entry>(&db).await?;
        let backend = db.backend();
        let sqlite = backend == covet::Backend::Sqlite;
        for level in [Isolation::ReadUncommitted, Isolation::ReadCommitted, Isolation::RepeatableRead, Isolation::Serializable] {
            let result = db.begin_with(TxOptions::default().isolation(level)).await;
            match result {
                Ok(tx) => {
                    assert!(!sqlite || level == Isolation::Serializable, "{level:?}");
                    Entry::query().count(&tx).await?;
                    tx.commit().await?;
                }
                Err(e) => {
                    assert!(sqlite && level != Isolation::Serializable, "{level:?}: {e}");
                    assert!(matches!(e, covet::Error::Unsupported { .. }), "{e:?}");
                }
            }
        }

        let read_only = db.begin_with(TxOptions::default().read_only()).await;
        if sqlite {
            assert!(matches!(read_only.unwrap_err(), covet::Error::Unsupported { .. }));
        } else {
            let tx = read_only?;
            let err = Entry::insert(entry("refused", 1)).exec(&tx).await.unwrap_err();
            assert!(err.is_read_only(), "{err:?}");
            drop(tx);
        }

        let immediate = db.begin_with(TxOptions::default().sqlite_mode(SqliteMode::Immediate)).await;
        match (sqlite, immediate) {
            (true, Ok(tx)) => {
                Entry::insert(entry("immediate", 2)).exec(&tx).await?;
                tx.commit().await?;
            }
            (false, Err(covet::Error::Unsupported { .. })) => {}
            (_, other) => panic!("unexpected {other:?}"),
        }

        let timeout = db.begin_with(TxOptions::default().statement_timeout(Duration::from_secs(5))).await;
        match (sqlite, timeout) {
            (false, Ok(tx)) => {
                Entry::query().count(&tx).await?;
                tx.commit().await?;
            }
            (true, Err(covet::Error::Unsupported { .. })) => {}
            (_, other) => panic!("unexpected {other:?}"),
        }
        Ok(())
    }
}

on_every_backend! {
    async fn lock_timeouts_are_retryable_conflicts(db: Db) {
        if db.backend() == covet::Backend::Sqlite {
            return Ok(());
        }
        covet::ddl::create_table::<Entry>(&db).await?;
        let row = Entry::insert(entry("contended", 0)).exec(&db).await?;
        let holder = db.begin().await?;
        let mut held = row.clone();
        held.amount = 1;
        held.update(&holder).await?;

        let waiter = db.begin_with(TxOptions::default().lock_timeout(Duration::from_millis(200))).await?;
        let mut blocked = row.clone();
        blocked.amount = 2;
        let err = blocked.update(&waiter).await.unwrap_err();
        assert!(err.is_lock_timeout(), "{err:?}");
        assert!(err.is_retryable());
        waiter.rollback().await?;
        holder.rollback().await?;
        // Session settings went back with the connections.
        assert_eq!(Entry::find(row.id).one(&db).await?.amount, 0);
        let _ = Value::I64(0);
        Ok(())
    }
}

/// A connection that dies while `COMMIT` is in flight: the outcome is unknown, reported as such,
/// and never retried.
async fn commit_outcome_unknown(kind: crate::common::Kind, test: &str) {
    use crate::common::proxy::{Protocol, start_cutting};
    let Some((url, cleanup)) = crate::common::namespace_url(kind, test).await else {
        return;
    };
    let db = Db::connect(&url).await.expect("connect");
    covet::ddl::create_table::<Entry>(&db)
        .await
        .expect("create");
    let server = url
        .split('@')
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("host:port")
        .to_owned();
    let upstream = tokio::net::lookup_host(server.as_str())
        .await
        .expect("resolve")
        .next()
        .expect("address");
    let protocol = if kind == crate::common::Kind::Postgres {
        Protocol::Postgres
    } else {
        Protocol::MySql
    };
    let (addr, _) = start_cutting(upstream, protocol, Some(b"COMMIT")).await;
    let tls_off = if kind == crate::common::Kind::Postgres {
        "sslmode=disable"
    } else {
        "ssl-mode=disabled"
    };
    let sep = if url.contains('?') { '&' } else { '?' };
    let cutting = Db::connect(&format!(
        "{}{sep}{tls_off}",
        url.replacen(&server, &addr.to_string(), 1)
    ))
    .await
    .expect("connect through the proxy");
    let attempts = Arc::new(AtomicU32::new(0));
    let a = attempts.clone();
    let result: covet::Result<()> = cutting
        .transaction(move |tx| {
            a.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                Entry::insert(entry("maybe", 1)).exec(tx).await?;
                Ok(())
            })
        })
        .retry(Retry::default())
        .await;
    let err = result.unwrap_err();
    assert!(err.is_commit_outcome_unknown(), "[{kind:?}] {err:?}");
    assert!(!err.is_retryable());
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        1,
        "an unknown commit is never retried"
    );
    // Here the proxy never forwarded the COMMIT, so the server rolled back.
    assert_eq!(Entry::query().count(&db).await.expect("count"), 0);
    db.close().await;
    crate::common::clean_up(cleanup).await;
}

mod commit_outcome_unknown_is_never_retried {
    #[tokio::test]
    async fn postgres() {
        super::commit_outcome_unknown(crate::common::Kind::Postgres, module_path!()).await;
    }

    #[tokio::test]
    async fn mariadb() {
        super::commit_outcome_unknown(crate::common::Kind::MariaDb, module_path!()).await;
    }
}
