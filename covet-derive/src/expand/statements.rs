//! The fixed-shape statements (find, insert, update and delete by key), rendered now, at
//! compile time, by the same writer and dialects the runtime uses.

use super::private;
use crate::ast::Model;
use covet_sql::Backend;
use covet_sql::statements::{self, Shape, ShapeColumn};
use proc_macro2::TokenStream;
use quote::quote;

fn shape<'a>(model: &'a Model<'_>) -> Shape<'a> {
    Shape {
        table: &model.table.value,
        columns: model
            .fields
            .iter()
            .map(|f| ShapeColumn {
                name: &f.column.value,
                key: f.attrs.primary_key.is_some(),
                auto_increment: f.attrs.auto_increment.is_some(),
            })
            .collect(),
    }
}

fn fixed(backend: Backend, shape: &Shape<'_>) -> TokenStream {
    let p = private();
    let find = statements::find_by_key(backend, shape);
    let insert_returning = statements::insert(backend, shape, true);
    let insert = statements::insert(backend, shape, false);
    let update = match statements::update_by_key(backend, shape) {
        Some(sql) => quote!(::core::option::Option::Some(#sql)),
        None => quote!(::core::option::Option::None),
    };
    let delete = statements::delete_by_key(backend, shape);
    quote! {
        #p::Fixed {
            find: #find,
            insert_returning: #insert_returning,
            insert: #insert,
            update: #update,
            delete: #delete,
        }
    }
}

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let p = private();
    let shape = shape(model);
    let postgres = fixed(Backend::Postgres, &shape);
    let mysql = fixed(Backend::MySql, &shape);
    let sqlite = fixed(Backend::Sqlite, &shape);
    quote! {
        &#p::FixedStatements {
            postgres: #postgres,
            mysql: #mysql,
            sqlite: #sqlite,
        }
    }
}
