//! What the cockpit shows that is worked out from the records: the flags, urgency, coverage,
//! points, the finder's search keys, and who is in the user's scope. Computed when the records
//! change, never while drawing; only the words of one person's urgency are put together when
//! that person is shown, so 100,000 people's lists are not kept.
//!
//! After a change, [`Derived::update`] works out again only what the change can affect
//! (see `super::refresh`); [`Derived::compute`] works out everything.

use super::finder::{Needle, SearchKey};
use super::roster::Entry;
use crate::domain::flag::Subject;
use crate::domain::grow::GrowNote;
use crate::domain::insight::coverage::{Coverage, coverage};
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::links::Links;
use crate::domain::insight::points::{Standing, standings_with};
use crate::domain::insight::talent::{KeyScore, NineBox, key_score};
use crate::domain::insight::urgency::{Urgency, person_urgency, scores};
use crate::domain::insight::{Flag, Rules, flags};
use crate::domain::person::{Person, Status};
use crate::domain::{Key, Org, Text};
use crate::text::names::sort_key_of;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

pub struct Derived {
    /// Every standing flag, loudest first.
    pub flags: Vec<Flag>,
    /// Indexes into `flags` for each person.
    pub flags_of: foldhash::HashMap<Key, Vec<usize>>,
    /// Each person's urgency score, for everyone above zero. What made it up is worked out when
    /// a person is shown ([`Derived::urgency_detail`]).
    pub urgency: foldhash::HashMap<Key, u32>,
    pub coverage: Coverage,
    pub standings: Vec<Standing>,
    pub search: std::sync::Arc<[SearchKey]>,
    /// The people the user may see; `None` for everyone.
    pub scope: Option<HashSet<Key>>,
    /// What the latest assessments say of each person.
    pub talent: HashMap<Key, Talent>,
    /// The flags of the team view: indexes into `flags` of those in scope, loudest first.
    pub team_flags: Vec<usize>,
    /// How many flags the team view has in all: on a shared server, more than `team_flags`
    /// holds (the server sends the loudest, [`crate::server::insight::TEAM_FLAGS_SENT`]).
    pub team_flag_count: usize,
    /// Everyone in scope in each cell of the 9-box, as (name, id), by name.
    pub nine_box: HashMap<NineBox, Vec<(Text, Text)>>,
    /// People in scope, not yet left, with no assessment: on no cell of the 9-box.
    pub unassessed: usize,
    /// People on an open improvement plan, and people holding a key position with no successor:
    /// the roster's `P` and `S` markers.
    pub on_plan: HashSet<Key>,
    pub uncovered: HashSet<Key>,
    /// Each person's notes, stay interviews, points entries and departures, so their pane
    /// finds them without a scan; and the other links a change is followed along.
    pub by_person: Links,
    /// The rules, day and user everything was worked out for; `None` until it is.
    pub(super) basis: Option<Basis>,
}

/// What [`Derived`] was worked out for: an update for other rules, another day or another user
/// would mix two bases.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Basis {
    pub rules: Rules,
    pub today: NaiveDate,
    pub actor: String,
    /// Worked out for a cockpit: with the finder's search keys and the names on each cell of
    /// the 9-box, which a shared server, answering by id, does without.
    pub cockpit: bool,
}

/// What [`Derived::update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// Everything is current, and nobody's urgency changed.
    Current,
    /// Everything is current, and someone's urgency changed: what is ordered by it may be out
    /// of order.
    Reordered,
    /// The change reaches too far to be worked out piece by piece: only the index of each
    /// person's records is current, and [`Derived::compute`] must follow.
    Declined,
}

/// A person's latest assessment, read for the profile.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Talent {
    pub quarter: crate::domain::assessment::Quarter,
    pub nine_box: NineBox,
    pub key_score: Option<KeyScore>,
    pub engagement: u8,
    pub previous_engagement: Option<u8>,
}

