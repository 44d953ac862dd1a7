//! The kinds whose records hold lists: GROW notes (actions), stay interviews (follow-ups),
//! improvement plans (a row per goal; actions, check-ins and supports in cells) and departures
//! (a row per handover task and per access to revoke). A list in a cell has its items apart by
//! ` | ` and each item's parts apart by `; `, as the exports write them.

use super::flat::person;
use super::{ImportError, ImportPlan, finish, read_rows};
use crate::domain::{Change, Org};
use chrono::NaiveDate;

/// The items of a list cell, each split into `parts` parts at `; ` (the last part takes the
/// rest, so it may hold `; ` itself).
fn items(cell: &str, parts: usize) -> Vec<Vec<&str>> {
    cell.split(" | ")
        .filter(|item| !item.trim().is_empty())
        .map(|item| item.splitn(parts, ';').map(str::trim).collect())
        .collect()
}

/// A day as the exports write it, YYYY-MM-DD, in the years 1900 to 2999.
pub(super) fn day(text: &str, field: &str, problems: &mut Vec<String>) -> Option<NaiveDate> {
    use chrono::Datelike;
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        // A year outside these is a slip, and would overflow day arithmetic.
        Ok(d) if (1900..=2999).contains(&d.year()) => Some(d),
        _ => {
            problems.push(format!(
                "{field}: `{}` is not a day (YYYY-MM-DD)",
                crate::text::escaped(text)
            ));
            None
        }
    }
}

fn maybe_day(text: &str, field: &str, problems: &mut Vec<String>) -> Option<Option<NaiveDate>> {
    match text.trim() {
        "" => Some(None),
        t => day(t, field, problems).map(Some),
    }
}

/// The changes for records that are new; an identical stored one is left, a different one is
/// a problem.
pub(super) fn new_only<'o, T: PartialEq + 'o>(
    records: Vec<(usize, T)>,
    stored: impl Fn(&T) -> Option<&'o T>,
    id: impl Fn(&T) -> String,
    change: impl Fn(T) -> Change,
    problems: &mut Vec<String>,
) -> (Vec<Change>, (usize, usize, usize)) {
    let (mut changes, mut counts) = (Vec::new(), (0, 0, 0));
    let mut seen = std::collections::HashSet::new();
    for (line, record) in records {
        if !seen.insert(id(&record)) {
            problems.push(format!("line {line}: {} is listed twice", id(&record)));
            continue;
        }
        match stored(&record) {
            Some(s) if *s == record => counts.2 += 1,
            Some(_) => problems.push(format!(
                "line {line}: {} is stored with other values; crewdeck does not overwrite it from a file",
                id(&record)
            )),
            None => {
                counts.0 += 1;
                changes.push(change(record));
            }
        }
    }
    (changes, counts)
}

pub(super) fn refused(file: &str, problems: Vec<String>) -> ImportError {
    ImportError {
        file: file.to_string(),
        problems,
    }
}

use crate::export::columns::NOTES;

pub(super) fn notes(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    use crate::domain::grow::{ActionItem, GrowNote};
    let rows = read_rows(bytes, file, NOTES, |row, problems| {
        let who = person(row, "person", org, problems);
        let date = day(row.get("date"), "date", problems);
        let confidence = match row.get("confidence") {
            "" => Some(None),
            c => c
                .parse::<u8>()
                .map(Some)
                .map_err(|_| {
                    problems.push(format!("confidence: `{c}` is not 1 to 10"));
                })
                .ok(),
        };
        let mut actions = Vec::new();
        for parts in items(row.get("actions"), 5) {
            let [number, what, owner, due, done] = parts[..] else {
                problems.push("actions: each is `number; what; owner; due; done`".into());
                continue;
            };
            let (Ok(id), Some(due), Some(done)) = (
                number.parse::<u32>(),
                maybe_day(due, "actions", problems),
                maybe_day(done, "actions", problems),
            ) else {
                problems.push(format!("actions: `{number}` is not an action's number"));
                continue;
            };
            actions.push(ActionItem {
                id,
                text: what.to_string(),
                owner: owner.into(),
                due,
                done,
            });
        }
        let note = GrowNote {
            id: row.get("id").into(),
            person: who?,
            date: date?,
            author: row.get("author").into(),
            goal: row.get("goal").to_string(),
            reality: row.get("reality").to_string(),
            options: row.get("options").to_string(),
            will: row.get("will").to_string(),
            confidence: confidence?,
            actions,
        };
        if let Err(e) = note.validate() {
            problems.push(e);
        }
        Some(note)
    })?;
    let mut problems = Vec::new();
    let (changes, counts) = new_only(
        rows,
        |n| org.notes.get(n.id.as_str()),
        |n| format!("GROW note {}", n.id),
        |note| Change::AddGrowNote { note },
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(refused(file, problems));
    }
    Ok(finish("notes", file, changes, counts))
}

