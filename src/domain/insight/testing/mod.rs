//! Random organisations and random changes to them, for tests that compare two ways of working
//! out the same thing (a rule against its earlier form, an update after a change against a
//! computation from scratch). Seeded: a failing seed fails again. The records of each kind are
//! made in [`records`].
//!
//! The changes are written as [`Diff`]s straight onto the records, without the checks a
//! [`crate::domain::Change`] makes, so they reach states a careful user would not: a slate that
//! names nobody on the roster, a manager who has left, two plans for one person.

use crate::domain::insight::Flag;
use crate::domain::ladder::{CareerLadder, LadderLevel};
use crate::domain::person::{FlightRisk, KeyMark, LeavingStage, Person, Status, Track};
use crate::domain::quiet::{FlagQuiet, QuietState};
use crate::domain::{Diff, Key, Kind, Org, Record, Stored};
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

mod records;

/// The day every test organisation is dated around.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("a day")
}

const TEAMS: &[&str] = &["Core", "Apps", "Data", "Ops", "", "Team 0"];
const NAMES: &[&str] = &[
    "Ada Adams",
    "曾小凡",
    "Zoë Müller",
    "张伟",
    "Ben Brooks",
    "单丽华",
    "José Álvarez",
    "Ada",
];

/// Makes random records and random changes to an organisation.
pub struct Mutator {
    rng: StdRng,
    today: NaiveDate,
    made: u64,
}

impl Mutator {
    pub fn new(seed: u64) -> Mutator {
        Mutator {
            rng: StdRng::seed_from_u64(seed),
            today: today(),
            made: 0,
        }
    }

    /// An organisation of about `people` people: the synthetic shape, the demo's records and
    /// two ladders with thresholds, then `changes` random changes. With `flat`, most people
    /// report to one manager.
    pub fn organisation(&mut self, people: usize, changes: usize, flat: bool) -> Org {
        let mut org = Org::default();
        let seed = self.rng.random_range(0..1000);
        org.apply(&crate::synth::organisation(people, seed, self.today))
            .expect("synthetic records");
        org.apply(&crate::demo::demo_change(self.today).expect("demo"))
            .expect("demo records");
        for (id, track, threshold) in [
            ("L-P", Track::Professional, 60),
            ("L-M", Track::Management, 5000),
        ] {
            org.put(ladder(id, track, threshold).into_record());
        }
        if flat {
            let ids: Vec<Key> = org.people.keys().skip(1).cloned().collect();
            for id in ids {
                let mut p = org.people[id.as_str()].clone();
                p.manager = Some("S000000".into());
                org.put(p.into_record());
            }
        }
        for _ in 0..changes {
            let diff = self.diff(&org, &[]);
            org.apply_diffs(std::slice::from_ref(&diff));
        }
        org
    }

