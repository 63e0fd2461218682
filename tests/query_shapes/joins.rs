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
