//! A set of keys as ONE bound parameter, so that the text of an eager load is the same for
//! one key or a hundred thousand and the prepared statement is reused: an array on
//! PostgreSQL, a JSON array in text elsewhere (see [`covet_sql::Dialect::key_set`]).

use super::def::RelationKey;
use crate::render::Render;
use crate::{Error, Result, Value};
use covet_sql::KeySet;
use covet_sql::schema::SqlType;

/// Writes ` <op> <the keys>` after a column already written to `r`.
pub(crate) fn write<K: RelationKey>(r: &mut Render, keys: &[K]) -> Result<()> {
    let kind = match K::SQL_TYPE {
        SqlType::SmallInt | SqlType::Int | SqlType::BigInt => KeySet::Integer,
        SqlType::Text => KeySet::Text,
        SqlType::Uuid => KeySet::Binary,
        other => {
            return Err(Error::InvalidInput(format!(
                "relations cannot match keys of type {other:?}"
            )));
        }
    };
    let values = keys.iter().map(|k| k.clone().into_value());
    let dialect = r.w.dialect();
    let bind = if dialect.key_set_as_json() {
        let items: Vec<serde_json::Value> = values.map(json_item).collect::<Result<_>>()?;
        Value::Text(serde_json::Value::Array(items).to_string())
    } else {
        Value::Array(K::SQL_TYPE, values.collect())
    };
    let (before, after) = dialect.key_set(kind);
    r.w.sql(before);
    r.value(bind);
    r.w.sql(after);
    Ok(())
}

fn json_item(v: Value) -> Result<serde_json::Value> {
    Ok(match v {
        Value::I16(n) => n.into(),
        Value::I32(n) => n.into(),
        Value::I64(n) => n.into(),
        Value::Text(s) => s.into(),
        // Hex digits, turned back into the 16 stored bytes by `unhex`.
        Value::Uuid(u) => u.simple().to_string().into(),
        other => {
            return Err(Error::InvalidInput(format!(
                "relations cannot match keys of type {:?}",
                other.sql_type()
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::write;
    use crate::render::Render;
    use covet_sql::Backend;

    fn text<K: super::RelationKey>(backend: Backend, keys: &[K]) -> String {
        let mut r = Render::new(backend);
        r.w.ident("k");
        write(&mut r, keys).expect("keys");
        r.finish().expect("statement").sql.into_owned()
    }

    #[test]
    fn the_text_does_not_depend_on_the_number_of_keys() {
        for backend in Backend::ALL {
            let one = text(backend, &[1_i64]);
            let many = text(backend, &(0..10_000_i64).collect::<Vec<_>>());
            assert_eq!(one, many, "{backend}");
        }
    }

    #[test]
    fn sql_per_backend() {
        assert_eq!(text(Backend::Postgres, &[1_i64]), r#""k" = ANY($1)"#);
        assert_eq!(
            text(Backend::Sqlite, &["a".to_owned()]),
            r#""k" IN (SELECT value FROM json_each(?))"#
        );
        assert_eq!(
            text(Backend::MySql, &[1_i32]),
            "`k` IN (SELECT covet_k FROM JSON_TABLE(?, '$[*]' COLUMNS(covet_k BIGINT PATH '$')) AS covet_keys)"
        );
        assert_eq!(
            text(Backend::Sqlite, &[uuid::Uuid::nil()]),
            r#""k" IN (SELECT unhex(value) FROM json_each(?))"#
        );
    }
}
