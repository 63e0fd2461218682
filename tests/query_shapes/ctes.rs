//! `WITH RECURSIVE`: walking a tree stored in one table, down and up.

use super::{Album, Artist, seed as seed_music, sql};

use covet::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "staff")]
struct Staff {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 60)]
    name: String,
    manager_id: Option<i64>,
}

/// ceo ─┬─ cto ─┬─ dev1 ── intern
///      │       └─ dev2
///      └─ cfo
/// and a lone cycle: a ⇄ b.
async fn seed(db: &Db) -> covet::Result<()> {
    covet::ddl::create_table::<Staff>(db).await?;
    let people = [
        ("ceo", None),
        ("cto", Some(1)),
        ("cfo", Some(1)),
        ("dev1", Some(2)),
        ("dev2", Some(2)),
        ("intern", Some(4)),
        ("a", Some(8)),
        ("b", Some(7)),
    ];
    for (name, manager_id) in people {
        Staff::insert(NewStaff {
            name: name.into(),
            manager_id,
        })
        .exec(db)
        .await?;
    }
    Ok(())
}

fn names(rows: &[Staff]) -> Vec<&str> {
    rows.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn sql_text() {
    let q = Staff::query()
        .filter(Staff::ID.eq(2))
        .order_by(Staff::NAME.asc())
        .recursive(Staff::MANAGER_ID, Staff::ID);
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"WITH RECURSIVE "covet_walk" AS (SELECT "id", "name", "manager_id" FROM "staff" WHERE "id" = $1 UNION SELECT "staff"."id", "staff"."name", "staff"."manager_id" FROM "staff" INNER JOIN "covet_walk" ON "staff"."manager_id" = "covet_walk"."id") SELECT "id", "name", "manager_id" FROM "covet_walk" ORDER BY "name" ASC"#,
            r#"WITH RECURSIVE `covet_walk` AS (SELECT `id`, `name`, `manager_id` FROM `staff` WHERE `id` = ? UNION SELECT `staff`.`id`, `staff`.`name`, `staff`.`manager_id` FROM `staff` INNER JOIN `covet_walk` ON `staff`.`manager_id` = `covet_walk`.`id`) SELECT `id`, `name`, `manager_id` FROM `covet_walk` ORDER BY `name` ASC"#,
            r#"WITH RECURSIVE "covet_walk" AS (SELECT "id", "name", "manager_id" FROM "staff" WHERE "id" = ? UNION SELECT "staff"."id", "staff"."name", "staff"."manager_id" FROM "staff" INNER JOIN "covet_walk" ON "staff"."manager_id" = "covet_walk"."id") SELECT "id", "name", "manager_id" FROM "covet_walk" ORDER BY "name" ASC"#,
        ]
    );
}

on_every_backend! {
    async fn recursive_walks_down_and_up(db: Db) {
        seed(&db).await?;
        let under_cto = Staff::query()
            .filter(Staff::NAME.eq("cto"))
            .order_by(Staff::NAME.asc())
            .recursive(Staff::MANAGER_ID, Staff::ID)
            .all(&db)
            .await?;
        assert_eq!(names(&under_cto), ["cto", "dev1", "dev2", "intern"]);
        let above_intern = Staff::query()
            .filter(Staff::NAME.eq("intern"))
            .order_by(Staff::ID.asc())
            .recursive(Staff::ID, Staff::MANAGER_ID)
            .all(&db)
            .await?;
        assert_eq!(names(&above_intern), ["ceo", "cto", "dev1", "intern"]);
        let everyone = Staff::query()
            .filter(Staff::MANAGER_ID.is_null())
            .order_by(Staff::ID.asc())
            .limit(3)
            .recursive(Staff::MANAGER_ID, Staff::ID)
            .all(&db)
            .await?;
        assert_eq!(names(&everyone), ["ceo", "cto", "cfo"], "limit applies to the result");
        Ok(())
    }
}

