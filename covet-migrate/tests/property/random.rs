//! Random model sets and random edits of them, as snapshots the derive could have written:
//! every index, foreign-key and check name derived from its table and columns.

use covet_migrate::snapshot::{
    Action, Check, Column, ColumnType, Decimal, ForeignKey, Index, Number, Precision, Rule,
    Snapshot, Table,
};
use covet_sql::ident::derived_name;
use fastrand::Rng;

const TABLES: [&str; 5] = ["t_a", "t_b", "t_c", "t_d", "t_e"];
const COLUMNS: [&str; 8] = ["c_a", "c_b", "c_c", "c_d", "c_e", "c_f", "c_g", "c_h"];

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

/// Types whose columns can carry an index (MariaDB indexes neither its JSON nor BLOBs).
fn indexable(ty: ColumnType) -> bool {
    !matches!(
        ty,
        ColumnType::Bytes | ColumnType::Json | ColumnType::Real | ColumnType::Double
    )
}

const TYPES: [ColumnType; 14] = [
    ColumnType::SmallInt,
    ColumnType::Int,
    ColumnType::BigInt,
    ColumnType::Real,
    ColumnType::Double,
    ColumnType::Bool,
    ColumnType::Text,
    ColumnType::Bytes,
    ColumnType::Date,
    ColumnType::Timestamp,
    ColumnType::TimestampTz,
    ColumnType::Decimal,
    ColumnType::Uuid,
    ColumnType::Json,
];

fn precision(rng: &mut Rng) -> Option<Precision> {
    rng.bool().then(|| {
        let digits = rng.u8(1..=20);
        Precision {
            digits,
            scale: rng.u8(0..=digits.min(6)),
        }
    })
}

/// A default every backend takes and reports back in the same spelling once normalised.
fn default_for(rng: &mut Rng, c: &Column) -> Option<String> {
    let text = match c.ty {
        ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt | ColumnType::Decimal => {
            pick(rng, &["0", "7", "-3"]).to_owned()
        }
        ColumnType::Real | ColumnType::Double => pick(rng, &["0", "1.5", "-2.25"]).to_owned(),
        ColumnType::Bool => pick(rng, &["TRUE", "FALSE"]).to_owned(),
        ColumnType::Text if c.max_length.is_some_and(|n| n < 4) => return None,
        ColumnType::Text => pick(rng, &["'x'", "'abc'", "''"]).to_owned(),
        ColumnType::Date => "'2020-01-02'".to_owned(),
        _ => return None,
    };
    Some(text)
}

fn column(rng: &mut Rng, name: &str) -> Column {
    let ty = pick(rng, &TYPES);
    let mut c = Column {
        nullable: rng.bool(),
        ..Column::new(name, ty)
    };
    retype(rng, &mut c, ty);
    if rng.u8(..3) == 0 {
        c.default = default_for(rng, &c);
    }
    c
}

/// Gives `c` the type `ty` with a random length or precision where it has one.
fn retype(rng: &mut Rng, c: &mut Column, ty: ColumnType) {
    c.ty = ty;
    c.max_length = (ty == ColumnType::Text && rng.bool()).then(|| rng.u32(1..=300));
    c.precision = if ty == ColumnType::Decimal {
        precision(rng)
    } else {
        None
    };
}

fn table(rng: &mut Rng, name: &str) -> Table {
    let id = Column {
        auto_increment: rng.u8(..4) != 0,
        ..Column::new("id", ColumnType::BigInt)
    };
    let mut columns = vec![id];
    for n in COLUMNS.iter().take(rng.usize(1..=4)) {
        columns.push(column(rng, n));
    }
    let mut t = Table {
        primary_key: vec!["id".into()],
        ..Table::new(name, columns)
    };
    for _ in 0..rng.usize(..3) {
        add_index(rng, &mut t);
    }
    for _ in 0..rng.usize(..2) {
        add_check(rng, &mut t);
    }
    t
}

/// A random set of one to three tables, with foreign keys from later tables to earlier ones.
pub(crate) fn model_set(rng: &mut Rng) -> Snapshot {
    let mut tables: Vec<Table> = TABLES
        .iter()
        .take(rng.usize(1..=3))
        .map(|n| table(rng, n))
        .collect();
    for _ in 0..rng.usize(..3) {
        add_foreign_key(rng, &mut tables, &[]);
    }
    finish(tables)
}

