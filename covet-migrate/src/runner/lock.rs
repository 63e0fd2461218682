//! The session lock that makes concurrent runners apply each migration exactly once.
//!
//! - PostgreSQL: `pg_try_advisory_lock` polled on the runner's connection with backoff until a
//!   timeout, keyed by database and schema so that runners of other schemas do not wait.
//! - MariaDB/MySQL: `GET_LOCK` with a name salted by the database.
//! - SQLite: no session lock; each migration runs in `BEGIN IMMEDIATE`, which admits one
//!   writer at a time, and re-reads the history inside it.

use super::conn::{Arg, Conn};
use crate::{Error, Result};
use covet_sql::{Backend, SqlWriter};
use std::time::{Duration, Instant};

/// A held session lock.
pub(crate) enum Held {
    Advisory(i64),
    Named(String),
    None,
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

pub(crate) async fn acquire(conn: &mut Conn, backend: Backend, timeout: Duration) -> Result<Held> {
    match backend {
        Backend::Postgres => {
            let mut w = SqlWriter::new(backend);
            w.sql("SELECT current_database() || '.' || current_schema()");
            let scope = conn.texts(w.finish(), &[]).await?.concat();
            let key = fnv(&format!("covet-migrate:{scope}")) as i64;
            let started = Instant::now();
            let mut wait = Duration::from_millis(5);
            loop {
                let mut w = SqlWriter::new(backend);
                w.sql("SELECT CAST(CASE WHEN pg_try_advisory_lock(")
                    .param()
                    .sql(") THEN 1 ELSE 0 END AS BIGINT)");
                if conn.scalar_i64(w.finish(), &[Arg::Int(key)]).await? == Some(1) {
                    return Ok(Held::Advisory(key));
                }
                if started.elapsed() >= timeout {
                    return Err(Error::LockTimeout(timeout));
                }
                tokio::time::sleep(wait.min(timeout.saturating_sub(started.elapsed()))).await;
                wait = (wait * 2).min(Duration::from_millis(250));
            }
        }
        Backend::MySql => {
            let mut w = SqlWriter::new(backend);
            w.sql("SELECT COALESCE(DATABASE(), '')");
            let db = conn.texts(w.finish(), &[]).await?.concat();
            // A lock name is at most 64 characters; the hash keeps any database name within it.
            let name = format!("covet_migrate_{:016x}", fnv(&db));
            let mut w = SqlWriter::new(backend);
            w.sql("SELECT GET_LOCK(").param().sql(", ").param().sql(")");
            let secs = i64::try_from(timeout.as_secs().max(1)).unwrap_or(i64::MAX);
            let got = conn
                .scalar_i64(w.finish(), &[Arg::Text(name.clone()), Arg::Int(secs)])
                .await?;
            if got == Some(1) {
                Ok(Held::Named(name))
            } else {
                Err(Error::LockTimeout(timeout))
            }
        }
        Backend::Sqlite => Ok(Held::None),
    }
}

pub(crate) async fn release(conn: &mut Conn, backend: Backend, held: Held) -> Result<()> {
    let mut w = SqlWriter::new(backend);
    let arg = match held {
        Held::Advisory(key) => {
            w.sql("SELECT pg_advisory_unlock(").param().sql(")");
            Arg::Int(key)
        }
        Held::Named(name) => {
            w.sql("SELECT RELEASE_LOCK(").param().sql(")");
            Arg::Text(name)
        }
        Held::None => return Ok(()),
    };
    conn.exec_with(w.finish(), &[arg]).await?;
    Ok(())
}
