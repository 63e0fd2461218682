//! Aggregates with the same Rust types on every backend; `group_by` and `having`.

#![allow(
    clippy::type_complexity,
    reason = "each row's type is spelled out: it is what the test checks"
)]

use super::{Album, Track, seed, sql};

use covet::prelude::*;

#[test]
fn sql_text() {
    let q = Track::query()
        .select((
            Track::ALBUM_ID,
            count_all(),
            Track::SECONDS.sum(),
            Track::SECONDS.avg(),
            Track::SECONDS.min(),
            Track::TITLE.count_distinct(),
        ))
        .group_by(Track::ALBUM_ID)
        .having(count_all().gt(1))
        .order_by(Track::SECONDS.sum().desc());
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"SELECT "album_id", COUNT(*), CAST(SUM("seconds") AS BIGINT), AVG(CAST("seconds" AS DOUBLE PRECISION)), MIN("seconds"), COUNT(DISTINCT "title") FROM "tracks" GROUP BY "album_id" HAVING COUNT(*) > $1 ORDER BY CAST(SUM("seconds") AS BIGINT) DESC NULLS LAST"#,
            r#"SELECT `album_id`, COUNT(*), CAST(SUM(`seconds`) AS SIGNED), AVG(CAST(`seconds` AS DOUBLE)), MIN(`seconds`), COUNT(DISTINCT `title`) FROM `tracks` GROUP BY `album_id` HAVING COUNT(*) > ? ORDER BY CAST(SUM(`seconds`) AS SIGNED) DESC"#,
            r#"SELECT "album_id", COUNT(*), CAST(SUM("seconds") AS INTEGER), AVG(CAST("seconds" AS REAL)), MIN("seconds"), COUNT(DISTINCT "title") FROM "tracks" GROUP BY "album_id" HAVING COUNT(*) > ? ORDER BY CAST(SUM("seconds") AS INTEGER) DESC"#,
        ]
    );
}

on_every_backend! {
    async fn grouped_aggregates_have_one_type_everywhere(db: Db) {
        seed(&db).await?;
        let rows: Vec<(i64, i64, Option<i64>, Option<f64>, Option<i64>, Option<i64>)> = Track::query()
            .select((
                Track::ALBUM_ID,
                count_all(),
                Track::SECONDS.sum(),
                Track::SECONDS.avg(),
                Track::SECONDS.min(),
                Track::SECONDS.max(),
            ))
            .group_by(Track::ALBUM_ID)
            .order_by(Track::ALBUM_ID.asc())
            .all(&db)
            .await?;
        assert_eq!(
            rows,
            [
                (1, 3, Some(884), Some(884.0 / 3.0), Some(255), Some(317)),
                (2, 2, Some(411), Some(205.5), Some(203), Some(208)),
                (3, 3, Some(1488), Some(496.0), Some(337), Some(589)),
                (4, 1, None, None, None, None),
            ]
        );
        // Float sums are f64, text has min/max, and counts skip NULL.
        let per_artist: Vec<(i64, Option<f64>, Option<String>, i64, i64)> = Album::query()
            .select((
                Album::ARTIST_ID,
                Album::PRICE.sum(),
                Album::TITLE.max(),
                Album::YEAR.count(),
                Album::YEAR.count_distinct(),
            ))
            .group_by(Album::ARTIST_ID)
            .order_by(Album::ARTIST_ID.asc())
            .all(&db)
            .await?;
        assert_eq!(
            per_artist,
            [
                (1, Some(17.5), Some("Highway to Hell".to_owned()), 2, 2),
                (2, Some(15.25), Some("Kind of Blue".to_owned()), 1, 1),
            ]
        );
        Ok(())
    }
}

on_every_backend! {
    async fn having_filters_groups(db: Db) {
        seed(&db).await?;
        let busy: Vec<(i64, i64)> = Track::query()
            .filter(Track::SECONDS.is_not_null())
            .select((Track::ALBUM_ID, count_all()))
            .group_by(Track::ALBUM_ID)
            .having(count_all().ge(3))
            .having(Track::SECONDS.sum().lt(1000))
            .order_by(Track::ALBUM_ID.asc())
            .all(&db)
            .await?;
        assert_eq!(busy, [(1, 3)]);
        let by_total: Vec<i64> = Track::query()
            .select(Track::ALBUM_ID)
            .group_by(Track::ALBUM_ID)
            .order_by(Track::SECONDS.sum().desc())
            .all(&db)
            .await?;
        assert_eq!(by_total, [3, 1, 2, 4], "NULL sums sort last when descending");
        Ok(())
    }
}

on_every_backend! {
    async fn whole_table_aggregates_over_no_rows(db: Db) {
        seed(&db).await?;
        let none = Track::query()
            .filter(Track::ID.lt(0))
            .select((count_all(), Track::SECONDS.sum(), Track::SECONDS.avg(), Track::TITLE.min()))
            .one(&db)
            .await?;
        assert_eq!(none, (0, None, None, None));
        let all = Track::query()
            .select((count_all(), Track::SECONDS.count(), Track::TITLE.min(), Track::TITLE.max()))
            .one(&db)
            .await?;
        assert_eq!(all, (9, 8, Some("Back in Black".to_owned()), Some("Untitled".to_owned())));
        Ok(())
    }
}

on_every_backend! {
    async fn ungrouped_columns_beside_aggregates_are_refused_before_sending(db: Db) {
        seed(&db).await?;
        let before = db.statement_count();
        let err = Track::query()
            .select((Track::TITLE, count_all()))
            .all(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
        let err = Track::query()
            .select((Track::TITLE, count_all()))
            .group_by(Track::ALBUM_ID)
            .all(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
        assert_eq!(db.statement_count(), before, "nothing was sent");
        Ok(())
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "lines")]
struct Line {
    #[covet(primary_key, auto_increment)]
    id: i64,
    amount: rust_decimal::Decimal,
    qty: i16,
    weight: Option<f32>,
}

on_every_backend! {
    async fn sums_of_every_numeric_type(db: Db) {
        covet::ddl::create_table::<Line>(&db).await?;
        let dec = |s: &str| s.parse::<rust_decimal::Decimal>().expect("decimal");
        for (amount, qty, weight) in [("10.25", 3_i16, Some(0.5_f32)), ("0.50", 30_000, None), ("-1.05", 7, Some(2.25))] {
            Line::insert(NewLine { amount: dec(amount), qty, weight }).exec(&db).await?;
        }
        // Decimal sums stay exact decimals; i16 sums are i64 (past i16::MAX); f32 sums are f64.
        let (amount, qty, weight, avg_qty) = Line::query()
            .select((Line::AMOUNT.sum(), Line::QTY.sum(), Line::WEIGHT.sum(), Line::QTY.avg()))
            .one(&db)
            .await?;
        assert_eq!(amount, Some(dec("9.70")));
        assert_eq!(qty, Some(30_010_i64));
        assert_eq!(weight, Some(2.75_f64));
        assert_eq!(avg_qty, Some(30_010.0 / 3.0));
        let (low, high) = Line::query().select((Line::AMOUNT.min(), Line::WEIGHT.max())).one(&db).await?;
        assert_eq!((low, high), (Some(dec("-1.05")), Some(2.25_f32)));
        Ok(())
    }
}
