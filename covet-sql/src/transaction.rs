//! The statements that control transactions, per backend: `BEGIN` with its options, and
//! savepoints with generated names (`covet_sp_1`, ...: never a user string).

use crate::{Backend, SqlWriter};

/// Transaction isolation levels (ANSI names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Isolation {
    /// Dirty reads allowed (PostgreSQL gives read committed instead, as the standard permits).
    ReadUncommitted,
    /// Only committed data is read.
    ReadCommitted,
    /// Rows once read do not change.
    RepeatableRead,
    /// As if transactions ran one after another.
    Serializable,
}

impl Isolation {
    fn sql(self) -> &'static str {
        match self {
            Self::ReadUncommitted => "READ UNCOMMITTED",
            Self::ReadCommitted => "READ COMMITTED",
            Self::RepeatableRead => "REPEATABLE READ",
            Self::Serializable => "SERIALIZABLE",
        }
    }
}

/// How a SQLite transaction takes its locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SqliteMode {
    /// Locks when first needed (SQLite's default).
    #[default]
    Deferred,
    /// Takes the write lock at once: writers queue at `BEGIN` instead of failing later.
    Immediate,
    /// Takes an exclusive lock at once.
    Exclusive,
}

/// What a transaction asks of the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TxShape {
    /// Isolation level; `None` keeps the server's default.
    pub isolation: Option<Isolation>,
    /// Refuse writes.
    pub read_only: bool,
    /// SQLite's locking mode.
    pub sqlite_mode: SqliteMode,
}

/// Why a backend cannot start the transaction asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

/// The statements that start a transaction of `shape`, in order.
pub fn begin(backend: Backend, shape: TxShape) -> Result<Vec<String>, Unsupported> {
    let mut out = Vec::with_capacity(2);
    match backend {
        Backend::Postgres => {
            if shape.sqlite_mode != SqliteMode::Deferred {
                return Err(Unsupported("SQLite locking modes"));
            }
            let mut w = SqlWriter::new(backend);
            w.sql("BEGIN");
            if let Some(level) = shape.isolation {
                w.sql(" ISOLATION LEVEL ").sql(level.sql());
            }
            if shape.read_only {
                w.sql(" READ ONLY");
            }
            out.push(w.finish());
        }
        Backend::MySql => {
            if shape.sqlite_mode != SqliteMode::Deferred {
                return Err(Unsupported("SQLite locking modes"));
            }
            if let Some(level) = shape.isolation {
                // Applies to the next transaction only.
                let mut w = SqlWriter::new(backend);
                w.sql("SET TRANSACTION ISOLATION LEVEL ").sql(level.sql());
                out.push(w.finish());
            }
            let mut w = SqlWriter::new(backend);
            w.sql("START TRANSACTION");
            if shape.read_only {
                w.sql(" READ ONLY");
            }
            out.push(w.finish());
        }
        Backend::Sqlite => {
            if shape
                .isolation
                .is_some_and(|l| l != Isolation::Serializable)
            {
                return Err(Unsupported("isolation levels other than serializable"));
            }
            if shape.read_only {
                return Err(Unsupported("read-only transactions"));
            }
            let mut w = SqlWriter::new(backend);
            w.sql(match shape.sqlite_mode {
                SqliteMode::Deferred => "BEGIN DEFERRED",
                SqliteMode::Immediate => "BEGIN IMMEDIATE",
                SqliteMode::Exclusive => "BEGIN EXCLUSIVE",
            });
            out.push(w.finish());
        }
    }
    Ok(out)
}

fn savepoint_name(w: &mut SqlWriter, depth: u32) {
    // `covet_sp_` plus a number: generated, and a valid identifier on every backend.
    w.sql("covet_sp_").number(u64::from(depth));
}

/// `SAVEPOINT covet_sp_<depth>`.
pub fn savepoint(backend: Backend, depth: u32) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("SAVEPOINT ");
    savepoint_name(&mut w, depth);
    w.finish()
}

/// `RELEASE SAVEPOINT covet_sp_<depth>`.
pub fn release(backend: Backend, depth: u32) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("RELEASE SAVEPOINT ");
    savepoint_name(&mut w, depth);
    w.finish()
}

/// `ROLLBACK TO SAVEPOINT covet_sp_<depth>`.
pub fn rollback_to(backend: Backend, depth: u32) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("ROLLBACK TO SAVEPOINT ");
    savepoint_name(&mut w, depth);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn begin_side_by_side() {
        let shape = TxShape {
            isolation: Some(Isolation::Serializable),
            read_only: true,
            sqlite_mode: SqliteMode::Deferred,
        };
        assert_eq!(
            begin(Backend::Postgres, shape).unwrap(),
            ["BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"]
        );
        assert_eq!(
            begin(Backend::MySql, shape).unwrap(),
            [
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                "START TRANSACTION READ ONLY"
            ]
        );
        assert_eq!(
            begin(Backend::Sqlite, shape),
            Err(Unsupported("read-only transactions"))
        );
        let immediate = TxShape {
            sqlite_mode: SqliteMode::Immediate,
            ..TxShape::default()
        };
        assert_eq!(
            begin(Backend::Sqlite, immediate).unwrap(),
            ["BEGIN IMMEDIATE"]
        );
        assert!(begin(Backend::Postgres, immediate).is_err());
        assert_eq!(
            begin(Backend::MySql, TxShape::default()).unwrap(),
            ["START TRANSACTION"]
        );
    }

    #[test]
    fn savepoints_have_generated_names() {
        assert_eq!(savepoint(Backend::Postgres, 2), "SAVEPOINT covet_sp_2");
        assert_eq!(release(Backend::MySql, 1), "RELEASE SAVEPOINT covet_sp_1");
        assert_eq!(
            rollback_to(Backend::Sqlite, 3),
            "ROLLBACK TO SAVEPOINT covet_sp_3"
        );
    }
}
