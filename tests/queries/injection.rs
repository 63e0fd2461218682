//! The injection corpus: over a thousand hostile strings, generated from families written for
//! covet, used as values in every position a value can take and as runtime identifiers.
//!
//! Pass means: every value round-trips byte-exact; the catalogue of the test's namespace is the
//! same before and after; no statement takes a second or more (so no sleep probe ran); every
//! identifier payload is refused before anything is sent (the statement counter stands still).
//!
//! NUL: PostgreSQL text cannot hold U+0000, so the server refuses such a value (SQLSTATE 22021,
//! as `Error::Database` with that code, nothing stored); SQLite and MariaDB store it like any
//! other character. The corpus checks both behaviours. SQLite's LIKE stops reading a value at
//! a NUL (it compares C strings), in the value and in the pattern, so there a pattern matches a
//! value that agrees with it up to the first NUL; `=` and every other position compare the whole
//! value.

use covet::prelude::*;
use covet::{Backend, dynamic, raw_sql_unchecked};
use futures_util::{StreamExt as _, TryStreamExt as _, stream};
use serde_json::json;
use std::future::Future;
use std::time::{Duration, Instant};

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "q_payloads")]
struct Payload {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 16, unique)]
    label: String,
    body: String,
}

/// The seeds, by family.
fn seeds() -> Vec<String> {
    let quotes = [
        "'",
        "''",
        "\"",
        "`",
        "'\"`",
        "' OR '1'='1",
        "\" OR \"1\"=\"1",
        "') OR ('1'='1",
        "' OR 1=1 --",
        "admin'--",
        "x' AND email IS NULL; --",
        "';",
        "\"; --",
        "`; --",
        "' OR ''='",
        "1' ORDER BY 1--",
        "q_payloads.body",
        "\"q_payloads\"",
        "`q_payloads`",
    ];
    let comments = [
        "--",
        "-- -",
        "#",
        "/*",
        "*/",
        "/**/",
        "/*!50000 SELECT*/",
        "/* ' */",
        "--\n",
        "1/*comment*/=1",
        "x'/**/OR/**/'1'='1",
    ];
    let stacked = [
        "'; DROP TABLE q_payloads; --",
        "1; DROP TABLE q_payloads",
        "'; DELETE FROM q_payloads; --",
        "'); CREATE TABLE pwned (x INT); --",
        "'; UPDATE q_payloads SET body = 'pwned'; --",
        "\"; ALTER TABLE q_payloads ADD COLUMN pwned INT; --",
        "`; TRUNCATE q_payloads; --",
        "'; INSERT INTO q_payloads (label, body) VALUES ('x', 'y'); --",
        "'; COMMIT; DROP TABLE q_payloads; --",
        "'; ATTACH DATABASE '/tmp/pwned.db' AS pwned; --",
    ];
    let unions = [
        "' UNION SELECT NULL--",
        "' UNION SELECT NULL, NULL, NULL--",
        "' UNION ALL SELECT table_name, NULL, NULL FROM information_schema.tables--",
        "' UNION SELECT name, sql, NULL FROM sqlite_master--",
        "1 UNION SELECT version()",
        "' UNION SELECT @@version, NULL, NULL#",
        "' UNION SELECT sqlite_version(), NULL, NULL--",
        "') UNION SELECT usename, passwd, NULL FROM pg_shadow--",
    ];
    let probes = [
        "' AND 1=1--",
        "' AND 1=2--",
        "1 OR 1=1",
        "1) OR (1=1",
        "' OR 'a'<'b",
        "' AND SUBSTRING(@@version,1,1)='1",
        "'; SELECT pg_sleep(5); --",
        "' OR pg_sleep(5) IS NULL--",
        "1 AND (SELECT 1 FROM pg_sleep(5))",
        "' OR SLEEP(5)#",
        "' AND SLEEP(5) AND '1'='1",
        "1 AND BENCHMARK(50000000, MD5(1))",
        "' AND randomblob(1000000000)--",
        "' OR like('ABCDEFG', upper(hex(randomblob(500000000))))--",
        "'; WAITFOR DELAY '0:0:5'--",
        "' AND 1=(SELECT COUNT(*) FROM generate_series(1,100000000))--",
    ];
    let escapes = [
        "\\",
        "\\\\",
        "\\'",
        "\\\"",
        "\\x27",
        "\\u0027",
        "%27",
        "%2527",
        "&#39;",
        "&apos;",
        "0x27",
        "E'\\x27'",
        "N'x'",
        "$$",
        "$tag$ x $tag$",
        "$1",
        "?",
        "??",
        ":name",
        "@p1",
        "%s",
        "{}",
        "\\%",
        "\\_",
        "%",
        "_",
        "%_%",
        "\\N",
        "\r\n",
        "\t",
        "\u{8}",
        "\u{1a}",
        "\u{7f}",
    ];
    let unicode = [
        "\u{ff07} OR \u{ff07}1\u{ff07}=\u{ff07}1",
        "\u{2bc} OR 1=1",
        "\u{2018}\u{2019}\u{201c}\u{201d}",
        "\u{ff02}",
        "\u{ff1b} DROP TABLE q_payloads",
        "\u{ff0d}\u{ff0d}",
        "\u{430}dmin",
        "\u{200b}'\u{200b}",
        "\u{202e}'--",
        "\u{feff}'",
        "\u{1f4a5}'\u{1f4a5}",
        "\u{10ffff}",
        "\u{fe68}",
        "\u{2028}\u{2029}",
        "e\u{301}",
    ];
    let nul = [
        "\0",
        "'\0'",
        "a\0b",
        "\0; DROP TABLE q_payloads; --",
        "%00'",
        "\\0",
    ];
    [
        &quotes[..],
        &comments,
        &stacked,
        &unions,
        &probes,
        &escapes,
        &unicode,
        &nul,
    ]
    .concat()
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// Seeds in the shapes they arrive in: bare, after a value, closed off, doubled, upper-case,
/// across lines. Deduplicated, in a stable order, plus a few very long strings.
fn corpus() -> Vec<String> {
    let shapes: [fn(&str) -> String; 12] = [
        |s| s.to_owned(),
        |s| format!("x{s}"),
        |s| format!("{s} --"),
        |s| format!("1{s}"),
        |s| format!("{s}{s}"),
        |s| s.to_uppercase(),
        |s| format!("\n{s}\n"),
        |s| format!(" {s} "),
        |s| format!("'{s}'"),
        |s| format!("\"{s}\""),
        |s| format!("{s};"),
        |s| format!("({s})"),
    ];
    let mut out: Vec<String> = Vec::new();
    for seed in seeds() {
        for shape in shapes {
            let p = shape(&seed);
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out.push("'".repeat(10_000));
    out.push("' OR 1=1 -- ".repeat(10_000));
    out.push(format!("{}\u{1f4a5}", "\\".repeat(1_000_000)));
    out
}

/// Runs one operation and checks it took under a second: no sleep probe ran.
async fn timed<T>(what: &str, f: impl Future<Output = covet::Result<T>>) -> covet::Result<T> {
    let started = Instant::now();
    let out = f.await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "{what} took {took:?}");
    out
}

/// The catalogue of the test's own namespace: tables and their columns.
async fn catalogue(db: &Db) -> covet::Result<Vec<(String, String)>> {
    let sql = match db.backend() {
        Backend::Sqlite => "SELECT name, COALESCE(sql, '') FROM sqlite_master ORDER BY name",
        Backend::Postgres => {
            "SELECT table_name::text, column_name::text || ' ' || data_type::text FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2"
        }
        Backend::MySql => {
            "SELECT CAST(table_name AS CHAR), CAST(CONCAT(column_name, ' ', column_type) AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY 1, 2"
        }
    };
    raw_sql_unchecked(sql).fetch_all(db).await
}

fn has_nul(s: &str) -> bool {
    s.contains('\0')
}

/// `s` as a LIKE pattern that matches exactly `s`.
fn like_exact(s: &str) -> String {
    let mut p = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p
}

/// Every read position with payload `p`, which row `id` holds: eq, like, raw SQL with binds,
/// and a dynamic filter's JSON value.
async fn read_positions(db: &Db, i: usize, p: &str, id: i64) -> covet::Result<()> {
    // eq: exactly the row that holds it.
    let found = timed("eq", Payload::query().filter(Payload::BODY.eq(p)).all(db)).await?;
    let ids: Vec<i64> = found.iter().map(|r| r.id).collect();
    assert_eq!(ids, [id], "eq {i}");
    // like: escaped, it matches exactly the row; over the length limit, refused.
    let pattern = like_exact(p);
    let like = Payload::query().filter(Payload::BODY.like(pattern.as_str()));
    if pattern.len() > covet::MAX_LIKE_PATTERN_BYTES {
        assert!(like.all(db).await.unwrap_err().is_invalid_input());
    } else {
        let found = timed("like", like.all(db)).await?;
        let (exact, extra): (Vec<_>, Vec<_>) = found.iter().partition(|r| r.id == id);
        assert_eq!(exact.len(), 1, "like {i}");
        // SQLite's LIKE reads text as a C string, so it stops at a NUL: a value with a
        // NUL (in the value or the pattern) matches when the parts before the NUL do.
        // The only extra rows allowed.
        let before_nul = |s: &str| s.split('\0').next().unwrap_or_default().to_owned();
        for r in extra {
            assert!(
                db.backend() == Backend::Sqlite && (has_nul(&r.body) || has_nul(p)),
                "like {i} matched {:?}",
                r.label
            );
            assert_eq!(before_nul(&r.body), before_nul(p), "like {i}");
        }
    }
    // raw SQL with binds: the value comes back as sent.
    let sql = if db.backend() == Backend::Postgres {
        "SELECT body FROM q_payloads WHERE id = $1 AND body = $2"
    } else {
        "SELECT body FROM q_payloads WHERE id = ? AND body = ?"
    };
    let (echo,): (String,) =
        timed("raw", raw_sql_unchecked(sql).bind(id).bind(p).fetch_one(db)).await?;
    assert_eq!(echo.as_bytes(), p.as_bytes(), "raw {i}");
    // dynamic filter: the payload as a JSON value.
    let f = dynamic::filter::<Payload>("body", "eq", &json!(p))?;
    let n = timed("dynamic", Payload::query().filter(f).count(db)).await?;
    assert_eq!(n, 1, "dynamic value {i}");
    Ok(())
}

/// Runs `f(0..n)`, two at a time on the servers; one at a time on SQLite, whose in-memory
/// database takes one writer at a time.
async fn each<F, Fut>(db: &Db, n: usize, f: F) -> covet::Result<()>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = covet::Result<()>>,
{
    let width = if db.backend() == Backend::Sqlite {
        1
    } else {
        2
    };
    stream::iter(0..n)
        .map(f)
        .buffer_unordered(width)
        .try_collect()
        .await
}

on_every_backend! {
    async fn injection_corpus(db: Db) {
        let payloads = corpus();
        assert!(payloads.len() >= 1_000, "{} payloads", payloads.len());
        covet::ddl::create_table::<Payload>(&db).await?;
        let before = catalogue(&db).await?;
        assert!(!before.is_empty());

        // PostgreSQL refuses NUL in text: a classified error, and nothing stored.
        let nul_refused = db.backend() == Backend::Postgres;
        let stored_payloads: Vec<&String> =
            payloads.iter().filter(|p| !(nul_refused && has_nul(p))).collect();
        if nul_refused {
            for p in payloads.iter().filter(|p| has_nul(p)) {
                let new = NewPayload { label: "nul".into(), body: p.clone() };
                let err = timed("nul insert", Payload::insert(new).exec(&db)).await.unwrap_err();
                assert_eq!(err.code(), Some("22021"), "{err}");
                let err = Payload::query().filter(Payload::BODY.eq(p)).all(&db).await.unwrap_err();
                assert_eq!(err.code(), Some("22021"), "{err}");
            }
            assert_eq!(Payload::query().count(&db).await?, 0);
        }

        // insert (many): every value back byte-exact, in order.
        let news = stored_payloads
            .iter()
            .enumerate()
            .map(|(i, p)| NewPayload { label: format!("p{i}"), body: (*p).clone() });
        let rows = timed("insert_many", Payload::insert_many(news).exec(&db)).await?;
        let read = Payload::query().order_by(Payload::ID.asc()).all(&db).await?;
        assert_eq!(read, rows);
        for (row, p) in read.iter().zip(&stored_payloads) {
            assert_eq!(row.body.as_bytes(), p.as_bytes(), "insert of {:?}", row.label);
        }
        let id_of = |i: usize| read[i].id;
        let stored_payloads: Vec<&str> = stored_payloads.iter().map(|p| p.as_str()).collect();

        each(&db, stored_payloads.len(), |i| read_positions(&db, i, stored_payloads[i], id_of(i))).await?;

        // in-lists, a hundred payloads at a time.
        for (chunk_no, chunk) in stored_payloads.chunks(100).enumerate() {
            let list: Vec<&str> = chunk.to_vec();
            let found = timed("in", Payload::query().filter(Payload::BODY.in_list(list)).order_by(Payload::ID.asc()).all(&db)).await?;
            let expected: Vec<i64> = (0..chunk.len()).map(|k| id_of(chunk_no * 100 + k)).collect();
            assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), expected, "in-list {chunk_no}");
        }

        // update (whole row), batch update and upsert: each payload written into a row that
        // held another, then read back.
        let n = stored_payloads.len();
        let shifted = |i: usize, by: usize| stored_payloads[(i + by) % n];
        let (dbr, rows_read) = (&db, &read);
        each(&db, n, |i| async move {
            let mut row = rows_read[i].clone();
            row.body = shifted(i, 1).to_owned();
            assert_eq!(timed("update", row.update(dbr)).await?, 1);
            Ok(())
        })
        .await?;
        let after_update = Payload::query().order_by(Payload::ID.asc()).all(&db).await?;
        for (i, row) in after_update.iter().enumerate() {
            assert_eq!(row.body.as_bytes(), shifted(i, 1).as_bytes(), "update {i}");
        }
        each(&db, n, |i| async move {
            let batch = Payload::update_where(Payload::ID.eq(id_of(i)).and(Payload::BODY.eq(shifted(i, 1))))
                .set(Payload::BODY, shifted(i, 2));
            assert_eq!(timed("batch update", batch.exec(dbr)).await?, 1, "batch update {i}");
            Ok(())
        })
        .await?;
        each(&db, n, |i| async move {
            let new = NewPayload { label: format!("p{i}"), body: shifted(i, 3).to_owned() };
            let up = Payload::upsert(new).on_conflict(Payload::LABEL).do_update(Payload::BODY);
            let stored = timed("upsert", up.exec(dbr)).await?;
            assert_eq!((stored.id, stored.body.as_bytes()), (id_of(i), shifted(i, 3).as_bytes()), "upsert {i}");
            Ok(())
        })
        .await?;
        let after_upsert = Payload::query().order_by(Payload::ID.asc()).all(&db).await?;
        for (i, row) in after_upsert.iter().enumerate() {
            assert_eq!(row.body.as_bytes(), shifted(i, 3).as_bytes(), "upsert read-back {i}");
        }

        // Identifiers: every payload refused as a column name, sort key, operator or direction,
        // with nothing sent.
        let sent = db.statement_count();
        for p in &payloads {
            assert!(dynamic::filter::<Payload>(p, "eq", &json!("x")).unwrap_err().is_unknown_column());
            assert!(dynamic::order::<Payload>(p, "asc").unwrap_err().is_unknown_column());
            assert!(dynamic::filter::<Payload>("body", p, &json!("x")).unwrap_err().is_invalid_input());
            assert!(dynamic::order::<Payload>("body", p).unwrap_err().is_invalid_input());
            assert!(Payload::column_by_name(p).is_none());
        }
        assert_eq!(db.statement_count(), sent, "identifier payloads were refused before sending");

        assert_eq!(catalogue(&db).await?, before, "the catalogue is unchanged");
        assert_eq!(Payload::query().count(&db).await?, n as u64);
        Ok(())
    }
}
