//! Team view: succession coverage of every key position, gaps said in words and marked, not by
//! colour alone.

use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let cover = &app.derived.coverage;
    let org = &cover.organisation;
    let outer = block("Succession coverage", app.overlay.is_none(), theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [summary, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(format!("{}% covered", org.coverage_pct), theme.title),
                Span::raw(format!(
                    ": {} of {} key positions have someone ready now · bench strength {:.2} · {} at risk · {} without a successor",
                    org.covered, org.positions, org.bench_strength, org.at_risk, org.without_successor
                )),
            ]),
            Line::styled("Enter opens the incumbent · the practice: one or two backups for every key position", theme.dim),
        ]),
        summary,
    );
    // Only the rows that fit are built (the header takes a line, and on a narrow screen the
    // reason a position is at risk another).
    let chrome = if table_area.width >= 110 { 1 } else { 2 };
    let height = usize::from(table_area.height.saturating_sub(chrome)).max(1);
    let offset = super::roster::scroll(
        app.list_offset.get(),
        app.item,
        height,
        cover.positions.len(),
    );
    app.list_offset.set(offset);
    let rows: Vec<Row> = cover
        .positions
        .iter()
        .skip(offset)
        .take(height)
        .map(|p| {
            let (mark, style) = match (p.successors, p.ready_now, &p.at_risk) {
                (_, _, Some(_)) => ("✗ at risk", theme.bad),
                _ if p.incumbent.is_none() => ("✗ vacant", theme.bad),
                (0, _, _) => ("✗ no successor", theme.bad),
                (_, 0, _) => ("△ none ready", theme.warn),
                _ => ("✓ covered", theme.good),
            };
            Row::new(vec![
                Cell::from(Span::styled(mark, style)),
                Cell::from(safe_line(&p.title).into_owned()),
                Cell::from(safe_line(&p.team).into_owned()),
                Cell::from(p.criticality.clone()),
                Cell::from(
                    p.incumbent_name
                        .as_deref()
                        .map_or("(vacant)".into(), |n| safe_line(n).into_owned()),
                ),
                Cell::from(format!("{}, {} ready", p.successors, p.ready_now)),
                Cell::from(p.at_risk.clone().unwrap_or_default()),
            ])
        })
        .collect();
    // The reason a position is at risk needs room; on a narrow screen it goes below the table.
    let wide = table_area.width >= 110;
    let mut widths = vec![
        Constraint::Length(15),
        Constraint::Min(14),
        Constraint::Length(11),
        Constraint::Length(8),
        Constraint::Length(14),
        Constraint::Length(10),
    ];
    if wide {
        widths.push(Constraint::Min(10));
    }
    let [table_area, reason_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(if wide { 0 } else { 1 }),
    ])
    .areas(table_area);
    let selected_reason = cover
        .positions
        .get(app.item)
        .and_then(|p| p.at_risk.as_ref());
    if let (false, Some(reason)) = (wide, selected_reason) {
        frame.render_widget(
            Line::styled(format!("At risk: {}", safe_line(reason)), theme.bad),
            reason_area,
        );
    }
    let table = Table::new(rows, widths)
        .header(
            Row::new([
                "",
                "Position",
                "Team",
                "Critical",
                "Incumbent",
                "Successors",
                "Why at risk",
            ])
            .style(theme.dim),
        )
        .row_highlight_style(theme.selected);
    let mut state = TableState::default().with_selected(Some(app.item.saturating_sub(offset)));
    frame.render_stateful_widget(table, table_area, &mut state);
}
