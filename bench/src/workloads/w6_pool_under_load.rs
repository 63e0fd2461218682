//! W6 pool_under_load: 200 tasks share a pool of 10 and do W1 lookups for a fixed time on a
//! multi-thread runtime. Reported: throughput, latency percentiles (acquire included), errors,
//! pool timeouts, fairness (coefficient of variation of per-task counts) and the backend
//! connections opened after warm-up, seen on the server itself.

use crate::Error;
use crate::backend::{Backend, Target};
use crate::data::Keys;
use crate::harness::{Plan, rotation};
use crate::impls::{self, AnyPool, Impl, OpError, PoolClient as _};
use crate::measure;
use crate::report::{PoolRun, Record};
use crate::workloads::w1_pk_lookup::USERS;
use sqlx::Connection as _;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const TASKS: usize = 200;
pub const POOL: u32 = 10;
const SUBJECTS: [Impl; 4] = [Impl::Covet, Impl::SqlxPool, Impl::Native, Impl::SeaOrm];

#[derive(Default)]
struct TaskResult {
    ok: u64,
    errors: u64,
    timeouts: u64,
    first_error: Option<String>,
    latencies_ns: Vec<u64>,
}

async fn task(pool: Arc<AnyPool>, seed: u64, until: Instant) -> TaskResult {
    let mut keys = Keys::new(seed, USERS);
    let mut r = TaskResult::default();
    loop {
        let t = Instant::now();
        if t >= until {
            return r;
        }
        let id = keys.next_key();
        match pool.pk_lookup(id).await {
            Ok(Some(found)) if found == id => r.ok += 1,
            Ok(other) => {
                r.errors += 1;
                r.first_error
                    .get_or_insert_with(|| format!("key {id} gave {other:?}"));
            }
            Err(OpError::Timeout) => r.timeouts += 1,
            Err(OpError::Other(e)) => {
                r.errors += 1;
                r.first_error.get_or_insert_with(|| e.to_string());
            }
        }
        r.latencies_ns.push(t.elapsed().as_nanos() as u64);
    }
}

/// All tasks for `duration`; the wall time until the last one finished.
async fn phase(
    pool: &Arc<AnyPool>,
    duration: Duration,
) -> Result<(Vec<TaskResult>, Duration), Error> {
    let start = Instant::now();
    let until = start + duration;
    let handles: Vec<_> = (0..TASKS)
        .map(|i| tokio::spawn(task(pool.clone(), 0x5eed_0000 + i as u64, until)))
        .collect();
    let mut results = Vec::with_capacity(TASKS);
    for h in handles {
        results.push(h.await?);
    }
    Ok((results, start.elapsed()))
}

/// The server's view of the benchmark database's connections (PostgreSQL backend pids,
/// MariaDB thread ids), minus the monitor's own.
enum Monitor {
    Pg(sqlx::PgConnection),
    My(sqlx::MySqlConnection),
}

impl Monitor {
    async fn connect(target: &Target) -> Result<Option<Monitor>, Error> {
        Ok(match target.backend {
            Backend::Postgres => Some(Monitor::Pg(sqlx::PgConnection::connect(&target.url).await?)),
            Backend::MySql => Some(Monitor::My(
                sqlx::MySqlConnection::connect(&target.url).await?,
            )),
            Backend::Sqlite => None,
        })
    }

