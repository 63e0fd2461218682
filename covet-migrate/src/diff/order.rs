//! The order changes run in: one that every backend accepts.
//!
//! Renames first, so later changes can use the new names; constraints that are going away are
//! dropped before the columns and tables they stand on; tables are created before the foreign
//! keys that point at them, and new constraints come last, once their columns exist.
//!
//! One exception: a table or column dropped under a name that a rename of the same migration
//! gives to another (rename `a` to `b` and drop the old `b`) goes before the renames, with the
//! foreign keys that point at such a table, so the name is free when the rename needs it.

use super::Change;

fn phase(c: &Change) -> u8 {
    match c {
        Change::RenameTable { .. } => 10,
        Change::DropForeignKey { .. } => 20,
        Change::DropIndex { .. } | Change::DropCheck { .. } => 30,
        Change::RenameColumn { .. } => 40,
        Change::DropTable(_) => 50,
        Change::CreateTable(_) => 60,
        Change::AddColumn { .. } => 70,
        Change::AlterColumn { .. } => 80,
        Change::SetPrimaryKey { .. } => 90,
        Change::DropColumn { .. } => 100,
        Change::AddIndex { .. } => 110,
        Change::AddForeignKey { .. } => 120,
        Change::AddCheck { .. } => 130,
    }
}

/// Where a drop goes when a rename needs its name: a table (and the foreign keys pointing at
/// it) before every rename; a column after the constraints on it, before column renames.
fn early_phase(c: &Change, changes: &[Change]) -> Option<u8> {
    let renamed_to = |name: &str| {
        changes
            .iter()
            .any(|r| matches!(r, Change::RenameTable { to, .. } if to == name))
    };
    match c {
        Change::DropTable(t) if renamed_to(&t.name) => Some(5),
        Change::DropForeignKey { foreign_key, .. } if renamed_to(&foreign_key.ref_table) => {
            Some(1)
        }
        Change::DropColumn { table, column } => changes
            .iter()
            .any(|r| {
                matches!(r, Change::RenameColumn { table: t, to, .. } if t == table && *to == column.name)
            })
            .then_some(35),
        _ => None,
    }
}

/// Sorts by phase (stable, so tables keep their name order within a phase), then puts new
/// tables after the new tables they reference and dropped tables before the ones they
/// reference.
pub(super) fn sort(changes: Vec<Change>) -> Vec<Change> {
    let early: Vec<Option<u8>> = changes.iter().map(|c| early_phase(c, &changes)).collect();
    let renames: Vec<(String, String)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::RenameTable { from, to } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .collect();
    let mut keyed: Vec<(u8, Change)> = changes
        .into_iter()
        .zip(early)
        .map(|(mut c, early)| {
            // A foreign key dropped before the renames names its table by its old name.
            if let (Some(_), Change::DropForeignKey { table, .. }) = (early, &mut c)
                && let Some((from, _)) = renames.iter().find(|(_, to)| to == table)
            {
                *table = from.clone();
            }
            (early.unwrap_or_else(|| phase(&c)), c)
        })
        .collect();
    keyed.sort_by_key(|(p, _)| *p);
    let (creates, cyclic_adds) =
        dependency_order(extract(&mut keyed, |c| matches!(c, Change::CreateTable(_))));
    let (mut drops, cyclic_drops) =
        dependency_order(extract(&mut keyed, |c| matches!(c, Change::DropTable(_))));
    drops.reverse();
    let at = keyed
        .iter()
        .position(|(p, _)| *p > 50)
        .unwrap_or(keyed.len());
    let mut out: Vec<Change> = keyed.into_iter().map(|(_, c)| c).collect();
    // Tables that reference each other: their foreign keys are dropped before any of them,
    // and added once all of them exist.
    let cyclic_drops = cyclic_drops
        .into_iter()
        .map(|(table, foreign_key)| Change::DropForeignKey { table, foreign_key });
    out.splice(at..at, cyclic_drops.chain(drops).chain(creates));
    out.extend(
        cyclic_adds
            .into_iter()
            .map(|(table, foreign_key)| Change::AddForeignKey { table, foreign_key }),
    );
    out
}

/// Takes the changes of phase 50 or 60 (table drops and creates) that `pick` selects; the
/// early drops stay where they are.
fn extract(keyed: &mut Vec<(u8, Change)>, pick: impl Fn(&Change) -> bool) -> Vec<Change> {
    let (picked, rest): (Vec<_>, Vec<_>) = std::mem::take(keyed)
        .into_iter()
        .partition(|(p, c)| *p >= 50 && pick(c));
    *keyed = rest;
    picked.into_iter().map(|(_, c)| c).collect()
}

/// Tables ordered so each comes after the tables (of the same list) its foreign keys reference.
/// Where tables reference each other (`users.team_id`, `teams.owner_id`), the first in name
/// order goes without its foreign keys into the others, which are returned apart: no order of
/// `CREATE TABLE`s with those keys inline is accepted by PostgreSQL or MariaDB.
fn dependency_order(
    mut pending: Vec<Change>,
) -> (Vec<Change>, Vec<(String, crate::snapshot::ForeignKey)>) {
    let mut out: Vec<Change> = Vec::with_capacity(pending.len());
    let mut split = Vec::new();
    let points_into =
        |pending: &[Change], t: &crate::snapshot::Table, fk: &crate::snapshot::ForeignKey| {
            fk.ref_table != t.name && pending.iter().any(|p| p.table() == fk.ref_table)
        };
    while !pending.is_empty() {
        let ready = pending.iter().position(|c| {
            let (Change::CreateTable(t) | Change::DropTable(t)) = c else {
                return true;
            };
            !t.foreign_keys.iter().any(|fk| points_into(&pending, t, fk))
        });
        let mut next = pending.remove(ready.unwrap_or(0));
        if ready.is_none()
            && let Change::CreateTable(t) | Change::DropTable(t) = &mut next
        {
            let (cyclic, kept) = std::mem::take(&mut t.foreign_keys)
                .into_iter()
                .partition(|fk| points_into(&pending, t, fk));
            t.foreign_keys = kept;
            split.extend(
                cyclic
                    .into_iter()
                    .map(|fk: crate::snapshot::ForeignKey| (t.name.clone(), fk)),
            );
        }
        out.push(next);
    }
    (out, split)
}
