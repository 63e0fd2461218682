//! The columns covet maintains: `created_at` / `updated_at`, `version`, `soft_delete`, and the
//! `sensitive` marks. Each role's type is checked once, in one small generated function (or
//! assertion) spanned at the attribute, which the rest of the expansion calls: a wrong type is
//! one error at the user's key, not one per use.

use super::private;
use crate::ast::{Field, Model, Role};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned};

fn at_fn(f: &Field<'_>) -> Ident {
    format_ident!("__covet_at_{}", f.name())
}

fn version_fn() -> Ident {
    format_ident!("__covet_version")
}

/// The helper functions and assertions, placed beside the impls in the expansion's `const`.
pub(crate) fn helpers(model: &Model<'_>) -> TokenStream {
    let p = private();
    let mut out = TokenStream::new();
    for f in &model.fields {
        let ty = f.ty;
        for (role, span) in f.roles() {
            out.extend(match role {
                Role::CreatedAt | Role::UpdatedAt => {
                    let name = at_fn(f);
                    quote_spanned! {span=>
                        fn #name(__now: #p::DateTime<#p::Utc>) -> #ty {
                            <#ty as #p::TimestampField>::at(__now)
                        }
                    }
                }
                Role::Version => {
                    let name = version_fn();
                    quote_spanned! {span=>
                        fn #name(__current: ::core::option::Option<&#ty>) -> #ty {
                            match __current {
                                ::core::option::Option::Some(__v) => <#ty as #p::VersionField>::next(__v),
                                ::core::option::Option::None => <#ty as #p::VersionField>::INITIAL,
                            }
                        }
                    }
                }
                Role::SoftDelete => quote_spanned! {span=>
                    const _: () = #p::assert_soft_delete::<#ty>();
                },
            });
        }
        if let Some(span) = f.attrs.sensitive {
            out.extend(quote_spanned! {span=>
                const _: () = #p::assert_sensitive::<#ty>();
            });
        }
    }
    out
}

/// The role consts of `impl Model`, for the roles the model has (the others keep the trait's
/// defaults).
pub(crate) fn consts(model: &Model<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    let roles = [
        (Role::SoftDelete, quote!(SOFT_DELETE)),
        (Role::Version, quote!(VERSION)),
        (Role::UpdatedAt, quote!(UPDATED_AT)),
    ];
    for (role, name) in roles {
        if let Some(f) = model.role_field(role) {
            let column = &f.column.value;
            out.extend(quote! {
                const #name: ::core::option::Option<&'static str> = ::core::option::Option::Some(#column);
            });
        }
    }
    let sensitive: Vec<_> = model
        .fields
        .iter()
        .filter(|f| f.attrs.sensitive.is_some())
        .map(|f| &f.column.value)
        .collect();
    if !sensitive.is_empty() {
        out.extend(quote!(const SENSITIVE: &'static [&'static str] = &[#(#sensitive),*];));
    }
    out
}

/// The value an insert writes for field `f`, read from the insert struct `self` unless covet
/// fills it.
pub(crate) fn insert_value(f: &Field<'_>) -> TokenStream {
    let p = private();
    let (fi, ty) = (f.ident, f.ty);
    let value = match f.role() {
        None => quote!(self.#fi),
        Some(Role::CreatedAt | Role::UpdatedAt) => {
            let at = at_fn(f);
            quote!(#at(__now))
        }
        Some(Role::Version) => {
            let version = version_fn();
            quote!(#version(::core::option::Option::None))
        }
        Some(Role::SoftDelete) => {
            return quote!(#p::Value::Null(<#ty as #p::Field>::SQL_TYPE));
        }
    };
    quote!(<#ty as #p::Field>::into_value(#value))
}

/// The value the update by key writes for field `f`: the model's own, or the time of the
/// update for `updated_at`.
pub(crate) fn update_value(f: &Field<'_>) -> TokenStream {
    let p = private();
    let (fi, ty) = (f.ident, f.ty);
    let value = if f.role() == Some(Role::UpdatedAt) {
        let at = at_fn(f);
        quote!(#at(__now))
    } else {
        quote!(::core::clone::Clone::clone(&self.#fi))
    };
    quote!(<#ty as #p::Field>::into_value(#value))
}

/// `after_update`: what the database did to covet's columns, done to the model.
pub(crate) fn after_update(model: &Model<'_>) -> TokenStream {
    let p = private();
    let mut body = TokenStream::new();
    if let Some(f) = model.role_field(Role::UpdatedAt) {
        let (fi, at) = (f.ident, at_fn(f));
        body.extend(quote!(self.#fi = #at(__now);));
    }
    if let Some(f) = model.role_field(Role::Version) {
        let (fi, version) = (f.ident, version_fn());
        body.extend(quote!(self.#fi = #version(::core::option::Option::Some(&self.#fi));));
    }
    if body.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn after_update(&mut self, __now: #p::DateTime<#p::Utc>) {
            #body
        }
    }
}

/// `impl SoftDelete` for a soft-delete model.
pub(crate) fn soft_delete_impl(model: &Model<'_>) -> TokenStream {
    let Some(f) = model.role_field(Role::SoftDelete) else {
        return TokenStream::new();
    };
    let p = private();
    let (ident, fi) = (model.ident, f.ident);
    quote! {
        #[automatically_derived]
        impl #p::SoftDelete for #ident {
            fn is_deleted(&self) -> bool {
                ::core::option::Option::is_some(&self.#fi)
            }
            fn mark_live(&mut self) {
                self.#fi = ::core::option::Option::None;
            }
        }
    }
}

/// Whether an insert needs the time (`let __now = ...`).
pub(crate) fn insert_needs_now(model: &Model<'_>) -> bool {
    model
        .inserted_fields()
        .any(|f| matches!(f.role(), Some(Role::CreatedAt | Role::UpdatedAt)))
}
