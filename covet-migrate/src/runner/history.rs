//! The history table and the lock table, and every statement the runner sends about them,
//! written by [`SqlWriter`] from these definitions.

use super::conn::{Arg, Conn, DbResult, Row};
use covet_sql::schema::{ColumnDef, SqlType, TableSchema};
use covet_sql::{Backend, SqlWriter, ddl};

/// The history table's name.
pub const HISTORY_TABLE: &str = "_covet_migrations";

const fn col(name: &'static str, ty: SqlType) -> ColumnDef {
    ColumnDef::new(name, ty)
}

/// One row per applied migration: its checksum, when and how long, and (MariaDB) progress.
const HISTORY: TableSchema = TableSchema {
    name: HISTORY_TABLE,
    model: "History",
    columns: &[
        ColumnDef {
            max_length: Some(191),
            ..col("id", SqlType::Text)
        },
        ColumnDef {
            max_length: Some(64),
            ..col("checksum", SqlType::Text)
        },
        col("applied_at_ms", SqlType::BigInt),
        col("duration_ms", SqlType::BigInt),
        col("dirty", SqlType::Bool),
        col("statements_done", SqlType::BigInt),
    ],
    primary_key: &["id"],
    indexes: &[],
    foreign_keys: &[],
    checks: &[],
    renamed_from: None,
};

/// SQLite's lock table's name.
pub(crate) const LOCK_TABLE: &str = "_covet_migrations_lock";

/// SQLite's lock: runners take `BEGIN IMMEDIATE` and write their mark in this table.
const LOCK: TableSchema = TableSchema {
    name: LOCK_TABLE,
    model: "Lock",
    columns: &[col("id", SqlType::Int), col("holder", SqlType::BigInt)],
    primary_key: &["id"],
    indexes: &[],
    foreign_keys: &[],
    checks: &[],
    renamed_from: None,
};

const NAMES: [&str; 6] = [
    "id",
    "checksum",
    "applied_at_ms",
    "duration_ms",
    "dirty",
    "statements_done",
];

pub(crate) async fn create(conn: &mut Conn, backend: Backend) -> DbResult<()> {
    for sql in ddl::create_table(backend, &HISTORY, true) {
        conn.exec(&sql).await?;
    }
    if backend == Backend::Sqlite {
        for sql in ddl::create_table(backend, &LOCK, true) {
            conn.exec(&sql).await?;
        }
    }
    Ok(())
}

pub(crate) async fn read(conn: &mut Conn, backend: Backend) -> DbResult<Vec<Row>> {
    let mut w = SqlWriter::new(backend);
    w.sql("SELECT ");
    w.list(NAMES, ", ", |w, n| {
        w.ident(n);
    });
    w.sql(" FROM ")
        .ident(HISTORY_TABLE)
        .sql(" ORDER BY ")
        .ident("id");
    conn.history(w.finish()).await
}

/// Inserts the row of a migration about to run or just run.
pub(crate) async fn insert(conn: &mut Conn, backend: Backend, row: &Row) -> DbResult<()> {
    let mut w = SqlWriter::new(backend);
    w.sql("INSERT INTO ").ident(HISTORY_TABLE).sql(" (");
    w.list(NAMES, ", ", |w, n| {
        w.ident(n);
    });
    w.sql(") VALUES (");
    w.list(NAMES, ", ", |w, _| {
        w.param();
    });
    w.sql(")");
    let args = [
        Arg::Text(row.id.clone()),
        Arg::Text(row.checksum.clone()),
        Arg::Int(row.applied_at_ms),
        Arg::Int(row.duration_ms),
        Arg::Bool(row.dirty),
        Arg::Int(row.statements_done),
    ];
    conn.exec_with(w.finish(), &args).await.map(drop)
}

/// Records MariaDB progress: `statements_done`, and whether the migration is still dirty.
pub(crate) async fn progress(
    conn: &mut Conn,
    backend: Backend,
    id: &str,
    done: i64,
    dirty: bool,
    duration_ms: i64,
) -> DbResult<()> {
    let mut w = SqlWriter::new(backend);
    w.sql("UPDATE ").ident(HISTORY_TABLE).sql(" SET ");
    w.ident("statements_done").sql(" = ").param().sql(", ");
    w.ident("dirty").sql(" = ").param().sql(", ");
    w.ident("duration_ms").sql(" = ").param();
    w.sql(" WHERE ").ident("id").sql(" = ").param();
    let args = [
        Arg::Int(done),
        Arg::Bool(dirty),
        Arg::Int(duration_ms),
        Arg::Text(id.to_owned()),
    ];
    conn.exec_with(w.finish(), &args).await.map(drop)
}

pub(crate) async fn delete(conn: &mut Conn, backend: Backend, id: &str) -> DbResult<u64> {
    let mut w = SqlWriter::new(backend);
    w.sql("DELETE FROM ")
        .ident(HISTORY_TABLE)
        .sql(" WHERE ")
        .ident("id")
        .sql(" = ")
        .param();
    conn.exec_with(w.finish(), &[Arg::Text(id.to_owned())])
        .await
}

/// SQLite: marks the lock row with this runner's process id (inside `BEGIN IMMEDIATE`).
pub(crate) async fn mark_lock(conn: &mut Conn, backend: Backend) -> DbResult<()> {
    let mut w = SqlWriter::new(backend);
    w.sql("DELETE FROM ").ident(LOCK.name);
    conn.exec_with(w.finish(), &[]).await?;
    let mut w = SqlWriter::new(backend);
    w.sql("INSERT INTO ")
        .ident(LOCK.name)
        .sql(" (")
        .ident("id")
        .sql(", ")
        .ident("holder");
    w.sql(") VALUES (").param().sql(", ").param().sql(")");
    let args = [Arg::Int(1), Arg::Int(i64::from(std::process::id()))];
    conn.exec_with(w.finish(), &args).await.map(drop)
}
