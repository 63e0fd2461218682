//! The `ALTER` statements covet-migrate renders its changes with, through the dialects.
//!
//! Where a backend cannot do a change in place (SQLite cannot alter a column or add a
//! constraint), the function returns `None` and covet-migrate rebuilds the table instead: the
//! capabilities are read from the [`crate::Dialect`], never guessed here.

use crate::ddl::{self, CheckSpec, ColumnSpec, ForeignKeySpec, IndexSpec, TableSpec};
use crate::{AlterColumn, Backend, ConstraintKind, SqlWriter};

fn alter_table(backend: Backend, table: &str) -> SqlWriter {
    let mut w = SqlWriter::new(backend);
    w.sql("ALTER TABLE ").ident(table);
    w
}

/// `ALTER TABLE from RENAME TO to`, and on PostgreSQL the primary key's constraint renamed
/// with it, so that it keeps the name PostgreSQL would give it.
pub fn rename_table(backend: Backend, from: &str, to: &str, has_key: bool) -> Vec<String> {
    let mut w = alter_table(backend, from);
    w.sql(" RENAME TO ").ident(to);
    let mut out = vec![w.finish()];
    if has_key && backend.dialect().named_primary_key() {
        let mut w = alter_table(backend, to);
        w.sql(" RENAME CONSTRAINT ")
            .ident(&primary_key_name(from))
            .sql(" TO ")
            .ident(&primary_key_name(to));
        out.push(w.finish());
    }
    out
}

/// The name PostgreSQL gives a table's primary-key constraint: `{table}_pkey`, the table's
/// name cut so the whole fits in 63 bytes.
pub fn primary_key_name(table: &str) -> String {
    let keep = table.len().min(crate::ident::MAX_IDENT_LEN - 5);
    format!("{}_pkey", &table[..keep])
}

/// `ALTER TABLE t ADD COLUMN <definition>`.
pub fn add_column(backend: Backend, table: &str, col: &ColumnSpec<'_>, keyed: bool) -> String {
    let mut w = alter_table(backend, table);
    w.sql(" ADD COLUMN ");
    ddl::column(&mut w, col, keyed);
    w.finish()
}

/// `ALTER TABLE t DROP COLUMN c`.
pub fn drop_column(backend: Backend, table: &str, column: &str) -> String {
    let mut w = alter_table(backend, table);
    w.sql(" DROP COLUMN ").ident(column);
    w.finish()
}

/// `ALTER TABLE t RENAME COLUMN from TO to`.
pub fn rename_column(backend: Backend, table: &str, from: &str, to: &str) -> String {
    let mut w = alter_table(backend, table);
    w.sql(" RENAME COLUMN ").ident(from).sql(" TO ").ident(to);
    w.finish()
}

/// The statements that turn column `old` into `new` (same name) in place, or `None` when the
/// backend must rebuild the table.
pub fn alter_column(
    backend: Backend,
    table: &str,
    old: &ColumnSpec<'_>,
    new: &ColumnSpec<'_>,
    keyed: bool,
) -> Option<Vec<String>> {
    match backend.dialect().alter_column() {
        AlterColumn::Rebuild => None,
        AlterColumn::Modify => {
            let mut w = alter_table(backend, table);
            w.sql(" MODIFY COLUMN ");
            ddl::column(&mut w, new, keyed);
            Some(vec![w.finish()])
        }
        AlterColumn::Separate => Some(alter_separately(backend, table, old, new, keyed)),
    }
}

fn alter_separately(
    backend: Backend,
    table: &str,
    old: &ColumnSpec<'_>,
    new: &ColumnSpec<'_>,
    keyed: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let clause = |f: &mut dyn FnMut(&mut SqlWriter)| {
        let mut w = alter_table(backend, table);
        w.sql(" ALTER COLUMN ").ident(new.name);
        f(&mut w);
        w.finish()
    };
    if old.default.is_some() && old.default != new.default {
        out.push(clause(&mut |w| {
            w.sql(" DROP DEFAULT");
        }));
    }
    if old.auto_increment && !new.auto_increment {
        out.push(clause(&mut |w| {
            w.sql(" DROP IDENTITY IF EXISTS");
        }));
    }
    if (old.ty, old.max_length, old.precision) != (new.ty, new.max_length, new.precision) {
        out.push(clause(&mut |w| {
            w.sql(" TYPE ");
            ddl::column_type(w, new, keyed);
            w.sql(" USING ").ident(new.name).sql("::");
            ddl::column_type(w, new, keyed);
        }));
    }
    if old.nullable != new.nullable {
        out.push(clause(&mut |w| {
            w.sql(if new.nullable {
                " DROP NOT NULL"
            } else {
                " SET NOT NULL"
            });
        }));
    }
    if let Some(default) = new.default.filter(|_| old.default != new.default) {
        out.push(clause(&mut |w| {
            w.sql(" SET DEFAULT ").default_expr(default);
        }));
    }
    if new.auto_increment && !old.auto_increment {
        out.push(clause(&mut |w| {
            w.sql(" ADD");
            w.with_dialect(|d, out| {
                d.auto_increment(out);
            });
        }));
    }
    out
}

