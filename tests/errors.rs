//! Bad input and failed connections give classified errors that never show a password.

use covet::prelude::*;

const SECRET: &str = "Hunter2-s3cret";

fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "password leaked: {text}");
    assert!(!text.contains("s3cret"), "password leaked: {text}");
}

#[tokio::test]
async fn malformed_urls_are_invalid_url_errors() {
    for url in [
        "no scheme at all",
        "oracle://scott:Hunter2-s3cret@db/orcl",
        "postgres://user:Hunter2-s3cret@[not-a-host/db",
        "mysql://user:Hunter2-s3cret@host:notaport/db",
    ] {
        let err = Db::connect(url).await.unwrap_err();
        assert!(matches!(err, Error::InvalidUrl(_)), "{url}: {err:?}");
        assert_no_secret(&err.to_string());
        assert_no_secret(&format!("{err:?}"));
    }
}

#[tokio::test]
async fn refused_connections_are_connection_errors() {
    let options =
        |url: &str| DbOptions::new(url).acquire_timeout(std::time::Duration::from_secs(2));
    for url in [
        format!("postgres://app:{SECRET}@127.0.0.1:1/app"),
        format!("mysql://app:{SECRET}@127.0.0.1:1/app"),
        format!("mariadb://app:{SECRET}@127.0.0.1:1/app"),
    ] {
        let opts = options(&url);
        assert_no_secret(&format!("{opts:?}"));
        let err = opts.connect().await.unwrap_err();
        assert!(err.is_connection(), "{url}: {err:?}");
        assert_no_secret(&err.to_string());
        assert_no_secret(&format!("{err:?}"));
    }
}

#[tokio::test]
async fn sqlite_file_that_cannot_be_opened() {
    let err = Db::connect("sqlite:///nonexistent-dir/covet/x.db")
        .await
        .unwrap_err();
    assert!(
        err.is_connection() || matches!(err, Error::Database { .. }),
        "{err:?}"
    );
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "parents")]
struct Parent {
    #[covet(primary_key, auto_increment)]
    id: i64,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "children")]
struct Child {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(references = Parent, on_delete = restrict)]
    parent_id: i64,
    #[covet(max_length = 10)]
    label: String,
}

on_every_backend! {
    async fn constraint_violations_are_classified(db: Db) {
        covet::ddl::create_table::<Parent>(&db).await?;
        covet::ddl::create_table::<Child>(&db).await?;
        let parent = Parent::insert(NewParent {}).exec(&db).await?;
        Child::insert(NewChild { parent_id: parent.id, label: "ok".into() }).exec(&db).await?;

        let orphan = Child::insert(NewChild { parent_id: parent.id + 1, label: "x".into() }).exec(&db).await;
        let err = orphan.unwrap_err();
        assert!(err.is_foreign_key_violation(), "{err:?}");
        assert!(!err.is_retryable());

        let restricted = parent.delete(&db).await.unwrap_err();
        assert!(restricted.is_foreign_key_violation(), "{restricted:?}");
        assert_eq!(Parent::query().count(&db).await?, 1);
        Ok(())
    }
}

on_every_backend! {
    async fn wrong_password_never_echoed(db: Db) {
        // Only MariaDB checks passwords on this machine (PostgreSQL trusts loopback).
        if db.backend() != covet::Backend::MySql {
            return Ok(());
        }
        let url = std::env::var("COVET_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into());
        let with_password = url.replacen("://root@", &format!("://root:{SECRET}@"), 1);
        let err = Db::connect(&with_password).await.unwrap_err();
        assert!(err.is_connection(), "{err:?}");
        assert_no_secret(&err.to_string());
        assert_no_secret(&format!("{err:?}"));
        Ok(())
    }
}

#[tokio::test]
async fn db_debug_hides_the_password() {
    let db = Db::connect("sqlite::memory:").await.expect("sqlite");
    assert!(format!("{db:?}").contains("sqlite"));
    let opts = DbOptions::new(format!("postgres://u:{SECRET}@h/d"));
    assert_no_secret(&format!("{opts:?}"));
}
