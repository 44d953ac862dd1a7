//! Team view: every flag in scope, loudest first, the selected one with its evidence.

use super::theme::Theme;
use super::widgets::{block, severity_marker};
use crate::app::App;
use crate::export::insight::subject_name;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let flags = app.visible_flags();
    let open = flags.iter().filter(|f| f.quiet.is_none()).count();
    let outer = block(
        &format!("Flags · {open} open, {} quiet", flags.len() - open),
        app.overlay.is_none(),
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [list_area, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(8)]).areas(inner);
    let items: Vec<ListItem> = flags
        .iter()
        .map(|f| {
            let quiet = f
                .quiet
                .as_ref()
                .map_or(String::new(), |q| format!(" · {}", q.label()));
            ListItem::new(Line::from(vec![
                severity_marker(f.severity, theme),
                Span::raw(format!("{:<9}", f.severity.label())),
                Span::styled(
                    format!("{:<22}", safe_line(&subject_name(&app.org, &f.subject))),
                    theme.title,
                ),
                Span::raw(format!("{}: {}", f.kind.label(), safe_line(&f.reason))),
                Span::styled(quiet, theme.dim),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.item));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected),
        list_area,
        &mut state,
    );
    let Some(flag) = flags.get(app.item) else {
        return;
    };
    let mut lines = vec![Line::styled(
        "Evidence · a acknowledge · z snooze 14 days · r reopen · Enter opens the person",
        theme.dim,
    )];
    lines.extend(
        flag.evidence
            .iter()
            .map(|e| Line::raw(format!("· {}: {}", safe_line(&e.what), safe_line(&e.value)))),
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), detail);
}
