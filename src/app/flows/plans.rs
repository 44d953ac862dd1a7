//! Improvement plans: a new plan with its goals, actions and supports; a plan's status
//! (activate, extend, pass, fail, cancel); and a check-in rating every goal at once. The words
//! are those of improvement: a plan is help to get back to the standard, not a sanction.

use super::{Problems, link_owner, next_id, title_for};
use crate::app::App;
use crate::app::form::field::{Column, Field, Kind, Value, choices};
use crate::domain::Change;
use crate::domain::ids::{PersonId, PipId};
use crate::domain::pip::{
    CheckIn, Direction, GoalRating, Pip, PipGoal, PipStatus, PlanAction, Rating, Support,
    SupportKind,
};

fn any_number() -> Kind {
    Kind::Number {
        min: -1e12,
        max: 1e12,
        whole: false,
    }
}

pub(super) fn new_plan_fields(app: &App, person: &str) -> Result<(String, Vec<Field>), String> {
    let goals = vec![
        Column::new("dimension", Kind::Line, true),
        Column::new(
            "better",
            Kind::Choice(choices(&[("higher", &["up"]), ("lower", &["down"])])),
            false,
        ),
        Column::new("target", any_number(), true),
        Column::new("baseline", any_number(), true),
        Column::new("root cause", Kind::Line, false),
    ];
    let actions = vec![
        Column::new(
            "goal",
            Kind::Number {
                min: 1.0,
                max: 99.0,
                whole: true,
            },
            true,
        ),
        Column::new("what", Kind::Line, true),
        Column::new("owner", Kind::Line, false),
        Column::new("due", Kind::Date, false),
    ];
    let supports = vec![
        Column::new(
            "kind",
            Kind::Choice(choices(&[
                ("mentor", &[]),
                ("training", &[]),
                ("resource", &["other"]),
            ])),
            true,
        ),
        Column::new("what", Kind::Line, true),
    ];
    let fields = vec![
        Field::new(
            "Reason",
            Kind::Text,
            "what is to get back to the expected standard, and why it matters",
        )
        .required(),
        Field::new("Start", Kind::Date, "YYYY-MM-DD or today").with("today"),
        Field::new("End", Kind::Date, "YYYY-MM-DD, or +60d, +8w").required(),
        Field::new(
            "Check in every",
            Kind::Number {
                min: 1.0,
                max: app.rules.flags.pip_checkin_days.max(1) as f64,
                whole: true,
            },
            format!(
                "days between check-ins, at most {} (the rules' at-least-monthly)",
                app.rules.flags.pip_checkin_days
            ),
        )
        .with("14"),
        Field::new(
            "Goals",
            Kind::Rows(goals),
            "one a line: dimension ; better higher or lower ; target ; baseline ; root cause",
        )
        .required(),
        Field::new(
            "Actions",
            Kind::Rows(actions),
            "one a line: goal number ; what ; owner ; due",
        ),
        Field::new(
            "Supports",
            Kind::Rows(supports),
            "one a line: mentor, training or resource ; what",
        ),
    ];
    Ok((title_for(app, "Improvement plan", person), fields))
}

pub(super) fn new_plan_change(
    app: &App,
    person: &str,
    values: &[Value],
) -> Result<Change, Problems> {
    let start = values[1].date().unwrap_or(app.today);
    let end = values[2].date().unwrap_or(start);
    let mut problems = Vec::new();
    if end <= start && values[2].date().is_some() {
        problems.push((2, format!("the plan must end after it starts ({start})")));
    }
    // Actions name their goal by number: checked once the goals are read.
    let goals_read = matches!(values[4], Value::Rows(_));
    let mut goals: Vec<PipGoal> = values[4]
        .rows()
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let baseline = row[3].number().unwrap_or_default();
            PipGoal {
                id: i as u32 + 1,
                dimension: row[0].text().to_string(),
                unit: String::new(),
                direction: match row[1].choice() {
                    Some(1) => Direction::LowerIsBetter,
                    _ => Direction::HigherIsBetter,
                },
                target: row[2].number().unwrap_or_default(),
                baseline,
                current: baseline,
                root_cause: row[4].text().to_string(),
                actions: Vec::new(),
            }
        })
        .collect();
    for (n, row) in values[5].rows().iter().enumerate() {
        let goal = row[0].number().unwrap_or_default() as usize;
        let Some(goal) = goals.get_mut(goal.wrapping_sub(1)) else {
            if !goals_read {
                continue;
            }
            problems.push((
                5,
                format!(
                    "line {}: there is no goal {goal} (goals are numbered from 1)",
                    n + 1
                ),
            ));
            continue;
        };
        goal.actions.push(PlanAction {
            text: row[1].text().to_string(),
            owner: link_owner(app, row[2].text()),
            due: row[3].date(),
            done: None,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let supports = values[6]
        .rows()
        .iter()
        .map(|row| Support {
            kind: match row[0].choice() {
                Some(0) => SupportKind::Mentor,
                Some(1) => SupportKind::Training,
                _ => SupportKind::Resource,
            },
            description: row[1].text().to_string(),
        })
        .collect();
    let id = next_id(app, "PIP", |id| app.org.pips.contains_key(id));
    Ok(Change::CreatePip {
        pip: Pip {
            id: PipId::new(id),
            person: PersonId::new(person),
            owner: app.actor.clone(),
            status: PipStatus::Draft,
            start,
            end,
            reason: values[0].text().trim().to_string(),
            goals: std::mem::take(&mut goals),
            supports,
            checkins: Vec::new(),
            outcome: String::new(),
            checkin_every_days: values[3].number().map_or(14, |n| n as u16),
        },
    })
}

fn plan<'a>(app: &'a App, id: &str) -> Result<&'a Pip, String> {
    app.org
        .pips
        .get(id)
        .ok_or_else(|| "That improvement plan is no longer there".to_string())
}

