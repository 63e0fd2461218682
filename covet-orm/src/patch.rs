//! `M::patch(key)`: an update of the columns that changed, typed:
//! `Album::patch(id).set(Album::TITLE, "x").set(Album::YEAR, Some(1990)).exec(&db)`.
//!
//! Each `set` takes a column of `M` and a value of that column's type, checked by the
//! compiler, and validates the value against the field's rules; `exec` sends nothing when any
//! failed. `updated_at` is set to the time of the write and the version incremented, as a
//! whole-row update does; [`Patch::if_version`] makes the patch optimistic.

use crate::column::Column;
use crate::executor::Executor;
use crate::field::{BaseField, Field};
use crate::lifecycle;
use crate::model::{Key, Model};
use crate::render::Statement;
use crate::sensitive::{Sensitive, guard};
use crate::validate::{self, FieldError};
use crate::{Error, Result, Value};
use covet_sql::schema::SqlType;
use std::panic::Location;

/// A value that can be stored in a column whose field type is `T`: a `T`, or what `T` is
/// made of (`&str` for a `String` column, `1990` for an `Option<i32>` one).
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be stored in a `{T}` column",
    label = "expected a value of type `{T}`",
    note = "`set` takes a value of the column's own type, `{T}`: convert the value first"
)]
pub trait SetValue<T> {
    /// The value as the field's type.
    fn into_field(self) -> T;
}

impl<T: Field> SetValue<T> for T {
    fn into_field(self) -> T {
        self
    }
}

impl<T: BaseField> SetValue<Option<T>> for T {
    fn into_field(self) -> Option<T> {
        Some(self)
    }
}

impl<T: BaseField> SetValue<Sensitive<T>> for T {
    fn into_field(self) -> Sensitive<T> {
        Sensitive::new(self)
    }
}

impl SetValue<String> for &str {
    fn into_field(self) -> String {
        self.to_owned()
    }
}

impl SetValue<Option<String>> for &str {
    fn into_field(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl SetValue<Sensitive<String>> for &str {
    fn into_field(self) -> Sensitive<String> {
        Sensitive::new(self.to_owned())
    }
}

/// An update of chosen columns of one row; `.exec(&db)` runs it.
#[must_use = "a patch does nothing until `.exec(&db)` runs it"]
pub struct Patch<M: Model> {
    key: M::Key,
    set: Vec<(&'static str, Value)>,
    errors: Vec<FieldError>,
    expected_version: Option<i64>,
    origin: &'static Location<'static>,
}

impl<M: Model> Patch<M> {
    #[track_caller]
    pub(crate) fn new(key: M::Key) -> Self {
        Self {
            key,
            set: Vec::new(),
            errors: Vec::new(),
            expected_version: None,
            origin: Location::caller(),
        }
    }

    /// Sets `column` to `value` (the last value wins when a column is set twice).
    pub fn set<T: Field>(mut self, column: Column<M, T>, value: impl SetValue<T>) -> Self {
        let value = value.into_field();
        M::validate_column(column.name(), &value, &mut self.errors);
        let value = Field::into_value(value);
        match self.set.iter_mut().find(|(c, _)| *c == column.name()) {
            Some(slot) => slot.1 = value,
            None => self.set.push((column.name(), value)),
        }
        self
    }

    /// Applies the patch only if the row still has `version` ([`Error::StaleVersion`]
    /// otherwise, with nothing written). Without it a versioned row's version is incremented
    /// whatever it was, so writers holding the old version become stale.
    pub fn if_version(mut self, version: i64) -> Self {
        self.expected_version = Some(version);
        self
    }

    /// Validates, then writes the columns set (with `updated_at` and the version, when the
    /// model has them); returns rows affected (0 when no row has the key).
    pub async fn exec(self, db: &impl Executor) -> Result<u64> {
        validate::into_result(M::SCHEMA.model, self.errors)?;
        let model = M::SCHEMA.model;
        if self.set.is_empty() {
            return Err(Error::InvalidInput(format!(
                "a patch of {model} must set at least one column"
            )));
        }
        if let Some(version) = M::VERSION.filter(|v| self.set.iter().any(|(c, _)| c == v)) {
            return Err(Error::InvalidInput(format!(
                "{model}.{version} is covet's optimistic-lock version: every update increments it, so a patch cannot set it"
            )));
        }
        let version = M::VERSION.and_then(|v| M::SCHEMA.column(v));
        if self.expected_version.is_some() && version.is_none() {
            return Err(Error::InvalidInput(format!(
                "{model} has no version column: `if_version` needs #[covet(version)]"
            )));
        }
        let (mut columns, mut binds): (Vec<&str>, Vec<Value>) = self.set.into_iter().unzip();
        let updated_at = M::UPDATED_AT.and_then(|c| M::SCHEMA.column(c));
        if let Some(updated_at) = updated_at.filter(|c| !columns.contains(&c.name)) {
            columns.push(updated_at.name);
            binds.push(lifecycle::now_value(updated_at.ty, lifecycle::now()));
        }
        self.key.push_values(&mut binds);
        if let (Some(expected), Some(column)) = (self.expected_version, version) {
            binds.push(version_value(column.ty, expected)?);
        }
        let sql = covet_sql::statements::update_columns_by_key(
            db.backend(),
            M::SCHEMA.name,
            &columns,
            M::SCHEMA.primary_key,
            version.map(|c| c.name),
            self.expected_version.is_some(),
        );
        let stmt = Statement::new(sql, binds)
            .at(self.origin)
            .on(M::SCHEMA.name);
        let rows = guard::<M, _>(db.execute(stmt).await)?.rows_affected;
        if rows == 0 && self.expected_version.is_some() {
            return Err(Error::StaleVersion { model });
        }
        Ok(rows)
    }
}

/// `version` as a value of the version column's own integer type.
fn version_value(ty: SqlType, version: i64) -> Result<Value> {
    let out_of_range = |_| Error::InvalidInput(format!("version {version} is out of range"));
    Ok(match ty {
        SqlType::SmallInt => Value::I16(i16::try_from(version).map_err(out_of_range)?),
        SqlType::Int => Value::I32(i32::try_from(version).map_err(out_of_range)?),
        _ => Value::I64(version),
    })
}
