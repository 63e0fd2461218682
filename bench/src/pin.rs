//! Pins the database servers to core 0 and the benchmark to core 1 with `taskset`: on a
//! 2-core machine, unpinned runs swing by more than 100% between rounds. The servers' previous
//! affinity is put back when the run ends.

use std::process::Command;

fn taskset(args: &[&str]) -> Option<String> {
    let out = Command::new("taskset").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn pgrep(name: &str) -> Vec<u32> {
    Command::new("pgrep")
        .arg("-x")
        .arg(name)
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The current affinity mask of `pid` (hex, as taskset prints it).
fn mask(pid: u32) -> Option<String> {
    let line = taskset(&["-p", &pid.to_string()])?;
    line.rsplit(' ').next().map(str::to_owned)
}

/// What was pinned, to print and to undo.
pub struct Pinning {
    /// (pid, previous mask) of every server process re-pinned.
    servers: Vec<(u32, String)>,
    pub summary: String,
}

impl Pinning {
    /// Pins this process (before any runtime starts a thread, so every thread inherits it)
    /// and the running PostgreSQL and MariaDB servers (every thread: `-a`).
    pub fn apply() -> Pinning {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 || taskset(&["-V"]).is_none() {
            return Pinning {
                servers: vec![],
                summary: format!("not pinned ({cores} core(s) available, or no taskset)"),
            };
        }
        let me = std::process::id();
        let mut notes = Vec::new();
        match taskset(&["-a", "-p", "-c", "1", &me.to_string()]) {
            Some(_) => notes.push(format!("benchmark (pid {me}) → core 1")),
            None => notes.push("benchmark NOT pinned (taskset failed)".into()),
        }
        let mut servers = Vec::new();
        for name in ["postgres", "mariadbd", "mysqld"] {
            let pids = pgrep(name);
            let mut pinned = 0;
            for pid in &pids {
                let Some(before) = mask(*pid) else { continue };
                if taskset(&["-a", "-p", "-c", "0", &pid.to_string()]).is_some() {
                    servers.push((*pid, before));
                    pinned += 1;
                }
            }
            if !pids.is_empty() {
                notes.push(format!(
                    "{name}: {pinned} of {} processes → core 0",
                    pids.len()
                ));
            }
        }
        Pinning {
            servers,
            summary: notes.join("; "),
        }
    }

    /// Puts the servers' affinity back, including server processes started during the run
    /// (new PostgreSQL backends inherit the postmaster's core 0).
    pub fn restore(&self) {
        let Some((_, mask)) = self.servers.first() else {
            return;
        };
        let mut pids: Vec<u32> = self.servers.iter().map(|(p, _)| *p).collect();
        for name in ["postgres", "mariadbd", "mysqld"] {
            pids.extend(pgrep(name));
        }
        pids.sort_unstable();
        pids.dedup();
        for pid in pids {
            let m = self
                .servers
                .iter()
                .find(|(p, _)| *p == pid)
                .map_or(mask.as_str(), |(_, m)| m.as_str());
            let _ = taskset(&["-a", "-p", m, &pid.to_string()]);
        }
    }
}
