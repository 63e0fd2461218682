//! Writes to every row a filter matches, typed:
//!
//! ```no_run
//! # use covet_orm::{Column, Db, Model, Result};
//! # async fn f<M: Model>(db: &Db, title: Column<M, String>, plays: Column<M, i64>) -> Result<()> {
//! let changed: u64 = M::update_where(title.eq("Demo"))
//!     .set(title, "Demo (remastered)")
//!     .set_expr(plays, plays + 1)
//!     .exec(db)
//!     .await?;
//! let gone: u64 = M::delete_where(plays.lt(10)).exec(db).await?;
//! # Ok(()) }
//! ```
//!
//! `set` takes a value of the column's own type and validates it against the field's rules,
//! as a patch does; `set_expr` takes an expression over the same column type (`plays + 1`).
//! Covet's own columns are kept in step: `updated_at` is set to the time of the write and a
//! version column incremented. On a soft-delete model both see live rows only (unless
//! `with_deleted`), and `delete_where` marks rows deleted instead of removing them (unless
//! `force`).

use crate::aggregate::Numeric;
use crate::column::Column;
use crate::executor::Executor;
use crate::expr::{Expr, Filter};
use crate::field::{Field, IntoValue};
use crate::lifecycle;
use crate::model::Model;
use crate::patch::SetValue;
use crate::render::Render;
use crate::sensitive::guard;
use crate::soft_delete::{self, Scope, SoftDelete};
use crate::validate::{self, FieldError};
use crate::{Error, Result, Value};
use std::marker::PhantomData;
use std::ops::{Add, Mul, Sub};
use std::panic::Location;

/// An arithmetic operator of a computed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArithOp {
    Add,
    Sub,
    Mul,
}

impl ArithOp {
    fn sql(self) -> &'static str {
        match self {
            Self::Add => " + ",
            Self::Sub => " - ",
            Self::Mul => " * ",
        }
    }
}

/// `column op value`, of the column's own type `T`: built with `+`, `-` or `*` on a number
/// column (`Album::PLAYS + 1`) and stored with [`UpdateWhere::set_expr`].
#[derive(Debug, Clone)]
pub struct ColumnArith<M, T> {
    column: &'static str,
    op: ArithOp,
    value: Value,
    _marker: PhantomData<fn() -> (M, T)>,
}

macro_rules! arith {
    ($trait:ident, $method:ident, $op:ident) => {
        impl<M: Model, T: Field, V: IntoValue<T::Base>> $trait<V> for Column<M, T>
        where
            // The number types of the aggregates: one list of what counts as a number.
            T::Base: Numeric,
        {
            type Output = ColumnArith<M, T>;
            fn $method(self, value: V) -> ColumnArith<M, T> {
                ColumnArith {
                    column: self.name(),
                    op: ArithOp::$op,
                    value: value.into_value(),
                    _marker: PhantomData,
                }
            }
        }
    };
}
arith!(Add, add, Add);
arith!(Sub, sub, Sub);
arith!(Mul, mul, Mul);

