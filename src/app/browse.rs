//! Browsing: moving through the roster, the person's tabs and the team views, and the changes
//! made from there (an action done, a flag acknowledged, undo).

use super::action::Action;
use super::{App, Effect, Focus, Overlay, Tab, View};
use crate::domain::flag::{FlagState, Subject};
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::insight::{Flag, FlagKind};
use crate::domain::quiet::{FlagQuiet, QuietState};
use crate::domain::{Change, ids::FlagId};
use chrono::Duration;

/// How long `snooze` keeps a flag quiet.
pub const SNOOZE_DAYS: i64 = 14;

/// An action of a GROW note, with the note it belongs to.
pub struct ActionRef<'a> {
    pub note: &'a GrowNote,
    pub action: &'a ActionItem,
}

impl App {
    pub(super) fn browse_action(&mut self, action: Action) -> Vec<Effect> {
        use Action::*;
        match action {
            Quit => return self.quit_asked(),
            Help => {
                self.overlay = Some(Overlay::Help {
                    filter: String::new(),
                    selected: 0,
                })
            }
            Finder => {
                self.overlay = Some(Overlay::Finder(super::finder::Finder::default()));
                self.search_finder();
            }
            Palette => {
                self.overlay = Some(Overlay::Palette {
                    query: String::new(),
                    selected: 0,
                })
            }
            Filter => {
                self.view = View::People;
                self.focus = Focus::Roster;
                self.filter_before = self.roster.selected_id().map(str::to_string);
                self.overlay = Some(Overlay::Filter);
            }
            Calibration | NewCalibration | CalibrationMove | Discuss | Decide
            | CalibrationSummary | CloseCalibration => return self.calibration_action(action),
            NextTab | PrevTab | Undo if self.view == View::Calibration => {
                return self.calibration_action(action);
            }
            Up | Down if self.view == View::NineBox => {
                self.nine_box_step(if action == Up { -1 } else { 1 })
            }
            Collapse | Expand if self.view == View::NineBox => {
                self.nine_box_column(if action == Expand { 1 } else { -1 })
            }
            Up => self.move_by(-1),
            Down => self.move_by(1),
            PageUp | PageDown if (self.view, self.focus) == (View::People, Focus::Detail) => {
                // The person's tab scrolls by pages, to reach what lies below its items.
                let page = self.page_rows() / 2;
                let last = self.detail_lines.get().saturating_sub(1);
                self.detail_scroll = if action == PageDown {
                    (self.detail_scroll + page.max(1)).min(last)
                } else {
                    self.detail_scroll.saturating_sub(page.max(1))
                };
            }
            PageUp => self.move_by(-(self.page_rows() as isize)),
            PageDown => self.move_by(self.page_rows() as isize),
            Top => self.move_by(isize::MIN / 2),
            Bottom => self.move_by(isize::MAX / 2),
            Collapse | Expand => self.fold(action == Expand),
            Open => self.open(),
            Back => self.back(),
            NextTab | PrevTab => {
                let at = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
                let step = if action == NextTab {
                    1
                } else {
                    Tab::ALL.len() - 1
                };
                self.tab = Tab::ALL[(at + step) % Tab::ALL.len()];
                self.item = 0;
                self.detail_scroll = 0;
            }
            ToggleTree => {
                self.roster.tree = !self.roster.tree;
                self.rebuild_roster();
            }
            ToggleOrder => {
                self.roster.order = match self.roster.order {
                    super::roster::Order::Urgency => super::roster::Order::Name,
                    super::roster::Order::Name => super::roster::Order::Urgency,
                };
                self.rebuild_roster();
                if self.presenting {
                    self.status = Some(format!(
                        "While presenting the roster is by name; {} shows it by urgency again",
                        self.presenter_key()
                    ));
                }
            }
            ViewPeople => self.show(View::People),
            ViewCoverage => self.show(View::Coverage),
            ViewFlags => self.show(View::Flags),
            ViewNineBox => {
                self.show(View::NineBox);
                self.nine_box_arrive();
            }
            ViewPoints => self.show(View::Points),
            ViewDepartures => self.show(View::Departures),
            ViewLadder => {
                self.show(View::Ladder);
                self.refresh_ladder();
            }
            ToggleDone | Acknowledge | Snooze | Reopen | CheckIn | SetReadiness | ResolveFlag
            | RemoveSuccessor | MoveSuccessorUp | MoveSuccessorDown
                if self.detail_scroll > 0 =>
            {
                // The page keys scrolled the selected item away: show it before acting on it.
                self.detail_scroll = 0;
                self.status =
                    Some("Back at the selected item: press the key again to act on it".into());
            }
            ToggleDone => return self.toggle_done(),
            Acknowledge | Snooze | Reopen => return self.quiet(action),
            Undo => return self.ask_undo(),
            Copy => return self.copy_selected(),
            PresenterMode => self.toggle_presenting(),
            NewNote | EditNote | AddAction | DiscardDraft | NewPlan | PlanStatus | CheckIn
            | NewPosition | EditPosition | AddSuccessor | SetReadiness | RemoveSuccessor
            | MoveSuccessorUp | MoveSuccessorDown | SetLeavingStage | RecordAssessment
            | KeyEmployee | EditPerson | RaiseFlag | ResolveFlag | RecordStayInterview
            | AwardPoints | StartDeparture | HandoverReport | Development => {
                return self.meeting_action(action);
            }
            ReversePoints => return self.ask_reverse(),
            ConfirmHandover => return self.confirm_handover(),
            RevokeAccess => return self.revoke_access(chrono::Utc::now()),
            CyclePeriod if self.view == View::Points => self.cycle_period(),
            CyclePeriod => {
                self.status = Some("The period is chosen in the Points view (5)".into());
            }
            NextField | PrevField | SaveNote | CloseNote | EditExternally | RemoveRow => {
                self.status =
                    Some("No form is open: n writes a GROW note, : lists the rest".into());
            }
        }
        Vec::new()
    }

