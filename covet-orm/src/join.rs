//! Joins with typed `ON` conditions:
//! `Artist::query().left_join(Album::ARTIST_ID.on(Artist::ID))` returns
//! `(Artist, Option<Album>)` rows. The models in the query are a type-level list `S`; a
//! filter or sort key on a column of a model outside it does not compile ([`InQuery`]).

use crate::column::Column;
use crate::computed::{JoinClause, JoinKind, SelectParts};
use crate::executor::Executor;
use crate::expr::{CmpOp, ColumnRef, Expr, Filter, Order};
use crate::field::Field;
use crate::model::Model;
use crate::query::Select;
use crate::render::Statement;
use crate::run_select::{decode_in_sequence, paging_methods};
use crate::subquery::Comparable;
use crate::{Result, Row};
use std::marker::PhantomData;
use std::panic::Location;

/// Position markers of [`InQuery`]: the compiler infers which one applies.
pub mod position {
    /// The first model of the query.
    #[derive(Debug)]
    pub struct First;
    /// The second model.
    #[derive(Debug)]
    pub struct Second;
    /// The third model.
    #[derive(Debug)]
    pub struct Third;
    /// The fourth model.
    #[derive(Debug)]
    pub struct Fourth;

    /// The index of a position in the query's list of models.
    pub trait Position {
        /// 0 for [`First`], 1 for [`Second`], ...
        const INDEX: usize;
    }
    impl Position for First {
        const INDEX: usize = 0;
    }
    impl Position for Second {
        const INDEX: usize = 1;
    }
    impl Position for Third {
        const INDEX: usize = 2;
    }
    impl Position for Fourth {
        const INDEX: usize = 3;
    }
}
use position::{First, Fourth, Second, Third};

/// Implemented by each model of the query whose models are `S`, at position `P`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of the models this query reads",
    label = "a column of `{Self}`, which is not in this query",
    note = "the query reads the models `{S}`; join `{Self}` first (`.inner_join(...)` / `.left_join(...)`), or use a column of one of these"
)]
pub trait InQuery<S, P> {}
impl<A> InQuery<(A,), First> for A {}
impl<A, B> InQuery<(A, B), First> for A {}
impl<A, B> InQuery<(A, B), Second> for B {}
impl<A, B, C> InQuery<(A, B, C), First> for A {}
impl<A, B, C> InQuery<(A, B, C), Second> for B {}
impl<A, B, C> InQuery<(A, B, C), Third> for C {}
impl<A, B, C, D> InQuery<(A, B, C, D), First> for A {}
impl<A, B, C, D> InQuery<(A, B, C, D), Second> for B {}
impl<A, B, C, D> InQuery<(A, B, C, D), Third> for C {}
impl<A, B, C, D> InQuery<(A, B, C, D), Fourth> for D {}

/// A type-level list of up to 4 models (or result parts) with `X` added at the end.
#[diagnostic::on_unimplemented(
    message = "a query can join at most 4 models",
    label = "too many joins"
)]
pub trait Append<X> {
    /// The longer list.
    type Output;
}
impl<A, X> Append<X> for (A,) {
    type Output = (A, X);
}
impl<A, B, X> Append<X> for (A, B) {
    type Output = (A, B, X);
}
impl<A, B, C, X> Append<X> for (A, B, C) {
    type Output = (A, B, C, X);
}

/// Implemented by a join's row type for each model `N` it left-joins (`Option<N>` at position
/// `P`): only such a model can have no match.
#[diagnostic::on_unimplemented(
    message = "`{N}` is not left-joined in this query, so every row has a match",
    label = "not the optional side of a left join",
    note = "the join's rows are `{Self}`; `without_match` applies to a model joined with `.left_join(...)`"
)]
pub trait LeftJoined<N, P> {}
macro_rules! left_joined {
    ($($pos:ident => $n:ident [$($g:ident),+]: $row:ty;)+) => {
        $(impl<$($g),+> LeftJoined<$n, $pos> for $row {})+
    };
}
left_joined! {
    Second => B [A, B]: (A, Option<B>);
    Second => B [A, B, C]: (A, Option<B>, C);
    Third => C [A, B, C]: (A, B, Option<C>);
    Second => B [A, B, C, D]: (A, Option<B>, C, D);
    Third => C [A, B, C, D]: (A, B, Option<C>, D);
    Fourth => D [A, B, C, D]: (A, B, C, Option<D>);
}

