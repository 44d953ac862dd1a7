//! The coaching records of the demo file: GROW notes with their actions, improvement plans with
//! their goals and check-ins, and stay interviews with their follow-ups.

use super::{Days, DemoError, Offset};
use crate::domain::Change;
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::ids::{NoteId, PersonId, PipId, StayId};
use crate::domain::pip::{
    CheckIn, Direction, GoalRating, Pip, PipGoal, PipStatus, PlanAction, Support,
};
use crate::domain::stay::{FollowUp, StayInterview};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoteRow {
    id: String,
    person: String,
    day: Offset,
    author: String,
    goal: String,
    reality: String,
    options: String,
    will: String,
    #[serde(default)]
    confidence: Option<u8>,
    #[serde(default)]
    actions: Vec<ActionRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionRow {
    id: u32,
    text: String,
    owner: String,
    #[serde(default)]
    due: Option<Offset>,
    #[serde(default)]
    done: Option<Offset>,
}

/// An improvement plan. Each goal starts at its baseline; the check-ins, recorded one by one in
/// file order, move it to the value they measured.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PipRow {
    id: String,
    person: String,
    owner: String,
    status: PipStatus,
    start: Offset,
    end: Offset,
    reason: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    supports: Vec<Support>,
    goals: Vec<GoalRow>,
    #[serde(default)]
    checkins: Vec<CheckInRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalRow {
    id: u32,
    dimension: String,
    unit: String,
    #[serde(default)]
    direction: Direction,
    target: f64,
    baseline: f64,
    root_cause: String,
    #[serde(default)]
    actions: Vec<PlanActionRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanActionRow {
    text: String,
    owner: String,
    #[serde(default)]
    due: Option<Offset>,
    #[serde(default)]
    done: Option<Offset>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInRow {
    day: Offset,
    #[serde(default)]
    note: String,
    ratings: Vec<GoalRating>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StayRow {
    id: String,
    person: String,
    day: Offset,
    interviewer: String,
    why_stay: String,
    would_leave_if: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    wants_next: String,
    follow_ups: Vec<FollowUpRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUpRow {
    text: String,
    owner: String,
    due: Offset,
    #[serde(default)]
    done: Option<Offset>,
}

/// One `AddGrowNote` per row.
pub(super) fn notes(rows: &[NoteRow], days: Days) -> Result<Vec<Change>, DemoError> {
    rows.iter()
        .map(|row| {
            let record = format!("GROW note {}", row.id);
            let actions = row
                .actions
                .iter()
                .map(|a| {
                    Ok(ActionItem {
                        id: a.id,
                        text: a.text.clone(),
                        owner: a.owner.as_str().into(),
                        due: days.maybe(&record, a.due)?,
                        done: days.maybe(&record, a.done)?,
                    })
                })
                .collect::<Result<_, DemoError>>()?;
            Ok(Change::AddGrowNote {
                note: GrowNote {
                    id: NoteId::new(&row.id),
                    person: PersonId::new(&row.person),
                    date: days.at(&record, row.day)?,
                    author: row.author.as_str().into(),
                    goal: row.goal.clone(),
                    reality: row.reality.clone(),
                    options: row.options.trim().to_string(),
                    will: row.will.clone(),
                    confidence: row.confidence,
                    actions,
                },
            })
        })
        .collect()
}

/// A `CreatePip` per plan, each followed by one `RecordPipCheckIn` per check-in.
pub(super) fn pips(rows: &[PipRow], days: Days) -> Result<Vec<Change>, DemoError> {
    let mut changes = Vec::new();
    for row in rows {
        let record = format!("improvement plan {}", row.id);
        let goals = row
            .goals
            .iter()
            .map(|goal| goal_of(goal, &record, days))
            .collect::<Result<_, _>>()?;
        changes.push(Change::CreatePip {
            pip: Pip {
                id: PipId::new(&row.id),
                person: PersonId::new(&row.person),
                owner: row.owner.clone(),
                status: row.status,
                start: days.at(&record, row.start)?,
                end: days.at(&record, row.end)?,
                reason: row.reason.clone(),
                goals,
                supports: row.supports.clone(),
                checkins: Vec::new(),
                outcome: row.outcome.clone(),
                checkin_every_days: crate::domain::pip::default_checkin_days(),
            },
        });
        for checkin in &row.checkins {
            changes.push(Change::RecordPipCheckIn {
                pip: PipId::new(&row.id),
                checkin: CheckIn {
                    date: days.at(&record, checkin.day)?,
                    note: checkin.note.clone(),
                    ratings: checkin.ratings.clone(),
                },
            });
        }
    }
    Ok(changes)
}

fn goal_of(goal: &GoalRow, record: &str, days: Days) -> Result<PipGoal, DemoError> {
    let actions = goal
        .actions
        .iter()
        .map(|a| {
            Ok(PlanAction {
                text: a.text.clone(),
                owner: a.owner.clone(),
                due: days.maybe(record, a.due)?,
                done: days.maybe(record, a.done)?,
            })
        })
        .collect::<Result<_, DemoError>>()?;
    Ok(PipGoal {
        id: goal.id,
        dimension: goal.dimension.clone(),
        unit: goal.unit.clone(),
        direction: goal.direction,
        target: goal.target,
        baseline: goal.baseline,
        current: goal.baseline,
        root_cause: goal.root_cause.clone(),
        actions,
    })
}

/// One `RecordStayInterview` per row.
pub(super) fn stay_interviews(rows: &[StayRow], days: Days) -> Result<Vec<Change>, DemoError> {
    rows.iter()
        .map(|row| {
            let record = format!("stay interview {}", row.id);
            let follow_ups = row
                .follow_ups
                .iter()
                .map(|f| {
                    Ok(FollowUp {
                        text: f.text.clone(),
                        owner: f.owner.clone(),
                        due: days.at(&record, f.due)?,
                        done: days.maybe(&record, f.done)?,
                    })
                })
                .collect::<Result<_, DemoError>>()?;
            Ok(Change::RecordStayInterview {
                interview: StayInterview {
                    id: StayId::new(&row.id),
                    person: PersonId::new(&row.person),
                    date: days.at(&record, row.day)?,
                    interviewer: row.interviewer.clone(),
                    why_stay: row.why_stay.clone(),
                    would_leave_if: row.would_leave_if.clone(),
                    notes: row.notes.clone(),
                    follow_ups,
                    wants_next: row.wants_next.clone(),
                },
            })
        })
        .collect()
}
