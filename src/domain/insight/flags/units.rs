//! What flags are worked out for: every person, key position, team and flag raised by hand
//! ([`super::compute_with`]), or only the few a change can affect ([`compute_units`]), by the
//! same rules in the same order.

use super::{Flag, FlagKind, close, loudest_first, manual, people, quiet_state, succession, work};
use crate::domain::flag::{ManualFlag, Subject};
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::rules::Rules;
use crate::domain::person::Person;
use crate::domain::succession::KeyPosition;
use crate::domain::{Key, Text};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The subjects whose flags are worked out again after a change: people (by id, whether or not
/// they have a record), key positions, teams, and flags raised by hand (by id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Units {
    pub people: BTreeSet<Key>,
    pub positions: BTreeSet<Key>,
    pub teams: BTreeSet<Text>,
    pub manual: BTreeSet<Key>,
}

impl Units {
    /// Whether `flag` is one these units raise, so that working them out again replaces it.
    pub fn covers(&self, flag: &Flag) -> bool {
        if flag.kind == FlagKind::Manual {
            return self.manual.contains(flag.id.as_str());
        }
        match &flag.subject {
            Subject::Person(id) => self.people.contains(id.as_str()),
            Subject::Position(id) => self.positions.contains(id.as_str()),
            Subject::Team(team) => self.teams.contains(team.as_str()),
        }
    }

    pub fn len(&self) -> usize {
        self.people.len() + self.positions.len() + self.teams.len() + self.manual.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The flags of `units` alone, loudest first, as [`super::compute_with`] gives them. `index`
/// needs the records of those people and the reports of their managers
/// ([`OrgIndex::add_person`]), and the members of those teams ([`OrgIndex::add_team`]).
pub fn compute_units(
    index: &OrgIndex,
    rules: &Rules,
    today: NaiveDate,
    units: &Units,
) -> Vec<Flag> {
    let org = index.org;
    let none = Vec::new();
    raise(
        index,
        rules,
        today,
        Raise {
            people: units.people.iter().map(Key::as_str),
            positions: units
                .positions
                .iter()
                .filter_map(|id| org.positions.get(id.as_str())),
            teams: units.teams.iter().map(|team| {
                let members = index.teams.get(team.as_str()).unwrap_or(&none);
                (team.as_str(), members.as_slice())
            }),
            manual: units
                .manual
                .iter()
                .filter_map(|id| org.flags.get(id.as_str())),
        },
    )
}

/// What [`raise`] works out flags for.
pub(super) struct Raise<P, Q, T, M> {
    pub people: P,
    pub positions: Q,
    pub teams: T,
    pub manual: M,
}

/// The flags of every subject in `what`, with the quiet ones marked, loudest first.
pub(super) fn raise<'a, P, Q, T, M>(
    index: &OrgIndex<'a>,
    rules: &Rules,
    today: NaiveDate,
    what: Raise<P, Q, T, M>,
) -> Vec<Flag>
where
    P: Iterator<Item = &'a str>,
    Q: Iterator<Item = &'a KeyPosition>,
    T: Iterator<Item = (&'a str, &'a [&'a Person])>,
    M: Iterator<Item = &'a ManualFlag>,
{
    let org = index.org;
    let leavers = close::Leavers::new(index, rules, today);
    let mut flags = Vec::new();
    for id in what.people {
        if let Some(person) = index.person(id) {
            people::flags(index, &leavers, rules, today, person, &mut flags);
            flags.extend(succession::key_person_no_successor(index, person));
        }
        work::flags(index, rules, today, id, &mut flags);
    }
    for position in what.positions {
        succession::position_flags(index, rules, position, &mut flags);
    }
    for (team, members) in what.teams {
        flags.extend(succession::referral_dependency(index, rules, team, members));
    }
    for flag in &mut flags {
        // Hundreds of thousands of flags can stand at once: none keeps room it will not use.
        flag.evidence.shrink_to_fit();
        flag.reason.shrink_to_fit();
        flag.quiet = quiet_state(
            org.flag_quiets.get(flag.id.as_str()),
            &flag.fingerprint,
            today,
        );
    }
    flags.extend(what.manual.filter_map(|f| manual(f, today)));
    flags.shrink_to_fit();
    flags.sort_by(loudest_first);
    flags
}
