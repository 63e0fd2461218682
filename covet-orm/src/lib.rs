//! covet's runtime: model traits, typed queries, the executor and the database handle.
//!
//! Users depend on the `covet` facade crate; this crate holds the machinery. The pieces:
//!
//! - [`Model`]: implemented by `#[derive(Model)]`; gives `query`, `find`, `insert`, `update`,
//!   `delete` and `column_by_name`.
//! - [`Column`]: typed column handles (`Album::TITLE`) whose filter methods check value types
//!   at compile time; [`Filter`] and [`Order`] are what they build.
//! - [`Select`]: a typed query; [`Db`]: a pooled connection to SQLite, PostgreSQL or
//!   MySQL/MariaDB chosen from the URL; [`Executor`]: what runs statements.
//! - [`Error`]: one error type with a classification (`is_unique_violation()`, ...).
//! - Query shapes beyond filters: [`Select::select`] into tuples ([`Projected`], with
//!   `group_by`/`having`), aggregates ([`count_all`], `Column::sum`, ...), [`Join`]s,
//!   subqueries ([`Filter::exists`], `Column::in_subquery`), [`Window`] functions and
//!   [`Recursive`] walks (`WITH RECURSIVE`).
//!
//! No public API turns a runtime string into SQL text: identifiers come from the derive's
//! metadata and go through the one [`covet_sql::SqlWriter`]; values are always bound.

mod aggregate;
mod alias;
mod bind;
mod bulk;
mod column;
mod computed;
mod copy;
mod crud;
mod cte;
mod db;
mod error;
mod error_map;
mod executor;
mod expr;
mod field;
mod join;
mod join_project;
mod keyset;
mod lifecycle;
mod model;
mod observe;
mod patch;
mod pool;
mod project;
mod query;
mod raw;
pub mod relation;
mod render;
mod render_select;
mod row;
mod run_select;
pub mod scope;
mod sensitive;
mod soft_delete;
mod stream;
mod subquery;
mod support;
mod tx;
mod update_where;
mod upsert;
mod validate;
mod value;
mod window;

pub use bulk::{InsertMany, UNNEST_FROM_ROWS};
pub use column::{Column, DynColumn};
pub use covet_sql::Backend;
pub use covet_sql::schema;
pub use crud::{Find, GetOrInsert, Insert};
#[doc(hidden)]
pub use db::SessionConnection;
pub use db::{Capabilities, Db, DbOptions, RowStream};
pub use error::{ConflictKind, Error, Result};
pub use executor::{Done, Executor};
pub use expr::{CmpOp, ColumnRef, Direction, Expr, Filter, Order};
pub use field::{BaseField, Decoded, Field, IntoValue, Nullable, TextField};
pub use keyset::{Cursor, KeysetField};
pub use lifecycle::{SoftDeleteField, TimestampField, VersionField};
pub use model::{Key, Model, NewModel};
pub use patch::{Patch, SetValue};
pub use pool::PoolStatus;
pub use query::Select;
pub use raw::{Bind, FromRawRow, RawSql, StaticSql, raw_sql_unchecked};
pub use relation::{BelongsTo, HasMany, HasOne, ManyToMany, Relation, load};
pub use render::{MAX_LIKE_PATTERN_BYTES, Statement};
pub use row::Row;
pub use sensitive::{REDACTED, Sensitive, SensitiveField};
pub use soft_delete::SoftDelete;
pub use stream::ModelStream;
pub use tx::{Isolation, Retry, SqliteMode, Transaction, TransactionRun, TxFuture, TxOptions};
pub use update_where::{ColumnArith, DeleteWhere, UpdateWhere};
pub use upsert::{Columns, Upsert, UpsertBuilder, UpsertOn};
pub use validate::{FieldError, NumberRule, Rule, TextRule, ValidationErrors, is_email};
pub use value::Value;

// Query shapes beyond filters: projections, aggregates, subqueries, joins, windows, CTEs.
pub use aggregate::{Aggregate, Numeric, Ordered, count_all};
pub use alias::{Alias, As, InnerJoinAs, LeftJoinAs};
pub use computed::{
    Call, Cast, Computed, Func, JoinClause, JoinKind, NamedQuery, RecursiveCte, SelectParts,
    SortTerm, WindowSpec,
};
pub use covet_sql::Ident;
pub use cte::{Named, Recursive};
pub use join::{Append, InQuery, Join, JoinPart, JoinRow, LeftJoined, On, position};
pub use join_project::{Holds, JoinProjected, JoinProjection};
pub use project::{Grouped, HasGroupBy, IntoStruct, Projected, Projection, Sort, Ungrouped};
pub use subquery::{Comparable, Correlated, Subquery, ValueSubquery};
pub use window::{Window, WindowFn, Windowed, dense_rank, rank, row_number};

