//! Points: balances, the team ranking, the next threshold on a person's ladder, and when they
//! would reach it at their recent rate.

use super::index::OrgIndex;
use super::rules::Rules;
use crate::domain::ladder::{CareerLadder, LadderLevel};
use crate::domain::person::Person;
use crate::domain::{Org, Text};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// All points a person has earned, reversals included.
pub fn balance(index: &OrgIndex, person: &str) -> i64 {
    index.points.get(person).map_or(0, |entries| {
        entries.iter().map(|e| i64::from(e.points)).sum()
    })
}

/// The ladder a person's level is on, and the level above it.
pub fn next_level<'a>(
    org: &'a Org,
    person: &Person,
) -> Option<(&'a CareerLadder, &'a LadderLevel)> {
    org.ladders
        .values()
        .filter(|l| person.track.is_none_or(|t| t == l.track))
        .find_map(|ladder| ladder.next_level(&person.level).map(|next| (ladder, next)))
}

/// Estimates further out than this (three years) are not given.
pub const ETA_HORIZON_DAYS: i64 = 3 * 365;

/// When the next threshold is reached.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(
    rename_all = "snake_case",
    tag = "state",
    content = "date",
    try_from = "EtaRepr"
)]
pub enum Eta {
    /// The balance is already at or past it.
    Reached,
    /// At the recent rate, on this day.
    On(NaiveDate),
    /// Nothing (or less than nothing) was earned recently: at that rate, never.
    Never,
    /// Points are coming in, but too slowly to get there within three years.
    BeyondThreeYears,
    /// There is no next level with a threshold.
    NoThreshold,
}

impl Eta {
    /// The estimate in words, for a sentence or a report.
    pub fn words(&self) -> String {
        match self {
            Eta::Reached => "reached".to_string(),
            Eta::On(day) => format!("around {day} at the recent rate"),
            Eta::Never => "never at the recent rate (nothing earned lately)".to_string(),
            Eta::BeyondThreeYears => "more than three years away at the recent rate".to_string(),
            Eta::NoThreshold => String::new(),
        }
    }

    /// The estimate in a table's cell: a day, or a few words.
    pub fn short(&self) -> String {
        match self {
            Eta::Reached => "reached".to_string(),
            Eta::On(day) => day.to_string(),
            Eta::Never => "never".to_string(),
            Eta::BeyondThreeYears => "over 3 years".to_string(),
            Eta::NoThreshold => String::new(),
        }
    }
}

/// One person's points, as the ranking shows them.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Standing {
    pub person: Text,
    pub name: Text,
    pub team: Text,
    /// Points in the period asked for (everything, by default).
    pub points: i64,
    /// 1 for the most points in the team.
    pub rank: usize,
    /// All points ever, what thresholds are measured against.
    pub balance: i64,
    pub level: Text,
    pub next_level: Option<Text>,
    pub threshold: Option<u32>,
    /// Points per 30 days over the recent window.
    pub recent_per_30_days: f64,
    pub eta: Eta,
}

/// [`Eta`] as read: a state and, for [`Eta::On`], its day. Read through this rather than as
/// the tagged enum it is written as, so that a state without a day reads back from the
/// server's compact frames (where a missing last field is a shorter list) as from JSON.
#[derive(serde::Deserialize)]
struct EtaRepr {
    state: String,
    #[serde(default)]
    date: Option<NaiveDate>,
}

impl TryFrom<EtaRepr> for Eta {
    type Error = String;

    fn try_from(repr: EtaRepr) -> Result<Eta, String> {
        Ok(match (repr.state.as_str(), repr.date) {
            ("reached", _) => Eta::Reached,
            ("on", Some(day)) => Eta::On(day),
            ("never", _) => Eta::Never,
            ("beyond_three_years", _) => Eta::BeyondThreeYears,
            ("no_threshold", _) => Eta::NoThreshold,
            (state, _) => return Err(format!("not an estimate: {state}")),
        })
    }
}

/// The estimate of when `balance` reaches `threshold` at `per_day`.
pub fn eta(balance: i64, threshold: Option<u32>, per_day: f64, today: NaiveDate) -> Eta {
    let Some(threshold) = threshold else {
        return Eta::NoThreshold;
    };
    let missing = i64::from(threshold) - balance;
    if missing <= 0 {
        return Eta::Reached;
    }
    if per_day <= 0.0 {
        return Eta::Never;
    }
    let days = (missing as f64 / per_day).ceil() as i64;
    // Beyond a few years an estimate says nothing: the rate will have changed long before.
    if days > ETA_HORIZON_DAYS {
        return Eta::BeyondThreeYears;
    }
    today
        .checked_add_signed(Duration::days(days))
        .map_or(Eta::BeyondThreeYears, Eta::On)
}

