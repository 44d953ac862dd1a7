//! Freshly worked-out flags take the places of the old ones of the same subjects, in the one
//! list of all flags, loudest first; the indexes into that list (`flags_of`, `team_flags`)
//! follow the flags that moved.
//!
//! Only the stretch of the list between the first and the last flag that changed is rebuilt;
//! the flags after it move along by how many came or went, in one step.

use super::super::derived::{Derived, on_team_view};
use crate::domain::flag::{Severity, Subject};
use crate::domain::insight::Flag;
use crate::domain::insight::flags::{FlagKind, Units, loudest_first};
use crate::domain::{Key, Org};
use std::cmp::Ordering;
use std::cmp::Reverse;
use std::collections::BTreeSet;

/// Where the flags of the old list went.
pub(super) struct Moves {
    /// Flags before `from` stayed where they were; those from `to` on moved by `shift`.
    from: usize,
    to: usize,
    shift: isize,
    /// Where each flag of `from..to` went, `GONE` for those replaced.
    stretch: Vec<usize>,
    /// Where the fresh flags went, in order.
    placed: Vec<usize>,
}

const GONE: usize = usize::MAX;

impl Moves {
    /// Where the flag at `old` went; `None` when it was replaced.
    fn of(&self, old: usize) -> Option<usize> {
        if old < self.from {
            return Some(old);
        }
        if old >= self.to {
            return old.checked_add_signed(self.shift);
        }
        Some(self.stretch[old - self.from]).filter(|to| *to != GONE)
    }

    /// The stretch as it is now.
    fn stretch(&self) -> std::ops::Range<usize> {
        self.from..self.to.checked_add_signed(self.shift).unwrap_or(self.to)
    }
}

/// Puts `fresh` (loudest first) in the places of the flags `units` raise, and keeps `flags_of`
/// and `team_flags` pointing at the same flags. Returns the people whose flags changed; `None`
/// when no flag did.
pub(super) fn replace(
    d: &mut Derived,
    org: &Org,
    units: &Units,
    fresh: Vec<Flag>,
) -> Option<BTreeSet<Key>> {
    let gone = raised_by(&d.flags, units);
    if gone.len() == fresh.len() && gone.iter().zip(&fresh).all(|(i, f)| d.flags[*i] == *f) {
        return None;
    }
    let mut people: BTreeSet<Key> = gone
        .iter()
        .filter_map(|i| d.flags[*i].person())
        .map(Key::from)
        .collect();
    people.extend(fresh.iter().filter_map(Flag::person).map(Key::from));
    let moves = splice(&mut d.flags, &gone, fresh);
    // With as many flags as before, only the people of the stretch rebuilt have moved flags;
    // a long stretch is quicker to follow by going through everyone's.
    if moves.shift == 0 && moves.stretch().len() < d.flags.len() / 8 {
        let stretch = &d.flags[moves.stretch()];
        let touched: BTreeSet<&str> = stretch.iter().filter_map(Flag::person).collect();
        for person in touched.into_iter().chain(people.iter().map(Key::as_str)) {
            if let Some(list) = d.flags_of.get_mut(person) {
                remap(list, &moves);
            }
        }
        d.flags_of.retain(|_, list| !list.is_empty());
    } else {
        d.flags_of.retain(|_, list| {
            remap(list, &moves);
            !list.is_empty()
        });
    }
    for at in moves.placed.iter().copied() {
        if let Some(person) = d.flags[at].person() {
            d.flags_of.entry(Key::from(person)).or_default().push(at);
        }
    }
    for person in &people {
        if let Some(list) = d.flags_of.get_mut(person.as_str()) {
            list.sort_unstable();
        }
    }
    remap(&mut d.team_flags, &moves);
    let seen: Vec<usize> = (moves.placed.iter().copied())
        .filter(|at| on_team_view(org, d.scope.as_ref(), &d.flags[*at]))
        .collect();
    if !seen.is_empty() {
        d.team_flags.extend(seen);
        d.team_flags.sort_unstable();
    }
    Some(people)
}

