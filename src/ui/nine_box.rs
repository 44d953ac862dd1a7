//! Team view: the 9-box grid of performance × potential from the latest assessments.

use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    // What matters most first: a narrow screen cuts the end of a title.
    let unassessed = match app.derived.unassessed {
        0 => String::new(),
        n => format!(" · {n} not assessed (A)"),
    };
    let outer = block(
        &format!("9-box{unassessed} · performance → · potential ↑"),
        area.width,
        app.overlay.is_none(),
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    for (cell, cell_area) in super::widgets::nine_box_cells(inner) {
        let names = app
            .derived
            .nine_box
            .get(&cell)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let selected = app.nine_box_selected() == cell;
        // The count is what the grid is read for: a narrow box shortens the name, never it.
        let count = format!(" · {}", names.len());
        let name_room = usize::from(cell_area.width.saturating_sub(4))
            .saturating_sub(unicode_width::UnicodeWidthStr::width(count.as_str()));
        let title = format!("{}{count}", super::fit::cut(cell.name(), name_room));
        // One name a line, never broken. The selected cell scrolls to keep its selected
        // person in view; the others say how many more there are below.
        let room = usize::from(cell_area.height.saturating_sub(2)).max(1);
        let inner_width = usize::from(cell_area.width.saturating_sub(2));
        let first = match selected {
            true => super::roster::scroll(app.list_offset.get(), app.item, room, names.len()),
            false => 0,
        };
        if selected {
            app.list_offset.set(first);
        }
        let mut text: Vec<Line> = names
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(i, (name, _))| {
                let here = selected && i == app.item;
                let (mark, style) = if here {
                    ("›", theme.selected)
                } else {
                    (" ", theme.text)
                };
                // A name too long for the cell ends in `…`, never cut silently.
                let shown = format!("{mark}{}", safe_line(name));
                Line::styled(super::fit::cut(&shown, inner_width), style)
            })
            .collect();
        let below = names.len().saturating_sub(first + room);
        if below > 0 && !selected {
            text.pop();
            text.push(Line::styled(format!("… and {} more", below + 1), theme.dim));
        }
        frame.render_widget(
            Paragraph::new(text).block(block(&title, cell_area.width, selected, theme)),
            cell_area,
        );
    }
}
