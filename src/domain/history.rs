//! A person's history, read from the audit trail: which changes touched their records, and what
//! each changed, field by field, before → after.

use super::audit::{AuditEntry, Diff};
use super::flag::Subject;
use super::{Change, Record};

/// Whether `record` is about `person`: their own record, or one that belongs to them (a note, a
/// plan, an assessment, a flag on them, a position they hold or could succeed to…).
pub fn concerns(record: &Record, person: &str) -> bool {
    match record {
        Record::Person(p) => p.id.as_str() == person,
        Record::Assessment(a) => a.person.as_str() == person,
        Record::GrowNote(n) => n.person.as_str() == person,
        Record::Pip(p) => p.person.as_str() == person,
        Record::Position(p) => {
            p.incumbent.as_ref().is_some_and(|i| i.as_str() == person)
                || p.successors.iter().any(|s| s.person.as_str() == person)
        }
        Record::Flag(f) => matches!(&f.subject, Subject::Person(p) if p.as_str() == person),
        Record::StayInterview(s) => s.person.as_str() == person,
        Record::PointsEntry(e) => e.person.as_str() == person,
        Record::Departure(d) => d.person.as_str() == person,
        Record::FlagQuiet(q) => q.flag.ends_with(&format!("/person/{person}")),
        Record::CalibrationEntry(e) => e.person.as_str() == person,
        Record::PointsRule(_) | Record::Ladder(_) | Record::User(_) | Record::Calibration(_) => {
            false
        }
    }
}

fn diff_concerns(diff: &Diff, person: &str) -> bool {
    [&diff.before, &diff.after]
        .into_iter()
        .flatten()
        .any(|r| concerns(r, person))
}

/// The part of `entry` about `person`, or `None` when it touched none of their records: only
/// their diffs, and of a batch (a roster import) only the changes that wrote them, so a history
/// holds what it shows and not a whole organisation.
pub fn about(entry: &AuditEntry, person: &str) -> Option<AuditEntry> {
    let diffs: Vec<Diff> = entry
        .diffs
        .iter()
        .filter(|d| diff_concerns(d, person))
        .cloned()
        .collect();
    if diffs.is_empty() {
        return None;
    }
    let change = match &entry.change {
        Change::Batch { label, changes } => {
            let mine: Vec<Change> = changes
                .iter()
                .filter(|c| mentions(c, person))
                .cloned()
                .collect();
            Change::Batch {
                label: label.clone(),
                changes: mine,
            }
        }
        other => other.clone(),
    };
    Some(AuditEntry {
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor.clone(),
        change,
        diffs,
    })
}

/// Whether a change names `person` anywhere in its value.
fn mentions(change: &Change, person: &str) -> bool {
    serde_json::to_string(change).is_ok_and(|text| text.contains(&format!("\"{person}\"")))
}

