//! Parses a relation field's `#[covet(...)]`: `has_many(Album, foreign_key = artist_id)`,
//! `has_one(..)`, `belongs_to(..)`, `many_to_many(Tag, through = AlbumTag, source = album_id,
//! target = tag_id)`. A relation field is not a column; it holds what eager loading loads.

use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::parse::ParseStream;
use syn::{Attribute, Ident, Path, Token};

/// The relation keys, as written.
pub(crate) const RELATION_KEYS: &[&str] = &["belongs_to", "has_many", "has_one", "many_to_many"];

/// The kind of a relation field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    BelongsTo,
    HasMany,
    HasOne,
    ManyToMany,
}

impl Kind {
    fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "belongs_to" => Self::BelongsTo,
            "has_many" => Self::HasMany,
            "has_one" => Self::HasOne,
            "many_to_many" => Self::ManyToMany,
            _ => return None,
        })
    }

    /// The attribute key.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::BelongsTo => "belongs_to",
            Self::HasMany => "has_many",
            Self::HasOne => "has_one",
            Self::ManyToMany => "many_to_many",
        }
    }

    /// The field type this kind is stored in.
    pub(crate) fn slot(self) -> &'static str {
        match self {
            Self::BelongsTo => "BelongsTo",
            Self::HasMany => "HasMany",
            Self::HasOne => "HasOne",
            Self::ManyToMany => "ManyToMany",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Self::BelongsTo => "belongs_to(Artist, foreign_key = artist_id)",
            Self::HasMany => "has_many(Album, foreign_key = artist_id)",
            Self::HasOne => "has_one(Profile, foreign_key = user_id)",
            Self::ManyToMany => {
                "many_to_many(Tag, through = AlbumTag, source = album_id, target = tag_id)"
            }
        }
    }

    fn keys(self) -> &'static [&'static str] {
        match self {
            Self::ManyToMany => &["through", "source", "target"],
            _ => &["foreign_key"],
        }
    }
}

/// One parsed relation attribute.
pub(crate) struct RelationAttr {
    pub(crate) kind: Kind,
    /// The target model.
    pub(crate) target: Path,
    /// belongs_to: a field of this model; has_many/has_one: a field of the target.
    pub(crate) foreign_key: Option<Ident>,
    /// many_to_many: the join model and its two key fields.
    pub(crate) through: Option<Path>,
    pub(crate) source: Option<Ident>,
    pub(crate) target_key: Option<Ident>,
}

/// Whether `attrs` declare a relation (the field is then not a column).
pub(crate) fn is_relation(attrs: &[Attribute]) -> bool {
    covet_attrs(attrs).any(|a| {
        let mut found = false;
        let _ = a.parse_nested_meta(|meta| {
            found |= RELATION_KEYS.iter().any(|k| meta.path.is_ident(k));
            skip(&meta)
        });
        found
    })
}

fn covet_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("covet"))
}

fn skip(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

/// Parses the one relation of a relation field; anything else in its `#[covet(...)]` is an
/// error, since the field is not a column.
pub(crate) fn relation_attr(cx: &mut Ctxt, attrs: &[Attribute]) -> Option<RelationAttr> {
    let mut out: Option<RelationAttr> = None;
    for attr in covet_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(Ident::to_string)
                .unwrap_or_default();
            let Some(kind) = Kind::from_key(&key) else {
                cx.error(
                    &meta.path,
                    format!(
                        "a relation field is not a column, so `{}` does not apply to it\nhelp: put column attributes on the foreign-key field; a relation field takes only one of: {}",
                        key,
                        RELATION_KEYS.join(", ")
                    ),
                );
                return skip(&meta);
            };
            if out.is_some() {
                cx.error(
                    &meta.path,
                    "a field holds one relation\nhelp: declare each relation on its own field",
                );
                return skip(&meta);
            }
            let span = meta.path.get_ident().map_or_else(Span::call_site, Ident::span);
            if !meta.input.peek(syn::token::Paren) {
                cx.error(
                    &meta.path,
                    format!("`{key}` names its target model and keys\nhelp: write `{}`", kind.example()),
                );
                return skip(&meta);
            }
            let content;
            syn::parenthesized!(content in meta.input);
            out = parse_body(cx, kind, span, &content)?;
            Ok(())
        });
        if let Err(e) = result {
            cx.push(e);
        }
    }
    out
}

fn parse_body(
    cx: &mut Ctxt,
    kind: Kind,
    span: Span,
    input: ParseStream<'_>,
) -> syn::Result<Option<RelationAttr>> {
    let target: Path = input.parse()?;
    let mut attr = RelationAttr {
        kind,
        target,
        foreign_key: None,
        through: None,
        source: None,
        target_key: None,
    };
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        let key: Ident = input.parse()?;
        input.parse::<Token![=]>()?;
        let value: Path = input.parse()?;
        let name = key.to_string();
        if !kind.keys().contains(&name.as_str()) {
            cx.error(
                &key,
                format!(
                    "unknown key `{name}` in `{}`\nhelp: write `{}`",
                    kind.key(),
                    kind.example()
                ),
            );
            continue;
        }
        let slot = match name.as_str() {
            "through" => {
                attr.through = Some(value);
                continue;
            }
            "foreign_key" => &mut attr.foreign_key,
            "source" => &mut attr.source,
            _ => &mut attr.target_key,
        };
        match value.get_ident() {
            Some(ident) if slot.is_none() => *slot = Some(ident.clone()),
            Some(_) => cx.error(&key, format!("duplicate `{name}`\nhelp: keep only one")),
            None => cx.error(
                &value,
                format!("`{name}` names a field\nhelp: write `{}`", kind.example()),
            ),
        }
    }
    let missing: Vec<&str> = kind
        .keys()
        .iter()
        .copied()
        .filter(|k| match *k {
            "foreign_key" => attr.foreign_key.is_none(),
            "through" => attr.through.is_none(),
            "source" => attr.source.is_none(),
            _ => attr.target_key.is_none(),
        })
        .collect();
    if !missing.is_empty() {
        cx.error_at(
            span,
            format!(
                "`{}` needs {}\nhelp: write `{}`",
                kind.key(),
                missing.join(", "),
                kind.example()
            ),
        );
        return Ok(None);
    }
    Ok(Some(attr))
}
