//! Eager loading of one relation: one statement for every parent row at once, then grouping
//! in memory with a hash map keyed by the key value (O(parents + targets)).

use super::def::{RelationDef, RelationKey, RelationKind};
use super::handle::{Include, Relation};
use super::keys;
use super::slot::Slot;
use crate::Result;
use crate::executor::Executor;
use crate::expr::{Direction, Expr, Order};
use crate::model::Model;
use crate::render::{Render, Statement};
use crate::soft_delete::{self, Scope};
use covet_sql::Backend;
use std::collections::{HashMap, HashSet};

/// The aliases of a many-to-many load: the targets, and the join table's rows.
const TARGETS: &str = "covet_t";
const LINKS: &str = "covet_l";

pub(crate) async fn relation<P, T, K, S, N, E>(
    rel: &Relation<P, T, K, S, N>,
    parents: &mut [P],
    db: &E,
) -> Result<()>
where
    P: Model,
    T: Model + Clone,
    K: RelationKey,
    S: Slot<T>,
    N: Include<T>,
    E: Executor,
{
    let def = &rel.def;
    // Each key once, in the order the parents give them.
    let mut seen = HashSet::new();
    let keys: Vec<K> = parents
        .iter()
        .filter_map(|p| (def.parent_key)(p))
        .filter(|k| seen.insert(k.clone()))
        .collect();
    drop(seen);
    let mut groups: HashMap<K, Vec<T>> = HashMap::with_capacity(keys.len());
    if !keys.is_empty() {
        let stmt = statement(rel, &keys, db.backend())?;
        // Decoded as the rows arrive: the driver's rows are never held beside the models.
        let rows = db.fetch_decoded(stmt, target_and_key::<T, K>).await?;
        let (mut targets, target_keys): (Vec<T>, Vec<Option<K>>) = rows.into_iter().unzip();
        rel.nested.load_onto(&mut targets, db).await?;
        for (target, key) in targets.into_iter().zip(target_keys) {
            if let Some(key) = key {
                groups.entry(key).or_default().push(target);
            }
        }
    }
    distribute(def, parents, groups);
    Ok(())
}

/// Gives each parent its group. Parents that share a key (many albums of one artist, for a
/// belongs_to) each get a copy; the last of them takes the original.
fn distribute<P, T: Clone, K: RelationKey, S: Slot<T>>(
    def: &RelationDef<P, T, K, S>,
    parents: &mut [P],
    mut groups: HashMap<K, Vec<T>>,
) {
    let mut remaining: HashMap<K, usize> = HashMap::with_capacity(groups.len());
    for p in parents.iter() {
        if let Some(k) = (def.parent_key)(p) {
            *remaining.entry(k).or_default() += 1;
        }
    }
    for p in parents.iter_mut() {
        let group = match (def.parent_key)(p) {
            None => Vec::new(),
            Some(k) => match remaining.get_mut(&k) {
                Some(n) if *n > 1 => {
                    *n -= 1;
                    groups.get(&k).cloned().unwrap_or_default()
                }
                _ => groups.remove(&k).unwrap_or_default(),
            },
        };
        (def.slot)(p).fill(group);
    }
}

/// A target and the parent key it belongs to: the statement's last column.
fn target_and_key<T: Model, K: RelationKey>(row: &crate::Row) -> Result<(T, Option<K>)> {
    Ok((T::from_row(row)?, row.get(row.len() - 1)?))
}

/// The statement that fetches every target of `keys`, each row ending with the parent key it
/// belongs to (a column of the target, or of the join table of a many-to-many).
pub(crate) fn statement<P: Model, T: Model, K: RelationKey, S, N>(
    rel: &Relation<P, T, K, S, N>,
    keys: &[K],
    backend: Backend,
) -> Result<Statement> {
    let def = &rel.def;
    let mut r = Render::new(backend);
    match def.through {
        None => {
            let column = def.target_column();
            r.w.sql("SELECT ");
            r.w.list(T::SCHEMA.columns, ", ", |w, c| {
                w.ident(c.name);
            });
            r.w.sql(", ").ident(column);
            r.w.sql(" FROM ").ident(T::SCHEMA.name);
            r.w.sql(" WHERE ").ident(column);
            keys::write(&mut r, keys)?;
            target_conditions::<T>(&mut r, &rel.filters, " AND ");
            order_by(&mut r, None, &rel.order);
        }
        Some(through) => {
            // The targets' filters are written inside a derived table where only the target
            // table is in scope, so an unqualified column can never mean the join table's.
            r.w.sql("SELECT ");
            r.w.list(T::SCHEMA.columns, ", ", |w, c| {
                w.qualified(TARGETS, c.name);
            });
            r.w.sql(", ").qualified(LINKS, through.source);
            r.w.sql(" FROM (");
            r.select_model(&T::SCHEMA);
            target_conditions::<T>(&mut r, &rel.filters, " WHERE ");
            r.w.sql(") ").ident(TARGETS);
            r.w.sql(" JOIN ").ident(through.table).sql(" ").ident(LINKS);
            r.w.sql(" ON ").qualified(LINKS, through.target);
            r.w.sql(" = ").qualified(TARGETS, def.target_column());
            r.w.sql(" WHERE ").qualified(LINKS, through.source);
            keys::write(&mut r, keys)?;
            if let Some(deleted) = through.soft_delete {
                r.w.sql(" AND ").qualified(LINKS, deleted).sql(" IS NULL");
            }
            order_by(&mut r, Some(TARGETS), &rel.order);
        }
    }
    debug_assert!(def.kind != RelationKind::ManyToMany || def.through.is_some());
    Ok(r.finish()?.reading().on(T::SCHEMA.name))
}

/// The relation's filters and the condition that leaves soft-deleted targets out, each after
/// `first` (then ` AND `).
fn target_conditions<T: Model>(r: &mut Render, filters: &[Expr], first: &'static str) {
    let soft = soft_delete::condition::<T>(Scope::Live);
    for (i, e) in filters.iter().chain(soft.as_ref()).enumerate() {
        r.w.sql(if i == 0 { first } else { " AND " });
        r.w.sql("(");
        r.expr(e);
        r.w.sql(")");
    }
}

fn order_by<T>(r: &mut Render, qualifier: Option<&'static str>, order: &[Order<T>]) {
    for (i, o) in order.iter().enumerate() {
        r.w.sql(if i == 0 { " ORDER BY " } else { ", " });
        match qualifier {
            Some(q) => r.w.qualified(q, o.column.column),
            None => r.w.ident(o.column.column),
        };
        let ascending = o.direction == Direction::Asc;
        r.w.sql(if ascending { " ASC" } else { " DESC" });
        if o.nullable {
            let nulls = r.w.dialect().order_nulls(ascending);
            r.w.sql(nulls);
        }
    }
}
