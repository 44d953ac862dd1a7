//! Graph checks over the rows of a file: duplicate ids, managers and referrers who do not exist,
//! and cycles in the reporting and referral lines.
//!
//! Links are checked on the organisation as the import would leave it: the existing people with
//! the file's rows laid over them. A cycle is reported on every line of the file that is part of
//! it. Chains can be thousands of people deep, so every walk is a loop, never recursion.

use super::Problem;
use super::merge::Merged;
use crate::domain::Org;
use crate::domain::ids::PersonId;
use crate::domain::person::Person;
use std::collections::HashMap;

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
        let message = cycle_message(link, &cycle, &lines);
        for line in lines {
            problems.push(Problem::in_field(line, link.field(), message.clone()));
        }
    }
}

fn cycle_message(link: Link, cycle: &[&str], lines: &[u64]) -> String {
    if let [only] = cycle {
        return format!("{only} cannot be their own {}", link.noun());
    }
    let mut chain = cycle.join(" → ");
    chain.push_str(" → ");
    chain.push_str(cycle.first().copied().unwrap_or_default());
    let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
    let label = if lines.len() == 1 { "line" } else { "lines" };
    format!(
        "{} goes round in a circle: {chain} ({label} {})",
        link.chain(),
        lines.join(", ")
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
        let message = cycle_message(Link::Manager, &["E1", "E2", "E3"], &[2, 4]);
        assert_eq!(
            message,
            "the manager chain goes round in a circle: E1 → E2 → E3 → E1 (lines 2, 4)"
        );
        let message = cycle_message(Link::Referrer, &["E5"], &[9]);
        assert_eq!(message, "E5 cannot be their own referrer");
    }
}
