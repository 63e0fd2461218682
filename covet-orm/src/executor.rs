//! [`Executor`]: what runs statements. The database handle implements it; transactions will
//! too, so every query and CRUD call takes `&impl Executor`.

use crate::db::Capabilities;
use crate::render::Statement;
use crate::{Backend, Result, Row};
use std::future::Future;

/// The outcome of a statement that returns no rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Done {
    /// Rows inserted, updated or deleted: `u64` on every backend.
    pub rows_affected: u64,
    /// The id of the last auto-increment insert (MySQL, SQLite).
    pub last_insert_id: Option<i64>,
}

impl Done {
    pub(crate) fn new(rows_affected: u64, last_insert_id: Option<i64>) -> Self {
        Self {
            rows_affected,
            last_insert_id,
        }
    }
}

/// Runs statements on one backend.
pub trait Executor: Send + Sync {
    /// The backend statements run on.
    fn backend(&self) -> Backend;
    /// What the server can do.
    fn capabilities(&self) -> &Capabilities;
    /// Runs `stmt` and returns every row.
    fn fetch_all(&self, stmt: Statement) -> impl Future<Output = Result<Vec<Row>>> + Send;
    /// Runs `stmt` and decodes every row with `decode`, in order. Executors on a connection
    /// decode each row as it arrives, so a large result is not held as rows and models at
    /// once; the default decodes after [`Executor::fetch_all`].
    fn fetch_decoded<T: Send + 'static>(
        &self,
        stmt: Statement,
        decode: fn(&Row) -> Result<T>,
    ) -> impl Future<Output = Result<Vec<T>>> + Send {
        async move { self.fetch_all(stmt).await?.iter().map(decode).collect() }
    }
    /// Runs `stmt` and returns its first row, if any.
    fn fetch_optional(&self, stmt: Statement) -> impl Future<Output = Result<Option<Row>>> + Send;
    /// Runs `stmt` and reports how many rows it changed.
    fn execute(&self, stmt: Statement) -> impl Future<Output = Result<Done>> + Send;
    /// Runs PostgreSQL's `COPY ... FROM STDIN` (the text of `stmt`, from covet's writer) with
    /// `data` in COPY's text format; returns rows copied. Other backends, and executors that
    /// cannot stream, refuse with [`crate::Error::Unsupported`].
    fn copy_in(
        &self,
        stmt: Statement,
        data: Vec<Vec<u8>>,
    ) -> impl Future<Output = Result<u64>> + Send {
        let _ = (stmt, data);
        let backend = self.backend();
        async move {
            Err(crate::Error::Unsupported {
                feature: "COPY FROM STDIN",
                backend,
            })
        }
    }
    /// A unit of work that commits or rolls back as a whole: a new transaction on a database
    /// handle, a savepoint inside a transaction.
    fn atomic(&self) -> impl Future<Output = Result<crate::Transaction>> + Send;
    /// Whether statements run inside an open transaction, where a failed statement must be
    /// fenced by a savepoint (PostgreSQL aborts the whole transaction otherwise). `true`
    /// unless the executor knows better: the safe answer.
    fn in_transaction(&self) -> bool {
        true
    }
}
