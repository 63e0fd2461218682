//! Optimistic locking and timestamps: covet sets version 1 and both times on insert; every
//! update checks the version it read, increments it and sets `updated_at`; a stale update
//! fails and writes nothing.

use super::{Document, NewDocument};
use chrono::Utc;
use covet::prelude::*;
use std::time::Duration;

on_every_backend! {
    async fn timestamps_are_set_and_bumped(db: Db) {
        covet::ddl::create_table::<Document>(&db).await?;
        let before = Utc::now() - chrono::Duration::seconds(1);
        let mut doc = Document::insert(NewDocument { body: "draft".into() }).exec(&db).await?;
        assert_eq!(doc.version, 1);
        assert!(doc.created_at > before && doc.created_at <= Utc::now(), "{}", doc.created_at);
        assert_eq!(doc.updated_at, doc.created_at.naive_utc(), "one time for both on insert");

        tokio::time::sleep(Duration::from_millis(5)).await;
        doc.body = "final".into();
        assert_eq!(doc.update(&db).await?, 1);
        assert_eq!(doc.version, 2, "bumped in memory");
        assert!(doc.updated_at > doc.created_at.naive_utc(), "updated_at moved on");
        let stored = Document::find(doc.id).one(&db).await?;
        assert_eq!(stored, doc, "memory and database agree, to the microsecond");

        // A patch bumps them too.
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert_eq!(Document::patch(doc.id).set(Document::BODY, "patched").exec(&db).await?, 1);
        let patched = Document::find(doc.id).one(&db).await?;
        assert_eq!((patched.version, patched.created_at), (3, doc.created_at));
        assert!(patched.updated_at > doc.updated_at);

        // insert_many fills them for every row.
        let many = Document::insert_many((0..3).map(|i| NewDocument { body: format!("b{i}") })).exec(&db).await?;
        assert!(many.iter().all(|d| d.version == 1 && d.created_at >= doc.created_at));
        Ok(())
    }
}

on_every_backend! {
    async fn a_stale_update_fails_and_writes_nothing(db: Db) {
        covet::ddl::create_table::<Document>(&db).await?;
        let doc = Document::insert(NewDocument { body: "v1".into() }).exec(&db).await?;
        let (mut mine, mut theirs) = (doc.clone(), doc.clone());
        mine.body = "mine".into();
        mine.update(&db).await?;
        theirs.body = "theirs".into();
        let err = theirs.update(&db).await.unwrap_err();
        assert!(err.is_stale(), "{err:?}");
        assert_eq!(err.class(), "stale_version");
        assert_eq!(theirs.version, 1, "a failed update leaves the model as it was");
        let stored = Document::find(doc.id).one(&db).await?;
        assert_eq!((stored.body.as_str(), stored.version), ("mine", 2));

        // Re-read, and the update goes through.
        let mut fresh = stored;
        fresh.body = "theirs".into();
        fresh.update(&db).await?;
        assert_eq!(fresh.version, 3);

        // A patch checks the version when asked to.
        let stale = Document::patch(doc.id).set(Document::BODY, "x").if_version(2).exec(&db).await;
        assert!(stale.unwrap_err().is_stale());
        assert_eq!(Document::patch(doc.id).set(Document::BODY, "y").if_version(3).exec(&db).await?, 1);
        // A deleted row is as stale as a changed one.
        let mut removed = Document::find(doc.id).one(&db).await?;
        removed.delete(&db).await?;
        assert!(removed.update(&db).await.unwrap_err().is_stale());
        Ok(())
    }
}

on_every_backend! {
    async fn two_concurrent_updates_one_conflict(db: Db) {
        covet::ddl::create_table::<Document>(&db).await?;
        for round in 0..10 {
            let doc = Document::insert(NewDocument { body: format!("r{round}") }).exec(&db).await?;
            let tasks: Vec<_> = ["left", "right"]
                .into_iter()
                .map(|side| {
                    let (db, mut copy) = (db.clone(), doc.clone());
                    tokio::spawn(async move {
                        copy.body = side.into();
                        copy.update(&db).await.map(|_| copy)
                    })
                })
                .collect();
            let mut won = Vec::new();
            let mut stale = 0;
            for t in tasks {
                match t.await.expect("task") {
                    Ok(copy) => won.push(copy),
                    Err(e) if e.is_stale() => stale += 1,
                    Err(e) => return Err(e),
                }
            }
            assert_eq!((won.len(), stale), (1, 1), "round {round}: exactly one update wins");
            let stored = Document::find(doc.id).one(&db).await?;
            assert_eq!(stored, won[0], "the winner's row is stored, at version 2");
            assert_eq!(stored.version, 2);
        }
        Ok(())
    }
}
