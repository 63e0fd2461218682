//! The example's migrations match its models, and apply and revert on SQLite.

use covet_migrate::{Runner, cli, files};
use std::path::Path;

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
}

/// What CI runs: `migrate check` fails when a model changed without a migration.
#[tokio::test]
async fn the_migrations_are_up_to_date_with_the_models() {
    let args = ["migrate", "--dir", dir().to_str().unwrap(), "check"];
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::execute(args, Some(music_example::MODELS), &mut out, &mut err).await;
    assert_eq!(
        code,
        cli::SUCCESS,
        "{}{}",
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&err)
    );
}

/// Every backend has an up and a down file of every migration, and on SQLite they go up,
/// down and up again, leaving the schema the models describe.
#[tokio::test]
async fn the_migrations_apply_and_revert() {
    for backend in covet::Backend::ALL {
        assert_eq!(files::load(dir(), backend).unwrap().len(), 2, "{backend}");
    }
    let db = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", db.path().join("music.db").display());
    let runner = Runner::new(url).unwrap();
    let migrations = files::load(dir(), covet::Backend::Sqlite).unwrap();
    let models = covet_migrate::snapshot::Snapshot::from_schemas(music_example::MODELS);
    for _ in 0..2 {
        assert_eq!(runner.up(&migrations).await.unwrap().done.len(), 2);
        let found = runner.introspect().await.unwrap();
        let drift = covet_migrate::drift::compare(
            &models.stored_on(covet::Backend::Sqlite),
            &found.snapshot,
        );
        assert!(drift.is_empty(), "{drift:?}");
        assert_eq!(runner.down(&migrations, 2).await.unwrap().done.len(), 2);
    }
}
