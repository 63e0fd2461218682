//! A soft-deleted row is invisible to every read until restored; `force_delete` removes it.

use chrono::{DateTime, Utc};
use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "notes")]
struct Note {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 40)]
    title: String,
    #[covet(soft_delete)]
    deleted_at: Option<DateTime<Utc>>,
}

fn titles(notes: &[Note]) -> Vec<&str> {
    notes.iter().map(|n| n.title.as_str()).collect()
}

on_every_backend! {
    async fn every_read_path_leaves_deleted_rows_out(db: Db) {
        covet::ddl::create_table::<Note>(&db).await?;
        let rows = ["a", "b", "c"].map(|t| NewNote { title: t.into() });
        let [a, b, _c] = <[Note; 3]>::try_from(Note::insert_many(rows).exec(&db).await?).expect("three");
        assert!(!b.is_deleted());
        let started = Utc::now() - chrono::Duration::seconds(1);
        assert_eq!(b.delete(&db).await?, 1);
        assert_eq!(b.delete(&db).await?, 0, "a deleted row is not deleted again");

        // Queries, by every terminal, with and without filters.
        let live = Note::query().order_by(Note::TITLE.asc());
        assert_eq!(titles(&live.all(&db).await?), ["a", "c"]);
        assert_eq!(live.count(&db).await?, 2);
        assert_eq!(live.clone().limit(1).offset(1).count(&db).await?, 1);
        assert!(!Note::query().filter(Note::TITLE.eq("b")).exists(&db).await?);
        assert!(Note::query().filter(Note::TITLE.eq("b")).first(&db).await?.is_none());
        assert!(Note::query().filter(Note::TITLE.eq("b")).one(&db).await.unwrap_err().is_not_found());
        assert_eq!(Note::query().filter(Note::TITLE.ne("a")).one(&db).await?.title, "c");
        // Finds by key.
        assert!(Note::find(b.id).optional(&db).await?.is_none());
        assert!(Note::find(b.id).one(&db).await.unwrap_err().is_not_found());
        assert_eq!(Note::find(a.id).one(&db).await?.title, "a");

        // Seeing deleted rows, on request.
        let all = Note::query().with_deleted().order_by(Note::TITLE.asc());
        assert_eq!(titles(&all.all(&db).await?), ["a", "b", "c"]);
        let deleted = Note::query().only_deleted().all(&db).await?;
        assert_eq!(titles(&deleted), ["b"]);
        let mut gone = Note::find(b.id).with_deleted().one(&db).await?;
        assert!(gone.is_deleted());
        let at = gone.deleted_at.expect("marked");
        assert!(at > started && at <= Utc::now(), "marked with the time of the delete: {at}");
        assert_eq!(Note::query().only_deleted().count(&db).await?, 1);

        // Restore brings it back everywhere, and in memory.
        assert_eq!(gone.restore(&db).await?, 1);
        assert!(!gone.is_deleted());
        assert_eq!(gone.restore(&db).await?, 0, "a live row is not restored");
        assert_eq!(Note::find(b.id).one(&db).await?, gone);
        assert_eq!(Note::query().count(&db).await?, 3);

        // force_delete removes the row for good, deleted or not.
        Note::delete_by_key(a.id, &db).await?;
        assert_eq!(Note::force_delete_by_key(a.id, &db).await?, 1);
        assert_eq!(gone.force_delete(&db).await?, 1);
        assert_eq!(Note::query().with_deleted().count(&db).await?, 1);
        Ok(())
    }
}

on_every_backend! {
    async fn restore_by_key_and_updates_leave_the_mark_alone(db: Db) {
        covet::ddl::create_table::<Note>(&db).await?;
        let mut note = Note::insert(NewNote { title: "x".into() }).exec(&db).await?;
        assert_eq!(note.deleted_at, None);
        note.delete(&db).await?;
        // A whole-row update from a stale copy neither restores nor re-deletes the row.
        note.title = "renamed".into();
        assert_eq!(note.update(&db).await?, 1);
        let stored = Note::find(note.id).with_deleted().one(&db).await?;
        assert!(stored.is_deleted());
        assert_eq!(stored.title, "renamed");
        assert_eq!(Note::restore_by_key(note.id, &db).await?, 1);
        assert_eq!(Note::query().count(&db).await?, 1);
        Ok(())
    }
}
