//! The exports of a small session: three people, two moves (one undone), a decision.

use super::*;
use crate::domain::Change;
use crate::domain::calibration::{CalibrationEntry, Logged, MoveReason};
use crate::domain::person::Person;

use crate::domain::calibration::testing::{Q, assessment, at, cell};

fn log(org: &mut Org, minute: u32, person: &str, what: Logged) {
    let entry = CalibrationEntry {
        session: "CAL1".into(),
        at: at(minute),
        by: "lin".into(),
        person: person.into(),
        what,
    };
    org.apply(&Change::LogCalibration { entry }).unwrap();
}

fn moved(from: NineBox, to: NineBox, words: &str) -> Logged {
    Logged::Move {
        from,
        to,
        reason: MoveReason::Results,
        words: words.into(),
        evidence: None,
        created: false,
    }
}

/// E1 "=cmd" and E2 "<script>alert(1)</script>" start as core players, E3 never placed. E1 moves
/// to star; E2 moves to high performer and back.
fn report() -> Report {
    let mut org = Org::default();
    let names = [
        ("E1", "=cmd"),
        ("E2", "<script>alert(1)</script>"),
        ("E3", "Ann"),
    ];
    for (id, name) in names {
        let mut p = Person::new(id, name);
        p.team = "Platform".into();
        org.apply(&Change::UpsertPerson { person: p }).unwrap();
    }
    let core = cell(Band::Medium, Band::Medium);
    for id in ["E1", "E2"] {
        let assessment = assessment(id, Q, core);
        org.apply(&Change::RecordAssessment { assessment }).unwrap();
    }
    let session = Calibration {
        id: "CAL1".into(),
        name: "Platform <b>review</b>".into(),
        quarter: Q,
        teams: vec!["Platform".into()],
        facilitator: "lin".into(),
        participants: vec!["omar".into()],
        timebox_minutes: None,
        opened: at(0),
        closed: None,
        logged: 0,
        last_entry: None,
    };
    let people = vec!["E1".into(), "E2".into(), "E3".into()];
    org.apply(&Change::OpenCalibration { session, people })
        .unwrap();
    let star = cell(Band::High, Band::High);
    let high = cell(Band::High, Band::Medium);
    log(&mut org, 1, "E1", moved(core, star, "-shipped billing"));
    log(
        &mut org,
        2,
        "E2",
        moved(core, high, "led the outage review"),
    );
    let of = Board::of(crate::domain::calibration::log_of(&org, &"CAL1".into()))
        .last_standing()
        .unwrap()
        .key
        .clone();
    log(&mut org, 3, "E2", Logged::Undo { of });
    log(&mut org, 4, "E1", Logged::Discussed);
    let text = "promote next quarter".into();
    log(&mut org, 5, "E1", Logged::Decision { text });
    let guides = crate::domain::insight::Rules::default().calibration.guides;
    Report::of(&org, &org.calibrations["CAL1"], &guides)
}

#[test]
fn the_report_counts_every_box_before_and_after() {
    let r = report();
    let s = &r.summary;
    assert_eq!(r.headcount(), 3);
    assert_eq!(counts(s, cell(Band::Medium, Band::Medium)), (2, 1));
    assert_eq!(counts(s, cell(Band::High, Band::High)), (0, 1));
    assert_eq!(counts(s, cell(Band::High, Band::Medium)), (0, 0));
    assert_eq!(s.unplaced, (1, 1));
    assert_eq!((s.moves.len(), s.undone.len()), (1, 1));
}

#[test]
fn markdown_draws_the_grid_and_lists_the_standing_move_apart_from_the_undone_one() {
    let md = markdown(&report());
    assert!(
        md.contains(
            "| **high** | untapped potential: 0 → 0 | high potential: 0 → 0 | star: 0 → 1 |"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "| **medium** | developing: 0 → 0 | core player: 2 → 1 | high performer: 0 → 0 |"
        ),
        "{md}"
    );
    assert!(md.contains("In no box: 1 → 1."), "{md}");
    let moves = md.split("## Moves (1)").nth(1).unwrap_or_default();
    let moves = moves.split("## Undone").next().unwrap_or_default();
    let rows: Vec<&str> = moves.lines().filter(|l| l.starts_with("| 1 ")).collect();
    assert_eq!(rows.len(), 1, "{md}");
    assert!(rows[0].contains("=cmd (E1)"), "{}", rows[0]);
    assert!(
        rows[0].contains("core player (medium/medium) | star (high/high) | results against goals | -shipped billing"),
        "{}",
        rows[0]
    );
    let undone = md.split("## Undone moves (1)").nth(1).unwrap_or_default();
    assert!(undone.contains("high performer (high/medium)"), "{md}");
    assert!(undone.contains("2026-11-30 09:03 UTC by lin"), "{md}");
    assert!(md.contains("| Participants | omar |"), "{md}");
    // Both people moved were discussed; the third was not.
    assert!(md.contains("## Not discussed (1)"), "{md}");
    assert!(
        md.contains("- top box (star): 1 of 2 placed, at most 15 %: 1 over"),
        "{md}"
    );
    assert!(md.contains("\\<script>"), "the name is escaped: {md}");
}

#[test]
fn csv_has_a_row_per_move_and_neutralises_a_formula_name() {
    let text = csv(&report());
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), CSV_COLUMNS);
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let column = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    assert_eq!(&rows[0][column("state")], "standing");
    assert_eq!(
        &rows[0][column("name")],
        "'=cmd",
        "a formula is neutralised"
    );
    assert_eq!(&rows[0][column("words")], "'-shipped billing");
    assert_eq!(&rows[0][column("to")], "high/high");
    assert_eq!(&rows[1][column("state")], "undone");
    assert_eq!(&rows[1][column("undone_by")], "lin");
    assert!(!text.contains(",=cmd"), "{text}");
}

#[test]
fn html_escapes_every_name_and_loads_nothing() {
    let page = html(&report());
    assert!(!page.contains("<script>"), "{page}");
    assert!(!page.contains("<b>review"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(
        page.contains("Platform &lt;b&gt;review&lt;/b&gt;"),
        "{page}"
    );
    assert!(page.contains("@page"), "{page}");
    for outside in ["src=", "href=", "@import", "url("] {
        assert!(!page.contains(outside), "{outside} in {page}");
    }
    assert!(
        page.contains("<span class=\"count\">0 → 1</span>"),
        "{page}"
    );
}

#[test]
fn json_parses_and_keeps_every_placement() {
    let value: Value = serde_json::from_str(&json(&report())).unwrap();
    assert_eq!(value["people"], 3);
    assert_eq!(value["session"]["quarter"], "2026Q4");
    assert_eq!(value["moves"].as_array().unwrap().len(), 1);
    assert_eq!(value["undone"][0]["undone"]["by"], "lin");
    let star = value["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "star")
        .unwrap();
    assert_eq!(
        (star["before"].as_u64(), star["after"].as_u64()),
        (Some(0), Some(1))
    );
    let e1 = &value["placements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"] == "E1")
        .unwrap();
    assert_eq!(e1["after"]["name"], "star");
    assert_eq!(e1["discussed"], true);
}

#[test]
fn control_characters_in_a_decision_reach_no_format() {
    let mut r = report();
    r.summary.decisions[0].text = "ok\u{1b}[2J\u{7}".into();
    for text in [markdown(&r), html(&r), json(&r)] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
    }
}