/// One field a change set: its name in words, and its value before and after, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields of a record that differ between `before` and `after` (either may be absent: a
/// record added or removed), in the record's field order. `name` turns an id into a name where
/// one is known, so a manager reads "Amira Haddad", not "E002".
pub fn field_changes(
    before: Option<&Record>,
    after: Option<&Record>,
    name: &dyn Fn(&str) -> Option<String>,
) -> Vec<FieldChange> {
    let fields = |record: Option<&Record>| -> serde_json::Map<String, serde_json::Value> {
        record
            .and_then(|r| serde_json::to_value(r).ok())
            .and_then(|v| v.get("value").cloned())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let (old, new) = (fields(before), fields(after));
    let mut keys: Vec<&String> = new.keys().collect();
    keys.extend(old.keys().filter(|k| !new.contains_key(*k)));
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        // A record added says who or what it is elsewhere: its id is no news.
        .filter(|k| !(before.is_none() && k.as_str() == "id"))
        .filter_map(|k| {
            let (before, mut after) = (words(old.get(k), name), words(new.get(k), name));
            if before == after {
                // A list that changed inside but kept its length, or two people of one name,
                // read the same: say it changed. Nothing on both sides (a field absent, then
                // empty) is no change at all.
                let inside = |v: Option<&serde_json::Value>| {
                    v.is_some_and(|v| v.is_array() || v.is_object())
                };
                if before == "—" && !(inside(old.get(k)) || inside(new.get(k))) {
                    return None;
                }
                after.push_str(", changed");
            }
            Some(FieldChange {
                field: k.replace('_', " "),
                before,
                after,
            })
        })
        .collect()
}

/// A value as a manager reads it: text as it is (an id as its name), nothing as `—`, a list by
/// its length.
fn words(value: Option<&serde_json::Value>, name: &dyn Fn(&str) -> Option<String>) -> String {
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(Value::String(s)) => name(s).unwrap_or_else(|| s.replace('_', " ")),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(items)) => match items.len() {
            1 => "1 item".into(),
            n => format!("{n} items"),
        },
        Some(Value::Object(map)) => {
            // A small object (a status with its day, a key mark) reads as its parts; a tagged
            // one's tag (`state`, `stage`) first and bare.
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| match k.as_str() {
                    "state" | "stage" | "kind" => words(Some(v), name),
                    _ => format!("{} {}", k.replace('_', " "), words(Some(v), name)),
                })
                .collect();
            parts.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::{Person, Status};

    #[test]
    fn a_persons_fields_read_before_and_after_in_words() {
        let mut before = Person::new("E1", "Ada");
        before.title = "Analyst".into();
        before.manager = Some("E2".into());
        let mut after = before.clone();
        after.title = "Senior Analyst".into();
        after.manager = Some("E3".into());
        after.status = Status::Leaving {
            last_day: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        };
        let name = |id: &str| match id {
            "E2" => Some("Lin".to_string()),
            "E3" => Some("Sam".to_string()),
            _ => None,
        };
        let changes = field_changes(
            Some(&Record::Person(before)),
            Some(&Record::Person(after)),
            &name,
        );
        let lines: Vec<String> = changes
            .iter()
            .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
            .collect();
        assert_eq!(
            lines,
            vec![
                "title: Analyst → Senior Analyst",
                "manager: Lin → Sam",
                "status: active → leaving, last day 2026-12-31",
            ]
        );
    }

    /// A person added reads as what they were given: no id, no field empty on both sides.
    #[test]
    fn a_person_added_lists_only_what_they_were_given() {
        let mut added = Person::new("E7", "Rahul Das");
        added.title = "Intern".into();
        let name = |id: &str| (id == "E7").then(|| "Rahul Das".to_string());
        let changes = field_changes(None, Some(&Record::Person(added)), &name);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert!(fields.contains(&"name"), "{fields:?}");
        assert!(fields.contains(&"title"), "{fields:?}");
        assert!(!fields.contains(&"id"), "{fields:?}");
        assert!(
            changes.iter().all(|c| c.before != c.after),
            "nothing reads the same before and after: {changes:?}"
        );
    }

    /// Two people of one name: a move from one to the other still shows, as changed.
    #[test]
    fn a_change_between_two_people_of_one_name_still_shows() {
        let mut before = Person::new("E1", "Ada");
        before.manager = Some("E2".into());
        let mut after = before.clone();
        after.manager = Some("E3".into());
        let name = |id: &str| ["E2", "E3"].contains(&id).then(|| "李伟".to_string());
        let changes = field_changes(
            Some(&Record::Person(before)),
            Some(&Record::Person(after)),
            &name,
        );
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].after, "李伟, changed");
    }

    #[test]
    fn an_entry_is_cut_to_what_concerns_the_person() {
        let entry = AuditEntry {
            seq: 3,
            at: chrono::Utc::now(),
            actor: "lin".into(),
            change: Change::Batch {
                label: "import roster r.csv".into(),
                changes: vec![
                    Change::UpsertPerson {
                        person: Person::new("E1", "Ada"),
                    },
                    Change::UpsertPerson {
                        person: Person::new("E2", "Bo"),
                    },
                ],
            },
            diffs: vec![
                Diff {
                    kind: crate::domain::Kind::Person,
                    key: "E1".into(),
                    before: None,
                    after: Some(Record::Person(Person::new("E1", "Ada"))),
                },
                Diff {
                    kind: crate::domain::Kind::Person,
                    key: "E2".into(),
                    before: None,
                    after: Some(Record::Person(Person::new("E2", "Bo"))),
                },
            ],
        };
        let mine = about(&entry, "E2").expect("it touched E2");
        assert_eq!(mine.diffs.len(), 1);
        let Change::Batch { changes, .. } = &mine.change else {
            panic!("a batch")
        };
        assert_eq!(changes.len(), 1);
        assert!(about(&entry, "E9").is_none());
    }
}
