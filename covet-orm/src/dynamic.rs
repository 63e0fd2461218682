//! Filters and sort keys that arrive at run time, from an HTTP query string say: a column name,
//! an operator and a JSON value.
//!
//! ```no_run
//! # use covet_orm::{Db, Model, Result, dynamic};
//! # async fn f<M: Model>(db: &Db) -> Result<Vec<M>> {
//! let filter = dynamic::filter::<M>("title", "like", &serde_json::json!("Back%"))?;
//! let order = dynamic::order::<M>("year", "desc")?;
//! M::query().filter(filter).order_by(order).all(db).await
//! # }
//! ```
//!
//! The name is looked up in the model's compile-time metadata (column or field name), the
//! operator in a fixed list, and the value converted to the column's own type; anything else
//! is an error ([`Error::UnknownColumn`] or [`Error::InvalidInput`]) returned before anything
//! is sent. The SQL text comes from the metadata only, so a runtime string never becomes SQL.
//! Sensitive columns cannot be filtered or sorted on: that would let a caller probe their
//! values.

use crate::column::DynColumn;
use crate::expr::{CmpOp, ColumnRef, Expr, Filter, Order};
use crate::model::Model;
use crate::{Error, Result, Value};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use covet_sql::schema::{ColumnDef, SqlType};
use serde_json::Value as Json;

/// The operators a dynamic filter accepts, by the name a caller sends.
pub const OPERATORS: [&str; 11] = [
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "like",
    "in",
    "between",
    "is_null",
    "is_not_null",
];

/// The longest name echoed back in an error: a caller may send megabytes.
const ECHO_LIMIT: usize = 64;

/// The column of `M` named `name` (column or field name), or [`Error::UnknownColumn`].
/// Sensitive columns are refused as if unknown.
pub fn column<M: Model>(name: &str) -> Result<DynColumn<M>> {
    DynColumn::<M>::lookup(name)
        .filter(|c| !M::SENSITIVE.contains(&c.def().name))
        .ok_or_else(|| Error::UnknownColumn {
            model: M::SCHEMA.model,
            name: name.chars().take(ECHO_LIMIT).collect(),
        })
}

/// `name op value` as a filter of `M`, checked against the metadata.
pub fn filter<M: Model>(name: &str, op: &str, value: &Json) -> Result<Filter<M>> {
    column::<M>(name)?.filter(op, value)
}

/// A sort key of `M` from a column name and `asc` / `desc` (any case).
pub fn order<M: Model>(name: &str, direction: &str) -> Result<Order<M>> {
    column::<M>(name)?.order(direction)
}

/// Every condition of a JSON object `{"column": {"op": value, ...}, ...}`, combined with AND;
/// `{"column": value}` is short for `{"column": {"eq": value}}`.
pub fn filters<M: Model>(conditions: &Json) -> Result<Filter<M>> {
    let Json::Object(columns) = conditions else {
        return Err(invalid::<M>(
            "dynamic filters must be a JSON object of column names",
        ));
    };
    let mut all = Vec::new();
    for (name, spec) in columns {
        match spec {
            Json::Object(ops) => {
                for (op, value) in ops {
                    all.push(filter::<M>(name, op, value)?);
                }
            }
            value => all.push(filter::<M>(name, "eq", value)?),
        }
    }
    Ok(Filter::all(all))
}

fn invalid<M: Model>(message: &str) -> Error {
    Error::InvalidInput(format!("{}: {message}", M::SCHEMA.model))
}

impl<M: Model> DynColumn<M> {
    fn expr(self) -> Box<Expr> {
        Box::new(Expr::Column(ColumnRef {
            table: M::SCHEMA.name,
            column: self.def().name,
        }))
    }

    /// `self op value`, with `value` converted to the column's type.
    pub fn filter(self, op: &str, value: &Json) -> Result<Filter<M>> {
        let def = self.def();
        let cmp = |op: CmpOp| -> Result<Filter<M>> {
            let v = Box::new(Expr::Value(convert::<M>(def, value)?));
            Ok(Filter::new(Expr::Cmp(self.expr(), op, v)))
        };
        match op {
            "eq" => cmp(CmpOp::Eq),
            "ne" => cmp(CmpOp::Ne),
            "lt" => cmp(CmpOp::Lt),
            "le" => cmp(CmpOp::Le),
            "gt" => cmp(CmpOp::Gt),
            "ge" => cmp(CmpOp::Ge),
            "like" if def.ty.is_text() => {
                let v = Box::new(Expr::Value(convert::<M>(def, value)?));
                Ok(Filter::new(Expr::Like(self.expr(), v)))
            }
            "like" => Err(invalid::<M>(&format!(
                "`like` needs a text column, and {} is not one",
                def.name
            ))),
            "in" => {
                let Json::Array(items) = value else {
                    return Err(invalid::<M>("`in` takes a JSON array of values"));
                };
                let values = items
                    .iter()
                    .map(|v| convert::<M>(def, v))
                    .collect::<Result<_>>()?;
                Ok(Filter::new(Expr::InList(self.expr(), values)))
            }
            "between" => match value {
                Json::Array(pair) if pair.len() == 2 => {
                    let low = Box::new(Expr::Value(convert::<M>(def, &pair[0])?));
                    let high = Box::new(Expr::Value(convert::<M>(def, &pair[1])?));
                    Ok(Filter::new(Expr::Between(self.expr(), low, high)))
                }
                _ => Err(invalid::<M>(
                    "`between` takes a JSON array of two values [low, high]",
                )),
            },
            "is_null" | "is_not_null" if def.nullable => {
                Ok(Filter::new(Expr::IsNull(self.expr(), op == "is_not_null")))
            }
            "is_null" | "is_not_null" => Err(invalid::<M>(&format!(
                "{} is NOT NULL, so it cannot be compared with NULL",
                def.name
            ))),
            _ => Err(invalid::<M>(&format!(
                "unknown operator {:?}: expected one of {}",
                op.chars().take(ECHO_LIMIT).collect::<String>(),
                OPERATORS.join(", ")
            ))),
        }
    }

