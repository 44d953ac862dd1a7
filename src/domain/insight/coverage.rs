//! Succession coverage: per key position, rolled up per team and for the organisation, and what
//! it would be if a given person left.
//!
//! Coverage is the share of key positions with at least one ready-now successor; bench strength
//! is successors per key position. A vacant position is never covered: nobody holds it, so a
//! ready successor is not a backup but the answer still to be given. A position is at risk when its incumbent carries a high or
//! critical flag and nobody is ready now.

use super::flags::Flag;
use crate::domain::Org;
use crate::domain::flag::Severity;
use crate::domain::ids::PersonId;
use crate::domain::succession::KeyPosition;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionCover {
    pub position: String,
    pub title: String,
    pub team: String,
    pub criticality: String,
    pub incumbent: Option<String>,
    pub incumbent_name: Option<String>,
    pub successors: usize,
    pub ready_now: usize,
    /// Someone holds the position and at least one successor is ready now.
    pub covered: bool,
    /// Why the position is at risk, when it is.
    pub at_risk: Option<String>,
}

/// Figures for a group of positions: a team, or the whole organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    pub positions: usize,
    pub covered: usize,
    /// Share of positions covered, in percent (0 when there are no positions).
    pub coverage_pct: f64,
    pub successors: usize,
    /// Successors per position.
    pub bench_strength: f64,
    pub at_risk: usize,
    pub without_successor: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub positions: Vec<PositionCover>,
    pub teams: BTreeMap<String, Rollup>,
    pub organisation: Rollup,
}

/// Coverage as it stands; `flags` are the standing flags, used to tell which incumbents are at
/// risk.
pub fn coverage(org: &Org, flags: &[Flag]) -> Coverage {
    coverage_vacating(org, flags, &HashSet::new())
}

/// [`coverage`], with the positions in `vacated` just left by their incumbent (the what-if of
/// [`coverage_if_leaves`]): such a position is covered when someone is ready now to step in,
/// as a held one is. A position long vacant is not covered, whoever is ready: nobody holds it.
fn coverage_vacating(org: &Org, flags: &[Flag], vacated: &HashSet<&str>) -> Coverage {
    // The loudest high or critical flag of each person, found once for all positions.
    let mut loudest: HashMap<&str, &Flag> = HashMap::new();
    for flag in flags.iter().filter(|f| f.severity >= Severity::High) {
        if let Some(person) = flag.person() {
            let slot = loudest.entry(person).or_insert(flag);
            if flag.severity > slot.severity {
                *slot = flag;
            }
        }
    }
    cover_of(org, &|id| loudest.get(id).copied(), vacated)
}

/// Brings `cover` up to date for the positions `ids` (their record changed, or their
/// incumbent's name or flags did), with the rollups of their teams and of the organisation;
/// `loudest` gives each incumbent's loudest high or critical flag (see [`loudest_of`]).
pub fn update_coverage<'f, 'i>(
    cover: &mut Coverage,
    org: &Org,
    loudest: &dyn Fn(&str) -> Option<&'f Flag>,
    ids: impl IntoIterator<Item = &'i str>,
) {
    let mut teams = BTreeSet::new();
    for id in ids {
        let at = cover
            .positions
            .binary_search_by(|p| p.position.as_str().cmp(id));
        if let Ok(at) = at {
            teams.insert(cover.positions[at].team.clone());
        }
        let now = org
            .positions
            .get(id)
            .map(|p| position_cover(org, p, loudest, false));
        teams.extend(now.as_ref().map(|p| p.team.clone()));
        match (at, now) {
            (Ok(at), Some(now)) => cover.positions[at] = now,
            (Ok(at), None) => {
                cover.positions.remove(at);
            }
            (Err(at), Some(now)) => cover.positions.insert(at, now),
            (Err(_), None) => {}
        }
    }
    for team in teams {
        let list: Vec<&PositionCover> = cover.positions.iter().filter(|p| p.team == team).collect();
        if list.is_empty() {
            cover.teams.remove(&team);
        } else {
            cover.teams.insert(team, rollup(&list));
        }
    }
    cover.organisation = rollup(&cover.positions.iter().collect::<Vec<_>>());
}

