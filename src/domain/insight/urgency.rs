//! The urgency score: one number per person that orders the roster by what most needs the
//! manager's attention, with the list of what made it up.

use super::flags::Flag;
use super::rules::Rules;
use crate::domain::flag::Severity;
use crate::domain::person::{LeavingStage, Person, Status};
use crate::domain::{Key, Org};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Urgency {
    pub person: String,
    pub score: u32,
    /// What added to the score, largest first.
    pub because: Vec<(String, u32)>,
}

/// One thing that adds to a person's score.
enum Why<'a> {
    Flag(&'a Flag),
    Stage(LeavingStage),
    KeyEmployee,
}

impl Why<'_> {
    fn describe(&self) -> String {
        match self {
            Why::Flag(flag) => format!("{} flag: {}", flag.severity.label(), flag.reason),
            Why::Stage(stage) => format!("leaving stage: {}", stage.label()),
            Why::KeyEmployee => "key employee".to_string(),
        }
    }
}

/// What adds to the score of one person, from their flags and their record. Quiet flags add
/// nothing: a manager already said they have them in hand. Being a key employee adds only to a
/// score something else started.
fn contributions<'a>(
    person: Option<&'a Person>,
    flags: impl IntoIterator<Item = &'a Flag>,
    rules: &Rules,
) -> Vec<(Why<'a>, u32)> {
    let weights = &rules.urgency;
    let weight = |severity: Severity| match severity {
        Severity::Info => weights.info,
        Severity::Watch => weights.watch,
        Severity::High => weights.high,
        Severity::Critical => weights.critical,
    };
    // Someone whose departure is recorded: their leaving flag counts as a flag, and a stage
    // recorded before it no longer does.
    let leaving = person.is_some_and(|p| matches!(p.status, Status::Leaving { .. }));
    let mut parts: Vec<(Why<'a>, u32)> = flags
        .into_iter()
        // A recorded leaving stage is counted by its own weight below.
        .filter(|f| {
            f.quiet.is_none() && (leaving || f.kind != super::flags::FlagKind::LeavingStage)
        })
        .map(|f| (Why::Flag(f), weight(f.severity)))
        .collect();
    let stage = person
        .filter(|_| !leaving)
        .and_then(|p| p.flight_risk.as_ref());
    if let Some(risk) = stage {
        let points = match risk.stage {
            LeavingStage::Confused => weights.stage_confused,
            LeavingStage::WatchingMarket => weights.stage_watching_market,
            LeavingStage::HesitatingBetweenOffers => weights.stage_hesitating,
            LeavingStage::Decided => weights.stage_decided,
        };
        parts.push((Why::Stage(risk.stage), points));
    }
    if !parts.is_empty() && person.is_some_and(Person::is_key) {
        parts.push((Why::KeyEmployee, weights.key_employee));
    }
    parts
}

/// One person's urgency with the list of what made it up, from the flags about them; `None`
/// when nothing adds to it.
pub fn person_urgency<'a>(
    person: &'a Person,
    flags: impl IntoIterator<Item = &'a Flag>,
    rules: &Rules,
) -> Option<Urgency> {
    urgency_of(person.id.as_str(), Some(person), flags, rules)
}

fn urgency_of<'a>(
    id: &str,
    person: Option<&'a Person>,
    flags: impl IntoIterator<Item = &'a Flag>,
    rules: &Rules,
) -> Option<Urgency> {
    let mut because: Vec<(String, u32)> = contributions(person, flags, rules)
        .iter()
        .map(|(why, points)| (why.describe(), *points))
        .collect();
    because.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let score = because.iter().map(|(_, points)| points).sum();
    (score > 0).then(|| Urgency {
        person: id.to_string(),
        score,
        because,
    })
}

