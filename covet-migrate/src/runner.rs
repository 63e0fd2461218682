//! The runner: applies and reverts migrations on a live database, once each, under a lock.
//!
//! A history table (`_covet_migrations`) records each applied migration with the SHA-256 of its
//! up file, when it ran and how long it took. Before anything runs, every applied migration is
//! checked against its file: an edited one is refused, naming the file (a change of line
//! endings only is not an edit).
//!
//! - PostgreSQL and SQLite run each migration in one transaction with its history row, so a
//!   failure leaves the database as it was. A migration whose up file has the line
//!   `-- covet: no-transaction` runs its statements one by one instead (PostgreSQL's
//!   `CREATE INDEX CONCURRENTLY`; SQLite keeps its `BEGIN IMMEDIATE`, which is its lock).
//! - SQLite runs with foreign keys off (they cannot change inside a transaction) and checks
//!   `PRAGMA foreign_key_check` before committing; triggers of a table the migration rebuilt
//!   are recreated from their saved definitions.
//! - MariaDB/MySQL cannot roll DDL back: the history row is written first, marked dirty, with
//!   the number of statements done updated after each one. A migration that fails leaves the
//!   row dirty, and every later run stops with [`Error::Dirty`] until it is repaired
//!   ([`Runner::repair`]).

pub(crate) mod conn;
mod history;
mod lock;
mod progress;

pub use progress::{Direction, Progress};

pub use history::HISTORY_TABLE;

/// Whether `table` is one of covet-migrate's own (the history and SQLite's lock table).
pub(crate) fn is_own_table(table: &str) -> bool {
    table == HISTORY_TABLE || table == history::LOCK_TABLE
}

use crate::files::{Migration, statements};
use crate::{Error, Result};
use conn::{Conn, Row};
use covet_sql::{Backend, SqlWriter};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Applies, reverts and reports migrations on one database.
#[derive(Clone)]
pub struct Runner {
    source: Source,
    backend: Backend,
    lock_timeout: Duration,
    progress: progress::Sink,
}

/// Where the runner's connection comes from.
#[derive(Clone)]
enum Source {
    /// A URL (kept out of `Debug`: it may hold a password).
    Url(String),
    /// A covet handle, which opens a session with its own settings.
    Db(covet_orm::Db),
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("backend", &self.backend)
            .field("lock_timeout", &self.lock_timeout)
            .finish_non_exhaustive()
    }
}

/// Where one migration stands on the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The migration id.
    pub id: String,
    /// Applied, pending, or applied but edited since.
    pub state: State,
}

/// The state of one migration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum State {
    /// Not applied yet.
    Pending,
    /// Applied, with its file unchanged.
    Applied {
        /// When, in milliseconds since the Unix epoch.
        at_ms: i64,
        /// How long it took.
        duration_ms: i64,
    },
    /// Applied, but its file changed since.
    Edited,
    /// Applied, but not among the migrations given (its directory is gone).
    Missing,
    /// Failed part-way on MariaDB/MySQL.
    Dirty {
        /// Statements that had run.
        done: i64,
    },
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The migrations applied or reverted by this runner, in order, with their duration.
    pub done: Vec<(String, Duration)>,
}

/// What a locked run does.
#[derive(Clone, Copy)]
enum Op {
    Up,
    Down(usize),
    Baseline,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The backend a URL names, from its scheme.
pub fn backend_of(url: &str) -> Result<Backend> {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("sqlite") => Ok(Backend::Sqlite),
        Some("postgres" | "postgresql") => Ok(Backend::Postgres),
        Some("mysql" | "mariadb") => Ok(Backend::MySql),
        _ => Err(Error::Url(
            "expected a URL starting with sqlite:, postgres:, postgresql:, mysql: or mariadb:"
                .into(),
        )),
    }
}

impl Runner {
    /// A runner for the database at `url` (`postgres://`, `mysql://`/`mariadb://`, `sqlite:`).
    pub fn new(url: impl Into<String>) -> Result<Self> {
        let url = url.into();
        let backend = backend_of(&url)?;
        let url = match url.get(..8) {
            Some(p) if p.eq_ignore_ascii_case("mariadb:") => format!("mysql:{}", &url[8..]),
            _ => url,
        };
        Ok(Self {
            source: Source::Url(url),
            backend,
            lock_timeout: Duration::from_secs(60),
            progress: progress::Sink::default(),
        })
    }

