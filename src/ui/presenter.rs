//! The banner across the top while presenter mode is on: it says what is hidden and which key
//! shows it, in the longest wording the width takes. Drawn in the key style reversed, so it
//! follows the theme (the 16 colours, dark or light) and stays visible under `NO_COLOR`, where
//! reverse and bold remain.

use super::theme::Theme;
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The words of the banner, longest first; the first that fits is shown. `{key}` is the
/// presenter key as the keymap has it.
const WORDINGS: [&str; 4] = [
    "PRESENTER MODE · notes, leaving stages, pay, plans, points and evidence hidden · {key} shows them",
    "PRESENTER MODE · notes, stages, pay, plans, points hidden · {key} shows them",
    "PRESENTER MODE · private records hidden · {key} shows them",
    "PRESENTER MODE · {key} shows all",
];

/// The banner's text for a row `width` cells wide.
pub fn text(width: u16, key: &str) -> String {
    let room = usize::from(width).saturating_sub(2);
    let wordings = WORDINGS.map(|w| w.replace("{key}", key));
    match wordings.iter().find(|w| w.width() <= room) {
        Some(words) => words.clone(),
        None => super::fit::cut(&wordings[WORDINGS.len() - 1], room),
    }
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let style = theme.key.add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let line = Line::from(text(area.width, &app.presenter_key()));
    frame.render_widget(
        Paragraph::new(line)
            .style(style)
            .alignment(Alignment::Center),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_says_the_most_that_fits() {
        assert!(text(120, "B").ends_with("plans, points and evidence hidden · B shows them"));
        let narrow = text(79, "B");
        assert!(narrow.width() <= 77, "{narrow}");
        assert!(narrow.starts_with("PRESENTER MODE") && narrow.ends_with("B shows them"));
        assert_eq!(text(40, "B"), "PRESENTER MODE · B shows all");
        assert!(text(20, "B").width() <= 18);
    }
}
