//! The points ledger: contributions recorded as points by rule. Append-only: a correction is a
//! reversing entry, never an edit.

use super::Text;
use super::ids::{EntryId, PersonId, RuleId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// "Product shipped: +20".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsRule {
    pub id: RuleId,
    pub name: String,
    pub points: i32,
    #[serde(default)]
    pub description: String,
}

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsEntry {
    pub id: EntryId,
    pub person: PersonId,
    pub date: NaiveDate,
    /// The rule applied, if any.
    #[serde(default)]
    pub rule: Option<RuleId>,
    pub points: i32,
    #[serde(default)]
    pub reason: Text,
    /// Set on a reversing entry: the entry it cancels.
    #[serde(default)]
    pub reverses: Option<EntryId>,
    #[serde(default)]
    pub recorded_by: Text,
}

impl PointsEntry {
    /// The id a reversal of `entry` gets, so an entry can be reversed only once.
    pub fn reversal_id(entry: &EntryId) -> EntryId {
        EntryId(compact_str::format_compact!("{entry}~reversal"))
    }
}
