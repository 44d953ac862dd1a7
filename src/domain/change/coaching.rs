//! Planning of coaching changes: GROW notes and their actions, improvement plans, stay interviews.

use super::{Change, ChangeError, Planner};
use crate::domain::grow::GrowNote;
use crate::domain::person::Person;
use crate::domain::pip::Pip;
use crate::domain::stay::StayInterview;

pub(super) fn plan(change: &Change, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    match change {
        Change::AddGrowNote { note } => {
            note.validate().map_err(ChangeError::Invalid)?;
            p.require::<Person>(note.person.as_str())?;
            p.require_absent::<GrowNote>(note.id.as_str())?;
            p.put(note.clone());
        }
        Change::UpdateGrowNote { note } => {
            note.validate().map_err(ChangeError::Invalid)?;
            let existing = p.require::<GrowNote>(note.id.as_str())?;
            if existing.person != note.person {
                return Err(ChangeError::Invalid(format!(
                    "GROW note {} is about {}; it cannot be moved to {}",
                    note.id, existing.person, note.person
                )));
            }
            p.put(note.clone());
        }
        Change::AddAction { note, action } => {
            let mut record = p.require::<GrowNote>(note.as_str())?;
            record.actions.push(action.clone());
            record.validate().map_err(ChangeError::Invalid)?;
            p.put(record);
        }
        Change::SetActionDone { note, action, done } => {
            let mut record = p.require::<GrowNote>(note.as_str())?;
            let item = record
                .actions
                .iter_mut()
                .find(|a| a.id == *action)
                .ok_or_else(|| {
                    ChangeError::Invalid(format!("GROW note {note} has no action {action}"))
                })?;
            item.done = *done;
            p.put(record);
        }
        Change::CreatePip { pip } => {
            pip.validate().map_err(ChangeError::Invalid)?;
            p.require::<Person>(pip.person.as_str())?;
            p.require_absent::<Pip>(pip.id.as_str())?;
            p.put(pip.clone());
        }
        Change::SetPipStatus {
            pip,
            status,
            end,
            outcome,
        } => {
            let mut record = p.require::<Pip>(pip.as_str())?;
            record.status = *status;
            if let Some(end) = end {
                record.end = *end;
            }
            if let Some(outcome) = outcome {
                record.outcome = outcome.clone();
            }
            record.validate().map_err(ChangeError::Invalid)?;
            p.put(record);
        }
        Change::RecordPipCheckIn { pip, checkin } => {
            let mut record = p.require::<Pip>(pip.as_str())?;
            checkin
                .validate_against(&record)
                .map_err(ChangeError::Invalid)?;
            for rating in &checkin.ratings {
                if let (Some(value), Some(goal)) = (
                    rating.value,
                    record.goals.iter_mut().find(|g| g.id == rating.goal),
                ) {
                    goal.current = value;
                }
            }
            record.checkins.push(checkin.clone());
            record.checkins.sort_by_key(|c| c.date);
            p.put(record);
        }
        Change::RecordStayInterview { interview } => {
            interview.validate().map_err(ChangeError::Invalid)?;
            p.require::<Person>(interview.person.as_str())?;
            p.require_absent::<StayInterview>(interview.id.as_str())?;
            p.put(interview.clone());
        }
        Change::SetFollowUpDone {
            interview,
            index,
            done,
        } => {
            let mut record = p.require::<StayInterview>(interview.as_str())?;
            let follow_up = record.follow_ups.get_mut(*index).ok_or_else(|| {
                ChangeError::Invalid(format!(
                    "stay interview {interview} has no follow-up {}",
                    index + 1
                ))
            })?;
            follow_up.done = *done;
            p.put(record);
        }
        _ => unreachable!("coaching::plan is only called for coaching changes"),
    }
    Ok(())
}
