//! The models as a backend can keep them, to compare with what introspection reads back.

use super::lex::normalize_default;
use crate::snapshot::{ColumnType, Snapshot};
use covet_sql::Backend;

/// The width MariaDB gives unbounded text that a key is built over (see the MySQL dialect).
const MYSQL_KEY_TEXT: u32 = 191;

impl Snapshot {
    /// This snapshot as `backend` stores it: types folded where the backend's are coarser
    /// (on SQLite every integer is `INTEGER`, `REAL` both floats, `BLOB` bytes and UUIDs,
    /// `TEXT` any text and JSON; on MariaDB `DATETIME` both timestamps, and unbounded text
    /// under a key `VARCHAR(191)`), defaults in one spelling, `renamed_from` notes dropped,
    /// and objects sorted by name. Introspection returns snapshots of this form.
    pub fn stored_on(&self, backend: Backend) -> Snapshot {
        let mut out = self.clone();
        out.tables.sort_by(|a, b| a.name.cmp(&b.name));
        for t in &mut out.tables {
            t.renamed_from = None;
            let keyed: Vec<String> = {
                let spec = t.spec();
                t.columns
                    .iter()
                    .filter(|c| spec.is_keyed(&c.name))
                    .map(|c| c.name.clone())
                    .collect()
            };
            for c in &mut t.columns {
                c.renamed_from = None;
                match backend {
                    Backend::Postgres => {}
                    Backend::MySql => {
                        if c.ty == ColumnType::TimestampTz {
                            c.ty = ColumnType::Timestamp;
                        }
                        if c.ty == ColumnType::Text
                            && c.max_length.is_none()
                            && keyed.contains(&c.name)
                        {
                            c.max_length = Some(MYSQL_KEY_TEXT);
                        }
                    }
                    Backend::Sqlite => {
                        c.ty = match c.ty {
                            ColumnType::SmallInt | ColumnType::Int => ColumnType::BigInt,
                            ColumnType::Real => ColumnType::Double,
                            ColumnType::Json => ColumnType::Text,
                            ColumnType::Uuid => ColumnType::Bytes,
                            other => other,
                        };
                        c.max_length = None;
                    }
                }
                c.default = c.default.as_deref().map(|d| normalize_default(d, c.ty));
            }
            t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            t.checks.sort_by(|a, b| a.name.cmp(&b.name));
        }
        out
    }
}
