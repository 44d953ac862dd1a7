//! Warning flags: early warning of flight risk or stalling, each with the evidence that raised it.
//!
//! Computed flags come from rules over the records (one submodule per family of rules); manual
//! flags are the ones managers raised by hand. A flag a manager acknowledged or snoozed stays
//! quiet until its evidence changes or the snooze ends.
//!
//! Every computed flag is about one subject, and is raised from what that subject's rules read:
//! a person's (their records, and the people close to them), a key position's, or a team's. So
//! the flags of a few subjects can be worked out again on their own ([`compute_units`]) and take
//! the places of their old ones, in the order [`loudest_first`] gives the whole list.

mod close;
#[cfg(test)]
mod equivalence;
mod people;
#[cfg(test)]
pub(crate) mod reference;
mod succession;
#[cfg(test)]
mod tests;
mod units;
mod work;

pub use units::{Units, compute_units};
pub use work::revocation_deadline;

use super::index::OrgIndex;
use super::rules::Rules;
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::quiet::{FlagQuiet, QuietState};
use crate::domain::{Key, Kind, Org, Text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// What a flag warns about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    LeavingStage,
    EngagementDrop,
    PerformanceSwing,
    MoreLeave,
    NoOneOnOne,
    OverdueActions,
    PipCheckInOverdue,
    PipEndingUnmet,
    KeyPersonNoSuccessor,
    ThinBench,
    RiskySuccessor,
    PayBelowMarket,
    PointsPastThreshold,
    LeftRecently,
    /// Their manager has left, and nobody else is named: their 1:1s and sign-offs have no one.
    ManagerLeft,
    ReferralDependency,
    StayInterviewDue,
    HandoverOverdue,
    AccessNotRevoked,
    /// Raised by hand.
    Manual,
}

impl FlagKind {
    /// A few words for a column.
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::LeavingStage => "leaving stage",
            FlagKind::EngagementDrop => "engagement drop",
            FlagKind::PerformanceSwing => "performance swing",
            FlagKind::MoreLeave => "more leave",
            FlagKind::NoOneOnOne => "no 1:1",
            FlagKind::OverdueActions => "overdue actions",
            FlagKind::PipCheckInOverdue => "plan check-in overdue",
            FlagKind::PipEndingUnmet => "plan ending, goals unmet",
            FlagKind::KeyPersonNoSuccessor => "no successor",
            FlagKind::ThinBench => "thin bench",
            FlagKind::RiskySuccessor => "successor at risk",
            FlagKind::PayBelowMarket => "pay below market",
            FlagKind::PointsPastThreshold => "points past threshold",
            FlagKind::LeftRecently => "someone close left",
            FlagKind::ManagerLeft => "manager left",
            FlagKind::ReferralDependency => "referral dependency",
            FlagKind::StayInterviewDue => "stay interview due",
            FlagKind::HandoverOverdue => "handover overdue",
            FlagKind::AccessNotRevoked => "access not revoked",
            FlagKind::Manual => "raised by hand",
        }
    }
}

/// One fact behind a flag, and the record it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What the fact is, e.g. "engagement 2026Q3".
    pub what: Text,
    /// Its value, e.g. "58 (was 76)".
    pub value: Text,
    /// The record it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef>,
}

/// A stored record, by kind and key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: Kind,
    pub key: Key,
}

impl Evidence {
    pub fn new(
        what: impl Into<Text>,
        value: impl std::fmt::Display,
        record: Option<RecordRef>,
    ) -> Self {
        Evidence {
            what: what.into(),
            // Written as `Display` writes it, as `to_string` would.
            value: compact_str::format_compact!("{value}"),
            record,
        }
    }
}

pub fn record(kind: Kind, key: impl Into<Key>) -> Option<RecordRef> {
    Some(RecordRef {
        kind,
        key: key.into(),
    })
}

/// A warning flag, computed or manual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// Stable while the flag stands: `kind/subject`, or the manual flag's id.
    pub id: Key,
    pub kind: FlagKind,
    pub severity: Severity,
    pub subject: Subject,
    /// One line a manager understands.
    pub reason: String,
    pub evidence: Vec<Evidence>,
    /// The facts that, when they change, make a quiet flag speak again.
    #[serde(skip)]
    pub fingerprint: Text,
    /// Set when a manager acknowledged or snoozed the flag and it still applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet: Option<QuietState>,
}

impl Flag {
    fn new(kind: FlagKind, severity: Severity, subject: Subject, mut reason: String) -> Self {
        reason.shrink_to_fit();
        Flag {
            id: compact_str::format_compact!("{}/{}", serde_word(&kind), subject_key(&subject)),
            kind,
            severity,
            subject,
            reason,
            evidence: Vec::new(),
            fingerprint: Text::default(),
            quiet: None,
        }
    }

    fn with(mut self, evidence: Evidence) -> Self {
        // Exactly as much room as there are facts: pushed one by one, a flag's one or two facts
        // would keep room for four while the flags are worked out, which at 100,000 people
        // raised the peak by about ten megabytes.
        self.evidence.reserve_exact(1);
        self.evidence.push(evidence);
        self
    }