/// Calls `each` with everyone who may have a score: each person with the flags about them,
/// then whoever flags name without a record of their own (their flags still count).
fn for_each_person<'a>(
    org: &'a Org,
    flags: &'a [Flag],
    mut each: impl FnMut(&'a str, Option<&'a Person>, Vec<&'a Flag>),
) {
    let mut by_person: HashMap<&str, Vec<&Flag>> = HashMap::new();
    for flag in flags {
        if let Some(person) = flag.person() {
            by_person.entry(person).or_default().push(flag);
        }
    }
    for person in org.people.values() {
        let flags = by_person.remove(person.id.as_str()).unwrap_or_default();
        each(person.id.as_str(), Some(person), flags);
    }
    for (id, flags) in by_person {
        each(id, None, flags);
    }
}

/// One person's score alone, from the flags about them (and their record, when they have one).
pub fn score<'a>(
    person: Option<&'a Person>,
    flags: impl IntoIterator<Item = &'a Flag>,
    rules: &Rules,
) -> u32 {
    contributions(person, flags, rules)
        .iter()
        .map(|(_, points)| points)
        .sum()
}

/// The score alone of everyone above zero: what the roster sorts by, without the words of
/// [`urgency`] for each of 100,000 people.
pub fn scores(org: &Org, flags: &[Flag], rules: &Rules) -> foldhash::HashMap<Key, u32> {
    let mut scores = foldhash::HashMap::default();
    for_each_person(org, flags, |id, person, flags| {
        let score = score(person, flags, rules);
        if score > 0 {
            scores.insert(Key::from(id), score);
        }
    });
    scores
}

