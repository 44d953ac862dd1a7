//! Career ladders: the management and the professional track, each with levels.

use super::ids::LadderId;
use super::person::Track;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareerLadder {
    pub id: LadderId,
    pub track: Track,
    pub name: String,
    /// From the first level up.
    pub levels: Vec<LadderLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderLevel {
    /// The code people carry in their `level` field, e.g. `M3`.
    pub code: String,
    pub title: String,
    /// Points needed to be considered for this level.
    #[serde(default)]
    pub points_threshold: Option<u32>,
    #[serde(default)]
    pub criteria: String,
}

impl CareerLadder {
    pub fn validate(&self) -> Result<(), String> {
        let mut codes: Vec<&str> = self.levels.iter().map(|l| l.code.as_str()).collect();
        codes.sort_unstable();
        if codes.windows(2).any(|w| w[0] == w[1]) {
            return Err("two levels share a code".into());
        }
        Ok(())
    }

    /// The level after `code`, if there is one.
    pub fn next_level(&self, code: &str) -> Option<&LadderLevel> {
        let at = self.levels.iter().position(|l| l.code == code)?;
        self.levels.get(at + 1)
    }
}
