//! The Flags tab: each flag with its reason and evidence. While presenting, a flag shows its
//! kind only: its reason and evidence may say a leaving stage, pay, points or a note, and a
//! leaving-stage flag's severity says the stage.

use crate::app::App;
use crate::app::presenter::severity_shown;
use crate::domain::person::Person;
use crate::text::safe_line;
use crate::ui::theme::Theme;
use crate::ui::widgets::{HIDDEN, hidden_line, severity_marker};
use ratatui::text::{Line, Span};

pub(super) fn flags(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines = Vec::new();
    let mut selected_line = None;
    for (i, flag) in app.flags_of(p.id.as_str()).into_iter().enumerate() {
        let selected = focused && i == app.item;
        if selected {
            selected_line = Some(lines.len());
        }
        let style = if selected { theme.selected } else { theme.text };
        let quiet = flag
            .quiet
            .as_ref()
            .map_or(String::new(), |q| format!(" ({})", q.label()));
        let (marker, reason) = match app.presenting {
            true if !severity_shown(flag) => (Span::raw("  "), HIDDEN.into()),
            true => (severity_marker(flag.severity, theme), HIDDEN.into()),
            false => (
                severity_marker(flag.severity, theme),
                safe_line(&flag.reason),
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(if selected { "›" } else { " " }, style),
            marker,
            Span::styled(format!("{}: {reason}", flag.kind.label()), style),
            Span::styled(quiet, theme.dim),
        ]));
        if app.presenting {
            if !flag.evidence.is_empty() {
                lines.push(hidden_line("     · evidence: ", theme));
            }
            continue;
        }
        for e in &flag.evidence {
            lines.push(Line::styled(
                format!("     · {}: {}", safe_line(&e.what), safe_line(&e.value)),
                theme.dim,
            ));
        }
    }
    if lines.is_empty() {
        // Flags about oneself are never shown: "No flags." would read as a fact.
        let mine = (app.org.users.get(app.actor.as_str()))
            .and_then(|u| u.person.as_ref())
            .is_some_and(|me| me.as_str() == p.id.as_str());
        let said = match mine {
            true => "Flags about you are not shown to you.",
            false => "No flags.",
        };
        lines.push(Line::styled(said, theme.dim));
    }
    (lines, selected_line)
}
