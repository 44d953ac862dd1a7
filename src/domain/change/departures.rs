//! Planning of departures: the handover checklist and the revocation of access.

use super::{ChangeError, Planner};
use crate::domain::departure::{Departure, HandoverTask};
use crate::domain::ids::DepartureId;
use crate::domain::person::{Person, Status};

pub(super) fn start(departure: &Departure, p: &mut Planner<'_>) -> Result<(), ChangeError> {
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
    Ok(())
}

/// Loads a departure, lets `edit` change it, and plans the write.
pub(super) fn edit(
    p: &mut Planner<'_>,
    id: &DepartureId,
    edit: impl FnOnce(&mut Departure) -> Result<(), ChangeError>,
) -> Result<(), ChangeError> {
    let mut departure = p.require::<Departure>(id.as_str())?;
    edit(&mut departure)?;
    p.put(departure);
    Ok(())
}

pub(super) fn task(departure: &mut Departure, task: u32) -> Result<&mut HandoverTask, ChangeError> {
    let id = departure.id.clone();
    departure
        .tasks
        .iter_mut()
        .find(|t| t.id == task)
        .ok_or_else(|| ChangeError::Invalid(format!("departure {id} has no handover task {task}")))
}

pub(super) fn revoke(
    departure: &mut Departure,
    revocation: u32,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), ChangeError> {
    let id = departure.id.clone();
    let access = departure
        .revocations
        .iter_mut()
        .find(|r| r.id == revocation)
        .ok_or_else(|| {
            ChangeError::Invalid(format!("departure {id} has no access {revocation}"))
        })?;
    access.revoked_at = Some(at);
    Ok(())
}
