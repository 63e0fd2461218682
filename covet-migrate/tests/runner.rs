//! The runner on live databases: exactly-once under concurrency, checksums, failures, down.

use covet_migrate::files::Migration;
use covet_migrate::runner::State;
use covet_migrate::{Error, Runner};
use std::path::PathBuf;

fn migration(id: &str, up: &str, down: &str) -> Migration {
    Migration {
        id: id.to_owned(),
        up: up.to_owned(),
        down: down.to_owned(),
        source: PathBuf::from(format!("migrations/{id}/up.sql")),
    }
}

/// Twenty migrations: the first creates a log, each one creates its own table (which fails if
/// run twice) and logs its number.
fn twenty() -> Vec<Migration> {
    let mut out = vec![migration(
        "01_log",
        "CREATE TABLE applied_log (n INT NOT NULL);\nINSERT INTO applied_log (n) VALUES (1);\n",
        "DROP TABLE applied_log;\n",
    )];
    for i in 2..=20 {
        out.push(migration(
            &format!("{i:02}_table"),
            &format!(
                "CREATE TABLE t_{i:02} (id INT PRIMARY KEY);\nINSERT INTO applied_log (n) VALUES ({i});\n"
            ),
            &format!("DROP TABLE t_{i:02};\nDELETE FROM applied_log WHERE n = {i};\n"),
        ));
    }
    out
}

/// Writes `migrations` as migration directories under `dir`, the same SQL for every backend.
fn write_files(dir: &std::path::Path, migrations: &[Migration]) {
    for m in migrations {
        let path = dir.join(&m.id);
        std::fs::create_dir_all(&path).unwrap();
        for backend in covet_sql::Backend::ALL {
            std::fs::write(path.join(format!("{}.up.sql", backend.name())), &m.up).unwrap();
            std::fs::write(path.join(format!("{}.down.sql", backend.name())), &m.down).unwrap();
        }
    }
}

on_every_backend! {
    /// Eight `covet-migrate up` processes start at once on an empty database with twenty
    /// migrations: each migration runs exactly once, and every process finishes.
    async fn eight_concurrent_processes_apply_each_migration_once(ns) {
        let dir = tempfile::tempdir().unwrap();
        let migrations = twenty();
        write_files(dir.path(), &migrations);
        let started = std::time::Instant::now();
        let children: Vec<std::process::Child> = (0..8)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_covet-migrate"))
                    .arg("--dir")
                    .arg(dir.path())
                    .args(["up", "--lock-timeout", "120", "--database", &ns.url])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("covet-migrate runs")
            })
            .collect();
        let outputs = tokio::task::spawn_blocking(move || {
            children
                .into_iter()
                .map(|c| c.wait_with_output().unwrap())
                .collect::<Vec<_>>()
        })
        .await
        .unwrap();
        let mut per_process = Vec::new();
        for o in &outputs {
            let out = String::from_utf8_lossy(&o.stdout);
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.success(), "a runner failed: {out}{err}");
            let n: usize = out
                .trim()
                .strip_prefix("applied ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("unexpected output: {out}"));
            per_process.push(n);
        }
        let applied: usize = per_process.iter().sum();
        eprintln!(
            "{}: 8 processes, 20 migrations, applied {applied} (per process {per_process:?}) in {:?}",
            ns.backend,
            started.elapsed()
        );
        assert_eq!(applied, 20, "each migration applied by exactly one runner");
        let mut log = ns.ints("SELECT n FROM applied_log ORDER BY n").await;
        log.dedup();
        assert_eq!(log, (1..=20).collect::<Vec<i64>>());
        assert_eq!(ns.ints("SELECT COUNT(*) FROM applied_log").await, [20]);
        assert_eq!(ns.ints("SELECT COUNT(*) FROM _covet_migrations").await, [20]);
        let loaded = covet_migrate::files::load(dir.path(), ns.backend).unwrap();
        let status = Runner::new(ns.url.clone()).unwrap().status(&loaded).await.unwrap();
        assert!(status.iter().all(|s| matches!(s.state, State::Applied { .. })), "{status:?}");
    }
}

