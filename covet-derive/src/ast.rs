//! The typed IR of a model. Built once from syn's input; checks and code generation read only
//! this, never raw syn.

use crate::attr::{self, FieldAttrs, IndexAttr};
use crate::ctxt::Ctxt;
use crate::relation_attr::{self, RelationAttr};
use covet_sql::schema::FkAction;
use proc_macro2::Span;
use syn::ext::IdentExt as _;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Path, Type, Visibility};

/// A name together with the token it came from, so errors point at that token.
pub(crate) struct Named {
    pub(crate) value: String,
    pub(crate) span: Span,
}

impl Named {
    fn from_lit(lit: &LitStr) -> Self {
        Self {
            value: lit.value(),
            span: lit.span(),
        }
    }
}

/// A model struct.
pub(crate) struct Model<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a Visibility,
    pub(crate) generics: &'a syn::Generics,
    pub(crate) table: Named,
    pub(crate) fields: Vec<Field<'a>>,
    pub(crate) indexes: Vec<IndexAttr>,
    /// The table's previous name, for covet-migrate.
    pub(crate) renamed_from: Option<Named>,
    /// The relation fields: not columns; they hold what eager loading loads.
    pub(crate) relations: Vec<RelationField<'a>>,
}

/// The associated constant named after a field: `ARTIST_ID` for `artist_id` (and for
/// `r#artist_id`), spanned on the field so that errors point at it.
fn const_ident(field: &Ident) -> Ident {
    let name = field.to_string().trim_start_matches("r#").to_uppercase();
    Ident::new(&name, field.span())
}

/// A field that holds a relation (`albums: HasMany<Album>`).
pub(crate) struct RelationField<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) relation: RelationAttr,
}

impl RelationField<'_> {
    /// `ALBUMS` for `albums`.
    pub(crate) fn const_ident(&self) -> Ident {
        const_ident(self.ident)
    }
}

/// One field, which is one column.
pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) vis: &'a Visibility,
    pub(crate) column: Named,
    pub(crate) attrs: FieldAttrs,
    /// The column's previous name, for covet-migrate.
    pub(crate) renamed_from: Option<Named>,
}

/// A column covet maintains on writes; such a field is not in the insert struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Set to the time of the insert.
    CreatedAt,
    /// Set to the time of the insert and of every update.
    UpdatedAt,
    /// Optimistic locking: 1 on insert, checked and incremented by every update.
    Version,
    /// NULL while the row lives; set by delete.
    SoftDelete,
}

impl Role {
    pub(crate) const ALL: [Role; 4] = [
        Role::CreatedAt,
        Role::UpdatedAt,
        Role::Version,
        Role::SoftDelete,
    ];

    /// The attribute key.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Role::CreatedAt => "created_at",
            Role::UpdatedAt => "updated_at",
            Role::Version => "version",
            Role::SoftDelete => "soft_delete",
        }
    }
}

/// A foreign key as the IR sees it.
pub(crate) struct Reference<'a> {
    pub(crate) model: &'a Path,
    pub(crate) on_delete: FkAction,
    pub(crate) on_update: FkAction,
}

impl<'a> Model<'a> {
    /// Builds the IR; problems go to `cx`, and `None` means there is no struct to speak of.
    pub(crate) fn from_input(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let Data::Struct(data) = &input.data else {
            cx.error(
                &input.ident,
                "#[derive(Model)] works on structs with named fields\nhelp: one field per column, e.g. `struct Album { id: i64, title: String }`",
            );
            return None;
        };
        let Fields::Named(named) = &data.fields else {
            cx.error(
                &input.ident,
                "#[derive(Model)] needs named fields: each field is a column\nhelp: write `struct Album { id: i64, ... }`",
            );
            return None;
        };
        let attrs = attr::struct_attrs(cx, &input.attrs);
        let table = attrs.table.as_ref().map_or_else(
            || Named {
                value: snake_case(&input.ident.unraw().to_string()),
                span: input.ident.span(),
            },
            Named::from_lit,
        );
        let mut relations = Vec::new();
        for f in named
            .named
            .iter()
            .filter(|f| relation_attr::is_relation(&f.attrs))
        {
            let (Some(ident), Some(relation)) =
                (f.ident.as_ref(), relation_attr::relation_attr(cx, &f.attrs))
            else {
                continue;
            };
            relations.push(RelationField {
                ident,
                ty: &f.ty,
                relation,
            });
        }
        let fields = named
            .named
            .iter()
            .filter(|f| !relation_attr::is_relation(&f.attrs))
            .filter_map(|f| {
                let ident = f.ident.as_ref()?;
                let attrs = attr::field_attrs(cx, &f.attrs);
                let column = attrs.rename.as_ref().map_or_else(
                    || Named {
                        value: ident.to_string().trim_start_matches("r#").to_owned(),
                        span: ident.span(),
                    },
                    Named::from_lit,
                );
                let renamed_from = attrs.renamed_from.as_ref().map(Named::from_lit);
                Some(Field {
                    ident,
                    ty: &f.ty,
                    vis: &f.vis,
                    column,
                    attrs,
                    renamed_from,
                })
            })
            .collect();
        Some(Model {
            ident: &input.ident,
            vis: &input.vis,
            generics: &input.generics,
            table,
            fields,
            renamed_from: attrs.renamed_from.as_ref().map(Named::from_lit),
            indexes: attrs.indexes,
            relations,
        })
    }

