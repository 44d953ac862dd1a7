//! The flat table of each export: one row per record (or per goal, per successor), plain
//! strings, so that CSV and Markdown show the same thing.

use super::Dataset;
use super::columns;
use crate::domain::person::Person;
use crate::domain::{AuditEntry, Org};
use chrono::NaiveDate;

pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

pub fn build(dataset: Dataset, org: &Org, audit: &[AuditEntry]) -> Table {
    match dataset {
        Dataset::Roster => roster(org),
        Dataset::Notes => notes(org),
        Dataset::Pips => pips(org),
        Dataset::Succession => succession(org),
        Dataset::Flags => flags(org),
        Dataset::Points => points(org),
        Dataset::Assessments => assessments(org),
        Dataset::Stays => stays(org),
        Dataset::Departures => departures(org),
        Dataset::Users => users(org),
        Dataset::Audit => audit_trail(audit),
    }
}

fn date(day: Option<NaiveDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

fn opt<T: ToString>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// A person's name, or the id itself when nobody has it.
fn name_of(org: &Org, id: &str) -> String {
    org.people
        .get(id)
        .map_or_else(|| id.to_string(), |p| p.name.to_string())
}

/// The roster columns are exactly the ones `crewdeck import roster` reads.
fn roster(org: &Org) -> Table {
    let headers = columns::ROSTER.to_vec();
    let rows = org
        .people
        .values()
        .map(|p: &Person| {
            vec![
                p.id.to_string(),
                p.name.to_string(),
                p.title.to_string(),
                p.team.to_string(),
                opt(p.manager.as_ref()),
                p.level.to_string(),
                p.track.map(|t| t.word().to_string()).unwrap_or_default(),
                p.location.to_string(),
                date(p.hire_date),
                p.hire_channel
                    .map(|c| c.word().to_string())
                    .unwrap_or_default(),
                opt(p.referred_by.as_ref()),
                p.status.label().to_string(),
                date(p.status.last_day()),
                if p.is_key() { "yes" } else { "no" }.to_string(),
                p.key.as_ref().map(|k| k.reason.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    Table { headers, rows }
}

/// The snake_case word serde uses for a unit enum value.
fn enum_word<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(word)) => word,
        _ => String::new(),
    }
}

fn notes(org: &Org) -> Table {
    let headers = columns::NOTES.to_vec();
    let rows = org
        .notes
        .values()
        .map(|n| {
            // Each action as `number; what; owner; due; done`, apart by ` | `, as
            // `import notes` reads them.
            let actions: Vec<String> = n
                .actions
                .iter()
                .map(|a| {
                    format!(
                        "{}; {}; {}; {}; {}",
                        a.id,
                        a.text,
                        a.owner,
                        date(a.due),
                        date(a.done)
                    )
                })
                .collect();
            vec![
                n.id.to_string(),
                n.person.to_string(),
                name_of(org, n.person.as_str()),
                n.date.to_string(),
                n.author.to_string(),
                n.goal.clone(),
                n.reality.clone(),
                n.options.clone(),
                n.will.clone(),
                opt(n.confidence.as_ref()),
                n.open_actions().count().to_string(),
                actions.join(" | "),
            ]
        })
        .collect();
    Table { headers, rows }
}

fn pips(org: &Org) -> Table {
    let headers = columns::PIPS.to_vec();
    let mut rows = Vec::new();
    for pip in org.pips.values() {
        let head = vec![
            pip.id.to_string(),
            pip.person.to_string(),
            name_of(org, pip.person.as_str()),
            pip.owner.clone(),
            pip.status.word().to_string(),
            pip.start.to_string(),
            pip.end.to_string(),
            pip.checkin_every_days.to_string(),
            pip.reason.clone(),
        ];
        let supports: Vec<String> = pip
            .supports
            .iter()
            .map(|s| {
                format!(
                    "{}: {}",
                    format!("{:?}", s.kind).to_lowercase(),
                    s.description
                )
            })
            .collect();
        // Each check-in as `day; goal=rating@value, …; note`, apart by ` | `.
        let checkins: Vec<String> = pip
            .checkins
            .iter()
            .map(|c| {
                let ratings: Vec<String> = c
                    .ratings
                    .iter()
                    .map(|r| match r.value {
                        Some(v) => format!("{}={}@{v}", r.goal, r.rating.word()),
                        None => format!("{}={}", r.goal, r.rating.word()),
                    })
                    .collect();
                format!("{}; {}; {}", c.date, ratings.join(", "), c.note)
            })
            .collect();
        let tail = |row: &mut Vec<String>| {
            row.push(checkins.join(" | "));
            row.push(supports.join(" | "));
            row.push(pip.outcome.clone());
        };
        if pip.goals.is_empty() {
            let mut row = head.clone();
            row.extend(std::iter::repeat_n(String::new(), 11));
            tail(&mut row);
            rows.push(row);
        }
        for goal in &pip.goals {
            let last_rating = pip
                .checkins
                .iter()
                .rev()
                .find_map(|c| c.ratings.iter().find(|r| r.goal == goal.id))
                .map(|r| r.rating.word().to_string())
                .unwrap_or_default();
            // Each action as `what; owner; due; done`, the actions apart by ` | `.
            let actions: Vec<String> = goal
                .actions
                .iter()
                .map(|a| {
                    let day =
                        |d: Option<chrono::NaiveDate>| d.map_or(String::new(), |d| d.to_string());
                    format!("{}; {}; {}; {}", a.text, a.owner, day(a.due), day(a.done))
                })
                .collect();
            let mut row = head.clone();
            row.extend([
                goal.id.to_string(),
                goal.dimension.clone(),
                goal.unit.clone(),
                match goal.direction {
                    crate::domain::pip::Direction::HigherIsBetter => "higher".to_string(),
                    crate::domain::pip::Direction::LowerIsBetter => "lower".to_string(),
                },
                goal.baseline.to_string(),
                goal.target.to_string(),
                goal.current.to_string(),
                goal.gap().max(0.0).to_string(),
                goal.root_cause.clone(),
                actions.join(" | "),
                last_rating,
            ]);
            tail(&mut row);
            rows.push(row);
        }
    }
    Table { headers, rows }
}

fn succession(org: &Org) -> Table {
    let headers = columns::SUCCESSION.to_vec();
    let mut rows = Vec::new();
    for pos in org.positions.values() {
        let head = vec![
            pos.id.to_string(),
            pos.title.clone(),
            pos.team.clone(),
            pos.criticality.word().to_string(),
            opt(pos.incumbent.as_ref()),
            pos.incumbent
                .as_ref()
                .map(|p| name_of(org, p.as_str()))
                .unwrap_or_else(|| "(vacant)".into()),
        ];
        if pos.successors.is_empty() {
            let mut row = head.clone();
            row.extend([
                "".into(),
                "".into(),
                "(no successor)".into(),
                "".into(),
                "".into(),
                "".into(),
            ]);
            rows.push(row);
        }
        for s in &pos.successors {
            // Each as `kind; what; due`, apart by ` | `, as `import succession` reads them.
            let development: Vec<String> = s
                .development
                .iter()
                .map(|d| format!("{}; {}; {}", enum_word(&d.kind), d.description, date(d.due)))
                .collect();
            let mut row = head.clone();
            row.extend([
                s.rank.to_string(),
                s.person.to_string(),
                name_of(org, s.person.as_str()),
                s.readiness.word().to_string(),
                if s.emergency { "yes" } else { "no" }.to_string(),
                development.join(" | "),
            ]);
            rows.push(row);
        }
    }
    Table { headers, rows }
}

fn flags(org: &Org) -> Table {
    use crate::domain::flag::{FlagState, Subject};
    let headers = columns::FLAGS.to_vec();
    let rows = org
        .flags
        .values()
        .map(|f| {
            let subject_name = match &f.subject {
                Subject::Person(id) => name_of(org, id.as_str()),
                Subject::Position(id) => org
                    .positions
                    .get(id.as_str())
                    .map_or_else(|| id.to_string(), |p| p.title.clone()),
                Subject::Team(team) => team.clone(),
            };
            let detail = match &f.state {
                FlagState::Open => String::new(),
                FlagState::Acknowledged { by, on } => format!("by {by} on {on}"),
                FlagState::Snoozed { until } => format!("until {until}"),
                FlagState::Resolved { on, note } => format!("{on}: {note}"),
            };
            vec![
                f.id.to_string(),
                f.subject.to_string(),
                subject_name,
                f.severity.label().to_string(),
                f.state.label().to_string(),
                f.reason.clone(),
                f.raised_by.clone(),
                f.raised_on.to_string(),
                detail,
            ]
        })
        .collect();
    Table { headers, rows }
}

fn points(org: &Org) -> Table {
    let headers = columns::POINTS.to_vec();
    let mut entries: Vec<_> = org.points.values().collect();
    entries.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let rows = entries
        .into_iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.date.to_string(),
                e.person.to_string(),
                name_of(org, e.person.as_str()),
                org.people
                    .get(e.person.as_str())
                    .map(|p| p.team.to_string())
                    .unwrap_or_default(),
                opt(e.rule.as_ref()),
                e.points.to_string(),
                e.reason.to_string(),
                opt(e.reverses.as_ref()),
                e.recorded_by.to_string(),
            ]
        })
        .collect();
    Table { headers, rows }
}

