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
    Collapse => "collapse", "fold the selected person's reports";
    Expand => "expand", "unfold the selected person's reports";
    Open => "open", "open the selected person or item";
    Back => "back", "close what is open, or go back";
    NextTab => "next_tab", "next tab of the person";
    PrevTab => "prev_tab", "previous tab of the person";
    ToggleTree => "toggle_tree", "switch between the org tree and a flat list";
    ToggleOrder => "toggle_order", "order the roster by urgency or by name";
    Filter => "filter", "filter the list by typing";
    Finder => "finder", "find anyone by name, title, team or pinyin initials";
    Palette => "palette", "run any action by name";
    ViewPeople => "view_people", "people: the roster and the selected person";
    ViewCoverage => "view_coverage", "team view: succession coverage";
    ViewFlags => "view_flags", "team view: every flag by severity";
    ViewNineBox => "view_nine_box", "team view: the 9-box grid";
    ViewPoints => "view_points", "team view: the points ranking";
    NewNote => "new_note", "write a GROW note for the selected person";
    NextField => "next_field", "next field of the note";
    PrevField => "prev_field", "previous field of the note";
    SaveNote => "save_note", "save the note";
    CloseNote => "close_note", "close the note; the draft is kept";
    ToggleDone => "toggle_done", "mark the selected action done, or open again";
    Acknowledge => "acknowledge", "acknowledge the selected flag";
    Snooze => "snooze", "snooze the selected flag for 14 days";
    Reopen => "reopen", "let an acknowledged or snoozed flag speak again";
    Undo => "undo", "undo the last change";
    CheckIn => "check_in", "record a check-in on the selected improvement-plan goal";
    CycleReadiness => "cycle_readiness", "change the readiness of the selected successor";
    RaiseFlag => "raise_flag", "raise a flag on the selected person by hand";
    ResolveFlag => "resolve_flag", "resolve the selected flag raised by hand, with a note";
    EditExternally => "edit_externally", "write the current field in $EDITOR";
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
