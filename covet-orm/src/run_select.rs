//! What every query shape built on [`SelectParts`] (projections, joins, projections of joins)
//! does the same way: add to `WHERE` / `HAVING`, become one statement, and read exactly one
//! row.

use crate::computed::SelectParts;
use crate::executor::Executor;
use crate::expr::Expr;
use crate::render::{Render, Statement};
use crate::{Error, Result, Row};
use std::panic::Location;

/// `limit` and `offset`, and with `distinct` also `SELECT DISTINCT`, for a query shape that
/// keeps its `SELECT` in `self.parts`.
macro_rules! paging_methods {
    (distinct) => {
        /// `SELECT DISTINCT`: each different result row once.
        pub fn distinct(mut self) -> Self {
            self.parts.distinct = true;
            self
        }

        paging_methods!();
    };
    () => {
        /// Returns at most `n` rows.
        pub fn limit(mut self, n: u64) -> Self {
            self.parts.limit = Some(n);
            self
        }

        /// Skips the first `n` rows.
        pub fn offset(mut self, n: u64) -> Self {
            self.parts.offset = Some(n);
            self
        }
    };
}
pub(crate) use paging_methods;

/// A tuple's parts decoded from `row` one after another from column `$at`, each `$t` with
/// `$t::$decode(row, at)` and then `$t::WIDTH` columns further on. The caller allows
/// `unused_assignments`: the last part moves the offset past the end.
macro_rules! decode_in_sequence {
    ($row:ident, $at:expr, $decode:ident, $($t:ident),+) => {{
        let mut at = $at;
        Ok(($({
            let part = $t::$decode($row, at)?;
            at += $t::WIDTH;
            part
        },)+))
    }};
}
pub(crate) use decode_in_sequence;

/// `existing AND condition`, kept flat so that a chain of filters renders as one `AND` list.
pub(crate) fn and_into(existing: Option<Expr>, condition: Expr) -> Expr {
    match existing {
        None => condition,
        Some(Expr::And(mut all)) => {
            all.push(condition);
            Expr::And(all)
        }
        Some(e) => Expr::And(vec![e, condition]),
    }
}

impl SelectParts {
    /// Adds `condition` to `WHERE`, after the conditions already there.
    pub(crate) fn and_filter(&mut self, condition: Expr) {
        self.filter = Some(and_into(self.filter.take(), condition));
    }

    /// Adds `condition` to `HAVING`, after the conditions already there.
    pub(crate) fn and_having(&mut self, condition: Expr) {
        self.having = Some(and_into(self.having.take(), condition));
    }

    /// The reading statement for this query, attributed to `origin` and to `table`.
    pub(crate) fn reading_statement(
        &self,
        backend: covet_sql::Backend,
        origin: &'static Location<'static>,
        table: &'static str,
    ) -> Result<Statement> {
        let mut r = Render::new(backend);
        r.select(self);
        Ok(r.finish()?.reading().at(origin).on(table))
    }

    /// [`SelectParts::reading_statement`] for the server behind `db`:
    /// [`Error::Unsupported`] when it is too old for a window function the query uses.
    pub(crate) fn reading_statement_for(
        &self,
        db: &impl Executor,
        origin: &'static Location<'static>,
        table: &'static str,
    ) -> Result<Statement> {
        if crate::support::uses_window(self) {
            crate::support::require(crate::support::Shape::WindowFunctions, db)?;
        }
        self.reading_statement(db.backend(), origin, table)
    }
}

/// The one row of `rows`, decoded: [`Error::NotFound`] when there is none,
/// [`Error::TooManyRows`] when there are more; `model` names what was asked for.
pub(crate) fn exactly_one<T>(
    rows: &[Row],
    model: &'static str,
    decode: impl FnOnce(&Row) -> Result<T>,
) -> Result<T> {
    match rows {
        [row] => decode(row),
        [] => Err(Error::NotFound { model }),
        _ => Err(Error::TooManyRows { model }),
    }
}
