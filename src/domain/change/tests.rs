//! The rules each change checks, applied to the in-memory model.

use super::{Change, ChangeError};
use crate::domain::Org;
use crate::domain::departure::{
    AccessClass, AccessRevocation, Departure, HandoverKind, HandoverTask,
};
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::person::{Person, Status};
use crate::domain::pip::{CheckIn, GoalRating, Pip, PipGoal, PipStatus, Rating};
use crate::domain::succession::{Criticality, KeyPosition, Readiness, Successor};
use chrono::NaiveDate;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + chrono::Duration::days(n)
}

fn org_with(people: &[(&str, Option<&str>)]) -> Org {
    let mut org = Org::default();
    for (id, manager) in people {
        let mut person = Person::new(*id, format!("Person {id}"));
        person.manager = manager.map(Into::into);
        org.apply(&Change::UpsertPerson { person }).unwrap();
    }
    org
}

fn note(id: &str, person: &str) -> GrowNote {
    GrowNote {
        id: id.into(),
        person: person.into(),
        date: day(0),
        author: "lin".into(),
        goal: "lead the migration".into(),
        reality: String::new(),
        options: String::new(),
        will: String::new(),
        confidence: Some(8),
        actions: vec![ActionItem {
            id: 1,
            text: "draft plan".into(),
            owner: "E1".into(),
            due: Some(day(7)),
            done: None,
        }],
    }
}

fn pip() -> Pip {
    Pip {
        id: "PIP1".into(),
        person: "E1".into(),
        owner: "lin".into(),
        status: PipStatus::Active,
        start: day(0),
        end: day(60),
        reason: "help E1 return to the expected review pace".into(),
        goals: vec![PipGoal {
            id: 1,
            dimension: "reviews per week".into(),
            unit: String::new(),
            direction: Default::default(),
            target: 10.0,
            baseline: 4.0,
            current: 4.0,
            root_cause: String::new(),
            actions: vec![],
        }],
        supports: vec![],
        checkins: vec![],
        outcome: String::new(),
        checkin_every_days: 14,
    }
}

#[test]
fn a_manager_must_exist_and_may_not_close_a_cycle() {
    let mut org = org_with(&[("A", None), ("B", Some("A"))]);
    let mut ghost = Person::new("C", "C");
    ghost.manager = Some("Z".into());
    let err = org
        .apply(&Change::UpsertPerson { person: ghost })
        .unwrap_err();
    assert!(err.to_string().contains("manager Z of C"), "{err}");

    let mut a = org.people["A"].clone();
    a.manager = Some("B".into());
    let err = org.apply(&Change::UpsertPerson { person: a }).unwrap_err();
    assert!(err.to_string().contains("above themselves"), "{err}");
    assert_eq!(org.people["A"].manager, None, "nothing changed");
}

#[test]
fn a_batch_sees_its_own_earlier_changes_and_fails_whole() {
    let mut org = Org::default();
    let batch = |third: &str| Change::Batch {
        label: "import".into(),
        changes: ["A", "B", third]
            .iter()
            .zip([None, Some("A"), Some("B")])
            .map(|(id, manager)| {
                let mut person = Person::new(*id, *id);
                person.manager = manager.map(Into::into);
                Change::UpsertPerson { person }
            })
            .collect(),
    };
    let err = org.apply(&batch("")).unwrap_err();
    assert!(err.to_string().contains("change 3 of 3"), "{err}");
    assert!(
        org.people.is_empty(),
        "a failed batch leaves nothing behind"
    );
    let diffs = org.apply(&batch("C")).unwrap();
    assert_eq!(diffs.len(), 3);
    assert_eq!(
        org.people["C"].manager.as_ref().map(|m| m.as_str()),
        Some("B")
    );
}

