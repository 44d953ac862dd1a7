//! Flags raised by hand, and the severities and subjects all flags share.

use super::ids::{FlagId, PersonId, PositionId};
use super::person::parse_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Watch,
    High,
    Critical,
}

parse_enum!(Severity {
    "info" => Info,
    "watch" => Watch,
    "high" => High,
    "critical" => Critical,
});

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Watch => "watch",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What a flag is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Person(PersonId),
    Position(PositionId),
    Team(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Person(id) => write!(f, "person {id}"),
            Subject::Position(id) => write!(f, "position {id}"),
            Subject::Team(name) => write!(f, "team {name}"),
        }
    }
}

/// A flag a manager raised by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualFlag {
    pub id: FlagId,
    pub subject: Subject,
    pub severity: Severity,
    pub reason: String,
    #[serde(default)]
    pub raised_by: String,
    pub raised_on: NaiveDate,
    #[serde(default)]
    pub state: FlagState,
}

/// Where a flag stands. A quiet flag (acknowledged or snoozed) does not ask for attention.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum FlagState {
    #[default]
    Open,
    Acknowledged {
        by: String,
        on: NaiveDate,
    },
    Snoozed {
        until: NaiveDate,
    },
    Resolved {
        on: NaiveDate,
        note: String,
    },
}

impl FlagState {
    pub fn label(&self) -> &'static str {
        match self {
            FlagState::Open => "open",
            FlagState::Acknowledged { .. } => "acknowledged",
            FlagState::Snoozed { .. } => "snoozed",
            FlagState::Resolved { .. } => "resolved",
        }
    }
}
