//! Writes through relations: a new target inserted for a parent (its foreign key taken from
//! the parent), and links of a many-to-many attached and detached.

use super::def::RelationKey;
use super::handle::Relation;
use super::slot::{Links, Owns, Slot};
use crate::executor::Executor;
use crate::model::{Key, Model};
use crate::render::Render;
use crate::{Error, Result, Value};

impl<P: Model, T: Model, K: RelationKey, S: Slot<T>, N> Relation<P, T, K, S, N> {
    /// Inserts `new` as a target of `parent` (has_many, has_one): its foreign key is set to
    /// `parent`'s key whatever it held. Returns the stored row.
    pub async fn create(&self, parent: &P, mut new: T::New, db: &impl Executor) -> Result<T>
    where
        S: Owns,
    {
        let (Some(set), Some(key)) = (self.def.set_foreign_key, (self.def.parent_key)(parent))
        else {
            return Err(self.wrong_kind("create", "has_many or has_one"));
        };
        set(&mut new, key);
        T::insert(new).exec(db).await
    }

    /// Links `parent` and `target` (many_to_many): inserts a row of the join model holding
    /// both keys, its other columns taking their defaults (insert the join model yourself
    /// when it has columns without one). Returns rows affected.
    pub async fn attach(&self, parent: &P, target: &T, db: &impl Executor) -> Result<u64>
    where
        S: Links,
    {
        let Some(through) = self.def.through else {
            return Err(self.wrong_kind("attach", "many_to_many"));
        };
        let mut r = Render::new(db.backend());
        r.w.sql("INSERT INTO ").ident(through.table).sql(" (");
        r.w.ident(through.source).sql(", ").ident(through.target);
        r.w.sql(") VALUES (");
        let [source, target_key] = link_keys(parent, target)?;
        r.value(source);
        r.w.sql(", ");
        r.value(target_key);
        r.w.sql(")");
        let stmt = r.finish()?.on(through.table);
        Ok(db.execute(stmt).await?.rows_affected)
    }

    /// Unlinks `parent` and `target` (many_to_many): deletes their join rows. Returns rows
    /// affected (0 when they were not linked).
    pub async fn detach(&self, parent: &P, target: &T, db: &impl Executor) -> Result<u64>
    where
        S: Links,
    {
        let Some(through) = self.def.through else {
            return Err(self.wrong_kind("detach", "many_to_many"));
        };
        let [source, target_key] = link_keys(parent, target)?;
        let mut r = Render::new(db.backend());
        r.w.sql("DELETE FROM ").ident(through.table);
        r.w.sql(" WHERE ").ident(through.source).sql(" = ");
        r.value(source);
        r.w.sql(" AND ").ident(through.target).sql(" = ");
        r.value(target_key);
        let stmt = r.finish()?.on(through.table);
        Ok(db.execute(stmt).await?.rows_affected)
    }

    fn wrong_kind(&self, what: &str, kinds: &str) -> Error {
        let kind = self.def.kind;
        Error::InvalidInput(format!(
            "`{what}` works on {kinds} relations, and `{}` is {kind:?}",
            self.def.name
        ))
    }
}

/// The keys of a link: the parent's and the target's, one value each.
fn link_keys<P: Model, T: Model>(parent: &P, target: &T) -> Result<[Value; 2]> {
    let mut values = Vec::with_capacity(2);
    parent.key().push_values(&mut values);
    target.key().push_values(&mut values);
    values
        .try_into()
        .map_err(|_| Error::InvalidInput("many_to_many needs one-column keys".into()))
}