    /// Rows a page moves by: what the screen showed last.
    fn page_rows(&self) -> usize {
        self.page.max(1)
    }

    fn show(&mut self, view: View) {
        self.came_from = None;
        self.view = view;
        self.item = 0;
        self.focus = Focus::Roster;
        self.leave_calibration_presenting();
    }

    fn move_by(&mut self, delta: isize) {
        self.detail_scroll = 0;
        let items = match (self.view, self.focus) {
            (View::People, Focus::Roster) => {
                self.roster.move_by(delta);
                self.item = 0;
                return;
            }
            (View::People, Focus::Detail) => self.detail_items(),
            (View::Coverage, _) => self.derived.coverage.positions.len(),
            (View::Flags, _) => self.visible_flags().len(),
            (View::Points, _) => self.visible_standings().len(),
            (View::NineBox, _) => self.nine_box_people().len(),
            (View::Ladder, _) => self.ladder_rows.len(),
            (View::Departures, _) => self.departure_rows().len(),
            (View::Calibration, _) => self.calibration_rows(),
        };
        let last = items.saturating_sub(1) as isize;
        self.item = (self.item as isize)
            .saturating_add(delta)
            .clamp(0, last.max(0)) as usize;
    }

    fn fold(&mut self, expand: bool) {
        if self.view != View::People || self.focus != Focus::Roster || !self.roster.tree {
            return;
        }
        let Some(row) = self.roster.rows.get(self.roster.selected) else {
            return;
        };
        let id = row.id.clone();
        let changed = if expand {
            self.roster.collapsed.remove(&id)
        } else {
            row.has_reports && self.roster.collapsed.insert(id)
        };
        if changed {
            self.rebuild_roster();
        }
    }