/// What one column of a batch update is set to.
#[derive(Debug, Clone)]
enum Assign {
    Value(Value),
    ColumnArith(&'static str, ArithOp, Value),
    /// `v = v + 1`: the optimistic-lock version.
    Increment,
}

/// `M::update_where(filter)`: an update of chosen columns of every matching row.
#[must_use = "a batch update does nothing until `.exec(&db)` runs it"]
pub struct UpdateWhere<M: Model> {
    filter: Expr,
    set: Vec<(&'static str, Assign)>,
    errors: Vec<FieldError>,
    scope: Scope,
    origin: &'static Location<'static>,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> UpdateWhere<M> {
    #[track_caller]
    pub(crate) fn new(filter: Filter<M>) -> Self {
        Self {
            filter: filter.expr,
            set: Vec::new(),
            errors: Vec::new(),
            scope: Scope::Live,
            origin: Location::caller(),
            _model: PhantomData,
        }
    }

    fn assign(&mut self, column: &'static str, value: Assign) {
        match self.set.iter_mut().find(|(c, _)| *c == column) {
            Some(slot) => slot.1 = value,
            None => self.set.push((column, value)),
        }
    }

    /// Sets `column` to `value` in every matching row (the last assignment of a column wins).
    /// The value is validated against the field's rules; `exec` sends nothing if it fails.
    pub fn set<T: Field>(mut self, column: Column<M, T>, value: impl SetValue<T>) -> Self {
        let value = value.into_field();
        M::validate_column(column.name(), &value, &mut self.errors);
        self.assign(column.name(), Assign::Value(Field::into_value(value)));
        self
    }

    /// Sets `column` to an expression computed by the database from the row itself:
    /// `.set_expr(Album::PLAYS, Album::PLAYS + 1)`. The expression's column is the one set or
    /// another of the same type. Validation rules cannot be checked here: the value is known
    /// only to the database.
    pub fn set_expr<T: Field>(mut self, column: Column<M, T>, expr: ColumnArith<M, T>) -> Self {
        let assign = Assign::ColumnArith(expr.column, expr.op, expr.value);
        self.assign(column.name(), assign);
        self
    }

    /// Updates soft-deleted rows as well as live ones.
    pub fn with_deleted(mut self) -> Self
    where
        M: SoftDelete,
    {
        self.scope = Scope::All;
        self
    }

    /// The statement `exec` runs, with `updated_at` bound to `now`.
    fn statement(
        mut self,
        backend: covet_sql::Backend,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<crate::Statement> {
        let model = M::SCHEMA.model;
        validate::into_result(model, std::mem::take(&mut self.errors))?;
        if self.set.is_empty() {
            return Err(Error::InvalidInput(format!(
                "a batch update of {model} must set at least one column"
            )));
        }
        if let Some(version) = M::VERSION {
            if self.set.iter().any(|(c, _)| *c == version) {
                return Err(Error::InvalidInput(format!(
                    "{model}.{version} is covet's optimistic-lock version: every update increments it, so a batch update cannot set it"
                )));
            }
            self.set.push((version, Assign::Increment));
        }
        let updated_at = M::UPDATED_AT.and_then(|c| M::SCHEMA.column(c));
        if let Some(updated_at) = updated_at.filter(|u| !self.set.iter().any(|(c, _)| *c == u.name))
        {
            let now = lifecycle::now_value(updated_at.ty, now);
            self.set.push((updated_at.name, Assign::Value(now)));
        }
        let mut r = Render::new(backend);
        r.w.sql("UPDATE ").ident(M::SCHEMA.name).sql(" SET ");
        for (i, (column, assign)) in self.set.into_iter().enumerate() {
            if i > 0 {
                r.w.sql(", ");
            }
            r.w.ident(column).sql(" = ");
            match assign {
                Assign::Value(v) => r.value(v),
                Assign::ColumnArith(from, op, v) => {
                    r.w.ident(from).sql(op.sql());
                    r.value(v);
                }
                Assign::Increment => {
                    r.w.ident(column).sql(" + 1");
                }
            }
        }
        let filter = scoped::<M>(self.filter, self.scope);
        r.where_clause(Some(&filter));
        Ok(r.finish()?.at(self.origin).on(M::SCHEMA.name))
    }

    /// The statement `exec` would run, for inspection (its `updated_at` is the time of this
    /// call); an error when an input is refused.
    pub fn to_statement(&self, backend: covet_sql::Backend) -> Result<crate::Statement> {
        self.clone_parts().statement(backend, lifecycle::now())
    }

    fn clone_parts(&self) -> Self {
        Self {
            filter: self.filter.clone(),
            set: self.set.clone(),
            errors: self.errors.clone(),
            scope: self.scope,
            origin: self.origin,
            _model: PhantomData,
        }
    }

    /// Validates, then updates every matching row; returns rows affected.
    pub async fn exec(self, db: &impl Executor) -> Result<u64> {
        let stmt = self.statement(db.backend(), lifecycle::now())?;
        Ok(guard::<M, _>(db.execute(stmt).await)?.rows_affected)
    }
}

/// `filter`, and for a soft-delete model the condition of `scope`.
fn scoped<M: Model>(filter: Expr, scope: Scope) -> Expr {
    match soft_delete::condition::<M>(scope) {
        Some(soft) => Expr::And(vec![filter, soft]),
        None => filter,
    }
}

/// `M::delete_where(filter)`: deletes every matching row (marks it deleted, for a soft-delete
/// model).
#[must_use = "a batch delete does nothing until `.exec(&db)` runs it"]
pub struct DeleteWhere<M: Model> {
    filter: Expr,
    force: bool,
    origin: &'static Location<'static>,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> DeleteWhere<M> {
    #[track_caller]
    pub(crate) fn new(filter: Filter<M>) -> Self {
        Self {
            filter: filter.expr,
            force: false,
            origin: Location::caller(),
            _model: PhantomData,
        }
    }

    /// Deletes for good (`DELETE`) every matching row, soft-deleted ones included.
    pub fn force(mut self) -> Self
    where
        M: SoftDelete,
    {
        self.force = true;
        self
    }

    /// The statement `exec` runs (a soft delete marks rows with the time `now`).
    pub fn to_statement(&self, backend: covet_sql::Backend) -> Result<crate::Statement> {
        self.statement(backend, lifecycle::now())
    }

    fn statement(
        &self,
        backend: covet_sql::Backend,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<crate::Statement> {
        let mut r = Render::new(backend);
        let soft = M::SOFT_DELETE
            .and_then(|c| M::SCHEMA.column(c))
            .filter(|_| !self.force);
        match soft {
            Some(column) => {
                r.w.sql("UPDATE ").ident(M::SCHEMA.name).sql(" SET ");
                r.w.ident(column.name).sql(" = ");
                r.value(lifecycle::now_value(column.ty, now));
                let filter = scoped::<M>(self.filter.clone(), Scope::Live);
                r.where_clause(Some(&filter));
            }
            None => {
                r.w.sql("DELETE FROM ").ident(M::SCHEMA.name);
                r.where_clause(Some(&self.filter));
            }
        }
        Ok(r.finish()?.at(self.origin).on(M::SCHEMA.name))
    }

    /// Deletes every matching row; returns rows affected (for a soft delete, the rows newly
    /// marked: rows already deleted are left as they were).
    pub async fn exec(self, db: &impl Executor) -> Result<u64> {
        let stmt = self.statement(db.backend(), lifecycle::now())?;
        Ok(guard::<M, _>(db.execute(stmt).await)?.rows_affected)
    }
}
