//! SQLite: ANSI quoting and `?` placeholders; its loose typing means the declared type only
//! sets the column's affinity.

use super::{AlterColumn, Backend, Dialect, KeySet};
use crate::schema::SqlType;

/// The SQLite dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

impl Dialect for Sqlite {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn offset_without_limit(&self) -> &'static str {
        " LIMIT -1"
    }

    fn column_type(&self, out: &mut String, ty: SqlType, _max_length: Option<u32>, _keyed: bool) {
        out.push_str(match ty {
            // Only the exact words `INTEGER PRIMARY KEY` alias the rowid, which is what makes
            // auto-increment work; every integer is INTEGER for that reason.
            SqlType::SmallInt | SqlType::Int | SqlType::BigInt => "INTEGER",
            SqlType::Real | SqlType::Double => "REAL",
            SqlType::Bool => "BOOLEAN",
            SqlType::Text => "TEXT",
            SqlType::Bytes => "BLOB",
            SqlType::Date => "DATE",
            SqlType::Timestamp => "DATETIME",
            SqlType::TimestampTz => "TIMESTAMPTZ",
            // NUMERIC affinity keeps comparisons and ORDER BY numeric (text affinity would
            // compare "10" < "9"); values beyond 15 significant digits lose precision.
            SqlType::Decimal => "NUMERIC",
            SqlType::Uuid => "BLOB",
            SqlType::Json => "TEXT",
        });
    }

    fn cast_bigint(&self) -> &'static str {
        "INTEGER"
    }

    fn cast_double(&self) -> &'static str {
        "REAL"
    }

    fn char_length(&self) -> &'static str {
        "length"
    }

    fn auto_increment(&self, out: &mut String) -> bool {
        // AUTOINCREMENT never reuses the key of a deleted row, as the other backends do not.
        out.push_str(" PRIMARY KEY AUTOINCREMENT");
        true
    }

    fn alter_column(&self) -> AlterColumn {
        AlterColumn::Rebuild
    }

    fn alter_constraints(&self) -> bool {
        false
    }

    fn key_set(&self, keys: KeySet) -> (&'static str, &'static str) {
        match keys {
            KeySet::Integer | KeySet::Text => (" IN (SELECT value FROM json_each(", "))"),
            // UUIDs are stored as 16-byte blobs.
            KeySet::Binary => (" IN (SELECT unhex(value) FROM json_each(", "))"),
        }
    }

    fn key_set_as_json(&self) -> bool {
        true
    }
}