    /// Enter: into the person's items, or from a team view to the person behind the row.
    fn open(&mut self) {
        match self.view {
            View::People if self.roster.selected_id().is_some() => {
                self.focus = Focus::Detail;
                self.item = 0;
            }
            View::People => {}
            View::NineBox => {
                let person = self.nine_box_person();
                self.open_from_team_view(person);
            }
            View::Ladder => {
                let person = self.ladder_person();
                self.open_from_team_view(person);
            }
            View::Departures => {
                let person = self.departure_person();
                self.open_from_team_view(person);
            }
            View::Coverage => {
                let person = self
                    .derived
                    .coverage
                    .positions
                    .get(self.item)
                    .and_then(|p| p.incumbent.clone());
                self.open_from_team_view(person);
            }
            View::Flags => {
                let person = self
                    .visible_flags()
                    .get(self.item)
                    .and_then(|f| subject_person(self, f));
                self.open_from_team_view(person);
            }
            View::Calibration => {
                let person = self.calibration_person().map(|p| p.to_string());
                self.open_from_team_view(person);
            }
            View::Points => {
                let person = self
                    .shown_standings()
                    .get(self.item)
                    .map(|s| s.person.to_string());
                self.open_from_team_view(person);
            }
        }
    }

    /// Opens `person` from a team view; `esc` comes back to it, on the same row.
    fn open_from_team_view(&mut self, person: Option<String>) {
        let (view, item) = (self.view, self.item);
        self.go_to(person);
        if self.view == View::People {
            self.came_from = Some((view, item));
        }
    }

    /// Shows `person` in the people view, if they are on the roster.
    pub(super) fn go_to(&mut self, person: Option<String>) {
        let Some(person) = person else {
            return;
        };
        self.view = View::People;
        self.focus = Focus::Roster;
        if !self.roster.select_id(&person) && !self.roster.filter.is_empty() {
            self.roster.filter.clear();
            self.rebuild_roster();
            self.roster.select_id(&person);
        }
        self.item = 0;
    }

    fn back(&mut self) {
        if self.focus == Focus::Detail {
            self.focus = Focus::Roster;
        } else if let Some((view, item)) =
            self.came_from.take().filter(|_| self.view == View::People)
        {
            // Back to the team view the person was opened from, on the same row.
            self.show(view);
            self.item = item;
            return;
        } else if self.view != View::People {
            self.view = View::People;
        } else if !self.roster.filter.is_empty() {
            self.clear_filter();
        }
        self.item = 0;
    }

    /// Clears the roster filter. Whoever is selected among the matches stays selected; when
    /// nothing matched, the selection goes back to who it was before the filter.
    pub(super) fn clear_filter(&mut self) {
        let matched = !self.roster.rows.is_empty();
        self.roster.filter.clear();
        self.rebuild_roster();
        if let (false, Some(before)) = (matched, self.filter_before.take()) {
            self.roster.select_id(&before);
        }
    }

    /// How many items the current tab lets you select.
    fn detail_items(&self) -> usize {
        let Some(person) = self.roster.selected_id() else {
            return 0;
        };
        match self.tab {
            Tab::Coaching => self.actions_of(person).len(),
            Tab::Flags => self.derived.person_flags(person).count(),
            Tab::Plan => self.plan_items(person).len(),
            Tab::Succession => self.succession_items(person).len(),
            Tab::Retention => self.retention_items(person).len(),
            Tab::Profile | Tab::History => 0,
        }
    }