const STATUS: [(&str, &[&str], PipStatus); 5] = [
    ("activate", &["active", "start"], PipStatus::Active),
    ("extend", &["extended"], PipStatus::Extended),
    ("pass", &["passed", "met"], PipStatus::Passed),
    ("fail", &["failed", "not met"], PipStatus::Failed),
    ("cancel", &["cancelled", "canceled"], PipStatus::Cancelled),
];

pub(super) fn status_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let pip = plan(app, id)?;
    if !pip.status.is_open() {
        return Err(format!(
            "The plan of {} is {}: it is closed",
            app.name(pip.person.as_str()),
            pip.status.word()
        ));
    }
    let list: Vec<(&str, &[&str])> = STATUS.iter().map(|(l, a, _)| (*l, *a)).collect();
    let title = format!(
        "{} · now {} until {}",
        title_for(app, "Improvement plan status", pip.person.as_str()),
        pip.status.word(),
        pip.end
    );
    Ok((
        title,
        vec![
            Field::new(
                "Status",
                Kind::Choice(choices(&list)),
                "activate, extend, pass, fail or cancel",
            )
            .required(),
            Field::new(
                "New end",
                Kind::Date,
                format!(
                    "when extending: a day, or +4w from the current end ({})",
                    pip.end
                ),
            )
            .counting_from(pip.end),
            Field::new(
                "Outcome or why",
                Kind::Text,
                "what was achieved, or why it is extended or ends",
            ),
        ],
    ))
}

pub(super) fn status_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let pip = plan(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    let status = STATUS[values[0].choice().unwrap_or(0)].2;
    let end = values[1].date();
    let outcome = values[2].text().trim().to_string();
    let mut problems = Vec::new();
    match (status, end) {
        (PipStatus::Extended, None) => problems.push((1, "extending needs a new end".into())),
        (PipStatus::Extended, Some(day)) if day <= pip.end => problems.push((
            1,
            format!("the new end must come after the current one ({})", pip.end),
        )),
        (PipStatus::Active, _) if !matches!(pip.status, PipStatus::Draft) => {
            problems.push((0, format!("the plan is {} already", pip.status.word())))
        }
        _ => {}
    }
    if status != PipStatus::Active && outcome.is_empty() {
        problems.push((2, "say what was achieved, or why".into()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Change::SetPipStatus {
        pip: pip.id.clone(),
        status,
        // Only an extension moves the end.
        end: end.filter(|_| status == PipStatus::Extended),
        outcome: (!outcome.is_empty()).then_some(outcome),
    })
}

const RATINGS: [(&str, &[&str]); 3] = [
    ("on track", &["on"]),
    ("at risk", &["at"]),
    ("off track", &["off"]),
];

pub(super) fn check_in_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let pip = plan(app, id)?;
    if !pip.status.is_open() {
        return Err(format!(
            "The plan is {}: no more check-ins",
            pip.status.word()
        ));
    }
    let mut fields = vec![
        Field::new("Day", Kind::Date, "YYYY-MM-DD or today")
            .with("today")
            .happened(),
    ];
    for goal in &pip.goals {
        let better = match goal.direction {
            Direction::HigherIsBetter => "higher is better",
            Direction::LowerIsBetter => "lower is better",
        };
        fields.push(Field::new(
            // What the field is comes first: a narrow label column cuts the goal's name, not it.
            format!("{}. value · {}", goal.id, goal.dimension),
            any_number(),
            format!(
                "now {}, target {}, baseline {} ({better})",
                goal.current, goal.target, goal.baseline
            ),
        ));
        fields.push(
            Field::new(
                format!("{}. rating · {}", goal.id, goal.dimension),
                Kind::Choice(choices(&RATINGS)),
                "on track, at risk or off track",
            )
            .required(),
        );
    }
    fields.push(Field::new("Note", Kind::Text, "what was seen, what helps"));
    Ok((title_for(app, "Plan check-in", pip.person.as_str()), fields))
}

pub(super) fn check_in_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let pip = plan(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    // A goal added since the form opened has no fields of its own: it is not rated.
    let ratings = pip
        .goals
        .iter()
        .enumerate()
        .filter_map(|(i, goal)| {
            let rating = match values.get(2 + 2 * i).and_then(Value::choice)? {
                0 => Rating::OnTrack,
                1 => Rating::AtRisk,
                _ => Rating::OffTrack,
            };
            Some(GoalRating {
                goal: goal.id,
                value: values.get(1 + 2 * i).and_then(Value::number),
                rating,
            })
        })
        .collect();
    Ok(Change::RecordPipCheckIn {
        pip: pip.id.clone(),
        checkin: CheckIn {
            date: values[0].date().unwrap_or(app.today),
            note: values.last().map_or("", Value::text).trim().to_string(),
            ratings,
        },
    })
}
