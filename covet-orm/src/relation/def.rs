//! What the derive knows about one relation: plain data plus two accessors, built in a `const`.

use crate::field::BaseField;
use crate::model::Model;
use std::marker::PhantomData;

/// The kinds of relation a model can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// This model holds the foreign key (`Album.artist_id` → `Artist`).
    BelongsTo,
    /// The target holds a foreign key to this model; any number of targets.
    HasMany,
    /// The target holds a foreign key to this model; at most one target.
    HasOne,
    /// Rows of a join model link this model and the target.
    ManyToMany,
}

/// The join model of a many-to-many relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Through {
    /// The join table.
    pub table: &'static str,
    /// Its column holding the key of the model that declares the relation.
    pub source: &'static str,
    /// Its column holding the target's key.
    pub target: &'static str,
    /// Its soft-delete column: deleted links link nothing.
    pub soft_delete: Option<&'static str>,
}

/// One relation from `P` to `T`, matched on keys of type `K`, stored in `P`'s field of type
/// `S`. Built by `#[derive(Model)]`; see [`super::Relation`] for what it is used through.
pub struct RelationDef<P, T, K, S> {
    /// The field name, for messages (`albums`).
    pub name: &'static str,
    /// The kind.
    pub kind: RelationKind,
    /// The column `foreign_key` names: on `P` for belongs_to, on `T` for has_many/has_one;
    /// unused for many_to_many.
    pub foreign_key: &'static str,
    /// The join model of a many-to-many relation.
    pub through: Option<Through>,
    /// The key of a `P` row the targets are matched on (`None`: a NULL foreign key).
    pub parent_key: fn(&P) -> Option<K>,
    /// The field of `P` the loaded targets go to.
    pub slot: fn(&mut P) -> &mut S,
    /// has_many/has_one: points the foreign key of a new target (`T::New`, behind `dyn Any`
    /// because a `const` cannot name `T`'s associated type here) at a parent key.
    pub set_foreign_key: Option<fn(&mut dyn std::any::Any, K)>,
    #[doc(hidden)]
    pub _target: PhantomData<fn() -> T>,
}

impl<P, T, K, S> Clone for RelationDef<P, T, K, S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, T, K, S> Copy for RelationDef<P, T, K, S> {}

impl<P, T, K, S> std::fmt::Debug for RelationDef<P, T, K, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelationDef")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("foreign_key", &self.foreign_key)
            .field("through", &self.through)
            .finish()
    }
}

impl<P: Model, T: Model, K, S> RelationDef<P, T, K, S> {
    /// The column of `P` the relation starts from: the foreign key for belongs_to, the
    /// primary key otherwise.
    pub(crate) fn parent_column(&self) -> &'static str {
        match self.kind {
            RelationKind::BelongsTo => self.foreign_key,
            _ => single_key::<P>(),
        }
    }

    /// The column of `T` matched against the parent keys (many_to_many: `T`'s key, which the
    /// join table's `target` column holds).
    pub(crate) fn target_column(&self) -> &'static str {
        match self.kind {
            RelationKind::HasMany | RelationKind::HasOne => self.foreign_key,
            RelationKind::BelongsTo | RelationKind::ManyToMany => single_key::<T>(),
        }
    }
}

/// The one key column of `M` (relations are declared on models with a one-column key; the
/// derive's `SingleKey` assertion makes sure of it).
pub(crate) fn single_key<M: Model>() -> &'static str {
    M::SCHEMA.primary_key.first().copied().unwrap_or_default()
}

/// The parent key of a relation that starts from the model's own primary key.
pub fn own_key<M: Model>(row: &M) -> Option<M::Key> {
    Some(row.key())
}

/// A foreign-key field holding a key of type `K`: `K` itself, or `Option<K>` when nullable.
#[diagnostic::on_unimplemented(
    message = "this foreign key holds `{Self}`, but the key it refers to is `{K}`",
    label = "must be `{K}` (or `Option<{K}>`), like the key it refers to",
    note = "a relation's `foreign_key` must name a field whose type is the referenced primary key's type, `{K}`, or `Option<{K}>` when the link is optional"
)]
pub trait ForeignKey<K> {
    /// The key, `None` for NULL.
    fn foreign_key(&self) -> Option<K>;
    /// Points this field at `key`.
    fn set_foreign_key(&mut self, key: K);
}

impl<K: BaseField> ForeignKey<K> for K {
    fn foreign_key(&self) -> Option<K> {
        Some(self.clone())
    }
    fn set_foreign_key(&mut self, key: K) {
        *self = key;
    }
}

impl<K: BaseField> ForeignKey<K> for Option<K> {
    fn foreign_key(&self) -> Option<K> {
        self.clone()
    }
    fn set_foreign_key(&mut self, key: K) {
        *self = Some(key);
    }
}

/// The keys relations match on: one column of a type with exact equality.
#[diagnostic::on_unimplemented(
    message = "relations need a one-column primary key, and this one is `{Self}`",
    label = "not a one-column key",
    note = "declare relations on models whose primary key is one integer, text or uuid field"
)]
pub trait RelationKey:
    BaseField + std::hash::Hash + Eq + std::fmt::Debug + Send + Sync + 'static
{
}
impl RelationKey for i16 {}
impl RelationKey for i32 {}
impl RelationKey for i64 {}
impl RelationKey for String {}
impl RelationKey for uuid::Uuid {}

/// Compile-time check that a relation's foreign-key column holds the referenced key's type;
/// returns the column's name.
pub const fn foreign_key_column<M: Model, F: crate::field::Field + ForeignKey<K>, K>(
    column: crate::Column<M, F>,
) -> &'static str {
    column.name()
}

/// Compile-time check that a relation's keys are one-column keys.
pub const fn assert_relation_key<K: RelationKey>() {}
