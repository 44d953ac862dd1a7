//! Performance improvement plans. The aim is improvement, not punishment.

use super::ids::{PersonId, PipId};
use super::person::parse_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A plan for someone whose work is below expectations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pip {
    pub id: PipId,
    pub person: PersonId,
    /// The manager running the plan.
    #[serde(default)]
    pub owner: String,
    pub status: PipStatus,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Why the plan exists, in words that aim at improvement.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub goals: Vec<PipGoal>,
    #[serde(default)]
    pub supports: Vec<Support>,
    #[serde(default)]
    pub checkins: Vec<CheckIn>,
    /// What was concluded when the plan closed.
    #[serde(default)]
    pub outcome: String,
    /// Days between check-ins the plan agreed (the practice: at least monthly).
    #[serde(default = "default_checkin_days")]
    pub checkin_every_days: u16,
}

/// The check-in interval of a plan that does not say: every two weeks.
pub fn default_checkin_days() -> u16 {
    14
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PipStatus {
    Draft,
    Active,
    Extended,
    Passed,
    Failed,
    Cancelled,
}

parse_enum!(PipStatus {
    "draft" => Draft,
    "active" => Active,
    "extended" => Extended,
    "passed" => Passed,
    "failed" => Failed,
    "cancelled" => Cancelled,
});

impl PipStatus {
    /// Draft, active and extended plans are still running.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            PipStatus::Draft | PipStatus::Active | PipStatus::Extended
        )
    }
}

/// Whether a bigger or a smaller number is better for a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
}

/// One measurable goal of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipGoal {
    /// Unique within its plan.
    pub id: u32,
    /// What is measured, e.g. "code review turnaround".
    pub dimension: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub direction: Direction,
    pub target: f64,
    pub baseline: f64,
    pub current: f64,
    #[serde(default)]
    pub root_cause: String,
    #[serde(default)]
    pub actions: Vec<PlanAction>,
}

impl PipGoal {
    /// How far the current value is from the target; zero or less means met.
    pub fn gap(&self) -> f64 {
        match self.direction {
            Direction::HigherIsBetter => self.target - self.current,
            Direction::LowerIsBetter => self.current - self.target,
        }
    }

    pub fn is_met(&self) -> bool {
        self.gap() <= 0.0
    }
}

/// An improvement action of a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAction {
    pub text: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub done: Option<NaiveDate>,
}

/// Help given during the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    pub kind: SupportKind,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    Mentor,
    Training,
    Other,
    /// Time, budget, tools or material set aside for the plan.
    Resource,
}

/// A check-in, at least monthly: each goal rated, with its value at the time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
    pub ratings: Vec<GoalRating>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalRating {
    pub goal: u32,
    pub rating: Rating,
    /// The goal's measured value at the check-in, when measured.
    #[serde(default)]
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    OnTrack,
    AtRisk,
    OffTrack,
}

parse_enum!(Rating { "on_track" => OnTrack, "at_risk" => AtRisk, "off_track" => OffTrack });

impl Pip {
    pub fn validate(&self) -> Result<(), String> {
        if self.end < self.start {
            return Err(format!(
                "the plan ends ({}) before it starts ({})",
                self.end, self.start
            ));
        }
        let mut ids: Vec<u32> = self.goals.iter().map(|g| g.id).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err("two goals share an id".into());
        }
        for goal in &self.goals {
            if !(goal.target.is_finite() && goal.baseline.is_finite() && goal.current.is_finite()) {
                return Err(format!("goal {} has a value that is not a number", goal.id));
            }
        }
        for checkin in &self.checkins {
            checkin.validate_against(self)?;
        }
        Ok(())
    }

    pub fn goal(&self, id: u32) -> Option<&PipGoal> {
        self.goals.iter().find(|g| g.id == id)
    }
}

impl CheckIn {
    pub fn validate_against(&self, pip: &Pip) -> Result<(), String> {
        for rating in &self.ratings {
            if pip.goal(rating.goal).is_none() {
                return Err(format!("plan {} has no goal {}", pip.id, rating.goal));
            }
            if rating.value.is_some_and(|v| !v.is_finite()) {
                return Err(format!(
                    "goal {} has a value that is not a number",
                    rating.goal
                ));
            }
        }
        Ok(())
    }
}
