//! An index over the organisation built once per computation, so every rule looks records up by
//! person instead of scanning every table (the roster can hold 100,000 people).

use crate::domain::Org;
use crate::domain::assessment::Assessment;
use crate::domain::departure::Departure;
use crate::domain::grow::GrowNote;
use crate::domain::person::{Person, Status};
use crate::domain::pip::Pip;
use crate::domain::points::PointsEntry;
use crate::domain::stay::StayInterview;
use crate::domain::succession::KeyPosition;
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
    pub fn new(org: &'a Org) -> Self {
        let mut index = OrgIndex {
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
        };
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
        for list in index.assessments.values_mut() {
            list.sort_by_key(|a| a.quarter);
        }
        for list in index.notes.values_mut() {
            list.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        }
        for list in index.stay_interviews.values_mut() {
            list.sort_by_key(|s| s.date);
        }
        index
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
