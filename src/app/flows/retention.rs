//! Keeping key people and losing nothing when one leaves: stay interviews with their follow-ups,
//! points awarded by rule or by hand (to one person or several) and reversed, and departures
//! with their handover checklist and report.

use super::{Problems, person_text, title_for};
use crate::app::App;
use crate::app::form::field::{Choice, Column, Field, Kind, Value};
use crate::domain::Change;
use crate::domain::ids::{DepartureId, EntryId, PersonId, RuleId, StayId};
use crate::domain::points::PointsEntry;
use crate::domain::stay::{FOLLOW_UP_DAYS, FollowUp, StayInterview};
use chrono::Duration;

/// The first free id `prefix` + a number of `width` digits, counting on from `start`: the
/// ledger and the interviews are long, so the search starts past the records already there.
fn next_numbered(app: &App, prefix: &str, start: usize, taken: impl Fn(&str) -> bool) -> String {
    (start.max(1)..)
        .map(|n| super::own(app, format!("{prefix}{n:03}")))
        .find(|id| !taken(id))
        .unwrap_or_else(|| prefix.to_string())
}

/// A new record's id on a shared server, where not every record is here to number from:
/// `{prefix}{when}-{person}` (with `-2`, `-3`… if taken among those here), as a GROW note's.
fn dated_id(
    app: &App,
    prefix: &str,
    when: &dyn std::fmt::Display,
    person: &str,
    taken: impl Fn(&str) -> bool,
) -> String {
    let base = super::own(app, format!("{prefix}{when}-{person}"));
    (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|id| !taken(id))
        .unwrap_or(base)
}

pub(super) fn stay_fields(app: &App, person: &str) -> Result<(String, Vec<Field>), String> {
    let follow_ups = vec![
        Column::new("what", Kind::Line, true),
        Column::new("owner", Kind::Line, false),
        Column::new("due", Kind::Date, false),
    ];
    Ok((
        title_for(app, "Stay interview", person),
        vec![
            Field::new("Day", Kind::Date, "YYYY-MM-DD or today")
                .with("today")
                .happened(),
            Field::new(
                "What keeps them",
                Kind::Text,
                "why they stay: the work, the team, growth…",
            ),
            Field::new(
                "What might make them leave",
                Kind::Text,
                "what would make them look elsewhere",
            ),
            Field::new(
                "What they want next",
                Kind::Text,
                "a role, a project, a skill",
            ),
            Field::new(
                "Follow-ups",
                Kind::Rows(follow_ups),
                format!(
                    "one a line: what ; owner ; due (empty: {FOLLOW_UP_DAYS} days after the interview)"
                ),
            ),
            Field::new("Notes", Kind::Text, "anything else worth keeping"),
        ],
    ))
}

