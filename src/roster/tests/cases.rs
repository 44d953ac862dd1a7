//! The real-world files in `tests/cases/import`, each one a kind of file crewdeck once read
//! wrongly (see `tests/cases/README.md`), with what it must read from each.

use super::*;

macro_rules! case {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/cases/import/", $name))
    };
}

fn imported(bytes: &[u8], encoding: Encoding) -> RosterPlan {
    match plan_bytes(bytes, encoding, &Org::default()) {
        Ok(plan) => plan,
        Err(e) => panic!("refused:\n{e}"),
    }
}

fn names(plan: &RosterPlan) -> Vec<&str> {
    plan.added.iter().map(|p| p.name.as_str()).collect()
}

fn noted(plan: &RosterPlan, words: &str) -> bool {
    plan.notes.iter().any(|n| n.contains(words))
}

#[test]
fn a_semicolon_csv_from_a_european_spreadsheet() {
    let plan = imported(case!("excel_semicolon_de.csv"), Encoding::Guess);
    assert_eq!(names(&plan), vec!["Anna Schmidt", "Jonas Müller"]);
    let jonas = &plan.added[1];
    assert_eq!(jonas.team, "Vertrieb");
    assert_eq!(jonas.manager, Some(PersonId::from("E1")));
    assert_eq!(jonas.hire_date, Some(day("2021-07-15")));
    assert!(noted(&plan, "separated by `;`"), "{:?}", plan.notes);
}

#[test]
fn a_header_with_no_break_spaces_and_padded_cells() {
    let plan = imported(case!("header_nbsp_employee_id.csv"), Encoding::Guess);
    assert_eq!(plan.added.len(), 1);
    assert_eq!(plan.added[0].id, PersonId::from("E1"));
    assert_eq!(plan.added[0].name, "Ann Lee");
    assert_eq!(plan.added[0].team, "Ops");
    assert_eq!(plan.ignored_columns, Vec::<String>::new());
}

#[test]
fn latin_names_in_windows_1252_are_guessed_and_read() {
    let expected = vec!["Björn Müller", "François Lefèvre", "Inés García"];
    let plan = imported(case!("excel_windows1252_accents.csv"), Encoding::Guess);
    assert_eq!(names(&plan), expected);
    assert!(noted(&plan, "read as windows-1252"), "{:?}", plan.notes);
    let named = imported(
        case!("excel_windows1252_accents.csv"),
        Encoding::WINDOWS_1252,
    );
    assert_eq!(names(&named), expected);
    // Forced into GB18030, the Latin names are refused rather than stored as nonsense.
    let problems = refused(
        case!("excel_windows1252_accents.csv"),
        Encoding::GB18030,
        &Org::default(),
    );
    let lines: Vec<Option<u64>> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![Some(2), Some(3), Some(4)], "{problems:?}");
}

#[test]
fn a_utf8_row_in_a_gb18030_file_is_refused_by_line() {
    for encoding in [Encoding::Guess, Encoding::GB18030] {
        let problems = refused(
            case!("gbk_file_with_utf8_row.csv"),
            encoding,
            &Org::default(),
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(3));
        assert!(
            problems[0].message.contains("mixes encodings"),
            "{problems:?}"
        );
        assert!(problems[0].message.contains("gb18030"), "{problems:?}");
    }
}

#[test]
fn first_middle_and_last_name_columns_are_joined() {
    let bytes = case!("orangehrm_pim_import.csv");
    let error = match plan_bytes(bytes, Encoding::Guess, &Org::default()) {
        Ok(_) => panic!("imported a row without an id"),
        Err(e) => e,
    };
    let places: Vec<(Option<u64>, Option<&str>)> = error
        .problems
        .iter()
        .map(|p| (p.line, p.field.as_deref()))
        .collect();
    assert_eq!(places, vec![(Some(3), Some("id"))]);
    assert!(
        error
            .notes
            .iter()
            .any(|n| n.contains("first_name, middle_name, last_name"))
    );
    assert!(error.ignored_columns.contains(&"nationality".to_string()));
    assert!(error.to_string().contains("columns ignored"), "{error}");
    // With the missing id given, both people import with their names joined.
    let text =
        String::from_utf8_lossy(bytes).replacen("Kasun,,Silva,,", "Kasun,,Silva,Emp-102,", 1);
    let plan = imported(text.as_bytes(), Encoding::Guess);
    assert_eq!(names(&plan), vec!["Nimal Perera", "Kasun Silva"]);
}