    /// A runner for the database of a covet handle: its session has the handle's settings,
    /// outside its pool.
    pub fn for_db(db: &covet_orm::Db) -> Self {
        Self {
            source: Source::Db(db.clone()),
            backend: db.backend(),
            lock_timeout: Duration::from_secs(60),
            progress: progress::Sink::default(),
        }
    }

    /// Calls `f` as each migration starts and finishes and as each statement runs.
    pub fn on_progress(mut self, f: impl Fn(Progress<'_>) + Send + Sync + 'static) -> Self {
        self.progress = progress::Sink::new(f);
        self
    }

    /// How long to wait for another runner's lock before failing (default 60 s).
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The backend this runner speaks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn connect(&self) -> Result<Conn> {
        match &self.source {
            Source::Url(url) => Ok(Conn::open(self.backend, url, self.lock_timeout).await?),
            Source::Db(db) => {
                let session = db.__open_session().await.map_err(Error::Session)?;
                Ok(Conn::from_session(session, self.lock_timeout).await?)
            }
        }
    }

    /// Applies every pending migration of `migrations` (in order), under the lock.
    pub async fn up(&self, migrations: &[Migration]) -> Result<Report> {
        let mut conn = self.connect().await?;
        let result = self.locked(&mut conn, migrations, Op::Up).await;
        conn.close().await;
        result
    }

    /// Reverts the last `n` applied migrations, newest first, under the lock.
    pub async fn down(&self, migrations: &[Migration], n: usize) -> Result<Report> {
        let mut conn = self.connect().await?;
        let result = self.locked(&mut conn, migrations, Op::Down(n)).await;
        conn.close().await;
        result
    }

    /// Where each migration stands, plus an entry for any applied migration not among them
    /// (reported as an error by [`Runner::up`]).
    pub async fn status(&self, migrations: &[Migration]) -> Result<Vec<Status>> {
        let mut conn = self.connect().await?;
        history::create(&mut conn, self.backend).await?;
        let rows = history::read(&mut conn, self.backend).await?;
        conn.close().await;
        let mut out: Vec<Status> = migrations
            .iter()
            .map(|m| {
                let state = match rows.iter().find(|r| r.id == m.id) {
                    None => State::Pending,
                    Some(r) if r.dirty => State::Dirty {
                        done: r.statements_done,
                    },
                    Some(r) if r.checksum != m.checksum() => State::Edited,
                    Some(r) => State::Applied {
                        at_ms: r.applied_at_ms,
                        duration_ms: r.duration_ms,
                    },
                };
                Status {
                    id: m.id.clone(),
                    state,
                }
            })
            .collect();
        out.extend(
            rows.iter()
                .filter(|r| !migrations.iter().any(|m| m.id == r.id))
                .map(|r| Status {
                    id: r.id.clone(),
                    state: State::Missing,
                }),
        );
        Ok(out)
    }

    /// Reads the database's schema back (PostgreSQL: the connection's current schema).
    pub async fn introspect(&self) -> Result<crate::introspect::Introspected> {
        let mut conn = self.connect().await?;
        let result = crate::introspect::read(&mut conn, self.backend).await;
        conn.close().await;
        result
    }

    /// Clears the dirty mark of migration `id` after it was finished by hand: the migration
    /// then counts as applied.
    pub async fn repair(&self, id: &str, migrations: &[Migration]) -> Result<()> {
        let m = find(migrations, id)?;
        let mut conn = self.connect().await?;
        history::create(&mut conn, self.backend).await?;
        let total = i64::try_from(statements(&m.up).len()).unwrap_or(i64::MAX);
        let result = history::progress(&mut conn, self.backend, id, total, false, 0).await;
        conn.close().await;
        Ok(result?)
    }

    /// Records every migration as applied without running it: for a database whose schema
    /// already matches them.
    pub async fn baseline(&self, migrations: &[Migration]) -> Result<Report> {
        let mut conn = self.connect().await?;
        let result = self.locked(&mut conn, migrations, Op::Baseline).await;
        conn.close().await;
        result
    }

    /// Runs `op` holding the session lock (none on SQLite, whose lock is per migration).
    async fn locked(&self, conn: &mut Conn, migrations: &[Migration], op: Op) -> Result<Report> {
        let held = lock::acquire(conn, self.backend, self.lock_timeout).await?;
        let result = async {
            if self.backend != Backend::Sqlite {
                history::create(conn, self.backend).await?;
            }
            match op {
                Op::Up => self.up_locked(conn, migrations).await,
                Op::Down(n) => self.down_locked(conn, migrations, n).await,
                Op::Baseline => self.baseline_locked(conn, migrations).await,
            }
        }
        .await;
        let released = lock::release(conn, self.backend, held).await;
        let report = result?;
        released?;
        Ok(report)
    }

    /// Checks the applied migrations against `migrations`: dirty, unknown or edited ones stop
    /// the run.
    fn verify(&self, rows: &[Row], migrations: &[Migration]) -> Result<()> {
        for row in rows {
            if row.dirty {
                return Err(Error::Dirty {
                    id: row.id.clone(),
                    done: row.statements_done,
                });
            }
            let m = migrations
                .iter()
                .find(|m| m.id == row.id)
                .ok_or_else(|| Error::UnknownApplied(row.id.clone()))?;
            let actual = m.checksum();
            if actual != row.checksum {
                return Err(Error::Checksum {
                    id: m.id.clone(),
                    path: m.source.clone(),
                    recorded: row.checksum.clone(),
                    actual,
                });
            }
        }
        Ok(())
    }

    async fn up_locked(&self, conn: &mut Conn, migrations: &[Migration]) -> Result<Report> {
        let mut report = Report::default();
        if self.backend == Backend::Sqlite {
            sqlite::prepare(conn).await?;
            for m in migrations {
                if let Some(took) = sqlite::apply_one(self, conn, migrations, m).await? {
                    self.finished(&mut report, m, Direction::Up, took);
                }
            }
            return Ok(report);
        }
        let rows = history::read(conn, self.backend).await?;
        self.verify(&rows, migrations)?;
        for m in migrations
            .iter()
            .filter(|m| !rows.iter().any(|r| r.id == m.id))
        {
            self.started(m, Direction::Up);
            let took = match self.backend {
                Backend::MySql => self.apply_tracked(conn, m).await?,
                _ => self.apply_transactional(conn, m).await?,
            };
            self.finished(&mut report, m, Direction::Up, took);
        }
        Ok(report)
    }

    /// PostgreSQL: the statements and the history row in one transaction.
    async fn apply_transactional(&self, conn: &mut Conn, m: &Migration) -> Result<Duration> {
        let started = Instant::now();
        let in_tx = !m.no_transaction();
        if in_tx {
            conn.exec(&keyword(self.backend, "BEGIN")).await?;
        }
        let result = async {
            self.run_statements(conn, &m.id, &m.up).await?;
            let row = applied_row(m, started.elapsed());
            history::insert(conn, self.backend, &row).await?;
            Ok::<_, Error>(())
        }
        .await;
        finish(conn, self.backend, in_tx, result).await?;
        Ok(started.elapsed())
    }

    /// MariaDB/MySQL: a dirty history row first, progress after each statement, clean at the
    /// end.
    async fn apply_tracked(&self, conn: &mut Conn, m: &Migration) -> Result<Duration> {
        let started = Instant::now();
        let mut row = applied_row(m, Duration::ZERO);
        row.dirty = true;
        history::insert(conn, self.backend, &row).await?;
        let backend = self.backend;
        let id = m.id.clone();
        let total = statements(&m.up).len();
        for (i, stmt) in statements(&m.up).into_iter().enumerate() {
            self.run_statement(conn, &id, stmt, i, total).await?;
            let done = i64::try_from(i + 1).unwrap_or(i64::MAX);
            let last = i + 1 == total;
            history::progress(conn, backend, &id, done, !last, millis(started.elapsed())).await?;
        }
        if total == 0 {
            history::progress(conn, backend, &id, 0, false, 0).await?;
        }
        Ok(started.elapsed())
    }

    async fn down_locked(
        &self,
        conn: &mut Conn,
        migrations: &[Migration],
        n: usize,
    ) -> Result<Report> {
        if self.backend == Backend::Sqlite {
            sqlite::prepare(conn).await?;
        }
        let rows = history::read(conn, self.backend).await?;
        self.verify(&rows, migrations)?;
        let mut report = Report::default();
        for row in rows.iter().rev().take(n) {
            let m = find(migrations, &row.id)?;
            let started = Instant::now();
            self.started(m, Direction::Down);
            match self.backend {
                Backend::Sqlite => sqlite::revert_one(self, conn, m).await?,
                Backend::MySql => {
                    history::progress(conn, self.backend, &m.id, 0, true, 0).await?;
                    self.run_statements(conn, &m.id, &m.down).await?;
                    history::delete(conn, self.backend, &m.id).await?;
                }
                Backend::Postgres => {
                    conn.exec(&keyword(self.backend, "BEGIN")).await?;
                    let result = async {
                        self.run_statements(conn, &m.id, &m.down).await?;
                        history::delete(conn, self.backend, &m.id).await?;
                        Ok(())
                    }
                    .await;
                    finish(conn, self.backend, true, result).await?;
                }
            }
            self.finished(&mut report, m, Direction::Down, started.elapsed());
        }
        Ok(report)
    }

    /// Runs the statements of `sql` one by one, reporting each.
    async fn run_statements(&self, conn: &mut Conn, id: &str, sql: &str) -> Result<()> {
        let all = statements(sql);
        let total = all.len();
        for (i, stmt) in all.into_iter().enumerate() {
            self.run_statement(conn, id, stmt, i, total).await?;
        }
        Ok(())
    }

    /// Runs statement `i` (0-based) of `total` of migration `id`, and reports it.
    async fn run_statement(
        &self,
        conn: &mut Conn,
        id: &str,
        stmt: &str,
        i: usize,
        total: usize,
    ) -> Result<()> {
        conn.exec(stmt).await.map_err(|source| Error::Statement {
            id: id.to_owned(),
            statement: i + 1,
            source,
        })?;
        self.progress.emit(Progress::Statement {
            id,
            done: i + 1,
            total,
        });
        Ok(())
    }

    /// Reports that `m` starts running `direction`.
    fn started(&self, m: &Migration, direction: Direction) {
        let sql = match direction {
            Direction::Up => &m.up,
            Direction::Down => &m.down,
        };
        self.progress.emit(Progress::Started {
            id: &m.id,
            direction,
            statements: statements(sql).len(),
        });
    }

    /// Reports that `m` is done, and records it in `report`.
    fn finished(&self, report: &mut Report, m: &Migration, direction: Direction, took: Duration) {
        self.progress.emit(Progress::Finished {
            id: &m.id,
            direction,
            took,
        });
        report.done.push((m.id.clone(), took));
    }

    async fn baseline_locked(&self, conn: &mut Conn, migrations: &[Migration]) -> Result<Report> {
        if self.backend == Backend::Sqlite {
            sqlite::prepare(conn).await?;
        }
        let rows = history::read(conn, self.backend).await?;
        self.verify(&rows, migrations)?;
        let mut report = Report::default();
        for m in migrations
            .iter()
            .filter(|m| !rows.iter().any(|r| r.id == m.id))
        {
            history::insert(conn, self.backend, &applied_row(m, Duration::ZERO)).await?;
            report.done.push((m.id.clone(), Duration::ZERO));
        }
        Ok(report)
    }
}

fn find<'m>(migrations: &'m [Migration], id: &str) -> Result<&'m Migration> {
    migrations
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| Error::UnknownApplied(id.to_owned()))
}

fn applied_row(m: &Migration, took: Duration) -> Row {
    Row {
        id: m.id.clone(),
        checksum: m.checksum(),
        applied_at_ms: now_ms(),
        duration_ms: millis(took),
        dirty: false,
        statements_done: i64::try_from(statements(&m.up).len()).unwrap_or(i64::MAX),
    }
}

/// A fixed keyword statement (`BEGIN`, `COMMIT`, `ROLLBACK`), through the writer.
fn keyword(backend: Backend, word: &'static str) -> String {
    let mut w = SqlWriter::new(backend);
    w.sql(word);
    w.finish()
}

/// Commits when `result` is good, rolls back otherwise (inside a transaction).
async fn finish<T>(conn: &mut Conn, backend: Backend, in_tx: bool, result: Result<T>) -> Result<T> {
    if !in_tx {
        return result;
    }
    match result {
        Ok(v) => {
            conn.exec(&keyword(backend, "COMMIT")).await?;
            Ok(v)
        }
        Err(e) => {
            let _ = conn.exec(&keyword(backend, "ROLLBACK")).await;
            Err(e)
        }
    }
}

mod sqlite;
