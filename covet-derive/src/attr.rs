//! Parses `#[covet(...)]` on the struct and on its fields. Unknown and repeated keys, and values
//! of the wrong kind, are reported (with the valid keys or an example) and parsing goes on, so
//! every mistake shows at once.

use crate::ctxt::Ctxt;
use covet_sql::schema::FkAction;
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitInt, LitStr, Path, Token};

const STRUCT_KEYS: &[&str] = &["table", "index", "unique", "renamed_from"];
const FIELD_KEYS: &[&str] = &[
    "primary_key",
    "auto_increment",
    "rename",
    "unique",
    "index",
    "default",
    "max_length",
    "precision",
    "scale",
    "references",
    "on_delete",
    "on_update",
    "renamed_from",
    "min_length",
    "min",
    "max",
    "pattern",
    "email",
    "validate",
    "created_at",
    "updated_at",
    "version",
    "soft_delete",
    "sensitive",
];
const ACTIONS: &[&str] = &[
    "cascade",
    "restrict",
    "set_null",
    "set_default",
    "no_action",
];

/// Keys people write from other ORMs, with the key covet spells them as. Only suggested where
/// that key is valid.
const ALIASES: &[(&str, &str)] = &[
    ("name", "table"),
    ("table_name", "table"),
    ("name", "rename"),
    ("column", "rename"),
    ("column_name", "rename"),
    ("pk", "primary_key"),
    ("id", "primary_key"),
    ("key", "primary_key"),
    ("serial", "auto_increment"),
    ("identity", "auto_increment"),
    ("autoincrement", "auto_increment"),
    ("generated", "auto_increment"),
    ("length", "max_length"),
    ("size", "max_length"),
    ("digits", "precision"),
    ("foreign_key", "references"),
    ("fk", "references"),
    ("belongs_to", "references"),
    ("indexed", "index"),
    ("minlength", "min_length"),
    ("min_len", "min_length"),
    ("maxlength", "max_length"),
    ("regex", "pattern"),
    ("matches", "pattern"),
    ("is_email", "email"),
    ("validator", "validate"),
    ("custom", "validate"),
    ("created", "created_at"),
    ("inserted_at", "created_at"),
    ("create_time", "created_at"),
    ("updated", "updated_at"),
    ("modified_at", "updated_at"),
    ("update_time", "updated_at"),
    ("lock_version", "version"),
    ("optimistic_lock", "version"),
    ("deleted_at", "soft_delete"),
    ("soft_deleted", "soft_delete"),
    ("paranoid", "soft_delete"),
    ("secret", "sensitive"),
    ("redact", "sensitive"),
    ("redacted", "sensitive"),
];

/// Action names people write from other ORMs or SQL.
const ACTION_ALIASES: &[(&str, &str)] = &[
    ("delete", "cascade"),
    ("null", "set_null"),
    ("nullify", "set_null"),
    ("default", "set_default"),
    ("none", "no_action"),
    ("nothing", "no_action"),
];

/// `#[covet(...)]` on the struct.
#[derive(Default)]
pub(crate) struct StructAttrs {
    pub(crate) table: Option<LitStr>,
    pub(crate) indexes: Vec<IndexAttr>,
    pub(crate) renamed_from: Option<LitStr>,
}

/// `index(a, b)` or `unique(a, b)` on the struct.
pub(crate) struct IndexAttr {
    pub(crate) fields: Vec<Ident>,
    pub(crate) unique: bool,
    pub(crate) span: Span,
}

