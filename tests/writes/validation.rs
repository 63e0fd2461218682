//! Every failing field is reported at once, as a classified error, and nothing is sent.

use super::{Member, NewMember, valid_member};
use covet::prelude::*;
use covet::{Rule, schema::SqlType};

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
fn the_schema_carries_the_lengths() {
    let schema = <Member as Model>::SCHEMA;
    let handle = schema.column("handle").expect("handle");
    assert_eq!((handle.ty, handle.max_length), (SqlType::Text, Some(20)));
    assert_eq!(schema.column("email").and_then(|c| c.max_length), Some(120));
}
