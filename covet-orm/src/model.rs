//! The traits `#[derive(Model)]` implements.

use crate::bulk::InsertMany;
use crate::column::DynColumn;
use crate::crud::{self, Find, GetOrInsert, Insert};
use crate::executor::Executor;
use crate::field::BaseField;
use crate::patch::Patch;
use crate::query::Select;
use crate::validate::{self, FieldError};
use crate::{Result, Row, Value};
use chrono::{DateTime, Utc};
use covet_sql::schema::TableSchema;
use covet_sql::statements::FixedStatements;
use std::any::Any;
use std::future::Future;
use std::panic::Location;

/// A struct mapped to a table. Implemented by `#[derive(Model)]`; not meant to be written by
/// hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a covet model",
    label = "not a model",
    note = "add `#[derive(Model)]` to `{Self}` (with a `#[covet(primary_key)]` field)"
)]
pub trait Model: Sized + Send + Sync + Unpin + 'static {
    /// The primary key: the key field's type, or a tuple for a composite key.
    type Key: Key;
    /// The insert struct (`NewAlbum` for `Album`): every field the database does not generate.
    type New: NewModel<Self>;
    /// The table's schema metadata.
    const SCHEMA: TableSchema;
    /// The table's name (also `SCHEMA.name`), as a literal: another model's `SCHEMA` reads
    /// it for a foreign key, and reading this model's whole `SCHEMA` there would make two
    /// models that reference each other a cycle in const evaluation.
    const TABLE_NAME: &'static str;
    /// The primary key's columns (also `SCHEMA.primary_key`), as a literal, for the same reason.
    const KEY_COLUMNS: &'static [&'static str];
    /// The fixed-shape statements, rendered for every backend at compile time.
    const STATEMENTS: &'static FixedStatements;
    /// The `#[covet(soft_delete)]` column: every read leaves out rows where it is set.
    const SOFT_DELETE: Option<&'static str> = None;
    /// The `#[covet(version)]` column of optimistic locking.
    const VERSION: Option<&'static str> = None;
    /// The `#[covet(updated_at)]` column, set to the time of every update.
    const UPDATED_AT: Option<&'static str> = None;
    /// The `#[covet(sensitive)]` columns: their values are redacted from covet's error
    /// messages (they are never in traces, and their `Sensitive` type redacts `Debug`).
    const SENSITIVE: &'static [&'static str] = &[];

    /// Builds the model from a row whose columns are in [`Model::SCHEMA`] order.
    fn from_row(row: &Row) -> Result<Self> {
        Self::from_row_at(row, 0)
    }
    /// Builds the model from the row's columns from `at` on, in [`Model::SCHEMA`] order (a
    /// join's row holds several models side by side).
    fn from_row_at(row: &Row, at: usize) -> Result<Self>;
    /// This row's primary key.
    fn key(&self) -> Self::Key;
    /// Appends the values of the update-by-key statement: the columns it sets in order
    /// (`updated_at` as `now`), then the key, then the version read (for a versioned model).
    fn push_update_values(&self, out: &mut Vec<Value>, now: DateTime<Utc>);
    /// Brings the model in line with a successful update made at `now`: its version is
    /// incremented and `updated_at` set, as the database did.
    fn after_update(&mut self, now: DateTime<Utc>) {
        let _ = now;
    }
    /// Appends an error for every field that breaks its validation rules.
    fn validate_fields(&self, out: &mut Vec<FieldError>) {
        let _ = out;
    }
    /// Checks one column's new value (of the field's own type, behind `dyn Any`) against its
    /// rules; used by [`Model::patch`].
    fn validate_column(column: &'static str, value: &dyn Any, out: &mut Vec<FieldError>) {
        let _ = (column, value, out);
    }

    /// Checks every field against its `#[covet(...)]` rules: [`crate::Error::Validation`]
    /// with every failing field, or `Ok`. Writes run this before sending anything.
    fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        self.validate_fields(&mut errors);
        validate::into_result(Self::SCHEMA.model, errors)
    }

    /// A query over every row of the table; narrow it with `.filter(...)`.
    #[track_caller]
    fn query() -> Select<Self> {
        Select::new()
    }

    /// A lookup by primary key: `.one(&db)` fails with `NotFound`, `.optional(&db)` gives
    /// `None`.
    #[track_caller]
    fn find(key: Self::Key) -> Find<Self> {
        Find::new(key)
    }

    /// An insert of one row; `.exec(&db)` returns the stored row with its generated key.
    #[track_caller]
    fn insert(new: Self::New) -> Insert<Self> {
        Insert::new(new)
    }

    /// The row `lookup` finds, or `new` inserted when there is none; `.exec(&db)` returns it
    /// and whether it was inserted.
    #[track_caller]
    fn get_or_insert(lookup: crate::Filter<Self>, new: Self::New) -> GetOrInsert<Self> {
        GetOrInsert::new(lookup, new)
    }

    /// An insert of many rows: chunked under each backend's parameter limit (PostgreSQL's
    /// `UNNEST` path for large loads), all or nothing, returning the stored rows in input
    /// order.
    #[track_caller]
    fn insert_many(rows: impl IntoIterator<Item = Self::New>) -> InsertMany<Self> {
        InsertMany::new(rows.into_iter().collect())
    }

    /// Writes every non-key field to the row with this key, after validating them; returns
    /// rows affected (0 when the row no longer exists). Covet's own columns are kept in step
    /// in `self`: `updated_at` is set and, for a versioned model, the update applies only to
    /// the version read ([`crate::Error::StaleVersion`] otherwise, with nothing written) and
    /// `self`'s version is incremented.
    #[track_caller]
    fn update(&mut self, db: &impl Executor) -> impl Future<Output = Result<u64>> + Send {
        crud::update(self, db, Location::caller())
    }

    /// An update of chosen columns of the row with `key`:
    /// `Album::patch(id).set(Album::TITLE, "x").exec(&db)`.
    #[track_caller]
    fn patch(key: Self::Key) -> Patch<Self> {
        Patch::new(key)
    }

    /// Deletes the row with this key; returns rows affected.
    #[track_caller]
    fn delete(&self, db: &impl Executor) -> impl Future<Output = Result<u64>> + Send {
        crud::delete::<Self>(self.key(), db, Location::caller())
    }

    /// Deletes the row with `key`; returns rows affected.
    #[track_caller]
    fn delete_by_key(
        key: Self::Key,
        db: &impl Executor,
    ) -> impl Future<Output = Result<u64>> + Send {
        crud::delete::<Self>(key, db, Location::caller())
    }

    /// An update of chosen columns of every row `filter` matches:
    /// `Album::update_where(Album::ARTIST_ID.eq(7)).set(Album::TITLE, "x").exec(&db)`.
    #[track_caller]
    fn update_where(filter: crate::Filter<Self>) -> crate::update_where::UpdateWhere<Self> {
        crate::update_where::UpdateWhere::new(filter)
    }

    /// A delete of every row `filter` matches (a soft delete, for a soft-delete model).
    #[track_caller]
    fn delete_where(filter: crate::Filter<Self>) -> crate::update_where::DeleteWhere<Self> {
        crate::update_where::DeleteWhere::new(filter)
    }

    /// An insert that, when the row's unique key is taken, keeps or updates the stored row:
    /// `Album::upsert(new).on_conflict(Album::SLUG).do_update(Album::TITLE).exec(&db)`.
    #[track_caller]
    fn upsert(new: Self::New) -> crate::upsert::UpsertBuilder<Self> {
        crate::upsert::UpsertBuilder::new(new)
    }

    /// The column named `name` (a sort key from a request, say), looked up in the compile-time
    /// metadata; `None` for anything else. Field names are accepted too.
    fn column_by_name(name: &str) -> Option<DynColumn<Self>> {
        DynColumn::lookup(name)
    }
}

