use super::*;
use crate::snapshot::{Action, Number, Precision, Rule, Snapshot};

fn col(name: &str, ty: ColumnType) -> Column {
    Column::new(name, ty)
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        primary_key: vec!["id".into()],
        ..Table::new(name, columns)
    }
}

fn snap(tables: Vec<Table>) -> Snapshot {
    Snapshot {
        format: crate::snapshot::FORMAT,
        tables,
    }
}

fn id() -> Column {
    Column {
        auto_increment: true,
        ..col("id", ColumnType::BigInt)
    }
}

fn artists() -> Table {
    table("artists", vec![id(), col("name", ColumnType::Text)])
}

fn albums() -> Table {
    let mut t = table(
        "albums",
        vec![
            id(),
            col("title", ColumnType::Text),
            col("artist_id", ColumnType::BigInt),
        ],
    );
    t.foreign_keys.push(ForeignKey {
        name: "albums_artist_id_fkey".into(),
        columns: vec!["artist_id".into()],
        ref_table: "artists".into(),
        ref_columns: vec!["id".into()],
        on_delete: Action::Cascade,
        on_update: Action::NoAction,
    });
    t
}

fn names(changes: &[Change]) -> Vec<String> {
    changes.iter().map(ToString::to_string).collect()
}

#[test]
fn identical_snapshots_have_no_changes() {
    let s = snap(vec![albums(), artists()]);
    assert!(diff(&s, &s).is_empty());
}

#[test]
fn new_tables_come_after_the_tables_they_reference() {
    let changes = diff(&Snapshot::default(), &snap(vec![albums(), artists()]));
    assert_eq!(
        names(&changes),
        ["create table artists", "create table albums"]
    );
    let down = reverse(&Snapshot::default(), &snap(vec![albums(), artists()]));
    assert_eq!(names(&down), ["drop table albums", "drop table artists"]);
    // Dropping both: the referencing table first.
    let changes = diff(&snap(vec![albums(), artists()]), &Snapshot::default());
    assert_eq!(names(&changes), ["drop table albums", "drop table artists"]);
}

#[test]
fn columns_added_dropped_and_altered() {
    let old = snap(vec![artists()]);
    let mut t = artists();
    t.columns[1].max_length = Some(80);
    t.columns.push(Column {
        nullable: true,
        ..col("country", ColumnType::Text)
    });
    let changes = diff(&old, &snap(vec![t.clone()]));
    assert_eq!(
        names(&changes),
        ["add column artists.country", "alter column artists.name"]
    );
    assert_eq!(
        refuse_destructive(&changes, false).unwrap_err().to_string(),
        "refusing destructive changes (pass --allow-destructive to generate them anyway):\n  - narrows column artists.name from Text to Text(80): values may not fit"
    );
    let new = snap(vec![t]);
    let back = diff(&new, &old);
    assert_eq!(
        names(&back),
        ["alter column artists.name", "drop column artists.country"]
    );
    assert_eq!(back, reverse(&old, &new));
}

#[test]
fn renamed_from_turns_drop_and_add_into_renames() {
    let old = snap(vec![artists()]);
    let mut t = artists();
    t.name = "performers".into();
    t.renamed_from = Some("artists".into());
    t.columns[1].name = "full_name".into();
    t.columns[1].renamed_from = Some("name".into());
    let new = snap(vec![t]);
    let changes = diff(&old, &new);
    assert_eq!(
        names(&changes),
        [
            "rename table artists to performers",
            "rename column performers.name to full_name"
        ]
    );
    refuse_destructive(&changes, false).unwrap();
    assert_eq!(
        names(&reverse(&old, &new)),
        [
            "rename table performers to artists",
            "rename column artists.full_name to name"
        ]
    );
}

#[test]
fn renamed_from_is_ignored_once_applied() {
    // The snapshot after the rename still carries the note; diffing it again is empty.
    let mut t = artists();
    t.renamed_from = Some("old_artists".into());
    t.columns[1].renamed_from = Some("old_name".into());
    let s = snap(vec![t]);
    assert!(diff(&s, &s).is_empty());
}

