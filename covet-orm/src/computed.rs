//! The plain data of the query shapes beyond filters: aggregates, window functions,
//! subqueries, joins and whole `SELECT`s. Typed wrappers (`Aggregate`, `Windowed`, `Join`,
//! `Projected`) build it; the one writer renders it.

use crate::expr::{ColumnRef, Direction, Expr};

/// A function call, an aggregate or a window function, with the cast that gives its result
/// the same type on every backend.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Which function.
    pub func: Func,
    /// Its argument; `None` for `COUNT(*)` and the ranking functions.
    pub arg: Option<Expr>,
    /// `COUNT(DISTINCT e)`.
    pub distinct: bool,
    /// `OVER (...)`: the call is a window function.
    pub over: Option<WindowSpec>,
    /// The type the result is cast to.
    pub cast: Option<Cast>,
}

impl Call {
    /// A plain call (no `DISTINCT`, no window yet) of `func` on `arg`, cast to `cast`.
    pub(crate) fn new(func: Func, arg: Option<Expr>, cast: Option<Cast>) -> Self {
        Self {
            func,
            arg,
            distinct: false,
            over: None,
            cast,
        }
    }
}

/// The functions covet can call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Func {
    /// `COUNT`.
    Count,
    /// `SUM`.
    Sum,
    /// `AVG`.
    Avg,
    /// `MIN`.
    Min,
    /// `MAX`.
    Max,
    /// `ROW_NUMBER()`.
    RowNumber,
    /// `RANK()`.
    Rank,
    /// `DENSE_RANK()`.
    DenseRank,
    /// `LAG(e)`: the value of the previous row of the window.
    Lag,
    /// `LEAD(e)`: the value of the next row of the window.
    Lead,
}

impl Func {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Count => "COUNT(",
            Self::Sum => "SUM(",
            Self::Avg => "AVG(",
            Self::Min => "MIN(",
            Self::Max => "MAX(",
            Self::RowNumber => "ROW_NUMBER(",
            Self::Rank => "RANK(",
            Self::DenseRank => "DENSE_RANK(",
            Self::Lag => "LAG(",
            Self::Lead => "LEAD(",
        }
    }

    /// Whether a call without `OVER` folds the rows of a group into one value.
    pub(crate) fn aggregates(self) -> bool {
        matches!(
            self,
            Self::Count | Self::Sum | Self::Avg | Self::Min | Self::Max
        )
    }
}

/// A result type a call is cast to; each dialect names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cast {
    /// A 64-bit integer.
    BigInt,
    /// A 64-bit float.
    Double,
}

/// `PARTITION BY ... ORDER BY ...` of a window function.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WindowSpec {
    /// The rows are numbered (summed, ...) separately for each value of these.
    pub partition: Vec<Expr>,
    /// The order of the rows within a partition.
    pub order: Vec<SortTerm>,
}

/// One `ORDER BY` term.
#[derive(Debug, Clone, PartialEq)]
pub struct SortTerm {
    /// What is sorted on.
    pub expr: Expr,
    /// Which way.
    pub direction: Direction,
    /// Whether the value can be NULL; NULL then sorts as the smallest value on every backend.
    pub nullable: bool,
}

/// Which rows of a joined table a join keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    /// `INNER JOIN`: rows with a match only.
    Inner,
    /// `LEFT JOIN`: every row of the left side, with NULLs where the right has no match.
    Left,
}

/// `[INNER|LEFT] JOIN table ON condition`.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinClause {
    /// The kind of join.
    pub kind: JoinKind,
    /// The joined table, from a model's metadata.
    pub table: &'static str,
    /// The name it is joined under (`AS "boss"`), for a model joined twice.
    pub alias: Option<&'static str>,
    /// The `ON` condition.
    pub on: Expr,
}

/// A whole `SELECT`, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectParts {
    /// `WITH RECURSIVE` before the `SELECT`.
    pub with: Option<Box<RecursiveCte>>,
    /// `WITH name AS (...), ...`: named queries the `FROM` and joins can read.
    pub ctes: Vec<NamedQuery>,
    /// The table (or common table expression) of `FROM`, from compile-time metadata.
    pub from: &'static str,
    /// The joined tables.
    pub joins: Vec<JoinClause>,
    /// `SELECT DISTINCT`.
    pub distinct: bool,
    /// The select list; empty means `SELECT 1` (an `EXISTS` subquery).
    pub items: Vec<Expr>,
    /// `WHERE`.
    pub filter: Option<Expr>,
    /// `GROUP BY`.
    pub group: Vec<Expr>,
    /// `HAVING`.
    pub having: Option<Expr>,
    /// `ORDER BY`.
    pub order: Vec<SortTerm>,
    /// `LIMIT`.
    pub limit: Option<u64>,
    /// `OFFSET`.
    pub offset: Option<u64>,
    /// Why covet refuses to send this query, found while building it.
    pub(crate) refused: Option<&'static str>,
}

