//! Departures of key people: the handover checklist and the revocation of access.

use super::ids::{DepartureId, PersonId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    pub id: DepartureId,
    pub person: PersonId,
    pub last_day: NaiveDate,
    /// When the departure was recorded; sensitive access is due for revocation that day.
    pub started_on: NaiveDate,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub tasks: Vec<HandoverTask>,
    #[serde(default)]
    pub revocations: Vec<AccessRevocation>,
    /// The handover report written at the end.
    #[serde(default)]
    pub report: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverTask {
    /// Unique within its departure.
    pub id: u32,
    pub kind: HandoverKind,
    pub description: String,
    /// Due this many days relative to the last day (−3 is three days before it).
    pub due_offset_days: i32,
    /// Who receives the handover and must confirm it.
    #[serde(default)]
    pub receiver: Option<PersonId>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    /// The day the receiver confirmed it.
    #[serde(default)]
    pub confirmed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverKind {
    /// Client accounts: due three days before the last day.
    ClientAccounts,
    WorkInProgress,
    AssetsReturned,
    Documents,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRevocation {
    /// Unique within its departure.
    pub id: u32,
    pub system: String,
    pub class: AccessClass,
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// When access is due to be revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessClass {
    /// Sensitive rights: at once.
    Sensitive,
    /// Everything else: in the last week.
    Standard,
    /// The account itself: on the last day.
    Account,
}

impl AccessClass {
    pub fn label(self) -> &'static str {
        match self {
            AccessClass::Sensitive => "sensitive",
            AccessClass::Standard => "standard",
            AccessClass::Account => "account",
        }
    }
}

impl Departure {
    /// The handover tasks in the order a checklist is worked through: soonest due first, those
    /// due the same day in the order they were made.
    pub fn tasks_by_due(&self) -> Vec<&HandoverTask> {
        let mut tasks: Vec<&HandoverTask> = self.tasks.iter().collect();
        tasks.sort_by_key(|t| (t.due_offset_days, t.id));
        tasks
    }

    pub fn task_due(&self, task: &HandoverTask) -> NaiveDate {
        self.last_day + chrono::Duration::days(i64::from(task.due_offset_days))
    }

    /// The day by which an access must be revoked.
    pub fn revocation_due(&self, revocation: &AccessRevocation) -> NaiveDate {
        match revocation.class {
            AccessClass::Sensitive => self.started_on,
            AccessClass::Standard | AccessClass::Account => self.last_day,
        }
    }

    pub fn validate(&self) -> Result<(), String> {
        let mut ids: Vec<u32> = self.tasks.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err("two handover tasks share an id".into());
        }
        let mut ids: Vec<u32> = self.revocations.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err("two access revocations share an id".into());
        }
        Ok(())
    }
}
