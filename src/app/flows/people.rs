//! A person's record and what a manager sees of them: the leaving stage, the quarterly
//! assessment (the three key-employee dimensions and the 9-box), the key-employee mark, and the
//! roster fields themselves.

use super::{Problems, person_text, title_for};
use crate::app::App;
use crate::app::form::field::{Field, Kind, Value, choices};
use crate::domain::Change;
use crate::domain::assessment::{Assessment, Band, Quarter};
use crate::domain::ids::PersonId;
use crate::domain::person::{FlightRisk, KeyMark, LeavingStage, Person, Status, Track};

fn person<'a>(app: &'a App, id: &str) -> Result<&'a Person, String> {
    app.org
        .people
        .get(id)
        .ok_or_else(|| "That person is no longer on the roster".to_string())
}

const STAGES: [Option<LeavingStage>; 5] = [
    None,
    Some(LeavingStage::Confused),
    Some(LeavingStage::WatchingMarket),
    Some(LeavingStage::HesitatingBetweenOffers),
    Some(LeavingStage::Decided),
];

pub(super) fn stage_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let p = person(app, id)?;
    let list = choices(&[
        ("none", &["no sign", "clear"]),
        ("early doubts", &["confused", "doubts"]),
        ("looking at the market", &["watching the market", "market"]),
        ("weighing offers", &["hesitating between offers", "offers"]),
        ("decided to leave", &["decided"]),
    ]);
    let current = STAGES
        .iter()
        .position(|s| s.as_ref() == p.flight_risk.as_ref().map(|r| &r.stage))
        .unwrap_or(0);
    let stage = list[current].label.clone();
    Ok((
        title_for(app, "Leaving stage", id),
        vec![
            Field::new(
                "Stage",
                Kind::Choice(list),
                "none, early doubts, looking at the market, weighing offers, decided; ↑↓ steps",
            )
            .required()
            .with(stage),
            Field::new(
                "Seen on",
                Kind::Date,
                "the day it was seen: YYYY-MM-DD, today, -3d",
            )
            .with("today")
            .happened(),
            Field::new("What was seen", Kind::Text, "the signs, in a few words"),
        ],
    ))
}

pub(super) fn stage_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let stage = STAGES[values[0].choice().unwrap_or(0)];
    Ok(Change::SetFlightRisk {
        person: PersonId::new(id),
        risk: stage.map(|stage| FlightRisk {
            stage,
            noted_on: values[1].date().unwrap_or(app.today),
            note: values[2].text().trim().to_string(),
        }),
    })
}

fn one_to(max: f64) -> Kind {
    Kind::Number {
        min: if max == 5.0 { 1.0 } else { 0.0 },
        max,
        whole: true,
    }
}

fn band_choices() -> Vec<crate::app::form::field::Choice> {
    choices(&[("low", &[]), ("medium", &["mid"]), ("high", &[])])
}

const BANDS: [Band; 3] = [Band::Low, Band::Medium, Band::High];

pub(super) fn assessment_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    person(app, id)?;
    let quarter = Quarter::of(app.today);
    // This quarter's assessment, if recorded, is there to correct rather than to type again.
    let key = format!("{id}/{quarter}");
    let recorded = app.org.assessments.get(key.as_str());
    let text = |f: fn(&Assessment) -> String| recorded.map_or(String::new(), f);
    let title = match recorded {
        Some(_) => format!(
            "{} (recorded: correct it)",
            title_for(app, "Assessment", id)
        ),
        None => title_for(app, "Assessment", id),
    };
    Ok((
        title,
        vec![
            Field::new("Quarter", Kind::Quarter, "e.g. 2026Q4")
                .required()
                .with(quarter.to_string()),
            Field::new("Professional ability", one_to(5.0), "1-5")
                .required()
                .with(text(|a| a.ability.to_string())),
            Field::new(
                "Performance contribution",
                one_to(5.0),
                "1-5, short and long term",
            )
            .required()
            .with(text(|a| a.contribution.to_string())),
            Field::new("Organisational influence", one_to(5.0), "1-5")
                .required()
                .with(text(|a| a.influence.to_string())),
            Field::new(
                "KPI attainment",
                Kind::Number {
                    min: 0.0,
                    max: 500.0,
                    whole: true,
                },
                "% of target, e.g. 95",
            )
            .with(text(|a| {
                a.kpi_attainment.map_or(String::new(), |k| k.to_string())
            })),
            Field::new(
                "Engagement",
                one_to(100.0),
                "0-100, from the survey or your read",
            )
            .required()
            .with(text(|a| a.engagement.to_string())),
            Field::new(
                "Performance",
                Kind::Choice(band_choices()),
                "9-box: low, medium or high",
            )
            .required()
            .with(text(|a| a.performance.label().to_string())),
            Field::new(
                "Potential",
                Kind::Choice(band_choices()),
                "9-box: low, medium or high",
            )
            .required()
            .with(text(|a| a.potential.label().to_string())),
            Field::new("Note", Kind::Text, "the evidence: 360 feedback, results")
                .with(text(|a| a.note.clone())),
        ],
    ))
}

