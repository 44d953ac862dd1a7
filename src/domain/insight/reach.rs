//! What a change can affect, found from the records it wrote ([`Diff`]s) and the [`Links`]:
//! the people, key positions, teams and flags raised by hand whose flags must be worked out
//! again, and the people and teams whose other figures (9-box, standings, search keys, the
//! roster's markers) follow from what changed.
//!
//! Each rule reads a known set of records, so each kind of record reaches a known set of
//! subjects:
//!
//! - a person: themselves; the positions whose slate names them (a successor at risk); their
//!   team and the team they left, when what a team's referrals or standings read of them
//!   changed (their team, name, status, referrer, level or track); when they left within the window
//!   or stopped counting as such, the reports of their old and new manager (peers), their own
//!   reports and the people they referred ("someone close left"); when they left or came back,
//!   or changed name or last day having left, their own reports ("manager left"); when their name changes, the
//!   teams of the people they referred and the departures whose tasks they receive (flags that
//!   name them);
//! - an assessment, note, plan, stay interview, points entry or departure: its person (the one
//!   before and after the change);
//! - a key position: itself and its incumbent before and after (a key person's successors);
//! - a flag raised by hand: itself (and its subject's flags, among which it is found); an
//!   acknowledgement or snooze: the flag it quiets.
//!
//! A new ladder changes every person's next threshold, and a user record who may see whom:
//! those reach everyone.

use super::flags::{Units, subject_of_id};
use super::links::{Link, Links};
use super::rules::Rules;
use crate::domain::flag::Subject;
use crate::domain::person::{Person, Status};
use crate::domain::{Diff, Key, Kind, Org, Record, Text};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Everything a change can affect.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reach {
    /// The subjects whose flags are worked out again.
    pub units: Units,
    /// People whose own record or assessments changed: their search key, 9-box cell and latest
    /// assessment, and whether they count among those not yet assessed.
    pub people: BTreeSet<Key>,
    /// Teams whose points standings change.
    pub teams: BTreeSet<Text>,
    /// People whose open improvement plans changed.
    pub plans: BTreeSet<Key>,
    /// People whose held positions changed (a position with no successor).
    pub holders: BTreeSet<Key>,
    /// A person joined or left the records, or changed team or manager: who a scope holds may
    /// have changed.
    pub moved: bool,
    /// A ladder or a user record changed: everything must be worked out again.
    pub everything: bool,
}

impl Reach {
    /// What `diffs`, already applied (and the `links` with them), can affect.
    pub fn of(org: &Org, diffs: &[Diff], links: &Links, rules: &Rules, today: NaiveDate) -> Reach {
        let mut reach = Reach::default();
        let window = rules.flags.left_recently_days;
        for diff in diffs {
            match diff.kind {
                Kind::Ladder | Kind::User => reach.everything = true,
                Kind::Person => reach.person(org, diff, links, |p| seen_leaving(p, today, window)),
                Kind::Position => reach.position(diff),
                Kind::Flag => reach.manual(diff),
                Kind::FlagQuiet => reach.quiet(diff),
                Kind::PointsRule => {}
                _ => reach.record(org, diff),
            }
        }
        reach
    }

    fn person(
        &mut self,
        org: &Org,
        diff: &Diff,
        links: &Links,
        seen: impl Fn(Option<&Person>) -> Option<(&Text, NaiveDate)>,
    ) {
        let (before, after) = (as_person(&diff.before), as_person(&diff.after));
        let id = diff.key.as_str();
        self.units.people.insert(Key::from(id));
        self.people.insert(Key::from(id));
        let succeeded = links.get(Link::Succeeds, id);
        self.units.positions.extend(succeeded.iter().cloned());
        let managers = [before, after].map(|p| p.and_then(|p| p.manager.as_ref()));
        let teams = [before, after].map(|p| p.map(|p| p.team.as_str()));
        // What a team's referrals and its standings read of each member.
        let referral = [before, after].map(|p| p.map(|p| (member(p), p.referred_by.as_ref())));
        let standing = [before, after].map(|p| p.map(|p| (member(p), &p.level, p.track)));
        for team in teams.into_iter().flatten() {
            if standing[0] != standing[1] {
                self.teams.insert(Text::from(team));
            }
            if referral[0] != referral[1] && !team.is_empty() {
                self.units.teams.insert(Text::from(team));
            }
        }
        self.moved |= managers[0] != managers[1] || teams[0] != teams[1];
        let (was, is) = (seen(before), seen(after));
        // Their reports' "manager left" reads whether, when and by what name they left.
        if was != is || gone(before) != gone(after) {
            self.reports_of(links, id);
            self.units
                .people
                .extend(links.get(Link::Referred, id).iter().cloned());
        }
        if was != is || (is.is_some() && managers[0] != managers[1]) {
            for manager in managers.into_iter().flatten() {
                self.reports_of(links, manager.as_str());
            }
        }
        if before.map(|p| &p.name) != after.map(|p| &p.name) {
            self.named(org, links, id);
        }
    }

