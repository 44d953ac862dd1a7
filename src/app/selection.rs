//! Undo with its question, and keeping the selected item selected when the records change.

use super::flows::carried_key;
use super::meeting::{PlanItem, SlateItem};
use super::{App, Effect, Focus, Overlay, Tab, View};
use crate::domain::Change;

impl App {
    /// Says what the next undo would take back, and asks.
    pub(crate) fn ask_undo(&mut self) -> Vec<Effect> {
        let Some(last) = self.history.last() else {
            self.status = Some("Nothing to undo in this session".into());
            return Vec::new();
        };
        if in_calibration(last) {
            self.status = Some(format!(
                "A calibration session keeps its log: {} in the Calibration view ({}) undoes its newest move",
                self.key_for(super::keymap::Mode::Browse, super::action::Action::Undo),
                self.key_for(
                    super::keymap::Mode::Browse,
                    super::action::Action::Calibration
                )
            ));
            return Vec::new();
        }
        if !undoable(last) {
            self.status = Some(format!(
                "Points are never undone: {} on the entry in the Retention tab reverses it",
                self.key_for(
                    super::keymap::Mode::Browse,
                    super::action::Action::ReversePoints
                )
            ));
            return Vec::new();
        }
        let what = self.describe(&last.change);
        let change = Change::Revert {
            seq: last.seq,
            diffs: last.diffs.clone(),
        };
        self.overlay = Some(Overlay::Confirm {
            question: format!("Undo this? {what} — y undoes it, any other key keeps it"),
            then: super::Confirmed::Apply(Box::new(change)),
        });
        Vec::new()
    }

    /// `y` to a confirmation: the change goes ahead (an undo leaves the history), or the draft
    /// goes.
    pub(crate) fn confirmed(&mut self, then: super::Confirmed) -> Vec<Effect> {
        match then {
            super::Confirmed::Apply(change) => vec![Effect::Apply(change)],
            super::Confirmed::DiscardDraft(key) => self.discard_draft(&key),
            super::Confirmed::Quit => {
                self.quit = true;
                vec![Effect::Quit]
            }
        }
    }

    /// `q`: quits, unless typed text is only in memory because its draft could not be written
    /// (a full disk); then it asks first.
    pub fn quit_asked(&mut self) -> Vec<Effect> {
        let unwritten = self.unwritten_drafts.len();
        if unwritten == 0 {
            self.quit = true;
            return vec![Effect::Quit];
        }
        self.status = None;
        self.overlay = Some(super::Overlay::Confirm {
            question: format!(
                "{} only in memory, not on disk: quit and lose it?",
                if unwritten == 1 {
                    "A draft is".to_string()
                } else {
                    format!("{unwritten} drafts are")
                }
            ),
            then: super::Confirmed::Quit,
        });
        Vec::new()
    }

    /// `quit` run from the `:` palette: with a draft waiting, it asks first, since a name typed
    /// in the palette is easier to pick by mistake than `q`.
    pub(super) fn quit_asked_from_palette(&mut self) -> Vec<Effect> {
        let drafts = self.drafts.len();
        if drafts == 0 || !self.unwritten_drafts.is_empty() {
            return self.quit_asked();
        }
        self.status = None;
        self.overlay = Some(super::Overlay::Confirm {
            question: format!(
                "Quit with {}? It is kept and opens again next time — y quits, any other key stays",
                if drafts == 1 {
                    "an unsaved draft".to_string()
                } else {
                    format!("{drafts} unsaved drafts")
                }
            ),
            then: super::Confirmed::Quit,
        });
        Vec::new()
    }

    /// What the selected item is, so it can be found again after the records change.
    pub(super) fn item_key(&self) -> Option<String> {
        match (self.view, self.focus, self.tab) {
            (View::People, Focus::Detail, Tab::Coaching) => {
                let person = self.roster.selected_id()?;
                let item = self.actions_of(person).into_iter().nth(self.item)?;
                Some(carried_key(&item.note.id, item.action.id))
            }
            (View::People, Focus::Detail, Tab::Plan) => {
                let person = self.roster.selected_id()?;
                let item = self.plan_items(person).into_iter().nth(self.item)?;
                Some(plan_item_key(&item))
            }
            (View::People, Focus::Detail, Tab::Retention) | (View::Departures, _, _) => {
                self.retention_item().map(|item| format!("{item:?}"))
            }
            (View::People, Focus::Detail, Tab::Succession) => {
                let person = self.roster.selected_id()?;
                let item = self.succession_items(person).into_iter().nth(self.item)?;
                Some(slate_item_key(&item))
            }
            (View::People, Focus::Detail, Tab::Flags) => {
                let person = self.roster.selected_id()?;
                self.flags_of(person)
                    .get(self.item)
                    .map(|f| f.id.to_string())
            }
            (View::Flags, _, _) => self
                .visible_flags()
                .get(self.item)
                .map(|f| f.id.to_string()),
            _ => None,
        }
    }

    pub(super) fn reselect(&mut self, key: &str) {
        let at = match (self.view, self.tab) {
            (View::People, Tab::Coaching) => self.roster.selected_id().and_then(|person| {
                self.actions_of(person)
                    .iter()
                    .position(|a| carried_key(&a.note.id, a.action.id) == key)
            }),
            (View::People, Tab::Plan) => self.roster.selected_id().and_then(|person| {
                self.plan_items(person)
                    .iter()
                    .position(|i| plan_item_key(i) == key)
            }),
            (View::People, Tab::Retention) => self.roster.selected_id().and_then(|person| {
                self.retention_items(person)
                    .iter()
                    .position(|i| format!("{i:?}") == key)
            }),
            (View::Departures, _) => self.departure_rows().iter().position(
                |r| matches!(r, super::retention::DepartureRow::Item(i) if format!("{i:?}") == key),
            ),
            // A successor moved up or down the slate stays selected where it went.
            (View::People, Tab::Succession) => self.roster.selected_id().and_then(|person| {
                self.succession_items(person)
                    .iter()
                    .position(|i| slate_item_key(i) == key)
            }),
            (View::People, Tab::Flags) => self
                .roster
                .selected_id()
                .and_then(|person| self.flags_of(person).iter().position(|f| f.id == key)),
            (View::Flags, _) => self.visible_flags().iter().position(|f| f.id == key),
            _ => None,
        };
        if let Some(at) = at {
            self.item = at;
        }
    }
}

fn plan_item_key(item: &PlanItem<'_>) -> String {
    format!("{}#{}#{:?}", item.pip.id, item.goal, item.action)
}

fn slate_item_key(item: &SlateItem<'_>) -> String {
    format!("{}#{}", item.position.id, item.person)
}

/// Whether undo can take `entry` back: the points ledger is only ever added to.
pub(super) fn undoable(entry: &crate::domain::AuditEntry) -> bool {
    !entry.diffs.iter().any(|d| {
        matches!(
            d.kind,
            crate::domain::Kind::PointsEntry
                | crate::domain::Kind::CalibrationEntry
                | crate::domain::Kind::Calibration
        )
    })
}

/// Whether `entry` is in a calibration session's log, where only a move is undone, by an entry
/// of its own (`u` in the Calibration view).
pub(super) fn in_calibration(entry: &crate::domain::AuditEntry) -> bool {
    entry.diffs.iter().any(|d| {
        matches!(
            d.kind,
            crate::domain::Kind::CalibrationEntry | crate::domain::Kind::Calibration
        )
    })
}