#[test]
fn keys_indexes_and_foreign_keys() {
    let old = snap(vec![albums(), artists()]);
    let mut a = albums();
    a.primary_key = vec!["id".into(), "title".into()];
    a.indexes.push(Index {
        name: "albums_title_key".into(),
        columns: vec!["title".into()],
        unique: true,
    });
    a.foreign_keys[0].on_delete = Action::Restrict;
    let changes = diff(&old, &snap(vec![a, artists()]));
    assert_eq!(
        names(&changes),
        [
            "drop foreign key albums_artist_id_fkey on albums",
            "set primary key of albums to (id, title)",
            "add index albums_title_key on albums",
            "add foreign key albums_artist_id_fkey on albums",
        ]
    );
    refuse_destructive(&changes, false).unwrap();
}

/// Every destructive change of the corpus is refused without the flag and allowed with it.
#[test]
fn destructive_corpus_is_refused_without_the_flag() {
    let base = artists();
    let mut corpus: Vec<(Snapshot, Snapshot)> = Vec::new();
    // drop table
    corpus.push((snap(vec![base.clone()]), snap(vec![])));
    // drop column
    let mut t = base.clone();
    t.columns.pop();
    corpus.push((snap(vec![base.clone()]), snap(vec![t])));
    // narrowing: bigint → int, double → real, text → varchar, varchar(80) → varchar(40), text → int
    for (from, to) in [
        ((ColumnType::BigInt, None), (ColumnType::Int, None)),
        ((ColumnType::Int, None), (ColumnType::SmallInt, None)),
        ((ColumnType::Double, None), (ColumnType::Real, None)),
        ((ColumnType::Text, None), (ColumnType::Text, Some(10))),
        ((ColumnType::Text, Some(80)), (ColumnType::Text, Some(40))),
        ((ColumnType::Text, None), (ColumnType::Int, None)),
        ((ColumnType::Json, None), (ColumnType::Bool, None)),
    ] {
        let mut a = base.clone();
        (a.columns[1].ty, a.columns[1].max_length) = from;
        let mut b = base.clone();
        (b.columns[1].ty, b.columns[1].max_length) = to;
        corpus.push((snap(vec![a]), snap(vec![b])));
    }
    // fewer decimal digits before or after the point, or a bound on an unbounded decimal
    for (from, to) in [
        (Some((10, 2)), Some((8, 2))),
        (Some((10, 2)), Some((10, 1))),
        (None, Some((30, 10))),
    ] {
        let decimal = |p: Option<(u8, u8)>| Column {
            precision: p.map(|(digits, scale)| Precision { digits, scale }),
            ..col("name", ColumnType::Decimal)
        };
        let (mut a, mut b) = (base.clone(), base.clone());
        a.columns[1] = decimal(from);
        b.columns[1] = decimal(to);
        corpus.push((snap(vec![a]), snap(vec![b])));
    }
    // NOT NULL without default: a new column, and a nullable column made NOT NULL
    let mut t = base.clone();
    t.columns.push(col("country", ColumnType::Text));
    corpus.push((snap(vec![base.clone()]), snap(vec![t])));
    let mut a = base.clone();
    a.columns[1].nullable = true;
    corpus.push((snap(vec![a]), snap(vec![base.clone()])));

    for (old, new) in &corpus {
        let changes = diff(old, new);
        assert!(
            matches!(
                refuse_destructive(&changes, false),
                Err(Error::Destructive(_))
            ),
            "not refused: {changes:?}"
        );
        refuse_destructive(&changes, true).unwrap();
    }

    // Widening and safe changes pass.
    for (from, to) in [
        ((ColumnType::Int, None), (ColumnType::BigInt, None)),
        ((ColumnType::Real, None), (ColumnType::Double, None)),
        ((ColumnType::Text, Some(10)), (ColumnType::Text, Some(20))),
        ((ColumnType::Text, Some(10)), (ColumnType::Text, None)),
        ((ColumnType::Int, None), (ColumnType::Text, None)),
    ] {
        let mut a = base.clone();
        (a.columns[1].ty, a.columns[1].max_length) = from;
        let mut b = base.clone();
        (b.columns[1].ty, b.columns[1].max_length) = to;
        refuse_destructive(&diff(&snap(vec![a]), &snap(vec![b])), false).unwrap();
    }
    let mut t = base.clone();
    t.columns.push(Column {
        default: Some("'x'".into()),
        ..col("country", ColumnType::Text)
    });
    refuse_destructive(&diff(&snap(vec![base]), &snap(vec![t])), false).unwrap();
}

