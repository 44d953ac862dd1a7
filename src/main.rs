//! The `crewdeck` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    // A reader that stops early (`crewdeck export roster | head -1`, or `2>&1 | head -1`) ends
    // crewdeck quietly, as it ends other command-line tools, rather than a write to the closed
    // pipe panicking. Rust ignores SIGPIPE by default; this puts the default back.
    // SAFETY: called first thing, before any other thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    crewdeck::cli::run()
}