use crate::export::columns::STAYS;

pub(super) fn stays(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    use crate::domain::stay::{FollowUp, StayInterview};
    let rows = read_rows(bytes, file, STAYS, |row, problems| {
        let who = person(row, "person", org, problems);
        let date = day(row.get("date"), "date", problems);
        let mut follow_ups = Vec::new();
        for parts in items(row.get("follow_ups"), 4) {
            let [what, owner, due, done] = parts[..] else {
                problems.push("follow_ups: each is `what; owner; due; done`".into());
                continue;
            };
            let (Some(due), Some(done)) = (
                day(due, "follow_ups", problems),
                maybe_day(done, "follow_ups", problems),
            ) else {
                continue;
            };
            follow_ups.push(FollowUp {
                text: what.to_string(),
                owner: owner.to_string(),
                due,
                done,
            });
        }
        let interview = StayInterview {
            id: row.get("id").into(),
            person: who?,
            date: date?,
            interviewer: row.get("interviewer").to_string(),
            why_stay: row.get("why_stay").to_string(),
            would_leave_if: row.get("would_leave_if").to_string(),
            notes: row.get("notes").to_string(),
            follow_ups,
            wants_next: row.get("wants_next").to_string(),
        };
        if let Err(e) = interview.validate() {
            problems.push(e);
        }
        Some(interview)
    })?;
    let mut problems = Vec::new();
    let (changes, counts) = new_only(
        rows,
        |s| org.stay_interviews.get(s.id.as_str()),
        |s| format!("stay interview {}", s.id),
        |interview| Change::RecordStayInterview { interview },
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(refused(file, problems));
    }
    Ok(finish("stays", file, changes, counts))
}

use crate::export::columns::DEPARTURES;

/// One row of the departures export: the departure's own fields, and a task, an access or
/// nothing.
enum Item {
    Task(crate::domain::departure::HandoverTask),
    Access(crate::domain::departure::AccessRevocation),
    None,
}

