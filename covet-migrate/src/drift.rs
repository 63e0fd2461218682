//! Drift: how a live schema differs from what it should be, object by object.
//!
//! Both sides are snapshots in the form [`Snapshot::stored_on`] gives (introspection returns
//! that form), so only what the backend can tell apart is compared. Columns are matched by
//! name, not position.

use crate::diff::same_column;
use crate::snapshot::{Column, Snapshot, Table};
use std::fmt;

/// One object that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What it is: `table albums`, `column albums.title`, `index albums_title_idx on albums`.
    pub object: String,
    /// How the expected schema has it (`None`: it has no such object).
    pub expected: Option<String>,
    /// How the database has it (`None`: it has no such object).
    pub actual: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.expected, &self.actual) {
            (Some(_), None) => write!(f, "{}: missing from the database", self.object),
            (None, Some(a)) => write!(f, "{}: in the database only ({a})", self.object),
            (Some(e), Some(a)) => write!(f, "{}: expected {e}, the database has {a}", self.object),
            (None, None) => write!(f, "{}", self.object),
        }
    }
}

/// Every difference between `expected` and `actual`, in table order.
pub fn compare(expected: &Snapshot, actual: &Snapshot) -> Vec<Difference> {
    let mut out = Vec::new();
    for t in &expected.tables {
        match actual.table(&t.name) {
            Some(a) => compare_table(t, a, &mut out),
            None => out.push(differ(
                format!("table {}", t.name),
                Some(String::new()),
                None,
            )),
        }
    }
    for a in &actual.tables {
        if expected.table(&a.name).is_none() {
            out.push(differ(format!("table {}", a.name), None, Some(columns(a))));
        }
    }
    out
}

fn differ(object: String, expected: Option<String>, actual: Option<String>) -> Difference {
    Difference {
        object,
        expected,
        actual,
    }
}

fn columns(t: &Table) -> String {
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    format!("columns {}", names.join(", "))
}

fn compare_table(e: &Table, a: &Table, out: &mut Vec<Difference>) {
    let table = &e.name;
    for c in &e.columns {
        let object = format!("column {table}.{}", c.name);
        match a.column(&c.name) {
            Some(ac) if same_column(c, ac) => {}
            Some(ac) => out.push(differ(object, Some(describe(c)), Some(describe(ac)))),
            None => out.push(differ(object, Some(describe(c)), None)),
        }
    }
    for ac in &a.columns {
        if e.column(&ac.name).is_none() {
            let object = format!("column {table}.{}", ac.name);
            out.push(differ(object, None, Some(describe(ac))));
        }
    }
    if e.primary_key != a.primary_key {
        let key = |k: &[String]| format!("({})", k.join(", "));
        out.push(differ(
            format!("primary key of {table}"),
            Some(key(&e.primary_key)),
            Some(key(&a.primary_key)),
        ));
    }
    named(table, "index", &e.indexes, &a.indexes, |i| &i.name, out);
    named(
        table,
        "foreign key",
        &e.foreign_keys,
        &a.foreign_keys,
        |f| &f.name,
        out,
    );
    named(table, "check", &e.checks, &a.checks, |c| &c.name, out);
}

/// Objects matched by name and compared whole.
fn named<T: PartialEq + fmt::Debug>(
    table: &str,
    kind: &str,
    expected: &[T],
    actual: &[T],
    name: impl Fn(&T) -> &String,
    out: &mut Vec<Difference>,
) {
    let show = |x: &T| format!("{x:?}");
    for e in expected {
        let object = format!("{kind} {} on {table}", name(e));
        match actual.iter().find(|a| name(a) == name(e)) {
            Some(a) if a == e => {}
            Some(a) => out.push(differ(object, Some(show(e)), Some(show(a)))),
            None => out.push(differ(object, Some(show(e)), None)),
        }
    }
    for a in actual {
        if !expected.iter().any(|e| name(e) == name(a)) {
            let object = format!("{kind} {} on {table}", name(a));
            out.push(differ(object, None, Some(show(a))));
        }
    }
}

/// A column in a line: `Text(160) NOT NULL DEFAULT 'x'`.
fn describe(c: &Column) -> String {
    let mut s = c.type_name();
    s.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
    if let Some(d) = &c.default {
        s.push_str(" DEFAULT ");
        s.push_str(d);
    }
    if c.auto_increment {
        s.push_str(" generated");
    }
    s
}
