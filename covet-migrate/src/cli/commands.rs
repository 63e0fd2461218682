//! One function per command. Results go to `out`; errors come back as values for the caller
//! to print; progress of long runs goes to standard error as it happens.

use super::args::{Args, Command, Database};
use super::{DIFFERENT, SUCCESS};
use crate::diff::diff;
use crate::files::{self, Migration};
use crate::runner::{Direction, Progress, State};
use crate::snapshot::Snapshot;
use crate::{Error, Result, Runner};
use covet_sql::schema::TableSchema;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

type Out<'a> = &'a mut (dyn Write + Send);

pub(super) async fn run(args: Args, models: Option<&[TableSchema]>, out: Out<'_>) -> Result<u8> {
    let dir = args.dir.as_path();
    let models = models.map(Snapshot::from_schemas);
    match args.command {
        Command::Generate {
            name,
            allow_destructive,
        } => generate(dir, &need(models)?, &name, allow_destructive, out),
        Command::Sql {
            dialect,
            database,
            down,
        } => sql(dir, dialect.map(Into::into), database, down, out).await,
        Command::Up(db) => {
            let runner = runner(&db)?.on_progress(print_progress);
            let report = runner.up(&load(dir, &runner)?).await?;
            say(
                out,
                &format!("applied {}", count(report.done.len(), "migration")),
            )
        }
        Command::Down { n, database } => {
            let runner = runner(&database)?.on_progress(print_progress);
            let report = runner.down(&load(dir, &runner)?, n).await?;
            say(
                out,
                &format!("reverted {}", count(report.done.len(), "migration")),
            )
        }
        Command::Status(db) => status(dir, &db, out).await,
        Command::Check => check(dir, &need(models)?, out),
        Command::Drift(db) => drift(dir, models, &db, out).await,
        Command::Baseline(db) => {
            let runner = runner(&db)?;
            let report = runner.baseline(&load(dir, &runner)?).await?;
            say(
                out,
                &format!(
                    "recorded {} as applied",
                    count(report.done.len(), "migration")
                ),
            )
        }
        Command::Repair { id, database } => {
            let runner = runner(&database)?;
            runner.repair(&id, &load(dir, &runner)?).await?;
            say(out, &format!("migration {id} is marked applied"))
        }
    }
}

fn need(models: Option<Snapshot>) -> Result<Snapshot> {
    models.ok_or_else(|| {
        Error::Usage(
            "this command compares the models with the migrations, and this binary knows no models\nhelp: run it through your crate's migrations binary: `fn main() -> std::process::ExitCode { covet_migrate::cli::run(&[Album::SCHEMA, ...]) }` (see the README)".into(),
        )
    })
}

fn runner(db: &Database) -> Result<Runner> {
    Ok(Runner::new(db.database.clone())?.lock_timeout(Duration::from_secs(db.lock_timeout)))
}

fn load(dir: &Path, runner: &Runner) -> Result<Vec<Migration>> {
    files::load(dir, runner.backend())
}

