//! `crewdeck recover`: whatever records can still be read from a damaged database, copied into a
//! new one, with a list of what could not be.

use super::encoding::{decode_audit, encode_audit, encode_record};
use super::{Db, Store, StoreError, builder, files, schema};
use crate::domain::Kind;
use redb::{ReadableDatabase, ReadableTable};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// What [`Store::recover`] kept and what it could not read.
#[derive(Debug, Default)]
pub struct Recovery {
    /// Records copied, per kind (kinds with none are absent).
    pub kept: BTreeMap<Kind, usize>,
    /// Audit entries copied.
    pub audit_kept: usize,
    /// One line per loss: a record that did not decode, named by kind and key, or a table that
    /// could not be read (whole, or past the records already kept).
    pub lost: Vec<String>,
}

impl Store {
    /// Reads every record and audit entry that can still be read from the database at `damaged`
    /// and writes them into a new database at `out` (mode 0600, current schema, built beside
    /// `out` and renamed into place only once it opens). `damaged` is never written: redb works on
    /// a private copy of it, which it may repair. Records are re-encoded as this crewdeck writes
    /// them; references to lost records are left for `crewdeck check` to list.
    ///
    /// Errors: `out` exists ([`StoreError::Exists`]), or not even the file's header can be read
    /// (nothing to recover).
    pub fn recover(damaged: &Path, out: &Path) -> Result<Recovery, StoreError> {
        if out.exists() {
            return Err(StoreError::Exists {
                path: out.to_path_buf(),
            });
        }
        let (_dir, copy) = files::private_copy(damaged, "crewdeck-recover-")?;

        // redb stops on assertions deep in damaged pages; each of those stops only the table
        // being read. Its messages are not for the user: the hook is quiet meanwhile.
        let loud = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let read = read_what_can_be_read(&copy, damaged);
        std::panic::set_hook(loud);
        let (records, audit, mut recovery) = read?;

        files::replace_with(out, |temp| {
            let store = Store::create(temp)?;
            let guard = store.db();
            let Db::Write(db) = &*guard else {
                unreachable!("a created store is open for writing")
            };
            let write = db.begin_write()?;
            for (kind, rows) in &records {
                let mut table = write.open_table(schema::records(*kind))?;
                for (key, value) in rows {
                    table.insert(key.as_str(), value.as_slice())?;
                }
            }
            {
                let mut table = write.open_table(schema::AUDIT)?;
                for (seq, value) in &audit {
                    table.insert(*seq, value.as_slice())?;
                }
            }
            write.commit()?;
            drop(guard);
            drop(store);
            // It opens and every record in it reads back.
            let (_, problems) = Store::open_read_only(temp)?.scan()?;
            match problems.into_iter().next() {
                Some(problem) => Err(problem),
                None => Ok(()),
            }
        })?;
        recovery.kept = records
            .iter()
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(kind, rows)| (*kind, rows.len()))
            .collect();
        recovery.audit_kept = audit.len();
        Ok(recovery)
    }
}

type Rows = BTreeMap<Kind, Vec<(String, Vec<u8>)>>;
type AuditRows = Vec<(u64, Vec<u8>)>;

