//! Planning of the changes to people, their assessments and crewdeck's users.

use super::{Change, ChangeError, Planner};
use crate::domain::assessment::Assessment;
use crate::domain::ids::PersonId;
use crate::domain::person::Person;
use std::collections::HashSet;

pub(super) fn plan(change: &Change, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    match change {
        Change::UpsertPerson { person } => upsert_person(person, p),
        Change::SetKeyEmployee { person, key } => {
            let mut record = p.require::<Person>(person.as_str())?;
            record.key = key.clone();
            p.put(record);
            Ok(())
        }
        Change::SetStatus { person, status } => {
            let mut record = p.require::<Person>(person.as_str())?;
            record.status = *status;
            p.put(record);
            Ok(())
        }
        Change::SetFlightRisk { person, risk } => {
            let mut record = p.require::<Person>(person.as_str())?;
            record.flight_risk = risk.clone();
            p.put(record);
            Ok(())
        }
        Change::RecordAssessment { assessment } => {
            assessment.validate().map_err(ChangeError::Invalid)?;
            p.require::<Person>(assessment.person.as_str())?;
            p.put::<Assessment>(assessment.clone());
            Ok(())
        }
        Change::UpsertUser { user } => {
            if user.name.trim().is_empty() {
                return Err(ChangeError::Invalid("a user needs a name".into()));
            }
            if let Some(person) = &user.person {
                p.require::<Person>(person.as_str())?;
            }
            if let crate::domain::user::Scope::ReportsOf(person) = &user.scope {
                p.require::<Person>(person.as_str())?;
            }
            p.put(user.clone());
            Ok(())
        }
        _ => unreachable!("people::plan is only called for people changes"),
    }
}

fn upsert_person(person: &Person, p: &mut Planner<'_>) -> Result<(), ChangeError> {
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
