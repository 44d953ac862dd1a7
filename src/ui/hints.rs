//! The bottom line: the status of the last thing done, or the keys that matter now, read from
//! the live keymap so a changed key shows as it is.

use super::theme::Theme;
use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::{App, Focus, Overlay, Tab, View};
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The keys of the window that is open.
fn input_hints(app: &App) -> &'static [(Action, &'static str)] {
    match app.overlay {
        Some(Overlay::Help { .. }) | Some(Overlay::Palette { .. }) => &[
            (Action::Open, "run"),
            (Action::Down, "next"),
            (Action::Back, "close"),
        ],
        Some(Overlay::Filter) => &[
            (Action::Open, "keep the filter"),
            (Action::Back, "clear it"),
        ],
        _ => &[
            (Action::Open, "open"),
            (Action::Down, "next"),
            (Action::Back, "close"),
        ],
    }
}

/// The keys of the form, with what the focused field takes.
fn form_hints(app: &App) -> &'static [(Action, &'static str)] {
    use crate::app::form::field::Kind;
    match app.form.as_ref().map(|f| &f.field().kind) {
        Some(Kind::Person) => &[
            (Action::NextField, "next field"),
            (Action::Finder, "pick"),
            (Action::SaveNote, "save"),
            (Action::CloseNote, "close (draft kept)"),
            (Action::DiscardDraft, "throw away"),
        ],
        Some(Kind::Rows(_)) => &[
            (Action::NextField, "next field"),
            (Action::RemoveRow, "remove row"),
            (Action::SaveNote, "save"),
            (Action::CloseNote, "close (draft kept)"),
            (Action::EditExternally, "$EDITOR"),
        ],
        _ => &[
            (Action::NextField, "next field"),
            (Action::SaveNote, "save"),
            (Action::CloseNote, "close (draft kept)"),
            (Action::EditExternally, "$EDITOR"),
            (Action::DiscardDraft, "throw away"),
        ],
    }
}

