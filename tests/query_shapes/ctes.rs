//! `WITH RECURSIVE`: walking a tree stored in one table, down and up.

use super::sql;

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
