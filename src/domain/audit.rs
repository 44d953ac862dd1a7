//! The audit trail: who changed what, when, with each record's value before and after.

use super::change::{Change, ChangeError, Write};
use super::record::{Kind, Org, Record, RecordView};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One applied change, as the audit trail keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the trail, from 1.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// Who made the change.
    pub actor: String,
    pub change: Change,
    pub diffs: Vec<Diff>,
}

/// One record a change touched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub kind: Kind,
    pub key: String,
    pub before: Option<Record>,
    pub after: Option<Record>,
}

impl Diff {
    /// Pairs a planned write with the value it replaces.
    pub fn of(write: Write, view: &dyn RecordView) -> Result<Diff, ChangeError> {
        Ok(Diff {
            before: view.get_record(write.kind, &write.key)?,
            kind: write.kind,
            key: write.key,
            after: write.after,
        })
    }
}

impl Org {
    /// Applies `change` to the in-memory model: all of it, or nothing if it is refused.
    pub fn apply(&mut self, change: &Change) -> Result<Vec<Diff>, ChangeError> {
        let writes = change.plan(self)?;
        let mut diffs = Vec::with_capacity(writes.len());
        for write in writes {
            let diff = Diff::of(write, self)?;
            match &diff.after {
                Some(record) => self.put(record.clone()),
                None => self.remove(diff.kind, &diff.key),
            }
            diffs.push(diff);
        }
        Ok(diffs)
    }

    /// Brings the model to where the store is after a change, from the change's after-images:
    /// what the store wrote, without reading every record back.
    pub fn apply_diffs(&mut self, diffs: &[Diff]) {
        for diff in diffs {
            match &diff.after {
                Some(record) => self.put(record.clone()),
                None => self.remove(diff.kind, &diff.key),
            }
        }
    }
}
