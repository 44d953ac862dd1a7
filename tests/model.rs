//! Random sequences of changes applied to the redb store give the same records as the same
//! sequence applied to the plain in-memory model, and still do after the database is closed
//! and reopened. Ids come from small pools so that changes collide: many are refused, and a
//! refused change must leave both sides untouched.
//!
//! Both sides plan a change with the same code (`Change::plan`); what this checks is everything
//! the store adds: the encoding of every record kind, the tables, writes and deletes, all-or-
//! nothing transactions, the audit trail, and reopening the file at any point.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crewdeck::domain::assessment::{Assessment, Band, Quarter};
use crewdeck::domain::departure::{
    AccessClass, AccessRevocation, Departure, HandoverKind, HandoverTask,
};
use crewdeck::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crewdeck::domain::grow::{ActionItem, GrowNote};
use crewdeck::domain::ladder::{CareerLadder, LadderLevel};
use crewdeck::domain::person::Track;
use crewdeck::domain::person::{FlightRisk, KeyMark, LeavingStage, Person, Status};
use crewdeck::domain::pip::{CheckIn, GoalRating, Pip, PipGoal, PipStatus, Rating};
use crewdeck::domain::points::{PointsEntry, PointsRule};
use crewdeck::domain::quiet::{FlagQuiet, QuietState};
use crewdeck::domain::stay::{FollowUp, StayInterview};
use crewdeck::domain::succession::{Criticality, KeyPosition, Readiness, Successor};
use crewdeck::domain::user::{Role, Scope, User};
use crewdeck::domain::{Change, Org};
use crewdeck::store::Store;
use proptest::prelude::*;
use proptest::sample::select;

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap() + chrono::Duration::days(offset)
}

fn person_id() -> impl Strategy<Value = String> {
    select(vec!["E1", "E2", "E3", "E4", "E5"]).prop_map(String::from)
}

fn id(prefix: &'static str) -> impl Strategy<Value = String> {
    (0..3u8).prop_map(move |n| format!("{prefix}{n}"))
}

fn person() -> impl Strategy<Value = Change> {
    (
        person_id(),
        select(vec!["Ada", "张建", "Zoë"]),
        proptest::option::of(person_id()),
        any::<bool>(),
    )
        .prop_map(|(id, name, manager, core)| {
            let mut person = Person::new(id, name);
            person.manager = manager.map(Into::into);
            person.team = if core { "Core" } else { "Apps" }.into();
            Change::UpsertPerson { person }
        })
}

fn person_marks() -> impl Strategy<Value = Change> {
    prop_oneof![
        (person_id(), any::<bool>()).prop_map(|(p, key)| Change::SetKeyEmployee {
            person: p.into(),
            key: key.then(|| KeyMark {
                reason: "owns billing".into(),
                since: day(0)
            }),
        }),
        (person_id(), 0..3i64).prop_map(|(p, n)| Change::SetStatus {
            person: p.into(),
            status: if n == 0 {
                Status::Active
            } else {
                Status::Leaving {
                    last_day: day(n * 10),
                }
            },
        }),
        (person_id(), any::<bool>()).prop_map(|(p, set)| Change::SetFlightRisk {
            person: p.into(),
            risk: set.then(|| FlightRisk {
                stage: LeavingStage::Confused,
                noted_on: day(1),
                note: String::new()
            }),
        }),
    ]
}

