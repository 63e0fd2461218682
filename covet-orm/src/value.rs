//! [`Value`]: a bound parameter. Values are always sent as parameters, never as SQL text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use covet_sql::schema::SqlType;
use rust_decimal::Decimal;
use uuid::Uuid;

/// One value bound to a placeholder.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// NULL of a given type (PostgreSQL types every parameter, so NULL must be typed too).
    Null(SqlType),
    /// Boolean.
    Bool(bool),
    /// 16-bit integer.
    I16(i16),
    /// 32-bit integer.
    I32(i32),
    /// 64-bit integer.
    I64(i64),
    /// 32-bit float.
    F32(f32),
    /// 64-bit float.
    F64(f64),
    /// Text.
    Text(String),
    /// Binary data.
    Bytes(Vec<u8>),
    /// Date.
    Date(NaiveDate),
    /// Date and time without zone, truncated to microseconds.
    Timestamp(NaiveDateTime),
    /// UTC instant, truncated to microseconds.
    TimestampTz(DateTime<Utc>),
    /// Exact decimal.
    Decimal(Decimal),
    /// UUID.
    Uuid(Uuid),
    /// JSON document.
    Json(serde_json::Value),
    /// An array of values of one type, bound as one parameter: PostgreSQL only (`= ANY($1)`,
    /// `UNNEST($1::T[])`).
    Array(SqlType, Vec<Value>),
}

/// Every backend keeps microseconds; PostgreSQL rounds and MariaDB truncates the rest, so covet
/// truncates before sending to store the same instant everywhere.
pub(crate) fn truncate_micros<T: Timelike>(t: T) -> T {
    let micros = t.nanosecond() / 1_000 * 1_000;
    t.with_nanosecond(micros).unwrap_or(t)
}

impl Value {
    /// The logical type of this value.
    pub fn sql_type(&self) -> SqlType {
        match self {
            Self::Null(t) => *t,
            Self::Bool(_) => SqlType::Bool,
            Self::I16(_) => SqlType::SmallInt,
            Self::I32(_) => SqlType::Int,
            Self::I64(_) => SqlType::BigInt,
            Self::F32(_) => SqlType::Real,
            Self::F64(_) => SqlType::Double,
            Self::Text(_) => SqlType::Text,
            Self::Bytes(_) => SqlType::Bytes,
            Self::Date(_) => SqlType::Date,
            Self::Timestamp(_) => SqlType::Timestamp,
            Self::TimestampTz(_) => SqlType::TimestampTz,
            Self::Decimal(_) => SqlType::Decimal,
            Self::Uuid(_) => SqlType::Uuid,
            Self::Json(_) => SqlType::Json,
            Self::Array(t, _) => *t,
        }
    }
}
