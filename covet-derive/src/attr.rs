//! Parses `#[covet(...)]` on the struct and on its fields. Unknown and repeated keys are
//! reported (with the list of valid keys) and parsing goes on, so every mistake shows at once.

use crate::ctxt::Ctxt;
use covet_sql::schema::FkAction;
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Ident, LitInt, LitStr, Path, Token};

const STRUCT_KEYS: &[&str] = &["table", "index", "unique"];
const FIELD_KEYS: &[&str] = &[
    "primary_key",
    "auto_increment",
    "rename",
    "unique",
    "index",
    "default",
    "max_length",
    "references",
    "on_delete",
    "on_update",
];
const ACTIONS: &str = "cascade, restrict, set_null, set_default, no_action";

/// `#[covet(...)]` on the struct.
#[derive(Default)]
pub(crate) struct StructAttrs {
    pub(crate) table: Option<LitStr>,
    pub(crate) indexes: Vec<IndexAttr>,
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
    pub(crate) references: Option<Path>,
    pub(crate) on_delete: Option<(FkAction, Ident)>,
    pub(crate) on_update: Option<(FkAction, Ident)>,
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
    path.get_ident()
        .map_or_else(|| quote::quote!(#path).to_string().replace(' ', ""), Ident::to_string)
}

/// Consumes whatever value follows an unknown or repeated key, so parsing can go on.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

fn unknown(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, key: &str, valid: &[&str], place: &str) {
    cx.error(
        &meta.path,
        format!(
            "unknown covet attribute `{key}` on a {place}\nhelp: the valid keys here are: {}",
            valid.join(", ")
        ),
    );
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
                    out.table = Some(meta.value()?.parse()?);
                }
                "index" | "unique" => {
                    let span = meta.path.get_ident().map_or_else(Span::call_site, Ident::span);
                    let mut fields = Vec::new();
                    meta.parse_nested_meta(|inner| {
                        match inner.path.get_ident() {
                            Some(ident) => fields.push(ident.clone()),
                            None => cx.error(&inner.path, "expected a field name"),
                        }
                        Ok(())
                    })?;
                    out.indexes.push(IndexAttr {
                        fields,
                        unique: key == "unique",
                        span,
                    });
                }
                "table" => skip_value(&meta)?,
                _ => {
                    unknown(cx, &meta, &key, STRUCT_KEYS, "struct");
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

/// Parses one field's `#[covet(...)]` attributes.
pub(crate) fn field_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    let mut seen = Seen(Vec::new());
    for attr in covet_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            if !FIELD_KEYS.contains(&key.as_str()) {
                unknown(cx, &meta, &key, FIELD_KEYS, "field");
                return skip_value(&meta);
            }
            if !seen.first_time(cx, &meta, &key) {
                return skip_value(&meta);
            }
            let span = meta.path.get_ident().map_or_else(Span::call_site, Ident::span);
            match key.as_str() {
                "primary_key" => out.primary_key = Some(span),
                "auto_increment" => out.auto_increment = Some(span),
                "unique" => out.unique = Some(span),
                "index" => out.index = Some(span),
                "rename" => out.rename = Some(meta.value()?.parse()?),
                "default" => out.default = Some(meta.value()?.parse()?),
                "max_length" => out.max_length = Some(meta.value()?.parse()?),
                "references" => out.references = Some(meta.value()?.parse()?),
                "on_delete" => out.on_delete = fk_action(cx, &meta)?,
                "on_update" => out.on_update = fk_action(cx, &meta)?,
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

fn fk_action(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<(FkAction, Ident)>> {
    let ident: Ident = meta.value()?.parse()?;
    let action = match ident.to_string().as_str() {
        "cascade" => FkAction::Cascade,
        "restrict" => FkAction::Restrict,
        "set_null" => FkAction::SetNull,
        "set_default" => FkAction::SetDefault,
        "no_action" => FkAction::NoAction,
        other => {
            cx.error(
                &ident,
                format!("unknown foreign-key action `{other}`\nhelp: use one of: {ACTIONS}"),
            );
            return Ok(None);
        }
    };
    Ok(Some((action, ident)))
}