pub(super) fn departures(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    use crate::domain::departure::{
        AccessClass, AccessRevocation, Departure, HandoverKind, HandoverTask,
    };
    let rows = read_rows(bytes, file, DEPARTURES, |row, problems| {
        let who = person(row, "person", org, problems);
        let last_day = day(row.get("last_day"), "last_day", problems);
        let started = day(row.get("started_on"), "started_on", problems);
        let (kind, item) = (row.get("kind"), row.get("item"));
        let item = match item.split_once(' ') {
            None if item.is_empty() => Some(Item::None),
            Some(("task", n)) => {
                let kind =
                    serde_json::from_value::<HandoverKind>(serde_json::Value::String(kind.into()))
                        .map_err(|_| {
                            problems.push(format!("kind: `{kind}` is not a handover task's kind"))
                        })
                        .ok();
                let receiver = match row.get("receiver") {
                    "" => Some(None),
                    _ => person(row, "receiver", org, problems).map(Some),
                };
                let due = day(row.get("due"), "due", problems);
                let done = maybe_day(row.get("done"), "done", problems);
                let confirmed = maybe_day(row.get("confirmed"), "confirmed", problems);
                (|| {
                    Some(Item::Task(HandoverTask {
                        id: n.parse().ok()?,
                        kind: kind?,
                        description: row.get("what").to_string(),
                        due_offset_days: i32::try_from((due? - last_day?).num_days()).ok()?,
                        receiver: receiver?,
                        done_on: done?,
                        confirmed_on: confirmed?,
                    }))
                })()
            }
            Some(("access", n)) => {
                let class = match kind.strip_prefix("revoke ") {
                    Some("sensitive") => Some(AccessClass::Sensitive),
                    Some("standard") => Some(AccessClass::Standard),
                    Some("account") => Some(AccessClass::Account),
                    _ => {
                        problems.push(format!(
                            "kind: `{kind}` is not revoke sensitive, standard or account"
                        ));
                        None
                    }
                };
                let revoked = match row.get("done") {
                    "" => Some(None),
                    at => chrono::DateTime::parse_from_rfc3339(at)
                        .map(|t| Some(t.with_timezone(&chrono::Utc)))
                        .map_err(|_| {
                            problems.push(format!(
                                "done: `{at}` is not a time such as 2026-11-20T17:30:00Z"
                            ))
                        })
                        .ok(),
                };
                (|| {
                    Some(Item::Access(AccessRevocation {
                        id: n.parse().ok()?,
                        system: row.get("what").to_string(),
                        class: class?,
                        revoked_at: revoked?,
                    }))
                })()
            }
            _ => {
                problems.push(format!("item: `{item}` is not `task N` or `access N`"));
                None
            }
        };
        let departure = Departure {
            id: row.get("departure").into(),
            person: who?,
            last_day: last_day?,
            started_on: started?,
            reason: row.get("reason").to_string(),
            tasks: Vec::new(),
            revocations: Vec::new(),
            report: row.get("report").to_string(),
        };
        Some((departure, item?))
    })?;
    // Rows of one departure come together: its fields, and a task or an access a row.
    let mut departures: Vec<(usize, Departure)> = Vec::new();
    let mut problems = Vec::new();
    for (line, (departure, item)) in rows {
        let at = match departures.iter().position(|(_, d)| d.id == departure.id) {
            Some(at) => {
                let known = &departures[at].1;
                let bare = Departure {
                    tasks: Vec::new(),
                    revocations: Vec::new(),
                    ..known.clone()
                };
                if bare != departure {
                    problems.push(format!(
                        "line {line}: departure {} differs from its earlier rows",
                        departure.id
                    ));
                }
                at
            }
            None => {
                departures.push((line, departure));
                departures.len() - 1
            }
        };
        match item {
            Item::Task(t) => departures[at].1.tasks.push(t),
            Item::Access(a) => departures[at].1.revocations.push(a),
            Item::None => {}
        }
    }
    for (line, d) in &departures {
        if let Err(e) = d.validate() {
            problems.push(format!("line {line}: departure {}: {e}", d.id));
        }
    }
    // Starting a departure marks the person leaving with its last day; the roster already says
    // what they are (left, by now, for an old one), so their status is put back as it stands.
    let (changes, counts) = new_only(
        departures,
        |d| org.departures.get(d.id.as_str()),
        |d| format!("departure {}", d.id),
        |departure| {
            let person = departure.person.clone();
            let status = org.people.get(person.as_str()).map(|p| p.status);
            let start = Change::StartDeparture { departure };
            match status {
                Some(
                    status @ (crate::domain::person::Status::Active
                    | crate::domain::person::Status::OnLeave
                    | crate::domain::person::Status::Left { .. }),
                ) => Change::Batch {
                    label: "departure with the status the roster has".into(),
                    changes: vec![start, Change::SetStatus { person, status }],
                },
                _ => start,
            }
        },
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(refused(file, problems));
    }
    Ok(finish("departures", file, changes, counts))
}

use crate::export::columns::PIPS;

