//! Team view: the points ranking per team over a period (this month, quarter, year or all time),
//! with the next threshold and when it is reached.

use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::domain::insight::points::Eta;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Row, Table, TableState};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let standings = app.visible_standings();
    // Only the rows that fit are built (the block's borders and the header take three).
    let height = usize::from(area.height.saturating_sub(3));
    let offset = super::roster::scroll(app.list_offset.get(), app.item, height, standings.len());
    app.list_offset.set(offset);
    let rows: Vec<Row> = standings[offset..(offset + height).min(standings.len())]
        .iter()
        .map(|s| {
            let eta = match &s.eta {
                Eta::Reached => "reached".to_string(),
                Eta::On(day) => day.to_string(),
                Eta::NotAtRecentRate => "not at recent rate".to_string(),
                Eta::NoThreshold => String::new(),
            };
            Row::new(vec![
                safe_line(&s.team).into_owned(),
                // Ranking people who have no points yet says nothing.
                if s.points > 0 {
                    format!("#{}", s.rank)
                } else {
                    "–".to_string()
                },
                safe_line(&s.name).into_owned(),
                s.points.to_string(),
                safe_line(&s.level).into_owned(),
                s.next_level
                    .as_deref()
                    .map(|l| safe_line(l).into_owned())
                    .unwrap_or_default(),
                s.threshold.map(|t| t.to_string()).unwrap_or_default(),
                eta,
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(16),
            Constraint::Length(4),
            Constraint::Min(14),
            Constraint::Length(7),
            Constraint::Length(6),
            Constraint::Min(14),
            Constraint::Length(9),
            Constraint::Length(18),
        ],
    )
    .header(
        Row::new([
            "Team",
            "Rank",
            "Name",
            "Points",
            "Level",
            "Next level",
            "Threshold",
            "Reached at recent rate",
        ])
        .style(theme.dim),
    )
    .row_highlight_style(theme.selected)
    .block(block(
        &format!(
            "Points ranking · {} ({} changes the period, m awards points)",
            app.period.label(),
            app.key_for(
                crate::app::keymap::Mode::Browse,
                crate::app::action::Action::CyclePeriod
            )
        ),
        app.overlay.is_none(),
        theme,
    ));
    let mut state = TableState::default().with_selected(Some(app.item.saturating_sub(offset)));
    frame.render_stateful_widget(table, area, &mut state);
}
