//! The roster: who is shown, in what order, as an org tree or a flat list, and which row is
//! selected. The rows are worked out when something changes, never while drawing; drawing only
//! reads the rows that fit on screen.

use crate::domain::Key;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Most urgent first: what most needs the manager's attention.
    Urgency,
    Name,
}

/// One row of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Kept inline: rebuilding 100,000 rows allocates nothing for them.
    pub id: Key,
    /// How deep in the tree (0 in a flat list).
    pub depth: u16,
    pub has_reports: bool,
    pub expanded: bool,
}

/// What the roster needs to know about one person to place them. Small: a roster of 100,000
/// people is 100,000 entries for a moment at each rebuild.
pub struct Entry<'a> {
    pub person: &'a crate::domain::person::Person,
    /// What a list by name sorts on ([`crate::text::names::sort_key`]: Chinese by its pinyin).
    pub sort_key: std::borrow::Cow<'a, str>,
    pub urgency: u32,
    /// Matches the current filter (always true without one).
    pub matches: bool,
}

impl<'a> Entry<'a> {
    pub fn id(&self) -> &'a str {
        self.person.id.as_str()
    }

    pub fn name(&self) -> &'a str {
        self.person.name.as_str()
    }

    pub fn manager(&self) -> Option<&'a str> {
        self.person.manager.as_ref().map(|m| m.as_str())
    }
}

pub struct Roster {
    pub tree: bool,
    pub order: Order,
    pub filter: String,
    /// People whose reports are folded away.
    pub collapsed: HashSet<Key>,
    pub rows: Vec<Row>,
    pub selected: usize,
    /// Who was selected last, kept while a filter shows nobody, to come back to.
    last: Option<String>,
}

impl Default for Roster {
    fn default() -> Self {
        Roster {
            tree: true,
            order: Order::Urgency,
            filter: String::new(),
            collapsed: HashSet::new(),
            rows: Vec::new(),
            selected: 0,
            last: None,
        }
    }
}

impl Roster {
    pub fn selected_id(&self) -> Option<&str> {
        self.rows.get(self.selected).map(|r| r.id.as_str())
    }

