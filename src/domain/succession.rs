//! Key positions and their successor slates. Plans belong to positions, so they survive a change
//! of incumbent.

use super::ids::{PersonId, PositionId};
use super::person::parse_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPosition {
    pub id: PositionId,
    pub title: String,
    #[serde(default)]
    pub team: String,
    pub criticality: Criticality,
    /// May be empty while the position is vacant.
    #[serde(default)]
    pub incumbent: Option<PersonId>,
    /// The slate, in rank order once normalised.
    #[serde(default)]
    pub successors: Vec<Successor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    Low,
    Medium,
    High,
    Critical,
}

parse_enum!(Criticality {
    "low" => Low,
    "medium" => Medium,
    "high" => High,
    "critical" => Critical,
});

/// One successor on a position's slate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Successor {
    pub person: PersonId,
    pub readiness: Readiness,
    /// Marked as the emergency (interim) cover.
    #[serde(default)]
    pub emergency: bool,
    /// 1 is the first choice.
    pub rank: u8,
    #[serde(default)]
    pub development: Vec<DevelopmentAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    ReadyNow,
    OneToTwoYears,
    ThreePlusYears,
}

parse_enum!(Readiness {
    "ready_now" => ReadyNow,
    "one_to_two_years" => OneToTwoYears,
    "three_plus_years" => ThreePlusYears,
});

impl Readiness {
    pub fn label(self) -> &'static str {
        match self {
            Readiness::ReadyNow => "ready now",
            Readiness::OneToTwoYears => "1–2 years",
            Readiness::ThreePlusYears => "3+ years",
        }
    }
}

/// How a successor is being developed for the position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentAction {
    pub kind: DevelopmentKind,
    pub description: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DevelopmentKind {
    /// Shadowing the incumbent.
    Shadowing,
    Rotation,
    Mentor,
    Training,
}

impl KeyPosition {
    pub fn successor(&self, person: &PersonId) -> Option<&Successor> {
        self.successors.iter().find(|s| &s.person == person)
    }

    pub fn ready_now(&self) -> usize {
        self.successors
            .iter()
            .filter(|s| s.readiness == Readiness::ReadyNow)
            .count()
    }

    pub fn validate(&self) -> Result<(), String> {
        let mut people: Vec<&PersonId> = self.successors.iter().map(|s| &s.person).collect();
        people.sort();
        if people.windows(2).any(|w| w[0] == w[1]) {
            return Err("a person appears twice on the slate".into());
        }
        if let Some(incumbent) = &self.incumbent {
            if self.successor(incumbent).is_some() {
                return Err(format!(
                    "{incumbent} holds the position and cannot succeed to it"
                ));
            }
        }
        Ok(())
    }

    /// Orders the slate by rank, then renumbers the ranks 1, 2, 3…
    pub fn normalise_ranks(&mut self) {
        self.successors.sort_by_key(|s| s.rank);
        for (i, successor) in self.successors.iter_mut().enumerate() {
            successor.rank = u8::try_from(i + 1).unwrap_or(u8::MAX);
        }
    }
}
