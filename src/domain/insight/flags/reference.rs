//! The flag rules as they were before they were made linear in the size of a team, kept as the
//! reference the tests compare against: the same flags, reasons, evidence and order, from code
//! that is slow but plainly right (each person's peers found by walking their manager's whole
//! team, overdue items gathered by scanning every table, flags sorted stably in the order the
//! rules raised them).

use super::{Evidence, Flag, FlagKind, manual, people, quiet_state, record, succession, work};
use crate::domain::Kind;
use crate::domain::Org;
use crate::domain::flag::{Severity, Subject};
use crate::domain::ids::PersonId;
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::rules::Rules;
use crate::domain::person::{Person, Status};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Every flag that stands on `today`, as the rules worked it out before.
pub fn compute(org: &Org, rules: &Rules, today: NaiveDate) -> Vec<Flag> {
    let index = OrgIndex::new(org);
    let mut flags = Vec::new();
    for person in org.people.values() {
        match person.status {
            Status::Left { .. } => continue,
            Status::Leaving { last_day } => {
                flags.push(people::leaving(person, last_day));
                continue;
            }
            Status::Active | Status::OnLeave => {}
        }
        flags.extend(people::leaving_stage(person));
        flags.extend(people::engagement_drop(&index, rules, person));
        flags.extend(people::performance_swing(&index, rules, person));
        flags.extend(people::more_leave(&index, rules, person));
        flags.extend(people::no_one_on_one(&index, rules, person, today));
        flags.extend(people::pay_below_market(rules, person));
        flags.extend(people::points_past_threshold(&index, person));
        flags.extend(left_recently(&index, rules, person, today));
        flags.extend(people::manager_left(&index, person));
        flags.extend(people::stay_interview_due(&index, rules, person, today));
    }
    flags.extend(overdue_actions(&index, today));
    for pip in org.pips.values().filter(|p| p.status.is_open()) {
        flags.extend(work::pip_checkin_overdue(pip, rules, today));
        flags.extend(work::pip_ending_unmet(pip, rules, today));
    }
    for departure in org.departures.values() {
        flags.extend(work::handover_overdue(&index, departure, today));
        flags.extend(work::access_not_revoked(departure, rules, today));
    }
    for person in org.people.values() {
        flags.extend(succession::key_person_no_successor(&index, person));
    }
    for position in org.positions.values() {
        flags.extend(succession::thin_bench(position, rules));
        flags.extend(succession::risky_successor(&index, position));
    }
    flags.extend(referral_dependency(&index, rules));
    for flag in &mut flags {
        flag.quiet = quiet_state(
            org.flag_quiets.get(flag.id.as_str()),
            &flag.fingerprint,
            today,
        );
    }
    flags.extend(org.flags.values().filter_map(|f| manual(f, today)));
    flags.sort_by(|a, b| {
        (b.quiet.is_none(), b.severity)
            .cmp(&(a.quiet.is_none(), a.severity))
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    flags
}

fn left_recently(
    index: &OrgIndex,
    rules: &Rules,
    person: &Person,
    today: NaiveDate,
) -> Option<Flag> {
    let left_within = |p: &Person| match p.status {
        Status::Left { last_day } => {
            let days = (today - last_day).num_days();
            (0..=rules.flags.left_recently_days)
                .contains(&days)
                .then_some(last_day)
        }
        _ => None,
    };
    let mut close: Vec<(&str, &Person, NaiveDate)> = Vec::new();
    let mut add = |role: &'static str, id: Option<&PersonId>| {
        if let Some(p) = id.and_then(|id| index.person(id.as_str())) {
            if let Some(day) = left_within(p) {
                close.push((role, p, day));
            }
        }
    };
    if person.referred_by != person.manager {
        add("referrer", person.referred_by.as_ref());
    }
    if let Some(manager) = &person.manager {
        for peer in index.reports.get(manager.as_str()).into_iter().flatten() {
            if peer.id != person.id {
                add("peer", Some(&peer.id));
            }
        }
    }
    if close.is_empty() {
        return None;
    }
    let severity = if close.iter().any(|(role, ..)| *role != "peer") {
        Severity::Watch
    } else {
        Severity::Info
    };
    let (role, first, day) = close[0];
    let reason = match close.len() {
        1 => format!("Their {role} {} left on {day}", first.name),
        n => format!(
            "{n} people close to them left recently, first their {role} {}",
            first.name
        ),
    };
    let mut flag = Flag::new(
        FlagKind::LeftRecently,
        severity,
        Subject::Person(person.id.clone()),
        reason,
    );
    let mut fingerprint = Vec::new();
    for (role, p, day) in close {
        fingerprint.push(p.id.to_string());
        flag = flag.with(Evidence::new(
            format!("{role} {}", p.name),
            format!("left on {day}"),
            record(Kind::Person, p.id.as_str()),
        ));
    }
    Some(flag.fingerprint(fingerprint.join(",")))
}

struct Overdue {
    what: String,
    due: NaiveDate,
    record: Option<super::RecordRef>,
    key: String,
}

fn overdue_actions(index: &OrgIndex, today: NaiveDate) -> Vec<Flag> {
    let mut by_person: BTreeMap<&PersonId, Vec<Overdue>> = BTreeMap::new();
    for note in index.org.notes.values() {
        for a in note.open_actions() {
            if let Some(due) = a.due.filter(|d| *d < today) {
                by_person.entry(&note.person).or_default().push(Overdue {
                    what: format!("GROW action \"{}\"", a.text),
                    due,
                    record: record(Kind::GrowNote, note.id.as_str()),
                    key: format!("{}#{}", note.id, a.id),
                });
            }
        }
    }
    for pip in index.org.pips.values().filter(|p| p.status.is_open()) {
        for goal in &pip.goals {
            for (i, a) in goal
                .actions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.done.is_none())
            {
                if let Some(due) = a.due.filter(|d| *d < today) {
                    by_person.entry(&pip.person).or_default().push(Overdue {
                        what: format!("plan action \"{}\"", a.text),
                        due,
                        record: record(Kind::Pip, pip.id.as_str()),
                        key: format!("{}#{}.{i}", pip.id, goal.id),
                    });
                }
            }
        }
    }
    for interview in index.org.stay_interviews.values() {
        for (i, f) in interview.follow_ups.iter().enumerate() {
            if f.done.is_none() && f.due < today {
                by_person
                    .entry(&interview.person)
                    .or_default()
                    .push(Overdue {
                        what: format!("stay-interview follow-up \"{}\"", f.text),
                        due: f.due,
                        record: record(Kind::StayInterview, interview.id.as_str()),
                        key: format!("{}#{i}", interview.id),
                    });
            }
        }
    }
    by_person
        .into_iter()
        .filter(|(person, _)| {
            index
                .person(person.as_str())
                .is_some_and(|p| p.status.last_day().is_none_or(|d| d >= today))
        })
        .map(|(person, mut items)| {
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
                Subject::Person(person.clone()),
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
            flag
        })
        .collect()
}

