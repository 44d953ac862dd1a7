//! The demo organisation: a made-up company with every kind of record crewdeck keeps, read from
//! the embedded `data/demo.toml` and turned into one [`Change::Batch`].
//!
//! Every date in the file is a day offset from the load day, so the demo never looks stale; this
//! module owns turning those offsets into dates and the order of the changes, so that every record
//! a change refers to exists before it.

mod coaching;
mod people;
mod talent;
#[cfg(test)]
mod tests;

use crate::domain::insight::Rules;
use crate::domain::insight::flags::compute;
use crate::domain::ladder::CareerLadder;
use crate::domain::points::PointsRule;
use crate::domain::quiet::{FlagQuiet, QuietState};
use crate::domain::user::User;
use crate::domain::{Change, Org};
use chrono::{NaiveDate, TimeDelta};
use serde::Deserialize;

/// The label of the batch, shown in the audit trail.
pub const DEMO_LABEL: &str = "load demo organisation";

/// The demo organisation as written in the repository.
const DEMO_TOML: &str = include_str!("../../data/demo.toml");

/// Why the demo organisation could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The embedded file is not valid TOML or does not have the expected fields; the message names
    /// the line, column and field.
    #[error("the embedded demo organisation cannot be read: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("demo {record}: {offset} days from {today} is not a date")]
    DateOutOfRange {
        record: String,
        offset: i64,
        today: NaiveDate,
    },
    #[error("demo {record}: quarter {offset} is in the future; use 0 or less")]
    FutureQuarter { record: String, offset: i32 },
    #[error("demo {record}: `{time}` is not a time of day like 16:30")]
    BadTime { record: String, time: String },
    #[error("demo person {person}: level {level} is on no career ladder")]
    UnknownLevel { person: String, level: String },
    #[error("demo points entry {entry}: {problem}")]
    BadEntry { entry: String, problem: String },
    #[error("demo: {0}")]
    Invalid(String),
}

/// Every record of the demo organisation as one `Change::Batch` labelled [`DEMO_LABEL`], with all
/// dates placed relative to `today`.
pub fn demo_change(today: NaiveDate) -> Result<Change, DemoError> {
    change_from(DEMO_TOML, today)
}

/// The batch described by a demo file's `text`, dated around `today`.
fn change_from(text: &str, today: NaiveDate) -> Result<Change, DemoError> {
    let file: DemoFile = toml::from_str(text)?;
    let days = Days { today };
    let mut changes = Vec::new();
    changes.extend(file.ladders.iter().map(|ladder| Change::UpsertLadder {
        ladder: ladder.clone(),
    }));
    changes.extend(
        file.points_rules
            .iter()
            .map(|rule| Change::UpsertPointsRule { rule: rule.clone() }),
    );
    changes.extend(people::people(&file.people, &file.ladders, days)?);
    changes.extend(
        file.users
            .iter()
            .map(|user| Change::UpsertUser { user: user.clone() }),
    );
    changes.extend(people::assessments(&file.assessments, days)?);
    changes.extend(coaching::notes(&file.notes, days)?);
    changes.extend(coaching::pips(&file.pips, days)?);
    changes.extend(talent::positions(&file.positions, days)?);
    changes.extend(talent::flags(&file.flags, days)?);
    changes.extend(coaching::stay_interviews(&file.stay_interviews, days)?);
    changes.extend(talent::points(
        &file.points,
        &file.reversals,
        &file.points_rules,
        days,
    )?);
    changes.extend(talent::departures(&file.departures, days)?);
    changes.extend(quiets(&file.quiets, &changes, days)?);
    changes.extend(calibration(&file.people, days)?);
    Ok(Change::Batch {
        label: DEMO_LABEL.to_string(),
        changes,
    })
}

/// A computed flag a manager already acknowledged or snoozed, by the flag's id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuietRow {
    flag: String,
    by: String,
    acknowledged: Option<Offset>,
    snoozed_until: Option<Offset>,
}

