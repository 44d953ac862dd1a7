//! The flags at scale: worked out for a flat team (`flat`), and current again after one change
//! in a large organisation (`recompute`), each beside a reference taken in the same run.

use super::{ACTOR, Report, SEED, median, ms, people, quantile};
use chrono::{Duration, NaiveDate};
use crewdeck::app::derived::{Derived, Refreshed};
use crewdeck::domain::assessment::{Assessment, Band, Quarter};
use crewdeck::domain::grow::GrowNote;
use crewdeck::domain::ids::PersonId;
use crewdeck::domain::insight::{Rules, flags};
use crewdeck::domain::person::{FlightRisk, LeavingStage, Status};
use crewdeck::domain::points::PointsEntry;
use crewdeck::domain::quiet::{FlagQuiet, QuietState};
use crewdeck::domain::{Change, Key, Org};
use crewdeck::store::Store;
use std::path::Path;
use std::time::Instant;

/// The people of the flat team, as the issue measured it.
const FLAT: usize = 8_400;

/// The synthetic organisation of `n` people, some of whom left within the last two months and
/// some of whom were referred by a few colleagues; with `flat`, everyone but the first reports
/// to the first, in one team.
fn team(n: usize, flat: bool, today: NaiveDate) -> Org {
    let mut org = Org::default();
    org.apply(&crewdeck::synth::organisation(n, SEED, today))
        .expect("synthetic organisation");
    let ids: Vec<Key> = org.people.keys().cloned().collect();
    for (i, id) in ids.iter().enumerate().skip(1) {
        let Some(p) = org.people.get_mut(id.as_str()) else {
            continue;
        };
        if flat {
            p.manager = Some(PersonId::new(ids[0].clone()));
            p.team = "Flat".into();
        }
        if i % 200 == 7 {
            p.status = Status::Left {
                last_day: today - Duration::days((i % 60) as i64),
            };
        }
        if i % 10 == 3 {
            p.referred_by = Some(PersonId::new(ids[1 + (i / 10) % 20].clone()));
        }
    }
    org
}

/// `flat`: the flags of a flat team of 8,400 direct reports, beside the same people in the
/// usual shape (spans of 4 to 9), interleaved.
pub fn flat(report: &mut Report, rounds: usize) {
    eprintln!("flags for a flat team of {FLAT}…");
    let today = chrono::Local::now().date_naive();
    let rules = Rules::default();
    let (flat, usual) = (team(FLAT, true, today), team(FLAT, false, today));
    let (mut ours, mut theirs, mut counts) = (Vec::new(), Vec::new(), (0, 0));
    for _ in 0..rounds {
        let start = Instant::now();
        let raised = flags::compute(&flat, &rules, today);
        ours.push(ms(start.elapsed()));
        counts.0 = raised.len();
        drop(raised);
        let start = Instant::now();
        let raised = flags::compute(&usual, &rules, today);
        theirs.push(ms(start.elapsed()));
        counts.1 = raised.len();
    }
    let (a, b) = (median(&mut ours), median(&mut theirs));
    report.row(
        format!(
            "flags for a flat team of {FLAT} direct reports ({} flags, median of {rounds})",
            counts.0
        ),
        format!("{a:.0} ms"),
        format!(
            "{b:.0} ms (the same people in teams of 4 to 9, {} flags)",
            counts.1
        ),
        Some(a / b),
        "< 1 s",
    );
}