/// The first of the most severe flags among `flags` (a person's, in the order of all flags),
/// when it is high or critical.
pub fn loudest_of<'f>(flags: impl IntoIterator<Item = &'f Flag>) -> Option<&'f Flag> {
    let mut loudest: Option<&Flag> = None;
    for flag in flags.into_iter().filter(|f| f.severity >= Severity::High) {
        if loudest.is_none_or(|l| flag.severity > l.severity) {
            loudest = Some(flag);
        }
    }
    loudest
}

fn cover_of<'f>(
    org: &Org,
    loudest: &dyn Fn(&str) -> Option<&'f Flag>,
    vacated: &HashSet<&str>,
) -> Coverage {
    let positions: Vec<PositionCover> = org
        .positions
        .values()
        .map(|p| position_cover(org, p, loudest, vacated.contains(p.id.as_str())))
        .collect();
    let mut by_team: BTreeMap<String, Vec<&PositionCover>> = BTreeMap::new();
    for p in &positions {
        by_team.entry(p.team.clone()).or_default().push(p);
    }
    let teams = by_team
        .into_iter()
        .map(|(team, list)| (team, rollup(&list)))
        .collect();
    let organisation = rollup(&positions.iter().collect::<Vec<_>>());
    Coverage {
        positions,
        teams,
        organisation,
    }
}

/// Coverage if `person` left: they vacate what they hold and leave every slate they are on.
pub fn coverage_if_leaves(org: &Org, flags: &[Flag], person: &PersonId) -> Coverage {
    let vacated: HashSet<&str> = org
        .positions
        .values()
        .filter(|p| p.incumbent.as_ref() == Some(person))
        .map(|p| p.id.as_str())
        .collect();
    let mut without = org.clone();
    for position in without.positions.values_mut() {
        if position.incumbent.as_ref() == Some(person) {
            position.incumbent = None;
        }
        position.successors.retain(|s| &s.person != person);
    }
    let remaining: Vec<Flag> = flags
        .iter()
        .filter(|f| f.person() != Some(person.as_str()))
        .cloned()
        .collect();
    coverage_vacating(&without, &remaining, &vacated)
}

fn position_cover<'f>(
    org: &Org,
    position: &KeyPosition,
    loudest: &dyn Fn(&str) -> Option<&'f Flag>,
    just_vacated: bool,
) -> PositionCover {
    let ready_now = position.ready_now();
    let incumbent = position.incumbent.as_ref().map(|id| id.to_string());
    let loud = incumbent.as_deref().and_then(loudest);
    let at_risk = match loud {
        Some(flag) if ready_now == 0 => Some(format!(
            "incumbent flagged {} ({}) and nobody ready now",
            flag.severity.label(),
            flag.kind.label()
        )),
        _ => None,
    };
    PositionCover {
        position: position.id.to_string(),
        title: position.title.clone(),
        team: position.team.clone(),
        criticality: position.criticality.word().to_string(),
        incumbent_name: incumbent.as_deref().map(|id| {
            org.people
                .get(id)
                .map_or_else(|| id.to_string(), |p| p.name.to_string())
        }),
        incumbent,
        successors: position.successors.len(),
        covered: ready_now > 0 && (position.incumbent.is_some() || just_vacated),
        ready_now,
        at_risk,
    }
}

