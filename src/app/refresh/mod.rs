//! After a change, what is worked out from the records is brought up to date by working out
//! again only what the change can affect ([`Reach`]): the flags of the people, positions and
//! teams it touches take the places of their old ones, and the urgency, 9-box, standings,
//! search keys, coverage and the roster's markers follow for those people and teams.
//!
//! The result is what [`Derived::compute`] gives for the same records (a test compares the two
//! after random changes). A change that reaches too far is left to [`Derived::compute`].

use super::derived::{Basis, Derived, Refreshed, Talent, name_key, on_team_view};
use super::finder::SearchKey;
use crate::domain::insight::coverage::{loudest_of, update_coverage};
use crate::domain::insight::flags::compute_units;
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::links::Link;
use crate::domain::insight::points::team_standings;
use crate::domain::insight::reach::Reach;
use crate::domain::insight::talent::NineBox;
use crate::domain::insight::urgency::score;
use crate::domain::person::{Person, Status};
use crate::domain::{Diff, Key, Kind, Org, Record, Text};
use std::collections::BTreeSet;

/// Up to this many subjects to work out again (or a quarter of the organisation, when that is
/// more), a change is worked out piece by piece; beyond, from scratch.
const PIECEMEAL_UP_TO: usize = 2_000;

/// [`Derived::update`]: `sight` is what the user may see after the change.
pub(super) fn update(
    d: &mut Derived,
    org: &Org,
    basis: &Basis,
    diffs: &[Diff],
    sight: &crate::auth::Sight,
) -> Refreshed {
    for diff in diffs {
        d.by_person.changed(diff);
    }
    if d.basis.as_ref() != Some(basis) {
        return Refreshed::Declined;
    }
    let (rules, today) = (&basis.rules, basis.today);
    let reach = Reach::of(org, diffs, &d.by_person, rules, today);
    let size = reach.units.len() + reach.people.len() + reach.teams.len();
    // A key position changed for someone who sees a part: a flag raised by hand about it may
    // have come into sight or gone out of it, which only a computation from scratch tells.
    let position_moved = !sight.sees_all() && diffs.iter().any(|d| d.kind == Kind::Position);
    let too_far = reach.everything
        || position_moved
        || size > PIECEMEAL_UP_TO.max(org.people.len() / 4)
        || (reach.moved && d.scope.is_some() && sight.people() != d.scope.as_ref());
    if too_far {
        // Only a computation from scratch makes this current again.
        d.basis = None;
        return Refreshed::Declined;
    }
    let index = index_for(d, org, &reach);
    let counted_before = unassessed(d, &reach.people, |id| person_before(org, diffs, id));
    let mut fresh = compute_units(&index, rules, today, &reach.units);
    // As in a computation from scratch: nothing about the user, nothing outside their scope.
    fresh.retain(|f| sight.sees_subject(&f.subject));
    let moved = flags::replace(d, org, &reach.units, fresh).unwrap_or_default();
    if d.scope.is_some() && diffs.iter().any(|d| d.kind == Kind::Position) {
        // A flag raised by hand about a position shows as its incumbent does.
        d.team_flags = (d.flags.iter().enumerate())
            .filter(|(_, f)| on_team_view(org, d.scope.as_ref(), f))
            .map(|(i, _)| i)
            .collect();
    }
    own_records(d, org, &index, &reach.people);
    let counted = unassessed(d, &reach.people, |id| org.people.get(id));
    d.unassessed = d.unassessed + counted - counted_before;
    let rescored: BTreeSet<&Key> = moved.iter().chain(&reach.people).collect();
    let mut reordered = false;
    for id in &rescored {
        let flags = d.person_flags(id);
        let before = match score(org.people.get(id.as_str()), flags, rules) {
            0 => d.urgency.remove(id.as_str()),
            s => d.urgency.insert((*id).clone(), s),
        };
        reordered |= before != d.urgency.get(id.as_str()).copied();
    }
    standings(d, &index, basis, &reach.teams);
    markers(d, org, &reach);
    // A position's cover shows its incumbent's name and loudest flag.
    let held = (rescored.iter()).flat_map(|id| d.by_person.get(Link::Holds, id));
    let positions: BTreeSet<&str> = (reach.units.positions.iter().chain(held))
        .map(Key::as_str)
        .collect();
    let (flags, flags_of) = (&d.flags, &d.flags_of);
    let of = |id: &str| {
        flags_of
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|i| flags.get(*i))
    };
    update_coverage(&mut d.coverage, org, &|id| loudest_of(of(id)), positions);
    d.team_flag_count = d.team_flags.len();
    if reordered {
        Refreshed::Reordered
    } else {
        Refreshed::Current
    }
}