/// Every person with a score above zero, most urgent first, with what made each score up.
pub fn urgency(org: &Org, flags: &[Flag], rules: &Rules) -> Vec<Urgency> {
    let mut all = Vec::new();
    for_each_person(org, flags, |id, person, flags| {
        all.extend(urgency_of(id, person, flags, rules));
    });
    all.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.person.cmp(&b.person)));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stored;
    use crate::domain::flag::Subject;
    use crate::domain::insight::flags::FlagKind;
    use crate::domain::insight::flags::compute;
    use crate::domain::person::{FlightRisk, KeyMark, Person};
    use crate::domain::quiet::{FlagQuiet, QuietState};
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn org() -> Org {
        let mut org = Org::default();
        org.put(Person::new("B", "Boss").into_record());
        for id in ["X", "Y"] {
            let mut p = Person::new(id, id);
            p.manager = Some("B".into());
            p.hire_date = Some(today());
            org.put(p.into_record());
        }
        let mut x = org.people["X"].clone();
        x.flight_risk = Some(FlightRisk {
            stage: LeavingStage::Decided,
            noted_on: today(),
            note: String::new(),
        });
        x.key = Some(KeyMark {
            reason: "billing".into(),
            since: today(),
        });
        org.put(x.into_record());
        org
    }

    #[test]
    fn the_score_adds_up_what_it_lists_most_urgent_first() {
        let org = org();
        let rules = Rules::default();
        let flags = compute(&org, &rules, today());
        let all = urgency(&org, &flags, &rules);
        let x = &all[0];
        assert_eq!(x.person, "X");
        assert_eq!(x.score, x.because.iter().map(|(_, p)| p).sum::<u32>());
        assert!(
            x.because
                .iter()
                .any(|(why, points)| why == "leaving stage: decided to leave"
                    && *points == rules.urgency.stage_decided)
        );
        assert!(x.because.iter().any(|(why, _)| why == "key employee"));
        assert!(
            !all.iter().any(|u| u.person == "Y"),
            "nothing about Y needs attention"
        );
    }

    #[test]
    fn quiet_flags_add_nothing() {
        let mut org = org();
        let rules = Rules::default();
        let loud = compute(&org, &rules, today());
        let before = urgency(&org, &loud, &rules)[0].score;
        for flag in loud.iter().filter(|f| {
            f.person() == Some("X") && f.kind != super::super::flags::FlagKind::LeavingStage
        }) {
            org.put(
                FlagQuiet {
                    flag: flag.id.to_string(),
                    fingerprint: flag.fingerprint.to_string(),
                    state: QuietState::Acknowledged {
                        by: "Boss".into(),
                        on: today(),
                    },
                }
                .into_record(),
            );
        }
        let quiet = compute(&org, &rules, today());
        let after = urgency(&org, &quiet, &rules)[0].score;
        assert!(after < before, "{before} → {after}");
    }

    #[test]
    fn the_roster_scores_are_the_scores_urgency_lists() {
        let today = today();
        let mut org = Org::default();
        org.apply(&crate::demo::demo_change(today).unwrap())
            .unwrap();
        let rules = Rules::default();
        let flags = compute(&org, &rules, today);
        let listed: HashMap<String, u32> = urgency(&org, &flags, &rules)
            .into_iter()
            .map(|u| (u.person, u.score))
            .collect();
        let scored: HashMap<String, u32> = scores(&org, &flags, &rules)
            .into_iter()
            .map(|(id, score)| (id.to_string(), score))
            .collect();
        assert!(listed.len() > 10, "the demo has people needing attention");
        assert_eq!(scored, listed);
        for u in urgency(&org, &flags, &rules) {
            let person = &org.people[u.person.as_str()];
            let flags = flags
                .iter()
                .filter(|f| f.person() == Some(u.person.as_str()));
            assert_eq!(person_urgency(person, flags, &rules), Some(u));
        }
    }

    fn flag(person: &str, kind: FlagKind, severity: Severity, quiet: bool) -> Flag {
        Flag {
            id: format!("{kind:?}/{person}").into(),
            kind,
            severity,
            subject: Subject::Person(person.into()),
            reason: format!("{kind:?}"),
            evidence: Vec::new(),
            fingerprint: Default::default(),
            quiet: quiet.then(|| QuietState::Acknowledged {
                by: "Boss".into(),
                on: today(),
            }),
        }
    }

    /// Someone whose departure is recorded scores their leaving flag by its severity, and the
    /// stage recorded before it no longer counts.
    #[test]
    fn a_departure_recorded_counts_its_flag_not_the_stage_before_it() {
        let mut org = Org::default();
        let mut p = Person::new("L", "Leaving");
        p.flight_risk = Some(crate::domain::person::FlightRisk {
            stage: LeavingStage::WatchingMarket,
            noted_on: today(),
            note: String::new(),
        });
        p.status = Status::Leaving {
            last_day: today() + chrono::Duration::days(20),
        };
        org.put(p.into_record());
        let flags = vec![flag("L", FlagKind::LeavingStage, Severity::Critical, false)];
        let rules = Rules::default();
        let scored = scores(&org, &flags, &rules);
        assert_eq!(scored.get("L"), Some(&rules.urgency.critical));
    }

    #[test]
    fn only_loud_flags_count_a_key_mark_adds_to_a_score_begun_and_a_flag_needs_no_record() {
        let mut org = Org::default();
        for id in ["K", "Q"] {
            let mut p = Person::new(id, id);
            p.key = Some(KeyMark {
                reason: "billing".into(),
                since: today(),
            });
            org.put(p.into_record());
        }
        let flags = vec![
            flag("K", FlagKind::NoOneOnOne, Severity::Watch, false),
            // Counted through the person's recorded stage, which K has none of.
            flag("K", FlagKind::LeavingStage, Severity::High, false),
            flag("Q", FlagKind::NoOneOnOne, Severity::Watch, true),
            flag("Gone", FlagKind::OverdueActions, Severity::High, false),
        ];
        let rules = Rules::default();
        let w = &rules.urgency;
        let scored = scores(&org, &flags, &rules);
        let mut scored: Vec<(&str, u32)> = scored.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        scored.sort();
        assert_eq!(
            scored,
            vec![("Gone", w.high), ("K", w.watch + w.key_employee)]
        );
        let listed = urgency(&org, &flags, &rules);
        let k = listed.iter().find(|u| u.person == "K").unwrap();
        let mut expected = vec![
            ("watch flag: NoOneOnOne".to_string(), w.watch),
            ("key employee".to_string(), w.key_employee),
        ];
        expected.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        assert_eq!(k.because, expected);
        assert!(
            !listed.iter().any(|u| u.person == "Q"),
            "Q's only flag is quiet"
        );
    }
}
