//! Synthetic organisations for benchmarks: seeded, so the same seed gives the same people, with
//! a realistic reporting tree (spans of 4 to 9, several levels), a quarter or more of the names
//! accented or Chinese, and notes, plans, key positions and points in proportion.

use crate::domain::Change;
use crate::domain::assessment::{Assessment, Band, Quarter};
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::person::{Person, Track};
use crate::domain::pip::{Pip, PipGoal, PipStatus};
use crate::domain::points::{PointsEntry, PointsRule};
use crate::domain::succession::{Criticality, KeyPosition, Readiness, Successor};
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const ENGLISH_FIRST: &[&str] = &[
    "Ada", "Ben", "Chloe", "Daniel", "Emma", "Finn", "Grace", "Henry", "Isla", "Jack", "Kate",
    "Liam", "Maya", "Noah", "Olivia", "Peter", "Ruth", "Sam", "Tara", "Will",
];
const ENGLISH_LAST: &[&str] = &[
    "Adams", "Brooks", "Carter", "Davies", "Evans", "Fisher", "Grant", "Hughes", "Irving", "Jones",
    "King", "Lawson", "Mitchell", "Nash", "Owen", "Price", "Reid", "Shaw", "Turner", "Walsh",
];
const ACCENTED_FIRST: &[&str] = &[
    "Zoë",
    "José",
    "Chloé",
    "Lucía",
    "Björn",
    "Mateo",
    "Élodie",
    "Søren",
    "Agnès",
    "Renée",
    "Iñigo",
    "Małgorzata",
];
const ACCENTED_LAST: &[&str] = &[
    "Müller",
    "Álvarez",
    "Dubois",
    "Fernández",
    "Larsson",
    "García",
    "Nowak",
    "Østergaard",
    "Lefèvre",
    "Šimunović",
];
const CHINESE_SURNAME: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林",
];
const CHINESE_GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "秀英", "建", "婷",
];
const TITLES: &[&str] = &[
    "Software Engineer",
    "Senior Software Engineer",
    "Product Manager",
    "Designer",
    "Data Scientist",
    "Account Executive",
    "Support Engineer",
    "Analyst",
];

/// Every record of a synthetic organisation of `people` people, as one batch.
pub fn organisation(people: usize, seed: u64, today: NaiveDate) -> Change {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut changes = vec![Change::UpsertPointsRule {
        rule: PointsRule {
            id: "R1".into(),
            name: "Shipped".into(),
            points: 20,
            description: String::new(),
        },
    }];
    let ids: Vec<String> = (0..people).map(|i| format!("S{i:06}")).collect();
    let mut managers: Vec<usize> = Vec::new();
    for i in 0..people {
        // Each manager takes 4 to 9 reports: breadth-first, so the tree is as deep as a real one.
        let manager = (i > 0).then(|| managers[(i - 1) / 6 % managers.len().max(1)]);
        let mut p = Person::new(ids[i].clone(), name(&mut rng));
        p.manager = manager.map(|m| ids[m].clone().into());
        p.team = compact_str::format_compact!("Team {}", manager.unwrap_or(0) / 40);
        p.title = TITLES[rng.random_range(0..TITLES.len())].into();
        p.level = compact_str::format_compact!("P{}", rng.random_range(3..7));
        p.track = Some(Track::Professional);
        p.hire_date = Some(today - Duration::days(rng.random_range(60..4000)));
        if rng.random_range(0..10) == 0 {
            p.key = Some(crate::domain::person::KeyMark {
                reason: "Holds critical knowledge".into(),
                since: today - Duration::days(200),
            });
        }
        changes.push(Change::UpsertPerson { person: p });
        managers.push(i);
    }
    for (i, id) in ids.iter().enumerate() {
        changes.extend(records_of(&mut rng, i, id, &ids, today));
    }
    Change::Batch {
        label: format!("synthetic organisation of {people} people, seed {seed}"),
        changes,
    }
}