    /// The person's GROW actions: open ones first (carried forward, soonest due first), then
    /// done ones, newest first.
    pub fn actions_of(&self, person: &str) -> Vec<ActionRef<'_>> {
        let mut all: Vec<ActionRef<'_>> = self
            .derived
            .notes(&self.org, person)
            .into_iter()
            .flat_map(|note| {
                note.actions
                    .iter()
                    .map(move |action| ActionRef { note, action })
            })
            .collect();
        all.sort_by(|a, b| {
            let key = |r: &ActionRef<'_>| {
                (
                    r.action.done.is_some(),
                    r.action.done.map(std::cmp::Reverse),
                    r.action.due,
                )
            };
            key(a).cmp(&key(b))
        });
        all
    }

    /// The flags in the team view: everyone's in scope, loudest first.
    pub fn visible_flags(&self) -> Vec<&Flag> {
        let flags = self
            .derived
            .team_flags
            .iter()
            .filter_map(|i| self.derived.flags.get(*i))
            .collect();
        self.stages_last(flags)
    }

    /// A person's flags as their Flags tab lists them, loudest first.
    pub fn flags_of(&self, person: &str) -> Vec<&Flag> {
        self.stages_last(self.derived.person_flags(person).collect())
    }

    /// The points ranking of everyone in scope, over the period chosen.
    pub fn visible_standings(&self) -> &[crate::domain::insight::points::Standing] {
        match self.period {
            super::retention::Period::AllTime => &self.derived.standings,
            _ => &self.period_standings,
        }
    }

    /// The flag the keys act on: in the flags view, or in the person's flags tab.
    pub(super) fn selected_flag(&self) -> Option<&Flag> {
        match (self.view, self.focus, self.tab) {
            (View::Flags, _, _) => self.visible_flags().get(self.item).copied(),
            (View::People, Focus::Detail, Tab::Flags) => {
                let person = self.roster.selected_id()?;
                self.flags_of(person).get(self.item).copied()
            }
            _ => None,
        }
    }

    fn toggle_done(&mut self) -> Vec<Effect> {
        if (self.view, self.focus, self.tab) == (View::People, Focus::Detail, Tab::Plan) {
            return self.toggle_plan_action();
        }
        if (self.view, self.focus, self.tab) == (View::People, Focus::Detail, Tab::Retention)
            || self.view == View::Departures
        {
            return self.toggle_retention();
        }
        if (self.view, self.focus, self.tab) != (View::People, Focus::Detail, Tab::Coaching) {
            self.status = Some(
                "Open a person's Coaching or Plan tab (Enter, then Tab) to mark an action done"
                    .into(),
            );
            return Vec::new();
        }
        let Some(person) = self.roster.selected_id() else {
            return Vec::new();
        };
        let actions = self.actions_of(person);
        let Some(item) = actions.get(self.item) else {
            return Vec::new();
        };
        let done = match item.action.done {
            Some(_) => None,
            None => Some(self.today),
        };
        vec![Effect::Apply(Box::new(Change::SetActionDone {
            note: item.note.id.clone(),
            action: item.action.id,
            done,
        }))]
    }

    /// What to do when a flag key finds no flag selected.
    pub(super) fn no_flag_selected(&self) -> String {
        if (self.view, self.tab, self.focus) == (View::People, Tab::Flags, Focus::Roster) {
            format!(
                "Press {} to move into the Flags tab, then choose a flag",
                self.key_for(super::keymap::Mode::Browse, Action::Open)
            )
        } else {
            "Select a flag first: the Flags view (3), or a person's Flags tab".into()
        }
    }

    fn quiet(&mut self, action: Action) -> Vec<Effect> {
        let Some(flag) = self.selected_flag() else {
            self.status = Some(self.no_flag_selected());
            return Vec::new();
        };
        let change = if flag.kind == FlagKind::Manual {
            let state = match action {
                Action::Acknowledge => FlagState::Acknowledged {
                    by: self.actor.clone(),
                    on: self.today,
                },
                Action::Snooze => FlagState::Snoozed {
                    until: self.today + Duration::days(SNOOZE_DAYS),
                },
                _ => FlagState::Open,
            };
            Change::SetFlagState {
                flag: FlagId::new(flag.id.as_str()),
                state,
            }
        } else if action == Action::Reopen {
            if flag.quiet.is_none() {
                return Vec::new();
            }
            Change::ReopenFlag {
                flag: flag.id.to_string(),
            }
        } else {
            let state = match action {
                Action::Acknowledge => QuietState::Acknowledged {
                    by: self.actor.clone(),
                    on: self.today,
                },
                _ => QuietState::Snoozed {
                    by: self.actor.clone(),
                    until: self.today + Duration::days(SNOOZE_DAYS),
                },
            };
            Change::QuietFlag {
                quiet: FlagQuiet {
                    flag: flag.id.to_string(),
                    fingerprint: flag.fingerprint.to_string(),
                    state,
                },
            }
        };
        vec![Effect::Apply(Box::new(change))]
    }
}

/// The person a flag leads to: its subject, or the incumbent of its position.
fn subject_person(app: &App, flag: &Flag) -> Option<String> {
    match &flag.subject {
        Subject::Person(id) => Some(id.to_string()),
        Subject::Position(id) => app
            .org
            .positions
            .get(id.as_str())
            .and_then(|p| p.incumbent.as_ref().map(|i| i.to_string())),
        Subject::Team(_) => None,
    }
}
