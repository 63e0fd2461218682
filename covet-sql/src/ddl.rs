//! `CREATE TABLE` and `CREATE INDEX` rendered from a model's [`TableSchema`].
//!
//! The runtime uses this to create a model's table directly (prototypes, tests, the
//! quickstart); covet-migrate renders its migrations through the same functions.

use crate::schema::{ColumnDef, TableSchema};
use crate::{Backend, SqlWriter};

/// The statements that create `schema`'s table and its non-unique indexes, in order.
pub fn create_table(backend: Backend, schema: &TableSchema, if_not_exists: bool) -> Vec<String> {
    let mut out = vec![create_table_only(backend, schema, if_not_exists)];
    out.extend(
        schema
            .indexes
            .iter()
            .filter(|i| !i.unique)
            .map(|i| create_index(backend, schema, i.name, i.columns, if_not_exists)),
    );
    out
}

/// `DROP TABLE [IF EXISTS] t`.
pub fn drop_table(backend: Backend, table: &str, if_exists: bool) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("DROP TABLE ");
    if if_exists {
        w.sql("IF EXISTS ");
    }
    w.ident(table);
    w.finish()
}

fn is_keyed(schema: &TableSchema, col: &ColumnDef) -> bool {
    schema.is_key(col.name)
        || schema
            .foreign_keys
            .iter()
            .any(|fk| fk.columns.contains(&col.name))
}

fn create_table_only(backend: Backend, schema: &TableSchema, if_not_exists: bool) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("CREATE TABLE ");
    if if_not_exists {
        w.sql("IF NOT EXISTS ");
    }
    w.ident(schema.name).sql(" (");
    let mut key_declared = false;
    w.list(schema.columns, ", ", |w, col| {
        key_declared |= column(w, schema, col);
    });
    if !key_declared && !schema.primary_key.is_empty() {
        w.sql(", PRIMARY KEY (");
        name_list(&mut w, schema.primary_key);
        w.sql(")");
    }
    for idx in schema.indexes.iter().filter(|i| i.unique) {
        w.sql(", CONSTRAINT ").ident(idx.name).sql(" UNIQUE (");
        name_list(&mut w, idx.columns);
        w.sql(")");
    }
    for fk in schema.foreign_keys {
        w.sql(", CONSTRAINT ").ident(fk.name).sql(" FOREIGN KEY (");
        name_list(&mut w, fk.columns);
        w.sql(") REFERENCES ").ident(fk.ref_table).sql(" (");
        name_list(&mut w, fk.ref_columns);
        w.sql(") ON DELETE ")
            .sql(fk.on_delete.sql())
            .sql(" ON UPDATE ")
            .sql(fk.on_update.sql());
    }
    w.sql(")");
    let options = w.dialect().table_options();
    w.sql(options);
    w.finish()
}

/// Writes one column definition; returns whether it declared the primary key itself.
fn column(w: &mut SqlWriter, schema: &TableSchema, col: &ColumnDef) -> bool {
    let keyed = is_keyed(schema, col);
    w.ident(col.name).sql(" ");
    w.with_dialect(|d, out| d.column_type(out, col, keyed));
    let mut declared_key = false;
    if col.auto_increment {
        w.with_dialect(|d, out| declared_key = d.auto_increment(out, col));
    }
    if !col.nullable {
        w.sql(" NOT NULL");
    }
    if let Some(default) = col.default {
        // The expression was written in the source and checked by the derive.
        w.sql(" DEFAULT ").sql(default);
    }
    declared_key
}

fn name_list(w: &mut SqlWriter, names: &[&str]) {
    w.list(names, ", ", |w, n| {
        w.ident(n);
    });
}

/// `CREATE INDEX [IF NOT EXISTS] name ON t (cols)`.
pub fn create_index(
    backend: Backend,
    schema: &TableSchema,
    name: &str,
    columns: &[&str],
    if_not_exists: bool,
) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("CREATE INDEX ");
    if if_not_exists {
        w.sql("IF NOT EXISTS ");
    }
    w.ident(name).sql(" ON ").ident(schema.name).sql(" (");
    w.list(columns, ", ", |w, c| match schema.column(c) {
        Some(col) => {
            w.with_dialect(|d, out| d.index_column(out, col));
        }
        None => {
            w.ident(c);
        }
    });
    w.sql(")");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ColumnDef, FkAction, ForeignKeyDef, IndexDef, SqlType};

    const fn col(name: &'static str, ty: SqlType) -> ColumnDef {
        ColumnDef {
            name,
            field: name,
            ty,
            nullable: false,
            auto_increment: false,
            default: None,
            max_length: None,
        }
    }

    const ALBUMS: TableSchema = TableSchema {
        name: "albums",
        model: "Album",
        columns: &[
            ColumnDef {
                auto_increment: true,
                ..col("id", SqlType::BigInt)
            },
            ColumnDef {
                max_length: Some(160),
                ..col("title", SqlType::Text)
            },
            ColumnDef {
                nullable: true,
                ..col("notes", SqlType::Text)
            },
            col("artist_id", SqlType::BigInt),
        ],
        primary_key: &["id"],
        indexes: &[
            IndexDef {
                name: "albums_artist_id_title_idx",
                columns: &["artist_id", "title"],
                unique: false,
            },
            IndexDef {
                name: "albums_title_key",
                columns: &["title"],
                unique: true,
            },
        ],
        foreign_keys: &[ForeignKeyDef {
            name: "albums_artist_id_fkey",
            columns: &["artist_id"],
            ref_table: "artists",
            ref_columns: &["id"],
            on_delete: FkAction::Cascade,
            on_update: FkAction::NoAction,
        }],
    };

    #[test]
    fn create_table_side_by_side() {
        assert_eq!(
            create_table(Backend::Postgres, &ALBUMS, true),
            [
                r#"CREATE TABLE IF NOT EXISTS "albums" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, "title" VARCHAR(160) NOT NULL, "notes" TEXT, "artist_id" BIGINT NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "albums_title_key" UNIQUE ("title"), CONSTRAINT "albums_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)"#,
                r#"CREATE INDEX IF NOT EXISTS "albums_artist_id_title_idx" ON "albums" ("artist_id", "title")"#,
            ]
        );
        assert_eq!(
            create_table(Backend::MySql, &ALBUMS, false),
            [
                "CREATE TABLE `albums` (`id` BIGINT AUTO_INCREMENT NOT NULL, `title` VARCHAR(160) NOT NULL, `notes` LONGTEXT, `artist_id` BIGINT NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `albums_title_key` UNIQUE (`title`), CONSTRAINT `albums_artist_id_fkey` FOREIGN KEY (`artist_id`) REFERENCES `artists` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                "CREATE INDEX `albums_artist_id_title_idx` ON `albums` (`artist_id`, `title`)",
            ]
        );
        assert_eq!(
            create_table(Backend::Sqlite, &ALBUMS, false)[0],
            r#"CREATE TABLE "albums" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "title" TEXT NOT NULL, "notes" TEXT, "artist_id" INTEGER NOT NULL, CONSTRAINT "albums_title_key" UNIQUE ("title"), CONSTRAINT "albums_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)"#
        );
    }
}
