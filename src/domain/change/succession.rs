//! Planning of succession changes: key positions and their slates.

use super::{ChangeError, Planner};
use crate::domain::ids::{PersonId, PositionId};
use crate::domain::person::Person;
use crate::domain::succession::KeyPosition;

/// Loads a position, lets `edit` change it, and plans the write of the result.
pub(super) fn edit_position(
    p: &mut Planner<'_>,
    id: &PositionId,
    edit: impl FnOnce(&mut KeyPosition) -> Result<(), ChangeError>,
) -> Result<(), ChangeError> {
    let mut position = p.require::<KeyPosition>(id.as_str())?;
    edit(&mut position)?;
    put_position(position, p)
}

pub(super) fn upsert_position(
    position: &KeyPosition,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    if position.title.trim().is_empty() {
        return Err(ChangeError::Invalid(format!(
            "key position {} needs a title",
            position.id
        )));
    }
    put_position(position.clone(), p)
}

pub(super) fn slate_entry<'a>(
    position: &'a mut KeyPosition,
    person: &PersonId,
) -> Result<&'a mut crate::domain::succession::Successor, ChangeError> {
    let id = position.id.clone();
    position
        .successors
        .iter_mut()
        .find(|s| &s.person == person)
        .ok_or_else(|| ChangeError::Invalid(format!("{person} is not on the slate of {id}")))
}

/// Adds `successor` to the slate at its rank: those at that rank or below move down one.
pub(super) fn insert_successor(
    position: &mut KeyPosition,
    successor: &crate::domain::succession::Successor,
) {
    for other in &mut position.successors {
        if other.rank >= successor.rank {
            other.rank = other.rank.saturating_add(1);
        }
    }
    position.successors.push(successor.clone());
}

pub(super) fn remove_successor(
    position: &mut KeyPosition,
    person: &PersonId,
) -> Result<(), ChangeError> {
    slate_entry(position, person)?;
    position.successors.retain(|s| &s.person != person);
    Ok(())
}

/// Checks a position's people exist and its slate is sound, renumbers the ranks and plans the
/// write.
fn put_position(mut position: KeyPosition, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    position.normalise_ranks();
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
