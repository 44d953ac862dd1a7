//! Planning of calibration sessions: opening one (where everyone stands is written down), each
//! entry of its log (a move sets the person's assessment of the session's quarter; an undo puts
//! it back), and closing it.

use super::{ChangeError, Planner};
use crate::domain::assessment::{Assessment, Quarter};
use crate::domain::calibration::{Calibration, CalibrationEntry, Logged};
use crate::domain::ids::{CalibrationId, PersonId};
use crate::domain::insight::talent::NineBox;
use crate::domain::person::Person;
use crate::domain::record::{Kind, Record};
use chrono::{DateTime, Utc};

/// How many quarters back a placement is looked for when the session's quarter has none: two
/// years, past which a placement says little about today.
pub const QUARTERS_BACK: u32 = 8;

/// The assessment that places `person` for `quarter`: that quarter's, or the latest of the
/// [`QUARTERS_BACK`] before it.
pub(crate) fn placing(
    p: &Planner<'_>,
    person: &PersonId,
    quarter: Quarter,
) -> Result<Option<Assessment>, ChangeError> {
    for back in 0..=QUARTERS_BACK {
        let key = format!("{person}/{}", quarter.back(back));
        if let Some(a) = p.get::<Assessment>(&key)? {
            return Ok(Some(a));
        }
    }
    Ok(None)
}

pub(super) fn open(
    session: &Calibration,
    people: &[PersonId],
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let id = session.id.as_str();
    let unsafe_char = crate::text::first_unsafe_char(id, false).is_some();
    if id.trim().is_empty() || id.contains(['/', ' ']) || unsafe_char {
        return Err(ChangeError::Invalid(format!(
            "a calibration session's id is a word without `/`, not \"{}\"",
            crate::text::safe_line(id)
        )));
    }
    if session.name.trim().is_empty() {
        return Err(ChangeError::Invalid(
            "a calibration session needs a name".into(),
        ));
    }
    if session.teams.is_empty() {
        return Err(ChangeError::Invalid(
            "a calibration session needs at least one team".into(),
        ));
    }
    if people.is_empty() {
        return Err(ChangeError::Invalid(format!(
            "nobody to calibrate in {}",
            session.teams.join(", ")
        )));
    }
    p.require_absent::<Calibration>(session.id.as_str())?;
    // Ids differing only in case would name two sessions alike in a file name or a command.
    let folded = crate::text::fold(id);
    if p.every(Kind::Calibration)?
        .iter()
        .any(|r| crate::text::fold(&r.key()) == folded)
    {
        return Err(ChangeError::AlreadyExists {
            kind: "calibration session",
            id: id.to_string(),
        });
    }
    one_open_session_a_team(session, p)?;
    let mut session = session.clone();
    session.closed = None;
    session.logged = 0;
    session.last_entry = None;
    for person in people {
        p.require::<Person>(person.as_str())?;
        let placed = placing(p, person, session.quarter)?;
        let entry = CalibrationEntry {
            session: session.id.clone(),
            at: session.opened,
            by: session.facilitator.clone(),
            person: person.clone(),
            what: Logged::Before {
                placement: placed.as_ref().map(NineBox::of),
                from: placed.map(|a| a.quarter),
            },
        };
        p.require_absent::<CalibrationEntry>(&entry.key())?;
        p.put(entry);
        session.logged += 1;
    }
    session.last_entry = Some(session.opened);
    p.put(session);
    Ok(())
}

/// Two open sessions over one team and quarter would move the same assessments under each
/// other: a team is calibrated in one open session at a time. (The message names the team
/// and quarter only: the other session may be one the user does not see.)
fn one_open_session_a_team(session: &Calibration, p: &Planner<'_>) -> Result<(), ChangeError> {
    let fold = crate::text::fold;
    for record in p.every(Kind::Calibration)? {
        let Record::Calibration(other) = record else {
            continue;
        };
        if other.closed.is_some() || other.quarter != session.quarter {
            continue;
        }
        if let Some(team) = session
            .teams
            .iter()
            .find(|t| other.teams.iter().any(|o| fold(o) == fold(t)))
        {
            return Err(ChangeError::Invalid(format!(
                "a calibration session over {team} for {} is open already; close it before opening another",
                session.quarter
            )));
        }
    }
    Ok(())
}

pub(super) fn close(
    id: &CalibrationId,
    at: DateTime<Utc>,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let mut session = p.require::<Calibration>(id.as_str())?;
    if session.closed.is_some() {
        return Err(ChangeError::Invalid(format!(
            "calibration session {id} is closed already"
        )));
    }
    session.closed = Some(at);
    p.put(session);
    Ok(())
}

