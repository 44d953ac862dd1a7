//! Files crewdeck creates are readable by their owner alone, whatever the umask.

use super::StoreError;
use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates `dir` (and its parents) if missing; a directory crewdeck creates gets mode 0700.
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_error(dir))?;
    // The umask may have taken bits away from 0700; set it exactly.
    fs::set_permissions(dir, Permissions::from_mode(0o700)).map_err(io_error(dir))
}

/// Creates a new, empty file with mode 0600; fails if it exists.
pub fn create_private_file(path: &Path) -> Result<File, StoreError> {
    if let Some(dir) = path.parent() {
        ensure_private_dir(dir)?;
    }
    let file = OpenOptions::new()
        .write(true)
        .read(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io_error(path))?;
    fs::set_permissions(path, Permissions::from_mode(0o600)).map_err(io_error(path))?;
    Ok(file)
}

/// A temporary path beside `path`, in the same directory so a rename is atomic.
pub fn sibling_temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "crewdeck".into());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` with mode 0600: to a temporary file first, synced, then renamed
/// over `path`, so a reader never sees half a file.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let temp = sibling_temp_path(path);
    let _ = fs::remove_file(&temp);
    let result = (|| {
        let mut file = create_private_file(&temp)?;
        file.write_all(bytes).map_err(io_error(&temp))?;
        file.sync_all().map_err(io_error(&temp))?;
        fs::rename(&temp, path).map_err(io_error(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
