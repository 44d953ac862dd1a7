//! Consistency checks over a whole organisation: every reference resolves and the reporting
//! lines form a tree. Used by `crewdeck check`.

use super::flag::Subject;
use super::ids::PersonId;
use super::record::Org;
use super::user::Scope;
use std::collections::HashMap;

/// Every consistency problem in `org`, as sentences; empty when all is well.
pub fn problems(org: &Org) -> Vec<String> {
    let mut found = Problems {
        org,
        found: Vec::new(),
    };
    found.people();
    found.coaching();
    found.talent();
    found.departures_and_users();
    let mut found = found.found;
    found.extend(manager_cycles(org).into_iter().map(|cycle| {
        let chain: Vec<&str> = cycle.iter().map(|id| id.as_str()).collect();
        format!(
            "reporting lines form a cycle: {} → {}",
            chain.join(" → "),
            chain[0]
        )
    }));
    found
}

/// The problems found so far, and the organisation they are found in.
struct Problems<'a> {
    org: &'a Org,
    found: Vec<String>,
}

impl Problems<'_> {
    fn person(&self, id: &PersonId) -> bool {
        self.org.people.contains_key(id.as_str())
    }

    /// Records `what` unless `ok`.
    fn need(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.found.push(what());
        }
    }

    fn people(&mut self) {
        let org = self.org;
        for p in org.people.values() {
            for (field, other) in [("manager", &p.manager), ("referrer", &p.referred_by)] {
                if let Some(other) = other {
                    self.need(self.person(other), || {
                        format!("person {}: {field} {other} does not exist", p.id)
                    });
                }
            }
        }
        for a in org.assessments.values() {
            self.need(self.person(&a.person), || {
                format!("assessment {}: person does not exist", a.id())
            });
        }
    }

    fn coaching(&mut self) {
        let org = self.org;
        for n in org.notes.values() {
            self.need(self.person(&n.person), || {
                format!("GROW note {}: person {} does not exist", n.id, n.person)
            });
        }
        for pip in org.pips.values() {
            self.need(self.person(&pip.person), || {
                format!(
                    "improvement plan {}: person {} does not exist",
                    pip.id, pip.person
                )
            });
        }
        for s in org.stay_interviews.values() {
            self.need(self.person(&s.person), || {
                format!(
                    "stay interview {}: person {} does not exist",
                    s.id, s.person
                )
            });
        }
    }

    fn talent(&mut self) {
        let org = self.org;
        for pos in org.positions.values() {
            if let Some(incumbent) = &pos.incumbent {
                self.need(self.person(incumbent), || {
                    format!(
                        "key position {}: incumbent {incumbent} does not exist",
                        pos.id
                    )
                });
            }
            for s in &pos.successors {
                self.need(self.person(&s.person), || {
                    format!(
                        "key position {}: successor {} does not exist",
                        pos.id, s.person
                    )
                });
            }
        }
        for f in org.flags.values() {
            let ok = match &f.subject {
                Subject::Person(id) => self.person(id),
                Subject::Position(id) => org.positions.contains_key(id.as_str()),
                Subject::Team(_) => true,
            };
            self.need(ok, || {
                format!("flag {}: {} does not exist", f.id, f.subject)
            });
        }
        for e in org.points.values() {
            self.need(self.person(&e.person), || {
                format!("points entry {}: person {} does not exist", e.id, e.person)
            });
            if let Some(rule) = &e.rule {
                self.need(org.points_rules.contains_key(rule.as_str()), || {
                    format!("points entry {}: rule {rule} does not exist", e.id)
                });
            }
            if let Some(original) = &e.reverses {
                self.need(org.points.contains_key(original.as_str()), || {
                    format!(
                        "points entry {}: reversed entry {original} does not exist",
                        e.id
                    )
                });
            }
        }
    }

    fn departures_and_users(&mut self) {
        let org = self.org;
        for d in org.departures.values() {
            self.need(self.person(&d.person), || {
                format!("departure {}: person {} does not exist", d.id, d.person)
            });
            for receiver in d.tasks.iter().filter_map(|t| t.receiver.as_ref()) {
                self.need(self.person(receiver), || {
                    format!("departure {}: receiver {receiver} does not exist", d.id)
                });
            }
        }
        for u in org.users.values() {
            if let Some(p) = &u.person {
                self.need(self.person(p), || {
                    format!("user {}: person {p} does not exist", u.name)
                });
            }
            if let Scope::ReportsOf(p) = &u.scope {
                self.need(self.person(p), || {
                    format!("user {}: scope names {p}, who does not exist", u.name)
                });
            }
        }
    }
}

/// Each cycle in the manager chains, once, without recursion (chains can be very deep).
pub fn manager_cycles(org: &Org) -> Vec<Vec<PersonId>> {
    // 0 = not visited, 1 = on the current walk, 2 = done.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut cycles = Vec::new();
    for start in org.people.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut walk: Vec<&str> = Vec::new();
        let mut current = Some(start.as_str());
        while let Some(id) = current {
            match state.get(id) {
                Some(1) => {
                    let from = walk.iter().position(|w| *w == id).unwrap_or(0);
                    cycles.push(walk[from..].iter().map(|w| PersonId::from(*w)).collect());
                    break;
                }
                Some(_) => break,
                None => {}
            }
            state.insert(id, 1);
            walk.push(id);
            current = org
                .people
                .get(id)
                .and_then(|p| p.manager.as_ref())
                .map(|m| m.as_str());
        }
        for id in walk {
            state.insert(id, 2);
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Person;

    fn org(edges: &[(&str, Option<&str>)]) -> Org {
        let mut org = Org::default();
        for (id, manager) in edges {
            let mut person = Person::new(*id, *id);
            person.manager = manager.map(Into::into);
            org.people.insert((*id).into(), person);
        }
        org
    }

    #[test]
    fn a_sound_tree_has_no_problems() {
        assert!(problems(&org(&[("A", None), ("B", Some("A")), ("C", Some("B"))])).is_empty());
    }

    #[test]
    fn each_cycle_is_reported_once_with_its_members() {
        let found = manager_cycles(&org(&[
            ("A", Some("C")),
            ("B", Some("A")),
            ("C", Some("B")),
            ("D", Some("A")),
            ("E", Some("E")),
        ]));
        assert_eq!(found.len(), 2, "{found:?}");
        let mut first: Vec<&str> = found[0].iter().map(|p| p.as_str()).collect();
        first.sort_unstable();
        assert_eq!(first, ["A", "B", "C"]);
        assert_eq!(found[1], vec![PersonId::from("E")]);
    }

    #[test]
    fn a_very_deep_chain_is_walked_without_recursion() {
        let ids: Vec<String> = (0..100_000).map(|i| format!("P{i}")).collect();
        let edges: Vec<(&str, Option<&str>)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i.checked_sub(1).map(|up| ids[up].as_str())))
            .collect();
        assert!(manager_cycles(&org(&edges)).is_empty());
    }

    #[test]
    fn dangling_references_are_named() {
        let found = problems(&org(&[("A", Some("GHOST"))]));
        assert_eq!(found, ["person A: manager GHOST does not exist"]);
    }
}
