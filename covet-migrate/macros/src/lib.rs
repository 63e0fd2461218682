//! `embedded!("migrations")`: the migrations directory read at compile time, every SQL file
//! included with `include_str!` (so editing one rebuilds the program). Use it through
//! `covet_migrate::embedded!`, which documents it.
//!
//! Cargo does not watch a directory for new entries: a crate that embeds its migrations adds
//! a `build.rs` with `println!("cargo:rerun-if-changed=migrations");` so that a newly
//! generated migration is compiled in.

use covet_sql::Backend;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use syn::LitStr;

/// See `covet_migrate::embedded!`.
#[proc_macro]
pub fn embedded(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let lit = syn::parse_macro_input!(input as LitStr);
    let root = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    expand(&lit, root.as_deref())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn error(span: Span, message: String) -> syn::Error {
    syn::Error::new(span, message)
}

/// The expression for the directory `lit` names, relative to `root` (the crate's manifest
/// directory).
fn expand(lit: &LitStr, root: Option<&Path>) -> syn::Result<TokenStream> {
    let span = lit.span();
    let root = root.ok_or_else(|| {
        error(
            span,
            "embedded!: CARGO_MANIFEST_DIR is not set: build with cargo".into(),
        )
    })?;
    let dir = root.join(lit.value());
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        error(
            span,
            format!(
                "embedded!: cannot read the migrations directory {}: {e}\nhelp: the path is relative to the crate's Cargo.toml; generate a first migration with `generate <name>`",
                dir.display()
            ),
        )
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let migrations = dirs
        .iter()
        .map(|path| migration(span, path))
        .collect::<syn::Result<Vec<_>>>()?;
    Ok(assemble(&migrations))
}

/// One migration: its id checked at compile time, and its files included.
struct Item {
    id: String,
    files: Vec<(String, String)>,
}

fn migration(span: Span, path: &Path) -> syn::Result<Item> {
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut files = Vec::new();
    for backend in Backend::ALL {
        let mut pair = Vec::new();
        for direction in ["up", "down"] {
            let file = path.join(format!("{}.{direction}.sql", backend.name()));
            if !file.is_file() {
                return Err(error(
                    span,
                    format!(
                        "embedded!: migration {id} has no {}\nhelp: every migration directory holds an up and a down file per backend, as `generate` writes them",
                        file.display()
                    ),
                ));
            }
            pair.push(file.display().to_string());
        }
        files.push((pair.remove(0), pair.remove(0)));
    }
    Ok(Item { id, files })
}

fn assemble(items: &[Item]) -> TokenStream {
    let checks = items.iter().map(|m| {
        let id = &m.id;
        quote!(const _: () = ::covet_migrate::__private::assert_id(#id);)
    });
    let entries = items.iter().map(|m| {
        let id = &m.id;
        let files = m
            .files
            .iter()
            .map(|(up, down)| quote!((::core::include_str!(#up), ::core::include_str!(#down))));
        quote!(::covet_migrate::__private::EmbeddedMigration { id: #id, files: [#(#files),*] })
    });
    quote! {{
        #(#checks)*
        ::covet_migrate::Embedded::__new(&[#(#entries),*])
    }}
}

#[cfg(test)]
mod tests;
