//! Where crewdeck keeps its files by default.

use std::path::PathBuf;

/// The database file used when neither `--db` nor `CREWDECK_DB` is given:
/// `$XDG_DATA_HOME/crewdeck/crewdeck.redb` (usually `~/.local/share/crewdeck/crewdeck.redb`).
pub fn default_db() -> PathBuf {
    data_dir().join("crewdeck.redb")
}

/// crewdeck's data directory.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("crewdeck")
}

/// crewdeck's configuration directory: `$XDG_CONFIG_HOME/crewdeck`.
pub fn config_dir() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("crewdeck")
}

/// The operating-system user running crewdeck, the default actor in the audit trail.
pub fn os_user() -> String {
    whoami::username().unwrap_or_else(|_| "unknown".to_string())
}
