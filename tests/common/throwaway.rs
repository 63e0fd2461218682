//! A throwaway MariaDB server on its own port and data directory, for tests that must change
//! server-wide settings (`max_connections`, `read_only`) without touching the shared server.
//! Stopped and removed when dropped.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub(crate) struct MariaDb {
    dir: PathBuf,
    pub(crate) port: u16,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn run(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

impl MariaDb {
    /// Starts a server with `args` added to its command line; `None` (or a failure under
    /// `CI=true`) when MariaDB is not installed.
    pub(crate) async fn start(args: &[&str]) -> Option<Self> {
        let installed = "command -v mariadb-install-db && command -v mariadbd";
        if !run(Command::new("sh").args(["-c", installed])) {
            return super::unavailable(
                super::Kind::MariaDb,
                &"mariadb-install-db is not installed",
            );
        }
        let dir = std::env::temp_dir().join(format!(
            "covet-mariadb-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).expect("data dir");
        assert!(
            run(Command::new("chown").arg("mysql:").arg(&dir)),
            "chown the data dir to mysql"
        );
        let data = dir.join("data");
        assert!(
            run(Command::new("mariadb-install-db")
                .arg("--no-defaults")
                .arg(format!("--datadir={}", data.display()))
                .args([
                    "--user=mysql",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db"
                ])),
            "mariadb-install-db"
        );
        let port = free_port();
        let server = Self {
            dir: dir.clone(),
            port,
        };
        // `setsid -f` detaches the server and returns at once; it is stopped by pid on drop.
        let started = Command::new("setsid")
            .args(["-f", "mariadbd"])
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--port={port}"))
            .arg("--bind-address=127.0.0.1")
            .arg(format!("--socket={}", dir.join("sock").display()))
            .arg(format!("--pid-file={}", dir.join("pid").display()))
            .arg(format!("--log-error={}", dir.join("err").display()))
            .args(["--user=mysql", "--skip-log-bin"])
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("start mariadbd");
        assert!(started.success(), "setsid mariadbd");
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the throwaway MariaDB did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some(server)
    }

    /// A URL for `user` (no password) and `database` on this server.
    pub(crate) fn url(&self, user: &str, database: &str) -> String {
        format!("mysql://{user}@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.dir.join("pid")) {
            let pid = pid.trim().to_owned();
            let _ = Command::new("kill").arg(&pid).status();
            let deadline = Instant::now() + Duration::from_secs(30);
            while run(Command::new("kill").args(["-0", &pid])) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
