//! The GROW note being written: the fields on the left, the person's open actions on the right.
//! The real terminal cursor is put at the insertion point, so an input method composes in place.

use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::app::note::{FIELD_HINTS, FIELDS};
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(form) = &app.note else {
        return;
    };
    let name = app.name(&form.person);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(64), Constraint::Percentage(36)]).areas(area);
    let outer = block(&format!("GROW note · {name} · {}", app.today), true, theme);
    let inner = outer.inner(left);
    frame.render_widget(outer, left);

    // Each field gets its title, its hint when focused, and as many lines as it needs; the
    // focused one gets whatever room is left.
    let width = inner.width.saturating_sub(2);
    let mut y = inner.y;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let (lines, cursor) = field.layout(width);
        let room_left = inner.bottom().saturating_sub(y);
        let rows_after = (FIELDS.len() - i - 1) as u16 * 2;
        let want = lines.len() as u16 + if focused { 2 } else { 1 };
        let height = want
            .min(room_left.saturating_sub(rows_after))
            .max(1)
            .min(room_left);
        if height == 0 {
            break;
        }
        let area = Rect {
            x: inner.x,
            y,
            width: inner.width,
            height,
        };
        let title_style = if focused { theme.key } else { theme.dim };
        let mut text = vec![Line::from(vec![
            Span::styled(format!("{} ", FIELDS[i]), title_style),
            Span::styled(if focused { FIELD_HINTS[i] } else { "" }, theme.dim),
        ])];
        let visible = usize::from(height.saturating_sub(1));
        let first = if focused {
            cursor.0.saturating_sub(visible.saturating_sub(1))
        } else {
            0
        };
        text.extend(
            lines
                .iter()
                .skip(first)
                .take(visible)
                .map(|l| Line::raw(format!("  {l}"))),
        );
        frame.render_widget(Paragraph::new(text), area);
        if focused && visible > 0 {
            let row = (cursor.0 - first) as u16;
            frame.set_cursor_position(Position::new(area.x + 2 + cursor.1, area.y + 1 + row));
        }
        y += height;
    }
    if let Some(error) = &form.error {
        let area = Rect {
            y: inner.bottom().saturating_sub(1),
            height: 1,
            ..inner
        };
        frame.render_widget(
            Line::styled(safe_line(error).into_owned(), theme.error),
            area,
        );
    }
    render_open_actions(app, theme, frame, right, &form.person);
}

fn render_open_actions(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, person: &str) {
    let mut lines = vec![Line::styled(
        "Carried forward from earlier 1:1s:",
        theme.dim,
    )];
    let open: Vec<_> = app
        .actions_of(person)
        .into_iter()
        .filter(|a| a.action.done.is_none())
        .collect();
    if app.loading {
        // The notes are not read yet: "none" would be wrong, not empty.
        lines.push(Line::styled("reading the records…", theme.dim));
    } else if open.is_empty() {
        lines.push(Line::styled("no open actions", theme.dim));
    }
    for item in open {
        let due = item
            .action
            .due
            .map_or(String::new(), |d| format!(" (due {d})"));
        let late = item.action.due.is_some_and(|d| d < app.today);
        lines.push(Line::from(vec![
            Span::raw("[ ] "),
            Span::raw(safe_line(&item.action.text).into_owned()),
            Span::styled(due, if late { theme.bad } else { theme.dim }),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Tab next field · ctrl-s save · Esc close (the draft is kept)",
        theme.dim,
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block("Open actions", false, theme)),
        area,
    );
}
