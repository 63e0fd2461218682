//! The SQL each construct renders, for PostgreSQL, MySQL/MariaDB and SQLite side by side.

use super::{Album, Note, new_album, new_note};
use covet::prelude::*;
use covet::{Backend, Statement, dynamic, raw_sql_unchecked};

const BACKENDS: [Backend; 3] = [Backend::Postgres, Backend::MySql, Backend::Sqlite];

fn texts(f: impl Fn(Backend) -> covet::Result<Statement>) -> [String; 3] {
    BACKENDS.map(|b| f(b).expect("renders").sql.into_owned())
}

#[test]
fn batch_update() {
    let q = || {
        Album::update_where(Album::YEAR.lt(1990))
            .set(Album::TITLE, "x")
            .set_expr(Album::PLAYS, Album::PLAYS + 1)
    };
    assert_eq!(
        texts(|b| q().to_statement(b)),
        [
            r#"UPDATE "q_albums" SET "title" = $1, "plays" = "plays" + $2, "updated_at" = $3 WHERE "year" < $4"#,
            "UPDATE `q_albums` SET `title` = ?, `plays` = `plays` + ?, `updated_at` = ? WHERE `year` < ?",
            r#"UPDATE "q_albums" SET "title" = ?, "plays" = "plays" + ?, "updated_at" = ? WHERE "year" < ?"#,
        ]
    );
    let binds = q().to_statement(Backend::Sqlite).expect("renders").binds;
    assert_eq!(binds[0], covet::Value::Text("x".into()));
    assert_eq!(binds[1], covet::Value::I64(1));
    assert_eq!(binds[3], covet::Value::I32(1990));
}

#[test]
fn batch_update_of_a_versioned_soft_delete_model() {
    let q = || Note::update_where(Note::OWNER.eq("a")).set(Note::BODY, "b");
    assert_eq!(
        texts(|b| q().to_statement(b)),
        [
            r#"UPDATE "q_notes" SET "body" = $1, "version" = "version" + 1 WHERE ("owner" = $2) AND ("deleted_at" IS NULL)"#,
            "UPDATE `q_notes` SET `body` = ?, `version` = `version` + 1 WHERE (`owner` = ?) AND (`deleted_at` IS NULL)",
            r#"UPDATE "q_notes" SET "body" = ?, "version" = "version" + 1 WHERE ("owner" = ?) AND ("deleted_at" IS NULL)"#,
        ]
    );
}

#[test]
fn batch_delete_plain_soft_and_forced() {
    assert_eq!(
        texts(|b| Album::delete_where(Album::PLAYS.eq(0)).to_statement(b)),
        [
            r#"DELETE FROM "q_albums" WHERE "plays" = $1"#,
            "DELETE FROM `q_albums` WHERE `plays` = ?",
            r#"DELETE FROM "q_albums" WHERE "plays" = ?"#,
        ]
    );
    assert_eq!(
        texts(|b| Note::delete_where(Note::OWNER.eq("a")).to_statement(b)),
        [
            r#"UPDATE "q_notes" SET "deleted_at" = $1 WHERE ("owner" = $2) AND ("deleted_at" IS NULL)"#,
            "UPDATE `q_notes` SET `deleted_at` = ? WHERE (`owner` = ?) AND (`deleted_at` IS NULL)",
            r#"UPDATE "q_notes" SET "deleted_at" = ? WHERE ("owner" = ?) AND ("deleted_at" IS NULL)"#,
        ]
    );
    assert_eq!(
        texts(|b| Note::delete_where(Note::OWNER.eq("a"))
            .force()
            .to_statement(b)),
        [
            r#"DELETE FROM "q_notes" WHERE "owner" = $1"#,
            "DELETE FROM `q_notes` WHERE `owner` = ?",
            r#"DELETE FROM "q_notes" WHERE "owner" = ?"#,
        ]
    );
}

#[test]
fn upsert_do_update_and_read_back() {
    let up = |b| {
        Album::upsert(new_album("s", "t", 1, None))
            .on_conflict(Album::SLUG)
            .do_update((Album::TITLE, Album::PLAYS))
            .to_statements(b)
    };
    let [pg, my, lite] = BACKENDS.map(|b| up(b).expect("renders").map(|s| s.sql.into_owned()));
    assert_eq!(
        [&pg[0], &my[0], &lite[0]],
        [
            r#"INSERT INTO "q_albums" ("slug", "title", "plays", "year", "updated_at") VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("slug") DO UPDATE SET "title" = EXCLUDED."title", "plays" = EXCLUDED."plays", "updated_at" = EXCLUDED."updated_at" RETURNING "id", "slug", "title", "plays", "year", "updated_at""#,
            "INSERT INTO `q_albums` (`slug`, `title`, `plays`, `year`, `updated_at`) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `title` = VALUES(`title`), `plays` = VALUES(`plays`), `updated_at` = VALUES(`updated_at`)",
            r#"INSERT INTO "q_albums" ("slug", "title", "plays", "year", "updated_at") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("slug") DO UPDATE SET "title" = EXCLUDED."title", "plays" = EXCLUDED."plays", "updated_at" = EXCLUDED."updated_at" RETURNING "id", "slug", "title", "plays", "year", "updated_at""#,
        ]
    );
    assert_eq!(
        [&pg[1], &my[1], &lite[1]],
        [
            r#"SELECT "id", "slug", "title", "plays", "year", "updated_at" FROM "q_albums" WHERE "slug" = $1"#,
            "SELECT `id`, `slug`, `title`, `plays`, `year`, `updated_at` FROM `q_albums` WHERE `slug` = ?",
            r#"SELECT "id", "slug", "title", "plays", "year", "updated_at" FROM "q_albums" WHERE "slug" = ?"#,
        ]
    );
}

