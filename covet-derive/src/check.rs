//! Cross-field rules. Each is a named `check_*` with the reason it exists; [`check`] runs them
//! all so every violation is reported together. Rules about types (a foreign key's type, an
//! unsupported field type) are left to the compiler through trait bounds in the expansion,
//! since only it knows what a type path resolves to.

use crate::ast::{Model, Named, Role};
use crate::attr::did_you_mean;
use crate::ctxt::Ctxt;
use covet_sql::ident::{self, IdentError};
use covet_sql::schema::{FkAction, Precision};

/// The longest `VARCHAR` MariaDB/MySQL accept in utf8mb4 (65535 bytes / 4).
const MAX_VARCHAR: u64 = 16383;

/// The widest tuple `Key` is implemented for.
const MAX_KEY_FIELDS: usize = 4;

/// Runs every rule.
pub(crate) fn check(cx: &mut Ctxt, model: &Model<'_>) {
    check_generics(cx, model);
    check_identifiers(cx, model);
    check_primary_key(cx, model);
    check_key_not_nullable(cx, model);
    check_auto_increment(cx, model);
    check_duplicate_columns(cx, model);
    check_indexes(cx, model);
    check_foreign_key_actions(cx, model);
    check_max_length(cx, model);
    check_precision(cx, model);
    check_defaults(cx, model);
    check_one_field_per_role(cx, model);
    check_one_role_per_field(cx, model);
    check_role_nullability(cx, model);
    check_rule_ranges(cx, model);
    check_patterns(cx, model);
    check_relation_foreign_keys(cx, model);
    check_relation_field_types(cx, model);
}

/// A belongs_to's foreign key is a column of this very model, so a name that is not one is
/// caught here, with the fields it could have meant (the foreign keys of other kinds live on
/// other models: the compiler checks those).
fn check_relation_foreign_keys(cx: &mut Ctxt, model: &Model<'_>) {
    for r in &model.relations {
        let rel = &r.relation;
        if rel.kind != crate::relation_attr::Kind::BelongsTo {
            continue;
        }
        let Some(fk) = &rel.foreign_key else { continue };
        if model.field(fk).is_some() {
            continue;
        }
        let names: Vec<String> = model.fields.iter().map(|f| f.name()).collect();
        let valid: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = did_you_mean(&fk.to_string(), &valid, &[])
            .map_or_else(String::new, |good| format!(": did you mean `{good}`?"));
        cx.error(
            fk,
            format!(
                "`{fk}` is not a field of `{}`{hint}\nhelp: `foreign_key` of a belongs_to names the field of this model that holds the key, one of: {}",
                model.ident,
                valid.join(", ")
            ),
        );
    }
}

