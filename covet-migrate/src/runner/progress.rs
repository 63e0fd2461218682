//! What a runner reports as it goes: each migration started and finished, and each statement,
//! so a long run shows where it is (the CLI prints these).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Which way a migration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Applied (`up`).
    Up,
    /// Reverted (`down`).
    Down,
}

/// One step of a run, given to the callback of [`Runner::on_progress`](super::Runner::on_progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress<'a> {
    /// A migration starts.
    Started {
        /// The migration.
        id: &'a str,
        /// Which way.
        direction: Direction,
        /// How many statements it has.
        statements: usize,
    },
    /// One of its statements ran.
    Statement {
        /// The migration.
        id: &'a str,
        /// Statements done so far (1-based).
        done: usize,
        /// Its statements in all.
        total: usize,
    },
    /// It finished (and, where DDL is transactional, was committed).
    Finished {
        /// The migration.
        id: &'a str,
        /// Which way.
        direction: Direction,
        /// How long it took.
        took: Duration,
    },
}

type Callback = dyn Fn(Progress<'_>) + Send + Sync;

/// Where progress goes: nowhere, or a callback.
#[derive(Clone, Default)]
pub(crate) struct Sink(Option<Arc<Callback>>);

impl Sink {
    pub(crate) fn new(f: impl Fn(Progress<'_>) + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(f)))
    }

    pub(crate) fn emit(&self, p: Progress<'_>) {
        if let Some(f) = &self.0 {
            f(p);
        }
    }
}

impl fmt::Debug for Sink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Sink(callback)"
        } else {
            "Sink(none)"
        })
    }
}
