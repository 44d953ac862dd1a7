//! Identifier newtypes, so a person id can never be passed where a position id is meant.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub CompactString);

        impl $name {
            pub fn new(id: impl Into<CompactString>) -> Self {
                Self(id.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(CompactString::from(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(CompactString::from(id))
            }
        }
    };
}

id_type!(
    /// A person's id, usually the employee number from the HR system.
    PersonId
);
id_type!(
    /// A quarterly assessment: `<person>/<year>Q<n>`.
    AssessmentId
);
id_type!(
    /// A GROW coaching note.
    NoteId
);
id_type!(
    /// A performance improvement plan.
    PipId
);
id_type!(
    /// A key position (succession plans belong to positions, not people).
    PositionId
);
id_type!(
    /// A flag raised by hand.
    FlagId
);
id_type!(
    /// A stay interview.
    StayId
);
id_type!(
    /// A points rule ("product shipped: +20").
    RuleId
);
id_type!(
    /// One entry of the append-only points ledger.
    EntryId
);
id_type!(
    /// A career ladder (one per track).
    LadderId
);
id_type!(
    /// A departure with its handover checklist.
    DepartureId
);
id_type!(
    /// A calibration session of a talent review.
    CalibrationId
);