    /// The primary-key fields, in declaration order.
    pub(crate) fn key_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.attrs.primary_key.is_some())
    }

    /// The fields the caller provides: the insert struct's fields (neither generated by the
    /// database nor maintained by covet).
    pub(crate) fn insert_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.inserted_fields()
            .filter(|f| f.roles().next().is_none())
    }

    /// The fields an `INSERT` writes: every one the database does not generate.
    pub(crate) fn inserted_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields
            .iter()
            .filter(|f| f.attrs.auto_increment.is_none())
    }

    /// The (first) field with `role`.
    pub(crate) fn role_field(&self, role: Role) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.role() == Some(role))
    }

    /// The field mapped to column `name`.
    pub(crate) fn field_by_column(&self, name: &str) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.column.value == name)
    }

    /// Whether the database generates the key.
    pub(crate) fn has_generated_key(&self) -> bool {
        self.fields.iter().any(|f| f.attrs.auto_increment.is_some())
    }

    /// The field a Rust identifier names.
    pub(crate) fn field(&self, ident: &Ident) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.ident == ident)
    }

    /// `NewAlbum` for `Album`.
    pub(crate) fn new_ident(&self) -> Ident {
        // `unraw`: `struct r#match` gives `Newmatch`, not the invalid `Newr#match`.
        Ident::new(&format!("New{}", self.ident.unraw()), self.ident.span())
    }
}

impl Field<'_> {
    /// The foreign key this field declares, if any.
    pub(crate) fn reference(&self) -> Option<Reference<'_>> {
        let model = self.attrs.references.as_ref()?;
        Some(Reference {
            model,
            on_delete: self
                .attrs
                .on_delete
                .as_ref()
                .map_or_else(FkAction::default, |a| a.0),
            on_update: self
                .attrs
                .on_update
                .as_ref()
                .map_or_else(FkAction::default, |a| a.0),
        })
    }

    /// The roles this field was given, each with the span of its key.
    pub(crate) fn roles(&self) -> impl Iterator<Item = (Role, Span)> + '_ {
        let a = &self.attrs;
        [a.created_at, a.updated_at, a.version, a.soft_delete]
            .into_iter()
            .zip(Role::ALL)
            .filter_map(|(span, role)| span.map(|s| (role, s)))
    }

    /// The field's role (the first, when several were given: that is an error reported by
    /// the checks).
    pub(crate) fn role(&self) -> Option<Role> {
        self.roles().next().map(|(r, _)| r)
    }

    /// Whether the field has validation rules.
    pub(crate) fn has_rules(&self) -> bool {
        let a = &self.attrs;
        a.max_length.is_some()
            || a.min_length.is_some()
            || a.min.is_some()
            || a.max.is_some()
            || a.pattern.is_some()
            || a.email.is_some()
            || a.validate.is_some()
    }

    /// The field name without `r#`.
    pub(crate) fn name(&self) -> String {
        self.ident.to_string().trim_start_matches("r#").to_owned()
    }

    /// `ARTIST_ID` for `artist_id`.
    pub(crate) fn const_ident(&self) -> Ident {
        const_ident(self.ident)
    }

    /// Whether the type is written as `Option<...>` (used only for messages and `set_null`;
    /// nullability in the metadata comes from the type system).
    pub(crate) fn is_option(&self) -> bool {
        match self.ty {
            Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Option"),
            _ => false,
        }
    }
}

/// `MusicAlbum` → `music_album`: the default table name.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake_case() {
        assert_eq!(super::snake_case("MusicAlbum"), "music_album");
        assert_eq!(super::snake_case("Album"), "album");
    }
}