#[test]
fn a_grow_note_needs_its_person_and_cannot_move_to_another() {
    let mut org = org_with(&[("E1", None), ("E2", None)]);
    assert_eq!(
        org.apply(&Change::AddGrowNote {
            note: note("N1", "E9")
        })
        .unwrap_err(),
        ChangeError::NotFound {
            kind: "person",
            id: "E9".into()
        }
    );
    org.apply(&Change::AddGrowNote {
        note: note("N1", "E1"),
    })
    .unwrap();
    assert!(matches!(
        org.apply(&Change::AddGrowNote {
            note: note("N1", "E1")
        }),
        Err(ChangeError::AlreadyExists { .. })
    ));
    let err = org
        .apply(&Change::UpdateGrowNote {
            note: note("N1", "E2"),
        })
        .unwrap_err();
    assert!(err.to_string().contains("cannot be moved"), "{err}");
}

#[test]
fn actions_are_marked_done_and_ids_stay_unique() {
    let mut org = org_with(&[("E1", None)]);
    org.apply(&Change::AddGrowNote {
        note: note("N1", "E1"),
    })
    .unwrap();
    org.apply(&Change::SetActionDone {
        note: "N1".into(),
        action: 1,
        done: Some(day(3)),
    })
    .unwrap();
    assert_eq!(org.notes["N1"].actions[0].done, Some(day(3)));
    assert_eq!(org.notes["N1"].open_actions().count(), 0);
    let duplicate = ActionItem {
        id: 1,
        text: "again".into(),
        owner: Default::default(),
        due: None,
        done: None,
    };
    let refused = |change: Change, org: &mut Org| org.apply(&change).unwrap_err().to_string();
    let duplicate = Change::AddAction {
        note: "N1".into(),
        action: duplicate,
    };
    assert_eq!(refused(duplicate, &mut org), "two actions share an id");
    let missing = Change::SetActionDone {
        note: "N1".into(),
        action: 7,
        done: None,
    };
    assert_eq!(refused(missing, &mut org), "GROW note N1 has no action 7");
}

#[test]
fn a_check_in_moves_the_current_value_and_keeps_dates_in_order() {
    let mut org = org_with(&[("E1", None)]);
    org.apply(&Change::CreatePip { pip: pip() }).unwrap();
    let checkin = |d: i64, value: f64| Change::RecordPipCheckIn {
        pip: "PIP1".into(),
        checkin: CheckIn {
            date: day(d),
            note: String::new(),
            ratings: vec![GoalRating {
                goal: 1,
                rating: Rating::AtRisk,
                value: Some(value),
            }],
        },
    };
    org.apply(&checkin(30, 7.0)).unwrap();
    org.apply(&checkin(14, 5.0)).unwrap();
    let plan = &org.pips["PIP1"];
    assert_eq!(plan.goals[0].current, 5.0);
    assert_eq!(plan.goals[0].gap(), 5.0);
    assert_eq!(
        plan.checkins.iter().map(|c| c.date).collect::<Vec<_>>(),
        vec![day(14), day(30)]
    );
    let unknown_goal = Change::RecordPipCheckIn {
        pip: "PIP1".into(),
        checkin: CheckIn {
            date: day(40),
            note: String::new(),
            ratings: vec![GoalRating {
                goal: 9,
                rating: Rating::OnTrack,
                value: None,
            }],
        },
    };
    assert!(
        org.apply(&unknown_goal)
            .unwrap_err()
            .to_string()
            .contains("no goal 9")
    );
}

#[test]
fn a_plan_cannot_end_before_it_starts() {
    let mut org = org_with(&[("E1", None)]);
    org.apply(&Change::CreatePip { pip: pip() }).unwrap();
    let err = org
        .apply(&Change::SetPipStatus {
            pip: "PIP1".into(),
            status: PipStatus::Extended,
            end: Some(day(-1)),
            outcome: None,
        })
        .unwrap_err();
    assert!(err.to_string().contains("ends"), "{err}");
    assert_eq!(org.pips["PIP1"].status, PipStatus::Active);
}

