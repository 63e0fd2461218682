//! Check constraints as plain data: a value range on a numeric column or a length range on a
//! text column. They come from typed model attributes, never from SQL text, so every literal
//! in them is a number the type system vouches for: integers are `i64`, and any other number
//! is a [`DecimalLiteral`], which holds only digits, one optional `-` and one optional `.`.

use std::fmt;

/// One named check constraint. A check may not stand on a column whose foreign key
/// cascades or sets it (MariaDB and MySQL refuse that), so covet refuses it everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CheckDef {
    /// Constraint name, generated from the table and column (`{table}_{column}_check`).
    pub name: &'static str,
    /// What it requires.
    pub rule: CheckRule<'static>,
}

/// What a check constraint requires of a row. A bound that is `None` is not checked; NULL
/// passes every check, as in SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckRule<'a> {
    /// `min <= column <= max` on a numeric column.
    Range {
        /// The column.
        column: &'a str,
        /// The smallest value allowed.
        min: Option<Number<'a>>,
        /// The largest value allowed.
        max: Option<Number<'a>>,
    },
    /// `min <= length(column) <= max`, in characters, on a text column.
    Length {
        /// The column.
        column: &'a str,
        /// The fewest characters allowed.
        min: Option<u32>,
        /// The most characters allowed.
        max: Option<u32>,
    },
}

impl<'a> CheckRule<'a> {
    /// The column the rule is about.
    pub const fn column(&self) -> &'a str {
        match self {
            Self::Range { column, .. } | Self::Length { column, .. } => column,
        }
    }
}

/// A numeric literal in a check constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Number<'a> {
    /// A whole number.
    Int(i64),
    /// A number with a fractional part, e.g. `9.99`.
    Decimal(DecimalLiteral<'a>),
}

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(n) => write!(f, "{n}"),
            Self::Decimal(d) => f.write_str(d.as_str()),
        }
    }
}

/// A decimal number with a fractional part, in its one canonical spelling: an optional `-`,
/// digits without leading zeros (`0` alone before the point), a `.`, and digits without a
/// trailing zero (`0.5`, `-12.25`; not `.5`, `00.5`, `0.50`, `1.`, `1e3`, `-0.0`). Canonical so
/// that two equal numbers are equal literals, also once read back from a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecimalLiteral<'a>(&'a str);

/// Why a decimal literal was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalError;

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a decimal literal is digits, a `.` and digits, with an optional leading `-`, no leading zeros and no trailing zero after the point (e.g. 0.5, -12.25)",
        )
    }
}

impl<'a> DecimalLiteral<'a> {
    /// Checks `text` (see the type's documentation for the form).
    pub const fn new(text: &'a str) -> Result<Self, DecimalError> {
        if is_canonical_decimal(text.as_bytes()) {
            Ok(Self(text))
        } else {
            Err(DecimalError)
        }
    }

    /// The literal's text, which is safe to write into SQL as it is.
    pub const fn as_str(&self) -> &'a str {
        self.0
    }
}

const fn is_canonical_decimal(b: &[u8]) -> bool {
    let mut i = 0;
    if i < b.len() && b[i] == b'-' {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return false;
    }
    if i >= b.len() || b[i] != b'.' {
        return false;
    }
    i += 1;
    let frac_start = i;
    let mut all_zero = int_len == 1 && b[int_start] == b'0';
    while i < b.len() && b[i].is_ascii_digit() {
        all_zero &= b[i] == b'0';
        i += 1;
    }
    let negative_zero = b[0] == b'-' && all_zero;
    i == b.len() && i > frac_start && b[i - 1] != b'0' && !negative_zero
}

#[cfg(test)]
mod tests {
    use super::DecimalLiteral;

    #[test]
    fn decimal_literals_have_one_spelling() {
        for ok in ["0.5", "-12.25", "100.01", "0.001"] {
            assert!(DecimalLiteral::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "1", ".5", "00.5", "0.50", "1.", "1e3", "-0.0", "1.2.3", "+1.5", "1.5 ", "0x1.5",
            "-", "--1.5", "1;.5",
        ] {
            assert!(DecimalLiteral::new(bad).is_err(), "{bad}");
        }
    }
}