fn referral_dependency(index: &OrgIndex, rules: &Rules) -> Vec<Flag> {
    let mut teams: BTreeMap<&str, Vec<&Person>> = BTreeMap::new();
    for p in index
        .org
        .people
        .values()
        .filter(|p| !matches!(p.status, Status::Left { .. }))
    {
        if !p.team.is_empty() {
            teams.entry(p.team.as_str()).or_default().push(p);
        }
    }
    let mut flags = Vec::new();
    for (team, members) in teams {
        if members.len() < rules.flags.referral_min_team {
            continue;
        }
        let mut by_referrer: BTreeMap<&str, Vec<&Person>> = BTreeMap::new();
        for p in &members {
            if let Some(referrer) = &p.referred_by {
                by_referrer.entry(referrer.as_str()).or_default().push(p);
            }
        }
        let Some((referrer, referred)) = by_referrer.into_iter().max_by_key(|(_, list)| list.len())
        else {
            continue;
        };
        let share = referred.len() as f64 / members.len() as f64;
        if share <= rules.flags.referral_share {
            continue;
        }
        let reason = format!(
            "{} of {} people in {team} were referred by {}; if they leave, others may follow",
            referred.len(),
            members.len(),
            index.name(referrer)
        );
        let mut flag = Flag::new(
            FlagKind::ReferralDependency,
            Severity::Watch,
            Subject::Team(team.to_string()),
            reason,
        )
        .with(Evidence::new(
            "referrer",
            index.name(referrer),
            record(Kind::Person, referrer),
        ));
        for p in &referred {
            flag = flag.with(Evidence::new(
                "referred",
                &p.name,
                record(Kind::Person, p.id.as_str()),
            ));
        }
        flags.push(flag.fingerprint(format!("{referrer}:{}/{}", referred.len(), members.len())));
    }
    flags
}

/// A short account of where two lists of flags first differ, for a failing test.
pub fn first_difference(ours: &[Flag], reference: &[Flag]) -> Option<String> {
    if let Some(at) = ours.iter().zip(reference).position(|(a, b)| a != b) {
        return Some(format!(
            "flag {at} differs:\n  ours      {:?}\n  reference {:?}",
            ours[at], reference[at]
        ));
    }
    (ours.len() != reference.len()).then(|| {
        format!(
            "{} flags, the reference has {}",
            ours.len(),
            reference.len()
        )
    })
}
