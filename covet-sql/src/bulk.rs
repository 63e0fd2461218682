//! Statements that insert many rows at once: multi-row `VALUES` in chunks under each backend's
//! bind-parameter limit, and PostgreSQL's `UNNEST` form whose text does not depend on the
//! number of rows.

use crate::schema::{ColumnDef, TableSchema};
use crate::{Backend, SqlWriter};

/// The most bind parameters one statement may carry.
pub const fn max_params(backend: Backend) -> usize {
    match backend {
        Backend::Postgres | Backend::MySql => 65_535,
        // SQLITE_MAX_VARIABLE_NUMBER since 3.32.
        Backend::Sqlite => 32_766,
    }
}

/// Rows per multi-row `INSERT`: as many as the parameter limit allows, at most 1,000 so one
/// statement stays a reasonable size. Fixed per model, so at most two texts (a full chunk and
/// the remainder) are prepared whatever the row count.
pub fn rows_per_chunk(backend: Backend, schema: &TableSchema) -> usize {
    let columns = inserted(schema).count().max(1);
    (max_params(backend) / columns).clamp(1, 1_000)
}

fn inserted(schema: &TableSchema) -> impl Iterator<Item = &ColumnDef> {
    schema.columns.iter().filter(|c| !c.auto_increment)
}

fn returning(w: &mut SqlWriter, schema: &TableSchema) {
    w.sql(" RETURNING ");
    w.list(schema.columns, ", ", |w, c| {
        w.ident(c.name);
    });
}

/// `INSERT INTO t (...) VALUES (...), (...) [RETURNING ...]` for `rows` rows.
pub fn insert_rows(
    backend: Backend,
    schema: &TableSchema,
    rows: usize,
    with_returning: bool,
) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql("INSERT INTO ").ident(schema.name).sql(" (");
    w.list(inserted(schema), ", ", |w, c| {
        w.ident(c.name);
    });
    w.sql(") VALUES ");
    let per_row = inserted(schema).count();
    for r in 0..rows {
        if r > 0 {
            w.sql(", ");
        }
        w.sql("(");
        for c in 0..per_row {
            if c > 0 {
                w.sql(", ");
            }
            w.param();
        }
        w.sql(")");
    }
    if with_returning {
        returning(&mut w, schema);
    }
    w.finish()
}

/// PostgreSQL: `INSERT INTO t (a, b) SELECT * FROM UNNEST($1::T[], $2::U[]) RETURNING ...`,
/// one array parameter per column whatever the number of rows. Rows are inserted, and keys
/// generated, in array order.
pub fn insert_unnest(schema: &TableSchema, with_returning: bool) -> String {
    let mut w = SqlWriter::new(Backend::Postgres);
    w.sql("INSERT INTO ").ident(schema.name).sql(" (");
    w.list(inserted(schema), ", ", |w, c| {
        w.ident(c.name);
    });
    w.sql(") SELECT * FROM UNNEST(");
    w.list(inserted(schema), ", ", |w, c| {
        w.param().sql("::");
        w.with_dialect(|d, out| d.column_type(out, c.ty, c.max_length, false));
        w.sql("[]");
    });
    w.sql(")");
    if with_returning {
        returning(&mut w, schema);
    }
    w.finish()
}

/// PostgreSQL: `COPY t (a, b) FROM STDIN`, the inserted columns in schema order; the rows
/// follow as data in COPY's text format.
pub fn copy_in(schema: &TableSchema) -> String {
    let mut w = SqlWriter::new(Backend::Postgres);
    w.sql("COPY ").ident(schema.name).sql(" (");
    w.list(inserted(schema), ", ", |w, c| {
        w.ident(c.name);
    });
    w.sql(") FROM STDIN");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SqlType;

    const fn col(name: &'static str, ty: SqlType) -> ColumnDef {
        ColumnDef::new(name, ty)
    }

    const USERS: TableSchema = TableSchema {
        name: "users",
        model: "User",
        columns: &[
            ColumnDef {
                auto_increment: true,
                ..col("id", SqlType::BigInt)
            },
            ColumnDef {
                max_length: Some(50),
                ..col("name", SqlType::Text)
            },
            ColumnDef {
                nullable: true,
                ..col("hair_color", SqlType::Text)
            },
        ],
        primary_key: &["id"],
        indexes: &[],
        foreign_keys: &[],
        checks: &[],
        renamed_from: None,
    };

    #[test]
    fn multi_row_values_side_by_side() {
        assert_eq!(
            insert_rows(Backend::Postgres, &USERS, 2, true),
            r#"INSERT INTO "users" ("name", "hair_color") VALUES ($1, $2), ($3, $4) RETURNING "id", "name", "hair_color""#
        );
        assert_eq!(
            insert_rows(Backend::MySql, &USERS, 2, false),
            "INSERT INTO `users` (`name`, `hair_color`) VALUES (?, ?), (?, ?)"
        );
        assert_eq!(
            insert_rows(Backend::Sqlite, &USERS, 1, true),
            r#"INSERT INTO "users" ("name", "hair_color") VALUES (?, ?) RETURNING "id", "name", "hair_color""#
        );
    }

    #[test]
    fn unnest_text_is_independent_of_row_count() {
        assert_eq!(
            insert_unnest(&USERS, true),
            r#"INSERT INTO "users" ("name", "hair_color") SELECT * FROM UNNEST($1::VARCHAR(50)[], $2::TEXT[]) RETURNING "id", "name", "hair_color""#
        );
        assert_eq!(
            copy_in(&USERS),
            r#"COPY "users" ("name", "hair_color") FROM STDIN"#
        );
    }

    #[test]
    fn chunks_fit_the_parameter_limit() {
        assert_eq!(rows_per_chunk(Backend::Sqlite, &USERS), 1_000);
        const WIDE: [ColumnDef; 100] = [col("c", SqlType::Int); 100];
        let wide = TableSchema {
            columns: &WIDE,
            ..USERS
        };
        assert_eq!(rows_per_chunk(Backend::Sqlite, &wide), 327);
        assert_eq!(rows_per_chunk(Backend::Postgres, &wide), 655);
    }
}
