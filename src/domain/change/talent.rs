//! Planning of talent changes: succession, flags, points, ladders, departures.

use super::{Change, ChangeError, Planner};
use crate::domain::departure::Departure;
use crate::domain::flag::{ManualFlag, Subject};
use crate::domain::ids::PersonId;
use crate::domain::ladder::CareerLadder;
use crate::domain::person::{Person, Status};
use crate::domain::points::{PointsEntry, PointsRule};
use crate::domain::quiet::FlagQuiet;
use crate::domain::succession::KeyPosition;

pub(super) fn plan(change: &Change, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    match change {
        Change::UpsertPosition { position } => {
            let mut position = position.clone();
            if position.title.trim().is_empty() {
                return Err(ChangeError::Invalid(format!(
                    "key position {} needs a title",
                    position.id
                )));
            }
            position.normalise_ranks();
            put_position(position, p)?;
        }
        Change::SetIncumbent {
            position,
            incumbent,
        } => {
            let mut record = p.require::<KeyPosition>(position.as_str())?;
            record.incumbent = incumbent.clone();
            put_position(record, p)?;
        }
        Change::AddSuccessor {
            position,
            successor,
        } => {
            let mut record = p.require::<KeyPosition>(position.as_str())?;
            record.successors.push(successor.clone());
            record.normalise_ranks();
            put_position(record, p)?;
        }
        Change::SetReadiness {
            position,
            person,
            readiness,
        } => {
            let mut record = p.require::<KeyPosition>(position.as_str())?;
            let successor = record
                .successors
                .iter_mut()
                .find(|s| &s.person == person)
                .ok_or_else(|| not_on_slate(person, position.as_str()))?;
            successor.readiness = *readiness;
            put_position(record, p)?;
        }
        Change::RemoveSuccessor { position, person } => {
            let mut record = p.require::<KeyPosition>(position.as_str())?;
            let before = record.successors.len();
            record.successors.retain(|s| &s.person != person);
            if record.successors.len() == before {
                return Err(not_on_slate(person, position.as_str()));
            }
            record.normalise_ranks();
            put_position(record, p)?;
        }
        Change::RaiseFlag { flag } => {
            if flag.reason.trim().is_empty() {
                return Err(ChangeError::Invalid("a flag needs a reason".into()));
            }
            match &flag.subject {
                Subject::Person(id) => drop(p.require::<Person>(id.as_str())?),
                Subject::Position(id) => drop(p.require::<KeyPosition>(id.as_str())?),
                Subject::Team(_) => {}
            }
            p.require_absent::<ManualFlag>(flag.id.as_str())?;
            p.put(flag.clone());
        }
        Change::SetFlagState { flag, state } => {
            let mut record = p.require::<ManualFlag>(flag.as_str())?;
            record.state = state.clone();
            p.put(record);
        }
        Change::UpsertPointsRule { rule } => p.put(rule.clone()),
        Change::AwardPoints { entry } => award(entry, p)?,
        Change::ReversePoints {
            entry,
            date,
            reason,
            recorded_by,
        } => {
            let original = p.require::<PointsEntry>(entry.as_str())?;
            if original.reverses.is_some() {
                return Err(ChangeError::Invalid(format!(
                    "{entry} is itself a reversal; award the points again instead"
                )));
            }
            let id = PointsEntry::reversal_id(entry);
            if p.exists::<PointsEntry>(id.as_str())? {
                return Err(ChangeError::Invalid(format!(
                    "points entry {entry} is already reversed"
                )));
            }
            p.put(PointsEntry {
                id,
                person: original.person,
                date: *date,
                rule: original.rule,
                points: -original.points,
                reason: reason.clone(),
                reverses: Some(entry.clone()),
                recorded_by: recorded_by.clone(),
            });
        }
        Change::UpsertLadder { ladder } => {
            ladder.validate().map_err(ChangeError::Invalid)?;
            p.put::<CareerLadder>(ladder.clone());
        }
        Change::StartDeparture { departure } => {
            departure.validate().map_err(ChangeError::Invalid)?;
            let mut person = p.require::<Person>(departure.person.as_str())?;
            p.require_absent::<Departure>(departure.id.as_str())?;
            for receiver in departure.tasks.iter().filter_map(|t| t.receiver.as_ref()) {
                p.require::<Person>(receiver.as_str())?;
            }
            person.status = Status::Leaving {
                last_day: departure.last_day,
            };
            p.put(person);
            p.put(departure.clone());
        }
        Change::CompleteHandoverTask {
            departure,
            task,
            on,
        } => {
            update_task(p, departure.as_str(), *task, |t| t.done_on = Some(*on))?;
        }
        Change::ConfirmHandoverTask {
            departure,
            task,
            on,
        } => {
            update_task(p, departure.as_str(), *task, |t| t.confirmed_on = Some(*on))?;
        }
        Change::RevokeAccess {
            departure,
            revocation,
            at,
        } => {
            let mut record = p.require::<Departure>(departure.as_str())?;
            let access = record
                .revocations
                .iter_mut()
                .find(|r| r.id == *revocation)
                .ok_or_else(|| {
                    ChangeError::Invalid(format!(
                        "departure {departure} has no access {revocation}"
                    ))
                })?;
            access.revoked_at = Some(*at);
            p.put(record);
        }
        Change::SetHandoverReport { departure, report } => {
            let mut record = p.require::<Departure>(departure.as_str())?;
            record.report = report.clone();
            p.put(record);
        }
        Change::QuietFlag { quiet } => {
            if quiet.flag.trim().is_empty() {
                return Err(ChangeError::Invalid("which flag? the flag id is empty".into()));
            }
            p.put(quiet.clone());
        }
        Change::ReopenFlag { flag } => {
            p.require::<FlagQuiet>(flag)?;
            p.delete::<FlagQuiet>(flag);
        }
        _ => unreachable!("talent::plan is only called for talent changes"),
    }
    Ok(())
}

fn not_on_slate(person: &PersonId, position: &str) -> ChangeError {
    ChangeError::Invalid(format!("{person} is not on the slate of {position}"))
}

/// Checks a position's people exist and its slate is sound, then plans the write.
fn put_position(position: KeyPosition, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    position.validate().map_err(ChangeError::Invalid)?;
    if let Some(incumbent) = &position.incumbent {
        p.require::<Person>(incumbent.as_str())?;
    }
    for successor in &position.successors {
        p.require::<Person>(successor.person.as_str())?;
    }
    p.put(position);
    Ok(())
}

fn award(entry: &PointsEntry, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    if entry.reverses.is_some() {
        return Err(ChangeError::Invalid(
            "a reversing entry is made by reversing the original entry".into(),
        ));
    }
    if entry.points == 0 {
        return Err(ChangeError::Invalid(
            "an award of 0 points records nothing".into(),
        ));
    }
    p.require::<Person>(entry.person.as_str())?;
    if let Some(rule) = &entry.rule {
        p.require::<PointsRule>(rule.as_str())?;
    }
    p.require_absent::<PointsEntry>(entry.id.as_str())?;
    p.put(entry.clone());
    Ok(())
}

fn update_task(
    p: &mut Planner<'_>,
    departure: &str,
    task: u32,
    update: impl FnOnce(&mut crate::domain::departure::HandoverTask),
) -> Result<(), ChangeError> {
    let mut record = p.require::<Departure>(departure)?;
    let item = record
        .tasks
        .iter_mut()
        .find(|t| t.id == task)
        .ok_or_else(|| {
            ChangeError::Invalid(format!("departure {departure} has no handover task {task}"))
        })?;
    update(item);
    p.put(record);
    Ok(())
}
