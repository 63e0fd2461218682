//! Code generation. Each file generates one artefact from the IR.

mod assertions;
mod columns;
mod lifecycle;
mod model_impl;
mod new_struct;
mod relations;
mod schema;
mod statements;
mod validate;

pub(crate) use validate::check_number;

use crate::ast::Model;
use crate::check;
use crate::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};

/// The path generated code reaches covet through: users depend on the facade only.
pub(crate) fn private() -> TokenStream {
    private_at(Span::call_site())
}

/// [`private`], spanned at `span` so that an error in the path it starts points there.
pub(crate) fn private_at(span: Span) -> TokenStream {
    quote_spanned!(span=> ::covet::__private)
}

/// The spans of the first and the last token of `ty`: generated code spanned from one to the
/// other makes an error underline the whole type (`Option<i32>`, not just `Option`).
pub(crate) fn first_last_span(ty: &syn::Type) -> (Span, Span) {
    let mut tokens = ty.to_token_stream().into_iter();
    let first = tokens.next().map_or_else(Span::call_site, |t| t.span());
    let last = tokens.last().map_or(first, |t| t.span());
    (first, last)
}

/// The whole derive: IR, checks, then every artefact.
pub(crate) fn derive_model(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let mut cx = Ctxt::default();
    let model = Model::from_input(&mut cx, input);
    if let Some(model) = &model {
        check::check(&mut cx, model);
    }
    cx.finish()?;
    let Some(model) = model else {
        return Ok(TokenStream::new());
    };
    let new_struct = new_struct::expand(&model);
    let columns = columns::expand(&model);
    let model_impl = model_impl::expand(&model);
    let assertions = assertions::expand(&model);
    let lifecycle = lifecycle::helpers(&model);
    let soft_delete = lifecycle::soft_delete_impl(&model);
    let validate = validate::helpers(&model);
    let relations = relations::expand(&model);
    let relation_checks = relations::assertions(&model);
    Ok(quote! {
        #new_struct
        #[doc(hidden)]
        const _: () = {
            #columns
            #model_impl
            #soft_delete
            #lifecycle
            #validate
            #assertions
            #relations
            #relation_checks
        };
    })
}

#[cfg(test)]
mod tests;
