//! TLS settings in the URL reach the driver: `sslmode` (PostgreSQL) and `ssl-mode`
//! (MariaDB/MySQL) decide whether the session is encrypted, and a required TLS the server cannot
//! offer is a connection error, not a silent downgrade.
//!
//! What the servers offer depends on how they were installed (Debian's PostgreSQL enables TLS
//! with its snake-oil certificate; Debian's MariaDB does not), so each test asks the server first
//! and then asserts what covet must do with that server.

use crate::common::{Kind, mysql_url, pg_url, unavailable};
use covet::{Db, DbOptions};
use sqlx::Connection as _;
use std::time::Duration;

/// Appends `param` to `url`'s query string.
fn with_param(url: &str, param: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{param}")
}

async fn connect(url: &str) -> covet::Result<Db> {
    DbOptions::new(url)
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect()
        .await
}

/// Whether the session named `app` is encrypted, as the server sees it.
async fn pg_session_uses_tls(admin: &mut sqlx::PgConnection, app: &str) -> Option<bool> {
    sqlx::query_as::<_, (bool,)>(
        "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
         WHERE a.application_name = $1",
    )
    .bind(app)
    .fetch_optional(admin)
    .await
    .expect("pg_stat_ssl")
    .map(|(ssl,)| ssl)
}

#[tokio::test]
async fn postgres_sslmode_passes_through() {
    let mut admin = match sqlx::PgConnection::connect(&pg_url()).await {
        Ok(c) => c,
        Err(e) => return unavailable(Kind::Postgres, &e).unwrap_or(()),
    };
    let (offered,): (String,) = sqlx::query_as("SHOW ssl")
        .fetch_one(&mut admin)
        .await
        .expect("show ssl");
    let offered = offered == "on";

    let app = "covet_tls_disable";
    let plain = connect(&with_param(
        &pg_url(),
        &format!("sslmode=disable&application_name={app}"),
    ))
    .await
    .expect("sslmode=disable connects");
    assert_eq!(pg_session_uses_tls(&mut admin, app).await, Some(false));
    plain.close().await;

    let app = "covet_tls_require";
    let required = connect(&with_param(
        &pg_url(),
        &format!("sslmode=require&application_name={app}"),
    ))
    .await;
    if offered {
        let db = required.expect("the server offers TLS, so sslmode=require connects");
        assert_eq!(pg_session_uses_tls(&mut admin, app).await, Some(true));
        db.close().await;
    } else {
        let err = required.expect_err("the server has no TLS, so sslmode=require must fail");
        assert!(err.is_connection(), "{err:?}");
    }
}

#[tokio::test]
async fn mariadb_ssl_mode_passes_through() {
    let mut admin = match sqlx::MySqlConnection::connect(&mysql_url()).await {
        Ok(c) => c,
        Err(e) => return unavailable(Kind::MariaDb, &e).unwrap_or(()),
    };
    let (_, have_ssl): (String, String) = sqlx::query_as("SHOW VARIABLES LIKE 'have_ssl'")
        .fetch_one(&mut admin)
        .await
        .expect("have_ssl");
    let offered = have_ssl.eq_ignore_ascii_case("YES");

    connect(&with_param(&mysql_url(), "ssl-mode=DISABLED"))
        .await
        .expect("ssl-mode=DISABLED connects")
        .close()
        .await;

    let required = connect(&with_param(&mysql_url(), "ssl-mode=REQUIRED")).await;
    if offered {
        required
            .expect("the server offers TLS, so ssl-mode=REQUIRED connects")
            .close()
            .await;
    } else {
        let err = required.expect_err("the server has no TLS, so ssl-mode=REQUIRED must fail");
        assert!(err.is_connection(), "{err:?}");
    }
}
