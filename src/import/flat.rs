//! The kinds whose export is one row per record: assessments, points entries, flags raised by
//! hand, users. Each reads its export's columns back into the record it came from.

use super::{ImportError, ImportPlan, Row, finish, read_rows};
use crate::domain::assessment::{Assessment, Band, Quarter};
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::ids::{EntryId, FlagId, PersonId, RuleId};
use crate::domain::points::PointsEntry;
use crate::domain::user::{Role, Scope, User};
use crate::domain::{Change, Org};
use chrono::NaiveDate;

/// Reads a typed value from a cell, or notes what is wrong with `field`.
fn parse<T: std::str::FromStr>(
    row: &Row<'_>,
    field: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let text = row.get(field);
    match text.parse() {
        Ok(value) => Some(value),
        Err(_) => {
            problems.push(format!(
                "{field}: `{}` cannot be read as a {field}",
                crate::text::escaped(text)
            ));
            None
        }
    }
}

/// An optional typed value: empty is `None`.
fn optional<T: std::str::FromStr>(
    row: &Row<'_>,
    field: &str,
    problems: &mut Vec<String>,
) -> Option<Option<T>> {
    match row.get(field) {
        "" => Some(None),
        _ => parse(row, field, problems).map(Some),
    }
}

/// A person the file names, who must be on the roster.
pub(super) fn person(
    row: &Row<'_>,
    field: &str,
    org: &Org,
    problems: &mut Vec<String>,
) -> Option<PersonId> {
    let id = row.get(field);
    if org.people.contains_key(id) {
        Some(PersonId::new(id))
    } else {
        problems.push(format!(
            "{field}: nobody on the roster has the id `{}`",
            crate::text::escaped(id)
        ));
        None
    }
}

fn quarter(text: &str) -> Option<Quarter> {
    let (year, q) = text.split_once('Q')?;
    let quarter = Quarter {
        year: year.parse().ok()?,
        q: q.parse().ok()?,
    };
    (1..=4).contains(&quarter.q).then_some(quarter)
}

use crate::export::columns::ASSESSMENTS;

pub(super) fn assessments(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    let rows = read_rows(bytes, file, ASSESSMENTS, |row, problems| {
        let who = person(row, "person", org, problems);
        let q = quarter(row.get("quarter"));
        if q.is_none() {
            problems.push(format!(
                "quarter: `{}` is not a quarter such as 2026Q4",
                row.get("quarter")
            ));
        }
        // Every field is read before any is given up on: all problems are said at once.
        let ability = parse(row, "ability", problems);
        let contribution = parse(row, "contribution", problems);
        let influence = parse(row, "influence", problems);
        let kpi = optional(row, "kpi_attainment", problems);
        let engagement = parse(row, "engagement", problems);
        let performance = parse::<Band>(row, "performance", problems);
        let potential = parse::<Band>(row, "potential", problems);
        let leave = optional(row, "leave_days", problems);
        let assessment = Assessment {
            person: who?,
            quarter: q?,
            ability: ability?,
            contribution: contribution?,
            influence: influence?,
            kpi_attainment: kpi?,
            engagement: engagement?,
            performance: performance?,
            potential: potential?,
            leave_days: leave?,
            note: row.get("note").to_string(),
        };
        if let Err(e) = assessment.validate() {
            problems.push(e);
        }
        Some(assessment)
    })?;
    // An assessment is replaced whole: the file's is the one that counts.
    let (mut changes, mut counts) = (Vec::new(), (0, 0, 0));
    for (_, assessment) in rows {
        match org.assessments.get(assessment.id().0.as_str()) {
            Some(stored) if *stored == assessment => counts.2 += 1,
            Some(_) => {
                counts.1 += 1;
                changes.push(Change::RecordAssessment { assessment });
            }
            None => {
                counts.0 += 1;
                changes.push(Change::RecordAssessment { assessment });
            }
        }
    }
    Ok(finish("assessments", file, changes, counts))
}

use crate::export::columns::POINTS;

