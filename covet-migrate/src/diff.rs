//! `diff(old, new) -> Vec<Change>`: what turns one snapshot into another, as plain data.
//!
//! No database is involved. `renamed_from` turns a drop and an add into a rename. The changes
//! come out in an order that works on every backend (renames, then drops of constraints, then
//! tables and columns, then new constraints), and [`reverse`] gives the down migration's
//! changes. [`refuse_destructive`] is the guard that stops a change that loses data
//! unless the user asked for it.

mod order;

use crate::snapshot::{Check, Column, ColumnType, ForeignKey, Index, Snapshot, Table};
use crate::{Error, Result};
use std::fmt;

/// One change to the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// A new table, with its columns, keys, constraints and indexes.
    CreateTable(Table),
    /// A table dropped (destructive).
    DropTable(Table),
    /// A table renamed (`renamed_from` on the struct).
    RenameTable {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// A column added.
    AddColumn {
        /// The table (its name at this point of the migration).
        table: String,
        /// The new column.
        column: Column,
    },
    /// A column dropped (destructive).
    DropColumn {
        /// The table.
        table: String,
        /// The column as it was.
        column: Column,
    },
    /// A column renamed (`renamed_from` on the field).
    RenameColumn {
        /// The table.
        table: String,
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// A column's type, length, nullability, default or generation changed.
    AlterColumn {
        /// The table.
        table: String,
        /// The column before (under its new name).
        from: Column,
        /// The column after.
        to: Column,
    },
    /// The primary key's columns changed.
    SetPrimaryKey {
        /// The table.
        table: String,
        /// The key before.
        from: Vec<String>,
        /// The key after.
        to: Vec<String>,
    },
    /// An index or unique constraint added.
    AddIndex {
        /// The table.
        table: String,
        /// The index.
        index: Index,
    },
    /// An index or unique constraint dropped.
    DropIndex {
        /// The table.
        table: String,
        /// The index as it was.
        index: Index,
    },
    /// A foreign key added.
    AddForeignKey {
        /// The table.
        table: String,
        /// The foreign key.
        foreign_key: ForeignKey,
    },
    /// A foreign key dropped.
    DropForeignKey {
        /// The table.
        table: String,
        /// The foreign key as it was.
        foreign_key: ForeignKey,
    },
    /// A check constraint added.
    AddCheck {
        /// The table.
        table: String,
        /// The check.
        check: Check,
    },
    /// A check constraint dropped.
    DropCheck {
        /// The table.
        table: String,
        /// The check as it was.
        check: Check,
    },
}

/// The changes that turn `old` into `new`, in an order every backend can run.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    let mut matched_old = Vec::new();
    for table in &new.tables {
        match find_old(&old.tables, &new.tables, table) {
            Some(before) => {
                matched_old.push(before.name.as_str());
                if before.name != table.name {
                    out.push(Change::RenameTable {
                        from: before.name.clone(),
                        to: table.name.clone(),
                    });
                }
                diff_table(before, table, &mut out);
            }
            None => out.push(Change::CreateTable(table.clone())),
        }
    }
    for table in &old.tables {
        if !matched_old.contains(&table.name.as_str()) {
            out.push(Change::DropTable(table.clone()));
        }
    }
    order::sort(out)
}

/// A table or a column: something with a name that may have been renamed.
trait Renamable {
    fn name(&self) -> &str;
    fn renamed_from(&self) -> Option<&str>;
}

impl Renamable for Table {
    fn name(&self) -> &str {
        &self.name
    }
    fn renamed_from(&self) -> Option<&str> {
        self.renamed_from.as_deref()
    }
}

impl Renamable for Column {
    fn name(&self) -> &str {
        &self.name
    }
    fn renamed_from(&self) -> Option<&str> {
        self.renamed_from.as_deref()
    }
}

/// The old object (of `before`) that `item` (of `after`) continues: the one it was renamed
/// from, while that rename is still to be done (`renamed_from` names an old object, and either
/// none of the old ones has the new name yet or none of the new ones the old name), else the
/// one of the same name unless another object's rename claims it.
fn find_old<'a, T: Renamable>(before: &'a [T], after: &[T], item: &T) -> Option<&'a T> {
    let find = |all: &'a [T], name: &str| all.iter().find(|t| t.name() == name);
    let in_after = |name: &str| after.iter().any(|t| t.name() == name);
    let pending = |t: &T| {
        let from = t.renamed_from()?;
        let to_do = find(before, t.name()).is_none() || !in_after(from);
        to_do.then(|| find(before, from)).flatten()
    };
    pending(item).or_else(|| {
        let claimed = after
            .iter()
            .any(|t| pending(t).is_some_and(|o| o.name() == item.name()));
        find(before, item.name()).filter(|_| !claimed)
    })
}

/// Equal for the database: `renamed_from` is a note for the generator, not part of the schema.
pub(crate) fn same_column(a: &Column, b: &Column) -> bool {
    let key = |c: &'_ Column| {
        (
            c.ty,
            c.nullable,
            c.auto_increment,
            c.default.clone(),
            c.max_length,
            c.precision,
        )
    };
    key(a) == key(b)
}

