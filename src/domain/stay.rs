//! Stay interviews: why a key person stays, what would make them leave, and what follows.

use super::ids::{PersonId, StayId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Follow-up actions of a stay interview are due within this many days.
pub const FOLLOW_UP_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayInterview {
    pub id: StayId,
    pub person: PersonId,
    pub date: NaiveDate,
    #[serde(default)]
    pub interviewer: String,
    /// What keeps them here.
    #[serde(default)]
    pub why_stay: String,
    /// What would make them leave.
    #[serde(default)]
    pub would_leave_if: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// What they want next: a role, a project, a skill (added in schema version 4).
    #[serde(default)]
    pub wants_next: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub text: String,
    #[serde(default)]
    pub owner: String,
    pub due: NaiveDate,
    #[serde(default)]
    pub done: Option<NaiveDate>,
}

impl StayInterview {
    pub fn validate(&self) -> Result<(), String> {
        let latest = self.date + chrono::Duration::days(FOLLOW_UP_DAYS);
        for follow_up in &self.follow_ups {
            if follow_up.due > latest {
                return Err(format!(
                    "follow-up \"{}\" is due {}, more than {FOLLOW_UP_DAYS} days after the interview",
                    follow_up.text, follow_up.due
                ));
            }
        }
        Ok(())
    }
}