/// One part of a join's result row: a model, or `Option<Model>` for the side of a left join
/// that may have no match.
pub trait JoinPart: Sized {
    /// How many columns the part spans.
    const WIDTH: usize;
    /// Reads the part from the row's columns at `at` onwards.
    fn decode_at(row: &Row, at: usize) -> Result<Self>;
}

impl<M: Model> JoinPart for M {
    const WIDTH: usize = M::SCHEMA.columns.len();
    fn decode_at(row: &Row, at: usize) -> Result<M> {
        M::from_row_at(row, at)
    }
}

impl<M: Model> JoinPart for Option<M> {
    const WIDTH: usize = M::SCHEMA.columns.len();
    /// A primary key is never NULL in a stored row, so a NULL key means "no match".
    fn decode_at(row: &Row, at: usize) -> Result<Option<M>> {
        let key = M::SCHEMA
            .primary_key
            .first()
            .and_then(|k| M::SCHEMA.columns.iter().position(|c| c.name == *k));
        match key {
            Some(k) if row.is_null(at + k)? => Ok(None),
            _ => M::from_row_at(row, at).map(Some),
        }
    }
}

/// A join's result row: a tuple of [`JoinPart`]s.
pub trait JoinRow: Sized + Send + 'static {
    /// Reads the row.
    fn decode(row: &Row) -> Result<Self>;
}

macro_rules! join_row {
    ($($t:ident),+) => {
        impl<$($t: JoinPart + Send + 'static),+> JoinRow for ($($t,)+) {
            #[allow(unused_assignments, reason = "the last part moves the offset past the end")]
            fn decode(row: &Row) -> Result<Self> {
                decode_in_sequence!(row, 0, decode_at, $($t),+)
            }
        }
    };
}
join_row!(A);
join_row!(A, B);
join_row!(A, B, C);
join_row!(A, B, C, D);

/// The `ON` condition of a join of `N` to a query that already reads `O`:
/// `Album::ARTIST_ID.on(Artist::ID)`.
#[derive(Debug, Clone, PartialEq)]
pub struct On<N, O> {
    expr: Expr,
    _marker: PhantomData<fn() -> (N, O)>,
}

impl<N: Model, T: Field> Column<N, T> {
    /// `joined.column = other.column`, the condition of a join of this column's model to a
    /// query that reads `other`'s; the two columns must have the same type.
    pub fn on<O: Model, U: Field>(self, other: Column<O, U>) -> On<N, O>
    where
        U::Base: Comparable<T::Base>,
    {
        On {
            expr: Expr::Cmp(
                Box::new(Expr::Column(self.column_ref())),
                CmpOp::Eq,
                Box::new(Expr::Column(other.column_ref())),
            ),
            _marker: PhantomData,
        }
    }
}

/// A query over the models `S` joined together, whose rows are `R` (a tuple with a model,
/// or `Option<Model>` for a left join, per model).
#[derive(Debug, Clone)]
pub struct Join<S, R> {
    pub(crate) parts: SelectParts,
    /// The name each model of the query goes by (its table, or its alias), in order.
    tables: Vec<&'static str>,
    /// The tables on the nullable side of a left join: their columns can be NULL.
    pub(crate) nullable: Vec<&'static str>,
    pub(crate) origin: &'static Location<'static>,
    _marker: PhantomData<fn() -> (S, R)>,
}

/// Every column of `M`, qualified by `name` (its table or its alias), in schema order.
pub(crate) fn all_columns<M: Model>(name: &'static str, out: &mut Vec<Expr>) {
    out.extend(M::SCHEMA.columns.iter().map(|c| {
        Expr::Column(ColumnRef {
            table: name,
            column: c.name,
        })
    }));
}

impl<M: Model> Select<M> {
    pub(crate) fn into_join(self) -> Join<(M,), (M,)> {
        let mut parts = self.parts();
        all_columns::<M>(M::SCHEMA.name, &mut parts.items);
        Join {
            parts,
            tables: vec![M::SCHEMA.name],
            nullable: Vec::new(),
            origin: self.origin(),
            _marker: PhantomData,
        }
    }

    /// `INNER JOIN n ON ...`: rows of `M` with their matching `N`, as `(M, N)`.
    pub fn inner_join<N: Model, O, P>(self, on: On<N, O>) -> Join<(M, N), (M, N)>
    where
        O: InQuery<(M,), P>,
    {
        self.into_join().inner_join(on)
    }

    /// `LEFT JOIN n ON ...`: every row of `M`, with its matching `N` or `None`, as
    /// `(M, Option<N>)`.
    pub fn left_join<N: Model, O, P>(self, on: On<N, O>) -> Join<(M, N), (M, Option<N>)>
    where
        O: InQuery<(M,), P>,
    {
        self.into_join().left_join(on)
    }
}

