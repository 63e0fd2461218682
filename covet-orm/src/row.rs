//! [`Row`]: one result row of whichever backend ran the statement.

use crate::field::{BaseField, Field};
use crate::{Error, Result};
use sqlx::error::BoxDynError;
use sqlx::mysql::MySqlRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column as _, Row as _, ValueRef as _};

/// A result row. Models decode themselves from it by column position, in the order of their
/// schema metadata, which is the order every covet `SELECT` lists them.
#[derive(Debug)]
#[non_exhaustive]
pub enum Row {
    /// A PostgreSQL row.
    Postgres(PgRow),
    /// A MySQL/MariaDB row.
    MySql(MySqlRow),
    /// A SQLite row.
    Sqlite(SqliteRow),
}

impl Row {
    /// Decodes column `idx` as `T`.
    pub fn get<T: Field>(&self, idx: usize) -> Result<T> {
        T::decode(self, idx)
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        match self {
            Self::Postgres(r) => r.len(),
            Self::MySql(r) => r.len(),
            Self::Sqlite(r) => r.len(),
        }
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn decode_base<T: BaseField>(&self, idx: usize) -> Result<Option<T>> {
        let decoded = match self {
            Self::Postgres(r) => T::decode_pg(r, idx),
            Self::MySql(r) => T::decode_mysql(r, idx),
            Self::Sqlite(r) => T::decode_sqlite(r, idx),
        };
        decoded.map_err(|e| self.decode_error(idx, e))
    }

    /// Whether column `idx` is NULL (the key of the missing side of a left join, say).
    pub(crate) fn is_null(&self, idx: usize) -> Result<bool> {
        let raw = match self {
            Self::Postgres(r) => r.try_get_raw(idx).map(|v| v.is_null()),
            Self::MySql(r) => r.try_get_raw(idx).map(|v| v.is_null()),
            Self::Sqlite(r) => r.try_get_raw(idx).map(|v| v.is_null()),
        };
        raw.map_err(|e| self.decode_error(idx, e.into()))
    }

    pub(crate) fn decode_error(&self, idx: usize, e: BoxDynError) -> Error {
        Error::Decode {
            column: self.column_name(idx),
            message: e.to_string(),
        }
    }

    fn column_name(&self, idx: usize) -> String {
        let name = match self {
            Self::Postgres(r) => r.columns().get(idx).map(|c| c.name()),
            Self::MySql(r) => r.columns().get(idx).map(|c| c.name()),
            Self::Sqlite(r) => r.columns().get(idx).map(|c| c.name()),
        };
        name.map_or_else(|| format!("#{idx}"), str::to_owned)
    }
}
