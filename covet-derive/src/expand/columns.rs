//! Typed column handles: `Album::TITLE: Column<Album, String>`.

use super::private;
use crate::ast::Model;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let p = private();
    let ident = model.ident;
    let consts = model.fields.iter().map(|f| {
        let (name, ty, fident) = (f.const_ident(), f.ty, f.ident);
        let column = &f.column.value;
        let doc = format!("Column `{column}` (field `{fident}`), for filters and ordering.");
        quote! {
            #[doc = #doc]
            pub const #name: #p::Column<#ident, #ty> = #p::Column::new(#column);
        }
    });
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#consts)*
        }
    }
}
