//! The records that belong to one person (GROW notes, stay interviews, points entries,
//! departures), found without scanning every record: the person pane asks for them at every
//! frame, and a large organisation has hundreds of thousands.

use crate::domain::{Diff, Key, Kind, Org, Record};
use std::collections::HashMap;

/// The ids of each person's records of the kinds the person pane lists, each list in id order.
#[derive(Debug, Clone, Default)]
pub struct ByPerson {
    lists: HashMap<(Kind, Key), Vec<Key>>,
}

/// The kinds kept, and the person a record of one belongs to.
fn owner(record: &Record) -> Option<(Kind, &str)> {
    match record {
        Record::GrowNote(r) => Some((Kind::GrowNote, r.person.as_str())),
        Record::StayInterview(r) => Some((Kind::StayInterview, r.person.as_str())),
        Record::PointsEntry(r) => Some((Kind::PointsEntry, r.person.as_str())),
        Record::Departure(r) => Some((Kind::Departure, r.person.as_str())),
        _ => None,
    }
}

impl ByPerson {
    /// The index of every record in `org`.
    pub fn build(org: &Org) -> ByPerson {
        let mut index = ByPerson::default();
        let mut add = |kind: Kind, person: &str, id: &Key| {
            index
                .lists
                .entry((kind, Key::from(person)))
                .or_default()
                .push(id.clone());
        };
        // The maps are in key order, so every list is too.
        for (id, r) in &org.notes {
            add(Kind::GrowNote, r.person.as_str(), id);
        }
        for (id, r) in &org.stay_interviews {
            add(Kind::StayInterview, r.person.as_str(), id);
        }
        for (id, r) in &org.points {
            add(Kind::PointsEntry, r.person.as_str(), id);
        }
        for (id, r) in &org.departures {
            add(Kind::Departure, r.person.as_str(), id);
        }
        index
    }

    /// Keeps the index current after a change: the record leaves its old person's list and
    /// joins its new one's.
    pub fn changed(&mut self, diff: &Diff) {
        for record in [&diff.before, &diff.after].into_iter().flatten() {
            if let Some((kind, person)) = owner(record) {
                if let Some(ids) = self.lists.get_mut(&(kind, Key::from(person))) {
                    ids.retain(|id| *id != diff.key);
                }
            }
        }
        if let Some((kind, person)) = diff.after.as_ref().and_then(owner) {
            let ids = self.lists.entry((kind, Key::from(person))).or_default();
            let at = ids.partition_point(|id| id.as_str() < diff.key.as_str());
            ids.insert(at, Key::from(diff.key.as_str()));
        }
    }

    /// The ids of `person`'s records of `kind`, in id order.
    pub fn ids(&self, kind: Kind, person: &str) -> &[Key] {
        self.lists
            .get(&(kind, Key::from(person)))
            .map_or(&[], Vec::as_slice)
    }
}
