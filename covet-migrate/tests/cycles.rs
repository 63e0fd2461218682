//! Models that reference each other (`users.team_id`, `teams.owner_id`): they compile, and
//! their generated migration creates both tables with both foreign keys on every backend, and
//! drops them again.

use crate::common::assert_schema;
use covet::prelude::*;
use covet_migrate::snapshot::Snapshot;
use covet_migrate::{Runner, files};

#[derive(Model, Debug)]
#[covet(table = "cycle_users")]
pub(crate) struct User {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(references = Team, on_delete = set_null)]
    pub(crate) team_id: Option<i64>,
}

#[derive(Model, Debug)]
#[covet(table = "cycle_teams")]
pub(crate) struct Team {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(references = User)]
    pub(crate) owner_id: i64,
}

#[test]
fn each_schema_names_the_other_table() {
    let [user_fk] = User::SCHEMA.foreign_keys else {
        panic!("one foreign key")
    };
    assert_eq!(
        (user_fk.ref_table, user_fk.ref_columns),
        ("cycle_teams", &["id"][..])
    );
    let [team_fk] = Team::SCHEMA.foreign_keys else {
        panic!("one foreign key")
    };
    assert_eq!(
        (team_fk.ref_table, team_fk.ref_columns),
        ("cycle_users", &["id"][..])
    );
}

on_every_backend! {
    async fn tables_that_reference_each_other_migrate_up_and_down(ns) {
        let dir = tempfile::tempdir().unwrap();
        let models = Snapshot::from_schemas(&[User::SCHEMA, Team::SCHEMA]);
        assert!(files::generate(dir.path(), "1_cycle", &models, false).unwrap().is_some());
        assert!(files::generate(dir.path(), "2_again", &models, false).unwrap().is_none());
        let migrations = files::load(dir.path(), ns.backend).unwrap();
        let runner = Runner::new(ns.url.clone()).unwrap();
        for round in 0..2 {
            runner.up(&migrations).await.unwrap_or_else(|e| panic!("up, round {round}: {e}"));
            assert_schema(&ns, &models).await;
            // Both keys are enforced: a team needs an existing owner.
            ns.exec("INSERT INTO cycle_users (team_id) VALUES (NULL)").await;
            ns.exec("INSERT INTO cycle_teams (owner_id) VALUES (1)").await;
            ns.exec("UPDATE cycle_users SET team_id = 1 WHERE id = 1").await;
            assert!(ns.try_exec("INSERT INTO cycle_teams (owner_id) VALUES (99)").await.is_err());
            assert!(ns.try_exec("UPDATE cycle_users SET team_id = 99 WHERE id = 1").await.is_err());
            ns.exec("UPDATE cycle_users SET team_id = NULL").await;
            ns.exec("DELETE FROM cycle_teams").await;
            ns.exec("DELETE FROM cycle_users").await;
            runner.down(&migrations, 1).await.unwrap_or_else(|e| panic!("down, round {round}: {e}"));
            assert!(!ns.has_table("cycle_users").await && !ns.has_table("cycle_teams").await);
        }
    }
}
