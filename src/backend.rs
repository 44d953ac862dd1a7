//! `Backend`: what the user interface talks to. Today it wraps the local store; a shared-server
//! client will be another implementation, and the interface must not know which it has.

use crate::auth::{Access, Sight};
use crate::domain::{AuditEntry, Change, ChangeError, Kind, Org};
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::sync::Arc;

/// What a backend has to tell the cockpit between its requests.
#[derive(Debug, Clone)]
pub enum News {
    /// A change someone else made, as this user may see it.
    Changed(Box<AuditEntry>),
    /// The connection to the server was lost: why, in a sentence.
    Lost(String),
    /// The connection is back: the records should be read again.
    Back,
    /// What the user may see or do has changed (someone moved, their user record changed): the
    /// records should be read again, and [`Backend::role`] and [`Backend::read_only`] asked
    /// again.
    ReadAgain,
    /// The server no longer lets this user in (their user record was removed): why. What is on
    /// screen goes; the connection is tried again now and then.
    Refused(String),
}

pub trait Backend {
    /// The people with only what the roster shows, and the users: quick to read, for the first
    /// frame while [`Backend::loader`] reads the rest.
    fn roster(&self) -> Result<Org, StoreError>;
    /// Reads every record the user may see, handed over to be run on another thread.
    fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send>;
    /// Applies a change on behalf of the user; returns its audit entry.
    fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError>;
    /// Applies a change begun when the user's records were at audit entry `seen`: if someone
    /// else has changed a record it writes since, it is refused with
    /// [`StoreError::Conflict`]. Only a shared server has someone else.
    fn apply_since(&mut self, change: Change, seen: u64) -> Result<AuditEntry, StoreError> {
        let _ = seen;
        self.apply(change)
    }
    /// The newest audit entry the records last read include (a shared server's; 0 for a file,
    /// which nobody else changes).
    fn read_at(&self) -> u64 {
        0
    }
    /// Whether others can change the records meanwhile (a shared server): then
    /// [`Backend::news`] is worth asking often.
    fn live(&self) -> bool {
        false
    }
    /// Why the user may change nothing at all (a viewer), if so. A shared server's answer
    /// follows the role it last said, which can change while connected: asked again after
    /// [`News::ReadAgain`] and [`News::Back`].
    fn read_only(&self) -> Option<String> {
        None
    }
    /// The user's role; `None` in a database without users.
    fn role(&self) -> Option<crate::domain::user::Role> {
        None
    }
    /// The first check of a change before it is planned ([`Access::may_try`]), for a command
    /// to say before a dry run what the real run would refuse.
    fn may_try(&self, change: &Change) -> Result<(), String> {
        let _ = change;
        Ok(())
    }
    /// What a shared server works out and sends, for a cockpit that holds only what it shows;
    /// `None` for a file, whose records the cockpit reads whole and works out itself.
    fn served(&self) -> Option<Arc<dyn Served>> {
        None
    }
    /// Changes made by others, and the state of the connection, since last asked.
    fn news(&mut self) -> Vec<News> {
        Vec::new()
    }
    /// The audit trail the user may see, oldest first.
    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError>;
    /// The name of the user the rules follow (their user record's), which the cockpit shows
    /// and signs notes with.
    fn user_name(&self) -> String;
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

/// What a shared server works out and sends a cockpit that holds only what it shows
/// ([`crate::server::insight`]): the records without each person's notes, assessments, stay
/// interviews and points entries, the roster's worked-out state, and one person at a time.
/// Asked on other threads, so shared.
pub trait Served: Send + Sync {
    /// Every record the user may see but those of [`HEAVY`], which come with each person; the
    /// people and users too if `with_people` (else they are the roster's, read first).
    fn records(&self, with_people: bool) -> Result<Org, StoreError>;
    fn summary(&self) -> Result<crate::server::insight::Summary, StoreError>;
    /// `None`: nobody by that id the user may see.
    fn person(&self, id: &str) -> Result<Option<crate::server::insight::PersonView>, StoreError>;
    /// The people on each cell of the 9-box, by id.
    fn nine_box(&self) -> Result<crate::server::insight::NineBoxCells, StoreError>;
    /// The points standings, over all time or since a day.
    fn standings(
        &self,
        since: Option<chrono::NaiveDate>,
    ) -> Result<Vec<crate::domain::insight::points::Standing>, StoreError>;
}

/// The kinds of record a [`Served`] cockpit reads a person at a time: at 100,000 people they are
/// four fifths of the records' memory (points entries 51 MB, GROW notes 42 MB, assessments 19
/// MB, measured by `cargo bench --bench server -- --memory`).
pub const HEAVY: &[Kind] = &[
    Kind::Assessment,
    Kind::GrowNote,
    Kind::StayInterview,
    Kind::PointsEntry,
];

/// A backend over a database file this process opened itself.
pub struct LocalBackend {
    /// Shared with the thread that reads the records while the first frame is on screen.
    store: Arc<Store>,
    access: Access,
    /// The people, key positions and users, kept current, from which what the user may see is
    /// worked out; `None` when they see everything ([`Sight::everything`]).
    scoped: Option<Scoped>,
}

struct Scoped {
    records: Org,
    sight: Arc<Sight>,
}

impl LocalBackend {
    /// The owner of the file, who may do everything: the demo and the synthetic organisation
    /// while they are made, and tests.
    pub fn owner(store: Store, actor: impl Into<String>) -> Self {
        let actor = actor.into();
        LocalBackend {
            store: Arc::new(store),
            access: Access::everything(&actor),
            scoped: None,
        }
    }

