//! SQL identifiers: what the derive accepts as a table or column name.
//!
//! The rule is deliberately narrower than what any backend allows (ASCII letters, digits and `_`,
//! not starting with a digit, at most 63 bytes, PostgreSQL's limit and the smallest of the three).
//! A name that passes is safe to quote on every backend, and reserved words (`order`, `user`)
//! are fine because every identifier is always quoted.

use std::fmt;

/// The longest identifier every backend keeps intact (PostgreSQL truncates past 63 bytes).
pub const MAX_IDENT_LEN: usize = 63;

/// Why a name is not a valid identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentError {
    /// The name is empty.
    Empty,
    /// The name is longer than [`MAX_IDENT_LEN`] bytes.
    TooLong(usize),
    /// The name starts with a digit.
    LeadingDigit,
    /// The name holds a character other than ASCII letters, digits and `_`.
    BadChar(char),
}

impl fmt::Display for IdentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("an SQL identifier cannot be empty"),
            Self::TooLong(n) => write!(
                f,
                "an SQL identifier is at most {MAX_IDENT_LEN} bytes (PostgreSQL truncates longer names); this one is {n}"
            ),
            Self::LeadingDigit => f.write_str("an SQL identifier cannot start with a digit"),
            Self::BadChar(c) => write!(
                f,
                "{c:?} is not allowed in an SQL identifier: use ASCII letters, digits and `_`"
            ),
        }
    }
}

/// Checks `name` against the identifier rule. `const` so it can also guard `Ident::new`.
pub const fn validate(name: &str) -> Result<(), IdentError> {
    let bytes = name.as_bytes();
    if bytes.is_empty() {
        return Err(IdentError::Empty);
    }
    if bytes.len() > MAX_IDENT_LEN {
        return Err(IdentError::TooLong(bytes.len()));
    }
    if bytes[0].is_ascii_digit() {
        return Err(IdentError::LeadingDigit);
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b.is_ascii_alphanumeric() || b == b'_') {
            // Non-ASCII bytes are reported as the replacement character: the derive, which has
            // the whole string, reports the real character.
            let c = if b.is_ascii() { b as char } else { '\u{FFFD}' };
            return Err(IdentError::BadChar(c));
        }
        i += 1;
    }
    Ok(())
}

/// Finds the first offending character of `name`, for messages that point at it.
pub fn first_bad_char(name: &str) -> Option<char> {
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
}

/// A validated identifier. It can only be made from a `&'static str` (text written in the
/// program, in practice emitted by the derive), so no runtime string can become one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ident(&'static str);

impl Ident {
    /// Makes an identifier; panics at compile time when used in a `const` with a bad name.
    pub const fn new(name: &'static str) -> Self {
        match validate(name) {
            Ok(()) => Self(name),
            Err(_) => panic!("invalid SQL identifier"),
        }
    }

    /// The unquoted name.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_and_reserved_words() {
        for ok in ["albums", "order", "user", "_x1", "a"] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_what_could_break_quoting() {
        assert_eq!(validate(""), Err(IdentError::Empty));
        assert_eq!(validate("1abc"), Err(IdentError::LeadingDigit));
        assert_eq!(validate("a;b"), Err(IdentError::BadChar(';')));
        assert_eq!(validate("a\"b"), Err(IdentError::BadChar('"')));
        assert_eq!(validate("a`b"), Err(IdentError::BadChar('`')));
        assert_eq!(validate("a b"), Err(IdentError::BadChar(' ')));
        assert_eq!(validate(&"x".repeat(64)), Err(IdentError::TooLong(64)));
        assert_eq!(validate(&"x".repeat(63)), Ok(()));
        assert_eq!(first_bad_char("naïve"), Some('ï'));
    }
}

/// A generated constraint or index name: `{table}_{columns}_{suffix}`, shortened with a hash
/// when longer than [`MAX_IDENT_LEN`], so the name is stable and valid on every backend.
pub fn derived_name(table: &str, columns: &[&str], suffix: &str) -> String {
    let mut name = String::from(table);
    for c in columns {
        name.push('_');
        name.push_str(c);
    }
    name.push('_');
    name.push_str(suffix);
    if name.len() <= MAX_IDENT_LEN {
        return name;
    }
    // FNV-1a: stable across compilers and platforms, unlike std's hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let keep = MAX_IDENT_LEN - 9 - suffix.len() - 1;
    format!("{}_{:08x}_{suffix}", &name[..keep], hash as u32)
}

#[cfg(test)]
mod derived_name_tests {
    use super::*;

    #[test]
    fn short_names_are_plain_and_long_ones_fit() {
        assert_eq!(
            derived_name("albums", &["artist_id", "title"], "idx"),
            "albums_artist_id_title_idx"
        );
        let long = derived_name(&"t".repeat(40), &["c".repeat(40).as_str()], "fkey");
        assert_eq!(long.len(), MAX_IDENT_LEN);
        assert!(long.ends_with("_fkey"));
        assert_eq!(validate(&long), Ok(()));
    }
}