fn audit_trail(audit: &[AuditEntry]) -> Table {
    let headers = vec!["seq", "at", "actor", "change", "records_touched"];
    let rows = audit
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                e.actor.clone(),
                e.change.summary(),
                e.diffs.len().to_string(),
            ]
        })
        .collect();
    Table { headers, rows }
}

fn assessments(org: &Org) -> Table {
    let headers = columns::ASSESSMENTS.to_vec();
    let rows = org
        .assessments
        .values()
        .map(|a| {
            vec![
                a.person.to_string(),
                name_of(org, a.person.as_str()),
                a.quarter.to_string(),
                a.ability.to_string(),
                a.contribution.to_string(),
                a.influence.to_string(),
                opt(a.kpi_attainment.as_ref()),
                a.engagement.to_string(),
                a.performance.label().to_string(),
                a.potential.label().to_string(),
                opt(a.leave_days.as_ref()),
                a.note.clone(),
            ]
        })
        .collect();
    Table { headers, rows }
}

fn stays(org: &Org) -> Table {
    let headers = columns::STAYS.to_vec();
    let rows = org
        .stay_interviews
        .values()
        .map(|s| {
            // Each follow-up as `what; owner; due; done`, apart by ` | `.
            let follow_ups: Vec<String> = s
                .follow_ups
                .iter()
                .map(|f| format!("{}; {}; {}; {}", f.text, f.owner, f.due, date(f.done)))
                .collect();
            vec![
                s.id.to_string(),
                s.person.to_string(),
                name_of(org, s.person.as_str()),
                s.date.to_string(),
                s.interviewer.clone(),
                s.why_stay.clone(),
                s.would_leave_if.clone(),
                s.wants_next.clone(),
                s.notes.clone(),
                follow_ups.join(" | "),
            ]
        })
        .collect();
    Table { headers, rows }
}