impl Talent {
    /// What the latest assessments of `id` say, if they have any.
    pub(super) fn of(index: &OrgIndex, id: &str) -> Option<Talent> {
        let latest = index.latest_assessment(id)?;
        Some(Talent {
            quarter: latest.quarter,
            nine_box: NineBox::of(latest),
            key_score: key_score(index, id),
            engagement: latest.engagement,
            previous_engagement: index
                .last_two_assessments(id)
                .map(|(before, _)| before.engagement),
        })
    }
}

/// Whether the team view lists `flag` for a user who sees `scope` (`None`: everyone): a flag
/// about someone they see, or about a position whose incumbent they see (or that has none);
/// a team's flag only for those who see everyone.
pub(super) fn on_team_view(org: &Org, scope: Option<&HashSet<Key>>, flag: &Flag) -> bool {
    let visible = |id: &str| scope.is_none_or(|s| s.contains(id));
    match &flag.subject {
        Subject::Person(id) => visible(id.as_str()),
        Subject::Position(id) => org
            .positions
            .get(id.as_str())
            .is_none_or(|p| p.incumbent.as_ref().is_none_or(|i| visible(i.as_str()))),
        Subject::Team(_) => scope.is_none(),
    }
}

/// What a list by name sorts a person on: their search key's (`search` is in id order), or
/// worked out from the name for someone without one.
pub(super) fn name_key<'k>(search: &'k [SearchKey], name: &str, id: &str) -> Cow<'k, str> {
    match search.binary_search_by(|k| (*k.id).cmp(id)) {
        Ok(at) => Cow::Borrowed(search[at].sort_key()),
        Err(_) => Cow::Owned(sort_key_of(name)),
    }
}

impl Derived {
    pub fn compute(org: &Org, rules: &Rules, today: NaiveDate, actor: &str) -> Derived {
        Derived::compute_for(org, rules, today, actor, true)
    }

    /// [`Derived::compute`], without the search keys and the 9-box's names unless `cockpit`
    /// (at 100,000 people 21 MB a shared server, answering by id, does without).
    pub fn compute_for(
        org: &Org,
        rules: &Rules,
        today: NaiveDate,
        actor: &str,
        cockpit: bool,
    ) -> Derived {
        let sight = sight_of(org, actor);
        let scope = sight.people().cloned();
        let visible = |id: &str| scope.as_ref().is_none_or(|s| s.contains(id));
        // First, while memory is not yet cut up by what follows: the finder reads these keys
        // end to end at every keystroke, and they are quicker to read lying close together.
        let search = match cockpit {
            true => keys_of(org, &visible),
            false => std::sync::Arc::from(Vec::new()),
        };
        // One index of the records serves every rule below.
        let index = OrgIndex::new(org);
        let mut flags = flags::compute_with(&index, rules, today);
        // Nobody sees flags about themselves, nor about what is outside their scope.
        flags.retain(|f| sight.sees_subject(&f.subject));
        let talent: HashMap<Key, Talent> = org
            .people
            .keys()
            .filter_map(|id| Some((id.clone(), Talent::of(&index, id)?)))
            .collect();
        let mut standings = standings_with(&index, rules, today, None);
        standings.retain(|s| visible(&s.person));
        // Everything the index serves is worked out: it goes before what follows is built.
        drop(index);
        let mut flags_of: foldhash::HashMap<Key, Vec<usize>> = Default::default();
        for (i, flag) in flags.iter().enumerate() {
            if let Some(person) = flag.person() {
                flags_of.entry(Key::from(person)).or_default().push(i);
            }
        }
        let urgency = scores(org, &flags, rules);
        let team_flags: Vec<usize> = flags
            .iter()
            .enumerate()
            .filter(|(_, f)| on_team_view(org, scope.as_ref(), f))
            .map(|(i, _)| i)
            .collect();
        let mut nine_box: HashMap<NineBox, Vec<(Text, Text)>> = HashMap::new();
        for (id, t) in talent.iter().filter(|_| cockpit) {
            if let Some(p) = org.people.get(id.as_str()).filter(|_| visible(id.as_str())) {
                nine_box
                    .entry(t.nine_box)
                    .or_default()
                    .push((p.name.clone(), p.id.0.clone()));
            }
        }
        for names in nine_box.values_mut() {
            // By name as a list by name is sorted (Chinese by its pinyin), equal keys by the
            // name itself and the id: a stable sort keeps the order of the first. The keys
            // are the search keys' (in id order), worked out above.
            names.sort_unstable();
            names.sort_by_cached_key(|(name, id)| name_key(&search, name, id));
        }
        let unassessed = org
            .people
            .values()
            .filter(|p| {
                visible(p.id.as_str())
                    && !matches!(p.status, crate::domain::person::Status::Left { .. })
                    && !talent.contains_key(p.id.as_str())
            })
            .count();
        let on_plan = org
            .pips
            .values()
            .filter(|p| p.status.is_open())
            .map(|p| p.person.0.clone())
            .collect();
        let uncovered = org
            .positions
            .values()
            .filter(|p| p.successors.is_empty())
            .filter_map(|p| p.incumbent.as_ref().map(|i| i.0.clone()))
            .collect();
        let by_person = Links::build(org);
        Derived {
            by_person,
            basis: Some(Basis {
                rules: rules.clone(),
                today,
                actor: actor.to_string(),
                cockpit,
            }),
            team_flag_count: team_flags.len(),
            team_flags,
            nine_box,
            unassessed,
            on_plan,
            uncovered,
            standings,
            talent,
            coverage: coverage(org, &flags),
            flags,
            flags_of,
            urgency,
            search,
            scope,
        }
    }