fn diff_table(before: &Table, after: &Table, out: &mut Vec<Change>) {
    let table = after.name.clone();
    let mut matched = Vec::new();
    let mut renamed = Vec::new();
    for column in &after.columns {
        let Some(old) = find_old(&before.columns, &after.columns, column) else {
            out.push(Change::AddColumn {
                table: table.clone(),
                column: plain(column),
            });
            continue;
        };
        matched.push(old.name.as_str());
        if old.name != column.name {
            renamed.push((old.name.as_str(), column.name.as_str()));
            out.push(Change::RenameColumn {
                table: table.clone(),
                from: old.name.clone(),
                to: column.name.clone(),
            });
        }
        if !same_column(old, column) {
            out.push(Change::AlterColumn {
                table: table.clone(),
                from: Column {
                    name: column.name.clone(),
                    ..plain(old)
                },
                to: plain(column),
            });
        }
    }
    for column in &before.columns {
        if !matched.contains(&column.name.as_str()) {
            out.push(Change::DropColumn {
                table: table.clone(),
                column: plain(column),
            });
        }
    }
    let old_key: Vec<String> = before
        .primary_key
        .iter()
        .map(|k| {
            renamed
                .iter()
                .find(|(from, _)| from == k)
                .map_or_else(|| k.clone(), |(_, to)| (*to).to_owned())
        })
        .collect();
    if old_key != after.primary_key {
        out.push(Change::SetPrimaryKey {
            table: table.clone(),
            from: old_key,
            to: after.primary_key.clone(),
        });
    }
    diff_named(&before.indexes, &after.indexes, out, |index, add| {
        let table = table.clone();
        if add {
            Change::AddIndex { table, index }
        } else {
            Change::DropIndex { table, index }
        }
    });
    diff_named(
        &before.foreign_keys,
        &after.foreign_keys,
        out,
        |foreign_key, add| {
            let table = table.clone();
            if add {
                Change::AddForeignKey { table, foreign_key }
            } else {
                Change::DropForeignKey { table, foreign_key }
            }
        },
    );
    diff_named(&before.checks, &after.checks, out, |check, add| {
        let table = table.clone();
        if add {
            Change::AddCheck { table, check }
        } else {
            Change::DropCheck { table, check }
        }
    });
}

/// Indexes and foreign keys are compared whole (their names derive from table and columns):
/// one that changed is dropped and added again.
fn diff_named<T: Clone + PartialEq>(
    before: &[T],
    after: &[T],
    out: &mut Vec<Change>,
    change: impl Fn(T, bool) -> Change,
) {
    for old in before {
        if !after.contains(old) {
            out.push(change(old.clone(), false));
        }
    }
    for new in after {
        if !before.contains(new) {
            out.push(change(new.clone(), true));
        }
    }
}

/// The column without its `renamed_from` note, as it lives in a change.
fn plain(c: &Column) -> Column {
    Column {
        renamed_from: None,
        ..c.clone()
    }
}

impl Change {
    /// The table this change is about (its name at this point of the migration).
    pub fn table(&self) -> &str {
        match self {
            Self::CreateTable(t) | Self::DropTable(t) => &t.name,
            Self::RenameTable { to, .. } => to,
            Self::AddColumn { table, .. }
            | Self::DropColumn { table, .. }
            | Self::RenameColumn { table, .. }
            | Self::AlterColumn { table, .. }
            | Self::SetPrimaryKey { table, .. }
            | Self::AddIndex { table, .. }
            | Self::DropIndex { table, .. }
            | Self::AddForeignKey { table, .. }
            | Self::DropForeignKey { table, .. }
            | Self::AddCheck { table, .. }
            | Self::DropCheck { table, .. } => table,
        }
    }

