//! The calibration view: one session of a talent review at a time. The 9-box of everyone in
//! the session with where they stood before it, a list beside it walking manager by manager
//! (the round-robin), and the decision log below. Keys: `>` moves the selected person, `i`
//! starts discussing them (their timebox), `w` records a decision, `u` undoes the newest move,
//! `tab` goes to the next session, `Y` shows the summary.

use super::action::Action;
use super::flows::FormKind;
use super::{App, Confirmed, Effect, Overlay, View};
use crate::domain::Change;
use crate::domain::calibration::{Board, Calibration, CalibrationEntry, Logged};
use crate::domain::ids::{CalibrationId, PersonId};
use chrono::{DateTime, Utc};

/// One row of the round-robin: a person, under their manager.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundRow {
    /// The manager's name, as the list heads each group ("no manager" at the top of a tree).
    pub manager: String,
    pub person: PersonId,
    pub name: String,
}

impl App {
    /// The sessions the user sees, the newest opened first.
    pub fn calibration_sessions(&self) -> Vec<&Calibration> {
        let mut all: Vec<&Calibration> = self.org.calibrations.values().collect();
        all.sort_by(|a, b| b.opened.cmp(&a.opened).then(a.id.cmp(&b.id)));
        all
    }

    /// The session on screen: the one chosen, else the newest open one, else the newest.
    pub fn calibration_session(&self) -> Option<&Calibration> {
        if let Some(id) = &self.calibration {
            if let Some(found) = self.org.calibrations.get(id.as_str()) {
                return Some(found);
            }
        }
        let sessions = self.calibration_sessions();
        sessions
            .iter()
            .find(|s| s.closed.is_none())
            .or(sessions.first())
            .copied()
    }

    /// The session's log read into its board (the entries the user sees).
    pub fn calibration_board(&self) -> Option<(&Calibration, Board)> {
        let session = self.calibration_session()?;
        Some((session, Board::current(&self.org, session)))
    }

    /// The session's people, manager by manager (managers by name), each group by name.
    pub fn calibration_order(&self, board: &Board) -> Vec<RoundRow> {
        let mut rows: Vec<RoundRow> = board
            .before
            .keys()
            .map(|id| {
                let manager = self
                    .org
                    .people
                    .get(id.as_str())
                    .and_then(|p| p.manager.as_ref())
                    .map_or_else(|| "no manager".to_string(), |m| self.name(m.as_str()));
                RoundRow {
                    manager,
                    person: id.clone(),
                    name: self.name(id.as_str()),
                }
            })
            .collect();
        // Names in the order the roster sorts them: Chinese ones by their pinyin.
        let key = crate::text::names::sort_key_of;
        rows.sort_by_cached_key(|r| (key(&r.manager), key(&r.name), r.person.clone()));
        rows
    }

    /// The person selected in the round-robin.
    pub fn calibration_person(&self) -> Option<PersonId> {
        let (_, board) = self.calibration_board()?;
        self.calibration_order(&board)
            .get(self.item)
            .map(|r| r.person.clone())
    }

    /// The person being discussed and the seconds left of their timebox (negative: over),
    /// when the session keeps time.
    pub fn calibration_clock(&self) -> Option<(PersonId, i64)> {
        let (session, board) = self.calibration_board()?;
        if session.closed.is_some() {
            return None;
        }
        let minutes = session.timebox_minutes?;
        let (person, since) = board.now?;
        let spent = (self.now - since).num_seconds();
        Some((person, i64::from(minutes) * 60 - spent))
    }

    /// Whether the screen shows a running clock, so the runtime draws it each second.
    pub fn ticking(&self) -> bool {
        self.view == View::Calibration
            && self.overlay.is_none()
            && self
                .calibration_session()
                .is_some_and(|s| s.closed.is_none() && s.timebox_minutes.is_some())
    }

    /// The time an entry is logged at: now, and after the session's newest entry, so that the
    /// log keeps its order whatever the clock did.
    pub(super) fn log_time(session: &Calibration) -> DateTime<Utc> {
        let now = Utc::now();
        match session.last_entry {
            Some(last) if last >= now => last + chrono::Duration::microseconds(1),
            _ => now,
        }
    }