/// Each kind of relation is loaded into its own field type (`HasMany<Album>` for
/// `has_many(Album, ...)`); saying so here points at the type, before the compiler's more
/// roundabout trait error.
fn check_relation_field_types(cx: &mut Ctxt, model: &Model<'_>) {
    for r in &model.relations {
        let expected = r.relation.kind.slot();
        let found = match r.ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        if found.as_deref() != Some(expected) {
            let target = &r.relation.target;
            cx.error(
                r.ty,
                format!(
                    "a `{}` relation is loaded into a `{expected}` field\nhelp: declare the field as `{expected}<{}>`",
                    r.relation.kind.key(),
                    quote::quote!(#target)
                ),
            );
        }
    }
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
    if let Some(old) = &model.renamed_from {
        check_identifier(cx, old, "previous table");
    }
    for f in &model.fields {
        check_identifier(cx, &f.column, "column");
        if let Some(old) = &f.renamed_from {
            check_identifier(cx, old, "previous column");
        }
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
/// A composite key is a tuple, and keys are implemented for tuples of up to four. (An
/// `auto_increment` field without `primary_key` is reported by [`check_auto_increment`], with
/// the fix, instead.)
fn check_primary_key(cx: &mut Ctxt, model: &Model<'_>) {
    if model.key_fields().next().is_none() && !model.has_generated_key() {
        cx.error(
            model.ident,
            format!(
                "`{}` has no primary key\nhelp: mark the key field with #[covet(primary_key)], e.g. `#[covet(primary_key, auto_increment)] id: i64` (on several fields for a composite key)",
                model.ident
            ),
        );
    }
    for f in model.key_fields().skip(MAX_KEY_FIELDS) {
        if let Some(span) = f.attrs.primary_key {
            cx.error_at(
                span,
                format!(
                    "a composite primary key has at most {MAX_KEY_FIELDS} fields\nhelp: remove `primary_key` here, or give the table a single generated key and a `unique(...)` on these fields"
                ),
            );
        }
    }
}

/// A primary key is never NULL. Checked on the type as written; an alias of `Option` is caught
/// by the compiler (`Option<T>` is not a `Key`).
fn check_key_not_nullable(cx: &mut Ctxt, model: &Model<'_>) {
    for f in model.key_fields() {
        if f.is_option() {
            cx.error(
                f.ty,
                format!(
                    "primary key `{}` is an `Option`, but a primary key is never NULL\nhelp: declare it without `Option`",
                    f.ident
                ),
            );
        }
    }
}

/// The database generates at most one value per row, and only for a single-column integer
/// primary key (the type is checked by the compiler). With several `auto_increment` fields, the
/// one on the primary key (else the first) is the one kept, and each other is reported once.
fn check_auto_increment(cx: &mut Ctxt, model: &Model<'_>) {
    let generated: Vec<_> = model
        .fields
        .iter()
        .filter_map(|f| f.attrs.auto_increment.map(|s| (f, s)))
        .collect();
    if generated.is_empty() {
        return;
    }
    let kept = generated
        .iter()
        .position(|(f, _)| f.attrs.primary_key.is_some())
        .unwrap_or(0);
    for (i, (_, span)) in generated.iter().enumerate() {
        if i != kept {
            cx.error_at(
                *span,
                "only one field can be `auto_increment`: the database generates one value per row, for the primary key\nhelp: remove `auto_increment` here",
            );
        }
    }
    let (field, span) = generated[kept];
    if field.attrs.primary_key.is_none() {
        cx.error_at(
            span,
            format!(
                "`auto_increment` needs `primary_key` on the same field: the database generates only keys\nhelp: write #[covet(primary_key, auto_increment)] on `{}`, or remove `auto_increment`",
                field.ident
            ),
        );
    } else if model.key_fields().count() > 1 {
        cx.error_at(
            span,
            "`auto_increment` cannot be part of a composite primary key\nhelp: remove `auto_increment`, or make this field the only key",
        );
    }
}

/// Two fields mapped to one column would read the same value and write it twice.
fn check_duplicate_columns(cx: &mut Ctxt, model: &Model<'_>) {
    for (i, f) in model.fields.iter().enumerate() {
        if model.fields[..i]
            .iter()
            .any(|g| g.column.value == f.column.value)
        {
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

/// A struct-level `index(...)` or `unique(...)` names fields that must exist, each once.
fn check_indexes(cx: &mut Ctxt, model: &Model<'_>) {
    for idx in &model.indexes {
        let kind = if idx.unique { "unique" } else { "index" };
        if idx.fields.is_empty() {
            cx.error_at(
                idx.span,
                format!(
                    "`{kind}(...)` needs at least one field\nhelp: write `{kind}(field_a, field_b)`"
                ),
            );
        }
        for (i, name) in idx.fields.iter().enumerate() {
            if idx.fields[..i].contains(name) {
                cx.error(
                    name,
                    format!(
                        "`{name}` is listed twice in `{kind}(...)`\nhelp: list each field once"
                    ),
                );
            } else if model.field(name).is_none() {
                let names: Vec<String> = model.fields.iter().map(|f| f.ident.to_string()).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let hint = did_you_mean(&name.to_string(), &names, &[])
                    .map_or_else(String::new, |good| format!(": did you mean `{good}`?"));
                cx.error(
                    name,
                    format!(
                        "`{}` has no field `{name}`{hint}\nhelp: `{kind}(...)` lists field names of this struct (field names, not column names): {}",
                        model.ident,
                        names.join(", ")
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

/// `max_length` becomes `VARCHAR(n)`, which must hold at least one character and, on
/// MariaDB/MySQL with utf8mb4, at most 16383; the literal is emitted as a `u32`.
fn check_max_length(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        let Some(lit) = &f.attrs.max_length else {
            continue;
        };
        let n = lit.base10_parse::<u64>().ok();
        let suffix_ok = matches!(lit.suffix(), "" | "u32");
        if !suffix_ok || !n.is_some_and(|n| (1..=MAX_VARCHAR).contains(&n)) {
            cx.error(
                lit,
                format!(
                    "`max_length` must be a whole number from 1 to {MAX_VARCHAR} (the longest VARCHAR every backend accepts)\nhelp: for longer or unlimited text, remove `max_length`: the column becomes TEXT"
                ),
            );
        }
    }
}

/// `precision` and `scale` become `NUMERIC(p, s)` / `DECIMAL(p, s)`: every backend takes 1 to
/// 65 digits (MariaDB/MySQL's limit) and a scale of 0 to 30 that does not exceed the digits.
/// A scale alone would mean nothing (the backends' defaults differ), so it needs `precision`.
fn check_precision(cx: &mut Ctxt, model: &Model<'_>) {
    let max = Precision::MAX_DIGITS;
    let max_scale = Precision::MAX_SCALE;
    for f in &model.fields {
        let digits = f.attrs.precision.as_ref().map(|lit| (lit, small(lit)));
        if let Some((lit, value)) = digits
            && !value.is_some_and(|n| (1..=max).contains(&n))
        {
            cx.error(
                lit,
                format!("`precision` must be a whole number from 1 to {max} (the most digits every backend accepts)\nhelp: e.g. #[covet(precision = 10, scale = 2)]"),
            );
        }
        let Some(scale_lit) = &f.attrs.scale else {
            continue;
        };
        let Some((_, digits)) = digits else {
            cx.error(
                scale_lit,
                "`scale` needs `precision` beside it\nhelp: write both, e.g. #[covet(precision = 10, scale = 2)]",
            );
            continue;
        };
        let limit = digits.unwrap_or(max).min(max_scale);
        if small(scale_lit).is_none_or(|n| n > limit) {
            cx.error(
                scale_lit,
                format!("`scale` must be a whole number from 0 to {limit}: at most {max_scale}, and no more than `precision`\nhelp: e.g. #[covet(precision = 10, scale = 2)]"),
            );
        }
    }
}

/// An unsuffixed (or `u8`) integer literal that fits a `u8`.
fn small(lit: &syn::LitInt) -> Option<u8> {
    matches!(lit.suffix(), "" | "u8")
        .then(|| lit.base10_parse::<u8>().ok())
        .flatten()
}

/// A default is an SQL expression written in the source; it may not end the statement or
/// comment out the rest of it.
fn check_defaults(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        let Some(lit) = &f.attrs.default else {
            continue;
        };
        let text = lit.value();
        if covet_sql::schema::check_default(&text).is_err() {
            cx.error(
                lit,
                "a default must be one SQL expression, without `;` or comments\nhelp: e.g. #[covet(default = \"0\")] or #[covet(default = \"CURRENT_TIMESTAMP\")]",
            );
        }
    }
}

/// covet fills each role's column itself, so a model has at most one of each: two
/// `version` columns could not both be the row's version.
fn check_one_field_per_role(cx: &mut Ctxt, model: &Model<'_>) {
    for role in Role::ALL {
        let key = role.key();
        let mut with_role = model.fields.iter().flat_map(|f| {
            f.roles()
                .filter(move |(r, _)| *r == role)
                .map(move |(_, s)| (f, s))
        });
        let Some((first, _)) = with_role.next() else {
            continue;
        };
        for (_, span) in with_role {
            cx.error_at(
                span,
                format!(
                    "only one field can be `{key}`, and `{}` already is\nhelp: remove `{key}` here",
                    first.ident
                ),
            );
        }
    }
}

/// A field plays one role: a column cannot be both the version and a timestamp, or the
/// creation and update time (covet would write it twice). Nor can the database generate it
/// or the key hold it, since covet writes it.
fn check_one_role_per_field(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        let mut roles = f.roles();
        let Some((first, _)) = roles.next() else {
            continue;
        };
        for (role, span) in roles {
            cx.error_at(
                span,
                format!(
                    "`{}` and `{}` cannot be on the same field: covet fills each in its own column\nhelp: keep one of them, and give the other its own field",
                    first.key(),
                    role.key()
                ),
            );
        }
        let taken = [
            (f.attrs.primary_key, "primary_key"),
            (f.attrs.auto_increment, "auto_increment"),
        ];
        if let Some((_, other)) = taken.iter().find(|(s, _)| s.is_some()) {
            let span = f
                .roles()
                .next()
                .map_or_else(proc_macro2::Span::call_site, |(_, s)| s);
            cx.error_at(
                span,
                format!(
                    "`{}` cannot be on a `{other}` field: covet writes this column itself\nhelp: put `{}` on a field of its own",
                    first.key(),
                    first.key()
                ),
            );
        }
    }
}

/// A soft-delete column is NULL while the row lives, so it must be an `Option`; the
/// timestamps and the version are always set by covet, so they never are. (Which types are
/// timestamps or integers is left to trait bounds.)
fn check_role_nullability(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        for (role, _) in f.roles() {
            let key = role.key();
            match (role, f.is_option()) {
                (Role::SoftDelete, false) => cx.error(
                    f.ty,
                    format!(
                        "`soft_delete` needs a nullable field, and `{}` is not an `Option`: NULL marks a live row\nhelp: declare it as `Option<chrono::DateTime<chrono::Utc>>`",
                        f.ident
                    ),
                ),
                (Role::CreatedAt | Role::UpdatedAt | Role::Version, true) => cx.error(
                    f.ty,
                    format!(
                        "`{key}` is never NULL: covet sets it on every insert, so `{}` should not be an `Option`\nhelp: declare it without `Option`",
                        f.ident
                    ),
                ),
                _ => {}
            }
        }
    }
}

/// A range no value can satisfy (`min` above `max`, `min_length` above `max_length`) would
/// refuse every write, and its CHECK constraint every row: it is a typo.
fn check_rule_ranges(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        let a = &f.attrs;
        if let (Some(min), Some(max)) = (&a.min, &a.max)
            && min.value > max.value
        {
            cx.error(
                &max.expr,
                format!(
                    "`max` is below `min` on `{}`, so no value is valid\nhelp: swap them, or fix the bound",
                    f.ident
                ),
            );
        }
        for bound in [&a.min, &a.max].into_iter().flatten() {
            if crate::expand::check_number(bound).is_none() {
                cx.error(
                    &bound.expr,
                    "this bound cannot be written as a CHECK constraint: integers must fit in an i64, and other numbers need a plain decimal form\nhelp: e.g. `min = -9223372036854775808` or `max = 0.001`",
                );
            }
        }
        let Some(lit) = &a.min_length else { continue };
        let Some(n) = lit
            .base10_parse::<u32>()
            .ok()
            .filter(|_| matches!(lit.suffix(), "" | "u32"))
        else {
            cx.error(lit, "`min_length` must be a whole number of characters\nhelp: e.g. #[covet(min_length = 3)]");
            continue;
        };
        let max = a
            .max_length
            .as_ref()
            .and_then(|m| m.base10_parse::<u32>().ok());
        if max.is_some_and(|max| n > max) {
            cx.error(
                lit,
                format!(
                    "`min_length` is above `max_length` on `{}`, so no text is valid\nhelp: lower `min_length` or raise `max_length`",
                    f.ident
                ),
            );
        }
    }
}

/// A `pattern` is compiled the first time it is used; parsing it now turns a typo in it
/// into a compile error instead of a failed validation in production.
fn check_patterns(cx: &mut Ctxt, model: &Model<'_>) {
    for f in &model.fields {
        let Some(lit) = &f.attrs.pattern else {
            continue;
        };
        if let Err(e) = regex_syntax::Parser::new().parse(&lit.value()) {
            let detail = match &e {
                regex_syntax::Error::Parse(e) => e.kind().to_string(),
                regex_syntax::Error::Translate(e) => e.kind().to_string(),
                other => other.to_string(),
            };
            cx.error(
                lit,
                format!(
                    "invalid regular expression in `pattern`: {detail}\nhelp: the syntax is the `regex` crate's (https://docs.rs/regex/latest/regex/#syntax); escape a literal `{{`, `[`, `(`, `.` or `\\` with `\\`"
                ),
            );
        }
    }
}
