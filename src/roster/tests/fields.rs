//! Columns and values: aliases, required columns and values, dates, enums, status, the key mark,
//! and how a row is merged over the person already there.

use super::*;
use crate::domain::person::{HireChannel, KeyMark, Track};

#[test]
fn header_aliases_fill_the_fields_and_unknown_columns_are_listed() {
    let csv = "\
 Employee ID ,FULL_NAME,Job Title,Department,Reports To,Career Track,Start Date,Source,Referrer ID,Termination Date,Status,Key Employee,Key_Reason,Salary,Notes
E1,Ann Lee,CTO,Tech,,management,2015-01-05,direct,,,active,yes,founder,9000,
E2,Bob Chen,Analyst,Tech,E1,professional,2020-02-03,referral,E1,2025-02-28,leaving,0,,5000,moving abroad
";
    let plan = plan(csv, &Org::default());
    assert_eq!(plan.ignored_columns, vec!["Salary", "Notes"]);
    let [ann, bob] = plan.added.as_slice() else {
        panic!("expected two people: {plan:?}");
    };
    assert_eq!((ann.title.as_str(), ann.team.as_str()), ("CTO", "Tech"));
    assert_eq!(
        ann.key,
        Some(KeyMark {
            reason: "founder".into(),
            since: today()
        })
    );
    assert_eq!(bob.manager, Some(PersonId::from("E1")));
    assert_eq!(bob.referred_by, Some(PersonId::from("E1")));
    assert_eq!(bob.track, Some(Track::Professional));
    assert_eq!(bob.hire_date, Some(day("2020-02-03")));
    assert_eq!(bob.hire_channel, Some(HireChannel::Referral));
    assert_eq!(
        bob.status,
        Status::Leaving {
            last_day: day("2025-02-28")
        }
    );
    assert_eq!(bob.key, None);
}

#[test]
fn missing_required_columns_are_each_one_problem() {
    let found = places("employee,title\nE1,CTO\n", &Org::default());
    assert_eq!(found, vec![at(1, "id"), at(1, "name")]);
    let found = places("id,title\nE1,CTO\n", &Org::default());
    assert_eq!(found, vec![at(1, "name")]);
}

#[test]
fn two_columns_for_the_same_field_is_a_problem() {
    let found = places("id,name,dept,Department\nE1,Ann,Ops,Ops\n", &Org::default());
    assert_eq!(found, vec![at(1, "team")]);
}

#[test]
fn id_and_name_need_values() {
    let csv = "id,name,team\nE1,Ann,Ops\n,Bob,Ops\nE3,  ,Ops\n";
    assert_eq!(
        places(csv, &Org::default()),
        vec![at(3, "id"), at(4, "name")]
    );
}

#[test]
fn an_empty_manager_is_the_top_of_a_tree() {
    let org = org_of("id,name,manager\nE1,Ann,\nE2,Bob,E1\n");
    let plan = plan("id,name,manager\nE2,Bob,\n", &org);
    let [(before, after)] = plan.changed.as_slice() else {
        panic!("expected one change: {plan:?}");
    };
    assert_eq!(before.manager, Some(PersonId::from("E1")));
    assert_eq!(after.manager, None);
}

#[test]
fn dates_take_dashes_or_slashes_and_a_bad_one_names_line_and_field() {
    let org = org_of("id,name,hire_date\nE1,Ann,2020-01-31\nE2,Bob,2020/02/29\n");
    assert_eq!(person(&org, "E2").hire_date, Some(day("2020-02-29")));
    let csv =
        "id,name,hire_date,status,last_day\nE1,Ann,31.01.2020,active,\nE2,Bob,,left,2024-02-30\n";
    let problems = refused(csv.as_bytes(), Encoding::UTF8, &Org::default());
    let found: Vec<(Option<u64>, Option<&str>, &str)> = problems
        .iter()
        .map(|p| (p.line, p.field.as_deref(), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Some(2),
                Some("hire_date"),
                "`31.01.2020` is not a date; write it as YYYY-MM-DD (or YYYY/MM/DD)"
            ),
            (
                Some(3),
                Some("last_day"),
                "`2024-02-30` is not a date; write it as YYYY-MM-DD (or YYYY/MM/DD)"
            ),
        ]
    );
}

#[test]
fn enums_ignore_case_and_a_bad_value_names_line_field_and_value() {
    let org = org_of("id,name,track,hire_channel,status\nE1,Ann,MANAGEMENT,Internal,On Leave\n");
    let ann = person(&org, "E1");
    assert_eq!(ann.track, Some(Track::Management));
    assert_eq!(ann.hire_channel, Some(HireChannel::Internal));
    assert_eq!(ann.status, Status::OnLeave);

    let csv = "id,name,track,hire_channel,status\nE1,Ann,expert,direct,active\nE2,Bob,,headhunter,retired\n";
    let problems = refused(csv.as_bytes(), Encoding::UTF8, &Org::default());
    let found: Vec<(Option<u64>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.line, p.field.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            (Some(2), Some("track")),
            (Some(3), Some("hire_channel")),
            (Some(3), Some("status")),
        ]
    );
    assert!(problems[0].message.contains("`expert`"), "{problems:?}");
    assert!(problems[1].message.contains("`headhunter`"), "{problems:?}");
    assert!(problems[2].message.contains("`retired`") && problems[2].message.contains("on_leave"));
}

