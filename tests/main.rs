//! The integration suite. Every behaviour test is written once and runs on SQLite, PostgreSQL
//! and MariaDB: a test `x` appears as `x::sqlite`, `x::postgres` and `x::mariadb`.

#[macro_use]
mod common;

mod bulk;

mod crud;
mod error_codes;
mod errors;
mod faults;
mod filters;
mod hygiene;
mod identifiers;
mod observability;
mod pool;
mod queries;
mod query_shapes;
mod relations;
mod sql_text;
mod tls;
mod transactions;
mod types;
mod ui;
mod writes;