pub(super) fn assessment_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let Some(quarter) = values[0].quarter() else {
        return Err(vec![(0, "required".into())]);
    };
    let score = |i: usize| values[i].number().unwrap_or_default() as u8;
    Ok(Change::RecordAssessment {
        assessment: Assessment {
            person: PersonId::new(id),
            quarter,
            ability: score(1),
            contribution: score(2),
            influence: score(3),
            kpi_attainment: values[4].number().map(|n| n as u16),
            engagement: score(5),
            performance: BANDS[values[6].choice().unwrap_or(0)],
            potential: BANDS[values[7].choice().unwrap_or(0)],
            // Leave taken is not asked here; a correction keeps what was recorded.
            leave_days: app
                .org
                .assessments
                .get(format!("{id}/{quarter}").as_str())
                .and_then(|a| a.leave_days),
            note: values[8].text().trim().to_string(),
        },
    })
}

pub(super) fn key_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let p = person(app, id)?;
    // The form offers the other state: it is opened to mark someone, or to unmark them.
    let (now, reason) = match &p.key {
        Some(mark) => ("no", mark.reason.as_str()),
        None => ("yes", ""),
    };
    Ok((
        title_for(app, "Key employee", id),
        vec![
            Field::new(
                "Key employee",
                Kind::Choice(choices(&[
                    ("yes", &["y", "mark"]),
                    ("no", &["n", "unmark"]),
                ])),
                "yes marks them, no unmarks them; ↑↓ steps",
            )
            .required()
            .with(now),
            Field::new(
                "Reason",
                Kind::Text,
                "what makes them key: ability, contribution, influence",
            )
            .with(reason),
        ],
    ))
}

pub(super) fn key_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let p = person(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    let reason = values[1].text().trim().to_string();
    let key = match values[0].choice() {
        Some(0) if reason.is_empty() => {
            return Err(vec![(1, "say why they are key".into())]);
        }
        Some(0) => Some(KeyMark {
            reason,
            since: p.key.as_ref().map_or(app.today, |k| k.since),
        }),
        _ => None,
    };
    Ok(Change::SetKeyEmployee {
        person: p.id.clone(),
        key,
    })
}

const STATUSES: [&str; 4] = ["active", "on leave", "leaving", "left"];

pub(super) fn person_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let p = person(app, id)?;
    let status = match p.status {
        Status::Active => 0,
        Status::OnLeave => 1,
        Status::Leaving { .. } => 2,
        Status::Left { .. } => 3,
    };
    let list: Vec<(&str, &[&str])> = STATUSES.iter().map(|s| (*s, &[][..])).collect();
    Ok((
        title_for(app, "Person", id),
        vec![
            Field::new("Title", Kind::Line, "job title").with(&p.title),
            Field::new("Team", Kind::Line, "team or department").with(&p.team),
            Field::new(
                "Manager",
                Kind::Person,
                "empty: the top of a tree; ctrl-p picks",
            )
            .with(
                p.manager
                    .as_ref()
                    .map_or(String::new(), |m| person_text(app, m.as_str())),
            ),
            Field::new("Level", Kind::Line, "a ladder level such as P5 or M2").with(&p.level),
            Field::new(
                "Track",
                Kind::Choice(choices(&[("management", &[]), ("professional", &[])])),
                "management or professional",
            )
            .with(p.track.map_or("", Track::word)),
            Field::new("Location", Kind::Line, "").with(&p.location),
            Field::new(
                "Status",
                Kind::Choice(choices(&list)),
                "active, on leave, leaving or left",
            )
            .required()
            .with(STATUSES[status]),
            Field::new("Last day", Kind::Date, "for leaving or left")
                .with(p.status.last_day().map_or(String::new(), |d| d.to_string())),
        ],
    ))
}

