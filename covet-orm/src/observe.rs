//! Observability of each statement: a `tracing` span with OpenTelemetry's database fields, a
//! warning for slow statements, the error-class counter, and the scope counters.

use crate::render::Statement;
use crate::{Backend, Error, Result, scope};
use std::time::{Duration, Instant};
use tracing::Span;

/// The first keyword of a statement covet wrote: `SELECT`, `INSERT`, ... (`db.operation`).
fn operation(sql: &str) -> &'static str {
    let word = sql
        .trim_start()
        .split([' ', '\n'])
        .next()
        .unwrap_or_default();
    const KNOWN: [&str; 11] = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "WITH", "SET", "SHOW",
        "BEGIN",
    ];
    KNOWN
        .into_iter()
        .find(|k| word.eq_ignore_ascii_case(k))
        .unwrap_or("OTHER")
}

/// One statement being observed, from just before it is sent until its result.
pub(crate) struct Observation {
    span: Span,
    started: Instant,
    slow: Option<Duration>,
}

/// Opens the span of `stmt` and counts it in the current scope; an N+1 detector set to fail
/// refuses the statement here, before anything is sent.
pub(crate) fn start(
    backend: Backend,
    stmt: &Statement,
    slow: Option<Duration>,
) -> Result<Observation> {
    scope::record(&stmt.sql)?;
    let origin = stmt.origin.map(ToString::to_string);
    let span = tracing::info_span!(
        target: "covet::statement",
        "db.statement",
        db.system = backend.name(),
        db.operation = operation(&stmt.sql),
        db.sql.table = stmt.table.unwrap_or(""),
        db.statement = %stmt.sql,
        code.origin = origin.as_deref().unwrap_or(""),
        db.rows = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        error.class = tracing::field::Empty,
    );
    Ok(Observation {
        span,
        started: Instant::now(),
        slow,
    })
}

impl Observation {
    /// The span, to run the statement in.
    pub(crate) fn span(&self) -> Span {
        self.span.clone()
    }

    /// Records the outcome: rows, duration, error class; warns when it was slow.
    pub(crate) fn finish(self, rows: Option<u64>, error: Option<&Error>, stmt: &Statement) {
        let elapsed = self.started.elapsed();
        self.span
            .record("duration_ms", elapsed.as_secs_f64() * 1000.0);
        if let Some(rows) = rows {
            self.span.record("db.rows", rows);
        }
        if let Some(e) = error {
            self.span.record("error.class", e.class());
            metrics::counter!("covet_errors_total", "class" => e.class()).increment(1);
        }
        if self.slow.is_some_and(|limit| elapsed > limit) {
            let origin = stmt
                .origin
                .map_or_else(|| "unknown".to_owned(), ToString::to_string);
            tracing::warn!(
                target: "covet::slow",
                duration_ms = elapsed.as_secs_f64() * 1000.0,
                db.statement = %stmt.sql,
                code.origin = %origin,
                "slow statement"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn operations() {
        assert_eq!(super::operation("SELECT 1"), "SELECT");
        assert_eq!(super::operation("insert into x"), "INSERT");
        assert_eq!(super::operation("VACUUM"), "OTHER");
    }
}
