//! Random records of each kind other than people, for [`super::Mutator`]: assessments, notes,
//! plans, key positions, flags raised by hand, stay interviews, points entries, departures.

use super::{Mutator, TEAMS};
use crate::domain::assessment::{Assessment, Band, Quarter};
use crate::domain::departure::{
    AccessClass, AccessRevocation, Departure, HandoverKind, HandoverTask,
};
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::pip::{CheckIn, Pip, PipGoal, PipStatus, PlanAction};
use crate::domain::points::PointsEntry;
use crate::domain::stay::{FollowUp, StayInterview};
use crate::domain::succession::{Criticality, KeyPosition, Readiness, Successor};
use crate::domain::{Kind, Org, Record, Stored};
use chrono::{TimeZone, Utc};
use rand::RngExt;

impl Mutator {
    pub(super) fn assessment(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let bands = [Band::Low, Band::Medium, Band::High];
        let a = Assessment {
            person: self.person_id(org).into(),
            quarter: Quarter::of(self.today).back(self.rng.random_range(0..4)),
            ability: self.rng.random_range(1..6),
            contribution: self.rng.random_range(1..6),
            influence: self.rng.random_range(1..6),
            performance: *self.pick(&bands),
            potential: *self.pick(&bands),
            engagement: self.rng.random_range(30..95),
            kpi_attainment: self.chance(80).then(|| self.rng.random_range(50..140)),
            leave_days: self.chance(80).then(|| self.rng.random_range(0..20)),
            note: String::new(),
        };
        Ok(a.into_record())
    }

    pub(super) fn note(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.key_of(org, Kind::GrowNote, "GN");
        let actions = (0..self.rng.random_range(0..3))
            .map(|i| ActionItem {
                id: i + 1,
                text: format!("action {i}"),
                owner: "Boss".into(),
                due: self.chance(80).then(|| self.day(-30, 20)),
                done: self.chance(30).then(|| self.day(-10, 0)),
            })
            .collect();
        let note = GrowNote {
            id: id.as_str().into(),
            person: self.person_id(org).into(),
            date: self.day(-70, 0),
            author: "Boss".into(),
            goal: String::new(),
            reality: String::new(),
            options: String::new(),
            will: String::new(),
            confidence: None,
            actions,
        };
        Ok(note.into_record())
    }

    pub(super) fn pip(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.key_of(org, Kind::Pip, "PIP");
        let statuses = [PipStatus::Active, PipStatus::Draft, PipStatus::Passed];
        let goals = (0..self.rng.random_range(1..3))
            .map(|g| PipGoal {
                id: g + 1,
                dimension: "reviews".into(),
                unit: String::new(),
                direction: Default::default(),
                target: 10.0,
                baseline: 4.0,
                current: f64::from(self.rng.random_range(4..12)),
                root_cause: String::new(),
                actions: (0..self.rng.random_range(0..3))
                    .map(|i| PlanAction {
                        text: format!("step {i}"),
                        owner: "Boss".into(),
                        due: self.chance(80).then(|| self.day(-20, 20)),
                        done: self.chance(30).then(|| self.day(-5, 0)),
                    })
                    .collect(),
            })
            .collect();
        let checkins = (0..self.rng.random_range(0..2))
            .map(|_| CheckIn {
                date: self.day(-40, 0),
                note: String::new(),
                ratings: vec![],
            })
            .collect();
        let pip = Pip {
            id: id.as_str().into(),
            person: self.person_id(org).into(),
            owner: "Boss".into(),
            status: *self.pick(&statuses),
            start: self.day(-60, 0),
            end: self.day(-5, 40),
            reason: String::new(),
            goals,
            supports: vec![],
            checkins,
            outcome: String::new(),
            checkin_every_days: *self.pick(&[7, 14, 30, 45]),
        };
        Ok(pip.into_record())
    }

