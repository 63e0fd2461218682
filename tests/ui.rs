//! Compile-fail cases: one file per rule in `tests/ui/`, each with the exact diagnostics it must
//! produce (`tests/ui/*.stderr`). Regenerate with `TRYBUILD=overwrite cargo test --test suite ui::`
//! and read every changed `.stderr`: each error must point at the offending token and say how
//! to fix it.

#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
