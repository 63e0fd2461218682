//! SQLite: each migration inside `BEGIN IMMEDIATE` (the lock), foreign keys off around it and
//! checked before commit, triggers of rebuilt tables put back.

use super::conn::Conn;
use super::{Direction, Runner, applied_row, finish, history, keyword};
use crate::files::Migration;
use crate::{Error, Result};
use covet_sql::{Backend, SqlWriter, alter};
use std::time::{Duration, Instant};

const B: Backend = Backend::Sqlite;

/// Foreign keys off for the session (a no-op inside a transaction, so done first), and the
/// history and lock tables created under the write lock.
pub(super) async fn prepare(conn: &mut Conn) -> Result<()> {
    let mut w = SqlWriter::new(B);
    w.sql("PRAGMA foreign_keys = OFF");
    conn.exec(&w.finish()).await?;
    conn.exec(&keyword(B, "BEGIN IMMEDIATE")).await?;
    let result = history::create(conn, B).await.map_err(Error::from);
    finish(conn, B, true, result).await
}

/// Applies `m` unless another runner already has; `None` when it had.
pub(super) async fn apply_one(
    runner: &Runner,
    conn: &mut Conn,
    migrations: &[Migration],
    m: &Migration,
) -> Result<Option<Duration>> {
    let started = Instant::now();
    conn.exec(&keyword(B, "BEGIN IMMEDIATE")).await?;
    let result = async {
        history::mark_lock(conn, B).await?;
        let rows = history::read(conn, B).await?;
        runner.verify(&rows, migrations)?;
        if rows.iter().any(|r| r.id == m.id) {
            return Ok(None);
        }
        runner.started(m, Direction::Up);
        run_checked(runner, conn, &m.id, &m.up).await?;
        history::insert(conn, B, &applied_row(m, started.elapsed())).await?;
        Ok(Some(started.elapsed()))
    }
    .await;
    finish(conn, B, true, result).await
}

/// Reverts `m` in one transaction.
pub(super) async fn revert_one(runner: &Runner, conn: &mut Conn, m: &Migration) -> Result<()> {
    conn.exec(&keyword(B, "BEGIN IMMEDIATE")).await?;
    let result = async {
        history::mark_lock(conn, B).await?;
        run_checked(runner, conn, &m.id, &m.down).await?;
        history::delete(conn, B, &m.id).await?;
        Ok(())
    }
    .await;
    finish(conn, B, true, result).await
}

/// Runs `sql`, puts back the triggers its table rebuilds dropped, and checks foreign keys.
async fn run_checked(runner: &Runner, conn: &mut Conn, id: &str, sql: &str) -> Result<()> {
    let triggers = master(conn, "trigger").await?;
    runner.run_statements(conn, id, sql).await?;
    let remaining = master(conn, "trigger").await?;
    let tables: Vec<String> = master(conn, "table")
        .await?
        .into_iter()
        .map(|(name, _, _)| name)
        .collect();
    for (name, table, definition) in triggers {
        let gone = !remaining.iter().any(|(n, _, _)| *n == name);
        let rebuilt = sql.contains(&alter::rebuild_name(&table));
        if gone && rebuilt && tables.contains(&table) {
            // The trigger's own definition, as SQLite stored it before the rebuild dropped it.
            conn.exec(&definition)
                .await
                .map_err(|source| Error::Statement {
                    id: id.to_owned(),
                    statement: 0,
                    source,
                })?;
        }
    }
    let mut w = SqlWriter::new(B);
    w.sql("PRAGMA foreign_key_check");
    let rows = conn.count_rows(w.finish()).await?;
    if rows > 0 {
        return Err(Error::ForeignKeyCheck {
            id: id.to_owned(),
            rows,
        });
    }
    Ok(())
}

/// `name, tbl_name, sql` of every `sqlite_master` entry of type `kind`.
async fn master(conn: &mut Conn, kind: &'static str) -> Result<Vec<(String, String, String)>> {
    let mut w = SqlWriter::new(B);
    w.sql("SELECT name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE type = '")
        .sql(kind)
        .sql("'");
    let rows = conn.text_rows(w.finish(), &[]).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut r = r.into_iter().map(Option::unwrap_or_default);
            let mut next = || r.next().unwrap_or_default();
            (next(), next(), next())
        })
        .collect())
}
