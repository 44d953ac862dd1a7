//! An index over the organisation built once per computation, so every rule looks records up by
//! person instead of scanning every table (the roster can hold 100,000 people).
//!
//! After a change, an index of only what a few subjects' rules read is built from the
//! [`Links`] instead ([`OrgIndex::empty`] and the `add_` methods): the same lists, in the same
//! order, for those subjects alone.

use super::links::{Link, Links};
use crate::domain::assessment::Assessment;
use crate::domain::departure::Departure;
use crate::domain::grow::GrowNote;
use crate::domain::person::{Person, Status};
use crate::domain::pip::Pip;
use crate::domain::points::PointsEntry;
use crate::domain::stay::StayInterview;
use crate::domain::succession::KeyPosition;
use crate::domain::{Key, Org};
use std::collections::HashMap;

pub struct OrgIndex<'a> {
    pub org: &'a Org,
    /// Each person's assessments, oldest quarter first.
    pub assessments: HashMap<&'a str, Vec<&'a Assessment>>,
    /// Each person's GROW notes, oldest first.
    pub notes: HashMap<&'a str, Vec<&'a GrowNote>>,
    /// Each person's improvement plans and departures, in id order.
    pub pips: HashMap<&'a str, Vec<&'a Pip>>,
    pub departures: HashMap<&'a str, Vec<&'a Departure>>,
    /// Each person's stay interviews, oldest first.
    pub stay_interviews: HashMap<&'a str, Vec<&'a StayInterview>>,
    pub points: HashMap<&'a str, Vec<&'a PointsEntry>>,
    /// Positions each person holds.
    pub holds: HashMap<&'a str, Vec<&'a KeyPosition>>,
    /// Positions each person is on the slate of.
    pub succeeds: HashMap<&'a str, Vec<&'a KeyPosition>>,
    /// Direct reports of each manager.
    pub reports: HashMap<&'a str, Vec<&'a Person>>,
    /// People each person referred.
    pub referred: HashMap<&'a str, Vec<&'a Person>>,
    /// The people of each team who have not left, in id order (those without a team under "").
    pub teams: HashMap<&'a str, Vec<&'a Person>>,
}

impl<'a> OrgIndex<'a> {
    /// An index of nothing, to which the `add_` methods bring what is needed.
    pub fn empty(org: &'a Org) -> Self {
        OrgIndex {
            org,
            assessments: HashMap::new(),
            notes: HashMap::new(),
            pips: HashMap::new(),
            departures: HashMap::new(),
            stay_interviews: HashMap::new(),
            points: HashMap::new(),
            holds: HashMap::new(),
            succeeds: HashMap::new(),
            reports: HashMap::new(),
            referred: HashMap::new(),
            teams: HashMap::new(),
        }
    }

    /// The index of every record in `org`.
    pub fn new(org: &'a Org) -> Self {
        let mut index = OrgIndex::empty(org);
        for a in org.assessments.values() {
            index
                .assessments
                .entry(a.person.as_str())
                .or_default()
                .push(a);
        }
        for n in org.notes.values() {
            index.notes.entry(n.person.as_str()).or_default().push(n);
        }
        for p in org.pips.values() {
            index.pips.entry(p.person.as_str()).or_default().push(p);
        }
        for d in org.departures.values() {
            index
                .departures
                .entry(d.person.as_str())
                .or_default()
                .push(d);
        }
        for s in org.stay_interviews.values() {
            index
                .stay_interviews
                .entry(s.person.as_str())
                .or_default()
                .push(s);
        }
        for e in org.points.values() {
            index.points.entry(e.person.as_str()).or_default().push(e);
        }
        for pos in org.positions.values() {
            if let Some(incumbent) = &pos.incumbent {
                index.holds.entry(incumbent.as_str()).or_default().push(pos);
            }
            for s in &pos.successors {
                index
                    .succeeds
                    .entry(s.person.as_str())
                    .or_default()
                    .push(pos);
            }
        }
        for p in org.people.values() {
            if let Some(manager) = &p.manager {
                index.reports.entry(manager.as_str()).or_default().push(p);
            }
            if let Some(referrer) = &p.referred_by {
                index.referred.entry(referrer.as_str()).or_default().push(p);
            }
            if !matches!(p.status, Status::Left { .. }) {
                index.teams.entry(p.team.as_str()).or_default().push(p);
            }
        }
        index.assessments.values_mut().for_each(|l| by_quarter(l));
        index.notes.values_mut().for_each(|l| by_date(l));
        index
            .stay_interviews
            .values_mut()
            .for_each(|l| interviews_by_date(l));
        index
    }

