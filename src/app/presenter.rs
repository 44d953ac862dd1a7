//! Presenter mode: the cockpit on a projector or in a tmux session several people watch. While
//! [`App::presenting`] is on, what others must not see is drawn as one marker, [`HIDDEN`]: note
//! texts (GROW notes and their actions, stay interviews, handover reports, flags raised by hand,
//! assessment notes, the History tab's before and after), leaving stages, pay, improvement-plan
//! contents, points, and flags' reasons and evidence. Names, teams, titles, the 9-box and counts
//! stay. What is hidden is decided here, once; the panes ask.
//!
//! Forms that would show hidden text do not open, nothing is copied to the clipboard, and the
//! status line describes a change without what it hides. When more than one tmux client shows
//! the session, [`App::screens_attached`] offers presenter mode, once per change of their number.

use super::action::Action;
use super::flows::FormKind;
use super::keymap::Mode;
use super::{App, Effect};
use crate::domain::Change;
use crate::domain::insight::points::Standing;
use crate::domain::insight::{Flag, FlagKind};

/// What stands in, on screen and in the status line, for anything presenter mode hides.
pub const HIDDEN: &str = "‹hidden›";

/// Whether `CREWDECK_PRESENT` turns presenter mode on. Any value but an empty one or a plain
/// "off" (`0`, `false`, `no`, `off`) does: a mistyped value hides rather than shows.
pub fn wanted(value: Option<&std::ffi::OsStr>) -> bool {
    let Some(value) = value else {
        return false;
    };
    let value = value.to_string_lossy().trim().to_ascii_lowercase();
    !matches!(value.as_str(), "" | "0" | "false" | "no" | "off")
}

/// Whether a form would show what presenter mode hides: what it holds (a note, a leaving stage,
/// points, a plan) or what it lists (the actions carried forward into a GROW note).
pub fn form_hides(kind: &FormKind) -> bool {
    use FormKind::*;
    match kind {
        GrowNote { .. } | EditNote { .. } | AddAction { .. } => true,
        NewPlan { .. } | PlanStatus { .. } | CheckIn { .. } => true,
        LeavingStage { .. } | Assessment { .. } | StayInterview { .. } => true,
        RaiseFlag { .. } | ResolveFlag { .. } => true,
        AwardPoints { .. } | ReversePoints { .. } => true,
        StartDeparture { .. } | HandoverReport { .. } => true,
        NewPosition { .. } | EditPosition { .. } | AddSuccessor { .. } | SetReadiness { .. } => {
            false
        }
        KeyEmployee { .. } | EditPerson { .. } | Development { .. } => false,
        // A calibration is run with presenter mode on: its forms show no note, stage or pay
        // while presenting (a move cites no leaving stage, pay or plan then).
        NewCalibration | CalibrationMove { .. } | CalibrationDecision { .. } => false,
    }
}

/// Whether `action` is refused while presenting: it opens a form [`form_hides`] keeps closed,
/// or copies (the clipboard can reach every screen). The hint bar leaves these out then.
pub fn refused(action: Action) -> bool {
    use Action::*;
    matches!(
        action,
        NewNote
            | EditNote
            | AddAction
            | NewPlan
            | PlanStatus
            | CheckIn
            | SetLeavingStage
            | RecordAssessment
            | RecordStayInterview
            | RaiseFlag
            | ResolveFlag
            | AwardPoints
            | ReversePoints
            | StartDeparture
            | HandoverReport
            | Copy
    )
}

/// Whether a flag's severity may show while presenting: a leaving-stage flag's severity says
/// the stage (watch for early doubts, critical for weighing offers or decided), so it does not.
pub fn severity_shown(flag: &Flag) -> bool {
    flag.kind != FlagKind::LeavingStage
}

/// What the Points view is ordered by while presenting: team, then name as names are sorted
/// (Chinese ones by pinyin), then id.
fn by_team_and_name(s: &Standing) -> (String, String, String) {
    let name = crate::text::names::sort_key_of(&s.name);
    (s.team.to_string(), name, s.person.to_string())
}

impl App {
    /// The presenter key: hides what others must not see, or shows it again.
    pub(super) fn toggle_presenting(&mut self) {
        self.presenting = !self.presenting;
        self.presenting_for_calibration = false;
        self.status = Some(match self.presenting {
            true => format!(
                "Presenter mode: notes, leaving stages, pay, plans, points and evidence hidden · {} shows them",
                self.presenter_key()
            ),
            false if self.screens > 1 => format!(
                "Presenter mode off: everything shows again, on the {} screens of this tmux session",
                self.screens
            ),
            false => "Presenter mode off: everything shows again".to_string(),
        });
        // The roster, the points view and the ladders have orders that would tell what is
        // hidden: presenting orders them by name.
        self.order_for_presenting();
        self.refresh_ladder();
        self.rebuild_in_place();
    }

