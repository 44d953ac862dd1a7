//! A cockpit on a shared server holds only what it shows. The server works out the flags, the
//! urgency and the rest from every record ([`crate::server::insight`]); the cockpit holds the
//! people and the records that are few (key positions, plans, departures, sessions), what the
//! roster shows worked out (a [`Summary`]), and the notes, assessments, stay interviews and
//! points entries of a person once that person is on screen ([`PersonView`]).
//!
//! The runtime asks for what [`App::asks`] names, on another thread, and hands each answer to
//! [`App::answered`]. After any change (made here or by someone else) the summary is asked for
//! again, and the people the change is about are read again when next shown.
//!
//! Nothing here works anything out from the records: a cockpit that held only part of them
//! would get it wrong.

use super::App;
use super::derived::Derived;
use crate::backend::{HEAVY, Served};
use crate::domain::flag::Subject;
use crate::domain::insight::Flag;
use crate::domain::insight::points::Standing;
use crate::domain::{Diff, Key, Kind, Org, Record};
use crate::server::insight::{NineBoxCells, PersonView, Summary};
use chrono::NaiveDate;
use std::collections::HashSet;

/// What the cockpit is to ask the server for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Summary,
    /// People to read, with every record about them: the one on screen, or everyone of the
    /// calibration session on screen.
    People(Vec<String>),
    NineBox,
    Standings(Option<NaiveDate>),
}

/// An [`Ask`] as made: with the reading of the records it was made for, so that an answer to
/// one made before the records were read again (a reconnection, a change of scope) is let go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub ask: Ask,
    epoch: u64,
}

/// The server's answer to an [`Ask`].
#[derive(Debug)]
pub enum Answer {
    Summary(Summary),
    /// Each person asked for; `None` for one no longer in sight.
    People(Vec<(String, Option<PersonView>)>),
    NineBox(NineBoxCells),
    Standings(Option<NaiveDate>, Vec<Standing>),
}

/// Asks `served` for `ask` (on the runtime's worker thread).
///
/// Errors: the server cannot be reached, or could not answer, said in a sentence.
pub fn ask(served: &dyn Served, ask: Ask) -> Result<Answer, String> {
    let answer = match ask {
        Ask::Summary => served.summary().map(Answer::Summary),
        Ask::People(ids) => (ids.into_iter())
            .map(|id| served.person(&id).map(|view| (id, view)))
            .collect::<Result<Vec<_>, _>>()
            .map(Answer::People),
        Ask::NineBox => served.nine_box().map(Answer::NineBox),
        Ask::Standings(since) => served
            .standings(since)
            .map(|list| Answer::Standings(since, list)),
    };
    answer.map_err(|e| e.to_string())
}

/// What a cockpit on a shared server knows of what it holds.
#[derive(Debug, Default)]
pub struct ServedState {
    /// People whose records are here whole, as last read.
    read: HashSet<Key>,
    /// People read whose records a change since may have touched: shown as they are while
    /// read again.
    stale: HashSet<Key>,
    /// What has been asked and not yet answered.
    asked: Vec<Asked>,
    /// Counts the readings of the records: an answer to an ask of another is let go.
    epoch: u64,
    /// People a change touched while they were being asked for: the answer may be older than
    /// the change, so it is let go and they are asked for again.
    touched_while_asked: HashSet<Key>,
    /// When an ask last failed: nothing is asked for a moment after (the connection may be
    /// going; its loss and return are news of their own).
    failed_at: Option<std::time::Instant>,
    /// The summary is older than the records on screen: ask again.
    summary_stale: bool,
    /// The 9-box and the standings of a period, asked for when their view opens and again
    /// after a change while it is open.
    nine_box_stale: bool,
    standings_stale: bool,
    /// The view and period last asked for: another is asked for afresh.
    shown: Option<(super::View, Option<NaiveDate>)>,
    /// The standing of each person read, over all time (the Points view's list comes whole,
    /// when it opens).
    standings: std::collections::HashMap<Key, Standing>,
    /// The records are still to be read for the first time, beside the roster already read
    /// (which holds the people and users, [`load`]).
    roster_read: bool,
    /// When the summary was last asked for, and how long to wait before asking again.
    summary_asked_at: Option<std::time::Instant>,
    pace: std::time::Duration,
}

