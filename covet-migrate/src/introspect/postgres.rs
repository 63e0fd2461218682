//! PostgreSQL: the current schema's tables from `pg_catalog` and `information_schema`.

use super::{Found, index_column, int, query, text};
use crate::Result;
use crate::runner::conn::Conn;
use crate::snapshot::{Action, Column, ColumnType, Precision};
use covet_sql::Backend;

const B: Backend = Backend::Postgres;

const TABLES: &str = "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1";

const COLUMNS: &str = "SELECT table_name::text, column_name::text, data_type::text, \
     character_maximum_length::text, numeric_precision::text, numeric_scale::text, \
     is_nullable::text, column_default::text, is_identity::text \
     FROM information_schema.columns WHERE table_schema = current_schema() \
     ORDER BY table_name, ordinal_position";

/// Every index but the primary key's, unique constraints included (each is an index of the
/// same name), with its columns in order.
const INDEXES: &str = "SELECT t.relname::text, i.relname::text, a.attname::text, ix.indisunique::text, ix.indisprimary::text \
     FROM pg_index ix \
     JOIN pg_class i ON i.oid = ix.indexrelid \
     JOIN pg_class t ON t.oid = ix.indrelid \
     JOIN pg_namespace n ON n.oid = t.relnamespace \
     CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
     WHERE n.nspname = current_schema() \
     ORDER BY t.relname, i.relname, k.ord";

const FOREIGN_KEYS: &str = "SELECT t.relname::text, c.conname::text, a.attname::text, rt.relname::text, ra.attname::text, \
     c.confdeltype::text, c.confupdtype::text \
     FROM pg_constraint c \
     JOIN pg_class t ON t.oid = c.conrelid \
     JOIN pg_namespace n ON n.oid = t.relnamespace \
     JOIN pg_class rt ON rt.oid = c.confrelid \
     CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, refcol, ord) \
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.col \
     JOIN pg_attribute ra ON ra.attrelid = rt.oid AND ra.attnum = k.refcol \
     WHERE n.nspname = current_schema() AND c.contype = 'f' \
     ORDER BY t.relname, c.conname, k.ord";

const CHECKS: &str = "SELECT t.relname::text, c.conname::text, pg_get_constraintdef(c.oid) \
     FROM pg_constraint c \
     JOIN pg_class t ON t.oid = c.conrelid \
     JOIN pg_namespace n ON n.oid = t.relnamespace \
     WHERE n.nspname = current_schema() AND c.contype = 'c' \
     ORDER BY 1, 2";

pub(super) async fn read(conn: &mut Conn, found: &mut Found) -> Result<()> {
    for row in query(conn, B, TABLES, &[]).await? {
        found.table(text(&row, 0));
    }
    for row in query(conn, B, COLUMNS, &[]).await? {
        let (table, name, data_type) = (text(&row, 0), text(&row, 1), text(&row, 2));
        let (ty, max_length) = column_type(data_type, int(&row, 3))
            .unwrap_or_else(|| (found.unknown_type(table, name, data_type), None));
        let Some(t) = found.get(table) else {
            continue;
        };
        let precision = match (ty, int(&row, 4), int(&row, 5)) {
            (ColumnType::Decimal, Some(p), Some(s)) => Some(Precision {
                digits: u8::try_from(p).unwrap_or(u8::MAX),
                scale: u8::try_from(s).unwrap_or(u8::MAX),
            }),
            _ => None,
        };
        let default = row[7]
            .as_deref()
            .map(|d| super::lex::normalize_default(d, ty));
        t.columns.push(Column {
            nullable: text(&row, 6) == "YES",
            auto_increment: text(&row, 8) == "YES",
            default,
            max_length,
            precision,
            ..Column::new(name, ty)
        });
    }
    for row in query(conn, B, INDEXES, &[]).await? {
        let Some(t) = found.get(text(&row, 0)) else {
            continue;
        };
        let column = text(&row, 2).to_owned();
        if text(&row, 4) == "true" {
            t.primary_key.push(column);
            continue;
        }
        index_column(t, text(&row, 1), column, text(&row, 3) == "true");
    }
    let rows = query(conn, B, FOREIGN_KEYS, &[]).await?;
    found.foreign_keys(&rows, action);
    for row in query(conn, B, CHECKS, &[]).await? {
        let clause = super::lex::tokens(text(&row, 2));
        found.check(text(&row, 0), text(&row, 1), &clause);
    }
    Ok(())
}

/// The logical type of an `information_schema.columns.data_type` (the PostgreSQL dialect's
/// types, one to one).
fn column_type(data_type: &str, length: Option<u64>) -> Option<(ColumnType, Option<u32>)> {
    let length = length.and_then(|n| u32::try_from(n).ok());
    let ty = match data_type {
        "smallint" => ColumnType::SmallInt,
        "integer" => ColumnType::Int,
        "bigint" => ColumnType::BigInt,
        "real" => ColumnType::Real,
        "double precision" => ColumnType::Double,
        "boolean" => ColumnType::Bool,
        "character varying" => return Some((ColumnType::Text, length)),
        "text" => ColumnType::Text,
        "bytea" => ColumnType::Bytes,
        "date" => ColumnType::Date,
        "timestamp without time zone" => ColumnType::Timestamp,
        "timestamp with time zone" => ColumnType::TimestampTz,
        "numeric" => ColumnType::Decimal,
        "uuid" => ColumnType::Uuid,
        "jsonb" => ColumnType::Json,
        _ => return None,
    };
    Some((ty, None))
}

/// `pg_constraint`'s one-letter action codes.
fn action(code: &str) -> Action {
    match code {
        "r" => Action::Restrict,
        "c" => Action::Cascade,
        "n" => Action::SetNull,
        "d" => Action::SetDefault,
        _ => Action::NoAction,
    }
}