    /// A sort key from `asc` or `desc` (any case).
    pub fn order(self, direction: &str) -> Result<Order<M>> {
        if direction.eq_ignore_ascii_case("asc") {
            Ok(self.asc())
        } else if direction.eq_ignore_ascii_case("desc") {
            Ok(self.desc())
        } else {
            Err(invalid::<M>(
                "a sort direction is `asc` or `desc`; this one is neither",
            ))
        }
    }
}

/// `value` as a bound value of `def`'s type, or an error naming the type expected.
fn convert<M: Model>(def: &ColumnDef, value: &Json) -> Result<Value> {
    let wrong = || {
        invalid::<M>(&format!(
            "{} holds {}, and the value given is {}",
            def.name,
            expected(def.ty),
            kind(value)
        ))
    };
    if value.is_null() {
        return Err(invalid::<M>(&format!(
            "compare {} with NULL through `is_null` / `is_not_null`, not with a null value",
            def.name
        )));
    }
    let int = || value.as_i64().ok_or_else(wrong);
    let range = |_| {
        invalid::<M>(&format!(
            "{} holds {}, and the value given is out of its range",
            def.name,
            expected(def.ty)
        ))
    };
    let text = || value.as_str().ok_or_else(wrong);
    Ok(match def.ty {
        SqlType::SmallInt => Value::I16(i16::try_from(int()?).map_err(range)?),
        SqlType::Int => Value::I32(i32::try_from(int()?).map_err(range)?),
        SqlType::BigInt => Value::I64(int()?),
        SqlType::Real => Value::F32(value.as_f64().ok_or_else(wrong)? as f32),
        SqlType::Double => Value::F64(value.as_f64().ok_or_else(wrong)?),
        SqlType::Bool => Value::Bool(value.as_bool().ok_or_else(wrong)?),
        SqlType::Text => Value::Text(text()?.to_owned()),
        SqlType::Bytes => Value::Bytes(bytes(value).ok_or_else(wrong)?),
        SqlType::Date => Value::Date(text()?.parse::<NaiveDate>().map_err(|_| wrong())?),
        SqlType::Timestamp => {
            Value::Timestamp(text()?.parse::<NaiveDateTime>().map_err(|_| wrong())?)
        }
        SqlType::TimestampTz => {
            let t = DateTime::parse_from_rfc3339(text()?).map_err(|_| wrong())?;
            Value::TimestampTz(t.with_timezone(&Utc))
        }
        SqlType::Decimal => {
            let digits = match value {
                Json::String(s) => s.clone(),
                Json::Number(n) => n.to_string(),
                _ => return Err(wrong()),
            };
            Value::Decimal(digits.parse().map_err(|_| wrong())?)
        }
        SqlType::Uuid => Value::Uuid(text()?.parse().map_err(|_| wrong())?),
        SqlType::Json => Value::Json(value.clone()),
    })
}

fn bytes(value: &Json) -> Option<Vec<u8>> {
    value
        .as_array()?
        .iter()
        .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
        .collect()
}

/// What a JSON value of a column of type `ty` looks like, for error messages.
fn expected(ty: SqlType) -> &'static str {
    match ty {
        SqlType::SmallInt => "a 16-bit integer",
        SqlType::Int => "a 32-bit integer",
        SqlType::BigInt => "a 64-bit integer",
        SqlType::Real | SqlType::Double => "a number",
        SqlType::Bool => "a boolean",
        SqlType::Text => "text (a JSON string)",
        SqlType::Bytes => "bytes (a JSON array of integers 0-255)",
        SqlType::Date => "a date (a string such as \"2024-05-01\")",
        SqlType::Timestamp => "a timestamp (a string such as \"2024-05-01T12:00:00\")",
        SqlType::TimestampTz => "an instant (an RFC 3339 string such as \"2024-05-01T12:00:00Z\")",
        SqlType::Decimal => "a decimal (a string or a number)",
        SqlType::Uuid => "a UUID (a string)",
        SqlType::Json => "JSON",
    }
}

fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Json::Number(_) => "a fractional number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}
