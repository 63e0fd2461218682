//! The insert struct: `NewAlbum` holds exactly the fields the database does not generate, so
//! leaving one out does not compile.

use crate::ast::Model;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let vis = model.vis;
    let ident = model.ident;
    let new_ident = model.new_ident();
    let doc = format!("The fields of a new [`{ident}`] row; the database fills in the rest.");
    let fields = model.insert_fields().map(|f| {
        let (fvis, fident, ty) = (f.vis, f.ident, f.ty);
        let doc = format!("Value of [`{ident}::{fident}`].");
        quote!(#[doc = #doc] #fvis #fident: #ty)
    });
    quote! {
        #[doc = #doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        #vis struct #new_ident {
            #(#fields,)*
        }
    }
}
