//! SQLite's table rebuild keeps everything around the table: inbound foreign keys, indexes,
//! triggers and views, and every row.

use crate::common::Namespace;
use crate::common::schema::{col, fk, index, keyed, snapshot};
use covet_migrate::snapshot::{Action, Column, ColumnType, Snapshot};
use covet_migrate::{Runner, files};
use covet_sql::Backend;

fn models(plays: ColumnType, on_delete: Action) -> Snapshot {
    let artists = keyed("artists", vec![col("name", ColumnType::Text)]);
    let mut albums = keyed(
        "albums",
        vec![
            col("title", ColumnType::Text),
            col("artist_id", ColumnType::BigInt),
            Column {
                default: Some("0".into()),
                ..col("plays", plays)
            },
        ],
    );
    for c in ["title", "artist_id"] {
        albums.indexes.push(index("albums", c, false));
    }
    albums
        .foreign_keys
        .push(fk("albums", "artist_id", "artists", on_delete));
    let mut reviews = keyed("reviews", vec![col("album_id", ColumnType::BigInt)]);
    reviews
        .foreign_keys
        .push(fk("reviews", "album_id", "albums", Action::Cascade));
    let audit = keyed("audit", vec![col("album_id", ColumnType::BigInt)]);
    snapshot(vec![albums, artists, audit, reviews])
}

async fn count(ns: &Namespace, sql: &str) -> i64 {
    ns.ints(sql).await[0]
}

#[tokio::test]
async fn rebuild_keeps_foreign_keys_indexes_triggers_views_and_rows() {
    let ns = Namespace::create(Backend::Sqlite, module_path!())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    files::generate(
        dir.path(),
        "1_init",
        &models(ColumnType::Int, Action::Cascade),
        false,
    )
    .unwrap();
    // Narrowing nothing, but a column type and a foreign-key action: SQLite rebuilds albums.
    files::generate(
        dir.path(),
        "2_alter",
        &models(ColumnType::BigInt, Action::Restrict),
        false,
    )
    .unwrap()
    .unwrap();
    let up = std::fs::read_to_string(dir.path().join("2_alter/sqlite.up.sql")).unwrap();
    assert!(up.contains("_covet_new_albums_t"), "{up}");

    let migrations = files::load(dir.path(), Backend::Sqlite).unwrap();
    let runner = Runner::new(ns.url.clone()).unwrap();
    runner.up(&migrations[..1]).await.unwrap();
    ns.exec(
        "CREATE TRIGGER albums_audit AFTER INSERT ON albums BEGIN INSERT INTO audit (album_id) VALUES (new.id); END;
         CREATE VIEW album_titles AS SELECT title FROM albums;
         INSERT INTO artists (name) VALUES ('Nina');
         INSERT INTO albums (title, artist_id, plays) VALUES ('a', 1, 1), ('b', 1, 2), ('c', 1, 3);
         INSERT INTO reviews (album_id) VALUES (1), (2);",
    )
    .await;
    assert_eq!(count(&ns, "SELECT COUNT(*) FROM audit").await, 3);

    runner.up(&migrations).await.unwrap();

    assert_eq!(count(&ns, "SELECT COUNT(*) FROM albums").await, 3);
    assert_eq!(count(&ns, "SELECT COUNT(*) FROM reviews").await, 2);
    assert_eq!(count(&ns, "SELECT COUNT(*) FROM album_titles").await, 3);
    assert!(ns.ints("PRAGMA foreign_key_check").await.is_empty());
    let objects = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('albums_title_idx', 'albums_artist_id_idx', 'albums_audit', 'album_titles', 'albums', 'reviews')";
    assert_eq!(count(&ns, objects).await, 6);
    assert_eq!(
        count(
            &ns,
            "SELECT COUNT(*) FROM pragma_foreign_key_list('reviews') WHERE \"table\" = 'albums'"
        )
        .await,
        1,
        "the inbound foreign key still points at albums"
    );
    assert_eq!(
        count(
            &ns,
            "SELECT COUNT(*) FROM pragma_foreign_key_list('albums') WHERE on_delete = 'RESTRICT'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &ns,
            "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"
        )
        .await,
        1
    );
    // The restored trigger fires.
    ns.exec("INSERT INTO albums (title, artist_id) VALUES ('d', 1)")
        .await;
    assert_eq!(count(&ns, "SELECT COUNT(*) FROM audit").await, 4);

    // And back down.
    runner.down(&migrations, 1).await.unwrap();
    assert_eq!(count(&ns, "SELECT COUNT(*) FROM albums").await, 4);
    assert_eq!(count(&ns, objects).await, 6);
    assert_eq!(
        count(
            &ns,
            "SELECT COUNT(*) FROM pragma_foreign_key_list('albums') WHERE on_delete = 'CASCADE'"
        )
        .await,
        1
    );
    ns.drop_it().await;
}
