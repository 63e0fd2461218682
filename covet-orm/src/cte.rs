//! Recursive common table expressions: walking a tree stored in one table
//! (`WITH RECURSIVE`), such as every report under a manager or every ancestor of a category.

use crate::Result;
use crate::column::Column;
use crate::computed::RecursiveCte;
use crate::executor::Executor;
use crate::field::Field;
use crate::model::Model;
use crate::query::Select;
use crate::render::{Render, Statement};
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
        parts.items = self
            .cte
            .columns
            .iter()
            .map(|c| {
                crate::expr::Expr::Column(crate::expr::ColumnRef {
                    table: CTE_NAME,
                    column: c,
                })
            })
            .collect();
        let mut r = Render::new(backend);
        r.select(&parts);
        Ok(r.finish()?.reading().at(self.origin()).on(M::SCHEMA.name))
    }

    /// Every row found, each once.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<M>> {
        crate::support::require(crate::support::Shape::RecursiveCte, db)?;
        let rows = db.fetch_all(self.to_statement(db.backend())?).await?;
        rows.iter().map(M::from_row).collect()
    }
}
