//! `Backend`: what the user interface talks to. Today it wraps the local store; a shared-server
//! client will be another implementation, and the interface must not know which it has.

use crate::domain::{AuditEntry, Change, Org};
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::sync::Arc;

pub trait Backend {
    /// The people with only what the roster shows, and the users: quick to read, for the first
    /// frame while [`Backend::loader`] reads the rest.
    fn roster(&self) -> Result<Org, StoreError>;
    /// Reads every record the user may see, handed over to be run on another thread.
    fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send>;
    /// Applies a change on behalf of the user; returns its audit entry.
    fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError>;
    /// The audit trail the user may see, oldest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError>;
    /// What closes the database when the process must end from another thread (a signal while
    /// the event loop is stuck), so that the file is left clean; `None` if there is nothing to
    /// close.
    fn closer(&self) -> Option<Box<dyn FnOnce() + Send>> {
        None
    }
    /// Reads the changes that touched `person`'s records, newest first, handed over to be run on
    /// another thread (a long trail takes a moment).
    fn history_loader(
        &self,
        person: &str,
    ) -> Box<dyn FnOnce() -> Result<Vec<AuditEntry>, StoreError> + Send> {
        let person = person.to_string();
        let all = self.audit();
        Box::new(move || {
            let mut entries: Vec<AuditEntry> = all?
                .iter()
                .filter_map(|e| crate::domain::history::about(e, &person))
                .collect();
            entries.reverse();
            Ok(entries)
        })
    }
}

/// A backend over a database file this process opened itself.
pub struct LocalBackend {
    /// Shared with the thread that reads the records while the first frame is on screen.
    store: Arc<Store>,
    actor: String,
}

impl LocalBackend {
    pub fn new(store: Store, actor: impl Into<String>) -> Self {
        LocalBackend {
            store: Arc::new(store),
            actor: actor.into(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}

impl Backend for LocalBackend {
    fn roster(&self) -> Result<Org, StoreError> {
        self.store.roster()
    }

    fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send> {
        let store = Arc::clone(&self.store);
        Box::new(move || store.load_org())
    }

    fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError> {
        self.store.apply(&change, &self.actor, Utc::now())
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.store.audit()
    }

    fn closer(&self) -> Option<Box<dyn FnOnce() + Send>> {
        // Weak: the store must still be dropped, and the file closed, when the cockpit quits.
        let store = Arc::downgrade(&self.store);
        Some(Box::new(move || {
            if let Some(store) = store.upgrade() {
                store.close();
            }
        }))
    }

    fn history_loader(
        &self,
        person: &str,
    ) -> Box<dyn FnOnce() -> Result<Vec<AuditEntry>, StoreError> + Send> {
        let store = Arc::clone(&self.store);
        let person = person.to_string();
        Box::new(move || store.history_of(&person))
    }
}
