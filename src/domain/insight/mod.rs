//! Insight: what needs attention today, and why. Pure functions over the records, with the day
//! passed in (no rule reads the clock) and thresholds from [`rules::Rules`].

pub mod coverage;
pub mod flags;
pub mod index;
pub mod links;
pub mod pip_progress;
pub mod points;
pub mod reach;
pub mod rules;
pub mod talent;
#[cfg(test)]
pub mod testing;
pub mod urgency;

pub use flags::{Evidence, Flag, FlagKind, RecordRef};
pub use rules::Rules;
