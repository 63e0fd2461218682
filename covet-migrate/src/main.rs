//! The `covet-migrate` binary: every command that needs no models (see [`covet_migrate::cli`]).

fn main() -> std::process::ExitCode {
    covet_migrate::cli::run_without_models()
}
