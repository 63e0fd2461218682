//! Code generation. Each file generates one artefact from the IR.

mod assertions;
mod columns;
mod model_impl;
mod new_struct;
mod schema;
mod statements;

use crate::ast::Model;
use crate::check;
use crate::ctxt::Ctxt;
use proc_macro2::TokenStream;
use quote::quote;

/// The path generated code reaches covet through: users depend on the facade only.
pub(crate) fn private() -> TokenStream {
    quote!(::covet::__private)
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
    Ok(quote! {
        #new_struct
        #[doc(hidden)]
        const _: () = {
            #columns
            #model_impl
            #assertions
        };
    })
}

#[cfg(test)]
mod tests;
