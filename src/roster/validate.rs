//! Graph checks over the rows of a file: duplicate ids, managers and referrers who do not exist,
//! and cycles in the reporting and referral lines.
//!
//! Links are checked on the organisation as the import would leave it: the existing people with
//! the file's rows laid over them. A cycle is reported once, on the first line of the file that is
//! part of it, with its length and at most ten of its people. Chains can be thousands of people
//! deep, so every walk is a loop, never recursion.

use super::Problem;
use super::merge::Merged;
use crate::domain::Org;
use crate::domain::ids::PersonId;
use crate::domain::person::Person;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Adds to `problems` everything wrong with how the rows fit together and with the organisation.
pub(super) fn check(rows: &[Merged], existing: &Org, problems: &mut Vec<Problem>) {
    let rows = first_of_each_id(rows, problems);
    for link in [Link::Manager, Link::Referrer] {
        unknown_people(link, &rows, existing, problems);
        cycles(link, &rows, existing, problems);
    }
}

/// The two ways one person names another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Manager,
    Referrer,
}

impl Link {
    fn of(self, person: &Person) -> Option<&PersonId> {
        match self {
            Link::Manager => person.manager.as_ref(),
            Link::Referrer => person.referred_by.as_ref(),
        }
    }

    /// The column the link comes from.
    fn field(self) -> &'static str {
        match self {
            Link::Manager => "manager",
            Link::Referrer => "referred_by",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Link::Manager => "manager",
            Link::Referrer => "referrer",
        }
    }

    fn chain(self) -> &'static str {
        match self {
            Link::Manager => "the manager chain",
            Link::Referrer => "the referral chain",
        }
    }
}

/// The rows of the file by id, each id's first row only; an id seen again is a problem that
/// names both lines.
struct FileRows<'a> {
    in_order: Vec<&'a Merged>,
    by_id: HashMap<&'a str, &'a Merged>,
}

fn first_of_each_id<'a>(rows: &'a [Merged], problems: &mut Vec<Problem>) -> FileRows<'a> {
    let mut file = FileRows {
        in_order: Vec::with_capacity(rows.len()),
        by_id: HashMap::with_capacity(rows.len()),
    };
    for row in rows {
        let id = row.person.id.as_str();
        match file.by_id.get(id) {
            Some(first) => problems.push(Problem::in_field(
                row.line,
                "id",
                format!(
                    "duplicate id {id}: on line {} and on line {}",
                    first.line, row.line
                ),
            )),
            None => {
                file.by_id.insert(id, row);
                file.in_order.push(row);
            }
        }
    }
    file
}

/// Managers and referrers who are neither in the file nor in the organisation.
fn unknown_people(link: Link, rows: &FileRows<'_>, existing: &Org, problems: &mut Vec<Problem>) {
    for row in &rows.in_order {
        let Some(other) = link.of(&row.person) else {
            continue;
        };
        let known =
            rows.by_id.contains_key(other.as_str()) || existing.people.contains_key(other.as_str());
        if !known {
            let message = format!("unknown {} {other}", link.noun());
            problems.push(Problem::in_field(row.line, link.field(), message));
        }
    }
}

/// Every cycle that goes through at least one row of the file, reported on each such row.
fn cycles(link: Link, rows: &FileRows<'_>, existing: &Org, problems: &mut Vec<Problem>) {
    let next = |id: &str| {
        let person = match rows.by_id.get(id) {
            Some(row) => Some(&row.person),
            None => existing.people.get(id),
        };
        person.and_then(|p| link.of(p)).map(PersonId::as_str)
    };
    let starts: Vec<&str> = rows.in_order.iter().map(|r| r.person.id.as_str()).collect();
    for cycle in find_cycles(&starts, next) {
        let mut lines: Vec<u64> = cycle
            .iter()
            .filter_map(|id| rows.by_id.get(id).map(|row| row.line))
            .collect();
        lines.sort_unstable();
        if lines.is_empty() {
            continue; // already in the organisation, not made by this file
        }
        let name = |id: &str| {
            let person = match rows.by_id.get(id) {
                Some(row) => Some(&row.person),
                None => existing.people.get(id),
            };
            match person {
                Some(p) if !p.name.is_empty() => format!("{id} {}", p.name),
                _ => id.to_string(),
            }
        };
        let named: Vec<String> = cycle
            .iter()
            .take(MAX_NAMES_SHOWN)
            .map(|id| name(id))
            .collect();
        let message = cycle_message(link, &named, cycle.len(), &lines);
        problems.push(Problem::in_field(lines[0], link.field(), message));
    }
}

