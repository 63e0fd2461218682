//! `Select::with`: a query that loads relations along with its rows, and [`load`] for rows
//! already fetched.

use super::handle::Include;
use crate::Result;
use crate::executor::Executor;
use crate::expr::{Filter, Order};
use crate::model::Model;
use crate::query::Select;

/// A query of `M` plus the relations to load onto its rows (`I`): the rows' statement, then
/// one statement per relation requested, whatever the number of rows.
#[derive(Debug, Clone)]
pub struct WithQuery<M, I> {
    select: Select<M>,
    includes: I,
}

impl<M: Model> Select<M> {
    /// Loads `relation` onto every row the query returns:
    /// `Artist::query().with(Artist::ALBUMS.with(Album::TRACKS))`.
    pub fn with<R: Include<M>>(self, relation: R) -> WithQuery<M, ((), R)> {
        WithQuery {
            select: self,
            includes: ((), relation),
        }
    }
}

impl<M: Model, I: Include<M>> WithQuery<M, I> {
    /// Loads one more relation.
    pub fn with<R: Include<M>>(self, relation: R) -> WithQuery<M, (I, R)> {
        WithQuery {
            select: self.select,
            includes: (self.includes, relation),
        }
    }

    /// Keeps only rows that match `filter` (and every earlier filter).
    pub fn filter(mut self, filter: Filter<M>) -> Self {
        self.select = self.select.filter(filter);
        self
    }

    /// Adds a sort key; earlier keys take precedence.
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.select = self.select.order_by(order);
        self
    }

    /// Returns at most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.select = self.select.limit(n);
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.select = self.select.offset(n);
        self
    }

    /// Every matching row, with its relations loaded.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<M>> {
        let mut rows = self.select.all(db).await?;
        self.includes.load_onto(&mut rows, db).await?;
        Ok(rows)
    }

    /// The first matching row, if any, with its relations loaded.
    pub async fn first(&self, db: &impl Executor) -> Result<Option<M>> {
        let Some(row) = self.select.first(db).await? else {
            return Ok(None);
        };
        let mut rows = [row];
        self.includes.load_onto(&mut rows, db).await?;
        let [row] = rows;
        Ok(Some(row))
    }

    /// Exactly one matching row, with its relations loaded ([`crate::Error::NotFound`] or
    /// [`crate::Error::TooManyRows`] otherwise).
    pub async fn one(&self, db: &impl Executor) -> Result<M> {
        let mut rows = [self.select.one(db).await?];
        self.includes.load_onto(&mut rows, db).await?;
        let [row] = rows;
        Ok(row)
    }
}

/// Loads `relation` onto rows already fetched, in one statement per relation requested:
/// `load(&mut artists, Artist::ALBUMS, &db)`. A relation already loaded is replaced.
pub async fn load<M, R: Include<M>>(rows: &mut [M], relation: R, db: &impl Executor) -> Result<()> {
    relation.load_onto(rows, db).await
}
