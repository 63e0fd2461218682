//! Compile-time checks that need the type system: each is a `const` call whose trait bound
//! fails, with a message that teaches the fix, at the user's own tokens.

use super::{first_last_span, private, schema::is_self_reference};
use crate::ast::Model;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let p = private();
    let mut out = TokenStream::new();
    for f in &model.fields {
        let ty = f.ty;
        if let Some(span) = f.attrs.auto_increment {
            out.extend(quote_spanned! {span=>
                const _: () = #p::assert_auto_increment::<#ty>();
            });
        }
        if let Some(lit) = &f.attrs.precision {
            out.extend(quote_spanned! {lit.span()=>
                const _: () = #p::assert_has_precision::<#ty>();
            });
        }
        if let Some(target) = &f.attrs.references {
            // `<#ty as Field>::Base`, spanned from the type's first token to its last, so the
            // error underlines the whole type (`Option<i32>`, not just `Option`).
            let (first, last) = first_last_span(ty);
            let base = quote_spanned!(last=> Base);
            let fk = quote_spanned!(first=> <#ty as #p::Field>::#base);
            // `Self` means nothing in a free `const`: a self-reference names the model.
            let target = if is_self_reference(model, target) {
                let ident = model.ident;
                quote!(#ident)
            } else {
                quote!(#target)
            };
            let pk = quote!(<#target as #p::Model>::Key);
            out.extend(quote_spanned! {first=>
                const _: () = #p::assert_foreign_key::<#fk, #pk>();
            });
        }
    }
    out
}
