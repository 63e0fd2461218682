//! Create, read, update and delete by primary key, with the SQL the derive rendered at compile
//! time: nothing here builds a string.

use crate::executor::Executor;
use crate::lifecycle;
use crate::model::{Key, Model, NewModel};
use crate::render::Statement;
use crate::sensitive::guard;
use crate::{Error, Result};
use std::borrow::Cow;
use std::marker::PhantomData;
use std::panic::Location;

pub(crate) fn fixed<M: Model>(db: &impl Executor) -> &'static covet_sql::statements::Fixed {
    M::STATEMENTS.get(db.backend())
}

fn statement(sql: &'static str, binds: Vec<crate::Value>) -> Statement {
    Statement::new(Cow::Borrowed(sql), binds)
}

/// `M::find(key)`: a lookup by primary key.
#[derive(Debug, Clone)]
#[must_use = "a lookup does nothing until `.one(&db)` or `.optional(&db)` runs it"]
pub struct Find<M: Model> {
    key: M::Key,
    /// Finds soft-deleted rows too (see [`Find::with_deleted`]).
    pub(crate) with_deleted: bool,
    origin: &'static Location<'static>,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> Find<M> {
    #[track_caller]
    pub(crate) fn new(key: M::Key) -> Self {
        Self {
            key,
            with_deleted: false,
            origin: Location::caller(),
            _model: PhantomData,
        }
    }

    /// The row with this key, or `None` (also when it is soft-deleted, unless
    /// [`Find::with_deleted`] was called).
    pub async fn optional(self, db: &impl Executor) -> Result<Option<M>> {
        let mut binds = Vec::with_capacity(M::SCHEMA.primary_key.len());
        self.key.push_values(&mut binds);
        let sql = fixed::<M>(db);
        let sql = if self.with_deleted {
            sql.find_any
        } else {
            sql.find
        };
        let row = db
            .fetch_optional(
                statement(sql, binds)
                    .reading()
                    .at(self.origin)
                    .on(M::SCHEMA.name),
            )
            .await?;
        row.as_ref().map(M::from_row).transpose()
    }

    /// The row with this key, or [`Error::NotFound`].
    pub async fn one(self, db: &impl Executor) -> Result<M> {
        self.optional(db).await?.ok_or(Error::NotFound {
            model: M::SCHEMA.model,
        })
    }
}

/// `M::insert(new)`: inserts one row and returns it as stored.
#[must_use = "an insert does nothing until `.exec(&db)` runs it"]
pub struct Insert<M: Model> {
    new: M::New,
    origin: &'static Location<'static>,
}

impl<M: Model> Insert<M> {
    #[track_caller]
    pub(crate) fn new(new: M::New) -> Self {
        Self::at(new, Location::caller())
    }

    pub(crate) fn at(new: M::New, origin: &'static Location<'static>) -> Self {
        Self { new, origin }
    }

    /// Runs the insert and returns the stored row, generated key and defaults filled in, on
    /// every backend (`RETURNING` where the server has it, otherwise the insert id and a
    /// lookup).
    pub async fn exec(self, db: &impl Executor) -> Result<M> {
        self.new.validate()?;
        guard::<M, _>(self.run(db).await)
    }

    async fn run(self, db: &impl Executor) -> Result<M> {
        let sql = fixed::<M>(db);
        let known_key = self.new.key();
        let mut binds = Vec::with_capacity(M::SCHEMA.columns.len());
        self.new.push_values(&mut binds);
        if db.capabilities().insert_returning {
            let row = db
                .fetch_optional(
                    statement(sql.insert_returning, binds)
                        .at(self.origin)
                        .on(M::SCHEMA.name),
                )
                .await?;
            let row = row.ok_or(Error::NotFound {
                model: M::SCHEMA.model,
            })?;
            return M::from_row(&row);
        }
        let done = db
            .execute(
                statement(sql.insert, binds)
                    .at(self.origin)
                    .on(M::SCHEMA.name),
            )
            .await?;
        let key = known_key
            .or_else(|| done.last_insert_id.and_then(M::Key::from_insert_id))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "cannot read back the inserted {} row: the server has no RETURNING and the key is not an integer",
                    M::SCHEMA.model
                ))
            })?;
        let mut find = Find::<M>::new(key);
        find.origin = self.origin;
        find.one(db).await
    }
}