/// The handover report: one row per task and per access to revoke, with its due day, whether it
/// is done, confirmed or revoked, and whether that was late.
fn departures(org: &Org) -> Table {
    let headers = columns::DEPARTURES.to_vec();
    let mut rows = Vec::new();
    for d in org.departures.values() {
        let head = vec![
            d.id.to_string(),
            d.person.to_string(),
            name_of(org, d.person.as_str()),
            d.last_day.to_string(),
            d.started_on.to_string(),
            d.reason.clone(),
        ];
        for t in &d.tasks {
            let due = d.task_due(t);
            let late = match t.done_on {
                Some(done) => done > due,
                None => false,
            };
            let mut row = head.clone();
            row.extend([
                format!("task {}", t.id),
                enum_word(&t.kind),
                t.description.clone(),
                opt(t.receiver.as_ref()),
                t.receiver
                    .as_ref()
                    .map(|r| name_of(org, r.as_str()))
                    .unwrap_or_default(),
                due.to_string(),
                date(t.done_on),
                date(t.confirmed_on),
                if late { "yes" } else { "no" }.to_string(),
                d.report.clone(),
            ]);
            rows.push(row);
        }
        for r in &d.revocations {
            let due = d.revocation_due(r);
            // Revoked after its deadline (the due day and the built-in grace hours, as the flags
            // count it) is itself a finding.
            let grace = crate::domain::insight::Rules::default()
                .flags
                .revocation_grace_hours;
            let late = r.revoked_at.is_some_and(|at| {
                at > crate::domain::insight::flags::revocation_deadline(due, grace)
            });
            let mut row = head.clone();
            row.extend([
                format!("access {}", r.id),
                format!("revoke {}", r.class.label()),
                r.system.clone(),
                String::new(),
                String::new(),
                due.to_string(),
                r.revoked_at
                    .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                    .unwrap_or_default(),
                String::new(),
                if late { "yes" } else { "no" }.to_string(),
                d.report.clone(),
            ]);
            rows.push(row);
        }
        if d.tasks.is_empty() && d.revocations.is_empty() {
            let mut row = head.clone();
            row.extend(std::iter::repeat_n(String::new(), 9));
            row.push(d.report.clone());
            rows.push(row);
        }
    }
    Table { headers, rows }
}

fn users(org: &Org) -> Table {
    let rows = org
        .users
        .values()
        .map(|u| {
            let (scope, value) = crate::import::scope_cells(&u.scope);
            vec![
                u.name.clone(),
                enum_word(&u.role),
                scope,
                value,
                opt(u.person.as_ref()),
            ]
        })
        .collect();
    Table {
        headers: columns::USERS.to_vec(),
        rows,
    }
}
