//! `Backend`: what the user interface talks to. Today it wraps the local store; a shared-server
//! client will be another implementation, and the interface must not know which it has.

use crate::domain::{AuditEntry, Change, Org};
use crate::store::{Store, StoreError};
use chrono::Utc;

pub trait Backend {
    /// Every record the user may see.
    fn org(&self) -> Result<Org, StoreError>;
    /// Applies a change on behalf of the user; returns its audit entry.
    fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError>;
    /// The audit trail the user may see, oldest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError>;
}

/// A backend over a database file this process opened itself.
pub struct LocalBackend {
    store: Store,
    actor: String,
}

impl LocalBackend {
    pub fn new(store: Store, actor: impl Into<String>) -> Self {
        LocalBackend {
            store,
            actor: actor.into(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}

impl Backend for LocalBackend {
    fn org(&self) -> Result<Org, StoreError> {
        self.store.load_org()
    }

    fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError> {
        self.store.apply(&change, &self.actor, Utc::now())
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.store.audit()
    }
}
