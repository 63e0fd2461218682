//! SQLite: tables from `sqlite_master`, columns, indexes and foreign keys from the pragma
//! table functions (which take the table name as a bound value), and the names of
//! constraints and the checks from the `CREATE TABLE` text SQLite keeps.
//!
//! The declared type is what SQLite keeps of a column's type, so the dialect's types read
//! back to the coarser logical types [`Snapshot::stored_on`](crate::snapshot::Snapshot::stored_on)
//! folds the models to (every integer is `INTEGER`).

use super::lex::{self, Named};
use super::{FkColumn, Found, action, fk_column, int, query, text};
use crate::Result;
use crate::runner::conn::{Arg, Conn};
use crate::snapshot::{Column, ColumnType, Index, Precision};
use covet_sql::Backend;

const B: Backend = Backend::Sqlite;

const TABLES: &str = "SELECT name, COALESCE(sql, '') FROM sqlite_master \
     WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";

const COLUMNS: &str =
    "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid";

const INDEXES: &str = "SELECT name, \"unique\", origin FROM pragma_index_list(?) ORDER BY name";

const INDEX_COLUMNS: &str = "SELECT name FROM pragma_index_info(?) ORDER BY seqno";

const FOREIGN_KEYS: &str = "SELECT id, \"from\", \"table\", \"to\", on_delete, on_update \
     FROM pragma_foreign_key_list(?) ORDER BY id, seq";

pub(super) async fn read(conn: &mut Conn, found: &mut Found) -> Result<()> {
    for row in query(conn, B, TABLES, &[]).await? {
        let name = text(&row, 0).to_owned();
        found.table(&name);
        if found.get(&name).is_some() {
            table(conn, found, &name, text(&row, 1)).await?;
        }
    }
    Ok(())
}

async fn table(conn: &mut Conn, found: &mut Found, name: &str, create: &str) -> Result<()> {
    let arg = || [Arg::Text(name.to_owned())];
    let named = lex::named_constraints(create);
    let autoincrement = lex::tokens(create)
        .iter()
        .any(|t| matches!(t, lex::Tok::Word(w) if w.eq_ignore_ascii_case("AUTOINCREMENT")));
    let columns = query(conn, B, COLUMNS, &arg()).await?;
    let mut keyed: Vec<(u64, String)> = Vec::new();
    let mut t = crate::snapshot::Table::new(name, Vec::new());
    for row in &columns {
        let (ty, precision) = column_type(text(row, 1))
            .unwrap_or_else(|| (found.unknown_type(name, text(row, 0), text(row, 1)), None));
        let position = int(row, 4).unwrap_or(0);
        if position > 0 {
            keyed.push((position, text(row, 0).to_owned()));
        }
        t.columns.push(Column {
            nullable: text(row, 2) == "0",
            default: row[3].as_deref().map(|d| lex::normalize_default(d, ty)),
            precision,
            ..Column::new(text(row, 0), ty)
        });
    }
    keyed.sort();
    t.primary_key = keyed.into_iter().map(|(_, c)| c).collect();
    if let ([key], true) = (t.primary_key.as_slice(), autoincrement)
        && let Some(c) = t.columns.iter_mut().find(|c| c.name == *key)
    {
        c.auto_increment = true;
    }
    for row in query(conn, B, INDEXES, &arg()).await? {
        let origin = text(&row, 2);
        if origin == "pk" {
            continue;
        }
        let index_name = text(&row, 0).to_owned();
        let columns: Vec<String> = query(conn, B, INDEX_COLUMNS, &[Arg::Text(index_name.clone())])
            .await?
            .iter()
            .map(|r| text(r, 0).to_owned())
            .collect();
        // A UNIQUE constraint's index is SQLite's `sqlite_autoindex_*`; its name is in the text.
        let name = if origin == "u" {
            named
                .iter()
                .find_map(|n| match n {
                    Named::Unique(n, cols) if *cols == columns => Some(n.clone()),
                    _ => None,
                })
                .unwrap_or(index_name)
        } else {
            index_name
        };
        t.indexes.push(Index {
            name,
            columns,
            unique: text(&row, 1) == "1",
        });
    }
    for row in query(conn, B, FOREIGN_KEYS, &arg()).await? {
        // Several rows (one per column) share the id of one foreign key; it is named below.
        let fk = FkColumn {
            name: text(&row, 0),
            column: text(&row, 1),
            ref_table: text(&row, 2),
            ref_column: text(&row, 3),
            on_delete: action(text(&row, 4)),
            on_update: action(text(&row, 5)),
        };
        fk_column(&mut t, fk);
    }
    for f in &mut t.foreign_keys {
        f.name = named
            .iter()
            .find_map(|n| match n {
                Named::ForeignKey(n, cols) if *cols == f.columns => Some(n.clone()),
                _ => None,
            })
            .unwrap_or_else(|| covet_sql::ident::derived_name(name, &borrowed(&f.columns), "fkey"));
    }
    if let Some(slot) = found.get(name) {
        *slot = t;
    }
    for n in named {
        if let Named::Check(check, clause) = n {
            found.check(name, &check, &clause);
        }
    }
    Ok(())
}

fn borrowed(names: &[String]) -> Vec<&str> {
    names.iter().map(String::as_str).collect()
}

/// The logical type of a declared type as the SQLite dialect writes it.
fn column_type(declared: &str) -> Option<(ColumnType, Option<Precision>)> {
    let toks = lex::tokens(declared);
    let word = toks
        .first()
        .and_then(lex::Tok::ident)
        .unwrap_or("")
        .to_ascii_uppercase();
    let ty = match word.as_str() {
        "INTEGER" => ColumnType::BigInt,
        "REAL" => ColumnType::Double,
        "BOOLEAN" => ColumnType::Bool,
        "BLOB" => ColumnType::Bytes,
        "DATE" => ColumnType::Date,
        "DATETIME" => ColumnType::Timestamp,
        "TIMESTAMPTZ" => ColumnType::TimestampTz,
        "NUMERIC" => {
            let numbers: Vec<u8> = toks
                .iter()
                .filter_map(|t| match t {
                    lex::Tok::Num(n) => n.parse().ok(),
                    _ => None,
                })
                .collect();
            let precision = match numbers.as_slice() {
                [digits, scale] => Some(Precision {
                    digits: *digits,
                    scale: *scale,
                }),
                _ => None,
            };
            return Some((ColumnType::Decimal, precision));
        }
        "TEXT" => ColumnType::Text,
        _ => return None,
    };
    Some((ty, None))
}
