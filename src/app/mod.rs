//! The cockpit's model and its one way to change: [`App::update`] takes an input (a key, pasted
//! text, fresh records) and returns the [`Effect`]s the runtime must carry out. No drawing and no
//! I/O happen here, so the whole cockpit can be driven in tests with key strings.

pub mod action;
mod browse;
pub mod calibration;
mod copy;
pub mod derived;
mod describe;
pub mod editor;
pub mod finder;
pub mod flows;
pub mod form;
pub mod keymap;
pub mod ladder;
mod live;
mod meeting;
mod nine_box;
mod overlay;
pub mod presenter;
mod refresh;
pub mod retention;
pub mod roster;
mod selection;
pub mod served;

pub use overlay::palette_matches as overlay_palette;

use crate::domain::insight::Rules;
use crate::domain::{AuditEntry, Change, Org};
use action::Action;
use chrono::NaiveDate;
use derived::{Derived, Refreshed};
use form::{Draft, Form};
use keymap::{Key, Keymap, Mode};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roster::Roster;

/// What the user asked for, as the runtime hands it over.
#[derive(Debug, Clone)]
pub enum Input {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste), as one piece.
    Paste(String),
}

/// What the runtime must do for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Apply a change through the backend, then hand the result to [`App::applied`].
    Apply(Box<Change>),
    /// Keep the form being typed, so nothing is lost if the connection drops.
    SaveDraft(Draft),
    /// The form was saved or given up: its draft (by [`Draft::key`]) can go.
    DeleteDraft(String),
    /// Read the changes that touched this person's records (on another thread), then give them
    /// to [`App::history_loaded`].
    LoadHistory(String),
    /// Hand the text of the form's current field to `$EDITOR`, then give the result to
    /// [`App::edited_externally`].
    EditExternally(String),
    /// Put this text on the clipboard (OSC 52, written between two frames).
    Copy(String),
    Quit,
}

/// The screens of the cockpit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The roster with the selected person beside it.
    People,
    Coverage,
    Flags,
    NineBox,
    Points,
    /// The career ladders and where each person stands.
    Ladder,
    /// Every departure's handover: tasks and access to revoke, late ones marked.
    Departures,
    /// A calibration session of a talent review.
    Calibration,
}

impl View {
    pub const ALL: [View; 8] = [
        View::People,
        View::Coverage,
        View::Flags,
        View::NineBox,
        View::Points,
        View::Ladder,
        View::Departures,
        View::Calibration,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::People => "People",
            View::Coverage => "Coverage",
            View::Flags => "Flags",
            View::NineBox => "9-box",
            View::Points => "Points",
            View::Ladder => "Ladder",
            View::Departures => "Departures",
            View::Calibration => "Calibration",
        }
    }

    /// The title where the header is narrow.
    pub fn short_title(self) -> &'static str {
        match self {
            View::Coverage => "Cover",
            View::Departures => "Depart",
            View::Calibration => "Calib",
            other => other.title(),
        }
    }
}

/// The tabs of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Profile,
    Coaching,
    Plan,
    Succession,
    Flags,
    /// Stay interviews, the points ledger, and a departure's handover.
    Retention,
    /// Every change that touched their records, newest first.
    History,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Profile,
        Tab::Coaching,
        Tab::Plan,
        Tab::Succession,
        Tab::Retention,
        Tab::History,
        Tab::Flags,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Profile => "Profile",
            Tab::Coaching => "Coaching",
            Tab::Plan => "Plan",
            Tab::Succession => "Succession",
            Tab::Flags => "Flags",
            Tab::Retention => "Retention",
            Tab::History => "History",
        }
    }

    /// The title on a narrow screen, where every tab's must still fit.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Profile => "Prof",
            Tab::Coaching => "Coach",
            Tab::Plan => "Plan",
            Tab::Succession => "Succ",
            Tab::Flags => "Flags",
            Tab::Retention => "Ret",
            Tab::History => "Hist",
        }
    }
}

