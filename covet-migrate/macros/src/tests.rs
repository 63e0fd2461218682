use super::*;

fn lit(text: &str) -> LitStr {
    LitStr::new(text, Span::call_site())
}

#[test]
fn includes_every_file_of_every_migration_in_order() {
    let root = tempfile::tempdir().unwrap();
    for id in ["2_second", "1_first"] {
        let dir = root.path().join("migrations").join(id);
        std::fs::create_dir_all(&dir).unwrap();
        for backend in Backend::ALL {
            for direction in ["up", "down"] {
                std::fs::write(dir.join(format!("{}.{direction}.sql", backend.name())), "")
                    .unwrap();
            }
        }
    }
    std::fs::write(root.path().join("migrations/README"), "not a migration").unwrap();
    let out = expand(&lit("migrations"), Some(root.path()))
        .unwrap()
        .to_string();
    let first = out.find("\"1_first\"").unwrap();
    let second = out.find("\"2_second\"").unwrap();
    assert!(first < second, "{out}");
    assert_eq!(out.matches("include_str").count(), 12, "{out}");
    assert!(out.contains("assert_id"), "{out}");
}

#[test]
fn a_missing_directory_or_file_is_a_compile_error_that_says_what_to_do() {
    let root = tempfile::tempdir().unwrap();
    let err = expand(&lit("migrations"), Some(root.path()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cannot read the migrations directory"),
        "{err}"
    );
    assert!(
        err.contains("help: the path is relative to the crate's Cargo.toml"),
        "{err}"
    );

    std::fs::create_dir_all(root.path().join("migrations/1_first")).unwrap();
    let err = expand(&lit("migrations"), Some(root.path()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("migration 1_first has no"), "{err}");
    assert!(err.contains("postgresql.up.sql"), "{err}");
}