/// `#[covet(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) primary_key: Option<Span>,
    pub(crate) auto_increment: Option<Span>,
    pub(crate) rename: Option<LitStr>,
    pub(crate) unique: Option<Span>,
    pub(crate) index: Option<Span>,
    pub(crate) default: Option<LitStr>,
    pub(crate) max_length: Option<LitInt>,
    pub(crate) precision: Option<LitInt>,
    pub(crate) scale: Option<LitInt>,
    pub(crate) references: Option<Path>,
    pub(crate) on_delete: Option<(FkAction, Ident)>,
    pub(crate) on_update: Option<(FkAction, Ident)>,
    pub(crate) renamed_from: Option<LitStr>,
    pub(crate) min_length: Option<LitInt>,
    pub(crate) min: Option<NumLit>,
    pub(crate) max: Option<NumLit>,
    pub(crate) pattern: Option<LitStr>,
    pub(crate) email: Option<Span>,
    pub(crate) validate: Option<Path>,
    pub(crate) created_at: Option<Span>,
    pub(crate) updated_at: Option<Span>,
    pub(crate) version: Option<Span>,
    pub(crate) soft_delete: Option<Span>,
    pub(crate) sensitive: Option<Span>,
}

/// A number in `min = ...` / `max = ...`: an integer or float literal, maybe negative.
pub(crate) struct NumLit {
    /// Its value, for comparing bounds.
    pub(crate) value: f64,
    /// Its exact value when it is an integer.
    pub(crate) int: Option<i128>,
    /// The whole expression, for errors.
    pub(crate) expr: Expr,
}

/// Remembers which keys were seen, to report repeats.
struct Seen(Vec<String>);

impl Seen {
    fn first_time(&mut self, cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> bool {
        if self.0.iter().any(|k| k == key) {
            cx.error(
                &meta.path,
                format!("duplicate `{key}` in #[covet(...)]\nhelp: keep only one `{key}`"),
            );
            return false;
        }
        self.0.push(key.to_owned());
        true
    }
}

fn covet_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("covet"))
}

fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    let path = &meta.path;
    path.get_ident().map_or_else(
        || quote::quote!(#path).to_string().replace(' ', ""),
        Ident::to_string,
    )
}

fn span_of(meta: &ParseNestedMeta<'_>) -> Span {
    meta.path
        .get_ident()
        .map_or_else(Span::call_site, Ident::span)
}

/// Consumes whatever value follows an unknown or repeated key, so parsing can go on.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

/// The number of single-character edits (insert, delete, replace, swap two neighbours)
/// between `a` and `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The valid word `word` most likely meant: a known alias, a misspelling, or a prefix.
pub(crate) fn did_you_mean<'v>(
    word: &str,
    valid: &[&'v str],
    aliases: &[(&str, &str)],
) -> Option<&'v str> {
    let lower = word.to_lowercase();
    if let Some(v) = aliases
        .iter()
        .filter(|(alias, _)| *alias == lower)
        .find_map(|(_, to)| valid.iter().find(|v| *v == to))
    {
        return Some(v);
    }
    let by_distance = valid
        .iter()
        .map(|v| (edit_distance(&lower, v), *v))
        .filter(|(d, v)| *d <= (v.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v);
    by_distance.or_else(|| {
        valid
            .iter()
            .copied()
            .find(|v| lower.len() >= 3 && (v.starts_with(&lower) || lower.starts_with(*v)))
    })
}

fn unknown(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str, on_field: bool) {
    let (valid, place, other_place, other_keys) = if on_field {
        (FIELD_KEYS, "a field", "on the struct", STRUCT_KEYS)
    } else {
        (STRUCT_KEYS, "the struct", "on a field", FIELD_KEYS)
    };
    let hint = if other_keys.contains(&key) {
        format!(": `{key}` goes {other_place}")
    } else if ["nullable", "null", "not_null", "optional", "required"].contains(&key) {
        ": nullability comes from the field's type (`Option<T>` is a nullable column, any other type is NOT NULL)".to_owned()
    } else if ["type", "sql_type", "column_type", "db_type"].contains(&key) {
        ": the column type comes from the field's Rust type".to_owned()
    } else if let Some(good) = did_you_mean(key, valid, ALIASES) {
        format!(": did you mean `{good}`?")
    } else {
        String::new()
    };
    cx.error(
        &meta.path,
        format!(
            "unknown covet attribute `{key}` on {place}{hint}\nhelp: the valid keys here are: {}",
            valid.join(", ")
        ),
    );
}