/// Where the keys go in the people view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Roster,
    /// The items of the person's current tab (actions, flags).
    Detail,
}

/// What a form opened before every record is read is told.
pub const STILL_READING: &str = "Still reading the records; try again in a moment";
/// What a form saved before the records it is about are read is told: it is saved as soon as
/// they are, if it is still open ([`App::save_if_waiting`]).
pub const SAVE_WAITS: &str = "Still reading the records; saved as soon as they are here";

/// What the status line says while the records are read again after the server came back.
pub const READING_AGAIN: &str = "Connected to the server again; reading the records again";
/// Said once the records are read again after the connection came back.
pub const BACK: &str = "Connected to the server again; the records are current";
/// Said while the records are read again because what the user may see changed.
pub const SCOPE_CHANGED: &str = "What you may see has changed; reading the records again";
/// Said once they are read.
pub const SCOPE_READ: &str = "What you may see has changed; the records on screen are as it is now";

/// A window over the screen that takes the keys while it is open.
pub enum Overlay {
    Help {
        filter: String,
        selected: usize,
    },
    Finder(finder::Finder),
    Palette {
        query: String,
        selected: usize,
    },
    /// Typing the roster filter.
    Filter,
    /// A yes-or-no question before something that takes something away (an undo, throwing a
    /// draft away): `y` does it.
    Confirm {
        question: String,
        then: Confirmed,
    },
}

/// What `y` does to a [`Overlay::Confirm`] question.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmed {
    Apply(Box<Change>),
    /// Throws away the draft kept under this key (and closes its form if open).
    DiscardDraft(String),
    /// Quits although some drafts are only in memory.
    Quit,
}

pub struct App {
    /// The records; shared with the thread working out `derived` after a change. On a shared
    /// server, only part of them ([`served`]).
    pub org: std::sync::Arc<Org>,
    /// On a shared server: what is read of the records, and what is asked of the server;
    /// `None` on a file.
    pub served: Option<served::ServedState>,
    pub derived: Derived,
    pub rules: Rules,
    pub keymap: Keymap,
    pub today: NaiveDate,
    /// Who is making the changes, as the audit trail records them.
    pub actor: String,
    pub view: View,
    pub focus: Focus,
    pub tab: Tab,
    pub roster: Roster,
    /// The selected item in the person's tab, or in a team view.
    pub item: usize,
    /// The selected cell of the 9-box (performance, potential: 0 low to 2 high).
    pub nine_box_cell: (usize, usize),
    pub overlay: Option<Overlay>,
    /// The form being filled in: a GROW note, an improvement plan, a successor…
    pub form: Option<Form>,
    /// Drafts of forms not yet saved, by [`Draft::key`].
    pub drafts: std::collections::BTreeMap<String, Draft>,
    /// Keys of drafts whose latest text could not be written to disk (a full disk): they are
    /// only in memory, so quitting asks first.
    pub unwritten_drafts: std::collections::BTreeSet<String>,
    /// One line for the status bar: what just happened, or what went wrong.
    pub status: Option<String>,
    /// The command that imports a roster into the database on screen, for the empty
    /// database's hint: `crewdeck --db PATH import roster FILE` when it is not the default one.
    pub import_command: String,
    /// Changes made in this session, newest last, for undo.
    pub history: Vec<AuditEntry>,
    /// Rows of the roster the screen showed last: how far a page moves.
    pub page: usize,
    /// The changes that touched the shown person's records, newest first, once read; and whom
    /// a reading under way is for.
    pub person_history: Option<(String, Vec<AuditEntry>)>,
    history_asked: Option<String>,
    /// The Ladder view's rows, worked out when it opens and when the records change.
    pub ladder_rows: Vec<ladder::LadderRow>,
    /// The period the points view counts over, and its standings when not all time.
    pub period: retention::Period,
    pub period_standings: Vec<crate::domain::insight::points::Standing>,
    /// The handover checklist a departure starts with (built in, or the user's file).
    pub handover: crate::domain::handover::HandoverTemplate,
    /// The window is below the smallest size: nothing is shown, so keys other than quit are
    /// ignored rather than acting blind.
    pub too_small: bool,
    /// The window is too small for the form to show what is typed (see `ui::FORM_MIN_WIDTH`):
    /// the form says so, and keys other than closing it or quitting are ignored.
    pub form_too_small: bool,
    /// How far the person's tab is scrolled by page keys (0: follow the selection).
    pub detail_scroll: usize,
    /// How many lines the person's tab had when last drawn, so scrolling stops at its end.
    pub detail_lines: std::cell::Cell<usize>,

