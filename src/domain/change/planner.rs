//! The planner: a view of the records with the writes planned so far laid over it, so that the
//! changes of a batch see each other's effects before anything is written.

use super::ChangeError;
use crate::domain::record::{Kind, Record, RecordView, Stored};
use std::collections::BTreeMap;

/// A record to write: `after` is the new value, `None` to delete.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub kind: Kind,
    pub key: String,
    pub after: Option<Record>,
}

pub struct Planner<'a> {
    base: &'a dyn RecordView,
    pending: BTreeMap<(Kind, String), Option<Record>>,
    /// The order in which keys were first written, so the writes come out in that order.
    order: Vec<(Kind, String)>,
}

impl<'a> Planner<'a> {
    pub fn new(base: &'a dyn RecordView) -> Self {
        Planner {
            base,
            pending: BTreeMap::new(),
            order: Vec::new(),
        }
    }

    /// The record of type `T` with `key`, as it stands with the planned writes.
    pub fn get<T: Stored>(&self, key: &str) -> Result<Option<T>, ChangeError> {
        Ok(self.record(T::KIND, key)?.and_then(T::from_record))
    }

    /// Like `get`, but a missing record is an error naming it.
    pub fn require<T: Stored>(&self, key: &str) -> Result<T, ChangeError> {
        self.get(key)?.ok_or_else(|| ChangeError::NotFound {
            kind: T::KIND.label(),
            id: key.to_string(),
        })
    }

    pub fn exists<T: Stored>(&self, key: &str) -> Result<bool, ChangeError> {
        Ok(self.get::<T>(key)?.is_some())
    }

    /// Refuses if a record of type `T` with `key` is already there.
    pub fn require_absent<T: Stored>(&self, key: &str) -> Result<(), ChangeError> {
        if self.exists::<T>(key)? {
            return Err(ChangeError::AlreadyExists {
                kind: T::KIND.label(),
                id: key.to_string(),
            });
        }
        Ok(())
    }

    pub fn put<T: Stored>(&mut self, value: T) {
        let key = value.key().to_string();
        self.record_write(T::KIND, key, Some(value.into_record()));
    }

    /// Any record by kind and key, as it stands with the planned writes.
    pub fn record(&self, kind: Kind, key: &str) -> Result<Option<Record>, ChangeError> {
        match self.pending.get(&(kind, key.to_string())) {
            Some(planned) => Ok(planned.clone()),
            None => self.base.get_record(kind, key),
        }
    }

    /// Every record of `kind` as it stands with the planned writes, in key order.
    pub fn every(&self, kind: Kind) -> Result<Vec<Record>, ChangeError> {
        let mut all: BTreeMap<String, Record> = self
            .base
            .every(kind)?
            .into_iter()
            .map(|r| (r.key().to_string(), r))
            .collect();
        for ((k, key), after) in &self.pending {
            if *k != kind {
                continue;
            }
            match after {
                Some(record) => all.insert(key.clone(), record.clone()),
                None => all.remove(key),
            };
        }
        Ok(all.into_values().collect())
    }

    /// Plans `after` (a record, or `None` to delete) for any kind and key.
    pub fn write_record(&mut self, kind: Kind, key: &str, after: Option<Record>) {
        self.record_write(kind, key.to_string(), after);
    }

    /// Plans the removal of the record of type `T` with `key`.
    pub fn delete<T: Stored>(&mut self, key: &str) {
        self.record_write(T::KIND, key.to_string(), None);
    }

    fn record_write(&mut self, kind: Kind, key: String, after: Option<Record>) {
        let slot = (kind, key);
        if !self.pending.contains_key(&slot) {
            self.order.push(slot.clone());
        }
        self.pending.insert(slot, after);
    }

    /// The planned writes, in the order they were first made.
    pub fn finish(mut self) -> Vec<Write> {
        self.order
            .into_iter()
            .map(|slot| {
                let after = self.pending.remove(&slot).flatten();
                Write {
                    kind: slot.0,
                    key: slot.1,
                    after,
                }
            })
            .collect()
    }
}
