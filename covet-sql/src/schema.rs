//! Table metadata as plain data. `#[derive(Model)]` emits one [`TableSchema`] per model as a
//! `const`; the runtime renders DDL from it and covet-migrate diffs it.

mod check;

pub use check::{CheckDef, CheckRule, DecimalError, DecimalLiteral, Number};

/// The logical type of a column; each dialect maps it to its own column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SqlType {
    /// 16-bit integer (`i16`).
    SmallInt,
    /// 32-bit integer (`i32`).
    Int,
    /// 64-bit integer (`i64`).
    BigInt,
    /// 32-bit float (`f32`).
    Real,
    /// 64-bit float (`f64`).
    Double,
    /// Boolean.
    Bool,
    /// Text (`String`); `max_length` makes it `VARCHAR(n)`.
    Text,
    /// Binary data (`Vec<u8>`).
    Bytes,
    /// Calendar date (`chrono::NaiveDate`).
    Date,
    /// Date and time without a zone (`chrono::NaiveDateTime`).
    Timestamp,
    /// An instant in UTC (`chrono::DateTime<Utc>`).
    TimestampTz,
    /// Exact decimal (`rust_decimal::Decimal`).
    Decimal,
    /// UUID (`uuid::Uuid`).
    Uuid,
    /// JSON document (`serde_json::Value`).
    Json,
}

impl SqlType {
    /// Whether values of this type are text (the only ones `like` accepts).
    pub const fn is_text(self) -> bool {
        matches!(self, Self::Text)
    }

    /// Whether this type can carry `auto_increment`.
    pub const fn is_integer(self) -> bool {
        matches!(self, Self::SmallInt | Self::Int | Self::BigInt)
    }
}

/// What a foreign key does when the referenced row is deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FkAction {
    /// The backend's default: refuse at the end of the statement.
    #[default]
    NoAction,
    /// Refuse at once.
    Restrict,
    /// Delete or update the referencing rows too.
    Cascade,
    /// Set the referencing column to NULL.
    SetNull,
    /// Set the referencing column to its default.
    SetDefault,
}

impl FkAction {
    /// The SQL words for this action (the same on every backend).
    pub const fn sql(self) -> &'static str {
        match self {
            Self::NoAction => "NO ACTION",
            Self::Restrict => "RESTRICT",
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
            Self::SetDefault => "SET DEFAULT",
        }
    }
}

/// One column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ColumnDef {
    /// Column name in the database.
    pub name: &'static str,
    /// Name of the Rust field it maps to.
    pub field: &'static str,
    /// Logical type.
    pub ty: SqlType,
    /// `true` for `Option<T>` fields.
    pub nullable: bool,
    /// Filled by the database (`auto_increment`): not part of the insert struct.
    pub auto_increment: bool,
    /// SQL default expression, as written in `#[covet(default = "...")]`.
    pub default: Option<&'static str>,
    /// `VARCHAR(n)` length for text.
    pub max_length: Option<u32>,
    /// Digits and scale of a `Decimal` column (`NUMERIC(p, s)`); `None` is the backend's
    /// widest decimal.
    pub precision: Option<Precision>,
    /// The column's previous name (`#[covet(renamed_from = "...")]`): covet-migrate renames
    /// the old column instead of dropping it and adding this one.
    pub renamed_from: Option<&'static str>,
}

impl ColumnDef {
    /// A NOT NULL column named `name` (also its field's name) of type `ty`, with nothing else
    /// set: the start of a definition written by hand (`ColumnDef { nullable: true,
    /// ..ColumnDef::new("notes", SqlType::Text) }`).
    pub const fn new(name: &'static str, ty: SqlType) -> Self {
        Self {
            name,
            field: name,
            ty,
            nullable: false,
            auto_increment: false,
            default: None,
            max_length: None,
            precision: None,
            renamed_from: None,
        }
    }
}

/// The precision and scale of a decimal column (`#[covet(precision = 10, scale = 2)]`):
/// `digits` significant digits, `scale` of them after the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Precision {
    /// Significant digits, 1 to [`Precision::MAX_DIGITS`].
    pub digits: u8,
    /// Digits after the point, 0 to `digits` (and at most [`Precision::MAX_SCALE`]).
    pub scale: u8,
}

impl Precision {
    /// The most digits every backend accepts (MariaDB/MySQL's `DECIMAL` limit).
    pub const MAX_DIGITS: u8 = 65;
    /// The largest scale every backend accepts (MariaDB/MySQL's limit).
    pub const MAX_SCALE: u8 = 30;

    /// Whether every backend accepts this precision.
    pub const fn is_valid(self) -> bool {
        self.digits >= 1
            && self.digits <= Self::MAX_DIGITS
            && self.scale <= self.digits
            && self.scale <= Self::MAX_SCALE
    }
}

/// An index or unique constraint over one or more columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IndexDef {
    /// Index name, generated from the table and columns.
    pub name: &'static str,
    /// Column names, in index order.
    pub columns: &'static [&'static str],
    /// Whether the index enforces uniqueness.
    pub unique: bool,
}

/// A foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ForeignKeyDef {
    /// Constraint name, generated from the table and columns.
    pub name: &'static str,
    /// Referencing columns of this table.
    pub columns: &'static [&'static str],
    /// Referenced table.
    pub ref_table: &'static str,
    /// Referenced columns (the referenced model's primary key).
    pub ref_columns: &'static [&'static str],
    /// Action on delete of the referenced row.
    pub on_delete: FkAction,
    /// Action on update of the referenced key.
    pub on_update: FkAction,
}

/// Everything the database needs to know about one model's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableSchema {
    /// Table name.
    pub name: &'static str,
    /// Name of the Rust struct.
    pub model: &'static str,
    /// Columns in declaration order; every `SELECT` of the model lists them in this order.
    pub columns: &'static [ColumnDef],
    /// Primary key column names.
    pub primary_key: &'static [&'static str],
    /// Indexes and unique constraints.
    pub indexes: &'static [IndexDef],
    /// Foreign keys.
    pub foreign_keys: &'static [ForeignKeyDef],
    /// Check constraints, from typed attributes only (never SQL text).
    pub checks: &'static [CheckDef],
    /// The table's previous name (`#[covet(renamed_from = "...")]` on the struct):
    /// covet-migrate renames the old table instead of dropping it and creating this one.
    pub renamed_from: Option<&'static str>,
}

impl TableSchema {
    /// The column named `name`, if the table has one.
    pub fn column(&self, name: &str) -> Option<&'static ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether `column` belongs to the primary key.
    pub fn is_key(&self, column: &str) -> bool {
        self.primary_key.contains(&column)
    }
}

/// Why a default expression was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultError;

impl std::fmt::Display for DefaultError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "a default must be one SQL expression, without `;`, comments or an unclosed quote",
        )
    }
}

/// Checks that a default expression is one expression: not empty, no `;`, no comment, and
/// every `'` closed. The derive checks the text a model declares; covet-migrate checks the
/// defaults it reads back from a snapshot file.
pub fn check_default(text: &str) -> Result<(), DefaultError> {
    let bad = text.trim().is_empty()
        || [";", "--", "/*"].iter().any(|bad| text.contains(bad))
        || !text.matches('\'').count().is_multiple_of(2);
    if bad { Err(DefaultError) } else { Ok(()) }
}