    /// Who was selected when the roster filter opened.
    filter_before: Option<String>,
    /// The first roster row on screen, kept between frames so the list does not jump.
    pub roster_offset: std::cell::Cell<usize>,
    /// The same for the long lists of the team views.
    pub list_offset: std::cell::Cell<usize>,
    pub quit: bool,
    /// Only the roster is read yet; the other records are on their way (see [`App::starting`]).
    /// Changes wait until they are here.
    pub loading: bool,
    /// Set by the runtime: the person pane follows roster moves once they rest, not at each
    /// key ([`App::catch_up`]). Off in tests, where every key shows its result at once.
    pub follow_lazily: bool,
    /// Set by the runtime: after a change, `derived` is worked out on another thread
    /// ([`App::derived_ready`]) while the screen shows the change at once. Off in tests.
    pub derive_elsewhere: bool,
    /// Counts the changes to `org` made here; `derived` is for `derived_for`.
    pub generation: u64,
    derived_for: u64,
    /// The person the pane still shows while the selection moves; `None` when it is up to date.
    detail_lag: Option<String>,
    last_was_roster_move: bool,
    /// The team view and row a person was opened from, for `esc` to go back to.
    came_from: Option<(View, usize)>,
    /// The selected item as named before the records on screen took a change in place
    /// ([`App::before_change`]), so it stays selected wherever the change moved it.
    selected_before: Option<String>,
    /// The newest audit entry the records on screen include (a shared server's; 0 for a file),
    /// which a save names so that a record changed by someone else meanwhile is not overwritten.
    pub seq: u64,
    /// The connection to the shared server is down.
    pub offline: bool,
    /// Why the user may change nothing (a viewer): forms do not open, and the header says so.
    pub read_only: Option<String>,
    /// The user's role (`None` in a database without users), as the backend last said.
    pub role: Option<crate::domain::user::Role>,
    /// Why the shared server no longer lets the user in, while it does not: the roster says
    /// so in place of the people.
    pub shut_out: Option<String>,
    /// The status line says what someone else did, and the next such news may replace it.
    status_from_elsewhere: bool,
    /// A key (or paste) has come: the user may have chosen whom to look at.
    keyed: bool,
    /// Effects for the runtime that came from outside a key (a form that took in someone
    /// else's change keeps its draft): carried out with the next ones ([`App::take_queued`]).
    queued: Vec<Effect>,
    /// A form saved before the records it is about were read: saved once they are, if the
    /// same form is still open.
    save_waiting: Option<form::FormKind>,
    /// The calibration session chosen in its view (`None`: the newest open one).
    pub calibration: Option<crate::domain::ids::CalibrationId>,
    /// The calibration view shows the session's summary instead of its log.
    pub calibration_summary: bool,
    /// The time on screen, set by the runtime before each frame: a timebox counts down by it.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Presenter mode: the screen is shared (a projector, a tmux session others watch), so
    /// notes, leaving stages, pay, plans, points and evidence are drawn hidden (see
    /// [`presenter`]). Set from `CREWDECK_PRESENT` at start; the presenter key toggles it.
    pub presenting: bool,
    /// Presenter mode came on by itself as the Calibration view opened on a session: it goes
    /// off again when the view is left (the user's own `B` makes it theirs to turn off).
    presenting_for_calibration: bool,
    /// How many tmux clients show this session, as last found (0: not in tmux, or not known).
    pub screens: u32,
    /// The Points view's order while presenting (see [`App::shown_standings`]).
    presenter_order: Vec<usize>,
}

