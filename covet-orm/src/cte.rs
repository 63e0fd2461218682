//! Common table expressions: a named query joined like a table (`WITH a AS (...)`), and
//! walking a tree stored in one table (`WITH RECURSIVE`), such as every report under a
//! manager or every ancestor of a category.

use crate::Result;
use crate::alias::{Alias, As, InnerJoinAs, LeftJoinAs};
use crate::column::Column;
use crate::computed::{JoinKind, NamedQuery, RecursiveCte, SelectParts};
use crate::executor::Executor;
use crate::field::Field;
use crate::join::{Append, InQuery, Join, On, all_columns};
use crate::model::Model;
use crate::query::Select;
use crate::render::Statement;
use crate::subquery::Comparable;
use std::marker::PhantomData;
use std::panic::Location;

/// The name of the common table expression covet writes: a constant, so no name ever comes
/// from run time.
const CTE_NAME: &str = "covet_walk";

/// The rows a [`Select`] finds, then, round after round, every row whose `child` column
/// holds the `parent` column of a row found before, until no new row is found.
#[derive(Debug, Clone)]
pub struct Recursive<M> {
    query: Select<M>,
    cte: RecursiveCte,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> Select<M> {
    /// Walks a tree from the rows of this query (`WITH RECURSIVE`).
    ///
    /// `Employee::query().filter(Employee::ID.eq(boss)).recursive(Employee::MANAGER_ID,
    /// Employee::ID)` is the boss and everyone under them, at any depth;
    /// `.recursive(Employee::ID, Employee::MANAGER_ID)` walks up instead. The result is rows
    /// of `M`, each once, in this query's order (its `limit` applies to the result).
    pub fn recursive<T: Field, U: Field>(
        self,
        child: Column<M, T>,
        parent: Column<M, U>,
    ) -> Recursive<M>
    where
        U::Base: Comparable<T::Base>,
    {
        let seed = self.parts().filter;
        let step_filter = crate::soft_delete::condition::<M>(self.deleted);
        let cte = RecursiveCte {
            name: CTE_NAME,
            table: M::SCHEMA.name,
            columns: M::SCHEMA.columns.iter().map(|c| c.name).collect(),
            seed,
            child: child.column_ref(),
            parent: parent.name(),
            step_filter,
        };
        Recursive {
            query: self,
            cte,
            _model: PhantomData,
        }
    }
}

impl<M: Model> Recursive<M> {
    fn origin(&self) -> &'static Location<'static> {
        self.query.origin()
    }

    /// The statement [`Recursive::all`] runs.
    pub fn to_statement(&self, backend: covet_sql::Backend) -> Result<Statement> {
        let mut parts = self.query.parts();
        parts.from = CTE_NAME;
        // The seed's filter is inside the CTE; outside, only order and paging apply.
        parts.filter = None;
        parts.with = Some(Box::new(self.cte.clone()));
        // The CTE's columns are `M`'s, in schema order.
        parts.items.clear();
        all_columns::<M>(CTE_NAME, &mut parts.items);
        parts.reading_statement(backend, self.origin(), M::SCHEMA.name)
    }

    /// Every row found, each once.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<M>> {
        crate::support::require(crate::support::Shape::RecursiveCte, db)?;
        let rows = db.fetch_all(self.to_statement(db.backend())?).await?;
        rows.iter().map(M::from_row).collect()
    }
}

/// A query of `M` named `A`, joined like a table: `WITH "a" AS (SELECT ... FROM "m" WHERE
/// ...)`. Built by [`Select::named`]; its rows are whole `M`s.
#[derive(Debug, Clone)]
pub struct Named<M, A> {
    query: SelectParts,
    _marker: PhantomData<fn() -> (M, A)>,
}

impl<M: Model> Select<M> {
    /// Names this query (`WITH name AS (...)`) so that another query can join its rows, as it
    /// would join `M`'s table: `Album::query().inner_join_named(us_artists, ...)`.
    pub fn named<A: Alias>(self, alias: A) -> Named<M, A> {
        let _ = alias;
        let mut query = self.parts();
        query.items.clear();
        all_columns::<M>(M::SCHEMA.name, &mut query.items);
        Named {
            query,
            _marker: PhantomData,
        }
    }

    /// `WITH a AS (...) ... INNER JOIN a ON ...`: rows of `M` with their match among the
    /// named query's rows, as `(M, N)`.
    pub fn inner_join_named<A: Alias, N: Model, O, P>(
        self,
        named: Named<N, A>,
        on: On<N, O>,
    ) -> InnerJoinAs<M, N, A>
    where
        O: InQuery<(M,), P>,
    {
        self.into_join().inner_join_named(named, on)
    }

    /// `WITH a AS (...) ... LEFT JOIN a ON ...`: every row of `M`, with its match among the
    /// named query's rows or `None`.
    pub fn left_join_named<A: Alias, N: Model, O, P>(
        self,
        named: Named<N, A>,
        on: On<N, O>,
    ) -> LeftJoinAs<M, N, A>
    where
        O: InQuery<(M,), P>,
    {
        self.into_join().left_join_named(named, on)
    }
}

impl<S, R> Join<S, R> {
    /// Reads the last join from the named query instead of `N`'s table.
    fn reading_named<N, A: Alias>(mut self, named: Named<N, A>) -> Self {
        if let Some(last) = self.parts.joins.last_mut() {
            last.table = A::NAME.as_str();
            last.alias = None;
        }
        self.parts.ctes.push(NamedQuery {
            name: A::NAME.as_str(),
            query: named.query,
        });
        self
    }

    /// `INNER JOIN a ON ...` over the named query `a`: adds `N` to each row.
    pub fn inner_join_named<A: Alias, N: Model, O, P>(
        self,
        named: Named<N, A>,
        on: On<N, O>,
    ) -> Join<S::Output, R::Output>
    where
        S: Append<As<N, A>>,
        R: Append<N>,
        O: InQuery<S, P>,
    {
        let joined: Join<S::Output, R::Output> =
            self.join(JoinKind::Inner, on, Some(A::NAME.as_str()));
        joined.reading_named(named)
    }

    /// `LEFT JOIN a ON ...` over the named query `a`: adds `Option<N>` to each row.
    pub fn left_join_named<A: Alias, N: Model, O, P>(
        self,
        named: Named<N, A>,
        on: On<N, O>,
    ) -> Join<S::Output, R::Output>
    where
        S: Append<As<N, A>>,
        R: Append<Option<N>>,
        O: InQuery<S, P>,
    {
        let joined: Join<S::Output, R::Output> =
            self.join(JoinKind::Left, on, Some(A::NAME.as_str()));
        joined.reading_named(named)
    }
}