#[test]
fn an_erp_export_with_relieving_date_and_its_own_statuses() {
    let plan = imported(case!("erpnext_employee_export.csv"), Encoding::Guess);
    let by_id = |id: &str| plan.added.iter().find(|p| p.id.as_str() == id);
    let status = |id: &str| by_id(id).map(|p| p.status);
    assert_eq!(status("HR-EMP-00001"), Some(Status::Active));
    assert_eq!(
        status("HR-EMP-00003"),
        Some(Status::Left {
            last_day: day("2024-08-31")
        })
    );
    assert_eq!(status("HR-EMP-00004"), Some(Status::OnLeave));
    assert_eq!(status("HR-EMP-00005"), Some(Status::OnLeave));
    let vikram = by_id("HR-EMP-00002").map(|p| (p.title.as_str(), p.manager.clone()));
    assert_eq!(
        vikram,
        Some(("Accountant", Some(PersonId::from("HR-EMP-00001"))))
    );
    assert_eq!(plan.ignored_columns, vec!["Company"]);
    assert!(
        noted(&plan, "`Inactive` is read as on_leave (line 5)"),
        "{:?}",
        plan.notes
    );
    assert!(
        noted(&plan, "`Suspended` is read as on_leave (line 6)"),
        "{:?}",
        plan.notes
    );
}

#[test]
fn a_manager_given_by_full_name_is_found_in_the_same_file() {
    let plan = imported(case!("horilla_style_work_info.csv"), Encoding::Guess);
    assert_eq!(names(&plan), vec!["Tom Baker", "Ana Costa"]);
    assert_eq!(plan.added[1].id, PersonId::from("PEP0002"));
    assert_eq!(plan.added[1].manager, Some(PersonId::from("PEP0001")));
    assert_eq!(plan.added[1].title, "Developer");
    assert!(
        noted(&plan, "Tom Baker is PEP0001 (line 3)"),
        "{:?}",
        plan.notes
    );
}

#[test]
fn decomposed_names_are_stored_composed_and_reimport_unchanged() {
    let plan = imported(case!("nfd_names_macos.csv"), Encoding::Guess);
    assert_eq!(
        names(&plan),
        vec![
            "Zoë Müller",
            "Renée Dubois",
            "José Álvarez",
            "Björn Larsson"
        ]
    );
    assert!(
        names(&plan)
            .iter()
            .all(|n| !n.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)))
    );
    let org = applied(&plan, Org::default());
    let composed = "id,name,title,team\nN1,Zoë Müller,Engineer,Core\nN2,Renée Dubois,Engineer,Core\n\
                    N3,José Álvarez,Engineer,Core\nN4,Björn Larsson,Engineer,Core\n";
    let again = super::plan(composed, &org);
    assert_eq!(
        (
            again.added.len(),
            again.changed.len(),
            again.unchanged.len()
        ),
        (0, 0, 4)
    );
    let same_file = match plan_bytes(case!("nfd_names_macos.csv"), Encoding::Guess, &org) {
        Ok(plan) => plan,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(same_file.unchanged.len(), 4);
}

#[test]
fn persian_names_keep_their_zero_width_non_joiner() {
    let plan = imported(case!("zwnj_persian_names.csv"), Encoding::Guess);
    assert_eq!(plan.added.len(), 2);
    assert!(plan.added.iter().all(|p| p.name.contains('\u{200c}')));
    assert_eq!(plan.added[0].name, "مریم حسین\u{200c}زاده");
}

#[test]
fn a_name_of_only_invisible_characters_is_refused() {
    for name in [
        "\u{200c}",
        "\u{3164}",
        "\u{2800}\u{2800}",
        "\u{ad}",
        " \u{200d} ",
    ] {
        let csv = format!("id,name\nE1,Ann\nE2,\"{name}\"\n");
        let problems = refused(csv.as_bytes(), Encoding::UTF8, &Org::default());
        assert!(
            problems
                .iter()
                .any(|p| p.line == Some(3) && p.field.as_deref() == Some("name")),
            "{name:?}: {problems:?}"
        );
    }
}

#[test]
fn a_line_break_in_a_title_is_folded_and_said() {
    let csv = "id,name,title,key_reason,key\nE1,Ann,\"Head of\r\nSales\",\"two\nlines\",yes\n\
               E2,Bob,\"Senior\rEngineer\",,no\n";
    let plan = super::plan(csv, &Org::default());
    assert_eq!(plan.added[0].title, "Head of Sales");
    assert_eq!(plan.added[1].title, "Senior Engineer");
    assert_eq!(
        plan.added[0].key.as_ref().map(|k| k.reason.as_str()),
        Some("two\nlines")
    );
    assert!(noted(&plan, "line break in the title"), "{:?}", plan.notes);
}

