//! The talent records of the demo file: key positions with their slates, flags raised by hand,
//! the points ledger with its reversals, and departures with their handover.

use super::{Days, DemoError, Offset};
use crate::domain::Change;
use crate::domain::departure::{
    AccessClass, AccessRevocation, Departure, HandoverKind, HandoverTask,
};
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::ids::{DepartureId, EntryId, FlagId, PersonId, PositionId, RuleId};
use crate::domain::person::Status;
use crate::domain::points::{PointsEntry, PointsRule};
use crate::domain::succession::{
    Criticality, DevelopmentAction, DevelopmentKind, KeyPosition, Readiness, Successor,
};
use chrono::NaiveTime;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PositionRow {
    id: String,
    title: String,
    team: String,
    criticality: Criticality,
    #[serde(default)]
    incumbent: Option<String>,
    #[serde(default)]
    successors: Vec<SuccessorRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuccessorRow {
    person: String,
    readiness: Readiness,
    rank: u8,
    #[serde(default)]
    emergency: bool,
    #[serde(default)]
    development: Vec<DevelopmentRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DevelopmentRow {
    kind: DevelopmentKind,
    text: String,
    #[serde(default)]
    due: Option<Offset>,
}

/// A flag raised by hand; its state's fields sit beside the others (`state = "snoozed", until = 10`).
#[derive(Deserialize)]
pub(super) struct FlagRow {
    id: String,
    subject: Subject,
    severity: Severity,
    reason: String,
    raised_by: String,
    raised: Offset,
    #[serde(flatten)]
    state: FlagStateRow,
}

/// Fields beside the state that it does not use are refused, so a misspelt field is an error.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", deny_unknown_fields)]
enum FlagStateRow {
    Open,
    Acknowledged { by: String, on: Offset },
    Snoozed { until: Offset },
    Resolved { on: Offset, note: String },
}

/// A ledger entry; without `points` it gets the points of its rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntryRow {
    id: String,
    person: String,
    day: Offset,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    points: Option<i32>,
    reason: String,
    #[serde(default)]
    by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReversalRow {
    entry: String,
    day: Offset,
    reason: String,
    by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DepartureRow {
    id: String,
    person: String,
    started: Offset,
    last_day: Offset,
    reason: String,
    #[serde(default)]
    report: String,
    tasks: Vec<TaskRow>,
    revocations: Vec<RevocationRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskRow {
    id: u32,
    kind: HandoverKind,
    text: String,
    /// Days from the last day, as the checklist counts them.
    due_from_last_day: i32,
    #[serde(default)]
    receiver: Option<String>,
    #[serde(default)]
    done: Option<Offset>,
    #[serde(default)]
    confirmed: Option<Offset>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevocationRow {
    id: u32,
    system: String,
    class: AccessClass,
    #[serde(default)]
    revoked: Option<MomentRow>,
}

/// A moment: a day offset and a time of day (UTC), `{ day = -9, time = "17:30" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MomentRow {
    day: Offset,
    time: String,
}

/// One `UpsertPosition` per row, with its whole slate.
pub(super) fn positions(rows: &[PositionRow], days: Days) -> Result<Vec<Change>, DemoError> {
    rows.iter()
        .map(|row| {
            let record = format!("key position {}", row.id);
            let successors = row
                .successors
                .iter()
                .map(|s| {
                    let development = s
                        .development
                        .iter()
                        .map(|d| {
                            Ok(DevelopmentAction {
                                kind: d.kind,
                                description: d.text.clone(),
                                due: days.maybe(&record, d.due)?,
                            })
                        })
                        .collect::<Result<_, DemoError>>()?;
                    Ok(Successor {
                        person: PersonId::new(&s.person),
                        readiness: s.readiness,
                        emergency: s.emergency,
                        rank: s.rank,
                        development,
                    })
                })
                .collect::<Result<_, DemoError>>()?;
            Ok(Change::UpsertPosition {
                position: KeyPosition {
                    id: PositionId::new(&row.id),
                    title: row.title.clone(),
                    team: row.team.clone(),
                    criticality: row.criticality,
                    incumbent: row.incumbent.as_deref().map(PersonId::from),
                    successors,
                },
            })
        })
        .collect()
}

/// A `RaiseFlag` per row (raised open), followed by a `SetFlagState` when it has moved on.
pub(super) fn flags(rows: &[FlagRow], days: Days) -> Result<Vec<Change>, DemoError> {
    let mut changes = Vec::new();
    for row in rows {
        let record = format!("flag {}", row.id);
        changes.push(Change::RaiseFlag {
            flag: ManualFlag {
                id: FlagId::new(&row.id),
                subject: row.subject.clone(),
                severity: row.severity,
                reason: row.reason.clone(),
                raised_by: row.raised_by.clone(),
                raised_on: days.at(&record, row.raised)?,
                state: FlagState::Open,
            },
        });
        let state = match &row.state {
            FlagStateRow::Open => continue,
            FlagStateRow::Acknowledged { by, on } => FlagState::Acknowledged {
                by: by.clone(),
                on: days.at(&record, *on)?,
            },
            FlagStateRow::Snoozed { until } => FlagState::Snoozed {
                until: days.at(&record, *until)?,
            },
            FlagStateRow::Resolved { on, note } => FlagState::Resolved {
                on: days.at(&record, *on)?,
                note: note.clone(),
            },
        };
        changes.push(Change::SetFlagState {
            flag: FlagId::new(&row.id),
            state,
        });
    }
    Ok(changes)
}

/// An `AwardPoints` per entry, then a `ReversePoints` per reversal.
pub(super) fn points(
    entries: &[EntryRow],
    reversals: &[ReversalRow],
    rules: &[PointsRule],
    days: Days,
) -> Result<Vec<Change>, DemoError> {
    let mut changes = Vec::new();
    for row in entries {
        let points = match (row.points, &row.rule) {
            (Some(points), _) => points,
            (None, Some(rule)) => rules
                .iter()
                .find(|r| r.id.as_str() == rule)
                .map(|r| r.points)
                .ok_or_else(|| bad_entry(&row.id, format!("no points rule {rule}")))?,
            (None, None) => return Err(bad_entry(&row.id, "needs points or a rule".into())),
        };
        changes.push(Change::AwardPoints {
            entry: PointsEntry {
                id: EntryId::new(&row.id),
                person: PersonId::new(&row.person),
                date: days.at(&format!("points entry {}", row.id), row.day)?,
                rule: row.rule.as_deref().map(RuleId::from),
                points,
                reason: row.reason.as_str().into(),
                reverses: None,
                recorded_by: row.by.as_str().into(),
            },
        });
    }
    for row in reversals {
        changes.push(Change::ReversePoints {
            entry: EntryId::new(&row.entry),
            date: days.at(&format!("reversal of {}", row.entry), row.day)?,
            reason: row.reason.clone(),
            recorded_by: row.by.clone(),
        });
    }
    Ok(changes)
}

fn bad_entry(entry: &str, problem: String) -> DemoError {
    DemoError::BadEntry {
        entry: entry.to_string(),
        problem,
    }
}

/// A `StartDeparture` per row with an untouched checklist, then what has happened since: tasks
/// done and confirmed, access revoked, the report, and the person marked as left once the last
/// day has passed.
pub(super) fn departures(rows: &[DepartureRow], days: Days) -> Result<Vec<Change>, DemoError> {
    let mut changes = Vec::new();
    for row in rows {
        let record = format!("departure {}", row.id);
        let id = DepartureId::new(&row.id);
        let last_day = days.at(&record, row.last_day)?;
        changes.push(Change::StartDeparture {
            departure: Departure {
                id: id.clone(),
                person: PersonId::new(&row.person),
                last_day,
                started_on: days.at(&record, row.started)?,
                reason: row.reason.clone(),
                tasks: row.tasks.iter().map(task_of).collect(),
                revocations: row.revocations.iter().map(revocation_of).collect(),
                report: String::new(),
            },
        });
        for task in &row.tasks {
            if let Some(on) = days.maybe(&record, task.done)? {
                let (departure, task) = (id.clone(), task.id);
                changes.push(Change::CompleteHandoverTask {
                    departure,
                    task,
                    on,
                });
            }
            if let Some(on) = days.maybe(&record, task.confirmed)? {
                let (departure, task) = (id.clone(), task.id);
                changes.push(Change::ConfirmHandoverTask {
                    departure,
                    task,
                    on,
                });
            }
        }
        for access in &row.revocations {
            if let Some(moment) = &access.revoked {
                let date = days.at(&record, moment.day)?;
                let time = NaiveTime::parse_from_str(&moment.time, "%H:%M").map_err(|_| {
                    DemoError::BadTime {
                        record: record.clone(),
                        time: moment.time.clone(),
                    }
                })?;
                changes.push(Change::RevokeAccess {
                    departure: id.clone(),
                    revocation: access.id,
                    at: date.and_time(time).and_utc(),
                });
            }
        }
        if !row.report.is_empty() {
            changes.push(Change::SetHandoverReport {
                departure: id.clone(),
                report: row.report.clone(),
            });
        }
        if last_day < days.today {
            changes.push(Change::SetStatus {
                person: PersonId::new(&row.person),
                status: Status::Left { last_day },
            });
        }
    }
    Ok(changes)
}

fn task_of(row: &TaskRow) -> HandoverTask {
    HandoverTask {
        id: row.id,
        kind: row.kind,
        description: row.text.clone(),
        due_offset_days: row.due_from_last_day,
        receiver: row.receiver.as_deref().map(PersonId::from),
        done_on: None,
        confirmed_on: None,
    }
}

fn revocation_of(row: &RevocationRow) -> AccessRevocation {
    AccessRevocation {
        id: row.id,
        system: row.system.clone(),
        class: row.class,
        revoked_at: None,
    }
}
