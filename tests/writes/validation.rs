//! Every failing field is reported at once, as a classified error, and nothing is sent.

use super::{Member, NewMember, valid_member};
use covet::prelude::*;
use covet::schema::{CheckRule, Number, SqlType};
use covet::{Rule, Value};

/// Five fields, each breaking one rule.
fn five_invalid() -> NewMember {
    NewMember {
        handle: "ab".into(),            // min_length = 3
        email: "not-an-email".into(),   // email
        age: Some(200),                 // max = 150
        rating: -1.0,                   // min = 0.0
        nickname: Some("admin".into()), // validate = not_reserved
    }
}

fn rules(e: &covet::Error) -> Vec<(&'static str, Rule)> {
    e.validation_errors()
        .iter()
        .map(|f| (f.field, f.rule))
        .collect()
}

const FIVE: [(&str, Rule); 5] = [
    ("handle", Rule::MinLength),
    ("email", Rule::Email),
    ("age", Rule::Max),
    ("rating", Rule::Min),
    ("nickname", Rule::Custom),
];

on_every_backend! {
    async fn five_invalid_fields_five_errors_nothing_sent(db: Db) {
        covet::ddl::create_table::<Member>(&db).await?;
        let before = db.statement_count();

        let err = Member::insert(five_invalid()).exec(&db).await.unwrap_err();
        assert!(err.is_validation(), "{err:?}");
        assert_eq!(err.class(), "validation");
        assert_eq!(rules(&err), FIVE);
        let text = err.to_string();
        assert!(text.starts_with("invalid Member: handle must be at least 3 characters long; "), "{text}");
        assert!(text.contains("nickname is a reserved name"), "{text}");

        // insert_many reports every row's failures, each with its position.
        let rows = vec![valid_member("fine"), five_invalid(), valid_member("also_fine"), five_invalid()];
        let err = Member::insert_many(rows).exec(&db).await.unwrap_err();
        let failing_rows: Vec<_> = err.validation_errors().iter().map(|f| f.row).collect();
        assert_eq!(failing_rows, [[Some(1); 5], [Some(3); 5]].concat());

        let err = Member::get_or_insert(Member::HANDLE.eq("ab"), five_invalid()).exec(&db).await.unwrap_err();
        assert_eq!(rules(&err), FIVE);
        assert_eq!(db.statement_count(), before, "no statement was sent");

        // An update validates the whole row, and a patch the values it sets.
        let mut member = Member::insert(valid_member("valid")).exec(&db).await?;
        let before = db.statement_count();
        let five = five_invalid();
        (member.handle, member.email, member.age, member.rating, member.nickname) =
            (five.handle, five.email, five.age, five.rating, five.nickname);
        let err = member.update(&db).await.unwrap_err();
        assert_eq!(rules(&err), FIVE);
        let err = Member::patch(member.id)
            .set(Member::HANDLE, "UPPER")
            .set(Member::AGE, -1)
            .set(Member::EMAIL, "x@y.example.org")
            .exec(&db)
            .await
            .unwrap_err();
        assert_eq!(rules(&err), [("handle", Rule::Pattern), ("age", Rule::Min)]);
        assert_eq!(db.statement_count(), before, "no statement was sent");
        assert_eq!(Member::find(member.id).one(&db).await?.handle, "valid");
        Ok(())
    }
}

on_every_backend! {
    async fn boundaries_and_null_pass(db: Db) {
        covet::ddl::create_table::<Member>(&db).await?;
        // Each bound itself is valid, NULL passes every rule, and length counts characters.
        let edge = NewMember {
            handle: "abc".into(),
            email: "ü@exämple.de".into(),
            age: Some(150),
            rating: 5.0,
            nickname: None,
        };
        Member::insert(edge).exec(&db).await?;
        let long = NewMember { handle: "a".repeat(21), age: None, ..valid_member("x") };
        let err = Member::insert(long).exec(&db).await.unwrap_err();
        assert_eq!(rules(&err), [("handle", Rule::MaxLength)]);
        assert_eq!(Member::query().count(&db).await?, 1);
        Ok(())
    }
}

#[test]
fn the_schema_carries_the_constraints() {
    let schema = <Member as Model>::SCHEMA;
    let handle = schema.column("handle").expect("handle");
    assert_eq!((handle.ty, handle.max_length), (SqlType::Text, Some(20)));
    assert_eq!(schema.column("email").and_then(|c| c.max_length), Some(120));
    let rules: Vec<_> = schema.checks.iter().map(|c| (c.name, c.rule)).collect();
    assert_eq!(
        rules,
        [
            (
                "members_handle_check",
                CheckRule::Length {
                    column: "handle",
                    min: Some(3),
                    max: Some(20)
                }
            ),
            (
                "members_age_check",
                CheckRule::Range {
                    column: "age",
                    min: Some(Number::Int(0)),
                    max: Some(Number::Int(150))
                }
            ),
            (
                "members_rating_check",
                CheckRule::Range {
                    column: "rating",
                    min: Some(Number::Int(0)),
                    max: Some(Number::Int(5))
                }
            ),
        ]
    );
}

on_every_backend! {
    async fn the_database_enforces_them_too(db: Db) {
        // Rows written around covet (raw SQL through the escape hatch) meet the same rules,
        // as CHECK constraints rendered from the metadata.
        covet::ddl::create_table::<Member>(&db).await?;
        let sql = match db.backend() {
            covet::Backend::Postgres => "INSERT INTO members (handle, email, age, rating) VALUES ($1, $2, $3, $4)",
            _ => "INSERT INTO members (handle, email, age, rating) VALUES (?, ?, ?, ?)",
        };
        let raw = |handle: &str, age: i32, rating: f64| {
            let binds = vec![Value::Text(handle.into()), Value::Text("a@b.co".into()), Value::I32(age), Value::F64(rating)];
            covet::Statement::new(sql, binds)
        };
        db.execute(raw("fine", 150, 5.0)).await?;
        for (handle, age, rating) in [("ab", 1, 1.0), ("good", 151, 1.0), ("okay", 1, 5.5)] {
            let err = db.execute(raw(handle, age, rating)).await.unwrap_err();
            assert!(err.is_check_violation(), "{handle} {age} {rating}: {err:?}");
        }
        assert_eq!(Member::query().count(&db).await?, 1);
        Ok(())
    }
}
