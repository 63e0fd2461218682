//! Validation: one function per field with rules, which runs a `Checker` over the field's
//! value. The model, its insert struct and its change sets (`patch().set(...)`) all call the
//! same function, so each rule is written once, and a rule on the wrong type is one error,
//! at the rule's key.

use super::private;
use crate::ast::{Field, Model};
use crate::attr::NumLit;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

fn validator(f: &Field<'_>) -> Ident {
    format_ident!("__covet_validate_{}", f.name())
}

fn bound(n: &NumLit) -> TokenStream {
    let p = private();
    match n.int {
        Some(i) => {
            let lit = Literal::i128_unsuffixed(i);
            quote!(#p::Bound::Int(#lit))
        }
        None => {
            let lit = Literal::f64_unsuffixed(n.value);
            quote!(#p::Bound::Float(#lit))
        }
    }
}

/// The rule calls of one field, each spanned at its key or value.
fn rules(f: &Field<'_>) -> TokenStream {
    let p = private();
    let a = &f.attrs;
    let mut out = TokenStream::new();
    let lit_usize = |lit: &syn::LitInt| {
        let n = lit.base10_parse::<usize>().unwrap_or(0);
        Literal::usize_unsuffixed(n)
    };
    if let Some(lit) = &a.max_length {
        let n = lit_usize(lit);
        out.extend(quote_spanned!(f.ty.span()=> __c.max_length(__v, #n);));
    }
    if let Some(lit) = &a.min_length {
        let n = lit_usize(lit);
        out.extend(quote_spanned!(lit.span()=> __c.min_length(__v, #n);));
    }
    if let Some(min) = &a.min {
        let b = bound(min);
        out.extend(quote_spanned!(min.expr.span()=> __c.min(__v, #b);));
    }
    if let Some(max) = &a.max {
        let b = bound(max);
        out.extend(quote_spanned!(max.expr.span()=> __c.max(__v, #b);));
    }
    if let Some(lit) = &a.pattern {
        out.extend(quote_spanned! {lit.span()=>
            static __PATTERN: #p::Pattern = #p::Pattern::new(#lit);
            __c.pattern(__v, &__PATTERN);
        });
    }
    if let Some(span) = a.email {
        out.extend(quote_spanned!(span=> __c.email(__v);));
    }
    if let Some(path) = &a.validate {
        out.extend(quote_spanned!(path.span()=> __c.custom(#path(__v));));
    }
    out
}

/// The validation functions, placed beside the impls in the expansion's `const`.
pub(crate) fn helpers(model: &Model<'_>) -> TokenStream {
    let p = private();
    let fns = model.fields.iter().filter(|f| f.has_rules()).map(|f| {
        let (name, ty) = (validator(f), f.ty);
        let (field, column) = (f.name(), &f.column.value);
        let rules = rules(f);
        quote! {
            fn #name(__v: &#ty, __out: &mut #p::Vec<#p::FieldError>) {
                let mut __c = #p::Checker::new(__out, #field, #column);
                #rules
            }
        }
    });
    quote!(#(#fns)*)
}

fn calls<'f>(fields: impl Iterator<Item = &'f Field<'f>>) -> TokenStream {
    let calls = fields.filter(|f| f.has_rules()).map(|f| {
        let (name, fi) = (validator(f), f.ident);
        quote!(#name(&self.#fi, __out);)
    });
    quote!(#(#calls)*)
}

/// `validate_fields` and `validate_column` of `impl Model`.
pub(crate) fn model_methods(model: &Model<'_>) -> TokenStream {
    let p = private();
    if !model.fields.iter().any(|f| f.has_rules()) {
        return TokenStream::new();
    }
    let calls = calls(model.fields.iter());
    let arms = model.fields.iter().filter(|f| f.has_rules()).map(|f| {
        let (name, ty, column) = (validator(f), f.ty, &f.column.value);
        quote! {
            #column => {
                if let ::core::option::Option::Some(__v) = <dyn #p::Any>::downcast_ref::<#ty>(__value) {
                    #name(__v, __out);
                }
            }
        }
    });
    quote! {
        fn validate_fields(&self, __out: &mut #p::Vec<#p::FieldError>) {
            #calls
        }

        fn validate_column(
            __column: &'static str,
            __value: &dyn #p::Any,
            __out: &mut #p::Vec<#p::FieldError>,
        ) {
            match __column {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// `validate_fields` of `impl NewModel` (the insert struct's fields only).
pub(crate) fn new_model_method(model: &Model<'_>) -> TokenStream {
    let p = private();
    if !model.insert_fields().any(|f| f.has_rules()) {
        return TokenStream::new();
    }
    let calls = calls(model.insert_fields());
    quote! {
        fn validate_fields(&self, __out: &mut #p::Vec<#p::FieldError>) {
            #calls
        }
    }
}

/// A bound as the literal of a CHECK constraint: an integer, or the canonical decimal spelling
/// of a float (`5.0` is the integer 5). `None` when it has no such form (the checks report
/// it).
pub(crate) fn check_number(n: &NumLit) -> Option<TokenStream> {
    let p = private();
    let int = n
        .int
        .or_else(|| (n.value.fract() == 0.0).then_some(n.value as i128));
    if let Some(i) = int {
        let i = i64::try_from(i).ok()?;
        return Some(quote!(#p::CheckNumber::Int(#i)));
    }
    let text = n.value.to_string();
    covet_sql::schema::DecimalLiteral::new(&text).ok()?;
    Some(quote!(#p::CheckNumber::Decimal(#p::decimal_literal(#text))))
}

/// The CHECK constraints the rules `min`, `max` and `min_length` become (with `max_length`
/// in the same length check, which makes SQLite enforce it too). `pattern`, `email` and
/// custom rules have no portable SQL form and stay in Rust.
pub(crate) fn checks(model: &Model<'_>) -> Vec<TokenStream> {
    let p = private();
    let optional = |t: Option<TokenStream>| match t {
        Some(t) => quote!(::core::option::Option::Some(#t)),
        None => quote!(::core::option::Option::None),
    };
    let mut out = Vec::new();
    for f in &model.fields {
        let a = &f.attrs;
        let column = &f.column.value;
        let rule = if a.min.is_some() || a.max.is_some() {
            let min = optional(a.min.as_ref().and_then(check_number));
            let max = optional(a.max.as_ref().and_then(check_number));
            quote!(#p::CheckRule::Range { column: #column, min: #min, max: #max })
        } else if let Some(lit) = &a.min_length {
            let count = |l: &syn::LitInt| l.base10_parse::<u32>().ok().map(|n| quote!(#n));
            let min = optional(count(lit));
            let max = optional(a.max_length.as_ref().and_then(count));
            quote!(#p::CheckRule::Length { column: #column, min: #min, max: #max })
        } else {
            continue;
        };
        let name = covet_sql::ident::derived_name(&model.table.value, &[column], "check");
        out.push(quote!(#p::CheckDef { name: #name, rule: #rule }));
    }
    out
}
