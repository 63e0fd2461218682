//! Scopes: count the statements a piece of code runs, and catch N+1 query patterns.
//!
//! ```no_run
//! # use covet_orm::{Db, Model, scope::{Scope, OnRepeat}};
//! # async fn f(db: &Db) {
//! let (result, report) = Scope::new()
//!     .n_plus_one(10, OnRepeat::Fail)
//!     .run(async { /* code under test */ })
//!     .await;
//! assert!(report.statements <= 3);
//! # }
//! ```
//!
//! A scope covers the statements its future runs on its own task: a task spawned inside it is
//! not counted.

use crate::{Error, Result};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;

/// What to do when one statement shape runs more often than the N+1 limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRepeat {
    /// Log a `tracing` warning (once per shape) and go on.
    Warn,
    /// Refuse the statement with [`Error::RepeatedStatement`]: for tests.
    Fail,
}

/// What a scope saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeReport {
    /// Statements run.
    pub statements: u64,
    /// How often each statement text (values are bound, so the text is the shape) ran, most
    /// frequent first.
    pub by_statement: Vec<(String, u32)>,
}

#[derive(Default)]
struct State {
    limit: Option<(u32, OnRepeat)>,
    statements: u64,
    shapes: HashMap<String, u32>,
}

tokio::task_local! {
    static SCOPE: RefCell<State>;
}

/// A scope to run code in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    limit: Option<(u32, OnRepeat)>,
}

impl Scope {
    /// A scope that only counts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Flags a statement shape that runs more than `limit` times: the signature of a loop that
    /// queries once per row.
    pub fn n_plus_one(mut self, limit: u32, action: OnRepeat) -> Self {
        self.limit = Some((limit, action));
        self
    }

    /// Runs `fut` in the scope; returns its output and what the scope saw.
    pub async fn run<F: Future>(self, fut: F) -> (F::Output, ScopeReport) {
        let state = RefCell::new(State {
            limit: self.limit,
            ..State::default()
        });
        SCOPE
            .scope(state, async move {
                let out = fut.await;
                let report = SCOPE.with(|s| {
                    let s = s.borrow();
                    let mut by_statement: Vec<_> =
                        s.shapes.iter().map(|(k, v)| (k.clone(), *v)).collect();
                    by_statement.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                    ScopeReport {
                        statements: s.statements,
                        by_statement,
                    }
                });
                (out, report)
            })
            .await
    }
}

/// Counts a statement in the current scope, if any; refuses it if the N+1 limit says so.
pub(crate) fn record(sql: &str) -> Result<()> {
    SCOPE
        .try_with(|s| {
            let mut s = s.borrow_mut();
            s.statements += 1;
            let count = {
                let n = s.shapes.entry(sql.to_owned()).or_default();
                *n += 1;
                *n
            };
            match s.limit {
                Some((limit, action)) if count > limit => match action {
                    OnRepeat::Fail => Err(Error::RepeatedStatement {
                        statement: sql.to_owned(),
                        count,
                    }),
                    OnRepeat::Warn if count == limit + 1 => {
                        tracing::warn!(
                            target: "covet::n_plus_one",
                            count = count,
                            limit = limit,
                            db.statement = %sql,
                            "the same statement ran more often than the limit in one scope: an N+1 query?"
                        );
                        Ok(())
                    }
                    OnRepeat::Warn => Ok(()),
                },
                _ => Ok(()),
            }
        })
        .unwrap_or(Ok(()))
}
