//! W4 insert_batch: one insert of 1, 100 or 1,000 users into an emptied table; and the bulk
//! row on PostgreSQL: 100,000 users through each implementation's fastest loading path
//! (covet's COPY text path, the native driver's binary COPY, raw sqlx multi-row INSERTs), and
//! again with the stored rows read back.

use super::Workload;
use crate::Error;
use crate::data::Keys;
use crate::impls::{AnyClient, Client as _, Impl};

pub struct InsertBatch {
    pub size: usize,
}

fn check(workload: &str, inserted: u64, size: usize) -> Result<(), Error> {
    if inserted == size as u64 {
        Ok(())
    } else {
        Err(format!("{workload}: {inserted} rows inserted, expected {size}").into())
    }
}

impl Workload for InsertBatch {
    fn id(&self) -> &'static str {
        "W4"
    }
    fn name(&self) -> &'static str {
        "insert_batch"
    }
    fn size(&self) -> usize {
        self.size
    }
    fn users(&self) -> usize {
        0
    }
    fn subjects(&self) -> &'static [Impl] {
        &[
            Impl::Covet,
            Impl::RawSqlx,
            Impl::Native,
            Impl::Diesel,
            Impl::SeaOrm,
        ]
    }
    fn writes(&self) -> bool {
        true
    }
    async fn once(&self, client: &mut AnyClient, _keys: &mut Keys) -> Result<(), Error> {
        check("W4", client.insert_users(self.size).await?, self.size)
    }
}

/// Rows of the bulk row (issue 7's figure).
pub const BULK_ROWS: usize = 100_000;

pub struct Bulk {
    pub size: usize,
    /// Whether the stored rows are read back (`insert_many(..).exec`) or only counted (`load`).
    pub returning: bool,
}

impl Workload for Bulk {
    fn id(&self) -> &'static str {
        "W4"
    }
    fn name(&self) -> &'static str {
        if self.returning {
            "bulk_insert_returning"
        } else {
            "bulk_load"
        }
    }
    fn size(&self) -> usize {
        self.size
    }
    fn users(&self) -> usize {
        0
    }
    fn subjects(&self) -> &'static [Impl] {
        if self.returning {
            &[Impl::Covet, Impl::RawSqlx]
        } else {
            &[Impl::Covet, Impl::RawSqlx, Impl::Native]
        }
    }
    fn writes(&self) -> bool {
        true
    }
    fn fixed_iterations(&self, quick: bool) -> Option<u64> {
        Some(if quick { 1 } else { 3 })
    }
    async fn once(&self, client: &mut AnyClient, _keys: &mut Keys) -> Result<(), Error> {
        let stored = if self.returning {
            client.bulk_insert_returning(self.size).await?
        } else {
            client.bulk_load(self.size).await?
        };
        check("W4 bulk", stored, self.size)
    }
}
