//! W3 medium_complex: users LEFT JOIN posts WHERE hair_color = 'black', decoded as
//! `(User, Option<Post>)`, on tables of 100 and 10,000 users. As in diesel's own benchmark the
//! users have no posts, so every pair carries `None` and half the users come back.

use super::Workload;
use crate::Error;
use crate::data::Keys;
use crate::impls::{AnyClient, Client as _, Impl};

pub struct MediumComplex {
    pub size: usize,
}

impl Workload for MediumComplex {
    fn id(&self) -> &'static str {
        "W3"
    }
    fn name(&self) -> &'static str {
        "medium_complex"
    }
    fn size(&self) -> usize {
        self.size
    }
    fn users(&self) -> usize {
        self.size
    }
    fn subjects(&self) -> &'static [Impl] {
        // covet has no join API yet: it answers `unsupported` and its cell reads n/a.
        &[
            Impl::Covet,
            Impl::RawSqlx,
            Impl::Native,
            Impl::Diesel,
            Impl::SeaOrm,
        ]
    }
    async fn once(&self, client: &mut AnyClient, _keys: &mut Keys) -> Result<(), Error> {
        let n = client.black_haired_with_posts().await?;
        if n == self.size / 2 {
            Ok(())
        } else {
            Err(format!("W3: {n} rows, expected {}", self.size / 2).into())
        }
    }
}
