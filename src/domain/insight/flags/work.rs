//! Flags about work that is late: overdue actions, improvement-plan check-ins and endings,
//! handover tasks, and access not revoked in time.

use super::{Evidence, Flag, FlagKind, record};
use crate::domain::Kind;
use crate::domain::departure::{AccessClass, Departure};
use crate::domain::flag::{Severity, Subject};
use crate::domain::grow::GrowNote;
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::rules::Rules;
use crate::domain::pip::Pip;
use crate::domain::stay::StayInterview;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The flags about late work of `person` (who may have no record: a plan or a departure can
/// name someone no longer on the roster).
pub(super) fn flags(
    index: &OrgIndex,
    rules: &Rules,
    today: NaiveDate,
    person: &str,
    out: &mut Vec<Flag>,
) {
    out.extend(overdue_actions(index, person, today));
    let plans = index.pips.get(person).into_iter().flatten();
    for pip in plans.filter(|p| p.status.is_open()) {
        out.extend(pip_checkin_overdue(pip, rules, today));
        out.extend(pip_ending_unmet(pip, rules, today));
    }
    for departure in index.departures.get(person).into_iter().flatten() {
        out.extend(handover_overdue(index, departure, today));
        out.extend(access_not_revoked(departure, rules, today));
    }
}

/// One overdue item: what it is, when it was due, where it lives.
struct Overdue {
    what: String,
    due: NaiveDate,
    record: Option<super::RecordRef>,
    key: String,
}

/// A person's open GROW actions, plan actions and stay-interview follow-ups past their due
/// date, oldest first (those due the same day in the order of their records' ids); none for
/// someone gone before today, or with no record.
pub(super) fn overdue_actions(index: &OrgIndex, person: &str, today: NaiveDate) -> Option<Flag> {
    let p = index.person(person)?;
    if p.status.last_day().is_some_and(|d| d < today) {
        return None;
    }
    let mut items = overdue_items(index, person, today);
    if items.is_empty() {
        return None;
    }
    items.sort_by_key(|i| i.due);
    let oldest = (today - items[0].due).num_days();
    let severity = if items.len() >= 3 || oldest > 14 {
        Severity::High
    } else {
        Severity::Watch
    };
    let reason = match items.len() {
        1 if oldest == 1 => "An action is a day overdue".to_string(),
        1 => format!("An action is {oldest} days overdue"),
        n => format!("{n} actions overdue, the oldest by {oldest} days"),
    };
    let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    let fingerprint = keys.join(",");
    let mut flag = Flag::new(
        FlagKind::OverdueActions,
        severity,
        Subject::Person(p.id.clone()),
        reason,
    )
    .fingerprint(fingerprint);
    for item in items {
        flag = flag.with(Evidence::new(
            item.what,
            format!("due {}", item.due),
            item.record,
        ));
    }
    Some(flag)
}

/// The overdue items of `person`: GROW actions, then plan actions, then stay-interview
/// follow-ups, each kind in the order of its records' ids.
fn overdue_items(index: &OrgIndex, person: &str, today: NaiveDate) -> Vec<Overdue> {
    let mut items = Vec::new();
    let mut notes: Vec<&GrowNote> = index.notes.get(person).cloned().unwrap_or_default();
    notes.sort_by(|a, b| a.id.cmp(&b.id));
    for note in notes {
        for a in note.open_actions() {
            if let Some(due) = a.due.filter(|d| *d < today) {
                items.push(Overdue {
                    what: format!("GROW action \"{}\"", a.text),
                    due,
                    record: record(Kind::GrowNote, note.id.as_str()),
                    key: format!("{}#{}", note.id, a.id),
                });
            }
        }
    }
    let plans = index.pips.get(person).into_iter().flatten();
    for pip in plans.filter(|p| p.status.is_open()) {
        for goal in &pip.goals {
            let open = goal
                .actions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.done.is_none());
            for (i, a) in open {
                if let Some(due) = a.due.filter(|d| *d < today) {
                    items.push(Overdue {
                        what: format!("plan action \"{}\"", a.text),
                        due,
                        record: record(Kind::Pip, pip.id.as_str()),
                        key: format!("{}#{}.{i}", pip.id, goal.id),
                    });
                }
            }
        }
    }
    let mut interviews: Vec<&StayInterview> = index
        .stay_interviews
        .get(person)
        .cloned()
        .unwrap_or_default();
    interviews.sort_by(|a, b| a.id.cmp(&b.id));
    for interview in interviews {
        for (i, f) in interview.follow_ups.iter().enumerate() {
            if f.done.is_none() && f.due < today {
                items.push(Overdue {
                    what: format!("stay-interview follow-up \"{}\"", f.text),
                    due: f.due,
                    record: record(Kind::StayInterview, interview.id.as_str()),
                    key: format!("{}#{i}", interview.id),
                });
            }
        }
    }
    items
}

pub(super) fn pip_checkin_overdue(pip: &Pip, rules: &Rules, today: NaiveDate) -> Option<Flag> {
    let last = pip.checkins.last().map(|c| c.date);
    let since = last.unwrap_or(pip.start).max(pip.start);
    let days = (today - since).num_days();
    // The interval the plan agreed, and never longer than the rules allow (the practice: at
    // least monthly).
    let every = i64::from(pip.checkin_every_days).min(rules.flags.pip_checkin_days);
    if days < every || today < pip.start {
        return None;
    }
    let reason = match last {
        Some(day) => {
            format!("Improvement plan check-in overdue: last one {days} days ago, on {day}")
        }
        None => format!("Improvement plan started {days} days ago with no check-in yet"),
    };
    Some(
        Flag::new(
            FlagKind::PipCheckInOverdue,
            Severity::High,
            Subject::Person(pip.person.clone()),
            reason,
        )
        .with(Evidence::new(
            "last check-in",
            last.map_or_else(|| "none".to_string(), |d| d.to_string()),
            record(Kind::Pip, pip.id.as_str()),
        ))
        .with(Evidence::new(
            "check-ins due every",
            format!("{every} days"),
            None,
        ))
        .fingerprint(format!("{}@{since}", pip.id)),
    )
}