pub(super) fn pips(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    use crate::domain::pip::{
        CheckIn, Direction, GoalRating, Pip, PipGoal, PipStatus, PlanAction, Rating, Support,
        SupportKind,
    };
    let rows = read_rows(bytes, file, PIPS, |row, problems| {
        let who = person(row, "person", org, problems);
        let status = row
            .get("status")
            .parse::<PipStatus>()
            .map_err(|e| problems.push(format!("status: {e}")))
            .ok();
        let start = day(row.get("start"), "start", problems);
        let end = day(row.get("end"), "end", problems);
        let every = row
            .get("check_in_days")
            .parse::<u16>()
            .map_err(|_| problems.push("check_in_days: not a whole number".into()))
            .ok();
        let number = |field: &str, problems: &mut Vec<String>| -> Option<f64> {
            row.get(field)
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .or_else(|| {
                    problems.push(format!("{field}: `{}` is not a number", row.get(field)));
                    None
                })
        };
        let goal = match row.get("goal") {
            "" => Some(None),
            g => {
                let mut actions = Vec::new();
                for parts in items(row.get("actions"), 4) {
                    let [what, owner, due, done] = parts[..] else {
                        problems.push("actions: each is `what; owner; due; done`".into());
                        continue;
                    };
                    if let (Some(due), Some(done)) = (
                        maybe_day(due, "actions", problems),
                        maybe_day(done, "actions", problems),
                    ) {
                        actions.push(PlanAction {
                            text: what.to_string(),
                            owner: owner.to_string(),
                            due,
                            done,
                        });
                    }
                }
                let (baseline, target, current) = (
                    number("baseline", problems),
                    number("target", problems),
                    number("current", problems),
                );
                (|| {
                    Some(Some(PipGoal {
                        id: g.parse().ok()?,
                        dimension: row.get("dimension").to_string(),
                        unit: row.get("unit").to_string(),
                        direction: match row.get("better") {
                            "lower" => Direction::LowerIsBetter,
                            _ => Direction::HigherIsBetter,
                        },
                        target: target?,
                        baseline: baseline?,
                        current: current?,
                        root_cause: row.get("root_cause").to_string(),
                        actions,
                    }))
                })()
            }
        };
        let mut checkins = Vec::new();
        for parts in items(row.get("checkins"), 3) {
            let [date, ratings, note] = parts[..] else {
                problems.push("checkins: each is `day; goal=rating@value, …; note`".into());
                continue;
            };
            let Some(date) = day(date, "checkins", problems) else {
                continue;
            };
            let mut list = Vec::new();
            for r in ratings.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                let (goal, rest) = r.split_once('=').unwrap_or((r, ""));
                let (rating, value) = rest
                    .split_once('@')
                    .map_or((rest, None), |(a, b)| (a, Some(b)));
                match (
                    goal.parse::<u32>(),
                    rating.parse::<Rating>(),
                    value.map(str::parse::<f64>).transpose(),
                ) {
                    (Ok(goal), Ok(rating), Ok(value)) => list.push(GoalRating {
                        goal,
                        rating,
                        value,
                    }),
                    _ => problems.push(format!("checkins: `{r}` is not `goal=rating@value`")),
                }
            }
            checkins.push(CheckIn {
                date,
                note: note.to_string(),
                ratings: list,
            });
        }
        let supports: Vec<Support> = row
            .get("supports")
            .split(" | ")
            .filter(|s| !s.trim().is_empty())
            .filter_map(|s| {
                let (kind, what) = s.split_once(": ").unwrap_or((s, ""));
                let kind = match kind.trim() {
                    "mentor" => SupportKind::Mentor,
                    "training" => SupportKind::Training,
                    "resource" => SupportKind::Resource,
                    "other" => SupportKind::Other,
                    other => {
                        problems.push(format!(
                            "supports: `{other}` is not mentor, training, resource or other"
                        ));
                        return None;
                    }
                };
                Some(Support {
                    kind,
                    description: what.to_string(),
                })
            })
            .collect();
        let pip = Pip {
            id: row.get("plan").into(),
            person: who?,
            owner: row.get("owner").to_string(),
            status: status?,
            start: start?,
            end: end?,
            reason: row.get("reason").to_string(),
            goals: Vec::new(),
            supports,
            checkins,
            outcome: row.get("outcome").to_string(),
            checkin_every_days: every?,
        };
        Some((pip, goal?))
    })?;
    let mut plans: Vec<(usize, Pip)> = Vec::new();
    let mut problems = Vec::new();
    for (line, (pip, goal)) in rows {
        let at = match plans.iter().position(|(_, p)| p.id == pip.id) {
            Some(at) => {
                let bare = Pip {
                    goals: Vec::new(),
                    ..plans[at].1.clone()
                };
                if bare != pip {
                    problems.push(format!(
                        "line {line}: plan {} differs from its earlier rows",
                        pip.id
                    ));
                }
                at
            }
            None => {
                plans.push((line, pip));
                plans.len() - 1
            }
        };
        plans[at].1.goals.extend(goal);
    }
    for (_, pip) in &mut plans {
        if let Err(e) = pip.validate() {
            problems.push(format!("plan {}: {e}", pip.id));
        }
    }
    let (changes, counts) = new_only(
        plans,
        |p| org.pips.get(p.id.as_str()),
        |p| format!("improvement plan {}", p.id),
        |pip| Change::CreatePip { pip },
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(refused(file, problems));
    }
    Ok(finish("pips", file, changes, counts))
}