    pub(super) fn position(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.key_of(org, Kind::Position, "KP");
        let readiness = [
            Readiness::ReadyNow,
            Readiness::OneToTwoYears,
            Readiness::ThreePlusYears,
        ];
        let successors = (0..self.rng.random_range(0..4))
            .map(|i| Successor {
                person: self.person_id(org).into(),
                readiness: *self.pick(&readiness),
                emergency: self.chance(20),
                rank: i + 1,
                development: vec![],
            })
            .collect();
        let position = KeyPosition {
            id: id.as_str().into(),
            title: format!("Lead {id}"),
            team: (*self.pick(TEAMS)).into(),
            criticality: *self.pick(&[Criticality::High, Criticality::Medium]),
            incumbent: self.chance(85).then(|| self.person_id(org).into()),
            successors,
        };
        Ok(position.into_record())
    }

    pub(super) fn manual_flag(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.key_of(org, Kind::Flag, "MF");
        let subject = match self.rng.random_range(0..4) {
            0 => Subject::Team((*self.pick(TEAMS)).to_string()),
            1 => Subject::Position(self.key_of(org, Kind::Position, "KP").into()),
            _ => Subject::Person(self.person_id(org).into()),
        };
        let state = match self.rng.random_range(0..5) {
            0 => FlagState::Acknowledged {
                by: "Boss".into(),
                on: self.today,
            },
            1 => FlagState::Snoozed {
                until: self.day(-3, 3),
            },
            2 => FlagState::Resolved {
                on: self.today,
                note: String::new(),
            },
            _ => FlagState::Open,
        };
        let flag = ManualFlag {
            id: id.as_str().into(),
            subject,
            severity: *self.pick(&[Severity::Watch, Severity::High, Severity::Critical]),
            reason: "raised".into(),
            raised_by: "Boss".into(),
            raised_on: self.day(-10, 0),
            state,
        };
        Ok(flag.into_record())
    }

    pub(super) fn stay(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.key_of(org, Kind::StayInterview, "ST");
        let follow_ups = (0..self.rng.random_range(0..3))
            .map(|i| FollowUp {
                text: format!("follow-up {i}"),
                owner: "Boss".into(),
                due: self.day(-20, 14),
                done: self.chance(30).then(|| self.day(-5, 0)),
            })
            .collect();
        let stay = StayInterview {
            id: id.as_str().into(),
            person: self.person_id(org).into(),
            date: self.day(-250, 0),
            interviewer: "Boss".into(),
            why_stay: String::new(),
            would_leave_if: String::new(),
            notes: String::new(),
            follow_ups,
            wants_next: String::new(),
        };
        Ok(stay.into_record())
    }

    pub(super) fn points(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.key_of(org, Kind::PointsEntry, "PE");
        let entry = PointsEntry {
            id: id.as_str().into(),
            person: self.person_id(org).into(),
            date: self.day(-200, 3),
            rule: None,
            points: *self.pick(&[20, 50, -20, 30]),
            reason: Default::default(),
            reverses: None,
            recorded_by: "Boss".into(),
        };
        Ok(entry.into_record())
    }

    pub(super) fn departure(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.key_of(org, Kind::Departure, "DEP");
        let tasks = (0..self.rng.random_range(0..3))
            .map(|i| HandoverTask {
                id: i + 1,
                kind: HandoverKind::ClientAccounts,
                description: format!("task {i}"),
                due_offset_days: self.rng.random_range(-10..3),
                receiver: self.chance(70).then(|| self.hot_person(org).into()),
                done_on: self.chance(30).then(|| self.day(-5, 0)),
                confirmed_on: None,
            })
            .collect();
        let revocations = (0..self.rng.random_range(0..3))
            .map(|i| AccessRevocation {
                id: i + 1,
                system: format!("system {i}"),
                class: *self.pick(&[AccessClass::Sensitive, AccessClass::Standard]),
                revoked_at: self.chance(40).then(|| {
                    Utc.from_utc_datetime(&self.day(-20, 0).and_time(chrono::NaiveTime::MIN))
                }),
            })
            .collect();
        let departure = Departure {
            id: id.as_str().into(),
            person: self.person_id(org).into(),
            last_day: self.day(-10, 20),
            started_on: self.day(-30, -5),
            reason: String::new(),
            tasks,
            revocations,
            report: String::new(),
        };
        Ok(departure.into_record())
    }
}