    /// A calibration session is held on a shared screen: presenter mode comes on as one is
    /// shown (and the roster's order, which would tell a leaving stage, goes by name with it).
    /// Turned on this way, it goes off again as the user goes to another team view
    /// ([`App::leave_calibration_presenting`]); opening a person from the session, or finding
    /// one, keeps it on.
    pub(super) fn present_calibration(&mut self) {
        if self.presenting || self.calibration_session().is_none() {
            return;
        }
        self.toggle_presenting();
        self.presenting_for_calibration = true;
        let key = self.presenter_key();
        self.status = Some(format!(
            "Presenter mode is on for the calibration: notes, leaving stages, pay and evidence hidden · {key} shows them"
        ));
    }

    /// The user went from the Calibration view to another team view with its key: presenter
    /// mode turned on by the session goes off, so that a 1:1 after the review finds its notes.
    pub(super) fn leave_calibration_presenting(&mut self) {
        if self.presenting_for_calibration && self.view != super::View::Calibration {
            self.presenting_for_calibration = false;
            if !self.presenting {
                return;
            }
            self.toggle_presenting();
            self.status = Some(format!(
                "Presenter mode off as you left the calibration · {} turns it on",
                self.presenter_key()
            ));
        }
    }

    /// The first key of the presenter action, for the banner and the messages.
    pub fn presenter_key(&self) -> String {
        self.key_for(Mode::Browse, Action::PresenterMode)
    }

    /// A form about to open: while presenting, one that would show hidden text is refused and
    /// the status line says why and which key shows it.
    pub(super) fn refuse_while_presenting(&mut self, kind: &FormKind) -> bool {
        if !self.presenting || !form_hides(kind) {
            return false;
        }
        self.status = Some(format!(
            "Presenter mode is on: that form would show what it hides · {} shows them",
            self.presenter_key()
        ));
        true
    }

    /// `y` while presenting: nothing goes to the clipboard (in tmux, every client may get it).
    pub(super) fn refuse_copy(&mut self) -> Vec<Effect> {
        self.status = Some(format!(
            "Presenter mode is on: nothing is copied · {} turns it off",
            self.presenter_key()
        ));
        Vec::new()
    }

    /// How many tmux clients show this session, as the runtime last found it. More than one
    /// offers presenter mode, said once each time the number changes.
    pub fn screens_attached(&mut self, count: u32) {
        if count == self.screens {
            return;
        }
        self.screens = count;
        if count > 1 && !self.presenting {
            self.status = Some(format!(
                "{count} screens show this tmux session: {} hides notes, leaving stages and pay",
                self.presenter_key()
            ));
        }
    }

    /// The Points view's rows: the standings of the period, in rank order; while presenting,
    /// by team and name, so the order does not give away who has more.
    pub fn shown_standings(&self) -> Vec<&Standing> {
        let standings = self.visible_standings();
        if !self.presenting {
            return standings.iter().collect();
        }
        if self.presenter_order.len() == standings.len() {
            return (self.presenter_order.iter())
                .filter_map(|&i| standings.get(i))
                .collect();
        }
        // Presenting was set directly, before the order was worked out: sorted here.
        let mut shown: Vec<&Standing> = standings.iter().collect();
        shown.sort_by_cached_key(|s| by_team_and_name(s));
        shown
    }

    /// Works out the order [`App::shown_standings`] uses while presenting; after the standings
    /// change and when presenting starts, so the screen does not sort at every frame.
    pub(super) fn order_for_presenting(&mut self) {
        if !self.presenting {
            self.presenter_order = Vec::new();
            return;
        }
        let standings = self.visible_standings();
        let mut order: Vec<usize> = (0..standings.len()).collect();
        order.sort_by_cached_key(|&i| by_team_and_name(&standings[i]));
        self.presenter_order = order;
    }

