//! The Coaching tab: open actions carried forward, then GROW notes newest first. While
//! presenting, the actions' and notes' texts and a note's confidence are hidden; the days, who
//! owns an action and whether it is done stay.

use super::heading;
use crate::app::App;
use crate::domain::person::Person;
use crate::text::{safe_line, safe_text};
use crate::ui::theme::Theme;
use crate::ui::widgets::{HIDDEN, hidden};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

pub(super) fn coaching(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines = super::history::since_last_one_to_one(app, theme, p, 8);
    lines.push(heading("Actions (open ones carry forward)", theme));
    let mut selected_line = None;
    let actions = app.actions_of(p.id.as_str());
    if actions.is_empty() {
        // Someone with notes but no actions is told where actions come from, not to write
        // a first note.
        let hint = match app.derived.notes(&app.org, p.id.as_str()).is_empty() {
            true => "n writes a GROW note",
            false => "a GROW note's Actions (n) carry forward here",
        };
        lines.push(super::none_yet(app, hint, theme));
    }
    for (i, item) in actions.iter().enumerate() {
        let a = item.action;
        let selected = focused && i == app.item;
        if selected {
            selected_line = Some(lines.len());
        }
        let (mark, state) = match (a.done, a.due) {
            (Some(day), _) => ("[x]", format!("done {day}")),
            (None, Some(due)) if due < app.today => (
                "[ ]",
                format!("due {due}, {} days late", (app.today - due).num_days()),
            ),
            (None, Some(due)) => ("[ ]", format!("due {due}")),
            (None, None) => ("[ ]", "no due date".to_string()),
        };
        let late = a.done.is_none() && a.due.is_some_and(|d| d < app.today);
        let style = if selected {
            theme.selected
        } else if a.done.is_some() {
            theme.dim
        } else {
            theme.text
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {mark} ", if selected { "›" } else { " " }),
                style,
            ),
            match app.presenting {
                true => Span::styled(HIDDEN, style.patch(theme.dim)),
                false => Span::styled(safe_line(&a.text).into_owned(), style),
            },
            Span::styled(
                if a.owner.trim().is_empty() {
                    " — ".to_string()
                } else {
                    format!(" — {}, ", safe_line(&app.name(&a.owner)))
                },
                theme.dim,
            ),
            Span::styled(state, if late { theme.bad } else { theme.dim }),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(heading("GROW notes, newest first", theme));
    let mut notes = app.derived.notes(&app.org, p.id.as_str());
    notes.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    if notes.is_empty() {
        lines.push(Line::styled("  no 1:1 recorded yet", theme.dim));
    }
    for note in notes {
        let confidence = match note.confidence {
            Some(_) if app.presenting => String::new(),
            Some(c) if c < 7 => format!(" · confidence {c} (follow up)"),
            Some(c) => format!(" · confidence {c}"),
            None => String::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", note.date), theme.title),
            Span::styled(
                format!(" by {}{confidence}", safe_line(&note.author)),
                theme.dim,
            ),
        ]));
        for (label, text) in [
            ("Goal", &note.goal),
            ("Reality", &note.reality),
            ("Options", &note.options),
            ("Will", &note.will),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            if app.presenting {
                lines.push(Line::from(vec![
                    Span::styled(format!("    {label}: "), theme.dim),
                    hidden(theme),
                ]));
                continue;
            }
            for (i, part) in safe_text(text).lines().enumerate() {
                let label = if i == 0 {
                    format!("    {label}: ")
                } else {
                    " ".repeat(label.width() + 6)
                };
                lines.push(Line::from(vec![
                    Span::styled(label, theme.dim),
                    Span::raw(part.to_string()),
                ]));
            }
        }
    }
    (lines, selected_line)
}