/// An index of what the rules of `reach`'s subjects read, the records of its people, and the
/// members of its teams with their points (for the standings).
fn index_for<'a>(d: &Derived, org: &'a Org, reach: &'a Reach) -> OrgIndex<'a> {
    let mut index = OrgIndex::empty(org);
    for id in &reach.units.people {
        index.add_person(&d.by_person, id);
    }
    for id in &reach.people {
        index.add_records(&d.by_person, id);
    }
    // Nobody's referrals are counted for those without a team: their members are read for
    // the standings alone.
    let teams = reach.units.teams.iter().filter(|t| !t.is_empty());
    for team in teams.chain(&reach.teams) {
        index.add_team(&d.by_person, team);
    }
    let members: Vec<&str> = (reach.teams.iter())
        .filter_map(|team| index.teams.get(team.as_str()))
        .flatten()
        .map(|p| p.id.as_str())
        .collect();
    for member in members {
        index.add_points(&d.by_person, member);
    }
    index
}

/// What follows from the records of `people` alone: their latest assessment, search key and
/// place in the 9-box.
fn own_records(d: &mut Derived, org: &Org, index: &OrgIndex, people: &BTreeSet<Key>) {
    let old_cells: Vec<(&Key, Option<NineBox>)> = (people.iter())
        .map(|id| (id, d.talent.get(id.as_str()).map(|t| t.nine_box)))
        .collect();
    for id in people {
        match Talent::of(index, id).filter(|_| org.people.contains_key(id.as_str())) {
            Some(talent) => d.talent.insert(id.clone(), talent),
            None => d.talent.remove(id.as_str()),
        };
    }
    if d.basis.as_ref().is_some_and(|b| b.cockpit) {
        search_keys(d, org, people);
        nine_box(d, org, &old_cells);
    }
}

/// The standings of `teams` in place of their old ones (the list is by team, then rank).
fn standings(d: &mut Derived, index: &OrgIndex, basis: &Basis, teams: &BTreeSet<Text>) {
    for team in teams {
        let members = (index.teams.get(team.as_str())).map_or(&[][..], Vec::as_slice);
        let mut fresh = team_standings(index, &basis.rules, basis.today, None, members);
        fresh.retain(|s| d.visible(&s.person));
        let from = (d.standings).partition_point(|s| s.team.as_str() < team.as_str());
        let to = (d.standings).partition_point(|s| s.team.as_str() <= team.as_str());
        d.standings.splice(from..to, fresh);
    }
}

/// The record `id` had before `diffs`: the first before-image of theirs, or the one still there.
fn person_before<'o>(org: &'o Org, diffs: &'o [Diff], id: &str) -> Option<&'o Person> {
    let first = diffs.iter().find(|d| d.kind == Kind::Person && d.key == id);
    match first {
        Some(diff) => match &diff.before {
            Some(Record::Person(p)) => Some(p),
            _ => None,
        },
        None => org.people.get(id),
    }
}

/// How many of `people` the 9-box counts as not yet assessed: seen, still here, with no
/// assessment; `record` gives each one's record.
fn unassessed<'o>(
    d: &Derived,
    people: &BTreeSet<Key>,
    record: impl Fn(&str) -> Option<&'o Person>,
) -> usize {
    (people.iter())
        .filter(|id| {
            d.visible(id)
                && record(id).is_some_and(|p| !matches!(p.status, Status::Left { .. }))
                && !d.talent.contains_key(id.as_str())
        })
        .count()
}

