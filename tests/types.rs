//! Every supported field type round-trips on every backend, NULL included.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use covet::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use uuid::Uuid;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "every_type")]
struct EveryType {
    #[covet(primary_key, auto_increment)]
    id: i64,
    small: i16,
    int: i32,
    big: i64,
    real: f32,
    double: f64,
    flag: bool,
    text: String,
    bytes: Vec<u8>,
    date: NaiveDate,
    stamp: NaiveDateTime,
    instant: DateTime<Utc>,
    price: Decimal,
    uid: Uuid,
    doc: serde_json::Value,
    o_small: Option<i16>,
    o_int: Option<i32>,
    o_big: Option<i64>,
    o_real: Option<f32>,
    o_double: Option<f64>,
    o_flag: Option<bool>,
    o_text: Option<String>,
    o_bytes: Option<Vec<u8>>,
    o_date: Option<NaiveDate>,
    o_stamp: Option<NaiveDateTime>,
    o_instant: Option<DateTime<Utc>>,
    o_price: Option<Decimal>,
    o_uid: Option<Uuid>,
    o_doc: Option<serde_json::Value>,
}

fn sample() -> NewEveryType {
    let stamp = NaiveDate::from_ymd_opt(2024, 2, 29)
        .and_then(|d| d.and_hms_micro_opt(23, 59, 58, 123_456))
        .expect("valid");
    NewEveryType {
        small: i16::MIN,
        int: i32::MAX,
        big: i64::MIN + 1,
        real: 1.5,
        double: -2.0e-300,
        flag: true,
        text: "naïve 'quoted' \"text\" \\ ✓".into(),
        bytes: vec![0, 1, 2, 0xff, 0xfe],
        date: NaiveDate::from_ymd_opt(1969, 7, 20).expect("valid"),
        stamp,
        instant: Utc.from_utc_datetime(&stamp),
        price: Decimal::from_str("12345.67").expect("decimal"),
        uid: Uuid::from_u128(0x1234_5678_9abc_def0_0fed_cba9_8765_4321),
        doc: serde_json::json!({"a": [1, 2.5, null, "x"], "b": {"c": true}}),
        o_small: Some(-7),
        o_int: Some(-70_000),
        o_big: Some(1 << 40),
        o_real: Some(-0.25),
        o_double: Some(3.5),
        o_flag: Some(false),
        o_text: Some(String::new()),
        o_bytes: Some(Vec::new()),
        o_date: Some(NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid")),
        o_stamp: Some(stamp),
        o_instant: Some(Utc.from_utc_datetime(&stamp)),
        o_price: Some(Decimal::from_str("-0.01").expect("decimal")),
        o_uid: Some(Uuid::nil()),
        o_doc: Some(serde_json::json!([])),
    }
}

fn empty_options(mut v: NewEveryType) -> NewEveryType {
    v.o_small = None;
    v.o_int = None;
    v.o_big = None;
    v.o_real = None;
    v.o_double = None;
    v.o_flag = None;
    v.o_text = None;
    v.o_bytes = None;
    v.o_date = None;
    v.o_stamp = None;
    v.o_instant = None;
    v.o_price = None;
    v.o_uid = None;
    v.o_doc = None;
    v
}

fn matches_new(stored: &EveryType, new: &NewEveryType) {
    let as_new = NewEveryType {
        small: stored.small,
        int: stored.int,
        big: stored.big,
        real: stored.real,
        double: stored.double,
        flag: stored.flag,
        text: stored.text.clone(),
        bytes: stored.bytes.clone(),
        date: stored.date,
        stamp: stored.stamp,
        instant: stored.instant,
        price: stored.price,
        uid: stored.uid,
        doc: stored.doc.clone(),
        o_small: stored.o_small,
        o_int: stored.o_int,
        o_big: stored.o_big,
        o_real: stored.o_real,
        o_double: stored.o_double,
        o_flag: stored.o_flag,
        o_text: stored.o_text.clone(),
        o_bytes: stored.o_bytes.clone(),
        o_date: stored.o_date,
        o_stamp: stored.o_stamp,
        o_instant: stored.o_instant,
        o_price: stored.o_price,
        o_uid: stored.o_uid,
        o_doc: stored.o_doc.clone(),
    };
    assert_eq!(&as_new, new);
}

on_every_backend! {
    async fn every_type_round_trips(db: Db) {
        covet::ddl::create_table::<EveryType>(&db).await?;
        for new in [sample(), empty_options(sample())] {
            let returned = EveryType::insert(new.clone()).exec(&db).await?;
            matches_new(&returned, &new);
            let found = EveryType::find(returned.id).one(&db).await?;
            assert_eq!(found, returned);
        }
        Ok(())
    }
}

on_every_backend! {
    async fn typed_values_filter_and_order(db: Db) {
        covet::ddl::create_table::<EveryType>(&db).await?;
        let base = sample();
        for (i, price) in ["9.99", "10.00", "100.5", "-3"].into_iter().enumerate() {
            let mut new = base.clone();
            new.price = Decimal::from_str(price).expect("decimal");
            new.instant = base.instant + chrono::Duration::seconds(i as i64);
            new.uid = Uuid::from_u128(i as u128);
            EveryType::insert(new).exec(&db).await?;
        }
        let ten = Decimal::from_str("10").expect("decimal");
        let cheap = EveryType::query().filter(EveryType::PRICE.lt(ten)).order_by(EveryType::PRICE.asc()).all(&db).await?;
        let prices: Vec<String> = cheap.iter().map(|r| r.price.normalize().to_string()).collect();
        assert_eq!(prices, ["-3", "9.99"], "decimals compare as numbers");
        let later = EveryType::query().filter(EveryType::INSTANT.gt(base.instant)).count(&db).await?;
        assert_eq!(later, 3);
        let by_uuid = EveryType::query().filter(EveryType::UID.eq(Uuid::from_u128(2))).one(&db).await?;
        assert_eq!(by_uuid.price.normalize().to_string(), "100.5");
        let flagged = EveryType::query().filter(EveryType::FLAG.eq(true).and(EveryType::O_FLAG.eq(false))).count(&db).await?;
        assert_eq!(flagged, 4);
        Ok(())
    }
}

on_every_backend! {
    async fn timestamps_keep_microseconds(db: Db) {
        covet::ddl::create_table::<EveryType>(&db).await?;
        let mut new = sample();
        // Nanoseconds beyond the microsecond are truncated the same way on every backend.
        new.instant = Utc.timestamp_opt(1_700_000_000, 987_654_321).single().expect("valid");
        let stored = EveryType::insert(new).exec(&db).await?;
        assert_eq!(stored.instant.timestamp_subsec_nanos(), 987_654_000);
        Ok(())
    }
}

on_every_backend! {
    async fn every_type_through_every_bulk_path(db: Db) {
        // COPY's text format, UNNEST's arrays and multi-row VALUES store the same values.
        covet::ddl::create_table::<EveryType>(&db).await?;
        let mut odd = sample();
        odd.text = "tab\t nl\n cr\r back\\slash \\N NULL".into();
        odd.real = f32::MIN_POSITIVE;
        odd.double = f64::MAX;
        let rows = vec![sample(), empty_options(sample()), odd];
        let n = rows.len() as u64;
        assert_eq!(EveryType::insert_many(rows.clone()).load(&db).await?, n);
        EveryType::insert_many(rows.clone()).values().exec(&db).await?;
        if db.backend() == covet::Backend::Postgres {
            EveryType::insert_many(rows.clone()).unnest().exec(&db).await?;
            assert_eq!(EveryType::insert_many(rows.clone()).unnest().load(&db).await?, n);
        }
        let stored = EveryType::query().order_by(EveryType::ID.asc()).all(&db).await?;
        assert!(stored.len() >= 6);
        for (i, row) in stored.iter().enumerate() {
            matches_new(row, &rows[i % rows.len()]);
        }
        Ok(())
    }
}
