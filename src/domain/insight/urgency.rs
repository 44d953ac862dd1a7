//! The urgency score: one number per person that orders the roster by what most needs the
//! manager's attention, with the list of what made it up.

use super::flags::Flag;
use super::rules::Rules;
use crate::domain::Org;
use crate::domain::flag::Severity;
use crate::domain::person::LeavingStage;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Urgency {
    pub person: String,
    pub score: u32,
    /// What added to the score, largest first.
    pub because: Vec<(String, u32)>,
}

/// Every person with a score above zero, most urgent first. Quiet flags add nothing: a manager
/// already said they have them in hand.
pub fn urgency(org: &Org, flags: &[Flag], rules: &Rules) -> Vec<Urgency> {
    let weights = &rules.urgency;
    let weight = |severity: Severity| match severity {
        Severity::Info => weights.info,
        Severity::Watch => weights.watch,
        Severity::High => weights.high,
        Severity::Critical => weights.critical,
    };
    let mut parts: HashMap<&str, Vec<(String, u32)>> = HashMap::new();
    for flag in flags.iter().filter(|f| f.quiet.is_none()) {
        if let Some(person) = flag.person() {
            // A recorded leaving stage is counted by its own weight below.
            if flag.kind != super::flags::FlagKind::LeavingStage {
                parts.entry(person).or_default().push((
                    format!("{} flag: {}", flag.severity.label(), flag.reason),
                    weight(flag.severity),
                ));
            }
        }
    }
    for person in org.people.values() {
        if let Some(risk) = &person.flight_risk {
            let points = match risk.stage {
                LeavingStage::Confused => weights.stage_confused,
                LeavingStage::WatchingMarket => weights.stage_watching_market,
                LeavingStage::HesitatingBetweenOffers => weights.stage_hesitating,
                LeavingStage::Decided => weights.stage_decided,
            };
            parts
                .entry(person.id.as_str())
                .or_default()
                .push((format!("leaving stage: {}", risk.stage.label()), points));
        }
    }
    let mut all: Vec<Urgency> = parts
        .into_iter()
        .map(|(id, mut because)| {
            if org.people.get(id).is_some_and(|p| p.is_key()) {
                because.push(("key employee".to_string(), weights.key_employee));
            }
            because.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Urgency {
                person: id.to_string(),
                score: because.iter().map(|(_, points)| points).sum(),
                because,
            }
        })
        .filter(|u| u.score > 0)
        .collect();
    all.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.person.cmp(&b.person)));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stored;
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
                    flag: flag.id.clone(),
                    fingerprint: flag.fingerprint.clone(),
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
}
