//! Results: JSON lines for tools (one per measurement) and the Markdown tables the spec asks
//! for, one set per backend, ratios taken from the same run.

use crate::backend::Backend;
use crate::impls::{Impl, native_name};
use serde_json::json;
use std::fmt::Write as _;

/// One single-task workload on one implementation.
#[derive(Debug, Clone)]
pub struct Timing {
    pub backend: Backend,
    pub workload: &'static str,
    pub name: &'static str,
    pub size: usize,
    pub imp: Impl,
    /// Median of the round medians, per operation.
    pub median_ns: u64,
    pub round_medians_ns: Vec<u64>,
    pub iters: u64,
    /// Wall time / operations over all rounds.
    pub mean_ns: f64,
    /// Client CPU (user + system, all threads) / operations over all rounds.
    pub cpu_ns_per_op: f64,
    pub error: Option<String>,
}

/// One implementation under W6.
#[derive(Debug, Clone)]
pub struct PoolRun {
    pub backend: Backend,
    pub imp: Impl,
    pub driver: &'static str,
    pub throughput: f64,
    pub round_throughputs: Vec<f64>,
    pub p50_ns: u64,
    pub p99_ns: u64,
    pub p999_ns: u64,
    pub cv: f64,
    pub ops: u64,
    pub errors: u64,
    pub timeouts: u64,
    pub first_error: Option<String>,
    /// `None` where the server cannot be asked (SQLite).
    pub connections_opened: Option<u64>,
}

#[derive(Debug, Clone)]
pub enum Record {
    Timing(Timing),
    Allocs {
        backend: Backend,
        workload: &'static str,
        name: &'static str,
        size: usize,
        imp: Impl,
        calls_per_op: f64,
        bytes_per_op: f64,
    },
    Pool(PoolRun),
}

impl Record {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Record::Timing(t) => json!({
                "kind": "timing", "backend": t.backend.name(), "workload": t.workload,
                "name": t.name, "size": t.size, "impl": t.imp.label(),
                "median_us": us(t.median_ns), "round_medians_us": t.round_medians_ns.iter().map(|&n| us(n)).collect::<Vec<_>>(),
                "mean_us": t.mean_ns / 1000.0, "cpu_us_per_op": t.cpu_ns_per_op / 1000.0,
                "iterations": t.iters, "error": t.error,
            }),
            Record::Allocs {
                backend,
                workload,
                name,
                size,
                imp,
                calls_per_op,
                bytes_per_op,
            } => json!({
                "kind": "allocations", "backend": backend.name(), "workload": workload, "name": name,
                "size": size, "impl": imp.label(), "allocs_per_op": calls_per_op, "bytes_per_op": bytes_per_op,
            }),
            Record::Pool(p) => json!({
                "kind": "pool_under_load", "backend": p.backend.name(), "workload": "W6",
                "impl": p.imp.label(), "driver": p.driver, "throughput_per_s": p.throughput,
                "round_throughputs_per_s": p.round_throughputs, "p50_us": us(p.p50_ns),
                "p99_us": us(p.p99_ns), "p999_us": us(p.p999_ns), "fairness_cv": p.cv,
                "ops": p.ops, "errors": p.errors, "timeouts": p.timeouts,
                "first_error": p.first_error, "connections_opened_after_warmup": p.connections_opened,
            }),
        }
    }
}

fn us(ns: u64) -> f64 {
    ns as f64 / 1000.0
}

fn fmt_us(ns: f64) -> String {
    let u = ns / 1000.0;
    if u < 10.0 {
        format!("{u:.2}")
    } else if u < 1000.0 {
        format!("{u:.1}")
    } else {
        format!("{u:.0}")
    }
}

pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ratio(a: Option<u64>, b: Option<u64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0 => format!("{:.2}", a as f64 / b as f64),
        _ => "–".into(),
    }
}

fn cell(v: Option<u64>) -> String {
    v.map_or("–".into(), |n| fmt_us(n as f64))
}