/// How long nothing is asked for after an ask failed.
const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// How often at most the summary is asked for again while changes keep coming: at 100,000
/// people an admin's is 3 MB, worked out on the server from every flag.
pub const SUMMARY_EVERY: std::time::Duration = std::time::Duration::from_millis(300);

impl ServedState {
    /// The state of a cockpit just connected, asking for a summary at most every
    /// [`SUMMARY_EVERY`].
    pub fn new() -> ServedState {
        ServedState {
            pace: SUMMARY_EVERY,
            roster_read: true,
            ..ServedState::default()
        }
    }
}

/// The records and the summary, read on the loading thread: what the cockpit starts from.
/// With `roster` (the people and users read for the first frame, which the cockpit shows
/// meanwhile), they are not read twice: the records come without them, and [`App::loaded`]
/// takes them from the roster. Without, everything is read (after a reconnection or a change
/// of scope, when the people on screen may no longer be the ones to show).
///
/// Errors: the server cannot be reached, or could not answer.
pub fn load(
    served: &dyn Served,
    roster: Option<&Org>,
    actor: &str,
) -> Result<(Org, Derived), String> {
    let org = served
        .records(roster.is_none())
        .map_err(|e| e.to_string())?;
    let summary = served.summary().map_err(|e| e.to_string())?;
    let derived = Derived::served(roster.unwrap_or(&org), &org, summary, actor);
    Ok((org, derived))
}

impl App {
    /// Whether this cockpit holds only what it shows (a shared server's client).
    pub fn is_served(&self) -> bool {
        self.served.is_some()
    }

    /// The person whose records the screen is about: the one shown in the person pane, or
    /// selected in a team view.
    pub fn person_on_screen(&self) -> Option<String> {
        match self.view {
            super::View::People => self.shown_person().map(|p| p.id.to_string()),
            super::View::Points => self.standing_here(),
            super::View::Departures => self.departure_person(),
            _ => self.person_here(),
        }
    }

    /// Whether the records being read come without the people and users, which the roster
    /// read for the first frame holds ([`load`]).
    pub fn reads_beside_roster(&self) -> bool {
        self.served.as_ref().is_some_and(|s| s.roster_read)
    }

    /// Whether `id`'s notes, assessments, stay interviews and points entries are here (always,
    /// for a cockpit on a file).
    pub fn person_read(&self, id: &str) -> bool {
        self.served.as_ref().is_none_or(|s| s.read.contains(id))
    }

    /// Whether the records this cockpit holds take `diff` in: every diff on a file; on a shared
    /// server, one of the kinds read a person at a time only for someone read.
    pub(super) fn holds(&self, diff: &Diff) -> bool {
        if !HEAVY.contains(&diff.kind) {
            return true;
        }
        (self.served.as_ref()).is_none_or(|s| about(diff).iter().any(|id| s.read.contains(*id)))
    }

    /// `id`'s points standing over all time, if they have one.
    pub fn standing_of(&self, id: &str) -> Option<&Standing> {
        match &self.served {
            Some(state) => state.standings.get(id),
            None => self.derived.standings.iter().find(|s| s.person == id),
        }
    }

    /// Whether something asked of the server is on its way, or waits to be asked.
    pub fn asking(&self) -> bool {
        (self.served.as_ref()).is_some_and(|s| !s.asked.is_empty() || s.summary_stale)
    }

    /// The records of the person on screen are still on their way (or in a calibration, of
    /// someone in the session, whose place is read from their assessments): what needs them
    /// waits.
    pub fn person_unread(&self) -> bool {
        (self.person_on_screen().into_iter())
            .chain(self.session_people())
            .any(|id| !self.person_read(&id))
    }

