//! The example's migrations tool: covet-migrate's command line with this crate's models.
//!
//! `cargo run -p music-example --bin migrate -- generate <name>` writes a migration for what
//! changed in the models; `check`, `sql`, `up`, `down`, `status`, `drift` and `baseline` work
//! as `--help` describes.

fn main() -> std::process::ExitCode {
    covet_migrate::cli::run(music_example::MODELS)
}
