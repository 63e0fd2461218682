use super::*;
use covet_sql::schema::{ColumnDef, ForeignKeyDef, IndexDef, TableSchema};

const fn col(name: &'static str, ty: SqlType) -> ColumnDef {
    ColumnDef::new(name, ty)
}

pub(crate) const ARTISTS: TableSchema = TableSchema {
    name: "artists",
    model: "Artist",
    columns: &[
        ColumnDef {
            auto_increment: true,
            ..col("id", SqlType::BigInt)
        },
        ColumnDef {
            max_length: Some(80),
            ..col("name", SqlType::Text)
        },
    ],
    primary_key: &["id"],
    indexes: &[IndexDef {
        name: "artists_name_key",
        columns: &["name"],
        unique: true,
    }],
    foreign_keys: &[],
    checks: &[],
    renamed_from: None,
};

pub(crate) const ALBUMS: TableSchema = TableSchema {
    name: "albums",
    model: "Album",
    columns: &[
        ColumnDef {
            auto_increment: true,
            ..col("id", SqlType::BigInt)
        },
        ColumnDef {
            renamed_from: Some("name"),
            ..col("title", SqlType::Text)
        },
        ColumnDef {
            default: Some("0"),
            ..col("plays", SqlType::Int)
        },
        col("artist_id", SqlType::BigInt),
    ],
    primary_key: &["id"],
    indexes: &[IndexDef {
        name: "albums_title_idx",
        columns: &["title"],
        unique: false,
    }],
    foreign_keys: &[ForeignKeyDef {
        name: "albums_artist_id_fkey",
        columns: &["artist_id"],
        ref_table: "artists",
        ref_columns: &["id"],
        on_delete: FkAction::Cascade,
        on_update: FkAction::NoAction,
    }],
    checks: &[],
    renamed_from: None,
};

#[test]
fn from_schemas_sorts_tables_and_round_trips_through_json() {
    let snap = Snapshot::from_schemas(&[ARTISTS, ALBUMS]);
    assert_eq!(snap.tables[0].name, "albums");
    assert_eq!(snap.tables[1].name, "artists");
    let json = snap.to_json();
    assert!(json.contains(r#""type": "big_int""#), "{json}");
    assert!(json.contains(r#""renamed_from": "name""#), "{json}");
    assert_eq!(Snapshot::from_json(&json).unwrap(), snap);
}

#[test]
fn reading_validates_names_and_defaults() {
    let snap = Snapshot::from_schemas(&[ALBUMS]);
    let bad_name = snap
        .to_json()
        .replace(r#""plays""#, r#""plays\"; DROP TABLE x""#);
    let err = Snapshot::from_json(&bad_name).unwrap_err().to_string();
    assert!(err.contains("not allowed in an SQL identifier"), "{err}");
    let bad_default = snap
        .to_json()
        .replace(r#""default": "0""#, r#""default": "0; DROP TABLE x""#);
    let err = Snapshot::from_json(&bad_default).unwrap_err().to_string();
    assert!(err.contains("default"), "{err}");
    let err = Snapshot::from_json("{").unwrap_err().to_string();
    assert!(err.starts_with("invalid snapshot"), "{err}");
}
