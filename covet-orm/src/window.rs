//! Window functions: `row_number().over(Window::new().partition_by(Track::ALBUM)
//! .order_by(Track::POSITION.asc()))`, `rank`, `dense_rank`, `lag`/`lead`, and any aggregate
//! `.over(window)`. Typed like columns, selected like columns.

use crate::column::Column;
use crate::computed::{Call, Cast, Computed, Func, WindowSpec};
use crate::expr::Expr;
use crate::field::Field;
use crate::model::Model;
use crate::project::{Projection, Sort};
use crate::{Result, Row};
use std::marker::PhantomData;

/// `OVER (PARTITION BY ... ORDER BY ...)` over the rows of `M`.
#[derive(Debug, Clone, PartialEq)]
pub struct Window<M> {
    pub(crate) spec: WindowSpec,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> Default for Window<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> Window<M> {
    /// One window over every row of the result.
    pub fn new() -> Self {
        Self {
            spec: WindowSpec::default(),
            _model: PhantomData,
        }
    }

    /// A separate window for each value of `column` (after earlier partition columns).
    pub fn partition_by<T: Field>(mut self, column: Column<M, T>) -> Self {
        self.spec.partition.push(Expr::Column(column.column_ref()));
        self
    }

    /// Orders the rows within each window (after earlier sort keys).
    pub fn order_by(mut self, sort: impl Into<Sort<M>>) -> Self {
        self.spec.order.push(sort.into().term);
        self
    }
}

/// A window function waiting for its window: [`WindowFn::over`] makes it selectable.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowFn<M, T> {
    call: Call,
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> WindowFn<M, T> {
    fn new(func: Func, arg: Option<Expr>, cast: Option<Cast>) -> Self {
        Self {
            call: Call::new(func, arg, cast),
            _marker: PhantomData,
        }
    }

    /// The function computed over `window`.
    pub fn over(self, window: Window<M>) -> Windowed<M, T> {
        Windowed::new(self.call, window)
    }
}

/// `ROW_NUMBER()`: 1, 2, 3, ... within each window, in its order. Cast so that it is `i64`
/// everywhere.
pub fn row_number<M: Model>() -> WindowFn<M, i64> {
    WindowFn::new(Func::RowNumber, None, Some(Cast::BigInt))
}

/// `RANK()`: rows that tie share a rank, and the next rank skips (1, 1, 3).
pub fn rank<M: Model>() -> WindowFn<M, i64> {
    WindowFn::new(Func::Rank, None, Some(Cast::BigInt))
}

/// `DENSE_RANK()`: rows that tie share a rank, and the next rank follows (1, 1, 2).
pub fn dense_rank<M: Model>() -> WindowFn<M, i64> {
    WindowFn::new(Func::DenseRank, None, Some(Cast::BigInt))
}

impl<M: Model, T: Field> Column<M, T> {
    /// `LAG(column)`: the column's value in the previous row of the window (`None` in the
    /// first row).
    pub fn lag(self) -> WindowFn<M, Option<T::Base>> {
        WindowFn::new(Func::Lag, Some(Expr::Column(self.column_ref())), None)
    }

    /// `LEAD(column)`: the column's value in the next row of the window (`None` in the last).
    pub fn lead(self) -> WindowFn<M, Option<T::Base>> {
        WindowFn::new(Func::Lead, Some(Expr::Column(self.column_ref())), None)
    }
}

/// A window function over its window, whose value decodes as `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Windowed<M, T> {
    call: Call,
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Windowed<M, T> {
    /// `call` computed over `window` instead of over a group.
    pub(crate) fn new(mut call: Call, window: Window<M>) -> Self {
        call.over = Some(window.spec);
        Self {
            call,
            _marker: PhantomData,
        }
    }
}

impl<M: Model, T: Field> Projection<M> for Windowed<M, T> {
    type Out = T;
    const WIDTH: usize = 1;
    fn push_exprs(self, out: &mut Vec<Expr>) {
        out.push(Computed::Call(self.call).expr());
    }
    fn decode(row: &Row, at: usize) -> Result<T> {
        T::decode(row, at)
    }
}
