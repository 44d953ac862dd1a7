//! How the rows fit together and with the organisation: duplicate ids, unknown people, cycles,
//! and the order in which the import writes.

use super::*;

fn problem_text(csv: &str, org: &Org) -> Vec<(Option<u64>, Option<String>, String)> {
    let problems = refused(csv.as_bytes(), Encoding::UTF8, org);
    problems
        .into_iter()
        .map(|p| (p.line, p.field, p.message))
        .collect()
}

fn found(line: u64, field: &str, message: &str) -> (Option<u64>, Option<String>, String) {
    (Some(line), Some(field.to_string()), message.to_string())
}

#[test]
fn a_duplicate_id_names_both_lines() {
    let csv = "id,name\nE1,Ann\nE2,Bob\nE1,Ann Lee\n";
    assert_eq!(
        problem_text(csv, &Org::default()),
        vec![found(4, "id", "duplicate id E1: on line 2 and on line 4")]
    );
}

#[test]
fn managers_and_referrers_must_exist_in_the_file_or_the_organisation() {
    let org = org_of("id,name\nE0,Zoe\n");
    let csv = "id,name,manager,referrer\nE1,Ann,E0,\nE2,Bob,E1,E0\nE3,Cy,E9,E8\n";
    assert_eq!(
        problem_text(csv, &org),
        vec![
            found(4, "manager", "unknown manager E9"),
            found(4, "referred_by", "unknown referrer E8"),
        ]
    );
    let plan = plan("id,name,manager,referrer\nE1,Ann,E0,\nE2,Bob,E1,E0\n", &org);
    assert_eq!(applied(&plan, org).people.len(), 3);
}

#[test]
fn a_manager_cycle_in_the_file_is_reported_once_with_its_lines() {
    let csv = "id,name,manager\nE1,Ann,E3\nE4,Di,E1\nE2,Bob,E1\nE3,Cy,E2\n";
    let message = "the manager chain goes round in a circle of 3 people: \
                   E1 Ann → E3 Cy → E2 Bob → E1 Ann (lines 2, 4, 5)";
    assert_eq!(
        problem_text(csv, &Org::default()),
        vec![found(2, "manager", message)]
    );
}

#[test]
fn a_long_cycle_is_reported_once_with_its_length_and_ten_names() {
    let mut csv = String::from("id,name,manager\n");
    for i in 0..500 {
        csv.push_str(&format!("E{i},Person {i},E{}\n", (i + 1) % 500));
    }
    let problems = problem_text(&csv, &Org::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    let message = &problems[0].2;
    assert!(message.contains("circle of 500 people"), "{message}");
    assert!(message.contains("(490 more)"), "{message}");
    assert!(message.matches("Person").count() == 10, "{message}");
    assert!(message.len() < 400, "{message}");
}

#[test]
fn a_manager_cycle_through_someone_already_there_is_found() {
    // E2 reports to E1 in the organisation; the file makes E1 report to E2.
    let org = org_of("id,name,manager\nE1,Ann,\nE2,Bob,E1\n");
    let found_places = places("id,name,manager\nE1,Ann,E2\n", &org);
    assert_eq!(found_places, vec![at(2, "manager")]);
    // Moving E2 up at the same time leaves no cycle.
    let plan = plan("id,name,manager\nE1,Ann,E2\nE2,Bob,\n", &org);
    let org = applied(&plan, org);
    assert_eq!(person(&org, "E1").manager, Some(PersonId::from("E2")));
    assert_eq!(person(&org, "E2").manager, None);
}

#[test]
fn nobody_manages_or_refers_themselves() {
    let csv = "id,name,manager,referred_by\nE1,Ann,E1,\nE2,Bob,,E2\n";
    assert_eq!(
        problem_text(csv, &Org::default()),
        vec![
            found(2, "manager", "E1 Ann cannot be their own manager"),
            found(3, "referred_by", "E2 Bob cannot be their own referrer"),
        ]
    );
}

#[test]
fn a_referral_cycle_is_reported_once() {
    let csv = "id,name,referred_by\nE1,Ann,E2\nE2,Bob,E1\nE3,Cy,E1\n";
    let message = "the referral chain goes round in a circle of 2 people: E1 Ann → E2 Bob → E1 Ann (lines 2, 3)";
    assert_eq!(
        problem_text(csv, &Org::default()),
        vec![found(2, "referred_by", message)]
    );
}

#[test]
fn a_cycle_the_file_does_not_touch_is_not_its_problem() {
    let mut org = org_of("id,name\nE1,Ann\nE2,Bob\n");
    for (id, manager) in [("E1", "E2"), ("E2", "E1")] {
        if let Some(p) = org.people.get_mut(id) {
            p.manager = Some(PersonId::from(manager));
        }
    }
    let plan = plan("id,name,manager\nE3,Cy,\n", &org);
    assert_eq!(plan.added.len(), 1);
}

#[test]
fn a_manager_who_was_referred_by_their_report_imports() {
    // E1 reports to E2, and E1 referred E2: the links go round only when taken together.
    let csv = "id,name,manager,referred_by\nE1,Ann,E2,\nE2,Bob,,E1\n";
    let org = org_of(csv);
    assert_eq!(person(&org, "E1").manager, Some(PersonId::from("E2")));
    assert_eq!(person(&org, "E2").referred_by, Some(PersonId::from("E1")));
    assert_eq!(plan(csv, &org).change(FILE), None);
}

#[test]
fn the_batch_writes_managers_and_referrers_first() {
    let org = org_of("id,name\nE9,Old\n");
    let csv =
        "id,name,manager,referred_by\nE3,Cy,E2,E4\nE9,Old,E1,\nE2,Bob,E1,\nE4,Di,,\nE1,Ann,,\n";
    let Some(Change::Batch { changes, .. }) = plan(csv, &org).change(FILE) else {
        panic!("expected a batch");
    };
    let written: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::UpsertPerson { person } => Some(person.id.as_str()),
            _ => None,
        })
        .collect();
    let position = |id: &str| written.iter().position(|w| *w == id);
    assert_eq!(written.len(), 5);
    for (named, by) in [("E1", "E9"), ("E1", "E2"), ("E2", "E3"), ("E4", "E3")] {
        assert!(
            position(named) < position(by),
            "{named} after {by}: {written:?}"
        );
    }
}
