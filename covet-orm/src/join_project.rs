//! Projections of a join: `.select((Artist::NAME, Album::TITLE))` over
//! `Artist::query().left_join(...)` returns `(String, Option<String>)` rows: a column of the
//! side of a left join that may have no match decodes as an `Option`, whatever its type in
//! the model. Grouping, `having` and ordering take columns of any joined model.

use crate::aggregate::Aggregate;
use crate::column::Column;
use crate::computed::SelectParts;
use crate::executor::Executor;
use crate::expr::{Expr, Filter};
use crate::field::Field;
use crate::join::{InQuery, Join, position};
use crate::model::Model;
use crate::project::{Grouped, HasGroupBy, Sort, Ungrouped};
use crate::render::Statement;
use crate::run_select::{decode_in_sequence, exactly_one, paging_methods};
use crate::window::Windowed;
use crate::{Result, Row};
use std::marker::PhantomData;
use std::panic::Location;

/// Implemented by a join's row type (a tuple of models, with `Option<Model>` for the side of
/// a left join) for each model `M` it holds, at position `P`: a column of `M` decodes as its
/// own type, or as an `Option` when a left join may find no match.
#[diagnostic::on_unimplemented(
    message = "`{M}` is not one of the models this join reads",
    label = "a column of `{M}`, which is not in this join",
    note = "the join's rows are `{Self}`; join `{M}` first (`.inner_join(...)` / `.left_join(...)`), or select a column of a joined model"
)]
pub trait Holds<M, P> {
    /// What a column of type `T` of `M` decodes as in this join.
    type Column<T: Field>: Send + 'static;
    /// Reads such a column.
    fn decode<T: Field>(row: &Row, at: usize) -> Result<Self::Column<T>>;
}

/// Two impls per position: the model itself, and the model behind a left join's `Option`.
macro_rules! holds {
    ($($pos:ident => $m:ident [$($g:ident),+]: $plain:ty | $opt:ty;)+) => {
        $(
            impl<$($g),+> Holds<$m, position::$pos> for $plain
            where
                $m: Model,
            {
                type Column<T: Field> = T;
                fn decode<T: Field>(row: &Row, at: usize) -> Result<T> {
                    T::decode(row, at)
                }
            }
            impl<$($g),+> Holds<$m, position::$pos> for $opt
            where
                $m: Model,
            {
                type Column<T: Field> = Option<T::Base>;
                fn decode<T: Field>(row: &Row, at: usize) -> Result<Option<T::Base>> {
                    <Option<T::Base>>::decode(row, at)
                }
            }
        )+
    };
}
holds! {
    First => A [A]: (A,) | (Option<A>,);
    First => A [A, B]: (A, B) | (Option<A>, B);
    Second => B [A, B]: (A, B) | (A, Option<B>);
    First => A [A, B, C]: (A, B, C) | (Option<A>, B, C);
    Second => B [A, B, C]: (A, B, C) | (A, Option<B>, C);
    Third => C [A, B, C]: (A, B, C) | (A, B, Option<C>);
    First => A [A, B, C, D]: (A, B, C, D) | (Option<A>, B, C, D);
    Second => B [A, B, C, D]: (A, B, C, D) | (A, Option<B>, C, D);
    Third => C [A, B, C, D]: (A, B, C, D) | (A, B, Option<C>, D);
    Fourth => D [A, B, C, D]: (A, B, C, D) | (A, B, C, Option<D>);
}

/// What a join whose rows are `R` can select, with `P` the positions the compiler infers:
/// columns, aggregates and window functions of the joined models, or a tuple of up to 8.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be selected from this join",
    label = "not a column, aggregate or window function of a joined model",
    note = "select columns of the joined models, aggregates or window functions, alone or in a tuple of up to 8; `count_all()` names its model in a join: `count_all::<Album>()`"
)]
pub trait JoinProjection<R, P> {
    /// The Rust type of a result row.
    type Out: Send + 'static;
    /// How many columns the projection spans.
    const WIDTH: usize;
    /// Appends the selected expressions, in order.
    fn push_exprs(self, out: &mut Vec<Expr>);
    /// Reads a result row's columns from `at` on.
    fn decode(row: &Row, at: usize) -> Result<Self::Out>;
}

impl<R, P, M: Model, T: Field> JoinProjection<R, P> for Column<M, T>
where
    R: Holds<M, P>,
{
    type Out = <R as Holds<M, P>>::Column<T>;
    const WIDTH: usize = 1;
    fn push_exprs(self, out: &mut Vec<Expr>) {
        out.push(Expr::Column(self.column_ref()));
    }
    fn decode(row: &Row, at: usize) -> Result<Self::Out> {
        <R as Holds<M, P>>::decode::<T>(row, at)
    }
}

/// Aggregates and window functions already have the type they decode as, join or not.
macro_rules! computed_projection {
    ($($ty:ident),+) => {
        $(impl<R, P, M: Model, T: Field> JoinProjection<R, P> for $ty<M, T>
        where
            R: Holds<M, P>,
        {
            type Out = T;
            const WIDTH: usize = 1;
            fn push_exprs(self, out: &mut Vec<Expr>) {
                crate::project::Projection::<M>::push_exprs(self, out);
            }
            fn decode(row: &Row, at: usize) -> Result<T> {
                T::decode(row, at)
            }
        })+
    };
}
computed_projection!(Aggregate, Windowed);

