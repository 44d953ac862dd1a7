//! Planning of the changes to people, their assessments and crewdeck's users.

use super::{ChangeError, Planner};
use crate::domain::assessment::Assessment;
use crate::domain::ids::PersonId;
use crate::domain::person::Person;
use crate::domain::record::{Kind, Record};
use crate::domain::user::{Scope, User};
use std::collections::HashSet;

/// Loads a person, lets `edit` change them, and plans the write.
pub(super) fn edit_person(
    p: &mut Planner<'_>,
    id: &PersonId,
    edit: impl FnOnce(&mut Person),
) -> Result<(), ChangeError> {
    let mut person = p.require::<Person>(id.as_str())?;
    edit(&mut person);
    p.put(person);
    Ok(())
}

pub(super) fn record_assessment(
    assessment: &Assessment,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    assessment.validate().map_err(ChangeError::Invalid)?;
    p.require::<Person>(assessment.person.as_str())?;
    p.put(assessment.clone());
    Ok(())
}

pub(super) fn upsert_user(user: &User, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    if user.name.trim().is_empty() {
        return Err(ChangeError::Invalid("a user needs a name".into()));
    }
    if let Some(person) = &user.person {
        p.require::<Person>(person.as_str())?;
    }
    if let Scope::ReportsOf(person) = &user.scope {
        p.require::<Person>(person.as_str())?;
    }
    p.put(user.clone());
    keep_an_admin(p)
}

pub(super) fn remove_user(name: &str, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    p.require::<User>(name)?;
    p.delete::<User>(name);
    keep_an_admin(p)
}

/// Once users exist one of them must be an admin, or nobody could add or change a user again:
/// the first user is an admin, and the last admin is neither removed nor made something else.
fn keep_an_admin(p: &Planner<'_>) -> Result<(), ChangeError> {
    let users = p.every(Kind::User)?;
    let admin = users
        .iter()
        .any(|r| matches!(r, Record::User(u) if u.role == crate::domain::user::Role::Admin));
    if users.is_empty() || admin {
        return Ok(());
    }
    Err(ChangeError::Invalid(
        "there must be an admin among the users: the first user is an admin, and the last admin stays one"
            .into(),
    ))
}

pub(super) fn upsert_person(person: &Person, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    if person.id.as_str().trim().is_empty() {
        return Err(ChangeError::Invalid("a person needs an id".into()));
    }
    if person.name.trim().is_empty() {
        return Err(ChangeError::Invalid(format!(
            "person {} needs a name",
            person.id
        )));
    }
    if person.pay_percentile.is_some_and(|pct| pct > 100) {
        return Err(ChangeError::Invalid(format!(
            "pay percentile of {} must be 0 to 100",
            person.id
        )));
    }
    for (field, reference) in [
        ("manager", &person.manager),
        ("referrer", &person.referred_by),
    ] {
        if let Some(other) = reference {
            if other == &person.id {
                return Err(ChangeError::Invalid(format!(
                    "{} cannot be their own {field}",
                    person.id
                )));
            }
            if !p.exists::<Person>(other.as_str())? {
                return Err(ChangeError::Invalid(format!(
                    "{field} {other} of {} is not in the organisation",
                    person.id
                )));
            }
        }
    }
    let existing = p.get::<Person>(person.id.as_str())?;
    // A new person cannot close a cycle: nobody can name them as manager yet. Only a change of
    // manager of someone already there needs the walk up the chain.
    if let (Some(existing), Some(manager)) = (&existing, &person.manager) {
        if existing.manager.as_ref() != Some(manager) {
            refuse_cycle(&person.id, manager, p)?;
        }
    }
    p.put(person.clone());
    Ok(())
}

/// Walks up from `manager`; reaching `person` means the new manager would close a cycle.
fn refuse_cycle(person: &PersonId, manager: &PersonId, p: &Planner<'_>) -> Result<(), ChangeError> {
    let mut seen = HashSet::new();
    let mut current = Some(manager.clone());
    while let Some(id) = current {
        if &id == person {
            return Err(ChangeError::Invalid(format!(
                "making {manager} the manager of {person} would put {person} above themselves"
            )));
        }
        if !seen.insert(id.clone()) {
            break; // an existing cycle elsewhere; `crewdeck check` reports it
        }
        current = p.get::<Person>(id.as_str())?.and_then(|up| up.manager);
    }
    Ok(())
}
