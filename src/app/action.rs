//! `Action`: everything a key can do, by name. The keymap maps keys to these names, the help
//! screen lists them, and `:` runs any of them by name.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $help:literal; )+) => {
        /// A thing the user can ask for. Which ones a key can trigger depends on the mode.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action {
            $( $(#[$doc])* $variant, )+
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)+];

            /// The name used in keymap files and by `:`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)+ }
            }

            /// What it does, in a few words, for the help screen.
            pub fn help(self) -> &'static str {
                match self { $(Action::$variant => $help,)+ }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)+ _ => None }
            }
        }
    };
}

actions! {
    Quit => "quit", "quit crewdeck (a draft being typed is kept)";
    Help => "help", "show every key; type to filter";
    Up => "up", "move up";
    Down => "down", "move down";
    PageUp => "page_up", "move up a page";
    PageDown => "page_down", "move down a page";
    Top => "top", "go to the first row";
    Bottom => "bottom", "go to the last row";
    Collapse => "collapse", "fold the selected person's reports; in the 9-box, the cell to the left";
    Expand => "expand", "unfold the selected person's reports; in the 9-box, the cell to the right";
    Open => "open", "open the selected person or item";
    Back => "back", "close what is open, or go back";
    NextTab => "next_tab", "next tab of the person";
    PrevTab => "prev_tab", "previous tab of the person";
    ToggleTree => "toggle_tree", "switch between the org tree and a flat list";
    ToggleOrder => "toggle_order", "order the roster by urgency or by name";
    Filter => "filter", "filter the list by typing";
    Finder => "finder", "find anyone by name, title, team or pinyin initials; in a form, pick a person";
    Palette => "palette", "run any action by name";
    Copy => "copy", "copy a person's summary, a note or a flag to the clipboard";
    ViewPeople => "view_people", "people: the roster and the selected person";
    ViewCoverage => "view_coverage", "team view: succession coverage of key positions";
    ViewFlags => "view_flags", "team view: every flag by severity";
    ViewNineBox => "view_nine_box", "team view: the 9-box grid (performance × potential)";
    ViewPoints => "view_points", "team view: the points ranking";
    NewNote => "new_note", "write a GROW note (1:1) for the selected person";
    EditNote => "edit_note", "correct today's GROW note of the selected person";
    AddAction => "add_action", "add an action to the selected GROW note";
    DiscardDraft => "discard_draft", "throw away the draft being written (asks first)";
    NextField => "next_field", "next field of the form";
    PrevField => "prev_field", "previous field of the form";
    SaveNote => "save_note", "save the note or form";
    CloseNote => "close_note", "close the note or form; the draft is kept";
    RemoveRow => "remove_row", "remove the row under the cursor in a list (goals, actions)";
    ToggleDone => "toggle_done", "mark the selected action done, or open again (GROW or plan)";
    Acknowledge => "acknowledge", "acknowledge the selected flag";
    Snooze => "snooze", "snooze the selected flag for 14 days";
    Reopen => "reopen", "let an acknowledged or snoozed flag speak again";
    Undo => "undo", "undo the last change";
    NewPlan => "new_plan", "start an improvement plan (PIP) for the selected person";
    PlanStatus => "plan_status", "activate, extend, pass, fail or cancel the improvement plan (PIP)";
    CheckIn => "check_in", "record a check-in on the improvement plan (PIP), every goal at once";
    NewPosition => "new_position", "add a key position (succession)";
    EditPosition => "edit_position", "change a key position: title, team, criticality, incumbent";
    AddSuccessor => "add_successor", "put someone on the successor slate of a key position";
    SetReadiness => "set_readiness", "set the readiness of a successor (ready now, 1-2, 3+ years)";
    RemoveSuccessor => "remove_successor", "take the selected successor off the slate";
    MoveSuccessorUp => "move_successor_up", "move the selected successor up the slate";
    MoveSuccessorDown => "move_successor_down", "move the selected successor down the slate";
    SetLeavingStage => "set_leaving_stage", "record the leaving stage (flight risk) seen in the selected person";
    RecordAssessment => "record_assessment", "record the quarter's assessment: key-employee dimensions, 9-box, KPI, engagement";
    KeyEmployee => "key_employee", "mark or unmark the selected person as a key employee";
    EditPerson => "edit_person", "change the selected person's title, team, manager, level, status";
    RecordStayInterview => "record_stay_interview", "record a stay interview with the selected person: what keeps them, what might make them leave, follow-ups";
    AwardPoints => "award_points", "award points (积分) by rule or by hand, to one person or several";
    ReversePoints => "reverse_points", "reverse the selected points entry, with a reason (the ledger keeps both)";
    StartDeparture => "start_departure", "start the departure of the selected person: last day, reason, handover receiver and checklist";
    ConfirmHandover => "confirm_handover", "the receiver confirms the selected handover task";
    RevokeAccess => "revoke_access", "record the selected access as revoked, now";
    HandoverReport => "handover_report", "write the handover report of the selected departure";
    Development => "development", "record the selected person's mentor and rotations";
    ViewDepartures => "view_departures", "team view: every departure's handover, tasks and access to revoke";
    ViewLadder => "view_ladder", "team view: the career ladders and where each person stands";
    CyclePeriod => "cycle_period", "points view: this month, quarter, year or all time";
    RaiseFlag => "raise_flag", "raise a flag (risk) on the selected person by hand";
    ResolveFlag => "resolve_flag", "resolve the selected flag raised by hand, with a note";
    EditExternally => "edit_externally", "write the current field in $EDITOR";
    Calibration => "calibration", "team view: a calibration session of a talent review (the 9-box with moves, the round-robin, the decision log)";
    NewCalibration => "new_calibration", "open a calibration session over some teams: name, quarter, participants, minutes a person";
    CalibrationMove => "move_in_calibration", "calibration: move the selected person to another box, with a reason and evidence";
    Discuss => "discuss", "calibration: discuss the selected person now (their timebox starts)";
    Decide => "decide", "calibration: record a decision about the selected person";
    CalibrationSummary => "calibration_summary", "calibration: show the summary (before and after per box, moves, not discussed) or the log";
    CloseCalibration => "close_calibration", "calibration: close the session (asks first); its log is kept";
    PresenterMode => "presenter_mode", "presenter mode for a shared screen: hide what others must not see, or show it again";
}

