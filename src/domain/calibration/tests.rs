//! Sessions applied to the in-memory model: who is placed where, moves, undos, the log.

use super::*;
use crate::domain::person::Person;
use crate::domain::{Change, Org};

use super::testing::{Q, assessment, at, cell};

/// E1 placed this quarter (medium/medium), E2 only last quarter (high/medium), E3 never.
fn org() -> Org {
    let mut org = Org::default();
    for id in ["E1", "E2", "E3"] {
        let mut p = Person::new(id, format!("Person {id}"));
        p.team = "Platform".into();
        org.apply(&Change::UpsertPerson { person: p }).unwrap();
    }
    let medium = cell(Band::Medium, Band::Medium);
    for a in [
        assessment("E1", Q, medium),
        assessment("E2", Q.back(1), cell(Band::High, Band::Medium)),
    ] {
        org.apply(&Change::RecordAssessment { assessment: a })
            .unwrap();
    }
    org
}

fn session() -> Calibration {
    Calibration {
        id: "CAL1".into(),
        name: "Platform review".into(),
        quarter: Q,
        teams: vec!["Platform".into()],
        facilitator: "lin".into(),
        participants: vec!["omar".into()],
        timebox_minutes: Some(5),
        opened: at(0),
        closed: None,
        logged: 0,
        last_entry: None,
    }
}

fn opened() -> Org {
    let mut org = org();
    org.apply(&Change::OpenCalibration {
        session: session(),
        people: vec!["E1".into(), "E2".into(), "E3".into()],
    })
    .unwrap();
    org
}

fn entry(minute: u32, person: &str, what: Logged) -> Change {
    Change::LogCalibration {
        entry: CalibrationEntry {
            session: "CAL1".into(),
            at: at(minute),
            by: "lin".into(),
            person: person.into(),
            what,
        },
    }
}

fn moved(minute: u32, person: &str, from: NineBox, to: NineBox) -> Change {
    entry(
        minute,
        person,
        Logged::Move {
            from,
            to,
            reason: MoveReason::Results,
            words: "shipped the billing rewrite".into(),
            evidence: None,
            created: false,
        },
    )
}

fn board(org: &Org) -> Board {
    Board::of(
        org.calibration_log
            .values()
            .filter(|e| e.session.as_str() == "CAL1"),
    )
}

#[test]
fn opening_writes_down_where_everyone_stands() {
    let org = opened();
    let b = board(&org);
    assert_eq!(
        b.before[&PersonId::from("E1")],
        Some(cell(Band::Medium, Band::Medium))
    );
    assert_eq!(
        b.before[&PersonId::from("E2")],
        Some(cell(Band::High, Band::Medium)),
        "the latest placement before the quarter counts"
    );
    assert_eq!(
        b.before[&PersonId::from("E3")],
        None,
        "never assessed: nowhere"
    );
    assert_eq!(b.placed(), 2);
    assert_eq!(org.calibrations["CAL1"].logged, 3);
    assert_eq!(b.not_discussed().count(), 3);
}

#[test]
fn a_move_sets_the_quarter_and_an_undo_puts_it_back() {
    let mut org = opened();
    let (medium, star) = (
        cell(Band::Medium, Band::Medium),
        cell(Band::High, Band::High),
    );
    org.apply(&moved(1, "E1", medium, star)).unwrap();
    assert_eq!(org.assessments["E1/2026Q4"].performance, Band::High);
    assert_eq!(org.assessments["E1/2026Q4"].potential, Band::High);
    assert_eq!(board(&org).count(star), (0, 1));

    let key = board(&org).last_standing().unwrap().key.clone();
    org.apply(&entry(2, "E1", Logged::Undo { of: key.clone() }))
        .unwrap();
    assert_eq!(
        NineBox::of(&org.assessments["E1/2026Q4"]),
        medium,
        "back where the move found them"
    );
    let b = board(&org);
    assert_eq!(b.count(star), (0, 0));
    assert!(b.moves[0].undone.is_some(), "the move stays in the log");
    assert_eq!(b.standing().count(), 0);

    let again = org
        .apply(&entry(3, "E1", Logged::Undo { of: key }))
        .unwrap_err();
    assert!(again.to_string().contains("undone already"), "{again}");
}

