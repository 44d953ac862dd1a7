//! Team view: every departure in scope, latest last day first, with its handover: each task
//! with its receiver and due day, done, confirmed or LATE, and each access to revoke with its
//! time. The keys act on the selected line as in a person's Retention tab.

use super::person::retention::departure_lines;
use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::app::retention::{DepartureRow, RetentionItem};
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let outer = block(
        "Departures and handover",
        area.width,
        app.overlay.is_none(),
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let rows = app.departure_rows();
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                match app.read_only {
                    Some(_) => "Nobody is leaving",
                    None => {
                        "Nobody is leaving: d on a person starts a departure with its handover checklist"
                    }
                },
                theme.dim,
            )),
            inner,
        );
        return;
    }
    let selected = rows.get(app.item);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_line = None;
    for row in &rows {
        let DepartureRow::Departure(id) = row else {
            continue;
        };
        let Some(d) = app.org.departures.get(id.as_str()) else {
            continue;
        };
        let here = selected == Some(row);
        if here {
            selected_line = Some(lines.len());
        }
        let done = d.tasks.iter().filter(|t| t.done_on.is_some()).count();
        let late = d
            .tasks
            .iter()
            .filter(|t| t.done_on.is_none() && d.task_due(t) < app.today)
            .count();
        let late = if late > 0 {
            format!(", {late} LATE")
        } else {
            String::new()
        };
        lines.push(Line::styled(
            format!(
                "{} {} · last day {} · {done} of {} tasks done{late}",
                if here { "›" } else { " " },
                safe_line(&app.name(d.person.as_str())),
                d.last_day,
                d.tasks.len()
            ),
            if here { theme.selected } else { theme.title },
        ));
        // `mark` is told the lines of this departure so far: where the selected one falls.
        let mut within = None;
        let mut mark = |item: &RetentionItem, mine: &Vec<Line<'static>>| {
            let here = selected == Some(&DepartureRow::Item(item.clone()));
            if here {
                within = Some(mine.len());
                ("›", theme.selected)
            } else {
                (" ", theme.text)
            }
        };
        let mut mine = departure_lines(app, theme, d, &mut mark, false);
        if let Some(at) = within {
            selected_line = Some(lines.len() + at);
        }
        lines.append(&mut mine);
        lines.push(Line::raw(""));
    }
    // The scroll counts screen rows: the selected line's row is the rows of the lines before
    // it once they are wrapped.
    let (lines, selected) = super::fit::wrap_following(&lines, inner.width, selected_line);
    let height = usize::from(inner.height);
    let scroll = selected.map_or(0, |(row, _)| row.saturating_sub(height.saturating_sub(3)));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}