    async fn connections(&mut self) -> Result<BTreeSet<i64>, Error> {
        let ids: Vec<(i64,)> = match self {
            Monitor::Pg(c) => {
                sqlx::query_as("SELECT pid::int8 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
                    .fetch_all(c)
                    .await?
            }
            Monitor::My(c) => {
                sqlx::query_as("SELECT CAST(ID AS SIGNED) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()")
                    .fetch_all(c)
                    .await?
            }
        };
        Ok(ids.into_iter().map(|(id,)| id).collect())
    }

    /// Connections seen every 100 ms until `until` that were not open at the start.
    async fn new_connections(
        &mut self,
        baseline: &BTreeSet<i64>,
        until: Instant,
    ) -> Result<u64, Error> {
        let mut seen = BTreeSet::new();
        loop {
            seen.extend(self.connections().await?.difference(baseline).copied());
            if Instant::now() >= until {
                return Ok(seen.len() as u64);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

struct Tally {
    imp: Impl,
    throughputs: Vec<f64>,
    p50: Vec<u64>,
    p99: Vec<u64>,
    p999: Vec<u64>,
    cv: Vec<f64>,
    ops: u64,
    errors: u64,
    timeouts: u64,
    first_error: Option<String>,
    opened: Option<u64>,
}

fn median_f(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        0.0
    } else if v.len() % 2 == 1 {
        v[v.len() / 2]
    } else {
        (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
    }
}

/// Runs W6 on its own multi-thread runtime (the same flavour for every implementation).
pub fn run(target: &Target, plan: &Plan, out: &mut Vec<Record>) -> Result<(), Error> {
    if !plan.runs("W6") {
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run_async(target, plan, out))
}

async fn run_async(target: &Target, plan: &Plan, out: &mut Vec<Record>) -> Result<(), Error> {
    eprintln!(
        "[{}] W6 pool_under_load: {TASKS} tasks, pool of {POOL}",
        target.backend.name()
    );
    let mut pools = Vec::new();
    for imp in SUBJECTS.into_iter().filter(|i| plan.wants(*i)) {
        if let Some(p) = impls::connect_pool(imp, target, POOL).await? {
            pools.push((imp, Arc::new(p)));
        }
    }
    let mut monitor = Monitor::connect(target).await?;
    let mut tallies: Vec<Tally> = pools
        .iter()
        .map(|(imp, _)| Tally {
            imp: *imp,
            throughputs: vec![],
            p50: vec![],
            p99: vec![],
            p999: vec![],
            cv: vec![],
            ops: 0,
            errors: 0,
            timeouts: 0,
            first_error: None,
            opened: monitor.as_ref().map(|_| 0),
        })
        .collect();
    for round in 0..plan.rounds {
        for k in rotation(pools.len(), round) {
            let pool = &pools[k].1;
            let t = &mut tallies[k];
            phase(pool, plan.pool_warmup).await?;
            let baseline = match &mut monitor {
                Some(m) => m.connections().await?,
                None => BTreeSet::new(),
            };
            let until = Instant::now() + plan.pool_duration;
            let (results, wall) = match &mut monitor {
                Some(m) => {
                    let (r, opened) = tokio::join!(
                        phase(pool, plan.pool_duration),
                        m.new_connections(&baseline, until)
                    );
                    *t.opened.as_mut().expect("monitored") += opened?;
                    r?
                }
                None => phase(pool, plan.pool_duration).await?,
            };
            let mut lat: Vec<u64> = results
                .iter()
                .flat_map(|r| r.latencies_ns.iter().copied())
                .collect();
            lat.sort_unstable();
            let counts: Vec<u64> = results.iter().map(|r| r.ok).collect();
            let ok: u64 = counts.iter().sum();
            t.ops += ok;
            t.throughputs.push(ok as f64 / wall.as_secs_f64());
            t.p50.push(measure::quantile(&lat, 0.5));
            t.p99.push(measure::quantile(&lat, 0.99));
            t.p999.push(measure::quantile(&lat, 0.999));
            t.cv.push(measure::coefficient_of_variation(&counts));
            for r in results {
                t.errors += r.errors;
                t.timeouts += r.timeouts;
                if t.first_error.is_none() {
                    t.first_error = r.first_error;
                }
            }
        }
    }
    for mut t in tallies {
        out.push(Record::Pool(PoolRun {
            backend: target.backend,
            imp: t.imp,
            driver: match t.imp {
                Impl::Native => impls::native_name(target.backend, true),
                other => other.label(),
            },
            throughput: median_f(&t.throughputs),
            round_throughputs: t.throughputs.clone(),
            p50_ns: measure::median(&mut t.p50),
            p99_ns: measure::median(&mut t.p99),
            p999_ns: measure::median(&mut t.p999),
            cv: median_f(&t.cv),
            ops: t.ops,
            errors: t.errors,
            timeouts: t.timeouts,
            first_error: t.first_error,
            connections_opened: t.opened,
        }));
    }
    Ok(())
}
