//! Each [`Change`] as SQL for one backend, through covet-sql's dialects.
//!
//! What a backend cannot do in place (SQLite cannot alter a column or add or drop a
//! constraint, as its dialect says) becomes one table rebuild per table, placed where the
//! first such change of that table was: the table is recreated in its final shape, rows copied
//! across (following column renames), the old table dropped and the new one renamed.

use crate::diff::Change;
use crate::snapshot::{Snapshot, Table};
use covet_sql::{AlterColumn, Backend, ConstraintKind, alter, ddl};

/// The statements that apply `changes`, which turn `from` into `to`, on `backend`.
///
/// For the down migration, pass [`crate::diff::reverse`] and swap the snapshots.
pub fn render(backend: Backend, changes: &[Change], from: &Snapshot, to: &Snapshot) -> Vec<String> {
    let rebuilt: Vec<&str> = changes
        .iter()
        .filter(|c| needs_rebuild(backend, c))
        .map(Change::table)
        .collect();
    let ctx = Context {
        backend,
        changes,
        from,
        to,
    };
    let mut done: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for change in changes {
        let table = change.table();
        let whole_table = matches!(
            change,
            Change::CreateTable(_) | Change::DropTable(_) | Change::RenameTable { .. }
        );
        if !whole_table && rebuilt.contains(&table) {
            if !done.contains(&table) {
                done.push(table);
                out.extend(ctx.rebuild(table));
            }
            continue;
        }
        out.extend(ctx.change(change));
    }
    out
}

/// Whether `change` needs SQLite's table rebuild on `backend`.
fn needs_rebuild(backend: Backend, change: &Change) -> bool {
    let dialect = backend.dialect();
    let in_place_columns = dialect.alter_column() != AlterColumn::Rebuild;
    let constraints = dialect.alter_constraints();
    match change {
        Change::AlterColumn { .. } | Change::DropColumn { .. } => !in_place_columns,
        // SQLite adds only a nullable column without a default in place: a NOT NULL column
        // needs a default, and a non-constant default is refused.
        Change::AddColumn { column, .. } => {
            let in_place = column.nullable && column.default.is_none();
            !(in_place_columns || in_place)
        }
        Change::SetPrimaryKey { .. }
        | Change::AddForeignKey { .. }
        | Change::DropForeignKey { .. }
        | Change::AddCheck { .. }
        | Change::DropCheck { .. } => !constraints,
        Change::AddIndex { index, .. } | Change::DropIndex { index, .. } => {
            index.unique && !constraints
        }
        _ => false,
    }
}

struct Context<'a> {
    backend: Backend,
    changes: &'a [Change],
    from: &'a Snapshot,
    to: &'a Snapshot,
}

