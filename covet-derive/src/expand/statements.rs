//! The fixed-shape statements (find, insert, update and delete by key, and the soft delete and
//! restore of a soft-delete model), rendered now, at compile time, by the same writer and
//! dialects the runtime uses.

use super::private;
use crate::ast::{Model, Role};
use covet_sql::Backend;
use covet_sql::statements::{self, Roles, Shape, ShapeColumn};
use proc_macro2::TokenStream;
use quote::quote;

/// The model as the statement renderers see it. The update statement's columns come from it,
/// and so does the order the generated code binds their values in.
pub(crate) fn shape<'a>(model: &'a Model<'_>) -> Shape<'a> {
    let role = |r| model.role_field(r).map(|f| f.column.value.as_str());
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
        roles: Roles {
            created_at: role(Role::CreatedAt),
            version: role(Role::Version),
            soft_delete: role(Role::SoftDelete),
        },
    }
}

fn optional(sql: Option<String>) -> TokenStream {
    match sql {
        Some(sql) => quote!(::core::option::Option::Some(#sql)),
        None => quote!(::core::option::Option::None),
    }
}

fn fixed(backend: Backend, shape: &Shape<'_>) -> TokenStream {
    let p = private();
    let find = statements::find_by_key(backend, shape, true);
    let find_any = statements::find_by_key(backend, shape, false);
    let insert_returning = statements::insert(backend, shape, true);
    let insert = statements::insert(backend, shape, false);
    let update = optional(statements::update_by_key(backend, shape));
    let delete = statements::delete_by_key(backend, shape);
    let (soft_delete, restore) = match statements::soft_delete_by_key(backend, shape) {
        Some((delete, restore)) => (Some(delete), Some(restore)),
        None => (None, None),
    };
    let (soft_delete, restore) = (optional(soft_delete), optional(restore));
    quote! {
        #p::Fixed {
            find: #find,
            insert_returning: #insert_returning,
            insert: #insert,
            update: #update,
            delete: #delete,
            find_any: #find_any,
            soft_delete: #soft_delete,
            restore: #restore,
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
