//! A sensitive field's value never shows: not in `Debug`, not in a trace, not in an error.

use crate::observability::Logs;
use covet::Sensitive;
use covet::prelude::*;

const SECRET: &str = "hunter2-very-secret";
const PIN: i32 = 918_273;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "logins")]
struct Login {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 40)]
    user: String,
    #[covet(sensitive, unique, max_length = 80, min_length = 8)]
    secret: Sensitive<String>,
    #[covet(sensitive, min = 1000)]
    pin: Option<Sensitive<i32>>,
}

fn login(user: &str, secret: &str) -> NewLogin {
    NewLogin {
        user: user.into(),
        secret: secret.into(),
        pin: Some(Sensitive::new(PIN)),
    }
}

fn assert_hidden(what: &str, text: &str) {
    assert!(
        !text.contains(SECRET),
        "the secret leaked into {what}: {text}"
    );
    assert!(
        !text.contains(&PIN.to_string()),
        "the pin leaked into {what}: {text}"
    );
}

#[test]
fn debug_never_prints_the_value() {
    let model = Login {
        id: 1,
        user: "ada".into(),
        secret: SECRET.into(),
        pin: Some(Sensitive::new(PIN)),
    };
    let debug = format!("{model:?} {model:#?} {:?}", login("ada", SECRET));
    assert_hidden("Debug", &debug);
    assert!(debug.contains("secret: [redacted]"), "{debug}");
    assert!(debug.contains("pin: Some([redacted])"), "{debug}");
    assert_eq!(
        model.secret.as_str(),
        SECRET,
        "the value is there, behind Deref"
    );
    assert_eq!(<Login as Model>::SENSITIVE, ["secret", "pin"]);
}

#[test]
fn statement_debug_shows_types_not_values() {
    let query = Login::query().filter(Login::SECRET.eq(SECRET));
    for backend in covet::Backend::ALL {
        let stmt = query.to_statement(backend).expect("renders");
        let debug = format!("{stmt:?}");
        assert_hidden("a statement's Debug", &debug);
        assert!(debug.contains("bind_types: [Text]"), "{debug}");
    }
}

on_every_backend! {
    async fn traces_and_errors_never_carry_the_value(db: Db) {
        covet::ddl::create_table::<Login>(&db).await?;
        let (logs, _guard) = Logs::capture();
        let stored = Login::insert(login("ada", SECRET)).exec(&db).await?;
        assert_eq!(*stored.secret, SECRET);
        assert_eq!(stored.pin.as_deref(), Some(&PIN));
        let found = Login::query().filter(Login::SECRET.eq(SECRET)).one(&db).await?;
        assert_eq!(found, stored);
        Login::find(stored.id).one(&db).await?;
        Login::insert_many([login("bob", &format!("{SECRET}-2"))]).exec(&db).await?;
        Login::patch(stored.id).set(Login::SECRET, format!("{SECRET}-3")).exec(&db).await?;

        // The patched secret again: the unique violation's message (MariaDB quotes the
        // duplicate value in it) is redacted, its classification kept.
        let err = Login::insert(login("eve", &format!("{SECRET}-3"))).exec(&db).await.unwrap_err();
        assert!(err.is_unique_violation(), "{err:?}");
        assert_hidden("an error", &format!("{err} {err:?}"));

        // Validation messages describe the rule, never the value.
        let short = NewLogin { user: "x".into(), secret: "hunter2".into(), pin: Some(Sensitive::new(7)) };
        let err = Login::insert(short).exec(&db).await.unwrap_err();
        assert_eq!(err.validation_errors().len(), 2);
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err}");

        let text = logs.text();
        assert!(text.contains("db.statement=INSERT"), "the trace was captured: {text}");
        assert_hidden("the trace", &text);
        Ok(())
    }
}
