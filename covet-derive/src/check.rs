//! Cross-field rules. Each is a named `check_*` with the reason it exists; [`check`] runs them
//! all so every violation is reported together. Rules about types (a foreign key's type, an
//! unsupported field type) are left to the compiler through trait bounds in the expansion,
//! since only it knows what a type path resolves to.

use crate::ast::{Model, Named};
use crate::ctxt::Ctxt;
use covet_sql::ident::{self, IdentError};
use covet_sql::schema::FkAction;

/// Runs every rule.
pub(crate) fn check(cx: &mut Ctxt, model: &Model<'_>) {
    check_generics(cx, model);
    check_identifiers(cx, model);
    check_primary_key(cx, model);
    check_auto_increment(cx, model);
    check_duplicate_columns(cx, model);
    check_indexes(cx, model);
    check_foreign_key_actions(cx, model);
    check_defaults(cx, model);
}

/// A model is one table: a generic struct would be many tables with one name.
fn check_generics(cx: &mut Ctxt, model: &Model<'_>) {
    if !model.generics.params.is_empty() {
        cx.error(
            model.generics,
            "#[derive(Model)] does not support generic structs: a model is exactly one table\nhelp: remove the type parameters",
        );
    }
}

/// Every table and column name is quoted at run time, but it must also be a name every backend
/// keeps intact; refusing anything else here means no identifier can ever break out of its
/// quotes.
fn check_identifiers(cx: &mut Ctxt, model: &Model<'_>) {
    check_identifier(cx, &model.table, "table");
    for f in &model.fields {
        check_identifier(cx, &f.column, "column");
    }
}

fn check_identifier(cx: &mut Ctxt, name: &Named, what: &str) {
    let Err(e) = ident::validate(&name.value) else {
        return;
    };
    let detail = match e {
        IdentError::BadChar(_) => match ident::first_bad_char(&name.value) {
            Some(c) => format!("{c:?} is not allowed in an SQL identifier"),
            None => e.to_string(),
        },
        _ => e.to_string(),
    };
    cx.error_at(
        name.span,
        format!(
            "invalid {what} name {:?}: {detail}\nhelp: use ASCII letters, digits and `_`, at most {} bytes, not starting with a digit (reserved words such as `order` are fine: covet quotes every name)",
            name.value,
            ident::MAX_IDENT_LEN
        ),
    );
}

/// Find, update and delete by key need a key; a table without one cannot be addressed by row.
fn check_primary_key(cx: &mut Ctxt, model: &Model<'_>) {
    if model.key_fields().next().is_none() {
        cx.error(
            model.ident,
            format!(
                "`{}` has no primary key\nhelp: mark the key field with #[covet(primary_key)] (several fields for a composite key)",
                model.ident
            ),
        );
    }
}

/// The database generates at most one value per row, and only for a single-column integer
/// primary key (the type is checked by the compiler).
fn check_auto_increment(cx: &mut Ctxt, model: &Model<'_>) {
    let generated: Vec<_> = model
        .fields
        .iter()
        .filter_map(|f| f.attrs.auto_increment.map(|s| (f, s)))
        .collect();
    for (_, span) in generated.iter().skip(1) {
        cx.error_at(
            *span,
            "only one field can be `auto_increment`\nhelp: keep `auto_increment` on the primary key and remove it here",
        );
    }
    let composite = model.key_fields().count() > 1;
    for (field, span) in &generated {
        if field.attrs.primary_key.is_none() {
            cx.error_at(
                *span,
                "`auto_increment` needs `primary_key` on the same field\nhelp: write #[covet(primary_key, auto_increment)]",
            );
        } else if composite {
            cx.error_at(
                *span,
                "`auto_increment` cannot be part of a composite primary key\nhelp: remove `auto_increment`, or make this field the only key",
            );
        }
    }
}

/// Two fields mapped to one column would read the same value and write it twice.
fn check_duplicate_columns(cx: &mut Ctxt, model: &Model<'_>) {
    for (i, f) in model.fields.iter().enumerate() {
        if model.fields[..i].iter().any(|g| g.column.value == f.column.value) {
            cx.error_at(
                f.column.span,
                format!(
                    "column {:?} is mapped by two fields\nhelp: give one of them another name with #[covet(rename = \"...\")]",
                    f.column.value
                ),
            );
        }
    }
}

/// A struct-level `index(...)` or `unique(...)` names fields that must exist.
fn check_indexes(cx: &mut Ctxt, model: &Model<'_>) {
    for idx in &model.indexes {
        if idx.fields.is_empty() {
            cx.error_at(idx.span, "an index needs at least one field\nhelp: write `index(field_a, field_b)`");
        }
        for name in &idx.fields {
            if model.field(name).is_none() {
                cx.error(
                    name,
                    format!(
                        "`{}` has no field `{name}`\nhelp: list field names of this struct in `index(...)`",
                        model.ident
                    ),
                );
            }
        }
    }
}

/// `on_delete`/`on_update` describe a foreign key, so they need `references`; `set_null`
/// needs a column that can hold NULL.
fn check_foreign_key_actions(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        let actions = [&f.attrs.on_delete, &f.attrs.on_update];
        for (action, ident) in actions.into_iter().flatten() {
            if f.attrs.references.is_none() {
                cx.error(
                    ident,
                    "`on_delete`/`on_update` need a foreign key\nhelp: add `references = OtherModel` to this field",
                );
            } else if *action == FkAction::SetNull && !f.is_option() {
                cx.error(
                    ident,
                    format!(
                        "`set_null` needs a nullable column, and `{}` is not an `Option`\nhelp: declare the field as `Option<...>` or pick another action",
                        f.ident
                    ),
                );
            }
        }
    }
}

/// A default is an SQL expression written in the source; it may not end the statement or
/// comment out the rest of it.
fn check_defaults(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        let Some(lit) = &f.attrs.default else { continue };
        let text = lit.value();
        if text.trim().is_empty() || [";", "--", "/*"].iter().any(|bad| text.contains(bad)) {
            cx.error(
                lit,
                "a default must be one SQL expression, without `;` or comments\nhelp: e.g. #[covet(default = \"0\")] or #[covet(default = \"CURRENT_TIMESTAMP\")]",
            );
        }
    }
}