    /// The keys of the calibration view.
    pub(super) fn calibration_action(&mut self, action: Action) -> Vec<Effect> {
        use Action::*;
        match action {
            Calibration => {
                self.view = View::Calibration;
                self.item = 0;
                self.list_offset.set(0);
                // The session on screen stays the one chosen, even when a newer one opens.
                self.calibration = self.calibration_session().map(|s| s.id.clone());
                self.present_calibration();
                if self.calibration_session().is_none() {
                    let new = self.key_for(super::keymap::Mode::Browse, NewCalibration);
                    self.status = Some(format!(
                        "No calibration session yet: {new} opens one over some teams"
                    ));
                }
                Vec::new()
            }
            NewCalibration => self.open_form(FormKind::NewCalibration),
            // What acts on the session's people is for its view: from another view the
            // selected row is not one of them.
            CalibrationMove | Discuss | Decide | CalibrationSummary
                if self.view != View::Calibration =>
            {
                let view = self.key_for(super::keymap::Mode::Browse, Calibration);
                self.say(&format!("That is for the Calibration view ({view})"))
            }
            CalibrationSummary => {
                self.calibration_summary = !self.calibration_summary;
                Vec::new()
            }
            NextTab | PrevTab => {
                self.next_session(action == NextTab);
                Vec::new()
            }
            _ => self.calibration_step(action),
        }
    }

    /// What needs a session and a person: a move, a decision, discussing, undo, closing.
    fn calibration_step(&mut self, action: Action) -> Vec<Effect> {
        use Action::*;
        let Some(session) = self.calibration_session().cloned() else {
            return self.say("No calibration session: N opens one");
        };
        if session.closed.is_some() && action != Undo {
            return self.say("This session is closed; its log is kept as it was");
        }
        if action == CloseCalibration {
            self.overlay = Some(Overlay::Confirm {
                question: format!(
                    "Close {}? Nothing more is logged in it — y closes it, any other key keeps it open",
                    session.name
                ),
                then: Confirmed::Apply(Box::new(Change::CloseCalibration {
                    session: session.id.clone(),
                    at: Utc::now(),
                })),
            });
            return Vec::new();
        }
        if action == Undo {
            return self.ask_undo_move(&session);
        }
        let Some(person) = self.calibration_person() else {
            return self.say("Nobody in this session that you may see");
        };
        let (session_id, person_id) = (session.id.to_string(), person.to_string());
        match action {
            CalibrationMove => {
                let from =
                    crate::domain::calibration::placement(&self.org, &person, session.quarter)
                        .map(|b| format!("{}/{}", b.performance.label(), b.potential.label()))
                        .unwrap_or_default();
                self.open_form(FormKind::CalibrationMove {
                    session: session_id,
                    person: person_id,
                    from,
                })
            }
            Decide => self.open_form(FormKind::CalibrationDecision {
                session: session_id,
                person: person_id,
            }),
            Discuss => {
                if let Some(why) = &self.read_only {
                    return self.say(&format!("Read only: {why}"));
                }
                vec![Effect::Apply(Box::new(Change::LogCalibration {
                    entry: CalibrationEntry {
                        session: session.id.clone(),
                        at: App::log_time(&session),
                        by: self.actor.clone(),
                        person,
                        what: Logged::Discussed,
                    },
                }))]
            }
            _ => Vec::new(),
        }
    }

    /// `u` in the session: the newest move still standing is undone, after a question. The log
    /// keeps the move and says it was undone.
    fn ask_undo_move(&mut self, session: &Calibration) -> Vec<Effect> {
        if session.closed.is_some() {
            return self.say("This session is closed; its moves stay as they were");
        }
        let board = Board::current(&self.org, session);
        let Some(last) = board.last_standing() else {
            return self.say("No move to undo in this session");
        };
        let question = format!(
            "Undo the move of {} from {} to {}? — y undoes it, any other key keeps it",
            self.name(last.person.as_str()),
            last.from.name(),
            last.to.name()
        );
        let change = Change::LogCalibration {
            entry: CalibrationEntry {
                session: session.id.clone(),
                at: App::log_time(session),
                by: self.actor.clone(),
                person: last.person.clone(),
                what: Logged::Undo {
                    of: last.key.clone(),
                },
            },
        };
        self.overlay = Some(Overlay::Confirm {
            question,
            then: Confirmed::Apply(Box::new(change)),
        });
        Vec::new()
    }

    /// `tab`: the next (or previous) session, newest first.
    fn next_session(&mut self, forward: bool) {
        let ids: Vec<CalibrationId> = self
            .calibration_sessions()
            .iter()
            .map(|s| s.id.clone())
            .collect();
        if ids.is_empty() {
            return;
        }
        let at = self
            .calibration_session()
            .and_then(|s| ids.iter().position(|id| *id == s.id))
            .unwrap_or(0);
        let next = match forward {
            true => (at + 1) % ids.len(),
            false => (at + ids.len() - 1) % ids.len(),
        };
        self.calibration = Some(ids[next].clone());
        self.item = 0;
        self.list_offset.set(0);
    }

    /// How many rows the round-robin has, for moving through it.
    pub(super) fn calibration_rows(&self) -> usize {
        self.calibration_board()
            .map_or(0, |(_, board)| board.before.len())
    }
}
