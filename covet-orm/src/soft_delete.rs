//! Soft delete: a model with `#[covet(soft_delete)] deleted_at: Option<DateTime<Utc>>` is
//! deleted by setting that column, and every read leaves such rows out: queries (all, first,
//! one, count, exists, and whatever else is built on [`Select`]) through [`Select`]'s WHERE,
//! finds by key through a condition the derive renders into their SQL.
//!
//! [`Select::with_deleted`], [`Select::only_deleted`] and [`Find::with_deleted`] see deleted
//! rows; [`SoftDelete::restore`] brings one back; [`SoftDelete::force_delete`] removes it for
//! good. They exist only on soft-delete models: on any other they do not compile.

use crate::crud::{Find, fixed, run_by_key};
use crate::executor::Executor;
use crate::expr::{ColumnRef, Expr};
use crate::model::{Key, Model};
use crate::query::Select;
use crate::{Error, Result};
use std::future::Future;
use std::panic::Location;

/// Which rows of a soft-delete model a query sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Rows not deleted (the default).
    Live,
    /// Every row.
    All,
    /// Deleted rows only.
    Deleted,
}

/// The condition `scope` adds to a query of `M`; `None` for a model without soft delete.
pub(crate) fn condition<M: Model>(scope: Scope) -> Option<Expr> {
    let column = M::SOFT_DELETE?;
    let column = Box::new(Expr::Column(ColumnRef {
        table: M::SCHEMA.name,
        column,
    }));
    match scope {
        Scope::Live => Some(Expr::IsNull(column, false)),
        Scope::Deleted => Some(Expr::IsNull(column, true)),
        Scope::All => None,
    }
}

/// A model with a `#[covet(soft_delete)]` column. Implemented by `#[derive(Model)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no soft-delete column",
    label = "not a soft-delete model",
    note = "mark a nullable timestamp field of `{Self}` with #[covet(soft_delete)], e.g. `#[covet(soft_delete)] deleted_at: Option<chrono::DateTime<chrono::Utc>>`"
)]
pub trait SoftDelete: Model {
    /// Whether this row is marked deleted.
    fn is_deleted(&self) -> bool;
    /// Clears the deletion mark in memory, after a restore.
    #[doc(hidden)]
    fn mark_live(&mut self);

    /// Brings this row back: clears its deletion mark in the database and in `self`; returns
    /// rows affected (0 when it was not deleted).
    #[track_caller]
    fn restore(&mut self, db: &impl Executor) -> impl Future<Output = Result<u64>> + Send {
        let origin = Location::caller();
        async move {
            let rows = restore::<Self>(self.key(), db, origin).await?;
            if rows > 0 {
                self.mark_live();
            }
            Ok(rows)
        }
    }

    /// Brings the row with `key` back; returns rows affected.
    #[track_caller]
    fn restore_by_key(
        key: Self::Key,
        db: &impl Executor,
    ) -> impl Future<Output = Result<u64>> + Send {
        restore::<Self>(key, db, Location::caller())
    }

    /// Deletes this row for good (`DELETE`), deleted or not; returns rows affected.
    #[track_caller]
    fn force_delete(&self, db: &impl Executor) -> impl Future<Output = Result<u64>> + Send {
        force_delete::<Self>(self.key(), db, Location::caller())
    }

    /// Deletes the row with `key` for good; returns rows affected.
    #[track_caller]
    fn force_delete_by_key(
        key: Self::Key,
        db: &impl Executor,
    ) -> impl Future<Output = Result<u64>> + Send {
        force_delete::<Self>(key, db, Location::caller())
    }
}

async fn restore<M: Model>(
    key: M::Key,
    db: &impl Executor,
    origin: &'static Location<'static>,
) -> Result<u64> {
    let sql = fixed::<M>(db).restore.ok_or_else(|| {
        Error::InvalidInput(format!("{} has no soft-delete column", M::SCHEMA.model))
    })?;
    let mut binds = Vec::with_capacity(M::SCHEMA.primary_key.len());
    key.push_values(&mut binds);
    run_by_key::<M>(db, sql, binds, origin).await
}

async fn force_delete<M: Model>(
    key: M::Key,
    db: &impl Executor,
    origin: &'static Location<'static>,
) -> Result<u64> {
    let mut binds = Vec::with_capacity(M::SCHEMA.primary_key.len());
    key.push_values(&mut binds);
    run_by_key::<M>(db, fixed::<M>(db).delete, binds, origin).await
}

// The bounds sit on the methods, not the impls, so that calling one on a model without soft
// delete is a failed bound with `SoftDelete`'s message rather than "method not found".
impl<M: Model> Select<M> {
    /// Sees deleted rows as well as live ones.
    pub fn with_deleted(mut self) -> Self
    where
        M: SoftDelete,
    {
        self.deleted = Scope::All;
        self
    }

    /// Sees deleted rows only.
    pub fn only_deleted(mut self) -> Self
    where
        M: SoftDelete,
    {
        self.deleted = Scope::Deleted;
        self
    }
}

impl<M: Model> Find<M> {
    /// Finds the row even when it is deleted.
    pub fn with_deleted(mut self) -> Self
    where
        M: SoftDelete,
    {
        self.with_deleted = true;
        self
    }
}
