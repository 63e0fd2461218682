//! Aggregates with one result type on every backend: `count` is `i64`, `sum` of an integer
//! column is `Option<i64>`, of a float column `Option<f64>`, of a decimal `Option<Decimal>`,
//! `avg` is `Option<f64>`, `min`/`max` are `Option` of the column's type (`None` over no
//! rows). The SQL casts where a backend would return another type.

use crate::column::{Column, value_comparisons};
use crate::computed::{Call, Cast, Computed, Func};
use crate::expr::{CmpOp, Direction, Expr, Filter};
use crate::field::{BaseField, Field, IntoValue};
use crate::model::Model;
use crate::project::{Projection, Sort};
use crate::window::{Window, Windowed};
use crate::{Result, Row};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use std::marker::PhantomData;

/// An aggregate over the rows of `M` (or of each group) whose value decodes as `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate<M, T> {
    pub(crate) call: Call,
    _marker: PhantomData<fn() -> (M, T)>,
}

/// `COUNT(*)`: the number of rows (of each group).
pub fn count_all<M: Model>() -> Aggregate<M, i64> {
    Aggregate::new(Func::Count, None, None)
}

/// The column types `sum` and `avg` apply to, and the type their sum has.
#[diagnostic::on_unimplemented(
    message = "`sum` and `avg` need a numeric column, and this column holds `{Self}`",
    label = "not a number",
    note = "sum and average integer (i16, i32, i64), float (f32, f64) or rust_decimal::Decimal columns; `count`, `min` and `max` work on other columns"
)]
pub trait Numeric: Field {
    /// The Rust type of the sum: `i64` for integers, `f64` for floats, `Decimal` for decimals.
    type Sum: BaseField;
    /// The cast that makes every backend return `Sum`.
    const SUM_CAST: Option<Cast>;
}

/// Implemented for the type and its `Option`: the bound is then on the column's own type,
/// which is what the compiler's message names.
macro_rules! numeric {
    ($($t:ty => $sum:ty, $cast:expr;)+) => {
        $(impl Numeric for $t {
            type Sum = $sum;
            const SUM_CAST: Option<Cast> = $cast;
        }
        impl Numeric for Option<$t> {
            type Sum = $sum;
            const SUM_CAST: Option<Cast> = $cast;
        })+
    };
}
numeric! {
    i16 => i64, Some(Cast::BigInt);
    i32 => i64, Some(Cast::BigInt);
    i64 => i64, Some(Cast::BigInt);
    f32 => f64, Some(Cast::Double);
    f64 => f64, Some(Cast::Double);
    Decimal => Decimal, None;
}

/// The column types with an order, which `min` and `max` apply to.
#[diagnostic::on_unimplemented(
    message = "`min` and `max` need a column with an order, and this column holds `{Self}`",
    label = "no order on every backend",
    note = "use `min`/`max` on numbers, text, dates and timestamps"
)]
pub trait Ordered: Field {}

macro_rules! ordered {
    ($($t:ty),+) => {
        $(impl Ordered for $t {}
        impl Ordered for Option<$t> {})+
    };
}
ordered!(
    i16,
    i32,
    i64,
    f32,
    f64,
    Decimal,
    String,
    NaiveDate,
    NaiveDateTime,
    DateTime<Utc>
);

impl<M: Model, T: Field> Column<M, T> {
    fn aggregate<U>(self, func: Func, cast: Option<Cast>) -> Aggregate<M, U> {
        Aggregate::new(func, Some(Expr::Column(self.column_ref())), cast)
    }

    /// `COUNT(column)`: the number of rows where the column is not NULL.
    pub fn count(self) -> Aggregate<M, i64> {
        self.aggregate(Func::Count, None)
    }

    /// `COUNT(DISTINCT column)`: the number of different non-NULL values.
    pub fn count_distinct(self) -> Aggregate<M, i64> {
        let mut a = self.aggregate(Func::Count, None);
        a.call.distinct = true;
        a
    }

    /// `SUM(column)`: `None` when there are no non-NULL values.
    // `S` rather than `T::Sum` in the signature: with a projection there, a non-numeric
    // column made the compiler report "method exists but its trait bounds were not
    // satisfied" instead of `Numeric`'s own message.
    pub fn sum<S>(self) -> Aggregate<M, Option<S>>
    where
        T: Numeric<Sum = S>,
    {
        self.aggregate(Func::Sum, T::SUM_CAST)
    }

    /// `AVG(column)` as `f64` on every backend: `None` when there are no non-NULL values.
    ///
    /// The values are cast to `f64` before averaging: MariaDB's average of integers is a
    /// decimal with four places, which would round differently from the other backends.
    pub fn avg(self) -> Aggregate<M, Option<f64>>
    where
        T: Numeric,
    {
        let arg = Computed::Cast(Expr::Column(self.column_ref()), Cast::Double).expr();
        Aggregate::new(Func::Avg, Some(arg), None)
    }

    /// `MIN(column)`: `None` when there are no non-NULL values.
    pub fn min(self) -> Aggregate<M, Option<T::Base>>
    where
        T: Ordered,
    {
        self.aggregate(Func::Min, None)
    }

    /// `MAX(column)`: `None` when there are no non-NULL values.
    pub fn max(self) -> Aggregate<M, Option<T::Base>>
    where
        T: Ordered,
    {
        self.aggregate(Func::Max, None)
    }
}

impl<M, T> Aggregate<M, T> {
    fn new(func: Func, arg: Option<Expr>, cast: Option<Cast>) -> Self {
        Self {
            call: Call::new(func, arg, cast),
            _marker: PhantomData,
        }
    }

    pub(crate) fn expr(&self) -> Expr {
        Computed::Call(self.call.clone()).expr()
    }

    /// The same aggregate computed over a window of rows (`SUM(x) OVER (PARTITION BY ...
    /// ORDER BY ...)`, a running total) instead of over a group: every row is kept.
    pub fn over(self, window: Window<M>) -> Windowed<M, T> {
        Windowed::new(self.call, window)
    }
}

impl<M: Model, T: Field> Aggregate<M, T> {
    fn cmp(&self, op: CmpOp, value: impl IntoValue<T::Base>) -> Filter<M> {
        let value = Box::new(Expr::Value(value.into_value()));
        Filter::new(Expr::Cmp(Box::new(self.expr()), op, value))
    }

    value_comparisons!("aggregate", " (for `having`)");

    /// Ascending order on the aggregate (NULL first on every backend).
    pub fn asc(self) -> Sort<M> {
        Sort::new(self.expr(), Direction::Asc, T::NULLABLE)
    }

    /// Descending order on the aggregate (NULL last on every backend).
    pub fn desc(self) -> Sort<M> {
        Sort::new(self.expr(), Direction::Desc, T::NULLABLE)
    }
}

impl<M: Model, T: Field> Projection<M> for Aggregate<M, T> {
    type Out = T;
    const WIDTH: usize = 1;
    fn push_exprs(self, out: &mut Vec<Expr>) {
        out.push(self.expr());
    }
    fn decode(row: &Row, at: usize) -> Result<T> {
        T::decode(row, at)
    }
}
