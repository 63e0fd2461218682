//! [`Sensitive<T>`]: a field value that never shows in `Debug`, `Display`, traces or covet's
//! error messages.
//!
//! A derive cannot change what `#[derive(Debug)]` prints for a field, so redaction lives in the
//! field's type: a `#[covet(sensitive)]` field must be a `Sensitive<T>` (or an `Option` of one),
//! which stores and decodes exactly like `T` and derefs to it, and whose `Debug` and `Display`
//! print `[redacted]`.

use crate::field::{BaseField, Decoded, IntoValue, TextField};
use crate::validate::{NumberRule, TextRule};
use crate::{Error, Value};
use covet_sql::schema::SqlType;
use sqlx::mysql::MySqlRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use std::fmt;

/// What [`Sensitive`] prints instead of its value.
pub const REDACTED: &str = "[redacted]";

/// A value that is stored like `T` but never printed: `Debug` and `Display` show
/// `[redacted]`. Read it with `*value`, [`Sensitive::expose`] or [`Sensitive::into_inner`].
///
/// ```
/// use covet_orm::Sensitive;
/// let password = Sensitive::new("hunter2".to_owned());
/// assert_eq!(format!("{password:?}"), "[redacted]");
/// assert_eq!(password.len(), 7); // derefs to the String
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a value.
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// The value, to read deliberately.
    pub const fn expose(&self) -> &T {
        &self.0
    }

    /// The value, unwrapped.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<T> std::ops::Deref for Sensitive<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Sensitive<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T: BaseField> BaseField for Sensitive<T> {
    const SQL_TYPE: SqlType = T::SQL_TYPE;
    fn into_value(self) -> Value {
        self.0.into_value()
    }
    fn decode_pg(row: &PgRow, idx: usize) -> Decoded<Self> {
        Ok(T::decode_pg(row, idx)?.map(Self))
    }
    fn decode_mysql(row: &MySqlRow, idx: usize) -> Decoded<Self> {
        Ok(T::decode_mysql(row, idx)?.map(Self))
    }
    fn decode_sqlite(row: &SqliteRow, idx: usize) -> Decoded<Self> {
        Ok(T::decode_sqlite(row, idx)?.map(Self))
    }
    fn from_insert_id(id: i64) -> Option<Self> {
        T::from_insert_id(id).map(Self)
    }
}

/// A filter on a sensitive column takes the plain value: `User::EMAIL.eq("a@b.co")`.
impl<T: BaseField> IntoValue<Sensitive<T>> for T {
    fn into_value(self) -> Value {
        BaseField::into_value(self)
    }
}

impl IntoValue<Sensitive<String>> for &str {
    fn into_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl TextField for Sensitive<String> {}
impl TextField for Option<Sensitive<String>> {}

impl<T: TextRule> TextRule for Sensitive<T> {
    fn text(&self) -> Option<&str> {
        self.0.text()
    }
}

impl<T: NumberRule> NumberRule for Sensitive<T> {
    fn number(&self) -> Option<crate::validate::Number> {
        self.0.number()
    }
}

/// Implemented by `Sensitive<T>` and `Option<Sensitive<T>>`: the types a
/// `#[covet(sensitive)]` field may have.
#[diagnostic::on_unimplemented(
    message = "a `sensitive` field must be a `covet::Sensitive<_>`, and this one is `{Self}`",
    label = "not wrapped in `Sensitive`",
    note = "declare it as `Sensitive<{Self}>` (import `covet::Sensitive`): it stores like the inner type and derefs to it, and its `Debug`/`Display` print `[redacted]` (a derive cannot change what `#[derive(Debug)]` prints)"
)]
pub trait SensitiveField {}
impl<T> SensitiveField for Sensitive<T> {}
impl<T> SensitiveField for Option<Sensitive<T>> {}

/// Backends quote the offending value in some messages (MariaDB's "Duplicate entry 'x' for
/// key ...", PostgreSQL's `invalid input syntax ...: "x"`). For a model with sensitive
/// columns every quoted part of a write's error message is replaced; the constraint name has
/// been parsed out of the message already, so classification loses nothing.
pub(crate) fn redact_error(e: Error) -> Error {
    match e {
        Error::UniqueViolation {
            constraint,
            message,
        } => Error::UniqueViolation {
            constraint,
            message: redact_quoted(&message),
        },
        Error::ForeignKeyViolation {
            constraint,
            message,
        } => Error::ForeignKeyViolation {
            constraint,
            message: redact_quoted(&message),
        },
        Error::CheckViolation {
            constraint,
            message,
        } => Error::CheckViolation {
            constraint,
            message: redact_quoted(&message),
        },
        Error::NotNullViolation { message } => Error::NotNullViolation {
            message: redact_quoted(&message),
        },
        Error::Database { code, message } => Error::Database {
            code,
            message: redact_quoted(&message),
        },
        Error::Decode { column, message } => Error::Decode {
            column,
            message: redact_quoted(&message),
        },
        other => other,
    }
}

/// `Duplicate entry 'x' for key 'k'` → `Duplicate entry '[redacted]' for key '[redacted]'`.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            None => {
                out.push(c);
                if matches!(c, '\'' | '"' | '`') {
                    open = Some(c);
                    out.push_str(REDACTED);
                }
            }
            Some(q) if c == q => {
                out.push(c);
                open = None;
            }
            Some(_) => {}
        }
    }
    out
}

/// Redacts the error of a write on `M` when `M` has sensitive columns.
pub(crate) fn guard<M: crate::Model, T>(result: crate::Result<T>) -> crate::Result<T> {
    if M::SENSITIVE.is_empty() {
        result
    } else {
        result.map_err(redact_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_redacted() {
        assert_eq!(
            redact_quoted("Duplicate entry 'hunter2' for key 'users.users_secret_key'"),
            "Duplicate entry '[redacted]' for key '[redacted]'"
        );
        assert_eq!(
            redact_quoted(r#"invalid input syntax for type uuid: "x'y""#),
            r#"invalid input syntax for type uuid: "[redacted]""#
        );
        assert_eq!(redact_quoted("no quotes"), "no quotes");
    }

    #[test]
    fn debug_and_display_redact() {
        let s = Sensitive::new(String::from("hunter2"));
        assert_eq!(
            format!("{s:?} {s} {:?}", Some(s.clone())),
            "[redacted] [redacted] Some([redacted])"
        );
        assert_eq!(s.expose(), "hunter2");
    }
}