fn successor(person: &str, rank: u8) -> Successor {
    Successor {
        person: person.into(),
        readiness: Readiness::OneToTwoYears,
        emergency: false,
        rank,
        development: vec![],
    }
}

/// POS1, Head of Payments, held by E1, with `successors` on its slate.
fn payments_lead(successors: Vec<Successor>) -> Change {
    Change::UpsertPosition {
        position: KeyPosition {
            id: "POS1".into(),
            title: "Head of Payments".into(),
            team: "Core".into(),
            criticality: Criticality::Critical,
            incumbent: Some("E1".into()),
            successors,
        },
    }
}

#[test]
fn slates_keep_ranks_dense_and_refuse_the_incumbent() {
    let mut org = org_with(&[("E1", None), ("E2", None), ("E3", None)]);
    org.apply(&payments_lead(vec![successor("E3", 7), successor("E2", 2)]))
        .unwrap();
    let slate: Vec<(&str, u8)> = org.positions["POS1"]
        .successors
        .iter()
        .map(|s| (s.person.as_str(), s.rank))
        .collect();
    assert_eq!(slate, vec![("E2", 1), ("E3", 2)]);

    let err = org
        .apply(&Change::AddSuccessor {
            position: "POS1".into(),
            successor: successor("E1", 1),
        })
        .unwrap_err();
    assert!(err.to_string().contains("holds the position"), "{err}");
    org.apply(&Change::SetReadiness {
        position: "POS1".into(),
        person: "E3".into(),
        readiness: Readiness::ReadyNow,
    })
    .unwrap();
    assert_eq!(org.positions["POS1"].ready_now(), 1);
    org.apply(&Change::RemoveSuccessor {
        position: "POS1".into(),
        person: "E2".into(),
    })
    .unwrap();
    assert_eq!(org.positions["POS1"].successors[0].rank, 1);
    let gone = org
        .apply(&Change::RemoveSuccessor {
            position: "POS1".into(),
            person: "E2".into(),
        })
        .unwrap_err();
    assert_eq!(gone.to_string(), "E2 is not on the slate of POS1");
}

#[test]
fn a_departure_marks_the_person_leaving() {
    let mut org = org_with(&[("E1", None), ("E2", None)]);
    let departure = Departure {
        id: "D1".into(),
        person: "E1".into(),
        last_day: day(14),
        started_on: day(0),
        reason: String::new(),
        tasks: vec![HandoverTask {
            id: 1,
            kind: HandoverKind::ClientAccounts,
            description: "accounts".into(),
            due_offset_days: -3,
            receiver: Some("E2".into()),
            done_on: None,
            confirmed_on: None,
        }],
        revocations: vec![AccessRevocation {
            id: 1,
            system: "payroll".into(),
            class: AccessClass::Sensitive,
            revoked_at: None,
        }],
        report: String::new(),
    };
    org.apply(&Change::StartDeparture {
        departure: departure.clone(),
    })
    .unwrap();
    assert_eq!(
        org.people["E1"].status,
        Status::Leaving { last_day: day(14) }
    );
    assert_eq!(departure.task_due(&departure.tasks[0]), day(11));
    assert_eq!(departure.revocation_due(&departure.revocations[0]), day(0));
    org.apply(&Change::ConfirmHandoverTask {
        departure: "D1".into(),
        task: 1,
        on: day(10),
    })
    .unwrap();
    assert_eq!(org.departures["D1"].tasks[0].confirmed_on, Some(day(10)));
    let missing = org
        .apply(&Change::CompleteHandoverTask {
            departure: "D1".into(),
            task: 2,
            on: day(10),
        })
        .unwrap_err();
    assert_eq!(missing.to_string(), "departure D1 has no handover task 2");
}

