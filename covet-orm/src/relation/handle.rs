//! [`Relation`]: the typed handle the derive generates (`Artist::ALBUMS`), and [`Include`],
//! what `with` and `load` accept.

use super::def::{RelationDef, RelationKey};
use super::load;
use super::slot::Slot;
use crate::Result;
use crate::executor::Executor;
use crate::expr::{Expr, Filter, Order};
use crate::model::Model;
use crate::render::Statement;
use covet_sql::Backend;
use std::future::Future;

/// A relation from `P` to `T` (`Artist::ALBUMS`), with what to load along with it: filters and
/// order of the targets, and nested relations of `T` (`N`).
///
/// Loading it runs exactly one statement whatever the number of rows (none when there is no
/// parent key), then one per nested relation.
pub struct Relation<P, T, K, S, N = ()> {
    pub(crate) def: RelationDef<P, T, K, S>,
    pub(crate) filters: Vec<Expr>,
    pub(crate) order: Vec<Order<T>>,
    pub(crate) nested: N,
}

impl<P, T, K, S, N: Clone> Clone for Relation<P, T, K, S, N> {
    fn clone(&self) -> Self {
        Self {
            def: self.def,
            filters: self.filters.clone(),
            order: self
                .order
                .iter()
                .map(|o| Order::new(o.column, o.direction, o.nullable))
                .collect(),
            nested: self.nested.clone(),
        }
    }
}

impl<P, T, K, S, N: std::fmt::Debug> std::fmt::Debug for Relation<P, T, K, S, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relation")
            .field("def", &self.def)
            .field("filters", &self.filters)
            .field("nested", &self.nested)
            .finish_non_exhaustive()
    }
}

impl<P, T, K, S> Relation<P, T, K, S> {
    /// Used by the derive.
    #[doc(hidden)]
    pub const fn new(def: RelationDef<P, T, K, S>) -> Self {
        Self {
            def,
            filters: Vec::new(),
            order: Vec::new(),
            nested: (),
        }
    }
}

impl<P: Model, T: Model, K: RelationKey, S: Slot<T>, N: Include<T>> Relation<P, T, K, S, N> {
    /// Loads `nested`, a relation of the target model, onto the loaded targets:
    /// `Artist::ALBUMS.with(Album::TRACKS)`.
    pub fn with<R: Include<T>>(self, nested: R) -> Relation<P, T, K, S, (N, R)> {
        Relation {
            def: self.def,
            filters: self.filters,
            order: self.order,
            nested: (self.nested, nested),
        }
    }

    /// Loads only the targets that match `filter` (and every earlier filter).
    pub fn filter(mut self, filter: Filter<T>) -> Self {
        self.filters.push(filter.expr);
        self
    }

    /// Orders each row's targets; earlier keys take precedence.
    pub fn order_by(mut self, order: Order<T>) -> Self {
        self.order.push(order);
        self
    }

    /// The field name of the relation.
    pub fn name(&self) -> &'static str {
        self.def.name
    }

    /// The statement that loads this relation's targets for parents with `keys`, for
    /// inspection: its text is the same whatever the number of keys.
    pub fn to_statement(&self, keys: &[K], backend: Backend) -> Result<Statement> {
        load::statement(self, keys, backend)
    }
}

/// Something `with` and `load` can load onto rows of `P`: a relation of `P`, or several.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be loaded onto `{P}` rows",
    label = "not a relation of `{P}`",
    note = "`with` and `load` take a relation declared on `{P}` itself (`{P}::SOME_RELATION`); to load a relation of a related model, nest it: `Parent::CHILDREN.with(Child::GRANDCHILDREN)`"
)]
pub trait Include<P>: Send + Sync {
    /// Loads onto every row of `rows`, in a fixed number of statements.
    fn load_onto<E: Executor>(
        &self,
        rows: &mut [P],
        db: &E,
    ) -> impl Future<Output = Result<()>> + Send;
}

impl<P: Send> Include<P> for () {
    async fn load_onto<E: Executor>(&self, _rows: &mut [P], _db: &E) -> Result<()> {
        Ok(())
    }
}

impl<P: Send, A: Include<P>, B: Include<P>> Include<P> for (A, B) {
    async fn load_onto<E: Executor>(&self, rows: &mut [P], db: &E) -> Result<()> {
        self.0.load_onto(rows, db).await?;
        self.1.load_onto(rows, db).await
    }
}

impl<P, T, K, S, N> Include<P> for Relation<P, T, K, S, N>
where
    P: Model,
    T: Model + Clone,
    K: RelationKey,
    S: Slot<T>,
    N: Include<T>,
{
    fn load_onto<E: Executor>(
        &self,
        rows: &mut [P],
        db: &E,
    ) -> impl Future<Output = Result<()>> + Send {
        load::relation(self, rows, db)
    }
}
