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
    let last_off_track = pip
        .checkins
        .last()
        .is_some_and(|c| c.ratings.iter().any(|r| r.rating == Rating::OffTrack));
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
    } else if mean_progress + 0.1 < time_elapsed || worsening > 0 || last_off_track {
        let why = if worsening > 0 {
            format!("{worsening} goal(s) moving away from target")
        } else if last_off_track {
            "the last check-in rated a goal off track".to_string()
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
