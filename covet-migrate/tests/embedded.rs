//! Migrations compiled into the test binary by `embedded!` and applied through a covet `Db`.

use covet::prelude::*;
use covet_migrate::Embedded;

static MIGRATIONS: Embedded = covet_migrate::embedded!("tests/fixtures/embedded");

#[derive(Model, Debug, PartialEq)]
#[covet(table = "embedded_items")]
struct EmbeddedItem {
    #[covet(primary_key)]
    id: i64,
    #[covet(max_length = 40)]
    label: String,
}

async fn apply_and_use(db: &Db) {
    assert_eq!(
        MIGRATIONS.ids().collect::<Vec<_>>(),
        ["1_items", "2_first_item"]
    );
    let report = MIGRATIONS.apply(db).await.expect("apply");
    assert_eq!(report.done.len(), 2);
    assert!(
        MIGRATIONS.apply(db).await.unwrap().done.is_empty(),
        "applied once"
    );
    EmbeddedItem::insert(NewEmbeddedItem {
        id: 2,
        label: "two".into(),
    })
    .exec(db)
    .await
    .unwrap();
    let items = EmbeddedItem::query()
        .order_by(EmbeddedItem::ID.asc())
        .all(db)
        .await
        .unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["one", "two"]);
}

on_every_backend! {
    /// `embedded!` compiles the fixtures in; `apply` runs them once through the handle.
    async fn embedded_migrations_apply_through_a_db(ns) {
        let db = Db::connect(&ns.url).await.unwrap();
        apply_and_use(&db).await;
        db.close().await;
    }
}

/// An in-memory SQLite database is shared by the runner's session and the pool.
#[tokio::test]
async fn embedded_migrations_on_in_memory_sqlite() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    apply_and_use(&db).await;
}
