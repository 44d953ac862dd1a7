//! Planning of the points ledger (append-only: corrections are reversing entries), its rules,
//! career ladders, and manual flags with the acknowledgements of computed ones.

use super::{ChangeError, Planner};
use crate::domain::flag::{ManualFlag, Subject};
use crate::domain::ids::EntryId;
use crate::domain::person::Person;
use crate::domain::points::{PointsEntry, PointsRule};
use crate::domain::quiet::FlagQuiet;
use crate::domain::succession::KeyPosition;
use chrono::NaiveDate;

pub(super) fn award(entry: &PointsEntry, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    if entry.reverses.is_some() || entry.id == PointsEntry::reversal_id(&reversed_of(&entry.id)) {
        return Err(ChangeError::Invalid(
            "a reversing entry is made by reversing the original entry".into(),
        ));
    }
    if entry.points == 0 || entry.points == i32::MIN {
        return Err(ChangeError::Invalid(format!(
            "an award of {} points cannot be recorded",
            entry.points
        )));
    }
    p.require::<Person>(entry.person.as_str())?;
    if let Some(rule) = &entry.rule {
        p.require::<PointsRule>(rule.as_str())?;
    }
    p.require_absent::<PointsEntry>(entry.id.as_str())?;
    p.put(entry.clone());
    Ok(())
}

/// The entry an id of the reversal form names (`X~reversal` names `X`); other ids name themselves.
fn reversed_of(id: &EntryId) -> EntryId {
    let suffix = PointsEntry::reversal_id(&EntryId::from("")).0;
    EntryId::from(
        id.as_str()
            .strip_suffix(suffix.as_str())
            .unwrap_or(id.as_str()),
    )
}

pub(super) fn reverse(
    entry: &EntryId,
    date: NaiveDate,
    reason: &str,
    recorded_by: &str,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
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
    let points = original
        .points
        .checked_neg()
        .ok_or_else(|| ChangeError::Invalid(format!("{entry} cannot be reversed")))?;
    p.put(PointsEntry {
        id,
        person: original.person,
        date,
        rule: original.rule,
        points,
        reason: reason.into(),
        reverses: Some(entry.clone()),
        recorded_by: recorded_by.into(),
    });
    Ok(())
}

pub(super) fn raise_flag(flag: &ManualFlag, p: &mut Planner<'_>) -> Result<(), ChangeError> {
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
    Ok(())
}

pub(super) fn quiet_flag(quiet: &FlagQuiet, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    if quiet.flag.trim().is_empty() {
        return Err(ChangeError::Invalid(
            "which flag? the flag id is empty".into(),
        ));
    }
    p.put(quiet.clone());
    Ok(())
}

pub(super) fn reopen_flag(flag: &str, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    p.require::<FlagQuiet>(flag)?;
    p.delete::<FlagQuiet>(flag);
    Ok(())
}
