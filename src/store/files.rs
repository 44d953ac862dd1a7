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

/// Where an export's `--out` leads, and so how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutTarget {
    /// A regular file, or nothing yet: written whole beside it, then renamed over it.
    File,
    /// A pipe, a FIFO or a terminal (`/dev/stdout` leads to one): written straight to it.
    Stream,
}

/// What `path` is, for an export: a file to replace, a stream to write to, or something an
/// export must not touch (a directory, a block device, a socket, or a link to a file, which a
/// rename would replace with a file of its own), said in one sentence.
pub fn out_target(path: &Path) -> Result<OutTarget, String> {
    use std::os::unix::fs::FileTypeExt;
    let own = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(OutTarget::File),
        Err(e) => return Err(format!("{}: {e}", path.display())),
        Ok(meta) => meta,
    };
    // A link is followed only to a stream (`/dev/stdout`); renaming over it would replace it.
    let stream = |kind: fs::FileType| kind.is_fifo() || kind.is_char_device();
    if own.file_type().is_symlink() {
        return match fs::metadata(path) {
            Ok(meta) if stream(meta.file_type()) => Ok(OutTarget::Stream),
            _ => Err(format!(
                "{} is a link; an export does not replace it: give the file it leads to",
                path.display()
            )),
        };
    }
    let kind = own.file_type();
    if stream(kind) {
        return Ok(OutTarget::Stream);
    }
    if kind.is_file() {
        return Ok(OutTarget::File);
    }
    Err(format!(
        "{} is not a regular file, a pipe or a terminal; an export will not write to it",
        path.display()
    ))
}

/// Writes `bytes` straight to the stream at `path` (a pipe, FIFO or terminal): nothing is
/// created or renamed.
pub fn write_stream(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io_error(path))?;
    match file.write_all(bytes).and_then(|()| file.flush()) {
        // A reader that stopped early is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(io_error(path)),
    }
}

/// Copies the database at `path` into a new private temporary folder (removed when the returned
/// guard drops) and returns the guard and the copy's path. The copy is mode 0600 whatever the
/// original's (a 0400 file included), so that redb can open it, and repair it if it must, without
/// the original ever being written.
pub fn private_copy(path: &Path, prefix: &str) -> Result<(tempfile::TempDir, PathBuf), StoreError> {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .map_err(io_error(path))?;
    let copy = dir.path().join("copy.redb");
    fs::copy(path, &copy).map_err(io_error(path))?;
    fs::set_permissions(&copy, Permissions::from_mode(0o600)).map_err(io_error(&copy))?;
    Ok((dir, copy))
}
