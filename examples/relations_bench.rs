//! Eager loading versus the naive N+1 loop: 100 users × 10 posts × 10 comments, loaded both
//! ways on every backend at hand, median of several runs, with the number of statements each
//! way sent.
//!
//! Run it with `cargo run --release --example relations_bench`; SQLite (in memory) always runs,
//! PostgreSQL and MariaDB/MySQL when `COVET_PG_URL` / `COVET_MYSQL_URL` are set. The tables are
//! named `bench_rel_*` and dropped before and after.

use covet::prelude::*;
use std::time::{Duration, Instant};

const USERS: usize = 100;
const POSTS: usize = 10;
const COMMENTS: usize = 10;
const RUNS: usize = 15;

#[derive(Model, Debug, Clone)]
#[covet(table = "bench_rel_users")]
struct User {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 60)]
    name: String,
    #[covet(has_many(Post, foreign_key = user_id))]
    posts: HasMany<Post>,
}

#[derive(Model, Debug, Clone)]
#[covet(table = "bench_rel_posts")]
struct Post {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(references = User, index)]
    user_id: i64,
    #[covet(max_length = 100)]
    title: String,
    #[covet(has_many(Comment, foreign_key = post_id))]
    comments: HasMany<Comment>,
}

#[derive(Model, Debug, Clone)]
#[covet(table = "bench_rel_comments")]
struct Comment {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(references = Post, index)]
    post_id: i64,
    body: String,
}

async fn drop_all(db: &Db) -> covet::Result<()> {
    covet::ddl::drop_table::<Comment>(db).await?;
    covet::ddl::drop_table::<Post>(db).await?;
    covet::ddl::drop_table::<User>(db).await
}

async fn seed(db: &Db) -> covet::Result<()> {
    drop_all(db).await?;
    covet::ddl::create_table::<User>(db).await?;
    covet::ddl::create_table::<Post>(db).await?;
    covet::ddl::create_table::<Comment>(db).await?;
    let users = User::insert_many((0..USERS).map(|i| NewUser {
        name: format!("user {i}"),
    }))
    .exec(db)
    .await?;
    let posts = Post::insert_many(users.iter().flat_map(|u| {
        (0..POSTS).map(move |j| NewPost {
            user_id: u.id,
            title: format!("post {j}"),
        })
    }))
    .exec(db)
    .await?;
    Comment::insert_many(posts.iter().flat_map(|p| {
        (0..COMMENTS).map(move |k| NewComment {
            post_id: p.id,
            body: format!("comment {k}"),
        })
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// Three statements, whatever the number of rows.
async fn eager(db: &Db) -> covet::Result<usize> {
    let users = User::query()
        .with(User::POSTS.with(Post::COMMENTS))
        .all(db)
        .await?;
    let mut n = 0;
    for u in &users {
        for p in u.posts.get()? {
            n += p.comments.get()?.len();
        }
    }
    Ok(n)
}

/// The floor: every row of the three tables, fetched and decoded, nothing grouped.
async fn scan(db: &Db) -> covet::Result<usize> {
    User::query().all(db).await?;
    Post::query().all(db).await?;
    Ok(Comment::query().all(db).await?.len())
}

/// One statement for the users, one per user, one per post.
async fn naive(db: &Db) -> covet::Result<usize> {
    let users = User::query().all(db).await?;
    let mut n = 0;
    for u in &users {
        let posts = Post::query().filter(Post::USER_ID.eq(u.id)).all(db).await?;
        for p in &posts {
            n += Comment::query()
                .filter(Comment::POST_ID.eq(p.id))
                .all(db)
                .await?
                .len();
        }
    }
    Ok(n)
}

async fn measure<F, Fut>(db: &Db, f: F) -> covet::Result<(Duration, u64)>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = covet::Result<usize>>,
{
    assert_eq!(
        f().await?,
        USERS * POSTS * COMMENTS,
        "warm-up loads every comment"
    );
    let mut times = Vec::with_capacity(RUNS);
    let mut statements = 0;
    for _ in 0..RUNS {
        let before = db.statement_count();
        let start = Instant::now();
        f().await?;
        times.push(start.elapsed());
        statements = db.statement_count() - before;
    }
    times.sort();
    Ok((times[RUNS / 2], statements))
}

async fn bench(name: &str, url: &str) -> covet::Result<()> {
    let db = Db::connect(url).await?;
    seed(&db).await?;
    let (eager_time, eager_count) = measure(&db, || eager(&db)).await?;
    let (naive_time, naive_count) = measure(&db, || naive(&db)).await?;
    let (scan_time, _) = measure(&db, || scan(&db)).await?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<10} eager {:>8.2} ms ({eager_count} statements)   N+1 {:>8.2} ms ({naive_count} statements)   N+1/eager {:>5.1}x   (floor: plain scan of the 3 tables {:.2} ms)",
        ms(eager_time),
        ms(naive_time),
        naive_time.as_secs_f64() / eager_time.as_secs_f64(),
        ms(scan_time),
    );
    drop_all(&db).await?;
    db.close().await;
    Ok(())
}

#[tokio::main]
async fn main() -> covet::Result<()> {
    println!("{USERS} users x {POSTS} posts x {COMMENTS} comments, median of {RUNS} runs");
    bench("sqlite", "sqlite::memory:").await?;
    if let Ok(url) = std::env::var("COVET_PG_URL") {
        bench("postgresql", &url).await?;
    }
    if let Ok(url) = std::env::var("COVET_MYSQL_URL") {
        bench("mariadb", &url).await?;
    }
    Ok(())
}
