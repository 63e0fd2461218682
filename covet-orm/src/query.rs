//! [`Select`]: a typed query over one model.

use crate::executor::Executor;
use crate::expr::{Expr, Filter, Order};
use crate::model::Model;
use crate::render::{Render, Statement};
use crate::{Error, Result, Row};
use std::marker::PhantomData;
use std::panic::Location;

/// A `SELECT` of model `M`, built from `M`'s typed columns. Conditions added with
/// [`Select::filter`] are combined with AND, so conditional building stays typed:
///
/// ```no_run
/// # use covet_orm::{Executor, Filter, Model, Select};
/// # fn f<M: Model>(mut q: Select<M>, extra: Option<Filter<M>>) -> Select<M> {
/// if let Some(f) = extra {
///     q = q.filter(f);
/// }
/// # q }
/// ```
#[derive(Debug, Clone)]
pub struct Select<M> {
    filters: Vec<Expr>,
    order: Vec<Order<M>>,
    limit: Option<u64>,
    offset: Option<u64>,
    /// Which rows of a soft-delete model it sees (live ones unless told otherwise).
    pub(crate) deleted: crate::soft_delete::Scope,
    origin: &'static Location<'static>,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> Default for Select<M> {
    #[track_caller]
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> Select<M> {
    /// All rows of `M`'s table.
    #[track_caller]
    pub fn new() -> Self {
        Self {
            filters: Vec::new(),
            order: Vec::new(),
            limit: None,
            offset: None,
            deleted: crate::soft_delete::Scope::Live,
            origin: Location::caller(),
            _model: PhantomData,
        }
    }

    /// Keeps only rows that match `filter` (and every earlier filter).
    pub fn filter(mut self, filter: Filter<M>) -> Self {
        self.filters.push(filter.expr);
        self
    }

    /// Adds a sort key; earlier keys take precedence.
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.order.push(order);
        self
    }

    /// Returns at most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(n);
        self
    }

    /// The WHERE of every statement built from this query: its filters and, for a
    /// soft-delete model, the condition that leaves deleted rows out.
    fn where_expr(&self) -> Option<Expr> {
        let soft = crate::soft_delete::condition::<M>(self.deleted);
        let mut all: Vec<Expr> = self.filters.iter().cloned().chain(soft).collect();
        match all.len() {
            0 | 1 => all.pop(),
            _ => Some(Expr::And(all)),
        }
    }

    fn rows_statement(&self, backend: covet_sql::Backend, limit: Option<u64>) -> Result<Statement> {
        let mut r = Render::new(backend);
        r.select_model(&M::SCHEMA);
        r.where_clause(self.where_expr().as_ref());
        r.order_by(&self.order);
        r.limit_offset(limit, self.offset);
        Ok(r.finish()?.reading().at(self.origin).on(M::SCHEMA.name))
    }

    /// The statement [`Select::all`] runs, for inspection and logging; an error when an input
    /// (a malformed LIKE pattern, say) is refused.
    pub fn to_statement(&self, backend: covet_sql::Backend) -> Result<Statement> {
        self.rows_statement(backend, self.limit)
    }

    /// Every matching row.
    pub async fn all(&self, db: &impl Executor) -> Result<Vec<M>> {
        db.fetch_decoded(self.to_statement(db.backend())?, M::from_row)
            .await
    }

    /// The first matching row in the query's order, if any.
    pub async fn first(&self, db: &impl Executor) -> Result<Option<M>> {
        let limit = Some(self.limit.map_or(1, |l| l.min(1)));
        let row = db
            .fetch_optional(self.rows_statement(db.backend(), limit)?)
            .await?;
        row.as_ref().map(M::from_row).transpose()
    }

    /// Exactly one matching row: [`Error::NotFound`] when there is none,
    /// [`Error::TooManyRows`] when there are more.
    pub async fn one(&self, db: &impl Executor) -> Result<M> {
        let limit = Some(self.limit.map_or(2, |l| l.min(2)));
        let rows = db
            .fetch_all(self.rows_statement(db.backend(), limit)?)
            .await?;
        match rows.as_slice() {
            [row] => M::from_row(row),
            [] => Err(Error::NotFound {
                model: M::SCHEMA.model,
            }),
            _ => Err(Error::TooManyRows {
                model: M::SCHEMA.model,
            }),
        }
    }

    /// The number of matching rows (after `limit`/`offset`, when set).
    pub async fn count(&self, db: &impl Executor) -> Result<u64> {
        let mut r = Render::new(db.backend());
        let paged = self.limit.is_some() || self.offset.is_some();
        if paged {
            r.w.sql("SELECT COUNT(*) FROM (SELECT 1 AS ")
                .ident("one")
                .sql(" FROM ");
        } else {
            r.w.sql("SELECT COUNT(*) FROM ");
        }
        r.w.ident(M::SCHEMA.name);
        r.where_clause(self.where_expr().as_ref());
        if paged {
            r.order_by(&self.order);
            r.limit_offset(self.limit, self.offset);
            r.w.sql(") ").ident("counted");
        }
        let row = db
            .fetch_optional(r.finish()?.reading().at(self.origin).on(M::SCHEMA.name))
            .await?;
        let count: i64 = row.as_ref().map_or(Ok(0), |r: &Row| r.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Whether any row matches.
    pub async fn exists(&self, db: &impl Executor) -> Result<bool> {
        let mut r = Render::new(db.backend());
        r.w.sql("SELECT 1 FROM ").ident(M::SCHEMA.name);
        r.where_clause(self.where_expr().as_ref());
        r.limit_offset(Some(1), self.offset);
        Ok(db
            .fetch_optional(r.finish()?.reading().at(self.origin).on(M::SCHEMA.name))
            .await?
            .is_some())
    }
}

// What the constructs built on a `Select` (projections, joins, subqueries, CTEs) read of it.
impl<M: Model> Select<M> {
    /// This query as a plain `SELECT` of no columns yet, with its filters, order and paging.
    pub(crate) fn parts(&self) -> crate::computed::SelectParts {
        let mut p = crate::computed::SelectParts::from(M::SCHEMA.name);
        p.filter = self.where_expr();
        p.order = self.order.iter().map(|o| o.term()).collect();
        p.limit = self.limit;
        p.offset = self.offset;
        p
    }

    /// Where in the caller's code the query was built.
    pub(crate) fn origin(&self) -> &'static Location<'static> {
        self.origin
    }
}