/// The search keys of `people`, as [`Derived::compute`] makes them: for everyone seen who has
/// not left. Changed in place when no key comes or goes and nobody else holds the keys.
pub(super) fn search_keys(d: &mut Derived, org: &Org, people: &BTreeSet<Key>) {
    let mut changes: Vec<(&str, Option<SearchKey>)> = Vec::new();
    for id in people {
        let want = (org.people.get(id.as_str()))
            .filter(|p| d.visible(id) && !matches!(p.status, Status::Left { .. }))
            .map(|p| SearchKey::new(id, &p.name, &p.title, &p.team));
        let at = d.search.binary_search_by(|k| (*k.id).cmp(id.as_str()));
        if want.as_ref() != at.ok().map(|at| &d.search[at]) {
            changes.push((id.as_str(), want));
        }
    }
    if changes.is_empty() {
        return;
    }
    let found = |id: &str, keys: &[SearchKey]| keys.binary_search_by(|k| (*k.id).cmp(id));
    let in_place = (changes.iter()).all(|(id, key)| key.is_some() && found(id, &d.search).is_ok());
    let mut search = std::mem::replace(&mut d.search, std::sync::Arc::from(Vec::new()));
    // The keys are changed in place, or moved into a new list, when nobody else holds them;
    // else copied.
    d.search = match std::sync::Arc::get_mut(&mut search) {
        Some(keys) if in_place => {
            for (id, key) in changes {
                if let (Ok(at), Some(key)) = (found(id, keys), key) {
                    keys[at] = key;
                }
            }
            search
        }
        Some(keys) => {
            let blank = SearchKey::new("", "", "", "");
            let keys = keys.iter_mut().map(|k| std::mem::replace(k, blank.clone()));
            merge_keys(keys, changes).into()
        }
        None => merge_keys(search.iter().cloned(), changes).into(),
    };
}

/// `keys` (in id order) with `changes` (in id order) made: a key put in place of the one with
/// its id, or added; `None` takes the key away.
fn merge_keys(
    keys: impl ExactSizeIterator<Item = SearchKey>,
    changes: Vec<(&str, Option<SearchKey>)>,
) -> Vec<SearchKey> {
    let mut merged = Vec::with_capacity(keys.len() + changes.len());
    let mut changes = changes.into_iter().peekable();
    for key in keys {
        while let Some((_, new)) = changes.next_if(|(id, _)| *id < &*key.id) {
            merged.extend(new);
        }
        match changes.next_if(|(id, _)| *id == &*key.id) {
            Some((_, new)) => merged.extend(new),
            None => merged.push(key),
        }
    }
    merged.extend(changes.filter_map(|(_, new)| new));
    merged
}

/// Moves each of the people in `old_cells` (with the 9-box cell they were in) to the cell
/// their latest assessment puts them in now, at their place by name.
fn nine_box(d: &mut Derived, org: &Org, old_cells: &[(&Key, Option<NineBox>)]) {
    for (id, cell) in old_cells {
        let Some(cell) = cell else { continue };
        if let Some(names) = d.nine_box.get_mut(cell) {
            names.retain(|(_, other)| other.as_str() != id.as_str());
            if names.is_empty() {
                d.nine_box.remove(cell);
            }
        }
    }
    for (id, _) in old_cells {
        let Some(p) = org.people.get(id.as_str()).filter(|_| d.visible(id)) else {
            continue;
        };
        let Some(cell) = d.talent.get(id.as_str()).map(|t| t.nine_box) else {
            continue;
        };
        let search = &d.search;
        let key = name_key(search, &p.name, id);
        let names = d.nine_box.entry(cell).or_default();
        let at = names.partition_point(|(name, other)| {
            (name_key(search, name, other), name, other) < (key.clone(), &p.name, &p.id.0)
        });
        names.insert(at, (p.name.clone(), p.id.0.clone()));
    }
}

/// The roster's `P` (on an open plan) and `S` (holds a position with no successor) markers of
/// the people whose plans or positions changed.
fn markers(d: &mut Derived, org: &Org, reach: &Reach) {
    for id in &reach.plans {
        let plans = d.by_person.get(Link::Plan, id);
        let open = plans.iter().filter_map(|k| org.pips.get(k.as_str()));
        match open.into_iter().any(|p| p.status.is_open()) {
            true => d.on_plan.insert(id.clone()),
            false => d.on_plan.remove(id.as_str()),
        };
    }
    for id in &reach.holders {
        let held = d.by_person.get(Link::Holds, id);
        let held = held.iter().filter_map(|k| org.positions.get(k.as_str()));
        match held.into_iter().any(|p| p.successors.is_empty()) {
            true => d.uncovered.insert(id.clone()),
            false => d.uncovered.remove(id.as_str()),
        };
    }
}

mod flags;
#[cfg(test)]
mod tests;
