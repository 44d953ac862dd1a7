//! Consistency checks over a whole organisation: every reference resolves and the reporting
//! lines form a tree. Used by `crewdeck check`.

use super::flag::Subject;
use super::ids::PersonId;
use super::record::Org;
use super::user::Scope;
use std::collections::HashMap;

/// Every consistency problem in `org`, as sentences; empty when all is well.
pub fn problems(org: &Org) -> Vec<String> {
    let mut found = Vec::new();
    let person = |id: &PersonId| org.people.contains_key(id.as_str());
    let mut need = |ok: bool, what: String| {
        if !ok {
            found.push(what);
        }
    };
    for p in org.people.values() {
        for (field, other) in [("manager", &p.manager), ("referrer", &p.referred_by)] {
            if let Some(other) = other {
                need(person(other), format!("person {}: {field} {other} does not exist", p.id));
            }
        }
    }
    for a in org.assessments.values() {
        need(person(&a.person), format!("assessment {}: person does not exist", a.id()));
    }
    for n in org.notes.values() {
        need(person(&n.person), format!("GROW note {}: person {} does not exist", n.id, n.person));
    }
    for pip in org.pips.values() {
        need(person(&pip.person), format!("improvement plan {}: person {} does not exist", pip.id, pip.person));
    }
    for pos in org.positions.values() {
        if let Some(incumbent) = &pos.incumbent {
            need(person(incumbent), format!("key position {}: incumbent {incumbent} does not exist", pos.id));
        }
        for s in &pos.successors {
            need(person(&s.person), format!("key position {}: successor {} does not exist", pos.id, s.person));
        }
    }
    for f in org.flags.values() {
        let ok = match &f.subject {
            Subject::Person(id) => person(id),
            Subject::Position(id) => org.positions.contains_key(id.as_str()),
            Subject::Team(_) => true,
        };
        need(ok, format!("flag {}: {} does not exist", f.id, f.subject));
    }
    for s in org.stay_interviews.values() {
        need(person(&s.person), format!("stay interview {}: person {} does not exist", s.id, s.person));
    }
    for e in org.points.values() {
        need(person(&e.person), format!("points entry {}: person {} does not exist", e.id, e.person));
        if let Some(rule) = &e.rule {
            need(org.points_rules.contains_key(rule.as_str()), format!("points entry {}: rule {rule} does not exist", e.id));
        }
        if let Some(original) = &e.reverses {
            need(org.points.contains_key(original.as_str()), format!("points entry {}: reversed entry {original} does not exist", e.id));
        }
    }
    for d in org.departures.values() {
        need(person(&d.person), format!("departure {}: person {} does not exist", d.id, d.person));
        for receiver in d.tasks.iter().filter_map(|t| t.receiver.as_ref()) {
            need(person(receiver), format!("departure {}: receiver {receiver} does not exist", d.id));
        }
    }
    for u in org.users.values() {
        if let Some(p) = &u.person {
            need(person(p), format!("user {}: person {p} does not exist", u.name));
        }
        if let Scope::ReportsOf(p) = &u.scope {
            need(person(p), format!("user {}: scope names {p}, who does not exist", u.name));
        }
    }
    found.extend(manager_cycles(org).into_iter().map(|cycle| {
        let chain: Vec<&str> = cycle.iter().map(|id| id.as_str()).collect();
        format!("reporting lines form a cycle: {} → {}", chain.join(" → "), chain[0])
    }));
    found
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
