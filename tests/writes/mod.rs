//! Writes: validation before anything is sent, change sets, covet's own columns (timestamps,
//! optimistic-lock version, soft delete) and sensitive fields, on every backend.

mod locking;
mod patch;
mod sensitive;
mod soft_delete;
mod validation;

use chrono::{DateTime, NaiveDateTime, Utc};
use covet::prelude::*;

/// A model with a rule of every kind.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "members")]
pub(crate) struct Member {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(min_length = 3, max_length = 20, pattern = "^[a-z0-9_]+$", unique)]
    pub(crate) handle: String,
    #[covet(email, max_length = 120)]
    pub(crate) email: String,
    #[covet(min = 0, max = 150)]
    pub(crate) age: Option<i32>,
    #[covet(min = 0.0, max = 5.0)]
    pub(crate) rating: f64,
    #[covet(validate = not_reserved)]
    pub(crate) nickname: Option<String>,
}

/// A custom rule: `validate = not_reserved`.
pub(crate) fn not_reserved(nickname: &Option<String>) -> Result<(), String> {
    match nickname.as_deref() {
        Some("admin" | "root") => Err("is a reserved name".to_owned()),
        _ => Ok(()),
    }
}

pub(crate) fn valid_member(handle: &str) -> NewMember {
    NewMember {
        handle: handle.to_owned(),
        email: format!("{handle}@example.org"),
        age: Some(30),
        rating: 4.5,
        nickname: None,
    }
}

/// A versioned model with both timestamp types.
#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "documents")]
pub(crate) struct Document {
    #[covet(primary_key, auto_increment)]
    pub(crate) id: i64,
    #[covet(max_length = 200)]
    pub(crate) body: String,
    #[covet(version)]
    pub(crate) version: i64,
    #[covet(created_at)]
    pub(crate) created_at: DateTime<Utc>,
    #[covet(updated_at)]
    pub(crate) updated_at: NaiveDateTime,
}