/// The insert struct of model `M`.
pub trait NewModel<M: Model>: Send + 'static {
    /// Appends the values of every inserted column, in schema order (covet's own columns as
    /// the time of the insert, version 1, live).
    fn push_values(self, out: &mut Vec<Value>);
    /// The key the new row will have, when the key is not generated by the database.
    fn key(&self) -> Option<M::Key>;
    /// Appends an error for every field that breaks its validation rules.
    fn validate_fields(&self, out: &mut Vec<FieldError>) {
        let _ = out;
    }

    /// Checks every field against its `#[covet(...)]` rules, as an insert does before
    /// sending anything.
    fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        self.validate_fields(&mut errors);
        validate::into_result(M::SCHEMA.model, errors)
    }
}

/// A primary key: one column value, or a tuple of them for a composite key.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a primary key",
    label = "not a primary key type",
    note = "a primary key is one NOT NULL column type (i64, String, uuid::Uuid, ...) or a tuple of up to 4 of them for a composite key; it is never an `Option`"
)]
pub trait Key: Clone + Send + Sync + 'static {
    /// Appends the key's values in key-column order.
    fn push_values(self, out: &mut Vec<Value>);
    /// The key of an auto-increment insert, from the id MySQL reports.
    fn from_insert_id(id: i64) -> Option<Self>;
}

impl<T: BaseField> Key for T {
    fn push_values(self, out: &mut Vec<Value>) {
        out.push(self.into_value());
    }
    fn from_insert_id(id: i64) -> Option<Self> {
        T::from_insert_id(id)
    }
}

macro_rules! tuple_key {
    ($($t:ident),+) => {
        impl<$($t: BaseField),+> Key for ($($t,)+) {
            #[allow(non_snake_case, reason = "the tuple's parts are named after their types")]
            fn push_values(self, out: &mut Vec<Value>) {
                let ($($t,)+) = self;
                $(out.push($t.into_value());)+
            }
            fn from_insert_id(_: i64) -> Option<Self> {
                None
            }
        }
    };
}
tuple_key!(A, B);
tuple_key!(A, B, C);
tuple_key!(A, B, C, D);