/// `ALTER TABLE t ADD CONSTRAINT name UNIQUE (cols)`, or `None` on a backend that rebuilds.
pub fn add_unique(backend: Backend, table: &str, index: &IndexSpec<'_>) -> Option<String> {
    if !backend.dialect().alter_constraints() {
        return None;
    }
    let mut w = alter_table(backend, table);
    w.sql(" ADD ");
    ddl::unique_constraint(&mut w, index);
    Some(w.finish())
}

/// `ALTER TABLE t ADD CONSTRAINT name CHECK (...)`, or `None` on a backend that rebuilds.
pub fn add_check(backend: Backend, table: &str, check: &CheckSpec<'_>) -> Option<String> {
    if !backend.dialect().alter_constraints() {
        return None;
    }
    let mut w = alter_table(backend, table);
    w.sql(" ADD ");
    ddl::check_constraint(&mut w, check);
    Some(w.finish())
}

/// Drops a unique constraint, foreign key or check, or `None` on a backend that rebuilds.
pub fn drop_constraint(
    backend: Backend,
    table: &str,
    kind: ConstraintKind,
    name: &str,
) -> Option<String> {
    let dialect = backend.dialect();
    if !dialect.alter_constraints() {
        return None;
    }
    let mut w = alter_table(backend, table);
    w.sql(dialect.drop_constraint(kind)).ident(name);
    Some(w.finish())
}

/// `ALTER TABLE t ADD CONSTRAINT name FOREIGN KEY ...`, or `None` on a backend that rebuilds.
pub fn add_foreign_key(backend: Backend, table: &str, fk: &ForeignKeySpec<'_>) -> Option<String> {
    if !backend.dialect().alter_constraints() {
        return None;
    }
    let mut w = alter_table(backend, table);
    w.sql(" ADD ");
    ddl::foreign_key(&mut w, fk);
    Some(w.finish())
}

/// Replaces the primary key of `table` with `columns` (`had_key`: whether it had one), or
/// `None` on a backend that rebuilds.
pub fn set_primary_key(
    backend: Backend,
    table: &str,
    had_key: bool,
    columns: &[&str],
) -> Option<String> {
    let dialect = backend.dialect();
    if !dialect.alter_constraints() {
        return None;
    }
    let mut w = alter_table(backend, table);
    let mut first = true;
    if had_key {
        if dialect.named_primary_key() {
            w.sql(" DROP CONSTRAINT ").ident(&primary_key_name(table));
        } else {
            w.sql(" DROP PRIMARY KEY");
        }
        first = false;
    }
    if !columns.is_empty() {
        w.sql(if first { " " } else { ", " });
        w.sql("ADD PRIMARY KEY (");
        ddl::name_list(&mut w, columns);
        w.sql(")");
    }
    Some(w.finish())
}

/// `DROP INDEX name` (`DROP INDEX name ON t` on MySQL).
pub fn drop_index(backend: Backend, table: &str, name: &str) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("DROP INDEX ").ident(name);
    if w.dialect().drop_index_on_table() {
        w.sql(" ON ").ident(table);
    }
    w.finish()
}

/// `INSERT INTO into (new…) SELECT old… FROM from`: copies rows during SQLite's rebuild;
/// `columns` pairs each column of the new table with the old column it is filled from.
pub fn copy_rows(backend: Backend, into: &str, from: &str, columns: &[(&str, &str)]) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("INSERT INTO ").ident(into).sql(" (");
    w.list(columns, ", ", |w, (new, _)| {
        w.ident(new);
    });
    w.sql(") SELECT ");
    w.list(columns, ", ", |w, (_, old)| {
        w.ident(old);
    });
    w.sql(" FROM ").ident(from);
    w.finish()
}

/// The statements SQLite's rebuild runs for `table`, whose rows come from `old_name` with the
/// column mapping `columns` (new name, old name): create the new table under a temporary name,
/// copy, drop the old one, rename the new one, recreate its indexes. SQLite only. The runner turns foreign
/// keys off around the migration and runs `PRAGMA foreign_key_check` before committing; it
/// also recreates the triggers the drop removed.
pub fn rebuild_table(
    backend: Backend,
    table: &TableSpec<'_>,
    old_name: &str,
    columns: &[(&str, &str)],
) -> Vec<String> {
    let temp = rebuild_name(table.name);
    let mut out = vec![ddl::create_table_only(backend, table, &temp, false)];
    if !columns.is_empty() {
        out.push(copy_rows(backend, &temp, old_name, columns));
    }
    out.push(ddl::drop_table(backend, old_name, false));
    // The legacy rename leaves views and triggers of other tables alone: they name the table
    // by its final name, which it has again once renamed, while a modern rename would check
    // them against the schema in which that table has just been dropped, and fail.
    let mut w = SqlWriter::new(backend);
    w.sql("PRAGMA legacy_alter_table = ON");
    out.push(w.finish());
    let mut w = alter_table(backend, &temp);
    w.sql(" RENAME TO ").ident(table.name);
    out.push(w.finish());
    let mut w = SqlWriter::new(backend);
    w.sql("PRAGMA legacy_alter_table = OFF");
    out.push(w.finish());
    out.extend(
        table
            .indexes
            .iter()
            .filter(|i| !i.unique)
            .map(|i| ddl::create_index_spec(backend, table, i, false)),
    );
    out
}

/// The temporary name of a table being rebuilt (a valid identifier for any valid `table`).
pub fn rebuild_name(table: &str) -> String {
    crate::ident::derived_name("_covet_new", &[table], "t")
}

#[cfg(test)]
mod tests;
