//! The table's schema metadata as a `const TableSchema`.

use super::private;
use crate::ast::{Field, Model, Named};
use covet_sql::ident::derived_name;
use covet_sql::schema::FkAction;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let p = private();
    let table = &model.table.value;
    let model_name = model.ident.to_string();
    let columns = model.fields.iter().map(|f| column(model, f));
    let key: Vec<_> = model.key_fields().map(|f| &f.column.value).collect();
    let indexes = indexes(model);
    let foreign_keys = model.fields.iter().filter_map(|f| foreign_key(model, f));
    let renamed_from = optional_name(model.renamed_from.as_ref());
    let checks = super::validate::checks(model);
    quote! {
        #p::TableSchema {
            name: #table,
            model: #model_name,
            columns: &[#(#columns),*],
            primary_key: &[#(#key),*],
            indexes: &[#(#indexes),*],
            foreign_keys: &[#(#foreign_keys),*],
            // From the typed validation attributes `min`, `max` and `min_length` only.
            checks: &[#(#checks),*],
            renamed_from: #renamed_from,
        }
    }
}

fn optional_name(name: Option<&Named>) -> TokenStream {
    match name {
        Some(n) => {
            let value = &n.value;
            quote!(::core::option::Option::Some(#value))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn column(model: &Model<'_>, f: &Field<'_>) -> TokenStream {
    let _ = model;
    let p = private();
    let ty = f.ty;
    let name = &f.column.value;
    let field = f.ident.to_string().trim_start_matches("r#").to_owned();
    let auto_increment = f.attrs.auto_increment.is_some();
    let default = match &f.attrs.default {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let max_length = match &f.attrs.max_length {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let precision = precision(f);
    // Type and nullability come from the type system, so `Option<T>` written through an alias
    // or a full path is still nullable.
    let renamed_from = optional_name(f.renamed_from.as_ref());
    let sql_type = quote_spanned!(ty.span()=> <#ty as #p::Field>::SQL_TYPE);
    let nullable = quote_spanned!(ty.span()=> <#ty as #p::Field>::NULLABLE);
    quote! {
        #p::ColumnDef {
            name: #name,
            field: #field,
            ty: #sql_type,
            nullable: #nullable,
            auto_increment: #auto_increment,
            default: #default,
            max_length: #max_length,
            precision: #precision,
            renamed_from: #renamed_from,
        }
    }
}

/// `Some(Precision { digits, scale })` from `precision` and `scale` (0 when not given, as in
/// SQL); values were checked to fit a `u8`.
fn precision(f: &Field<'_>) -> TokenStream {
    let p = private();
    let value = |lit: &syn::LitInt| lit.base10_parse::<u8>().unwrap_or_default();
    match &f.attrs.precision {
        Some(lit) => {
            let digits = value(lit);
            let scale = f.attrs.scale.as_ref().map_or(0, value);
            quote!(::core::option::Option::Some(#p::Precision { digits: #digits, scale: #scale }))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn index_def(table: &str, columns: &[&str], unique: bool) -> TokenStream {
    let p = private();
    let name = derived_name(table, columns, if unique { "key" } else { "idx" });
    quote!(#p::IndexDef { name: #name, columns: &[#(#columns),*], unique: #unique })
}

fn indexes(model: &Model<'_>) -> Vec<TokenStream> {
    let table = &model.table.value;
    let mut out = Vec::new();
    for f in &model.fields {
        let column = f.column.value.as_str();
        if f.attrs.unique.is_some() {
            out.push(index_def(table, &[column], true));
        }
        if f.attrs.index.is_some() {
            out.push(index_def(table, &[column], false));
        }
    }
    for idx in &model.indexes {
        let columns: Vec<&str> = idx
            .fields
            .iter()
            .filter_map(|name| model.field(name))
            .map(|f| f.column.value.as_str())
            .collect();
        out.push(index_def(table, &columns, idx.unique));
    }
    out
}

fn action(a: FkAction) -> TokenStream {
    let p = private();
    match a {
        FkAction::NoAction => quote!(#p::FkAction::NoAction),
        FkAction::Restrict => quote!(#p::FkAction::Restrict),
        FkAction::Cascade => quote!(#p::FkAction::Cascade),
        FkAction::SetNull => quote!(#p::FkAction::SetNull),
        FkAction::SetDefault => quote!(#p::FkAction::SetDefault),
    }
}

/// Whether `path` names the model being derived (`Self` or its own name).
pub(crate) fn is_self_reference(model: &Model<'_>, path: &syn::Path) -> bool {
    path.is_ident("Self") || path.is_ident(model.ident)
}

fn foreign_key(model: &Model<'_>, f: &Field<'_>) -> Option<TokenStream> {
    let p = private();
    let reference = f.reference()?;
    let column = f.column.value.as_str();
    let name = derived_name(&model.table.value, &[column], "fkey");
    // The target's literal consts, never its SCHEMA: two models that reference each other
    // (users.team_id, teams.owner_id) would make reading SCHEMAs a cycle in const evaluation.
    let target = reference.model;
    let (ref_table, ref_columns) = (
        quote!(<#target as #p::Model>::TABLE_NAME),
        quote!(<#target as #p::Model>::KEY_COLUMNS),
    );
    let on_delete = action(reference.on_delete);
    let on_update = action(reference.on_update);
    Some(quote! {
        #p::ForeignKeyDef {
            name: #name,
            columns: &[#column],
            ref_table: #ref_table,
            ref_columns: #ref_columns,
            on_delete: #on_delete,
            on_update: #on_update,
        }
    })
}