    /// What can be shown before the records beyond the roster are read: who is in scope, and
    /// nothing worked out yet.
    pub fn pending(org: &Org, actor: &str) -> Derived {
        Derived {
            flags: Vec::new(),
            flags_of: Default::default(),
            urgency: Default::default(),
            coverage: coverage(org, &[]),
            standings: Vec::new(),
            search: std::sync::Arc::from(Vec::new()),
            scope: sight_of(org, actor).people().cloned(),
            talent: HashMap::new(),
            team_flags: Vec::new(),
            team_flag_count: 0,
            nine_box: HashMap::new(),
            unassessed: 0,
            on_plan: HashSet::new(),
            uncovered: HashSet::new(),
            by_person: Default::default(),
            basis: None,
        }
    }

    /// Keeps the index of each person's records current after a change, so a saved note shows
    /// at once even while the rest is worked out again on another thread.
    pub fn record_changed(&mut self, diff: &crate::domain::Diff) {
        self.by_person.changed(diff);
    }

    /// Brings everything up to date after `diffs` were applied to `org`, working out again only
    /// what they can affect: the same as [`Derived::compute`] would give, in tens of
    /// milliseconds at most at 100,000 people rather than seconds. Declines when the change
    /// reaches too far for that (a roster import, a ladder, a user record, a change of who the
    /// user may see) or everything was worked out for other rules, another day or another user.
    pub fn update(
        &mut self,
        org: &Org,
        rules: &Rules,
        today: NaiveDate,
        actor: &str,
        diffs: &[crate::domain::Diff],
    ) -> Refreshed {
        let basis = Basis {
            rules: rules.clone(),
            today,
            actor: actor.to_string(),
            cockpit: self.basis.as_ref().is_none_or(|b| b.cockpit),
        };
        // What the user sees after the change: their scope, and no flag about themselves.
        let sight = sight_of(org, actor);
        super::refresh::update(self, org, &basis, diffs, &sight)
    }