fn rollup(positions: &[&PositionCover]) -> Rollup {
    let count = positions.len();
    let covered = positions.iter().filter(|p| p.covered).count();
    let successors = positions.iter().map(|p| p.successors).sum();
    let share = |n: usize| {
        if count == 0 {
            0.0
        } else {
            n as f64 / count as f64
        }
    };
    Rollup {
        positions: count,
        covered,
        coverage_pct: (share(covered) * 1000.0).round() / 10.0,
        successors,
        bench_strength: (share(successors) * 100.0).round() / 100.0,
        at_risk: positions.iter().filter(|p| p.at_risk.is_some()).count(),
        without_successor: positions.iter().filter(|p| p.successors == 0).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stored;
    use crate::domain::insight::flags::compute;
    use crate::domain::insight::rules::Rules;
    use crate::domain::person::{FlightRisk, LeavingStage, Person};
    use crate::domain::succession::{Criticality, Readiness, Successor};

    fn org() -> Org {
        let mut org = Org::default();
        for id in ["A", "B", "C", "D"] {
            org.put(Person::new(id, format!("Person {id}")).into_record());
        }
        let slate = |entries: &[(&str, Readiness)]| {
            entries
                .iter()
                .enumerate()
                .map(|(i, (p, r))| Successor {
                    person: (*p).into(),
                    readiness: *r,
                    emergency: false,
                    rank: i as u8 + 1,
                    development: vec![],
                })
                .collect()
        };
        let position = |id: &str, team: &str, incumbent: &str, successors| KeyPosition {
            id: id.into(),
            title: format!("Head of {id}"),
            team: team.into(),
            criticality: Criticality::High,
            incumbent: Some(incumbent.into()),
            successors,
        };
        org.put(
            position(
                "P1",
                "Core",
                "A",
                slate(&[("B", Readiness::ReadyNow), ("C", Readiness::OneToTwoYears)]),
            )
            .into_record(),
        );
        org.put(
            position(
                "P2",
                "Core",
                "B",
                slate(&[("C", Readiness::ThreePlusYears)]),
            )
            .into_record(),
        );
        org.put(position("P3", "Apps", "D", slate(&[])).into_record());
        org
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn coverage_rolls_up_per_team_and_for_the_organisation() {
        let org = org();
        let cover = coverage(&org, &[]);
        assert_eq!(cover.organisation.positions, 3);
        assert_eq!(cover.organisation.covered, 1);
        assert_eq!(cover.organisation.coverage_pct, 33.3);
        assert_eq!(cover.organisation.bench_strength, 1.0);
        assert_eq!(cover.organisation.without_successor, 1);
        assert_eq!(cover.teams["Core"].coverage_pct, 50.0);
        assert_eq!(cover.teams["Apps"].coverage_pct, 0.0);
    }

    #[test]
    fn an_incumbent_flagged_high_with_nobody_ready_puts_the_position_at_risk() {
        let mut org = org();
        let mut b = org.people["B"].clone();
        b.flight_risk = Some(FlightRisk {
            stage: LeavingStage::WatchingMarket,
            noted_on: today(),
            note: String::new(),
        });
        org.put(b.into_record());
        let flags = compute(&org, &Rules::default(), today());
        let cover = coverage(&org, &flags);
        let p2 = cover.positions.iter().find(|p| p.position == "P2").unwrap();
        assert!(
            p2.at_risk
                .as_deref()
                .is_some_and(|why| why.contains("leaving stage")),
            "{p2:?}"
        );
        let p1 = cover.positions.iter().find(|p| p.position == "P1").unwrap();
        assert_eq!(p1.at_risk, None, "A is not flagged");
        assert_eq!(cover.organisation.at_risk, 1);
    }

    #[test]
    fn a_vacant_position_is_not_covered_even_with_someone_ready() {
        let mut org = org();
        let mut p1 = org.positions["P1"].clone();
        p1.incumbent = None;
        org.put(p1.into_record());
        let cover = coverage(&org, &[]);
        let p1 = cover.positions.iter().find(|p| p.position == "P1").unwrap();
        assert_eq!(p1.ready_now, 1);
        assert!(!p1.covered, "{p1:?}");
        assert_eq!(cover.organisation.covered, 0);
        assert_eq!(cover.teams["Core"].coverage_pct, 0.0);
    }

    #[test]
    fn if_the_only_ready_successor_leaves_coverage_drops() {
        let org = org();
        let after = coverage_if_leaves(&org, &[], &PersonId::from("B"));
        assert_eq!(after.organisation.covered, 0);
        let p2 = after.positions.iter().find(|p| p.position == "P2").unwrap();
        assert_eq!(p2.incumbent, None, "B's own position is vacant");
        assert_eq!(
            coverage(&org, &[]).organisation.covered,
            1,
            "the real coverage is untouched"
        );
    }

    #[test]
    fn an_incumbent_who_leaves_with_someone_ready_now_leaves_the_position_covered() {
        let org = org();
        let after = coverage_if_leaves(&org, &[], &PersonId::from("A"));
        let p1 = after.positions.iter().find(|p| p.position == "P1").unwrap();
        assert_eq!(p1.incumbent, None, "A's position is vacated");
        assert!(p1.covered, "B is ready now to step in: {p1:?}");
        assert_eq!(after.organisation.covered, 1);
    }
}