    /// Rebuilds the rows from `entries`, keeping the same person selected when they are still
    /// shown. A filter always gives a flat list of the matches.
    pub fn rebuild(&mut self, entries: &[Entry<'_>]) {
        let keep = self
            .selected_id()
            .map(str::to_string)
            .or_else(|| self.last.clone());
        let by_name = |a: &Entry<'_>, b: &Entry<'_>| {
            a.sort_key
                .cmp(&b.sort_key)
                .then_with(|| a.name().cmp(b.name()))
        };
        let cmp = |a: &&Entry<'_>, b: &&Entry<'_>| {
            match self.order {
                Order::Urgency => b.urgency.cmp(&a.urgency).then_with(|| by_name(a, b)),
                Order::Name => by_name(a, b),
            }
            .then_with(|| a.id().cmp(b.id()))
        };
        // The old rows go first: at 100,000 people they and the new ones would be 3 MB twice.
        self.rows = Vec::new();
        self.rows = if self.tree && self.filter.is_empty() {
            self.tree_rows(entries, cmp)
        } else {
            let mut shown: Vec<&Entry<'_>> = entries.iter().filter(|e| e.matches).collect();
            shown.sort_by(cmp);
            shown
                .into_iter()
                .map(|e| Row {
                    id: Key::from(e.id()),
                    depth: 0,
                    has_reports: false,
                    expanded: false,
                })
                .collect()
        };
        self.selected = keep
            .as_ref()
            .and_then(|id| self.rows.iter().position(|r| r.id == *id))
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
        self.last = self.selected_id().map(str::to_string).or(keep);
    }

    /// Depth-first, without recursion (a reporting line can be thousands deep). People are
    /// handled by their place in `entries`, which is quicker than by id in a large roster.
    fn tree_rows(
        &self,
        entries: &[Entry<'_>],
        cmp: impl Fn(&&Entry<'_>, &&Entry<'_>) -> std::cmp::Ordering,
    ) -> Vec<Row> {
        let by = |a: &u32, b: &u32| cmp(&&entries[*a as usize], &&entries[*b as usize]);
        // Entries come in id order (as the records keep people): a manager is found by a
        // binary search, without a map of 100,000 ids beside them (4 MB). Others are mapped.
        let in_id_order = entries.windows(2).all(|w| w[0].id() < w[1].id());
        let place: foldhash::HashMap<&str, u32> = match in_id_order {
            true => Default::default(),
            false => (entries.iter().enumerate())
                .map(|(i, e)| (e.id(), i as u32))
                .collect(),
        };
        let find = |id: &str| match in_id_order {
            true => (entries.binary_search_by(|e| e.id().cmp(id)).ok()).map(|i| i as u32),
            false => place.get(id).copied(),
        };
        let manager_of: Vec<Option<u32>> = entries
            .iter()
            .map(|e| e.manager().filter(|m| *m != e.id()).and_then(find))
            .collect();
        drop(place);
        // Everyone's reports in one vector, each manager's in a run of it (`starts[m]` to
        // `starts[m + 1]`), rather than a vector per manager: 100,000 people, no allocation each.
        // Places as `u32`: a roster of four billion people is not in sight.
        let mut starts = vec![0u32; entries.len() + 1];
        for manager in manager_of.iter().flatten() {
            starts[*manager as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut all_reports = vec![0u32; starts[entries.len()] as usize];
        let mut roots: Vec<u32> = Vec::new();
        for (i, manager) in manager_of.iter().enumerate() {
            match manager {
                Some(m) => {
                    all_reports[next[*m as usize] as usize] = i as u32;
                    next[*m as usize] += 1;
                }
                None => roots.push(i as u32),
            }
        }
        drop(next);
        drop(manager_of);
        let run = |m: usize| starts[m] as usize..starts[m + 1] as usize;
        for m in 0..entries.len() {
            let reports = &mut all_reports[run(m)];
            if reports.len() > 1 {
                reports.sort_by(by);
            }
        }
        let children = |m: usize| &all_reports[run(m)];
        roots.sort_by(by);
        // People on a reporting cycle (stored data `crewdeck check` would report) are reached
        // from no root: they are shown as roots of their own, after the others. Sorted only
        // when there are any.
        let mut leftovers: Option<Vec<u32>> = None;
        let mut rows = Vec::with_capacity(entries.len());
        let mut seen = vec![false; entries.len()];
        let mut placed = 0;
        let mut stack: Vec<(u32, u16)> = roots.into_iter().rev().map(|e| (e, 0)).collect();
        loop {
            let next = stack.pop().or_else(|| {
                if placed >= entries.len() {
                    return None;
                }
                let leftovers = leftovers.get_or_insert_with(|| {
                    let mut all: Vec<u32> = (0..entries.len() as u32).collect();
                    // Taken from the end: sorted backwards, they come out in order.
                    all.sort_by(|a, b| by(b, a));
                    all
                });
                std::iter::from_fn(|| leftovers.pop())
                    .find(|i| !seen[*i as usize])
                    .map(|i| (i, 0))
            });
            let Some((at, depth)) = next else {
                break;
            };
            let at = at as usize;
            if seen[at] {
                continue; // a cycle in stored data must not loop forever
            }
            seen[at] = true;
            placed += 1;
            let entry = &entries[at];
            let reports = children(at);
            // Nothing is folded at the start: no id is hashed then.
            let expanded = self.collapsed.is_empty() || !self.collapsed.contains(entry.id());
            rows.push(Row {
                id: Key::from(entry.id()),
                depth,
                has_reports: !reports.is_empty(),
                expanded,
            });
            if expanded {
                stack.extend(reports.iter().rev().map(|r| (*r, depth.saturating_add(1))));
            } else {
                // Folded away, but placed: they must not come back as roots of their own.
                let mut hidden: Vec<u32> = reports.to_vec();
                while let Some(e) = hidden.pop() {
                    if !seen[e as usize] {
                        seen[e as usize] = true;
                        placed += 1;
                        hidden.extend(children(e as usize));
                    }
                }
            }
        }
        rows
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
        self.last = self.selected_id().map(str::to_string);
    }

    pub fn select_id(&mut self, id: &str) -> bool {
        match self.rows.iter().position(|r| r.id == id) {
            Some(at) => {
                self.selected = at;
                self.last = Some(id.to_string());
                true
            }
            None => false,
        }
    }
}

/// The next person not shown yet, to start a tree of their own.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Person;

    fn person(id: &str, name: &str, manager: Option<&str>) -> Person {
        let mut p = Person::new(id, name);
        p.manager = manager.map(crate::domain::ids::PersonId::new);
        p
    }

    fn people() -> Vec<(Person, u32)> {
        vec![
            (person("A", "Ada", None), 0),
            (person("B", "Bo", Some("A")), 2),
            (person("C", "Cy", Some("A")), 9),
            (person("D", "Di", Some("B")), 0),
        ]
    }

    fn entries(people: &[(Person, u32)]) -> Vec<Entry<'_>> {
        (people.iter())
            .map(|(p, urgency)| Entry {
                person: p,
                sort_key: crate::text::names::sort_key_of(&p.name).into(),
                urgency: *urgency,
                matches: true,
            })
            .collect()
    }

    fn ids(roster: &Roster) -> Vec<(&str, u16)> {
        roster
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.depth))
            .collect()
    }

