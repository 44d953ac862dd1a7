//! How records and audit entries are stored as bytes.
//!
//! Every stored value starts with one byte that says how the rest is written:
//!
//! | first byte | the rest |
//! |---|---|
//! | `0x02` | MessagePack |
//! | `0x03` | MessagePack compressed with LZ4, its length first (large audit entries) |
//! | `{` | JSON: every value written before schema version 3 |
//! | `0x01` | JSON compressed with LZ4 (large audit entries before schema version 3) |
//!
//! MessagePack writes each struct's fields as an array in the order the struct declares them,
//! without their names: a record takes a third of the bytes of its JSON and reads several times
//! faster. A field added later goes at the end of its struct with `#[serde(default)]`, so that
//! values written before it still read, and with a new schema version: an older crewdeck reads
//! no array longer than it expects, so it must refuse the database rather than call its records
//! damaged. JSON values are still read, so a database is readable at every step of its
//! migration and the audit trail is never rewritten.

use crate::domain::ids::PersonId;
use crate::domain::person::{Person, Status};
use crate::domain::{AuditEntry, Kind, Record};
use serde::de::{IgnoredAny, SeqAccess, Visitor};

const LZ4_JSON: u8 = 0x01;
const MSGPACK: u8 = 0x02;
const LZ4_MSGPACK: u8 = 0x03;
const JSON: u8 = b'{';

/// Audit values from this size on are compressed: a roster import or the demo load carries
/// every record twice, in the change and in its after-images.
const COMPRESS_FROM: usize = 4096;
/// No audit entry is this big; a length above it means a damaged value.
const MAX_AUDIT_BYTES: usize = 1 << 30;

/// A record as its table stores it.
pub fn encode_record(record: &Record) -> Result<Vec<u8>, String> {
    let mut bytes = vec![MSGPACK];
    record
        .serialize_value(&mut rmp_serde::Serializer::new(&mut bytes))
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Reads a value from the table of `kind`.
pub fn decode_record(kind: Kind, bytes: &[u8]) -> Result<Record, String> {
    match bytes.split_first() {
        Some((&MSGPACK, rest)) => {
            let mut unread = rest;
            let mut reader = rmp_serde::Deserializer::new(&mut unread);
            let record = Record::deserialize_value(kind, &mut reader).map_err(|e| e.to_string())?;
            match unread.len() {
                0 => Ok(record),
                extra => Err(format!("{extra} bytes follow the record")),
            }
        }
        Some((&JSON, _)) => {
            let mut reader = serde_json::Deserializer::from_slice(bytes);
            let record = Record::deserialize_value(kind, &mut reader).map_err(|e| e.to_string())?;
            reader.end().map_err(|e| e.to_string())?;
            Ok(record)
        }
        Some((other, _)) => Err(format!("it starts with the unknown byte {other:#04x}")),
        None => Err("it is empty".into()),
    }
}

/// Whether a stored value is written the way this crewdeck writes records.
pub fn is_current(bytes: &[u8]) -> bool {
    bytes.first() == Some(&MSGPACK)
}

/// An audit entry as stored.
pub fn encode_audit(entry: &AuditEntry) -> Result<Vec<u8>, String> {
    let packed = rmp_serde::to_vec(entry).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(packed.len() + 1);
    if packed.len() < COMPRESS_FROM {
        bytes.push(MSGPACK);
        bytes.extend(packed);
    } else {
        bytes.push(LZ4_MSGPACK);
        bytes.extend(lz4_flex::compress_prepend_size(&packed));
    }
    Ok(bytes)
}

pub fn decode_audit(bytes: &[u8]) -> Result<AuditEntry, String> {
    let unpack = |packed: &[u8]| -> Result<Vec<u8>, String> {
        let size = packed.get(..4).map_or(usize::MAX, |b| {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
        });
        if size > MAX_AUDIT_BYTES {
            return Err(format!("it claims {size} bytes"));
        }
        lz4_flex::decompress_size_prepended(packed).map_err(|e| e.to_string())
    };
    let json = |bytes: &[u8]| serde_json::from_slice(bytes).map_err(|e| e.to_string());
    let msgpack = |bytes: &[u8]| rmp_serde::from_slice(bytes).map_err(|e| e.to_string());
    match bytes.split_first() {
        Some((&MSGPACK, rest)) => msgpack(rest),
        Some((&LZ4_MSGPACK, rest)) => msgpack(&unpack(rest)?),
        Some((&JSON, _)) => json(bytes),
        Some((&LZ4_JSON, rest)) => json(&unpack(rest)?),
        Some((other, _)) => Err(format!("it starts with the unknown byte {other:#04x}")),
        None => Err("it is empty".into()),
    }
}

/// A person with only what the roster shows (id, name, title, team, manager, status), read
/// without building the rest.
pub fn decode_roster_person(bytes: &[u8]) -> Result<Person, String> {
    match bytes.split_first() {
        Some((&MSGPACK, rest)) => {
            use serde::Deserializer as _;
            rmp_serde::Deserializer::from_read_ref(rest)
                .deserialize_seq(RosterFields)
                .map_err(|e| e.to_string())
        }
        _ => match decode_record(Kind::Person, bytes)? {
            Record::Person(person) => Ok(roster_only(person)),
            _ => unreachable!("a person table decodes to people"),
        },
    }
}

fn roster_only(full: Person) -> Person {
    let mut person = Person::new(full.id.0, full.name);
    person.title = full.title;
    person.team = full.team;
    person.manager = full.manager;
    person.status = full.status;
    person
}

/// The fields of `Person` between `manager` and `status` (level, track, location, hire date,
/// hire channel, referred by, key mark): skipped by the roster. A test in `tests/store.rs`
/// holds this to `Person`'s declaration order.
const SKIPPED_BEFORE_STATUS: usize = 7;

/// Reads a person's stored array by position, borrowing its strings from the stored bytes.
struct RosterFields;

impl<'de> Visitor<'de> for RosterFields {
    type Value = Person;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a person as an array of fields")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Person, A::Error> {
        use serde::de::Error;
        let id: &str = seq
            .next_element()?
            .ok_or_else(|| A::Error::custom("it has no id"))?;
        let name: &str = seq
            .next_element()?
            .ok_or_else(|| A::Error::custom("it has no name"))?;
        let mut person = Person::new(id, name);
        person.title = seq.next_element::<&str>()?.unwrap_or_default().into();
        person.team = seq.next_element::<&str>()?.unwrap_or_default().into();
        person.manager = seq
            .next_element::<Option<&str>>()?
            .flatten()
            .map(PersonId::new);
        for _ in 0..SKIPPED_BEFORE_STATUS {
            seq.next_element::<IgnoredAny>()?;
        }
        person.status = seq
            .next_element::<RosterStatus>()?
            .map_or_else(Status::default, |s| s.0);
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(person)
    }
}

