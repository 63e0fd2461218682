//! `#[derive(Model)]` for covet.
//!
//! The derive is a pipeline with one file per stage: [`ast`] builds a typed IR of the model
//! (with [`attr`] parsing `#[covet(...)]`), [`check`] applies the cross-field rules, and
//! [`expand`] generates code from the IR alone. Every error is collected in a [`ctxt::Ctxt`]
//! and reported at once, each pointing at the token that caused it.

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod relation_attr;

use proc_macro::TokenStream;

/// Derives `covet::Model` for a struct with named fields. See the `covet` crate for the
/// attributes it accepts.
#[proc_macro_derive(Model, attributes(covet))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive_model(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}
