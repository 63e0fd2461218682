//! The property test: random model sets and random edits of them; the migration generated
//! for each edit, applied to a database at the old state, leaves exactly the new models'
//! schema (read back by introspection), and generating again yields nothing. The down
//! migrations are checked too: one down gives the old schema back, two an empty database.
//!
//! `COVET_PROPTEST_CASES` (default 200) cases per backend run one after the other in one
//! namespace, each from an empty database; case `i` uses seed `COVET_PROPTEST_SEED + i`
//! (default seed 0), so a failure names the seed that reproduces it.

mod random;

use crate::common::Namespace;
use covet_migrate::snapshot::Snapshot;
use covet_migrate::{Runner, drift, files};
use std::time::Instant;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// How the database differs from `expected`, one line per object.
async fn differences(runner: &Runner, ns: &Namespace, expected: &Snapshot) -> Vec<String> {
    let found = runner.introspect().await.expect("introspect");
    let mut lines: Vec<String> = drift::compare(&expected.stored_on(ns.backend), &found.snapshot)
        .iter()
        .map(ToString::to_string)
        .collect();
    lines.extend(found.unrecognised);
    lines
}

/// One case: `Err` says what went wrong.
async fn case(ns: &Namespace, runner: &Runner, seed: u64) -> Result<(), String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let old = random::model_set(&mut rng);
    let (new, edits) = random::edit(&mut rng, &old);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let context = |what: &str| {
        let up = std::fs::read_to_string(d.join(format!("2_new/{}.up.sql", ns.backend.name())))
            .unwrap_or_default();
        let down = std::fs::read_to_string(d.join(format!("2_new/{}.down.sql", ns.backend.name())))
            .unwrap_or_default();
        format!(
            "{what}\nedits: {edits:?}\nold: {}\nnew: {}\nup:\n{up}\ndown:\n{down}",
            old.to_json(),
            new.to_json()
        )
    };
    files::generate(d, "1_old", &old, true)
        .map_err(|e| context(&format!("generate old: {e}")))?
        .ok_or_else(|| context("nothing generated for the old models"))?;
    let changed = files::generate(d, "2_new", &new, true)
        .map_err(|e| context(&format!("generate new: {e}")))?
        .is_some();
    let again = files::generate(d, "3_again", &new, true).map_err(|e| context(&e.to_string()))?;
    if again.is_some() {
        return Err(context("generating again yields a migration"));
    }
    let migrations = files::load(d, ns.backend).unwrap();
    runner
        .up(&migrations)
        .await
        .map_err(|e| context(&format!("up: {e}")))?;
    let lines = differences(runner, ns, &new).await;
    if !lines.is_empty() {
        return Err(context(&format!("after up:\n{}", lines.join("\n"))));
    }
    if changed {
        runner
            .down(&migrations, 1)
            .await
            .map_err(|e| context(&format!("down 1: {e}")))?;
        let lines = differences(runner, ns, &old).await;
        if !lines.is_empty() {
            return Err(context(&format!("after one down:\n{}", lines.join("\n"))));
        }
    }
    runner
        .down(&migrations, 2)
        .await
        .map_err(|e| context(&format!("down to empty: {e}")))?;
    let lines = differences(runner, ns, &Snapshot::default()).await;
    if !lines.is_empty() {
        return Err(context(&format!("after all downs:\n{}", lines.join("\n"))));
    }
    Ok(())
}

on_every_backend! {
    /// Random models, random edits: generate, apply, introspect, generate again.
    async fn random_models_and_edits_round_trip(ns) {
        let cases = env_number("COVET_PROPTEST_CASES", 200);
        let seed = env_number("COVET_PROPTEST_SEED", 0);
        let runner = Runner::new(ns.url.clone()).unwrap();
        let started = Instant::now();
        for i in 0..cases {
            if let Err(e) = case(&ns, &runner, seed + i).await {
                panic!("{} property case {i} (COVET_PROPTEST_SEED={}) failed: {e}", ns.backend, seed + i);
            }
        }
        eprintln!(
            "property: {}: {cases} cases passed in {:.1?}",
            ns.backend,
            started.elapsed()
        );
    }
}
