//! The redb store: the one place where a `Change` is written, in one write transaction together
//! with its audit record.

pub mod encoding;
mod error;
pub mod files;
mod recover;
pub mod schema;

pub use recover::Recovery;

pub use error::StoreError;

use crate::domain::{AuditEntry, Change, ChangeError, Diff, Kind, Org, Record, RecordView};
use chrono::{DateTime, Utc};
use redb::{
    Database, DatabaseError, ReadableDatabase, ReadableTable, ReadableTableMetadata,
    WriteTransaction,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An open crewdeck database. Only one process can hold it open for writing at a time.
pub struct Store {
    /// Behind a lock only so that a write error can be followed by reopening the file
    /// ([`Store::apply`]); transactions do not borrow it, so the lock is held for an instant.
    db: std::sync::RwLock<Db>,
    path: PathBuf,
}

/// The file opened for writing, or read-only: a reading command never repairs, trims or
/// otherwise changes a byte of it (redb trims and repairs a file opened for writing).
enum Db {
    Write(Database),
    Read(redb::ReadOnlyDatabase),
    /// Closed after a write error, until it can be opened again.
    Closed(String),
}

impl Db {
    fn begin_read(&self) -> Result<redb::ReadTransaction, redb::TransactionError> {
        match self {
            Db::Write(db) => db.begin_read(),
            Db::Read(db) => db.begin_read(),
            Db::Closed(why) => Err(redb::TransactionError::Storage(redb::StorageError::Io(
                std::io::Error::other(why.clone()),
            ))),
        }
    }

    fn begin_write(&self) -> Result<WriteTransaction, StoreError> {
        match self {
            Db::Write(db) => Ok(db.begin_write()?),
            Db::Read(_) => Err(StoreError::Db(
                "the database was opened to read only; nothing is written".into(),
            )),
            Db::Closed(why) => Err(StoreError::Db(why.clone())),
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Ok(db) = self.db.get_mut()
            && matches!(db, Db::Write(_))
        {
            tracing::info!(path = %self.path.display(), "database closed");
        }
    }
}

/// That `path` is there to open, or why not: nothing there, or a folder (or file) the user may
/// not read, which is how another user's database behind a shared server looks.
fn must_exist(path: &Path) -> Result<(), StoreError> {
    let path_buf = || path.to_path_buf();
    match std::fs::metadata(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(StoreError::NoAccess { path: path_buf() })
        }
        Err(_) => Err(StoreError::Missing { path: path_buf() }),
    }
}

impl Store {
    /// Opens an existing database, migrating it to the current schema if it is older.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        must_exist(path)?;
        // A file that was not closed cleanly is repaired only when asked ([`Store::repair`]).
        let mut db = builder()
            .set_repair_callback(|session| session.abort())
            .open(path)
            .map_err(|e| open_error(e, path))?;
        schema::upgrade(&mut db, path)?;
        tracing::info!(path = %path.display(), "database opened");
        Ok(Store {
            db: std::sync::RwLock::new(Db::Write(db)),
            path: path.to_path_buf(),
        })
    }

    /// Repairs a database that was not closed cleanly (redb closes what an unfinished session
    /// left open, and rebuilds its page allocation if that was not saved), after keeping a copy
    /// of it as it was beside it, named
    /// `<file>.before-repair-<YYYYMMDDTHHMMSS>` (mode 0600). Returns the copy's path. A file that
    /// needs no repair is left as it is, and `None` returned.
    ///
    /// Errors: the file is missing, in use, or cannot be copied (nothing is repaired then); or
    /// redb cannot repair it ([`StoreError::Damaged`]; the copy stays).
    pub fn repair(path: &Path) -> Result<Option<PathBuf>, StoreError> {
        // A file that reads as it is, and opens for writing without a repair, needs nothing.
        match Store::open_read_only(path) {
            Err(StoreError::NeedsRepair { .. }) => {}
            Ok(reader) => {
                drop(reader);
                match Store::open(path) {
                    Ok(_) => return Ok(None),
                    Err(StoreError::NeedsRepair { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            Err(e) => return Err(e),
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "crewdeck.redb".into());
        let copy = path.with_file_name(format!(
            "{name}.before-repair-{}",
            chrono::Local::now().format("%Y%m%dT%H%M%S")
        ));
        let io = |error| StoreError::Io {
            path: copy.clone(),
            error,
        };
        {
            let mut to = files::create_private_file(&copy)?;
            let mut from = std::fs::File::open(path).map_err(|error| StoreError::Io {
                path: path.to_path_buf(),
                error,
            })?;
            std::io::copy(&mut from, &mut to).map_err(io)?;
            to.sync_all().map_err(io)?;
        }
        tracing::warn!(path = %path.display(), copy = %copy.display(), "repairing the database");
        let mut db = builder().open(path).map_err(|e| open_error(e, path))?;
        schema::upgrade(&mut db, path)?;
        tracing::info!(path = %path.display(), "database repaired");
        Ok(Some(copy))
    }

    /// Opens an existing database to read only: nothing is repaired, trimmed or converted, so a
    /// file on read-only media, a 0400 file or a damaged one is left exactly as it is. A file
    /// that needs repair, or written by an older crewdeck than can be read as it is, is an
    /// error that says so.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        must_exist(path)?;
        let db = builder()
            .open_read_only(path)
            .map_err(|e| open_error(e, path))?;
        let store = Store {
            db: std::sync::RwLock::new(Db::Read(db)),
            path: path.to_path_buf(),
        };
        schema::check_readable(store.schema_version()?, path)?;
        tracing::info!(path = %path.display(), "database opened to read");
        Ok(store)
    }

    /// redb's own integrity check of the file at `path` (every page's checksum, every tree),
    /// run on a private copy so that the file itself is never repaired or changed by it: `Ok`
    /// with whether the file is sound.
    pub fn check_integrity(path: &Path) -> Result<bool, StoreError> {
        let (_dir, copy) = files::private_copy(path, "crewdeck-check-")?;
        // redb can stop on an assertion deep in a damaged page; on the copy, that too only
        // means the file is not sound. Its message is not for the user: the hook is quiet
        // meanwhile.
        let quiet = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let checked = std::panic::catch_unwind(|| match builder().open(&copy) {
            Ok(mut db) => Ok(db.check_integrity().unwrap_or(false)),
            // Not being able to read the copy (permissions, a full temporary folder) says
            // nothing about the file: that is an error, not "damaged".
            Err(DatabaseError::Storage(redb::StorageError::Io(error)))
                if error.kind() != std::io::ErrorKind::InvalidData =>
            {
                Err(StoreError::Io {
                    path: copy.clone(),
                    error,
                })
            }
            // A file redb cannot even open is not sound.
            Err(DatabaseError::Storage(_)) | Err(DatabaseError::RepairAborted) => Ok(false),
            Err(e) => Err(open_error(e, path)),
        });
        std::panic::set_hook(quiet);
        checked.unwrap_or(Ok(false))
    }

    /// Writes a consistent copy of the whole database to `out`, from one read transaction (so it
    /// can be taken while another process writes), mode 0600, built beside `out` and renamed
    /// into place only once it opens and passes redb's integrity check. Returns how many records
    /// and audit entries it holds.
    pub fn backup_to(&self, out: &Path) -> Result<(usize, usize), StoreError> {
        let txn = self.db().begin_read()?;
        files::replace_with(out, |temp| {
            let copy = {
                drop(files::create_private_file(temp)?);
                builder().create(temp).map_err(|e| open_error(e, temp))?
            };
            let write = copy.begin_write()?;
            let mut records = 0;
            for kind in Kind::ALL {
                let from = txn.open_table(schema::records(*kind))?;
                let mut to = write.open_table(schema::records(*kind))?;
                for item in from.iter()? {
                    let (key, value) = item?;
                    to.insert(key.value(), value.value())?;
                    records += 1;
                }
            }
            let mut entries = 0;
            {
                let from = txn.open_table(schema::AUDIT)?;
                let mut to = write.open_table(schema::AUDIT)?;
                for item in from.iter()? {
                    let (seq, value) = item?;
                    to.insert(seq.value(), value.value())?;
                    entries += 1;
                }
                let from = txn.open_table(schema::META)?;
                let mut to = write.open_table(schema::META)?;
                for item in from.iter()? {
                    let (key, value) = item?;
                    to.insert(key.value(), value.value())?;
                }
            }
            write.commit()?;
            drop(copy);
            // Verified before it replaces anything: it opens, it is sound, it holds the same.
            let check = Store::open_read_only(temp)?;
            let (org, problems) = check.scan()?;
            let counted: usize = Kind::ALL.iter().map(|k| org.count(*k)).sum();
            if !problems.is_empty() || counted != records || !Store::check_integrity(temp)? {
                return Err(StoreError::Db(
                    "the backup did not read back whole; nothing was replaced".into(),
                ));
            }
            Ok((records, entries))
        })
    }

    /// Creates a new, empty database with mode 0600; refuses if `path` exists.
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists {
                path: path.to_path_buf(),
            });
        }
        // Made here first so that it has mode 0600 before redb writes a byte into it.
        drop(files::create_private_file(path)?);
        let mut db = builder().create(path).map_err(|e| open_error(e, path))?;
        schema::upgrade(&mut db, path)?;
        tracing::info!(path = %path.display(), "database created");
        Ok(Store {
            db: std::sync::RwLock::new(Db::Write(db)),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies `change` in one write transaction with its audit record; all of it or nothing.
    /// For the owner of a file without users, the demo and imports made by them; a user's
    /// change goes through [`Store::apply_checked`].
    pub fn apply(
        &self,
        change: &Change,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<AuditEntry, StoreError> {
        self.apply_checked(change, actor, at, &|_| Ok(()))
    }

    /// Applies `change` like [`Store::apply`], once `check` (authorisation: see `crate::auth`)
    /// has accepted every record its plan writes, before and after, in the same transaction.
    ///
    /// Errors: [`StoreError::Refused`] with [`ChangeError::Forbidden`] when `check` says no;
    /// nothing is written then.
    pub fn apply_checked(
        &self,
        change: &Change,
        actor: &str,
        at: DateTime<Utc>,
        check: &dyn Fn(&[Diff]) -> Result<(), String>,
    ) -> Result<AuditEntry, StoreError> {
        let written = self.db().begin_write().and_then(|txn| {
            let entry = write_change(&txn, change, actor, at, check)?;
            txn.commit()?;
            Ok(entry)
        });
        match written {
            Ok(entry) => {
                tracing::info!(
                    seq = entry.seq,
                    actor = %crate::text::safe_line(actor),
                    "change applied: {}",
                    crate::text::safe_line(&change.summary())
                );
                Ok(entry)
            }
            Err(e) if !matches!(e, StoreError::Refused(_)) => {
                tracing::error!("a change could not be written: {e}");
                // After a failed write (a full disk, say) redb refuses every later one until
                // the file is opened again; reopened now, a later save works once there is room.
                // Nothing stored is touched: the failed transaction was never committed.
                self.reopen();
                Err(e)
            }
            Err(e) => {
                tracing::warn!("a change was refused: {e}");
                Err(e)
            }
        }
    }

    /// Closes the file now, cleanly, for a process about to end from another thread; every later
    /// use says it is closed. A write transaction still running is left to redb, which then
    /// closes the file as after a kill: nothing committed is lost either way.
    pub fn close(&self) {
        let mut db = self
            .db
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *db = Db::Closed("the database was closed because crewdeck is ending".into());
        tracing::info!(path = %self.path.display(), "database closed before ending");
    }

    /// The open file, for the instant it takes to begin a transaction.
    fn db(&self) -> std::sync::RwLockReadGuard<'_, Db> {
        self.db
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Closes the file and opens it again for writing. If it cannot be opened (the disk is still
    /// full; a thread still reads through the old handle), the store stays closed and says why,
    /// and the next [`Store::apply`] tries again.
    fn reopen(&self) {
        let mut db = self
            .db
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if matches!(*db, Db::Read(_)) {
            return;
        }
        // The old handle goes first: redb refuses a second handle on one file in one process.
        *db = Db::Closed(String::new());
        *db = match builder().open(&self.path) {
            Ok(opened) => Db::Write(opened),
            Err(e) => Db::Closed(format!(
                "the database could not be opened again after a write error ({e}); nothing stored was lost, and the next save tries again"
            )),
        };
    }

    /// Every record, decoded; the first record that cannot be decoded is an error naming it.
    pub fn load_org(&self) -> Result<Org, StoreError> {
        let (org, mut problems) = self.scan()?;
        match problems.drain(..).next() {
            Some(problem) => Err(problem),
            None => Ok(org),
        }
    }

    /// The people with only what the roster shows (name, title, team, manager, status), and the
    /// users (who may see whom): what the first frame needs, read several times faster than
    /// every record. The other fields of each person are left empty until [`Store::load_org`].
    pub fn roster(&self) -> Result<Org, StoreError> {
        let txn = self.db().begin_read()?;
        let mut org = Org::default();
        // Decoding is most of the time: two threads, one reading from each end of the table,
        // meet in the middle.
        let people = txn.open_table(schema::records(Kind::Person))?;
        let total = people.len()? as usize;
        let front = total / 2;
        let read = |item: Result<(redb::AccessGuard<&str>, redb::AccessGuard<&[u8]>), _>| {
            let (key, value) = item?;
            let person = roster_person(key.value(), value.value())?;
            Ok((crate::domain::Key::from(key.value()), person))
        };
        let (first, last) = std::thread::scope(|scope| {
            let last = scope.spawn(|| {
                let rows = people.iter()?.rev().take(total - front);
                rows.map(read).collect::<Result<Vec<_>, StoreError>>()
            });
            let first = people.iter().map_err(StoreError::from).and_then(|rows| {
                // Room for everyone: the other half is added at the end without a copy of all.
                let mut first = Vec::with_capacity(total);
                for row in rows.take(front) {
                    first.push(read(row)?);
                }
                Ok(first)
            });
            (first, last.join())
        });
        let last = last.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // In key order already: the map is built in one pass from the vector's own memory
        // rather than by inserts (a fresh copy of 100,000 people costs its page faults).
        let mut everyone = first?;
        everyone.extend(last?.into_iter().rev());
        org.people = BTreeMap::from_iter(everyone);
        let users = txn.open_table(schema::records(Kind::User))?;
        for item in users.iter()? {
            let (key, value) = item?;
            org.put(decode(Kind::User, key.value(), value.value())?);
        }
        Ok(org)
    }

    /// Only the users: read before anything else, to know whether a user's scope needs the
    /// people at all ([`crate::backend::LocalBackend::open_as`]).
    pub fn users(&self) -> Result<Org, StoreError> {
        let txn = self.db().begin_read()?;
        let mut org = Org::default();
        let users = txn.open_table(schema::records(Kind::User))?;
        for item in users.iter()? {
            let (key, value) = item?;
            org.put(decode(Kind::User, key.value(), value.value())?);
        }
        Ok(org)
    }

    /// What working out a user's scope needs ([`crate::auth::Sight::of`]): the roster's people,
    /// the users and the key positions.
    pub fn scope_records(&self) -> Result<Org, StoreError> {
        let mut org = self.roster()?;
        let txn = self.db().begin_read()?;
        let positions = txn.open_table(schema::records(Kind::Position))?;
        for item in positions.iter()? {
            let (key, value) = item?;
            org.put(decode(Kind::Position, key.value(), value.value())?);
        }
        Ok(org)
    }

    /// Every record that can be decoded, and an error for each one that cannot.
    pub fn scan(&self) -> Result<(Org, Vec<StoreError>), StoreError> {
        let txn = self.db().begin_read()?;
        let mut org = Org::default();
        let mut problems = Vec::new();
        for kind in Kind::ALL {
            let table = txn.open_table(schema::records(*kind))?;
            let mut failed = None;
            let records = table.iter()?.map_while(|item| match item {
                Ok((key, value)) => Some(decode(*kind, key.value(), value.value())),
                Err(e) => {
                    failed = Some(e);
                    None
                }
            });
            // The table is in key order: the map is built at once, packed.
            org.set_sorted(
                *kind,
                table.len()? as usize,
                records.filter_map(|decoded| decoded.map_err(|p| problems.push(p)).ok()),
            );
            if let Some(e) = failed {
                return Err(e.into());
            }
        }
        Ok((org, problems))
    }

    /// The changes that touched `person`'s records, newest first, each cut to what concerns
    /// them ([`crate::domain::history::about`]): one pass over the audit trail.
    pub fn history_of(&self, person: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let txn = self.db().begin_read()?;
        let table = txn.open_table(schema::AUDIT)?;
        let mut entries = Vec::new();
        for item in table.iter()?.rev() {
            let (seq, value) = item?;
            let entry = audit_entry(seq.value(), value.value())?;
            entries.extend(crate::domain::history::about(&entry, person));
        }
        Ok(entries)
    }

    /// The audit entries after number `seq`, oldest first.
    pub fn audit_after(&self, seq: u64) -> Result<Vec<AuditEntry>, StoreError> {
        let txn = self.db().begin_read()?;
        let table = txn.open_table(schema::AUDIT)?;
        let mut entries = Vec::new();
        for item in table.range(seq.saturating_add(1)..)? {
            let (seq, value) = item?;
            entries.push(audit_entry(seq.value(), value.value())?);
        }
        Ok(entries)
    }

    /// The number of the newest audit entry, 0 when there is none.
    pub fn last_seq(&self) -> Result<u64, StoreError> {
        let txn = self.db().begin_read()?;
        let table = txn.open_table(schema::AUDIT)?;
        Ok(table.last()?.map_or(0, |(seq, _)| seq.value()))
    }

    /// The audit trail, oldest first.
    pub fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let txn = self.db().begin_read()?;
        let table = txn.open_table(schema::AUDIT)?;
        let mut entries = Vec::new();
        for item in table.iter()? {
            let (seq, value) = item?;
            entries.push(audit_entry(seq.value(), value.value())?);
        }
        Ok(entries)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<u64, StoreError> {
        let txn = self.db().begin_read()?;
        let meta = match txn.open_table(schema::META) {
            Ok(table) => table,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(0),
            Err(e) => return Err(e.into()),
        };
        Ok(meta.get(schema::SCHEMA_KEY)?.map_or(0, |v| v.value()))
    }

    /// Writes raw bytes under `key` in the table of `kind`, bypassing every rule. Only for tests
    /// that need a damaged database.
    #[doc(hidden)]
    pub fn corrupt_for_test(&self, kind: Kind, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let txn = self.db().begin_write()?;
        txn.open_table(schema::records(kind))?.insert(key, bytes)?;
        txn.commit()?;
        Ok(())
    }
}

/// redb's page cache. Its default (a gigabyte) would keep a large database in memory whole;
/// everything crewdeck needs is loaded once into its own structures anyway, and a save touches
/// a few pages of each tree. What it holds counts in the memory the cockpit takes.
const CACHE_BYTES: usize = 8 * 1024 * 1024;

/// One process writes (the cockpit, an import) while any number read the same file (an export,
/// `flags`, a backup), each reader seeing the writer's commits as they are made.
fn builder() -> redb::Builder {
    let mut builder = Database::builder();
    builder.set_cache_size(CACHE_BYTES);
    builder.set_concurrency_mode(redb::ConcurrencyMode::SingleWriter);
    builder
}

fn open_error(e: DatabaseError, path: &Path) -> StoreError {
    match e {
        DatabaseError::RepairAborted => StoreError::NeedsRepair {
            path: path.to_path_buf(),
        },
        DatabaseError::Storage(redb::StorageError::Corrupted(reason)) => StoreError::Damaged {
            path: path.to_path_buf(),
            reason,
        },
        DatabaseError::DatabaseAlreadyOpen => StoreError::InUse {
            path: path.to_path_buf(),
        },
        DatabaseError::Storage(redb::StorageError::Io(error))
            if error.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            StoreError::NoAccess {
                path: path.to_path_buf(),
            }
        }
        DatabaseError::Storage(redb::StorageError::Io(error))
            if error.kind() != std::io::ErrorKind::InvalidData =>
        {
            StoreError::Io {
                path: path.to_path_buf(),
                error,
            }
        }
        other => StoreError::NotCrewdeck {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    }
}

fn decode(kind: Kind, key: &str, bytes: &[u8]) -> Result<Record, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        table: kind.table(),
        key: key.to_string(),
        reason,
    };
    let record = encoding::decode_record(kind, bytes).map_err(corrupt)?;
    if record.key() != key {
        return Err(corrupt(format!(
            "it holds the record of `{}`",
            record.key()
        )));
    }
    Ok(record)
}

/// A person with only the fields the roster shows; see [`Store::roster`].
fn roster_person(key: &str, bytes: &[u8]) -> Result<crate::domain::person::Person, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        table: Kind::Person.table(),
        key: key.to_string(),
        reason,
    };
    let person = encoding::decode_roster_person(bytes).map_err(corrupt)?;
    if person.id.0 != key {
        return Err(corrupt(format!("it holds the record of `{}`", person.id)));
    }
    Ok(person)
}

/// Plans `change` against the transaction's records, writes the result and the audit entry.
fn write_change(
    txn: &WriteTransaction,
    change: &Change,
    actor: &str,
    at: DateTime<Utc>,
    check: &dyn Fn(&[Diff]) -> Result<(), String>,
) -> Result<AuditEntry, StoreError> {
    genuine_reverts(txn, change)?;
    let view = TxnView { txn };
    let writes = change.plan(&view)?;
    let mut diffs = Vec::with_capacity(writes.len());
    for write in writes {
        diffs.push(Diff::of(write, &view)?);
    }
    check(&diffs).map_err(ChangeError::Forbidden)?;
    for diff in &diffs {
        let mut table = txn.open_table(schema::records(diff.kind))?;
        match &diff.after {
            Some(record) => {
                let bytes = encoding::encode_record(record).map_err(StoreError::Db)?;
                table.insert(diff.key.as_str(), bytes.as_slice())?;
            }
            None => {
                table.remove(diff.key.as_str())?;
            }
        }
    }
    let mut audit = txn.open_table(schema::AUDIT)?;
    let seq = audit.last()?.map_or(1, |(seq, _)| seq.value() + 1);
    let entry = AuditEntry {
        seq,
        at,
        actor: actor.to_string(),
        change: change.clone(),
        diffs,
    };
    let bytes = encoding::encode_audit(&entry).map_err(StoreError::Db)?;
    audit.insert(seq, bytes.as_slice())?;
    Ok(entry)
}

/// Refuses an undo whose diffs are not those of the change it names, as the audit trail has
/// them: an undo writes what its diffs say, so it may say only what was really there.
fn genuine_reverts(txn: &WriteTransaction, change: &Change) -> Result<(), StoreError> {
    match change {
        Change::Revert { seq, diffs } => {
            let audit = txn.open_table(schema::AUDIT)?;
            let stored = match audit.get(*seq)? {
                Some(bytes) => audit_entry(*seq, bytes.value())?,
                None => {
                    return Err(StoreError::Refused(ChangeError::NotFound {
                        kind: "change",
                        id: seq.to_string(),
                    }));
                }
            };
            if stored.diffs != *diffs {
                return Err(StoreError::Refused(ChangeError::Invalid(format!(
                    "change {seq} did not make those changes; only what it did can be undone"
                ))));
            }
            Ok(())
        }
        Change::Batch { changes, .. } => changes
            .iter()
            .try_for_each(|change| genuine_reverts(txn, change)),
        _ => Ok(()),
    }
}

/// The records as a write transaction sees them, for planning a change.
struct TxnView<'t> {
    txn: &'t WriteTransaction,
}

