//! What the tests of calibration sessions share: the quarter, the clock, boxes and
//! assessments.

use super::*;
use crate::domain::assessment::Assessment;
use chrono::TimeZone;

pub(crate) const Q: Quarter = Quarter { year: 2026, q: 4 };

pub(crate) fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 9, minute, 0).unwrap()
}

pub(crate) fn cell(performance: Band, potential: Band) -> NineBox {
    NineBox {
        performance,
        potential,
    }
}

pub(crate) fn assessment(person: &str, quarter: Quarter, place: NineBox) -> Assessment {
    Assessment {
        person: person.into(),
        quarter,
        ability: 3,
        contribution: 3,
        influence: 3,
        performance: place.performance,
        potential: place.potential,
        engagement: 70,
        kpi_attainment: Some(95),
        leave_days: Some(2),
        note: "from the manager".into(),
    }
}