impl App {
    pub fn new(org: Org, rules: Rules, keymap: Keymap, today: NaiveDate, actor: &str) -> App {
        let derived = Derived::compute(&org, &rules, today, actor);
        let mut app = App {
            org: std::sync::Arc::new(org),
            derived,
            rules,
            keymap,
            today,
            actor: actor.to_string(),
            view: View::People,
            focus: Focus::Roster,
            tab: Tab::Profile,
            roster: Roster::default(),
            item: 0,
            nine_box_cell: (2, 2),
            overlay: None,
            form: None,
            drafts: Default::default(),
            unwritten_drafts: Default::default(),
            status: None,
            import_command: "crewdeck import roster FILE".to_string(),
            history: Vec::new(),
            page: 10,
            ladder_rows: Vec::new(),
            person_history: None,
            history_asked: None,
            period: Default::default(),
            period_standings: Vec::new(),
            handover: crate::domain::handover::HandoverTemplate::built_in(),
            too_small: false,
            form_too_small: false,
            detail_scroll: 0,
            detail_lines: std::cell::Cell::new(0),

            filter_before: None,
            roster_offset: std::cell::Cell::new(0),
            list_offset: std::cell::Cell::new(0),
            quit: false,
            loading: false,
            follow_lazily: false,
            derive_elsewhere: false,
            served: None,
            generation: 0,
            derived_for: 0,
            detail_lag: None,
            last_was_roster_move: false,
            came_from: None,
            selected_before: None,
            seq: 0,
            offline: false,
            read_only: None,
            role: None,
            shut_out: None,
            status_from_elsewhere: false,
            queued: Vec::new(),
            save_waiting: None,
            keyed: false,
            calibration: None,
            calibration_summary: false,
            now: chrono::Utc::now(),
            presenting: false,
            presenting_for_calibration: false,
            screens: 0,
            presenter_order: Vec::new(),
        };
        app.rebuild_roster();
        app
    }

    /// The cockpit as it first opens: `roster` holds the people with what the roster shows (and
    /// the users), so the first frame is drawn at once; [`App::loaded`] brings the rest.
    pub fn starting(
        roster: Org,
        rules: Rules,
        keymap: Keymap,
        today: NaiveDate,
        actor: &str,
    ) -> App {
        let mut app = App::new(Org::default(), rules, keymap, today, actor);
        app.derived = Derived::pending(&roster, actor);
        app.org = std::sync::Arc::new(roster);
        app.loading = true;
        app.rebuild_roster();
        app
    }

    /// Every record is read and worked out (on another thread): the screen shows it all, with
    /// the same person selected and the finder's query searched again.
    pub fn loaded(&mut self, mut org: Org, mut derived: Derived) {
        self.shut_out = None;
        if self.is_served() {
            self.served_loaded(&mut org, &mut derived);
        }
        self.org = std::sync::Arc::new(org);
        self.derived = derived;
        let first = self.loading && !self.keyed;
        self.loading = false;
        match self.status.as_deref() {
            Some(STILL_READING) | Some(SAVE_WAITS) => self.status = None,
            Some(SCOPE_CHANGED) => {
                self.status = Some(SCOPE_READ.into());
                // Said, and the next change by someone else may take its place.
                self.status_from_elsewhere = true;
            }
            // Said until the next key: a reconnection that took a moment is not silent.
            Some(READING_AGAIN) => self.status = Some(BACK.into()),
            _ => {}
        }
        self.rebuild_in_place();
        if first {
            // The roster came first in name order, without urgency: nobody has chosen anyone
            // yet, so the selection goes to the top of the roster as it is now, the person
            // most in need of attention.
            self.roster.selected = 0;
            self.roster_offset.set(0);
        }
        self.refresh_form();
        self.refresh_period();
        self.refresh_ladder();
        self.history_asked = None;
        if let Some(Overlay::Finder(finder)) = &mut self.overlay {
            finder.search(&self.derived.search);
        }
        self.save_if_waiting();
    }

