//! Keyset pagination: pages after a cursor, multi-column with mixed directions, equal to the
//! same walk with limit/offset.

use super::{Album, new_album};
use covet::Cursor;
use covet::prelude::*;

/// Twenty albums whose `plays` repeat, so the tie-breaking column matters.
async fn seed(db: &Db) -> covet::Result<()> {
    covet::ddl::create_table::<Album>(db).await?;
    let rows = (0..20).map(|i| new_album(&format!("s{i:02}"), &format!("t{}", i % 3), i % 4, None));
    Album::insert_many(rows).exec(db).await?;
    Ok(())
}

on_every_backend! {
    async fn keyset_pages_walk_every_row_once(db: Db) {
        seed(&db).await?;
        // Mixed directions: plays descending, then title ascending, then id descending.
        let ordered = || {
            Album::query()
                .order_by(Album::PLAYS.desc())
                .order_by(Album::TITLE.asc())
                .order_by(Album::ID.desc())
        };
        let everything: Vec<i64> = ordered().all(&db).await?.iter().map(|a| a.id).collect();
        let mut walked = Vec::new();
        let mut page = ordered().limit(6).all(&db).await?;
        let mut pages = 0;
        while let Some(last) = page.last() {
            pages += 1;
            walked.extend(page.iter().map(|a| a.id));
            let offset = ordered().limit(6).offset(walked.len() as u64).all(&db).await?;
            let cursor = Cursor::new()
                .desc(Album::PLAYS, last.plays)
                .asc(Album::TITLE, &last.title)
                .desc(Album::ID, last.id);
            page = Album::query().after(cursor).limit(6).all(&db).await?;
            assert_eq!(page, offset, "keyset and offset agree after {} rows", walked.len());
        }
        assert_eq!(pages, 4);
        assert_eq!(walked, everything, "every row once, in order");
        // Filters combine with the cursor.
        let last = Album::query().filter(Album::SLUG.eq("s05")).one(&db).await?;
        let after = Album::query()
            .filter(Album::PLAYS.eq(1))
            .after(Cursor::new().asc(Album::ID, last.id))
            .all(&db)
            .await?;
        let slugs: Vec<&str> = after.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs, ["s09", "s13", "s17"]);
        Ok(())
    }
}
