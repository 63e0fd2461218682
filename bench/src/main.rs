//! covet-bench: covet beside raw sqlx, the native drivers, diesel and sea-orm, on SQLite,
//! PostgreSQL and MariaDB, as /work/shared/design/BENCH.md specifies.
//!
//! `cargo run --release --manifest-path bench/Cargo.toml -- [--quick] [--backend sqlite|postgres|mysql]`

mod backend;
mod data;
mod harness;
mod impls;
mod measure;
mod pin;
mod report;
mod workloads;

use backend::{Backend, Target};
use harness::{Ctx, Plan};
use impls::Impl;
use std::io::Write as _;

#[global_allocator]
static ALLOC: measure::CountingAlloc = measure::CountingAlloc;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    quick: bool,
    only: Vec<Impl>,
    workloads: Vec<String>,
    backends: Vec<Backend>,
    out_dir: std::path::PathBuf,
}

fn usage() -> ! {
    eprintln!(
        "usage: covet-bench [--quick] [--backend sqlite|postgres|mysql]... [--out-dir DIR]\n\
         \x20      [--only covet|covet-pool-max-1|raw-sqlx|raw-sqlx-Pool|native|diesel|sea-orm]... [--workload W1|W2|W3|W4|W5|W6]..."
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        quick: false,
        only: vec![],
        workloads: vec![],
        backends: vec![],
        out_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("results"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => args.quick = true,
            "--backend" => {
                let b = it.next().unwrap_or_else(|| usage());
                args.backends
                    .push(Backend::parse(&b).unwrap_or_else(|| usage()));
            }
            "--only" => {
                let i = it.next().unwrap_or_else(|| usage());
                args.only.push(Impl::parse(&i).unwrap_or_else(|| usage()));
            }
            "--workload" => args.workloads.push(it.next().unwrap_or_else(|| usage())),
            "--out-dir" => args.out_dir = it.next().unwrap_or_else(|| usage()).into(),
            _ => usage(),
        }
    }
    if args.backends.is_empty() {
        args.backends = Backend::ALL.to_vec();
    }
    args
}

/// W1/W2 on a current-thread runtime, then W6 on a multi-thread one.
fn run_backend(
    target: &Target,
    plan: &Plan,
    out: &mut Vec<report::Record>,
) -> Result<String, Error> {
    let single = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let server = single.block_on(async {
        target.create().await?;
        let server = target.server_version().await?;
        let mut admin = data::Admin::connect(target).await?;
        admin.create_schema().await?;
        admin.seed_users(workloads::w1_pk_lookup::USERS).await?;
        let mut clients = Vec::new();
        for imp in Impl::ALL.into_iter().filter(|i| plan.wants(*i)) {
            match impls::connect(imp, target).await {
                Ok(Some(c)) => clients.push((imp, c)),
                Ok(None) => {}
                Err(e) => eprintln!(
                    "[{}] {} cannot connect: {e}",
                    target.backend.name(),
                    imp.label()
                ),
            }
        }
        let mut ctx = Ctx {
            target,
            plan,
            admin: &mut admin,
            clients: &mut clients,
            out,
        };
        workloads::single_task(&mut ctx).await?;
        // W6 reads the 10,000-row table too.
        admin.seed_users(workloads::w1_pk_lookup::USERS).await?;
        Ok::<_, Error>(server)
    })?;
    drop(single);
    workloads::w6_pool_under_load::run(target, plan, out)?;
    Ok(server)
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cmd = "cargo run --release --manifest-path bench/Cargo.toml --".to_owned();
    for a in args {
        cmd.push(' ');
        cmd.push_str(&a);
    }
    cmd
}

fn main() {
    let args = parse_args();
    let machine = report::machine();
    let pinning = pin::Pinning::apply();
    eprintln!("pinning: {}", pinning.summary);
    let mut plan = Plan::new(args.quick);
    plan.only = args.only.clone();
    plan.workloads = args.workloads.clone();
    let mut records = Vec::new();
    let mut sections = Vec::new();
    let mut failed = false;
    for &b in &args.backends {
        let target = Target::new(b);
        let result = run_backend(&target, &plan, &mut records);
        // The database is dropped whatever happened.
        let cleanup = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|rt| rt.block_on(target.drop_database()));
        if let Ok(Err(e)) = cleanup {
            eprintln!("[{}] could not drop the benchmark database: {e}", b.name());
        }
        match result {
            Ok(server) => sections.push(report::markdown(b, &server, &records)),
            Err(e) => {
                eprintln!("[{}] FAILED: {e}", b.name());
                sections.push(format!("### {}\n\nFAILED: {e}\n", b.name()));
                failed = true;
            }
        }
    }
    pinning.restore();

    let mode = if args.quick { "quick" } else { "latest" };
    let partial = !args.only.is_empty() || !args.workloads.is_empty();
    let suffix = if partial {
        "-partial".to_owned()
    } else if args.backends.len() == Backend::ALL.len() {
        String::new()
    } else {
        format!(
            "-{}",
            args.backends
                .iter()
                .map(|b| b.name())
                .collect::<Vec<_>>()
                .join("-")
        )
    };
    let mut md = String::new();
    md.push_str(&format!(
        "## covet benchmarks ({})\n\n",
        if args.quick { "--quick" } else { "full run" }
    ));
    md.push_str(&format!("- machine: {machine}\n"));
    md.push_str(&format!("- pinning: {}\n", pinning.summary));
    md.push_str(&format!("- covet: {}\n", report::covet_revision()));
    md.push_str(&format!("- crates: {}\n", report::crate_versions()));
    md.push_str(&format!("- command: `{}`\n", command_line()));
    md.push_str("- method: every implementation interleaved in 3 rounds of rotating order, median of the round medians; ratios from this run only; current-thread runtime for W1/W2, multi-thread for W6; TCP to 127.0.0.1 without TLS; prepared statements cached by each implementation its own way.\n\n");
    for s in &sections {
        md.push_str(s);
        md.push('\n');
    }
    println!("{md}");

    let jsonl: String = records
        .iter()
        .map(|r| r.to_json().to_string() + "\n")
        .collect();
    let _ = std::fs::create_dir_all(&args.out_dir);
    let md_path = args.out_dir.join(format!("{mode}{suffix}.md"));
    let json_path = args.out_dir.join(format!("{mode}{suffix}.jsonl"));
    for (path, body) in [(&md_path, &md), (&json_path, &jsonl)] {
        match std::fs::File::create(path).and_then(|mut f| f.write_all(body.as_bytes())) {
            Ok(()) => eprintln!("wrote {}", path.display()),
            Err(e) => eprintln!("could not write {}: {e}", path.display()),
        }
    }
    if failed {
        std::process::exit(1);
    }
}