/// How many people of a cycle a message names.
const MAX_NAMES_SHOWN: usize = 10;

/// The message for a cycle of `length` people, of whom `named` are the first (as `id name`),
/// on `lines` of the file.
fn cycle_message(link: Link, named: &[String], length: usize, lines: &[u64]) -> String {
    if let ([only], 1) = (named, length) {
        return format!("{only} cannot be their own {}", link.noun());
    }
    let mut chain = named.join(" → ");
    match length > named.len() {
        true => {
            let rest = length - named.len();
            let _ = write!(chain, " → … ({rest} more)");
        }
        false => {
            let _ = write!(chain, " → {}", named.first().map_or("", String::as_str));
        }
    }
    format!(
        "{} goes round in a circle of {length} people: {chain} ({})",
        link.chain(),
        super::some_lines(lines)
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    OnWalk,
    Done,
}

/// Each cycle reachable from `starts` by following `next`, once, in the order it is walked.
fn find_cycles<'a>(
    starts: &[&'a str],
    next: impl Fn(&str) -> Option<&'a str>,
) -> Vec<Vec<&'a str>> {
    let mut state: HashMap<&'a str, Visit> = HashMap::new();
    let mut cycles = Vec::new();
    for &start in starts {
        if state.contains_key(start) {
            continue;
        }
        let mut walk: Vec<&'a str> = Vec::new();
        let mut current = Some(start);
        while let Some(id) = current {
            match state.get(id) {
                Some(Visit::OnWalk) => {
                    let from = walk.iter().position(|w| *w == id).unwrap_or(0);
                    cycles.push(walk[from..].to_vec());
                    break;
                }
                Some(Visit::Done) => break,
                None => {}
            }
            state.insert(id, Visit::OnWalk);
            walk.push(id);
            current = next(id);
        }
        for id in walk {
            state.insert(id, Visit::Done);
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycles_of(
        edges: &[(&'static str, &'static str)],
        starts: &[&'static str],
    ) -> Vec<Vec<&'static str>> {
        let next = |id: &str| {
            edges
                .iter()
                .find(|(from, _)| *from == id)
                .map(|(_, to)| *to)
        };
        find_cycles(starts, next)
    }

    #[test]
    fn finds_each_cycle_once_from_any_start() {
        let edges = [
            ("a", "b"),
            ("b", "c"),
            ("c", "a"),
            ("d", "c"),
            ("e", "e"),
            ("f", "g"),
        ];
        let found = cycles_of(&edges, &["d", "a", "b", "e", "f"]);
        assert_eq!(found, vec![vec!["c", "a", "b"], vec!["e"]]);
    }

    #[test]
    fn a_long_chain_has_no_cycle_and_needs_no_recursion() {
        let ids: Vec<String> = (0..100_000).map(|i| format!("P{i}")).collect();
        let index: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let next = |id: &str| {
            index
                .get(id)
                .and_then(|i| ids.get(i + 1))
                .map(String::as_str)
        };
        let starts: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert!(find_cycles(&starts, next).is_empty());
    }

    #[test]
    fn cycle_messages_name_the_chain_and_the_lines() {
        let named = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let message = cycle_message(Link::Manager, &named(&["E1 Ann", "E2", "E3"]), 3, &[2, 4]);
        assert_eq!(
            message,
            "the manager chain goes round in a circle of 3 people: E1 Ann → E2 → E3 → E1 Ann (lines 2, 4)"
        );
        let message = cycle_message(Link::Referrer, &named(&["E5"]), 1, &[9]);
        assert_eq!(message, "E5 cannot be their own referrer");
        let ten: Vec<String> = (1..=10).map(|i| format!("E{i}")).collect();
        let lines: Vec<u64> = (2..=41).collect();
        let message = cycle_message(Link::Manager, &ten, 40, &lines);
        assert!(
            message.contains("circle of 40 people: E1 → E2"),
            "{message}"
        );
        assert!(message.contains("E10 → … (30 more)"), "{message}");
        assert!(message.contains("and 30 more)"), "{message}");
        assert!(!message.contains("E11"), "{message}");
    }
}
