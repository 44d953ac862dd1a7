//! Which database a command works on, and as whom: the file opened by this process, or the
//! shared server that serves it (`crewdeck serve`). Either way the command gets a `Backend`,
//! and what it may see and change is decided by [`crate::auth`].

use crate::backend::{Backend, LocalBackend};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Where a command's records are, and who asks for them.
#[derive(Debug, Clone)]
pub struct Target {
    pub db: PathBuf,
    /// `--server SOCKET` or `$CREWDECK_SERVER`, if given.
    pub server: Option<PathBuf>,
    /// `--db` was given: with a server named too (`--server`, `$CREWDECK_SERVER`), it must be
    /// the file that server serves.
    pub db_given: bool,
    /// The operating-system user: who the rules follow.
    pub os_user: String,
    /// `--as NAME`: for an admin, whom to act as; in a database without users, the name the
    /// audit trail records.
    pub acting_as: Option<String>,
}

/// Whether the command only reads (the file is then opened read-only and never changed) or
/// also writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
    /// A writing command's dry run: the file opened read-only, but a user who may change
    /// nothing is told so now, not after the plan.
    DryRun,
}

impl Target {
    /// The name the audit trail records for a database without users: `--as`, else the OS user.
    pub fn actor(&self) -> &str {
        self.acting_as.as_deref().unwrap_or(&self.os_user)
    }

    /// The socket of the server serving the database, if one does: `--server` or
    /// `$CREWDECK_SERVER`, else the socket beside the database ([`socket_beside`]) when a
    /// server is listening on it.
    pub fn server_socket(&self) -> Option<PathBuf> {
        if let Some(given) = &self.server {
            return Some(given.clone());
        }
        let beside = socket_beside(&self.db);
        crate::server::listening(&beside).then_some(beside)
    }

    /// The backend for a command: through the server when one serves the database, else the
    /// file opened here. For writing (or a writing command's dry run), a user who may change
    /// nothing is told so at once.
    ///
    /// Errors: the server refuses (no user record, say) or cannot be reached, or is not run
    /// by the database's owner; the file cannot be opened; the user may not use it.
    pub fn open(&self, mode: Mode) -> anyhow::Result<Box<dyn Backend>> {
        let backend = self.open_any(mode)?;
        if mode != Mode::Read
            && let Some(why) = backend.read_only()
        {
            anyhow::bail!("not allowed: {why}");
        }
        Ok(backend)
    }

    /// For a command that writes: the database opened for writing, or read-only for a dry run.
    pub fn open_to_write(&self, dry_run: bool) -> anyhow::Result<Box<dyn Backend>> {
        self.open(if dry_run { Mode::DryRun } else { Mode::Write })
    }

    /// With `--db` and a server both named, the server must serve that file: otherwise the
    /// command would read and write another database than the one asked for.
    ///
    /// Errors: a sentence naming both files.
    fn same_database(&self, socket: &Path, served: Option<&Path>) -> anyhow::Result<()> {
        let (true, Some(served)) = (self.db_given && self.server.is_some(), served) else {
            return Ok(());
        };
        // A path that cannot be resolved here (a directory this user may not enter) is not
        // told apart: the server's own checks decide then.
        let Ok(asked) = std::fs::canonicalize(&self.db) else {
            return Ok(());
        };
        if asked == served {
            return Ok(());
        }
        let shown = |p: &Path| crate::text::safe_line(&p.display().to_string()).into_owned();
        anyhow::bail!(
            "the crewdeck server on {} serves {}, not {}; give --db or --server, not both",
            shown(socket),
            shown(served),
            shown(&asked)
        )
    }

    fn open_any(&self, mode: Mode) -> anyhow::Result<Box<dyn Backend>> {
        if let Some(socket) = self.server_socket() {
            // The socket beside the database must be served by the database's owner: a
            // server anyone else started there could read what is typed into it.
            let owner = match &self.server {
                Some(_) => None,
                None => {
                    use std::os::unix::fs::MetadataExt;
                    std::fs::metadata(&self.db).ok().map(|m| m.uid())
                }
            };
            let remote = crate::server::client::RemoteBackend::connect_served_by(
                &socket,
                self.acting_as.as_deref(),
                owner,
            )?;
            self.same_database(&socket, remote.database())?;
            return Ok(Box::new(remote));
        }
        let opened = match mode {
            Mode::Read | Mode::DryRun => Store::open_read_only(&self.db),
            Mode::Write => Store::open(&self.db),
        };
        let store = match opened {
            Err(crate::store::StoreError::Io { error, .. })
                if error.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                anyhow::bail!(
                    "{}: permission denied; if a crewdeck server serves it, use --server SOCKET or CREWDECK_SERVER",
                    crate::text::safe_line(&self.db.display().to_string())
                )
            }
            other => other?,
        };
        Ok(Box::new(LocalBackend::open_as(
            store,
            &self.os_user,
            self.acting_as.as_deref(),
            owns(&self.db),
        )?))
    }
}

/// Where `crewdeck serve` listens by default for the database `db`: `DB.sock` beside it.
pub fn socket_beside(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".sock");
    PathBuf::from(name)
}

/// Whether this process's user owns the file at `path`.
pub fn owns(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    std::fs::metadata(path).is_ok_and(|m| m.uid() == me)
}
