//! Window functions: numbering, ranking, neighbours and running totals, typed and selected
//! like columns.

#![allow(
    clippy::type_complexity,
    reason = "each row's type is spelled out: it is what the test checks"
)]

use super::{Album, Track, seed, sql};

use covet::prelude::*;

fn by_album() -> Window<Track> {
    Window::new()
        .partition_by(Track::ALBUM_ID)
        .order_by(Track::POSITION.asc())
}

#[test]
fn sql_text() {
    let q = Track::query().order_by(Track::ID.asc()).select((
        Track::TITLE,
        row_number().over(by_album()),
        Track::SECONDS.sum().over(by_album()),
        Track::SECONDS
            .lag()
            .over(Window::new().order_by(Track::ID.asc())),
    ));
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"SELECT "title", CAST(ROW_NUMBER() OVER (PARTITION BY "album_id" ORDER BY "position" ASC) AS BIGINT), CAST(SUM("seconds") OVER (PARTITION BY "album_id" ORDER BY "position" ASC) AS BIGINT), LAG("seconds") OVER (ORDER BY "id" ASC) FROM "tracks" ORDER BY "id" ASC"#,
            r#"SELECT `title`, CAST(ROW_NUMBER() OVER (PARTITION BY `album_id` ORDER BY `position` ASC) AS SIGNED), CAST(SUM(`seconds`) OVER (PARTITION BY `album_id` ORDER BY `position` ASC) AS SIGNED), LAG(`seconds`) OVER (ORDER BY `id` ASC) FROM `tracks` ORDER BY `id` ASC"#,
            r#"SELECT "title", CAST(ROW_NUMBER() OVER (PARTITION BY "album_id" ORDER BY "position" ASC) AS INTEGER), CAST(SUM("seconds") OVER (PARTITION BY "album_id" ORDER BY "position" ASC) AS INTEGER), LAG("seconds") OVER (ORDER BY "id" ASC) FROM "tracks" ORDER BY "id" ASC"#,
        ]
    );
}

on_every_backend! {
    async fn numbering_running_totals_and_neighbours(db: Db) {
        seed(&db).await?;
        let rows: Vec<(i64, i64, Option<i64>, Option<i64>, Option<i64>)> = Track::query()
            .order_by(Track::ID.asc())
            .select((
                Track::ID,
                row_number().over(by_album()),
                Track::SECONDS.sum().over(by_album()),
                Track::SECONDS.lag().over(Window::new().order_by(Track::ID.asc())),
                Track::SECONDS.lead().over(Window::new().order_by(Track::ID.asc())),
            ))
            .all(&db)
            .await?;
        let numbers: Vec<i64> = rows.iter().map(|r| r.1).collect();
        assert_eq!(numbers, [1, 2, 3, 1, 2, 1, 2, 3, 1]);
        let running: Vec<Option<i64>> = rows.iter().map(|r| r.2).collect();
        assert_eq!(
            running,
            [Some(312), Some(629), Some(884), Some(208), Some(411), Some(562), Some(1151), Some(1488), None]
        );
        let lag: Vec<Option<i64>> = rows.iter().map(|r| r.3).collect();
        assert_eq!(lag, [None, Some(312), Some(317), Some(255), Some(208), Some(203), Some(562), Some(589), Some(337)]);
        let lead: Vec<Option<i64>> = rows.iter().map(|r| r.4).collect();
        assert_eq!(lead, [Some(317), Some(255), Some(208), Some(203), Some(562), Some(589), Some(337), None, None]);
        Ok(())
    }
}

on_every_backend! {
    async fn rank_and_dense_rank(db: Db) {
        seed(&db).await?;
        let by_artist = || Window::new().order_by(Album::ARTIST_ID.asc());
        let rows: Vec<(String, i64, i64, i64)> = Album::query()
            .order_by(Album::ID.asc())
            .select((
                Album::TITLE,
                rank().over(by_artist()),
                dense_rank().over(by_artist()),
                Album::ID.count().over(Window::new().partition_by(Album::ARTIST_ID)),
            ))
            .all(&db)
            .await?;
        assert_eq!(
            rows,
            [
                ("Back in Black".to_owned(), 1, 1, 2),
                ("Highway to Hell".to_owned(), 1, 1, 2),
                ("Kind of Blue".to_owned(), 3, 2, 2),
                ("Bootleg".to_owned(), 3, 2, 2),
            ]
        );
        Ok(())
    }
}
