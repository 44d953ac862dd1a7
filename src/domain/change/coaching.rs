//! Planning of coaching changes: GROW notes and their actions, improvement plans, stay interviews.

use super::{ChangeError, Planner};
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::ids::{NoteId, PipId, StayId};
use crate::domain::person::Person;
use crate::domain::pip::{CheckIn, Pip, PipStatus};
use crate::domain::stay::StayInterview;
use chrono::NaiveDate;

pub(super) fn add_note(note: &GrowNote, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    note.validate().map_err(ChangeError::Invalid)?;
    p.require::<Person>(note.person.as_str())?;
    p.require_absent::<GrowNote>(note.id.as_str())?;
    p.put(note.clone());
    Ok(())
}

pub(super) fn update_note(note: &GrowNote, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    note.validate().map_err(ChangeError::Invalid)?;
    let existing = p.require::<GrowNote>(note.id.as_str())?;
    if existing.person != note.person {
        return Err(ChangeError::Invalid(format!(
            "GROW note {} is about {}; it cannot be moved to {}",
            note.id, existing.person, note.person
        )));
    }
    p.put(note.clone());
    Ok(())
}

pub(super) fn add_action(
    note: &NoteId,
    action: &ActionItem,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let mut record = p.require::<GrowNote>(note.as_str())?;
    record.actions.push(action.clone());
    record.validate().map_err(ChangeError::Invalid)?;
    p.put(record);
    Ok(())
}

pub(super) fn set_action_done(
    note: &NoteId,
    action: u32,
    done: Option<NaiveDate>,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let mut record = p.require::<GrowNote>(note.as_str())?;
    let item = record
        .actions
        .iter_mut()
        .find(|a| a.id == action)
        .ok_or_else(|| ChangeError::Invalid(format!("GROW note {note} has no action {action}")))?;
    item.done = done;
    p.put(record);
    Ok(())
}

pub(super) fn create_pip(pip: &Pip, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    pip.validate().map_err(ChangeError::Invalid)?;
    p.require::<Person>(pip.person.as_str())?;
    p.require_absent::<Pip>(pip.id.as_str())?;
    p.put(pip.clone());
    Ok(())
}

pub(super) fn set_pip_status(
    pip: &PipId,
    status: PipStatus,
    end: Option<NaiveDate>,
    outcome: Option<&String>,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let mut record = p.require::<Pip>(pip.as_str())?;
    record.status = status;
    if let Some(end) = end {
        record.end = end;
    }
    if let Some(outcome) = outcome {
        record.outcome = outcome.clone();
    }
    record.validate().map_err(ChangeError::Invalid)?;
    p.put(record);
    Ok(())
}

/// Marks the `action`-th action (from 0) of goal `goal` of a plan done, or open again.
pub(super) fn set_plan_action_done(
    pip: &PipId,
    goal: u32,
    action: u32,
    done: Option<NaiveDate>,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let mut record = p.require::<Pip>(pip.as_str())?;
    let item = record
        .goals
        .iter_mut()
        .find(|g| g.id == goal)
        .and_then(|g| g.actions.get_mut(action as usize))
        .ok_or_else(|| {
            ChangeError::Invalid(format!(
                "improvement plan {pip} has no action {} under goal {goal}",
                action + 1
            ))
        })?;
    item.done = done;
    p.put(record);
    Ok(())
}

/// Records a check-in; each rated goal with a measured value takes it as its current value.
pub(super) fn record_checkin(
    pip: &PipId,
    checkin: &CheckIn,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
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
    Ok(())
}

pub(super) fn record_stay_interview(
    interview: &StayInterview,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    interview.validate().map_err(ChangeError::Invalid)?;
    p.require::<Person>(interview.person.as_str())?;
    p.require_absent::<StayInterview>(interview.id.as_str())?;
    p.put(interview.clone());
    Ok(())
}

pub(super) fn set_follow_up_done(
    interview: &StayId,
    index: usize,
    done: Option<NaiveDate>,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let mut record = p.require::<StayInterview>(interview.as_str())?;
    let follow_up = record.follow_ups.get_mut(index).ok_or_else(|| {
        ChangeError::Invalid(format!(
            "stay interview {interview} has no follow-up {}",
            index + 1
        ))
    })?;
    follow_up.done = done;
    p.put(record);
    Ok(())
}
