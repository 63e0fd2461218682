//! A model joined to itself under an alias: people with their managers.

use super::sql;

use covet::prelude::*;
use covet::{Alias, Ident, LeftJoinAs};

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "people")]
struct Person {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 60)]
    name: String,
    manager_id: Option<i64>,
}

/// The manager side of the join.
struct Boss;
impl Alias for Boss {
    const NAME: Ident = Ident::new("boss");
}

async fn seed(db: &Db) -> covet::Result<()> {
    covet::ddl::create_table::<Person>(db).await?;
    for (name, manager_id) in [
        ("ceo", None),
        ("cto", Some(1)),
        ("dev", Some(2)),
        ("ops", Some(2)),
    ] {
        Person::insert(NewPerson {
            name: name.into(),
            manager_id,
        })
        .exec(db)
        .await?;
    }
    Ok(())
}

fn with_managers() -> LeftJoinAs<Person, Person, Boss> {
    Person::query().left_join_as(Boss, Person::ID.on(Person::MANAGER_ID))
}

#[test]
fn sql_text() {
    let q = with_managers()
        .filter(Person::NAME.eq("cto").of::<Boss>())
        .order_by(Person::NAME.desc());
    assert_eq!(
        sql(|b| q.to_statement(b)),
        [
            r#"SELECT "people"."id", "people"."name", "people"."manager_id", "boss"."id", "boss"."name", "boss"."manager_id" FROM "people" LEFT JOIN "people" AS "boss" ON "boss"."id" = "people"."manager_id" WHERE "boss"."name" = $1 ORDER BY "people"."name" DESC"#,
            r#"SELECT `people`.`id`, `people`.`name`, `people`.`manager_id`, `boss`.`id`, `boss`.`name`, `boss`.`manager_id` FROM `people` LEFT JOIN `people` AS `boss` ON `boss`.`id` = `people`.`manager_id` WHERE `boss`.`name` = ? ORDER BY `people`.`name` DESC"#,
            r#"SELECT "people"."id", "people"."name", "people"."manager_id", "boss"."id", "boss"."name", "boss"."manager_id" FROM "people" LEFT JOIN "people" AS "boss" ON "boss"."id" = "people"."manager_id" WHERE "boss"."name" = ? ORDER BY "people"."name" DESC"#,
        ]
    );
}

on_every_backend! {
    async fn people_with_their_managers(db: Db) {
        seed(&db).await?;
        let rows = with_managers().order_by(Person::ID.asc()).all(&db).await?;
        let pairs: Vec<(&str, Option<&str>)> = rows
            .iter()
            .map(|(p, boss)| (p.name.as_str(), boss.as_ref().map(|b| b.name.as_str())))
            .collect();
        assert_eq!(pairs, [("ceo", None), ("cto", Some("ceo")), ("dev", Some("cto")), ("ops", Some("cto"))]);
        // Filters and sort keys on the manager side are moved to the alias.
        let reports = with_managers()
            .filter(Person::NAME.eq("cto").of::<Boss>())
            .order_by(Person::NAME.desc().of::<Boss>())
            .order_by(Person::NAME.desc())
            .all(&db)
            .await?;
        let names: Vec<&str> = reports.iter().map(|(p, _)| p.name.as_str()).collect();
        assert_eq!(names, ["ops", "dev"]);
        let top = with_managers().without_match().all(&db).await?;
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].0.name, "ceo");
        Ok(())
    }
}

on_every_backend! {
    async fn a_second_join_without_an_alias_is_refused_before_sending(db: Db) {
        seed(&db).await?;
        let before = db.statement_count();
        let err = Person::query().inner_join(Person::ID.on(Person::MANAGER_ID)).all(&db).await.unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
        // `select(Person::NAME)` does not compile here (which copy?); naming the position
        // explicitly still cannot reach the alias, so it is refused.
        let named = with_managers().select::<_, covet::position::Second>(Person::NAME);
        let err = named.all(&db).await.unwrap_err();
        assert!(matches!(err, covet::Error::InvalidInput(_)), "{err}");
        assert_eq!(db.statement_count(), before);
        Ok(())
    }
}