    /// New records (after a change here, or by someone else): everything derived is worked out
    /// again and the selection kept.
    pub fn reload(&mut self, org: std::sync::Arc<Org>) {
        self.org = org;
        self.generation += 1;
        self.derived = Derived::compute(&self.org, &self.rules, self.today, &self.actor);
        self.derived_for = self.generation;
        self.refresh_period();
        self.refresh_ladder();
        self.rebuild_roster();
    }

    /// The records after a change made of `diffs`: what is worked out from them follows at
    /// once when only what the change can affect needs working out again (a few milliseconds
    /// at 100,000 people), else from scratch, here or on another thread.
    fn follow(
        &mut self,
        org: std::sync::Arc<Org>,
        diffs: &[crate::domain::Diff],
        roster_changed: bool,
    ) {
        // What is worked out is for the records before the change, unless a change before it
        // is still being worked out on another thread.
        let current = !self.derived_behind();
        self.org = org;
        self.generation += 1;
        if self.is_served() {
            // Worked out by the server, and asked for again.
            self.derived_for = self.generation;
            self.served_follow(diffs, roster_changed);
            return;
        }
        let refreshed = match current {
            true => (self.derived).update(&self.org, &self.rules, self.today, &self.actor, diffs),
            false => Refreshed::Declined,
        };
        if refreshed != Refreshed::Declined {
            self.derived_for = self.generation;
            self.refresh_period();
            self.refresh_ladder();
            // The roster is ordered by urgency, and built from the people.
            if roster_changed || refreshed == Refreshed::Reordered {
                self.rebuild_roster();
            }
        } else if self.derive_elsewhere {
            // Each person's records are found at once; the rest follows from the other thread.
            if !current {
                for diff in diffs {
                    self.derived.record_changed(diff);
                }
            }
            if roster_changed {
                self.rebuild_roster();
            }
        } else {
            self.derived = Derived::compute(&self.org, &self.rules, self.today, &self.actor);
            self.derived_for = self.generation;
            self.refresh_period();
            self.refresh_ladder();
            self.rebuild_roster();
        }
    }

    /// Whether what is worked out from the records is older than the records on screen.
    pub fn derived_behind(&self) -> bool {
        self.derived_for != self.generation
    }

    /// What was worked out on another thread from the records of `generation`: taken if no
    /// change came since, with the same person selected.
    pub fn derived_ready(&mut self, generation: u64, derived: Derived) {
        if generation != self.generation {
            return; // a newer change is being worked out
        }
        self.derived = derived;
        self.derived_for = generation;
        self.refresh_period();
        self.refresh_ladder();
        self.rebuild_in_place();
    }

