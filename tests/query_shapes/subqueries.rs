//! `exists` / `not_exists` (correlated or not), `in_subquery` and scalar subqueries, typed
//! by the column the subquery selects.

use super::{Album, Artist, Track, seed, sql};

use covet::prelude::*;

#[test]
fn sql_text() {
    let early = Artist::query().filter(Filter::exists(
        Album::query()
            .filter(Album::YEAR.lt(1970))
            .correlate(Album::ARTIST_ID, Artist::ID),
    ));
    assert_eq!(
        sql(|b| early.to_statement(b)),
        [
            r#"SELECT "id", "name", "country" FROM "artists" WHERE EXISTS (SELECT 1 FROM "albums" WHERE ("albums"."artist_id" = "artists"."id") AND ("albums"."year" < $1))"#,
            r#"SELECT `id`, `name`, `country` FROM `artists` WHERE EXISTS (SELECT 1 FROM `albums` WHERE (`albums`.`artist_id` = `artists`.`id`) AND (`albums`.`year` < ?))"#,
            r#"SELECT "id", "name", "country" FROM "artists" WHERE EXISTS (SELECT 1 FROM "albums" WHERE ("albums"."artist_id" = "artists"."id") AND ("albums"."year" < ?))"#,
        ]
    );
    let in_sub = Track::query()
        .filter(
            Track::ALBUM_ID.in_subquery(
                Album::query()
                    .filter(Album::ARTIST_ID.eq(2))
                    .select(Album::ID),
            ),
        )
        .filter(Track::SECONDS.lt_subquery(Track::query().select(Track::SECONDS.max())));
    assert_eq!(
        sql(|b| in_sub.to_statement(b)),
        [
            r#"SELECT "id", "album_id", "title", "position", "seconds" FROM "tracks" WHERE ("album_id" IN (SELECT "albums"."id" FROM "albums" WHERE "albums"."artist_id" = $1)) AND ("seconds" < (SELECT MAX("tracks"."seconds") FROM "tracks"))"#,
            r#"SELECT `id`, `album_id`, `title`, `position`, `seconds` FROM `tracks` WHERE (`album_id` IN (SELECT `albums`.`id` FROM `albums` WHERE `albums`.`artist_id` = ?)) AND (`seconds` < (SELECT MAX(`tracks`.`seconds`) FROM `tracks`))"#,
            r#"SELECT "id", "album_id", "title", "position", "seconds" FROM "tracks" WHERE ("album_id" IN (SELECT "albums"."id" FROM "albums" WHERE "albums"."artist_id" = ?)) AND ("seconds" < (SELECT MAX("tracks"."seconds") FROM "tracks"))"#,
        ]
    );
}

async fn artist_names(db: &Db, filter: Filter<Artist>) -> covet::Result<Vec<String>> {
    let q = Artist::query()
        .filter(filter)
        .order_by(Artist::ID.asc())
        .select(Artist::NAME);
    q.all(db).await
}

on_every_backend! {
    async fn exists_and_not_exists(db: Db) {
        seed(&db).await?;
        let before_1970 = Album::query().filter(Album::YEAR.lt(1970));
        assert_eq!(
            artist_names(&db, Filter::exists(before_1970.clone().correlate(Album::ARTIST_ID, Artist::ID))).await?,
            ["Miles Davis"]
        );
        assert_eq!(
            artist_names(&db, Filter::not_exists(Album::query().correlate(Album::ARTIST_ID, Artist::ID))).await?,
            ["Nobody"]
        );
        // Uncorrelated: the same answer for every outer row.
        assert_eq!(
            artist_names(&db, Filter::exists(Album::query().filter(Album::YEAR.is_null()))).await?,
            ["AC/DC", "Miles Davis", "Nobody"]
        );
        assert_eq!(artist_names(&db, Filter::not_exists(before_1970)).await?, Vec::<String>::new());
        Ok(())
    }
}

on_every_backend! {
    async fn in_subquery_and_scalar_subqueries(db: Db) {
        seed(&db).await?;
        let miles_albums = Album::query().filter(Album::ARTIST_ID.eq(2)).select(Album::ID);
        let ids: Vec<i64> = Track::query()
            .filter(Track::ALBUM_ID.in_subquery(miles_albums))
            .order_by(Track::ID.asc())
            .select(Track::ID)
            .all(&db)
            .await?;
        assert_eq!(ids, [6, 7, 8, 9]);
        let longest: Vec<String> = Track::query()
            .filter(Track::SECONDS.eq_subquery(Track::query().select(Track::SECONDS.max())))
            .select(Track::TITLE)
            .all(&db)
            .await?;
        assert_eq!(longest, ["Freddie Freeloader"]);
        let above_average: Vec<String> = Album::query()
            .filter(Album::PRICE.gt_subquery(Album::query().select(Album::PRICE.avg())))
            .order_by(Album::ID.asc())
            .select(Album::TITLE)
            .all(&db)
            .await?;
        assert_eq!(above_average, ["Back in Black", "Kind of Blue"]);
        Ok(())
    }
}

on_every_backend! {
    async fn correlating_a_table_with_itself_is_refused_before_sending(db: Db) {
        seed(&db).await?;
        let before = db.statement_count();
        let same = Track::query().correlate(Track::ALBUM_ID, Track::ALBUM_ID);
        let err = Track::query().filter(Filter::exists(same)).all(&db).await.unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
        assert_eq!(db.statement_count(), before);
        Ok(())
    }
}

on_every_backend! {
    async fn subqueries_over_joins(db: Db) {
        seed(&db).await?;
        // Albums of artists from the US, through a join in the subquery.
        let us_albums = Artist::query()
            .inner_join(Album::ARTIST_ID.on(Artist::ID))
            .filter(Artist::COUNTRY.eq("US"))
            .select(Album::ID);
        let tracks: Vec<String> = Track::query()
            .filter(Track::ALBUM_ID.in_subquery(us_albums))
            .filter(Track::POSITION.eq(1))
            .order_by(Track::ID.asc())
            .select(Track::TITLE)
            .all(&db)
            .await?;
        assert_eq!(tracks, ["So What", "Untitled"]);
        // The longest track of an AC/DC album, as a scalar over a join.
        let acdc_longest = Artist::query()
            .inner_join(Album::ARTIST_ID.on(Artist::ID))
            .inner_join(Track::ALBUM_ID.on(Album::ID))
            .filter(Artist::NAME.eq("AC/DC"))
            .select(Track::SECONDS.max());
        let longest: Vec<String> = Track::query()
            .filter(Track::SECONDS.eq_subquery(acdc_longest))
            .select(Track::TITLE)
            .all(&db)
            .await?;
        assert_eq!(longest, ["Shoot to Thrill"]);
        Ok(())
    }
}
