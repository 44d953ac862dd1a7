//! The 9-box cell and the key-employee score from the latest assessments.

use super::index::OrgIndex;
use crate::domain::assessment::{Assessment, Band, Quarter};
use serde::{Deserialize, Serialize};

/// A cell of the 9-box grid, with the name talent reviews give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
            (Low, High) => "untapped potential",
            (High, Medium) => "high performer",
            (Medium, Medium) => "core player",
            (Low, Medium) => "developing",
            (High, Low) => "trusted professional",
            (Medium, Low) => "effective contributor",
            (Low, Low) => "needs support",
        }
    }
}

/// The three key-employee dimensions averaged, and how that moved since the quarter before.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Org;
    use crate::domain::Stored;

    fn assessment(back: u32, dims: (u8, u8, u8), performance: Band, potential: Band) -> Assessment {
        Assessment {
            person: "E1".into(),
            quarter: Quarter { year: 2026, q: 3 }.back(back),
            ability: dims.0,
            contribution: dims.1,
            influence: dims.2,
            performance,
            potential,
            engagement: 70,
            kpi_attainment: None,
            leave_days: None,
            note: String::new(),
        }
    }

    #[test]
    fn the_latest_assessment_gives_the_cell_and_the_score_moves_with_the_quarter() {
        let mut org = Org::default();
        org.put(assessment(1, (3, 3, 3), Band::Medium, Band::Medium).into_record());
        org.put(assessment(0, (5, 4, 3), Band::High, Band::High).into_record());
        let index = OrgIndex::new(&org);
        let cell = nine_box(&index, "E1").unwrap();
        assert_eq!(
            (cell.performance, cell.potential, cell.name()),
            (Band::High, Band::High, "star")
        );
        let score = key_score(&index, "E1").unwrap();
        assert_eq!((score.score, score.change), (4.0, Some(1.0)));
        assert_eq!(score.quarter, Quarter { year: 2026, q: 3 });
        assert!(key_score(&index, "E2").is_none());
    }

    #[test]
    fn a_first_assessment_has_no_change() {
        let mut org = Org::default();
        org.put(assessment(0, (2, 3, 3), Band::Low, Band::High).into_record());
        let index = OrgIndex::new(&org);
        assert_eq!(key_score(&index, "E1").unwrap().change, None);
        assert_eq!(nine_box(&index, "E1").unwrap().name(), "untapped potential");
    }
}