/// `Status` as stored, `[state]` or `[state, last_day]`, read without the buffering serde's
/// internal tagging needs: a fifth of the time of reading a roster person.
struct RosterStatus(Status);

impl<'de> serde::Deserialize<'de> for RosterStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RosterStatusFields)
    }
}

struct RosterStatusFields;

impl<'de> Visitor<'de> for RosterStatusFields {
    type Value = RosterStatus;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a status as an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RosterStatus, A::Error> {
        use serde::de::Error;
        let state: &str = seq.next_element()?.unwrap_or("active");
        let last_day = seq.next_element::<chrono::NaiveDate>()?;
        let status = match (state, last_day) {
            ("active", None) => Status::Active,
            ("on_leave", None) => Status::OnLeave,
            ("leaving", Some(last_day)) => Status::Leaving { last_day },
            ("left", Some(last_day)) => Status::Left { last_day },
            _ => {
                return Err(A::Error::custom(format!(
                    "status `{state}` is not one crewdeck knows"
                )));
            }
        };
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(RosterStatus(status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Change;

    fn entry(people: usize) -> AuditEntry {
        let changes = (0..people)
            .map(|i| Change::UpsertPerson {
                person: Person::new(format!("E{i}"), format!("Person {i}")),
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
    fn large_audit_entries_are_compressed_and_small_ones_are_not() {
        let small = encode_audit(&entry(1)).unwrap();
        assert_eq!(small.first(), Some(&MSGPACK));
        let large = encode_audit(&entry(500)).unwrap();
        assert_eq!(large.first(), Some(&LZ4_MSGPACK));
        assert!(large.len() * 4 < rmp_serde::to_vec(&entry(500)).unwrap().len());
        assert_eq!(decode_audit(&large).unwrap(), entry(500));
        assert_eq!(decode_audit(&small).unwrap(), entry(1));
    }

    #[test]
    fn audit_entries_written_as_json_still_read() {
        let json = serde_json::to_vec(&entry(3)).unwrap();
        assert_eq!(decode_audit(&json).unwrap(), entry(3));
        let mut packed = vec![LZ4_JSON];
        packed.extend(lz4_flex::compress_prepend_size(&json));
        assert_eq!(decode_audit(&packed).unwrap(), entry(3));
    }

    #[test]
    fn a_damaged_compressed_entry_is_an_error_not_a_huge_allocation() {
        for tag in [LZ4_JSON, LZ4_MSGPACK] {
            let mut bad = vec![tag];
            bad.extend(u32::MAX.to_le_bytes());
            bad.extend([0, 1, 2]);
            assert!(decode_audit(&bad).unwrap_err().contains("claims"));
            assert!(decode_audit(&[tag, 1]).is_err());
        }
        assert!(decode_audit(&[]).unwrap_err().contains("empty"));
        assert!(decode_audit(&[0x7f, 1]).unwrap_err().contains("0x7f"));
    }

    #[test]
    fn every_demo_record_reads_back_as_written_and_is_smaller_than_json() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let mut org = crate::domain::Org::default();
        org.apply(&crate::demo::demo_change(today).unwrap())
            .unwrap();
        let (mut packed_bytes, mut json_bytes) = (0, 0);
        for record in org.records() {
            let bytes = encode_record(&record).unwrap();
            assert!(is_current(&bytes));
            assert_eq!(decode_record(record.kind(), &bytes).unwrap(), record);
            packed_bytes += bytes.len();
            json_bytes += serde_json::to_vec(&record).unwrap().len();
        }
        assert!(
            packed_bytes * 2 < json_bytes,
            "{packed_bytes} bytes against {json_bytes} as JSON"
        );
    }

    #[test]
    fn records_written_as_json_still_read() {
        let mut ada = Person::new("E1", "Ada");
        ada.status = Status::Leaving {
            last_day: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        };
        let json = serde_json::to_vec(&ada).unwrap();
        assert!(!is_current(&json));
        assert_eq!(
            decode_record(Kind::Person, &json).unwrap(),
            Record::Person(ada.clone())
        );
        let mut damaged = json.clone();
        damaged.extend(b"junk");
        assert!(decode_record(Kind::Person, &damaged).is_err());
        let mut damaged = encode_record(&Record::Person(ada.clone())).unwrap();
        damaged.push(0xc0);
        let message = decode_record(Kind::Person, &damaged).unwrap_err();
        assert!(message.contains("1 bytes follow"), "{message}");
        ada.level = "P5".into();
        let roster = decode_roster_person(&serde_json::to_vec(&ada).unwrap()).unwrap();
        assert_eq!((roster.status, roster.level.as_str()), (ada.status, ""));
    }
}
