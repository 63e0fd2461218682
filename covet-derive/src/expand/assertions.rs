//! Compile-time checks that need the type system: each is a `const` call whose trait bound
//! fails, with a message that teaches the fix, at the user's own tokens.

use super::{private, schema::is_self_reference};
use crate::ast::Model;
use proc_macro2::TokenStream;
use quote::quote_spanned;
use syn::spanned::Spanned;

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
        if let Some(lit) = &f.attrs.max_length {
            out.extend(quote_spanned! {lit.span()=>
                const _: () = #p::assert_has_length::<#ty>();
            });
        }
        if let Some(target) = &f.attrs.references {
            if is_self_reference(model, target) {
                let key = model.key_fields().map(|k| k.ty);
                out.extend(quote_spanned! {ty.span()=>
                    const _: () = #p::assert_foreign_key::<<#ty as #p::Field>::Base, (#(#key),*)>();
                });
            } else {
                out.extend(quote_spanned! {ty.span()=>
                    const _: () = #p::assert_foreign_key::<
                        <#ty as #p::Field>::Base,
                        <#target as #p::Model>::Key,
                    >();
                });
            }
        }
    }
    out
}