    pub(super) fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.rng.random_range(0..list.len())]
    }

    pub(super) fn chance(&mut self, percent: u32) -> bool {
        self.rng.random_range(0..100) < percent
    }

    pub(super) fn day(&mut self, from: i64, to: i64) -> NaiveDate {
        self.today + Duration::days(self.rng.random_range(from..=to))
    }

    /// Someone on the roster, now and then someone who is not.
    pub(super) fn person_id(&mut self, org: &Org) -> String {
        if org.people.is_empty() || self.chance(3) {
            return format!("X{}", self.rng.random_range(0..5));
        }
        // A few people get much of what happens, so that one person has two plans, two
        // departures or two flags raised by hand.
        let among = if self.chance(20) { 6 } else { org.people.len() };
        let at = self.rng.random_range(0..among.min(org.people.len()));
        org.people
            .keys()
            .nth(at)
            .map(|k| k.to_string())
            .unwrap_or_default()
    }

    /// One of the few people who refer many and receive many handovers.
    pub(super) fn hot_person(&mut self, org: &Org) -> String {
        if self.chance(30) {
            return self.person_id(org);
        }
        let at = self.rng.random_range(0..3.min(org.people.len().max(1)));
        org.people
            .keys()
            .nth(at)
            .map(|k| k.to_string())
            .unwrap_or_default()
    }

    /// A key of `kind` already there (most of the time) or a new one.
    pub(super) fn key_of(&mut self, org: &Org, kind: Kind, prefix: &str) -> String {
        let count = org.count(kind);
        if count > 0 && self.chance(70) {
            let at = self.rng.random_range(0..count);
            let key = match kind {
                Kind::GrowNote => org.notes.keys().nth(at),
                Kind::Pip => org.pips.keys().nth(at),
                Kind::Position => org.positions.keys().nth(at),
                Kind::Flag => org.flags.keys().nth(at),
                Kind::StayInterview => org.stay_interviews.keys().nth(at),
                Kind::PointsEntry => org.points.keys().nth(at),
                Kind::Departure => org.departures.keys().nth(at),
                _ => None,
            };
            if let Some(key) = key {
                return key.to_string();
            }
        }
        self.made += 1;
        format!("{prefix}{}", self.made)
    }

    /// One random change to `org`: a record put or removed. `flags` are the standing flags,
    /// for acknowledgements of them.
    pub fn diff(&mut self, org: &Org, flags: &[Flag]) -> Diff {
        let record = match self.rng.random_range(0..100) {
            0..30 => self.person(org),
            30..38 => self.assessment(org),
            38..46 => self.note(org),
            46..52 => self.pip(org),
            52..60 => self.position(org),
            60..66 => self.manual_flag(org),
            66..72 => self.stay(org),
            72..80 => self.points(org),
            80..86 => self.departure(org),
            86..96 => self.quiet(org, flags),
            _ => self.removal(org),
        };
        let (kind, key) = match &record {
            Ok(record) => (record.kind(), record.key().to_string()),
            Err((kind, key)) => (*kind, key.clone()),
        };
        Diff {
            before: org.record(kind, &key),
            kind,
            key,
            after: record.ok(),
        }
    }

    fn person(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let id = self.person_id(org);
        let mut p = org.people.get(id.as_str()).cloned().unwrap_or_else(|| {
            let name = *self.pick(NAMES);
            Person::new(id.as_str(), name)
        });
        match self.rng.random_range(0..10) {
            0 | 1 => {
                let last_day = self.day(-120, 30);
                p.status = match self.rng.random_range(0..4) {
                    0 => Status::Active,
                    1 => Status::OnLeave,
                    2 => Status::Leaving { last_day },
                    _ => Status::Left { last_day },
                };
            }
            2 => p.manager = self.chance(85).then(|| self.person_id(org).into()),
            3 => p.team = (*self.pick(TEAMS)).into(),
            4 => p.referred_by = self.chance(80).then(|| self.hot_person(org).into()),
            5 => {
                p.key = self.chance(60).then(|| KeyMark {
                    reason: "knows billing".into(),
                    since: self.today - Duration::days(300),
                })
            }
            6 => {
                let stages = [
                    LeavingStage::Confused,
                    LeavingStage::WatchingMarket,
                    LeavingStage::HesitatingBetweenOffers,
                    LeavingStage::Decided,
                ];
                p.flight_risk = self.chance(70).then(|| FlightRisk {
                    stage: *self.pick(&stages),
                    noted_on: self.day(-60, 0),
                    note: if self.chance(50) {
                        "offer".into()
                    } else {
                        String::new()
                    },
                });
            }
            7 => p.pay_percentile = self.chance(80).then(|| self.rng.random_range(40..95)),
            8 => {
                p.level = (*self.pick(&["P3", "P4", "P5", "M1", "M2"])).into();
                p.track = *self.pick(&[None, Some(Track::Professional), Some(Track::Management)]);
            }
            _ => {
                p.name = (*self.pick(NAMES)).into();
                p.hire_date = Some(self.day(-900, 0));
            }
        }
        Ok(p.into_record())
    }

    /// An acknowledgement or a snooze of a standing flag, with its evidence or with other
    /// evidence; or one taken back.
    fn quiet(&mut self, org: &Org, flags: &[Flag]) -> Result<Record, (Kind, String)> {
        if !org.flag_quiets.is_empty() && self.chance(25) {
            let at = self.rng.random_range(0..org.flag_quiets.len());
            let key = org.flag_quiets.keys().nth(at).map(|k| k.to_string());
            return Err((Kind::FlagQuiet, key.unwrap_or_default()));
        }
        let (flag, fingerprint) = match flags.get(self.rng.random_range(0..flags.len().max(1))) {
            Some(f) if self.chance(80) => (f.id.to_string(), f.fingerprint.to_string()),
            Some(f) => (f.id.to_string(), "other".to_string()),
            None => (
                format!("no_one_on_one/person/{}", self.person_id(org)),
                "none".into(),
            ),
        };
        let state = if self.chance(50) {
            QuietState::Acknowledged {
                by: "Boss".into(),
                on: self.today,
            }
        } else {
            QuietState::Snoozed {
                by: "Boss".into(),
                until: self.day(-2, 5),
            }
        };
        Ok(FlagQuiet {
            flag,
            fingerprint,
            state,
        }
        .into_record())
    }

    /// A record of any kind the rules read, taken away.
    fn removal(&mut self, org: &Org) -> Result<Record, (Kind, String)> {
        let kinds = [
            Kind::Person,
            Kind::GrowNote,
            Kind::Pip,
            Kind::Position,
            Kind::Flag,
            Kind::StayInterview,
            Kind::PointsEntry,
            Kind::Departure,
        ];
        let kind = *self.pick(&kinds);
        let key = match kind {
            Kind::Person => self.person_id(org),
            Kind::Assessment => String::new(),
            kind => self.key_of(org, kind, "GONE"),
        };
        Err((kind, key))
    }
}

fn ladder(id: &str, track: Track, threshold: u32) -> CareerLadder {
    let level = |code: &str, points: Option<u32>| LadderLevel {
        code: code.into(),
        title: format!("Level {code}"),
        points_threshold: points,
        criteria: String::new(),
    };
    let codes: &[&str] = match track {
        Track::Professional => &["P3", "P4", "P5", "P6", "P7"],
        Track::Management => &["M1", "M2", "M3"],
    };
    CareerLadder {
        id: id.into(),
        track,
        name: format!("{track:?}"),
        levels: codes
            .iter()
            .enumerate()
            .map(|(i, code)| level(code, (i > 0).then_some(threshold * i as u32)))
            .collect(),
    }
}
