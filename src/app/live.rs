//! Changes that arrive from elsewhere: made by other users of a shared server, and the
//! connection to it lost and back. The records on screen take them in place, with the same
//! person and item selected, and any form being typed left exactly as it is.

use super::App;
use crate::domain::user::Role;
use crate::domain::{AuditEntry, Kind};
use std::sync::Arc;

impl App {
    /// Someone else's change, pushed by the server as this user may see it.
    pub fn changed_elsewhere(&mut self, mut entry: AuditEntry) {
        self.seq = self.seq.max(entry.seq);
        let keep = self.item_key();
        // On a shared server, a person's notes, assessments and ledger are held once they are
        // read: others' are read whole when shown, not gathered a change at a time.
        self.served_touched(&entry.diffs);
        entry.diffs.retain(|d| self.holds(d));
        Arc::make_mut(&mut self.org).apply_diffs(&entry.diffs);
        if let Some((person, entries)) = &mut self.person_history
            && let Some(theirs) = crate::domain::history::about(&entry, person)
        {
            entries.insert(0, theirs);
        }
        let roster_changed = entry
            .diffs
            .iter()
            .any(|d| matches!(d.kind, Kind::Person | Kind::User));
        // Worked out as after a change made here: piece by piece when that is quick.
        let org = Arc::clone(&self.org);
        self.follow(org, &entry.diffs, roster_changed);
        if let Some(key) = keep {
            self.reselect(&key);
        }
        // A save refused for this change takes it in now, and says so.
        if self.form.as_ref().is_some_and(|f| f.conflict.is_some()) {
            self.take_in_theirs();
            return;
        }
        // Said only when nothing more pressing is on the status line.
        if self.status.is_none() || self.status_from_elsewhere {
            self.status = Some(format!(
                "{}: {}",
                crate::text::safe_line(&entry.actor),
                self.describe(&entry.change)
            ));
            self.status_from_elsewhere = true;
        }
    }

    /// The connection to the server was lost: said until it is back. Nothing typed is lost:
    /// drafts are on this machine, and a save waits for the connection.
    pub fn connection_lost(&mut self, why: String) {
        self.offline = true;
        self.status = Some(format!("Reconnecting: {why}"));
        self.status_from_elsewhere = false;
    }

    /// The connection is back; the records are read again ([`App::loaded`], which takes the
    /// message away).
    pub fn connection_back(&mut self) {
        self.offline = false;
        self.status = Some(super::READING_AGAIN.into());
        self.status_from_elsewhere = true;
    }

    /// What the user may see has changed; the records are read again ([`App::loaded`], which
    /// says when they are in).
    pub fn scope_changed(&mut self) {
        self.status = Some(super::SCOPE_CHANGED.into());
        // Not replaced by the change that came with it ("admin: add or update user …"): what
        // changed for this user is the news.
        self.status_from_elsewhere = false;
    }

    /// The user's role now, and why they may change nothing if so, as the backend says after a
    /// change of scope or a reconnection: someone made a viewer while connected is offered no
    /// key that writes from then on, and someone who was one is offered them again. A form being
    /// typed stays open with its text; its save is refused if the role no longer allows it. Said
    /// in the status line when the role changes.
    pub fn role_now(&mut self, role: Option<Role>, read_only: Option<String>) {
        if role == self.role && read_only == self.read_only {
            return;
        }
        // Each fits the status line of a terminal of 80 columns (79 characters after its margin).
        let now = match (&read_only, role, self.form.is_some()) {
            (Some(_), _, true) => "you may only read now; the form is kept as a draft".into(),
            (Some(_), _, false) => "you are now a viewer, who can only read".into(),
            (None, Some(role), _) => format!("you are now {}", crate::auth::a_role(role)),
            (None, None, _) => "you may change records now".to_string(),
        };
        self.status = Some(format!("Your role has changed: {now}"));
        self.status_from_elsewhere = true;
        self.read_only = read_only;
        self.role = role;
    }

    /// The server no longer lets this user in: nothing of the records stays on screen. A form
    /// being typed stays, its draft on this machine.
    pub fn let_go(&mut self, why: String) {
        self.offline = true;
        let org = Arc::new(crate::domain::Org::default());
        self.person_history = None;
        self.reload(org);
        // Short enough for a narrow terminal: the roster says why in full, and what follows.
        self.status = Some("Not let in by the server; the roster says why".into());
        self.shut_out = Some(why);
        self.status_from_elsewhere = false;
    }

    /// What marks the ids of the records this user makes, when they see only part of the
    /// records (see `flows::own`): their name in lower-case ASCII letters and digits.
    pub fn id_tag(&self) -> Option<String> {
        if self.org.users.is_empty() {
            return None;
        }
        let access = crate::auth::Access::resolve(&self.org.users, &self.actor, None).ok()?;
        if crate::auth::Sight::of(&access, &self.org).sees_all() {
            return None;
        }
        let tag: String = self
            .actor
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Some(if tag.is_empty() { "user".into() } else { tag })
    }

    /// The newest audit entry a save now in progress was begun at: the open form's, when a
    /// form is being saved, else that of the records on screen.
    pub fn save_base(&self) -> u64 {
        match &self.form {
            Some(form) if form.saving => form.base,
            _ => self.seq,
        }
    }
}
