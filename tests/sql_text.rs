//! The SQL each construct renders, for the three dialects side by side. Values never appear in
//! the text: only placeholders do.

use covet::prelude::*;
use covet::{Backend, Value};

#[derive(Model, Debug, Clone)]
#[covet(table = "albums")]
struct Album {
    #[covet(primary_key, auto_increment)]
    id: i64,
    title: String,
    year: Option<i32>,
}

fn sql(q: &Select<Album>) -> [String; 3] {
    [Backend::Postgres, Backend::MySql, Backend::Sqlite]
        .map(|b| q.to_statement(b).expect("renders").sql.into_owned())
}

#[test]
fn select_with_filters_order_and_paging() {
    let q = Album::query()
        .filter(
            Album::TITLE
                .eq("x' OR 1=1")
                .and(Album::YEAR.between(1970, 1979).or(Album::YEAR.is_null())),
        )
        .filter(!Album::TITLE.like("%Live%"))
        .order_by(Album::YEAR.desc())
        .order_by(Album::ID.asc())
        .limit(10)
        .offset(20);
    assert_eq!(
        sql(&q),
        [
            r#"SELECT "id", "title", "year" FROM "albums" WHERE (("title" = $1) AND (("year" BETWEEN $2 AND $3) OR ("year" IS NULL))) AND (NOT ("title" LIKE $4 ESCAPE '\')) ORDER BY "year" DESC NULLS LAST, "id" ASC LIMIT $5 OFFSET $6"#,
            r#"SELECT `id`, `title`, `year` FROM `albums` WHERE ((`title` = ?) AND ((`year` BETWEEN ? AND ?) OR (`year` IS NULL))) AND (NOT (`title` LIKE ? ESCAPE '\\')) ORDER BY `year` DESC, `id` ASC LIMIT ? OFFSET ?"#,
            r#"SELECT "id", "title", "year" FROM "albums" WHERE (("title" = ?) AND (("year" BETWEEN ? AND ?) OR ("year" IS NULL))) AND (NOT ("title" LIKE ? ESCAPE '\')) ORDER BY "year" DESC, "id" ASC LIMIT ? OFFSET ?"#,
        ]
    );
    let binds = q.to_statement(Backend::Postgres).expect("renders").binds;
    assert_eq!(
        binds,
        [
            Value::Text("x' OR 1=1".into()),
            Value::I32(1970),
            Value::I32(1979),
            Value::Text("%Live%".into()),
            Value::I64(10),
            Value::I64(20),
        ]
    );
}

#[test]
fn in_lists_empty_lists_and_offset_alone() {
    let q = Album::query()
        .filter(Album::ID.in_list([1, 2, 3]))
        .filter(Album::ID.in_list(Vec::<i64>::new()))
        .offset(5);
    assert_eq!(
        sql(&q),
        [
            r#"SELECT "id", "title", "year" FROM "albums" WHERE ("id" IN ($1, $2, $3)) AND (1 = 0) OFFSET $4"#,
            r#"SELECT `id`, `title`, `year` FROM `albums` WHERE (`id` IN (?, ?, ?)) AND (1 = 0) LIMIT 18446744073709551615 OFFSET ?"#,
            r#"SELECT "id", "title", "year" FROM "albums" WHERE ("id" IN (?, ?, ?)) AND (1 = 0) LIMIT -1 OFFSET ?"#,
        ]
    );
}

#[test]
fn fixed_statements_are_compiled_in() {
    let s = <Album as Model>::STATEMENTS;
    assert_eq!(
        s.postgres.find,
        r#"SELECT "id", "title", "year" FROM "albums" WHERE "id" = $1"#
    );
    assert_eq!(
        s.mysql.insert_returning,
        "INSERT INTO `albums` (`title`, `year`) VALUES (?, ?) RETURNING `id`, `title`, `year`"
    );
    assert_eq!(
        s.sqlite.update,
        Some(r#"UPDATE "albums" SET "title" = ?, "year" = ? WHERE "id" = ?"#)
    );
    assert_eq!(s.mysql.delete, "DELETE FROM `albums` WHERE `id` = ?");
}

#[test]
fn malformed_like_patterns_are_refused_before_sending() {
    let q = Album::query().filter(Album::TITLE.like("ends with \\"));
    let err = q.to_statement(Backend::Postgres).unwrap_err();
    assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
    assert!(
        Album::query()
            .filter(Album::TITLE.like("a \\\\"))
            .to_statement(Backend::Sqlite)
            .is_ok()
    );
}
