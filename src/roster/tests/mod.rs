//! Tests of the whole import, from bytes to an applied change. Each submodule covers one group of
//! rules; this file holds the helpers and the round trip.

mod cases;
mod fields;
mod files;
mod graph;

use super::*;
use crate::domain::person::{FlightRisk, LeavingStage, Status};

pub(super) const FILE: &str = "staff.csv";

pub(super) fn today() -> NaiveDate {
    day("2025-01-15")
}

pub(super) fn day(text: &str) -> NaiveDate {
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => day,
        Err(e) => panic!("bad test date {text}: {e}"),
    }
}

pub(super) fn plan_bytes(
    bytes: &[u8],
    encoding: Encoding,
    org: &Org,
) -> Result<RosterPlan, RosterError> {
    plan_import_on(bytes, encoding, FILE, org, today())
}

/// The plan for `csv`, which must import.
pub(super) fn plan(csv: &str, org: &Org) -> RosterPlan {
    match plan_bytes(csv.as_bytes(), Encoding::UTF8, org) {
        Ok(plan) => plan,
        Err(e) => panic!("refused:\n{e}"),
    }
}

/// The problems with `bytes`, which must be refused.
pub(super) fn refused(bytes: &[u8], encoding: Encoding, org: &Org) -> Vec<Problem> {
    match plan_bytes(bytes, encoding, org) {
        Ok(plan) => panic!("imported, expected problems:\n{}", plan.describe()),
        Err(e) => {
            assert_eq!(e.file, FILE);
            e.problems
        }
    }
}

/// Where each problem with `csv` is: its line and field.
pub(super) fn places(csv: &str, org: &Org) -> Vec<(Option<u64>, Option<String>)> {
    let problems = refused(csv.as_bytes(), Encoding::UTF8, org);
    problems.into_iter().map(|p| (p.line, p.field)).collect()
}

pub(super) fn at(line: u64, field: &str) -> (Option<u64>, Option<String>) {
    (Some(line), Some(field.to_string()))
}

/// `org` with the plan's change applied.
pub(super) fn applied(plan: &RosterPlan, mut org: Org) -> Org {
    let Some(change) = plan.change(FILE) else {
        return org;
    };
    if let Err(e) = org.apply(&change) {
        panic!("the planned change was refused: {e}");
    }
    org
}

/// An organisation of the people of `csv`.
pub(super) fn org_of(csv: &str) -> Org {
    let empty = Org::default();
    applied(&plan(csv, &empty), empty)
}

pub(super) fn person<'a>(org: &'a Org, id: &str) -> &'a Person {
    match org.people.get(id) {
        Some(p) => p,
        None => panic!("no person {id}"),
    }
}

const ROSTER: &str = "\
id,name,title,team,manager,level,track,location,hire_date,hire_channel,referred_by,status,last_day,key,key_reason
E004,Dan Wu,Engineer,Platform,E002,P5,professional,Berlin,2023-09-01,referral,E003,active,,no,
E002,Bea Park,Engineering manager,Platform,E001,M2,management,Berlin,2019-02-11,agency,,active,,yes,runs the platform
E003,Cai Lin,Staff engineer,Platform,E002,P7,Professional,Remote,2018/06/04,Campus,,leaving,2025-03-31,true,only one who knows billing
E001,Ann Lee,CTO,,,M4,management,Berlin,2015-01-05,direct,,active,,no,
";

#[test]
fn applying_the_plan_yields_the_people_and_a_second_plan_is_empty() {
    let empty = Org::default();
    let first = plan(ROSTER, &empty);
    assert_eq!(first.added.len(), 4);
    assert!(first.changed.is_empty() && first.unchanged.is_empty());
    let Some(Change::Batch { label, changes }) = first.change(FILE) else {
        panic!("expected a batch");
    };
    assert_eq!(label, "import roster staff.csv");
    assert_eq!(changes.len(), 4);

    let org = applied(&first, Org::default());
    assert_eq!(org.people.len(), 4);
    for added in &first.added {
        assert_eq!(person(&org, added.id.as_str()), added);
    }
    let cai = person(&org, "E003");
    assert_eq!(cai.hire_date, Some(day("2018-06-04")));
    assert_eq!(
        cai.status,
        Status::Leaving {
            last_day: day("2025-03-31")
        }
    );
    assert_eq!(
        cai.key.as_ref().map(|k| (k.reason.as_str(), k.since)),
        Some(("only one who knows billing", today()))
    );
    assert_eq!(
        person(&org, "E004").referred_by,
        Some(PersonId::from("E003"))
    );

    let second = plan(ROSTER, &org);
    assert!(
        second.added.is_empty() && second.changed.is_empty(),
        "{}",
        second.describe()
    );
    assert_eq!(second.unchanged.len(), 4);
    assert_eq!(second.change(FILE), None);
    assert_eq!(second.describe(), "0 to add, 0 to change, 4 unchanged\n");
}