pub(super) fn person_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let old = person(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    let last_day = values[7].date();
    let status = match (values[6].choice(), last_day) {
        (Some(1), _) => Status::OnLeave,
        (Some(2), Some(last_day)) => Status::Leaving { last_day },
        (Some(3), Some(last_day)) => Status::Left { last_day },
        (Some(2 | 3), None) => {
            return Err(vec![(7, "leaving and left need the last day".into())]);
        }
        _ => Status::Active,
    };
    let manager = values[2].person();
    if manager.as_ref() == Some(&old.id) {
        return Err(vec![(2, "nobody is their own manager".into())]);
    }
    let mut new = old.clone();
    new.title = values[0].text().trim().into();
    new.team = values[1].text().trim().into();
    new.manager = manager;
    new.level = values[3].text().trim().into();
    new.track = match values[4].choice() {
        Some(0) => Some(Track::Management),
        Some(1) => Some(Track::Professional),
        _ => None,
    };
    new.location = values[5].text().trim().into();
    let status_change = (status != old.status).then(|| Change::SetStatus {
        person: old.id.clone(),
        status,
    });
    let person_change = (new != *old).then(|| Change::UpsertPerson { person: new });
    match (person_change, status_change) {
        (Some(a), Some(b)) => Ok(Change::Batch {
            label: format!("edit {}", old.name),
            changes: vec![a, b],
        }),
        (Some(one), None) | (None, Some(one)) => Ok(one),
        (None, None) => Err(vec![(usize::MAX, "Nothing was changed".into())]),
    }
}

pub(super) fn development_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let p = person(app, id)?;
    let dev = p.development.as_deref();
    let mentor = dev
        .and_then(|d| d.mentor.as_ref())
        .map_or(String::new(), |m| person_text(app, m.as_str()));
    let rotations: Vec<String> = dev.map_or_else(Vec::new, |d| {
        d.rotations
            .iter()
            .map(|r| {
                let to = r.to.map_or(String::new(), |d| d.to_string());
                format!("{} ; {} ; {to}", r.place.replace(';', ","), r.from)
            })
            .collect()
    });
    let columns = vec![
        crate::app::form::field::Column::new("where", Kind::Line, true),
        crate::app::form::field::Column::new("from", Kind::Date, true),
        crate::app::form::field::Column::new("to", Kind::Date, false),
    ];
    Ok((
        title_for(app, "Mentor and rotations", id),
        vec![
            Field::new(
                "Mentor",
                Kind::Person,
                "who mentors them (empty: nobody); ctrl-p picks",
            )
            .with(mentor),
            Field::new(
                "Rotations",
                Kind::Rows(columns),
                "one a line: where ; from ; to (empty while under way)",
            )
            .with(rotations.join("\n")),
        ],
    ))
}

pub(super) fn development_change(
    app: &App,
    id: &str,
    values: &[Value],
) -> Result<Change, Problems> {
    let old = person(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    let mentor = values[0].person();
    if mentor.as_ref() == Some(&old.id) {
        return Err(vec![(0, "someone else mentors them".into())]);
    }
    let mut problems = Vec::new();
    let rotations: Vec<crate::domain::person::Rotation> = values[1]
        .rows()
        .iter()
        .enumerate()
        .filter_map(|(n, row)| {
            let from = row[1].date()?;
            let to = row[2].date();
            if to.is_some_and(|to| to < from) {
                problems.push((1, format!("line {}: it ends before it starts", n + 1)));
            }
            Some(crate::domain::person::Rotation {
                place: row[0].text().to_string(),
                from,
                to,
            })
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut new = old.clone();
    new.development = (mentor.is_some() || !rotations.is_empty())
        .then(|| Box::new(crate::domain::person::Development { mentor, rotations }));
    if new == *old {
        return Err(vec![(usize::MAX, "Nothing was changed".into())]);
    }
    Ok(Change::UpsertPerson { person: new })
}
