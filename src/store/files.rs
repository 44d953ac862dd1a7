//! Files crewdeck creates are readable by their owner alone, whatever the umask, and replace an
//! older file only once they are complete.

use super::StoreError;
use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Creates `dir` if missing. Every directory crewdeck creates on the way, parents included, gets
/// mode 0700; directories that already exist are left as they are.
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .collect();
    for d in missing.into_iter().rev() {
        DirBuilder::new()
            .mode(0o700)
            .create(d)
            .map_err(io_error(d))?;
        // The umask may have taken bits away from 0700; set it exactly.
        fs::set_permissions(d, Permissions::from_mode(0o700)).map_err(io_error(d))?;
    }
    Ok(())
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

/// Builds a new file at a temporary path beside `path` with `build`, then renames it over
/// `path`. Until the rename, whatever was at `path` stays whole; if `build` fails, the temporary
/// file is removed and `path` is untouched.
pub fn replace_with<T, E>(path: &Path, build: impl FnOnce(&Path) -> Result<T, E>) -> Result<T, E>
where
    E: From<StoreError>,
{
    let temp = sibling_temp_path(path);
    let _ = fs::remove_file(&temp);
    let result = build(&temp).and_then(|value| {
        fs::rename(&temp, path).map_err(io_error(path))?;
        Ok(value)
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes `bytes` to `path` with mode 0600, synced, so a reader never sees half a file.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    replace_with(path, |temp| {
        let mut file = create_private_file(temp)?;
        file.write_all(bytes).map_err(io_error(temp))?;
        file.sync_all().map_err(io_error(temp))
    })
}
