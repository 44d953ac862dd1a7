//! Flags raised by hand on a person, with how serious they are and why, and resolved with what
//! was done, so the trail says why a flag closed.

use super::{Problems, title_for};
use crate::app::App;
use crate::app::form::field::{Field, Kind, Value, choices};
use crate::domain::Change;
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::ids::{FlagId, PersonId};

const SEVERITIES: [Severity; 4] = [
    Severity::Info,
    Severity::Watch,
    Severity::High,
    Severity::Critical,
];

pub(super) fn raise_fields(app: &App, person: &str) -> Result<(String, Vec<Field>), String> {
    let list: Vec<(&str, &[&str])> = SEVERITIES.iter().map(|s| (s.word(), &[][..])).collect();
    Ok((
        title_for(app, "Raise a flag", person),
        vec![
            Field::new(
                "Severity",
                Kind::Choice(choices(&list)),
                "info, watch, high or critical",
            )
            .required(),
            Field::new(
                "Reason",
                Kind::Line,
                "what was seen, e.g. Mentioned an outside offer",
            )
            .required(),
        ],
    ))
}

pub(super) fn raise_change(app: &App, person: &str, values: &[Value]) -> Result<Change, Problems> {
    let mut n = app.org.flags.len() + 1;
    let id = |n: usize| super::own(app, format!("F{n:03}"));
    while app.org.flags.contains_key(id(n).as_str()) {
        n += 1;
    }
    Ok(Change::RaiseFlag {
        flag: ManualFlag {
            id: FlagId::new(id(n)),
            subject: Subject::Person(PersonId::new(person)),
            severity: SEVERITIES[values[0].choice().unwrap_or(0).min(3)],
            reason: values[1].text().trim().to_string(),
            raised_by: app.actor.clone(),
            raised_on: app.today,
            state: FlagState::Open,
        },
    })
}

pub(super) fn resolve_fields(app: &App, flag: &str) -> Result<(String, Vec<Field>), String> {
    let raised = app
        .org
        .flags
        .get(flag)
        .ok_or_else(|| "That flag is no longer there".to_string())?;
    let whom = crate::export::insight::subject_name(&app.org, &raised.subject);
    Ok((
        format!("Resolve the flag on {whom}: {}", raised.reason),
        vec![
            Field::new(
                "What was done",
                Kind::Text,
                "so the trail says why the flag closed",
            )
            .required(),
        ],
    ))
}

pub(super) fn resolve_change(app: &App, flag: &str, values: &[Value]) -> Result<Change, Problems> {
    Ok(Change::SetFlagState {
        flag: FlagId::new(flag),
        state: FlagState::Resolved {
            on: app.today,
            note: values[0].text().trim().to_string(),
        },
    })
}
