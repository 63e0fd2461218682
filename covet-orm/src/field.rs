//! The Rust types a model field can have, and how each becomes a [`Value`] and comes back
//! from a row on every backend.

use crate::Row;
use crate::{Result, Value};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use covet_sql::schema::SqlType;
use rust_decimal::Decimal;
use sqlx::error::BoxDynError;
use sqlx::mysql::MySqlRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row as _, ValueRef as _};
use uuid::Uuid;

/// What a backend decoder returns: `None` for NULL; the error gets its column name added by
/// [`Row`].
pub type Decoded<T> = std::result::Result<Option<T>, BoxDynError>;

/// A non-null column type: one of the types covet maps on every backend.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a column type covet supports",
    label = "unsupported column type",
    note = "supported: i16, i32, i64, f32, f64, bool, String, Vec<u8>, chrono::NaiveDate, chrono::NaiveDateTime, chrono::DateTime<Utc>, rust_decimal::Decimal, uuid::Uuid, serde_json::Value, and Option<T> of each (nullable); store other data as one of these, e.g. structured data as serde_json::Value"
)]
pub trait BaseField: Sized + Clone + Send + Sync + 'static {
    /// The logical type.
    const SQL_TYPE: SqlType;
    /// Converts into a bound value.
    fn into_value(self) -> Value;
    /// Reads column `idx` of a PostgreSQL row; `None` for NULL.
    fn decode_pg(row: &PgRow, idx: usize) -> Decoded<Self>;
    /// Reads column `idx` of a MySQL/MariaDB row; `None` for NULL.
    fn decode_mysql(row: &MySqlRow, idx: usize) -> Decoded<Self>;
    /// Reads column `idx` of a SQLite row; `None` for NULL.
    fn decode_sqlite(row: &SqliteRow, idx: usize) -> Decoded<Self>;
    /// The key an auto-increment insert produced, for integer keys (MySQL without RETURNING).
    fn from_insert_id(id: i64) -> Option<Self> {
        let _ = id;
        None
    }
}

/// A model field: a [`BaseField`] (NOT NULL) or an `Option` of one (nullable).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a column type covet supports",
    label = "unsupported column type",
    note = "supported: i16, i32, i64, f32, f64, bool, String, Vec<u8>, chrono::NaiveDate, chrono::NaiveDateTime, chrono::DateTime<Utc>, rust_decimal::Decimal, uuid::Uuid, serde_json::Value, and Option<T> of each (nullable); store other data as one of these, e.g. structured data as serde_json::Value"
)]
pub trait Field: Sized + Clone + Send + Sync + 'static {
    /// The type without its `Option`.
    type Base: BaseField;
    /// The logical type.
    const SQL_TYPE: SqlType = <Self::Base as BaseField>::SQL_TYPE;
    /// `true` for `Option<T>`.
    const NULLABLE: bool;
    /// Converts into a bound value.
    fn into_value(self) -> Value;
    /// Reads column `idx` of `row`.
    fn decode(row: &Row, idx: usize) -> Result<Self>;
}

impl<T: BaseField> Field for T {
    type Base = T;
    const NULLABLE: bool = false;
    fn into_value(self) -> Value {
        BaseField::into_value(self)
    }
    fn decode(row: &Row, idx: usize) -> Result<Self> {
        row.decode_base::<T>(idx)?.ok_or_else(|| {
            row.decode_error(
                idx,
                "unexpected NULL in a NOT NULL field: make it an Option".into(),
            )
        })
    }
}

impl<T: BaseField> Field for Option<T> {
    type Base = T;
    const NULLABLE: bool = true;
    fn into_value(self) -> Value {
        match self {
            Some(v) => v.into_value(),
            None => Value::Null(T::SQL_TYPE),
        }
    }
    fn decode(row: &Row, idx: usize) -> Result<Self> {
        row.decode_base::<T>(idx)
    }
}

/// Marks nullable fields: only they have `is_null` / `is_not_null`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a NOT NULL column, so it cannot be compared with NULL",
    label = "not nullable",
    note = "declare the field as `Option<{Self}>` to make the column nullable"
)]
pub trait Nullable {}
impl<T: BaseField> Nullable for Option<T> {}

/// Marks text fields: only they have `like`.
#[diagnostic::on_unimplemented(
    message = "`like` needs a text column, and this column is `{Self}`",
    label = "not a text column",
    note = "use `eq`, `lt`, `between` or `in_list` on non-text columns"
)]
pub trait TextField {}
impl TextField for String {}
impl TextField for Option<String> {}

/// A Rust value that can be compared with or stored in a column whose type is `B`.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be used as a value of a `{B}` column",
    label = "expected a value of type `{B}`",
    note = "filters take a value of the column's own type, `{B}` (or a reference to one): convert the value first"
)]
pub trait IntoValue<B> {
    /// Converts into a bound value.
    fn into_value(self) -> Value;
}

impl<T: BaseField> IntoValue<T> for T {
    fn into_value(self) -> Value {
        BaseField::into_value(self)
    }
}
impl<T: BaseField> IntoValue<T> for &T {
    fn into_value(self) -> Value {
        BaseField::into_value(self.clone())
    }
}
impl IntoValue<String> for &str {
    fn into_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}
