//! The pool's metrics, through the `metrics` facade (a no-op until the application installs
//! a recorder). Handles are registered once per pool so the hot path only touches atomics.
//!
//! | name | kind | meaning |
//! | --- | --- | --- |
//! | `covet_pool_connections_in_use` | gauge | connections checked out |
//! | `covet_pool_connections_idle` | gauge | connections waiting in the pool |
//! | `covet_pool_acquire_seconds` | histogram | time to check a connection out |
//! | `covet_pool_acquire_timeouts_total` | counter | checkouts that gave up |
//! | `covet_pool_connections_opened_total` | counter | connections opened |
//! | `covet_pool_connections_closed_total` | counter | connections closed or discarded |
//!
//! Every metric carries the label `db_system` (`postgresql`, `mysql`, `sqlite`).

use covet_sql::Backend;
use metrics::{Counter, Gauge, Histogram};

#[derive(Clone)]
pub(crate) struct PoolMetrics {
    pub(crate) in_use: Gauge,
    pub(crate) idle: Gauge,
    pub(crate) acquire_seconds: Histogram,
    pub(crate) acquire_timeouts: Counter,
    pub(crate) opened: Counter,
    pub(crate) closed: Counter,
}

impl PoolMetrics {
    pub(crate) fn new(backend: Backend) -> Self {
        let system = backend.name();
        Self {
            in_use: metrics::gauge!("covet_pool_connections_in_use", "db_system" => system),
            idle: metrics::gauge!("covet_pool_connections_idle", "db_system" => system),
            acquire_seconds: metrics::histogram!("covet_pool_acquire_seconds", "db_system" => system),
            acquire_timeouts: metrics::counter!("covet_pool_acquire_timeouts_total", "db_system" => system),
            opened: metrics::counter!("covet_pool_connections_opened_total", "db_system" => system),
            closed: metrics::counter!("covet_pool_connections_closed_total", "db_system" => system),
        }
    }
}
