//! The 9-box cell and the key-employee score from the latest assessments.

use super::index::OrgIndex;
use crate::domain::assessment::{Assessment, Band, Quarter};
use serde::Serialize;

/// A cell of the 9-box grid, with the name talent reviews give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NineBox {
    pub performance: Band,
    pub potential: Band,
}

impl NineBox {
    pub fn of(assessment: &Assessment) -> NineBox {
        NineBox {
            performance: assessment.performance,
            potential: assessment.potential,
        }
    }

    pub fn name(self) -> &'static str {
        use Band::*;
        match (self.performance, self.potential) {
            (High, High) => "star",
            (Medium, High) => "high potential",
            (Low, High) => "enigma",
            (High, Medium) => "high performer",
            (Medium, Medium) => "core player",
            (Low, Medium) => "inconsistent player",
            (High, Low) => "trusted professional",
            (Medium, Low) => "effective contributor",
            (Low, Low) => "underperformer",
        }
    }
}

/// The three key-employee dimensions averaged, and how that moved since the quarter before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyScore {
    pub quarter: Quarter,
    /// Mean of ability, contribution and influence, 1–5.
    pub score: f64,
    pub ability: u8,
    pub contribution: u8,
    pub influence: u8,
    /// Change of the score since the previous assessment, when there is one.
    pub change: Option<f64>,
}

fn mean(a: &Assessment) -> f64 {
    (f64::from(a.ability) + f64::from(a.contribution) + f64::from(a.influence)) / 3.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn key_score(index: &OrgIndex, person: &str) -> Option<KeyScore> {
    let list = index.assessments.get(person)?;
    let latest = list.last()?;
    let previous = list.len().checked_sub(2).and_then(|i| list.get(i));
    Some(KeyScore {
        quarter: latest.quarter,
        score: round2(mean(latest)),
        ability: latest.ability,
        contribution: latest.contribution,
        influence: latest.influence,
        change: previous.map(|p| round2(mean(latest) - mean(p))),
    })
}

pub fn nine_box(index: &OrgIndex, person: &str) -> Option<NineBox> {
    index.latest_assessment(person).map(NineBox::of)
}
