//! Migrations generated from model snapshots, applied up → down → up on every backend with
//! rows in the tables.

use crate::common::assert_schema;
use crate::common::schema::{col, fk, id, index, snapshot, table};
use covet_migrate::snapshot::{Action, Column, ColumnType, Snapshot};
use covet_migrate::{Error, Runner, files};

/// Four versions of a small music schema.
fn versions() -> Vec<Snapshot> {
    let mut artists = table(
        "artists",
        vec![
            id(),
            Column {
                max_length: Some(80),
                ..col("name", ColumnType::Text)
            },
        ],
    );
    artists.indexes.push(index("artists", "name", true));
    let mut albums = table(
        "albums",
        vec![
            id(),
            col("title", ColumnType::Text),
            col("artist_id", ColumnType::BigInt),
            Column {
                default: Some("0".into()),
                ..col("plays", ColumnType::Int)
            },
        ],
    );
    albums.indexes.push(index("albums", "title", false));
    albums
        .foreign_keys
        .push(fk("albums", "artist_id", "artists", Action::Cascade));
    let v1 = snapshot(vec![artists.clone(), albums.clone()]);

    // v2: a column renamed (its index follows), one widened, one added; an FK action changed.
    albums.columns[1] = Column {
        renamed_from: Some("title".into()),
        ..col("album_title", ColumnType::Text)
    };
    albums.indexes = vec![index("albums", "album_title", false)];
    albums.columns[3].ty = ColumnType::BigInt;
    albums.columns.push(Column {
        nullable: true,
        max_length: Some(200),
        ..col("notes", ColumnType::Text)
    });
    albums.foreign_keys = vec![fk("albums", "artist_id", "artists", Action::Restrict)];
    let v2 = snapshot(vec![artists.clone(), albums.clone()]);

    // v3: a table renamed, with the names derived from it.
    let mut performers = artists.clone();
    performers.name = "performers".into();
    performers.renamed_from = Some("artists".into());
    performers.indexes = vec![index("performers", "name", true)];
    albums.foreign_keys = vec![fk("albums", "artist_id", "performers", Action::Restrict)];
    let v3 = snapshot(vec![performers.clone(), albums.clone()]);

    // v4: a column dropped, a table added.
    albums.columns.retain(|c| c.name != "notes");
    let mut tags = table(
        "tags",
        vec![
            id(),
            col("album_id", ColumnType::BigInt),
            Column {
                max_length: Some(40),
                ..col("label", ColumnType::Text)
            },
        ],
    );
    tags.foreign_keys
        .push(fk("tags", "album_id", "albums", Action::Cascade));
    let v4 = snapshot(vec![performers, albums, tags]);
    vec![v1, v2, v3, v4]
}

on_every_backend! {
    /// Generated up and down SQL runs on the real server, keeps the rows, and generating again
    /// yields nothing.
    async fn generated_migrations_up_down_up_keep_rows(ns) {
        let dir = tempfile::tempdir().unwrap();
        let versions = versions();
        for (i, v) in versions.iter().enumerate() {
            let id = format!("{}_v{}", i + 1, i + 1);
            let written = files::generate(dir.path(), &id, v, false);
            let written = match written {
                Err(Error::Destructive(_)) => files::generate(dir.path(), &id, v, true),
                other => other,
            };
            assert!(written.unwrap().is_some(), "{id} generated");
            assert!(files::generate(dir.path(), "9_again", v, false).unwrap().is_none());
        }
        let migrations = files::load(dir.path(), ns.backend).unwrap();
        assert_eq!(migrations.len(), 4);
        let runner = Runner::new(ns.url.clone()).unwrap();
        runner.up(&migrations[..1]).await.unwrap();
        assert_schema(&ns, &versions[0]).await;
        ns.exec("INSERT INTO artists (name) VALUES ('Nina')").await;
        ns.exec("INSERT INTO albums (title, artist_id) VALUES ('Pastel Blues', 1)").await;
        ns.exec("INSERT INTO albums (title, artist_id, plays) VALUES ('Wild Is the Wind', 1, 7)").await;

        let count = "SELECT COUNT(*) FROM albums";
        let plays = "SELECT SUM(plays) FROM albums";
        let plays = if ns.backend == covet_sql::Backend::Postgres {
            "SELECT SUM(plays)::BIGINT FROM albums"
        } else if ns.backend == covet_sql::Backend::MySql {
            "SELECT CAST(SUM(plays) AS SIGNED) FROM albums"
        } else {
            plays
        };
        for round in 0..2 {
            let report = runner.up(&migrations).await.unwrap_or_else(|e| panic!("up, round {round}: {e}"));
            assert_eq!(report.done.len(), 3);
            assert_schema(&ns, &versions[3]).await;
            assert_eq!(ns.ints(count).await, [2]);
            assert_eq!(ns.ints(plays).await, [7]);
            assert!(ns.has_table("performers").await && ns.has_table("tags").await);
            assert!(!ns.has_table("artists").await);
            let report = runner.down(&migrations, 3).await.unwrap_or_else(|e| panic!("down, round {round}: {e}"));
            assert_eq!(report.done.len(), 3);
            assert_schema(&ns, &versions[0]).await;
            assert_eq!(ns.ints(count).await, [2]);
            assert!(ns.has_table("artists").await && !ns.has_table("tags").await);
            assert_eq!(ns.ints("SELECT COUNT(*) FROM albums WHERE title = 'Pastel Blues'").await, [1]);
        }
    }
}
