//! The log file: `$XDG_STATE_HOME/crewdeck/crewdeck.log` (else `~/.local/state/crewdeck/`),
//! written through `tracing`. Nothing is ever logged to the screen: the cockpit owns it, and
//! the commands' output is for their readers.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How much the log file records, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogLevel {
    Error,
    Warn,
    /// Databases opened and closed, repairs, imports and exports with their counts, changes
    /// with their audit sequence number, signals, errors.
    #[default]
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    fn filter(self) -> tracing::level_filters::LevelFilter {
        use tracing::level_filters::LevelFilter as F;
        match self {
            LogLevel::Error => F::ERROR,
            LogLevel::Warn => F::WARN,
            LogLevel::Info => F::INFO,
            LogLevel::Debug => F::DEBUG,
            LogLevel::Trace => F::TRACE,
        }
    }
}

/// crewdeck's state directory: `$XDG_STATE_HOME/crewdeck`, else `~/.local/state/crewdeck`.
pub fn state_dir() -> PathBuf {
    std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| dirs::home_dir().map(|home| home.join(".local").join("state")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("crewdeck")
}

/// The log file.
pub fn log_file() -> PathBuf {
    state_dir().join("crewdeck.log")
}

/// Sends `tracing` events at `level` and above to the log file, appended, readable by its owner
/// alone. A log that cannot be opened (a read-only home) leaves crewdeck working without one.
pub fn start(level: LogLevel) {
    let Ok(file) = open(&log_file()) else {
        return;
    };
    let writer = SharedFile(Arc::new(Mutex::new(file)));
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level.filter())
        .with_ansi(false)
        .with_target(false)
        .with_writer(move || writer.clone())
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
}

fn open(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // A log made by hand or by an older version may be open to others: the modes above apply
    // only to what is created, so an existing file is made private too. (Its folder is left as
    // it is: it may be the user's own, with other things in it.)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
}

/// The open log file, shared by every thread; each event is written whole.
#[derive(Clone)]
struct SharedFile(Arc<Mutex<File>>);

impl Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.lock() {
            Ok(mut file) => file.write(buf),
            Err(_) => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.lock() {
            Ok(mut file) => file.flush(),
            Err(_) => Ok(()),
        }
    }
}