/// Names derived as the derive derives them, objects sorted as the models' snapshot is.
pub(crate) fn finish(mut tables: Vec<Table>) -> Snapshot {
    for t in &mut tables {
        let name = t.name.clone();
        for i in &mut t.indexes {
            let cols: Vec<&str> = i.columns.iter().map(String::as_str).collect();
            i.name = derived_name(&name, &cols, if i.unique { "key" } else { "idx" });
        }
        for f in &mut t.foreign_keys {
            f.name = derived_name(&name, &[f.columns[0].as_str()], "fkey");
        }
        for c in &mut t.checks {
            c.name = derived_name(&name, &[c.rule.column()], "check");
        }
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.indexes.dedup_by(|a, b| a.name == b.name);
        t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        t.checks.sort_by(|a, b| a.name.cmp(&b.name));
    }
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    Snapshot {
        format: covet_migrate::snapshot::FORMAT,
        tables,
    }
}

fn add_index(rng: &mut Rng, t: &mut Table) {
    let candidates: Vec<String> = t
        .columns
        .iter()
        .filter(|c| c.name != "id" && indexable(c.ty))
        .map(|c| c.name.clone())
        .collect();
    if candidates.is_empty() {
        return;
    }
    let mut columns = vec![candidates[rng.usize(..candidates.len())].clone()];
    if rng.u8(..4) == 0 {
        let second = candidates[rng.usize(..candidates.len())].clone();
        if second != columns[0] {
            columns.push(second);
        }
    }
    t.indexes.push(Index {
        name: String::new(),
        columns,
        unique: rng.bool(),
    });
}

fn add_check(rng: &mut Rng, t: &mut Table) {
    let candidates: Vec<&Column> = t
        .columns
        .iter()
        .filter(|c| c.name != "id" && (c.ty.is_numeric() || c.ty == ColumnType::Text))
        .filter(|c| !is_fk_column(t, &c.name))
        .filter(|c| !t.checks.iter().any(|k| k.rule.column() == c.name))
        .collect();
    if candidates.is_empty() {
        return;
    }
    let c = candidates[rng.usize(..candidates.len())];
    let rule = check_rule(rng, c);
    t.checks.push(Check {
        name: String::new(),
        rule,
    });
}

fn check_rule(rng: &mut Rng, c: &Column) -> Rule {
    let column = c.name.clone();
    let both = rng.u8(..3);
    if c.ty == ColumnType::Text {
        return Rule::Length {
            column,
            min: (both != 1).then(|| rng.u32(0..3)),
            max: (both != 0).then(|| rng.u32(3..50)),
        };
    }
    let whole = matches!(
        c.ty,
        ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt
    ) || c.precision.is_some_and(|p| p.scale == 0);
    let number = |rng: &mut Rng, low: bool| {
        if whole || rng.bool() {
            Number::Int(if low {
                rng.i64(-100..0)
            } else {
                rng.i64(0..100)
            })
        } else {
            Number::Decimal(Decimal::new(if low { "-0.5" } else { "2.5" }).unwrap())
        }
    };
    Rule::Range {
        column,
        min: (both != 1).then(|| number(rng, true)),
        max: (both != 0).then(|| number(rng, false)),
    }
}

/// Adds a foreign key from a new column of a later table to an earlier one, never under a
/// name in `retired`.
fn add_foreign_key(rng: &mut Rng, tables: &mut [Table], retired: &[String]) {
    if tables.len() < 2 {
        return;
    }
    let from = rng.usize(1..tables.len());
    let target = tables[rng.usize(..from)].name.clone();
    let t = &mut tables[from];
    let free = |n: &&&str| t.column(n).is_none() && !retired.contains(&format!("{}.{n}", t.name));
    let Some(name) = COLUMNS.iter().find(free) else {
        return;
    };
    let nullable = rng.bool();
    t.columns.push(Column {
        nullable,
        ..Column::new(*name, ColumnType::BigInt)
    });
    let mut actions = vec![Action::NoAction, Action::Restrict, Action::Cascade];
    if nullable {
        actions.push(Action::SetNull);
    }
    t.foreign_keys.push(ForeignKey {
        name: String::new(),
        columns: vec![(*name).to_owned()],
        ref_table: target,
        ref_columns: vec!["id".into()],
        on_delete: pick(rng, &actions),
        on_update: pick(rng, &[Action::NoAction, Action::Cascade]),
    });
}