/// `1 change`, `3 changes`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn say(out: Out<'_>, line: &str) -> Result<u8> {
    writeln!(out, "{line}").map_err(|source| Error::Io {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(SUCCESS)
}

/// Progress lines as the runner goes (standard error, so output stays clean).
fn print_progress(p: Progress<'_>) {
    match p {
        Progress::Started {
            id,
            direction,
            statements,
        } => {
            let verb = match direction {
                Direction::Up => "applying",
                Direction::Down => "reverting",
            };
            eprintln!("{verb} {id} ({statements} statements)");
        }
        Progress::Statement { id, done, total } if total > 1 => {
            eprintln!("  {id}: {done}/{total}");
        }
        Progress::Finished { id, took, .. } => {
            eprintln!("  {id}: done in {} ms", took.as_millis());
        }
        _ => {}
    }
}

fn generate(
    dir: &Path,
    models: &Snapshot,
    name: &str,
    allow_destructive: bool,
    out: Out<'_>,
) -> Result<u8> {
    let changes = diff(&files::latest_snapshot(dir)?, models);
    let id = files::next_id(dir, name, chrono::Utc::now())?;
    match files::generate(dir, &id, models, allow_destructive)? {
        None => say(
            out,
            "nothing to generate: the models match the last migration's snapshot",
        ),
        Some(path) => {
            let mut text = format!(
                "wrote {} ({}):",
                path.display(),
                count(changes.len(), "change")
            );
            for c in &changes {
                text.push_str(&format!("\n  - {c}"));
            }
            say(out, &text)
        }
    }
}

async fn sql(
    dir: &Path,
    dialect: Option<covet_sql::Backend>,
    database: Option<String>,
    down: Option<usize>,
    out: Out<'_>,
) -> Result<u8> {
    let runner = database.map(Runner::new).transpose()?;
    let backend = match (&runner, dialect) {
        (Some(r), _) => r.backend(),
        (None, Some(b)) => b,
        (None, None) => {
            return Err(Error::Usage(
                "say which SQL to print: `--dialect postgres|mysql|sqlite`, or `--database URL` for what that database has not applied".into(),
            ));
        }
    };
    let migrations = files::load(dir, backend)?;
    let status = match &runner {
        Some(r) => Some(r.status(&migrations).await?),
        None => None,
    };
    let applied = |id: &str| {
        status.as_ref().is_some_and(|s| {
            s.iter()
                .any(|m| m.id == id && !matches!(m.state, State::Pending))
        })
    };
    let chosen: Vec<(&Migration, &str)> = match down {
        Some(n) if runner.is_some() => migrations
            .iter()
            .rev()
            .filter(|m| applied(&m.id))
            .take(n)
            .map(|m| (m, m.down.as_str()))
            .collect(),
        Some(_) => {
            return Err(Error::Usage(
                "`--down` needs `--database`: which migrations are applied is up to the database"
                    .into(),
            ));
        }
        None => migrations
            .iter()
            .filter(|m| !applied(&m.id))
            .map(|m| (m, m.up.as_str()))
            .collect(),
    };
    if chosen.is_empty() {
        return say(out, "-- nothing to run");
    }
    let mut text = String::new();
    for (m, sql) in chosen {
        text.push_str(&format!("-- {}\n{}", m.source.display(), sql));
        if !sql.ends_with('\n') {
            text.push('\n');
        }
    }
    say(out, text.trim_end())
}

async fn status(dir: &Path, db: &Database, out: Out<'_>) -> Result<u8> {
    let runner = runner(db)?;
    let mut text = String::new();
    for s in runner.status(&load(dir, &runner)?).await? {
        let state = match s.state {
            State::Pending => "pending".to_owned(),
            State::Applied { at_ms, duration_ms } => {
                let at = chrono::DateTime::from_timestamp_millis(at_ms)
                    .map_or_else(String::new, |t| {
                        t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
                    });
                format!("applied {at} ({duration_ms} ms)")
            }
            State::Edited => "applied, but its file was edited since".to_owned(),
            State::Missing => {
                "applied, but the migrations directory has no such migration".to_owned()
            }
            State::Dirty { done } => {
                format!(
                    "DIRTY: failed after {done} statements; finish it by hand, then `covet-migrate repair {}`",
                    s.id
                )
            }
        };
        text.push_str(&format!("{:<40} {state}\n", s.id));
    }
    if text.is_empty() {
        text.push_str("no migrations\n");
    }
    say(out, text.trim_end())
}

fn check(dir: &Path, models: &Snapshot, out: Out<'_>) -> Result<u8> {
    let changes = diff(&files::latest_snapshot(dir)?, models);
    if changes.is_empty() {
        say(out, "the migrations are up to date with the models")?;
        return Ok(SUCCESS);
    }
    let mut text = format!(
        "the models differ from the last migration's snapshot ({}):",
        count(changes.len(), "change")
    );
    for c in &changes {
        text.push_str(&format!("\n  - {c}"));
    }
    text.push_str("\nhelp: run `generate <name>` to write a migration for them");
    say(out, &text)?;
    Ok(DIFFERENT)
}

async fn drift(dir: &Path, models: Option<Snapshot>, db: &Database, out: Out<'_>) -> Result<u8> {
    let (expected, what) = match models {
        Some(m) => (m, "the models"),
        None => (
            files::latest_snapshot(dir)?,
            "the last migration's snapshot",
        ),
    };
    let runner = runner(db)?;
    let found = runner.introspect().await?;
    let differences = crate::drift::compare(&expected.stored_on(runner.backend()), &found.snapshot);
    if differences.is_empty() && found.unrecognised.is_empty() {
        say(
            out,
            &format!(
                "no drift: the database matches {what} ({} tables)",
                expected.tables.len()
            ),
        )?;
        return Ok(SUCCESS);
    }
    let mut text = format!(
        "the database differs from {what} ({}):",
        count(differences.len() + found.unrecognised.len(), "difference")
    );
    for d in &differences {
        text.push_str(&format!("\n  - {d}"));
    }
    for note in &found.unrecognised {
        text.push_str(&format!("\n  - {note}"));
    }
    say(out, &text)?;
    Ok(DIFFERENT)
}
