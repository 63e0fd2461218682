//! Migration files: one directory per migration, readable and editable by hand.
//!
//! ```text
//! migrations/
//!   20261122083000_add_albums/
//!     snapshot.json          the models' schema after this migration
//!     postgresql.up.sql      postgresql.down.sql
//!     mysql.up.sql           mysql.down.sql
//!     sqlite.up.sql          sqlite.down.sql
//! ```
//!
//! Statements end with `;`. A line `-- covet: no-transaction` in an up file runs that
//! migration outside a transaction (for `CREATE INDEX CONCURRENTLY`). A migration's checksum is
//! the SHA-256 of its up file for the backend, with line endings normalised, so a checkout
//! that turns `\n` into `\r\n` is not an edit.

mod split;

pub use split::statements;

use crate::diff::{diff, refuse_destructive, refuse_unconvertible, reverse};
use crate::render::render;
use crate::snapshot::Snapshot;
use crate::{Error, Result};
use covet_sql::Backend;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The file name of the snapshot inside a migration directory.
pub const SNAPSHOT: &str = "snapshot.json";

/// The line that makes a migration run outside a transaction.
pub const NO_TRANSACTION: &str = "-- covet: no-transaction";

/// One migration for one backend, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The directory name: a number, `_`, a name (`20261122083000_add_albums`).
    pub id: String,
    /// The up SQL.
    pub up: String,
    /// The down SQL.
    pub down: String,
    /// Where the up SQL came from, for messages (a path, or the embedded name).
    pub source: PathBuf,
}

impl Migration {
    /// SHA-256 of the up SQL, hex, line endings normalised.
    pub fn checksum(&self) -> String {
        checksum(&self.up)
    }

    /// Whether the up file asks to run outside a transaction.
    pub fn no_transaction(&self) -> bool {
        self.up.lines().any(|l| l.trim() == NO_TRANSACTION)
    }
}

/// SHA-256 of `text` in hex, after turning `\r\n` and lone `\r` into `\n`.
pub fn checksum(text: &str) -> String {
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    Sha256::digest(normal.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a migration id: digits, `_`, then lower-case letters, digits and `_`.
pub fn check_id(id: &str) -> Result<()> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(Error::Layout {
            path: PathBuf::from(id),
            message: "a migration is named `<number>_<name>` with a lower-case name of letters, digits and `_` (e.g. 20261122083000_add_albums)".into(),
        })
    }
}

/// [`check_id`]'s rule, `const` so `embedded!` checks the ids it compiles in.
pub const fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 || i + 1 >= b.len() || b[i] != b'_' {
        return false;
    }
    i += 1;
    while i < b.len() {
        if !(b[i].is_ascii_lowercase() || b[i].is_ascii_digit() || b[i] == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// The migration directories under `dir`, sorted by id. A missing `dir` has none.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            let id = file_name(&path);
            check_id(&id).map_err(|_| Error::Layout {
                path: path.clone(),
                message: "not a migration directory name (`<number>_<name>`)".into(),
            })?;
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The schema after the last migration under `dir` (empty when there is none).
pub fn latest_snapshot(dir: &Path) -> Result<Snapshot> {
    match list(dir)?.last() {
        None => Ok(Snapshot {
            format: crate::snapshot::FORMAT,
            tables: Vec::new(),
        }),
        Some(last) => read_snapshot(&last.join(SNAPSHOT)),
    }
}

fn read_snapshot(path: &Path) -> Result<Snapshot> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    Snapshot::from_json(&text).map_err(|e| Error::Layout {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// The id of a new migration `name` generated at `now`: `<yyyymmddhhmmss>_<name>`, or the
/// last migration's number plus one when the clock is behind it, so ids keep their order.
pub fn next_id(dir: &Path, name: &str, now: chrono::DateTime<chrono::Utc>) -> Result<String> {
    let stamp: u64 = now
        .format("%Y%m%d%H%M%S")
        .to_string()
        .parse()
        .unwrap_or_default();
    let last = list(dir)?.last().and_then(|p| {
        file_name(p)
            .split_once('_')
            .and_then(|(n, _)| n.parse::<u64>().ok())
    });
    let number = last.map_or(stamp, |l| stamp.max(l + 1));
    let id = format!("{number}_{name}");
    check_id(&id)?;
    Ok(id)
}

/// Writes migration `id` under `dir` taking the last snapshot to `models`: up and down SQL for
/// every backend and the new snapshot. Returns `None` (writing nothing) when nothing changed;
/// destructive changes are refused unless `allow_destructive`.
pub fn generate(
    dir: &Path,
    id: &str,
    models: &Snapshot,
    allow_destructive: bool,
) -> Result<Option<PathBuf>> {
    check_id(id)?;
    models.validate()?;
    let old = latest_snapshot(dir)?;
    let changes = diff(&old, models);
    if changes.is_empty() {
        return Ok(None);
    }
    refuse_unconvertible(&changes)?;
    refuse_destructive(&changes, allow_destructive)?;
    let down = reverse(&old, models);
    let path = dir.join(id);
    if path.exists() {
        return Err(Error::Layout {
            path,
            message: "a migration with this id exists already".into(),
        });
    }
    std::fs::create_dir_all(&path).map_err(io(&path))?;
    for backend in Backend::ALL {
        let up_sql = render(backend, &changes, &old, models);
        let down_sql = render(backend, &down, models, &old);
        write(&path, id, backend, "up", &up_sql)?;
        write(&path, id, backend, "down", &down_sql)?;
    }
    let snap = path.join(SNAPSHOT);
    std::fs::write(&snap, models.to_json()).map_err(io(&snap))?;
    Ok(Some(path))
}

/// The text of one SQL file: a header, then each statement ending with `;`.
pub fn sql_file(id: &str, backend: Backend, direction: &str, statements: &[String]) -> String {
    let mut text = format!(
        "-- covet-migrate {id}: {direction} ({backend})\n-- Generated from the models; edit freely before it is applied.\n"
    );
    for s in statements {
        text.push_str(s);
        text.push_str(";\n");
    }
    text
}

fn write(
    dir: &Path,
    id: &str,
    backend: Backend,
    direction: &str,
    statements: &[String],
) -> Result<()> {
    let path = dir.join(format!("{}.{direction}.sql", backend.name()));
    std::fs::write(&path, sql_file(id, backend, direction, statements)).map_err(io(&path))
}

/// Every migration under `dir` for `backend`, in order.
pub fn load(dir: &Path, backend: Backend) -> Result<Vec<Migration>> {
    list(dir)?
        .into_iter()
        .map(|path| {
            let up_path = path.join(format!("{}.up.sql", backend.name()));
            let down_path = path.join(format!("{}.down.sql", backend.name()));
            Ok(Migration {
                id: file_name(&path),
                up: std::fs::read_to_string(&up_path).map_err(io(&up_path))?,
                down: std::fs::read_to_string(&down_path).map_err(io(&down_path))?,
                source: up_path,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