#[test]
fn a_move_from_an_older_quarter_makes_this_quarters_and_its_undo_removes_it() {
    let mut org = opened();
    let (from, to) = (cell(Band::High, Band::Medium), cell(Band::High, Band::High));
    org.apply(&moved(1, "E2", from, to)).unwrap();
    let made = &org.assessments["E2/2026Q4"];
    assert_eq!(NineBox::of(made), to);
    assert_eq!(made.ability, 3, "scores carry over");
    assert_eq!(made.kpi_attainment, None, "what was measured does not");
    assert!(
        org.assessments.contains_key("E2/2026Q3"),
        "the old one stays"
    );

    let key = board(&org).last_standing().unwrap().key.clone();
    org.apply(&entry(2, "E2", Logged::Undo { of: key }))
        .unwrap();
    assert!(!org.assessments.contains_key("E2/2026Q4"));
}

#[test]
fn moves_that_cannot_be_are_refused_with_a_reason() {
    let mut org = opened();
    let (medium, star) = (
        cell(Band::Medium, Band::Medium),
        cell(Band::High, Band::High),
    );
    let err = org.apply(&moved(1, "E3", medium, star)).unwrap_err();
    assert!(err.to_string().contains("no assessment"), "{err}");
    let err = org.apply(&moved(1, "E1", star, medium)).unwrap_err();
    assert!(
        err.to_string().contains("stands in core player now"),
        "{err}"
    );
    let err = org.apply(&moved(1, "E1", medium, medium)).unwrap_err();
    assert!(err.to_string().contains("already"), "{err}");

    let mut outsider = Person::new("E9", "Outsider");
    outsider.team = "Sales".into();
    org.apply(&Change::UpsertPerson { person: outsider })
        .unwrap();
    let err = org.apply(&entry(1, "E9", Logged::Discussed)).unwrap_err();
    assert!(
        err.to_string().contains("not in calibration session"),
        "{err}"
    );

    let err = org
        .apply(&entry(1, "E1", Logged::Decision { text: " ".into() }))
        .unwrap_err();
    assert!(err.to_string().contains("needs words"), "{err}");
}

#[test]
fn an_earlier_move_is_undone_only_after_the_later_one() {
    let mut org = opened();
    let medium = cell(Band::Medium, Band::Medium);
    let high = cell(Band::High, Band::Medium);
    let star = cell(Band::High, Band::High);
    org.apply(&moved(1, "E1", medium, high)).unwrap();
    let first = board(&org).last_standing().unwrap().key.clone();
    org.apply(&moved(2, "E1", high, star)).unwrap();
    let err = org
        .apply(&entry(3, "E1", Logged::Undo { of: first }))
        .unwrap_err();
    assert!(err.to_string().contains("moved since"), "{err}");
}

#[test]
fn the_log_is_never_reverted_and_a_closed_session_takes_nothing() {
    let mut org = opened();
    let diffs = org.apply(&entry(1, "E1", Logged::Discussed)).unwrap();
    let err = org.apply(&Change::Revert { seq: 7, diffs }).unwrap_err();
    assert!(err.to_string().contains("keeps everything"), "{err}");

    org.apply(&Change::CloseCalibration {
        session: "CAL1".into(),
        at: at(30),
    })
    .unwrap();
    let err = org.apply(&entry(31, "E2", Logged::Discussed)).unwrap_err();
    assert!(err.to_string().contains("closed"), "{err}");
}

