//! The `covet-migrate` command line: a thin layer over the library.
//!
//! The models reach the tool through a small binary in the application's crate, which lists
//! them (explicit, no linker tricks):
//!
//! ```no_run
//! // src/bin/migrate.rs
//! use covet::prelude::*;
//! # #[derive(Model)]
//! # struct Artist { #[covet(primary_key, auto_increment)] id: i64, name: String }
//! # #[derive(Model)]
//! # struct Album { #[covet(primary_key, auto_increment)] id: i64, title: String }
//!
//! fn main() -> std::process::ExitCode {
//!     covet_migrate::cli::run(&[Artist::SCHEMA, Album::SCHEMA])
//! }
//! ```
//!
//! `cargo run --bin migrate -- generate add_albums` then writes `migrations/<time>_add_albums/`.
//! The `covet-migrate` binary of this crate knows no models: it runs every command that needs
//! only the migrations directory and a database (`sql`, `up`, `down`, `status`, `baseline`,
//! `repair`, and `drift` against the last snapshot).
//!
//! Exit codes: [`SUCCESS`] (0), [`DIFFERENT`] (1: `check` or `drift` found a difference),
//! [`USAGE`] (2: the command line is wrong), [`FAILED`] (3: anything else went wrong, the
//! message says what).

mod args;
mod commands;

use covet_sql::schema::TableSchema;
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// The command did what it was asked.
pub const SUCCESS: u8 = 0;
/// `check` or `drift` found that the models and the migrations or the database differ.
pub const DIFFERENT: u8 = 1;
/// The command line is wrong.
pub const USAGE: u8 = 2;
/// The command failed: refused, or an error from a file or the database.
pub const FAILED: u8 = 3;

/// Runs the command line of this process with `models`: the `main` of an application's
/// migrations binary.
pub fn run(models: &[TableSchema]) -> ExitCode {
    main(Some(models))
}

/// Runs the command line of this process without models (the `covet-migrate` binary).
pub fn run_without_models() -> ExitCode {
    main(None)
}

fn main(models: Option<&[TableSchema]>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(FAILED);
        }
    };
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let code = runtime.block_on(execute(std::env::args_os(), models, &mut out, &mut err));
    ExitCode::from(code)
}

/// Runs one command line (`args[0]` is the program name) with `models` (`None`: commands
/// that need them fail), writing results to `out` and errors to `err`; returns the exit
/// code. Progress of `up` and `down` goes to the process's standard error as it happens.
pub async fn execute<I, T>(
    args: I,
    models: Option<&[TableSchema]>,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::Parser as _;
    let parsed = match args::Args::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(err, "{text}");
                USAGE
            } else {
                let _ = write!(out, "{text}");
                SUCCESS
            };
        }
    };
    match commands::run(parsed, models, out).await {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            FAILED
        }
    }
}
