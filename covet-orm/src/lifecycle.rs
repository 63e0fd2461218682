//! The columns covet maintains itself: `created_at` / `updated_at` timestamps (UTC), the
//! `version` of optimistic locking and the `soft_delete` timestamp. None of them is in the
//! insert struct; the generated code fills them through these traits, whose bounds also reject
//! an attribute on a field of the wrong type at compile time.

use crate::Value;
use crate::value::truncate_micros;
use chrono::{DateTime, NaiveDateTime, Utc};
use covet_sql::schema::SqlType;

/// The time of a write, truncated to microseconds as every backend stores it, so the value a
/// model holds after an update equals the one read back later.
pub fn now() -> DateTime<Utc> {
    truncate_micros(Utc::now())
}

/// `now` as a bound value of a timestamp column of type `ty`.
pub(crate) fn now_value(ty: SqlType, now: DateTime<Utc>) -> Value {
    match ty {
        SqlType::Timestamp => Value::Timestamp(now.naive_utc()),
        _ => Value::TimestampTz(now),
    }
}

/// The types a `created_at` / `updated_at` field can have.
#[diagnostic::on_unimplemented(
    message = "`created_at`/`updated_at` need a timestamp field, and this one is `{Self}`",
    label = "not a timestamp",
    note = "declare the field as `chrono::DateTime<chrono::Utc>` (or `chrono::NaiveDateTime`, which covet fills in UTC)"
)]
pub trait TimestampField: Sized {
    /// The field's value at `now`.
    fn at(now: DateTime<Utc>) -> Self;
}

impl TimestampField for DateTime<Utc> {
    fn at(now: DateTime<Utc>) -> Self {
        now
    }
}

impl TimestampField for NaiveDateTime {
    fn at(now: DateTime<Utc>) -> Self {
        now.naive_utc()
    }
}

/// The types a `soft_delete` field can have: a nullable timestamp, NULL while the row lives.
#[diagnostic::on_unimplemented(
    message = "`soft_delete` needs a nullable timestamp field, and this one is `{Self}`",
    label = "not an `Option` of a timestamp",
    note = "declare the field as `Option<chrono::DateTime<chrono::Utc>>` (or `Option<chrono::NaiveDateTime>`): NULL means the row is live, a time means it was deleted then"
)]
pub trait SoftDeleteField: Sized {
    /// Whether the value marks the row deleted.
    fn is_deleted(&self) -> bool;
    /// The value of a live row.
    fn live() -> Self;
}

// One impl per type rather than a blanket over `TimestampField`, so that a wrong type gets
// this trait's message, not the timestamps'.
impl SoftDeleteField for Option<DateTime<Utc>> {
    fn is_deleted(&self) -> bool {
        self.is_some()
    }
    fn live() -> Self {
        None
    }
}

impl SoftDeleteField for Option<NaiveDateTime> {
    fn is_deleted(&self) -> bool {
        self.is_some()
    }
    fn live() -> Self {
        None
    }
}

/// The types a `version` field can have.
#[diagnostic::on_unimplemented(
    message = "`version` needs an integer field, and this one is `{Self}`",
    label = "not an integer",
    note = "declare the version as `i64` (or `i32`, `i16`): covet sets it to 1 on insert and adds 1 on every update"
)]
pub trait VersionField: Sized {
    /// The version of a new row.
    const INITIAL: Self;
    /// The version after one more update (as the database computes `version + 1`).
    fn next(&self) -> Self;
}

impl VersionField for i16 {
    const INITIAL: Self = 1;
    fn next(&self) -> Self {
        self.wrapping_add(1)
    }
}

impl VersionField for i32 {
    const INITIAL: Self = 1;
    fn next(&self) -> Self {
        self.wrapping_add(1)
    }
}

impl VersionField for i64 {
    const INITIAL: Self = 1;
    fn next(&self) -> Self {
        self.wrapping_add(1)
    }
}
