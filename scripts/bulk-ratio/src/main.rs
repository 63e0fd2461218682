//! Scratch measurement: 100,000 users into PostgreSQL by covet's automatic bulk path (UNNEST), covet's
//! multi-row VALUES path, raw sqlx multi-row INSERT (with and without RETURNING), sqlx COPY
//! text through copy_in_raw, tokio-postgres binary COPY, raw UNNEST, and covet's `load` (COPY).
//! Median of 3 rounds whose order rotates. Arguments: variant numbers to skip.
use covet::prelude::*;
use futures_util::SinkExt as _;
use sqlx::{Connection as _, Executor as _};
use std::time::{Duration, Instant};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

#[derive(Model, Debug, Clone)]
#[covet(table = "users")]
struct User {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 50)]
    name: String,
    hair_color: Option<String>,
}

const N: usize = 100_000;
const URL: &str = "postgres://postgres@127.0.0.1:5432/test";

fn rows() -> Vec<(String, Option<String>)> {
    (0..N).map(|i| (format!("user {i}"), (i % 2 == 0).then(|| "black".to_owned()))).collect()
}

async fn reset(admin: &mut sqlx::PgConnection) {
    admin.execute("TRUNCATE bulkbench.users RESTART IDENTITY").await.unwrap();
}

async fn count(admin: &mut sqlx::PgConnection) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM bulkbench.users").fetch_one(admin).await.unwrap()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut admin = sqlx::PgConnection::connect(URL).await.unwrap();
    admin.execute("DROP SCHEMA IF EXISTS bulkbench CASCADE; CREATE SCHEMA bulkbench; CREATE TABLE bulkbench.users (id BIGSERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, hair_color TEXT)").await.unwrap();
    let url = format!("{URL}?options=-c%20search_path%3Dbulkbench");
    let db = DbOptions::new(url.clone()).max_connections(1).connect().await.unwrap();
    let mut raw = sqlx::PgConnection::connect(&url).await.unwrap();
    let (native, conn) = tokio_postgres::connect("host=127.0.0.1 user=postgres dbname=test options='-c search_path=bulkbench'", tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(conn);

    let names = ["covet auto (UNNEST)", "covet VALUES", "sqlx INSERT RETURNING", "sqlx INSERT", "sqlx COPY text", "native binary COPY", "sqlx UNNEST", "sqlx UNNEST RETURNING id", "sqlx UNNEST RETURNING *", "covet load (COPY)"];
    let skip: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().unwrap()).collect();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    for round in 0..3 {
        for k in 0..names.len() {
            let which = (k + round) % names.len();
            if skip.contains(&which) { continue; }
            for _ in 0..3 {
                reset(&mut admin).await;
                let data = rows();
                let start = Instant::now();
                match which {
                    0 => {
                        let new = data.into_iter().map(|(name, hair_color)| NewUser { name, hair_color });
                        assert_eq!(User::insert_many(new).exec(&db).await.unwrap().len(), N);
                    }
                    1 => {
                        let new = data.into_iter().map(|(name, hair_color)| NewUser { name, hair_color });
                        assert_eq!(User::insert_many(new).values().exec(&db).await.unwrap().len(), N);
                    }
                    2 | 3 => {
                        let returning = which == 2;
                        let mut tx = raw.begin().await.unwrap();
                        let mut got = 0;
                        for chunk in data.chunks(1000) {
                            let mut sql = String::from("INSERT INTO users (name, hair_color) VALUES ");
                            for i in 0..chunk.len() {
                                if i > 0 { sql.push_str(", "); }
                                sql.push_str(&format!("(${}, ${})", 2 * i + 1, 2 * i + 2));
                            }
                            if returning { sql.push_str(" RETURNING id, name, hair_color"); }
                            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                            for (n, h) in chunk { q = q.bind(n).bind(h); }
                            if returning {
                                got += q.fetch_all(&mut *tx).await.unwrap().len();
                            } else {
                                got += q.execute(&mut *tx).await.unwrap().rows_affected() as usize;
                            }
                        }
                        tx.commit().await.unwrap();
                        assert_eq!(got, N);
                    }
                    4 => {
                        let mut copy = raw.copy_in_raw("COPY users (name, hair_color) FROM STDIN").await.unwrap();
                        let mut buf = Vec::with_capacity(1 << 20);
                        for (n, h) in &data {
                            buf.extend_from_slice(n.as_bytes());
                            buf.push(b'\t');
                            match h { Some(h) => buf.extend_from_slice(h.as_bytes()), None => buf.extend_from_slice(b"\\N") }
                            buf.push(b'\n');
                            if buf.len() > 1 << 20 { copy.send(std::mem::take(&mut buf)).await.unwrap(); }
                        }
                        copy.send(buf).await.unwrap();
                        assert_eq!(copy.finish().await.unwrap() as usize, N);
                    }
                    9 => {
                        let new = data.into_iter().map(|(name, hair_color)| NewUser { name, hair_color });
                        assert_eq!(User::insert_many(new).load(&db).await.unwrap() as usize, N);
                    }
                    6 | 7 | 8 => {
                        let (n, h): (Vec<String>, Vec<Option<String>>) = data.into_iter().unzip();
                        let sql = match which {
                            6 => "INSERT INTO users (name, hair_color) SELECT * FROM UNNEST($1::VARCHAR(50)[], $2::TEXT[])",
                            7 => "INSERT INTO users (name, hair_color) SELECT * FROM UNNEST($1::VARCHAR(50)[], $2::TEXT[]) RETURNING id",
                            _ => "INSERT INTO users (name, hair_color) SELECT * FROM UNNEST($1::VARCHAR(50)[], $2::TEXT[]) RETURNING id, name, hair_color",
                        };
                        let q = sqlx::query(sql).bind(n).bind(h);
                        let got = if which == 6 { q.execute(&mut raw).await.unwrap().rows_affected() as usize } else { q.fetch_all(&mut raw).await.unwrap().len() };
                        assert_eq!(got, N);
                    }
                    _ => {
                        let sink = native.copy_in("COPY users (name, hair_color) FROM STDIN BINARY").await.unwrap();
                        let writer = BinaryCopyInWriter::new(sink, &[Type::VARCHAR, Type::TEXT]);
                        futures_util::pin_mut!(writer);
                        for (n, h) in &data {
                            writer.as_mut().write(&[n, h]).await.unwrap();
                        }
                        assert_eq!(writer.finish().await.unwrap() as usize, N);
                    }
                }
                times[which].push(start.elapsed());
                assert_eq!(count(&mut admin).await as usize, N);
            }
        }
    }
    let median = |v: &mut Vec<Duration>| { v.sort(); v[v.len() / 2] };
    let base = median(&mut times[5].clone());
    for (i, name) in names.iter().enumerate() {
        if skip.contains(&i) { continue; }
        let m = median(&mut times[i]);
        println!("{name:24} {:8.1} ms  {:5.2}x native binary COPY", m.as_secs_f64() * 1e3, m.as_secs_f64() / base.as_secs_f64());
    }
    admin.execute("DROP SCHEMA bulkbench CASCADE").await.unwrap();
}
