//! Authorisation: the one place that decides what a user may see and change.
//!
//! Every query the cockpit and the commands make goes through [`Sight::org`] (and
//! [`Sight::entry`] for the audit trail and the live changes of a shared server), and every
//! [`Change`] through [`Access::may_try`] before it is planned and [`Sight::may_write`] on every
//! record its plan would write, before and after, inside the store's write transaction. Views
//! never filter on their own.
//!
//! The rules:
//! - A database without user records is one person's: whoever opens it may do everything.
//! - Once user records exist, a user without one sees nothing ([`Denied::NoUser`]).
//! - admin: everything. hrbp: their scope (teams, or everyone below a person). manager: everyone
//!   below their own person, not themselves. viewer: their scope, read only.
//! - Everyone sees their own person record (the manager their reports' records name), without
//!   their leaving stage; it is not in their scope, and they cannot change it.
//! - Nobody sees the leaving stage, assessments, improvement plans, stay interviews, flags,
//!   succession slates, or GROW notes written by others, about themselves.
//! - A key position is in scope when its team or its incumbent is.
//! - Users, points rules and career ladders are changed by admins alone; a user sees their own
//!   user record, an admin every one.
//! - A change may write a record only if the user sees the whole record, before and after.

mod sight;
#[cfg(test)]
mod tests;

pub use sight::{Lines, Sight, scope_of};

use crate::domain::user::{Role, User};
use crate::domain::{Change, Key};
use std::collections::BTreeMap;

/// Who is asking, and on what grounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The name the audit trail records: the user's, or "ADMIN acting as NAME".
    pub actor: String,
    /// The user record the rules follow; `None` in a database without user records.
    pub user: Option<User>,
}

/// Why someone may not use the database at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error(
        "{name} has no crewdeck user in this database; an admin adds one with `crewdeck users add {name} --role ROLE`"
    )]
    NoUser { name: String },
    #[error("only an admin may act as someone else (--as); {name} is {role}")]
    NotAdmin { name: String, role: &'static str },
    #[error("--as {name}: there is no crewdeck user {name}")]
    NoSuchUser { name: String },
}

impl Access {
    /// Works out who `name` (the operating-system user, never a name a client claims) is in a
    /// database whose users are `users`, acting as `acting_as` if given.
    ///
    /// - No user records: `name` (or `acting_as`, a name for the audit trail) may do everything.
    /// - Otherwise `name` must have a user record ([`Denied::NoUser`]); acting as another user
    ///   needs an admin ([`Denied::NotAdmin`]) and an existing user ([`Denied::NoSuchUser`]), and
    ///   is recorded as "NAME acting as OTHER".
    pub fn resolve(
        users: &BTreeMap<Key, User>,
        name: &str,
        acting_as: Option<&str>,
    ) -> Result<Access, Denied> {
        if users.is_empty() {
            return Ok(Access {
                actor: acting_as.unwrap_or(name).to_string(),
                user: None,
            });
        }
        let user = users.get(name).ok_or_else(|| Denied::NoUser {
            name: name.to_string(),
        })?;
        let Some(other) = acting_as.filter(|other| *other != name) else {
            return Ok(Access {
                actor: name.to_string(),
                user: Some(user.clone()),
            });
        };
        if user.role != Role::Admin {
            return Err(Denied::NotAdmin {
                name: name.to_string(),
                role: a_role(user.role),
            });
        }
        let as_user = users.get(other).ok_or_else(|| Denied::NoSuchUser {
            name: other.to_string(),
        })?;
        Ok(Access {
            actor: format!("{name} acting as {other}"),
            user: Some(as_user.clone()),
        })
    }

