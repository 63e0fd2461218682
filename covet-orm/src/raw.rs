//! The raw SQL escape hatch: text written in the program (`&'static str`, never a runtime
//! string) plus bound values, decoded into models or tuples.
//!
//! ```no_run
//! # use covet_orm::{Db, Result, raw_sql_unchecked};
//! # async fn f(db: &Db) -> Result<()> {
//! let rows: Vec<(i64, String)> = raw_sql_unchecked("SELECT id, title FROM albums WHERE year > ?")
//!     .bind(1990_i32)
//!     .fetch_all(db)
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The name says what covet no longer checks: the text is sent as written, so its placeholders
//! (`?` on MySQL/MariaDB and SQLite, `$1` on PostgreSQL), identifiers and quoting are the
//! caller's business, and so is running the same text on every backend. What covet still
//! guarantees is that no runtime string reaches the text: a `String` does not compile.

use crate::executor::Executor;
use crate::field::Field;
use crate::model::Model;
use crate::render::Statement;
use crate::{Error, Result, Row, Value};
use std::borrow::Cow;
use std::panic::Location;

/// SQL text written in the program: `&'static str` only.
#[diagnostic::on_unimplemented(
    message = "raw SQL must be a `&'static str` written in the program, not a `{Self}`",
    label = "built at run time",
    note = "covet never sends a runtime string as SQL: write the statement as a string literal (or a `const`) and pass every value with `.bind(value)`",
    note = "for a column chosen at run time use `covet::dynamic` (it checks names against the model), not raw SQL"
)]
pub trait StaticSql {
    /// The text.
    fn text(self) -> &'static str;
}

impl StaticSql for &'static str {
    fn text(self) -> &'static str {
        self
    }
}

/// A value that can be bound to a raw statement's placeholder.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be bound to a placeholder",
    label = "not a column type",
    note = "bind a value of a column type (i64, String, &str, bool, Option<T>, ...)"
)]
pub trait Bind {
    /// The bound value.
    fn into_bind(self) -> Value;
}

impl<T: Field> Bind for T {
    fn into_bind(self) -> Value {
        Field::into_value(self)
    }
}

impl Bind for &str {
    fn into_bind(self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl Bind for &[u8] {
    fn into_bind(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

/// Raw SQL: `text` is sent as written; values go in with [`RawSql::bind`]. The name is a
/// warning: nothing checks the text against the models or the backend.
#[track_caller]
pub fn raw_sql_unchecked(text: impl StaticSql) -> RawSql {
    RawSql {
        sql: text.text(),
        binds: Vec::new(),
        origin: Location::caller(),
    }
}

/// A raw statement with its bound values; see [`raw_sql_unchecked`].
#[derive(Clone)]
#[must_use = "raw SQL does nothing until it is run (`fetch_all`, `execute`, ...)"]
pub struct RawSql {
    sql: &'static str,
    binds: Vec<Value>,
    origin: &'static Location<'static>,
}

impl std::fmt::Debug for RawSql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The values may be secrets: their types only, as for `Statement`.
        let types: Vec<_> = self.binds.iter().map(Value::sql_type).collect();
        f.debug_struct("RawSql")
            .field("sql", &self.sql)
            .field("bind_types", &types)
            .finish()
    }
}

/// A row of a raw query decoded by position: a tuple of column types.
pub trait FromRawRow: Sized {
    /// Decodes `row`.
    fn from_raw_row(row: &Row) -> Result<Self>;
}

macro_rules! tuple_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Field),+> FromRawRow for ($($t,)+) {
            fn from_raw_row(row: &Row) -> Result<Self> {
                Ok(($(row.get::<$t>($i)?,)+))
            }
        }
    };
}
tuple_row!(A 0);
tuple_row!(A 0, B 1);
tuple_row!(A 0, B 1, C 2);
tuple_row!(A 0, B 1, C 2, D 3);
tuple_row!(A 0, B 1, C 2, D 3, E 4);
tuple_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

impl RawSql {
    /// Binds the next placeholder to `value`.
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.binds.push(value.into_bind());
        self
    }

    /// The statement as it will be sent.
    pub fn to_statement(&self) -> Statement {
        Statement::new(Cow::Borrowed(self.sql), self.binds.clone()).at(self.origin)
    }

    /// Runs the statement; every row decoded as a tuple.
    pub async fn fetch_all<T: FromRawRow>(self, db: &impl Executor) -> Result<Vec<T>> {
        let rows = db.fetch_all(self.to_statement()).await?;
        rows.iter().map(T::from_raw_row).collect()
    }

    /// Runs the statement; its one row ([`Error::NotFound`] when there is none, and the first
    /// when there are more).
    pub async fn fetch_one<T: FromRawRow>(self, db: &impl Executor) -> Result<T> {
        let row = db.fetch_optional(self.to_statement()).await?;
        let row = row.ok_or(Error::NotFound { model: "raw SQL" })?;
        T::from_raw_row(&row)
    }

    /// Runs the statement; every row decoded as model `M`. The statement must select `M`'s
    /// columns in the order of its metadata (`M::SCHEMA.columns`).
    pub async fn fetch_models<M: Model>(self, db: &impl Executor) -> Result<Vec<M>> {
        let rows = db.fetch_all(self.to_statement()).await?;
        rows.iter().map(M::from_row).collect()
    }

    /// Runs a statement that returns no rows; returns rows affected.
    pub async fn execute(self, db: &impl Executor) -> Result<u64> {
        Ok(db.execute(self.to_statement()).await?.rows_affected)
    }
}