impl RecordView for TxnView<'_> {
    fn get_record(&self, kind: Kind, key: &str) -> Result<Option<Record>, ChangeError> {
        let read = |e: &dyn std::fmt::Display| ChangeError::Read(e.to_string());
        let table = self
            .txn
            .open_table(schema::records(kind))
            .map_err(|e| read(&e))?;
        let Some(value) = table.get(key).map_err(|e| read(&e))? else {
            return Ok(None);
        };
        decode(kind, key, value.value())
            .map(Some)
            .map_err(|e| read(&e))
    }

    fn every(&self, kind: Kind) -> Result<Vec<Record>, ChangeError> {
        let read = |e: &dyn std::fmt::Display| ChangeError::Read(e.to_string());
        let table = self
            .txn
            .open_table(schema::records(kind))
            .map_err(|e| read(&e))?;
        let mut all = Vec::new();
        for item in table.iter().map_err(|e| read(&e))? {
            let (key, value) = item.map_err(|e| read(&e))?;
            all.push(decode(kind, key.value(), value.value()).map_err(|e| read(&e))?);
        }
        Ok(all)
    }
}

/// The audit entry stored as `bytes` under `seq`, or the damage named.
fn audit_entry(seq: u64, bytes: &[u8]) -> Result<AuditEntry, StoreError> {
    encoding::decode_audit(bytes).map_err(|reason| StoreError::Corrupt {
        table: "audit",
        key: seq.to_string(),
        reason,
    })
}