/// The Markdown section of one backend.
pub fn markdown(backend: Backend, server: &str, records: &[Record]) -> String {
    let timings: Vec<&Timing> = records
        .iter()
        .filter_map(|r| match r {
            Record::Timing(t) if t.backend == backend => Some(t),
            _ => None,
        })
        .collect();
    // Workload rows in first-seen order.
    let mut cases: Vec<(&str, &str, usize)> = Vec::new();
    for t in &timings {
        if !cases.contains(&(t.workload, t.name, t.size)) {
            cases.push((t.workload, t.name, t.size));
        }
    }
    cases.sort_by_key(|c| (c.0, c.2));
    let get = |case: &(&str, &str, usize), imp: Impl| {
        timings
            .iter()
            .find(|t| (t.workload, t.name, t.size) == *case && t.imp == imp && t.error.is_none())
            .map(|t| t.median_ns)
    };
    let mut s = String::new();
    let _ = writeln!(s, "### {} — {server}\n", title(backend));
    let _ = writeln!(
        s,
        "µs per operation (median of 3 round medians; lower is better). native = {}.\n",
        native_name(backend, false)
    );
    s.push_str("| workload | size | covet | raw sqlx | native | diesel | sea-orm | covet/raw-sqlx | covet/native | covet/sea-orm |\n");
    s.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for case in &cases {
        let [c, r, n, d, o] = [
            Impl::Covet,
            Impl::RawSqlx,
            Impl::Native,
            Impl::Diesel,
            Impl::SeaOrm,
        ]
        .map(|i| get(case, i));
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            case.0,
            case.1,
            thousands(case.2),
            c.map_or_else(|| "n/a".into(), |v| cell(Some(v))),
            cell(r),
            cell(n),
            cell(d),
            cell(o),
            ratio(c, r),
            ratio(c, n),
            ratio(c, o)
        );
    }
    // The two comparison rows: covet's column holds the covet figure compared, raw sqlx's
    // the sqlx figure it is compared with.
    for case in &cases {
        if let (Some(c1), Some(r)) = (get(case, Impl::CovetPool1), get(case, Impl::RawSqlx)) {
            let _ = writeln!(
                s,
                "| {} covet pool max 1 vs one raw sqlx connection | {} | {} | {} | | | | {} | | |",
                case.0,
                thousands(case.2),
                cell(Some(c1)),
                cell(Some(r)),
                ratio(Some(c1), Some(r))
            );
        }
    }
    for case in &cases {
        if let (Some(c), Some(p)) = (get(case, Impl::Covet), get(case, Impl::SqlxPool)) {
            let _ = writeln!(
                s,
                "| {} {} vs raw sqlx Pool | {} | {} | {} | | | | {} | | |",
                case.0,
                case.1,
                thousands(case.2),
                cell(Some(c)),
                cell(Some(p)),
                ratio(Some(c), Some(p))
            );
        }
    }

    // Client CPU per operation.
    let imps = [
        Impl::Covet,
        Impl::CovetPool1,
        Impl::RawSqlx,
        Impl::SqlxPool,
        Impl::Native,
        Impl::Diesel,
        Impl::SeaOrm,
    ];
    s.push_str("\nClient CPU time per operation, µs (getrusage, user + system, all threads of the benchmark; the server's CPU is not included):\n\n");
    s.push_str("| workload | size |");
    for i in imps {
        let _ = write!(s, " {} |", i.label());
    }
    s.push_str("\n| --- | ---: |");
    s.push_str(&" ---: |".repeat(imps.len()));
    s.push('\n');
    for case in &cases {
        let _ = write!(s, "| {} {} | {} |", case.0, case.1, thousands(case.2));
        for i in imps {
            let v = timings
                .iter()
                .find(|t| (t.workload, t.name, t.size) == *case && t.imp == i && t.error.is_none())
                .map_or("–".into(), |t| fmt_us(t.cpu_ns_per_op));
            let _ = write!(s, " {v} |");
        }
        s.push('\n');
    }

    // Allocations.
    let allocs: Vec<&Record> = records
        .iter()
        .filter(|r| matches!(r, Record::Allocs { backend: b, .. } if *b == backend))
        .collect();
    if !allocs.is_empty() {
        s.push_str("\nAllocations per operation (separate pass, counting global allocator, every thread): calls / bytes:\n\n");
        s.push_str("| workload | size |");
        for i in imps {
            let _ = write!(s, " {} |", i.label());
        }
        s.push_str("\n| --- | ---: |");
        s.push_str(&" ---: |".repeat(imps.len()));
        s.push('\n');
        let mut seen: Vec<(&str, &str, usize)> = Vec::new();
        for r in &allocs {
            if let Record::Allocs {
                workload,
                name,
                size,
                ..
            } = r
                && !seen.contains(&(*workload, *name, *size))
            {
                seen.push((workload, name, *size));
            }
        }
        for case in seen {
            let _ = write!(s, "| {} {} | {} |", case.0, case.1, thousands(case.2));
            for i in imps {
                let v = allocs.iter().find_map(|r| match r {
                    Record::Allocs {
                        workload,
                        name,
                        size,
                        imp,
                        calls_per_op,
                        bytes_per_op,
                        ..
                    } if (*workload, *name, *size) == case && *imp == i => Some(format!(
                        "{calls_per_op:.1} / {}",
                        thousands(bytes_per_op.round() as usize)
                    )),
                    _ => None,
                });
                let _ = write!(s, " {} |", v.unwrap_or_else(|| "–".into()));
            }
            s.push('\n');
        }
    }

    // W6.
    let pools: Vec<&PoolRun> = records
        .iter()
        .filter_map(|r| match r {
            Record::Pool(p) if p.backend == backend => Some(p),
            _ => None,
        })
        .collect();
    if !pools.is_empty() {
        let covet = pools
            .iter()
            .find(|p| p.imp == Impl::Covet)
            .map(|p| p.throughput);
        s.push_str(&format!(
            "\nW6 pool_under_load: {} tasks on a pool of {} doing W1, multi-thread runtime (median of 3 rounds; latency includes waiting for a connection):\n\n",
            crate::workloads::w6_pool_under_load::TASKS,
            crate::workloads::w6_pool_under_load::POOL
        ));
        s.push_str("| implementation | ops/s | p50 µs | p99 µs | p99.9 µs | errors | timeouts | fairness CV | connections opened after warm-up | covet ÷ this (throughput) |\n");
        s.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for p in &pools {
            let _ = writeln!(
                s,
                "| {} | {:.0} | {} | {} | {} | {} | {} | {:.3} | {} | {} |",
                p.driver,
                p.throughput,
                fmt_us(p.p50_ns as f64),
                fmt_us(p.p99_ns as f64),
                fmt_us(p.p999_ns as f64),
                p.errors,
                p.timeouts,
                p.cv,
                p.connections_opened.map_or("n/a".into(), |n| n.to_string()),
                covet.map_or("–".into(), |c| format!("{:.2}", c / p.throughput)),
            );
        }
    }

    let failures: Vec<String> = records
        .iter()
        .filter_map(|r| match r {
            Record::Timing(t) if t.backend == backend => t.error.as_ref().map(|e| {
                format!(
                    "- {} {} / {} on {}: {e}",
                    t.workload,
                    t.name,
                    t.size,
                    t.imp.label()
                )
            }),
            Record::Pool(p) if p.backend == backend => p
                .first_error
                .as_ref()
                .map(|e| format!("- W6 on {}: first error: {e}", p.driver)),
            _ => None,
        })
        .collect();
    if !failures.is_empty() {
        s.push_str("\nFailures:\n\n");
        for f in failures {
            s.push_str(&f);
            s.push('\n');
        }
    }
    s
}

