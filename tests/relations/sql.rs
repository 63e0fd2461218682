//! The SQL of each relation kind on each backend: one bound value carries every key, so the
//! text is the same for one key or thousands and the prepared statement is reused.

use super::*;
use covet::Backend;

fn texts<P, T, K: covet::relation::RelationKey, S, N>(
    rel: &covet::Relation<P, T, K, S, N>,
    one: Vec<K>,
    many: Vec<K>,
) -> Vec<String>
where
    P: covet::Model,
    T: covet::Model,
    S: covet::relation::Slot<T>,
    N: covet::relation::Include<T>,
{
    Backend::ALL
        .iter()
        .map(|&b| {
            let a = rel.to_statement(&one, b).expect("statement");
            let z = rel.to_statement(&many, b).expect("statement");
            assert_eq!(
                a.sql, z.sql,
                "{b}: the text does not depend on the number of keys"
            );
            assert_eq!(
                (a.binds.len(), z.binds.len()),
                (1, 1),
                "{b}: one bound value"
            );
            a.sql.into_owned()
        })
        .collect()
}

#[test]
fn one_statement_text_per_relation_and_backend() {
    let ids: Vec<i64> = (0..5_000).collect();
    let has_many = texts(&Artist::ALBUMS, vec![1], ids.clone());
    assert_eq!(
        has_many[0],
        r#"SELECT "id", "artist_id", "title", "year", "deleted_at", "artist_id" FROM "rel_albums" WHERE "artist_id" = ANY($1) AND ("deleted_at" IS NULL)"#
    );
    assert_eq!(
        has_many[1],
        "SELECT `id`, `artist_id`, `title`, `year`, `deleted_at`, `artist_id` FROM `rel_albums` WHERE `artist_id` IN (SELECT covet_k FROM JSON_TABLE(?, '$[*]' COLUMNS(covet_k BIGINT PATH '$')) AS covet_keys) AND (`deleted_at` IS NULL)"
    );
    assert_eq!(
        has_many[2],
        r#"SELECT "id", "artist_id", "title", "year", "deleted_at", "artist_id" FROM "rel_albums" WHERE "artist_id" IN (SELECT value FROM json_each(?)) AND ("deleted_at" IS NULL)"#
    );

    let belongs_to = texts(&Album::ARTIST, vec![1], ids.clone());
    assert_eq!(
        belongs_to[0],
        r#"SELECT "id", "name", "label_code", "id" FROM "rel_artists" WHERE "id" = ANY($1)"#
    );

    let codes: Vec<String> = (0..3_000).map(|i| format!("l{i}")).collect();
    let text_keys = texts(&Artist::LABEL, vec!["a".into()], codes);
    assert_eq!(
        text_keys[1],
        "SELECT `code`, `name`, `code` FROM `rel_labels` WHERE `code` IN (SELECT covet_k FROM JSON_TABLE(?, '$[*]' COLUMNS(covet_k VARCHAR(16383) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS covet_keys)"
    );

    let has_one = texts(&Artist::BIOGRAPHY, vec![1], ids.clone());
    assert_eq!(
        has_one[2],
        r#"SELECT "id", "artist_ref", "text", "artist_ref" FROM "rel_biographies" WHERE "artist_ref" IN (SELECT value FROM json_each(?))"#
    );

    let m2m = texts(&Album::TAGS.order_by(Tag::NAME.asc()), vec![1], ids);
    assert_eq!(
        m2m[0],
        r#"SELECT "covet_t"."id", "covet_t"."name", "covet_l"."album_id" FROM (SELECT "id", "name" FROM "rel_tags") "covet_t" JOIN "rel_album_tags" "covet_l" ON "covet_l"."tag_id" = "covet_t"."id" WHERE "covet_l"."album_id" = ANY($1) ORDER BY "covet_t"."name" ASC"#
    );
    let uuids: Vec<Uuid> = (0..2_000_u128).map(Uuid::from_u128).collect();
    let by_uuid = texts(&Tag::ALBUMS, vec![Uuid::nil()], uuids);
    assert!(by_uuid[1].contains("IN (SELECT UNHEX(covet_k) FROM JSON_TABLE(?, '$[*]' COLUMNS(covet_k CHAR(32) PATH '$')) AS covet_keys)"), "{}", by_uuid[1]);
    assert!(
        by_uuid[2].contains("IN (SELECT unhex(value) FROM json_each(?))"),
        "{}",
        by_uuid[2]
    );

    let self_ref = texts(&Employee::REPORTS, vec![1], (0..10).collect());
    assert_eq!(
        self_ref[0],
        r#"SELECT "id", "name", "boss", "boss" FROM "rel_employees" WHERE "boss" = ANY($1)"#
    );
    for (kind, t) in [
        ("has_many", &has_many),
        ("belongs_to", &belongs_to),
        ("has_one", &has_one),
        ("many_to_many", &m2m),
        ("self has_many", &self_ref),
    ] {
        for (b, sql) in Backend::ALL.iter().zip(t.iter()) {
            println!("{kind} on {b}: {sql}");
        }
    }
}

#[test]
fn any_is_a_correlated_exists() {
    let q = Artist::query().filter(Artist::ALBUMS.any(Album::TITLE.like("%Rock%")));
    let pg = q.to_statement(Backend::Postgres).expect("statement");
    assert_eq!(
        pg.sql,
        r#"SELECT "id", "name", "label_code" FROM "rel_artists" WHERE EXISTS (SELECT 1 FROM "rel_albums" "covet_r1" WHERE "covet_r1"."artist_id" = "rel_artists"."id" AND ("title" LIKE $1 ESCAPE '\') AND ("deleted_at" IS NULL))"#
    );
    let m2m = Album::query()
        .filter(Album::TAGS.any(Tag::NAME.eq("x".to_owned())))
        .to_statement(Backend::Sqlite)
        .expect("statement");
    assert_eq!(
        m2m.sql,
        r#"SELECT "id", "artist_id", "title", "year", "deleted_at" FROM "rel_albums" WHERE (EXISTS (SELECT 1 FROM "rel_album_tags" "covet_l1" WHERE "covet_l1"."album_id" = "rel_albums"."id" AND "covet_l1"."tag_id" IN (SELECT "covet_r1"."id" FROM "rel_tags" "covet_r1" WHERE 1 = 1 AND ("name" = ?)))) AND ("deleted_at" IS NULL)"#
    );
    let nested = Employee::query()
        .filter(Employee::REPORTS.any(Employee::REPORTS.exists()))
        .to_statement(Backend::MySql)
        .expect("statement");
    assert!(
        nested.sql.contains("`covet_r2`.`boss` = `covet_r1`.`id`"),
        "{}",
        nested.sql
    );
}