    /// A change went through: remember it for undo, show the new records, and return what
    /// follows from it (a saved note's draft can go).
    ///
    /// `org` is the records after the change; `None` when they could not be read back, in which
    /// case the change still counts (it is stored) and the screen says so.
    pub fn applied(
        &mut self,
        entry: AuditEntry,
        org: Result<std::sync::Arc<Org>, String>,
    ) -> Vec<Effect> {
        let keep = self.selected_before.take().or_else(|| self.item_key());
        self.status = Some(match &entry.change {
            Change::Revert { seq, .. } => {
                // The undone change leaves the history only now that its undo is stored.
                let at = self.history.iter().rposition(|e| e.seq == *seq);
                match at.map(|i| self.history.remove(i)) {
                    Some(undone) => self.describe_undone(&undone.change),
                    None => "Undone".to_string(),
                }
            }
            change @ Change::LogCalibration { .. }
                if self.view == View::Calibration
                    && matches!(&change, Change::LogCalibration { entry } if matches!(entry.what, crate::domain::calibration::Logged::Move { .. })) =>
            {
                format!(
                    "{} · {} undoes",
                    self.describe(change),
                    self.key_for(Mode::Browse, Action::Undo)
                )
            }
            change if selection::in_calibration(&entry) => self.describe(change),
            change if selection::undoable(&entry) => format!(
                "{} · {} undoes",
                self.describe(change),
                self.key_for(Mode::Browse, Action::Undo)
            ),
            change => format!(
                "{} · {} on the entry reverses it",
                self.describe(change),
                self.key_for(Mode::Browse, Action::ReversePoints)
            ),
        });
        // The roster is built from the people (and who may see them); other records only
        // move it through the urgency, which follows with the rest of what is worked out.
        let roster_changed = entry.diffs.iter().any(|d| {
            matches!(
                d.kind,
                crate::domain::Kind::Person | crate::domain::Kind::User
            )
        });
        let mut effects = self.form_saved();
        // The change joins the history on screen at once, without reading the trail again.
        if let Some((person, entries)) = &mut self.person_history {
            if let Some(mine) = crate::domain::history::about(&entry, person) {
                entries.insert(0, mine);
            }
        }
        match org {
            Ok(org) => self.follow(org, &entry.diffs, roster_changed),
            Err(e) => {
                self.status = Some(format!(
                    "Saved, but the records could not be read back: {e}"
                ))
            }
        }
        // A session opened here is the one its view shows, presented as one opened before
        // the view was.
        if let Change::OpenCalibration { session, .. } = &entry.change {
            self.calibration = Some(session.id.clone());
            self.item = 0;
            if self.view == View::Calibration {
                self.present_calibration();
            }
        }
        if !matches!(entry.change, Change::Revert { .. }) {
            self.history.push(entry);
        }
        if let Some(key) = keep {
            self.reselect(&key);
        }
        effects.extend(self.want_history());
        effects
    }

    /// The history the person pane needs and has not asked for: the Coaching and History tabs
    /// show it, once the selection rests. The runtime asks after the records arrive.
    pub fn want_history(&mut self) -> Option<Effect> {
        if !matches!(self.tab, Tab::Coaching | Tab::History)
            || self.view != View::People
            || self.detail_lag.is_some()
            || self.loading
        {
            return None;
        }
        let person = self.roster.selected_id()?.to_string();
        let have = self.person_history.as_ref().map(|(p, _)| p.as_str());
        if have == Some(person.as_str()) || self.history_asked.as_deref() == Some(person.as_str()) {
            return None;
        }
        self.history_asked = Some(person.clone());
        Some(Effect::LoadHistory(person))
    }

    /// The history of `person` was read; kept if they are still the one asked for.
    pub fn history_loaded(&mut self, person: String, entries: Vec<AuditEntry>) {
        if self.history_asked.as_deref() == Some(person.as_str()) {
            self.history_asked = None;
            self.person_history = Some((person, entries));
        }
    }

    /// The history of the person shown, if it has been read.
    pub fn history_of(&self, person: &str) -> Option<&[AuditEntry]> {
        self.person_history
            .as_ref()
            .filter(|(p, _)| p == person)
            .map(|(_, entries)| entries.as_slice())
    }

    /// The records on screen are about to take a change in place, before [`App::applied`]:
    /// the selected item is named now, while it can still be found.
    pub fn before_change(&mut self) {
        self.selected_before = self.item_key();
    }

    /// The first key bound to `action` in `mode`, for messages that name a key.
    pub fn key_for(&self, mode: Mode, action: Action) -> String {
        self.keymap
            .keys_for(mode, action)
            .first()
            .map_or_else(|| format!(":{}", action.name()), ToString::to_string)
    }

    /// A change was refused or could not be written.
    pub fn failed(&mut self, message: String) {
        self.form_failed(&message);
        self.status = Some(message);
    }

