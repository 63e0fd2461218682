//! Filtering parents by their relations: `Artist::ALBUMS.any(Album::TITLE.like("%Rock%"))`
//! is a correlated `EXISTS` subquery, usable wherever a `Filter<Artist>` is.

use super::def::{RelationKey, RelationKind, Through};
use super::handle::Relation;
use super::slot::Slot;
use crate::expr::{Expr, Filter};
use crate::model::Model;
use crate::render::Render;
use crate::soft_delete::{self, Scope};

/// The aliases of nested `EXISTS` subqueries, one per level: the subquery's table is aliased
/// so that the parent table's name always means the parent row, even for a self-reference.
const LEVELS: [(&str, &str); 8] = [
    ("covet_r1", "covet_l1"),
    ("covet_r2", "covet_l2"),
    ("covet_r3", "covet_l3"),
    ("covet_r4", "covet_l4"),
    ("covet_r5", "covet_l5"),
    ("covet_r6", "covet_l6"),
    ("covet_r7", "covet_l7"),
    ("covet_r8", "covet_l8"),
];

/// "Some related row matches": plain data, rendered as a correlated `EXISTS`.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedExists {
    /// The table the EXISTS is correlated with (an alias's name once moved with `.of()`).
    pub(crate) parent_table: &'static str,
    parent_column: &'static str,
    target_table: &'static str,
    target_column: &'static str,
    through: Option<Through>,
    /// The condition on the target rows: the caller's filter and the soft-delete condition.
    condition: Vec<Expr>,
}

impl<P: Model, T: Model, K: RelationKey, S: Slot<T>, N> Relation<P, T, K, S, N> {
    /// Keeps the parent rows with at least one related row that matches `filter`:
    /// `Artist::query().filter(Artist::ALBUMS.any(Album::TITLE.like("%Rock%")))`.
    /// Soft-deleted targets never match.
    pub fn any(&self, filter: Filter<T>) -> Filter<P> {
        let condition = std::iter::once(filter.expr)
            .chain(soft_delete::condition::<T>(Scope::Live))
            .collect();
        let exists = RelatedExists {
            parent_table: P::SCHEMA.name,
            parent_column: self.def.parent_column(),
            target_table: T::SCHEMA.name,
            target_column: self.def.target_column(),
            through: self.def.through,
            condition,
        };
        debug_assert_eq!(
            self.def.kind == RelationKind::ManyToMany,
            exists.through.is_some()
        );
        Filter::new(Expr::Related(Box::new(exists)))
    }

    /// Keeps the parent rows with at least one related row.
    pub fn exists(&self) -> Filter<P> {
        self.any(Filter::all([]))
    }
}

impl Render {
    /// Writes `EXISTS (...)` for `e`, correlated with the row of the enclosing query.
    pub(crate) fn related_exists(&mut self, e: &RelatedExists) {
        let depth = self.related_depth;
        let Some(&(alias, links)) = LEVELS.get(depth) else {
            self.invalid(format!(
                "relation filters nest at most {} levels deep",
                LEVELS.len()
            ));
            return;
        };
        let outer = match depth {
            0 => e.parent_table,
            d => LEVELS[d - 1].0,
        };
        self.related_depth += 1;
        // Inside, the target is aliased: its columns are written bare (they resolve to the
        // innermost table), never `"table"."column"`, which an alias hides.
        let qualify = std::mem::replace(&mut self.qualify, false);
        self.w.sql("EXISTS (SELECT 1 FROM ");
        match &e.through {
            None => {
                self.w.ident(e.target_table).sql(" ").ident(alias);
                self.w.sql(" WHERE ").qualified(alias, e.target_column);
                self.w.sql(" = ").qualified(outer, e.parent_column);
                self.conditions(&e.condition);
            }
            Some(t) => {
                self.w.ident(t.table).sql(" ").ident(links);
                self.w.sql(" WHERE ").qualified(links, t.source);
                self.w.sql(" = ").qualified(outer, e.parent_column);
                if let Some(deleted) = t.soft_delete {
                    self.w
                        .sql(" AND ")
                        .qualified(links, deleted)
                        .sql(" IS NULL");
                }
                self.w.sql(" AND ").qualified(links, t.target);
                self.w.sql(" IN (SELECT ").qualified(alias, e.target_column);
                self.w
                    .sql(" FROM ")
                    .ident(e.target_table)
                    .sql(" ")
                    .ident(alias);
                self.w.sql(" WHERE 1 = 1");
                self.conditions(&e.condition);
                self.w.sql(")");
            }
        }
        self.w.sql(")");
        self.qualify = qualify;
        self.related_depth -= 1;
    }

    fn conditions(&mut self, all: &[Expr]) {
        for c in all {
            self.w.sql(" AND (");
            self.expr(c);
            self.w.sql(")");
        }
    }
}
