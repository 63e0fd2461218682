//! [`Transaction`]: a guard over one pooled connection. It commits or rolls back explicitly,
//! rolls back when dropped, and nests as savepoints.

use crate::db::{Capabilities, Db, Rows};
use crate::executor::{Done, Executor};
use crate::pool::{Lease, Prepared};
use crate::render::Statement;
use crate::{Backend, Error, Result, Row};
use covet_sql::transaction as sql;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex as SyncMutex};
use tracing::Instrument as _;

type Hook = Box<dyn FnOnce() + Send>;

/// What the transaction and its savepoints share: the one connection, the hooks, and what
/// must happen before the next statement.
pub(crate) struct Shared {
    lease: tokio::sync::Mutex<Option<Lease>>,
    /// After-commit hooks, with the savepoint depth that registered them.
    hooks: SyncMutex<Vec<(u32, Hook)>>,
    /// The shallowest savepoint whose guard was dropped without commit: rolled back before the
    /// next statement, since a destructor cannot wait for the database.
    pending_rollback_to: SyncMutex<Option<u32>>,
    /// MariaDB's timeouts are session variables: the statements that restore them when the
    /// transaction ends.
    session_resets: Vec<&'static str>,
}

/// A database transaction (or, nested, a savepoint). Every statement run through it uses its
/// one connection. Dropping it without [`Transaction::commit`] rolls back.
#[must_use = "a transaction rolls back when dropped: call `.commit().await`"]
pub struct Transaction {
    shared: Arc<Shared>,
    db: Db,
    depth: u32,
    finished: bool,
}

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("backend", &self.db.backend())
            .field("depth", &self.depth)
            .finish_non_exhaustive()
    }
}

impl Transaction {
    /// Begins a transaction on a connection of `db`.
    pub(crate) async fn begin(
        db: &Db,
        shape: sql::TxShape,
        timeouts: Timeouts,
    ) -> Result<Transaction> {
        let backend = db.backend();
        let unsupported = |feature| Error::Unsupported { feature, backend };
        let begin = sql::begin(backend, shape).map_err(|sql::Unsupported(f)| unsupported(f))?;
        if backend == Backend::Sqlite {
            if timeouts.statement.is_some() {
                return Err(unsupported("statement timeouts"));
            }
            if timeouts.lock.is_some() {
                return Err(unsupported(
                    "per-transaction lock timeouts (use the busy timeout)",
                ));
            }
        }
        let mut lease = db.acquire_for_transaction().await?;
        let conn = lease.conn();
        conn.tx_open = true;
        for text in begin {
            conn.execute_control(text).await?;
        }
        let session_resets = timeouts.apply(conn, backend).await?;
        Ok(Transaction {
            shared: Arc::new(Shared {
                lease: tokio::sync::Mutex::new(Some(lease)),
                hooks: SyncMutex::new(Vec::new()),
                pending_rollback_to: SyncMutex::new(None),
                session_resets,
            }),
            db: db.clone(),
            depth: 0,
            finished: false,
        })
    }

    /// How deeply nested this guard is: 0 for the transaction, 1 for its first savepoint...
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// Runs `f` after the outermost transaction commits (never if it rolls back, or if the
    /// savepoint that registered it is rolled back).
    pub fn after_commit(&self, f: impl FnOnce() + Send + 'static) {
        if let Ok(mut hooks) = self.shared.hooks.lock() {
            hooks.push((self.depth, Box::new(f)));
        }
    }

    /// Opens a savepoint: a nested transaction whose rollback keeps the outer work.
    pub async fn savepoint(&self) -> Result<Transaction> {
        let depth = self.depth + 1;
        self.control(sql::savepoint(self.db.backend(), depth))
            .await?;
        Ok(Transaction {
            shared: Arc::clone(&self.shared),
            db: self.db.clone(),
            depth,
            finished: false,
        })
    }