/// Every person still here with their points since `since` (all time with `None`), ranked
/// within their team; the teams in name order, each best first.
pub fn standings(
    org: &Org,
    rules: &Rules,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> Vec<Standing> {
    standings_with(&OrgIndex::new(org), rules, today, since)
}

/// [`standings`] over an index already built.
pub fn standings_with(
    index: &OrgIndex,
    rules: &Rules,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> Vec<Standing> {
    let mut teams: Vec<(&str, &Vec<&Person>)> = index.teams.iter().map(|(t, m)| (*t, m)).collect();
    teams.sort_unstable_by_key(|(team, _)| *team);
    let mut all = Vec::new();
    for (_, members) in teams {
        all.extend(team_standings(index, rules, today, since, members));
    }
    all
}

/// The standings of one team's `members` (those still here, as [`OrgIndex::teams`] lists
/// them), best first; `index` needs their points.
pub fn team_standings(
    index: &OrgIndex,
    rules: &Rules,
    today: NaiveDate,
    since: Option<NaiveDate>,
    members: &[&Person],
) -> Vec<Standing> {
    let org = index.org;
    let window = rules.points.recent_days.max(1);
    let recent_from = today - Duration::days(window);
    let mut standings: Vec<Standing> = members
        .iter()
        .map(|person| {
            let entries = index
                .points
                .get(person.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let in_period = |from: Option<NaiveDate>| -> i64 {
                entries
                    .iter()
                    .filter(|e| from.is_none_or(|f| e.date >= f) && e.date <= today)
                    .map(|e| i64::from(e.points))
                    .sum()
            };
            let points = in_period(since);
            let recent = in_period(Some(recent_from)) as f64 / window as f64;
            let balance = balance(index, person.id.as_str());
            let next = next_level(org, person).map(|(_, level)| level);
            let threshold = next.and_then(|l| l.points_threshold);
            Standing {
                person: person.id.0.clone(),
                name: person.name.clone(),
                team: person.team.clone(),
                points,
                rank: 0,
                balance,
                level: person.level.clone(),
                next_level: next.map(|l| compact_str::format_compact!("{} {}", l.code, l.title)),
                threshold,
                recent_per_30_days: (recent * 30.0 * 10.0).round() / 10.0,
                eta: eta(balance, threshold, recent, today),
            }
        })
        .collect();
    rank(&mut standings);
    standings
}

/// Orders one team's standings and gives their ranks: most points first; equal points by name
/// as lists by name are sorted (Chinese by its pinyin), then by the name itself. Equal points
/// share a rank, and the next rank counts everyone above: 1, 2, 2, 4.
fn rank(members: &mut [Standing]) {
    members.sort_by_cached_key(|m| {
        (
            std::cmp::Reverse(m.points),
            crate::text::names::sort_key_of(&m.name),
            m.name.clone(),
        )
    });
    for i in 0..members.len() {
        members[i].rank = match i.checked_sub(1).map(|before| &members[before]) {
            Some(before) if before.points == members[i].points => before.rank,
            _ => i + 1,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n)
    }

    #[test]
    fn the_eta_follows_the_recent_rate() {
        assert_eq!(eta(4300, Some(5000), 10.0, day(0)), Eta::On(day(70)));
        assert_eq!(
            eta(4300, Some(5000), 3.0, day(0)),
            Eta::On(day(234)),
            "rounds up"
        );
        assert_eq!(eta(5000, Some(5000), 0.0, day(0)), Eta::Reached);
        assert_eq!(eta(4300, Some(5000), 0.0, day(0)), Eta::Never);
        assert_eq!(eta(4300, Some(5000), -1.0, day(0)), Eta::Never);
        assert_eq!(eta(4300, None, 5.0, day(0)), Eta::NoThreshold);
        assert_eq!(eta(0, Some(5000), 1.0, day(0)), Eta::BeyondThreeYears);
        assert_eq!(eta(0, Some(5000), 5.0, day(0)), Eta::On(day(1000)));
    }

    #[test]
    fn never_and_more_than_three_years_are_told_apart() {
        let never = eta(4300, Some(5000), 0.0, day(0));
        let far = eta(0, Some(5000), 1.0, day(0));
        assert!(never.words().contains("never"), "{}", never.words());
        assert!(far.words().contains("three years"), "{}", far.words());
        assert_ne!(never.short(), far.short());
        assert_eq!(
            serde_json::to_value(&far).unwrap()["state"],
            "beyond_three_years"
        );
    }

    #[test]
    fn equal_points_share_a_rank_and_the_next_counts_everyone_above() {
        use crate::domain::Stored;
        use crate::domain::person::Person;
        use crate::domain::points::PointsEntry;
        let mut org = Org::default();
        for (id, points) in [("A", 10), ("B", 10), ("C", 5), ("D", 5), ("E", 1)] {
            let mut p = Person::new(id, id);
            p.team = "Team".into();
            org.put(p.into_record());
            org.put(
                PointsEntry {
                    id: format!("{id}1").into(),
                    person: id.into(),
                    date: day(0),
                    rule: None,
                    points,
                    reason: Default::default(),
                    reverses: None,
                    recorded_by: Default::default(),
                }
                .into_record(),
            );
        }
        let ranks: Vec<(String, usize)> = standings(&org, &Rules::default(), day(1), None)
            .into_iter()
            .map(|s| (s.person.to_string(), s.rank))
            .collect();
        let expected = [("A", 1), ("B", 1), ("C", 3), ("D", 3), ("E", 5)];
        assert_eq!(
            ranks,
            expected.map(|(id, rank)| (id.to_string(), rank)).to_vec()
        );
    }
}
