//! Check constraints and decimal precision in a snapshot: owned mirrors of covet-sql's
//! [`CheckDef`](covet_sql::schema::CheckDef) and [`Precision`](covet_sql::schema::Precision).

use crate::{Error, Result};
use covet_sql::schema::{self, DecimalLiteral};
use serde::{Deserialize, Serialize};

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Constraint name.
    pub name: String,
    /// What it requires.
    #[serde(flatten)]
    pub rule: Rule,
}

/// What a check requires (see [`covet_sql::schema::CheckRule`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// `min <= column <= max` on a numeric column.
    Range {
        /// The column.
        column: String,
        /// The smallest value allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Number>,
        /// The largest value allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Number>,
    },
    /// `min <= length(column) <= max` in characters, on a text column.
    Length {
        /// The column.
        column: String,
        /// The fewest characters allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        /// The most characters allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
}

/// A bound of a range: a JSON integer, or a decimal written as a string (`"9.5"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Number {
    /// A whole number.
    Int(i64),
    /// A number with a fractional part.
    Decimal(Decimal),
}

/// A decimal literal in its canonical spelling, checked when made (and when read from JSON)
/// by [`DecimalLiteral::new`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Decimal(String);

impl Decimal {
    /// Checks `text`: `0.5`, `-12.25` (see [`DecimalLiteral`]).
    pub fn new(text: impl Into<String>) -> Result<Self> {
        let text = text.into();
        match DecimalLiteral::new(&text) {
            Ok(_) => Ok(Self(text)),
            Err(e) => Err(Error::Snapshot(format!("decimal {text:?}: {e}"))),
        }
    }

    /// The literal's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Decimal {
    type Error = Error;

    fn try_from(text: String) -> Result<Self> {
        Self::new(text)
    }
}

impl From<Decimal> for String {
    fn from(d: Decimal) -> Self {
        d.0
    }
}

/// Digits and scale of a decimal column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Precision {
    /// Significant digits.
    pub digits: u8,
    /// Digits after the point.
    pub scale: u8,
}

impl Rule {
    /// The column the rule is about.
    pub fn column(&self) -> &str {
        match self {
            Self::Range { column, .. } | Self::Length { column, .. } => column,
        }
    }

    /// The borrowed form covet-sql renders.
    pub fn spec(&self) -> schema::CheckRule<'_> {
        match self {
            Self::Range { column, min, max } => schema::CheckRule::Range {
                column,
                min: min.as_ref().map(Number::spec),
                max: max.as_ref().map(Number::spec),
            },
            Self::Length { column, min, max } => schema::CheckRule::Length {
                column,
                min: *min,
                max: *max,
            },
        }
    }
}

impl Number {
    /// The borrowed form covet-sql renders.
    pub fn spec(&self) -> schema::Number<'_> {
        match self {
            Self::Int(n) => schema::Number::Int(*n),
            Self::Decimal(d) => match DecimalLiteral::new(d.as_str()) {
                Ok(lit) => schema::Number::Decimal(lit),
                // A `Decimal` is checked when it is made, so this arm is never taken; zero
                // keeps the function total without a panic.
                Err(_) => schema::Number::Int(0),
            },
        }
    }

    fn owned(n: schema::Number<'_>) -> Self {
        match n {
            schema::Number::Int(i) => Self::Int(i),
            schema::Number::Decimal(d) => Self::Decimal(Decimal(d.as_str().to_owned())),
        }
    }

    /// The value as a float, to compare bounds.
    pub fn approx(&self) -> f64 {
        match self {
            Self::Int(n) => *n as f64,
            Self::Decimal(d) => d.as_str().parse().unwrap_or(f64::NAN),
        }
    }
}

impl From<&schema::CheckDef> for Check {
    fn from(c: &schema::CheckDef) -> Self {
        let rule = match c.rule {
            schema::CheckRule::Range { column, min, max } => Rule::Range {
                column: column.to_owned(),
                min: min.map(Number::owned),
                max: max.map(Number::owned),
            },
            schema::CheckRule::Length { column, min, max } => Rule::Length {
                column: column.to_owned(),
                min,
                max,
            },
        };
        Self {
            name: c.name.to_owned(),
            rule,
        }
    }
}

impl From<schema::Precision> for Precision {
    fn from(p: schema::Precision) -> Self {
        Self {
            digits: p.digits,
            scale: p.scale,
        }
    }
}

impl From<Precision> for schema::Precision {
    fn from(p: Precision) -> Self {
        Self {
            digits: p.digits,
            scale: p.scale,
        }
    }
}
