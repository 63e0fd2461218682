//! W1 pk_lookup: one row by primary key from a 10,000-row table, keys from a seeded generator.
//! Also run through covet's pool of max 1 and sqlx's `Pool`, for the two comparison rows.

use super::Workload;
use crate::Error;
use crate::data::Keys;
use crate::impls::{AnyClient, Client as _, Impl};

pub struct PkLookup;

pub const USERS: usize = 10_000;

impl Workload for PkLookup {
    fn id(&self) -> &'static str {
        "W1"
    }
    fn name(&self) -> &'static str {
        "pk_lookup"
    }
    fn size(&self) -> usize {
        USERS
    }
    fn users(&self) -> usize {
        USERS
    }
    fn subjects(&self) -> &'static [Impl] {
        &[
            Impl::Covet,
            Impl::CovetPool1,
            Impl::RawSqlx,
            Impl::SqlxPool,
            Impl::Native,
            Impl::Diesel,
            Impl::SeaOrm,
        ]
    }
    fn alloc_iterations(&self) -> Option<u64> {
        Some(200)
    }
    async fn once(&self, client: &mut AnyClient, keys: &mut Keys) -> Result<(), Error> {
        let id = keys.next_key();
        match client.pk_lookup(id).await? {
            Some(found) if found == id => Ok(()),
            other => Err(format!("W1: key {id} gave {other:?}, expected exactly that row").into()),
        }
    }
}