fn is_fk_column(t: &Table, column: &str) -> bool {
    t.foreign_keys
        .iter()
        .any(|f| f.columns.iter().any(|c| c == column))
}

/// Removes every index, foreign key and check over `column`.
fn forget_column(t: &mut Table, column: &str) {
    t.indexes.retain(|i| !i.columns.iter().any(|c| c == column));
    t.foreign_keys
        .retain(|f| !f.columns.iter().any(|c| c == column));
    t.checks.retain(|k| k.rule.column() != column);
}

/// A column of `t` other than the key, at random.
fn some_column(rng: &mut Rng, t: &Table) -> Option<String> {
    let names: Vec<&String> = t
        .columns
        .iter()
        .map(|c| &c.name)
        .filter(|n| *n != "id")
        .collect();
    (!names.is_empty()).then(|| names[rng.usize(..names.len())].clone())
}

/// `old` with one to three random edits, `renamed_from` set on what was renamed; the list of
/// edits made, for messages.
pub(crate) fn edit(rng: &mut Rng, old: &Snapshot) -> (Snapshot, Vec<String>) {
    let mut tables = old.tables.clone();
    for t in &mut tables {
        t.renamed_from = None;
        for c in &mut t.columns {
            c.renamed_from = None;
        }
    }
    let mut done = Vec::new();
    // Names dropped or renamed away in this edit are not used again in it: the models cannot
    // say "drop and create anew" under one name (that reads as a change of the old one).
    let mut retired = Vec::new();
    for _ in 0..rng.usize(1..=3) {
        if let Some(what) = one_edit(rng, &mut tables, &mut retired) {
            done.push(what);
        }
    }
    (finish(tables), done)
}