/// Opens the private `copy` and reads it table by table, record by record: read-only first (as
/// the file is), and if redb cannot read it so, opened for writing, which lets redb repair the
/// copy.
fn read_what_can_be_read(
    copy: &Path,
    damaged: &Path,
) -> Result<(Rows, AuditRows, Recovery), StoreError> {
    // A newer crewdeck's records would be read with this one's idea of them: refused.
    let newer = |found: Option<u64>| match found {
        Some(found) if found > schema::CURRENT_VERSION => Err(StoreError::NewerSchema {
            path: damaged.to_path_buf(),
            found,
            supported: schema::CURRENT_VERSION,
        }),
        _ => Ok(()),
    };
    let read_only = match catch_unwind(|| builder().open_read_only(copy)) {
        Ok(Ok(db)) => {
            newer(schema_version(&db))?;
            Ok(read_tables(&db))
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("a damaged page".to_string()),
    };
    let why = match read_only {
        Ok(read) => return Ok(read),
        Err(why) => why,
    };
    match catch_unwind(|| builder().open(copy)) {
        Ok(Ok(db)) => {
            newer(schema_version(&db))?;
            Ok(read_tables(&db))
        }
        Ok(Err(e)) => Err(nothing_readable(damaged, &e.to_string())),
        Err(_) => Err(nothing_readable(damaged, &why)),
    }
}

/// The schema version the file says it has, if its meta table can be read.
fn schema_version(db: &impl ReadableDatabase) -> Option<u64> {
    catch_unwind(AssertUnwindSafe(|| {
        let txn = db.begin_read().ok()?;
        let meta = txn.open_table(schema::META).ok()?;
        Some(meta.get(schema::SCHEMA_KEY).ok()??.value())
    }))
    .ok()
    .flatten()
}

fn read_tables(db: &impl ReadableDatabase) -> (Rows, AuditRows, Recovery) {
    let mut recovery = Recovery::default();
    let mut records = Rows::new();
    for kind in Kind::ALL {
        let rows = records.entry(*kind).or_default();
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
            let txn = db.begin_read().map_err(|e| e.to_string())?;
            let table = match txn.open_table(schema::records(*kind)) {
                // An older crewdeck's file has fewer tables: nothing of that kind, nothing lost.
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
                other => other.map_err(|e| e.to_string())?,
            };
            for item in table.iter().map_err(|e| e.to_string())? {
                let (key, value) = item.map_err(|e| e.to_string())?;
                let key = key.value().to_string();
                let decoded = super::decode(*kind, &key, value.value()).map_err(|e| match e {
                    StoreError::Corrupt { reason, .. } => reason,
                    other => other.to_string(),
                });
                match decoded.and_then(|record| encode_record(&record)) {
                    Ok(bytes) => rows.push((key, bytes)),
                    Err(why) => recovery
                        .lost
                        .push(format!("{} {}: {why}", kind.label(), key)),
                }
            }
            Ok(())
        }));
        if let Some(why) = stopped(outcome) {
            recovery.lost.push(format!(
                "{} table ({}): unreadable after the {} record(s) kept ({why})",
                kind.label(),
                kind.table(),
                rows.len()
            ));
        }
    }
    let mut audit = AuditRows::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        let txn = db.begin_read().map_err(|e| e.to_string())?;
        let table = match txn.open_table(schema::AUDIT) {
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
            other => other.map_err(|e| e.to_string())?,
        };
        for item in table.iter().map_err(|e| e.to_string())? {
            let (seq, value) = item.map_err(|e| e.to_string())?;
            match decode_audit(value.value()).and_then(|entry| encode_audit(&entry)) {
                Ok(bytes) => audit.push((seq.value(), bytes)),
                Err(why) => recovery
                    .lost
                    .push(format!("audit entry {}: {why}", seq.value())),
            }
        }
        Ok(())
    }));
    if let Some(why) = stopped(outcome) {
        recovery.lost.push(format!(
            "audit trail: unreadable after the {} entries kept ({why})",
            audit.len()
        ));
    }
    (records, audit, recovery)
}

/// Why reading a table stopped, if it did.
fn stopped(outcome: std::thread::Result<Result<(), String>>) -> Option<String> {
    match outcome {
        Ok(Ok(())) => None,
        Ok(Err(why)) => Some(why),
        Err(_) => Some("a damaged page".into()),
    }
}

fn nothing_readable(damaged: &Path, why: &str) -> StoreError {
    StoreError::Db(format!(
        "{} is damaged past reading ({why}): redb cannot open it even to repair a copy, so nothing can be recovered from it; restore a backup",
        damaged.display()
    ))
}
