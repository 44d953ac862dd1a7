//! Quarterly assessments: the three key-employee dimensions, the 9-box axes and engagement.

use super::ids::{AssessmentId, PersonId};
use super::person::parse_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar quarter, e.g. 2026 Q3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    pub fn of(date: chrono::NaiveDate) -> Quarter {
        use chrono::Datelike;
        Quarter {
            year: date.year(),
            q: (date.month0() / 3 + 1) as u8,
        }
    }

    /// The quarter `n` quarters before this one.
    pub fn back(self, n: u32) -> Quarter {
        let index = self.year * 4 + i32::from(self.q) - 1 - n as i32;
        Quarter {
            year: index.div_euclid(4),
            q: (index.rem_euclid(4) + 1) as u8,
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// Low / medium / high, the scale of both 9-box axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
}

parse_enum!(Band { "low" => Low, "medium" => Medium, "high" => High });

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }
}

/// One person's assessment for one quarter. Re-assessing a quarter replaces it; the audit trail
/// keeps what it was before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub person: PersonId,
    pub quarter: Quarter,
    /// Professional ability, 1–5.
    pub ability: u8,
    /// Performance contribution (short- and long-term), 1–5.
    pub contribution: u8,
    /// Organisational influence, 1–5.
    pub influence: u8,
    /// 9-box performance axis.
    pub performance: Band,
    /// 9-box potential axis.
    pub potential: Band,
    /// Engagement score from the survey, 0–100.
    pub engagement: u8,
    /// KPI attainment in percent, when measured.
    #[serde(default)]
    pub kpi_attainment: Option<u16>,
    /// Days of leave taken in the quarter, when the data exists.
    #[serde(default)]
    pub leave_days: Option<u16>,
    #[serde(default)]
    pub note: String,
}

impl Assessment {
    pub fn id(&self) -> AssessmentId {
        AssessmentId(compact_str::format_compact!(
            "{}/{}",
            self.person,
            self.quarter
        ))
    }

    /// Checks the ranges of the scores; returns the first problem found.
    pub fn validate(&self) -> Result<(), String> {
        for (name, value) in [
            ("ability", self.ability),
            ("contribution", self.contribution),
            ("influence", self.influence),
        ] {
            if !(1..=5).contains(&value) {
                return Err(format!("{name} must be 1 to 5, not {value}"));
            }
        }
        if self.engagement > 100 {
            return Err(format!(
                "engagement must be 0 to 100, not {}",
                self.engagement
            ));
        }
        if !(1..=4).contains(&self.quarter.q) {
            return Err(format!("quarter must be 1 to 4, not {}", self.quarter.q));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn quarters_follow_the_calendar_and_step_back_across_years() {
        let q = Quarter::of(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap());
        assert_eq!(q, Quarter { year: 2026, q: 1 });
        assert_eq!(q.back(1).to_string(), "2025Q4");
        assert_eq!(q.back(5).to_string(), "2024Q4");
        assert_eq!(
            Quarter::of(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()).q,
            4
        );
    }

    #[test]
    fn scores_out_of_range_are_refused() {
        let mut a = Assessment {
            person: "E1".into(),
            quarter: Quarter { year: 2026, q: 3 },
            ability: 4,
            contribution: 3,
            influence: 5,
            performance: Band::High,
            potential: Band::Medium,
            engagement: 72,
            kpi_attainment: None,
            leave_days: None,
            note: String::new(),
        };
        assert!(a.validate().is_ok());
        assert_eq!(a.id().as_str(), "E1/2026Q3");
        a.influence = 6;
        assert!(a.validate().unwrap_err().contains("influence"));
    }
}
