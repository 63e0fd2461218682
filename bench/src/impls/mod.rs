//! The implementations under comparison, one module each. Every module answers the same
//! operations with its own idiomatic code and its own row type; the harness only sees the
//! id or the row count, which it checks.
//!
//! Adding an operation for a new workload: a method on [`Client`] (or [`PoolClient`]) with a
//! default of [`unsupported`], an arm in the `Any*` dispatch below, and the implementations
//! that can do it.

pub mod covet;
pub mod covet_assoc;
pub mod diesel;
pub mod native;
pub mod seaorm;
pub mod sqlx_raw;

use crate::Error;
use crate::backend::{Backend, Target};
use std::future::Future;

/// A column of the results table (and the two extra comparison rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Impl {
    /// covet through its `Db` (a pool of up to 10).
    Covet,
    /// covet through a `Db` whose pool has at most one connection.
    CovetPool1,
    /// Hand-written SQL on one bare sqlx connection: what covet adds on top of its driver.
    RawSqlx,
    /// The same through sqlx's own `Pool` (up to 10).
    SqlxPool,
    /// The backend's own driver: tokio-postgres (deadpool-postgres for pools), rusqlite,
    /// mysql_async.
    Native,
    /// diesel 2 (sync) on one connection.
    Diesel,
    /// sea-orm 2 (a sqlx pool of up to 10).
    SeaOrm,
}

impl Impl {
    pub fn label(self) -> &'static str {
        match self {
            Impl::Covet => "covet",
            Impl::CovetPool1 => "covet pool max 1",
            Impl::RawSqlx => "raw sqlx",
            Impl::SqlxPool => "raw sqlx Pool",
            Impl::Native => "native",
            Impl::Diesel => "diesel",
            Impl::SeaOrm => "sea-orm",
        }
    }

    pub const ALL: [Impl; 7] = [
        Impl::Covet,
        Impl::CovetPool1,
        Impl::RawSqlx,
        Impl::SqlxPool,
        Impl::Native,
        Impl::Diesel,
        Impl::SeaOrm,
    ];

    /// The label with `-` for spaces (`raw-sqlx-pool`), as `--only` takes it.
    pub fn parse(s: &str) -> Option<Impl> {
        Impl::ALL
            .into_iter()
            .find(|i| i.label().replace(' ', "-").eq_ignore_ascii_case(s))
    }
}

/// The native driver's name on `backend`, for the tables' headers.
pub fn native_name(backend: Backend, pooled: bool) -> &'static str {
    match (backend, pooled) {
        (Backend::Postgres, false) => "tokio-postgres",
        (Backend::Postgres, true) => "deadpool-postgres",
        (Backend::MySql, false) => "mysql_async",
        (Backend::MySql, true) => "mysql_async Pool",
        (Backend::Sqlite, false) => "rusqlite",
        (Backend::Sqlite, true) => "n/a",
    }
}

/// For operations an implementation cannot express (yet): the harness leaves it out.
pub fn unsupported<T>() -> Result<T, Error> {
    Err("unsupported".into())
}

/// One implementation driven by one task on a current-thread runtime, one operation at a time.
// No `Send` bound on the futures: W1/W2 run on a current-thread runtime.
#[allow(async_fn_in_trait)]
pub trait Client {
    /// W1: the user with primary key `id`, decoded into the implementation's row type; its id.
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error>;
    /// W2: every user, decoded; how many.
    async fn all_users(&mut self) -> Result<usize, Error>;
    /// W3: users with black hair LEFT JOIN their posts, decoded as `(User, Option<Post>)`;
    /// how many pairs.
    async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        unsupported()
    }
    /// W5: every user with its posts and their comments (`eager`: one query per level;
    /// otherwise one per parent); the shape and the queries sent.
    async fn associations(&mut self, _eager: bool) -> Result<Tree, Error> {
        unsupported()
    }
    /// W4: inserts users `1..=n` (see [`crate::data::user_name`]) in one operation,
    /// its idiomatic way; how many rows it reports inserted.
    async fn insert_users(&mut self, _n: usize) -> Result<u64, Error> {
        unsupported()
    }
    /// The bulk row (PostgreSQL): the fastest way each offers to load `n` users (covet's
    /// `insert_many(..).load`, a native binary COPY, raw sqlx multi-row INSERTs in one
    /// transaction); how many rows were stored.
    async fn bulk_load(&mut self, _n: usize) -> Result<u64, Error> {
        unsupported()
    }
    /// The bulk row with the stored rows read back (covet's `insert_many(..).exec`, raw sqlx
    /// `INSERT .. RETURNING`); how many rows came back.
    async fn bulk_insert_returning(&mut self, _n: usize) -> Result<u64, Error> {
        unsupported()
    }
}

/// W5's result as the harness checks it: how many of each level, and how many statements the
/// operation sent (covet's own counter; the others count the statements they send).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tree {
    pub users: usize,
    pub posts: usize,
    pub comments: usize,
    pub queries: u64,
}

/// A user's posts, each with its comments.
pub type Children<P, C> = Vec<(P, Vec<C>)>;
/// W5's result: `Vec<(User, Vec<(Post, Vec<Comment>)>)>`.
pub type Nested<U, P, C> = Vec<(U, Children<P, C>)>;