    /// Why this change can lose data, or `None` when it cannot.
    pub fn destructive(&self) -> Option<String> {
        match self {
            Self::DropTable(t) => Some(format!("drops table {} and its rows", t.name)),
            Self::DropColumn { table, column } => Some(format!(
                "drops column {table}.{} and its values",
                column.name
            )),
            Self::AddColumn { table, column } if needs_value(column) => Some(format!(
                "adds column {table}.{} as NOT NULL without a default: existing rows have no value for it",
                column.name
            )),
            Self::AlterColumn { table, from, to } => {
                if narrows(from, to) {
                    Some(format!(
                        "narrows column {table}.{} from {} to {}: values may not fit",
                        to.name,
                        from.type_name(),
                        to.type_name()
                    ))
                } else if from.nullable && !to.nullable && to.default.is_none() {
                    Some(format!(
                        "makes column {table}.{} NOT NULL without a default: rows holding NULL cannot keep it",
                        to.name
                    ))
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

fn needs_value(c: &Column) -> bool {
    !c.nullable && c.default.is_none() && !c.auto_increment
}

/// The integer and float widths, narrowest first, so widening is allowed and narrowing is not.
fn rank(t: ColumnType) -> Option<(u8, u8)> {
    match t {
        ColumnType::SmallInt => Some((0, 0)),
        ColumnType::Int => Some((0, 1)),
        ColumnType::BigInt => Some((0, 2)),
        ColumnType::Real => Some((1, 0)),
        ColumnType::Double => Some((1, 1)),
        _ => None,
    }
}

fn narrows(from: &Column, to: &Column) -> bool {
    if from.ty == ColumnType::Decimal && to.ty == ColumnType::Decimal {
        // Fewer digits before or after the point may not hold every value.
        return match (from.precision, to.precision) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b.scale < a.scale || b.digits - b.scale < a.digits - a.scale,
        };
    }
    if from.ty == to.ty {
        return match (from.max_length, to.max_length) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b < a,
        };
    }
    match (rank(from.ty), rank(to.ty)) {
        (Some((fa, fw)), Some((ta, tw))) if fa == ta => tw < fw,
        // Anything fits unbounded text; any other change of kind may not convert.
        _ => !(to.ty == ColumnType::Text && to.max_length.is_none()),
    }
}

/// Whether a backend can turn values of `from` into values of `to` in place: numbers into
/// numbers, anything into and out of text, dates and timestamps into each other. Other type
/// changes have no conversion (PostgreSQL refuses `bytea` to `timestamp`).
fn convertible(from: ColumnType, to: ColumnType) -> bool {
    use ColumnType::{Date, Text, Timestamp, TimestampTz};
    let time = |t| matches!(t, Date | Timestamp | TimestampTz);
    from == to
        || from == Text
        || to == Text
        || (from.is_numeric() && to.is_numeric())
        || (time(from) && time(to))
}

/// Fails, naming each, when a column changes to a type its values cannot be converted to.
pub fn refuse_unconvertible(changes: &[Change]) -> Result<()> {
    let refused: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AlterColumn { table, from, to } if !convertible(from.ty, to.ty) => {
                Some(format!(
                    "column {table}.{} from {:?} to {:?}",
                    to.name, from.ty, to.ty
                ))
            }
            _ => None,
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(Error::Unsupported(format!(
            "no backend converts these types in place: {}\nhelp: give the field a new name (the new column is added, the old one dropped), or migrate the values by hand",
            refused.join(", ")
        )))
    }
}

/// Fails with every destructive change listed, unless `allow` is set.
pub fn refuse_destructive(changes: &[Change], allow: bool) -> Result<()> {
    let refused: Vec<String> = changes.iter().filter_map(Change::destructive).collect();
    if allow || refused.is_empty() {
        Ok(())
    } else {
        Err(Error::Destructive(refused))
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CreateTable(t) => write!(f, "create table {}", t.name),
            Self::DropTable(t) => write!(f, "drop table {}", t.name),
            Self::RenameTable { from, to } => write!(f, "rename table {from} to {to}"),
            Self::AddColumn { table, column } => write!(f, "add column {table}.{}", column.name),
            Self::DropColumn { table, column } => write!(f, "drop column {table}.{}", column.name),
            Self::RenameColumn { table, from, to } => {
                write!(f, "rename column {table}.{from} to {to}")
            }
            Self::AlterColumn { table, to, .. } => write!(f, "alter column {table}.{}", to.name),
            Self::SetPrimaryKey { table, to, .. } => {
                write!(f, "set primary key of {table} to ({})", to.join(", "))
            }
            Self::AddIndex { table, index } => write!(f, "add index {} on {table}", index.name),
            Self::DropIndex { table, index } => write!(f, "drop index {} on {table}", index.name),
            Self::AddForeignKey { table, foreign_key } => {
                write!(f, "add foreign key {} on {table}", foreign_key.name)
            }
            Self::DropForeignKey { table, foreign_key } => {
                write!(f, "drop foreign key {} on {table}", foreign_key.name)
            }
            Self::AddCheck { table, check } => write!(f, "add check {} on {table}", check.name),
            Self::DropCheck { table, check } => write!(f, "drop check {} on {table}", check.name),
        }
    }
}

/// The changes of the down migration, which takes `new` back to `old`: the diff the other way,
/// with every rename of the up migration turned around, so the order and the names are right
/// for the way down too.
pub fn reverse(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let up = diff(old, new);
    let mut target = old.clone();
    for t in &mut target.tables {
        t.renamed_from = None;
        for c in &mut t.columns {
            c.renamed_from = None;
        }
    }
    let old_name = |table: &str| -> String {
        up.iter()
            .find_map(|c| match c {
                Change::RenameTable { from, to } if to == table => Some(from.clone()),
                _ => None,
            })
            .unwrap_or_else(|| table.to_owned())
    };
    for change in &up {
        match change {
            Change::RenameTable { from, to } => {
                if let Some(t) = target.tables.iter_mut().find(|t| t.name == *from) {
                    t.renamed_from = Some(to.clone());
                }
            }
            Change::RenameColumn { table, from, to } => {
                let name = old_name(table);
                let column = target
                    .tables
                    .iter_mut()
                    .find(|t| t.name == name)
                    .and_then(|t| t.columns.iter_mut().find(|c| c.name == *from));
                if let Some(c) = column {
                    c.renamed_from = Some(to.clone());
                }
            }
            _ => {}
        }
    }
    diff(new, &target)
}

#[cfg(test)]
mod tests;