    /// Whether `person`'s records are on their way (they are on screen, or in the calibration
    /// session on screen, and not read yet): a form about them waits, as it would be laid out
    /// or saved without their notes, assessments or ledger.
    pub fn waits_for(&self, person: &str) -> bool {
        !self.person_read(person)
            && (self.person_on_screen().as_deref() == Some(person)
                || self.session_people().iter().any(|p| p == person))
    }

    /// Everyone in the calibration session on screen, when that is the view (on a shared
    /// server, each is read to be placed).
    fn session_people(&self) -> Vec<String> {
        if self.view != super::View::Calibration || !self.is_served() {
            return Vec::new();
        }
        let Some(session) = self.calibration_session() else {
            return Vec::new();
        };
        let log = crate::domain::calibration::log_of(&self.org, &session.id);
        let board = crate::domain::calibration::Board::of(log);
        board.before.keys().map(|id| id.to_string()).collect()
    }

    /// What to ask the server for now; each is marked asked until its answer comes.
    pub fn asks(&mut self) -> Vec<Asked> {
        if self.loading {
            return Vec::new();
        }
        let person = self.person_on_screen();
        let session = self.session_people();
        let (view, since) = (self.view, self.period.since(self.today));
        let Some(state) = &mut self.served else {
            return Vec::new();
        };
        if state.failed_at.is_some_and(|at| at.elapsed() < RETRY_AFTER) {
            return Vec::new();
        }
        if state.shown != Some((view, since)) {
            state.shown = Some((view, since));
            state.nine_box_stale = true;
            state.standings_stale = true;
        }
        let mut wanted = Vec::new();
        let rested = (state.summary_asked_at).is_none_or(|at| at.elapsed() >= state.pace);
        if state.summary_stale && rested {
            wanted.push(Ask::Summary);
        }
        let wanted_person =
            |id: &String| !state.read.contains(id.as_str()) || state.stale.contains(id.as_str());
        let people: Vec<String> = (person.into_iter().chain(session))
            .filter(wanted_person)
            .collect();
        if !people.is_empty() {
            wanted.push(Ask::People(people));
        }
        if view == super::View::NineBox && state.nine_box_stale {
            wanted.push(Ask::NineBox);
        }
        if matches!(view, super::View::Points | super::View::Ladder) && state.standings_stale {
            wanted.push(Ask::Standings(since));
        }
        // One of each kind at a time: a person asked for while another is on its way waits.
        let busy = |a: &Ask| {
            let same = |b: &Asked| std::mem::discriminant(a) == std::mem::discriminant(&b.ask);
            state.asked.iter().any(same)
        };
        wanted.retain(|a| !busy(a));
        for ask in &wanted {
            match ask {
                Ask::Summary => {
                    state.summary_stale = false;
                    state.summary_asked_at = Some(std::time::Instant::now());
                }
                Ask::NineBox => state.nine_box_stale = false,
                Ask::Standings(_) => state.standings_stale = false,
                Ask::People(_) => {}
            }
        }
        let epoch = state.epoch;
        let asked: Vec<Asked> = (wanted.into_iter())
            .map(|ask| Asked { ask, epoch })
            .collect();
        state.asked.extend(asked.iter().cloned());
        asked
    }