impl Context<'_> {
    /// `table`'s definition after the migration, named `table` (its name at this point).
    fn target(&self, table: &str) -> Option<Table> {
        let final_name = self
            .changes
            .iter()
            .find_map(|c| match c {
                Change::RenameTable { from, to } if from == table => Some(to.as_str()),
                _ => None,
            })
            .unwrap_or(table);
        let mut t = self.to.table(final_name)?.clone();
        t.name = table.to_owned();
        Some(t)
    }

    /// `table`'s definition before the migration.
    fn source(&self, table: &str) -> Option<&Table> {
        let first_name = self
            .changes
            .iter()
            .find_map(|c| match c {
                Change::RenameTable { from, to } if to == table => Some(from.as_str()),
                _ => None,
            })
            .unwrap_or(table);
        self.from.table(first_name)
    }

    fn rebuild(&self, table: &str) -> Vec<String> {
        let (Some(target), Some(source)) = (self.target(table), self.source(table)) else {
            return Vec::new();
        };
        let columns: Vec<(&str, &str)> = target
            .columns
            .iter()
            .filter_map(|c| {
                let renamed = self.changes.iter().find_map(|ch| match ch {
                    Change::RenameColumn {
                        table: t, from, to, ..
                    } if t == table && *to == c.name => Some(from.as_str()),
                    _ => None,
                });
                let old = renamed.unwrap_or(&c.name);
                source
                    .column(old)
                    .map(|o| (c.name.as_str(), o.name.as_str()))
            })
            .collect();
        alter::rebuild_table(self.backend, &target.spec(), table, &columns)
    }

    /// Before index `index` of `table` is dropped, on a backend that indexes foreign keys:
    /// for each foreign key that stays and that only this index covers, the index the backend
    /// would have made for it (named after it), so the drop is allowed and the key keeps an
    /// index.
    fn foreign_key_indexes(&self, table: &str, index: &str) -> Vec<String> {
        let (Some(source), Some(target)) = (self.source(table), self.target(table)) else {
            return Vec::new();
        };
        if !self.backend.dialect().indexes_foreign_keys() {
            return Vec::new();
        }
        let spec = target.spec();
        source
            .foreign_keys
            .iter()
            .filter(|fk| target.foreign_keys.iter().any(|t| t.name == fk.name))
            .filter(|fk| {
                covered(source, &fk.columns, None) && !covered(source, &fk.columns, Some(index))
            })
            .map(|fk| {
                let own = crate::snapshot::Index {
                    name: fk.name.clone(),
                    columns: fk.columns.clone(),
                    unique: false,
                };
                ddl::create_index_spec(self.backend, &spec, &own.spec(), false)
            })
            .collect()
    }

    fn keyed(&self, table: &str, column: &str) -> bool {
        self.target(table)
            .is_some_and(|t| t.spec().is_keyed(column))
    }

    fn change(&self, change: &Change) -> Vec<String> {
        let b = self.backend;
        match change {
            // SQLite cannot add a foreign key later but accepts one to a table that does not
            // exist yet: the foreign keys a cycle split off (diff::order) go back inline, and
            // their AddForeignKey meets a table with no source to rebuild, so adds nothing.
            Change::CreateTable(t) if !b.dialect().alter_constraints() => {
                let full = self.target(&t.name).unwrap_or_else(|| t.clone());
                ddl::create_table_spec(b, &full.spec(), false)
            }
            Change::CreateTable(t) => ddl::create_table_spec(b, &t.spec(), false),
            Change::DropTable(t) => vec![ddl::drop_table(b, &t.name, false)],
            Change::RenameTable { from, to } => {
                let has_key = self
                    .from
                    .table(from)
                    .or_else(|| self.to.table(from))
                    .is_none_or(|t| !t.primary_key.is_empty());
                alter::rename_table(b, from, to, has_key)
            }
            Change::AddColumn { table, column } => vec![alter::add_column(
                b,
                table,
                &column.spec(),
                self.keyed(table, &column.name),
            )],
            Change::DropColumn { table, column } => {
                vec![alter::drop_column(b, table, &column.name)]
            }
            Change::RenameColumn { table, from, to } => {
                vec![alter::rename_column(b, table, from, to)]
            }
            Change::AlterColumn { table, from, to } => alter::alter_column(
                b,
                table,
                &from.spec(),
                &to.spec(),
                self.keyed(table, &to.name),
            )
            .unwrap_or_default(),
            Change::SetPrimaryKey { table, from, to } => {
                let to: Vec<&str> = to.iter().map(String::as_str).collect();
                alter::set_primary_key(b, table, !from.is_empty(), &to)
                    .into_iter()
                    .collect()
            }
            Change::AddIndex { table, index } if index.unique => {
                alter::add_unique(b, table, &index.spec())
                    .into_iter()
                    .collect()
            }
            Change::AddIndex { table, index } => {
                let spec = self.target(table).map(|t| {
                    let t = t.spec();
                    ddl::create_index_spec(b, &t, &index.spec(), false)
                });
                spec.into_iter().collect()
            }
            Change::DropIndex { table, index } => {
                let mut out = self.foreign_key_indexes(table, &index.name);
                if index.unique {
                    out.extend(alter::drop_constraint(
                        b,
                        table,
                        ConstraintKind::Unique,
                        &index.name,
                    ));
                } else {
                    out.push(alter::drop_index(b, table, &index.name));
                }
                out
            }
            Change::AddForeignKey { table, foreign_key } => {
                alter::add_foreign_key(b, table, &foreign_key.spec())
                    .into_iter()
                    .collect()
            }
            Change::DropForeignKey { table, foreign_key } => {
                let mut out: Vec<String> =
                    alter::drop_constraint(b, table, ConstraintKind::ForeignKey, &foreign_key.name)
                        .into_iter()
                        .collect();
                let indexed = b.dialect().indexes_foreign_keys();
                if indexed
                    && self
                        .source(table)
                        .is_some_and(|t| !covered(t, &foreign_key.columns, None))
                {
                    // The index the backend made for it stays behind otherwise.
                    out.push(alter::drop_index(b, table, &foreign_key.name));
                }
                out
            }
            Change::AddCheck { table, check } => alter::add_check(b, table, &check.spec())
                .into_iter()
                .collect(),
            Change::DropCheck { table, check } => {
                alter::drop_constraint(b, table, ConstraintKind::Check, &check.name)
                    .into_iter()
                    .collect()
            }
        }
    }
}

/// Whether an index of `t` (but `except`), or its primary key, starts with `columns`: then
/// it serves a foreign key over them.
fn covered(t: &Table, columns: &[String], except: Option<&str>) -> bool {
    let starts = |cols: &[String]| cols.len() >= columns.len() && cols[..columns.len()] == *columns;
    starts(&t.primary_key)
        || t.indexes
            .iter()
            .any(|i| Some(i.name.as_str()) != except && starts(&i.columns))
}

#[cfg(test)]
mod tests;
