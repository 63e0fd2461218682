//! The deadpool [`Manager`](deadpool::managed::Manager) for sqlx connections: creates them,
//! and on checkout decides whether a returned connection may be handed out again.
//!
//! This is where covet's pool differs from sqlx's: a connection that comes back after a
//! statement that completed is handed out again without a round trip. One that was abandoned
//! mid-statement (dirty) is discarded; one the user asked to test is pinged first.

use super::conn::{Conn, Managed};
use super::metrics::PoolMetrics;
use deadpool::managed::{Metrics, RecycleError, RecycleResult};
use sqlx::ConnectOptions as _;
use sqlx::mysql::MySqlConnectOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use std::time::Duration;

/// Where new connections go.
pub(crate) enum ConnectTo {
    Postgres(PgConnectOptions),
    MySql(MySqlConnectOptions),
    Sqlite(SqliteConnectOptions),
}

/// Age limits and checks applied when a connection is checked out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recycling {
    pub(crate) idle_timeout: Option<Duration>,
    pub(crate) max_lifetime: Option<Duration>,
    pub(crate) test_before_acquire: bool,
}

pub(crate) struct Manager {
    pub(crate) to: ConnectTo,
    pub(crate) recycling: Recycling,
    pub(crate) metrics: PoolMetrics,
}

impl deadpool::managed::Manager for Manager {
    type Type = Managed;
    type Error = sqlx::Error;

    async fn create(&self) -> Result<Managed, sqlx::Error> {
        let conn = match &self.to {
            ConnectTo::Postgres(o) => Conn::Postgres(o.connect().await?),
            ConnectTo::MySql(o) => Conn::MySql(o.connect().await?),
            ConnectTo::Sqlite(o) => Conn::Sqlite(o.connect().await?),
        };
        self.metrics.opened.increment(1);
        Ok(Managed {
            conn,
            dirty: false,
            tx_open: false,
        })
    }

    async fn recycle(&self, obj: &mut Managed, metrics: &Metrics) -> RecycleResult<sqlx::Error> {
        let r = self.recycling;
        if r.max_lifetime.is_some_and(|max| metrics.age() >= max) {
            return Err(RecycleError::message(
                "connection reached its maximum lifetime",
            ));
        }
        if r.idle_timeout.is_some_and(|max| metrics.last_used() >= max) {
            return Err(RecycleError::message("connection was idle too long"));
        }
        if obj.tx_open {
            // A transaction guard dropped where it could not roll back (no runtime to spawn
            // on): roll back now, before anyone else uses the connection.
            obj.execute_control("ROLLBACK".to_owned())
                .await
                .map_err(|e| {
                    RecycleError::message(format!(
                        "rollback of an abandoned transaction failed: {e}"
                    ))
                })?;
            obj.tx_open = false;
        }
        if obj.dirty {
            // Abandoned mid-statement (a dropped future) or broken (an I/O error): whatever
            // the protocol state, a new connection is certain to be clean, and this happens
            // only after a failure, so it is never worth betting on a resynchronisation.
            return Err(RecycleError::message(
                "discarded: its last statement did not complete",
            ));
        }
        if r.test_before_acquire {
            obj.ping().await.map_err(RecycleError::Backend)?;
        }
        Ok(())
    }

    fn detach(&self, _obj: &mut Managed) {
        self.metrics.closed.increment(1);
    }
}
