//! Field validation: the rules of `#[covet(min_length = 3, max = 100, pattern = "...", email,
//! validate = path::to::fn)]` checked in Rust before a write is sent. Every failing field is
//! collected, so one [`Error::Validation`] reports them all; nothing is sent when any fails.
//!
//! The derive generates one function per validated field that runs a [`Checker`] over the
//! field's value; the traits here decide which types each rule applies to (a rule on the wrong
//! type is a compile error that names the rule).

use crate::Error;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive as _, ToPrimitive as _};
use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

/// Which rule a field broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// `min_length = n`: at least `n` characters.
    MinLength,
    /// `max_length = n`: at most `n` characters.
    MaxLength,
    /// `min = x`: at least `x`.
    Min,
    /// `max = x`: at most `x`.
    Max,
    /// `pattern = "regex"`: the text matches the regular expression.
    Pattern,
    /// `email`: the text is an email address.
    Email,
    /// `validate = path::to::fn`: the function returned an error.
    Custom,
}

impl Rule {
    /// The attribute key of the rule (`min_length`, `pattern`, ...).
    pub const fn key(self) -> &'static str {
        match self {
            Self::MinLength => "min_length",
            Self::MaxLength => "max_length",
            Self::Min => "min",
            Self::Max => "max",
            Self::Pattern => "pattern",
            Self::Email => "email",
            Self::Custom => "validate",
        }
    }
}

/// One field that failed one rule. The message describes the rule, never the value, so a
/// sensitive field's value cannot leak through it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldError {
    /// For `insert_many`, the position of the row in the input.
    pub row: Option<usize>,
    /// The Rust field name.
    pub field: &'static str,
    /// The column name.
    pub column: &'static str,
    /// The rule that failed.
    pub rule: Rule,
    /// What the rule asks for (`must be at least 3 characters long`).
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {row}: ")?;
        }
        write!(f, "{} {}", self.field, self.message)
    }
}

/// Every field of one write that failed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors {
    /// The model (struct) name.
    pub model: &'static str,
    /// The failures, in field order (and row order for `insert_many`).
    pub errors: Vec<FieldError>,
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: ", self.model)?;
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// `Ok` when `errors` is empty, else the [`Error::Validation`] that carries them.
pub(crate) fn into_result(model: &'static str, errors: Vec<FieldError>) -> crate::Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(ValidationErrors { model, errors }))
    }
}

/// A bound of `min = ...` / `max = ...`, as written in the attribute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// An integer literal.
    Int(i128),
    /// A float literal.
    Float(f64),
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(n) => write!(f, "{n}"),
            Self::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A number a range rule compares with its bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Any integer field.
    Int(i128),
    /// A float field.
    Float(f64),
    /// A decimal field.
    Decimal(Decimal),
}

impl Number {
    /// How the value compares with `bound`; `None` when they cannot be compared (NaN).
    fn cmp(self, bound: Bound) -> Option<Ordering> {
        match (self, bound) {
            (Self::Int(v), Bound::Int(b)) => Some(v.cmp(&b)),
            (Self::Int(v), Bound::Float(b)) => (v as f64).partial_cmp(&b),
            (Self::Float(v), Bound::Int(b)) => v.partial_cmp(&(b as f64)),
            (Self::Float(v), Bound::Float(b)) => v.partial_cmp(&b),
            (Self::Decimal(v), Bound::Int(b)) => match Decimal::from_i128(b) {
                Some(b) => Some(v.cmp(&b)),
                // A bound beyond Decimal's range is beyond every value.
                None => Some(if b < 0 {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }),
            },
            (Self::Decimal(v), Bound::Float(b)) => match Decimal::from_f64(b) {
                Some(b) => Some(v.cmp(&b)),
                None => v.to_f64().and_then(|v| v.partial_cmp(&b)),
            },
        }
    }
}

/// Field types that text rules (`min_length`, `max_length`, `pattern`, `email`) apply to.
/// `None` is NULL, which every rule accepts, as a CHECK constraint does.
#[diagnostic::on_unimplemented(
    message = "this validation rule applies to text, and this field is `{Self}`",
    label = "not a text field",
    note = "`min_length`, `max_length`, `pattern` and `email` apply to `String` fields (or `Option<String>`, `Sensitive<String>`); remove the rule or use `min`/`max` for numbers"
)]
pub trait TextRule {
    /// The text to check, `None` for NULL.
    fn text(&self) -> Option<&str>;
}

