//! Acknowledgements and snoozes of computed flags. A computed flag has no record of its own, so
//! what a manager said about it is kept here, with the evidence it was said about: when the
//! evidence changes, the flag speaks again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagQuiet {
    /// The computed flag's id, `kind/subject`.
    pub flag: String,
    /// The evidence the manager saw, as the flag's rule summarises it.
    pub fingerprint: String,
    pub state: QuietState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum QuietState {
    /// Seen and being handled: quiet until the evidence changes.
    Acknowledged { by: String, on: NaiveDate },
    /// Quiet until a day, or until the evidence changes.
    Snoozed { by: String, until: NaiveDate },
}

impl QuietState {
    pub fn label(&self) -> String {
        match self {
            QuietState::Acknowledged { by, on } => format!("acknowledged by {by} on {on}"),
            QuietState::Snoozed { until, .. } => format!("snoozed until {until}"),
        }
    }
}
