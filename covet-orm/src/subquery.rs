//! Subqueries in filters: `Filter::exists(q)` / `Filter::not_exists(q)`, `column.in_subquery(q)`
//! and scalar comparisons (`column.gt_subquery(q)`), each typed: a subquery selecting one
//! column of type `T` compares only with a column of type `T`.

use crate::column::Column;
use crate::computed::{Computed, SelectParts};
use crate::expr::{CmpOp, Expr, Filter};
use crate::field::{BaseField, Field};
use crate::join_project::{JoinProjected, JoinProjection};
use crate::model::Model;
use crate::project::{Projected, Projection};
use crate::query::Select;
use std::marker::PhantomData;

/// Two column types that can be compared: the same type, nullable or not.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` column cannot be compared with a `{B}` column",
    label = "expected a column of type `{B}` (or `Option<{B}>`)",
    note = "compare columns of the same type; a subquery compared with a column must select a column of that column's type"
)]
pub trait Comparable<B> {}
impl<T: BaseField> Comparable<T> for T {}

/// A query usable as a subquery in a filter on `Outer`'s rows: any [`Select`],
/// [`Projected`] or [`JoinProjected`] query, or a [`Correlated`] one that refers to `Outer`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a subquery of a query of `{Outer}`",
    label = "not a subquery of `{Outer}`",
    note = "use `Model::query()...` (optionally `.select(...)`), or `.correlate(inner_column, outer_column)` to refer to the outer row"
)]
pub trait Subquery<Outer> {
    /// The subquery as plain data.
    fn into_parts(self) -> SelectParts;
}

impl<Outer, N: Model> Subquery<Outer> for Select<N> {
    fn into_parts(self) -> SelectParts {
        self.parts()
    }
}

impl<Outer, N: Model, P: Projection<N>, G> Subquery<Outer> for Projected<N, P, G> {
    fn into_parts(self) -> SelectParts {
        self.parts
    }
}

impl<Outer, S, R, Proj: JoinProjection<R, P>, P, G> Subquery<Outer>
    for JoinProjected<S, R, Proj, P, G>
{
    fn into_parts(self) -> SelectParts {
        self.parts
    }
}

/// A subquery that selects values to compare a column with: a projection of one model or of
/// a join. `Out` is the type of its rows.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not select values a column can be compared with",
    label = "not a projection",
    note = "select one column or aggregate: `Model::query().select(Model::COLUMN)`"
)]
pub trait ValueSubquery {
    /// The Rust type of a row of the subquery.
    type Out;
    /// The subquery as plain data.
    fn into_parts(self) -> SelectParts;
}

impl<N: Model, P: Projection<N>, G> ValueSubquery for Projected<N, P, G> {
    type Out = P::Out;
    fn into_parts(self) -> SelectParts {
        self.parts
    }
}

impl<S, R, Proj: JoinProjection<R, P>, P, G> ValueSubquery for JoinProjected<S, R, Proj, P, G> {
    type Out = Proj::Out;
    fn into_parts(self) -> SelectParts {
        self.parts
    }
}

/// A subquery of `N` tied to the row of the outer query of `M` it is evaluated for.
#[derive(Debug, Clone)]
pub struct Correlated<N, M> {
    parts: SelectParts,
    _marker: PhantomData<fn() -> (N, M)>,
}

impl<N: Model, M: Model> Subquery<M> for Correlated<N, M> {
    fn into_parts(self) -> SelectParts {
        self.parts
    }
}

impl<N: Model> Select<N> {
    /// Ties this query to the outer query's row: it keeps only rows whose `inner` column
    /// equals `outer` of the outer row (`albums.artist_id = artists.id`).
    pub fn correlate<T: Field, M: Model, U: Field>(
        self,
        inner: Column<N, T>,
        outer: Column<M, U>,
    ) -> Correlated<N, M>
    where
        U::Base: Comparable<T::Base>,
    {
        let mut parts = self.parts();
        if N::SCHEMA.name == M::SCHEMA.name {
            parts.refused = Some(
                "a subquery cannot be correlated with a query of its own table (subqueries take no alias): use `inner_join_as` / `left_join_as` with an alias instead",
            );
        }
        let link = Expr::Cmp(
            Box::new(Expr::Column(inner.column_ref())),
            CmpOp::Eq,
            Box::new(Expr::Column(outer.column_ref())),
        );
        parts.filter = Some(match parts.filter.take() {
            None => link,
            Some(f) => Expr::And(vec![link, f]),
        });
        Correlated {
            parts,
            _marker: PhantomData,
        }
    }
}

impl<M> Filter<M> {
    /// `EXISTS (subquery)`: the subquery has at least one row.
    pub fn exists(subquery: impl Subquery<M>) -> Filter<M> {
        Filter::new(Computed::Exists(Box::new(subquery.into_parts()), false).expr())
    }

    /// `NOT EXISTS (subquery)`: the subquery has no row.
    pub fn not_exists(subquery: impl Subquery<M>) -> Filter<M> {
        Filter::new(Computed::Exists(Box::new(subquery.into_parts()), true).expr())
    }
}

impl<M: Model, T: Field> Column<M, T> {
    /// `column IN (subquery)`, where the subquery selects one column of this column's type.
    pub fn in_subquery<Q: ValueSubquery>(self, subquery: Q) -> Filter<M>
    where
        Q::Out: Field,
        <Q::Out as Field>::Base: Comparable<T::Base>,
    {
        let inner = Expr::Column(self.column_ref());
        Filter::new(Computed::InSubquery(inner, Box::new(subquery.into_parts())).expr())
    }

    /// `column = other` for two columns of the same model and type.
    pub fn eq_column<U: Field>(self, other: Column<M, U>) -> Filter<M>
    where
        U::Base: Comparable<T::Base>,
    {
        Filter::new(Expr::Cmp(
            Box::new(Expr::Column(self.column_ref())),
            CmpOp::Eq,
            Box::new(Expr::Column(other.column_ref())),
        ))
    }

    fn cmp_subquery<Q: ValueSubquery>(self, op: CmpOp, subquery: Q) -> Filter<M> {
        let scalar = Computed::Scalar(Box::new(subquery.into_parts())).expr();
        Filter::new(Expr::Cmp(
            Box::new(Expr::Column(self.column_ref())),
            op,
            Box::new(scalar),
        ))
    }
}

/// The scalar comparisons: `column op (subquery)`, the subquery selecting one value of the
/// column's type (an aggregate, or one column limited to one row).
macro_rules! scalar_comparisons {
    ($($name:ident => $op:ident, $sql:literal;)+) => {
        impl<M: Model, T: Field> Column<M, T> {
            $(
                #[doc = concat!("`column ", $sql, " (subquery)`; no row compares as NULL (false).")]
                pub fn $name<Q: ValueSubquery>(self, subquery: Q) -> Filter<M>
                where
                    Q::Out: Field,
                    <Q::Out as Field>::Base: Comparable<T::Base>,
                {
                    self.cmp_subquery(CmpOp::$op, subquery)
                }
            )+
        }
    };
}
scalar_comparisons! {
    eq_subquery => Eq, "=";
    ne_subquery => Ne, "<>";
    lt_subquery => Lt, "<";
    le_subquery => Le, "<=";
    gt_subquery => Gt, ">";
    ge_subquery => Ge, ">=";
}
