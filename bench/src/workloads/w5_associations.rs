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
            queries: if self.eager {
                3
            } else {
                (1 + USERS + posts) as u64
            },
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
    /// The eager form only: the N+1 loop takes 0.1–0.4 s an operation on the servers.
    fn alloc_iterations(&self) -> Option<u64> {
        self.eager.then_some(10)
    }
    /// The N+1 loop is 1,101 round trips: a few operations per round are enough, and keep
    /// `--quick` under its minute (its 3 distinct statements are prepared by the first).
    fn fixed_iterations(&self, quick: bool) -> Option<u64> {
        match (self.eager, quick) {
            (true, _) => None,
            (false, true) => Some(1),
            (false, false) => Some(5),
        }
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
