//! The command line: generate, check, dry run, up/status/down, drift, and the exit codes.

use covet::prelude::*;
use covet_migrate::cli::{self, DIFFERENT, FAILED, SUCCESS, USAGE};
use covet_sql::Backend;
use covet_sql::schema::TableSchema;
use std::path::Path;

mod v1 {
    use covet::prelude::*;

    #[derive(Model, Debug)]
    #[covet(table = "albums")]
    pub(crate) struct Album {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        #[covet(max_length = 80, index)]
        pub(crate) title: String,
        #[covet(precision = 8, scale = 2)]
        pub(crate) price: rust_decimal::Decimal,
    }
}

mod v2 {
    use covet::prelude::*;

    /// v1 with a new nullable column.
    #[derive(Model, Debug)]
    #[covet(table = "albums")]
    pub(crate) struct Album {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        #[covet(max_length = 80, index)]
        pub(crate) title: String,
        #[covet(precision = 8, scale = 2)]
        pub(crate) price: rust_decimal::Decimal,
        pub(crate) year: Option<i32>,
    }
}

/// v1 without its price: a destructive change.
mod v3 {
    use covet::prelude::*;

    #[derive(Model, Debug)]
    #[covet(table = "albums")]
    pub(crate) struct Album {
        #[covet(primary_key, auto_increment)]
        pub(crate) id: i64,
        #[covet(max_length = 80, index)]
        pub(crate) title: String,
        pub(crate) year: Option<i32>,
    }
}

/// What one command line did.
pub(crate) struct Outcome {
    pub(crate) code: u8,
    pub(crate) out: String,
    pub(crate) err: String,
}

/// Runs `covet-migrate --dir <dir> <args>` in this process with `models`.
pub(crate) async fn cli(dir: &Path, args: &[&str], models: Option<&[TableSchema]>) -> Outcome {
    let mut all = vec![
        "covet-migrate".to_owned(),
        "--dir".into(),
        dir.display().to_string(),
    ];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::execute(all, models, &mut out, &mut err).await;
    Outcome {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

#[tokio::test]
async fn check_fails_when_a_model_changed_without_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let one: &[TableSchema] = &[v1::Album::SCHEMA];
    let two: &[TableSchema] = &[v2::Album::SCHEMA];
    let r = cli(dir.path(), &["check"], Some(one)).await;
    assert_eq!(r.code, DIFFERENT, "no migration yet: {}", r.out);
    let r = cli(dir.path(), &["generate", "init"], Some(one)).await;
    assert_eq!(r.code, SUCCESS, "{}{}", r.out, r.err);
    assert!(r.out.contains("_init (1 change):"), "{}", r.out);
    assert!(r.out.contains("create table albums"), "{}", r.out);
    assert_eq!(cli(dir.path(), &["check"], Some(one)).await.code, SUCCESS);

    let r = cli(dir.path(), &["check"], Some(two)).await;
    assert_eq!(r.code, DIFFERENT);
    assert!(r.out.contains("add column albums.year"), "{}", r.out);
    assert!(r.out.contains("help: run `generate <name>`"), "{}", r.out);

    let r = cli(dir.path(), &["generate", "add_year"], Some(two)).await;
    assert_eq!(r.code, SUCCESS, "{}{}", r.out, r.err);
    assert_eq!(cli(dir.path(), &["check"], Some(two)).await.code, SUCCESS);
    let r = cli(dir.path(), &["generate", "again"], Some(two)).await;
    assert!(r.out.starts_with("nothing to generate"), "{}", r.out);

    // The destructive drop of `price` is refused, naming it, until the flag is given.
    let three: &[TableSchema] = &[v3::Album::SCHEMA];
    let r = cli(dir.path(), &["generate", "drop_price"], Some(three)).await;
    assert_eq!(r.code, FAILED);
    assert!(r.err.contains("drops column albums.price"), "{}", r.err);
    assert!(r.err.contains("--allow-destructive"), "{}", r.err);
    let r = cli(
        dir.path(),
        &["generate", "drop_price", "--allow-destructive"],
        Some(three),
    )
    .await;
    assert_eq!(r.code, SUCCESS, "{}", r.err);
    assert_eq!(covet_migrate::files::list(dir.path()).unwrap().len(), 3);
}

#[tokio::test]
async fn usage_errors_and_commands_that_need_models() {
    let dir = tempfile::tempdir().unwrap();
    let r = cli(dir.path(), &["up"], None).await;
    assert_eq!(r.code, USAGE);
    assert!(r.err.contains("--database"), "{}", r.err);
    let r = cli(dir.path(), &["check"], None).await;
    assert_eq!(r.code, FAILED);
    assert!(r.err.contains("knows no models"), "{}", r.err);
    let r = cli(dir.path(), &["sql"], None).await;
    assert_eq!(r.code, FAILED);
    assert!(r.err.contains("--dialect"), "{}", r.err);
    let r = cli(
        dir.path(),
        &["generate", "Bad-Name"],
        Some(&[v1::Album::SCHEMA]),
    )
    .await;
    assert_eq!(r.code, FAILED);
    assert!(r.err.contains("lower-case name"), "{}", r.err);
    let r = cli(dir.path(), &["--help"], None).await;
    assert_eq!(r.code, SUCCESS);
    assert!(r.out.contains("drift"), "{}", r.out);
}

/// A statement altering `albums.title` behind the migrations' back.
fn alter_by_hand(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "ALTER TABLE albums ALTER COLUMN title TYPE VARCHAR(20)",
        Backend::MySql => "ALTER TABLE albums MODIFY COLUMN title VARCHAR(20) NOT NULL",
        // SQLite alters no column in place: dropped and added back, nullable.
        Backend::Sqlite => {
            "DROP INDEX albums_title_idx; ALTER TABLE albums DROP COLUMN title; ALTER TABLE albums ADD COLUMN title TEXT; CREATE INDEX albums_title_idx ON albums (title)"
        }
    }
}