impl TextRule for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: TextRule> TextRule for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(TextRule::text)
    }
}

/// The types `max_length` applies to; its message names the key, since `max_length` is also
/// the column's `VARCHAR` length.
#[diagnostic::on_unimplemented(
    message = "`max_length` applies to text, and this field is `{Self}`",
    label = "not a text field",
    note = "remove `max_length`, or make the field a `String`"
)]
pub trait HasLength {
    /// The text to check, `None` for NULL.
    fn text(&self) -> Option<&str>;
}

// Written out rather than generated by a macro: the compiler lists these impls in the error
// for a `max_length` on a non-text field, and a macro's expansion reads badly there.
impl HasLength for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}
impl HasLength for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}
impl HasLength for crate::Sensitive<String> {
    fn text(&self) -> Option<&str> {
        Some(self.expose())
    }
}
impl HasLength for Option<crate::Sensitive<String>> {
    fn text(&self) -> Option<&str> {
        self.as_ref().map(|s| s.expose().as_str())
    }
}

/// Field types that `min` / `max` apply to. `None` is NULL, which every rule accepts.
#[diagnostic::on_unimplemented(
    message = "`min`/`max` apply to numbers, and this field is `{Self}`",
    label = "not a numeric field",
    note = "`min` and `max` apply to i16, i32, i64, f32, f64 and rust_decimal::Decimal fields (or an `Option` of one); for text use `min_length`/`max_length`"
)]
pub trait NumberRule {
    /// The number to check, `None` for NULL.
    fn number(&self) -> Option<Number>;
}

macro_rules! number_rule {
    ($($ty:ty => $variant:ident),*) => {$(
        impl NumberRule for $ty {
            fn number(&self) -> Option<Number> {
                Some(Number::$variant((*self).into()))
            }
        }
    )*};
}
number_rule!(i16 => Int, i32 => Int, i64 => Int, f32 => Float, f64 => Float, Decimal => Decimal);

impl<T: NumberRule> NumberRule for Option<T> {
    fn number(&self) -> Option<Number> {
        self.as_ref().and_then(NumberRule::number)
    }
}

/// A `pattern = "..."` regular expression, compiled the first time it is used and kept in a
/// `static` of the generated code. The derive has already parsed it, so it compiles unless it
/// exceeds the regex crate's size limit, which is reported as a failed validation rather than a
/// panic.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Result<regex::Regex, String>>,
}

impl Pattern {
    /// A pattern to compile on first use.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn is_match(&self, text: &str) -> Result<bool, &str> {
        let compiled = self
            .compiled
            .get_or_init(|| regex::Regex::new(self.source).map_err(|e| e.to_string()));
        match compiled {
            Ok(re) => Ok(re.is_match(text)),
            Err(e) => Err(e),
        }
    }
}

/// Whether `text` is an email address in the form people and mail servers use:
/// `local@domain.tld`, with no spaces, a local part of at most 64 bytes and a domain of
/// dot-separated labels of letters, digits and `-` (not at either end of a label). Quoted
/// local parts and IP-literal domains, legal but almost never meant, are refused.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// Runs the rules of one field and records each failure. Used by generated code.
pub struct Checker<'e> {
    errors: &'e mut Vec<FieldError>,
    field: &'static str,
    column: &'static str,
}

impl<'e> Checker<'e> {
    /// Checks the field `field` (column `column`), recording failures in `errors`.
    pub fn new(errors: &'e mut Vec<FieldError>, field: &'static str, column: &'static str) -> Self {
        Self {
            errors,
            field,
            column,
        }
    }

    fn fail(&mut self, rule: Rule, message: String) {
        self.errors.push(FieldError {
            row: None,
            field: self.field,
            column: self.column,
            rule,
            message,
        });
    }

    /// `min_length = n`, in characters (as `VARCHAR(n)` counts them).
    pub fn min_length<T: TextRule + ?Sized>(&mut self, value: &T, n: usize) {
        if value.text().is_some_and(|t| t.chars().count() < n) {
            self.fail(
                Rule::MinLength,
                format!("must be at least {n} characters long"),
            );
        }
    }

    /// `max_length = n`, in characters.
    pub fn max_length<T: HasLength + ?Sized>(&mut self, value: &T, n: usize) {
        if value.text().is_some_and(|t| t.chars().count() > n) {
            self.fail(
                Rule::MaxLength,
                format!("must be at most {n} characters long"),
            );
        }
    }

