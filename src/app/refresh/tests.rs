//! An update after random changes gives what a computation from scratch gives, field by field,
//! for a user who sees everyone and for one who sees a part.

use super::super::derived::{Derived, Refreshed};
use crate::domain::insight::Rules;
use crate::domain::insight::testing::{Mutator, today};
use crate::domain::user::{Role, Scope, User};
use crate::domain::{Diff, Org, Stored};

/// Where `ours` and `full` first differ, field by field.
fn difference(ours: &Derived, full: &Derived) -> Option<String> {
    let fields: [(&str, bool); 16] = [
        ("flags", ours.flags == full.flags),
        ("flags_of", ours.flags_of == full.flags_of),
        ("urgency", ours.urgency == full.urgency),
        ("coverage", ours.coverage == full.coverage),
        ("standings", ours.standings == full.standings),
        ("search", ours.search[..] == full.search[..]),
        ("scope", ours.scope == full.scope),
        ("talent", ours.talent == full.talent),
        ("team_flags", ours.team_flags == full.team_flags),
        (
            "team_flag_count",
            ours.team_flag_count == full.team_flag_count,
        ),
        ("nine_box", ours.nine_box == full.nine_box),
        ("unassessed", ours.unassessed == full.unassessed),
        ("on_plan", ours.on_plan == full.on_plan),
        ("uncovered", ours.uncovered == full.uncovered),
        ("by_person", ours.by_person == full.by_person),
        ("basis", ours.basis == full.basis),
    ];
    let (field, _) = fields.iter().find(|(_, same)| !same)?;
    let detail = match *field {
        "flags" => {
            crate::domain::insight::flags::reference::first_difference(&ours.flags, &full.flags)
        }
        _ => None,
    };
    Some(format!("{field} differs {}", detail.unwrap_or_default()))
}

/// Applies `steps` batches of one to three random changes to a random organisation, updating
/// after each and comparing with a computation from scratch; returns how many updates were
/// worked out piece by piece.
fn follow(seed: u64, people: usize, flat: bool, actor: &str, steps: usize) -> usize {
    let mut mutator = Mutator::new(seed);
    let mut org = mutator.organisation(people, 200, flat);
    add_users(&mut org);
    let rules = Rules::default();
    let mut derived = Derived::compute(&org, &rules, today(), actor);
    let mut piecemeal = 0;
    for step in 0..steps {
        let diffs: Vec<Diff> = (0..1 + step % 3)
            .map(|_| {
                let diff = mutator.diff(&org, &derived.flags);
                org.apply_diffs(std::slice::from_ref(&diff));
                diff
            })
            .collect();
        let updated = derived.update(&org, &rules, today(), actor, &diffs) != Refreshed::Declined;
        let full = Derived::compute(&org, &rules, today(), actor);
        if updated {
            piecemeal += 1;
            if let Some(difference) = difference(&derived, &full) {
                panic!("seed {seed}, step {step}, {actor}: {difference}\nafter {diffs:#?}");
            }
        }
        derived = full;
    }
    piecemeal
}

/// A user who sees the reports of one manager, and one who sees two teams.
fn add_users(org: &mut Org) {
    let top = org
        .people
        .keys()
        .nth(1)
        .map(|k| k.to_string())
        .unwrap_or_default();
    for (name, scope) in [
        ("lead", Scope::ReportsOf(top.as_str().into())),
        (
            "partner",
            Scope::Teams(vec!["Core".into(), "Team 1".into()]),
        ),
        ("admin", Scope::Everyone),
    ] {
        let user = User {
            name: name.into(),
            role: if name == "admin" {
                Role::Admin
            } else {
                Role::Manager
            },
            scope,
            person: None,
        };
        org.put(user.into_record());
    }
}

#[test]
fn random_changes_are_worked_out_as_a_computation_from_scratch_would() {
    for seed in 0..6 {
        let piecemeal = follow(seed, 150, seed % 3 == 0, "admin", 60);
        assert!(
            piecemeal >= 50,
            "seed {seed}: only {piecemeal} of 60 piece by piece"
        );
    }
}

#[test]
fn for_a_user_who_sees_a_part_too() {
    for seed in 10..14 {
        let piecemeal =
            follow(seed, 150, seed % 2 == 0, "lead", 40) + follow(seed, 150, false, "partner", 40);
        assert!(
            piecemeal >= 40,
            "seed {seed}: only {piecemeal} of 80 piece by piece"
        );
    }
}

