//! Typed column handles: `Album::TITLE: Column<Album, String>`.

use super::{first_last_span, private, private_at};
use crate::ast::Model;
use proc_macro2::{Delimiter, Group, TokenStream};
use quote::{quote, quote_spanned};

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let p = private();
    let ident = model.ident;
    let consts = model.fields.iter().map(|f| {
        let (name, ty, fident) = (f.const_ident(), f.ty, f.ident);
        let column = &f.column.value;
        let doc = format!("Column `{column}` (field `{fident}`), for filters and ordering.");
        // Spanned at the field's type: an unsupported type is reported there, not at the derive.
        let (first, last) = first_last_span(ty);
        let private = private_at(first);
        let mut args = Group::new(Delimiter::Parenthesis, quote!(#column));
        args.set_span(last);
        let init = quote_spanned!(first=> #private::Column::new #args);
        quote! {
            #[doc = #doc]
            pub const #name: #p::Column<#ident, #ty> = #init;
        }
    });
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#consts)*
        }
    }
}