macro_rules! tuple_join_projection {
    ($(($t:ident, $p:ident)),+) => {
        impl<R, $($t: JoinProjection<R, $p>, $p),+> JoinProjection<R, ($($p,)+)> for ($($t,)+) {
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
tuple_join_projection!((A, PA));
tuple_join_projection!((A, PA), (B, PB));
tuple_join_projection!((A, PA), (B, PB), (C, PC));
tuple_join_projection!((A, PA), (B, PB), (C, PC), (D, PD));
tuple_join_projection!((A, PA), (B, PB), (C, PC), (D, PD), (E, PE));
tuple_join_projection!((A, PA), (B, PB), (C, PC), (D, PD), (E, PE), (F, PF));
tuple_join_projection!(
    (A, PA),
    (B, PB),
    (C, PC),
    (D, PD),
    (E, PE),
    (F, PF),
    (G, PG)
);
tuple_join_projection!(
    (A, PA),
    (B, PB),
    (C, PC),
    (D, PD),
    (E, PE),
    (F, PF),
    (G, PG),
    (H, PH)
);

/// A join of the models `S` (rows `R`) selecting `Proj`, at positions `P`; `G` says whether
/// it is grouped.
#[derive(Debug, Clone)]
pub struct JoinProjected<S, R, Proj, P, G = Ungrouped> {
    pub(crate) parts: SelectParts,
    nullable: Vec<&'static str>,
    origin: &'static Location<'static>,
    _scope: PhantomData<fn() -> (S, R)>,
    _projection: PhantomData<fn() -> (Proj, P)>,
    _state: PhantomData<G>,
}

impl<S, R> Join<S, R> {
    /// Selects chosen columns and expressions of the joined models instead of whole models.
    pub fn select<Proj, P>(self, projection: Proj) -> JoinProjected<S, R, Proj, P>
    where
        Proj: JoinProjection<R, P>,
    {
        let mut parts = self.parts;
        if parts.joins.iter().any(|j| j.alias.is_some()) || !parts.ctes.is_empty() {
            // A column names its model, not the alias it was joined under, so it could not
            // say which copy it means.
            parts.refused = Some(
                "a join under an alias (`inner_join_as`, `left_join_as`, `inner_join_named`, `left_join_named`) returns whole rows: `select` is not supported on it",
            );
        }
        parts.items.clear();
        projection.push_exprs(&mut parts.items);
        JoinProjected {
            parts,
            nullable: self.nullable,
            origin: self.origin,
            _scope: PhantomData,
            _projection: PhantomData,
            _state: PhantomData,
        }
    }
}

impl<S, R, Proj: JoinProjection<R, P>, P, G> JoinProjected<S, R, Proj, P, G> {
    /// Groups the rows by `keys` (columns of the joined models); the selection may then hold
    /// only these keys and aggregates.
    pub fn group_by<K, KP>(mut self, keys: K) -> JoinProjected<S, R, Proj, P, Grouped>
    where
        K: JoinProjection<R, KP>,
    {
        keys.push_exprs(&mut self.parts.group);
        JoinProjected {
            parts: self.parts,
            nullable: self.nullable,
            origin: self.origin,
            _scope: PhantomData,
            _projection: PhantomData,
            _state: PhantomData,
        }
    }

    /// Keeps only the groups for which `condition` holds.
    pub fn having<M, MP>(mut self, condition: Filter<M>) -> Self
    where
        G: HasGroupBy,
        M: InQuery<S, MP>,
    {
        self.parts.and_having(condition.expr);
        self
    }

    /// Adds a sort key on a column or aggregate of any joined model.
    pub fn order_by<M, MP>(mut self, sort: impl Into<Sort<M>>) -> Self
    where
        M: Model + InQuery<S, MP>,
    {
        let mut term = sort.into().term;
        if let Expr::Column(c) = &term.expr {
            // NULL (no match) sorts as the smallest value on every backend.
            term.nullable |= self.nullable.contains(&c.table);
        }
        self.parts.order.push(term);
        self
    }

    paging_methods!(distinct);

    /// The statement [`JoinProjected::all`] runs.
    pub fn to_statement(&self, backend: covet_sql::Backend) -> Result<Statement> {
        self.parts
            .reading_statement(backend, self.origin, self.parts.from)
    }

    fn statement_for(&self, db: &impl Executor) -> Result<Statement> {
        self.parts
            .reading_statement_for(db, self.origin, self.parts.from)
    }

    /// Every result row.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<Proj::Out>> {
        let rows = db.fetch_all(self.statement_for(db)?).await?;
        rows.iter().map(|r| Proj::decode(r, 0)).collect()
    }

    /// Exactly one result row: [`Error::NotFound`](crate::Error::NotFound) when there is
    /// none, [`Error::TooManyRows`](crate::Error::TooManyRows) when there are more.
    pub async fn one(&self, db: &impl Executor) -> Result<Proj::Out> {
        let rows = db.fetch_all(self.statement_for(db)?).await?;
        exactly_one(&rows, "join", |row| Proj::decode(row, 0))
    }
}
