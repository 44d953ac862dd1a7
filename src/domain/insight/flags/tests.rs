//! Each rule at its threshold (just before, on, just after), and the records its evidence names.

use super::{Flag, FlagKind, compute};
use crate::domain::Kind;
use crate::domain::assessment::{Assessment, Band, Quarter};
use crate::domain::departure::{
    AccessClass, AccessRevocation, Departure, HandoverKind, HandoverTask,
};
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::insight::rules::Rules;
use crate::domain::ladder::{CareerLadder, LadderLevel};
use crate::domain::person::{FlightRisk, KeyMark, LeavingStage, Person, Status, Track};
use crate::domain::pip::{CheckIn, Pip, PipGoal, PipStatus};
use crate::domain::points::PointsEntry;
use crate::domain::quiet::{FlagQuiet, QuietState};
use crate::domain::stay::StayInterview;
use crate::domain::succession::{Criticality, KeyPosition, Readiness, Successor};
use crate::domain::{Org, Stored};
use chrono::{Duration, NaiveDate, TimeZone, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn ago(days: i64) -> NaiveDate {
    today() - Duration::days(days)
}

/// A boss and a report, with a fresh 1:1 each, so no rule fires unless a test makes it.
fn base() -> Org {
    let mut org = Org::default();
    let boss = Person::new("B", "Boss");
    let mut report = Person::new("R", "Report");
    report.manager = Some("B".into());
    report.team = "Core".into();
    put(&mut org, boss);
    put(&mut org, report);
    put(&mut org, note("N-R", "R", ago(1)));
    org
}

fn put<T: Stored>(org: &mut Org, record: T) {
    org.put(record.into_record());
}

fn note(id: &str, person: &str, date: NaiveDate) -> GrowNote {
    GrowNote {
        id: id.into(),
        person: person.into(),
        date,
        author: "Boss".into(),
        goal: String::new(),
        reality: String::new(),
        options: String::new(),
        will: String::new(),
        confidence: None,
        actions: vec![],
    }
}

fn assessment(
    person: &str,
    back: u32,
    engagement: u8,
    kpi: Option<u16>,
    leave: Option<u16>,
) -> Assessment {
    Assessment {
        person: person.into(),
        quarter: Quarter::of(today()).back(back),
        ability: 3,
        contribution: 3,
        influence: 3,
        performance: Band::Medium,
        potential: Band::Medium,
        engagement,
        kpi_attainment: kpi,
        leave_days: leave,
        note: String::new(),
    }
}

fn flags_of(org: &Org, kind: FlagKind) -> Vec<Flag> {
    compute(org, &Rules::default(), today())
        .into_iter()
        .filter(|f| f.kind == kind)
        .collect()
}

fn fires(org: &Org, kind: FlagKind) -> bool {
    !flags_of(org, kind).is_empty()
}

/// Runs `setup` with each value and says which raised the flag.
fn fired_for<T: Copy>(values: [T; 3], kind: FlagKind, setup: impl Fn(&mut Org, T)) -> [bool; 3] {
    values.map(|v| {
        let mut org = base();
        setup(&mut org, v);
        fires(&org, kind)
    })
}

fn names_record(flag: &Flag, kind: Kind, key: &str) -> bool {
    flag.evidence.iter().any(|e| {
        e.record
            .as_ref()
            .is_some_and(|r| r.kind == kind && r.key == key)
    })
}

fn make_key(org: &mut Org, id: &str) {
    let mut person = org.people[id].clone();
    person.key = Some(KeyMark {
        reason: "owns billing".into(),
        since: ago(400),
    });
    put(org, person);
}

#[test]
fn engagement_drop_at_its_threshold() {
    let fired = fired_for([14, 15, 16], FlagKind::EngagementDrop, |org, drop| {
        put(org, assessment("R", 1, 80, None, None));
        put(org, assessment("R", 0, 80 - drop, None, None));
    });
    assert_eq!(fired, [false, true, true]);
    let mut org = base();
    put(&mut org, assessment("R", 1, 80, None, None));
    put(&mut org, assessment("R", 0, 60, None, None));
    let flag = &flags_of(&org, FlagKind::EngagementDrop)[0];
    let latest = assessment("R", 0, 60, None, None).id();
    assert!(
        names_record(flag, Kind::Assessment, latest.as_str()),
        "{flag:?}"
    );
    assert!(flag.reason.contains("from 80 to 60"), "{}", flag.reason);
}

#[test]
fn performance_swing_at_its_threshold() {
    let fired = fired_for([24u16, 25, 26], FlagKind::PerformanceSwing, |org, swing| {
        put(org, assessment("R", 1, 70, Some(100), None));
        put(org, assessment("R", 0, 70, Some(100 - swing), None));
    });
    assert_eq!(fired, [false, true, true]);
    let mut org = base();
    let mut before = assessment("R", 1, 70, None, None);
    before.performance = Band::High;
    let mut after = assessment("R", 0, 70, None, None);
    after.performance = Band::Low;
    put(&mut org, before.clone());
    put(&mut org, after);
    let flag = &flags_of(&org, FlagKind::PerformanceSwing)[0];
    assert!(flag.reason.contains("from high to low"), "{}", flag.reason);
    assert!(names_record(flag, Kind::Assessment, before.id().as_str()));
}

#[test]
fn more_leave_at_its_ratio_and_its_minimum() {
    // The usual is 4 days; 1.5 times that is 6.
    let fired = fired_for([5u16, 6, 7], FlagKind::MoreLeave, |org, days| {
        put(org, assessment("R", 2, 70, None, Some(4)));
        put(org, assessment("R", 1, 70, None, Some(4)));
        put(org, assessment("R", 0, 70, None, Some(days)));
    });
    assert_eq!(fired, [false, true, true]);
    // The usual is 2 days: 3 would be 1.5 times, but fewer than 5 days is never flagged.
    let fired = fired_for([4u16, 5, 6], FlagKind::MoreLeave, |org, days| {
        put(org, assessment("R", 1, 70, None, Some(2)));
        put(org, assessment("R", 0, 70, None, Some(days)));
    });
    assert_eq!(fired, [false, true, true]);
    let mut org = base();
    put(&mut org, assessment("R", 0, 70, None, Some(30)));
    assert!(
        !fires(&org, FlagKind::MoreLeave),
        "no earlier leave data, no comparison"
    );
}

#[test]
fn no_one_on_one_at_its_limit_and_sooner_for_key_people() {
    let fired = fired_for([29, 30, 31], FlagKind::NoOneOnOne, |org, days| {
        put(org, note("N-R", "R", ago(days)));
    });
    assert_eq!(fired, [false, true, true]);
    let fired = fired_for([13, 14, 15], FlagKind::NoOneOnOne, |org, days| {
        make_key(org, "R");
        put(org, note("N-R", "R", ago(days)));
    });
    assert_eq!(fired, [false, true, true]);
    let mut org = base();
    put(&mut org, note("N-R", "R", ago(40)));
    let flag = &flags_of(&org, FlagKind::NoOneOnOne)[0];
    assert!(names_record(flag, Kind::GrowNote, "N-R"));
    assert_eq!(flag.severity, Severity::Watch);
    assert!(
        !fires(&base(), FlagKind::NoOneOnOne),
        "the top of the tree has nobody to meet"
    );
}

#[test]
fn overdue_actions_count_from_the_day_after_due() {
    let fired = fired_for([-1i64, 0, 1], FlagKind::OverdueActions, |org, days_late| {
        let mut n = note("N-R", "R", ago(1));
        n.actions.push(ActionItem {
            id: 1,
            text: "write it".into(),
            owner: "R".into(),
            due: Some(ago(days_late)),
            done: None,
        });
        put(org, n);
    });
    assert_eq!(fired, [false, false, true]);
    let mut org = base();
    let mut n = note("N-R", "R", ago(1));
    n.actions.push(ActionItem {
        id: 1,
        text: "write it".into(),
        owner: "R".into(),
        due: Some(ago(3)),
        done: Some(ago(1)),
    });
    put(&mut org, n.clone());
    assert!(
        !fires(&org, FlagKind::OverdueActions),
        "done actions are not overdue"
    );
    n.actions[0].done = None;
    put(&mut org, n);
    assert!(names_record(
        &flags_of(&org, FlagKind::OverdueActions)[0],
        Kind::GrowNote,
        "N-R"
    ));
}

fn pip(start_ago: i64, end_in: i64, current: f64) -> Pip {
    Pip {
        id: "PIP1".into(),
        person: "R".into(),
        owner: "Boss".into(),
        status: PipStatus::Active,
        start: ago(start_ago),
        end: today() + Duration::days(end_in),
        reason: String::new(),
        goals: vec![PipGoal {
            id: 1,
            dimension: "reviews".into(),
            unit: String::new(),
            direction: Default::default(),
            target: 10.0,
            baseline: 2.0,
            current,
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
fn pip_check_in_overdue_at_its_interval() {
    // A plan agreed to check in every 14 days is overdue from the 14th day.
    let fired = fired_for([13, 14, 15], FlagKind::PipCheckInOverdue, |org, days| {
        let mut plan = pip(100, 60, 5.0);
        plan.checkins.push(CheckIn {
            date: ago(days),
            note: String::new(),
            ratings: vec![],
        });
        put(org, plan);
    });
    assert_eq!(fired, [false, true, true]);
    // One that agreed a longer interval is still held to the rules' at-least-monthly.
    let fired = fired_for([29, 30, 31], FlagKind::PipCheckInOverdue, |org, days| {
        let mut plan = pip(100, 60, 5.0);
        plan.checkin_every_days = 60;
        plan.checkins.push(CheckIn {
            date: ago(days),
            note: String::new(),
            ratings: vec![],
        });
        put(org, plan);
    });
    assert_eq!(fired, [false, true, true]);
    let mut org = base();
    put(&mut org, pip(45, 60, 5.0));
    let flag = &flags_of(&org, FlagKind::PipCheckInOverdue)[0];
    assert!(names_record(flag, Kind::Pip, "PIP1"));
    let mut closed = pip(45, 60, 5.0);
    closed.status = PipStatus::Passed;
    put(&mut org, closed);
    assert!(
        !fires(&org, FlagKind::PipCheckInOverdue),
        "closed plans need no check-in"
    );
}

#[test]
fn pip_ending_with_goals_unmet_within_its_window() {
    let fired = fired_for([15, 14, 13], FlagKind::PipEndingUnmet, |org, end_in| {
        put(org, pip(10, end_in, 5.0));
    });
    assert_eq!(fired, [false, true, true]);
    let mut org = base();
    put(&mut org, pip(10, 5, 10.0));
    assert!(!fires(&org, FlagKind::PipEndingUnmet), "every goal met");
}

fn position(successors: &[(&str, Readiness)]) -> KeyPosition {
    KeyPosition {
        id: "POS".into(),
        title: "Head of Core".into(),
        team: "Core".into(),
        criticality: Criticality::High,
        incumbent: Some("B".into()),
        successors: successors
            .iter()
            .enumerate()
            .map(|(i, (p, r))| Successor {
                person: (*p).into(),
                readiness: *r,
                emergency: false,
                rank: i as u8 + 1,
                development: vec![],
            })
            .collect(),
    }
}

fn with_people(org: &mut Org, ids: &[&str]) {
    for id in ids {
        let mut p = Person::new(*id, format!("Person {id}"));
        p.manager = Some("B".into());
        p.team = "Core".into();
        put(org, p);
        put(org, note(&format!("N-{id}"), id, ago(1)));
    }
}

#[test]
fn a_key_person_without_a_successor() {
    let mut org = base();
    make_key(&mut org, "B");
    put(&mut org, position(&[]));
    let flag = &flags_of(&org, FlagKind::KeyPersonNoSuccessor)[0];
    assert_eq!(flag.severity, Severity::High);
    assert!(names_record(flag, Kind::Position, "POS") && names_record(flag, Kind::Person, "B"));
    put(&mut org, position(&[("R", Readiness::ThreePlusYears)]));
    assert!(!fires(&org, FlagKind::KeyPersonNoSuccessor));
}

#[test]
fn thin_bench_below_two_successors_or_none_ready() {
    let mut org = base();
    with_people(&mut org, &["S1", "S2"]);
    put(&mut org, position(&[("S1", Readiness::ReadyNow)]));
    assert!(fires(&org, FlagKind::ThinBench), "one successor is thin");
    put(
        &mut org,
        position(&[
            ("S1", Readiness::ReadyNow),
            ("S2", Readiness::OneToTwoYears),
        ]),
    );
    assert!(
        !fires(&org, FlagKind::ThinBench),
        "two with one ready is the practice"
    );
    put(
        &mut org,
        position(&[
            ("S1", Readiness::OneToTwoYears),
            ("S2", Readiness::OneToTwoYears),
        ]),
    );
    let flag = &flags_of(&org, FlagKind::ThinBench)[0];
    assert!(flag.reason.contains("none ready now"), "{}", flag.reason);
    assert!(names_record(flag, Kind::Position, "POS"));
}

#[test]
fn a_successor_at_risk_from_watching_the_market_on() {
    let stages = [
        LeavingStage::Confused,
        LeavingStage::WatchingMarket,
        LeavingStage::Decided,
    ];
    let fired = fired_for(stages, FlagKind::RiskySuccessor, |org, stage| {
        with_people(org, &["S1", "S2"]);
        let mut s1 = org.people["S1"].clone();
        s1.flight_risk = Some(FlightRisk {
            stage,
            noted_on: ago(3),
            note: String::new(),
        });
        put(org, s1);
        put(
            org,
            position(&[("S1", Readiness::ReadyNow), ("S2", Readiness::ReadyNow)]),
        );
    });
    assert_eq!(fired, [false, true, true]);
}

#[test]
fn pay_below_the_target_percentile_for_key_people() {
    let fired = fired_for([74u8, 75, 76], FlagKind::PayBelowMarket, |org, pct| {
        make_key(org, "R");
        let mut r = org.people["R"].clone();
        r.pay_percentile = Some(pct);
        put(org, r);
    });
    assert_eq!(fired, [true, false, false]);
    let fired = fired_for([10u8, 10, 10], FlagKind::PayBelowMarket, |org, pct| {
        let mut r = org.people["R"].clone();
        r.pay_percentile = Some(pct);
        put(org, r);
    });
    assert_eq!(fired, [false; 3], "only key staff have the target");
}

#[test]
fn points_past_the_next_threshold() {
    let fired = fired_for(
        [4999, 5000, 5001],
        FlagKind::PointsPastThreshold,
        |org, points| {
            put(
                org,
                CareerLadder {
                    id: "mgmt".into(),
                    track: Track::Management,
                    name: "Management".into(),
                    levels: vec![
                        LadderLevel {
                            code: "M2".into(),
                            title: "Manager".into(),
                            points_threshold: Some(2000),
                            criteria: String::new(),
                        },
                        LadderLevel {
                            code: "M3".into(),
                            title: "Senior Manager".into(),
                            points_threshold: Some(5000),
                            criteria: String::new(),
                        },
                    ],
                },
            );
            let mut r = org.people["R"].clone();
            r.level = "M2".into();
            r.track = Some(Track::Management);
            put(org, r);
            put(
                org,
                PointsEntry {
                    id: "L1".into(),
                    person: "R".into(),
                    date: ago(10),
                    rule: None,
                    points,
                    reason: Default::default(),
                    reverses: None,
                    recorded_by: Default::default(),
                },
            );
        },
    );
    assert_eq!(fired, [false, true, true]);
}

#[test]
fn someone_close_who_left_within_the_window() {
    let fired = fired_for([91, 90, 89], FlagKind::LeftRecently, |org, days| {
        with_people(org, &["P"]);
        let mut peer = org.people["P"].clone();
        peer.status = Status::Left {
            last_day: ago(days),
        };
        put(org, peer);
    });
    assert_eq!(fired, [false, true, true]);
    let mut org = base();
    with_people(&mut org, &["P"]);
    let mut referrer = org.people["P"].clone();
    referrer.status = Status::Left { last_day: ago(10) };
    put(&mut org, referrer);
    let mut r = org.people["R"].clone();
    r.referred_by = Some("P".into());
    put(&mut org, r);
    let flag = &flags_of(&org, FlagKind::LeftRecently)[0];
    assert_eq!(
        flag.severity,
        Severity::Watch,
        "a referrer weighs more than a peer"
    );
    assert!(names_record(flag, Kind::Person, "P"));
}

#[test]
fn a_team_hired_mostly_through_one_referrer() {
    let team_of = |members: usize, referred: usize| {
        let mut org = base();
        let ids: Vec<String> = (0..members - 1).map(|i| format!("T{i}")).collect();
        with_people(
            &mut org,
            &ids.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        for id in ids.iter().take(referred) {
            let mut p = org.people[id.as_str()].clone();
            p.referred_by = Some("B".into());
            put(&mut org, p);
        }
        fires(&org, FlagKind::ReferralDependency)
    };
    // Core has R plus the others: 2 of 4 is half, not more than half.
    assert!(!team_of(4, 2));
    assert!(team_of(4, 3));
    assert!(!team_of(3, 2), "teams under four people are not judged");
}

#[test]
fn a_stay_interview_is_due_after_its_interval() {
    let fired = fired_for([179, 180, 181], FlagKind::StayInterviewDue, |org, days| {
        make_key(org, "R");
        put(
            org,
            StayInterview {
                id: "S1".into(),
                person: "R".into(),
                date: ago(days),
                interviewer: "Boss".into(),
                why_stay: String::new(),
                would_leave_if: String::new(),
                notes: String::new(),
                follow_ups: vec![],
                wants_next: String::new(),
            },
        );
    });
    assert_eq!(fired, [false, true, true]);
}

fn departure(task_due_from_last_day: i32, last_day_in: i64) -> Departure {
    Departure {
        id: "D1".into(),
        person: "R".into(),
        last_day: today() + Duration::days(last_day_in),
        started_on: ago(10),
        reason: String::new(),
        tasks: vec![HandoverTask {
            id: 1,
            kind: HandoverKind::ClientAccounts,
            description: "accounts".into(),
            due_offset_days: task_due_from_last_day,
            receiver: Some("B".into()),
            done_on: None,
            confirmed_on: None,
        }],
        revocations: vec![],
        report: String::new(),
    }
}

#[test]
fn a_handover_task_is_overdue_the_day_after_it_was_due() {
    // Last day in 10 days; a task due 9, 10 or 11 days before it is due tomorrow, today, yesterday.
    let fired = fired_for([-9, -10, -11], FlagKind::HandoverOverdue, |org, offset| {
        put(org, departure(offset, 10));
    });
    assert_eq!(fired, [false, false, true]);
    let mut org = base();
    put(&mut org, departure(-11, 10));
    assert!(names_record(
        &flags_of(&org, FlagKind::HandoverOverdue)[0],
        Kind::Departure,
        "D1"
    ));
}

#[test]
fn access_must_be_revoked_within_a_day_of_its_due_day() {
    // Sensitive access is due the day the departure started; the deadline is 24 hours after
    // that day ends.
    let with_access = |started_ago: i64, revoked_at: Option<chrono::DateTime<Utc>>| {
        let mut org = base();
        let mut d = departure(-3, 20);
        d.started_on = ago(started_ago);
        d.revocations.push(AccessRevocation {
            id: 1,
            system: "payroll".into(),
            class: AccessClass::Sensitive,
            revoked_at,
        });
        put(&mut org, d);
        flags_of(&org, FlagKind::AccessNotRevoked)
    };
    assert!(
        with_access(1, None).is_empty(),
        "still within the grace period"
    );
    let late = with_access(2, None);
    assert_eq!(late[0].severity, Severity::Critical);
    let due = ago(5);
    let deadline =
        Utc.from_utc_datetime(&(due + Duration::days(2)).and_time(chrono::NaiveTime::MIN));
    assert!(
        with_access(5, Some(deadline)).is_empty(),
        "revoked exactly at the deadline"
    );
    let found = with_access(5, Some(deadline + Duration::minutes(1)));
    assert_eq!(
        found[0].severity,
        Severity::High,
        "revoked late is a finding"
    );
}

#[test]
fn an_acknowledged_flag_stays_quiet_until_its_evidence_changes() {
    let mut org = base();
    put(&mut org, note("N-R", "R", ago(40)));
    let flag = flags_of(&org, FlagKind::NoOneOnOne).remove(0);
    put(
        &mut org,
        FlagQuiet {
            flag: flag.id.to_string(),
            fingerprint: flag.fingerprint.to_string(),
            state: QuietState::Acknowledged {
                by: "Boss".into(),
                on: today(),
            },
        },
    );
    assert!(flags_of(&org, FlagKind::NoOneOnOne)[0].quiet.is_some());
    put(&mut org, note("N-R2", "R", ago(35)));
    assert!(
        flags_of(&org, FlagKind::NoOneOnOne)[0].quiet.is_none(),
        "new evidence speaks again"
    );
}

#[test]
fn a_snoozed_flag_speaks_again_on_the_day_the_snooze_ends() {
    let quiet_when = |until: NaiveDate| {
        let mut org = base();
        put(&mut org, note("N-R", "R", ago(40)));
        let flag = flags_of(&org, FlagKind::NoOneOnOne).remove(0);
        put(
            &mut org,
            FlagQuiet {
                flag: flag.id.to_string(),
                fingerprint: flag.fingerprint.to_string(),
                state: QuietState::Snoozed {
                    by: "Boss".into(),
                    until,
                },
            },
        );
        flags_of(&org, FlagKind::NoOneOnOne)[0].quiet.is_some()
    };
    assert_eq!(
        [
            quiet_when(today() + Duration::days(1)),
            quiet_when(today()),
            quiet_when(ago(1))
        ],
        [true, false, false]
    );
}

#[test]
fn manual_flags_stand_beside_computed_ones_until_resolved() {
    let mut org = base();
    let mut manual = ManualFlag {
        id: "F1".into(),
        subject: Subject::Person("R".into()),
        severity: Severity::High,
        reason: "quiet in meetings".into(),
        raised_by: "Boss".into(),
        raised_on: ago(2),
        state: FlagState::Open,
    };
    put(&mut org, manual.clone());
    let flag = &flags_of(&org, FlagKind::Manual)[0];
    assert_eq!((flag.id.as_str(), flag.severity), ("F1", Severity::High));
    assert!(names_record(flag, Kind::Flag, "F1"));
    manual.state = FlagState::Snoozed {
        until: today() + Duration::days(3),
    };
    put(&mut org, manual.clone());
    assert!(flags_of(&org, FlagKind::Manual)[0].quiet.is_some());
    manual.state = FlagState::Resolved {
        on: today(),
        note: "talked".into(),
    };
    put(&mut org, manual);
    assert!(!fires(&org, FlagKind::Manual));
}

#[test]
fn flags_come_loudest_first_with_quiet_ones_last() {
    let mut org = base();
    put(&mut org, note("N-R", "R", ago(40)));
    make_key(&mut org, "B");
    put(&mut org, position(&[]));
    let all = compute(&org, &Rules::default(), today());
    let severities: Vec<Severity> = all.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted);
}

#[test]
fn a_user_rule_changes_the_result() {
    let mut org = base();
    put(&mut org, note("N-R", "R", ago(25)));
    assert!(!fires(&org, FlagKind::NoOneOnOne));
    let strict = Rules::from_overrides("[flags]\nno_one_on_one_days = 21\n", "mine.toml").unwrap();
    assert!(
        compute(&org, &strict, today())
            .iter()
            .any(|f| f.kind == FlagKind::NoOneOnOne)
    );
}

#[test]
fn pay_is_named_with_ordinals() {
    assert_eq!(
        [1, 2, 3, 4, 11, 12, 13, 21, 62, 72, 75].map(super::people::ordinal),
        [
            "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "62nd", "72nd", "75th"
        ]
    );
}

#[test]
fn leaving_stages_raise_the_severity_as_they_advance() {
    let severity = |stage| {
        let mut org = base();
        let mut r = org.people["R"].clone();
        r.flight_risk = Some(FlightRisk {
            stage,
            noted_on: ago(3),
            note: "offers".into(),
        });
        put(&mut org, r);
        let flag = flags_of(&org, FlagKind::LeavingStage).remove(0);
        assert!(names_record(&flag, Kind::Person, "R"));
        flag.severity
    };
    assert_eq!(
        [
            LeavingStage::Confused,
            LeavingStage::WatchingMarket,
            LeavingStage::HesitatingBetweenOffers,
            LeavingStage::Decided
        ]
        .map(severity),
        [
            Severity::Watch,
            Severity::High,
            Severity::Critical,
            Severity::Critical
        ]
    );
}

/// Every kind of flag the demo raises names at least one record, and every record it names
/// exists: a manager can always go from a flag to what raised it.
#[test]
fn every_flag_on_the_demo_names_records_that_exist() {
    let change = crate::demo::demo_change(today()).unwrap();
    let mut org = Org::default();
    org.apply(&change).unwrap();
    let flags = compute(&org, &Rules::default(), today());
    let mut kinds: Vec<FlagKind> = flags.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    assert!(kinds.len() >= 15, "{kinds:?}");
    for flag in &flags {
        let named: Vec<_> = flag
            .evidence
            .iter()
            .filter_map(|e| e.record.as_ref())
            .collect();
        assert!(!named.is_empty(), "{} names no record", flag.id);
        for r in named {
            assert!(
                org.record(r.kind, &r.key).is_some(),
                "{} names {:?} {}, which does not exist",
                flag.id,
                r.kind,
                r.key
            );
        }
    }
}

/// Once their departure is recorded, a person's flag says they are leaving, with their last
/// day, in place of the stage recorded before and the other signals that they might leave.
#[test]
fn a_departure_recorded_replaces_the_signals_that_someone_might_leave() {
    let mut org = base();
    put(&mut org, assessment("R", 1, 80, None, None));
    put(&mut org, assessment("R", 0, 50, None, None));
    let mut report = org.people["R"].clone();
    report.flight_risk = Some(FlightRisk {
        stage: LeavingStage::WatchingMarket,
        noted_on: ago(30),
        note: String::new(),
    });
    put(&mut org, report.clone());
    assert!(fires(&org, FlagKind::EngagementDrop));
    let last_day = today() + Duration::days(20);
    report.status = Status::Leaving { last_day };
    put(&mut org, report);
    let about_them: Vec<Flag> = compute(&org, &Rules::default(), today())
        .into_iter()
        .filter(|f| f.person() == Some("R"))
        .collect();
    assert_eq!(about_them.len(), 1, "{about_them:?}");
    let flag = &about_them[0];
    assert_eq!(flag.kind, FlagKind::LeavingStage);
    assert_eq!(flag.severity, Severity::Critical);
    assert_eq!(
        flag.reason,
        format!("Departure recorded: last day {last_day}")
    );
}

/// Someone whose manager has left is flagged until another is named; someone whose manager is
/// still there is not.
#[test]
fn a_report_whose_manager_left_is_flagged_until_another_is_named() {
    let mut org = base();
    assert!(!fires(&org, FlagKind::ManagerLeft));
    let mut boss = org.people["B"].clone();
    boss.status = Status::Left { last_day: ago(200) };
    put(&mut org, boss);
    let flags = flags_of(&org, FlagKind::ManagerLeft);
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0].person(), Some("R"));
    assert_eq!(flags[0].severity, Severity::High);
    assert_eq!(
        flags[0].reason,
        format!(
            "Their manager Boss left on {}; they need a new one",
            ago(200)
        )
    );
    assert!(names_record(&flags[0], Kind::Person, "B"));
    // Left recently too, the manager is said once, by this flag, not again as someone close,
    // even when they were the referrer too.
    let mut boss = org.people["B"].clone();
    boss.status = Status::Left { last_day: ago(3) };
    put(&mut org, boss);
    let mut report = org.people["R"].clone();
    report.referred_by = Some("B".into());
    put(&mut org, report);
    assert!(fires(&org, FlagKind::ManagerLeft));
    assert!(!fires(&org, FlagKind::LeftRecently));
    put(&mut org, Person::new("B2", "New Boss"));
    let mut report = org.people["R"].clone();
    report.manager = Some("B2".into());
    put(&mut org, report);
    assert!(!fires(&org, FlagKind::ManagerLeft));
}