    fn reports_of(&mut self, links: &Links, manager: &str) {
        let reports = links.get(Link::Reports, manager);
        self.units.people.extend(reports.iter().cloned());
    }

    /// Person `id`'s name changed (or they came or went): flags that name them as a referrer
    /// or as the receiver of a handover task.
    fn named(&mut self, org: &Org, links: &Links, id: &str) {
        for referred in links.get(Link::Referred, id) {
            let team = org.people.get(referred.as_str()).map(|p| p.team.as_str());
            if let Some(team) = team.filter(|t| !t.is_empty()) {
                self.units.teams.insert(Text::from(team));
            }
        }
        for departure in links.get(Link::Receives, id) {
            if let Some(d) = org.departures.get(departure.as_str()) {
                self.units.people.insert(d.person.0.clone());
            }
        }
    }

    fn position(&mut self, diff: &Diff) {
        self.units.positions.insert(Key::from(diff.key.as_str()));
        for record in [&diff.before, &diff.after].into_iter().flatten() {
            if let Record::Position(p) = record {
                if let Some(incumbent) = &p.incumbent {
                    self.units.people.insert(incumbent.0.clone());
                    self.holders.insert(incumbent.0.clone());
                }
            }
        }
    }

    /// A flag raised by hand, and the subjects it is about before and after the change, so
    /// that the flags of those subjects are looked through for it.
    fn manual(&mut self, diff: &Diff) {
        self.units.manual.insert(Key::from(diff.key.as_str()));
        for record in [&diff.before, &diff.after].into_iter().flatten() {
            if let Record::Flag(f) = record {
                self.subject(f.subject.clone());
            }
        }
    }

    fn quiet(&mut self, diff: &Diff) {
        for record in [&diff.before, &diff.after].into_iter().flatten() {
            if let Record::FlagQuiet(q) = record {
                if let Some(subject) = subject_of_id(&q.flag) {
                    self.subject(subject);
                }
            }
        }
    }

    fn subject(&mut self, subject: Subject) {
        match subject {
            Subject::Person(id) => self.units.people.insert(id.0),
            Subject::Position(id) => self.units.positions.insert(id.0),
            Subject::Team(team) => self.units.teams.insert(Text::from(team)),
        };
    }

    /// A record of one person: an assessment, note, plan, stay interview, points entry or
    /// departure.
    fn record(&mut self, org: &Org, diff: &Diff) {
        for record in [&diff.before, &diff.after].into_iter().flatten() {
            let person = match record {
                Record::Assessment(r) => {
                    self.people.insert(r.person.0.clone());
                    &r.person
                }
                Record::GrowNote(r) => &r.person,
                Record::Pip(r) => {
                    self.plans.insert(r.person.0.clone());
                    &r.person
                }
                Record::StayInterview(r) => &r.person,
                Record::PointsEntry(r) => {
                    let team = org.people.get(r.person.as_str()).map(|p| &p.team);
                    self.teams.extend(team.cloned());
                    &r.person
                }
                Record::Departure(r) => &r.person,
                _ => continue,
            };
            self.units.people.insert(person.0.clone());
        }
    }
}

/// What the "manager left" flags of a person's reports read of them: the name and last day
/// of someone who left; `None` for anyone else.
fn gone(p: Option<&Person>) -> Option<(&Text, NaiveDate)> {
    match p?.status {
        Status::Left { last_day } => Some((&p?.name, last_day)),
        _ => None,
    }
}

/// What a team's referrals and its standings read of each member.
fn member(p: &Person) -> (&str, bool, &str) {
    let left = matches!(p.status, Status::Left { .. });
    (p.team.as_str(), left, p.name.as_str())
}

fn as_person(record: &Option<Record>) -> Option<&Person> {
    match record {
        Some(Record::Person(p)) => Some(p),
        _ => None,
    }
}

/// How someone who left within the window shows in the flags of the people close to them:
/// their name and last day; `None` for anyone else.
fn seen_leaving(p: Option<&Person>, today: NaiveDate, window: i64) -> Option<(&Text, NaiveDate)> {
    gone(p).filter(|(_, last_day)| (0..=window).contains(&(today - *last_day).num_days()))
}
