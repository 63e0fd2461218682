//! Selecting chosen columns into tuples (types read off the columns) or into a struct.

use super::{Track, seed, sql};

use covet::prelude::*;

#[test]
fn sql_text() {
    let q = Track::query()
        .filter(Track::POSITION.eq(1))
        .order_by(Track::ID.asc())
        .select((Track::ID, Track::TITLE, Track::SECONDS))
        .limit(3);
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"SELECT "id", "title", "seconds" FROM "tracks" WHERE "position" = $1 ORDER BY "id" ASC LIMIT $2"#,
            r#"SELECT `id`, `title`, `seconds` FROM `tracks` WHERE `position` = ? ORDER BY `id` ASC LIMIT ?"#,
            r#"SELECT "id", "title", "seconds" FROM "tracks" WHERE "position" = ? ORDER BY "id" ASC LIMIT ?"#,
        ]
    );
}

on_every_backend! {
    async fn tuples_take_the_column_types(db: Db) {
        seed(&db).await?;
        let rows: Vec<(i64, String, Option<i64>)> = Track::query()
            .filter(Track::ALBUM_ID.in_list([1, 4]))
            .order_by(Track::ID.asc())
            .select((Track::ID, Track::TITLE, Track::SECONDS))
            .all(&db)
            .await?;
        assert_eq!(
            rows,
            [
                (1, "Hells Bells".to_owned(), Some(312)),
                (2, "Shoot to Thrill".to_owned(), Some(317)),
                (3, "Back in Black".to_owned(), Some(255)),
                (9, "Untitled".to_owned(), None),
            ]
        );
        // One column is not a tuple; nested tuples decode in order.
        let titles: Vec<String> = Track::query()
            .filter(Track::POSITION.eq(3))
            .order_by(Track::TITLE.asc())
            .select(Track::TITLE)
            .all(&db)
            .await?;
        assert_eq!(titles, ["Back in Black", "Blue in Green"]);
        let nested: Vec<(i32, (String, i64))> = Track::query()
            .filter(Track::ID.eq(8))
            .select((Track::POSITION, (Track::TITLE, Track::ALBUM_ID)))
            .all(&db)
            .await?;
        assert_eq!(nested, [(3, ("Blue in Green".to_owned(), 3))]);
        Ok(())
    }
}

#[derive(Debug, PartialEq)]
struct Length {
    title: String,
    minutes: Option<i64>,
}

impl From<(String, Option<i64>)> for Length {
    fn from((title, seconds): (String, Option<i64>)) -> Self {
        Self {
            title,
            minutes: seconds.map(|s| s / 60),
        }
    }
}

on_every_backend! {
    async fn rows_decode_into_a_struct(db: Db) {
        seed(&db).await?;
        let lengths: Vec<Length> = Track::query()
            .filter(Track::SECONDS.gt(500).or(Track::SECONDS.is_null()))
            .order_by(Track::ID.asc())
            .select((Track::TITLE, Track::SECONDS))
            .into_struct::<Length>()
            .all(&db)
            .await?;
        assert_eq!(
            lengths,
            [
                Length { title: "So What".into(), minutes: Some(9) },
                Length { title: "Freddie Freeloader".into(), minutes: Some(9) },
                Length { title: "Untitled".into(), minutes: None },
            ]
        );
        Ok(())
    }
}

on_every_backend! {
    async fn distinct_rows(db: Db) {
        seed(&db).await?;
        let positions: Vec<i32> = Track::query()
            .select(Track::POSITION)
            .distinct()
            .order_by(Track::POSITION.asc())
            .all(&db)
            .await?;
        assert_eq!(positions, [1, 2, 3]);
        let before = db.statement_count();
        let err = Track::query()
            .select(Track::POSITION)
            .distinct()
            .order_by(Track::ID.asc())
            .all(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
        assert_eq!(db.statement_count(), before, "nothing was sent");
        let q = Track::query().select(Track::POSITION).distinct();
        assert_eq!(
            sql(|b| q.to_statement(b))[1],
            "SELECT DISTINCT `position` FROM `tracks`"
        );
        Ok(())
    }
}
