//! Every statement gets a span with OpenTelemetry's database fields; slow statements warn with
//! the caller's line; scopes count statements and catch N+1 loops.

use covet::prelude::*;
use covet::scope::{OnRepeat, Scope};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Model, Debug, Clone, PartialEq)]
#[covet(table = "events")]
struct Event {
    #[covet(primary_key, auto_increment)]
    id: i64,
    #[covet(max_length = 40)]
    kind: String,
}

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
pub(crate) struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("logs").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// Installs a subscriber for this thread (the test runtime's only thread) that writes
    /// closed spans and events here.
    pub(crate) fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_span_events(FmtSpan::CLOSE)
            .with_max_level(tracing::Level::DEBUG)
            .finish();
        let guard = tracing::subscriber::set_default(subscriber);
        (logs, guard)
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("logs").clone()).expect("utf-8")
    }
}

on_every_backend! {
    async fn a_span_per_statement_with_database_fields(db: Db) {
        covet::ddl::create_table::<Event>(&db).await?;
        Event::insert(NewEvent { kind: "boot".into() }).exec(&db).await?;
        let (logs, _guard) = Logs::capture();
        let found = Event::query().filter(Event::KIND.eq("boot")).all(&db).await?;
        assert_eq!(found.len(), 1);
        let text = logs.text();
        let system = db.backend().name();
        for needle in [
            format!("db.system=\"{system}\""),
            "db.operation=\"SELECT\"".to_owned(),
            "db.sql.table=\"events\"".to_owned(),
            "db.rows=1".to_owned(),
            "duration_ms=".to_owned(),
            "tests/observability.rs:".to_owned(),
        ] {
            assert!(text.contains(&needle), "missing {needle} in {text}");
        }
        // The statement text is there, its value is not: values are bound, never logged.
        assert!(text.contains("db.statement=SELECT"), "{text}");
        assert!(!text.contains("boot"), "a bound value leaked into the trace: {text}");
        Ok(())
    }
}

on_every_backend! {
    options = |o| o.slow_statement(Some(Duration::ZERO));
    async fn slow_statements_warn_with_the_callers_line(db: Db) {
        covet::ddl::create_table::<Event>(&db).await?;
        let (logs, _guard) = Logs::capture();
        let line = line!() + 1;
        Event::query().count(&db).await?;
        let text = logs.text();
        assert!(text.contains("slow statement"), "{text}");
        assert!(text.contains(&format!("tests/observability.rs:{line}")), "{text}");
        Ok(())
    }
}

on_every_backend! {
    async fn scopes_count_and_catch_n_plus_one(db: Db) {
        covet::ddl::create_table::<Event>(&db).await?;
        for i in 0..50 {
            Event::insert(NewEvent { kind: format!("k{i}") }).exec(&db).await?;
        }

        // One query for 50 rows: one statement, no alarm.
        let (rows, report) = Scope::new()
            .n_plus_one(10, OnRepeat::Fail)
            .run(Event::query().all(&db))
            .await;
        assert_eq!(rows?.len(), 50);
        assert_eq!(report.statements, 1);

        // 50 lookups of the same shape: the 11th is refused before it is sent.
        let sent_before = db.statement_count();
        let (result, report): (covet::Result<()>, _) = Scope::new()
            .n_plus_one(10, OnRepeat::Fail)
            .run(async {
                for id in 1..=50 {
                    Event::find(id).one(&db).await?;
                }
                Ok(())
            })
            .await;
        let err = result.unwrap_err();
        assert!(matches!(err, covet::Error::RepeatedStatement { count: 11, .. }), "{err:?}");
        assert_eq!(report.statements, 11);
        assert_eq!(db.statement_count() - sent_before, 11, "counted, though the 11th was not sent");

        // In warn mode the loop runs and one warning names the statement.
        let (logs, _guard) = Logs::capture();
        let (result, report): (covet::Result<()>, _) = Scope::new()
            .n_plus_one(10, OnRepeat::Warn)
            .run(async {
                for id in 1..=50 {
                    Event::find(id).one(&db).await?;
                }
                Ok(())
            })
            .await;
        result?;
        assert_eq!(report.statements, 50);
        assert_eq!(report.by_statement.len(), 1);
        assert_eq!(report.by_statement[0].1, 50);
        let text = logs.text();
        assert_eq!(text.matches("an N+1 query?").count(), 1, "{text}");
        Ok(())
    }
}
