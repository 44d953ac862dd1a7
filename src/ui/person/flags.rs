//! The Flags tab: each flag with its reason and evidence.

use crate::app::App;
use crate::domain::person::Person;
use crate::text::safe_line;
use crate::ui::theme::Theme;
use crate::ui::widgets::severity_marker;
use ratatui::text::{Line, Span};

pub(super) fn flags(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines = Vec::new();
    let mut selected_line = None;
    for (i, flag) in app.derived.person_flags(p.id.as_str()).enumerate() {
        let selected = focused && i == app.item;
        if selected {
            selected_line = Some(lines.len());
        }
        let style = if selected { theme.selected } else { theme.text };
        let quiet = flag
            .quiet
            .as_ref()
            .map_or(String::new(), |q| format!(" ({})", q.label()));
        lines.push(Line::from(vec![
            Span::styled(if selected { "›" } else { " " }, style),
            severity_marker(flag.severity, theme),
            Span::styled(
                format!("{}: {}", flag.kind.label(), safe_line(&flag.reason)),
                style,
            ),
            Span::styled(quiet, theme.dim),
        ]));
        for e in &flag.evidence {
            lines.push(Line::styled(
                format!("     · {}: {}", safe_line(&e.what), safe_line(&e.value)),
                theme.dim,
            ));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("No flags.", theme.dim));
    }
    (lines, selected_line)
}
