//! Inner and left joins with typed `ON` conditions; rows are tuples of models, with
//! `Option<Model>` for the side of a left join that may have no match.

use super::{Album, Artist, Track, seed, sql};

use covet::prelude::*;

#[test]
fn sql_text() {
    let q = Artist::query()
        .inner_join(Album::ARTIST_ID.on(Artist::ID))
        .left_join(Track::ALBUM_ID.on(Album::ID))
        .filter(Album::YEAR.gt(1970))
        .order_by(Track::ID.asc());
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"SELECT "artists"."id", "artists"."name", "artists"."country", "albums"."id", "albums"."artist_id", "albums"."title", "albums"."year", "albums"."price", "tracks"."id", "tracks"."album_id", "tracks"."title", "tracks"."position", "tracks"."seconds" FROM "artists" INNER JOIN "albums" ON "albums"."artist_id" = "artists"."id" LEFT JOIN "tracks" ON "tracks"."album_id" = "albums"."id" WHERE "albums"."year" > $1 ORDER BY "tracks"."id" ASC NULLS FIRST"#,
            r#"SELECT `artists`.`id`, `artists`.`name`, `artists`.`country`, `albums`.`id`, `albums`.`artist_id`, `albums`.`title`, `albums`.`year`, `albums`.`price`, `tracks`.`id`, `tracks`.`album_id`, `tracks`.`title`, `tracks`.`position`, `tracks`.`seconds` FROM `artists` INNER JOIN `albums` ON `albums`.`artist_id` = `artists`.`id` LEFT JOIN `tracks` ON `tracks`.`album_id` = `albums`.`id` WHERE `albums`.`year` > ? ORDER BY `tracks`.`id` ASC"#,
            r#"SELECT "artists"."id", "artists"."name", "artists"."country", "albums"."id", "albums"."artist_id", "albums"."title", "albums"."year", "albums"."price", "tracks"."id", "tracks"."album_id", "tracks"."title", "tracks"."position", "tracks"."seconds" FROM "artists" INNER JOIN "albums" ON "albums"."artist_id" = "artists"."id" LEFT JOIN "tracks" ON "tracks"."album_id" = "albums"."id" WHERE "albums"."year" > ? ORDER BY "tracks"."id" ASC"#,
        ]
    );
}

on_every_backend! {
    async fn inner_join_pairs_matching_rows(db: Db) {
        seed(&db).await?;
        let rows: Vec<(Artist, Album)> = Artist::query()
            .inner_join(Album::ARTIST_ID.on(Artist::ID))
            .order_by(Album::ID.asc())
            .all(&db)
            .await?;
        let names: Vec<(&str, &str)> =
            rows.iter().map(|(a, b)| (a.name.as_str(), b.title.as_str())).collect();
        assert_eq!(
            names,
            [
                ("AC/DC", "Back in Black"),
                ("AC/DC", "Highway to Hell"),
                ("Miles Davis", "Kind of Blue"),
                ("Miles Davis", "Bootleg"),
            ]
        );
        assert!(rows.iter().all(|(artist, album)| album.artist_id == artist.id));
        assert_eq!(rows[3].1, Album { id: 4, artist_id: 2, title: "Bootleg".into(), year: None, price: 3.0 });
        Ok(())
    }
}

on_every_backend! {
    async fn left_join_keeps_rows_without_a_match(db: Db) {
        seed(&db).await?;
        let rows: Vec<(Artist, Option<Album>)> = Artist::query()
            .left_join(Album::ARTIST_ID.on(Artist::ID))
            .order_by(Artist::ID.desc())
            .order_by(Album::ID.asc())
            .all(&db)
            .await?;
        let names: Vec<(&str, Option<&str>)> = rows
            .iter()
            .map(|(a, b)| (a.name.as_str(), b.as_ref().map(|b| b.title.as_str())))
            .collect();
        assert_eq!(
            names,
            [
                ("Nobody", None),
                ("Miles Davis", Some("Kind of Blue")),
                ("Miles Davis", Some("Bootleg")),
                ("AC/DC", Some("Back in Black")),
                ("AC/DC", Some("Highway to Hell")),
            ]
        );
        Ok(())
    }
}

on_every_backend! {
    async fn three_models_filtered_on_any_of_them(db: Db) {
        seed(&db).await?;
        let rows: Vec<(Artist, Option<Album>, Option<Track>)> = Artist::query()
            .left_join(Album::ARTIST_ID.on(Artist::ID))
            .left_join(Track::ALBUM_ID.on(Album::ID))
            .filter(Track::SECONDS.gt(500).or(Track::SECONDS.is_null()))
            .order_by(Artist::ID.asc())
            .order_by(Track::ID.asc())
            .all(&db)
            .await?;
        let names: Vec<(&str, Option<&str>, Option<&str>)> = rows
            .iter()
            .map(|(a, b, t)| {
                (a.name.as_str(), b.as_ref().map(|b| b.title.as_str()), t.as_ref().map(|t| t.title.as_str()))
            })
            .collect();
        assert_eq!(
            names,
            [
                ("Miles Davis", Some("Kind of Blue"), Some("So What")),
                ("Miles Davis", Some("Kind of Blue"), Some("Freddie Freeloader")),
                ("Miles Davis", Some("Bootleg"), Some("Untitled")),
                ("Nobody", None, None),
            ]
        );
        let inner: Vec<(Album, Track)> = Album::query()
            .filter(Album::ARTIST_ID.eq(1))
            .inner_join(Track::ALBUM_ID.on(Album::ID))
            .filter(Track::POSITION.eq(2))
            .order_by(Track::TITLE.asc())
            .limit(1)
            .all(&db)
            .await?;
        assert_eq!(inner.len(), 1);
        assert_eq!((inner[0].0.title.as_str(), inner[0].1.title.as_str()), ("Highway to Hell", "Girls Got Rhythm"));
        Ok(())
    }
}

