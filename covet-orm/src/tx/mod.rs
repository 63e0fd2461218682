//! Transactions: a guard ([`Transaction`]) and a closure form ([`TransactionRun`]) that runs
//! the whole transaction again after a conflict, with backoff and jitter.
//!
//! ```no_run
//! # use covet_orm::{Db, Isolation, Retry};
//! # async fn f(db: &Db) -> covet_orm::Result<()> {
//! let moved = db
//!     .transaction(|tx| Box::pin(async move {
//!         // ... statements with `tx` as the executor ...
//!         Ok(1)
//!     }))
//!     .isolation(Isolation::Serializable)
//!     .retry(Retry::default())
//!     .await?;
//! # Ok(()) }
//! ```

mod guard;
mod retry;

pub use covet_sql::transaction::{Isolation, SqliteMode};
pub use guard::Transaction;
pub use retry::Retry;

use crate::db::Db;
use crate::{Error, Result};
use covet_sql::transaction::TxShape;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

/// The future a transaction body returns.
pub type TxFuture<'t, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 't>>;

/// Options of a transaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TxOptions {
    shape: TxShape,
    timeouts: guard::Timeouts,
}

impl TxOptions {
    /// The isolation level (PostgreSQL, MariaDB; SQLite only has serializable).
    pub fn isolation(mut self, level: Isolation) -> Self {
        self.shape.isolation = Some(level);
        self
    }

    /// A read-only transaction (PostgreSQL, MariaDB).
    pub fn read_only(mut self) -> Self {
        self.shape.read_only = true;
        self
    }

    /// SQLite's locking mode; `Immediate` makes writers wait at `BEGIN` rather than fail later.
    pub fn sqlite_mode(mut self, mode: SqliteMode) -> Self {
        self.shape.sqlite_mode = mode;
        self
    }

    /// Cancels any statement of the transaction that runs longer than `timeout` (PostgreSQL,
    /// MariaDB).
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.statement = Some(timeout);
        self
    }

    /// Fails a statement that waits longer than `timeout` for a row lock, with a retryable
    /// lock-timeout error (PostgreSQL; MariaDB in whole seconds, at least one).
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.lock = Some(timeout);
        self
    }
}

impl Db {
    /// Begins a transaction with default options.
    pub async fn begin(&self) -> Result<Transaction> {
        self.begin_with(TxOptions::default()).await
    }

    /// Begins a transaction; a backend that cannot honour an option fails with
    /// [`Error::Unsupported`] and nothing is sent.
    pub async fn begin_with(&self, options: TxOptions) -> Result<Transaction> {
        Transaction::begin(self, options.shape, options.timeouts).await
    }

    /// Runs `body` in a transaction: committed when it returns `Ok`, rolled back when it
    /// returns `Err`. Add `.retry(Retry::default())` to run it again after conflicts.
    pub fn transaction<T, F>(&self, body: F) -> TransactionRun<'_, F>
    where
        F: for<'t> FnMut(&'t Transaction) -> TxFuture<'t, T> + Send,
        T: Send,
    {
        TransactionRun {
            db: self,
            body,
            options: TxOptions::default(),
            retry: Retry::never(),
        }
    }
}

/// A transaction body with its options; `.await` runs it.
#[must_use = "a transaction runs only when awaited"]
pub struct TransactionRun<'db, F> {
    db: &'db Db,
    body: F,
    options: TxOptions,
    retry: Retry,
}

impl<F> TransactionRun<'_, F> {
    /// The isolation level.
    pub fn isolation(mut self, level: Isolation) -> Self {
        self.options = self.options.isolation(level);
        self
    }

    /// A read-only transaction.
    pub fn read_only(mut self) -> Self {
        self.options = self.options.read_only();
        self
    }

    /// SQLite's locking mode.
    pub fn sqlite_mode(mut self, mode: SqliteMode) -> Self {
        self.options = self.options.sqlite_mode(mode);
        self
    }

    /// A statement timeout for every statement of the transaction.
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.options = self.options.statement_timeout(timeout);
        self
    }

    /// A lock wait timeout for every statement of the transaction.
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.options = self.options.lock_timeout(timeout);
        self
    }

    /// Runs the whole transaction again after a retryable error
    /// ([`Error::is_retryable`]): never after a commit whose outcome is unknown.
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }
}

impl<'db, T, F> IntoFuture for TransactionRun<'db, F>
where
    F: for<'t> FnMut(&'t Transaction) -> TxFuture<'t, T> + Send + 'db,
    T: Send + 'db,
{
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'db>>;

    fn into_future(self) -> Self::IntoFuture {
        let TransactionRun {
            db,
            mut body,
            options,
            retry,
        } = self;
        Box::pin(async move {
            let mut attempt = 1;
            loop {
                let error = match attempt_once(db, options, &mut body).await {
                    Ok(value) => return Ok(value),
                    Err(e) => e,
                };
                if !error.is_retryable() || attempt >= retry.max_attempts {
                    return Err(error);
                }
                tokio::time::sleep(retry.backoff(attempt, retry::entropy())).await;
                attempt += 1;
            }
        })
    }
}

/// One run of the body: begin, body, then commit or roll back.
async fn attempt_once<T, F>(db: &Db, options: TxOptions, body: &mut F) -> Result<T>
where
    F: for<'t> FnMut(&'t Transaction) -> TxFuture<'t, T>,
{
    let tx = db.begin_with(options).await?;
    match body(&tx).await {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(error) => {
            // MariaDB's lock wait timeout rolls back only the statement; rolling back the
            // whole transaction here is what makes running it again safe.
            if let Err(rollback) = tx.rollback().await {
                return Err(match error {
                    Error::Conflict { .. } => rollback,
                    e => e,
                });
            }
            Err(error)
        }
    }
}