    /// The server's answer to `ask`, or why there is none.
    pub fn answered(&mut self, asked: &Asked, answer: Result<Answer, String>) {
        let Some(state) = &mut self.served else {
            return;
        };
        let outstanding = state.asked.len();
        state.asked.retain(|a| a != asked);
        if state.asked.len() == outstanding || asked.epoch != state.epoch {
            return; // asked of records read before
        }
        let ask = &asked.ask;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                // Asked again in a moment; said meanwhile.
                if let Some(state) = &mut self.served {
                    state.failed_at = Some(std::time::Instant::now());
                    match ask {
                        Ask::Summary => state.summary_stale = true,
                        Ask::NineBox => state.nine_box_stale = true,
                        Ask::Standings(_) => state.standings_stale = true,
                        Ask::People(_) => {}
                    }
                }
                if !self.offline {
                    self.failed(format!("The server did not answer: {e}"));
                }
                return;
            }
        };
        let keep = self.item_key();
        match answer {
            Answer::Summary(summary) => self.take_summary(summary),
            Answer::People(people) => {
                for (id, view) in people {
                    // Touched by a change since it was asked for: maybe older than that change.
                    let touched = (self.served.as_mut())
                        .is_some_and(|s| s.touched_while_asked.remove(id.as_str()));
                    if !touched {
                        self.take_person(&id, view);
                    }
                }
            }
            Answer::NineBox(cells) => self.take_nine_box(cells),
            Answer::Standings(since, list) if since == self.period.since(self.today) => {
                match since {
                    None => self.derived.standings = list,
                    Some(_) => self.period_standings = list,
                }
                self.order_for_presenting();
                self.refresh_ladder();
            }
            Answer::Standings(..) => {}
        }
        if let Some(key) = keep {
            self.reselect(&key);
        }
        self.save_if_waiting();
    }

    /// After `diffs` (made here or elsewhere, already in the records): the summary is asked
    /// for again, and so is what an open view shows; the people the change is about are read
    /// again when next shown. The records held are kept current meanwhile.
    pub(super) fn served_follow(&mut self, diffs: &[Diff], roster_changed: bool) {
        let Some(state) = &mut self.served else {
            return;
        };
        state.summary_stale = true;
        state.nine_box_stale = true;
        state.standings_stale = true;
        for diff in diffs {
            self.derived.record_changed(diff);
        }
        self.served_touched(diffs);
        if roster_changed {
            // The keys of the people changed, in place: not 100,000 keys again at each edit.
            let people: std::collections::BTreeSet<Key> = (diffs.iter())
                .filter(|d| d.kind == Kind::Person)
                .map(|d| Key::from(d.key.as_str()))
                .collect();
            super::refresh::search_keys(&mut self.derived, &self.org, &people);
            self.rebuild_roster();
        }
    }

    /// The people `diffs` are about: read again when next shown, and any answer about them
    /// on its way let go (it may be older than the change). Given every diff of a change, also
    /// those of records not held ([`App::holds`]).
    pub(super) fn served_touched(&mut self, diffs: &[Diff]) {
        let Some(state) = &mut self.served else {
            return;
        };
        for id in diffs.iter().flat_map(about) {
            if state.read.contains(id) {
                state.stale.insert(Key::from(id));
            }
            let asked =
                |a: &Asked| matches!(&a.ask, Ask::People(ids) if ids.iter().any(|i| i == id));
            if state.asked.iter().any(asked) {
                state.touched_while_asked.insert(Key::from(id));
            }
        }
    }

    /// The records were read (at first, after a reconnection, after a change of scope): the
    /// people and users read for the first frame join them if they came without, and nobody's
    /// own records are here yet.
    pub(super) fn served_loaded(&mut self, org: &mut Org, derived: &mut Derived) {
        if self.reads_beside_roster() {
            let roster = std::sync::Arc::make_mut(&mut self.org);
            org.people = std::mem::take(&mut roster.people);
            org.users = std::mem::take(&mut roster.users);
        }
        derived.cover(org);
        if let Some(state) = &mut self.served {
            let (pace, epoch) = (state.pace, state.epoch + 1);
            *state = ServedState {
                pace,
                epoch,
                roster_read: false,
                ..ServedState::default()
            };
        }
    }

    fn take_summary(&mut self, summary: Summary) {
        let empty = HashSet::new();
        let read = self.served.as_ref().map_or(&empty, |s| &s.read);
        // The flags of the people read stay; the team view's are the summary's.
        let kept: Vec<Flag> = (self.derived.flags.iter())
            .filter(|f| f.person().is_some_and(|p| read.contains(p)))
            .cloned()
            .collect();
        self.derived.take_summary(summary, kept);
        self.derived.cover(&self.org);
        self.rebuild_in_place();
    }

    fn take_person(&mut self, id: &str, view: Option<PersonView>) {
        let Some(state) = &mut self.served else {
            return;
        };
        state.read.insert(Key::from(id));
        state.stale.remove(id);
        // Their records of the kinds read a person at a time, replaced by those sent.
        let mut diffs = Vec::new();
        for kind in HEAVY {
            for key in held_of(&self.org, &self.derived, *kind, id) {
                diffs.push(Diff {
                    kind: *kind,
                    key: key.to_string(),
                    before: self.org.record(*kind, &key),
                    after: None,
                });
            }
        }
        let Some(view) = view else {
            self.apply_read(&diffs);
            if let Some(state) = &mut self.served {
                state.standings.remove(id);
            }
            self.derived.take_person(id, Vec::new(), None);
            self.rebuild_in_place();
            return;
        };
        for record in view.records {
            let key = record.key().to_string();
            let kind = record.kind();
            match diffs.iter_mut().find(|d| d.kind == kind && d.key == key) {
                Some(diff) => diff.after = Some(record),
                None => diffs.push(Diff {
                    kind,
                    key,
                    before: self.org.record(kind, record.key().as_str()),
                    after: Some(record),
                }),
            }
        }
        diffs.retain(|d| d.before != d.after);
        self.apply_read(&diffs);
        if let Some(state) = &mut self.served {
            match view.standing {
                Some(standing) => state.standings.insert(Key::from(id), standing),
                None => state.standings.remove(id),
            };
        }
        self.derived.take_person(id, view.flags, view.talent);
        // A GROW note begun before the records came gets its carried actions now.
        self.refresh_form();
        self.rebuild_in_place();
    }

    /// Puts records read from the server in place, with each person's links.
    fn apply_read(&mut self, diffs: &[Diff]) {
        if diffs.is_empty() {
            return;
        }
        std::sync::Arc::make_mut(&mut self.org).apply_diffs(diffs);
        for diff in diffs {
            self.derived.record_changed(diff);
        }
    }

    fn take_nine_box(&mut self, cells: NineBoxCells) {
        let named = cells.into_iter().map(|(cell, ids)| {
            let mut people: Vec<(crate::domain::Text, crate::domain::Text)> = (ids.into_iter())
                .map(|id| (crate::domain::Text::from(self.name(&id)), id))
                .collect();
            people.sort_unstable();
            people.sort_by_cached_key(|(name, id)| {
                super::derived::name_key(&self.derived.search, name, id).into_owned()
            });
            (cell, people)
        });
        self.derived.nine_box = named.collect();
    }
}

