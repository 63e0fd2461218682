//! covet's connection pool: deadpool managing sqlx connections.
//!
//! sqlx's own pool pings every connection when it is returned, which doubles the round trips
//! of every statement run through it. Here a connection returned after a statement that
//! completed goes straight back to the pool; one abandoned mid-statement is discarded before
//! anyone else can get it. See [`manager`] for that rule.

mod conn;
mod manager;
mod metrics;

pub(crate) use conn::{Conn, Managed, Prepared};
pub(crate) use manager::{ConnectTo, Recycling};

use crate::{Backend, Error, Result};
use deadpool::managed::{Object, PoolError, TimeoutType, Timeouts};
use manager::Manager;
use metrics::PoolMetrics;
use std::panic::Location;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A snapshot of the pool's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolStatus {
    /// The most connections the pool opens.
    pub max_size: usize,
    /// Connections open now.
    pub size: usize,
    /// Open connections waiting in the pool.
    pub idle: usize,
    /// Open connections checked out.
    pub in_use: usize,
    /// Callers waiting for a connection.
    pub waiting: usize,
}

/// Everything needed to build a [`Pool`].
pub(crate) struct PoolConfig {
    pub(crate) to: ConnectTo,
    pub(crate) backend: Backend,
    pub(crate) max_size: usize,
    pub(crate) min_idle: usize,
    pub(crate) acquire_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) recycling: Recycling,
    pub(crate) hold_warning: Option<Duration>,
}

pub(crate) struct Pool {
    pool: deadpool::managed::Pool<Manager>,
    metrics: PoolMetrics,
    hold_warning: Option<Duration>,
}

/// A connection checked out of the pool; it goes back when dropped. It owns a handle to the
/// pool, so a transaction can keep one for as long as it lives.
pub(crate) struct Lease {
    obj: Object<Manager>,
    acquired: Instant,
    pool: Arc<Pool>,
    /// The caller's code that asked for the connection, named in the hold warning.
    origin: Option<&'static Location<'static>>,
}

impl Pool {
    pub(crate) fn new(config: PoolConfig) -> Result<Arc<Self>> {
        let metrics = PoolMetrics::new(config.backend);
        let manager = Manager {
            to: config.to,
            recycling: config.recycling,
            metrics: metrics.clone(),
        };
        let timeouts = Timeouts {
            wait: Some(config.acquire_timeout),
            create: Some(config.connect_timeout),
            // A dirty connection's ping that does not answer in time is discarded.
            recycle: Some(config.connect_timeout),
        };
        let pool = deadpool::managed::Pool::builder(manager)
            .max_size(config.max_size)
            .timeouts(timeouts)
            .runtime(deadpool::Runtime::Tokio1)
            .build()
            .map_err(|e| Error::InvalidInput(format!("pool settings: {e}")))?;
        let pool = Self {
            pool,
            metrics,
            hold_warning: config.hold_warning,
        };
        pool.spawn_reaper(config.recycling, config.min_idle);
        Ok(Arc::new(pool))
    }

    pub(crate) async fn acquire(
        self: &Arc<Self>,
        origin: Option<&'static Location<'static>>,
    ) -> Result<Lease> {
        let started = Instant::now();
        let obj = self.pool.get().await.map_err(|e| self.acquire_error(e))?;
        self.metrics
            .acquire_seconds
            .record(started.elapsed().as_secs_f64());
        self.update_gauges();
        Ok(Lease {
            obj,
            acquired: Instant::now(),
            pool: Arc::clone(self),
            origin,
        })
    }

    fn acquire_error(&self, e: PoolError<sqlx::Error>) -> Error {
        match e {
            PoolError::Timeout(TimeoutType::Wait) => {
                self.metrics.acquire_timeouts.increment(1);
                Error::PoolTimeout
            }
            PoolError::Timeout(_) => Error::Connection("timed out opening a connection".into()),
            PoolError::Backend(e) => match Error::from(e) {
                // Refused logins and the like arrive as database errors: to the caller they
                // mean the database cannot be reached.
                Error::Database { code, message } => Error::Connection(match code {
                    Some(code) => format!("{code}: {message}"),
                    None => message,
                }),
                other => other,
            },
            PoolError::Closed => Error::Connection("the pool is closed".into()),
            other => Error::Connection(other.to_string()),
        }
    }

    fn update_gauges(&self) {
        let s = self.status();
        self.metrics.in_use.set(s.in_use as f64);
        self.metrics.idle.set(s.idle as f64);
    }

    pub(crate) fn status(&self) -> PoolStatus {
        let s = self.pool.status();
        PoolStatus {
            max_size: s.max_size,
            size: s.size,
            idle: s.available,
            in_use: s.size.saturating_sub(s.available),
            waiting: s.waiting,
        }
    }

    /// Opens connections until `n` are open, so the first requests do not pay for them.
    pub(crate) async fn warm_up(self: &Arc<Self>, n: usize) -> Result<()> {
        let mut leases = Vec::with_capacity(n);
        for _ in 0..n.min(self.status().max_size) {
            leases.push(self.acquire(None).await?);
        }
        drop(leases);
        Ok(())
    }

    pub(crate) fn close(&self) {
        self.pool.close();
    }

    /// A new connection made as the pool makes its own, that the caller keeps.
    pub(crate) async fn open_detached(&self) -> Result<Conn> {
        use deadpool::managed::Manager as _;
        let managed = self
            .pool
            .manager()
            .create()
            .await
            .map_err(|e| self.acquire_error(PoolError::Backend(e)))?;
        Ok(managed.conn)
    }

    /// Closes idle connections past their idle timeout or lifetime in the background, keeping
    /// `min_idle` open. The task ends when the pool is dropped.
    fn spawn_reaper(&self, recycling: Recycling, min_idle: usize) {
        let limits = [recycling.idle_timeout, recycling.max_lifetime];
        let Some(shortest) = limits.into_iter().flatten().min() else {
            return;
        };
        let every = (shortest / 2).clamp(Duration::from_millis(100), Duration::from_secs(30));
        let weak = self.pool.weak();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(pool) = weak.upgrade() else { break };
                let mut spare = pool.status().size.saturating_sub(min_idle);
                let removed = pool.retain(|_, m| {
                    let expired = recycling.max_lifetime.is_some_and(|max| m.age() >= max)
                        || recycling
                            .idle_timeout
                            .is_some_and(|max| m.last_used() >= max);
                    if expired && spare > 0 {
                        spare -= 1;
                        return false;
                    }
                    true
                });
                for conn in removed.removed {
                    conn.close().await;
                }
            }
        });
    }
}

impl Lease {
    pub(crate) fn conn(&mut self) -> &mut Managed {
        &mut self.obj
    }

    pub(crate) async fn ping(&mut self) -> Result<()> {
        Ok(self.obj.ping().await?)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let held = self.acquired.elapsed();
        if let Some(limit) = self.pool.hold_warning.filter(|limit| held > *limit) {
            let origin = self
                .origin
                .map_or_else(|| "unknown".to_owned(), ToString::to_string);
            tracing::warn!(
                held_ms = held.as_millis() as u64,
                limit_ms = limit.as_millis() as u64,
                origin = %origin,
                "a pooled connection was held longer than the warning threshold"
            );
        }
        // The object returns to the pool after this body; count it as idle already.
        let s = self.pool.status();
        self.pool
            .metrics
            .in_use
            .set(s.in_use.saturating_sub(1) as f64);
        self.pool.metrics.idle.set((s.idle + 1) as f64);
    }
}
