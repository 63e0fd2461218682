//! Projections: `Album::query().select((Album::ID, Album::TITLE))` returns `(i64, String)`
//! rows, the types read off the selected columns and expressions; `group_by` and `having`.

use crate::column::Column;
use crate::computed::{SelectParts, SortTerm};
use crate::executor::Executor;
use crate::expr::{Direction, Expr, Filter, Order};
use crate::field::Field;
use crate::model::Model;
use crate::query::Select;
use crate::render::Statement;
use crate::run_select::{decode_in_sequence, exactly_one, paging_methods};
use crate::{Result, Row};
use std::marker::PhantomData;
use std::panic::Location;

/// A sort key of a query of `M`: a column's [`Order`], or an aggregate's or window
/// function's `asc()` / `desc()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sort<M> {
    pub(crate) term: SortTerm,
    _model: PhantomData<fn() -> M>,
}

impl<M> Sort<M> {
    pub(crate) fn new(expr: Expr, direction: Direction, nullable: bool) -> Self {
        Self {
            term: SortTerm {
                expr,
                direction,
                nullable,
            },
            _model: PhantomData,
        }
    }
}

impl<M> Order<M> {
    pub(crate) fn term(&self) -> SortTerm {
        SortTerm {
            expr: Expr::Column(self.column),
            direction: self.direction,
            nullable: self.nullable,
        }
    }
}

impl<M> From<Order<M>> for Sort<M> {
    fn from(o: Order<M>) -> Self {
        Self {
            term: o.term(),
            _model: PhantomData,
        }
    }
}

/// What a query of `M` can select: a column, an aggregate, a window function, or a tuple of
/// up to 8 of these (nested tuples too). `Out` is the Rust type of one result row.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be selected from a query of `{M}`",
    label = "not a column, aggregate or window function of `{M}`",
    note = "select columns of `{M}` (`{M}::ID`), aggregates (`count_all()`, `{M}::ID.max()`) or window functions, alone or in a tuple of up to 8"
)]
pub trait Projection<M> {
    /// The Rust type of a result row.
    type Out: Send + 'static;
    /// How many columns the projection spans.
    const WIDTH: usize;
    /// Appends the selected expressions, in order.
    fn push_exprs(self, out: &mut Vec<Expr>);
    /// Reads a result row's columns from `at` on.
    fn decode(row: &Row, at: usize) -> Result<Self::Out>;
}

impl<M: Model, T: Field> Projection<M> for Column<M, T> {
    type Out = T;
    const WIDTH: usize = 1;
    fn push_exprs(self, out: &mut Vec<Expr>) {
        out.push(Expr::Column(self.column_ref()));
    }
    fn decode(row: &Row, at: usize) -> Result<T> {
        T::decode(row, at)
    }
}

/// One projection per tuple size: each part decodes after the parts before it.
macro_rules! tuple_projection {
    ($($t:ident),+) => {
        impl<M, $($t: Projection<M>),+> Projection<M> for ($($t,)+) {
            type Out = ($($t::Out,)+);
            const WIDTH: usize = 0 $(+ $t::WIDTH)+;
            #[allow(non_snake_case, reason = "the tuple's parts are named after their types")]
            fn push_exprs(self, out: &mut Vec<Expr>) {
                let ($($t,)+) = self;
                $($t.push_exprs(out);)+
            }
            #[allow(unused_assignments, reason = "the last part moves the offset past the end")]
            fn decode(row: &Row, at: usize) -> Result<Self::Out> {
                decode_in_sequence!(row, at, decode, $($t),+)
            }
        }
    };
}
tuple_projection!(A);
tuple_projection!(A, B);
tuple_projection!(A, B, C);
tuple_projection!(A, B, C, D);
tuple_projection!(A, B, C, D, E);
tuple_projection!(A, B, C, D, E, F);
tuple_projection!(A, B, C, D, E, F, G);
tuple_projection!(A, B, C, D, E, F, G, H);

/// Type-state of a projection before `group_by`.
#[derive(Debug, Clone, Copy)]
pub struct Ungrouped;
/// Type-state of a projection after `group_by`: `having` is available.
#[derive(Debug, Clone, Copy)]
pub struct Grouped;

