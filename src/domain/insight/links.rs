//! Who and what each person is linked to, by key: their own records (GROW notes, stay
//! interviews, points entries, departures, improvement plans), the key positions they hold or
//! are named to succeed, their reports, the people they referred, the departures whose handover
//! tasks they receive, and the people of each team.
//!
//! Built once from the records, then kept current from each change's diffs: a person's pane
//! finds their records without a scan, and a change is followed to what it can affect
//! ([`super::reach`]) without a walk over the whole organisation.

use crate::domain::departure::Departure;
use crate::domain::person::Person;
use crate::domain::succession::KeyPosition;
use crate::domain::{Diff, Key, Kind, Org, Record};

/// How a record is linked to its owner: a person, or for [`Link::Member`] a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Link {
    /// A person's GROW notes, stay interviews, points entries, departures and plans.
    Note,
    Stay,
    Points,
    Departure,
    Plan,
    /// The key positions a person holds, and those whose slate names them.
    Holds,
    Succeeds,
    /// The people whose manager a person is, and those they referred.
    Reports,
    Referred,
    /// The departures with a handover task a person receives.
    Receives,
    /// The people of a team (by the team's name), whatever their status.
    Member,
}

/// Each owner's linked records, by link: ids in the order of their tables (id order).
///
/// Each list holds no room to spare once built: at 100,000 people most lists hold one or three
/// ids, and a list grown by pushes keeps room for four, which took a third more memory. A list a
/// change adds to ([`Links::changed`]) grows as a `Vec` does; few do between two builds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    lists: foldhash::HashMap<(Link, Key), Vec<Key>>,
}

/// Where `record` is listed: each link and owner, at most once each.
fn owners(record: &Record) -> Vec<(Link, &str)> {
    match record {
        Record::GrowNote(r) => vec![(Link::Note, r.person.as_str())],
        Record::StayInterview(r) => vec![(Link::Stay, r.person.as_str())],
        Record::PointsEntry(r) => vec![(Link::Points, r.person.as_str())],
        Record::Pip(r) => vec![(Link::Plan, r.person.as_str())],
        Record::Departure(r) => departure_owners(r),
        Record::Position(r) => position_owners(r),
        Record::Person(r) => person_owners(r),
        _ => Vec::new(),
    }
}

fn departure_owners(r: &Departure) -> Vec<(Link, &str)> {
    let receivers = r.tasks.iter().filter_map(|t| t.receiver.as_ref());
    let mut out: Vec<(Link, &str)> = receivers.map(|p| (Link::Receives, p.as_str())).collect();
    out.sort_unstable_by_key(|(_, owner)| *owner);
    out.dedup();
    out.push((Link::Departure, r.person.as_str()));
    out
}

fn position_owners(r: &KeyPosition) -> Vec<(Link, &str)> {
    let successors = r.successors.iter().map(|s| s.person.as_str());
    let mut out: Vec<(Link, &str)> = successors.map(|p| (Link::Succeeds, p)).collect();
    out.sort_unstable_by_key(|(_, owner)| *owner);
    out.dedup();
    out.extend(r.incumbent.as_ref().map(|p| (Link::Holds, p.as_str())));
    out
}

fn person_owners(r: &Person) -> Vec<(Link, &str)> {
    let mut out = vec![(Link::Member, r.team.as_str())];
    out.extend(r.manager.as_ref().map(|m| (Link::Reports, m.as_str())));
    out.extend(r.referred_by.as_ref().map(|p| (Link::Referred, p.as_str())));
    out
}

impl Links {
    /// The links of every record in `org`.
    pub fn build(org: &Org) -> Links {
        let mut links = Links::default();
        // Each table is walked in key order, so every list comes out in id order.
        for (key, r) in &org.notes {
            links.push(Link::Note, r.person.as_str(), key);
        }
        for (key, r) in &org.stay_interviews {
            links.push(Link::Stay, r.person.as_str(), key);
        }
        for (key, r) in &org.points {
            links.push(Link::Points, r.person.as_str(), key);
        }
        for (key, r) in &org.pips {
            links.push(Link::Plan, r.person.as_str(), key);
        }
        for (key, r) in &org.departures {
            for (link, owner) in departure_owners(r) {
                links.push(link, owner, key);
            }
        }
        for (key, r) in &org.positions {
            for (link, owner) in position_owners(r) {
                links.push(link, owner, key);
            }
        }
        for (key, r) in &org.people {
            links.push(Link::Member, r.team.as_str(), key);
            if let Some(manager) = &r.manager {
                links.push(Link::Reports, manager.as_str(), key);
            }
            if let Some(referrer) = &r.referred_by {
                links.push(Link::Referred, referrer.as_str(), key);
            }
        }
        // Shrunk in place, one list at a time, so building costs no second copy of the map.
        for ids in links.lists.values_mut() {
            ids.shrink_to_fit();
        }
        links
    }

    fn push(&mut self, link: Link, owner: &str, key: &Key) {
        let ids = self.lists.entry((link, Key::from(owner))).or_default();
        // Short lists grow one id at a time; long ones (a manager of thousands) as a `Vec`
        // does, so building stays linear, and are shrunk at the end.
        if ids.len() < 8 {
            ids.reserve_exact(1);
        }
        ids.push(key.clone());
    }

    /// Keeps the links current after a change: the record leaves the lists it was on and joins
    /// those it is on now.
    pub fn changed(&mut self, diff: &Diff) {
        for (link, owner) in diff.before.as_ref().map(owners).unwrap_or_default() {
            let slot = (link, Key::from(owner));
            if let Some(ids) = self.lists.get_mut(&slot) {
                if let Ok(at) = ids.binary_search_by(|id| id.as_str().cmp(&diff.key)) {
                    ids.remove(at);
                }
                if ids.is_empty() {
                    self.lists.remove(&slot);
                }
            }
        }
        for (link, owner) in diff.after.as_ref().map(owners).unwrap_or_default() {
            let ids = self.lists.entry((link, Key::from(owner))).or_default();
            if let Err(at) = ids.binary_search_by(|id| id.as_str().cmp(&diff.key)) {
                ids.insert(at, Key::from(diff.key.as_str()));
            }
        }
    }

    /// The ids linked to `owner` by `link`, in id order.
    pub fn get(&self, link: Link, owner: &str) -> &[Key] {
        self.lists
            .get(&(link, Key::from(owner)))
            .map_or(&[], Vec::as_slice)
    }

    /// The ids of `person`'s records of `kind` (GROW notes, stay interviews, points entries,
    /// departures or plans), in id order.
    pub fn records(&self, kind: Kind, person: &str) -> &[Key] {
        let link = match kind {
            Kind::GrowNote => Link::Note,
            Kind::StayInterview => Link::Stay,
            Kind::PointsEntry => Link::Points,
            Kind::Departure => Link::Departure,
            Kind::Pip => Link::Plan,
            _ => return &[],
        };
        self.get(link, person)
    }
}
