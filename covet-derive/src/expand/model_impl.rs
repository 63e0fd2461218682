//! `impl Model for Album` and `impl NewModel<Album> for NewAlbum`.

use super::{lifecycle, private, schema, statements, validate};
use crate::ast::Model;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let p = private();
    let ident = model.ident;
    let new_ident = model.new_ident();
    let schema = schema::expand(model);
    let statements = statements::expand(model);

    let key_fields: Vec<_> = model.key_fields().collect();
    let key_idents: Vec<_> = key_fields.iter().map(|f| f.ident).collect();
    let key_types: Vec<_> = key_fields.iter().map(|f| f.ty).collect();
    let (key_type, key_value) = match key_fields.as_slice() {
        [one] => {
            let (ty, fi) = (one.ty, one.ident);
            (quote!(#ty), quote!(::core::clone::Clone::clone(&self.#fi)))
        }
        _ => (
            quote!((#(#key_types,)*)),
            quote!((#(::core::clone::Clone::clone(&self.#key_idents),)*)),
        ),
    };

    let decode = model.fields.iter().enumerate().map(|(i, f)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> #fi: <#ty as #p::Field>::decode(__row, __at + #i)?)
    });

    // The update statement's columns, in the order the statement renderer wrote them, then
    // the key, then (for a versioned model) the version the row must still have.
    let shape = statements::shape(model);
    let set_values = shape
        .update_columns()
        .filter_map(|c| model.field_by_column(c.name))
        .chain(key_fields.iter().copied())
        .map(|f| {
            let value = lifecycle::update_value(f);
            quote_spanned!(f.ty.span()=> __out.push(#value);)
        });
    let version_value = model.role_field(crate::ast::Role::Version).map(|f| {
        let (fi, ty) = (f.ident, f.ty);
        quote!(__out.push(<#ty as #p::Field>::into_value(::core::clone::Clone::clone(&self.#fi)));)
    });

    let insert_values = model.inserted_fields().map(|f| {
        let value = lifecycle::insert_value(f);
        quote_spanned!(f.ty.span()=> __out.push(#value);)
    });
    let insert_now = lifecycle::insert_needs_now(model).then(|| quote!(let __now = #p::now();));
    let consts = lifecycle::consts(model);
    let after_update = lifecycle::after_update(model);
    let validate_model = validate::model_methods(model);
    let validate_new = validate::new_model_method(model);
    let new_key = if model.has_generated_key() {
        quote!(::core::option::Option::None)
    } else {
        let value = match key_idents.as_slice() {
            [one] => quote!(::core::clone::Clone::clone(&self.#one)),
            many => quote!((#(::core::clone::Clone::clone(&self.#many),)*)),
        };
        quote!(::core::option::Option::Some(#value))
    };
    let column_count = model.fields.len();
    let table_name = &model.table.value;
    let key_columns = model.key_fields().map(|k| &k.column.value);
    let unloaded = super::relations::initial_values(model);

    quote! {
        #[automatically_derived]
        impl #p::Model for #ident {
            type Key = #key_type;
            type New = #new_ident;
            const SCHEMA: #p::TableSchema = #schema;
            const TABLE_NAME: &'static ::core::primitive::str = #table_name;
            const KEY_COLUMNS: &'static [&'static ::core::primitive::str] = &[#(#key_columns),*];
            const STATEMENTS: &'static #p::FixedStatements = #statements;
            #consts

            fn from_row_at(__row: &#p::Row, __at: ::core::primitive::usize) -> #p::Result<Self> {
                ::core::result::Result::Ok(Self { #(#decode,)* #(#unloaded,)* })
            }

            fn key(&self) -> Self::Key {
                #key_value
            }

            fn push_update_values(&self, __out: &mut #p::Vec<#p::Value>, __now: #p::DateTime<#p::Utc>) {
                __out.reserve(#column_count);
                #(#set_values)*
                #version_value
            }

            #after_update
            #validate_model
        }

        #[automatically_derived]
        impl #p::NewModel<#ident> for #new_ident {
            fn push_values(self, __out: &mut #p::Vec<#p::Value>) {
                #insert_now
                #(#insert_values)*
            }

            #validate_new

            fn key(&self) -> ::core::option::Option<<#ident as #p::Model>::Key> {
                #new_key
            }
        }
    }
}