    /// A person's records of `kind` in `map`, in id order.
    fn records_of<'o, T>(
        &self,
        kind: crate::domain::Kind,
        map: &'o std::collections::BTreeMap<Key, T>,
        person: &str,
    ) -> Vec<&'o T> {
        self.by_person
            .records(kind, person)
            .iter()
            .filter_map(|id| map.get(id.as_str()))
            .collect()
    }

    /// A person's GROW notes, in id order.
    pub fn notes<'o>(&self, org: &'o Org, person: &str) -> Vec<&'o GrowNote> {
        self.records_of(crate::domain::Kind::GrowNote, &org.notes, person)
    }

    /// A person's stay interviews, oldest first.
    pub fn stays<'o>(
        &self,
        org: &'o Org,
        person: &str,
    ) -> Vec<&'o crate::domain::stay::StayInterview> {
        let mut list = self.records_of(
            crate::domain::Kind::StayInterview,
            &org.stay_interviews,
            person,
        );
        list.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        list
    }

    /// A person's points entries, newest first.
    pub fn ledger<'o>(
        &self,
        org: &'o Org,
        person: &str,
    ) -> Vec<&'o crate::domain::points::PointsEntry> {
        let mut list = self.records_of(crate::domain::Kind::PointsEntry, &org.points, person);
        list.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        list
    }

    /// A person's departures (one, unless they left and came back), newest first.
    pub fn departures<'o>(
        &self,
        org: &'o Org,
        person: &str,
    ) -> Vec<&'o crate::domain::departure::Departure> {
        let mut list = self.records_of(crate::domain::Kind::Departure, &org.departures, person);
        list.sort_by(|a, b| (b.started_on, &b.id).cmp(&(a.started_on, &a.id)));
        list
    }

    pub fn visible(&self, id: &str) -> bool {
        self.scope.as_ref().is_none_or(|s| s.contains(id))
    }

    pub fn urgency_of(&self, id: &str) -> u32 {
        self.urgency.get(id).copied().unwrap_or(0)
    }

    /// A person's urgency score with what made it up.
    pub fn urgency_detail(&self, person: &Person, rules: &Rules) -> Option<Urgency> {
        person_urgency(person, self.person_flags(person.id.as_str()), rules)
    }

    /// The flags about one person, loudest first.
    pub fn person_flags(&self, id: &str) -> impl Iterator<Item = &Flag> {
        self.flags_of
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|i| self.flags.get(*i))
    }

    /// The roster's entries: everyone in scope who has not left, with whether they match
    /// `filter` (a part of the name, its pinyin, the title or the team, compared in their
    /// [`crate::text::names::match_form`]) and the key they sort by.
    pub fn roster_entries<'a>(&'a self, org: &'a Org, filter: &str) -> Vec<Entry<'a>> {
        let needle = Needle::new(filter);
        // The keys are in id order, as the people are: one walk pairs them.
        let mut keys = self.search.iter().peekable();
        org.people
            .values()
            .filter(|p| self.visible(p.id.as_str()) && !matches!(p.status, Status::Left { .. }))
            .map(|p| {
                let id = p.id.as_str();
                while keys.next_if(|k| &*k.id < id).is_some() {}
                let key = keys.next_if(|k| &*k.id == id);
                let sort_key = match key {
                    Some(key) => Cow::Borrowed(key.sort_key()),
                    // Until the records are worked out (on another thread) there are no keys:
                    // the name itself, for a first frame without the cost of 100,000 keys.
                    None if self.search.is_empty() => Cow::Borrowed(p.name.as_str()),
                    // Someone added since the keys were worked out.
                    None => Cow::Owned(sort_key_of(&p.name)),
                };
                Entry {
                    person: p,
                    sort_key,
                    urgency: self.urgency_of(id),
                    matches: needle.is_empty() || key.is_some_and(|k| k.contains(&needle)),
                }
            })
            .collect()
    }
}