pub(super) fn stay_change(app: &App, person: &str, values: &[Value]) -> Result<Change, Problems> {
    let day = values[0].date().unwrap_or(app.today);
    let latest = day + Duration::days(FOLLOW_UP_DAYS);
    let mut problems = Vec::new();
    let follow_ups: Vec<FollowUp> = values[4]
        .rows()
        .iter()
        .enumerate()
        .map(|(n, row)| {
            let due = row[2].date().unwrap_or(latest);
            if due > latest || due < day {
                problems.push((
                    4,
                    format!(
                        "line {}: follow-ups are due within {FOLLOW_UP_DAYS} days of the interview, by {latest}",
                        n + 1
                    ),
                ));
            }
            FollowUp {
                text: row[0].text().to_string(),
                owner: super::link_owner(app, row[1].text()),
                due,
                done: None,
            }
        })
        .collect();
    let said = [1, 2, 3]
        .iter()
        .any(|i| !values[*i].text().trim().is_empty());
    if !said {
        problems.push((1, "say at least what keeps them".into()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let id = match app.is_served() {
        true => dated_id(app, "S", &app.today.format("%Y%m%d"), person, |id| {
            app.org.stay_interviews.contains_key(id)
        }),
        false => next_numbered(app, "S", app.org.stay_interviews.len() + 1, |id| {
            app.org.stay_interviews.contains_key(id)
        }),
    };
    Ok(Change::RecordStayInterview {
        interview: StayInterview {
            id: StayId::new(id),
            person: PersonId::new(person),
            date: day,
            interviewer: app.actor.clone(),
            why_stay: values[1].text().trim().to_string(),
            would_leave_if: values[2].text().trim().to_string(),
            notes: values[5].text().trim().to_string(),
            follow_ups,
            wants_next: values[3].text().trim().to_string(),
        },
    })
}

/// "by hand", then every points rule: `Product shipped (+20)`.
fn rule_choices(app: &App) -> Vec<Choice> {
    std::iter::once(Choice::new("by hand", &["hand", "manual"]))
        .chain(app.org.points_rules.values().map(|r| Choice {
            label: format!("{} ({:+})", r.name, r.points),
            aliases: vec![r.id.to_string(), r.name.clone()],
        }))
        .collect()
}

pub(super) fn award_fields(app: &App, person: &str) -> Result<(String, Vec<Field>), String> {
    Ok((
        "Award points".to_string(),
        vec![
            Field::new(
                "People",
                Kind::Rows(vec![Column::new("person", Kind::Person, true)]),
                "one a line: who earned them (a name or id)",
            )
            .required()
            .with(person_text(app, person)),
            Field::new(
                "Rule",
                Kind::Choice(rule_choices(app)),
                "a points rule gives its points; by hand: give them and say why",
            )
            .required()
            .with("by hand"),
            Field::new(
                "Points",
                Kind::Number {
                    min: -100_000.0,
                    max: 100_000.0,
                    whole: true,
                },
                "by hand only, below 0 to deduct; a rule's points are the rule's",
            ),
            Field::new("Reason", Kind::Line, "what it is for"),
            Field::new("Day", Kind::Date, "YYYY-MM-DD or today")
                .with("today")
                .happened(),
        ],
    ))
}

pub(super) fn award_change(app: &App, values: &[Value]) -> Result<Change, Problems> {
    let rule = values[1]
        .choice()
        .filter(|i| *i > 0)
        .and_then(|i| app.org.points_rules.values().nth(i - 1));
    let typed = values[2].number().map(|p| p as i32);
    let reason = values[3].text().trim().to_string();
    let mut problems = Vec::new();
    let points = match (rule, typed) {
        (Some(rule), Some(p)) if p != rule.points => {
            problems.push((
                2,
                format!(
                    "the rule gives {:+}; choose by hand to give another number",
                    rule.points
                ),
            ));
            rule.points
        }
        (Some(rule), _) => rule.points,
        (None, Some(0)) => {
            problems.push((2, "an award of 0 points records nothing".into()));
            0
        }
        (None, Some(p)) => p,
        (None, None) => {
            problems.push((2, "by hand: how many points".into()));
            0
        }
    };
    if rule.is_none() && reason.is_empty() {
        problems.push((3, "by hand: say what it is for".into()));
    }
    let people: Vec<PersonId> = values[0]
        .rows()
        .iter()
        .filter_map(|r| r[0].person())
        .collect();
    let mut seen = Vec::new();
    for person in &people {
        if seen.contains(&person) {
            problems.push((0, format!("{} is named twice", app.name(person.as_str()))));
        }
        seen.push(person);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut n = app.org.points.len() + 1;
    let mut changes: Vec<Change> = people
        .into_iter()
        .map(|person| {
            // On a shared server the ledger is not all here to number from: the id carries
            // the moment and the person, which no other entry has.
            let now = chrono::Local::now().format("%Y%m%d%H%M%S");
            let id = match app.is_served() {
                true => dated_id(app, "L", &now, person.as_str(), |id| {
                    app.org.points.contains_key(id)
                }),
                false => next_numbered(app, "L", n, |id| app.org.points.contains_key(id)),
            };
            n = id[1..].parse::<usize>().unwrap_or(n) + 1;
            Change::AwardPoints {
                entry: PointsEntry {
                    id: EntryId::new(id),
                    person,
                    date: values[4].date().unwrap_or(app.today),
                    rule: rule.map(|r| RuleId::new(r.id.as_str())),
                    points,
                    reason: reason.as_str().into(),
                    reverses: None,
                    recorded_by: app.actor.as_str().into(),
                },
            }
        })
        .collect();
    Ok(match changes.len() {
        1 => changes.remove(0),
        _ => Change::Batch {
            label: "points awarded".into(),
            changes,
        },
    })
}

fn entry<'a>(app: &'a App, id: &str) -> Result<&'a PointsEntry, String> {
    app.org
        .points
        .get(id)
        .ok_or_else(|| "That points entry is no longer there".to_string())
}

pub(super) fn reverse_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let original = entry(app, id)?;
    if original.reverses.is_some() {
        return Err("That entry is itself a reversal: award the points again instead".into());
    }
    if app
        .org
        .points
        .contains_key(PointsEntry::reversal_id(&original.id).as_str())
    {
        return Err("That entry is reversed already".into());
    }
    let title = format!(
        "Reverse {:+} points of {} on {} ({})",
        original.points,
        app.name(original.person.as_str()),
        original.date,
        original.reason
    );
    Ok((
        title,
        vec![
            Field::new(
                "Reason",
                Kind::Line,
                "why it is taken back: the ledger keeps both",
            )
            .required(),
        ],
    ))
}

pub(super) fn reverse_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let original = entry(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    Ok(Change::ReversePoints {
        entry: original.id.clone(),
        date: app.today,
        reason: values[0].text().trim().to_string(),
        recorded_by: app.actor.clone(),
    })
}

pub(super) fn departure_fields(app: &App, person: &str) -> Result<(String, Vec<Field>), String> {
    if let Some(crate::domain::person::Status::Left { last_day }) =
        app.org.people.get(person).map(|p| p.status)
    {
        return Err(format!(
            "{} left on {last_day}: there is no departure to start",
            app.name(person)
        ));
    }
    if let Some(open) = app
        .derived
        .departures(&app.org, person)
        .into_iter()
        .find(|d| d.last_day >= app.today)
    {
        return Err(format!(
            "{} is leaving already (last day {}): the Retention tab has the checklist",
            app.name(person),
            open.last_day
        ));
    }
    let receiver = app
        .org
        .people
        .get(person)
        .and_then(|p| p.manager.as_ref())
        .map(|m| person_text(app, m.as_str()))
        .unwrap_or_default();
    Ok((
        title_for(app, "Departure and handover", person),
        vec![
            Field::new("Last day", Kind::Date, "YYYY-MM-DD, or +30d, +4w").required(),
            Field::new("Reason", Kind::Text, "why they leave, as they said it"),
            Field::new(
                "Receiver",
                Kind::Person,
                "who takes the handover over (their manager unless said); ctrl-p picks",
            )
            .required()
            .with(receiver),
        ],
    ))
}

pub(super) fn departure_change(
    app: &App,
    person: &str,
    values: &[Value],
) -> Result<Change, Problems> {
    let Some(last_day) = values[0].date() else {
        return Err(Vec::new());
    };
    let receiver = values[2].person();
    if receiver.as_ref().is_some_and(|r| r.as_str() == person) {
        return Err(vec![(2, "someone else takes the handover over".into())]);
    }
    if last_day < app.today {
        return Err(vec![(
            0,
            format!("the last day has passed ({last_day}); edit the person's status instead"),
        )]);
    }
    let id = next_numbered(app, "D", app.org.departures.len() + 1, |id| {
        app.org.departures.contains_key(id)
    });
    let departure = app.handover.departure(
        DepartureId::new(id),
        PersonId::new(person),
        (app.today, last_day),
        values[1].text().trim().to_string(),
        receiver,
    );
    Ok(Change::StartDeparture { departure })
}

pub(super) fn report_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let departure = app
        .org
        .departures
        .get(id)
        .ok_or_else(|| "That departure is no longer there".to_string())?;
    // A first report starts from the checklist: each task (soonest due first, as listed), to
    // whom, and where it stands; then each access, revoked or still open.
    let report = match departure.report.trim() {
        "" => (departure.tasks_by_due().into_iter())
            .map(|t| {
                let to = t
                    .receiver
                    .as_ref()
                    .map_or("nobody yet".to_string(), |r| app.name(r.as_str()));
                let state = match (t.done_on, t.confirmed_on) {
                    (Some(_), Some(on)) => format!("done, confirmed {on}"),
                    (Some(on), None) => format!("done {on}, not confirmed"),
                    (None, _) => "open".to_string(),
                };
                format!("{} → {to}: {state}", t.description)
            })
            .chain(departure.revocations.iter().map(|r| match r.revoked_at {
                Some(at) => format!(
                    "access {}: revoked {}",
                    r.system,
                    at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M")
                ),
                None => format!("access {}: not yet revoked", r.system),
            }))
            .collect::<Vec<_>>()
            .join("\n"),
        written => written.to_string(),
    };
    Ok((
        title_for(app, "Handover report", departure.person.as_str()),
        vec![
            Field::new(
                "Report",
                Kind::Text,
                "what was handed over, to whom, what is left open",
            )
            .required()
            .with(report),
        ],
    ))
}

pub(super) fn report_change(id: &str, values: &[Value]) -> Result<Change, Problems> {
    Ok(Change::SetHandoverReport {
        departure: DepartureId::new(id),
        report: values[0].text().trim().to_string(),
    })
}
