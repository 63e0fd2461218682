//! `update_where` / `delete_where`: typed sets, computed sets, validation before sending,
//! covet's own columns, soft delete.

use super::{Album, Note, new_note, seed_albums};
use covet::prelude::*;

fn slugs(albums: &[Album]) -> Vec<&str> {
    albums.iter().map(|a| a.slug.as_str()).collect()
}

on_every_backend! {
    async fn update_where_sets_values_and_expressions(db: Db) {
        let before = seed_albums(&db).await?;
        let changed = Album::update_where(Album::PLAYS.ge(30))
            .set(Album::TITLE, "Popular")
            .set_expr(Album::PLAYS, Album::PLAYS + 5)
            .exec(&db)
            .await?;
        assert_eq!(changed, 3);
        let after = Album::query().order_by(Album::ID.asc()).all(&db).await?;
        let plays: Vec<i64> = after.iter().map(|a| a.plays).collect();
        assert_eq!(plays, [10, 20, 35, 45, 55]);
        let titles: Vec<&str> = after.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Alpha", "Bravo", "Popular", "Popular", "Popular"]);
        // updated_at moved for the changed rows only.
        for (old, new) in before.iter().zip(&after) {
            if new.plays >= 35 {
                assert!(new.updated_at >= old.updated_at);
            } else {
                assert_eq!(new.updated_at, old.updated_at, "{} untouched", new.slug);
            }
        }
        // Subtraction, multiplication, nullable columns, and a filter that matches nothing.
        Album::update_where(Album::SLUG.eq("a")).set_expr(Album::PLAYS, Album::PLAYS * 3).exec(&db).await?;
        Album::update_where(Album::SLUG.eq("b")).set_expr(Album::PLAYS, Album::PLAYS - 1).exec(&db).await?;
        Album::update_where(Album::YEAR.is_null()).set(Album::YEAR, 1975).exec(&db).await?;
        assert_eq!(Album::update_where(Album::SLUG.eq("zzz")).set(Album::PLAYS, 0).exec(&db).await?, 0);
        let rows = Album::query().order_by(Album::ID.asc()).all(&db).await?;
        assert_eq!(rows[0].plays, 30);
        assert_eq!(rows[1].plays, 19);
        assert_eq!(rows[2].year, Some(1975));
        // Setting NULL on a nullable column.
        Album::update_where(Album::SLUG.eq("c")).set(Album::YEAR, None::<i32>).exec(&db).await?;
        assert_eq!(Album::query().filter(Album::YEAR.is_null()).count(&db).await?, 1);
        Ok(())
    }
}

on_every_backend! {
    async fn update_where_validates_before_sending(db: Db) {
        seed_albums(&db).await?;
        let sent = db.statement_count();
        let err = Album::update_where(Album::PLAYS.gt(0))
            .set(Album::TITLE, "")
            .set(Album::PLAYS, -1)
            .exec(&db)
            .await
            .unwrap_err();
        assert!(err.is_validation(), "{err}");
        assert_eq!(err.validation_errors().len(), 2, "every failing field at once: {err}");
        let err = Album::update_where(Album::PLAYS.gt(0)).exec(&db).await.unwrap_err();
        assert!(err.is_invalid_input(), "nothing to set: {err}");
        assert_eq!(db.statement_count(), sent, "nothing was sent");
        assert_eq!(Album::query().filter(Album::TITLE.eq("")).count(&db).await?, 0);
        Ok(())
    }
}

on_every_backend! {
    async fn delete_where_removes_matching_rows(db: Db) {
        seed_albums(&db).await?;
        let gone = Album::delete_where(Album::YEAR.lt(1985).or(Album::YEAR.is_null())).exec(&db).await?;
        assert_eq!(gone, 3);
        let left = Album::query().order_by(Album::SLUG.asc()).all(&db).await?;
        assert_eq!(slugs(&left), ["d", "e"]);
        assert_eq!(Album::delete_where(Filter::all([])).exec(&db).await?, 2, "an empty AND matches all");
        Ok(())
    }
}

on_every_backend! {
    async fn soft_delete_models_are_marked_and_versions_move(db: Db) {
        covet::ddl::create_table::<Note>(&db).await?;
        let rows = [new_note("ann", "a", "x"), new_note("ann", "b", "y"), new_note("bob", "c", "z")];
        Note::insert_many(rows).exec(&db).await?;
        // A batch update increments the version, so optimistic writers holding it go stale.
        let mut held = Note::query().filter(Note::TITLE.eq("a")).one(&db).await?;
        assert_eq!(Note::update_where(Note::OWNER.eq("ann")).set(Note::BODY, "new").exec(&db).await?, 2);
        let fresh = Note::query().filter(Note::TITLE.eq("a")).one(&db).await?;
        assert_eq!((fresh.version, fresh.body.as_str()), (2, "new"));
        held.body = "stale".into();
        assert!(held.update(&db).await.unwrap_err().is_stale());
        let err = Note::update_where(Note::OWNER.eq("ann")).set(Note::VERSION, 9).exec(&db).await.unwrap_err();
        assert!(err.is_invalid_input(), "{err}");

        // Soft delete by filter: marked, not removed; already-deleted rows are left alone.
        assert_eq!(Note::delete_where(Note::OWNER.eq("ann")).exec(&db).await?, 2);
        assert_eq!(Note::delete_where(Note::OWNER.eq("ann")).exec(&db).await?, 0);
        assert_eq!(Note::query().count(&db).await?, 1);
        assert_eq!(Note::query().only_deleted().count(&db).await?, 2);
        // Batch updates see live rows only, unless told otherwise.
        assert_eq!(Note::update_where(Note::OWNER.eq("ann")).set(Note::BODY, "b").exec(&db).await?, 0);
        assert_eq!(Note::update_where(Note::OWNER.eq("ann")).with_deleted().set(Note::BODY, "b").exec(&db).await?, 2);
        // Force removes for good, deleted rows included.
        assert_eq!(Note::delete_where(Note::OWNER.ne("nobody")).force().exec(&db).await?, 3);
        assert_eq!(Note::query().with_deleted().count(&db).await?, 0);
        Ok(())
    }
}