    /// The operating-system user `name`, acting as `acting_as` if given, on `store`: with what
    /// their user record lets them see and do ([`crate::auth`]). The owner of the file
    /// (`owner`) is an admin without a record ([`Access::resolve_owner`]).
    ///
    /// Errors: [`StoreError::Denied`] when they may not use the database at all; a read error.
    pub fn open_as(
        store: Store,
        name: &str,
        acting_as: Option<&str>,
        owner: bool,
    ) -> Result<Self, StoreError> {
        let users = store.users()?.users;
        let access = match owner {
            true => Access::resolve_owner(&users, name, acting_as),
            false => Access::resolve(&users, name, acting_as),
        }
        .map_err(|e| StoreError::Denied(e.to_string()))?;
        // Who sees everyone and is nobody's person needs no reporting lines: the people are not
        // read for them before the roster reads them (at 100k, twice the time to the first
        // frame).
        let sees_everyone = access.user.as_ref().is_none_or(|user| {
            user.person.is_none()
                && crate::auth::scope_of(user) == crate::domain::user::Scope::Everyone
        });
        if sees_everyone {
            return Ok(LocalBackend {
                store: Arc::new(store),
                access,
                scoped: None,
            });
        }
        let mut records = store.scope_records()?;
        let sight = Sight::of(&access, &records);
        let scoped = match (sight.people(), sight.me()) {
            (None, None) => None,
            _ => {
                // Only what is needed to work out the scope again after a change.
                records.retain_kinds(&[Kind::Person, Kind::Position, Kind::User]);
                Some(Scoped {
                    records,
                    sight: Arc::new(sight),
                })
            }
        };
        Ok(LocalBackend {
            store: Arc::new(store),
            access,
            scoped,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Who is using the database, as the rules see them.
    pub fn access(&self) -> &Access {
        &self.access
    }

    fn sight(&self) -> Option<Arc<Sight>> {
        self.scoped.as_ref().map(|s| Arc::clone(&s.sight))
    }
}

impl Backend for LocalBackend {
    fn roster(&self) -> Result<Org, StoreError> {
        let roster = self.store.roster()?;
        Ok(match self.sight() {
            Some(sight) => sight.org(&roster),
            None => roster,
        })
    }

    fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send> {
        let store = Arc::clone(&self.store);
        let sight = self.sight();
        Box::new(move || {
            let org = store.load_org()?;
            Ok(match sight {
                Some(sight) => sight.org(&org),
                None => org,
            })
        })
    }

    fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError> {
        let sight = self.sight();
        self.access
            .may_try(&change)
            .and_then(|()| sight.as_ref().map_or(Ok(()), |s| s.may_ask(&change)))
            .map_err(|e| StoreError::Refused(ChangeError::Forbidden(e)))?;
        let check = |diffs: &[crate::domain::Diff]| match &sight {
            Some(sight) => sight.may_write_all(diffs),
            None => Ok(()),
        };
        let entry = self
            .store
            .apply_checked(&change, &self.access.actor, Utc::now(), &check)?;
        if let Some(scoped) = &mut self.scoped {
            scoped.records.apply_diffs(&entry.diffs);
            scoped
                .records
                .retain_kinds(&[Kind::Person, Kind::Position, Kind::User]);
            if Sight::stale_after(&entry.diffs) {
                scoped.sight = Arc::new(Sight::of(&self.access, &scoped.records));
            }
        }
        Ok(match self.sight() {
            Some(sight) => sight.entry(&entry).unwrap_or(entry),
            None => entry,
        })
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let all = self.store.audit()?;
        Ok(match self.sight() {
            Some(sight) => all.iter().filter_map(|e| sight.entry(e)).collect(),
            None => all,
        })
    }

    fn user_name(&self) -> String {
        self.access.user_name()
    }

    fn read_only(&self) -> Option<String> {
        self.access.read_only()
    }

    fn role(&self) -> Option<crate::domain::user::Role> {
        self.access.role()
    }

    fn may_try(&self, change: &Change) -> Result<(), String> {
        self.access.may_try(change)
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
        let sight = self.sight();
        Box::new(move || match sight {
            // Whole entries judged first, then trimmed to the person.
            Some(sight) => Ok(crate::server::history(&sight, &store.audit()?, &person)),
            None => store.history_of(&person),
        })
    }
}