/// Schema operations rendered from a model's metadata.
pub mod ddl;

pub mod dynamic;

/// What a user of covet needs in scope.
pub mod prelude {
    pub use crate::relation::{BelongsTo, HasMany, HasOne, ManyToMany, load};
    pub use crate::{
        Column, Db, DbOptions, Error, Executor, Filter, Isolation, Model, Result, Retry, Select,
        Sensitive, SoftDelete, SqliteMode, Transaction,
    };
    pub use crate::{Window, count_all, dense_rank, rank, row_number};
}

/// What the derive's generated code refers to. Not a public API: it may change at any time.
#[doc(hidden)]
pub mod __private {
    pub use crate::field::{BaseField, Field};
    pub use crate::lifecycle::{SoftDeleteField, TimestampField, VersionField, now};
    pub use crate::model::{Key, Model, NewModel};
    pub use crate::relation::{
        ForeignKey, Relation, RelationDef, RelationKind, Slot, Through, assert_relation_key,
        foreign_key_column, own_key,
    };
    pub use crate::sensitive::SensitiveField;
    pub use crate::soft_delete::SoftDelete;
    pub use crate::validate::{Bound, Checker, FieldError, HasLength, Pattern};
    pub use crate::{Column, Result, Row, Value};
    pub use chrono::{DateTime, Utc};
    pub use covet_sql::schema::{
        CheckDef, CheckRule, ColumnDef, DecimalLiteral, FkAction, ForeignKeyDef, IndexDef,
        Number as CheckNumber, Precision, SqlType, TableSchema,
    };
    pub use covet_sql::statements::{Fixed, FixedStatements};
    pub use std::any::Any;
    pub use std::marker::PhantomData;
    pub use std::option::Option::{None, Some};
    pub use std::vec::Vec;

    /// A decimal literal the derive has already checked for its canonical form.
    pub const fn decimal_literal(text: &'static str) -> DecimalLiteral<'static> {
        match DecimalLiteral::new(text) {
            Ok(d) => d,
            // Unreachable: the derive emits only literals that `DecimalLiteral::new` accepted.
            // In a `const` this would be a compile error, never a run-time panic.
            Err(_) => panic!("covet: a decimal literal the derive should have refused"),
        }
    }

    /// Compile-time check that a `sensitive` field is wrapped in `Sensitive`.
    pub const fn assert_sensitive<T: SensitiveField>() {}
    /// Compile-time check that a `soft_delete` field is a nullable timestamp.
    pub const fn assert_soft_delete<T: SoftDeleteField>() {}

    /// Compile-time check that a relation field's type stores the relation's target.
    pub const fn assert_slot<S: Slot<T>, T>() {}

    /// Compile-time check that a foreign key has the referenced key's type.
    pub const fn assert_foreign_key<Fk: SameKey<Pk>, Pk>() {}

    /// Implemented only for `T: SameKey<T>`: the foreign key's type (without `Option`) must be
    /// the referenced primary key's type.
    #[diagnostic::on_unimplemented(
        message = "this foreign key holds `{Self}`, but the primary key it references is `{Pk}`",
        label = "must be `{Pk}`, like the key it references",
        note = "declare the field as `{Pk}` (or `Option<{Pk}>` when it is nullable)"
    )]
    pub trait SameKey<Pk> {}
    impl<T> SameKey<T> for T {}

    /// Compile-time check that an `auto_increment` field is an integer.
    pub const fn assert_auto_increment<T: AutoIncrement>() {}

    /// The types the database can generate keys for.
    #[diagnostic::on_unimplemented(
        message = "`auto_increment` needs an integer field, and this one is `{Self}`",
        label = "not an integer",
        note = "use i64 (or i32, i16) for a generated key, or remove `auto_increment`"
    )]
    pub trait AutoIncrement {}
    impl AutoIncrement for i16 {}
    impl AutoIncrement for i32 {}
    impl AutoIncrement for i64 {}

    /// Compile-time check that a `precision` field is a decimal.
    pub const fn assert_has_precision<T: HasPrecision>() {}

    /// The types `precision` and `scale` apply to.
    #[diagnostic::on_unimplemented(
        message = "`precision` applies to decimals, and this field is `{Self}`",
        label = "not a decimal field",
        note = "remove `precision` and `scale`, or make the field a `rust_decimal::Decimal`"
    )]
    pub trait HasPrecision {}
    impl HasPrecision for rust_decimal::Decimal {}
    impl HasPrecision for Option<rust_decimal::Decimal> {}
}
