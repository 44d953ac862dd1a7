//! Plain types and pure rules of the people-management domain. Nothing here touches the
//! terminal, the clock or the database.

pub mod assessment;
pub mod audit;
pub mod calibration;
pub mod change;
pub mod check;
pub mod config_files;
pub mod departure;
pub mod flag;
pub mod grow;
pub mod handover;
pub mod history;
pub mod ids;
pub mod insight;
pub mod ladder;
pub mod person;
pub mod pip;
pub mod points;
pub mod quiet;
pub mod record;
pub mod stay;
pub mod succession;
pub mod user;

pub use audit::{AuditEntry, Diff};
pub use change::{Change, ChangeError};
/// Short text kept inline when it fits (24 bytes): names, titles, teams, labels.
pub type Text = compact_str::CompactString;

pub use record::{Key, Kind, Org, Record, RecordView, Stored};