/// Sends each index of `list` where its flag went, dropping those replaced.
fn remap(list: &mut Vec<usize>, moves: &Moves) {
    list.retain_mut(|i| match moves.of(*i) {
        Some(to) => {
            *i = to;
            true
        }
        None => false,
    });
}

/// The indexes, in order, of the flags `units` raise. The list is sorted by loudness and
/// severity, then subject: the flags about one subject lie together in each of the eight
/// bands of loudness and severity, and are found by halving.
fn raised_by(flags: &[Flag], units: &Units) -> Vec<usize> {
    let subjects = (units
        .people
        .iter()
        .map(|id| Subject::Person(id.as_str().into())))
    .chain(
        units
            .positions
            .iter()
            .map(|id| Subject::Position(id.as_str().into())),
    )
    .chain(
        units
            .teams
            .iter()
            .map(|team| Subject::Team(team.to_string())),
    );
    let key = |f: &Flag| (f.quiet.is_some(), Reverse(f.severity));
    let mut found = Vec::new();
    for subject in subjects {
        for quiet in [false, true] {
            for severity in [
                Severity::Critical,
                Severity::High,
                Severity::Watch,
                Severity::Info,
            ] {
                let band = (quiet, Reverse(severity));
                let from = flags.partition_point(|f| (key(f), &f.subject) < (band, &subject));
                let to = flags.partition_point(|f| (key(f), &f.subject) <= (band, &subject));
                found.extend((from..to).filter(|i| units.covers(&flags[*i])));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Takes the flags at `gone` out of `flags` and puts `fresh` in their order among the rest, in
/// place: only the stretch from the first to the last flag that changed is moved (each flag of
/// it once or twice, by rotations of the runs between the changes), and the flags after it
/// once more when the count changed. Returns where every flag went.
fn splice(flags: &mut Vec<Flag>, gone: &[usize], fresh: Vec<Flag>) -> Moves {
    let at: Vec<usize> = (fresh.iter())
        .map(|new| flags.partition_point(|old| loudest_first(old, new).is_lt()))
        .collect();
    let from = (gone.first().into_iter().chain(at.first()))
        .min()
        .copied()
        .unwrap_or(0);
    let to = (gone.last().map(|g| g + 1).into_iter())
        .chain(at.last().copied())
        .max()
        .unwrap_or(from);
    // The gone flags give way to blanks, which the runs after them pass over to the end of
    // the stretch: the flags that stay end up together at its start, in order.
    for (n, g) in gone.iter().enumerate() {
        flags[*g] = placeholder();
        let run_end = gone.get(n + 1).copied().unwrap_or(to);
        to_back(&mut flags[g - n..run_end], n + 1);
    }
    let kept = to - gone.len();
    // Room for exactly the flags that stay and the fresh ones.
    let end = kept + fresh.len();
    match end.cmp(&to) {
        Ordering::Greater => {
            flags.splice(to..to, std::iter::repeat_with(placeholder).take(end - to));
        }
        Ordering::Less => {
            flags.drain(end..to);
        }
        Ordering::Equal => {}
    }
    // Each fresh flag goes after the flags that stay and do not come after it: from the last,
    // the run of flags after it moves along by the blanks still left, one of which it takes.
    let ranks: Vec<usize> = (fresh.iter())
        .map(|new| flags[from..kept].partition_point(|old| !loudest_first(new, old).is_lt()))
        .collect();
    for (n, new) in fresh.into_iter().enumerate().rev() {
        let run = from + ranks[n];
        let run_end = ranks.get(n + 1).map_or(kept, |r| from + r);
        to_front(&mut flags[run..run_end + n + 1], n + 1);
        flags[run + n] = new;
    }
    // Each flag that stays has before it the flags that stayed before it and the fresh flags
    // whose rank is at most its own.
    let mut stretch = Vec::with_capacity(to - from);
    let (mut gone, mut rank, mut fresh_before) = (gone.iter().peekable(), 0, 0);
    for i in from..to {
        if gone.next_if(|g| **g == i).is_some() {
            stretch.push(GONE);
            continue;
        }
        while ranks.get(fresh_before).is_some_and(|r| *r <= rank) {
            fresh_before += 1;
        }
        stretch.push(from + rank + fresh_before);
        rank += 1;
    }
    Moves {
        from,
        to,
        shift: end as isize - to as isize,
        stretch,
        placed: (ranks.iter().enumerate())
            .map(|(n, r)| from + r + n)
            .collect(),
    }
}

/// Moves the first `k` flags of `run` to its end, the others before them in order: block by
/// block, front to back, so memory is read in order (a rotation of a long slice of large
/// items jumps about it).
fn to_back(run: &mut [Flag], k: usize) {
    let mut at = 0; // the k to move are at `at..at + k`
    while at + 2 * k <= run.len() {
        let (moving, next) = run[at..].split_at_mut(k);
        moving.swap_with_slice(&mut next[..k]);
        at += k;
    }
    let rest = run.len() - at;
    run[at..].rotate_left(k.min(rest));
}

/// Moves the last `k` flags of `run` to its front, the others after them in order; as
/// [`to_back`], back to front.
fn to_front(run: &mut [Flag], k: usize) {
    let mut end = run.len(); // the k to move are at `end - k..end`
    while end >= 2 * k {
        let (before, moving) = run[..end].split_at_mut(end - k);
        moving.swap_with_slice(&mut before[end - 2 * k..]);
        end -= k;
    }
    run[..end].rotate_right(k.min(end));
}

/// What stands in a flag's place for the moment it is taken out: allocates nothing.
fn placeholder() -> Flag {
    Flag {
        id: Key::default(),
        kind: FlagKind::Manual,
        severity: Severity::Info,
        subject: Subject::Team(String::new()),
        reason: String::new(),
        evidence: Vec::new(),
        fingerprint: Key::default(),
        quiet: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn flag(n: usize, quiet: bool, severity: Severity) -> Flag {
        let mut flag = placeholder();
        flag.id = Key::from(format!("f{n}"));
        flag.kind = FlagKind::NoOneOnOne;
        flag.subject = Subject::Person(format!("P{n:03}").into());
        flag.severity = severity;
        flag.quiet = quiet.then(|| crate::domain::quiet::QuietState::Acknowledged {
            by: String::new(),
            on: chrono::NaiveDate::MIN,
        });
        flag
    }

    fn flags(specs: &[(bool, u8)], from: usize) -> Vec<Flag> {
        let severities = [
            Severity::Info,
            Severity::Watch,
            Severity::High,
            Severity::Critical,
        ];
        let mut flags: Vec<Flag> = (specs.iter().enumerate())
            .map(|(i, (quiet, s))| flag(from + i, *quiet, severities[usize::from(*s) % 4]))
            .collect();
        flags.sort_by(loudest_first);
        flags
    }

    proptest! {
        /// The flags end as removing the gone ones, adding the fresh ones and sorting would
        /// leave them, and every flag that stays is found where it went.
        #[test]
        fn splicing_in_place_gives_the_sorted_list(
            old in proptest::collection::vec((any::<bool>(), 0u8..4), 0..60),
            new in proptest::collection::vec((any::<bool>(), 0u8..4), 0..8),
            gone in proptest::collection::vec(any::<proptest::sample::Index>(), 0..8),
        ) {
            let before = flags(&old, 0);
            let fresh = flags(&new, 1000);
            let mut gone: Vec<usize> = gone.iter().filter(|_| !before.is_empty()).map(|i| i.index(before.len())).collect();
            gone.sort_unstable();
            gone.dedup();
            let mut expected: Vec<Flag> = (before.iter().enumerate())
                .filter(|(i, _)| !gone.contains(i))
                .map(|(_, f)| f.clone())
                .chain(fresh.iter().cloned())
                .collect();
            expected.sort_by(loudest_first);
            let mut ours = before.clone();
            let moves = splice(&mut ours, &gone, fresh.clone());
            prop_assert_eq!(&ours, &expected);
            for (i, flag) in before.iter().enumerate() {
                match moves.of(i) {
                    Some(to) => prop_assert_eq!(&ours[to].id, &flag.id),
                    None => prop_assert!(gone.contains(&i)),
                }
            }
            for (n, at) in moves.placed.iter().enumerate() {
                prop_assert_eq!(&ours[*at].id, &fresh[n].id);
            }
        }
    }
}
