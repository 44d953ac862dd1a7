//! The roster of the demo file (people with their key marks, leaving stages and pay) and the
//! quarterly assessments.

use super::{Days, DemoError, Offset};
use crate::domain::Change;
use crate::domain::assessment::{Assessment, Band, Quarter};
use crate::domain::ids::PersonId;
use crate::domain::ladder::CareerLadder;
use crate::domain::person::{
    FlightRisk, HireChannel, KeyMark, LeavingStage, Person, Status, Track,
};
use serde::Deserialize;

/// One person. The track is the one of the ladder the level is on, unless given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonRow {
    id: String,
    name: String,
    title: String,
    team: String,
    #[serde(default)]
    manager: Option<String>,
    level: String,
    #[serde(default)]
    track: Option<Track>,
    location: String,
    hired: Offset,
    channel: HireChannel,
    #[serde(default)]
    referred_by: Option<String>,
    #[serde(default)]
    key: Option<KeyRow>,
    #[serde(default)]
    risk: Option<RiskRow>,
    /// Market pay percentile.
    #[serde(default)]
    pay: Option<u8>,
    #[serde(default)]
    on_leave: bool,
    /// Their mentor's id.
    #[serde(default)]
    mentor: Option<String>,
    /// Rotations: where, and from and to as days from today.
    #[serde(default)]
    rotations: Vec<RotationRow>,
}

impl PersonRow {
    pub(super) fn id(&self) -> &str {
        &self.id
    }

    pub(super) fn team(&self) -> &str {
        &self.team
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RotationRow {
    place: String,
    from: Offset,
    #[serde(default)]
    to: Option<Offset>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyRow {
    reason: String,
    since: Offset,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskRow {
    stage: LeavingStage,
    noted: Offset,
    #[serde(default)]
    note: String,
}

/// One quarterly assessment; `quarter` counts quarters back from the load day's quarter.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssessmentRow {
    person: String,
    quarter: i32,
    ability: u8,
    contribution: u8,
    influence: u8,
    /// Performance, then potential.
    nine_box: [Band; 2],
    engagement: u8,
    #[serde(default)]
    kpi: Option<u16>,
    #[serde(default)]
    leave_days: Option<u16>,
    #[serde(default)]
    note: String,
}

/// One `UpsertPerson` per row, in file order (managers and referrers first).
pub(super) fn people(
    rows: &[PersonRow],
    ladders: &[CareerLadder],
    days: Days,
) -> Result<Vec<Change>, DemoError> {
    rows.iter()
        .map(|row| {
            Ok(Change::UpsertPerson {
                person: person(row, ladders, days)?,
            })
        })
        .collect()
}

fn person(row: &PersonRow, ladders: &[CareerLadder], days: Days) -> Result<Person, DemoError> {
    let record = format!("person {}", row.id);
    let track = match row.track {
        Some(track) => track,
        None => track_of(&row.level, ladders).ok_or_else(|| DemoError::UnknownLevel {
            person: row.id.clone(),
            level: row.level.as_str().into(),
        })?,
    };
    let key = match &row.key {
        Some(key) => Some(KeyMark {
            reason: key.reason.clone(),
            since: days.at(&record, key.since)?,
        }),
        None => None,
    };
    let flight_risk = match &row.risk {
        Some(risk) => Some(FlightRisk {
            stage: risk.stage,
            noted_on: days.at(&record, risk.noted)?,
            note: risk.note.clone(),
        }),
        None => None,
    };
    Ok(Person {
        id: PersonId::new(&row.id),
        name: row.name.as_str().into(),
        title: row.title.as_str().into(),
        team: row.team.as_str().into(),
        manager: row.manager.as_deref().map(PersonId::from),
        level: row.level.as_str().into(),
        track: Some(track),
        location: row.location.as_str().into(),
        hire_date: Some(days.at(&record, row.hired)?),
        hire_channel: Some(row.channel),
        referred_by: row.referred_by.as_deref().map(PersonId::from),
        key,
        status: if row.on_leave {
            Status::OnLeave
        } else {
            Status::Active
        },
        flight_risk,
        pay_percentile: row.pay,
        development: development(row, days, &record)?,
    })
}

/// A row's mentor and rotations, if it has either.
fn development(
    row: &PersonRow,
    days: Days,
    record: &str,
) -> Result<Option<Box<crate::domain::person::Development>>, DemoError> {
    if row.mentor.is_none() && row.rotations.is_empty() {
        return Ok(None);
    }
    let rotations = row
        .rotations
        .iter()
        .map(|r| {
            Ok(crate::domain::person::Rotation {
                place: r.place.clone(),
                from: days.at(record, r.from)?,
                to: days.maybe(record, r.to)?,
            })
        })
        .collect::<Result<_, DemoError>>()?;
    Ok(Some(Box::new(crate::domain::person::Development {
        mentor: row.mentor.as_deref().map(PersonId::from),
        rotations,
    })))
}

/// The track of the ladder that has the level `code`.
fn track_of(code: &str, ladders: &[CareerLadder]) -> Option<Track> {
    ladders
        .iter()
        .find(|ladder| ladder.levels.iter().any(|level| level.code == code))
        .map(|ladder| ladder.track)
}

/// One `RecordAssessment` per row.
pub(super) fn assessments(rows: &[AssessmentRow], days: Days) -> Result<Vec<Change>, DemoError> {
    let current = Quarter::of(days.today);
    rows.iter()
        .map(|row| {
            let back =
                u32::try_from(-i64::from(row.quarter)).map_err(|_| DemoError::FutureQuarter {
                    record: format!("assessment of {}", row.person),
                    offset: row.quarter,
                })?;
            let [performance, potential] = row.nine_box;
            Ok(Change::RecordAssessment {
                assessment: Assessment {
                    person: PersonId::new(&row.person),
                    quarter: current.back(back),
                    ability: row.ability,
                    contribution: row.contribution,
                    influence: row.influence,
                    performance,
                    potential,
                    engagement: row.engagement,
                    kpi_attainment: row.kpi,
                    leave_days: row.leave_days,
                    note: row.note.clone(),
                },
            })
        })
        .collect()
}
