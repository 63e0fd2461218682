//! The query model as plain data ([`Expr`]) and its typed wrappers ([`Filter`], [`Order`]).

use crate::Value;
use std::marker::PhantomData;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            Self::Eq => " = ",
            Self::Ne => " <> ",
            Self::Lt => " < ",
            Self::Le => " <= ",
            Self::Gt => " > ",
            Self::Ge => " >= ",
        }
    }
}

/// A column of a table, by its compile-time names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnRef {
    /// Table name.
    pub table: &'static str,
    /// Column name.
    pub column: &'static str,
}

/// A boolean or value expression: plain data, rendered by the SQL writer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expr {
    /// A column.
    Column(ColumnRef),
    /// A bound value.
    Value(Value),
    /// `l op r`.
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    /// All of these hold (`TRUE` when empty).
    And(Vec<Expr>),
    /// Any of these holds (`FALSE` when empty).
    Or(Vec<Expr>),
    /// Negation.
    Not(Box<Expr>),
    /// `e IS NULL` (or `IS NOT NULL` when the flag is set).
    IsNull(Box<Expr>, bool),
    /// `e IN (values)`; an empty list is false.
    InList(Box<Expr>, Vec<Value>),
    /// `e BETWEEN lo AND hi`.
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `e LIKE pattern`, with `\` as the escape character on every backend.
    Like(Box<Expr>, Box<Expr>),
    /// An aggregate, window function or subquery.
    Computed(Box<crate::computed::Computed>),
    /// Some row related to this one matches (`Artist::ALBUMS.any(...)`).
    Related(Box<crate::relation::RelatedExists>),
}

/// A typed condition on the rows of model `M`: it can only be built from `M`'s columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter<M> {
    pub(crate) expr: Expr,
    _model: PhantomData<fn() -> M>,
}

impl<M> Filter<M> {
    pub(crate) fn new(expr: Expr) -> Self {
        Self {
            expr,
            _model: PhantomData,
        }
    }

    /// Both conditions hold.
    pub fn and(self, other: Filter<M>) -> Filter<M> {
        Filter::new(match self.expr {
            Expr::And(mut all) => {
                all.push(other.expr);
                Expr::And(all)
            }
            e => Expr::And(vec![e, other.expr]),
        })
    }

    /// Either condition holds.
    pub fn or(self, other: Filter<M>) -> Filter<M> {
        Filter::new(match self.expr {
            Expr::Or(mut any) => {
                any.push(other.expr);
                Expr::Or(any)
            }
            e => Expr::Or(vec![e, other.expr]),
        })
    }

    /// All of `filters` hold (true when there are none).
    pub fn all(filters: impl IntoIterator<Item = Filter<M>>) -> Filter<M> {
        Filter::new(Expr::And(filters.into_iter().map(|f| f.expr).collect()))
    }

    /// Any of `filters` holds (false when there are none).
    pub fn any(filters: impl IntoIterator<Item = Filter<M>>) -> Filter<M> {
        Filter::new(Expr::Or(filters.into_iter().map(|f| f.expr).collect()))
    }

    /// The plain-data expression.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }
}

impl<M> std::ops::Not for Filter<M> {
    type Output = Filter<M>;
    fn not(self) -> Filter<M> {
        Filter::new(Expr::Not(Box::new(self.expr)))
    }
}

impl<M> std::ops::BitAnd for Filter<M> {
    type Output = Filter<M>;
    fn bitand(self, rhs: Filter<M>) -> Filter<M> {
        self.and(rhs)
    }
}

impl<M> std::ops::BitOr for Filter<M> {
    type Output = Filter<M>;
    fn bitor(self, rhs: Filter<M>) -> Filter<M> {
        self.or(rhs)
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// A typed sort key of model `M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order<M> {
    pub(crate) column: ColumnRef,
    pub(crate) direction: Direction,
    /// Whether the column can hold NULL; the writer then orders NULL as the smallest value on
    /// every backend (PostgreSQL's default is the opposite).
    pub(crate) nullable: bool,
    _model: PhantomData<fn() -> M>,
}

impl<M> Order<M> {
    pub(crate) fn new(column: ColumnRef, direction: Direction, nullable: bool) -> Self {
        Self {
            column,
            direction,
            nullable,
            _model: PhantomData,
        }
    }
}
