use super::*;
use crate::snapshot::tests::{ALBUMS, ARTISTS};

#[test]
fn checksums_ignore_line_endings_only() {
    let unix = "CREATE TABLE a (x INT);\nDROP TABLE b;\n";
    assert_eq!(checksum(unix), checksum(&unix.replace('\n', "\r\n")));
    assert_ne!(
        checksum(unix),
        checksum("CREATE TABLE a (x BIGINT);\nDROP TABLE b;\n")
    );
    assert_eq!(
        checksum(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn ids_are_number_underscore_name() {
    check_id("20261122083000_add_albums").unwrap();
    for bad in [
        "add_albums",
        "1",
        "1_",
        "1_Add",
        "1_a-b",
        "x1_a",
        "1_a/../b",
    ] {
        assert!(check_id(bad).is_err(), "{bad}");
    }
}

#[test]
fn generate_writes_every_backend_then_nothing_when_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let models = Snapshot::from_schemas(&[ARTISTS, ALBUMS]);
    let path = generate(dir.path(), "1_init", &models, false)
        .unwrap()
        .expect("a migration");
    for backend in Backend::ALL {
        let up = std::fs::read_to_string(path.join(format!("{}.up.sql", backend.name()))).unwrap();
        assert!(
            up.starts_with(&format!("-- covet-migrate 1_init: up ({backend})\n")),
            "{up}"
        );
        assert_eq!(statements(&up).len(), 3, "{up}");
        let down =
            std::fs::read_to_string(path.join(format!("{}.down.sql", backend.name()))).unwrap();
        assert_eq!(statements(&down).len(), 2, "{down}");
    }
    assert_eq!(latest_snapshot(dir.path()).unwrap(), models);
    assert!(
        generate(dir.path(), "2_again", &models, false)
            .unwrap()
            .is_none()
    );
    let loaded = load(dir.path(), Backend::Postgres).unwrap();
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].id, "1_init");
    assert!(!loaded[0].no_transaction());

    // Dropping everything is refused without the flag, and nothing is written.
    let empty = Snapshot::from_schemas(&[]);
    let err = generate(dir.path(), "3_drop", &empty, false).unwrap_err();
    assert!(
        matches!(err, Error::Destructive(ref d) if d.len() == 2),
        "{err}"
    );
    assert_eq!(list(dir.path()).unwrap().len(), 1);
    assert!(
        generate(dir.path(), "3_drop", &empty, true)
            .unwrap()
            .is_some()
    );
}