#[test]
fn discussing_marks_people_and_starts_their_time() {
    let mut org = opened();
    org.apply(&entry(1, "E1", Logged::Discussed)).unwrap();
    org.apply(&entry(6, "E2", Logged::Discussed)).unwrap();
    let b = board(&org);
    assert_eq!(b.now, Some(("E2".into(), at(6))));
    let left: Vec<&str> = b.not_discussed().map(|p| p.as_str()).collect();
    assert_eq!(left, ["E3"]);
}

fn placed_board(counts: &[(NineBox, usize)]) -> Board {
    let mut b = Board::default();
    let mut n = 0;
    for (place, count) in counts {
        for _ in 0..*count {
            n += 1;
            b.after.insert(PersonId::new(format!("P{n}")), Some(*place));
        }
    }
    b.after.insert("NOBODY".into(), None);
    b
}

#[test]
fn guidance_says_by_how_many_people_a_box_is_over_or_under() {
    let rules = crate::domain::insight::Rules::default().calibration.guides;
    let (top, bottom) = (&rules[0], &rules[1]);
    // 20 placed: at most 15 % allows 3 in the top box; at least 5 % asks 1 in the bottom row.
    let b = placed_board(&[
        (cell(Band::High, Band::High), 5),
        (cell(Band::Medium, Band::Medium), 15),
    ]);
    let t = top.check(&b).unwrap();
    assert_eq!((t.count, t.placed, t.off_by), (5, 20, 2));
    let low = bottom.check(&b).unwrap();
    assert_eq!((low.count, low.off_by), (0, -1));

    let b = placed_board(&[
        (cell(Band::High, Band::High), 3),
        (cell(Band::Medium, Band::Medium), 16),
        (cell(Band::Low, Band::Low), 1),
    ]);
    assert_eq!(top.check(&b).unwrap().off_by, 0, "3 of 20 is within 15 %");
    assert_eq!(bottom.check(&b).unwrap().off_by, 0);
}

#[test]
fn the_boxes_run_from_the_star_box_across_and_down() {
    let all = boxes();
    assert_eq!(all[0].name(), "star");
    assert_eq!(all[4].name(), "core player");
    assert_eq!(all[8].name(), "needs support");
    let distinct: std::collections::BTreeSet<_> = all.iter().collect();
    assert_eq!(distinct.len(), 9);
}

#[test]
fn the_summary_counts_before_and_after_and_lists_moves_and_who_was_not_discussed() {
    let mut org = opened();
    let (medium, star) = (
        cell(Band::Medium, Band::Medium),
        cell(Band::High, Band::High),
    );
    let high = cell(Band::High, Band::Medium);
    org.apply(&entry(1, "E1", Logged::Discussed)).unwrap();
    org.apply(&moved(2, "E1", medium, star)).unwrap();
    org.apply(&moved(3, "E2", high, star)).unwrap();
    let undo = board(&org).last_standing().unwrap().key.clone();
    org.apply(&entry(4, "E2", Logged::Undo { of: undo }))
        .unwrap();
    org.apply(&entry(
        5,
        "E1",
        Logged::Decision {
            text: "promote in Q1".into(),
        },
    ))
    .unwrap();
    // Another session's log is not this one's.
    let mut other = session();
    other.id = "CAL10".into();
    other.opened = at(9);
    // One open session a team and quarter: another over Platform for this quarter is refused.
    let err = org
        .apply(&Change::OpenCalibration {
            session: other.clone(),
            people: vec!["E3".into()],
        })
        .unwrap_err();
    assert!(err.to_string().contains("is open already"), "{err}");
    other.quarter = Q.back(1);
    org.apply(&Change::OpenCalibration {
        session: other,
        people: vec!["E3".into()],
    })
    .unwrap();

    let id = CalibrationId::from("CAL1");
    let log: Vec<_> = log_of(&org, &id).collect();
    assert!(log.iter().all(|e| e.session == id));
    assert_eq!(log.len(), 3 + 5);
    let b = Board::of(log);
    let guides = crate::domain::insight::Rules::default().calibration.guides;
    let s = Summary::of(&org.calibrations["CAL1"], &b, &guides, |p| {
        format!("Person {p}")
    });
    let star_box = s.boxes.iter().find(|x| x.name == "star").unwrap();
    assert_eq!((star_box.before, star_box.after), (0, 1));
    let core = s.boxes.iter().find(|x| x.name == "core player").unwrap();
    assert_eq!((core.before, core.after), (1, 0));
    assert_eq!(s.unplaced, (1, 1));
    assert_eq!(s.moves.len(), 1);
    assert_eq!(s.moves[0].0, "Person E1");
    assert_eq!(s.undone.len(), 1);
    assert_eq!(s.decisions[0].text, "promote in Q1");
    // E1 and E2 were moved, so talked about; E3 was not.
    let left: Vec<&str> = s.not_discussed.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(left, ["Person E3"]);
    assert_eq!(s.guidance.len(), 2);
    // 2 placed: at most 15 % allows none in the top box, so the star is one over.
    assert_eq!(s.guidance[0].off_by, 1);

    let err = opened()
        .apply(&Change::OpenCalibration {
            session: Calibration {
                id: "a/b".into(),
                ..session()
            },
            people: vec!["E1".into()],
        })
        .unwrap_err();
    assert!(err.to_string().contains("without `/`"), "{err}");
}