impl SelectParts {
    pub(crate) fn from(table: &'static str) -> Self {
        Self {
            with: None,
            ctes: Vec::new(),
            from: table,
            joins: Vec::new(),
            distinct: false,
            items: Vec::new(),
            filter: None,
            group: Vec::new(),
            having: None,
            order: Vec::new(),
            limit: None,
            offset: None,
            refused: None,
        }
    }
}

/// One common table expression: `name AS (query)`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedQuery {
    /// Its name, an identifier checked at compile time.
    pub name: &'static str,
    /// The query.
    pub query: SelectParts,
}

/// `WITH RECURSIVE name AS (seed UNION step)`: the rows of `seed`, then every row of `table`
/// whose `child` column equals the `parent` column of a row already found.
#[derive(Debug, Clone, PartialEq)]
pub struct RecursiveCte {
    /// The name of the common table expression (a constant of covet, never user text).
    pub name: &'static str,
    /// The table walked.
    pub table: &'static str,
    /// Its columns, in schema order: the CTE has the same columns.
    pub columns: Vec<&'static str>,
    /// The first rows.
    pub seed: Option<Expr>,
    /// The column of a new row that points at a row already found...
    pub child: ColumnRef,
    /// ...by holding the value of this column of that row.
    pub parent: &'static str,
    /// A condition every row of the step meets (soft delete).
    pub step_filter: Option<Expr>,
}

/// The expressions beyond comparisons: calls and subqueries.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Computed {
    /// A function call, aggregate or window function.
    Call(Call),
    /// `EXISTS (subquery)`, or `NOT EXISTS` when the flag is set.
    Exists(Box<SelectParts>, bool),
    /// `e IN (subquery)`.
    InSubquery(Expr, Box<SelectParts>),
    /// `(subquery)`: one row, one column.
    Scalar(Box<SelectParts>),
    /// `CAST(e AS type)`.
    Cast(Expr, Cast),
}

impl Computed {
    pub(crate) fn expr(self) -> Expr {
        Expr::Computed(Box::new(self))
    }
}

/// Whether `e` renders as one term that needs no parentheses as an operand (a call, a cast,
/// a parenthesised scalar subquery).
pub(crate) fn is_atomic(e: &Expr) -> bool {
    match e {
        Expr::Computed(c) => matches!(
            c.as_ref(),
            Computed::Call(_) | Computed::Scalar(_) | Computed::Cast(..)
        ),
        _ => false,
    }
}

/// Whether `e` is an aggregate call (not a window function).
pub(crate) fn is_aggregate(e: &Expr) -> bool {
    match e {
        Expr::Computed(c) => match c.as_ref() {
            Computed::Call(call) => call.over.is_none() && call.func.aggregates(),
            _ => false,
        },
        _ => false,
    }
}

/// Whether `e` reads a column of the query's own rows (subqueries are their own scope).
pub(crate) fn reads_columns(e: &Expr) -> bool {
    match e {
        Expr::Column(_) => true,
        Expr::Value(_) => false,
        Expr::Cmp(l, _, r) | Expr::Like(l, r) => reads_columns(l) || reads_columns(r),
        Expr::And(all) | Expr::Or(all) => all.iter().any(reads_columns),
        Expr::Not(inner) | Expr::IsNull(inner, _) | Expr::InList(inner, _) => reads_columns(inner),
        Expr::Between(a, b, c) => [a, b, c].into_iter().any(|x| reads_columns(x)),
        Expr::Computed(c) => match c.as_ref() {
            Computed::Call(call) => {
                call.arg.iter().any(reads_columns)
                    || call.over.as_ref().is_some_and(|w| {
                        w.partition.iter().any(reads_columns)
                            || w.order.iter().any(|t| reads_columns(&t.expr))
                    })
            }
            Computed::InSubquery(inner, _) | Computed::Cast(inner, _) => reads_columns(inner),
            Computed::Exists(..) | Computed::Scalar(_) => false,
        },
        // Correlated with the query's row through the parent's key column.
        Expr::Related(_) => true,
    }
}
