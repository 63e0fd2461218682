//! Runs a single-task workload on every implementation it names: interleaved rounds whose
//! order rotates (A B C, B C A, C A B), a median per round, the median of those; then, for the
//! workloads that ask, a separate allocation pass.

use crate::Error;
use crate::backend::{Backend, Target};
use crate::data::{Admin, Keys};
use crate::impls::{AnyClient, Impl};
use crate::measure::{self, Allocs};
use crate::report::{Record, Timing};
use crate::workloads::Workload;
use std::time::{Duration, Instant};

/// How long everything runs: `--quick` shortens batches, never the number of rounds.
#[derive(Debug, Clone)]
pub struct Plan {
    pub quick: bool,
    pub rounds: usize,
    /// Timed wall time per implementation per round (at least `min_iters` operations).
    pub batch: Duration,
    pub min_iters: u64,
    /// W6: measured duration per implementation per round, and its warm-up.
    pub pool_duration: Duration,
    pub pool_warmup: Duration,
    /// `--only`: run just these implementations (all when empty), e.g. to profile one.
    pub only: Vec<Impl>,
    /// `--workload`: run just these workload ids (all when empty).
    pub workloads: Vec<String>,
}

impl Plan {
    pub fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                quick,
                rounds: 3,
                batch: Duration::from_millis(25),
                min_iters: 3,
                pool_duration: Duration::from_millis(300),
                pool_warmup: Duration::from_millis(100),
                only: vec![],
                workloads: vec![],
            }
        } else {
            Plan {
                quick,
                rounds: 3,
                batch: Duration::from_millis(400),
                min_iters: 10,
                pool_duration: Duration::from_secs(5),
                pool_warmup: Duration::from_secs(1),
                only: vec![],
                workloads: vec![],
            }
        }
    }
}

impl Plan {
    pub fn wants(&self, imp: Impl) -> bool {
        self.only.is_empty() || self.only.contains(&imp)
    }

    pub fn runs(&self, workload: &str) -> bool {
        self.workloads.is_empty()
            || self
                .workloads
                .iter()
                .any(|w| w.eq_ignore_ascii_case(workload))
    }
}

/// Seed of the W1 key sequence; every batch restarts it.
pub const KEY_SEED: u64 = 0x00c0_ffee;

/// What a single-task workload runs against.
pub struct Ctx<'a> {
    pub target: &'a Target,
    pub plan: &'a Plan,
    pub admin: &'a mut Admin,
    /// Every implementation connected on this backend.
    pub clients: &'a mut Vec<(Impl, AnyClient)>,
    pub out: &'a mut Vec<Record>,
}

/// One implementation's running totals over the rounds.
struct Tally {
    imp: Impl,
    round_medians: Vec<u64>,
    iters: u64,
    wall: Duration,
    cpu: Duration,
    failed: Option<String>,
}

/// `i`-th rotation of `0..n`: round 0 is 0 1 2 .., round 1 is 1 2 .. 0, and so on.
pub fn rotation(n: usize, round: usize) -> impl Iterator<Item = usize> {
    (0..n).map(move |i| (i + round) % n)
}

async fn untimed<W: Workload>(
    w: &W,
    c: &mut AnyClient,
    keys: &mut Keys,
    budget: Duration,
) -> Result<(), Error> {
    // At least two operations (prepares statements, fills caches), then up to `budget`.
    let start = Instant::now();
    let mut n = 0;
    while n < 2 || (n < 20 && start.elapsed() < budget) {
        w.once(c, keys).await?;
        n += 1;
    }
    Ok(())
}

/// Times one batch: the per-operation latencies go to `samples`.
async fn batch<W: Workload>(
    w: &W,
    c: &mut AnyClient,
    plan: &Plan,
    samples: &mut Vec<u64>,
) -> Result<(Duration, Duration), Error> {
    let fixed = w.fixed_iterations(plan.quick);
    if fixed.is_none() {
        untimed(
            w,
            c,
            &mut Keys::new(KEY_SEED ^ 1, w.users()),
            plan.batch / 10,
        )
        .await?;
    }
    let mut keys = Keys::new(KEY_SEED, w.users());
    samples.clear();
    let cpu0 = measure::cpu_time();
    let start = Instant::now();
    loop {
        let t = Instant::now();
        w.once(c, &mut keys).await?;
        samples.push(t.elapsed().as_nanos() as u64);
        let done = match fixed {
            Some(n) => samples.len() as u64 >= n,
            None => samples.len() as u64 >= plan.min_iters && start.elapsed() >= plan.batch,
        };
        if done {
            break;
        }
    }
    Ok((start.elapsed(), measure::cpu_time() - cpu0))
}