fn name(rng: &mut StdRng) -> String {
    let pick = |rng: &mut StdRng, list: &[&'static str]| list[rng.random_range(0..list.len())];
    match rng.random_range(0..8) {
        0 | 1 => format!("{}{}", pick(rng, CHINESE_SURNAME), pick(rng, CHINESE_GIVEN)),
        2 => format!("{} {}", pick(rng, ACCENTED_FIRST), pick(rng, ACCENTED_LAST)),
        _ => format!("{} {}", pick(rng, ENGLISH_FIRST), pick(rng, ENGLISH_LAST)),
    }
}

/// Assessments, a note, points, and now and then a plan or a key position, for person `i`.
fn records_of(
    rng: &mut StdRng,
    i: usize,
    id: &str,
    ids: &[String],
    today: NaiveDate,
) -> Vec<Change> {
    let mut out = Vec::new();
    let bands = [Band::Low, Band::Medium, Band::High];
    for back in 0..2 {
        out.push(Change::RecordAssessment {
            assessment: Assessment {
                person: id.into(),
                quarter: Quarter::of(today).back(back + 1),
                ability: rng.random_range(1..6),
                contribution: rng.random_range(1..6),
                influence: rng.random_range(1..6),
                performance: bands[rng.random_range(0..3)],
                potential: bands[rng.random_range(0..3)],
                engagement: rng.random_range(40..95),
                kpi_attainment: Some(rng.random_range(60..130)),
                leave_days: Some(rng.random_range(0..10)),
                note: String::new(),
            },
        });
    }
    out.push(Change::AddGrowNote {
        note: GrowNote {
            id: format!("SN{i:06}").into(),
            person: id.into(),
            date: today - Duration::days(rng.random_range(1..60)),
            author: "synthetic".into(),
            goal: "Grow into the next role".into(),
            reality: "Delivering well; wants more scope".into(),
            options: "Lead a project\nMentor a newcomer\nTake a course".into(),
            will: "Lead the next project".into(),
            confidence: Some(rng.random_range(4..11)),
            actions: vec![ActionItem {
                id: 1,
                text: "Draft the project plan".into(),
                owner: id.into(),
                due: Some(today + Duration::days(rng.random_range(-20..30))),
                done: None,
            }],
        },
    });
    for n in 0..3 {
        out.push(Change::AwardPoints {
            entry: PointsEntry {
                id: format!("SP{i:06}-{n}").into(),
                person: id.into(),
                date: today - Duration::days(rng.random_range(1..300)),
                rule: Some("R1".into()),
                points: 20,
                reason: Default::default(),
                reverses: None,
                recorded_by: "synthetic".into(),
            },
        });
    }
    if i % 50 == 7 {
        out.push(Change::CreatePip {
            pip: Pip {
                id: format!("SPIP{i:06}").into(),
                person: id.into(),
                owner: "synthetic".into(),
                status: PipStatus::Active,
                start: today - Duration::days(30),
                end: today + Duration::days(60),
                reason: "Support a return to the expected pace".into(),
                goals: vec![PipGoal {
                    id: 1,
                    dimension: "Reviews per week".into(),
                    unit: String::new(),
                    direction: Default::default(),
                    target: 10.0,
                    baseline: 4.0,
                    current: 6.0,
                    root_cause: String::new(),
                    actions: vec![],
                }],
                supports: vec![],
                checkins: vec![],
                outcome: String::new(),
                checkin_every_days: 14,
            },
        });
    }
    if i % 30 == 0 && i + 2 < ids.len() {
        let successors = (1..=rng.random_range(0..3usize))
            .map(|k| Successor {
                person: ids[i + k].clone().into(),
                readiness: [Readiness::ReadyNow, Readiness::OneToTwoYears][k % 2],
                emergency: k == 1,
                rank: k as u8,
                development: vec![],
            })
            .collect();
        out.push(Change::UpsertPosition {
            position: KeyPosition {
                id: format!("SKP{i:06}").into(),
                title: format!("Lead {i}"),
                team: format!("Team {}", i / 40),
                criticality: Criticality::High,
                incumbent: Some(id.into()),
                successors,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Org;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_organisation() {
        assert_eq!(organisation(200, 7, day()), organisation(200, 7, day()));
        assert_ne!(organisation(200, 7, day()), organisation(200, 8, day()));
    }

    #[test]
    fn it_applies_cleanly_with_deep_lines_and_many_accented_or_chinese_names() {
        let mut org = Org::default();
        org.apply(&organisation(1000, 1, day())).unwrap();
        assert_eq!(org.people.len(), 1000);
        assert!(crate::domain::check::problems(&org).is_empty());
        let non_ascii = org.people.values().filter(|p| !p.name.is_ascii()).count();
        assert!(non_ascii * 4 >= 1000, "{non_ascii} of 1000");
        let depth = |id: &str| {
            let mut d = 0;
            let mut at = org.people.get(id).and_then(|p| p.manager.clone());
            while let Some(m) = at {
                d += 1;
                at = org.people.get(m.as_str()).and_then(|p| p.manager.clone());
            }
            d
        };
        let deepest = org.people.keys().map(|id| depth(id)).max().unwrap_or(0);
        assert!((3..=8).contains(&deepest), "depth {deepest}");
        assert!(!org.pips.is_empty() && !org.positions.is_empty() && org.notes.len() == 1000);
    }
}