impl<S, R> Join<S, R> {
    /// Joins `N` under `alias` (or its table name): `on`'s first operand is `N`'s column.
    pub(crate) fn join<N: Model, S2, R2>(
        mut self,
        kind: JoinKind,
        on: On<N, impl Sized>,
        alias: Option<&'static str>,
    ) -> Join<S2, R2> {
        let name = alias.unwrap_or(N::SCHEMA.name);
        if self.tables.contains(&name) {
            self.parts.refused = Some(
                "a model is joined twice under one name: join it again with `inner_join_as` or `left_join_as` and an alias",
            );
        }
        self.tables.push(name);
        if kind == JoinKind::Left {
            self.nullable.push(name);
        }
        let mut on = on.expr;
        if let (Some(alias), Expr::Cmp(joined, _, _)) = (alias, &mut on) {
            crate::alias::requalify(joined, N::SCHEMA.name, alias);
        }
        // A soft-deleted row of `N` is no match: in the ON, so a left join keeps its left row.
        let soft = crate::soft_delete::condition::<N>(crate::soft_delete::Scope::Live);
        let on = match soft {
            Some(mut live) => {
                crate::alias::requalify(&mut live, N::SCHEMA.name, name);
                Expr::And(vec![on, live])
            }
            None => on,
        };
        self.parts.joins.push(JoinClause {
            kind,
            table: N::SCHEMA.name,
            alias,
            on,
        });
        all_columns::<N>(name, &mut self.parts.items);
        Join {
            parts: self.parts,
            tables: self.tables,
            nullable: self.nullable,
            origin: self.origin,
            _marker: PhantomData,
        }
    }

    /// `INNER JOIN n ON ...`: adds `N` to each row; rows without a match are dropped.
    pub fn inner_join<N: Model, O, P>(self, on: On<N, O>) -> Join<S::Output, R::Output>
    where
        S: Append<N>,
        R: Append<N>,
        O: InQuery<S, P>,
    {
        self.join(JoinKind::Inner, on, None)
    }

    /// `LEFT JOIN n ON ...`: adds `Option<N>` to each row, `None` where nothing matches.
    pub fn left_join<N: Model, O, P>(self, on: On<N, O>) -> Join<S::Output, R::Output>
    where
        S: Append<N>,
        R: Append<Option<N>>,
        O: InQuery<S, P>,
    {
        self.join(JoinKind::Left, on, None)
    }

    /// Keeps only rows that match `filter`, a condition on any model of the query.
    pub fn filter<M, P>(self, filter: Filter<M>) -> Self
    where
        M: InQuery<S, P>,
    {
        self.and_where(filter.expr)
    }

    fn and_where(mut self, condition: Expr) -> Self {
        self.parts.and_filter(condition);
        self
    }

    /// Keeps only rows for which the left join of `N` found no match (an anti-join):
    /// `N`'s key is NULL there, and never in a stored row.
    pub fn without_match<N, P>(self) -> Self
    where
        N: Model,
        R: LeftJoined<N, P>,
        P: position::Position,
    {
        let key = N::SCHEMA.primary_key.first().copied();
        let name = self.tables.get(P::INDEX).copied().unwrap_or(N::SCHEMA.name);
        let missing = key.map(|column| {
            let column = ColumnRef {
                table: name,
                column,
            };
            Expr::IsNull(Box::new(Expr::Column(column)), false)
        });
        match missing {
            Some(e) => self.and_where(e),
            None => self,
        }
    }

    /// Adds a sort key on a column of any model of the query.
    pub fn order_by<M, P>(mut self, order: Order<M>) -> Self
    where
        M: InQuery<S, P>,
    {
        let mut term = order.term();
        // NULL (no match) sorts as the smallest value on every backend.
        term.nullable |= self.nullable.contains(&order.column.table);
        self.parts.order.push(term);
        self
    }

    paging_methods!();

    /// The statement [`Join::all`] runs.
    pub fn to_statement(&self, backend: covet_sql::Backend) -> Result<Statement> {
        self.parts
            .reading_statement(backend, self.origin, self.parts.from)
    }

    /// Every result row.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<R>>
    where
        R: JoinRow,
    {
        if !self.parts.ctes.is_empty() {
            crate::support::require(crate::support::Shape::Cte, db)?;
        }
        let rows = db.fetch_all(self.to_statement(db.backend())?).await?;
        rows.iter().map(R::decode).collect()
    }
}