    /// `pattern = "..."`.
    pub fn pattern<T: TextRule + ?Sized>(&mut self, value: &T, pattern: &Pattern) {
        let Some(text) = value.text() else { return };
        match pattern.is_match(text) {
            Ok(true) => {}
            Ok(false) => self.fail(
                Rule::Pattern,
                format!("must match the pattern {}", pattern.source),
            ),
            Err(e) => self.fail(
                Rule::Pattern,
                format!("cannot be checked: the pattern does not compile ({e})"),
            ),
        }
    }

    /// `email`.
    pub fn email<T: TextRule + ?Sized>(&mut self, value: &T) {
        if value.text().is_some_and(|t| !is_email(t)) {
            self.fail(Rule::Email, "must be an email address".to_owned());
        }
    }

    /// `min = bound`.
    pub fn min<T: NumberRule + ?Sized>(&mut self, value: &T, bound: Bound) {
        let Some(v) = value.number() else { return };
        // NaN compares with nothing, so it fails every range.
        if !matches!(v.cmp(bound), Some(Ordering::Equal | Ordering::Greater)) {
            self.fail(Rule::Min, format!("must be at least {bound}"));
        }
    }

    /// `max = bound`.
    pub fn max<T: NumberRule + ?Sized>(&mut self, value: &T, bound: Bound) {
        let Some(v) = value.number() else { return };
        if !matches!(v.cmp(bound), Some(Ordering::Equal | Ordering::Less)) {
            self.fail(Rule::Max, format!("must be at most {bound}"));
        }
    }

    /// `validate = path::to::fn`: the function's error, displayed, is the message.
    pub fn custom<E: fmt::Display>(&mut self, outcome: Result<(), E>) {
        if let Err(e) = outcome {
            self.fail(Rule::Custom, e.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: impl FnOnce(&mut Checker<'_>)) -> Vec<Rule> {
        let mut errors = Vec::new();
        f(&mut Checker::new(&mut errors, "f", "c"));
        errors.into_iter().map(|e| e.rule).collect()
    }

    #[test]
    fn lengths_count_characters() {
        let s = "ünï".to_owned();
        assert!(check(|c| c.min_length(&s, 3)).is_empty());
        assert_eq!(check(|c| c.min_length(&s, 4)), [Rule::MinLength]);
        assert_eq!(check(|c| c.max_length(&s, 2)), [Rule::MaxLength]);
        assert!(check(|c| c.max_length(&None::<String>, 0)).is_empty());
    }

    #[test]
    fn ranges_compare_across_number_kinds() {
        assert!(check(|c| c.min(&5_i32, Bound::Int(5))).is_empty());
        assert_eq!(check(|c| c.min(&4_i64, Bound::Int(5))), [Rule::Min]);
        assert_eq!(check(|c| c.max(&0.6_f64, Bound::Float(0.5))), [Rule::Max]);
        assert_eq!(check(|c| c.min(&f64::NAN, Bound::Int(0))), [Rule::Min]);
        let d = Decimal::new(1999, 2);
        assert!(check(|c| c.max(&d, Bound::Int(20))).is_empty());
        assert_eq!(check(|c| c.max(&d, Bound::Float(19.5))), [Rule::Max]);
        assert!(check(|c| c.min(&None::<i16>, Bound::Int(1))).is_empty());
    }

    #[test]
    fn emails() {
        for good in ["a@b.co", "first.last+tag@mail.example.org", "ü@exämple.de"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "", "a", "a@b", "@b.co", "a@.co", "a@b..co", "a b@c.de", "a@-b.co", ".a@b.co",
            "a@b.c_o",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn patterns_compile_once_and_match() {
        static P: Pattern = Pattern::new("^[a-z]+$");
        assert!(check(|c| c.pattern(&"abc".to_owned(), &P)).is_empty());
        assert_eq!(check(|c| c.pattern(&"aBc".to_owned(), &P)), [Rule::Pattern]);
        assert!(P.compiled.get().is_some());
    }

    #[test]
    fn messages_never_carry_the_value() {
        let mut errors = Vec::new();
        let secret = "hunter2-secret".to_owned();
        let mut c = Checker::new(&mut errors, "password", "password");
        c.min_length(&secret, 40);
        c.email(&secret);
        let text = into_result("User", errors).unwrap_err().to_string();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(
            text.starts_with("invalid User: password must be at least 40"),
            "{text}"
        );
    }
}