pub async fn run<W: Workload>(ctx: &mut Ctx<'_>, w: &W) -> Result<(), Error> {
    if !ctx.plan.runs(w.id()) {
        return Ok(());
    }
    if w.related() {
        ctx.admin.seed_related(w.users()).await?;
    } else {
        ctx.admin.seed_users(w.users()).await?;
    }
    let backend = ctx.target.backend;
    eprintln!(
        "[{}] {} {} / {}",
        backend.name(),
        w.id(),
        w.name(),
        w.size()
    );
    // The clients taking part, in the workload's order.
    let picked: Vec<usize> = w
        .subjects()
        .iter()
        .filter_map(|imp| ctx.clients.iter().position(|(i, _)| i == imp))
        .collect();
    let mut tallies: Vec<Tally> = picked
        .iter()
        .map(|&i| Tally {
            imp: ctx.clients[i].0,
            round_medians: Vec::new(),
            iters: 0,
            wall: Duration::ZERO,
            cpu: Duration::ZERO,
            failed: None,
        })
        .collect();
    // Allocated once, outside every timed loop, large enough for any batch.
    let mut samples: Vec<u64> = Vec::with_capacity(1 << 20);
    for round in 0..ctx.plan.rounds {
        for k in rotation(picked.len(), round) {
            let tally = &mut tallies[k];
            if tally.failed.is_some() {
                continue;
            }
            if w.writes() {
                ctx.admin.seed_users(0).await?;
            }
            let client = &mut ctx.clients[picked[k]].1;
            let result = batch(w, client, ctx.plan, &mut samples).await;
            if w.writes() {
                ctx.admin.mark_dirty();
            }
            match result {
                Ok((wall, cpu)) => {
                    tally.iters += samples.len() as u64;
                    tally.wall += wall;
                    tally.cpu += cpu;
                    tally.round_medians.push(measure::median(&mut samples));
                }
                Err(e) => {
                    if e.to_string() != "unsupported" {
                        eprintln!("  {} failed: {e}", tally.imp.label());
                    }
                    tally.failed = Some(e.to_string());
                }
            }
        }
    }
    // An implementation that cannot express the workload is left out, not reported failed.
    for t in tallies
        .iter()
        .filter(|t| t.failed.as_deref() != Some("unsupported"))
    {
        ctx.out.push(Record::Timing(timing(backend, w, t)));
    }
    if let Some(n) = w.alloc_iterations() {
        for (k, &i) in picked.iter().enumerate() {
            if tallies[k].failed.is_some() {
                continue;
            }
            let (imp, client) = &mut ctx.clients[i];
            let allocs = alloc_pass(w, client, n).await?;
            ctx.out.push(Record::Allocs {
                backend,
                workload: w.id(),
                name: w.name(),
                size: w.size(),
                imp: *imp,
                calls_per_op: allocs.calls as f64 / n as f64,
                bytes_per_op: allocs.bytes as f64 / n as f64,
            });
        }
    }
    Ok(())
}

fn timing<W: Workload>(backend: Backend, w: &W, t: &Tally) -> Timing {
    let mut medians = t.round_medians.clone();
    let per_op = |d: Duration| {
        if t.iters == 0 {
            0.0
        } else {
            d.as_nanos() as f64 / t.iters as f64
        }
    };
    Timing {
        backend,
        workload: w.id(),
        name: w.name(),
        size: w.size(),
        imp: t.imp,
        median_ns: measure::median(&mut medians),
        round_medians_ns: t.round_medians.clone(),
        iters: t.iters,
        mean_ns: per_op(t.wall),
        cpu_ns_per_op: per_op(t.cpu),
        error: t.failed.clone(),
    }
}

/// Counts allocations over `n` operations, after an untimed warm-up.
async fn alloc_pass<W: Workload>(w: &W, c: &mut AnyClient, n: u64) -> Result<Allocs, Error> {
    let mut keys = Keys::new(KEY_SEED, w.users());
    untimed(w, c, &mut keys, Duration::ZERO).await?;
    measure::alloc_start();
    let mut result = Ok(());
    for _ in 0..n {
        result = w.once(c, &mut keys).await;
        if result.is_err() {
            break;
        }
    }
    let allocs = measure::alloc_stop();
    result.map(|()| allocs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rotation_rotates() {
        let r: Vec<Vec<usize>> = (0..3).map(|r| super::rotation(3, r).collect()).collect();
        assert_eq!(r, vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1]]);
    }
}
