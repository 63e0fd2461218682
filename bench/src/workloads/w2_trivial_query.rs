//! W2 trivial_query: every row of a table of 1, 100 or 10,000 users.

use super::Workload;
use crate::Error;
use crate::data::Keys;
use crate::impls::{AnyClient, Client as _, Impl};

pub struct TrivialQuery {
    pub size: usize,
}

impl Workload for TrivialQuery {
    fn id(&self) -> &'static str {
        "W2"
    }
    fn name(&self) -> &'static str {
        "trivial_query"
    }
    fn size(&self) -> usize {
        self.size
    }
    fn users(&self) -> usize {
        self.size
    }
    fn subjects(&self) -> &'static [Impl] {
        &[
            Impl::Covet,
            Impl::RawSqlx,
            Impl::SqlxPool,
            Impl::Native,
            Impl::Diesel,
            Impl::SeaOrm,
        ]
    }
    fn alloc_iterations(&self) -> Option<u64> {
        (self.size == 10_000).then_some(10)
    }
    async fn once(&self, client: &mut AnyClient, _keys: &mut Keys) -> Result<(), Error> {
        let n = client.all_users().await?;
        if n == self.size {
            Ok(())
        } else {
            Err(format!("W2: {n} rows, expected {}", self.size).into())
        }
    }
}
