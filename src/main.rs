//! The `crewdeck` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    crewdeck::cli::run()
}