    #[test]
    fn the_tree_puts_the_most_urgent_reports_first() {
        let people = people();
        let mut roster = Roster::default();
        roster.rebuild(&entries(&people));
        assert_eq!(ids(&roster), vec![("A", 0), ("C", 1), ("B", 1), ("D", 2)]);
        roster.order = Order::Name;
        roster.rebuild(&entries(&people));
        assert_eq!(ids(&roster), vec![("A", 0), ("B", 1), ("D", 2), ("C", 1)]);
    }

    #[test]
    fn a_list_by_name_puts_chinese_names_by_their_pinyin() {
        let people: Vec<(Person, u32)> = [
            ("1", "Zoë Müller"),
            ("2", "曾小凡"),
            ("3", "Ada Adams"),
            ("4", "陈静"),
            ("5", "Élodie Dubois"),
            ("6", "单丽华"),
            ("7", "Zeng Li"),
        ]
        .into_iter()
        .map(|(id, name)| (person(id, name, None), 0))
        .collect();
        let mut roster = Roster {
            tree: false,
            order: Order::Name,
            ..Roster::default()
        };
        roster.rebuild(&entries(&people));
        let order: Vec<&str> = ids(&roster).into_iter().map(|(id, _)| id).collect();
        assert_eq!(
            order,
            ["3", "4", "5", "6", "7", "2", "1"],
            "zeng li before zeng xiao fan"
        );
    }

    #[test]
    fn collapsing_hides_reports_and_keeps_the_selection() {
        let people = people();
        let mut roster = Roster::default();
        roster.rebuild(&entries(&people));
        roster.select_id("B");
        roster.collapsed.insert("B".into());
        roster.rebuild(&entries(&people));
        assert_eq!(ids(&roster), vec![("A", 0), ("C", 1), ("B", 1)]);
        assert_eq!(roster.selected_id(), Some("B"));
    }

    #[test]
    fn a_filter_gives_a_flat_list_of_matches() {
        let people = people();
        let mut roster = Roster::default();
        let mut list = entries(&people);
        for e in &mut list {
            e.matches = e.id() != "A";
        }
        roster.filter = "x".into();
        roster.rebuild(&list);
        assert_eq!(ids(&roster), vec![("C", 0), ("B", 0), ("D", 0)]);
    }

    #[test]
    fn a_tree_out_of_id_order_is_built_the_same() {
        let mut people = people();
        people.reverse();
        let mut roster = Roster::default();
        roster.rebuild(&entries(&people));
        assert_eq!(ids(&roster), vec![("A", 0), ("C", 1), ("B", 1), ("D", 2)]);
    }

    #[test]
    fn a_cycle_in_stored_data_does_not_hang() {
        let people = [
            (person("X", "X", Some("Y")), 0),
            (person("Y", "Y", Some("X")), 0),
        ];
        let mut roster = Roster::default();
        roster.rebuild(&entries(&people));
        assert_eq!(roster.rows.len(), 2, "both are still shown");
    }
}