/// Appends `entry` to its session's log. A move sets the person's assessment of the session's
/// quarter (made from their latest one when that quarter has none); an undo puts it back.
pub(super) fn log(entry: &CalibrationEntry, p: &mut Planner<'_>) -> Result<(), ChangeError> {
    let mut session = p.require::<Calibration>(entry.session.as_str())?;
    if session.closed.is_some() {
        return Err(ChangeError::Invalid(format!(
            "calibration session {} is closed; nothing more is logged in it",
            session.id
        )));
    }
    let name = || name_of(p, &entry.person);
    if !p.exists::<CalibrationEntry>(&session.before_key(&entry.person))? {
        return Err(ChangeError::Invalid(format!(
            "{} is not in calibration session {}",
            name(),
            session.id
        )));
    }
    let mut entry = entry.clone();
    // The log reads in the order entries were made: one made at or before the newest (two
    // participants at once, a clock behind) is put just after it.
    if let Some(last) = session.last_entry
        && entry.at <= last
    {
        entry.at = last + chrono::Duration::microseconds(1);
    }
    p.require_absent::<CalibrationEntry>(&entry.key())?;
    match &mut entry.what {
        Logged::Before { .. } => {
            return Err(ChangeError::Invalid(
                "where people stood is written when a session opens".into(),
            ));
        }
        Logged::Move {
            from, to, created, ..
        } => *created = move_to(&session, &entry.person, *from, *to, p)?,
        Logged::Undo { of } => undo(&session, &entry.person, of, p)?,
        Logged::Discussed => {}
        Logged::Decision { text } => {
            if text.trim().is_empty() {
                return Err(ChangeError::Invalid("a decision needs words".into()));
            }
        }
    }
    session.logged += 1;
    session.last_entry = Some(entry.at);
    p.put(session);
    p.put(entry);
    Ok(())
}

fn name_of(p: &Planner<'_>, person: &PersonId) -> String {
    match p.get::<Person>(person.as_str()) {
        Ok(Some(found)) => format!("{} ({person})", found.name),
        _ => person.to_string(),
    }
}

/// Plans the assessment of a move from `from` to `to`; returns whether it had to be made.
fn move_to(
    session: &Calibration,
    person: &PersonId,
    from: NineBox,
    to: NineBox,
    p: &mut Planner<'_>,
) -> Result<bool, ChangeError> {
    let Some(placed) = placing(p, person, session.quarter)? else {
        return Err(ChangeError::Invalid(format!(
            "{} has no assessment to move; record one first",
            name_of(p, person)
        )));
    };
    let now = NineBox::of(&placed);
    if now != from {
        return Err(ChangeError::Invalid(format!(
            "{} stands in {} now, not {}; move them again from there",
            name_of(p, person),
            now.name(),
            from.name()
        )));
    }
    if to == from {
        return Err(ChangeError::Invalid(format!(
            "{} is in {} already",
            name_of(p, person),
            to.name()
        )));
    }
    let created = placed.quarter != session.quarter;
    let mut assessment = placed;
    if created {
        // A new quarter: the scores carry over, what was measured in the old one does not.
        assessment.quarter = session.quarter;
        assessment.kpi_attainment = None;
        assessment.leave_days = None;
        assessment.note = placed_note(session);
    }
    assessment.performance = to.performance;
    assessment.potential = to.potential;
    p.put(assessment);
    Ok(created)
}

/// The note of an assessment a move made for a quarter that had none.
fn placed_note(session: &Calibration) -> String {
    format!("placed in calibration session {}", session.id)
}

/// Plans putting the person back where the move `of` found them, if nothing moved them since.
fn undo(
    session: &Calibration,
    person: &PersonId,
    of: &str,
    p: &mut Planner<'_>,
) -> Result<(), ChangeError> {
    let Some(moved) = p.get::<CalibrationEntry>(of)? else {
        return Err(ChangeError::NotFound {
            kind: "calibration move",
            id: of.to_string(),
        });
    };
    let Logged::Move {
        from, to, created, ..
    } = moved.what
    else {
        return Err(ChangeError::Invalid(format!("{of} is not a move")));
    };
    if moved.session != session.id || &moved.person != person {
        return Err(ChangeError::Invalid(format!(
            "{of} is not a move of {} in session {}",
            name_of(p, person),
            session.id
        )));
    }
    // Only this session's entries can undo its move; its key begins with the session's id.
    let prefix = format!("{}/", session.id);
    let undone = p.every(Kind::CalibrationEntry)?.into_iter().any(|r| {
        matches!(r, Record::CalibrationEntry(e) if e.key().starts_with(&prefix)
            && matches!(&e.what, Logged::Undo { of: o } if o.as_str() == of))
    });
    if undone {
        return Err(ChangeError::Invalid(format!(
            "the move of {} is undone already",
            name_of(p, person)
        )));
    }
    let key = format!("{person}/{}", session.quarter);
    let current = p.get::<Assessment>(&key)?;
    if current.as_ref().map(NineBox::of) != Some(to) {
        return Err(ChangeError::Invalid(format!(
            "{} has moved since (in this session or another, or by an assessment); undo that first",
            name_of(p, person)
        )));
    }
    match (created, current) {
        // The assessment the move made goes, unless something was recorded in it since (a
        // KPI, a note): then only its box goes back.
        (true, Some(a)) if a.note == placed_note(session) && a.kpi_attainment.is_none() => {
            p.delete::<Assessment>(&key)
        }
        (_, Some(mut a)) => {
            a.performance = from.performance;
            a.potential = from.potential;
            p.put(a);
        }
        (_, None) => {}
    }
    Ok(())
}