#[test]
fn every_change_has_a_summary_naming_its_subject() {
    let change = Change::AddGrowNote {
        note: note("N1", "E1"),
    };
    assert_eq!(change.summary(), "add GROW note N1 for E1");
    let batch = Change::Batch {
        label: "import roster team.csv".into(),
        changes: vec![change],
    };
    assert_eq!(batch.summary(), "import roster team.csv (1 change)");
}

#[test]
fn a_change_is_undone_unless_its_records_changed_since() {
    let mut org = org_with(&[("E1", None)]);
    let diffs = org
        .apply(&Change::AddGrowNote {
            note: note("N1", "E1"),
        })
        .unwrap();
    let undo = Change::Revert {
        seq: 7,
        diffs: diffs.clone(),
    };
    org.apply(&undo).unwrap();
    assert!(org.notes.is_empty(), "the note is gone again");

    let diffs = org
        .apply(&Change::AddGrowNote {
            note: note("N1", "E1"),
        })
        .unwrap();
    org.apply(&Change::SetActionDone {
        note: "N1".into(),
        action: 1,
        done: Some(day(2)),
    })
    .unwrap();
    let refused = org.apply(&Change::Revert { seq: 8, diffs }).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "GROW note N1 has changed since change 8; undoing it would lose that"
    );
}

#[test]
fn a_successor_added_at_a_rank_moves_the_others_down() {
    let mut org = org_with(&[("E1", None), ("E2", None), ("E3", None), ("E4", None)]);
    org.apply(&payments_lead(vec![successor("E2", 1), successor("E3", 2)]))
        .unwrap();
    org.apply(&Change::AddSuccessor {
        position: "POS1".into(),
        successor: successor("E4", 1),
    })
    .unwrap();
    let mut slate: Vec<(&str, u8)> = org.positions["POS1"]
        .successors
        .iter()
        .map(|s| (s.person.as_str(), s.rank))
        .collect();
    slate.sort_by_key(|s| s.1);
    assert_eq!(slate, vec![("E4", 1), ("E2", 2), ("E3", 3)]);
}

#[test]
fn a_plan_action_is_ticked_done_and_opened_again() {
    let mut org = org_with(&[("E1", None)]);
    let mut plan = pip();
    plan.goals[0].actions.push(crate::domain::pip::PlanAction {
        text: "pair on reviews".into(),
        owner: "E1".into(),
        due: Some(day(14)),
        done: None,
    });
    org.apply(&Change::CreatePip { pip: plan }).unwrap();
    let tick = |done| Change::SetPlanActionDone {
        pip: "PIP1".into(),
        goal: 1,
        action: 0,
        done,
    };
    org.apply(&tick(Some(day(3)))).unwrap();
    assert_eq!(org.pips["PIP1"].goals[0].actions[0].done, Some(day(3)));
    org.apply(&tick(None)).unwrap();
    assert_eq!(org.pips["PIP1"].goals[0].actions[0].done, None);
    let missing = Change::SetPlanActionDone {
        pip: "PIP1".into(),
        goal: 1,
        action: 5,
        done: None,
    };
    assert!(
        org.apply(&missing)
            .unwrap_err()
            .to_string()
            .contains("no action 6 under goal 1")
    );
}

#[test]
fn a_plan_stored_before_check_in_intervals_reads_as_every_two_weeks() {
    // Records are MessagePack arrays in field order: the field added last is simply absent.
    let mut plan = pip();
    plan.checkin_every_days = 30;
    let bytes = rmp_serde::to_vec(&plan).unwrap();
    assert_eq!(bytes[0], 0x9c, "an array of 12 fields");
    assert_eq!(
        *bytes.last().unwrap(),
        30,
        "the interval is the last, one byte"
    );
    let mut older = vec![0x9b];
    older.extend(&bytes[1..bytes.len() - 1]);
    let read: Pip = rmp_serde::from_slice(&older).unwrap();
    assert_eq!(read.checkin_every_days, 14);
    assert_eq!(read.reason, plan.reason);
}