/// A key that takes no value: reports `key = ...` or `key(...)` and goes on as if it were bare.
fn flag(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<Span> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        cx.error(
            &meta.path,
            format!("`{key}` takes no value\nhelp: write just `{key}`, e.g. #[covet({key})]"),
        );
        skip_value(meta)?;
    }
    Ok(span_of(meta))
}

/// The expression after `key =`; a missing `=` is reported with `example`.
fn value(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<Expr>> {
    if !meta.input.peek(Token![=]) {
        cx.error(
            &meta.path,
            format!("`{key}` needs a value\nhelp: write `{example}`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    Ok(Some(meta.value()?.parse()?))
}

fn as_lit(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(ExprLit { lit, attrs }) if attrs.is_empty() => Some(lit),
        // A `$x:literal` of a `macro_rules!` arrives wrapped in an invisible group.
        Expr::Group(g) if g.attrs.is_empty() => as_lit(&g.expr),
        _ => None,
    }
}

/// `key = "text"`.
fn lit_str(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<LitStr>> {
    let Some(expr) = value(cx, meta, key, example)? else {
        return Ok(None);
    };
    if let Some(Lit::Str(s)) = as_lit(&expr) {
        return Ok(Some(s.clone()));
    }
    cx.error(
        &expr,
        format!("`{key}` takes a string literal\nhelp: write `{example}`"),
    );
    Ok(None)
}

/// `key = 123`.
fn lit_int(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<LitInt>> {
    let Some(expr) = value(cx, meta, key, example)? else {
        return Ok(None);
    };
    if let Some(Lit::Int(n)) = as_lit(&expr) {
        return Ok(Some(n.clone()));
    }
    cx.error(
        &expr,
        format!("`{key}` takes an integer literal\nhelp: write `{example}`"),
    );
    Ok(None)
}

/// `key = some::path`. A quoted path is reported, with the fix, and kept, so the rest of the
/// field's attributes are checked as if it had been written right. `takes` says what the path
/// names.
fn path_value(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
    takes: &str,
) -> syn::Result<Option<Path>> {
    let Some(expr) = value(cx, meta, key, example)? else {
        return Ok(None);
    };
    match &expr {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => Ok(Some(p.path.clone())),
        _ => {
            let unquoted = match as_lit(&expr) {
                Some(Lit::Str(s)) => s.parse::<Path>().ok(),
                _ => None,
            };
            let help = match &unquoted {
                Some(p) => format!("write it without quotes: `{key} = {}`", quote::quote!(#p)),
                None => format!("write `{example}`"),
            };
            cx.error(&expr, format!("`{key}` takes {takes}\nhelp: {help}"));
            Ok(unquoted)
        }
    }
}

/// `references = Model`.
fn model_path(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Path>> {
    let takes = "the name of a model struct (a path, not a string)";
    path_value(cx, meta, "references", "references = Artist", takes)
}

/// `min = 0`, `max = -1.5`: a number literal, maybe negated.
fn number(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<NumLit>> {
    let Some(expr) = value(cx, meta, key, example)? else {
        return Ok(None);
    };
    let (negative, inner) = match &expr {
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => (true, u.expr.as_ref()),
        e => (false, e),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    let parsed = match as_lit(inner) {
        Some(Lit::Int(n)) => n.base10_parse::<i128>().ok().map(|v| {
            let v = if negative { -v } else { v };
            (v as f64, Some(v))
        }),
        Some(Lit::Float(x)) => x.base10_parse::<f64>().ok().map(|v| (sign * v, None)),
        _ => None,
    };
    let Some((value, int)) = parsed.filter(|(v, _)| v.is_finite()) else {
        cx.error(
            &expr,
            format!("`{key}` takes a number literal\nhelp: write `{example}` (or `{key} = -1.5`)"),
        );
        return Ok(None);
    };
    Ok(Some(NumLit { value, int, expr }))
}

/// `validate = path::to::function`.
fn fn_path(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Path>> {
    let takes = "the path of a function `fn(&FieldType) -> Result<(), E: Display>`";
    let example = "validate = crate::rules::no_profanity";
    path_value(cx, meta, "validate", example, takes)
}

/// Parses the struct's `#[covet(...)]` attributes.
pub(crate) fn struct_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> StructAttrs {
    let mut out = StructAttrs::default();
    let mut seen = Seen(Vec::new());
    for attr in covet_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            match key.as_str() {
                "table" if seen.first_time(cx, &meta, "table") => {
                    out.table = lit_str(cx, &meta, "table", "table = \"albums\"")?;
                }
                "table" => skip_value(&meta)?,
                "renamed_from" if seen.first_time(cx, &meta, "renamed_from") => {
                    out.renamed_from =
                        lit_str(cx, &meta, "renamed_from", "renamed_from = \"old_table\"")?;
                }
                "renamed_from" => skip_value(&meta)?,
                "index" | "unique" => {
                    if let Some(index) = index(cx, &meta, &key)? {
                        out.indexes.push(index);
                    }
                }
                _ => {
                    unknown(cx, &meta, &key, false);
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.push(e);
        }
    }
    out
}

/// `index(a, b)` or `unique(a, b)` on the struct.
fn index(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<Option<IndexAttr>> {
    if !meta.input.peek(syn::token::Paren) {
        cx.error(
            &meta.path,
            format!(
                "`{key}` on the struct lists the fields it covers, e.g. `{key}(artist_id, title)`\nhelp: for a one-column {what}, put #[covet({key})] on that field instead",
                what = if key == "unique" { "unique constraint" } else { "index" },
            ),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let names = Punctuated::<Path, Token![,]>::parse_terminated(&content)?;
    let mut fields = Vec::new();
    for name in &names {
        match name.get_ident() {
            Some(ident) => fields.push(ident.clone()),
            None => cx.error(
                name,
                format!("expected a field name\nhelp: write `{key}(field_a, field_b)`"),
            ),
        }
    }
    Ok(Some(IndexAttr {
        fields,
        unique: key == "unique",
        span: span_of(meta),
    }))
}

/// Parses one field's `#[covet(...)]` attributes.
pub(crate) fn field_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    let mut seen = Seen(Vec::new());
    for attr in covet_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            if !FIELD_KEYS.contains(&key.as_str()) {
                unknown(cx, &meta, &key, true);
                return skip_value(&meta);
            }
            if !seen.first_time(cx, &meta, &key) {
                return skip_value(&meta);
            }
            match key.as_str() {
                "primary_key" => out.primary_key = Some(flag(cx, &meta, &key)?),
                "auto_increment" => out.auto_increment = Some(flag(cx, &meta, &key)?),
                "unique" => out.unique = Some(flag(cx, &meta, &key)?),
                "index" => out.index = Some(flag(cx, &meta, &key)?),
                "rename" => out.rename = lit_str(cx, &meta, &key, "rename = \"column_name\"")?,
                "default" => out.default = lit_str(cx, &meta, &key, "default = \"0\"")?,
                "max_length" => out.max_length = lit_int(cx, &meta, &key, "max_length = 160")?,
                "precision" => out.precision = lit_int(cx, &meta, &key, "precision = 10")?,
                "scale" => out.scale = lit_int(cx, &meta, &key, "scale = 2")?,
                "references" => out.references = model_path(cx, &meta)?,
                "on_delete" => out.on_delete = fk_action(cx, &meta, &key)?,
                "on_update" => out.on_update = fk_action(cx, &meta, &key)?,
                "renamed_from" => {
                    out.renamed_from = lit_str(cx, &meta, &key, "renamed_from = \"old_column\"")?;
                }
                "min_length" => out.min_length = lit_int(cx, &meta, &key, "min_length = 3")?,
                "min" => out.min = number(cx, &meta, &key, "min = 0")?,
                "max" => out.max = number(cx, &meta, &key, "max = 100")?,
                "pattern" => {
                    out.pattern = lit_str(cx, &meta, &key, "pattern = \"^[a-z0-9_]+$\"")?;
                }
                "email" => out.email = Some(flag(cx, &meta, &key)?),
                "validate" => out.validate = fn_path(cx, &meta)?,
                "created_at" => out.created_at = Some(flag(cx, &meta, &key)?),
                "updated_at" => out.updated_at = Some(flag(cx, &meta, &key)?),
                "version" => out.version = Some(flag(cx, &meta, &key)?),
                "soft_delete" => out.soft_delete = Some(flag(cx, &meta, &key)?),
                "sensitive" => out.sensitive = Some(flag(cx, &meta, &key)?),
                _ => {} // every key of FIELD_KEYS is matched above
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.push(e);
        }
    }
    out
}

fn fk_action(
    cx: &mut Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
) -> syn::Result<Option<(FkAction, Ident)>> {
    let example = format!("{key} = cascade");
    let Some(expr) = value(cx, meta, key, &example)? else {
        return Ok(None);
    };
    let ident = match &expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident(),
        _ => None,
    };
    let Some(ident) = ident else {
        cx.error(
            &expr,
            format!(
                "`{key}` takes one of: {}, written without quotes\nhelp: write `{example}`",
                ACTIONS.join(", ")
            ),
        );
        return Ok(None);
    };
    let action = match ident.to_string().as_str() {
        "cascade" => FkAction::Cascade,
        "restrict" => FkAction::Restrict,
        "set_null" => FkAction::SetNull,
        "set_default" => FkAction::SetDefault,
        "no_action" => FkAction::NoAction,
        other => {
            let hint = did_you_mean(other, ACTIONS, ACTION_ALIASES)
                .map_or_else(String::new, |good| format!(": did you mean `{good}`?"));
            cx.error(
                ident,
                format!(
                    "unknown foreign-key action `{other}`{hint}\nhelp: use one of: {}",
                    ACTIONS.join(", ")
                ),
            );
            return Ok(None);
        }
    };
    Ok(Some((action, ident.clone())))
}

#[cfg(test)]
mod tests {
    use super::{
        ACTION_ALIASES, ACTIONS, ALIASES, FIELD_KEYS, STRUCT_KEYS, did_you_mean, edit_distance,
    };

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("unique", "unique"), 0);
        assert_eq!(edit_distance("uniqe", "unique"), 1);
        assert_eq!(edit_distance("primarykey", "primary_key"), 1);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("max_len", FIELD_KEYS, ALIASES),
            Some("max_length")
        );
        assert_eq!(
            did_you_mean("primary", FIELD_KEYS, ALIASES),
            Some("primary_key")
        );
        assert_eq!(
            did_you_mean("autoincrement", FIELD_KEYS, ALIASES),
            Some("auto_increment")
        );
        assert_eq!(did_you_mean("name", STRUCT_KEYS, ALIASES), Some("table"));
        assert_eq!(did_you_mean("name", FIELD_KEYS, ALIASES), Some("rename"));
        assert_eq!(did_you_mean("Unique", FIELD_KEYS, ALIASES), Some("unique"));
        assert_eq!(
            did_you_mean("setnull", ACTIONS, ACTION_ALIASES),
            Some("set_null")
        );
        assert_eq!(
            did_you_mean("delete", ACTIONS, ACTION_ALIASES),
            Some("cascade")
        );
        assert_eq!(did_you_mean("zebra", FIELD_KEYS, ALIASES), None);
    }
}