    /// The facts whose change re-opens an acknowledged flag.
    fn fingerprint(mut self, facts: impl Into<Text>) -> Self {
        self.fingerprint = facts.into();
        self
    }

    /// The person the flag is about, if it is about a person.
    pub fn person(&self) -> Option<&str> {
        match &self.subject {
            Subject::Person(id) => Some(id.as_str()),
            _ => None,
        }
    }
}

fn serde_word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(word)) => word,
        _ => String::new(),
    }
}

fn subject_key(subject: &Subject) -> String {
    match subject {
        Subject::Person(id) => format!("person/{id}"),
        Subject::Position(id) => format!("position/{id}"),
        Subject::Team(team) => format!("team/{team}"),
    }
}

/// Every flag that stands on `today`, loudest first: computed ones and open manual ones, with the
/// quiet ones marked.
pub fn compute(org: &Org, rules: &Rules, today: NaiveDate) -> Vec<Flag> {
    compute_with(&OrgIndex::new(org), rules, today)
}

/// [`compute`] over an index already built.
pub fn compute_with(index: &OrgIndex, rules: &Rules, today: NaiveDate) -> Vec<Flag> {
    let org = index.org;
    // Plans and departures can name someone without a record: their flags stand all the same.
    let unlisted: BTreeSet<&str> = (org.pips.values().map(|p| p.person.as_str()))
        .chain(org.departures.values().map(|d| d.person.as_str()))
        .filter(|id| !org.people.contains_key(*id))
        .collect();
    let people = org.people.keys().map(Key::as_str).chain(unlisted);
    let mut teams: Vec<(&str, &Vec<&crate::domain::person::Person>)> = index
        .teams
        .iter()
        .map(|(team, members)| (*team, members))
        .collect();
    teams.sort_unstable_by_key(|(team, _)| *team);
    units::raise(
        index,
        rules,
        today,
        units::Raise {
            people,
            positions: org.positions.values(),
            teams: teams
                .into_iter()
                .map(|(team, members)| (team, members.as_slice())),
            manual: org.flags.values(),
        },
    )
}

/// The order of the flags: loud before quiet, then the most severe first, then by subject and
/// kind. Flags raised by hand about one subject come in the order of their ids; computed flags of
/// one kind about one subject (two plans of one person) in the order their rule raised them,
/// which a stable sort keeps.
pub fn loudest_first(a: &Flag, b: &Flag) -> Ordering {
    (b.quiet.is_none(), b.severity)
        .cmp(&(a.quiet.is_none(), a.severity))
        .then_with(|| a.subject.cmp(&b.subject))
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| match (a.kind, b.kind) {
            (FlagKind::Manual, FlagKind::Manual) => a.id.cmp(&b.id),
            _ => Ordering::Equal,
        })
}

/// The subject a computed flag's id names (`kind/person/ID`, `kind/position/ID`,
/// `kind/team/NAME`), as a computed flag's id is written.
pub fn subject_of_id(id: &str) -> Option<Subject> {
    let (_kind, subject) = id.split_once('/')?;
    let (what, key) = subject.split_once('/')?;
    match what {
        "person" => Some(Subject::Person(key.into())),
        "position" => Some(Subject::Position(key.into())),
        "team" => Some(Subject::Team(key.to_string())),
        _ => None,
    }
}

/// Whether a stored acknowledgement or snooze still keeps the flag quiet.
fn quiet_state(
    quiet: Option<&FlagQuiet>,
    fingerprint: &str,
    today: NaiveDate,
) -> Option<QuietState> {
    let quiet = quiet?;
    if quiet.fingerprint != fingerprint {
        return None; // the evidence changed: the flag speaks again
    }
    match &quiet.state {
        QuietState::Snoozed { until, .. } if *until <= today => None,
        state => Some(state.clone()),
    }
}

/// A manual flag as it stands on `today`; resolved ones are gone.
fn manual(flag: &ManualFlag, today: NaiveDate) -> Option<Flag> {
    let quiet = match &flag.state {
        FlagState::Open => None,
        FlagState::Resolved { .. } => return None,
        FlagState::Acknowledged { by, on } => Some(QuietState::Acknowledged {
            by: by.clone(),
            on: *on,
        }),
        FlagState::Snoozed { until } if *until > today => Some(QuietState::Snoozed {
            by: String::new(),
            until: *until,
        }),
        FlagState::Snoozed { .. } => None,
    };
    let mut out = Flag::new(
        FlagKind::Manual,
        flag.severity,
        flag.subject.clone(),
        flag.reason.clone(),
    )
    .with(Evidence::new(
        "raised by",
        format!("{} on {}", flag.raised_by, flag.raised_on),
        record(Kind::Flag, flag.id.as_str()),
    ));
    out.id = flag.id.0.clone();
    out.quiet = quiet;
    Some(out)
}
