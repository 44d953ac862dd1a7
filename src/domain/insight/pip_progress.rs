//! Improvement-plan progress: per goal the gap and its trend across check-ins, per plan the share
//! of goals met against the share of time gone, and a status with its reason.

use crate::domain::pip::{Pip, PipGoal, Rating};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improving,
    Flat,
    Worsening,
    /// Fewer than two measured values.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalProgress {
    pub goal: u32,
    pub dimension: String,
    pub baseline: f64,
    pub target: f64,
    pub current: f64,
    /// How far from the target, in the goal's unit; 0 when met.
    pub gap: f64,
    pub met: bool,
    /// The gap at the start and after each measured check-in.
    pub gaps: Vec<(NaiveDate, f64)>,
    pub trend: Trend,
    /// Share of the way from baseline to target, 0 to 1.
    pub progress: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipProgress {
    pub pip: String,
    pub person: String,
    pub goals: Vec<GoalProgress>,
    /// Share of goals met, 0 to 1.
    pub goals_met: f64,
    /// Share of the plan's time gone, 0 to 1.
    pub time_elapsed: f64,
    pub status: Rating,
    pub reason: String,
}

fn gap_of(goal: &PipGoal, value: f64) -> f64 {
    PipGoal {
        current: value,
        ..goal.clone()
    }
    .gap()
    .max(0.0)
}

fn goal_progress(pip: &Pip, goal: &PipGoal) -> GoalProgress {
    let mut gaps = vec![(pip.start, gap_of(goal, goal.baseline))];
    for checkin in &pip.checkins {
        if let Some(value) = checkin
            .ratings
            .iter()
            .find(|r| r.goal == goal.id)
            .and_then(|r| r.value)
        {
            gaps.push((checkin.date, gap_of(goal, value)));
        }
    }
    let trend = match gaps.as_slice() {
        [.., (_, before), (_, now)] => {
            if now < before {
                Trend::Improving
            } else if now > before {
                Trend::Worsening
            } else {
                Trend::Flat
            }
        }
        _ => Trend::Unknown,
    };
    let span = (goal.target - goal.baseline).abs();
    let progress = if goal.is_met() {
        1.0
    } else if span == 0.0 {
        0.0
    } else {
        (1.0 - gap_of(goal, goal.current) / span).clamp(0.0, 1.0)
    };
    GoalProgress {
        goal: goal.id,
        dimension: goal.dimension.clone(),
        baseline: goal.baseline,
        target: goal.target,
        current: goal.current,
        gap: gap_of(goal, goal.current),
        met: goal.is_met(),
        gaps,
        trend,
        progress,
    }
}