    /// Everything the rules about person `id` read: their own records, and the reports of
    /// their manager (their peers).
    pub fn add_person(&mut self, links: &Links, id: &'a str) {
        self.add_records(links, id);
        let manager = self.person(id).and_then(|p| p.manager.as_ref());
        if let Some(manager) = manager {
            let people = &self.org.people;
            let reports = links.get(Link::Reports, manager.as_str());
            let reports = reports.iter().filter_map(|k| people.get(k.as_str()));
            self.reports.insert(manager.as_str(), reports.collect());
        }
    }

    /// Person `id`'s own records: assessments, notes, plans, departures, stay interviews,
    /// points entries and the positions they hold.
    pub fn add_records(&mut self, links: &Links, id: &'a str) {
        let org = self.org;
        // An assessment's key is `<person>/<quarter>`: theirs lie together in the table.
        let from = format!("{id}/");
        let to = format!("{id}0"); // '0' is the character after '/'
        let mut assessments: Vec<&Assessment> = (org.assessments)
            .range::<str, _>((
                std::ops::Bound::Included(from.as_str()),
                std::ops::Bound::Excluded(to.as_str()),
            ))
            .map(|(_, a)| a)
            .filter(|a| a.person.as_str() == id)
            .collect();
        by_quarter(&mut assessments);
        let mut notes = pick(links.get(Link::Note, id), &org.notes);
        by_date(&mut notes);
        let mut interviews = pick(links.get(Link::Stay, id), &org.stay_interviews);
        interviews_by_date(&mut interviews);
        put(&mut self.assessments, id, assessments);
        put(&mut self.notes, id, notes);
        put(&mut self.stay_interviews, id, interviews);
        put(
            &mut self.pips,
            id,
            pick(links.get(Link::Plan, id), &org.pips),
        );
        put(
            &mut self.departures,
            id,
            pick(links.get(Link::Departure, id), &org.departures),
        );
        put(
            &mut self.holds,
            id,
            pick(links.get(Link::Holds, id), &org.positions),
        );
        self.add_points(links, id);
    }

    /// Person `id`'s points entries.
    pub fn add_points(&mut self, links: &Links, id: &'a str) {
        put(
            &mut self.points,
            id,
            pick(links.get(Link::Points, id), &self.org.points),
        );
    }

    /// The people of `team` who have not left.
    pub fn add_team(&mut self, links: &Links, team: &'a str) {
        let members = pick(links.get(Link::Member, team), &self.org.people);
        let here = members
            .into_iter()
            .filter(|p| !matches!(p.status, Status::Left { .. }));
        put(&mut self.teams, team, here.collect());
    }

    pub fn person(&self, id: &str) -> Option<&'a Person> {
        self.org.people.get(id)
    }

    /// A person's name, or the id when nobody has it.
    pub fn name(&self, id: &str) -> String {
        self.person(id)
            .map_or_else(|| id.to_string(), |p| p.name.to_string())
    }

    /// The latest two assessments of a person, newest last.
    pub fn last_two_assessments(&self, id: &str) -> Option<(&'a Assessment, &'a Assessment)> {
        let list = self.assessments.get(id)?;
        match list.as_slice() {
            [.., previous, latest] => Some((previous, latest)),
            _ => None,
        }
    }

    pub fn latest_assessment(&self, id: &str) -> Option<&'a Assessment> {
        self.assessments.get(id).and_then(|l| l.last().copied())
    }

    pub fn latest_note(&self, id: &str) -> Option<&'a GrowNote> {
        self.notes.get(id).and_then(|l| l.last().copied())
    }
}

/// The records of `keys` in `table`, in the order of the keys.
fn pick<'a, T>(keys: &[Key], table: &'a std::collections::BTreeMap<Key, T>) -> Vec<&'a T> {
    keys.iter().filter_map(|k| table.get(k.as_str())).collect()
}

/// Sets `id`'s list in `map`; an empty list is left out, as [`OrgIndex::new`] leaves it.
fn put<'a, T>(map: &mut HashMap<&'a str, Vec<&'a T>>, id: &'a str, list: Vec<&'a T>) {
    if list.is_empty() {
        map.remove(id);
    } else {
        map.insert(id, list);
    }
}

fn by_quarter(list: &mut [&Assessment]) {
    list.sort_by_key(|a| a.quarter);
}

fn by_date(list: &mut [&GrowNote]) {
    list.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
}

fn interviews_by_date(list: &mut [&StayInterview]) {
    list.sort_by_key(|s| s.date);
}