pub(super) fn points(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    let rows = read_rows(bytes, file, POINTS, |row, problems| {
        let rule = match row.get("rule") {
            "" => None,
            id if org.points_rules.contains_key(id) => Some(RuleId::new(id)),
            id => {
                problems.push(format!(
                    "rule: there is no points rule `{}` (crewdeck config points loads them)",
                    crate::text::escaped(id)
                ));
                return None;
            }
        };
        let who = person(row, "person", org, problems);
        let date = super::nested::day(row.get("date"), "date", problems);
        let points = parse(row, "points", problems);
        Some(PointsEntry {
            id: EntryId::new(row.get("id")),
            person: who?,
            date: date?,
            rule,
            points: points?,
            reason: row.get("reason").into(),
            reverses: match row.get("reverses") {
                "" => None,
                id => Some(EntryId::new(id)),
            },
            recorded_by: row.get("recorded_by").into(),
        })
    })?;
    let mut problems = Vec::new();
    let (mut changes, mut counts) = (Vec::new(), (0, 0, 0));
    let mut in_file: std::collections::HashMap<&str, &PointsEntry> = Default::default();
    for (line, entry) in &rows {
        if in_file.insert(entry.id.as_str(), entry).is_some() {
            problems.push(format!(
                "line {line}: points entry {} is listed twice",
                entry.id
            ));
        }
        if entry.points == 0 || entry.points == i32::MIN {
            problems.push(format!(
                "line {line}, points: {} points cannot be recorded",
                entry.points
            ));
        }
    }
    // Awards first: a reversal (which may be dated before its original) needs it stored.
    let mut reversals = Vec::new();
    for (line, entry) in &rows {
        match org.points.get(entry.id.as_str()) {
            Some(stored) if stored == entry => {
                counts.2 += 1;
                continue;
            }
            Some(_) => {
                problems.push(format!(
                    "line {line}: points entry {} is in the ledger with other values; the ledger is never changed, only added to",
                    entry.id
                ));
                continue;
            }
            None => {}
        }
        counts.0 += 1;
        match &entry.reverses {
            // A reversing entry is made by reversing its original, as in the cockpit.
            Some(original) => {
                let of = org
                    .points
                    .get(original.as_str())
                    .or_else(|| in_file.get(original.as_str()).copied());
                let fits = of.is_some_and(|o| o.points.checked_neg() == Some(entry.points))
                    && entry.id == PointsEntry::reversal_id(original);
                if !fits {
                    problems.push(format!(
                        "line {line}: entry {} reverses {original}, but that entry is not in the ledger or the file with the opposite points",
                        entry.id
                    ));
                    continue;
                }
                reversals.push(Change::ReversePoints {
                    entry: original.clone(),
                    date: entry.date,
                    reason: entry.reason.to_string(),
                    recorded_by: entry.recorded_by.to_string(),
                });
            }
            None => changes.push(Change::AwardPoints {
                entry: entry.clone(),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError {
            file: file.to_string(),
            problems,
        });
    }
    changes.extend(reversals);
    Ok(finish("points", file, changes, counts))
}

use crate::export::columns::FLAGS;

/// `person E001`, `position KP01`, `team Sales`.
fn subject(text: &str, org: &Org) -> Result<Subject, String> {
    let (kind, id) = text.split_once(' ').unwrap_or((text, ""));
    match kind {
        "person" if org.people.contains_key(id) => Ok(Subject::Person(id.into())),
        "position" if org.positions.contains_key(id) => Ok(Subject::Position(id.into())),
        "team" if !id.is_empty() => Ok(Subject::Team(id.to_string())),
        "person" | "position" => Err(format!("there is no {kind} `{id}`")),
        _ => Err(format!(
            "`{text}` is not `person ID`, `position ID` or `team NAME`"
        )),
    }
}

/// The state and its detail as the export writes them: `acknowledged` + `by lin on 2026-11-02`,
/// `snoozed` + `until 2026-12-01`, `resolved` + `2026-11-20: talked it through`.
fn state(label: &str, detail: &str) -> Result<FlagState, String> {
    let day = |text: &str| {
        let mut problems = Vec::new();
        super::nested::day(text, "state_detail", &mut problems).ok_or_else(|| problems.join("; "))
    };
    match label {
        "open" => Ok(FlagState::Open),
        "acknowledged" => {
            let rest = detail.strip_prefix("by ").unwrap_or(detail);
            let (by, on) = rest
                .rsplit_once(" on ")
                .ok_or_else(|| "state_detail: write it as `by NAME on YYYY-MM-DD`".to_string())?;
            Ok(FlagState::Acknowledged {
                by: by.to_string(),
                on: day(on)?,
            })
        }
        "snoozed" => Ok(FlagState::Snoozed {
            until: day(detail.strip_prefix("until ").unwrap_or(detail))?,
        }),
        "resolved" => {
            let (on, note) = detail.split_once(": ").unwrap_or((detail, ""));
            Ok(FlagState::Resolved {
                on: day(on)?,
                note: note.to_string(),
            })
        }
        other => Err(format!(
            "state: `{other}` is not open, acknowledged, snoozed or resolved"
        )),
    }
}

pub(super) fn flags(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    let rows = read_rows(bytes, file, FLAGS, |row, problems| {
        let subject = subject(row.get("subject"), org)
            .map_err(|e| problems.push(format!("subject: {e}")))
            .ok();
        let state = state(row.get("state"), row.get("state_detail"))
            .map_err(|e| problems.push(e))
            .ok();
        if row.get("reason").is_empty() {
            problems.push("reason: a flag needs a reason".into());
        }
        let severity = parse::<Severity>(row, "severity", problems);
        let raised_on = super::nested::day(row.get("raised_on"), "raised_on", problems);
        Some(ManualFlag {
            id: FlagId::new(row.get("id")),
            subject: subject?,
            severity: severity?,
            reason: row.get("reason").to_string(),
            raised_by: row.get("raised_by").to_string(),
            raised_on: raised_on?,
            state: state?,
        })
    })?;
    let mut problems = Vec::new();
    let (changes, counts) = super::nested::new_only(
        rows,
        |f| org.flags.get(f.id.as_str()),
        |f| format!("flag {}", f.id),
        |flag| Change::RaiseFlag { flag },
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(super::nested::refused(file, problems));
    }
    Ok(finish("flags", file, changes, counts))
}

use crate::export::columns::USERS;

/// A user's scope as two cells: `everyone`; `teams` with `Sales; Product`; `reports_of` with a
/// person's id.
pub fn scope_cells(scope: &Scope) -> (String, String) {
    match scope {
        Scope::Everyone => ("everyone".into(), String::new()),
        Scope::Teams(teams) => ("teams".into(), teams.join("; ")),
        Scope::ReportsOf(id) => ("reports_of".into(), id.to_string()),
    }
}

pub(super) fn users(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    let rows = read_rows(bytes, file, USERS, |row, problems| {
        let value = row.get("scope_value");
        let scope = match row.get("scope") {
            "everyone" => Some(Scope::Everyone),
            "teams" if !value.is_empty() => Some(Scope::Teams(
                value.split(';').map(|t| t.trim().to_string()).collect(),
            )),
            "reports_of" => person(row, "scope_value", org, problems).map(Scope::ReportsOf),
            other => {
                problems.push(format!(
                    "scope: `{}` is not everyone, teams (with their names) or reports_of (with a person's id)",
                    crate::text::escaped(other)
                ));
                None
            }
        };
        if row.get("name").is_empty() {
            problems.push("name: a user needs a name".into());
        }
        let linked = match row.get("person") {
            "" => Some(None),
            _ => person(row, "person", org, problems).map(Some),
        };
        let role = parse::<Role>(row, "role", problems);
        Some(User {
            name: row.get("name").to_string(),
            role: role?,
            scope: scope?,
            person: linked?,
        })
    })?;
    // A user is replaced whole: the file's is the one that counts. Admins first: once users
    // exist one must be an admin, at every step of the batch.
    let (mut changes, mut counts) = (Vec::new(), (0, 0, 0));
    let mut rows = rows;
    rows.sort_by_key(|(_, user)| user.role != Role::Admin);
    for (_, user) in rows {
        match org.users.get(user.name.as_str()) {
            Some(stored) if *stored == user => counts.2 += 1,
            Some(_) => {
                counts.1 += 1;
                changes.push(Change::UpsertUser { user });
            }
            None => {
                counts.0 += 1;
                changes.push(Change::UpsertUser { user });
            }
        }
    }
    Ok(finish("users", file, changes, counts))
}

use crate::export::columns::SUCCESSION;

/// `shadowing; Sit in on planning; 2026-12-01 | mentor; Monthly sessions;` as the export
/// writes a successor's development.
fn development(text: &str) -> Result<Vec<crate::domain::succession::DevelopmentAction>, String> {
    use crate::domain::succession::{DevelopmentAction, DevelopmentKind};
    text.split(" | ")
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (kind, rest) = part
                .split_once("; ")
                .ok_or_else(|| format!("development: `{part}` is not `kind; what; due`"))?;
            let (what, due) = rest.rsplit_once(';').unwrap_or((rest, ""));
            let kind = match kind.trim() {
                "shadowing" => DevelopmentKind::Shadowing,
                "rotation" => DevelopmentKind::Rotation,
                "mentor" => DevelopmentKind::Mentor,
                "training" => DevelopmentKind::Training,
                other => {
                    return Err(format!(
                        "development: `{other}` is not shadowing, rotation, mentor or training"
                    ));
                }
            };
            let due = match due.trim() {
                "" => None,
                day => Some(
                    NaiveDate::parse_from_str(day, "%Y-%m-%d")
                        .map_err(|_| format!("development: `{day}` is not a day"))?,
                ),
            };
            Ok(DevelopmentAction {
                kind,
                description: what.trim().to_string(),
                due,
            })
        })
        .collect()
}