on_every_backend! {
    /// An applied migration edited afterwards is refused, naming its file; a change of line
    /// endings only is accepted.
    async fn edited_migration_refused_line_endings_accepted(ns) {
        let runner = Runner::new(ns.url.clone()).unwrap();
        let mut migrations = twenty();
        migrations.truncate(2);
        assert_eq!(runner.up(&migrations).await.unwrap().done.len(), 2);

        let mut crlf = migrations.clone();
        crlf[1].up = crlf[1].up.replace('\n', "\r\n");
        assert!(runner.up(&crlf).await.unwrap().done.is_empty());

        let mut edited = migrations.clone();
        edited[1].up = edited[1].up.replace("VALUES (2)", "VALUES (3)");
        let err = runner.up(&edited).await.unwrap_err();
        assert!(matches!(err, Error::Checksum { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains("migrations/02_table/up.sql"), "{message}");
        assert!(message.contains("edited after it was applied"), "{message}");
        let status = runner.status(&edited).await.unwrap();
        assert_eq!(status[1].state, State::Edited);
    }
}

on_every_backend! {
    /// A failing migration: PostgreSQL and SQLite roll it back whole; MariaDB keeps what ran,
    /// marks it dirty and refuses the next run until repaired.
    async fn failure_midway(ns) {
        let runner = Runner::new(ns.url.clone()).unwrap();
        let ok = migration("01_ok", "CREATE TABLE kept (id INT);\n", "DROP TABLE kept;\n");
        let bad = migration(
            "02_bad",
            "CREATE TABLE half (id INT);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE never (id INT);\n",
            "DROP TABLE half;\n",
        );
        let migrations = vec![ok, bad];
        let err = runner.up(&migrations).await.unwrap_err();
        assert!(matches!(err, Error::Statement { statement: 2, .. }), "{err}");
        assert!(ns.has_table("kept").await);
        assert!(!ns.has_table("never").await);
        if ns.backend == covet_sql::Backend::MySql {
            assert!(ns.has_table("half").await, "MariaDB cannot roll DDL back");
            let err = runner.up(&migrations).await.unwrap_err();
            let message = err.to_string();
            assert!(matches!(err, Error::Dirty { done: 1, .. }), "{message}");
            assert!(message.contains("migration 02_bad is dirty"), "{message}");
            assert!(message.contains("covet-migrate repair 02_bad"), "{message}");
            let status = runner.status(&migrations).await.unwrap();
            assert_eq!(status[1].state, State::Dirty { done: 1 });
            // Finished by hand, then repaired: the next run goes on.
            ns.exec("CREATE TABLE never (id INT)").await;
            runner.repair("02_bad", &migrations).await.unwrap();
            assert!(runner.up(&migrations).await.unwrap().done.is_empty());
        } else {
            assert!(!ns.has_table("half").await, "rolled back with its transaction");
            assert_eq!(ns.ints("SELECT COUNT(*) FROM _covet_migrations").await, [1]);
            let status = runner.status(&migrations).await.unwrap();
            assert_eq!(status[1].state, State::Pending);
        }
    }
}

on_every_backend! {
    /// down reverts the newest migrations; up applies them again.
    async fn down_then_up(ns) {
        let runner = Runner::new(ns.url.clone()).unwrap();
        let mut migrations = twenty();
        migrations.truncate(4);
        runner.up(&migrations).await.unwrap();
        let report = runner.down(&migrations, 2).await.unwrap();
        let ids: Vec<&str> = report.done.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["04_table", "03_table"]);
        assert!(!ns.has_table("t_04").await && !ns.has_table("t_03").await);
        assert!(ns.has_table("t_02").await);
        assert_eq!(ns.ints("SELECT COUNT(*) FROM applied_log").await, [2]);
        assert_eq!(runner.up(&migrations).await.unwrap().done.len(), 2);
        assert_eq!(ns.ints("SELECT COUNT(*) FROM applied_log").await, [4]);
    }
}

on_every_backend! {
    /// baseline records migrations as applied without running them.
    async fn baseline_marks_without_running(ns) {
        let runner = Runner::new(ns.url.clone()).unwrap();
        let mut migrations = twenty();
        migrations.truncate(3);
        assert_eq!(runner.baseline(&migrations).await.unwrap().done.len(), 3);
        assert!(!ns.has_table("applied_log").await);
        assert!(runner.up(&migrations).await.unwrap().done.is_empty());
        // A migration the database has but the directory lost: listed, and `up` refuses.
        let fewer = &migrations[..2];
        let status = runner.status(fewer).await.unwrap();
        assert_eq!(status.len(), 3);
        assert_eq!(status[2].state, State::Missing);
        let err = runner.up(fewer).await.unwrap_err();
        assert!(matches!(err, Error::UnknownApplied(ref id) if id == "03_table"), "{err}");
    }
}

/// A migration marked `-- covet: no-transaction` runs outside a transaction on PostgreSQL,
/// where `CREATE INDEX CONCURRENTLY` cannot run inside one; unmarked, it fails and is
/// rolled back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_transaction_migration_creates_an_index_concurrently() {
    let Some(ns) =
        crate::common::Namespace::create(covet_sql::Backend::Postgres, module_path!()).await
    else {
        return;
    };
    let runner = Runner::new(ns.url.clone()).unwrap();
    let table = migration("01_table", "CREATE TABLE t (n INT);\n", "DROP TABLE t;\n");
    let inside = migration(
        "02_index",
        "CREATE INDEX CONCURRENTLY t_n_idx ON t (n);\n",
        "DROP INDEX t_n_idx;\n",
    );
    let err = runner.up(&[table.clone(), inside]).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("CONCURRENTLY cannot run inside a transaction"),
        "{err}"
    );
    let outside = migration(
        "02_index",
        "-- covet: no-transaction\nCREATE INDEX CONCURRENTLY t_n_idx ON t (n);\n",
        "DROP INDEX t_n_idx;\n",
    );
    assert!(outside.no_transaction());
    let report = runner.up(&[table, outside]).await.unwrap();
    assert_eq!(report.done.len(), 1);
    let indexes = "SELECT COUNT(*)::BIGINT FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 't_n_idx'";
    assert_eq!(ns.ints(indexes).await, [1]);
    ns.drop_it().await;
}