on_every_backend! {
    async fn a_cycle_ends_the_walk(db: Db) {
        seed(&db).await?;
        let loop_ = Staff::query()
            .filter(Staff::NAME.eq("a"))
            .order_by(Staff::NAME.asc())
            .recursive(Staff::MANAGER_ID, Staff::ID)
            .all(&db)
            .await?;
        assert_eq!(names(&loop_), ["a", "b"]);
        Ok(())
    }
}

/// The name of the artists-from-the-US query.
struct UsArtists;
impl covet::Alias for UsArtists {
    const NAME: covet::Ident = covet::Ident::new("us_artists");
}

#[test]
fn named_sql_text() {
    let us = Artist::query()
        .filter(Artist::COUNTRY.eq("US"))
        .named(UsArtists);
    let q = Album::query()
        .filter(Album::YEAR.is_not_null())
        .inner_join_named(us, Artist::ID.on(Album::ARTIST_ID));
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"WITH "us_artists" AS (SELECT "id", "name", "country" FROM "artists" WHERE "country" = $1) SELECT "albums"."id", "albums"."artist_id", "albums"."title", "albums"."year", "albums"."price", "us_artists"."id", "us_artists"."name", "us_artists"."country" FROM "albums" INNER JOIN "us_artists" ON "us_artists"."id" = "albums"."artist_id" WHERE "albums"."year" IS NOT NULL"#,
            r#"WITH `us_artists` AS (SELECT `id`, `name`, `country` FROM `artists` WHERE `country` = ?) SELECT `albums`.`id`, `albums`.`artist_id`, `albums`.`title`, `albums`.`year`, `albums`.`price`, `us_artists`.`id`, `us_artists`.`name`, `us_artists`.`country` FROM `albums` INNER JOIN `us_artists` ON `us_artists`.`id` = `albums`.`artist_id` WHERE `albums`.`year` IS NOT NULL"#,
            r#"WITH "us_artists" AS (SELECT "id", "name", "country" FROM "artists" WHERE "country" = ?) SELECT "albums"."id", "albums"."artist_id", "albums"."title", "albums"."year", "albums"."price", "us_artists"."id", "us_artists"."name", "us_artists"."country" FROM "albums" INNER JOIN "us_artists" ON "us_artists"."id" = "albums"."artist_id" WHERE "albums"."year" IS NOT NULL"#,
        ]
    );
}

on_every_backend! {
    async fn a_named_query_joins_like_a_table(db: Db) {
        seed_music(&db).await?;
        let us = Artist::query().filter(Artist::COUNTRY.eq("US")).named(UsArtists);
        let rows: Vec<(Album, Artist)> = Album::query()
            .inner_join_named(us, Artist::ID.on(Album::ARTIST_ID))
            .order_by(Album::ID.asc())
            .all(&db)
            .await?;
        let pairs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.title.as_str(), b.name.as_str())).collect();
        assert_eq!(pairs, [("Kind of Blue", "Miles Davis"), ("Bootleg", "Miles Davis")]);
        // Left-joined, the other albums have no match; filters on the named rows use `of`.
        let au = Artist::query().filter(Artist::COUNTRY.eq("AU")).named(UsArtists);
        let rows: Vec<(Album, Option<Artist>)> = Album::query()
            .left_join_named(au, Artist::ID.on(Album::ARTIST_ID))
            .filter(Album::PRICE.gt(5.0))
            .order_by(Album::ID.asc())
            .all(&db)
            .await?;
        let pairs: Vec<(&str, Option<&str>)> =
            rows.iter().map(|(a, b)| (a.title.as_str(), b.as_ref().map(|b| b.name.as_str()))).collect();
        assert_eq!(pairs, [("Back in Black", Some("AC/DC")), ("Highway to Hell", Some("AC/DC")), ("Kind of Blue", None)]);
        Ok(())
    }
}