/// Writes every non-key field of `model` to the row with its key; returns rows affected. A
/// versioned update that matches nothing is stale: the row changed or went since it was read.
pub(crate) async fn update<M: Model>(
    model: &mut M,
    db: &impl Executor,
    origin: &'static Location<'static>,
) -> Result<u64> {
    let sql = fixed::<M>(db).update.ok_or_else(|| {
        Error::InvalidInput(format!(
            "{} has only key columns: there is nothing to update",
            M::SCHEMA.model
        ))
    })?;
    model.validate()?;
    let now = lifecycle::now();
    let mut binds = Vec::with_capacity(M::SCHEMA.columns.len() + 1);
    model.push_update_values(&mut binds, now);
    let stmt = statement(sql, binds).at(origin).on(M::SCHEMA.name);
    let rows = guard::<M, _>(db.execute(stmt).await)?.rows_affected;
    if rows == 0 && M::VERSION.is_some() {
        return Err(Error::StaleVersion {
            model: M::SCHEMA.model,
        });
    }
    if rows > 0 {
        model.after_update(now);
    }
    Ok(rows)
}

/// Deletes the row with `key` (marks it deleted, for a soft-delete model); returns rows
/// affected.
pub(crate) async fn delete<M: Model>(
    key: M::Key,
    db: &impl Executor,
    origin: &'static Location<'static>,
) -> Result<u64> {
    let fixed = fixed::<M>(db);
    let mut binds = Vec::with_capacity(M::SCHEMA.primary_key.len() + 1);
    let sql = match (
        fixed.soft_delete,
        M::SOFT_DELETE.and_then(|c| M::SCHEMA.column(c)),
    ) {
        (Some(sql), Some(column)) => {
            binds.push(lifecycle::now_value(column.ty, lifecycle::now()));
            sql
        }
        _ => fixed.delete,
    };
    key.push_values(&mut binds);
    run_by_key::<M>(db, sql, binds, origin).await
}

/// Runs a by-key write whose text the derive rendered; returns rows affected.
pub(crate) async fn run_by_key<M: Model>(
    db: &impl Executor,
    sql: &'static str,
    binds: Vec<crate::Value>,
    origin: &'static Location<'static>,
) -> Result<u64> {
    let stmt = statement(sql, binds).at(origin).on(M::SCHEMA.name);
    Ok(db.execute(stmt).await?.rows_affected)
}

/// `M::get_or_insert(lookup, new)`: the row `lookup` finds, or `new` inserted.
#[must_use = "does nothing until `.exec(&db)` runs it"]
pub struct GetOrInsert<M: Model> {
    lookup: crate::Filter<M>,
    new: M::New,
    origin: &'static Location<'static>,
}

impl<M: Model> GetOrInsert<M> {
    #[track_caller]
    pub(crate) fn new(lookup: crate::Filter<M>, new: M::New) -> Self {
        Self {
            lookup,
            new,
            origin: Location::caller(),
        }
    }

    /// Returns the row and whether it was inserted. When a concurrent caller inserts the same
    /// row first, the unique violation is caught and the winner's row returned, so `lookup`
    /// should select by a unique key.
    pub async fn exec(self, db: &impl Executor) -> Result<(M, bool)> {
        self.new.validate()?;
        let query = crate::Select::<M>::new().filter(self.lookup);
        if let Some(found) = query.first(db).await? {
            return Ok((found, false));
        }
        // In a savepoint inside a transaction: on PostgreSQL a failed insert would otherwise
        // abort the caller's whole transaction.
        let scope = db.atomic().await?;
        match Insert::<M>::at(self.new, self.origin).exec(&scope).await {
            Ok(inserted) => {
                scope.commit().await?;
                Ok((inserted, true))
            }
            Err(e) if e.is_unique_violation() => {
                scope.rollback().await?;
                match query.first(db).await? {
                    Some(found) => Ok((found, false)),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }
}