impl Tree {
    /// The shape of `Vec<(User, Vec<(Post, Vec<Comment>)>)>`; `queries` left for the caller.
    pub fn of<U, P, C>(users: &[(U, Children<P, C>)]) -> Tree {
        let mut tree = Tree {
            users: users.len(),
            ..Tree::default()
        };
        for (_, posts) in users {
            tree.posts += posts.len();
            tree.comments += posts.iter().map(|(_, c)| c.len()).sum::<usize>();
        }
        tree
    }
}

/// Every implementation, dispatched by a `match`: one predictable branch per operation, the
/// same for all, and no boxed future to allocate (which the allocation pass would count).
pub enum AnyClient {
    Covet(covet::Conn),
    RawSqlx(sqlx_raw::Conn),
    SqlxPool(sqlx_raw::Pool),
    Native(native::Conn),
    Diesel(diesel::Conn),
    SeaOrm(seaorm::Conn),
}

macro_rules! dispatch {
    ($self:ident, $c:ident => $call:expr) => {
        match $self {
            AnyClient::Covet($c) => $call.await,
            AnyClient::RawSqlx($c) => $call.await,
            AnyClient::SqlxPool($c) => $call.await,
            AnyClient::Native($c) => $call.await,
            AnyClient::Diesel($c) => $call.await,
            AnyClient::SeaOrm($c) => $call.await,
        }
    };
}

impl Client for AnyClient {
    async fn pk_lookup(&mut self, id: i32) -> Result<Option<i32>, Error> {
        dispatch!(self, c => c.pk_lookup(id))
    }
    async fn all_users(&mut self) -> Result<usize, Error> {
        dispatch!(self, c => c.all_users())
    }
    async fn black_haired_with_posts(&mut self) -> Result<usize, Error> {
        dispatch!(self, c => c.black_haired_with_posts())
    }
    async fn associations(&mut self, eager: bool) -> Result<Tree, Error> {
        dispatch!(self, c => c.associations(eager))
    }
    async fn insert_users(&mut self, n: usize) -> Result<u64, Error> {
        dispatch!(self, c => c.insert_users(n))
    }
    async fn bulk_load(&mut self, n: usize) -> Result<u64, Error> {
        dispatch!(self, c => c.bulk_load(n))
    }
    async fn bulk_insert_returning(&mut self, n: usize) -> Result<u64, Error> {
        dispatch!(self, c => c.bulk_insert_returning(n))
    }
}

/// Connects `which` to the benchmark database; `None` when it has no form on this backend.
pub async fn connect(which: Impl, target: &Target) -> Result<Option<AnyClient>, Error> {
    Ok(Some(match which {
        Impl::Covet => AnyClient::Covet(covet::Conn::connect(target, POOL_SIZE).await?),
        Impl::CovetPool1 => AnyClient::Covet(covet::Conn::connect(target, 1).await?),
        Impl::RawSqlx => AnyClient::RawSqlx(sqlx_raw::Conn::connect(target).await?),
        Impl::SqlxPool => AnyClient::SqlxPool(sqlx_raw::Pool::connect(target, POOL_SIZE).await?),
        Impl::Native => AnyClient::Native(native::Conn::connect(target).await?),
        Impl::Diesel => AnyClient::Diesel(diesel::Conn::connect(target)?),
        Impl::SeaOrm => AnyClient::SeaOrm(seaorm::Conn::connect(target, POOL_SIZE).await?),
    }))
}

/// Pool size for every pooled implementation (covet's default, and W6's).
pub const POOL_SIZE: u32 = 10;

/// How long a pooled implementation waits for a connection before reporting a timeout.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Why one pooled operation failed: the spec counts pool timeouts apart from other errors.
#[derive(Debug)]
pub enum OpError {
    Timeout,
    Other(Error),
}

impl OpError {
    pub fn other(e: impl Into<Error>) -> OpError {
        OpError::Other(e.into())
    }
}

/// One implementation's pool, shared by many tasks on a multi-thread runtime (W6).
pub trait PoolClient: Send + Sync + 'static {
    fn pk_lookup(&self, id: i32) -> impl Future<Output = Result<Option<i32>, OpError>> + Send;
}

pub enum AnyPool {
    Covet(covet::Conn),
    SqlxPool(sqlx_raw::Pool),
    Native(native::Pool),
    SeaOrm(seaorm::Conn),
}

impl PoolClient for AnyPool {
    async fn pk_lookup(&self, id: i32) -> Result<Option<i32>, OpError> {
        match self {
            AnyPool::Covet(p) => p.pooled_lookup(id).await,
            AnyPool::SqlxPool(p) => p.pooled_lookup(id).await,
            AnyPool::Native(p) => p.pooled_lookup(id).await,
            AnyPool::SeaOrm(p) => p.pooled_lookup(id).await,
        }
    }
}

/// A pool of `size` for `which`, or `None` when it has no pooled async form here (diesel is
/// synchronous; rusqlite has no async pool).
pub async fn connect_pool(
    which: Impl,
    target: &Target,
    size: u32,
) -> Result<Option<AnyPool>, Error> {
    Ok(Some(match which {
        Impl::Covet => AnyPool::Covet(covet::Conn::connect(target, size).await?),
        Impl::SqlxPool => AnyPool::SqlxPool(sqlx_raw::Pool::connect(target, size).await?),
        Impl::Native => match native::Pool::connect(target, size).await? {
            Some(p) => AnyPool::Native(p),
            None => return Ok(None),
        },
        Impl::SeaOrm => AnyPool::SeaOrm(seaorm::Conn::connect(target, size).await?),
        Impl::CovetPool1 | Impl::RawSqlx | Impl::Diesel => return Ok(None),
    }))
}
