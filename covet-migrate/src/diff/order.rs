//! The order changes run in: one that every backend accepts.
//!
//! Renames first, so later changes can use the new names; constraints that are going away are
//! dropped before the columns and tables they stand on; tables are created before the foreign
//! keys that point at them, and new constraints come last, once their columns exist.

use super::Change;

fn phase(c: &Change) -> u8 {
    match c {
        Change::RenameTable { .. } => 0,
        Change::DropForeignKey { .. } => 1,
        Change::DropIndex { .. } | Change::DropCheck { .. } => 2,
        Change::RenameColumn { .. } => 3,
        Change::DropTable(_) => 4,
        Change::CreateTable(_) => 5,
        Change::AddColumn { .. } => 6,
        Change::AlterColumn { .. } => 7,
        Change::SetPrimaryKey { .. } => 8,
        Change::DropColumn { .. } => 9,
        Change::AddIndex { .. } => 10,
        Change::AddForeignKey { .. } => 11,
        Change::AddCheck { .. } => 12,
    }
}

/// Sorts by phase (stable, so tables keep their name order within a phase), then puts new
/// tables after the new tables they reference and dropped tables before the ones they
/// reference.
pub(super) fn sort(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort_by_key(phase);
    let creates = dependency_order(extract(&mut changes, |c| {
        matches!(c, Change::CreateTable(_))
    }));
    let mut drops = dependency_order(extract(&mut changes, |c| matches!(c, Change::DropTable(_))));
    drops.reverse();
    let at = changes
        .iter()
        .position(|c| phase(c) > 4)
        .unwrap_or(changes.len());
    changes.splice(at..at, drops.into_iter().chain(creates));
    changes
}

fn extract(changes: &mut Vec<Change>, pick: impl Fn(&Change) -> bool) -> Vec<Change> {
    let (picked, rest) = std::mem::take(changes).into_iter().partition(pick);
    *changes = rest;
    picked
}

/// Tables ordered so each comes after the tables (of the same list) its foreign keys reference.
/// A cycle keeps the remaining tables in name order.
fn dependency_order(mut pending: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending.iter().position(|c| {
            let (Change::CreateTable(t) | Change::DropTable(t)) = c else {
                return true;
            };
            t.foreign_keys.iter().all(|fk| {
                fk.ref_table == t.name || !pending.iter().any(|p| p.table() == fk.ref_table)
            })
        });
        out.push(pending.remove(ready.unwrap_or(0)));
    }
    out
}