fn title(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
        Backend::MySql => "MariaDB",
    }
}

/// Versions of every crate the benchmark measures, from the lock file it was built with.
pub fn crate_versions() -> String {
    const LOCK: &str = include_str!("../Cargo.lock");
    const NAMES: [&str; 15] = [
        "covet",
        "sqlx",
        "tokio",
        "tokio-postgres",
        "deadpool-postgres",
        "rusqlite",
        "libsqlite3-sys",
        "mysql_async",
        "diesel",
        "pq-sys",
        "mysqlclient-sys",
        "sea-orm",
        "sea-query",
        "serde_json",
        "libc",
    ];
    let mut found = Vec::new();
    let mut name = None;
    for line in LOCK.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"'));
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take())
            && NAMES.contains(&n)
        {
            found.push(format!("{n} {}", v.trim_matches('"')));
        }
    }
    found.sort();
    found.join(", ")
}

/// nproc, memory, CPU model, kernel, compiler.
pub fn machine() -> String {
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let online = std::fs::read_to_string("/sys/devices/system/cpu/online").unwrap_or_default();
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines().find(|l| l.starts_with("MemTotal")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        })
        .map_or("?".into(), |kb| {
            format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0)
        });
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "?".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let rustc = std::process::Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "CPUs online {} (this process may use {nproc}), {mem} memory, CPU {cpu}, kernel {}, {rustc}",
        online.trim(),
        kernel.trim()
    )
}

/// The covet revision measured: its commit, and whether its sources had uncommitted changes
/// (the benchmark builds whatever the work tree holds).
pub fn covet_revision() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown".into();
    };
    let dirty = git(&[
        "status",
        "--porcelain",
        "--",
        "covet-orm",
        "covet-sql",
        "covet-derive",
        "src",
        "Cargo.toml",
    ])
    .map_or(0, |s| s.lines().count());
    if dirty == 0 {
        head
    } else {
        format!("{head} + {dirty} uncommitted file(s) in covet's sources")
    }
}