    /// Rebuilds the roster for new records or a new urgency, keeping the same person and item
    /// selected, and the selected row where it was on screen: the list moves, not the eye.
    fn rebuild_in_place(&mut self) {
        let keep = self.item_key();
        let row_on_screen = self
            .roster
            .selected
            .saturating_sub(self.roster_offset.get());
        self.rebuild_roster();
        if let Some(key) = keep {
            self.reselect(&key);
        }
        self.roster_offset
            .set(self.roster.selected.saturating_sub(row_on_screen));
    }

    pub fn rebuild_roster(&mut self) {
        let entries = self.derived.roster_entries(&self.org, &self.roster.filter);
        // While presenting the roster goes by name: an order by urgency would show whose
        // leaving stage weighs on it. The order chosen comes back afterwards.
        let chosen = self.roster.order;
        if self.presenting {
            self.roster.order = roster::Order::Name;
        }
        self.roster.rebuild(&entries);
        self.roster.order = chosen;
    }

    /// A person's name, or the id when nobody has it.
    pub fn name(&self, id: &str) -> String {
        self.org
            .people
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.name.to_string())
    }

    pub fn selected_person(&self) -> Option<&crate::domain::person::Person> {
        self.roster
            .selected_id()
            .and_then(|id| self.org.people.get(id))
    }

    /// The person the person pane shows: the selected one, or while the selection is moving
    /// through the roster (see [`App::follow_lazily`]), the one it showed before.
    pub fn shown_person(&self) -> Option<&crate::domain::person::Person> {
        match &self.detail_lag {
            Some(id) => self.org.people.get(id.as_str()),
            None => self.selected_person(),
        }
    }

    /// Whether the person pane is behind the selection, waiting for it to rest.
    pub fn detail_behind(&self) -> bool {
        self.detail_lag.is_some()
    }

    /// The selection has rested: the person pane shows who is selected (and asks for their
    /// history, if its tab shows it).
    pub fn catch_up(&mut self) -> Option<Effect> {
        self.detail_lag = None;
        self.want_history()
    }

    /// The keymap table that applies now.
    pub fn mode(&self) -> Mode {
        match (&self.overlay, &self.form) {
            (Some(_), _) => Mode::Input,
            (None, Some(_)) => Mode::Form,
            (None, None) => Mode::Browse,
        }
    }

    pub fn update(&mut self, input: Input) -> Vec<Effect> {
        self.keyed = true;
        let shown = self.roster.selected_id().map(str::to_string);
        let effects = self.handle(input);
        // A move through the roster leaves the person pane as it was until the selection rests,
        // when the pane follows lazily: holding `j` over SSH then sends two rows a key, not a
        // whole person. Anything else brings the pane up to date first.
        let moved = self.last_was_roster_move;
        self.last_was_roster_move = false;
        if self.follow_lazily && moved && self.roster.selected_id() != shown.as_deref() {
            if self.detail_lag.is_none() {
                self.detail_lag = shown;
            }
        } else {
            self.detail_lag = None;
        }
        let mut effects = effects;
        effects.extend(self.want_history());
        effects
    }

    fn handle(&mut self, input: Input) -> Vec<Effect> {
        match input {
            // Nothing goes into a field that cannot be seen.
            Input::Paste(_) if self.form_too_small && self.mode() == Mode::Form => Vec::new(),
            Input::Paste(text) => self.paste(&text),
            Input::Key(event) => {
                let key = Key::from_event(&event);
                if self.too_small {
                    // The question before quitting with unwritten drafts is answered here too.
                    if matches!(self.overlay, Some(Overlay::Confirm { .. })) {
                        return self.overlay_key(&event);
                    }
                    return match self.keymap.action(self.mode(), &key) {
                        Some(Action::Quit) => self.act(Action::Quit),
                        _ => Vec::new(),
                    };
                }
                if self.form_too_small && self.mode() == Mode::Form {
                    return match self.keymap.action(Mode::Form, &key) {
                        Some(action @ (Action::CloseNote | Action::Quit)) => self.act(action),
                        _ => Vec::new(),
                    };
                }
                let mode = self.mode();
                // Only a letter bound in browse mode is split: an alt key that means nothing
                // there (alt-b, alt-f: a word left or right in many terminals) is left alone.
                let after_esc = after_esc(&key, &event).and_then(|then| {
                    let after = Key::from_event(&then);
                    let action = self.keymap.action(Mode::Browse, &after)?;
                    Some((then, after, action))
                });
                if let Some((then, after, action)) = after_esc
                    && self.keymap.action(mode, &key).is_none()
                {
                    // The key after `esc` runs only if it changes nothing: an alt key typed
                    // from habit (alt-x in a form) must not tick an action unseen. Else `esc`
                    // alone, and the key is said.
                    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
                    let mut effects = self.update(Input::Key(esc));
                    if !action.writes() {
                        effects.extend(self.update(Input::Key(then)));
                    } else {
                        self.status = Some(format!(
                            "esc and {after} came together: {after} was not run; press it again if it was meant"
                        ));
                    }
                    return effects;
                }
                match self.keymap.action(mode, &key) {
                    Some(action) => {
                        use Action::*;
                        self.last_was_roster_move = self.mode() == Mode::Browse
                            && (self.view, self.focus) == (View::People, Focus::Roster)
                            && matches!(action, Up | Down | PageUp | PageDown | Top | Bottom);
                        self.act(action)
                    }
                    None => self.type_key(&event),
                }
            }
        }
    }

    /// Presses keys written as in keymap files (`j`, `enter`, `ctrl-p`, `G`), separated by
    /// spaces: how tests and benchmarks drive the cockpit.
    pub fn press(&mut self, keys: &str) -> Result<Vec<Effect>, String> {
        use ratatui::crossterm::event::KeyModifiers;
        let mut effects = Vec::new();
        for name in keys.split_whitespace() {
            let key = Key::parse(name).map_err(|e| e.to_string())?;
            let mut modifiers = KeyModifiers::NONE;
            if key.ctrl {
                modifiers |= KeyModifiers::CONTROL;
            }
            if key.alt {
                modifiers |= KeyModifiers::ALT;
            }
            effects.extend(self.update(Input::Key(KeyEvent::new(key.code, modifiers))));
        }
        Ok(effects)
    }

    /// The effects that came from outside a key since last asked ([`App::queued`]).
    pub fn take_queued(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.queued)
    }

    /// Runs `action` in the current mode.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        if self.overlay.is_some() {
            return self.overlay_action(action);
        }
        if self.form.is_some() {
            return self.form_action(action);
        }
        self.status = None;
        self.browse_action(action)
    }

    /// A key no binding took: text for whatever is being typed into.
    fn type_key(&mut self, event: &KeyEvent) -> Vec<Effect> {
        if self.overlay.is_some() {
            return self.overlay_key(event);
        }
        if self.form.is_some() {
            return self.form_key(event);
        }
        Vec::new()
    }

    fn paste(&mut self, text: &str) -> Vec<Effect> {
        if self.form.is_some() && self.overlay.is_none() {
            return self.form_paste(text);
        }
        if self.overlay.is_some() {
            // One edit for the whole paste: the filter and the finder search once, not per
            // character.
            let line: String = text.chars().filter(|c| !c.is_control()).collect();
            self.overlay_paste(&line);
        }
        Vec::new()
    }
}

#[cfg(test)]
mod calibration_tests;
#[cfg(test)]
pub mod tests;

/// For an alt key, the key that came after `esc`: `esc` typed just before a key can reach the
/// cockpit in one piece with it (over SSH, or from a terminal that was busy), which reads as
/// alt and that key. Bound to nothing, it was the two keys: read as alt, `esc q` did nothing
/// (in a form, not even close it), and the keys typed after, meant for the shell, ran as
/// commands.
fn after_esc(key: &Key, event: &KeyEvent) -> Option<KeyEvent> {
    if !key.alt || key.ctrl || !matches!(event.code, KeyCode::Char(_)) {
        return None;
    }
    let mut after = *event;
    after.modifiers.remove(KeyModifiers::ALT);
    Some(after)
}