    /// Runs `f` in a savepoint: released when `f` succeeds, rolled back (keeping the outer
    /// work) when it fails.
    pub async fn with_savepoint<T, F>(&self, f: F) -> Result<T>
    where
        F: for<'t> FnOnce(&'t Transaction) -> Pin<Box<dyn Future<Output = Result<T>> + Send + 't>>,
    {
        let sp = self.savepoint().await?;
        match f(&sp).await {
            Ok(v) => {
                sp.commit().await?;
                Ok(v)
            }
            Err(e) => {
                sp.rollback().await?;
                Err(e)
            }
        }
    }

    /// Commits: the transaction's work becomes visible and after-commit hooks run; for a
    /// savepoint, releases it into the enclosing transaction.
    pub async fn commit(mut self) -> Result<()> {
        self.finished = true;
        if self.depth > 0 {
            return self
                .control(sql::release(self.db.backend(), self.depth))
                .await;
        }
        self.flush_pending_rollback().await?;
        let mut guard = self.shared.lease.lock().await;
        let Some(mut lease) = guard.take() else {
            return Err(Error::InvalidInput(
                "the transaction has already ended".into(),
            ));
        };
        let conn = lease.conn();
        match conn.execute_control("COMMIT".to_owned()).await {
            Ok(()) => {}
            // The server answered: the commit failed and the transaction is rolled back (a
            // serialization failure at commit, say). Safe to report as it is.
            Err(e) if !conn.dirty => {
                conn.tx_open = false;
                return Err(e);
            }
            // No answer: the commit may or may not have happened.
            Err(e) => return Err(Error::CommitOutcomeUnknown(e.to_string())),
        }
        conn.tx_open = false;
        self.end_session_settings(&mut lease).await;
        drop(lease);
        let hooks = std::mem::take(&mut *self.shared.hooks.lock().map_err(|_| poisoned())?);
        for (_, hook) in hooks {
            hook();
        }
        Ok(())
    }

    /// Rolls back: the transaction's work is discarded; for a savepoint, only the work since it
    /// was opened.
    pub async fn rollback(mut self) -> Result<()> {
        self.finished = true;
        if self.depth > 0 {
            let backend = self.db.backend();
            self.control(sql::rollback_to(backend, self.depth)).await?;
            self.drop_hooks_from(self.depth);
            return self.control(sql::release(backend, self.depth)).await;
        }
        let mut guard = self.shared.lease.lock().await;
        let Some(mut lease) = guard.take() else {
            return Ok(());
        };
        let conn = lease.conn();
        conn.execute_control("ROLLBACK".to_owned()).await?;
        conn.tx_open = false;
        self.end_session_settings(&mut lease).await;
        self.drop_hooks_from(0);
        Ok(())
    }

    fn drop_hooks_from(&self, depth: u32) {
        if let Ok(mut hooks) = self.shared.hooks.lock() {
            hooks.retain(|(d, _)| *d < depth);
        }
    }

    /// Restores session settings the transaction changed, so the pooled connection goes back
    /// as it came.
    async fn end_session_settings(&self, lease: &mut Lease) {
        reset_session(lease, &self.shared.session_resets).await;
    }

    /// Runs transaction-control text on the connection.
    async fn control(&self, text: String) -> Result<()> {
        self.flush_pending_rollback().await?;
        let mut guard = self.shared.lease.lock().await;
        let lease = guard.as_mut().ok_or_else(ended)?;
        lease.conn().execute_control(text).await
    }

    /// Rolls back to a savepoint whose guard was dropped without commit.
    async fn flush_pending_rollback(&self) -> Result<()> {
        let pending = self
            .shared
            .pending_rollback_to
            .lock()
            .map_err(|_| poisoned())?
            .take();
        let Some(depth) = pending else { return Ok(()) };
        let backend = self.db.backend();
        let mut guard = self.shared.lease.lock().await;
        let lease = guard.as_mut().ok_or_else(ended)?;
        lease
            .conn()
            .execute_control(sql::rollback_to(backend, depth))
            .await?;
        lease
            .conn()
            .execute_control(sql::release(backend, depth))
            .await?;
        self.drop_hooks_from(depth);
        Ok(())
    }

    /// Runs one statement on the transaction's connection.
    async fn run<T: Rows>(
        &self,
        stmt: Statement,
        exchange: impl AsyncFnOnce(&mut crate::pool::Managed, Prepared) -> Result<T>,
    ) -> Result<T> {
        self.flush_pending_rollback().await?;
        let observed = self.db.observe(&stmt)?;
        let result = async {
            let prepared = Prepared::new(self.db.backend(), &stmt)?;
            let mut guard = self.shared.lease.lock().await;
            let lease = guard.as_mut().ok_or_else(ended)?;
            exchange(lease.conn(), prepared).await
        }
        .instrument(observed.span())
        .await;
        observed.finish(
            result.as_ref().ok().map(Rows::count),
            result.as_ref().err(),
            &stmt,
        );
        result
    }
}

fn ended() -> Error {
    Error::InvalidInput("the transaction has already ended".into())
}

fn poisoned() -> Error {
    Error::InvalidInput("a transaction hook panicked earlier".into())
}

/// Per-transaction timeouts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Timeouts {
    pub(crate) statement: Option<std::time::Duration>,
    pub(crate) lock: Option<std::time::Duration>,
}

