//! The selected person: tabs for the profile and assessments, coaching (open actions carried
//! forward, then GROW notes), the improvement plan, succession, and flags.

mod coaching;
mod flags;
mod history;
mod plan;
mod profile;
pub(crate) mod retention;
mod succession;
mod trends;

use super::theme::Theme;
use super::widgets::block;
use crate::app::{App, Focus, Tab};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs};
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail && app.overlay.is_none();
    let Some(person) = app.shown_person() else {
        let outer = block("Person", area.width, false, theme);
        frame.render_widget(
            Paragraph::new(Line::styled("Select someone on the left", theme.dim)).block(outer),
            area,
        );
        return;
    };
    let outer = block(
        &format!("{} · {}", person.name, person.id),
        area.width,
        focused,
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    // Every tab's title fits: the short ones on a narrow pane.
    let full: usize = Tab::ALL.iter().map(|t| t.title().width() + 3).sum();
    let titles: Vec<Line> = Tab::ALL
        .iter()
        .map(|t| match full > usize::from(tabs_area.width) {
            true => Line::from(t.short_title()),
            false => Line::from(t.title()),
        })
        .collect();
    let selected = Tab::ALL.iter().position(|t| *t == app.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(theme.tab)
            .highlight_style(theme.tab_active)
            .divider("│"),
        tabs_area,
    );
    let (lines, selected_line) = match app.tab {
        _ if app.loading => (vec![Line::styled("Reading the records…", theme.dim)], None),
        Tab::Profile => (profile::profile(app, theme, person), None),
        Tab::Coaching => coaching::coaching(app, theme, person, focused),
        Tab::Plan => plan::plan(app, theme, person, body.width, focused),
        Tab::Succession => succession::succession(app, theme, person, focused),
        Tab::Flags => flags::flags(app, theme, person, focused),
        Tab::Retention => retention::retention(app, theme, person, focused),
        Tab::History => (history::history(app, theme, person), None),
    };
    // Keep the selected item on screen, unless the page keys scrolled further. The scroll
    // counts screen rows: the lines are wrapped first, and the selected one followed.
    let (rows, selected) = super::fit::wrap_following(&lines, body.width, selected_line);
    let follow = selected.map_or(0, |(row, own)| {
        (row + own).saturating_sub(usize::from(body.height).saturating_sub(2))
    });
    app.detail_lines.set(rows.len());
    let scroll = if app.detail_scroll > 0 {
        app.detail_scroll.min(rows.len().saturating_sub(1))
    } else {
        follow
    };
    frame.render_widget(Paragraph::new(rows).scroll((scroll as u16, 0)), body);
}

/// "  none yet", with `hint` (the key that records one) for a user who may write.
pub(super) fn none_yet(app: &App, hint: &str, theme: &Theme) -> Line<'static> {
    match app.read_only {
        Some(_) => Line::styled("  none yet", theme.dim),
        None => Line::styled(format!("  none yet: {hint}"), theme.dim),
    }
}

pub(super) fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::styled(text.to_string(), theme.title)
}

pub(super) fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.dim),
        Span::raw(value),
    ])
}

/// Marks the selected item: `›` and the selection style.
pub(super) fn pick(selected: bool, theme: &Theme) -> (&'static str, ratatui::style::Style) {
    if selected {
        ("›", theme.selected)
    } else {
        (" ", theme.text)
    }
}