/// What can be done with the items of each tab.
fn detail_hints(tab: Tab) -> &'static [(Action, &'static str)] {
    match tab {
        Tab::Profile => &[
            (Action::SetLeavingStage, "leaving stage"),
            (Action::Development, "mentor"),
            (Action::RecordAssessment, "assessment"),
            (Action::KeyEmployee, "key"),
            (Action::EditPerson, "edit"),
            (Action::RaiseFlag, "flag"),
            (Action::NextTab, "tab"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        Tab::Coaching => &[
            (Action::Down, "move"),
            (Action::ToggleDone, "done / open"),
            (Action::NewNote, "note"),
            (Action::AddAction, "add action"),
            (Action::EditNote, "correct today's"),
            (Action::Undo, "undo"),
            (Action::NextTab, "tab"),
            (Action::Back, "back"),
        ],
        Tab::Plan => &[
            (Action::Down, "move"),
            (Action::CheckIn, "check in"),
            (Action::ToggleDone, "action done"),
            (Action::NewPlan, "new plan"),
            (Action::PlanStatus, "status"),
            (Action::Undo, "undo"),
            (Action::NextTab, "tab"),
            (Action::Back, "back"),
        ],
        Tab::Succession => &[
            (Action::Down, "move"),
            (Action::SetReadiness, "readiness"),
            (Action::AddSuccessor, "add"),
            (Action::MoveSuccessorUp, "up"),
            (Action::MoveSuccessorDown, "down"),
            (Action::RemoveSuccessor, "remove"),
            (Action::Undo, "undo"),
            (Action::NextTab, "tab"),
            (Action::Back, "back"),
        ],
        Tab::Retention => &[
            (Action::Down, "move"),
            (Action::ToggleDone, "done"),
            (Action::ConfirmHandover, "confirm"),
            (Action::RevokeAccess, "revoke"),
            (Action::ReversePoints, "reverse"),
            (Action::RecordStayInterview, "stay interview"),
            (Action::AwardPoints, "points"),
            (Action::StartDeparture, "departure"),
            (Action::Back, "back"),
        ],
        Tab::History => &[
            (Action::PageDown, "older"),
            (Action::PageUp, "newer"),
            (Action::NextTab, "tab"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        Tab::Flags => &[
            (Action::Down, "move"),
            (Action::Acknowledge, "ack"),
            (Action::Snooze, "snooze"),
            (Action::Reopen, "reopen"),
            (Action::ResolveFlag, "resolve"),
            (Action::RaiseFlag, "raise"),
            (Action::Back, "back"),
        ],
    }
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(status) = &app.status {
        // A long message ends with … where the line does, rather than mid-word.
        let room = usize::from(area.width).saturating_sub(1);
        let shown = super::fit::cut(&safe_line(status), room);
        frame.render_widget(Line::styled(format!(" {shown}"), theme.status), area);
        return;
    }
    let mode = app.mode();
    let wanted: &[(Action, &str)] = match (mode, app.view, app.focus) {
        (Mode::Form, ..) => form_hints(app),
        (Mode::Input, ..) => input_hints(app),
        // The most needed first: what does not fit on a narrow screen is dropped from the end.
        (Mode::Browse, View::People, Focus::Roster) => &[
            (Action::Help, "keys"),
            (Action::Quit, "quit"),
            (Action::Down, "move"),
            (Action::Open, "open"),
            (Action::NewNote, "note"),
            (Action::Palette, "all actions"),
            (Action::Finder, "find"),
            (Action::NextTab, "tab"),
            (Action::Filter, "filter"),
            (Action::ViewCoverage, "team views"),
        ],
        (Mode::Browse, View::People, Focus::Detail) => detail_hints(app.tab),
        (Mode::Browse, View::Flags, _) => &[
            (Action::Down, "move"),
            (Action::Open, "open person"),
            (Action::Acknowledge, "ack"),
            (Action::Snooze, "snooze"),
            (Action::Reopen, "reopen"),
            (Action::ResolveFlag, "resolve"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        (Mode::Browse, View::Points, _) => &[
            (Action::Down, "move"),
            (Action::Open, "open person"),
            (Action::CyclePeriod, "period"),
            (Action::AwardPoints, "award"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        (Mode::Browse, View::Calibration, _) => &[
            (Action::Down, "move"),
            (Action::CalibrationMove, "move to a box"),
            (Action::Discuss, "discuss"),
            (Action::Undo, "undo move"),
            (Action::Decide, "decide"),
            (Action::CalibrationSummary, "summary"),
            (Action::NextTab, "next session"),
            (Action::NewCalibration, "new"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        // In the rightmost column (high performance, where the view opens) only left moves.
        (Mode::Browse, View::NineBox, _) if app.nine_box_cell.0 == 2 => &[
            (Action::Collapse, "cell ←"),
            (Action::Down, "next"),
            (Action::Open, "open person"),
            (Action::RecordAssessment, "assess"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        (Mode::Browse, View::NineBox, _) => &[
            (Action::Expand, "cell →"),
            (Action::Down, "next"),
            (Action::Open, "open person"),
            (Action::RecordAssessment, "assess"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        (Mode::Browse, View::Departures, _) => &[
            (Action::Down, "move"),
            (Action::ToggleDone, "done"),
            (Action::ConfirmHandover, "confirm"),
            (Action::RevokeAccess, "revoke"),
            (Action::Open, "open person"),
            (Action::HandoverReport, "report"),
            (Action::Back, "back"),
        ],
        (Mode::Browse, View::Ladder, _) => &[
            (Action::Down, "move"),
            (Action::Open, "open person"),
            (Action::AwardPoints, "award points"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
        (Mode::Browse, View::Coverage, _) => &[
            (Action::Down, "move"),
            (Action::Open, "open incumbent"),
            (Action::SetReadiness, "readiness"),
            (Action::AddSuccessor, "add successor"),
            (Action::NewPosition, "new position"),
            (Action::EditPosition, "edit"),
            (Action::Back, "back"),
            (Action::Help, "keys"),
        ],
    };
    if let Some(Overlay::Confirm { then, .. }) = &app.overlay {
        let text = match then {
            crate::app::Confirmed::Apply(change)
                if matches!(**change, crate::domain::Change::CloseCalibration { .. }) =>
            {
                " y closes it · any other key keeps it open"
            }
            crate::app::Confirmed::Apply(_) => " y undoes · any other key keeps it",
            crate::app::Confirmed::DiscardDraft(_) => {
                " y throws the draft away · any other key keeps it"
            }
            // Asked for a draft only in memory (a full disk), or, from `:`, for one kept on
            // disk: only the first is lost by quitting.
            crate::app::Confirmed::Quit if !app.unwritten_drafts.is_empty() => {
                " y quits and loses the unwritten text · any other key stays"
            }
            crate::app::Confirmed::Quit => " y quits; drafts are kept · any other key stays",
        };
        frame.render_widget(Line::styled(text, theme.key), area);
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (action, label) in wanted {
        // While presenting, a key whose form would not open is not offered.
        if mode == Mode::Browse && app.presenting && crate::app::presenter::refused(*action) {
            continue;
        }
        // A viewer is not offered what they may not do.
        if mode == Mode::Browse && app.read_only.is_some() && action.writes() {
            continue;
        }
        let Some(key) = app.keymap.keys_for(mode, *action).into_iter().next() else {
            continue;
        };
        let (key, label) = (key.to_string(), format!(" {label}  "));
        // What does not fit is left out whole, never cut in the middle.
        used += key.width() + label.width();
        if used > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(label, theme.dim));
    }
    frame.render_widget(Line::from(spans), area);
}
