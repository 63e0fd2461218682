//! What tests do to the servers behind a namespace: count its sessions, kill them.

use super::{Kind, mysql_url, pg_url};
use sqlx::Connection as _;

/// The server-side ids of the sessions of the namespace behind `url` (PostgreSQL finds them by
/// application name, MariaDB by current database).
pub(crate) async fn session_ids(kind: Kind, url: &str) -> Vec<i64> {
    match kind {
        Kind::Postgres => {
            let app = url
                .rsplit("application_name=")
                .next()
                .unwrap_or_default()
                .to_owned();
            let Ok(mut admin) = sqlx::PgConnection::connect(&pg_url()).await else {
                return Vec::new();
            };
            let pids: Vec<(i32,)> =
                sqlx::query_as("SELECT pid FROM pg_stat_activity WHERE application_name = $1")
                    .bind(app)
                    .fetch_all(&mut admin)
                    .await
                    .unwrap_or_default();
            pids.into_iter().map(|(p,)| i64::from(p)).collect()
        }
        Kind::MariaDb => {
            let db = url
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .split('?')
                .next()
                .unwrap_or_default()
                .to_owned();
            let Ok(mut admin) = sqlx::MySqlConnection::connect(&mysql_url()).await else {
                return Vec::new();
            };
            let ids: Vec<(i64,)> =
                sqlx::query_as("SELECT id FROM information_schema.processlist WHERE db = ?")
                    .bind(db)
                    .fetch_all(&mut admin)
                    .await
                    .unwrap_or_default();
            ids.into_iter().map(|(i,)| i).collect()
        }
        Kind::Sqlite => Vec::new(),
    }
}

/// Terminates the given sessions; returns how many the server accepted to kill.
pub(crate) async fn kill(kind: Kind, ids: &[i64]) -> usize {
    let mut killed = 0;
    match kind {
        Kind::Postgres => {
            let Ok(mut admin) = sqlx::PgConnection::connect(&pg_url()).await else {
                return 0;
            };
            for id in ids {
                let pid = i32::try_from(*id).unwrap_or_default();
                let q = sqlx::query("SELECT pg_terminate_backend($1)").bind(pid);
                killed += usize::from(q.execute(&mut admin).await.is_ok());
            }
        }
        Kind::MariaDb => {
            let Ok(mut admin) = sqlx::MySqlConnection::connect(&mysql_url()).await else {
                return 0;
            };
            for id in ids {
                let q = sqlx::query("KILL CONNECTION ?").bind(*id);
                killed += usize::from(q.execute(&mut admin).await.is_ok());
            }
        }
        Kind::Sqlite => {}
    }
    killed
}

/// Terminates every session of the namespace behind `url`.
pub(crate) async fn kill_all(kind: Kind, url: &str) -> usize {
    kill(kind, &session_ids(kind, url).await).await
}