fn coaching() -> impl Strategy<Value = Change> {
    prop_oneof![
        (id("N"), person_id(), 0..3u32).prop_map(|(note, p, actions)| Change::AddGrowNote {
            note: GrowNote {
                id: note.into(),
                person: p.into(),
                date: day(2),
                author: "lin".into(),
                goal: "grow".into(),
                reality: String::new(),
                options: "a\nb\nc".into(),
                will: String::new(),
                confidence: Some(6),
                actions: (0..actions)
                    .map(|i| ActionItem {
                        id: i,
                        text: format!("step {i}"),
                        owner: "E1".into(),
                        due: Some(day(9)),
                        done: None
                    })
                    .collect(),
            },
        }),
        (id("N"), 0..3u32, any::<bool>()).prop_map(|(note, action, done)| Change::SetActionDone {
            note: note.into(),
            action,
            done: done.then(|| day(5)),
        }),
        (id("N"), 2..5u32).prop_map(|(note, action)| Change::AddAction {
            note: note.into(),
            action: ActionItem {
                id: action,
                text: "follow up".into(),
                owner: Default::default(),
                due: None,
                done: None
            },
        }),
        (id("PIP"), person_id()).prop_map(|(pip, p)| Change::CreatePip {
            pip: Pip {
                id: pip.into(),
                person: p.into(),
                owner: "lin".into(),
                status: PipStatus::Active,
                start: day(0),
                end: day(60),
                reason: "support a return to expected delivery".into(),
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
            },
        }),
        (id("PIP"), 1..3u32, 0.0..12.0f64).prop_map(|(pip, goal, value)| {
            Change::RecordPipCheckIn {
                pip: pip.into(),
                checkin: CheckIn {
                    date: day(30),
                    note: String::new(),
                    ratings: vec![GoalRating {
                        goal,
                        rating: Rating::AtRisk,
                        value: Some(value),
                    }],
                },
            }
        }),
        (id("PIP"), any::<bool>()).prop_map(|(pip, passed)| Change::SetPipStatus {
            pip: pip.into(),
            status: if passed {
                PipStatus::Passed
            } else {
                PipStatus::Extended
            },
            end: (!passed).then(|| day(90)),
            outcome: passed.then(|| "met every goal".to_string()),
        }),
    ]
}

fn talent() -> impl Strategy<Value = Change> {
    prop_oneof![
        (
            id("POS"),
            proptest::option::of(person_id()),
            proptest::collection::vec(person_id(), 0..3)
        )
            .prop_map(|(pos, incumbent, successors)| Change::UpsertPosition {
                position: KeyPosition {
                    id: pos.into(),
                    title: "Head of Payments".into(),
                    team: "Core".into(),
                    criticality: Criticality::High,
                    incumbent: incumbent.map(Into::into),
                    successors: successors
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| Successor {
                            person: p.into(),
                            readiness: Readiness::OneToTwoYears,
                            emergency: i == 0,
                            rank: 3 - i as u8,
                            development: vec![]
                        })
                        .collect(),
                },
            }),
        (id("POS"), person_id()).prop_map(|(pos, p)| Change::SetReadiness {
            position: pos.into(),
            person: p.into(),
            readiness: Readiness::ReadyNow
        }),
        (id("POS"), person_id()).prop_map(|(pos, p)| Change::RemoveSuccessor {
            position: pos.into(),
            person: p.into()
        }),
        (id("POS"), person_id()).prop_map(|(pos, p)| Change::AddSuccessor {
            position: pos.into(),
            successor: Successor {
                person: p.into(),
                readiness: Readiness::ThreePlusYears,
                emergency: false,
                rank: 9,
                development: vec![]
            },
        }),
        (id("F"), person_id()).prop_map(|(flag, p)| Change::RaiseFlag {
            flag: ManualFlag {
                id: flag.into(),
                subject: Subject::Person(p.into()),
                severity: Severity::Watch,
                reason: "quiet in meetings".into(),
                raised_by: "lin".into(),
                raised_on: day(3),
                state: FlagState::Open
            },
        }),
        (id("F"), any::<bool>()).prop_map(|(flag, snooze)| Change::SetFlagState {
            flag: flag.into(),
            state: if snooze {
                FlagState::Snoozed { until: day(20) }
            } else {
                FlagState::Resolved {
                    on: day(4),
                    note: "talked".into(),
                }
            },
        }),
        (id("R"), 1..60i32).prop_map(|(rule, points)| Change::UpsertPointsRule {
            rule: PointsRule {
                id: rule.into(),
                name: "shipped".into(),
                points,
                description: String::new()
            }
        }),
        (
            id("P"),
            person_id(),
            proptest::option::of(id("R")),
            -50..50i32
        )
            .prop_map(|(entry, p, rule, points)| Change::AwardPoints {
                entry: PointsEntry {
                    id: entry.into(),
                    person: p.into(),
                    date: day(6),
                    rule: rule.map(Into::into),
                    points,
                    reason: Default::default(),
                    reverses: None,
                    recorded_by: "lin".into()
                },
            }),
        id("P").prop_map(|entry| Change::ReversePoints {
            entry: entry.into(),
            date: day(7),
            reason: "mistake".into(),
            recorded_by: "lin".into()
        }),
        (id("D"), person_id(), proptest::option::of(person_id())).prop_map(|(dep, p, receiver)| {
            Change::StartDeparture {
                departure: Departure {
                    id: dep.into(),
                    person: p.into(),
                    last_day: day(20),
                    started_on: day(1),
                    reason: String::new(),
                    tasks: vec![HandoverTask {
                        id: 1,
                        kind: HandoverKind::ClientAccounts,
                        description: "accounts".into(),
                        due_offset_days: -3,
                        receiver: receiver.map(Into::into),
                        done_on: None,
                        confirmed_on: None,
                    }],
                    revocations: vec![AccessRevocation {
                        id: 1,
                        system: "vpn".into(),
                        class: AccessClass::Sensitive,
                        revoked_at: None,
                    }],
                    report: String::new(),
                },
            }
        }),
        (id("D"), 1..3u32).prop_map(|(dep, task)| Change::CompleteHandoverTask {
            departure: dep.into(),
            task,
            on: day(15)
        }),
        (id("D"), 1..3u32).prop_map(|(dep, access)| Change::RevokeAccess {
            departure: dep.into(),
            revocation: access,
            at: Utc.with_ymd_and_hms(2026, 6, 2, 8, 0, 0).unwrap()
        }),
    ]
}

