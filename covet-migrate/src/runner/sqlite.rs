//! SQLite: each migration inside `BEGIN IMMEDIATE` (the lock), foreign keys off around it and
//! checked before commit, triggers of rebuilt tables put back.

use super::conn::Conn;
use super::{Runner, applied_row, finish, history, keyword, run_statements};
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
        run_checked(conn, &m.id, &m.up).await?;
        history::insert(conn, B, &applied_row(m, started.elapsed())).await?;
        Ok(Some(started.elapsed()))
    }
    .await;
    finish(conn, B, true, result).await
}

/// Reverts `m` in one transaction.
pub(super) async fn revert_one(_runner: &Runner, conn: &mut Conn, m: &Migration) -> Result<()> {
    conn.exec(&keyword(B, "BEGIN IMMEDIATE")).await?;
    let result = async {
        history::mark_lock(conn, B).await?;
        run_checked(conn, &m.id, &m.down).await?;
        history::delete(conn, B, &m.id).await?;
        Ok(())
    }
    .await;
    finish(conn, B, true, result).await
}

/// Runs `sql`, puts back the triggers its table rebuilds dropped, and checks foreign keys.
async fn run_checked(conn: &mut Conn, id: &str, sql: &str) -> Result<()> {
    let triggers = conn.text_triples(schema_query("trigger")).await?;
    run_statements(conn, id, sql).await?;
    let remaining = conn.text_triples(schema_query("trigger")).await?;
    let tables: Vec<String> = conn
        .text_triples(schema_query("table"))
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

/// `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = '<kind>'`.
fn schema_query(kind: &'static str) -> String {
    let mut w = SqlWriter::new(B);
    w.sql("SELECT name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE type = '")
        .sql(kind)
        .sql("'");
    w.finish()
}
