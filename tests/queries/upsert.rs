//! Upsert: do nothing / do update of chosen columns, returning the stored row on every backend.

use super::{Album, Note, new_album, new_note, seed_albums};
use covet::prelude::*;

on_every_backend! {
    async fn upsert_inserts_then_updates_chosen_columns(db: Db) {
        seed_albums(&db).await?;
        // A new slug: inserted, returned with its generated key.
        let fresh = Album::upsert(new_album("f", "Foxtrot", 1, None))
            .on_conflict(Album::SLUG)
            .do_update((Album::TITLE, Album::PLAYS))
            .exec(&db)
            .await?;
        assert_eq!((fresh.slug.as_str(), fresh.title.as_str(), fresh.plays), ("f", "Foxtrot", 1));
        assert_eq!(Album::find(fresh.id).one(&db).await?, fresh);
        // A taken slug: title and plays overwritten, year kept, key unchanged.
        let before = Album::query().filter(Album::SLUG.eq("b")).one(&db).await?;
        let stored = Album::upsert(new_album("b", "Bravo II", 99, Some(2024)))
            .on_conflict(Album::SLUG)
            .do_update((Album::TITLE, Album::PLAYS))
            .exec(&db)
            .await?;
        assert_eq!(stored.id, before.id);
        assert_eq!((stored.title.as_str(), stored.plays, stored.year), ("Bravo II", 99, Some(1980)));
        assert!(stored.updated_at >= before.updated_at);
        assert_eq!(Album::find(before.id).one(&db).await?, stored);
        assert_eq!(Album::query().count(&db).await?, 6);
        Ok(())
    }
}

on_every_backend! {
    async fn upsert_do_nothing_returns_the_stored_row(db: Db) {
        seed_albums(&db).await?;
        let before = Album::query().filter(Album::SLUG.eq("c")).one(&db).await?;
        let stored = Album::upsert(new_album("c", "Ignored", 7, Some(1)))
            .on_conflict(Album::SLUG)
            .do_nothing()
            .exec(&db)
            .await?;
        assert_eq!(stored, before, "the stored row, untouched");
        let inserted = Album::upsert(new_album("z", "Zulu", 7, Some(1)))
            .on_conflict(Album::SLUG)
            .do_nothing()
            .exec(&db)
            .await?;
        assert_eq!(inserted.title, "Zulu");
        assert_eq!(Album::query().count(&db).await?, 6);
        Ok(())
    }
}

on_every_backend! {
    async fn upsert_on_a_composite_key_revives_and_versions(db: Db) {
        covet::ddl::create_table::<Note>(&db).await?;
        let first = Note::upsert(new_note("ann", "todo", "one"))
            .on_conflict((Note::OWNER, Note::TITLE))
            .do_update(Note::BODY)
            .exec(&db)
            .await?;
        assert_eq!(first.version, 1);
        first.delete(&db).await?;
        let second = Note::upsert(new_note("ann", "todo", "two"))
            .on_conflict((Note::OWNER, Note::TITLE))
            .do_update(Note::BODY)
            .exec(&db)
            .await?;
        assert_eq!(second.id, first.id);
        assert_eq!((second.body.as_str(), second.version), ("two", 2));
        assert!(!second.is_deleted(), "an upsert that updates brings a soft-deleted row back");
        Ok(())
    }
}

on_every_backend! {
    async fn upsert_refuses_bad_targets_before_sending(db: Db) {
        seed_albums(&db).await?;
        let sent = db.statement_count();
        let not_unique = Album::upsert(new_album("a", "x", 1, None))
            .on_conflict(Album::TITLE)
            .do_nothing()
            .exec(&db)
            .await
            .unwrap_err();
        assert!(not_unique.is_invalid_input(), "{not_unique}");
        let generated = Album::upsert(new_album("a", "x", 1, None))
            .on_conflict(Album::ID)
            .do_nothing()
            .exec(&db)
            .await
            .unwrap_err();
        assert!(generated.is_invalid_input(), "{generated}");
        let invalid = Album::upsert(new_album("a", "", 1, None))
            .on_conflict(Album::SLUG)
            .do_nothing()
            .exec(&db)
            .await
            .unwrap_err();
        assert!(invalid.is_validation(), "{invalid}");
        assert_eq!(db.statement_count(), sent);
        Ok(())
    }
}
