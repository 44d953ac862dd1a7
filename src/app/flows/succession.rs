//! Succession: key positions, the successors on their slates and each successor's readiness.
//! Plans belong to positions, not people, so they survive a change of incumbent.

use super::{Problems, next_id, person_text};
use crate::app::App;
use crate::app::form::field::{Choice, Column, Field, Kind, Value, choices};
use crate::domain::Change;
use crate::domain::ids::{PersonId, PositionId};
use crate::domain::succession::{
    Criticality, DevelopmentAction, DevelopmentKind, KeyPosition, Readiness, Successor,
};

const CRITICALITY: [Criticality; 4] = [
    Criticality::Low,
    Criticality::Medium,
    Criticality::High,
    Criticality::Critical,
];

const READINESS: [Readiness; 3] = [
    Readiness::ReadyNow,
    Readiness::OneToTwoYears,
    Readiness::ThreePlusYears,
];

/// Ready now, 1–2 years, 3+ years, typed as `now`, `1-2`, `3+`.
pub fn readiness_choices() -> Vec<Choice> {
    choices(&[
        ("ready now", &["now"]),
        ("1–2 years", &["1-2", "1-2 years", "one to two years"]),
        ("3+ years", &["3+", "3", "three plus years"]),
    ])
}

fn readiness_index(readiness: Readiness) -> usize {
    READINESS.iter().position(|r| *r == readiness).unwrap_or(0)
}

fn position<'a>(app: &'a App, id: &str) -> Result<&'a KeyPosition, String> {
    app.org
        .positions
        .get(id)
        .ok_or_else(|| "That key position is no longer there".to_string())
}

pub(super) fn position_fields(
    app: &App,
    id: Option<&String>,
    person: Option<&str>,
) -> Result<(String, Vec<Field>), String> {
    let existing = id.map(|id| position(app, id)).transpose()?;
    let holder = person.and_then(|p| app.org.people.get(p));
    let title = existing.map_or_else(
        || holder.map_or(String::new(), |p| p.title.to_string()),
        |p| p.title.clone(),
    );
    let team = existing.map_or_else(
        || holder.map_or(String::new(), |p| p.team.to_string()),
        |p| p.team.clone(),
    );
    let criticality = existing.map_or("high", |p| p.criticality.word());
    let incumbent = match existing {
        Some(p) => p.incumbent.as_ref().map(|i| person_text(app, i.as_str())),
        None => person.map(|p| person_text(app, p)),
    };
    let heading = match existing {
        Some(p) => format!("Key position · {}", p.title),
        None => "New key position".to_string(),
    };
    let criticality_list: Vec<(&str, &[&str])> =
        CRITICALITY.iter().map(|c| (c.word(), &[][..])).collect();
    Ok((
        heading,
        vec![
            Field::new("Title", Kind::Line, "the position, e.g. Head of Data")
                .required()
                .with(title),
            Field::new("Team", Kind::Line, "the team it belongs to").with(team),
            Field::new(
                "Criticality",
                Kind::Choice(choices(&criticality_list)),
                "low, medium, high or critical",
            )
            .required()
            .with(criticality),
            Field::new(
                "Incumbent",
                Kind::Person,
                "who holds it now (empty: vacant); ctrl-p picks",
            )
            .with(incumbent.unwrap_or_default()),
        ],
    ))
}

pub(super) fn position_change(
    app: &App,
    id: Option<&String>,
    values: &[Value],
) -> Result<Change, Problems> {
    let criticality = CRITICALITY[values[2].choice().unwrap_or(2)];
    let incumbent = values[3].person();
    let (id, successors) = match id {
        Some(id) => {
            let old = position(app, id).map_err(|e| vec![(usize::MAX, e)])?;
            (old.id.clone(), old.successors.clone())
        }
        None => (
            PositionId::new(next_id(app, "KP", |id| app.org.positions.contains_key(id))),
            Vec::new(),
        ),
    };
    if let Some(holder) = &incumbent {
        if successors.iter().any(|s| &s.person == holder) {
            return Err(vec![(
                3,
                "they are on this position's slate: take them off it first (R)".into(),
            )]);
        }
    }
    if let Some(old) = app.org.positions.get(id.as_str()) {
        let same_but_incumbent = old.title == values[0].text()
            && old.team == values[1].text()
            && old.criticality == criticality;
        if same_but_incumbent && old.incumbent != incumbent {
            return Ok(Change::SetIncumbent {
                position: old.id.clone(),
                incumbent,
            });
        }
    }
    Ok(Change::UpsertPosition {
        position: KeyPosition {
            id,
            title: values[0].text().trim().to_string(),
            team: values[1].text().trim().to_string(),
            criticality,
            incumbent,
            successors,
        },
    })
}

/// Every key position as a choice: `Head of Data (KP03)`, typed by title or id.
fn position_choices(app: &App) -> Vec<Choice> {
    app.org
        .positions
        .values()
        .map(|p| Choice {
            label: format!("{} ({})", p.title, p.id),
            aliases: vec![p.id.to_string(), p.title.clone()],
        })
        .collect()
}

