use super::*;

fn rule(text: &str) -> Option<Rule> {
    check_rule(&tokens(text))
}

fn int(n: i64) -> Option<Number> {
    Some(Number::Int(n))
}

fn dec(s: &str) -> Option<Number> {
    Some(Number::Decimal(Decimal::new(s).unwrap()))
}

#[test]
fn check_clauses_as_each_backend_returns_them() {
    let range = Some(Rule::Range {
        column: "n".into(),
        min: int(-5),
        max: dec("9.5"),
    });
    // PostgreSQL's pg_get_constraintdef, MariaDB's CHECK_CLAUSE, SQLite's own text.
    assert_eq!(rule("CHECK (((n >= '-5'::integer) AND (n <= 9.5)))"), range);
    assert_eq!(rule("`n` >= -5 and `n` <= 9.50"), range);
    assert_eq!(rule(r#"("n" >= -5 AND "n" <= 9.5)"#), range);
    let length = Some(Rule::Length {
        column: "title".into(),
        min: Some(1),
        max: None,
    });
    assert_eq!(rule("CHECK ((char_length((title)::text) >= 1))"), length);
    assert_eq!(rule("char_length(`title`) >= 1"), length);
    assert_eq!(rule(r#"(length("title") >= 1)"#), length);
    assert_eq!(
        rule("CHECK (((x >= (0)::double precision) AND (x <= (1.5)::double precision)))"),
        Some(Rule::Range {
            column: "x".into(),
            min: int(0),
            max: dec("1.5"),
        })
    );
    // Not a shape covet writes.
    for other in [
        "CHECK ((n > 1))",
        "json_valid(`doc`)",
        "n >= 1 OR n <= 0",
        "n >= 1 AND m <= 5",
        "n >= 1 AND n >= 2",
        "char_length(t) >= -1",
        "n >= abc",
    ] {
        assert_eq!(rule(other), None, "{other}");
    }
}

#[test]
fn numbers_are_canonical() {
    assert_eq!(number("007"), int(7));
    assert_eq!(number("-0"), int(0));
    assert_eq!(number("2.500"), dec("2.5"));
    assert_eq!(number("-0.50"), dec("-0.5"));
    assert_eq!(number("3.000"), int(3));
    assert_eq!(number(".5"), dec("0.5"));
    assert_eq!(number("1e3"), None);
    assert_eq!(number(""), None);
}

#[test]
fn defaults_in_one_spelling() {
    use ColumnType::*;
    let cases = [
        ("'abc'::text", Text, "'abc'"),
        ("'abc'::character varying", Text, "'abc'"),
        ("'it''s'", Text, "'it''s'"),
        (r"'it\'s'", Text, "'it''s'"),
        ("'-5'::integer", Int, "-5"),
        ("(-5)", Int, "-5"),
        ("0.50", Decimal, "0.5"),
        ("'12'", Text, "'12'"),
        ("1", Bool, "TRUE"),
        ("false", Bool, "FALSE"),
        ("current_timestamp()", Timestamp, "CURRENT_TIMESTAMP"),
        ("now()", TimestampTz, "CURRENT_TIMESTAMP"),
        ("CURRENT_TIMESTAMP", Timestamp, "CURRENT_TIMESTAMP"),
        ("lower('X')", Text, "lower('X')"),
    ];
    for (text, ty, want) in cases {
        assert_eq!(normalize_default(text, ty), want, "{text}");
    }
}

#[test]
fn named_constraints_of_a_create_table() {
    let sql = r#"CREATE TABLE "t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "a" TEXT, CONSTRAINT "t_a_key" UNIQUE ("a"), CONSTRAINT "t_b_fkey" FOREIGN KEY ("b") REFERENCES "u" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "t_n_check" CHECK ("n" >= 1 AND "n" <= (2)))"#;
    let named = named_constraints(sql);
    assert_eq!(named.len(), 3, "{named:?}");
    assert_eq!(named[0], Named::Unique("t_a_key".into(), vec!["a".into()]));
    assert_eq!(
        named[1],
        Named::ForeignKey("t_b_fkey".into(), vec!["b".into()])
    );
    let Named::Check(name, clause) = &named[2] else {
        panic!("{named:?}")
    };
    assert_eq!(name, "t_n_check");
    assert_eq!(
        check_rule(clause),
        Some(Rule::Range {
            column: "n".into(),
            min: int(1),
            max: int(2),
        })
    );
}