/// The progress of `pip` on `today`.
pub fn progress(pip: &Pip, today: NaiveDate) -> PipProgress {
    let goals: Vec<GoalProgress> = pip.goals.iter().map(|g| goal_progress(pip, g)).collect();
    let count = goals.len().max(1) as f64;
    let goals_met = goals.iter().filter(|g| g.met).count() as f64 / count;
    let mean_progress = goals.iter().map(|g| g.progress).sum::<f64>() / count;
    let length = (pip.end - pip.start).num_days().max(1) as f64;
    let time_elapsed = ((today - pip.start).num_days() as f64 / length).clamp(0.0, 1.0);
    let worsening = goals.iter().filter(|g| g.trend == Trend::Worsening).count();
    let last_rated = |rating: Rating| {
        (pip.checkins.last()).is_some_and(|c| c.ratings.iter().any(|r| r.rating == rating))
    };
    let (last_off_track, last_at_risk) = (last_rated(Rating::OffTrack), last_rated(Rating::AtRisk));
    let pct = |x: f64| (x * 100.0).round();
    let (status, reason) = if !goals.is_empty() && goals.iter().all(|g| g.met) {
        (Rating::OnTrack, "every goal is met".to_string())
    } else if mean_progress + 0.3 < time_elapsed || (last_off_track && worsening > 0) {
        (
            Rating::OffTrack,
            format!(
                "{}% of the way to the targets with {}% of the time gone",
                pct(mean_progress),
                pct(time_elapsed)
            ),
        )
    } else if mean_progress + 0.1 < time_elapsed || worsening > 0 || last_off_track || last_at_risk
    {
        // The manager's own rating at the last check-in counts: a plan is not on track while
        // they rated one of its goals at risk.
        let why = if worsening > 0 {
            format!("{worsening} goal(s) moving away from target")
        } else if last_off_track {
            "the last check-in rated a goal off track".to_string()
        } else if last_at_risk {
            "the last check-in rated a goal at risk".to_string()
        } else {
            format!(
                "{}% of the way to the targets with {}% of the time gone",
                pct(mean_progress),
                pct(time_elapsed)
            )
        };
        (Rating::AtRisk, why)
    } else {
        (
            Rating::OnTrack,
            format!(
                "{}% of the way to the targets with {}% of the time gone",
                pct(mean_progress),
                pct(time_elapsed)
            ),
        )
    };
    PipProgress {
        pip: pip.id.to_string(),
        person: pip.person.to_string(),
        goals,
        goals_met,
        time_elapsed,
        status,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pip::{CheckIn, Direction, GoalRating, PipStatus};
    use chrono::Duration;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + Duration::days(n)
    }

    fn plan(goals: Vec<PipGoal>, checkins: Vec<CheckIn>) -> Pip {
        Pip {
            id: "PIP1".into(),
            person: "E1".into(),
            owner: String::new(),
            status: PipStatus::Active,
            start: day(0),
            end: day(100),
            reason: String::new(),
            goals,
            supports: vec![],
            checkins,
            outcome: String::new(),
            checkin_every_days: 14,
        }
    }

    fn goal(id: u32, baseline: f64, target: f64, current: f64, direction: Direction) -> PipGoal {
        PipGoal {
            id,
            dimension: format!("goal {id}"),
            unit: String::new(),
            direction,
            target,
            baseline,
            current,
            root_cause: String::new(),
            actions: vec![],
        }
    }

    fn checkin(d: i64, goal: u32, value: f64, rating: Rating) -> CheckIn {
        CheckIn {
            date: day(d),
            note: String::new(),
            ratings: vec![GoalRating {
                goal,
                rating,
                value: Some(value),
            }],
        }
    }

    #[test]
    fn gaps_follow_the_goal_direction_and_their_trend() {
        let review_hours = goal(1, 72.0, 24.0, 30.0, Direction::LowerIsBetter);
        let p = plan(
            vec![review_hours],
            vec![
                checkin(30, 1, 40.0, Rating::AtRisk),
                checkin(60, 1, 30.0, Rating::OnTrack),
            ],
        );
        let progress = progress(&p, day(60));
        let g = &progress.goals[0];
        assert_eq!(g.gap, 6.0);
        assert_eq!(
            g.gaps,
            vec![(day(0), 48.0), (day(30), 16.0), (day(60), 6.0)]
        );
        assert_eq!(g.trend, Trend::Improving);
        assert!((g.progress - 0.875).abs() < 1e-9, "{}", g.progress);
    }

    #[test]
    fn behind_the_clock_is_at_risk_then_off_track() {
        // Half way to target.
        let half = || {
            plan(
                vec![goal(1, 0.0, 10.0, 5.0, Direction::HigherIsBetter)],
                vec![],
            )
        };
        assert_eq!(
            progress(&half(), day(50)).status,
            Rating::OnTrack,
            "half the way, half the time"
        );
        assert_eq!(
            progress(&half(), day(65)).status,
            Rating::AtRisk,
            "15 points behind the clock"
        );
        let late = progress(&half(), day(90));
        assert_eq!(late.status, Rating::OffTrack, "40 points behind the clock");
        assert_eq!(
            late.reason,
            "50% of the way to the targets with 90% of the time gone"
        );
        assert!((late.time_elapsed - 0.9).abs() < 1e-9);
    }

    #[test]
    fn a_goal_moving_away_from_target_puts_the_plan_at_risk() {
        let p = plan(
            vec![goal(1, 0.0, 10.0, 6.0, Direction::HigherIsBetter)],
            vec![
                checkin(20, 1, 7.0, Rating::OnTrack),
                checkin(40, 1, 6.0, Rating::AtRisk),
            ],
        );
        let progress = progress(&p, day(40));
        assert_eq!(progress.goals[0].trend, Trend::Worsening);
        assert_eq!(progress.status, Rating::AtRisk);
        assert_eq!(progress.reason, "1 goal(s) moving away from target");
    }

    /// A goal the last check-in rated at risk keeps the plan from being on track, though it is
    /// ahead of the clock (it said "on track" beside the manager's own "at risk").
    #[test]
    fn a_goal_rated_at_risk_at_the_last_check_in_puts_the_plan_at_risk() {
        let p = plan(
            vec![goal(1, 0.0, 10.0, 6.0, Direction::HigherIsBetter)],
            vec![checkin(20, 1, 6.0, Rating::AtRisk)],
        );
        let progress = progress(&p, day(20));
        assert_eq!(progress.status, Rating::AtRisk);
        assert_eq!(progress.reason, "the last check-in rated a goal at risk");
        let p = plan(
            vec![goal(1, 0.0, 10.0, 6.0, Direction::HigherIsBetter)],
            vec![checkin(20, 1, 6.0, Rating::OnTrack)],
        );
        assert_eq!(
            progress_of(&p, 20),
            Rating::OnTrack,
            "rated on track, ahead"
        );
    }

    fn progress_of(p: &Pip, d: i64) -> Rating {
        progress(p, day(d)).status
    }

    #[test]
    fn every_goal_met_is_on_track_whatever_the_date() {
        let p = plan(
            vec![
                goal(1, 0.0, 10.0, 10.0, Direction::HigherIsBetter),
                goal(2, 5.0, 1.0, 0.5, Direction::LowerIsBetter),
            ],
            vec![],
        );
        let progress = progress(&p, day(99));
        assert_eq!(
            (progress.status, progress.goals_met),
            (Rating::OnTrack, 1.0)
        );
        assert_eq!(progress.reason, "every goal is met");
    }
}