#[test]
fn upsert_do_nothing_and_composite_versioned() {
    let nothing = |b| {
        Album::upsert(new_album("s", "t", 1, None))
            .on_conflict(Album::SLUG)
            .do_nothing()
            .to_statements(b)
            .map(|[s, _]| s)
    };
    assert_eq!(
        texts(nothing),
        [
            r#"INSERT INTO "q_albums" ("slug", "title", "plays", "year", "updated_at") VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("slug") DO NOTHING RETURNING "id", "slug", "title", "plays", "year", "updated_at""#,
            "INSERT INTO `q_albums` (`slug`, `title`, `plays`, `year`, `updated_at`) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `slug` = `slug`",
            r#"INSERT INTO "q_albums" ("slug", "title", "plays", "year", "updated_at") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("slug") DO NOTHING RETURNING "id", "slug", "title", "plays", "year", "updated_at""#,
        ]
    );
    let notes = |b| {
        Note::upsert(new_note("o", "t", "b"))
            .on_conflict((Note::OWNER, Note::TITLE))
            .do_update(Note::BODY)
            .to_statements(b)
            .map(|[s, _]| s)
    };
    assert_eq!(
        texts(notes),
        [
            r#"INSERT INTO "q_notes" ("owner", "title", "body", "version", "deleted_at") VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("owner", "title") DO UPDATE SET "body" = EXCLUDED."body", "deleted_at" = EXCLUDED."deleted_at", "version" = "q_notes"."version" + 1 RETURNING "id", "owner", "title", "body", "version", "deleted_at""#,
            "INSERT INTO `q_notes` (`owner`, `title`, `body`, `version`, `deleted_at`) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `body` = VALUES(`body`), `deleted_at` = VALUES(`deleted_at`), `version` = `q_notes`.`version` + 1",
            r#"INSERT INTO "q_notes" ("owner", "title", "body", "version", "deleted_at") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("owner", "title") DO UPDATE SET "body" = EXCLUDED."body", "deleted_at" = EXCLUDED."deleted_at", "version" = "q_notes"."version" + 1 RETURNING "id", "owner", "title", "body", "version", "deleted_at""#,
        ]
    );
}

#[test]
fn dynamic_filters_render_like_typed_ones() {
    let dynamic = Album::query()
        .filter(dynamic::filter("plays", "ge", &serde_json::json!(3)).expect("known"))
        .order_by(dynamic::order("year", "desc").expect("known"));
    let typed = Album::query()
        .filter(Album::PLAYS.ge(3))
        .order_by(Album::YEAR.desc());
    for b in BACKENDS {
        let (d, t) = (
            dynamic.to_statement(b).expect("renders"),
            typed.to_statement(b).expect("renders"),
        );
        assert_eq!((d.sql, d.binds), (t.sql, t.binds));
    }
}

#[test]
fn raw_sql_is_sent_as_written() {
    let raw = raw_sql_unchecked("SELECT 1 WHERE ? = ?")
        .bind(1_i32)
        .bind("x");
    let stmt = raw.to_statement();
    assert_eq!(stmt.sql, "SELECT 1 WHERE ? = ?");
    assert_eq!(
        stmt.binds,
        [covet::Value::I32(1), covet::Value::Text("x".into())]
    );
    assert!(
        !format!("{raw:?}").contains("\"x\""),
        "values stay out of Debug: {raw:?}"
    );
}

#[test]
fn keyset_after_a_cursor() {
    let q = Album::query()
        .filter(Album::PLAYS.gt(0))
        .after(
            covet::Cursor::new()
                .desc(Album::PLAYS, 7)
                .asc(Album::ID, 42),
        )
        .limit(20);
    assert_eq!(
        texts(|b| q.to_statement(b)),
        [
            r#"SELECT "id", "slug", "title", "plays", "year", "updated_at" FROM "q_albums" WHERE ("plays" > $1) AND (("plays" < $2) OR (("plays" = $3) AND ("id" > $4))) ORDER BY "plays" DESC, "id" ASC LIMIT $5"#,
            "SELECT `id`, `slug`, `title`, `plays`, `year`, `updated_at` FROM `q_albums` WHERE (`plays` > ?) AND ((`plays` < ?) OR ((`plays` = ?) AND (`id` > ?))) ORDER BY `plays` DESC, `id` ASC LIMIT ?",
            r#"SELECT "id", "slug", "title", "plays", "year", "updated_at" FROM "q_albums" WHERE ("plays" > ?) AND (("plays" < ?) OR (("plays" = ?) AND ("id" > ?))) ORDER BY "plays" DESC, "id" ASC LIMIT ?"#,
        ]
    );
}
