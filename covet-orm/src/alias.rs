//! Table aliases, for joining a model to itself: staff with their managers.
//!
//! ```no_run
//! # use covet_orm::{Alias, Ident, Model};
//! /// The manager side of `staff JOIN staff AS boss`.
//! struct Boss;
//! impl Alias for Boss {
//!     const NAME: Ident = Ident::new("boss");
//! }
//! ```
//!
//! `Staff::query().left_join_as(Boss, Staff::ID.on(Staff::MANAGER_ID))` returns
//! `(Staff, Option<Staff>)` rows; a filter or sort key on the manager side is written on
//! `Staff`'s columns and moved to the alias with `.of::<Boss>()`.

use crate::computed::{Computed, JoinKind};
use crate::expr::{ColumnRef, Expr, Filter, Order};
use crate::join::{Append, InQuery, Join, On};
use crate::model::Model;
use crate::query::Select;
use covet_sql::Ident;
use std::marker::PhantomData;

/// A name under which a model is joined a second time. The name is an [`Ident`]: checked when
/// the program is compiled, never text from run time.
pub trait Alias: 'static {
    /// The alias, as written in SQL (`JOIN "staff" AS "boss"`).
    const NAME: Ident;
}

/// Model `M` joined under the alias `A`: the type of its place in a query's list of models.
#[derive(Debug)]
pub struct As<M, A> {
    _marker: PhantomData<fn() -> (M, A)>,
}

/// Rewrites the columns of `table` in `e` to belong to `to`. Subqueries are left alone:
/// they are scopes of their own.
pub(crate) fn requalify(e: &mut Expr, table: &'static str, to: &'static str) {
    let mut each = |x: &mut Expr| requalify(x, table, to);
    match e {
        Expr::Column(c) if c.table == table => c.table = to,
        Expr::Column(_) | Expr::Value(_) => {}
        Expr::Cmp(l, _, r) | Expr::Like(l, r) => {
            each(l);
            each(r);
        }
        Expr::And(all) | Expr::Or(all) => all.iter_mut().for_each(each),
        Expr::Not(x) | Expr::IsNull(x, _) | Expr::InList(x, _) => each(x),
        Expr::Between(a, b, c) => {
            each(a);
            each(b);
            each(c);
        }
        Expr::Computed(c) => match c.as_mut() {
            Computed::Call(call) => {
                call.arg.iter_mut().for_each(&mut each);
                if let Some(w) = &mut call.over {
                    w.partition.iter_mut().for_each(&mut each);
                    w.order.iter_mut().for_each(|t| each(&mut t.expr));
                }
            }
            Computed::InSubquery(x, _) | Computed::Cast(x, _) => each(x),
            Computed::Exists(..) | Computed::Scalar(_) => {}
        },
        // A relation filter's inside is its own scope; only its correlation moves.
        Expr::Related(r) if r.parent_table == table => r.parent_table = to,
        Expr::Related(_) => {}
    }
}

impl<M: Model> Filter<M> {
    /// The same condition on the copy of `M` joined under the alias `A`.
    pub fn of<A: Alias>(mut self) -> Filter<As<M, A>> {
        requalify(&mut self.expr, M::SCHEMA.name, A::NAME.as_str());
        Filter::new(self.expr)
    }
}

impl<M: Model> Order<M> {
    /// The same sort key on the copy of `M` joined under the alias `A`.
    pub fn of<A: Alias>(self) -> Order<As<M, A>> {
        let column = ColumnRef {
            table: A::NAME.as_str(),
            column: self.column.column,
        };
        Order::new(column, self.direction, self.nullable)
    }
}

/// A query of `M` inner-joined with `N` under the alias `A`: rows `(M, N)`.
pub type InnerJoinAs<M, N, A> = Join<(M, As<N, A>), (M, N)>;

/// A query of `M` left-joined with `N` under the alias `A`: rows `(M, Option<N>)`.
pub type LeftJoinAs<M, N, A> = Join<(M, As<N, A>), (M, Option<N>)>;

impl<M: Model> Select<M> {
    /// `INNER JOIN n AS alias ON ...`: joins `N` (`M` itself, say) under another name; rows
    /// are `(M, N)`.
    pub fn inner_join_as<A: Alias, N: Model, O, P>(
        self,
        alias: A,
        on: On<N, O>,
    ) -> InnerJoinAs<M, N, A>
    where
        O: InQuery<(M,), P>,
    {
        self.into_join().inner_join_as(alias, on)
    }

    /// `LEFT JOIN n AS alias ON ...`: joins `N` (`M` itself, say) under another name; rows
    /// are `(M, Option<N>)`.
    pub fn left_join_as<A: Alias, N: Model, O, P>(
        self,
        alias: A,
        on: On<N, O>,
    ) -> LeftJoinAs<M, N, A>
    where
        O: InQuery<(M,), P>,
    {
        self.into_join().left_join_as(alias, on)
    }
}

impl<S, R> Join<S, R> {
    /// `INNER JOIN n AS alias ON ...`, `on` comparing a column of `N` (renamed to the alias)
    /// with one of a model already in the query.
    pub fn inner_join_as<A: Alias, N: Model, O, P>(
        self,
        alias: A,
        on: On<N, O>,
    ) -> Join<S::Output, R::Output>
    where
        S: Append<As<N, A>>,
        R: Append<N>,
        O: InQuery<S, P>,
    {
        let _ = alias;
        self.join(JoinKind::Inner, on, Some(A::NAME.as_str()))
    }

    /// `LEFT JOIN n AS alias ON ...`: adds `Option<N>` to each row.
    pub fn left_join_as<A: Alias, N: Model, O, P>(
        self,
        alias: A,
        on: On<N, O>,
    ) -> Join<S::Output, R::Output>
    where
        S: Append<As<N, A>>,
        R: Append<Option<N>>,
        O: InQuery<S, P>,
    {
        let _ = alias;
        self.join(JoinKind::Left, on, Some(A::NAME.as_str()))
    }
}
