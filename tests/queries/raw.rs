//! The raw SQL escape hatch: static text, bound values, decoded into tuples or models.

use super::{Album, seed_albums};
use covet::prelude::*;
use covet::raw_sql_unchecked;

/// One text per placeholder style: raw SQL is sent as written.
fn pick(db: &Db, pg: &'static str, other: &'static str) -> &'static str {
    if db.backend() == covet::Backend::Postgres {
        pg
    } else {
        other
    }
}

on_every_backend! {
    async fn raw_sql_decodes_tuples_and_models(db: Db) {
        seed_albums(&db).await?;
        let sql = pick(
            &db,
            "SELECT slug, plays, year FROM q_albums WHERE plays > $1 AND title <> $2 ORDER BY id",
            "SELECT slug, plays, year FROM q_albums WHERE plays > ? AND title <> ? ORDER BY id",
        );
        let rows: Vec<(String, i64, Option<i32>)> = raw_sql_unchecked(sql)
            .bind(25_i64)
            .bind("Echo")
            .fetch_all(&db)
            .await?;
        assert_eq!(rows, [("c".to_owned(), 30, None), ("d".to_owned(), 40, Some(1990))]);
        let (n,): (i64,) = raw_sql_unchecked("SELECT COUNT(*) FROM q_albums").fetch_one(&db).await?;
        assert_eq!(n, 5);
        let sql = pick(
            &db,
            "SELECT id, slug, title, plays, year, updated_at FROM q_albums WHERE slug = $1",
            "SELECT id, slug, title, plays, year, updated_at FROM q_albums WHERE slug = ?",
        );
        let models: Vec<Album> = raw_sql_unchecked(sql).bind("d").fetch_models(&db).await?;
        assert_eq!(models, [Album::query().filter(Album::SLUG.eq("d")).one(&db).await?]);
        let sql = pick(&db, "UPDATE q_albums SET plays = plays + $1", "UPDATE q_albums SET plays = plays + ?");
        assert_eq!(raw_sql_unchecked(sql).bind(1_i64).execute(&db).await?, 5);
        let none = raw_sql_unchecked("SELECT slug FROM q_albums WHERE 1 = 0").fetch_one::<(String,)>(&db).await;
        assert!(none.unwrap_err().is_not_found());
        Ok(())
    }
}
