//! Dynamic filters and sort keys: names checked against the metadata, values converted to the
//! column's type, every refusal before anything is sent.

use super::{Album, seed_albums};
use covet::dynamic;
use covet::prelude::*;
use serde_json::json;

async fn slugs(db: &Db, q: Select<Album>) -> covet::Result<Vec<String>> {
    Ok(q.all(db).await?.into_iter().map(|a| a.slug).collect())
}

on_every_backend! {
    async fn dynamic_filters_and_sorts_match_typed_ones(db: Db) {
        seed_albums(&db).await?;
        let by = |name: &str, op: &str, v: serde_json::Value| dynamic::filter::<Album>(name, op, &v);
        let asc = || Album::ID.asc();
        let q = |f: Filter<Album>| Album::query().filter(f).order_by(asc());
        assert_eq!(slugs(&db, q(by("title", "eq", json!("Bravo"))?)).await?, ["b"]);
        assert_eq!(slugs(&db, q(by("plays", "gt", json!(30))?)).await?, ["d", "e"]);
        assert_eq!(slugs(&db, q(by("plays", "le", json!(20))?)).await?, ["a", "b"]);
        assert_eq!(slugs(&db, q(by("year", "between", json!([1975, 1995]))?)).await?, ["b", "d"]);
        assert_eq!(slugs(&db, q(by("slug", "in", json!(["a", "e", "nope"]))?)).await?, ["a", "e"]);
        assert_eq!(slugs(&db, q(by("title", "like", json!("%ha%"))?)).await?, ["a", "c"]);
        assert_eq!(slugs(&db, q(by("year", "is_null", json!(null))?)).await?, ["c"]);
        assert_eq!(slugs(&db, q(by("year", "ne", json!(1970))?)).await?, ["b", "d", "e"]);
        // Field names work as well as column names; the object form ANDs its conditions.
        let f = dynamic::filters::<Album>(&json!({"plays": {"ge": 20, "lt": 50}, "slug": "d"}))?;
        assert_eq!(slugs(&db, q(f)).await?, ["d"]);
        // Sorting by a runtime key, in either direction.
        let order = dynamic::order::<Album>("year", "DESC")?;
        assert_eq!(slugs(&db, Album::query().order_by(order)).await?, ["e", "d", "b", "a", "c"]);
        let order = dynamic::order::<Album>("title", "asc")?;
        assert_eq!(slugs(&db, Album::query().order_by(order)).await?, ["a", "b", "c", "d", "e"]);
        Ok(())
    }
}

on_every_backend! {
    async fn dynamic_refusals_send_nothing(db: Db) {
        seed_albums(&db).await?;
        let sent = db.statement_count();
        let unknown = dynamic::filter::<Album>("titel", "eq", &json!("x")).unwrap_err();
        assert!(unknown.is_unknown_column(), "{unknown}");
        assert!(unknown.to_string().contains("titel"), "{unknown}");
        let cases = [
            ("title", "eq", json!(5)),
            ("plays", "eq", json!("5")),
            ("plays", "eq", json!(1.5)),
            ("year", "eq", json!(1i64 << 40)),
            ("year", "eq", json!(null)),
            ("plays", "is_null", json!(null)),
            ("plays", "like", json!("1%")),
            ("title", "in", json!("not a list")),
            ("title", "between", json!(["a"])),
            ("title", "regexp", json!(".*")),
            ("title", "eq; DROP TABLE q_albums", json!("x")),
            ("updated_at", "gt", json!("yesterday")),
        ];
        for (name, op, value) in cases {
            let err = dynamic::filter::<Album>(name, op, &value).unwrap_err();
            assert!(err.is_invalid_input(), "{name} {op} {value}: {err}");
        }
        let err = dynamic::order::<Album>("title; --", "asc").unwrap_err();
        assert!(err.is_unknown_column(), "{err}");
        let err = dynamic::order::<Album>("title", "asc; DROP TABLE q_albums").unwrap_err();
        assert!(err.is_invalid_input(), "{err}");
        let err = dynamic::filters::<Album>(&json!(["title"])).unwrap_err();
        assert!(err.is_invalid_input(), "{err}");
        // A malformed LIKE pattern is refused when the query renders, still before sending.
        let f = dynamic::filter::<Album>("title", "like", &json!("ends in \\"))?;
        assert!(Album::query().filter(f).all(&db).await.unwrap_err().is_invalid_input());
        assert_eq!(db.statement_count(), sent, "nothing was sent");
        Ok(())
    }
}

#[derive(Model, Debug, Clone)]
#[covet(table = "q_logins")]
struct Login {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 40, rename = "user_name")]
    user: String,
    #[covet(sensitive)]
    secret: covet::Sensitive<String>,
}

#[test]
fn sensitive_columns_cannot_be_probed_and_field_names_resolve() {
    for name in ["secret", "Secret", "secret "] {
        let err = dynamic::filter::<Login>(name, "eq", &json!("hunter2")).unwrap_err();
        assert!(err.is_unknown_column(), "{name}: {err}");
        assert!(
            dynamic::order::<Login>(name, "asc")
                .unwrap_err()
                .is_unknown_column()
        );
    }
    // A renamed column answers to its column name and to its field name.
    let by_column = dynamic::filter::<Login>("user_name", "eq", &json!("ann")).expect("column");
    let by_field = dynamic::filter::<Login>("user", "eq", &json!("ann")).expect("field");
    assert_eq!(by_column.expr(), by_field.expr());
    assert_eq!(by_column.expr(), Login::USER.eq("ann").expr());
    // A megabyte-long name is refused with a short message.
    let long = "x".repeat(1 << 20);
    let err = dynamic::order::<Login>(&long, "asc").unwrap_err();
    assert!(
        err.to_string().len() < 200,
        "{} bytes",
        err.to_string().len()
    );
}