pub(super) fn pip_ending_unmet(pip: &Pip, rules: &Rules, today: NaiveDate) -> Option<Flag> {
    let days_left = (pip.end - today).num_days();
    let unmet: Vec<_> = pip.goals.iter().filter(|g| !g.is_met()).collect();
    if days_left > rules.flags.pip_ending_days || unmet.is_empty() {
        return None;
    }
    let reason = if days_left >= 0 {
        format!(
            "Improvement plan ends in {days_left} days with {} of {} goals unmet",
            unmet.len(),
            pip.goals.len()
        )
    } else {
        format!(
            "Improvement plan passed its end {} days ago with goals unmet and no outcome",
            -days_left
        )
    };
    let mut flag = Flag::new(
        FlagKind::PipEndingUnmet,
        Severity::High,
        Subject::Person(pip.person.clone()),
        reason,
    )
    .with(Evidence::new(
        "plan ends",
        pip.end,
        record(Kind::Pip, pip.id.as_str()),
    ));
    for goal in &unmet {
        flag = flag.with(Evidence::new(
            format!("goal {}: {}", goal.id, goal.dimension),
            format!(
                "{} against target {} ({} {})",
                goal.current,
                goal.target,
                goal.gap(),
                goal.unit
            )
            .trim_end()
            .to_string(),
            None,
        ));
    }
    let unmet_ids: Vec<String> = unmet.iter().map(|g| g.id.to_string()).collect();
    Some(flag.fingerprint(format!("{}@{}:{}", pip.id, pip.end, unmet_ids.join(","))))
}

pub(super) fn handover_overdue(
    index: &OrgIndex,
    departure: &Departure,
    today: NaiveDate,
) -> Option<Flag> {
    let late: Vec<_> = departure
        .tasks
        .iter()
        .filter(|t| t.done_on.is_none() && departure.task_due(t) < today)
        .collect();
    if late.is_empty() {
        return None;
    }
    let reason = match late.len() {
        1 => format!("Handover task \"{}\" is overdue", late[0].description),
        n => format!("{n} handover tasks are overdue"),
    };
    let mut flag = Flag::new(
        FlagKind::HandoverOverdue,
        Severity::High,
        Subject::Person(departure.person.clone()),
        reason,
    )
    .with(Evidence::new(
        "last day",
        departure.last_day,
        record(Kind::Departure, departure.id.as_str()),
    ));
    let mut ids = Vec::new();
    for task in late {
        ids.push(task.id.to_string());
        let receiver = task
            .receiver
            .as_ref()
            .map(|r| format!(", to {}", index.name(r.as_str())))
            .unwrap_or_default();
        flag = flag.with(Evidence::new(
            format!("task {}: {}", task.id, task.description),
            format!("due {}{receiver}", departure.task_due(task)),
            None,
        ));
    }
    Some(flag.fingerprint(format!("{}:{}", departure.id, ids.join(","))))
}

/// The moment by which an access must be gone: the end of its due day plus the grace hours.
pub fn revocation_deadline(due: NaiveDate, grace_hours: i64) -> DateTime<Utc> {
    (due + Duration::days(1))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        + Duration::hours(grace_hours)
}

pub(super) fn access_not_revoked(
    departure: &Departure,
    rules: &Rules,
    today: NaiveDate,
) -> Option<Flag> {
    let now_end = (today + Duration::days(1))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    let mut findings = Vec::new();
    for access in &departure.revocations {
        let deadline = revocation_deadline(
            departure.revocation_due(access),
            rules.flags.revocation_grace_hours,
        );
        match access.revoked_at {
            None if deadline < now_end => findings.push((
                access,
                format!(
                    "still open; due by {}",
                    deadline.format("%Y-%m-%d %H:%M UTC")
                ),
            )),
            Some(at) if at > deadline => findings.push((
                access,
                format!("revoked late, at {}", at.format("%Y-%m-%d %H:%M UTC")),
            )),
            _ => {}
        }
    }
    if findings.is_empty() {
        return None;
    }
    let sensitive_open = findings
        .iter()
        .any(|(a, _)| a.class == AccessClass::Sensitive && a.revoked_at.is_none());
    let severity = if sensitive_open {
        Severity::Critical
    } else {
        Severity::High
    };
    let reason = match findings.len() {
        1 => format!("Access to {} not revoked in time", findings[0].0.system),
        n => format!("{n} accesses not revoked in time"),
    };
    let mut flag = Flag::new(
        FlagKind::AccessNotRevoked,
        severity,
        Subject::Person(departure.person.clone()),
        reason,
    )
    .with(Evidence::new(
        "last day",
        departure.last_day,
        record(Kind::Departure, departure.id.as_str()),
    ));
    let mut ids = Vec::new();
    for (access, state) in findings {
        ids.push(format!("{}:{}", access.id, access.revoked_at.is_some()));
        flag = flag.with(Evidence::new(
            format!("{} ({})", access.system, access.class.label()),
            state,
            None,
        ));
    }
    Some(flag.fingerprint(format!("{}:{}", departure.id, ids.join(","))))
}