#[test]
fn someone_assessed_after_the_session_opened_stands_where_the_assessment_puts_them() {
    let mut org = opened();
    let id = CalibrationId::from("CAL1");
    let e3 = PersonId::from("E3");
    assert_eq!(
        Board::current(&org, &org.calibrations["CAL1"]).after[&e3],
        None
    );
    let core = cell(Band::Medium, Band::Medium);
    org.apply(&Change::RecordAssessment {
        assessment: assessment("E3", Q, core),
    })
    .unwrap();
    let now = Board::current(&org, &org.calibrations["CAL1"]);
    assert_eq!(now.after[&e3], Some(core), "placed now");
    assert_eq!(now.before[&e3], None, "nowhere when the session opened");
    assert_eq!(
        Board::of(log_of(&org, &id)).after[&e3],
        None,
        "the log alone says nowhere"
    );
    org.apply(&moved(1, "E3", core, cell(Band::High, Band::Medium)))
        .unwrap();
    let after = Board::current(&org, &org.calibrations["CAL1"]);
    assert_eq!(after.after[&e3], Some(cell(Band::High, Band::Medium)));
}

#[test]
fn an_entry_dated_before_the_newest_goes_after_it_and_an_undo_keeps_what_was_recorded_since() {
    let mut org = opened();
    let (from, to) = (cell(Band::High, Band::Medium), cell(Band::High, Band::High));
    org.apply(&moved(5, "E2", from, to)).unwrap();
    // Logged with a clock behind: it still comes after the move in the log.
    org.apply(&entry(1, "E1", Logged::Discussed)).unwrap();
    let log: Vec<_> = log_of(&org, &"CAL1".into()).collect();
    let last = log.last().unwrap();
    assert!(matches!(last.what, Logged::Discussed));
    assert!(last.at > at(5), "{}", last.at);
    // A KPI recorded in the assessment the move made: undoing the move keeps it.
    let mut made = org.assessments["E2/2026Q4"].clone();
    made.kpi_attainment = Some(120);
    org.apply(&Change::RecordAssessment { assessment: made })
        .unwrap();
    let key = Board::of(log_of(&org, &"CAL1".into()))
        .last_standing()
        .unwrap()
        .key
        .clone();
    org.apply(&entry(9, "E2", Logged::Undo { of: key }))
        .unwrap();
    let kept = &org.assessments["E2/2026Q4"];
    assert_eq!(kept.kpi_attainment, Some(120));
    assert_eq!(NineBox::of(kept), from, "back in the box the move found");
}
