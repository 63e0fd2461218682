//! W5 associations: 100 users × 10 posts × 10 comments read as
//! `Vec<(User, Vec<(Post, Vec<Comment>)>)>` (or covet's models with their relations loaded),
//! eagerly (3 queries) and by the naive N+1 loop (1 + 100 + 1,000 = 1,101 queries). Every
//! operation checks the shape and the number of queries it sent.

use super::Workload;
use crate::Error;
use crate::data::{COMMENTS_PER_POST, Keys, POSTS_PER_USER};
use crate::impls::{AnyClient, Client as _, Impl, Tree};

pub const USERS: usize = 100;

pub struct Associations {
    pub eager: bool,
}

impl Associations {
    fn expected(&self) -> Tree {
        let posts = USERS * POSTS_PER_USER;
        Tree {
            users: USERS,
            posts,
            comments: posts * COMMENTS_PER_POST,
            queries: if self.eager { 3 } else { (1 + USERS + posts) as u64 },
        }
    }
}

impl Workload for Associations {
    fn id(&self) -> &'static str {
        "W5"
    }
    fn name(&self) -> &'static str {
        if self.eager {
            "associations eager (3 queries)"
        } else {
            "associations N+1 (1,101 queries)"
        }
    }
    fn size(&self) -> usize {
        USERS
    }
    fn users(&self) -> usize {
        USERS
    }
    fn related(&self) -> bool {
        true
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
    fn alloc_iterations(&self) -> Option<u64> {
        Some(if self.eager { 20 } else { 3 })
    }
    async fn once(&self, client: &mut AnyClient, _keys: &mut Keys) -> Result<(), Error> {
        let got = client.associations(self.eager).await?;
        let want = self.expected();
        if got == want {
            Ok(())
        } else {
            Err(format!("W5: {got:?}, expected {want:?}").into())
        }
    }
}