/// The type-states in which `having` may be written.
#[diagnostic::on_unimplemented(
    message = "`having` needs a `group_by` before it",
    label = "this query has no `group_by`",
    note = "call `.group_by(...)` with the keys of the groups first; to filter rows rather than groups, use `.filter(...)`"
)]
pub trait HasGroupBy {}
impl HasGroupBy for Grouped {}

/// A query of `M` selecting the projection `P`; `G` says whether it is grouped.
///
/// Built by [`Select::select`]; the filters, order and paging of the `Select` carry over.
#[derive(Debug, Clone)]
pub struct Projected<M, P, G = Ungrouped> {
    pub(crate) parts: SelectParts,
    origin: &'static Location<'static>,
    _marker: PhantomData<fn() -> (M, P)>,
    _state: PhantomData<G>,
}

impl<M: Model> Select<M> {
    /// Selects chosen columns and expressions instead of whole rows: each result row is
    /// `P::Out`, e.g. `(i64, String)` for `(Album::ID, Album::TITLE)`.
    pub fn select<P: Projection<M>>(self, projection: P) -> Projected<M, P> {
        let mut parts = self.parts();
        projection.push_exprs(&mut parts.items);
        Projected {
            parts,
            origin: self.origin(),
            _marker: PhantomData,
            _state: PhantomData,
        }
    }
}

impl<M: Model, P: Projection<M>, G> Projected<M, P, G> {
    fn retype<H>(self) -> Projected<M, P, H> {
        Projected {
            parts: self.parts,
            origin: self.origin,
            _marker: PhantomData,
            _state: PhantomData,
        }
    }

    /// Groups the rows by `keys` (a column or a tuple of columns of `M`); the selection may
    /// then hold only these keys and aggregates.
    pub fn group_by<K: Projection<M>>(mut self, keys: K) -> Projected<M, P, Grouped> {
        keys.push_exprs(&mut self.parts.group);
        self.retype()
    }

    /// Keeps only the groups for which `condition` (usually on an aggregate) holds.
    pub fn having(mut self, condition: Filter<M>) -> Self
    where
        G: HasGroupBy,
    {
        self.parts.and_having(condition.expr);
        self
    }

    /// Adds a sort key (after those of the `Select`): a column's `asc()`/`desc()`, or an
    /// aggregate's.
    pub fn order_by(mut self, sort: impl Into<Sort<M>>) -> Self {
        self.parts.order.push(sort.into().term);
        self
    }

    paging_methods!(distinct);

    /// Decodes each row into `S` (any struct with `From<P::Out>`) instead of the tuple.
    pub fn into_struct<S: From<P::Out> + Send + 'static>(self) -> IntoStruct<M, P, G, S> {
        IntoStruct {
            query: self,
            _target: PhantomData,
        }
    }

    /// The statement [`Projected::all`] runs.
    pub fn to_statement(&self, backend: covet_sql::Backend) -> Result<Statement> {
        self.parts
            .reading_statement(backend, self.origin, M::SCHEMA.name)
    }

    /// The statement, for the server behind `db`:
    /// [`Error::Unsupported`](crate::Error::Unsupported) when it is too old for a window
    /// function the query uses.
    fn statement_for(&self, db: &impl Executor) -> Result<Statement> {
        self.parts
            .reading_statement_for(db, self.origin, M::SCHEMA.name)
    }

    /// Every result row.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<P::Out>> {
        let rows = db.fetch_all(self.statement_for(db)?).await?;
        rows.iter().map(|r| P::decode(r, 0)).collect()
    }

    /// Exactly one result row: [`Error::NotFound`](crate::Error::NotFound) when there is
    /// none, [`Error::TooManyRows`](crate::Error::TooManyRows) when there are more (a
    /// whole-table aggregate always has one).
    pub async fn one(&self, db: &impl Executor) -> Result<P::Out> {
        let rows = db.fetch_all(self.statement_for(db)?).await?;
        exactly_one(&rows, M::SCHEMA.model, |row| P::decode(row, 0))
    }
}

/// A projection whose rows are decoded into the struct `S`.
#[derive(Debug, Clone)]
pub struct IntoStruct<M, P, G, S> {
    query: Projected<M, P, G>,
    _target: PhantomData<fn() -> S>,
}

impl<M: Model, P: Projection<M>, G, S: From<P::Out> + Send + 'static> IntoStruct<M, P, G, S> {
    /// Every result row, as an `S`.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<S>> {
        Ok(self.query.all(db).await?.into_iter().map(S::from).collect())
    }
}
