//! Typed column handles: `Album::TITLE: Column<Album, String>`. Every filter method checks the
//! value's type against the column's at compile time.

use crate::expr::{CmpOp, ColumnRef, Direction, Expr, Filter, Order};
use crate::field::{Field, IntoValue, Nullable, TextField};
use crate::model::Model;
use covet_sql::schema::ColumnDef;
use std::fmt;
use std::marker::PhantomData;

/// The six comparisons with a bound value, shared by every typed expression of a model
/// (columns, aggregates). The impl supplies `fn cmp(self, CmpOp, impl IntoValue<T::Base>) ->
/// Filter<M>`; `$what` names the left side in the docs, `$eq_note` adds to `eq`'s doc.
macro_rules! value_comparisons {
    ($what:literal, $eq_note:literal) => {
        #[doc = concat!("`", $what, " = value`", $eq_note, ".")]
        pub fn eq(self, value: impl IntoValue<T::Base>) -> Filter<M> {
            self.cmp(CmpOp::Eq, value)
        }
        #[doc = concat!("`", $what, " <> value`.")]
        pub fn ne(self, value: impl IntoValue<T::Base>) -> Filter<M> {
            self.cmp(CmpOp::Ne, value)
        }
        #[doc = concat!("`", $what, " < value`.")]
        pub fn lt(self, value: impl IntoValue<T::Base>) -> Filter<M> {
            self.cmp(CmpOp::Lt, value)
        }
        #[doc = concat!("`", $what, " <= value`.")]
        pub fn le(self, value: impl IntoValue<T::Base>) -> Filter<M> {
            self.cmp(CmpOp::Le, value)
        }
        #[doc = concat!("`", $what, " > value`.")]
        pub fn gt(self, value: impl IntoValue<T::Base>) -> Filter<M> {
            self.cmp(CmpOp::Gt, value)
        }
        #[doc = concat!("`", $what, " >= value`.")]
        pub fn ge(self, value: impl IntoValue<T::Base>) -> Filter<M> {
            self.cmp(CmpOp::Ge, value)
        }
    };
}
pub(crate) use value_comparisons;

/// A column of model `M` whose Rust type is `T` (`Option<_>` when nullable).
pub struct Column<M, T> {
    name: &'static str,
    _marker: PhantomData<fn() -> (M, T)>,
}

// Manual impls: a derive would require `M: Clone` and `T: Clone`.
impl<M, T> Clone for Column<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for Column<M, T> {}

impl<M, T> fmt::Debug for Column<M, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Column({})", self.name)
    }
}

impl<M: Model, T: Field> Column<M, T> {
    /// Used by the derive: `name` is the column name from the model's metadata.
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            _marker: PhantomData,
        }
    }

    /// The column's name in the database.
    pub const fn name(self) -> &'static str {
        self.name
    }

    pub(crate) fn column_ref(self) -> ColumnRef {
        ColumnRef {
            table: M::SCHEMA.name,
            column: self.name,
        }
    }

    fn expr(self) -> Box<Expr> {
        Box::new(Expr::Column(self.column_ref()))
    }

    fn cmp(self, op: CmpOp, value: impl IntoValue<T::Base>) -> Filter<M> {
        let value = Box::new(Expr::Value(value.into_value()));
        Filter::new(Expr::Cmp(self.expr(), op, value))
    }

    value_comparisons!("column", "");

    /// `column BETWEEN low AND high` (both ends included).
    pub fn between(self, low: impl IntoValue<T::Base>, high: impl IntoValue<T::Base>) -> Filter<M> {
        let low = Box::new(Expr::Value(low.into_value()));
        let high = Box::new(Expr::Value(high.into_value()));
        Filter::new(Expr::Between(self.expr(), low, high))
    }

    /// `column IN (values)`; an empty list matches nothing.
    pub fn in_list<V: IntoValue<T::Base>>(self, values: impl IntoIterator<Item = V>) -> Filter<M> {
        let values = values.into_iter().map(IntoValue::into_value).collect();
        Filter::new(Expr::InList(self.expr(), values))
    }

    /// `column LIKE pattern`: `%` and `_` are wildcards and `\` escapes them, on every backend,
    /// and matching is case-sensitive on every backend.
    pub fn like(self, pattern: impl IntoValue<String>) -> Filter<M>
    where
        T: TextField,
    {
        let pattern = Box::new(Expr::Value(pattern.into_value()));
        Filter::new(Expr::Like(self.expr(), pattern))
    }

    /// `column IS NULL`; exists only on nullable (`Option`) columns.
    pub fn is_null(self) -> Filter<M>
    where
        T: Nullable,
    {
        Filter::new(Expr::IsNull(self.expr(), false))
    }

    /// `column IS NOT NULL`; exists only on nullable (`Option`) columns.
    pub fn is_not_null(self) -> Filter<M>
    where
        T: Nullable,
    {
        Filter::new(Expr::IsNull(self.expr(), true))
    }

    /// Ascending order (NULL first on every backend).
    pub fn asc(self) -> Order<M> {
        Order::new(self.column_ref(), Direction::Asc, T::NULLABLE)
    }

    /// Descending order (NULL last on every backend).
    pub fn desc(self) -> Order<M> {
        Order::new(self.column_ref(), Direction::Desc, T::NULLABLE)
    }
}

/// A column of `M` chosen at run time by name, found in the compile-time metadata by
/// `column_by_name`. Its Rust type is unknown, so it can order results but not be compared
/// with a value.
pub struct DynColumn<M> {
    def: &'static ColumnDef,
    _model: PhantomData<fn() -> M>,
}

impl<M> Clone for DynColumn<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for DynColumn<M> {}

impl<M> fmt::Debug for DynColumn<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DynColumn({})", self.def.name)
    }
}

impl<M: Model> DynColumn<M> {
    /// Looks `name` up among `M`'s columns (by column name, or by field name when they differ).
    pub fn lookup(name: &str) -> Option<Self> {
        M::SCHEMA
            .columns
            .iter()
            .find(|c| c.name == name || c.field == name)
            .map(|def| Self {
                def,
                _model: PhantomData,
            })
    }

    /// The column's metadata.
    pub fn def(self) -> &'static ColumnDef {
        self.def
    }

    fn column_ref(self) -> ColumnRef {
        ColumnRef {
            table: M::SCHEMA.name,
            column: self.def.name,
        }
    }

    /// Ascending order (NULL first on every backend).
    pub fn asc(self) -> Order<M> {
        Order::new(self.column_ref(), Direction::Asc, self.def.nullable)
    }

    /// Descending order (NULL last on every backend).
    pub fn desc(self) -> Order<M> {
        Order::new(self.column_ref(), Direction::Desc, self.def.nullable)
    }
}
