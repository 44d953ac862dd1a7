//! Exports of the records as CSV, JSON, Markdown or a terminal table, the reports of what
//! needs attention ([`insight`]), and the summary of a calibration session ([`calibration`]).
//!
//! CSV and Markdown show one flat table per export (built in [`tables`]); JSON gives the records
//! themselves. Every string passes through [`crate::text`] first, so no control character from
//! the data reaches the output.

pub mod calibration;
pub mod columns;
mod formats;
pub mod insight;
mod tables;

use crate::domain::{AuditEntry, Org};
pub use tables::Table;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dataset {
    /// Everyone, with the columns `crewdeck import roster` reads back.
    Roster,
    /// GROW notes with their actions.
    Notes,
    /// Improvement plans, one row per goal.
    Pips,
    /// Key positions, one row per successor.
    Succession,
    /// Flags raised by hand.
    Flags,
    /// The points ledger.
    Points,
    /// Quarterly assessments: the key-employee dimensions, KPI, engagement and the 9-box.
    Assessments,
    /// Stay interviews with their follow-ups.
    Stays,
    /// Departures: the handover report, one row per task and per access to revoke.
    Departures,
    /// crewdeck's users: name, role, scope and the person they are.
    Users,
    /// The audit trail.
    Audit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    Table,
    Csv,
    Json,
    Md,
}

/// The whole export as text.
pub fn render(dataset: Dataset, format: Format, org: &Org, audit: &[AuditEntry]) -> String {
    match format {
        Format::Table => formats::terminal(&tables::build(dataset, org, audit)),
        Format::Csv => formats::csv(&tables::build(dataset, org, audit)),
        Format::Md => {
            formats::markdown(dataset_title(dataset), &tables::build(dataset, org, audit))
        }
        Format::Json => formats::json(&records_json(dataset, org, audit)),
    }
}

fn dataset_title(dataset: Dataset) -> &'static str {
    match dataset {
        Dataset::Roster => "Roster",
        Dataset::Notes => "GROW notes",
        Dataset::Pips => "Improvement plans",
        Dataset::Succession => "Succession",
        Dataset::Flags => "Flags",
        Dataset::Points => "Points ledger",
        Dataset::Assessments => "Assessments",
        Dataset::Stays => "Stay interviews",
        Dataset::Departures => "Departures and handover",
        Dataset::Users => "Users",
        Dataset::Audit => "Audit trail",
    }
}

fn records_json(dataset: Dataset, org: &Org, audit: &[AuditEntry]) -> serde_json::Value {
    fn all<T: serde::Serialize>(records: impl IntoIterator<Item = T>) -> serde_json::Value {
        serde_json::Value::Array(
            records
                .into_iter()
                .map(|r| serde_json::to_value(r).unwrap_or(serde_json::Value::Null))
                .collect(),
        )
    }
    match dataset {
        Dataset::Roster => all(org.people.values()),
        Dataset::Notes => all(org.notes.values()),
        Dataset::Pips => all(org.pips.values()),
        Dataset::Succession => all(org.positions.values()),
        Dataset::Flags => all(org.flags.values()),
        Dataset::Points => all(org.points.values()),
        Dataset::Assessments => all(org.assessments.values()),
        Dataset::Stays => all(org.stay_interviews.values()),
        Dataset::Departures => all(org.departures.values()),
        Dataset::Users => all(org.users.values()),
        Dataset::Audit => all(audit),
    }
}