fn records_more() -> impl Strategy<Value = Change> {
    prop_oneof![
        (person_id(), 0..3u32, 0..=100u8).prop_map(|(p, back, engagement)| {
            Change::RecordAssessment {
                assessment: Assessment {
                    person: p.into(),
                    quarter: Quarter { year: 2026, q: 2 }.back(back),
                    ability: 3,
                    contribution: 4,
                    influence: 2,
                    performance: Band::High,
                    potential: Band::Medium,
                    engagement,
                    kpi_attainment: Some(104),
                    leave_days: None,
                    note: String::new(),
                },
            }
        }),
        (select(vec!["lin", "mo"]), proptest::option::of(person_id())).prop_map(|(name, p)| {
            Change::UpsertUser {
                user: User {
                    name: name.into(),
                    role: Role::Manager,
                    scope: Scope::Everyone,
                    person: p.map(Into::into),
                },
            }
        }),
        (id("N"), person_id()).prop_map(|(note, p)| Change::UpdateGrowNote {
            note: GrowNote {
                id: note.into(),
                person: p.into(),
                date: day(3),
                author: "lin".into(),
                goal: "rewritten".into(),
                reality: String::new(),
                options: String::new(),
                will: String::new(),
                confidence: None,
                actions: vec![],
            },
        }),
        (id("S"), person_id()).prop_map(|(stay, p)| Change::RecordStayInterview {
            interview: StayInterview {
                id: stay.into(),
                person: p.into(),
                date: day(4),
                interviewer: "lin".into(),
                why_stay: "the team".into(),
                would_leave_if: "no growth".into(),
                notes: String::new(),
                follow_ups: vec![FollowUp {
                    text: "talk pay".into(),
                    owner: "lin".into(),
                    due: day(10),
                    done: None
                }],
                wants_next: "lead a team".into(),
            },
        }),
        (id("S"), 0..2usize).prop_map(|(stay, index)| Change::SetFollowUpDone {
            interview: stay.into(),
            index,
            done: Some(day(8))
        }),
        (id("POS"), proptest::option::of(person_id())).prop_map(|(pos, p)| Change::SetIncumbent {
            position: pos.into(),
            incumbent: p.map(Into::into)
        }),
        (1..9000u32).prop_map(|threshold| Change::UpsertLadder {
            ladder: CareerLadder {
                id: "mgmt".into(),
                track: Track::Management,
                name: "Management".into(),
                levels: vec![LadderLevel {
                    code: "M3".into(),
                    title: "Senior Manager".into(),
                    points_threshold: Some(threshold),
                    criteria: String::new()
                }],
            },
        }),
        (id("D"), 1..3u32).prop_map(|(dep, task)| Change::ConfirmHandoverTask {
            departure: dep.into(),
            task,
            on: day(16)
        }),
        id("D").prop_map(|dep| Change::SetHandoverReport {
            departure: dep.into(),
            report: "all handed over".into()
        }),
        (id("Q"), any::<bool>()).prop_map(|(flag, snooze)| Change::QuietFlag {
            quiet: FlagQuiet {
                flag,
                fingerprint: "N1".into(),
                state: if snooze {
                    QuietState::Snoozed {
                        by: "lin".into(),
                        until: day(9),
                    }
                } else {
                    QuietState::Acknowledged {
                        by: "lin".into(),
                        on: day(2),
                    }
                },
            },
        }),
        id("Q").prop_map(|flag| Change::ReopenFlag { flag }),
    ]
}

