//! Flags about cover: key people without a successor, thin benches, successors at risk, and
//! teams that depend on one person's referrals. Each is linear in what it reads: a person's
//! positions, a position's slate, a team's members.

use super::{Evidence, Flag, FlagKind, record};
use crate::domain::Kind;
use crate::domain::flag::{Severity, Subject};
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::rules::Rules;
use crate::domain::person::{LeavingStage, Person, Status};
use crate::domain::succession::{Criticality, KeyPosition};
use std::collections::BTreeMap;

/// The flags about one key position: a thin bench, a successor at risk.
pub(super) fn position_flags(
    index: &OrgIndex,
    rules: &Rules,
    position: &KeyPosition,
    out: &mut Vec<Flag>,
) {
    out.extend(thin_bench(position, rules));
    out.extend(risky_successor(index, position));
}

/// Someone who may be gone soon: a recorded leaving stage, or notice given.
pub(super) fn at_risk(person: &Person) -> Option<String> {
    match (&person.status, &person.flight_risk) {
        (Status::Leaving { last_day }, _) => Some(format!("leaving on {last_day}")),
        (Status::Left { last_day }, _) => Some(format!("left on {last_day}")),
        (_, Some(risk)) if risk.stage >= LeavingStage::WatchingMarket => {
            Some(format!("leaving stage: {}", risk.stage.label()))
        }
        _ => None,
    }
}

pub(super) fn key_person_no_successor(index: &OrgIndex, person: &Person) -> Option<Flag> {
    if !person.is_key() || matches!(person.status, Status::Left { .. }) {
        return None;
    }
    let held = index
        .holds
        .get(person.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let uncovered: Vec<&&KeyPosition> = held.iter().filter(|p| p.successors.is_empty()).collect();
    if !held.is_empty() && uncovered.is_empty() {
        return None;
    }
    let risk = at_risk(person);
    let severity = match (&risk, uncovered.is_empty()) {
        (Some(_), _) => Severity::Critical,
        (None, false) => Severity::High,
        // Holding no key position, they have no slate at all: a gap, but a less pressing one.
        (None, true) => Severity::Watch,
    };
    let reason = match uncovered.first() {
        Some(position) => format!(
            "Key employee; nobody is named to succeed them as {}",
            position.title
        ),
        None => {
            "Key employee, but no key position names them, so nobody is planned to succeed them"
                .to_string()
        }
    };
    let mut flag = Flag::new(
        FlagKind::KeyPersonNoSuccessor,
        severity,
        Subject::Person(person.id.clone()),
        reason,
    )
    .with(Evidence::new(
        "key employee",
        // Why they are key, or since when where no reason was given: never an empty fact.
        match person.key.as_ref() {
            Some(k) if !k.reason.trim().is_empty() => k.reason.clone(),
            Some(k) => format!("since {}", k.since),
            None => String::new(),
        },
        record(Kind::Person, person.id.as_str()),
    ));
    for position in &uncovered {
        flag = flag.with(Evidence::new(
            format!("position {}", position.title),
            "no successor",
            record(Kind::Position, position.id.as_str()),
        ));
    }
    if let Some(risk) = &risk {
        flag = flag.with(Evidence::new("at risk", risk, None));
    }
    let ids: Vec<&str> = uncovered.iter().map(|p| p.id.as_str()).collect();
    Some(flag.fingerprint(format!("{}:{}", ids.join(","), risk.unwrap_or_default())))
}

pub(super) fn thin_bench(position: &KeyPosition, rules: &Rules) -> Option<Flag> {
    let count = position.successors.len();
    let ready = position.ready_now();
    let wanted = rules.flags.successors_wanted;
    if count >= wanted && ready > 0 {
        return None;
    }
    let important = position.criticality >= Criticality::High;
    let severity = match (count, ready, important) {
        (0, _, true) => Severity::Critical,
        (0, _, false) | (_, 0, true) => Severity::High,
        _ => Severity::Watch,
    };
    let reason = match (count, ready) {
        (0, _) => format!("{}: no successor named", position.title),
        (1, 0) => format!("{}: one successor, not ready now", position.title),
        (n, 0) => format!("{}: {n} successors, none ready now", position.title),
        (n, _) => format!(
            "{}: only {n} of the {wanted} successors wanted",
            position.title
        ),
    };
    Some(
        Flag::new(
            FlagKind::ThinBench,
            severity,
            Subject::Position(position.id.clone()),
            reason,
        )
        .with(Evidence::new(
            "successors",
            count,
            record(Kind::Position, position.id.as_str()),
        ))
        .with(Evidence::new("ready now", ready, None))
        .with(Evidence::new("wanted", wanted, None))
        .fingerprint(format!("{count}:{ready}")),
    )
}

pub(super) fn risky_successor(index: &OrgIndex, position: &KeyPosition) -> Option<Flag> {
    let risky: Vec<(&Person, String)> = position
        .successors
        .iter()
        .filter_map(|s| index.person(s.person.as_str()))
        .filter_map(|p| at_risk(p).map(|why| (p, why)))
        .collect();
    let (first, why) = risky.first()?;
    let ready_others = position
        .successors
        .iter()
        .filter(|s| s.readiness == crate::domain::succession::Readiness::ReadyNow)
        .filter(|s| risky.iter().all(|(p, _)| p.id != s.person))
        .count();
    let severity = if ready_others == 0 {
        Severity::High
    } else {
        Severity::Watch
    };
    let reason = format!(
        "{}: successor {} is at risk ({why})",
        position.title, first.name
    );
    let mut flag = Flag::new(
        FlagKind::RiskySuccessor,
        severity,
        Subject::Position(position.id.clone()),
        reason,
    )
    .with(Evidence::new(
        "position",
        &position.title,
        record(Kind::Position, position.id.as_str()),
    ));
    let mut ids = Vec::new();
    for (person, why) in &risky {
        ids.push(person.id.to_string());
        flag = flag.with(Evidence::new(
            format!("successor {}", person.name),
            why,
            record(Kind::Person, person.id.as_str()),
        ));
    }
    Some(flag.fingerprint(ids.join(",")))
}

/// A team where more than the rule's share of the people still there (`members`, in id order)
/// were referred by one person; of two referrers with as many, the one whose id sorts last.
pub(super) fn referral_dependency(
    index: &OrgIndex,
    rules: &Rules,
    team: &str,
    members: &[&Person],
) -> Option<Flag> {
    if team.is_empty() || members.len() < rules.flags.referral_min_team {
        return None;
    }
    let mut by_referrer: BTreeMap<&str, Vec<&Person>> = BTreeMap::new();
    for p in members {
        if let Some(referrer) = &p.referred_by {
            by_referrer.entry(referrer.as_str()).or_default().push(p);
        }
    }
    let (referrer, referred) = by_referrer.into_iter().max_by_key(|(_, list)| list.len())?;
    let share = referred.len() as f64 / members.len() as f64;
    if share <= rules.flags.referral_share {
        return None;
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
    flag.evidence.reserve_exact(referred.len());
    for p in &referred {
        flag = flag.with(Evidence::new(
            "referred",
            &p.name,
            record(Kind::Person, p.id.as_str()),
        ));
    }
    Some(flag.fingerprint(format!("{referrer}:{}/{}", referred.len(), members.len())))
}
