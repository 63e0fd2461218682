//! Turns [`Value`]s into each backend's sqlx arguments. Values only ever travel as bound
//! parameters; this is the one place that decides their wire types.

use crate::value::truncate_micros;
use crate::{Error, Result, Value};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use covet_sql::schema::SqlType;
use rust_decimal::Decimal;
use sqlx::Arguments as _;
use sqlx::mysql::MySqlArguments;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;
use sqlx::types::Json;
use uuid::Uuid;

fn bind_error(e: sqlx::error::BoxDynError) -> Error {
    Error::InvalidInput(format!("cannot bind value: {e}"))
}

/// Calls `$add` with the value as the Rust type sqlx encodes for `$backend`, and with a typed
/// `None` for NULL.
macro_rules! add_value {
    ($args:expr, $value:expr, sqlite_text_times = $sqlite:tt) => {{
        let a = &mut $args;
        match $value {
            Value::Null(t) => match *t {
                SqlType::Bool => a.add(None::<bool>),
                SqlType::SmallInt => a.add(None::<i16>),
                SqlType::Int => a.add(None::<i32>),
                SqlType::BigInt => a.add(None::<i64>),
                SqlType::Real => a.add(None::<f32>),
                SqlType::Double => a.add(None::<f64>),
                SqlType::Text => a.add(None::<String>),
                SqlType::Bytes => a.add(None::<Vec<u8>>),
                SqlType::Date => a.add(None::<NaiveDate>),
                SqlType::Timestamp => a.add(None::<NaiveDateTime>),
                SqlType::TimestampTz => a.add(None::<DateTime<Utc>>),
                SqlType::Decimal => add_value!(@null_decimal a, $sqlite),
                SqlType::Uuid => a.add(None::<Uuid>),
                SqlType::Json => a.add(None::<Json<serde_json::Value>>),
            },
            Value::Bool(v) => a.add(*v),
            Value::I16(v) => a.add(*v),
            Value::I32(v) => a.add(*v),
            Value::I64(v) => a.add(*v),
            Value::F32(v) => a.add(*v),
            Value::F64(v) => a.add(*v),
            Value::Text(v) => a.add(v.as_str()),
            Value::Bytes(v) => a.add(v.as_slice()),
            Value::Date(v) => a.add(*v),
            Value::Timestamp(v) => add_value!(@naive a, truncate_micros(*v), $sqlite),
            Value::TimestampTz(v) => add_value!(@utc a, truncate_micros(*v), $sqlite),
            Value::Decimal(v) => add_value!(@decimal a, *v, $sqlite),
            Value::Uuid(v) => a.add(*v),
            Value::Json(v) => a.add(Json(v)),
            Value::Array(..) => Err("arrays are bound on PostgreSQL only".into()),
        }
        .map_err(bind_error)
    }};
    (@naive $a:ident, $v:expr, false) => { $a.add($v) };
    (@utc $a:ident, $v:expr, false) => { $a.add($v) };
    (@decimal $a:ident, $v:expr, false) => { $a.add($v) };
    (@null_decimal $a:ident, false) => { $a.add(None::<Decimal>) };
    // SQLite has no date or decimal types: fixed-width text sorts in time order, and a decimal
    // sent as text is converted exactly by the column's NUMERIC affinity.
    (@naive $a:ident, $v:expr, true) => { $a.add($v.format("%Y-%m-%d %H:%M:%S%.6f").to_string()) };
    (@utc $a:ident, $v:expr, true) => { $a.add($v.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()) };
    (@decimal $a:ident, $v:expr, true) => { $a.add($v.to_string()) };
    (@null_decimal $a:ident, true) => { $a.add(None::<String>) };
}

pub(crate) fn pg_args(values: &[Value]) -> Result<PgArguments> {
    let mut args = PgArguments::default();
    args.reserve(values.len(), 0);
    for v in values {
        match v {
            Value::Array(ty, items) => add_pg_array(&mut args, *ty, items)?,
            v => add_value!(args, v, sqlite_text_times = false)?,
        }
    }
    Ok(args)
}

pub(crate) fn mysql_args(values: &[Value]) -> Result<MySqlArguments> {
    let mut args = MySqlArguments::default();
    args.reserve(values.len(), 0);
    for v in values {
        add_value!(args, v, sqlite_text_times = false)?;
    }
    Ok(args)
}

pub(crate) fn sqlite_args(values: &[Value]) -> Result<SqliteArguments> {
    let mut args = SqliteArguments::default();
    args.reserve(values.len(), 0);
    for v in values {
        add_value!(args, v, sqlite_text_times = true)?;
    }
    Ok(args)
}

/// Binds `values` (all of type `ty`, or NULL) as one PostgreSQL array: `UNNEST` bulk inserts
/// bind one per column, so their statement text does not change with the row count.
fn add_pg_array(args: &mut PgArguments, ty: SqlType, values: &[Value]) -> Result<()> {
    /// Collects the column's values as `T`, NULL as `None`; another type is a bug upstream,
    /// reported rather than guessed.
    fn pick<T>(values: &[Value], get: impl Fn(&Value) -> Option<T>) -> Result<Vec<Option<T>>> {
        values
            .iter()
            .map(|v| match v {
                Value::Null(_) => Ok(None),
                v => get(v).map(Some).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "a {:?} value in a column of another type",
                        v.sql_type()
                    ))
                }),
            })
            .collect()
    }
    let added = match ty {
        SqlType::Bool => args.add(pick(values, |v| {
            if let Value::Bool(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::SmallInt => args.add(pick(values, |v| {
            if let Value::I16(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::Int => args.add(pick(values, |v| {
            if let Value::I32(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::BigInt => args.add(pick(values, |v| {
            if let Value::I64(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::Real => args.add(pick(values, |v| {
            if let Value::F32(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::Double => args.add(pick(values, |v| {
            if let Value::F64(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::Text => args.add(pick(values, |v| {
            if let Value::Text(x) = v {
                Some(x.clone())
            } else {
                None
            }
        })?),
        SqlType::Bytes => args.add(pick(values, |v| {
            if let Value::Bytes(x) = v {
                Some(x.clone())
            } else {
                None
            }
        })?),
        SqlType::Date => args.add(pick(values, |v| {
            if let Value::Date(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::Timestamp => args.add(pick(values, |v| {
            if let Value::Timestamp(x) = v {
                Some(truncate_micros(*x))
            } else {
                None
            }
        })?),
        SqlType::TimestampTz => args.add(pick(values, |v| {
            if let Value::TimestampTz(x) = v {
                Some(truncate_micros(*x))
            } else {
                None
            }
        })?),
        SqlType::Decimal => args.add(pick(values, |v| {
            if let Value::Decimal(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::Uuid => args.add(pick(values, |v| {
            if let Value::Uuid(x) = v {
                Some(*x)
            } else {
                None
            }
        })?),
        SqlType::Json => args.add(pick(values, |v| {
            if let Value::Json(x) = v {
                Some(Json(x.clone()))
            } else {
                None
            }
        })?),
    };
    added.map_err(bind_error)
}