#[test]
fn a_changed_file_reports_before_and_after() {
    let mut org = org_of(ROSTER);
    let risk = FlightRisk {
        stage: LeavingStage::Confused,
        noted_on: day("2024-12-01"),
        note: String::new(),
    };
    if let Some(dan) = org.people.get_mut("E004") {
        dan.flight_risk = Some(risk.clone());
        dan.pay_percentile = Some(40);
    }
    let csv = "id,name,title,team\nE004,Dan Wu,Senior engineer,Platform\nE001,Ann Lee,CTO,\nE005,Eve Ng,Designer,Platform\n";
    let second = plan(csv, &org);
    assert_eq!(
        second
            .added
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        vec!["E005"]
    );
    assert_eq!(second.unchanged, vec![PersonId::from("E001")]);
    let [(before, after)] = second.changed.as_slice() else {
        panic!("expected one change: {second:?}");
    };
    assert_eq!(before, person(&org, "E004"));
    assert_eq!(after.title, "Senior engineer");
    assert_eq!(after.flight_risk, Some(risk));
    assert_eq!(after.pay_percentile, Some(40));
    assert_eq!(
        second.describe(),
        "add E005 Eve Ng\n\
         change E004 Dan Wu: title \"Engineer\" → \"Senior engineer\"\n\
         1 to add, 1 to change, 1 unchanged\n"
    );
    let org = applied(&second, org);
    assert_eq!(person(&org, "E004"), after);
}

#[test]
fn a_ten_thousand_deep_chain_imports_and_reimports() {
    const DEPTH: usize = 10_000;
    // Reports before their managers, so the write order has to be worked out.
    let mut csv = String::from("id,name,manager\n");
    for i in (0..DEPTH).rev() {
        let manager = i
            .checked_sub(1)
            .map(|m| format!("P{m:05}"))
            .unwrap_or_default();
        csv.push_str(&format!("P{i:05},Person {i},{manager}\n"));
    }
    let empty = Org::default();
    let first = plan(&csv, &empty);
    assert_eq!(first.added.len(), DEPTH);
    let org = applied(&first, empty);
    assert_eq!(org.people.len(), DEPTH);
    assert_eq!(person(&org, "P00000").manager, None);
    assert_eq!(
        person(&org, "P09999").manager,
        Some(PersonId::from("P09998"))
    );
    let second = plan(&csv, &org);
    assert_eq!(second.unchanged.len(), DEPTH);
    assert_eq!(second.change(FILE), None);
}

#[test]
fn problems_are_sorted_by_line_and_shown_with_file_line_and_field() {
    let csv = "id,name,manager,hire_date\nE1,Ann,E2,\nE2,Bob,E1,\nE3,Cy,,2024-13-01\nE4,Di,E999,\n";
    let error = match plan_bytes(csv.as_bytes(), Encoding::UTF8, &Org::default()) {
        Ok(_) => panic!("imported"),
        Err(e) => e,
    };
    let lines: Vec<Option<u64>> = error.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![Some(2), Some(4), Some(5)]);
    assert_eq!(
        error.to_string(),
        "staff.csv: 3 problems; nothing was imported:\n  \
         staff.csv:2: field `manager`: the manager chain goes round in a circle of 2 people: E1 Ann → E2 Bob → E1 Ann (lines 2, 3)\n  \
         staff.csv:4: field `hire_date`: `2024-13-01` is not a date; write it as YYYY-MM-DD (or YYYY/MM/DD)\n  \
         staff.csv:5: field `manager`: unknown manager E999"
    );
}

#[test]
fn one_problem_about_the_whole_file_reads_as_one() {
    let error = RosterError::new(FILE, vec![Problem::whole_file("the file is empty")], vec![]);
    assert_eq!(
        error.to_string(),
        "staff.csv: 1 problem; nothing was imported:\n  staff.csv: the file is empty"
    );
}

#[test]
fn the_public_entry_point_marks_key_people_from_today() {
    let csv = "id,name,key\nE1,Ann,yes\n";
    let earliest = chrono::Local::now().date_naive();
    let imported = plan_import(csv.as_bytes(), Encoding::UTF8, FILE, &Org::default());
    let latest = chrono::Local::now().date_naive();
    let mark = imported
        .ok()
        .and_then(|p| p.added.first().and_then(|a| a.key.clone()));
    assert!(mark.is_some_and(|k| (earliest..=latest).contains(&k.since)));
}

#[test]
fn encodings_are_named_by_their_labels_or_guessed() {
    let parse = |label: &str| label.parse::<Encoding>();
    assert_eq!(parse("auto"), Ok(Encoding::Guess));
    assert_eq!(parse("UTF8"), Ok(Encoding::UTF8));
    assert_eq!(parse("gb18030"), Ok(Encoding::GB18030));
    assert_eq!(parse("Windows-1252"), Ok(Encoding::WINDOWS_1252));
    assert_eq!(parse("latin1"), Ok(Encoding::WINDOWS_1252));
    assert!(parse("utf-16le").is_err_and(|e| e.contains("UTF-8")));
    assert!(parse("klingon").is_err_and(|e| e.contains("windows-1252")));
}

#[test]
fn values_echoed_in_problems_cannot_reach_the_terminal_raw() {
    let csv = "id,name,track\nE1,Ann,\"\u{1b}]0;owned\u{7}\"\n";
    let error = match plan_bytes(csv.as_bytes(), Encoding::UTF8, &Org::default()) {
        Ok(_) => panic!("imported"),
        Err(e) => e,
    };
    let shown = error.to_string();
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{1b}]0;owned\\u{7}"), "{shown}");
}
