//! What can go wrong with the database, each said in one sentence a person can act on.

use crate::domain::ChangeError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {} is in use by another crewdeck process; close that one first, or, if it is `crewdeck serve` with its socket elsewhere than beside the database, go through it with --server SOCKET (or CREWDECK_SERVER)",
        path.display()
    )]
    InUse { path: PathBuf },
    #[error("no database at {}; create one with `crewdeck --db {} init` (or `init --demo`), or to use a shared server set CREWDECK_SERVER to its socket", path.display(), crate::text::shell_word(&path.display().to_string()))]
    Missing { path: PathBuf },
    #[error("you may not open {} (permission denied): a database served by `crewdeck serve` is used through its socket; set CREWDECK_SERVER to it, or give --server SOCKET", path.display())]
    NoAccess { path: PathBuf },
    #[error("a database already exists at {}; add --force to replace it", path.display())]
    Exists { path: PathBuf },
    #[error(
        "the database {} was written by a newer crewdeck (schema version {found}; this crewdeck knows up to {supported}); upgrade crewdeck to open it",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error(
        "{} was not closed cleanly (crewdeck was killed or lost its terminal) and cannot be read until it is repaired, which a reading command never does; run `crewdeck repair` (it keeps a copy of the file as it is first), or open the cockpit",
        path.display()
    )]
    NeedsRepair { path: PathBuf },
    #[error(
        "{} is damaged ({reason}); restore it from a backup, or save what it still holds with `crewdeck recover {} --out NEW`",
        path.display(),
        path.display()
    )]
    Damaged { path: PathBuf, reason: String },
    #[error("{} is not a crewdeck database: {reason}", path.display())]
    NotCrewdeck { path: PathBuf, reason: String },
    #[error("record `{key}` in table `{table}` cannot be read: {reason}")]
    Corrupt {
        table: &'static str,
        key: String,
        reason: String,
    },
    #[error("change refused: {0}")]
    Refused(ChangeError),
    /// The shared server cannot be reached; nothing was written.
    #[error("not saved: {0}")]
    Unreachable(String),
    /// Someone else changed a record the change writes since the user began it.
    #[error("not saved: {said}")]
    Conflict {
        said: String,
        /// The newest change that made it a conflict: saving again after it is no longer one.
        seq: u64,
    },
    /// The user may not use the database at all (see `crate::auth::Denied`).
    #[error("{0}")]
    Denied(String),
    // `error` is shown in the message and deliberately not a `#[source]`, so that printing the
    // error chain does not say it twice.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("database error: {0}")]
    Db(String),
}

macro_rules! from_redb {
    ($($ty:ty),+) => {
        $(impl From<$ty> for StoreError {
            fn from(e: $ty) -> Self {
                StoreError::Db(e.to_string())
            }
        })+
    };
}

from_redb!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::CompactionError
);

impl From<ChangeError> for StoreError {
    fn from(e: ChangeError) -> Self {
        StoreError::Refused(e)
    }
}
