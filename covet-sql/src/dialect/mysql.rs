//! MySQL and MariaDB: backquoted identifiers, `?` placeholders, `AUTO_INCREMENT`, binary
//! collation so that comparisons are case- and trailing-space-sensitive as on the other backends.

use super::{
    AlterColumn, Backend, ConstraintKind, Dialect, KeySet, UpsertStyle, quote_with, text_type,
};
use crate::schema::SqlType;

/// The MySQL/MariaDB dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct MySql;

/// MariaDB cannot index unbounded text, and an index key is at most 3072 bytes: 191 four-byte
/// characters per column keeps a multi-column index of text columns under that limit.
const INDEX_PREFIX: &str = "(191)";

impl Dialect for MySql {
    fn backend(&self) -> Backend {
        Backend::MySql
    }

    fn quote_ident(&self, out: &mut String, name: &str) {
        quote_with(out, name, '`');
    }

    fn like_escape(&self) -> &'static str {
        // In a MySQL string literal the backslash itself must be escaped.
        " ESCAPE '\\\\'"
    }

    fn offset_without_limit(&self) -> &'static str {
        // The documented way to say "no limit" to MySQL.
        " LIMIT 18446744073709551615"
    }

    fn insert_returning(&self) -> bool {
        false
    }

    fn cast_bigint(&self) -> &'static str {
        // MySQL's CAST has no BIGINT; SIGNED is its 64-bit integer.
        "SIGNED"
    }

    fn cast_double(&self) -> &'static str {
        "DOUBLE"
    }

    fn default_values(&self) -> &'static str {
        " () VALUES ()"
    }

    fn column_type(&self, out: &mut String, ty: SqlType, max_length: Option<u32>, keyed: bool) {
        out.push_str(match ty {
            SqlType::SmallInt => "SMALLINT",
            SqlType::Int => "INT",
            SqlType::BigInt => "BIGINT",
            SqlType::Real => "FLOAT",
            SqlType::Double => "DOUBLE",
            SqlType::Bool => "BOOLEAN",
            // A key must have a bounded length; an unbounded key column gets the longest
            // VARCHAR that fits an index.
            SqlType::Text if keyed && max_length.is_none() => "VARCHAR(191)",
            SqlType::Text => return text_type(out, max_length, "LONGTEXT"),
            SqlType::Bytes => "LONGBLOB",
            SqlType::Date => "DATE",
            SqlType::Timestamp | SqlType::TimestampTz => "DATETIME(6)",
            SqlType::Decimal => "DECIMAL(65, 30)",
            SqlType::Uuid => "BINARY(16)",
            SqlType::Json => "JSON",
        });
    }

    fn decimal_type(&self) -> &'static str {
        "DECIMAL"
    }

    fn char_length(&self) -> &'static str {
        "CHAR_LENGTH"
    }

    fn auto_increment(&self, out: &mut String) -> bool {
        out.push_str(" AUTO_INCREMENT");
        false
    }

    fn table_options(&self) -> &'static str {
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
    }

    fn index_column_suffix(&self, ty: SqlType, max_length: Option<u32>) -> &'static str {
        if ty == SqlType::Text && max_length.is_none() {
            INDEX_PREFIX
        } else {
            ""
        }
    }

    fn alter_column(&self) -> AlterColumn {
        AlterColumn::Modify
    }

    fn drop_constraint(&self, kind: ConstraintKind) -> &'static str {
        match kind {
            ConstraintKind::Unique => " DROP INDEX ",
            ConstraintKind::ForeignKey => " DROP FOREIGN KEY ",
            ConstraintKind::Check => " DROP CONSTRAINT ",
        }
    }

    fn drop_index_on_table(&self) -> bool {
        true
    }

    fn indexes_foreign_keys(&self) -> bool {
        true
    }

    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::OnDuplicateKey
    }

    // JSON_TABLE rather than chunked IN lists: one statement whatever the number of keys. Text
    // keys get the tables' own collation so the comparison is exact and never a collation mix.
    fn key_set(&self, keys: KeySet) -> (&'static str, &'static str) {
        match keys {
            KeySet::Integer => (
                " IN (SELECT covet_k FROM JSON_TABLE(",
                ", '$[*]' COLUMNS(covet_k BIGINT PATH '$')) AS covet_keys)",
            ),
            KeySet::Text => (
                " IN (SELECT covet_k FROM JSON_TABLE(",
                ", '$[*]' COLUMNS(covet_k VARCHAR(16383) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS covet_keys)",
            ),
            KeySet::Binary => (
                " IN (SELECT UNHEX(covet_k) FROM JSON_TABLE(",
                ", '$[*]' COLUMNS(covet_k CHAR(32) PATH '$')) AS covet_keys)",
            ),
        }
    }

    fn key_set_as_json(&self) -> bool {
        true
    }
}