pub(super) fn succession(bytes: &[u8], file: &str, org: &Org) -> Result<ImportPlan, ImportError> {
    use crate::domain::succession::{Criticality, KeyPosition, Readiness, Successor};
    let rows = read_rows(bytes, file, SUCCESSION, |row, problems| {
        let incumbent = match row.get("incumbent") {
            "" => Some(None),
            _ => person(row, "incumbent", org, problems).map(Some),
        };
        let criticality = parse::<Criticality>(row, "criticality", problems);
        let successor = match row.get("successor") {
            "" => Some(None),
            _ => {
                let who = person(row, "successor", org, problems);
                let development = development(row.get("development"))
                    .map_err(|e| problems.push(e))
                    .ok();
                let readiness = parse::<Readiness>(row, "readiness", problems);
                let rank = parse(row, "rank", problems);
                (|| {
                    Some(Some(Successor {
                        person: who?,
                        readiness: readiness?,
                        emergency: row.get("emergency") == "yes",
                        rank: rank?,
                        development: development?,
                    }))
                })()
            }
        };
        Some((
            KeyPosition {
                id: row.get("position").into(),
                title: row.get("title").to_string(),
                team: row.get("team").to_string(),
                criticality: criticality?,
                incumbent: incumbent?,
                successors: Vec::new(),
            },
            successor?,
        ))
    })?;
    // Rows of one position come together: its fields, and a successor a row.
    let mut positions: Vec<(usize, KeyPosition)> = Vec::new();
    let mut problems = Vec::new();
    for (line, (position, successor)) in rows {
        match positions.iter_mut().find(|(_, p)| p.id == position.id) {
            Some((_, known)) => {
                let mut bare = known.clone();
                bare.successors.clear();
                if bare != position {
                    problems.push(format!(
                        "line {line}: position {} differs from its earlier rows",
                        position.id
                    ));
                }
                known.successors.extend(successor);
            }
            None => {
                let mut position = position;
                position.successors.extend(successor);
                positions.push((line, position));
            }
        }
    }
    for (line, position) in &mut positions {
        position.normalise_ranks();
        if let Err(e) = position.validate() {
            problems.push(format!("line {line}: position {}: {e}", position.id));
        }
    }
    let (changes, counts) = super::nested::new_only(
        positions,
        |p| org.positions.get(p.id.as_str()),
        |p| format!("key position {}", p.id),
        |position| Change::UpsertPosition { position },
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(super::nested::refused(file, problems));
    }
    Ok(finish("succession", file, changes, counts))
}