/// The people a change to a record is about: the person changed, or whose record it is.
fn about(diff: &Diff) -> Vec<&str> {
    fn of(record: &Record) -> Option<&str> {
        match record {
            Record::Person(p) => Some(p.id.as_str()),
            Record::Assessment(a) => Some(a.person.as_str()),
            Record::GrowNote(n) => Some(n.person.as_str()),
            Record::Pip(p) => Some(p.person.as_str()),
            Record::StayInterview(s) => Some(s.person.as_str()),
            Record::PointsEntry(e) => Some(e.person.as_str()),
            Record::Departure(d) => Some(d.person.as_str()),
            _ => None,
        }
    }
    let mut ids: Vec<&str> = [&diff.before, &diff.after]
        .into_iter()
        .flatten()
        .filter_map(of)
        .collect();
    ids.dedup();
    ids
}

impl Derived {
    /// What a cockpit on a shared server starts from: the summary the server worked out, and
    /// the finder's keys, the scope and the coverage worked out from the people and positions
    /// held (nobody's records yet).
    /// `people` holds the people and users (`org` itself, or the roster read before it).
    /// Coverage is worked out once they are together ([`App::loaded`]).
    pub fn served(people: &Org, org: &Org, summary: Summary, actor: &str) -> Derived {
        let mut derived = Derived::pending(people, actor);
        // The summary first: its lists go before the keys are built in their place.
        derived.take_summary(summary, Vec::new());
        derived.search = super::derived::search_keys(people, &derived);
        // Each person's own records, as they are read; of the records held, the plans and
        // departures, and who holds or succeeds each position. Who reports to whom and who is
        // in which team are links the server follows changes along, not this cockpit.
        let own = (org.pips.values().cloned().map(Record::Pip))
            .chain(org.departures.values().cloned().map(Record::Departure))
            .chain(org.positions.values().cloned().map(Record::Position));
        for record in own {
            derived.record_changed(&Diff {
                kind: record.kind(),
                key: record.key().to_string(),
                before: None,
                after: Some(record),
            });
        }
        derived
    }

