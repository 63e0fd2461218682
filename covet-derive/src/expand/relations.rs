//! Relation handles: `Artist::ALBUMS: Relation<Artist, Album, ..>`, the relation fields'
//! initial (not loaded) values, and the compile-time checks of each relation's types.

use super::{private, private_at};
use crate::ast::{Model, RelationField};
use crate::relation_attr::Kind;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// `impl Album { pub const ARTIST: ...; }`.
pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    if model.relations.is_empty() {
        return TokenStream::new();
    }
    let ident = model.ident;
    let consts = model.relations.iter().map(|r| handle(model, r));
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#consts)*
        }
    }
}

/// The fields of `Self { .. }` in `from_row`: every relation starts out not loaded.
pub(crate) fn initial_values(model: &Model<'_>) -> Vec<TokenStream> {
    model
        .relations
        .iter()
        .map(|r| {
            let fi = r.ident;
            quote!(#fi: ::core::default::Default::default())
        })
        .collect()
}

/// `Self` in a relation means the model itself; free `const`s need its name.
fn target_of(model: &Model<'_>, path: &syn::Path) -> TokenStream {
    if path.is_ident("Self") {
        let ident = model.ident;
        quote_spanned!(path.span()=> #ident)
    } else {
        quote!(#path)
    }
}

/// `<Target as Model>::Key`, spanned at the user's path so that "not a model" points there.
fn key_of(target: &TokenStream, span: proc_macro2::Span) -> TokenStream {
    let p = private_at(span);
    quote_spanned!(span=> <#target as #p::Model>::Key)
}

/// `Model::FIELD` (a column constant), spanned at the user's field name so that a field that
/// does not exist is reported there.
fn column_of(model_path: &TokenStream, field: &syn::Ident) -> TokenStream {
    let name = syn::Ident::new(
        &field.to_string().trim_start_matches("r#").to_uppercase(),
        field.span(),
    );
    quote_spanned!(field.span()=> #model_path::#name)
}

fn handle(model: &Model<'_>, r: &RelationField<'_>) -> TokenStream {
    let p = private();
    let ident = model.ident;
    let this = quote!(#ident);
    let rel = &r.relation;
    let (name, fi, ty) = (r.ident.to_string(), r.ident, r.ty);
    let const_ident = r.const_ident();
    let target = target_of(model, &rel.target);
    let target_span = rel.target.span();
    let target_key = key_of(&target, target_span);
    let own_key = key_of(&this, ident.span());
    let fk_column = |owner: &TokenStream, field: &syn::Ident, key: &TokenStream| {
        let column = column_of(owner, field);
        let p = private_at(field.span());
        quote_spanned!(field.span()=> #p::foreign_key_column::<#owner, _, #key>(#column))
    };
    let none = quote!(#p::None);
    let (kind, key, foreign_key, through, parent_key, set_fk) = match (rel.kind, &rel.foreign_key) {
        (Kind::BelongsTo, Some(fk)) => (
            quote!(BelongsTo),
            target_key.clone(),
            fk_column(&this, fk, &target_key),
            none.clone(),
            {
                let fp = private_at(fk.span());
                quote_spanned!(fk.span()=> |__m: &#ident| #fp::ForeignKey::<#target_key>::foreign_key(&__m.#fk))
            },
            none.clone(),
        ),
        (Kind::HasMany | Kind::HasOne, Some(fk)) => {
            let set = quote_spanned! {fk.span()=>
                #p::Some(|__new: &mut dyn #p::Any, __key: #own_key| {
                    if let #p::Some(__new) = __new.downcast_mut::<<#target as #p::Model>::New>() {
                        #p::ForeignKey::<#own_key>::set_foreign_key(&mut __new.#fk, __key);
                    }
                })
            };
            let kind = if rel.kind == Kind::HasMany {
                quote!(HasMany)
            } else {
                quote!(HasOne)
            };
            (
                kind,
                own_key.clone(),
                fk_column(&target, fk, &own_key),
                none.clone(),
                quote!(#p::own_key::<#ident>),
                set,
            )
        }
        _ => {
            // many_to_many: the parser only lets it through with all three keys.
            let (Some(join), Some(source), Some(target_field)) =
                (&rel.through, &rel.source, &rel.target_key)
            else {
                return TokenStream::new();
            };
            let join = target_of(model, join);
            let join_p = private_at(join.span());
            let source = fk_column(&join, source, &own_key);
            let target_column = fk_column(&join, target_field, &target_key);
            let through = quote! {
                #p::Some(#p::Through {
                    table: <#join as #join_p::Model>::SCHEMA.name,
                    source: #source,
                    target: #target_column,
                    soft_delete: <#join as #join_p::Model>::SOFT_DELETE,
                })
            };
            (
                quote!(ManyToMany),
                own_key.clone(),
                quote!(""),
                through,
                quote!(#p::own_key::<#ident>),
                none.clone(),
            )
        }
    };
    let doc = format!(
        "Relation `{name}` ({}): load it with `.with(...)` or `load(...)`, filter parents with `.any(...)`.",
        rel.kind.key()
    );
    quote! {
        #[doc = #doc]
        pub const #const_ident: #p::Relation<#ident, #target, #key, #ty> =
            #p::Relation::new(#p::RelationDef {
                name: #name,
                kind: #p::RelationKind::#kind,
                foreign_key: #foreign_key,
                through: #through,
                parent_key: #parent_key,
                slot: |__m: &mut #ident| &mut __m.#fi,
                set_foreign_key: #set_fk,
                _target: #p::PhantomData,
            });
    }
}

/// The checks only the compiler can make: the keys matched are one-column keys, and the
/// field's type stores the relation's target.
pub(crate) fn assertions(model: &Model<'_>) -> TokenStream {
    let p = private();
    let ident = model.ident;
    let this = quote!(#ident);
    let mut out = TokenStream::new();
    for r in &model.relations {
        let target = target_of(model, &r.relation.target);
        let span = r.relation.target.span();
        let target_key = key_of(&target, span);
        let own_key = key_of(&this, ident.span());
        let key = match r.relation.kind {
            Kind::BelongsTo => target_key.clone(),
            _ => own_key,
        };
        let ty = r.ty;
        out.extend(quote_spanned! {span=>
            const _: () = #p::assert_relation_key::<#key>();
        });
        if r.relation.kind == Kind::ManyToMany {
            out.extend(quote_spanned! {span=>
                const _: () = #p::assert_relation_key::<#target_key>();
            });
        }
        out.extend(quote_spanned! {ty.span()=>
            const _: () = #p::assert_slot::<#ty, #target>();
        });
    }
    out
}
