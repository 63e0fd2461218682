//! Keyset pagination: the next page starts after the last row seen, by the values of the
//! ordering columns, instead of skipping rows with `OFFSET` (which reads every skipped row and
//! shifts when rows are inserted before the page).
//!
//! ```no_run
//! # use covet_orm::{Column, Cursor, Db, Model, Result};
//! # async fn f<M: Model>(db: &Db, year: Column<M, i32>, id: Column<M, i64>, last_year: i32, last_id: i64) -> Result<Vec<M>> {
//! // The first page: ordered by year (newest first), then id.
//! let first = M::query().order_by(year.desc()).order_by(id.asc()).limit(20).all(db).await?;
//! // The next one: after the last row of the previous page, in the same order.
//! let cursor = Cursor::new().desc(year, last_year).asc(id, last_id);
//! M::query().after(cursor).limit(20).all(db).await
//! # }
//! ```
//!
//! The cursor's columns must end with a unique one (the primary key, say) so that no two rows
//! tie, and must be NOT NULL: NULL compares neither before nor after a value, so rows with a
//! NULL sort key would be skipped. A nullable column does not compile as a cursor column.

use crate::Value;
use crate::column::Column;
use crate::expr::{CmpOp, Direction, Expr, Filter, Order};
use crate::field::{BaseField, Field, IntoValue};
use crate::model::Model;
use crate::query::Select;

/// A NOT NULL column type: the only kind a keyset cursor can order by.
#[diagnostic::on_unimplemented(
    message = "keyset pagination needs NOT NULL sort columns, and this column is `{Self}`",
    label = "a nullable column",
    note = "NULL is neither before nor after a value, so rows with a NULL key would be skipped: order by NOT NULL columns (ending with the primary key), or paginate with limit/offset"
)]
pub trait KeysetField {}
impl<T: BaseField> KeysetField for T {}

/// The position after the last row of a page: the values of its ordering columns, each with
/// its direction, most significant first.
#[derive(Debug, Clone)]
pub struct Cursor<M> {
    keys: Vec<(Order<M>, Value)>,
}

impl<M: Model> Default for Cursor<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> Cursor<M> {
    /// A cursor with no columns yet.
    pub fn new() -> Self {
        Self { keys: Vec::new() }
    }

    /// The next ordering column, ascending, with the last row's value.
    pub fn asc<T: Field + KeysetField>(
        mut self,
        column: Column<M, T>,
        last: impl IntoValue<T::Base>,
    ) -> Self {
        self.keys.push((column.asc(), last.into_value()));
        self
    }

    /// The next ordering column, descending, with the last row's value.
    pub fn desc<T: Field + KeysetField>(
        mut self,
        column: Column<M, T>,
        last: impl IntoValue<T::Base>,
    ) -> Self {
        self.keys.push((column.desc(), last.into_value()));
        self
    }

    /// `(k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...`, with `<` for descending keys.
    fn condition(&self) -> Filter<M> {
        let column = |o: &Order<M>| Box::new(Expr::Column(o.column));
        let value = |v: &Value| Box::new(Expr::Value(v.clone()));
        let mut any = Vec::with_capacity(self.keys.len());
        for (i, (order, last)) in self.keys.iter().enumerate() {
            let mut all: Vec<Expr> = self.keys[..i]
                .iter()
                .map(|(o, v)| Expr::Cmp(column(o), CmpOp::Eq, value(v)))
                .collect();
            let op = match order.direction {
                Direction::Asc => CmpOp::Gt,
                Direction::Desc => CmpOp::Lt,
            };
            all.push(Expr::Cmp(column(order), op, value(last)));
            any.push(if all.len() == 1 {
                all.remove(0)
            } else {
                Expr::And(all)
            });
        }
        Filter::new(Expr::Or(any))
    }
}

impl<M: Model> Select<M> {
    /// Continues after `cursor`: keeps the rows that come after it and orders by the cursor's
    /// columns. Give the first page the same order (`order_by` each column) and no other, and
    /// do not add `order_by` here: the cursor is the order.
    pub fn after(self, cursor: Cursor<M>) -> Self {
        let q = self.filter(cursor.condition());
        cursor.keys.into_iter().fold(q, |q, (o, _)| q.order_by(o))
    }
}