    /// Flags in their order, loudest first; while presenting, leaving-stage flags go last, by
    /// whom they are about: among the others, their place would say their severity, and so the
    /// stage.
    pub(super) fn stages_last<'a>(&self, flags: Vec<&'a Flag>) -> Vec<&'a Flag> {
        if !self.presenting {
            return flags;
        }
        let (mut shown, mut stages): (Vec<&Flag>, Vec<&Flag>) =
            flags.into_iter().partition(|f| severity_shown(f));
        stages.sort_by_cached_key(|f| {
            let whom = crate::export::insight::subject_name(&self.org, &f.subject);
            (crate::text::names::sort_key_of(&whom), f.id.clone())
        });
        shown.extend(stages);
        shown
    }

    /// A change in words without what presenter mode hides; `None` when its usual words hide
    /// nothing ([`App::describe`] asks first while presenting).
    pub(super) fn describe_presenting(&self, change: &Change) -> Option<String> {
        let whose = |id: &str| self.name(id);
        Some(match change {
            Change::SetActionDone { done, .. } | Change::SetFollowUpDone { done, .. } => match done
            {
                Some(_) => format!("Marked done: {HIDDEN}"),
                None => format!("Open again: {HIDDEN}"),
            },
            Change::AddAction { .. } => format!("Action added: {HIDDEN}"),
            Change::RaiseFlag { flag } => format!(
                "Flag raised on {}: {HIDDEN}",
                crate::export::insight::subject_name(&self.org, &flag.subject)
            ),
            Change::SetFlightRisk { person, .. } => {
                format!("Leaving stage of {}: {HIDDEN}", whose(person.as_str()))
            }
            Change::AwardPoints { entry } => {
                format!("Points to {}: {HIDDEN}", whose(entry.person.as_str()))
            }
            Change::ReversePoints { .. } => format!("Points reversed: {HIDDEN}"),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::{demo_app, press};

    #[test]
    fn the_variable_turns_it_on_unless_it_says_off() {
        let on = |v: &str| wanted(Some(std::ffi::OsStr::new(v)));
        assert!(!wanted(None));
        assert!(on("1") && on("yes") && on("TRUE") && on("on") && on("2"));
        assert!(!on("") && !on("0") && !on("false") && !on("No") && !on(" off "));
    }

    #[test]
    fn the_key_turns_presenter_mode_on_and_off_and_the_palette_reaches_it() {
        let mut app = demo_app();
        assert!(!app.presenting);
        press(&mut app, "B");
        assert!(app.presenting);
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("Presenter mode:"), "{status}");
        press(&mut app, "B");
        assert!(!app.presenting);
        press(&mut app, ": p r e s e n t e r enter");
        assert!(app.presenting, "run by name from the palette");
    }

    #[test]
    fn forms_that_would_show_hidden_text_do_not_open_while_presenting() {
        let mut app = demo_app();
        press(&mut app, "B");
        for key in ["n", "L", "s", "f", "A", "m", "p"] {
            press(&mut app, key);
            assert!(app.form.is_none(), "{key} opened a form while presenting");
            let status = app.status.clone().unwrap_or_default();
            assert!(
                status.starts_with("Presenter mode is on") && status.contains("B shows them"),
                "{key}: {status}"
            );
        }
        // A form that shows nothing hidden still opens.
        press(&mut app, "E");
        assert!(app.form.is_some(), "editing the person opens");
        press(&mut app, "esc B n");
        assert!(
            app.form.is_some(),
            "with presenter mode off, the note opens"
        );
    }

    #[test]
    fn nothing_is_copied_while_presenting() {
        let mut app = demo_app();
        let copied = |effects: &[Effect]| effects.iter().any(|e| matches!(e, Effect::Copy(_)));
        assert!(copied(&press(&mut app, "y")));
        press(&mut app, "B");
        assert!(!copied(&press(&mut app, "y")));
        let status = app.status.clone().unwrap_or_default();
        assert!(status.contains("nothing is copied"), "{status}");
    }

    #[test]
    fn more_tmux_clients_are_said_once_per_change_of_their_number() {
        let mut app = demo_app();
        app.screens_attached(1);
        assert_eq!(app.status, None, "one screen says nothing");
        app.screens_attached(2);
        let status = app.status.take().unwrap_or_default();
        assert_eq!(
            status,
            "2 screens show this tmux session: B hides notes, leaving stages and pay"
        );
        app.screens_attached(2);
        assert_eq!(app.status, None, "not said again for the same number");
        app.screens_attached(3);
        assert!(
            app.status
                .take()
                .is_some_and(|s| s.starts_with("3 screens"))
        );
        press(&mut app, "B");
        app.status = None;
        app.screens_attached(2);
        assert_eq!(app.status, None, "already presenting: nothing to offer");
    }

    #[test]
    fn orders_that_would_tell_a_leaving_stage_go_by_name_while_presenting() {
        let mut app = demo_app();
        let stage = |f: &&Flag| f.kind == FlagKind::LeavingStage;
        let first_stage = |app: &App| app.visible_flags().iter().position(stage);
        let others = |app: &App| app.visible_flags().iter().filter(|f| !stage(f)).count();
        assert!(
            first_stage(&app) < Some(others(&app)),
            "by severity, leaving stages stand among the others"
        );
        let roster = |app: &App| {
            (app.roster.rows.iter())
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
        };
        let by_urgency = roster(&app);
        press(&mut app, "B");
        assert_eq!(first_stage(&app), Some(others(&app)), "they come last");
        assert_ne!(roster(&app), by_urgency, "the roster is by name");
        assert_eq!(
            app.roster.order,
            super::super::roster::Order::Urgency,
            "as chosen"
        );
        press(&mut app, "B");
        assert_eq!(roster(&app), by_urgency, "and back by urgency");
    }

    #[test]
    fn the_status_line_describes_a_change_without_what_it_hides() {
        let mut app = demo_app();
        let change = Change::SetFlightRisk {
            person: "E030".into(),
            risk: Some(crate::domain::person::FlightRisk {
                stage: crate::domain::person::LeavingStage::Decided,
                noted_on: crate::app::tests::today(),
                note: "Has an offer".into(),
            }),
        };
        assert!(app.describe(&change).contains("decided to leave"));
        press(&mut app, "B");
        let said = app.describe(&change);
        assert_eq!(said, format!("Leaving stage of 张建: {HIDDEN}"));
    }
}
