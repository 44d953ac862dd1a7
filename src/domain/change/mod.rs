//! `Change`: every mutation crewdeck can make, as one serialisable value.
//!
//! The same value is applied by the store (with its audit record), recorded in the audit trail,
//! inverted by undo and sent to the shared-server daemon. Applying a change first *plans* it
//! against a read-only view of the records, which checks every rule and yields the records to
//! write; nothing is written unless the whole plan succeeds.

mod calibration;
mod coaching;
mod departures;
mod ledger;
mod people;
mod planner;
mod succession;
#[cfg(test)]
mod tests;

pub use calibration::QUARTERS_BACK;
pub use planner::{Planner, Write};

use super::assessment::Assessment;
use super::calibration::{Calibration, CalibrationEntry};
use super::departure::Departure;
use super::flag::{FlagState, ManualFlag};
use super::grow::{ActionItem, GrowNote};
use super::ids::{
    CalibrationId, DepartureId, EntryId, FlagId, NoteId, PersonId, PipId, PositionId, StayId,
};
use super::ladder::CareerLadder;
use super::person::{FlightRisk, KeyMark, Person, Status};
use super::pip::{CheckIn, Pip, PipStatus};
use super::points::{PointsEntry, PointsRule};
use super::quiet::FlagQuiet;
use super::record::RecordView;
use super::stay::StayInterview;
use super::succession::{KeyPosition, Readiness, Successor};
use super::user::User;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One mutation of the organisation's records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    /// Adds a person or replaces the one with the same id.
    UpsertPerson {
        person: Person,
    },
    /// Marks or unmarks a key employee.
    SetKeyEmployee {
        person: PersonId,
        key: Option<KeyMark>,
    },
    SetStatus {
        person: PersonId,
        status: Status,
    },
    /// Records (or clears) the leaving stage a manager sees.
    SetFlightRisk {
        person: PersonId,
        risk: Option<FlightRisk>,
    },
    /// Adds or replaces the assessment of one person for one quarter.
    RecordAssessment {
        assessment: Assessment,
    },
    AddGrowNote {
        note: GrowNote,
    },
    /// Replaces the text and actions of an existing note.
    UpdateGrowNote {
        note: GrowNote,
    },
    AddAction {
        note: NoteId,
        action: ActionItem,
    },
    /// Marks an action done on a day, or open again with `None`.
    SetActionDone {
        note: NoteId,
        action: u32,
        done: Option<NaiveDate>,
    },
    CreatePip {
        pip: Pip,
    },
    /// Moves a plan to a new status, optionally with a new end date and an outcome.
    SetPipStatus {
        pip: PipId,
        status: PipStatus,
        end: Option<NaiveDate>,
        outcome: Option<String>,
    },
    /// Marks an action of an improvement-plan goal done on a day, or open again with `None`.
    /// `action` is the action's place in the goal's list, from 0.
    SetPlanActionDone {
        pip: PipId,
        goal: u32,
        action: u32,
        done: Option<NaiveDate>,
    },
    /// Records a check-in; each rated goal with a value gets it as its current value.
    RecordPipCheckIn {
        pip: PipId,
        checkin: CheckIn,
    },
    /// Adds a key position or replaces the one with the same id.
    UpsertPosition {
        position: KeyPosition,
    },
    SetIncumbent {
        position: PositionId,
        incumbent: Option<PersonId>,
    },
    AddSuccessor {
        position: PositionId,
        successor: Successor,
    },
    SetReadiness {
        position: PositionId,
        person: PersonId,
        readiness: Readiness,
    },
    RemoveSuccessor {
        position: PositionId,
        person: PersonId,
    },
    RaiseFlag {
        flag: ManualFlag,
    },
    SetFlagState {
        flag: FlagId,
        state: FlagState,
    },
    RecordStayInterview {
        interview: StayInterview,
    },
    SetFollowUpDone {
        interview: StayId,
        index: usize,
        done: Option<NaiveDate>,
    },
    UpsertPointsRule {
        rule: PointsRule,
    },
    /// Appends an entry to the points ledger.
    AwardPoints {
        entry: PointsEntry,
    },
    /// Appends the entry that cancels `entry`; the ledger itself never changes.
    ReversePoints {
        entry: EntryId,
        date: NaiveDate,
        reason: String,
        recorded_by: String,
    },
    UpsertLadder {
        ladder: CareerLadder,
    },
    /// Opens the handover checklist and marks the person as leaving.
    StartDeparture {
        departure: Departure,
    },
    CompleteHandoverTask {
        departure: DepartureId,
        task: u32,
        on: NaiveDate,
    },
    /// The receiver confirms they have taken the handover over.
    ConfirmHandoverTask {
        departure: DepartureId,
        task: u32,
        on: NaiveDate,
    },
    RevokeAccess {
        departure: DepartureId,
        revocation: u32,
        at: DateTime<Utc>,
    },
    SetHandoverReport {
        departure: DepartureId,
        report: String,
    },
    /// Adds a user or replaces the one with the same name. The first user must be an admin.
    UpsertUser {
        user: User,
    },
    /// Removes a user; the last admin cannot be removed.
    RemoveUser {
        name: String,
    },
    /// Acknowledges or snoozes a computed flag.
    QuietFlag {
        quiet: FlagQuiet,
    },
    /// Lets an acknowledged or snoozed computed flag speak again.
    ReopenFlag {
        flag: String,
    },
    /// Opens a calibration session: where each of `people` stands is written down as its
    /// log's first entries.
    OpenCalibration {
        session: Calibration,
        people: Vec<PersonId>,
    },
    /// Appends an entry to a calibration session's log: a move (which sets the person's
    /// assessment of the session's quarter), the undo of a move, a person discussed, a decision.
    LogCalibration {
        entry: CalibrationEntry,
    },
    /// Closes a calibration session: its log takes no more entries.
    CloseCalibration {
        session: CalibrationId,
        at: DateTime<Utc>,
    },
    /// Undoes an earlier change: puts back what it replaced, provided nothing has changed those
    /// records since. The points ledger is never undone this way: reverse the entry instead.
    Revert {
        seq: u64,
        diffs: Vec<super::audit::Diff>,
    },
    /// Several changes applied together, all or none: a roster import, the demo load.
    Batch {
        label: String,
        changes: Vec<Change>,
    },
}