    /// Takes in a summary from the server; `kept` are the flags of the people read, which stay.
    /// The coverage follows from the flags ([`Derived::cover`]).
    fn take_summary(&mut self, summary: Summary, kept: Vec<Flag>) {
        self.urgency = summary.urgency.into_iter().collect();
        self.on_plan = summary.on_plan.into_iter().collect();
        self.uncovered = summary.uncovered.into_iter().collect();
        self.unassessed = summary.unassessed;
        self.team_flag_count = summary.team_flag_count;
        let mut flags = summary.team_flags;
        self.team_flags = (0..flags.len()).collect();
        let mut seen: HashSet<Key> = flags.iter().map(|f| f.id.clone()).collect();
        for flag in summary.incumbent_flags.into_iter().chain(kept) {
            if seen.insert(flag.id.clone()) {
                flags.push(flag);
            }
        }
        self.flags = flags;
        self.index_flags();
    }

    /// Coverage worked out from the key positions and the flags held (the incumbents' are
    /// among them).
    pub(super) fn cover(&mut self, org: &Org) {
        self.coverage = crate::domain::insight::coverage::coverage(org, &self.flags);
    }

    /// Takes in one person's flags, talent and standing as the server sent them.
    fn take_person(&mut self, id: &str, flags: Vec<Flag>, talent: Option<super::derived::Talent>) {
        let theirs = |f: &Flag| matches!(&f.subject, Subject::Person(p) if p.as_str() == id);
        // A flag of the team view keeps its place; one gone goes from it.
        let team: Vec<Key> = (self.team_flags.iter())
            .filter_map(|i| self.flags.get(*i))
            .map(|f| f.id.clone())
            .collect();
        self.flags.retain(|f| !theirs(f));
        let mut fresh = flags;
        let (on_team, rest): (Vec<Flag>, Vec<Flag>) =
            fresh.drain(..).partition(|f| team.contains(&f.id));
        self.flags.extend(on_team);
        self.flags.extend(rest);
        let held: HashSet<&Key> = self.flags.iter().map(|f| &f.id).collect();
        let team_now: Vec<Key> = (team.iter())
            .filter(|id| held.contains(id))
            .cloned()
            .collect();
        // A flag of theirs gone from the team view is one fewer in all.
        self.team_flag_count = self
            .team_flag_count
            .saturating_sub(team.len() - team_now.len());
        // The team view in its order, by id.
        let at: std::collections::HashMap<&Key, usize> = (self.flags.iter().enumerate())
            .map(|(i, f)| (&f.id, i))
            .collect();
        self.team_flags = team_now
            .iter()
            .filter_map(|id| at.get(id).copied())
            .collect();
        self.index_flags();
        match talent {
            Some(t) => self.talent.insert(Key::from(id), t),
            None => self.talent.remove(id),
        };
    }

    /// `flags_of` for the flags held.
    fn index_flags(&mut self) {
        self.flags_of.clear();
        for (i, flag) in self.flags.iter().enumerate() {
            if let Some(person) = flag.person() {
                self.flags_of.entry(Key::from(person)).or_default().push(i);
            }
        }
    }
}

/// The keys of `person`'s records of `kind` held: by the links kept, and for assessments
/// (keyed `person/quarter`) by their keys.
fn held_of(org: &Org, derived: &Derived, kind: Kind, person: &str) -> Vec<Key> {
    match kind {
        Kind::Assessment => {
            let prefix = format!("{person}/");
            let from = std::ops::Bound::Included(prefix.as_str());
            (org.assessments
                .range::<str, _>((from, std::ops::Bound::Unbounded)))
            .take_while(|(key, _)| key.starts_with(&prefix))
            .map(|(key, _)| key.clone())
            .collect()
        }
        _ => derived.by_person.records(kind, person).to_vec(),
    }
}