fn single_change() -> impl Strategy<Value = Change> {
    prop_oneof![3 => person(), 1 => person_marks(), 3 => coaching(), 3 => talent(), 3 => records_more()]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        6 => single_change(),
        1 => proptest::collection::vec(single_change(), 1..4)
            .prop_map(|changes| Change::Batch { label: "batch".into(), changes }),
    ]
}

fn when(step: usize) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap() + chrono::Duration::minutes(step as i64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_store_behaves_like_the_in_memory_model(
        changes in proptest::collection::vec(change(), 1..40),
        reopen_at in 0..40usize,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.redb");
        let mut store = Store::create(&path).unwrap();
        let mut model = Org::default();
        // What the cockpit keeps: the records brought forward by each change's after-images.
        let mut on_screen = Org::default();
        let mut applied = 0;
        for (step, change) in changes.iter().enumerate() {
            if step == reopen_at {
                drop(store);
                store = Store::open(&path).unwrap();
                prop_assert_eq!(&store.load_org().unwrap(), &model);
            }
            let in_model = model.apply(change);
            let in_store = store.apply(change, "prop", when(step));
            match (&in_model, &in_store) {
                (Ok(diffs), Ok(entry)) => {
                    applied += 1;
                    prop_assert_eq!(&entry.diffs, diffs);
                    prop_assert_eq!(entry.seq, applied);
                    on_screen.apply_diffs(&entry.diffs);
                }
                (Err(model_err), Err(store_err)) => {
                    prop_assert!(store_err.to_string().contains(&model_err.to_string()),
                        "model refused with {model_err}, store with {store_err}");
                }
                _ => prop_assert!(false, "model gave {in_model:?}, store gave {in_store:?}"),
            }
        }
        prop_assert_eq!(&store.load_org().unwrap(), &model);
        prop_assert_eq!(&on_screen, &model, "after-images keep the cockpit's records current");
        prop_assert_eq!(store.audit().unwrap().len() as u64, applied);

        drop(store);
        let reopened = Store::open(&path).unwrap();
        prop_assert_eq!(&reopened.load_org().unwrap(), &model);
        let audit = reopened.audit().unwrap();
        prop_assert_eq!(audit.len() as u64, applied);
        let applied_changes: Vec<&Change> = audit.iter().map(|e| &e.change).collect();
        let mut replay = Org::default();
        for change in applied_changes {
            replay.apply(change).unwrap();
        }
        prop_assert_eq!(&replay, &model, "replaying the audit trail rebuilds the same records");
    }
}