#[test]
fn leaving_and_left_need_a_last_day() {
    let csv = "id,name,status,last_day\nE1,Ann,leaving,\nE2,Bob,left,\nE3,Cy,left,2024-12-31\nE4,Di,active,2025-01-31\n";
    let problems = refused(csv.as_bytes(), Encoding::UTF8, &Org::default());
    let found: Vec<(Option<u64>, Option<&str>, &str)> = problems
        .iter()
        .map(|p| (p.line, p.field.as_deref(), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Some(2),
                Some("last_day"),
                "status `leaving` needs a last day"
            ),
            (Some(3), Some("last_day"), "status `left` needs a last day"),
            (
                Some(5),
                Some("last_day"),
                "a last day needs status `leaving` or `left`, not `active`"
            ),
        ]
    );
    // Without a last_day column, a status needing one is refused as well.
    assert_eq!(
        places("id,name,status\nE1,Ann,left\n", &Org::default()),
        vec![at(2, "last_day")]
    );
}

#[test]
fn a_status_without_last_day_column_keeps_the_existing_last_day() {
    let org = org_of("id,name,status,last_day\nE1,Ann,leaving,2025-01-10\n");
    let first = plan("id,name,status\nE1,Ann,left\n", &org);
    assert_eq!(
        first.changed[0].1.status,
        Status::Left {
            last_day: day("2025-01-10")
        }
    );
    // With the day kept still to come, `left` is leaving, and said.
    let org = org_of("id,name,status,last_day\nE1,Ann,leaving,2025-03-31\n");
    let read = plan("id,name,status\nE1,Ann,left\n", &org);
    assert_eq!(read.unchanged, vec![PersonId::from("E1")]);
    assert!(
        (read.notes.iter()).any(|n| n.contains("status `left` with its last day still to come")),
        "{:?}",
        read.notes
    );
    // Someone left here stays left when the file gives a later day.
    let org = org_of("id,name,status,last_day\nE1,Ann,left,2025-01-10\n");
    let read = plan("id,name,status,last_day\nE1,Ann,left,2025-03-31\n", &org);
    assert_eq!(
        read.changed[0].1.status,
        Status::Left {
            last_day: day("2025-03-31")
        }
    );
}

#[test]
fn key_takes_yes_no_true_false_one_zero() {
    let csv = "id,name,key\nE1,A,yes\nE2,B,No\nE3,C,TRUE\nE4,D,false\nE5,E,1\nE6,F,0\nE7,G,\n";
    let org = org_of(csv);
    let keys: Vec<bool> = org.people.values().map(Person::is_key).collect();
    assert_eq!(keys, vec![true, false, true, false, true, false, false]);
    let problems = refused(
        b"id,name,key\nE1,A,maybe\n",
        Encoding::UTF8,
        &Org::default(),
    );
    assert_eq!(
        (problems[0].line, problems[0].field.as_deref()),
        (Some(2), Some("key"))
    );
    assert!(problems[0].message.contains("`maybe`"));
}

#[test]
fn a_key_mark_keeps_its_day_and_a_reason_needs_key() {
    let mut org = org_of("id,name,key,key_reason\nE1,Ann,yes,founder\n");
    if let Some(ann) = org.people.get_mut("E1") {
        ann.key = Some(KeyMark {
            reason: "founder".into(),
            since: day("2023-04-01"),
        });
    }
    let plan = plan("id,name,key_reason\nE1,Ann,owns sales\n", &org);
    let after = &plan.changed[0].1;
    assert_eq!(
        after.key,
        Some(KeyMark {
            reason: "owns sales".into(),
            since: day("2023-04-01")
        })
    );
    let found = places("id,name,key,key_reason\nE2,Bob,no,knows billing\n", &org);
    assert_eq!(found, vec![at(2, "key_reason")]);
}

#[test]
fn absent_columns_keep_values_and_empty_cells_clear_them() {
    let full = "id,name,title,team,level,location,track,hire_date,hire_channel,key\n\
                E1,Ann,CTO,Tech,M4,Berlin,management,2015-01-05,direct,yes\n";
    let mut org = org_of(full);
    if let Some(ann) = org.people.get_mut("E1") {
        ann.pay_percentile = Some(80);
    }
    let kept = plan("id,name,team\nE1,Ann,Tech\n", &org);
    assert_eq!(kept.unchanged, vec![PersonId::from("E1")]);

    let cleared = plan(
        "id,name,title,team,level,location,track,hire_date,hire_channel\nE1,Ann,,,,,,,\n",
        &org,
    );
    let (before, after) = &cleared.changed[0];
    assert_eq!(
        (
            after.title.as_str(),
            after.team.as_str(),
            after.level.as_str(),
            after.location.as_str()
        ),
        ("", "", "", "")
    );
    assert_eq!(
        (after.track, after.hire_date, after.hire_channel),
        (None, None, None)
    );
    assert_eq!(after.key, before.key, "no key column: the mark is kept");
    assert_eq!(after.pay_percentile, Some(80));
}

#[test]
fn control_characters_in_values_are_refused() {
    let csv = "id,name,title,key,key_reason\nE1,\"Ann\u{1b}[2J\",CTO,yes,\"line one\nline two\"\nE2,Bob,\u{202e}gnp.exe,no,\n";
    assert_eq!(
        places(csv, &Org::default()),
        vec![at(2, "name"), at(4, "title")]
    );
}