on_every_backend! {
    /// The dry run prints and runs nothing; up, status and down; drift reports a column
    /// altered by hand.
    async fn sql_up_status_down_and_drift(ns) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let models: &[TableSchema] = &[v1::Album::SCHEMA];
        let url = ns.url.as_str();
        assert_eq!(cli(d, &["generate", "init"], Some(models)).await.code, SUCCESS);

        let r = cli(d, &["sql", "--database", url], None).await;
        assert_eq!(r.code, SUCCESS, "{}", r.err);
        assert!(r.out.contains("CREATE TABLE"), "{}", r.out);
        assert!(!ns.has_table("albums").await, "a dry run runs nothing");

        let r = cli(d, &["up", "--database", url], None).await;
        assert_eq!((r.code, r.out.trim()), (SUCCESS, "applied 1 migration"), "{}", r.err);
        let r = cli(d, &["status", "--database", url], None).await;
        assert!(r.out.contains("_init") && r.out.contains("applied 2"), "{}", r.out);
        let r = cli(d, &["sql", "--database", url], None).await;
        assert_eq!(r.out.trim(), "-- nothing to run");
        let r = cli(d, &["sql", "--database", url, "--down", "1"], None).await;
        assert!(r.out.contains("DROP TABLE"), "{}", r.out);

        let r = cli(d, &["drift", "--database", url], Some(models)).await;
        assert_eq!(r.code, SUCCESS, "{}{}", r.out, r.err);
        assert!(r.out.starts_with("no drift"), "{}", r.out);
        ns.exec(alter_by_hand(ns.backend)).await;
        let r = cli(d, &["drift", "--database", url], Some(models)).await;
        assert_eq!(r.code, DIFFERENT, "{}{}", r.out, r.err);
        assert!(r.out.contains("column albums.title: expected Text"), "{}", r.out);
        assert!(r.out.contains(" NOT NULL, the database has "), "{}", r.out);
        // Without models, against the last snapshot, the same.
        let r = cli(d, &["drift", "--database", url], None).await;
        assert_eq!(r.code, DIFFERENT, "{}", r.out);

        let r = cli(d, &["down", "--database", url], None).await;
        assert_eq!((r.code, r.out.trim()), (SUCCESS, "reverted 1 migration"), "{}", r.err);
        assert!(!ns.has_table("albums").await);
    }
}
