//! The columns of each CSV export, in order: what `crewdeck export KIND` writes and what
//! `crewdeck import KIND` reads back. One list per kind, so the two cannot drift apart.

/// `export roster`.
pub const ROSTER: &[&str] = &[
    "id",
    "name",
    "title",
    "team",
    "manager",
    "level",
    "track",
    "location",
    "hire_date",
    "hire_channel",
    "referred_by",
    "status",
    "last_day",
    "key",
    "key_reason",
];

/// `export notes`.
pub const NOTES: &[&str] = &[
    "id",
    "person",
    "name",
    "date",
    "author",
    "goal",
    "reality",
    "options",
    "will",
    "confidence",
    "open_actions",
    "actions",
];

/// `export pips`.
pub const PIPS: &[&str] = &[
    "plan",
    "person",
    "name",
    "owner",
    "status",
    "start",
    "end",
    "check_in_days",
    "reason",
    "goal",
    "dimension",
    "unit",
    "better",
    "baseline",
    "target",
    "current",
    "gap",
    "root_cause",
    "actions",
    "last_rating",
    "checkins",
    "supports",
    "outcome",
];

/// `export succession`.
pub const SUCCESSION: &[&str] = &[
    "position",
    "title",
    "team",
    "criticality",
    "incumbent",
    "incumbent_name",
    "rank",
    "successor",
    "successor_name",
    "readiness",
    "emergency",
    "development",
];

/// `export flags`.
pub const FLAGS: &[&str] = &[
    "id",
    "subject",
    "subject_name",
    "severity",
    "state",
    "reason",
    "raised_by",
    "raised_on",
    "state_detail",
];

/// `export points`.
pub const POINTS: &[&str] = &[
    "id",
    "date",
    "person",
    "name",
    "team",
    "rule",
    "points",
    "reason",
    "reverses",
    "recorded_by",
];

/// `export assessments`.
pub const ASSESSMENTS: &[&str] = &[
    "person",
    "name",
    "quarter",
    "ability",
    "contribution",
    "influence",
    "kpi_attainment",
    "engagement",
    "performance",
    "potential",
    "leave_days",
    "note",
];

/// `export stays`.
pub const STAYS: &[&str] = &[
    "id",
    "person",
    "name",
    "date",
    "interviewer",
    "why_stay",
    "would_leave_if",
    "wants_next",
    "notes",
    "follow_ups",
];

/// `export departures`.
pub const DEPARTURES: &[&str] = &[
    "departure",
    "person",
    "name",
    "last_day",
    "started_on",
    "reason",
    "item",
    "kind",
    "what",
    "receiver",
    "receiver_name",
    "due",
    "done",
    "confirmed",
    "late",
    "report",
];

/// `export users`.
pub const USERS: &[&str] = &["name", "role", "scope", "scope_value", "person"];
