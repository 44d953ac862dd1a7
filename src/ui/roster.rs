//! The roster pane: the org tree or a flat list, one row per person with markers. Only the rows
//! that fit are built, so a roster of 100,000 scrolls like one of 50.

use super::fit::cut;
use super::theme::Theme;
use super::widgets::{block, person_markers};
use crate::app::roster::Order;
use crate::app::{App, Focus, Overlay};
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let roster = &app.roster;
    let order = match roster.order {
        // While presenting the roster goes by name, whatever order is chosen.
        _ if app.presenting => "by name",
        Order::Urgency => "by urgency",
        Order::Name => "by name",
    };
    let shape = if roster.tree && roster.filter.is_empty() {
        "tree"
    } else {
        "list"
    };
    let mut title = format!("People · {} · {shape} {order}", roster.rows.len());
    if !roster.filter.is_empty() || matches!(app.overlay, Some(Overlay::Filter)) {
        title = format!("{title} · /{}", roster.filter);
    }
    let focused = app.focus == Focus::Roster && app.overlay.is_none();
    let outer = block(&title, area.width, focused, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let height = usize::from(inner.height);
    if roster.rows.is_empty() {
        let message = if let Some(why) = &app.shut_out {
            vec![
                Line::styled("Not let in.", theme.title),
                Line::raw(""),
                Line::raw(crate::text::safe_line(why).into_owned()),
                Line::raw(""),
                Line::styled(
                    "It is asked again every five seconds, and what you are typing is kept.",
                    theme.dim,
                ),
            ]
        } else if !roster.filter.is_empty() {
            vec![Line::styled("Nobody matches the filter", theme.dim)]
        } else if !app.loading && app.derived.scope.is_some() {
            // Someone who sees only part of the records: importing is not theirs to do.
            vec![
                Line::styled("Nobody in your scope.", theme.title),
                Line::raw(""),
                Line::styled(
                    "Your user record's scope names nobody in the records yet; an admin changes it with crewdeck users set.",
                    theme.dim,
                ),
            ]
        } else if app.org.people.is_empty() && !app.loading {
            // An empty database: the way in is a roster from the HR system.
            vec![
                Line::styled("Nobody here yet.", theme.title),
                Line::raw(""),
                Line::raw(
                    "Import your roster, a CSV exported from your HR system, then open crewdeck again:",
                ),
                Line::styled(format!("  {}", app.import_command), theme.key),
                Line::raw(""),
                Line::styled(
                    "Add --dry-run to see what it would do first; the README lists the columns it reads. To look around first: crewdeck demo",
                    theme.dim,
                ),
            ]
        } else {
            vec![Line::styled("Nobody to show", theme.dim)]
        };
        frame.render_widget(
            Paragraph::new(super::fit::wrap(&message, inner.width)),
            inner,
        );
        return;
    }
    let offset = scroll(
        app.roster_offset.get(),
        roster.selected,
        height,
        roster.rows.len(),
    );
    app.roster_offset.set(offset);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = roster.rows[offset..(offset + height).min(roster.rows.len())]
        .iter()
        .enumerate()
        .map(|(i, row)| row_line(app, theme, row, offset + i == roster.selected, width))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The first row to show: unchanged while the selection is on screen, moved just enough when
/// it is not.
pub fn scroll(offset: usize, selected: usize, height: usize, rows: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset.min(rows.saturating_sub(height));
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset
}

/// "on leave", or "leaving 12-31" (their last day), for someone not simply at work: said before
/// their title on the roster and in the finder.
pub(super) fn status_note(person: &crate::domain::person::Person) -> Option<String> {
    use crate::domain::person::Status;
    match person.status {
        Status::OnLeave => Some("on leave".into()),
        Status::Leaving { last_day } => Some(format!("leaving {}", last_day.format("%m-%d"))),
        Status::Active | Status::Left { .. } => None,
    }
}

fn row_line(
    app: &App,
    theme: &Theme,
    row: &crate::app::roster::Row,
    selected: bool,
    width: usize,
) -> Line<'static> {
    let person = app.org.people.get(row.id.as_str());
    let name = person.map_or_else(|| row.id.to_string(), |p| safe_line(&p.name).into_owned());
    let title = person
        .map(|p| {
            let title = safe_line(&p.title).into_owned();
            match (status_note(p), title.is_empty()) {
                (Some(status), true) => status,
                (Some(status), false) => format!("{status} · {title}"),
                (None, _) => title,
            }
        })
        .unwrap_or_default();
    let fold = match (row.has_reports, row.expanded) {
        (true, true) => "▾ ",
        (true, false) => "▸ ",
        (false, _) => "  ",
    };
    let indent = "  ".repeat(usize::from(row.depth).min(12));
    let markers = person_markers(app, &row.id, theme);
    let markers_width: usize = markers.iter().map(|s| s.width()).sum();
    let lead = format!("{indent}{fold}");
    // Name first, then the title dimmed, cut to fit before the markers.
    let room = width.saturating_sub(lead.width() + markers_width + 1);
    let name = cut(&name, room);
    let title_room = room.saturating_sub(name.width() + 2);
    let title = if title_room > 3 {
        cut(&title, title_room)
    } else {
        String::new()
    };
    let pad = room.saturating_sub(
        name.width()
            + if title.is_empty() {
                0
            } else {
                title.width() + 2
            },
    );
    let name_style = if selected { theme.selected } else { theme.text };
    let mut spans = vec![
        Span::styled(lead, if selected { theme.selected } else { theme.dim }),
        Span::styled(name, name_style),
    ];
    if !title.is_empty() {
        spans.push(Span::styled("  ", name_style));
        spans.push(Span::styled(
            title,
            if selected { theme.selected } else { theme.dim },
        ));
    }
    spans.push(Span::styled(" ".repeat(pad + 1), name_style));
    spans.extend(markers);
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_scrolls_only_when_the_selection_leaves_the_screen() {
        assert_eq!(scroll(0, 5, 10, 100), 0);
        assert_eq!(scroll(0, 10, 10, 100), 1);
        assert_eq!(scroll(20, 25, 10, 100), 20, "still on screen: no jump");
        assert_eq!(scroll(20, 19, 10, 100), 19);
        assert_eq!(scroll(95, 99, 10, 100), 90, "never past the end");
    }
}
