//! Reserved words as names, hostile values as data: identifiers are always quoted and values
//! are always bound, so both work byte-exact on every backend.

use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "order")]
struct Order {
    #[covet(primary_key, auto_increment, rename = "select")]
    id: i64,
    #[covet(rename = "from", max_length = 50, unique)]
    from: String,
    #[covet(rename = "where", index)]
    r#where: Option<i32>,
    #[covet(references = User, on_delete = cascade, rename = "user")]
    user: i64,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "user")]
struct User {
    #[covet(primary_key, auto_increment, rename = "group")]
    group: i64,
    #[covet(rename = "desc")]
    desc: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "group", unique(key, value))]
struct Group {
    #[covet(primary_key, rename = "key", max_length = 30)]
    key: String,
    #[covet(rename = "value", max_length = 30)]
    value: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "select")]
struct Note {
    #[covet(primary_key, auto_increment)]
    id: i64,
    body: String,
    blob: Vec<u8>,
}

on_every_backend! {
    async fn reserved_words_as_tables_and_columns(db: Db) {
        covet::ddl::create_table::<User>(&db).await?;
        covet::ddl::create_table::<Order>(&db).await?;
        covet::ddl::create_table::<Group>(&db).await?;
        let user = User::insert(NewUser { desc: "select * from user".into() }).exec(&db).await?;
        let mut order = Order::insert(NewOrder { from: "here".into(), r#where: Some(3), user: user.group })
            .exec(&db)
            .await?;
        order.r#where = None;
        assert_eq!(order.update(&db).await?, 1);
        let found = Order::query()
            .filter(Order::FROM.eq("here").and(Order::WHERE.is_null()))
            .order_by(Order::USER.desc())
            .all(&db)
            .await?;
        assert_eq!(found, std::slice::from_ref(&order));
        let group = Group::insert(NewGroup { key: "k".into(), value: "v".into() }).exec(&db).await?;
        assert_eq!(Group::find("k".into()).one(&db).await?, group);
        // The foreign key to "user" cascades.
        assert_eq!(user.delete(&db).await?, 1);
        assert_eq!(Order::query().count(&db).await?, 0);
        Ok(())
    }
}

/// Values that would break string-built SQL.
fn hostile_values(nul_allowed: bool) -> Vec<String> {
    let mut values: Vec<String> = [
        "'",
        "''",
        "\"",
        "`",
        "\\",
        "\\'",
        "'; DROP TABLE x; --",
        "'); DROP TABLE \"select\"; --",
        "` OR 1=1 -- ",
        "1' OR '1'='1",
        "\" OR \"\"=\"",
        "%' UNION SELECT 1,2,3 --",
        "/* comment */",
        "$1",
        "?",
        "$$ quoted $$",
        "\\x00\\n",
        "line\nbreak\r\ttab",
        "ünïcödé ✓ 漢字 🎸",
        "\u{FF07} fullwidth apostrophe",
        "\u{2019} right quote",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    values.push("x".repeat(100_000));
    if nul_allowed {
        values.push("nul\0inside".into());
    }
    values
}

on_every_backend! {
    async fn hostile_values_round_trip_byte_exact(db: Db) {
        covet::ddl::create_table::<Note>(&db).await?;
        // PostgreSQL text cannot hold NUL at all; the other two store it.
        let nul_allowed = db.backend() != covet::Backend::Postgres;
        for value in hostile_values(nul_allowed) {
            let stored = Note::insert(NewNote { body: value.clone(), blob: value.clone().into_bytes() })
                .exec(&db)
                .await?;
            assert_eq!(stored.body, value);
            assert_eq!(stored.blob, value.as_bytes());
            let found = Note::query().filter(Note::BODY.eq(value.as_str())).all(&db).await?;
            assert_eq!(found, std::slice::from_ref(&stored), "eq finds exactly the row for {:?}", &value[..value.len().min(40)]);
            let like = Note::query().filter(Note::BODY.like(value.as_str()).and(Note::ID.eq(stored.id)));
            let trailing_escape = value.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1;
            if trailing_escape || value.len() > covet::MAX_LIKE_PATTERN_BYTES {
                // Malformed for some backend: refused on all of them, before anything is sent.
                let before = db.statement_count();
                let err = like.count(&db).await.unwrap_err();
                assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
                assert_eq!(db.statement_count(), before);
            } else if !value.contains(['%', '_', '\\']) {
                assert_eq!(like.count(&db).await?, 1, "like without wildcards matches itself: {:?}", &value[..value.len().min(40)]);
            }
            let listed = Note::query().filter(Note::BODY.in_list([value.clone()])).count(&db).await?;
            assert_eq!(listed, 1);
        }
        // Every table survived.
        assert_eq!(Note::query().count(&db).await? as usize, hostile_values(nul_allowed).len());
        Ok(())
    }
}

on_every_backend! {
    async fn postgres_refuses_nul_with_a_classified_error(db: Db) {
        covet::ddl::create_table::<Note>(&db).await?;
        let result = Note::insert(NewNote { body: "a\0b".into(), blob: vec![0] }).exec(&db).await;
        match db.backend() {
            covet::Backend::Postgres => {
                let err = result.unwrap_err();
                assert_eq!(err.code(), Some("22021"), "{err:?}");
                assert!(!err.is_retryable());
            }
            _ => assert_eq!(result?.body, "a\0b"),
        }
        Ok(())
    }
}
