//! GROW coaching notes (Goal, Reality, Options, Will) and the action items they produce.

use super::Text;
use super::ids::{NoteId, PersonId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One coaching conversation with one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowNote {
    pub id: NoteId,
    /// The person coached.
    pub person: PersonId,
    /// The day of the 1:1.
    pub date: NaiveDate,
    /// Who wrote the note.
    #[serde(default)]
    pub author: Text,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub reality: String,
    /// Options, one per line; good practice is at least three.
    #[serde(default)]
    pub options: String,
    /// What will be done, by when, with what support.
    #[serde(default)]
    pub will: String,
    /// Confidence 1–10 that the Will happens; below 7 means follow up.
    #[serde(default)]
    pub confidence: Option<u8>,
    #[serde(default)]
    pub actions: Vec<ActionItem>,
}

/// An action agreed in the Will step. Open ones carry forward to the next 1:1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// Unique within its note.
    pub id: u32,
    pub text: String,
    /// Who owns the action (a person id or a name).
    #[serde(default)]
    pub owner: Text,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// The day it was marked done.
    #[serde(default)]
    pub done: Option<NaiveDate>,
}

impl GrowNote {
    pub fn validate(&self) -> Result<(), String> {
        if let Some(c) = self.confidence {
            if !(1..=10).contains(&c) {
                return Err(format!("confidence must be 1 to 10, not {c}"));
            }
        }
        let mut ids: Vec<u32> = self.actions.iter().map(|a| a.id).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err("two actions share an id".into());
        }
        Ok(())
    }

    pub fn open_actions(&self) -> impl Iterator<Item = &ActionItem> {
        self.actions.iter().filter(|a| a.done.is_none())
    }
}