on_every_backend! {
    async fn joining_a_model_twice_is_refused_before_sending(db: Db) {
        seed(&db).await?;
        let before = db.statement_count();
        let err = Artist::query().inner_join(Artist::ID.on(Artist::ID)).all(&db).await.unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
        assert_eq!(db.statement_count(), before);
        Ok(())
    }
}

#[test]
fn projected_sql_text() {
    let q = Artist::query()
        .left_join(Album::ARTIST_ID.on(Artist::ID))
        .select((Artist::NAME, Album::ID.count()))
        .group_by((Artist::ID, Artist::NAME))
        .having(Album::ID.count().lt(5))
        .order_by(Artist::ID.asc());
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"SELECT "artists"."name", COUNT("albums"."id") FROM "artists" LEFT JOIN "albums" ON "albums"."artist_id" = "artists"."id" GROUP BY "artists"."id", "artists"."name" HAVING COUNT("albums"."id") < $1 ORDER BY "artists"."id" ASC"#,
            r#"SELECT `artists`.`name`, COUNT(`albums`.`id`) FROM `artists` LEFT JOIN `albums` ON `albums`.`artist_id` = `artists`.`id` GROUP BY `artists`.`id`, `artists`.`name` HAVING COUNT(`albums`.`id`) < ? ORDER BY `artists`.`id` ASC"#,
            r#"SELECT "artists"."name", COUNT("albums"."id") FROM "artists" LEFT JOIN "albums" ON "albums"."artist_id" = "artists"."id" GROUP BY "artists"."id", "artists"."name" HAVING COUNT("albums"."id") < ? ORDER BY "artists"."id" ASC"#,
        ]
    );
}

on_every_backend! {
    async fn join_projections_make_the_left_side_optional(db: Db) {
        seed(&db).await?;
        // `Album::TITLE` is a `String` in the model, and an `Option<String>` after a left join.
        let rows: Vec<(String, Option<String>, Option<i32>)> = Artist::query()
            .left_join(Album::ARTIST_ID.on(Artist::ID))
            .select((Artist::NAME, Album::TITLE, Album::YEAR))
            .order_by(Artist::ID.desc())
            .order_by(Album::ID.asc())
            .all(&db)
            .await?;
        assert_eq!(
            rows,
            [
                ("Nobody".to_owned(), None, None),
                ("Miles Davis".to_owned(), Some("Kind of Blue".to_owned()), Some(1959)),
                ("Miles Davis".to_owned(), Some("Bootleg".to_owned()), None),
                ("AC/DC".to_owned(), Some("Back in Black".to_owned()), Some(1980)),
                ("AC/DC".to_owned(), Some("Highway to Hell".to_owned()), Some(1979)),
            ]
        );
        let inner: Vec<(String, String)> = Album::query()
            .inner_join(Track::ALBUM_ID.on(Album::ID))
            .filter(Track::POSITION.eq(3))
            .select((Album::TITLE, Track::TITLE))
            .order_by(Track::ID.asc())
            .all(&db)
            .await?;
        assert_eq!(
            inner,
            [
                ("Back in Black".to_owned(), "Back in Black".to_owned()),
                ("Kind of Blue".to_owned(), "Blue in Green".to_owned()),
            ]
        );
        Ok(())
    }
}

on_every_backend! {
    async fn aggregates_over_a_join(db: Db) {
        seed(&db).await?;
        let albums: Vec<(String, i64)> = Artist::query()
            .left_join(Album::ARTIST_ID.on(Artist::ID))
            .select((Artist::NAME, Album::ID.count()))
            .group_by((Artist::ID, Artist::NAME))
            .order_by(Artist::ID.asc())
            .all(&db)
            .await?;
        assert_eq!(albums, [("AC/DC".to_owned(), 2), ("Miles Davis".to_owned(), 2), ("Nobody".to_owned(), 0)]);
        let long: Vec<(String, Option<i64>, i64)> = Artist::query()
            .inner_join(Album::ARTIST_ID.on(Artist::ID))
            .inner_join(Track::ALBUM_ID.on(Album::ID))
            .select((Artist::NAME, Track::SECONDS.sum(), count_all::<Track>()))
            .group_by((Artist::ID, Artist::NAME))
            .having(Track::SECONDS.sum().gt(1000))
            .order_by(Track::SECONDS.sum().desc())
            .all(&db)
            .await?;
        assert_eq!(long, [("Miles Davis".to_owned(), Some(1488), 4), ("AC/DC".to_owned(), Some(1295), 5)]);
        let one = Artist::query()
            .inner_join(Album::ARTIST_ID.on(Artist::ID))
            .filter(Artist::NAME.eq("AC/DC"))
            .select((Album::PRICE.sum(), Album::YEAR.min()))
            .one(&db)
            .await?;
        assert_eq!(one, (Some(17.5), Some(1979)));
        Ok(())
    }
}

on_every_backend! {
    async fn without_match_is_an_anti_join(db: Db) {
        seed(&db).await?;
        let lonely: Vec<(Artist, Option<Album>)> = Artist::query()
            .left_join(Album::ARTIST_ID.on(Artist::ID))
            .without_match()
            .all(&db)
            .await?;
        assert_eq!(lonely.len(), 1);
        assert_eq!((lonely[0].0.name.as_str(), lonely[0].1.is_none()), ("Nobody", true));
        let q = Artist::query().left_join(Album::ARTIST_ID.on(Artist::ID)).without_match();
        assert!(sql(|b| q.to_statement(b))[0].ends_with(r#" WHERE "albums"."id" IS NULL"#));
        Ok(())
    }
}
