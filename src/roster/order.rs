//! The order of the import's writes: every manager and referrer before anyone who names them,
//! since a person can only name someone who is already there.
//!
//! An iterative topological sort (Kahn's algorithm), so a chain thousands deep is no trouble.
//! Validation has refused cycles of managers and cycles of referrals, but the two links together
//! can still go round: A reports to B, and A referred B. Then B is written first without a
//! referrer, and once more with A as referrer after everyone else.

use crate::domain::Change;
use crate::domain::person::Person;
use std::collections::{HashMap, VecDeque};

/// One `UpsertPerson` for each of `people`, in an order the planner accepts.
pub(super) fn upserts(people: &[&Person]) -> Vec<Change> {
    let (order, deferred) = Graph::new(people).sort();
    let mut changes = Vec::with_capacity(order.len() + deferred.len());
    for step in order {
        let mut person = people[step.index].clone();
        if step.without_referrer {
            person.referred_by = None;
        }
        changes.push(Change::UpsertPerson { person });
    }
    for index in deferred {
        let person = people[index].clone();
        changes.push(Change::UpsertPerson { person });
    }
    changes
}

/// One write of the sorted order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    index: usize,
    /// Written before its referrer: the referrer is set by a second write at the end.
    without_referrer: bool,
}

/// The links among the people being written; links to anyone else are already satisfied.
struct Graph {
    /// Each person's manager, when that manager is also being written.
    manager: Vec<Option<usize>>,
    /// Who names each person, as manager or as referrer.
    dependents: Vec<Vec<usize>>,
    /// How many of the people each one names are not written yet.
    waiting: Vec<u8>,
}

impl Graph {
    fn new(people: &[&Person]) -> Graph {
        let index: HashMap<&str, usize> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut graph = Graph {
            manager: vec![None; people.len()],
            dependents: vec![Vec::new(); people.len()],
            waiting: vec![0; people.len()],
        };
        for (i, person) in people.iter().enumerate() {
            let named = |link: Option<&crate::domain::ids::PersonId>| {
                link.and_then(|id| index.get(id.as_str()).copied())
                    .filter(|j| *j != i)
            };
            graph.manager[i] = named(person.manager.as_ref());
            for j in [graph.manager[i], named(person.referred_by.as_ref())]
                .into_iter()
                .flatten()
            {
                graph.dependents[j].push(i);
                graph.waiting[i] += 1;
            }
        }
        graph
    }

    /// The write order, and the people to write a second time with their referrer.
    fn sort(mut self) -> (Vec<Step>, Vec<usize>) {
        let count = self.manager.len();
        let mut written = vec![false; count];
        let mut ready: VecDeque<usize> = (0..count).filter(|i| self.waiting[*i] == 0).collect();
        let mut order = Vec::with_capacity(count);
        let mut deferred = Vec::new();
        let mut cursor = 0;
        while order.len() < count {
            let step = match ready.pop_front() {
                Some(index) => Step {
                    index,
                    without_referrer: false,
                },
                None => match self.stuck(&written, &mut cursor) {
                    Some(index) => Step {
                        index,
                        without_referrer: true,
                    },
                    None => break,
                },
            };
            if written[step.index] {
                continue;
            }
            written[step.index] = true;
            order.push(step);
            if step.without_referrer {
                deferred.push(step.index);
            }
            for &dependent in &self.dependents[step.index] {
                self.waiting[dependent] = self.waiting[dependent].saturating_sub(1);
                if self.waiting[dependent] == 0 && !written[dependent] {
                    ready.push_back(dependent);
                }
            }
        }
        (order, deferred)
    }

    /// When nobody is ready, someone waits only for a referrer: walk up the managers of any
    /// unwritten person to one whose manager is written.
    fn stuck(&self, written: &[bool], cursor: &mut usize) -> Option<usize> {
        while written.get(*cursor).copied()? {
            *cursor += 1;
        }
        let mut person = *cursor;
        for _ in 0..written.len() {
            match self.manager[person] {
                Some(manager) if !written[manager] => person = manager,
                _ => break,
            }
        }
        Some(person)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Org;
    use crate::domain::ids::PersonId;

    fn person(id: &str, manager: Option<&str>, referrer: Option<&str>) -> Person {
        let mut p = Person::new(id, format!("Person {id}"));
        p.manager = manager.map(PersonId::from);
        p.referred_by = referrer.map(PersonId::from);
        p
    }

    fn written(changes: &[Change]) -> Vec<(String, Option<String>)> {
        changes
            .iter()
            .map(|c| match c {
                Change::UpsertPerson { person } => (
                    person.id.to_string(),
                    person.referred_by.as_ref().map(PersonId::to_string),
                ),
                other => panic!("unexpected change {other:?}"),
            })
            .collect()
    }

    fn apply(people: &[Person]) -> Org {
        let refs: Vec<&Person> = people.iter().collect();
        let change = Change::Batch {
            label: "test".into(),
            changes: upserts(&refs),
        };
        let mut org = Org::default();
        if let Err(e) = org.apply(&change) {
            panic!("refused: {e}");
        }
        org
    }

    #[test]
    fn managers_and_referrers_come_first() {
        let people = [
            person("C", Some("B"), Some("D")),
            person("B", Some("A"), None),
            person("D", None, None),
            person("A", None, None),
        ];
        let refs: Vec<&Person> = people.iter().collect();
        let ids: Vec<String> = written(&upserts(&refs))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, vec!["D", "A", "B", "C"]);
        assert_eq!(apply(&people).people.len(), 4);
    }

    #[test]
    fn manager_and_referral_going_round_together_is_written_twice() {
        // A reports to B, and A referred B.
        let people = [person("A", Some("B"), None), person("B", None, Some("A"))];
        let refs: Vec<&Person> = people.iter().collect();
        assert_eq!(
            written(&upserts(&refs)),
            vec![
                ("B".to_string(), None),
                ("A".to_string(), None),
                ("B".to_string(), Some("A".to_string())),
            ]
        );
        let org = apply(&people);
        assert_eq!(org.people.get("B"), Some(&people[1]));
        assert_eq!(org.people.get("A"), Some(&people[0]));
    }
}