fn one_edit(rng: &mut Rng, tables: &mut Vec<Table>, retired: &mut Vec<String>) -> Option<String> {
    let ti = rng.usize(..tables.len());
    let free_table = |tables: &[Table], retired: &[String]| {
        TABLES
            .iter()
            .find(|n| !tables.iter().any(|t| t.name == **n) && !retired.iter().any(|r| r == *n))
            .copied()
    };
    let free_column = |t: &Table, retired: &[String]| {
        COLUMNS
            .iter()
            .find(|n| t.column(n).is_none() && !retired.contains(&format!("{}.{n}", t.name)))
            .copied()
    };
    match rng.u8(..14) {
        0 => {
            let name = free_table(tables, retired)?;
            tables.push(table(rng, name));
            Some(format!("add table {name}"))
        }
        1 if tables.len() > 1 => {
            let gone = tables.remove(ti).name;
            retired.push(gone.clone());
            for t in tables.iter_mut() {
                t.foreign_keys.retain(|f| f.ref_table != gone);
            }
            Some(format!("drop table {gone}"))
        }
        2 => {
            let to = free_table(tables, retired)?;
            let t = &mut tables[ti];
            if t.renamed_from.is_some() {
                return None;
            }
            let from = std::mem::replace(&mut t.name, to.to_owned());
            retired.push(from.clone());
            t.renamed_from = Some(from.clone());
            for t in tables.iter_mut() {
                for f in &mut t.foreign_keys {
                    if f.ref_table == from {
                        f.ref_table = to.to_owned();
                    }
                }
            }
            Some(format!("rename table {from} to {to}"))
        }
        3 | 4 => {
            let name = free_column(&tables[ti], retired)?;
            let t = &mut tables[ti];
            let mut c = column(rng, name);
            if rng.bool() && !c.nullable && c.default.is_none() {
                c.nullable = true;
            }
            t.columns.push(c);
            Some(format!("add column {}.{name}", t.name))
        }
        5 => {
            let t = &mut tables[ti];
            let name = some_column(rng, t)?;
            t.columns.retain(|c| c.name != name);
            forget_column(t, &name);
            retired.push(format!("{}.{name}", t.name));
            Some(format!("drop column {}.{name}", t.name))
        }
        6 => {
            let to = free_column(&tables[ti], retired)?;
            let t = &mut tables[ti];
            let from = some_column(rng, t)?;
            retired.push(format!("{}.{from}", t.name));
            let c = t.columns.iter_mut().find(|c| c.name == from)?;
            if c.renamed_from.is_some() {
                return None;
            }
            c.name = (*to).to_owned();
            c.renamed_from = Some(from.clone());
            for i in &mut t.indexes {
                for col in &mut i.columns {
                    if *col == from {
                        *col = (*to).to_owned();
                    }
                }
            }
            for f in &mut t.foreign_keys {
                if f.columns[0] == from {
                    f.columns[0] = (*to).to_owned();
                }
            }
            for k in &mut t.checks {
                let (Rule::Range { column, .. } | Rule::Length { column, .. }) = &mut k.rule;
                if *column == from {
                    *column = (*to).to_owned();
                }
            }
            Some(format!("rename column {}.{from} to {to}", t.name))
        }
        7 | 8 => alter_column(rng, &mut tables[ti]),
        9 => {
            add_index(rng, &mut tables[ti]);
            Some(format!("add index on {}", tables[ti].name))
        }
        10 if !tables[ti].indexes.is_empty() => {
            let t = &mut tables[ti];
            let i = rng.usize(..t.indexes.len());
            let index = t.indexes.remove(i);
            Some(format!("drop index {} on {}", index.name, t.name))
        }
        11 => {
            let t = &mut tables[ti];
            if !t.checks.is_empty() && rng.bool() {
                let k = t.checks.remove(rng.usize(..t.checks.len()));
                Some(format!("drop check {} on {}", k.name, t.name))
            } else {
                add_check(rng, t);
                Some(format!("add check on {}", t.name))
            }
        }
        12 => {
            let before = tables[ti].foreign_keys.len();
            add_foreign_key(rng, tables, retired);
            let t = tables.iter().find(|t| t.foreign_keys.len() != before);
            Some(format!(
                "add foreign key{}",
                t.map_or(String::new(), |t| format!(" on {}", t.name))
            ))
        }
        _ if !tables[ti].foreign_keys.is_empty() => {
            let t = &mut tables[ti];
            let i = rng.usize(..t.foreign_keys.len());
            if rng.bool() {
                let f = t.foreign_keys.remove(i);
                Some(format!("drop foreign key {} on {}", f.name, t.name))
            } else {
                let f = &mut t.foreign_keys[i];
                f.on_delete = pick(rng, &[Action::NoAction, Action::Restrict, Action::Cascade]);
                Some(format!("change actions of {} on {}", f.name, t.name))
            }
        }
        _ => None,
    }
}

/// Changes one column's type within its family, its length or precision, its nullability
/// or its default.
fn alter_column(rng: &mut Rng, t: &mut Table) -> Option<String> {
    let name = some_column(rng, t)?;
    if is_fk_column(t, &name) {
        return None;
    }
    let checked = t.checks.iter().any(|k| k.rule.column() == name);
    let indexed = t.indexes.iter().any(|i| i.columns.contains(&name));
    let table = t.name.clone();
    let c = t.columns.iter_mut().find(|c| c.name == name)?;
    match rng.u8(..3) {
        0 => {
            let family: &[ColumnType] = match c.ty {
                ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt => {
                    &[ColumnType::SmallInt, ColumnType::Int, ColumnType::BigInt]
                }
                ColumnType::Real | ColumnType::Double => &[ColumnType::Real, ColumnType::Double],
                ColumnType::Text => &[ColumnType::Text],
                ColumnType::Decimal if !checked => &[ColumnType::Decimal],
                _ => return None,
            };
            let ty = pick(rng, family);
            retype(rng, c, ty);
            if indexed && !indexable(ty) {
                return None;
            }
            // A default may no longer fit (a text default longer than the new length).
            c.default = c.default.take().and_then(|_| default_for(rng, c));
            Some(format!("retype {table}.{name} to {}", c.type_name()))
        }
        1 => {
            c.nullable = !c.nullable;
            Some(format!("make {table}.{name} nullable: {}", c.nullable))
        }
        _ => {
            c.default = match c.default {
                Some(_) if rng.bool() => None,
                _ => default_for(rng, c),
            };
            Some(format!("default of {table}.{name} to {:?}", c.default))
        }
    }
}