pub(super) fn successor_fields(
    app: &App,
    position: Option<&str>,
    person: Option<&str>,
) -> Result<(String, Vec<Field>), String> {
    if app.org.positions.is_empty() {
        return Err("There is no key position yet: :new_position makes one".into());
    }
    let position_text = position
        .and_then(|id| app.org.positions.get(id))
        .map_or(String::new(), |p| format!("{} ({})", p.title, p.id));
    let kinds = choices(&[
        ("shadowing", &["shadow"]),
        ("rotation", &[]),
        ("mentor", &[]),
        ("training", &[]),
    ]);
    let development = vec![
        Column::new("kind", Kind::Choice(kinds), true),
        Column::new("what", Kind::Line, true),
        Column::new("due", Kind::Date, false),
    ];
    Ok((
        "Add a successor".to_string(),
        vec![
            Field::new(
                "Position",
                Kind::Choice(position_choices(app)),
                "the key position: its title or id",
            )
            .required()
            .with(position_text),
            Field::new(
                "Successor",
                Kind::Person,
                "who could take it over; ctrl-p picks",
            )
            .required()
            .with(person.map(|p| person_text(app, p)).unwrap_or_default()),
            Field::new(
                "Readiness",
                Kind::Choice(readiness_choices()),
                "ready now, 1-2 (years) or 3+ (years)",
            )
            .required(),
            Field::new(
                "Emergency cover",
                Kind::Choice(choices(&[("no", &["n"]), ("yes", &["y", "interim"])])),
                "yes: could step in at once, for a while",
            )
            .with("no"),
            Field::new(
                "Rank",
                Kind::Number {
                    min: 1.0,
                    max: 99.0,
                    whole: true,
                },
                "place on the slate, 1 first (empty: last)",
            ),
            Field::new(
                "Development",
                Kind::Rows(development),
                "one a line: shadowing, rotation, mentor or training ; what ; due",
            ),
        ],
    ))
}

pub(super) fn successor_change(app: &App, values: &[Value]) -> Result<Change, Problems> {
    // Checks between fields wait for the fields they need to be read.
    let Some(chosen) = values[0].choice() else {
        return Err(Vec::new());
    };
    let id = app
        .org
        .positions
        .keys()
        .nth(chosen)
        .cloned()
        .ok_or_else(|| vec![(0, "no such key position".to_string())])?;
    let slate = position(app, &id).map_err(|e| vec![(0, e)])?;
    let Some(person) = values[1].person() else {
        return Err(Vec::new());
    };
    if slate.incumbent.as_ref() == Some(&person) {
        return Err(vec![(1, "they hold the position already".into())]);
    }
    if slate.successor(&person).is_some() {
        return Err(vec![(
            1,
            "they are on this slate already: set their readiness instead".into(),
        )]);
    }
    let last = slate.successors.len() as u8 + 1;
    let rank = values[4].number().map_or(last, |r| (r as u8).min(last));
    let development = values[5]
        .rows()
        .iter()
        .map(|row| DevelopmentAction {
            kind: match row[0].choice() {
                Some(0) => DevelopmentKind::Shadowing,
                Some(1) => DevelopmentKind::Rotation,
                Some(2) => DevelopmentKind::Mentor,
                _ => DevelopmentKind::Training,
            },
            description: row[1].text().to_string(),
            due: row[2].date(),
        })
        .collect();
    Ok(Change::AddSuccessor {
        position: PositionId::new(id.as_str()),
        successor: Successor {
            person,
            readiness: READINESS[values[2].choice().unwrap_or(0)],
            emergency: values[3].choice() == Some(1),
            rank,
            development,
        },
    })
}

pub(super) fn readiness_fields(
    app: &App,
    id: &str,
    person: Option<&str>,
) -> Result<(String, Vec<Field>), String> {
    let slate = position(app, id)?;
    if slate.successors.is_empty() {
        return Err(format!(
            "{} has no successor yet: :add_successor names one",
            slate.title
        ));
    }
    let people: Vec<Choice> = slate
        .successors
        .iter()
        .map(|s| Choice {
            label: person_text(app, s.person.as_str()),
            aliases: vec![s.person.to_string(), app.name(s.person.as_str())],
        })
        .collect();
    let chosen = person
        .and_then(|p| slate.successor(&PersonId::new(p)))
        .or(slate.successors.first());
    let current = chosen.map_or(0, |s| readiness_index(s.readiness));
    Ok((
        format!("Readiness · {}", slate.title),
        vec![
            Field::new(
                "Successor",
                Kind::Choice(people),
                "who on the slate; ↑↓ steps",
            )
            .required()
            .with(chosen.map_or(String::new(), |s| person_text(app, s.person.as_str()))),
            Field::new(
                "Readiness",
                Kind::Choice(readiness_choices()),
                "ready now, 1-2 (years) or 3+ (years); ↑↓ steps",
            )
            .required()
            .with(readiness_choices()[current].label.clone()),
        ],
    ))
}

pub(super) fn readiness_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let slate = position(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    let successor = slate
        .successors
        .get(values[0].choice().unwrap_or(0))
        .ok_or_else(|| vec![(0, "not on the slate".to_string())])?;
    Ok(Change::SetReadiness {
        position: slate.id.clone(),
        person: successor.person.clone(),
        readiness: READINESS[values[1].choice().unwrap_or(0)],
    })
}
