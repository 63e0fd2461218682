//! From the models' `&'static TableSchema` to a [`Snapshot`], and from a snapshot's tables to
//! the borrowed [`TableSpec`] covet-sql renders DDL from.

use super::{Check, Column, FORMAT, ForeignKey, Index, Snapshot, Table};
use covet_sql::ddl::{CheckSpec, ColumnSpec, ForeignKeySpec, IndexSpec, TableSpec};
use covet_sql::schema::{ColumnDef, TableSchema};

impl Snapshot {
    /// The snapshot of a set of models (`&[Album::SCHEMA, Artist::SCHEMA]`), tables sorted by
    /// name.
    pub fn from_schemas(schemas: &[TableSchema]) -> Self {
        let mut tables: Vec<Table> = schemas.iter().map(Table::from).collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            format: FORMAT,
            tables,
        }
    }
}

impl From<&TableSchema> for Table {
    fn from(t: &TableSchema) -> Self {
        let mut indexes: Vec<Index> = t
            .indexes
            .iter()
            .map(|i| Index {
                name: i.name.to_owned(),
                columns: owned(i.columns),
                unique: i.unique,
            })
            .collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        let mut foreign_keys: Vec<ForeignKey> = t
            .foreign_keys
            .iter()
            .map(|f| ForeignKey {
                name: f.name.to_owned(),
                columns: owned(f.columns),
                ref_table: f.ref_table.to_owned(),
                ref_columns: owned(f.ref_columns),
                on_delete: f.on_delete.into(),
                on_update: f.on_update.into(),
            })
            .collect();
        foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        let mut checks: Vec<Check> = t.checks.iter().map(Check::from).collect();
        checks.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            name: t.name.to_owned(),
            renamed_from: t.renamed_from.map(str::to_owned),
            columns: t.columns.iter().map(Column::from).collect(),
            primary_key: owned(t.primary_key),
            indexes,
            foreign_keys,
            checks,
        }
    }
}

impl From<&ColumnDef> for Column {
    fn from(c: &ColumnDef) -> Self {
        Self {
            name: c.name.to_owned(),
            renamed_from: c.renamed_from.map(str::to_owned),
            ty: c.ty.into(),
            nullable: c.nullable,
            auto_increment: c.auto_increment,
            default: c.default.map(str::to_owned),
            max_length: c.max_length,
            precision: c.precision.map(Into::into),
        }
    }
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn borrowed(names: &[String]) -> Vec<&str> {
    names.iter().map(String::as_str).collect()
}

impl Column {
    /// The borrowed form covet-sql renders.
    pub fn spec(&self) -> ColumnSpec<'_> {
        ColumnSpec {
            name: &self.name,
            ty: self.ty.into(),
            nullable: self.nullable,
            auto_increment: self.auto_increment,
            default: self.default.as_deref(),
            max_length: self.max_length,
            precision: self.precision.map(Into::into),
        }
    }
}

impl Index {
    /// The borrowed form covet-sql renders.
    pub fn spec(&self) -> IndexSpec<'_> {
        IndexSpec {
            name: &self.name,
            columns: borrowed(&self.columns),
            unique: self.unique,
        }
    }
}

impl ForeignKey {
    /// The borrowed form covet-sql renders.
    pub fn spec(&self) -> ForeignKeySpec<'_> {
        ForeignKeySpec {
            name: &self.name,
            columns: borrowed(&self.columns),
            ref_table: &self.ref_table,
            ref_columns: borrowed(&self.ref_columns),
            on_delete: self.on_delete.into(),
            on_update: self.on_update.into(),
        }
    }
}

impl Check {
    /// The borrowed form covet-sql renders.
    pub fn spec(&self) -> CheckSpec<'_> {
        CheckSpec {
            name: &self.name,
            rule: self.rule.spec(),
        }
    }
}

impl Table {
    /// The borrowed form covet-sql renders.
    pub fn spec(&self) -> TableSpec<'_> {
        TableSpec {
            name: &self.name,
            columns: self.columns.iter().map(Column::spec).collect(),
            primary_key: borrowed(&self.primary_key),
            indexes: self.indexes.iter().map(Index::spec).collect(),
            foreign_keys: self.foreign_keys.iter().map(ForeignKey::spec).collect(),
            checks: self.checks.iter().map(Check::spec).collect(),
        }
    }
}