#[test]
fn a_manager_name_that_fits_two_people_asks_for_the_id() {
    let csv = "id,name,manager\nE1,Ann Lee,\nE2,ann  lee,\nE3,Bob,Ann Lee\n";
    let problems = refused(csv.as_bytes(), Encoding::UTF8, &Org::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(4));
    assert!(
        problems[0].message.contains("fits 2 people (E1, E2)"),
        "{problems:?}"
    );
}

#[test]
fn a_manager_given_by_e_mail_is_found() {
    let csv = "id,name,email,manager\nE1,Ann Lee,ann@example.com,\nE2,Bob,bob@example.com,ANN@example.com\n";
    let plan = super::plan(csv, &Org::default());
    assert_eq!(plan.added[1].manager, Some(PersonId::from("E1")));
}

#[test]
fn a_file_in_another_format_is_named_in_one_sentence() {
    let json = br#"[{"id": "E1", "name": "Ann"}, {"id": "E2", "name": "Bob"}]"#;
    let problems = refused(json, Encoding::Guess, &Org::default());
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("JSON"), "{problems:?}");
}

#[test]
fn a_reused_id_and_a_manager_who_left_are_said() {
    let org = super::org_of("id,name\nE1,Anna Schmidt\n");
    let plan = plan_bytes(
        case!("excel_windows1252_accents.csv"),
        Encoding::Guess,
        &org,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        noted(&plan, "a name changes for an id already stored"),
        "{:?}",
        plan.notes
    );
    let plan = imported(case!("erpnext_employee_export.csv"), Encoding::Guess);
    assert!(
        noted(
            &plan,
            "their manager Priya Menon (HR-EMP-00003) has left; they need a new one (line 5)"
        ),
        "{:?}",
        plan.notes
    );
}

/// An HR system marks someone who resigned as soon as they give notice: `resigned` with a last
/// day still to come is leaving, and said; with one gone by, left.
#[test]
fn resigned_with_a_last_day_to_come_is_leaving() {
    let csv = "id,name,status,last_day\nE1,Zoë Park,resigned,2025-02-28\nE2,Ann Lee,resigned,2024-12-31\n";
    let read = plan(csv, &Org::default());
    assert_eq!(
        read.added[0].status,
        Status::Leaving {
            last_day: day("2025-02-28")
        }
    );
    assert_eq!(
        read.added[1].status,
        Status::Left {
            last_day: day("2024-12-31")
        }
    );
    assert!(
        noted(
            &read,
            "status `resigned` with its last day still to come (2025-02-28) is read as leaving"
        ),
        "{:?}",
        read.notes
    );
}

/// An HR export older than a departure recorded here says `active` for someone leaving:
/// imported as it was, it set them active again and left their handover behind. Their status
/// is kept, and said.
#[test]
fn an_older_export_does_not_take_back_a_departure_recorded_here() {
    let mut org = Org::default();
    let mut ann = crate::domain::person::Person::new("E1", "Ann Lee");
    ann.status = Status::Leaving {
        last_day: day("2025-02-10"),
    };
    org.put(crate::domain::Record::Person(ann.clone()));
    let departure: crate::domain::departure::Departure =
        serde_json::from_value(serde_json::json!({
            "id": "D001", "person": "E1", "last_day": "2025-02-10", "started_on": "2025-01-10"
        }))
        .expect("a departure");
    org.put(crate::domain::Record::Departure(departure));
    let read = plan("id,name,status\nE1,Ann Lee,active\n", &org);
    assert_eq!(
        read.unchanged,
        vec![PersonId::from("E1")],
        "{:?}",
        read.changed
    );
    assert!(
        noted(
            &read,
            "a departure is recorded (last day 2025-02-10) while the file says `active`: kept as leaving"
        ),
        "{:?}",
        read.notes
    );
    // Without a departure recorded, the file's word is taken.
    let mut fresh = Org::default();
    fresh.put(crate::domain::Record::Person(ann.clone()));
    let read = plan("id,name,status\nE1,Ann Lee,active\n", &fresh);
    assert_eq!(read.changed.len(), 1);
    // Someone who has left may be made active again (rehired), departure or not.
    ann.status = Status::Left {
        last_day: day("2025-01-10"),
    };
    org.put(crate::domain::Record::Person(ann));
    let read = plan("id,name,status\nE1,Ann Lee,active\n", &org);
    assert_eq!(read.changed[0].1.status, Status::Active);
}