/// A rename that frees a name another table or column then takes: the renamed object keeps
/// its rows, the new one is created; on the way down the new one is dropped first so the
/// name is free for the rename back.
#[test]
fn a_rename_wins_over_a_new_object_under_the_old_name() {
    let old = snap(vec![artists()]);
    let mut performers = artists();
    performers.name = "performers".into();
    performers.renamed_from = Some("artists".into());
    let fresh = table("artists", vec![id(), col("label", ColumnType::Int)]);
    let new = snap(vec![fresh, performers]);
    assert_eq!(
        names(&diff(&old, &new)),
        ["rename table artists to performers", "create table artists"]
    );
    assert_eq!(
        names(&reverse(&old, &new)),
        ["drop table artists", "rename table performers to artists"]
    );
    // Once applied (the old models have `performers`), the note is ignored.
    assert!(diff(&new, &new).is_empty());

    let mut t = artists();
    t.columns[1] = Column {
        renamed_from: Some("name".into()),
        ..col("title", ColumnType::Text)
    };
    t.columns.push(col("name", ColumnType::Int));
    let new = snap(vec![t]);
    assert_eq!(
        names(&diff(&old, &new)),
        [
            "rename column artists.name to title",
            "add column artists.name"
        ]
    );
    assert_eq!(
        names(&reverse(&old, &new)),
        [
            "drop column artists.name",
            "rename column artists.title to name"
        ]
    );
}

/// A type no backend converts to is refused before anything is written.
#[test]
fn unconvertible_type_changes_are_refused() {
    let mut a = artists();
    a.columns[1].ty = ColumnType::Bytes;
    let mut b = artists();
    b.columns[1].ty = ColumnType::Timestamp;
    let err = refuse_unconvertible(&diff(&snap(vec![a.clone()]), &snap(vec![b]))).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("column artists.name from Bytes to Timestamp"),
        "{message}"
    );
    assert!(
        message.contains("help: give the field a new name"),
        "{message}"
    );
    for to in [ColumnType::Text, ColumnType::Bytes] {
        let mut b = artists();
        b.columns[1].ty = to;
        refuse_unconvertible(&diff(&snap(vec![a.clone()]), &snap(vec![b]))).unwrap();
    }
}

/// Checks are compared whole, dropped before the columns they stand on change and added last.
#[test]
fn checks_added_dropped_and_changed() {
    let check = |max: i64| crate::snapshot::Check {
        name: "artists_id_check".into(),
        rule: Rule::Range {
            column: "id".into(),
            min: Some(Number::Int(1)),
            max: Some(Number::Int(max)),
        },
    };
    let old = snap(vec![artists()]);
    let mut t = artists();
    t.checks.push(check(10));
    let one = snap(vec![t.clone()]);
    assert_eq!(
        names(&diff(&old, &one)),
        ["add check artists_id_check on artists"]
    );
    t.checks[0] = check(20);
    t.columns[1].max_length = Some(10);
    assert_eq!(
        names(&diff(&one, &snap(vec![t]))),
        [
            "drop check artists_id_check on artists",
            "alter column artists.name",
            "add check artists_id_check on artists",
        ]
    );
    assert_eq!(
        names(&diff(&one, &old)),
        ["drop check artists_id_check on artists"]
    );
}