/// The acknowledgements, each with the evidence its flag has on the load day: the flags are
/// computed on the organisation the other changes build.
fn quiets(rows: &[QuietRow], changes: &[Change], days: Days) -> Result<Vec<Change>, DemoError> {
    let mut org = Org::default();
    for change in changes {
        org.apply(change)
            .map_err(|e| DemoError::Invalid(e.to_string()))?;
    }
    let flags = compute(&org, &Rules::default(), days.today);
    rows.iter()
        .map(|row| {
            let record = format!("quiet {}", row.flag);
            let flag = flags
                .iter()
                .find(|f| f.id == row.flag)
                .ok_or_else(|| DemoError::Invalid(format!("{record}: no such flag stands")))?;
            let state = match (row.acknowledged, row.snoozed_until) {
                (Some(on), None) => QuietState::Acknowledged {
                    by: row.by.clone(),
                    on: days.at(&record, on)?,
                },
                (None, Some(until)) => QuietState::Snoozed {
                    by: row.by.clone(),
                    until: days.at(&record, until)?,
                },
                _ => {
                    return Err(DemoError::Invalid(format!(
                        "{record}: give either `acknowledged` or `snoozed_until`"
                    )));
                }
            };
            Ok(Change::QuietFlag {
                quiet: FlagQuiet {
                    flag: flag.id.to_string(),
                    fingerprint: flag.fingerprint.to_string(),
                    state,
                },
            })
        })
        .collect()
}

/// Last quarter's talent review of Design, closed: a session to read, with where everyone
/// stood, who was discussed and one decision. Nothing was moved, so the assessments stay as the
/// file gives them.
fn calibration(people: &[people::PersonRow], days: Days) -> Result<Vec<Change>, DemoError> {
    use crate::domain::assessment::Quarter;
    use crate::domain::calibration::{Calibration, CalibrationEntry, Logged};
    let record = "calibration CAL-DESIGN";
    let at = |offset: Offset, hour: u32, minute: u32| -> Result<_, DemoError> {
        let day = days.at(record, offset)?;
        Ok(day
            .and_hms_opt(hour, minute, 0)
            .map(|t| t.and_utc())
            .unwrap_or_default())
    };
    let design: Vec<&str> = people
        .iter()
        .filter(|p| p.team() == "Design")
        .map(|p| p.id())
        .collect();
    let session = Calibration {
        id: "CAL-DESIGN".into(),
        name: "Design talent review".into(),
        quarter: Quarter::of(days.today).back(1),
        teams: vec!["Design".into()],
        facilitator: "xuhui".into(),
        participants: vec!["sarah".into()],
        timebox_minutes: Some(6),
        opened: at(-40, 14, 0)?,
        closed: None,
        logged: 0,
        last_entry: None,
    };
    let log = |minute: u32, person: &str, what: Logged| -> Result<Change, DemoError> {
        Ok(Change::LogCalibration {
            entry: CalibrationEntry {
                session: session.id.clone(),
                at: at(-40, 14, minute)?,
                by: "xuhui".into(),
                person: person.into(),
                what,
            },
        })
    };
    let mut changes = vec![Change::OpenCalibration {
        session: session.clone(),
        people: design.iter().map(|id| (*id).into()).collect(),
    }];
    for (i, id) in design.iter().enumerate() {
        changes.push(log(2 + 6 * i as u32, id, Logged::Discussed)?);
    }
    if let Some(lead) = design.first() {
        changes.push(log(
            40,
            lead,
            Logged::Decision {
                text: "Ready to lead a second design team within a year; pair with Product on the roadmap"
                    .into(),
            },
        )?);
    }
    changes.push(Change::CloseCalibration {
        session: session.id.clone(),
        at: at(-40, 14, 45)?,
    });
    Ok(changes)
}

/// The whole demo file. Records that hold no dates are read straight into the domain types.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    people: Vec<people::PersonRow>,
    users: Vec<User>,
    assessments: Vec<people::AssessmentRow>,
    flags: Vec<talent::FlagRow>,
    points_rules: Vec<PointsRule>,
    points: Vec<talent::EntryRow>,
    reversals: Vec<talent::ReversalRow>,
    ladders: Vec<CareerLadder>,
    positions: Vec<talent::PositionRow>,
    notes: Vec<coaching::NoteRow>,
    pips: Vec<coaching::PipRow>,
    stay_interviews: Vec<coaching::StayRow>,
    departures: Vec<talent::DepartureRow>,
    quiets: Vec<QuietRow>,
}

/// A whole number of days from the load day, as the file writes dates.
type Offset = i64;

/// Turns the file's day offsets into dates around the load day.
#[derive(Debug, Clone, Copy)]
struct Days {
    today: NaiveDate,
}

impl Days {
    /// The date `offset` days from the load day; `record` names what it belongs to in errors.
    fn at(self, record: &str, offset: Offset) -> Result<NaiveDate, DemoError> {
        TimeDelta::try_days(offset)
            .and_then(|delta| self.today.checked_add_signed(delta))
            .ok_or_else(|| DemoError::DateOutOfRange {
                record: record.to_string(),
                offset,
                today: self.today,
            })
    }

    fn maybe(self, record: &str, offset: Option<Offset>) -> Result<Option<NaiveDate>, DemoError> {
        offset.map(|offset| self.at(record, offset)).transpose()
    }
}