impl IntoValue<Vec<u8>> for &[u8] {
    fn into_value(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

/// Reads a non-null value through sqlx's own decoder, with NULL checked first.
macro_rules! sqlx_get {
    ($row:expr, $idx:expr, $ty:ty) => {{
        let raw = $row.try_get_raw($idx)?;
        let decoded: Decoded<$ty> = if raw.is_null() {
            Ok(None)
        } else {
            Ok(Some($row.try_get::<$ty, _>($idx)?))
        };
        decoded
    }};
}

/// A type that sqlx decodes the same way on every backend.
macro_rules! plain_field {
    ($ty:ty, $sql:ident, $variant:ident) => {
        impl BaseField for $ty {
            const SQL_TYPE: SqlType = SqlType::$sql;
            fn into_value(self) -> Value {
                Value::$variant(self)
            }
            fn decode_pg(row: &PgRow, idx: usize) -> Decoded<Self> {
                sqlx_get!(row, idx, $ty)
            }
            fn decode_mysql(row: &MySqlRow, idx: usize) -> Decoded<Self> {
                sqlx_get!(row, idx, $ty)
            }
            fn decode_sqlite(row: &SqliteRow, idx: usize) -> Decoded<Self> {
                sqlx_get!(row, idx, $ty)
            }
        }
    };
}

plain_field!(bool, Bool, Bool);
plain_field!(f32, Real, F32);
plain_field!(f64, Double, F64);
plain_field!(String, Text, Text);
plain_field!(Vec<u8>, Bytes, Bytes);
plain_field!(NaiveDate, Date, Date);
plain_field!(NaiveDateTime, Timestamp, Timestamp);
plain_field!(DateTime<Utc>, TimestampTz, TimestampTz);
plain_field!(Uuid, Uuid, Uuid);

/// Integers decode from any integer column that holds them (an `i64` field over an INTEGER
/// column of an existing schema, say), with a range check instead of a type error.
macro_rules! int_field {
    ($ty:ty, $sql:ident, $variant:ident) => {
        impl BaseField for $ty {
            const SQL_TYPE: SqlType = SqlType::$sql;
            fn into_value(self) -> Value {
                Value::$variant(self)
            }
            fn decode_pg(row: &PgRow, idx: usize) -> Decoded<Self> {
                let raw = row.try_get_raw(idx)?;
                if raw.is_null() {
                    return Ok(None);
                }
                let wide: i64 = match sqlx::TypeInfo::name(&*raw.type_info()) {
                    "INT2" => row.try_get::<i16, _>(idx)?.into(),
                    "INT4" => row.try_get::<i32, _>(idx)?.into(),
                    _ => row.try_get::<i64, _>(idx)?,
                };
                Ok(Some(<$ty>::try_from(wide)?))
            }
            fn decode_mysql(row: &MySqlRow, idx: usize) -> Decoded<Self> {
                let wide: Option<i64> = sqlx_get!(row, idx, i64)?;
                Ok(wide.map(<$ty>::try_from).transpose()?)
            }
            fn decode_sqlite(row: &SqliteRow, idx: usize) -> Decoded<Self> {
                let wide: Option<i64> = sqlx_get!(row, idx, i64)?;
                Ok(wide.map(<$ty>::try_from).transpose()?)
            }
            fn from_insert_id(id: i64) -> Option<Self> {
                <$ty>::try_from(id).ok()
            }
        }
    };
}

int_field!(i16, SmallInt, I16);
int_field!(i32, Int, I32);
int_field!(i64, BigInt, I64);

impl BaseField for Decimal {
    const SQL_TYPE: SqlType = SqlType::Decimal;
    fn into_value(self) -> Value {
        Value::Decimal(self)
    }
    fn decode_pg(row: &PgRow, idx: usize) -> Decoded<Self> {
        sqlx_get!(row, idx, Decimal)
    }
    fn decode_mysql(row: &MySqlRow, idx: usize) -> Decoded<Self> {
        sqlx_get!(row, idx, Decimal)
    }
    /// SQLite's NUMERIC affinity stores a decimal as INTEGER, REAL or TEXT depending on its
    /// value; each storage class is read back exactly as far as it was kept.
    fn decode_sqlite(row: &SqliteRow, idx: usize) -> Decoded<Self> {
        let raw = row.try_get_raw(idx)?;
        if raw.is_null() {
            return Ok(None);
        }
        let decimal = match sqlx::TypeInfo::name(&*raw.type_info()) {
            "INTEGER" => Decimal::from(row.try_get::<i64, _>(idx)?),
            // f64's Display is the shortest text that reads back as the same float, which is
            // the decimal the user wrote for every value SQLite could keep.
            "REAL" => row.try_get::<f64, _>(idx)?.to_string().parse()?,
            _ => row.try_get::<String, _>(idx)?.parse()?,
        };
        Ok(Some(decimal))
    }
}

impl BaseField for serde_json::Value {
    const SQL_TYPE: SqlType = SqlType::Json;
    fn into_value(self) -> Value {
        Value::Json(self)
    }
    fn decode_pg(row: &PgRow, idx: usize) -> Decoded<Self> {
        Ok(sqlx_get!(row, idx, sqlx::types::Json<serde_json::Value>)?.map(|j| j.0))
    }
    fn decode_mysql(row: &MySqlRow, idx: usize) -> Decoded<Self> {
        Ok(sqlx_get!(row, idx, sqlx::types::Json<serde_json::Value>)?.map(|j| j.0))
    }
    fn decode_sqlite(row: &SqliteRow, idx: usize) -> Decoded<Self> {
        Ok(sqlx_get!(row, idx, sqlx::types::Json<serde_json::Value>)?.map(|j| j.0))
    }
}