    /// Like [`Access::resolve`], for the owner of the database file opening it directly: they
    /// hold every byte of it already, so without a user record of their own they are an admin
    /// (and may act as any user with `--as`). Through a server only user records count.
    pub fn resolve_owner(
        users: &BTreeMap<Key, User>,
        name: &str,
        acting_as: Option<&str>,
    ) -> Result<Access, Denied> {
        if users.is_empty() || users.contains_key(name) {
            return Access::resolve(users, name, acting_as);
        }
        let owner = User {
            name: name.to_string(),
            role: Role::Admin,
            scope: crate::domain::user::Scope::Everyone,
            person: None,
        };
        let mut with_owner = users.clone();
        with_owner.insert(Key::from(name), owner);
        Access::resolve(&with_owner, name, acting_as)
    }

    /// Access to everything, for the owner of a file without user records and for the demo.
    pub fn everything(actor: &str) -> Access {
        Access {
            actor: actor.to_string(),
            user: None,
        }
    }

    /// The name of the user the rules follow: the user record's, else the actor's.
    pub fn user_name(&self) -> String {
        match &self.user {
            Some(user) => user.name.clone(),
            None => self.actor.clone(),
        }
    }

    /// Why this user may change nothing at all: a viewer.
    pub fn read_only(&self) -> Option<String> {
        read_only(self.user.as_ref()?)
    }

    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// The first check of a change, before it is planned: the role may make this kind of change
    /// at all. Viewers change nothing; users, points rules and career ladders are for admins.
    /// What the change would write is checked afterwards ([`Sight::may_write`]).
    ///
    /// Errors: a sentence saying what is not allowed and why.
    pub fn may_try(&self, change: &Change) -> Result<(), String> {
        let Some(user) = &self.user else {
            return Ok(());
        };
        if let Some(why) = read_only(user) {
            return Err(why);
        }
        if user.role != Role::Admin && admin_only(change) {
            return Err(format!(
                "only an admin may {}; {} is {}",
                change.summary(),
                user.name,
                a_role(user.role)
            ));
        }
        Ok(())
    }
}

impl Access {
    /// Both checks of a change against records held in memory: [`Access::may_try`], then
    /// [`Sight::may_write_all`] on what its plan would write. Returns the diffs it would make.
    /// (The store runs the second check inside its write transaction:
    /// [`crate::store::Store::apply_checked`].)
    ///
    /// Errors: why it is not allowed, or why the change itself is refused.
    pub fn authorise(
        &self,
        change: &Change,
        org: &crate::domain::Org,
    ) -> Result<Vec<crate::domain::Diff>, String> {
        self.may_try(change)?;
        if self.user.is_some() {
            Sight::of(self, org).may_ask(change)?;
        }
        let writes = change.plan(org).map_err(|e| e.to_string())?;
        let diffs = writes
            .into_iter()
            .map(|w| crate::domain::Diff::of(w, org).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        if self.user.is_some() {
            Sight::of(self, org).may_write_all(&diffs)?;
        }
        Ok(diffs)
    }
}

/// "NAME is a viewer, who can read but not change anything", for a viewer.
pub fn read_only(user: &User) -> Option<String> {
    (user.role == Role::Viewer).then(|| {
        format!(
            "{} is a viewer, who can read but not change anything",
            user.name
        )
    })
}

/// Changes to users, points rules and career ladders: the organisation's settings.
fn admin_only(change: &Change) -> bool {
    match change {
        Change::UpsertUser { .. }
        | Change::RemoveUser { .. }
        | Change::UpsertPointsRule { .. }
        | Change::UpsertLadder { .. } => true,
        Change::Batch { changes, .. } => changes.iter().any(admin_only),
        _ => false,
    }
}

/// The role in a sentence, with its article: "an admin", "an HR business partner", "a
/// manager", "a viewer".
pub fn a_role(role: Role) -> &'static str {
    match role {
        Role::Admin => "an admin",
        Role::Hrbp => "an HR business partner",
        Role::Manager => "a manager",
        Role::Viewer => "a viewer",
    }
}

/// "admin", "hrbp", "manager", "viewer".
pub fn role_word(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Hrbp => "hrbp",
        Role::Manager => "manager",
        Role::Viewer => "viewer",
    }
}