impl Action {
    /// Whether the action changes records, or opens a form that does: a viewer, who may change
    /// nothing, is not offered it in the hint bar.
    pub fn writes(self) -> bool {
        use Action::*;
        // Every action named, so that a new one has to be placed here.
        match self {
            NewNote | EditNote | AddAction | ToggleDone | Acknowledge | Snooze | Reopen | Undo
            | NewPlan | PlanStatus | CheckIn | NewPosition | EditPosition | AddSuccessor
            | SetReadiness | RemoveSuccessor | MoveSuccessorUp | MoveSuccessorDown
            | SetLeavingStage | RecordAssessment | KeyEmployee | EditPerson
            | RecordStayInterview | AwardPoints | ReversePoints | StartDeparture
            | ConfirmHandover | RevokeAccess | HandoverReport | Development | RaiseFlag
            | ResolveFlag | NewCalibration | CalibrationMove | Discuss | Decide
            | CloseCalibration => true,
            Quit | Help | Up | Down | PageUp | PageDown | Top | Bottom | Collapse | Expand
            | Open | Back | NextTab | PrevTab | ToggleTree | ToggleOrder | Filter | Finder
            | Palette | Copy | ViewPeople | ViewCoverage | ViewFlags | ViewNineBox | ViewPoints
            | ViewDepartures | ViewLadder | CyclePeriod | DiscardDraft | NextField | PrevField
            | SaveNote | CloseNote | RemoveRow | EditExternally | Calibration
            | CalibrationSummary | PresenterMode => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_unique_name_that_reads_back() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(*action));
            assert!(!action.help().is_empty());
        }
    }
}
