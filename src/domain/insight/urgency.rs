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
