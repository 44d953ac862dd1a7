//! Team view: the 9-box grid of performance × potential from the latest assessments.

use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::domain::assessment::Band;
use crate::domain::insight::talent::NineBox;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let outer = block(
        "9-box · left to right: performance low → high · top to bottom: potential high → low",
        app.overlay.is_none(),
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let rows = Layout::vertical([Constraint::Ratio(1, 3); 3]).split(inner);
    let bands = [Band::High, Band::Medium, Band::Low];
    for (r, potential) in bands.iter().enumerate() {
        let cols = Layout::horizontal([Constraint::Ratio(1, 3); 3]).split(rows[r]);
        for (c, performance) in bands.iter().rev().enumerate() {
            let cell = NineBox {
                performance: *performance,
                potential: *potential,
            };
            let names: &[crate::domain::Text] = app
                .derived
                .nine_box
                .get(&cell)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let title = format!("{} · {}", cell.name(), names.len());
            // One name a line, never broken; what does not fit is counted, not hidden.
            let room = usize::from(cols[c].height.saturating_sub(2)).max(1);
            let mut text: Vec<Line> = names
                .iter()
                .take(room)
                .map(|n| Line::raw(safe_line(n).into_owned()))
                .collect();
            if names.len() > room {
                text.pop();
                text.push(Line::styled(
                    format!("… and {} more", names.len() - room + 1),
                    theme.dim,
                ));
            }
            frame.render_widget(
                Paragraph::new(text).block(block(&title, false, theme)),
                cols[c],
            );
        }
    }
}