/// Plans putting back every record `diffs` changed, last first.
fn revert(seq: u64, diffs: &[super::audit::Diff], p: &mut Planner<'_>) -> Result<(), ChangeError> {
    for diff in diffs.iter().rev() {
        if matches!(
            diff.kind,
            super::record::Kind::CalibrationEntry | super::record::Kind::Calibration
        ) {
            return Err(ChangeError::Invalid(format!(
                "change {seq} is in a calibration session's log, which keeps everything; undo the move in the session instead"
            )));
        }
        if diff.kind == super::record::Kind::PointsEntry {
            return Err(ChangeError::Invalid(format!(
                "change {seq} touched the points ledger, which is never undone; reverse the entry instead"
            )));
        }
        if p.record(diff.kind, &diff.key)? != diff.after {
            return Err(ChangeError::Invalid(format!(
                "{} {} has changed since change {seq}; undoing it would lose that",
                diff.kind.label(),
                diff.key
            )));
        }
        p.write_record(diff.kind, &diff.key, diff.before.clone());
    }
    Ok(())
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("no {kind} {id}")]
    NotFound { kind: &'static str, id: String },
    #[error("{kind} {id} already exists")]
    AlreadyExists { kind: &'static str, id: String },
    #[error("{0}")]
    Invalid(String),
    #[error("could not read the database: {0}")]
    Read(String),
    /// The user may not make this change (see `crate::auth`).
    #[error("not allowed: {0}")]
    Forbidden(String),
}

impl Change {
    /// Checks the change against `view` and returns the records it would write.
    pub fn plan(&self, view: &dyn RecordView) -> Result<Vec<Write>, ChangeError> {
        let mut planner = Planner::new(view);
        self.plan_into(&mut planner)?;
        Ok(planner.finish())
    }

    /// Plans this change on top of what `p` has planned already. Every variant is listed, so a
    /// new one cannot be forgotten.
    pub(crate) fn plan_into(&self, p: &mut Planner<'_>) -> Result<(), ChangeError> {
        use Change::*;
        match self {
            UpsertPerson { person } => people::upsert_person(person, p),
            SetKeyEmployee { person, key } => {
                people::edit_person(p, person, |r| r.key = key.clone())
            }
            SetStatus { person, status } => people::edit_person(p, person, |r| r.status = *status),
            SetFlightRisk { person, risk } => {
                people::edit_person(p, person, |r| r.flight_risk = risk.clone())
            }
            RecordAssessment { assessment } => people::record_assessment(assessment, p),
            UpsertUser { user } => people::upsert_user(user, p),
            RemoveUser { name } => people::remove_user(name, p),
            AddGrowNote { note } => coaching::add_note(note, p),
            UpdateGrowNote { note } => coaching::update_note(note, p),
            AddAction { note, action } => coaching::add_action(note, action, p),
            SetActionDone { note, action, done } => {
                coaching::set_action_done(note, *action, *done, p)
            }
            CreatePip { pip } => coaching::create_pip(pip, p),
            SetPipStatus {
                pip,
                status,
                end,
                outcome,
            } => coaching::set_pip_status(pip, *status, *end, outcome.as_ref(), p),
            RecordPipCheckIn { pip, checkin } => coaching::record_checkin(pip, checkin, p),
            SetPlanActionDone {
                pip,
                goal,
                action,
                done,
            } => coaching::set_plan_action_done(pip, *goal, *action, *done, p),
            RecordStayInterview { interview } => coaching::record_stay_interview(interview, p),
            SetFollowUpDone {
                interview,
                index,
                done,
            } => coaching::set_follow_up_done(interview, *index, *done, p),
            UpsertPosition { position } => succession::upsert_position(position, p),
            SetIncumbent {
                position,
                incumbent,
            } => succession::edit_position(p, position, |r| {
                r.incumbent = incumbent.clone();
                Ok(())
            }),
            AddSuccessor {
                position,
                successor,
            } => succession::edit_position(p, position, |r| {
                succession::insert_successor(r, successor);
                Ok(())
            }),
            SetReadiness {
                position,
                person,
                readiness,
            } => succession::edit_position(p, position, |r| {
                succession::slate_entry(r, person)?.readiness = *readiness;
                Ok(())
            }),
            RemoveSuccessor { position, person } => {
                succession::edit_position(p, position, |r| succession::remove_successor(r, person))
            }
            RaiseFlag { flag } => ledger::raise_flag(flag, p),
            SetFlagState { flag, state } => {
                let mut record = p.require::<ManualFlag>(flag.as_str())?;
                record.state = state.clone();
                p.put(record);
                Ok(())
            }
            QuietFlag { quiet } => ledger::quiet_flag(quiet, p),
            ReopenFlag { flag } => ledger::reopen_flag(flag, p),
            UpsertPointsRule { rule } => {
                p.put(rule.clone());
                Ok(())
            }
            AwardPoints { entry } => ledger::award(entry, p),
            ReversePoints {
                entry,
                date,
                reason,
                recorded_by,
            } => ledger::reverse(entry, *date, reason, recorded_by, p),
            UpsertLadder { ladder } => {
                ladder.validate().map_err(ChangeError::Invalid)?;
                p.put(ladder.clone());
                Ok(())
            }
            StartDeparture { departure } => departures::start(departure, p),
            CompleteHandoverTask {
                departure,
                task,
                on,
            } => departures::edit(p, departure, |d| {
                departures::task(d, *task)?.done_on = Some(*on);
                Ok(())
            }),
            ConfirmHandoverTask {
                departure,
                task,
                on,
            } => departures::edit(p, departure, |d| {
                departures::task(d, *task)?.confirmed_on = Some(*on);
                Ok(())
            }),
            RevokeAccess {
                departure,
                revocation,
                at,
            } => departures::edit(p, departure, |d| departures::revoke(d, *revocation, *at)),
            SetHandoverReport { departure, report } => departures::edit(p, departure, |d| {
                d.report = report.clone();
                Ok(())
            }),
            OpenCalibration { session, people } => calibration::open(session, people, p),
            LogCalibration { entry } => calibration::log(entry, p),
            CloseCalibration { session, at } => calibration::close(session, *at, p),
            Revert { seq, diffs } => revert(*seq, diffs, p),
            Batch { label, changes } => {
                for (i, change) in changes.iter().enumerate() {
                    change.plan_into(p).map_err(|e| {
                        ChangeError::Invalid(format!(
                            "{label}, change {} of {}: {e}",
                            i + 1,
                            changes.len()
                        ))
                    })?;
                }
                Ok(())
            }
        }
    }

    /// One line saying what the change does, for the audit trail.
    pub fn summary(&self) -> String {
        use Change::*;
        match self {
            UpsertPerson { person } => {
                format!("add or update person {} ({})", person.id, person.name)
            }
            SetKeyEmployee { person, key } => match key {
                Some(_) => format!("mark {person} as a key employee"),
                None => format!("unmark {person} as a key employee"),
            },
            SetStatus { person, status } => format!("set status of {person} to {}", status.label()),
            SetFlightRisk { person, risk } => match risk {
                Some(r) => format!(
                    "record flight-risk stage \"{}\" for {person}",
                    r.stage.label()
                ),
                None => format!("clear flight-risk stage of {person}"),
            },
            RecordAssessment { assessment } => format!(
                "record {} assessment of {}",
                assessment.quarter, assessment.person
            ),
            AddGrowNote { note } => format!("add GROW note {} for {}", note.id, note.person),
            UpdateGrowNote { note } => format!("update GROW note {}", note.id),
            AddAction { note, action } => format!("add action {} to GROW note {note}", action.id),
            SetActionDone { note, action, done } => match done {
                Some(day) => format!("mark action {action} of {note} done on {day}"),
                None => format!("reopen action {action} of {note}"),
            },
            CreatePip { pip } => format!("create improvement plan {} for {}", pip.id, pip.person),
            SetPipStatus { pip, status, .. } => format!("set improvement plan {pip} to {status:?}"),
            SetPlanActionDone {
                pip,
                goal,
                action,
                done,
            } => match done {
                Some(day) => format!(
                    "mark action {} of goal {goal} of improvement plan {pip} done on {day}",
                    action + 1
                ),
                None => format!(
                    "reopen action {} of goal {goal} of improvement plan {pip}",
                    action + 1
                ),
            },
            RecordPipCheckIn { pip, checkin } => {
                format!(
                    "record check-in of {} on improvement plan {pip}",
                    checkin.date
                )
            }
            UpsertPosition { position } => format!("add or update key position {}", position.id),
            SetIncumbent {
                position,
                incumbent,
            } => match incumbent {
                Some(person) => format!("make {person} the incumbent of {position}"),
                None => format!("leave {position} without an incumbent"),
            },
            AddSuccessor {
                position,
                successor,
            } => {
                format!("add {} as successor for {position}", successor.person)
            }
            SetReadiness {
                position,
                person,
                readiness,
            } => format!(
                "set readiness of {person} for {position} to {}",
                readiness.label()
            ),
            RemoveSuccessor { position, person } => {
                format!("remove {person} from the slate of {position}")
            }
            RaiseFlag { flag } => format!("raise flag {} on {}", flag.id, flag.subject),
            SetFlagState { flag, state } => format!("set flag {flag} to {}", state.label()),
            RecordStayInterview { interview } => {
                format!(
                    "record stay interview {} with {}",
                    interview.id, interview.person
                )
            }
            SetFollowUpDone {
                interview, index, ..
            } => {
                format!(
                    "update follow-up {} of stay interview {interview}",
                    index + 1
                )
            }
            UpsertPointsRule { rule } => format!("add or update points rule {}", rule.id),
            AwardPoints { entry } => {
                format!(
                    "award {} points to {} ({})",
                    entry.points, entry.person, entry.id
                )
            }
            ReversePoints { entry, .. } => format!("reverse points entry {entry}"),
            UpsertLadder { ladder } => format!("add or update career ladder {}", ladder.id),
            StartDeparture { departure } => format!(
                "start departure {} of {} (last day {})",
                departure.id, departure.person, departure.last_day
            ),
            CompleteHandoverTask {
                departure, task, ..
            } => {
                format!("complete handover task {task} of {departure}")
            }
            ConfirmHandoverTask {
                departure, task, ..
            } => {
                format!("confirm handover task {task} of {departure}")
            }
            RevokeAccess {
                departure,
                revocation,
                ..
            } => {
                format!("revoke access {revocation} of {departure}")
            }
            SetHandoverReport { departure, .. } => format!("write handover report of {departure}"),
            UpsertUser { user } => format!("add or update user {}", user.name),
            RemoveUser { name } => format!("remove user {name}"),
            QuietFlag { quiet } => format!("{} flag {}", quiet.state.label(), quiet.flag),
            ReopenFlag { flag } => format!("reopen flag {flag}"),
            OpenCalibration { session, people } => format!(
                "open calibration session {} ({}) with {} people",
                session.id,
                session.name,
                people.len()
            ),
            LogCalibration { entry } => {
                use super::calibration::Logged;
                let (session, person) = (&entry.session, &entry.person);
                match &entry.what {
                    Logged::Before { .. } => format!("place {person} in calibration {session}"),
                    Logged::Move { from, to, .. } => format!(
                        "move {person} from {} to {} in calibration {session}",
                        from.name(),
                        to.name()
                    ),
                    Logged::Undo { .. } => {
                        format!("undo the move of {person} in calibration {session}")
                    }
                    Logged::Discussed => format!("discuss {person} in calibration {session}"),
                    Logged::Decision { .. } => {
                        format!("record a decision about {person} in calibration {session}")
                    }
                }
            }
            CloseCalibration { session, .. } => format!("close calibration session {session}"),
            Revert { seq, .. } => format!("undo change {seq}"),
            Batch { label, changes } => match changes.len() {
                // A label alone: what stands in for a change shown only in part.
                0 => label.clone(),
                1 => format!("{label} (1 change)"),
                n => format!("{label} ({n} changes)"),
            },
        }
    }
}
