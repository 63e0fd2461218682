//! MariaDB/MySQL: the current database's tables from `information_schema`.
//!
//! MariaDB adds what the models did not say, and this leaves it out again: the index InnoDB
//! creates for a foreign key that has none (named after the constraint), and the
//! `json_valid` check that makes a `JSON` column (a `LONGTEXT`) hold JSON. MariaDB's
//! `CHECK_CONSTRAINTS` has the `TABLE_NAME` column that MySQL 8 lacks.

use super::{Found, action, index_column, int, query, text};
use crate::Result;
use crate::runner::conn::Conn;
use crate::snapshot::{Column, ColumnType, Precision};
use covet_sql::Backend;

const B: Backend = Backend::MySql;

const TABLES: &str = "SELECT TABLE_NAME FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";

const COLUMNS: &str = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, \
     CAST(CHARACTER_MAXIMUM_LENGTH AS SIGNED), CAST(NUMERIC_PRECISION AS SIGNED), \
     CAST(NUMERIC_SCALE AS SIGNED), IS_NULLABLE, COLUMN_DEFAULT, EXTRA \
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, ORDINAL_POSITION";

const INDEXES: &str = "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, CAST(NON_UNIQUE AS SIGNED) \
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

const FOREIGN_KEYS: &str = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, \
     k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE \
     FROM information_schema.KEY_COLUMN_USAGE k \
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
       ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
      AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
     WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
     ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

const CHECKS: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE \
     FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, CONSTRAINT_NAME";

pub(super) async fn read(conn: &mut Conn, found: &mut Found) -> Result<()> {
    for row in query(conn, B, TABLES, &[]).await? {
        found.table(text(&row, 0));
    }
    let checks = query(conn, B, CHECKS, &[]).await?;
    for row in query(conn, B, COLUMNS, &[]).await? {
        let (table, name) = (text(&row, 0), text(&row, 1));
        let is_json = checks
            .iter()
            .any(|c| text(c, 0) == table && json_checked(text(c, 2)).as_deref() == Some(name));
        if found.get(table).is_none() {
            continue;
        }
        let (ty, max_length, precision) = column_type(&row, is_json)
            .unwrap_or_else(|| (found.unknown_type(table, name, text(&row, 3)), None, None));
        let Some(t) = found.get(table) else {
            continue;
        };
        // MariaDB reports "no default" on a nullable column as the text NULL.
        let default = row[8]
            .as_deref()
            .filter(|d| !d.eq_ignore_ascii_case("NULL"))
            .map(|d| super::lex::normalize_default(d, ty));
        t.columns.push(Column {
            nullable: text(&row, 7) == "YES",
            auto_increment: text(&row, 9).contains("auto_increment"),
            default,
            max_length,
            precision,
            ..Column::new(name, ty)
        });
    }
    let rows = query(conn, B, FOREIGN_KEYS, &[]).await?;
    found.foreign_keys(&rows, action);
    for row in query(conn, B, INDEXES, &[]).await? {
        let Some(t) = found.get(text(&row, 0)) else {
            continue;
        };
        let (name, column) = (text(&row, 1), text(&row, 2).to_owned());
        if name == "PRIMARY" {
            t.primary_key.push(column);
            continue;
        }
        index_column(t, name, column, text(&row, 3) == "0");
    }
    for t in found.tables.values_mut() {
        let fks = &t.foreign_keys;
        t.indexes.retain(|i| {
            i.unique
                || !fks
                    .iter()
                    .any(|f| f.name == i.name && f.columns == i.columns)
        });
    }
    for row in &checks {
        let (table, name, clause) = (text(row, 0), text(row, 1), text(row, 2));
        if json_checked(clause).is_none() {
            found.check(table, name, &super::lex::tokens(clause));
        }
    }
    Ok(())
}

/// The column of the check MariaDB adds to a `JSON` column, `json_valid(`column`)` (named
/// after the column when it was made, which a rename does not change).
fn json_checked(clause: &str) -> Option<String> {
    match super::lex::tokens(clause).as_slice() {
        [f, _, c, _]
            if f.ident()
                .is_some_and(|f| f.eq_ignore_ascii_case("json_valid")) =>
        {
            c.ident().map(str::to_owned)
        }
        _ => None,
    }
}

/// The logical type, length and precision of a column row, from the MySQL dialect's types.
fn column_type(
    row: &super::Cells,
    is_json: bool,
) -> Option<(ColumnType, Option<u32>, Option<Precision>)> {
    let length = int(row, 4).and_then(|n| u32::try_from(n).ok());
    let full = text(row, 3).to_ascii_lowercase();
    let ty = match text(row, 2).to_ascii_lowercase().as_str() {
        "smallint" => ColumnType::SmallInt,
        "int" => ColumnType::Int,
        "bigint" => ColumnType::BigInt,
        "float" => ColumnType::Real,
        "double" => ColumnType::Double,
        "tinyint" if full.starts_with("tinyint(1)") => ColumnType::Bool,
        "varchar" => return Some((ColumnType::Text, length, None)),
        "longtext" if is_json => ColumnType::Json,
        "longtext" => ColumnType::Text,
        "json" => ColumnType::Json,
        "longblob" => ColumnType::Bytes,
        "binary" if full == "binary(16)" => ColumnType::Uuid,
        "date" => ColumnType::Date,
        "datetime" if full == "datetime(6)" => ColumnType::Timestamp,
        "decimal" => {
            let digits = int(row, 5).and_then(|n| u8::try_from(n).ok());
            let scale = int(row, 6).and_then(|n| u8::try_from(n).ok());
            // DECIMAL(65, 30) is what the dialect writes for a decimal without a precision.
            let precision = match (digits, scale) {
                (Some(65), Some(30)) | (None, _) | (_, None) => None,
                (Some(digits), Some(scale)) => Some(Precision { digits, scale }),
            };
            return Some((ColumnType::Decimal, None, precision));
        }
        _ => return None,
    };
    Some((ty, None, None))
}