/// What the finder and the roster filter match: everyone visible who has not left.
fn keys_of(org: &Org, visible: &dyn Fn(&str) -> bool) -> std::sync::Arc<[SearchKey]> {
    let people = org
        .people
        .values()
        .filter(|p| visible(p.id.as_str()) && !matches!(p.status, Status::Left { .. }));
    let count = people.clone().count();
    // Built a few thousand at a time, each lot copied once more, one key after another:
    // building a key leaves freed scratch text between the keys' texts, and a search reads
    // every key in order, so texts side by side in memory make a first keystroke in a large
    // organisation about a third quicker (the memory, not the matching, is what it waits on).
    // A lot at a time, and straight into their place (a range of known length is collected
    // without a list first), the keys are not held twice over: 24 MB less at 100,000 people.
    let mut lots = Lots {
        people,
        lot: Vec::with_capacity(KEYS_A_LOT),
        at: 0,
    };
    (0..count)
        .map(|_| {
            lots.next()
                .unwrap_or_else(|| SearchKey::new("", "", "", ""))
        })
        .collect()
}

/// The search keys of `people`, built a lot at a time, each handed out as a copy.
struct Lots<'o, I: Iterator<Item = &'o Person>> {
    people: I,
    lot: Vec<SearchKey>,
    at: usize,
}

impl<'o, I: Iterator<Item = &'o Person>> Iterator for Lots<'o, I> {
    type Item = SearchKey;

    fn next(&mut self) -> Option<SearchKey> {
        if self.at == self.lot.len() {
            self.lot.clear();
            self.at = 0;
            let next = (self.people.by_ref()).take(KEYS_A_LOT);
            self.lot
                .extend(next.map(|p| SearchKey::new(p.id.as_str(), &p.name, &p.title, &p.team)));
        }
        let key = self.lot.get(self.at)?.clone();
        self.at += 1;
        Some(key)
    }
}

/// How many search keys are built before they are copied side by side ([`keys_of`]).
const KEYS_A_LOT: usize = 4096;

/// The search keys of the people `derived` lets the user see.
pub fn search_keys(org: &Org, derived: &Derived) -> std::sync::Arc<[SearchKey]> {
    keys_of(org, &|id| derived.visible(id))
}

/// What `actor` is shown of the records the backend handed over (which are already only what
/// [`crate::auth`] lets them see): their scope and no flag about themselves. Someone without a
/// user record among them is the owner of the file, who sees all it holds.
fn sight_of(org: &Org, actor: &str) -> crate::auth::Sight {
    match crate::auth::Access::resolve(&org.users, actor, None) {
        Ok(access) => crate::auth::Sight::of(&access, org),
        Err(_) => crate::auth::Sight::everything(actor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_entries_carry_each_persons_sort_key() {
        let mut org = Org::default();
        for (id, name) in [("E1", "曾小凡"), ("E2", "Zoë Müller"), ("E3", "Ada Adams")] {
            org.people.insert(id.into(), Person::new(id, name));
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let derived = Derived::compute(&org, &Rules::default(), today, "admin");
        // Someone added after the keys were worked out gets a key worked out on the spot.
        org.people.insert("E0".into(), Person::new("E0", "单丽华"));
        let keys = |entries: Vec<Entry<'_>>| -> Vec<(String, String)> {
            entries
                .iter()
                .map(|e| (e.id().to_string(), e.sort_key.to_string()))
                .collect()
        };
        let pair = |id: &str, key: &str| (id.to_string(), key.to_string());
        assert_eq!(
            keys(derived.roster_entries(&org, "")),
            [
                pair("E0", "shan li hua"),
                pair("E1", "zeng xiao fan"),
                pair("E2", "zoe muller"),
                pair("E3", "ada adams"),
            ]
        );
        // Before the records are worked out, the name itself.
        let pending = Derived::pending(&org, "admin");
        assert_eq!(pending.roster_entries(&org, "")[1].sort_key, "曾小凡");
        // The filter matches through the same keys.
        let matches: Vec<&str> = derived
            .roster_entries(&org, "zxf")
            .into_iter()
            .filter(|e| e.matches)
            .map(|e| e.id())
            .collect();
        assert_eq!(matches, ["E1"]);
    }
}
