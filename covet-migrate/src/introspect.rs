//! Introspection: the live schema read back as a [`Snapshot`], for `drift` and for the tests
//! that prove a migration leaves the database as the models describe it.
//!
//! Each backend reports through its own catalogs (PostgreSQL's `pg_catalog` and
//! `information_schema`, MariaDB's `information_schema`, SQLite's `sqlite_master` and
//! pragmas). A backend stores less than the models say where its types are coarser (SQLite
//! has one integer type; MariaDB one datetime), so a snapshot is compared with the database
//! through [`Snapshot::stored_on`], the models as that backend can keep them. Column order is
//! not compared: no statement covet writes depends on it, and `ADD COLUMN` appends.

mod lex;
mod mysql;
mod postgres;
mod sqlite;
mod stored;

use crate::Result;
use crate::runner::conn::{Arg, Cells, Conn};
use crate::snapshot::{Action, Check, ColumnType, ForeignKey, Index, Snapshot, Table};
use covet_sql::{Backend, SqlWriter};
use std::collections::BTreeMap;

/// What introspection found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introspected {
    /// The schema, in the models' terms.
    pub snapshot: Snapshot,
    /// Objects covet cannot express (a check written by hand, say), described.
    pub unrecognised: Vec<String>,
}

/// Reads the schema of the connection's database (PostgreSQL: its current schema), leaving
/// out covet-migrate's own tables.
pub(crate) async fn read(conn: &mut Conn, backend: Backend) -> Result<Introspected> {
    let mut found = Found::default();
    match backend {
        Backend::Postgres => postgres::read(conn, &mut found).await?,
        Backend::MySql => mysql::read(conn, &mut found).await?,
        Backend::Sqlite => sqlite::read(conn, &mut found).await?,
    }
    Ok(found.finish())
}

/// Tables as they are discovered, by name.
#[derive(Default)]
struct Found {
    tables: BTreeMap<String, Table>,
    unrecognised: Vec<String>,
}

impl Found {
    /// Starts table `name`, unless it is one of covet-migrate's own.
    fn table(&mut self, name: &str) {
        if !crate::runner::is_own_table(name) {
            self.tables
                .entry(name.to_owned())
                .or_insert_with(|| Table::new(name, Vec::new()));
        }
    }

    /// The table `name`, if it was started.
    fn get(&mut self, name: &str) -> Option<&mut Table> {
        self.tables.get_mut(name)
    }

    /// Notes a column of a type covet does not write; it reads as text.
    fn unknown_type(&mut self, table: &str, column: &str, declared: &str) -> ColumnType {
        self.unrecognised.push(format!(
            "column {table}.{column} has type {declared}, which covet does not write"
        ));
        ColumnType::Text
    }

    /// Adds the check `name` of `table` from its clause, or notes it when it is not one
    /// covet writes.
    fn check(&mut self, table: &str, name: &str, clause: &[lex::Tok]) {
        let Some(t) = self.tables.get_mut(table) else {
            return;
        };
        match lex::check_rule(clause) {
            Some(rule) => t.checks.push(Check {
                name: name.to_owned(),
                rule,
            }),
            None => self.unrecognised.push(format!(
                "check {name} on {table} is not a range or length check"
            )),
        }
    }

    /// Adds the foreign keys of catalog rows `(table, constraint, column, referenced table,
    /// referenced column, on delete, on update)`, one row per column pair, with the catalog's
    /// spelling of actions read by `action`.
    fn foreign_keys(&mut self, rows: &[Cells], action: fn(&str) -> Action) {
        for row in rows {
            let Some(t) = self.get(text(row, 0)) else {
                continue;
            };
            let fk = FkColumn {
                name: text(row, 1),
                column: text(row, 2),
                ref_table: text(row, 3),
                ref_column: text(row, 4),
                on_delete: action(text(row, 5)),
                on_update: action(text(row, 6)),
            };
            fk_column(t, fk);
        }
    }

    fn finish(self) -> Introspected {
        let tables = self
            .tables
            .into_values()
            .map(|mut t| {
                t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
                t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
                t.checks.sort_by(|a, b| a.name.cmp(&b.name));
                t
            })
            .collect();
        Introspected {
            snapshot: Snapshot {
                format: crate::snapshot::FORMAT,
                tables,
            },
            unrecognised: self.unrecognised,
        }
    }
}

/// Runs a catalog query the writer holds only fixed text for.
async fn query(
    conn: &mut Conn,
    backend: Backend,
    sql: &'static str,
    args: &[Arg],
) -> Result<Vec<Cells>> {
    let mut w = SqlWriter::new(backend);
    w.sql(sql);
    Ok(conn.text_rows(w.finish(), args).await?)
}

/// Cell `i` of a row, empty when NULL.
fn text(row: &Cells, i: usize) -> &str {
    row.get(i).and_then(Option::as_deref).unwrap_or("")
}

/// Cell `i` as a number.
fn int(row: &Cells, i: usize) -> Option<u64> {
    row.get(i)
        .and_then(Option::as_deref)
        .and_then(|s| s.parse().ok())
}

/// Adds `column` to index `name` of `t` (catalogs list an index once per column, in order).
fn index_column(t: &mut Table, name: &str, column: String, unique: bool) {
    match t.indexes.iter_mut().find(|i| i.name == name) {
        Some(i) => i.columns.push(column),
        None => t.indexes.push(Index {
            name: name.to_owned(),
            columns: vec![column],
            unique,
        }),
    }
}

/// One column pair of a foreign key, as the catalogs list them.
struct FkColumn<'a> {
    name: &'a str,
    column: &'a str,
    ref_table: &'a str,
    ref_column: &'a str,
    on_delete: Action,
    on_update: Action,
}

/// Adds a column pair to foreign key `fk.name` of `t`.
fn fk_column(t: &mut Table, fk: FkColumn<'_>) {
    match t.foreign_keys.iter_mut().find(|f| f.name == fk.name) {
        Some(f) => {
            f.columns.push(fk.column.to_owned());
            f.ref_columns.push(fk.ref_column.to_owned());
        }
        None => t.foreign_keys.push(ForeignKey {
            name: fk.name.to_owned(),
            columns: vec![fk.column.to_owned()],
            ref_table: fk.ref_table.to_owned(),
            ref_columns: vec![fk.ref_column.to_owned()],
            on_delete: fk.on_delete,
            on_update: fk.on_update,
        }),
    }
}

/// A foreign-key action as MariaDB's `information_schema` and SQLite's pragma spell it.
fn action(rule: &str) -> Action {
    match rule {
        "RESTRICT" => Action::Restrict,
        "CASCADE" => Action::Cascade,
        "SET NULL" => Action::SetNull,
        "SET DEFAULT" => Action::SetDefault,
        _ => Action::NoAction,
    }
}
