//! Trends and bars: drawn in glyphs that read the same in every theme and without colour, each
//! with its number beside it.

use super::theme::Theme;
use crate::app::App;
use crate::app::tests::{demo_app, press};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

/// The screen's text in `theme`, `no_color` or not.
fn text_in(app: &App, theme: &str, no_color: bool, width: u16, height: u16) -> String {
    let theme = Theme::load(theme, Path::new("/nonexistent"), no_color).expect("theme");
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| super::render(app, &theme, frame))
        .expect("draw");
    terminal.backend().to_string()
}

/// The same glyphs in every built-in theme and without colour: the meaning is not in colour.
fn same_in_every_theme(app: &App, width: u16, height: u16) -> String {
    let plain = text_in(app, "default", true, width, height);
    for theme in ["default", "light", "high-contrast"] {
        assert_eq!(text_in(app, theme, false, width, height), plain, "{theme}");
    }
    plain
}

#[test]
fn coverage_shows_a_bar_per_team_with_its_number_in_any_theme() {
    let mut app = demo_app();
    press(&mut app, "2");
    for (w, h) in [(120, 40), (80, 24)] {
        let screen = same_in_every_theme(&app, w, h);
        let leadership = screen
            .lines()
            .find(|l| l.contains("Leadership  "))
            .unwrap_or_default();
        // 3 of 4 ready now: three quarters of ten cells, then the rest of the scale.
        assert!(
            leadership.contains("███████▌░░   75% · 3 of 4"),
            "{leadership}"
        );
        // Two successors a position fills the bench bar.
        assert!(leadership.contains("██████████ 2.00"), "{leadership}");
        let data = screen
            .lines()
            .find(|l| l.contains("Data & AI   "))
            .unwrap_or_default();
        assert!(data.contains("░░░░░░░░░░    0% · 0 of 1"), "{data}");
    }
}

#[test]
fn the_profile_shows_trends_over_quarters_and_months_with_their_numbers() {
    let mut app = demo_app();
    press(&mut app, "/ l i w e i enter");
    let screen = same_in_every_theme(&app, 120, 40);
    // Engagement 84, 76, 58 over 2026Q1 to Q3; ability 5, 5, 4; no KPI figure recorded.
    for expected in [
        "Trend 2026Q1 → 2026Q3",
        "Engagement     ▇▆▅  58 of 100",
        "KPI attainment ···  none recorded",
        "Ability        ██▆  4 of 5",
        "Contribution   █▆▆  4 of 5",
        "Influence      ▆▆▆  4 of 5",
        "Last 6 months  ▁█▁▂▁▁  +120 in all, +0 this month",
    ] {
        assert!(screen.contains(expected), "{expected}\n{screen}");
    }
}
