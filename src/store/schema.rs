//! Table definitions, the schema version and the migrations that bring an older database up to
//! date, all inside one write transaction.

use super::{StoreError, encoding};
use crate::domain::Kind;
use redb::{ReadableDatabase, ReadableTable, TableDefinition, TableHandle, WriteTransaction};
use std::path::Path;

/// The schema this crewdeck writes. Bump it together with a new entry in [`MIGRATIONS`].
pub const CURRENT_VERSION: u64 = 5;

pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub const SCHEMA_KEY: &str = "schema_version";
/// The audit trail, by sequence number.
pub const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");

/// The table holding the records of `kind`, keyed by their id, valued as [`super::encoding`] says.
pub fn records(kind: Kind) -> TableDefinition<'static, &'static str, &'static [u8]> {
    TableDefinition::new(kind.table())
}

type Migration = fn(&WriteTransaction) -> Result<(), StoreError>;

/// `MIGRATIONS[n]` brings a database from version `n` to `n + 1`.
const MIGRATIONS: &[Migration] = &[
    create_tables_v1,
    add_flag_quiets_v2,
    records_as_msgpack_v3,
    plan_check_in_interval_v4,
    add_calibration_v5,
];

/// The record tables of version 1, named here because `Kind::ALL` grows with later versions.
pub const V1_TABLES: &[&str] = &[
    "people",
    "assessments",
    "grow_notes",
    "pips",
    "positions",
    "flags",
    "stay_interviews",
    "points_rules",
    "points_ledger",
    "ladders",
    "departures",
    "users",
];

/// Version 1: the record tables and the audit trail.
fn create_tables_v1(txn: &WriteTransaction) -> Result<(), StoreError> {
    for name in V1_TABLES {
        txn.open_table(TableDefinition::<&str, &[u8]>::new(name))?;
    }
    txn.open_table(AUDIT)?;
    Ok(())
}

/// Version 2: acknowledgements and snoozes of computed flags.
fn add_flag_quiets_v2(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.open_table(records(Kind::FlagQuiet))?;
    Ok(())
}

/// Version 4: an improvement plan says how often it is checked in on (older plans read as every
/// 14 days), a plan's support can be a resource, and a plan's action can be ticked done. Nothing
/// stored changes; the version tells an older crewdeck that it cannot read the new records.
fn plan_check_in_interval_v4(_txn: &WriteTransaction) -> Result<(), StoreError> {
    Ok(())
}

/// Version 5: calibration sessions of talent reviews and their append-only logs.
fn add_calibration_v5(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.open_table(records(Kind::Calibration))?;
    txn.open_table(records(Kind::CalibrationEntry))?;
    Ok(())
}

/// Version 3: records written as MessagePack instead of JSON, a third of the size and quicker to
/// read. A value that cannot be read is left as it is, for `crewdeck check` to name. The audit
/// trail is history and is not rewritten; new entries are MessagePack too.
fn records_as_msgpack_v3(txn: &WriteTransaction) -> Result<(), StoreError> {
    let tables = V1_TABLES.iter().chain(&["flag_quiets"]);
    for name in tables {
        let Some(kind) = Kind::ALL.iter().copied().find(|k| k.table() == *name) else {
            continue;
        };
        let mut table = txn.open_table(records(kind))?;
        let mut rewritten = Vec::new();
        for item in table.iter()? {
            let (key, value) = item?;
            if encoding::is_current(value.value()) {
                continue;
            }
            let Ok(record) = encoding::decode_record(kind, value.value()) else {
                continue;
            };
            let bytes = encoding::encode_record(&record).map_err(StoreError::Db)?;
            // Replaced only by a value that reads back as the same record.
            if encoding::decode_record(kind, &bytes).as_ref() == Ok(&record) {
                rewritten.push((key.value().to_string(), bytes));
            }
        }
        for (key, bytes) in rewritten {
            table.insert(key.as_str(), bytes.as_slice())?;
        }
    }
    Ok(())
}

/// From this version on a database can be read as it is, without converting it: its tables are
/// all there, and values written as JSON before still read.
pub const READABLE_FROM: u64 = 3;

/// Whether a database at `version` can be read without converting it (which only a command that
/// writes does).
pub fn check_readable(version: u64, path: &Path) -> Result<(), StoreError> {
    if version > CURRENT_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    if version < READABLE_FROM {
        return Err(StoreError::Db(format!(
            "{} was written by an older crewdeck (schema version {version}); open it once with a command that writes (crewdeck, or crewdeck import) to convert it, after a backup",
            path.display()
        )));
    }
    Ok(())
}

/// The schema version stored in the database, or `None` if it has no meta table.
fn stored_version(db: &redb::Database, path: &Path) -> Result<Option<u64>, StoreError> {
    let txn = db.begin_read()?;
    let meta = match txn.open_table(META) {
        Ok(table) => table,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    match meta.get(SCHEMA_KEY)? {
        Some(version) => Ok(Some(version.value())),
        None => Err(StoreError::NotCrewdeck {
            path: path.to_path_buf(),
            reason: "its meta table has no schema version".into(),
        }),
    }
}

/// Version 3 rewrote every record, in one transaction: the file grew by their new size while the
/// old ones were still in it. From a database older than this, the file is compacted after
/// migrating, back to about its old size, the rest free for later records.
const COMPACT_BELOW: u64 = 3;

/// Brings the database to [`CURRENT_VERSION`], refusing one written by a newer crewdeck and a
/// file that holds some other program's tables.
pub fn upgrade(db: &mut redb::Database, path: &Path) -> Result<(), StoreError> {
    let found = match stored_version(db, path)? {
        Some(version) => version,
        None => {
            let txn = db.begin_read()?;
            let foreign: Vec<String> = txn.list_tables()?.map(|t| t.name().to_string()).collect();
            if !foreign.is_empty() {
                return Err(StoreError::NotCrewdeck {
                    path: path.to_path_buf(),
                    reason: format!("it holds other tables ({})", foreign.join(", ")),
                });
            }
            0
        }
    };
    if found > CURRENT_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: CURRENT_VERSION,
        });
    }
    if found == CURRENT_VERSION {
        return Ok(());
    }
    let txn = db.begin_write()?;
    for migration in &MIGRATIONS[found as usize..] {
        migration(&txn)?;
    }
    txn.open_table(META)?.insert(SCHEMA_KEY, CURRENT_VERSION)?;
    txn.commit()?;
    if (1..COMPACT_BELOW).contains(&found) {
        // The migration is committed: a compaction that fails leaves a larger file, nothing
        // lost, so it does not stop the database from opening.
        let _ = db.compact();
    }
    Ok(())
}