/// `recompute`: after one change at 100k (a note, a leaving stage, points, someone leaving,
/// an assessment, an acknowledged flag, a slate emptied, in turn), what is worked out from the
/// records brought up to date piece by piece; beside working everything out from scratch
/// after the same change, which is also checked to give the same flags.
pub fn recompute(report: &mut Report, db: &Path, rounds: usize) {
    let store = Store::open(db).expect("open");
    let mut org = store.load_org().expect("load");
    drop(store);
    let n = org.people.len();
    eprintln!("flags current again after a change at {}…", people(n));
    let today = chrono::Local::now().date_naive();
    let rules = Rules::default();
    let mut derived = Derived::compute(&org, &rules, today, ACTOR);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for kind in 0..KINDS {
            let person = format!("S{:06}", (round * 7919 + kind * 104_729) % n);
            let nth = round * KINDS + kind;
            let change = change(kind, nth, &person, &org, &derived, today);
            let diffs = org.apply(&change).expect("the change applies");
            let start = Instant::now();
            let refreshed = derived.update(&org, &rules, today, ACTOR, &diffs);
            ours.push(ms(start.elapsed()));
            assert_ne!(refreshed, Refreshed::Declined, "{change:?}");
        }
        let start = Instant::now();
        let full = Derived::compute(&org, &rules, today, ACTOR);
        theirs.push(ms(start.elapsed()));
        assert!(full.flags == derived.flags, "the same flags");
    }
    let reference = median(&mut theirs);
    for (label, q) in [("p50", 0.5), ("p99", 0.99)] {
        let a = quantile(&mut ours, q);
        report.row(
            format!(
                "flags, urgency, 9-box, standings current again after one change {label}, {} ({} changes)",
                people(n),
                ours.len()
            ),
            format!("{a:.1} ms"),
            format!("{reference:.0} ms (everything worked out from scratch, median of {rounds})"),
            Some(a / reference),
            if label == "p99" { "≤ 50 ms" } else { "" },
        );
    }
}

/// How many kinds of change [`change`] makes.
const KINDS: usize = 7;

/// A change of kind `kind` about `person` (the `nth` change made), as the cockpit makes them.
fn change(
    kind: usize,
    nth: usize,
    person: &str,
    org: &Org,
    derived: &Derived,
    today: NaiveDate,
) -> Change {
    let id = PersonId::new(person);
    match kind {
        0 => Change::AddGrowNote {
            note: GrowNote {
                id: format!("BN{person}-{}", org.notes.len()).into(),
                person: id,
                date: today,
                author: ACTOR.into(),
                goal: "Lead the quarterly planning".into(),
                reality: String::new(),
                options: String::new(),
                will: String::new(),
                confidence: Some(8),
                actions: Vec::new(),
            },
        },
        1 => Change::SetFlightRisk {
            person: id,
            risk: Some(FlightRisk {
                stage: LeavingStage::WatchingMarket,
                noted_on: today,
                note: "Mentioned an outside offer".into(),
            }),
        },
        2 => Change::AwardPoints {
            entry: PointsEntry {
                id: format!("BP{person}-{}", org.points.len()).into(),
                person: id,
                date: today,
                rule: None,
                points: 50,
                reason: "Shipped".into(),
                reverses: None,
                recorded_by: ACTOR.into(),
            },
        },
        3 => Change::SetStatus {
            person: id,
            status: Status::Left { last_day: today },
        },
        4 => Change::RecordAssessment {
            assessment: Assessment {
                person: id,
                quarter: Quarter::of(today),
                ability: 3,
                contribution: 3,
                influence: 3,
                performance: Band::Low,
                potential: Band::Medium,
                engagement: 41,
                kpi_attainment: Some(70),
                leave_days: Some(12),
                note: String::new(),
            },
        },
        5 => match derived.person_flags(person).next() {
            Some(flag) => Change::QuietFlag {
                quiet: FlagQuiet {
                    flag: flag.id.to_string(),
                    fingerprint: flag.fingerprint.to_string(),
                    state: QuietState::Acknowledged {
                        by: ACTOR.into(),
                        on: today,
                    },
                },
            },
            None => change(0, nth, person, org, derived, today),
        },
        _ => {
            let at = nth * 31 % org.positions.len().max(1);
            match org.positions.values().nth(at).cloned() {
                Some(mut position) => {
                    position.successors.clear();
                    Change::UpsertPosition { position }
                }
                None => change(0, nth, person, org, derived, today),
            }
        }
    }
}