/// Puts `records` into `org` as one change, updates `derived` and compares it with a
/// computation from scratch.
fn change_and_compare(
    org: &mut Org,
    derived: &mut Derived,
    actor: &str,
    records: Vec<crate::domain::Record>,
) {
    let diffs: Vec<Diff> = records
        .into_iter()
        .map(|after| {
            let (kind, key) = (after.kind(), after.key().to_string());
            let diff = Diff {
                before: org.record(kind, &key),
                kind,
                key,
                after: Some(after),
            };
            org.apply_diffs(std::slice::from_ref(&diff));
            diff
        })
        .collect();
    let rules = Rules::default();
    let refreshed = derived.update(org, &rules, today(), actor, &diffs);
    assert_ne!(refreshed, Refreshed::Declined);
    let full = Derived::compute(org, &rules, today(), actor);
    if let Some(difference) = difference(derived, &full) {
        panic!("{difference}");
    }
}

#[test]
fn a_rename_reaches_the_flags_that_name_the_person_elsewhere() {
    use crate::domain::departure::{Departure, HandoverKind, HandoverTask};
    use crate::domain::person::Person;
    let mut org = Org::default();
    let mut referrer = Person::new("R", "Rita Referrer");
    referrer.team = "Sales".into();
    org.put(referrer.clone().into_record());
    for id in ["A", "B", "C", "D"] {
        let mut p = Person::new(id, format!("Person {id}"));
        p.team = "Core".into();
        p.referred_by = (id != "D").then(|| "R".into());
        org.put(p.into_record());
    }
    let departure = Departure {
        id: "DEP1".into(),
        person: "A".into(),
        last_day: today(),
        started_on: today() - chrono::Duration::days(20),
        reason: String::new(),
        tasks: vec![HandoverTask {
            id: 1,
            kind: HandoverKind::ClientAccounts,
            description: "accounts".into(),
            due_offset_days: -3,
            receiver: Some("R".into()),
            done_on: None,
            confirmed_on: None,
        }],
        revocations: vec![],
        report: String::new(),
    };
    org.put(departure.into_record());
    let mut derived = Derived::compute(&org, &Rules::default(), today(), "admin");
    let named = |d: &Derived| {
        d.flags
            .iter()
            .filter(|f| {
                f.reason.contains("Rita") || f.evidence.iter().any(|e| e.value.contains("Rita"))
            })
            .count()
    };
    assert_eq!(
        named(&derived),
        2,
        "the referral and the handover name Rita"
    );
    referrer.name = "Rita Renamed".into();
    change_and_compare(
        &mut org,
        &mut derived,
        "admin",
        vec![referrer.into_record()],
    );
    assert_eq!(named(&derived), 2);
}

#[test]
fn a_new_incumbent_out_of_sight_takes_a_positions_flags_off_the_team_view() {
    use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
    use crate::domain::person::Person;
    use crate::domain::succession::{Criticality, KeyPosition};
    let mut org = Org::default();
    org.put(Person::new("B", "Boss").into_record());
    let mut x = Person::new("X", "Xavier");
    x.manager = Some("B".into());
    org.put(x.into_record());
    org.put(Person::new("Y", "Yara").into_record());
    let user = User {
        name: "lead".into(),
        role: Role::Manager,
        scope: Scope::ReportsOf("B".into()),
        person: Some("B".into()),
    };
    org.put(user.into_record());
    let mut position = KeyPosition {
        id: "P1".into(),
        title: "Lead".into(),
        team: "Core".into(),
        criticality: Criticality::High,
        incumbent: Some("X".into()),
        successors: vec![],
    };
    org.put(position.clone().into_record());
    let flag = ManualFlag {
        id: "F1".into(),
        subject: Subject::Position("P1".into()),
        severity: Severity::High,
        reason: "the incumbent is stretched".into(),
        raised_by: "Boss".into(),
        raised_on: today(),
        state: FlagState::Open,
    };
    org.put(flag.into_record());
    let mut derived = Derived::compute(&org, &Rules::default(), today(), "lead");
    let listed = |d: &Derived| d.team_flags.iter().any(|i| d.flags[*i].id == "F1");
    assert!(listed(&derived));
    position.incumbent = Some("Y".into());
    // A key position changed for a user who sees a part: worked out from scratch, since a
    // flag raised by hand about it may have gone out of sight.
    let record = position.into_record();
    let diff = Diff {
        before: org.record(record.kind(), &record.key()),
        kind: record.kind(),
        key: record.key().to_string(),
        after: Some(record),
    };
    org.apply_diffs(std::slice::from_ref(&diff));
    let refreshed = derived.update(&org, &Rules::default(), today(), "lead", &[diff]);
    assert_eq!(refreshed, Refreshed::Declined);
    let derived = Derived::compute(&org, &Rules::default(), today(), "lead");
    assert!(!listed(&derived), "Yara is out of sight");
}