impl Timeouts {
    /// Sets the timeouts on the transaction's connection; returns what restores them.
    async fn apply(
        self,
        conn: &mut crate::pool::Managed,
        backend: Backend,
    ) -> Result<Vec<&'static str>> {
        let mut resets = Vec::new();
        let ms = |d: std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        let mut settings = Vec::new();
        match backend {
            // `SET LOCAL` cannot take a parameter; `set_config(..., true)` is its bindable
            // form, and ends with the transaction.
            Backend::Postgres => {
                let set = "SELECT set_config($1, $2, true)";
                for (name, value) in [
                    ("statement_timeout", self.statement),
                    ("lock_timeout", self.lock),
                ] {
                    if let Some(d) = value {
                        let binds = vec![
                            crate::Value::Text(name.into()),
                            crate::Value::Text(format!("{}ms", ms(d))),
                        ];
                        settings.push(Statement::new(set, binds));
                    }
                }
            }
            // Session variables: restored when the transaction ends.
            _ => {
                if let Some(d) = self.statement {
                    settings.push(Statement::new(
                        "SET SESSION max_statement_time = ?",
                        vec![crate::Value::F64(ms(d) as f64 / 1000.0)],
                    ));
                    resets.push("SET SESSION max_statement_time = @@GLOBAL.max_statement_time");
                }
                if let Some(d) = self.lock {
                    // Whole seconds, at least one: InnoDB's unit.
                    let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX).max(1);
                    settings.push(Statement::new(
                        "SET SESSION innodb_lock_wait_timeout = ?",
                        vec![crate::Value::I64(secs)],
                    ));
                    resets.push(
                        "SET SESSION innodb_lock_wait_timeout = @@GLOBAL.innodb_lock_wait_timeout",
                    );
                }
            }
        }
        for stmt in settings {
            conn.fetch_all(Prepared::new(backend, &stmt)?).await?;
        }
        Ok(resets)
    }
}

/// Runs the statements that restore session settings; a connection that cannot is checked
/// before its next use.
async fn reset_session(lease: &mut Lease, resets: &[&'static str]) {
    for reset in resets {
        if lease
            .conn()
            .execute_control((*reset).to_owned())
            .await
            .is_err()
        {
            lease.conn().dirty = true;
        }
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if self.depth > 0 {
            if let Ok(mut pending) = self.shared.pending_rollback_to.lock() {
                *pending = Some(pending.map_or(self.depth, |d| d.min(self.depth)));
            }
            return;
        }
        // Roll back in the background so the connection returns clean at once; without a
        // runtime, the pool rolls it back before its next use (`tx_open` is still set).
        let Ok(mut guard) = self.shared.lease.try_lock() else {
            return;
        };
        let Some(mut lease) = guard.take() else {
            return;
        };
        let shared = Arc::clone(&self.shared);
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                let conn = lease.conn();
                if conn.execute_control("ROLLBACK".to_owned()).await.is_ok() {
                    conn.tx_open = false;
                }
                reset_session(&mut lease, &shared.session_resets).await;
                drop(lease);
            });
        }
    }
}

impl Executor for Transaction {
    async fn atomic(&self) -> Result<Transaction> {
        self.savepoint().await
    }

    fn backend(&self) -> Backend {
        self.db.backend()
    }

    fn capabilities(&self) -> &Capabilities {
        self.db.capabilities()
    }

    async fn fetch_all(&self, stmt: Statement) -> Result<Vec<Row>> {
        self.run(stmt, async |conn, p| conn.fetch_all(p).await)
            .await
    }

    async fn fetch_decoded<T: Send + 'static>(
        &self,
        stmt: Statement,
        decode: fn(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.run(stmt, async |conn, p| conn.fetch_decoded(p, decode).await)
            .await
    }

    async fn fetch_optional(&self, stmt: Statement) -> Result<Option<Row>> {
        self.run(stmt, async |conn, p| conn.fetch_optional(p).await)
            .await
    }

    async fn execute(&self, stmt: Statement) -> Result<Done> {
        self.run(stmt, async |conn, p| conn.execute(p).await).await
    }

    async fn copy_in(&self, stmt: Statement, data: Vec<Vec<u8>>) -> Result<u64> {
        let backend = self.db.backend();
        if backend != Backend::Postgres {
            return Err(Error::Unsupported {
                feature: "COPY FROM STDIN",
                backend,
            });
        }
        self.run(stmt, async move |conn, p| conn.copy_in(p, data).await)
            .await
    }
}
