//! The redb store: the one place where a `Change` is written, in one write transaction together
//! with its audit record.

mod error;
pub mod files;
pub mod schema;

pub use error::StoreError;

use crate::domain::{AuditEntry, Change, ChangeError, Diff, Kind, Org, Record, RecordView};
use chrono::{DateTime, Utc};
use redb::{Database, DatabaseError, ReadableDatabase, ReadableTable, WriteTransaction};
use std::path::{Path, PathBuf};

/// An open crewdeck database. Only one process can hold it open at a time.
pub struct Store {
    db: Database,
    path: PathBuf,
}

impl Store {
    /// Opens an existing database, migrating it to the current schema if it is older.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let db = builder().open(path).map_err(|e| open_error(e, path))?;
        schema::upgrade(&db, path)?;
        Ok(Store {
            db,
            path: path.to_path_buf(),
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
        let db = builder().create(path).map_err(|e| open_error(e, path))?;
        schema::upgrade(&db, path)?;
        Ok(Store {
            db,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies `change` in one write transaction with its audit record; all of it or nothing.
    pub fn apply(
        &self,
        change: &Change,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<AuditEntry, StoreError> {
        let txn = self.db.begin_write()?;
        let entry = write_change(&txn, change, actor, at)?;
        txn.commit()?;
        Ok(entry)
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
        let txn = self.db.begin_read()?;
        let mut org = Org::default();
        // Decoding is most of the time: the rows are read first, then decoded on two threads.
        let people = txn.open_table(schema::records(Kind::Person))?;
        let mut rows = Vec::new();
        for item in people.iter()? {
            rows.push(item?);
        }
        let decode_all = |part: &[(redb::AccessGuard<&str>, redb::AccessGuard<&[u8]>)]| {
            part.iter()
                .map(|(key, value)| roster_person(key.value(), value.value()))
                .collect::<Result<Vec<_>, StoreError>>()
        };
        let (first, second) = rows.split_at(rows.len() / 2);
        let (first, second) = std::thread::scope(|scope| {
            let other = scope.spawn(|| decode_all(second));
            let first = decode_all(first);
            (first, other.join())
        });
        let second = second.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // In key order already: collected, the map is built in one pass rather than by inserts.
        org.people = first?
            .into_iter()
            .chain(second?)
            .map(|person| (person.id.to_string(), person))
            .collect();
        let users = txn.open_table(schema::records(Kind::User))?;
        for item in users.iter()? {
            let (key, value) = item?;
            org.put(decode(Kind::User, key.value(), value.value())?);
        }
        Ok(org)
    }

    /// Every record that can be decoded, and an error for each one that cannot.
    pub fn scan(&self) -> Result<(Org, Vec<StoreError>), StoreError> {
        let txn = self.db.begin_read()?;
        let mut org = Org::default();
        let mut problems = Vec::new();
        for kind in Kind::ALL {
            let table = txn.open_table(schema::records(*kind))?;
            for item in table.iter()? {
                let (key, value) = item?;
                match decode(*kind, key.value(), value.value()) {
                    Ok(record) => org.put(record),
                    Err(problem) => problems.push(problem),
                }
            }
        }
        Ok((org, problems))
    }

    /// The audit trail, oldest first.
    pub fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(schema::AUDIT)?;
        let mut entries = Vec::new();
        for item in table.iter()? {
            let (seq, value) = item?;
            let entry = decode_audit(value.value()).map_err(|reason| StoreError::Corrupt {
                table: "audit",
                key: seq.value().to_string(),
                reason,
            })?;
            entries.push(entry);
        }
        Ok(entries)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<u64, StoreError> {
        let txn = self.db.begin_read()?;
        let meta = txn.open_table(schema::META)?;
        Ok(meta.get(schema::SCHEMA_KEY)?.map_or(0, |v| v.value()))
    }

    /// Writes raw bytes under `key` in the table of `kind`, bypassing every rule. Only for tests
    /// that need a damaged database.
    #[doc(hidden)]
    pub fn corrupt_for_test(&self, kind: Kind, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        txn.open_table(schema::records(kind))?.insert(key, bytes)?;
        txn.commit()?;
        Ok(())
    }
}

/// redb's page cache. Its default (a gigabyte) would keep a large database in memory whole;
/// everything crewdeck needs is loaded once into its own structures anyway.
const CACHE_BYTES: usize = 32 * 1024 * 1024;

fn builder() -> redb::Builder {
    let mut builder = Database::builder();
    builder.set_cache_size(CACHE_BYTES);
    builder
}

fn open_error(e: DatabaseError, path: &Path) -> StoreError {
    match e {
        DatabaseError::DatabaseAlreadyOpen => StoreError::InUse {
            path: path.to_path_buf(),
        },
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
    let record = Record::from_json(kind, bytes).map_err(|e| corrupt(e.to_string()))?;
    if record.key() != key {
        return Err(corrupt(format!(
            "it holds the record of `{}`",
            record.key()
        )));
    }
    Ok(record)
}

/// The fields of a person the roster shows, read from the stored JSON without building the rest.
#[derive(serde::Deserialize)]
struct RosterFields<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    name: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    title: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    team: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    manager: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    status: RosterStatus<'a>,
}

/// `Status` as stored, read without the buffering serde needs for an internally tagged enum.
#[derive(serde::Deserialize, Default)]
struct RosterStatus<'a> {
    #[serde(borrow)]
    state: std::borrow::Cow<'a, str>,
    #[serde(default)]
    last_day: Option<chrono::NaiveDate>,
}

impl RosterStatus<'_> {
    fn status(&self) -> Option<crate::domain::person::Status> {
        use crate::domain::person::Status;
        Some(match (&*self.state, self.last_day) {
            ("active" | "", _) => Status::Active,
            ("on_leave", _) => Status::OnLeave,
            ("leaving", Some(last_day)) => Status::Leaving { last_day },
            ("left", Some(last_day)) => Status::Left { last_day },
            _ => return None,
        })
    }
}

fn roster_person(key: &str, bytes: &[u8]) -> Result<crate::domain::person::Person, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        table: Kind::Person.table(),
        key: key.to_string(),
        reason,
    };
    let fields: RosterFields = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    if fields.id != key {
        return Err(corrupt(format!("it holds the record of `{}`", fields.id)));
    }
    let mut person = crate::domain::person::Person::new(fields.id.into_owned(), fields.name);
    person.title = fields.title.into_owned();
    person.team = fields.team.into_owned();
    person.manager = fields
        .manager
        .map(|m| crate::domain::ids::PersonId::new(m.into_owned()));
    person.status = fields
        .status
        .status()
        .ok_or_else(|| corrupt(format!("unknown status `{}`", fields.status.state)))?;
    Ok(person)
}

/// Plans `change` against the transaction's records, writes the result and the audit entry.
fn write_change(
    txn: &WriteTransaction,
    change: &Change,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<AuditEntry, StoreError> {
    let view = TxnView { txn };
    let writes = change.plan(&view)?;
    let mut diffs = Vec::with_capacity(writes.len());
    for write in writes {
        diffs.push(Diff::of(write, &view)?);
    }
    for diff in &diffs {
        let mut table = txn.open_table(schema::records(diff.kind))?;
        match &diff.after {
            Some(record) => {
                let bytes = record
                    .to_json()
                    .map_err(|e| StoreError::Db(e.to_string()))?;
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
    let bytes = encode_audit(&entry)?;
    audit.insert(seq, bytes.as_slice())?;
    Ok(entry)
}

/// The first byte of an audit value compressed with LZ4. A plain value is JSON and starts with `{`.
const LZ4: u8 = 0x01;
/// Audit values smaller than this stay plain JSON, readable with any redb tool.
const COMPRESS_FROM: usize = 4096;
/// No audit entry is this big; a length above it means a damaged value.
const MAX_AUDIT_BYTES: usize = 1 << 30;

/// An audit entry as stored: JSON, compressed when large (a roster import or the demo load
/// carries every record twice: in the change and in its after-images).
fn encode_audit(entry: &AuditEntry) -> Result<Vec<u8>, StoreError> {
    let json = serde_json::to_vec(entry).map_err(|e| StoreError::Db(e.to_string()))?;
    if json.len() < COMPRESS_FROM {
        return Ok(json);
    }
    let mut out = vec![LZ4];
    out.extend(lz4_flex::compress_prepend_size(&json));
    Ok(out)
}

fn decode_audit(bytes: &[u8]) -> Result<AuditEntry, String> {
    match bytes.split_first() {
        Some((&LZ4, packed)) => {
            let size = packed.get(..4).map_or(usize::MAX, |b| {
                u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
            });
            if size > MAX_AUDIT_BYTES {
                return Err(format!("it claims {size} bytes"));
            }
            let json = lz4_flex::decompress_size_prepended(packed).map_err(|e| e.to_string())?;
            serde_json::from_slice(&json).map_err(|e| e.to_string())
        }
        _ => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(people: usize) -> AuditEntry {
        let changes = (0..people)
            .map(|i| Change::UpsertPerson {
                person: crate::domain::person::Person::new(format!("E{i}"), format!("Person {i}")),
            })
            .collect();
        AuditEntry {
            seq: 1,
            at: chrono::DateTime::UNIX_EPOCH,
            actor: "lin".into(),
            change: Change::Batch {
                label: "import".into(),
                changes,
            },
            diffs: vec![],
        }
    }

    #[test]
    fn large_audit_entries_are_compressed_and_small_ones_stay_json() {
        let small = encode_audit(&entry(1)).unwrap();
        assert_eq!(small.first(), Some(&b'{'));
        let large = encode_audit(&entry(500)).unwrap();
        assert_eq!(large.first(), Some(&LZ4));
        assert!(large.len() * 4 < serde_json::to_vec(&entry(500)).unwrap().len());
        assert_eq!(decode_audit(&large).unwrap(), entry(500));
        assert_eq!(decode_audit(&small).unwrap(), entry(1));
    }

    #[test]
    fn a_damaged_compressed_entry_is_an_error_not_a_huge_allocation() {
        let mut bad = vec![LZ4];
        bad.extend(u32::MAX.to_le_bytes());
        bad.extend([0, 1, 2]);
        assert!(decode_audit(&bad).unwrap_err().contains("claims"));
        assert!(decode_audit(&[LZ4, 1]).is_err());
    }
}
