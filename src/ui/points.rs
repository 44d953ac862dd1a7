//! Team view: the points ranking per team over a period (this month, quarter, year or all time),
//! with the next threshold and when it is reached. On a narrow screen the columns that matter
//! least go first (level, then threshold); a name or a team too long for its column ends in `…`.
//! While presenting, rank, points and when the threshold is reached are hidden, and the rows go
//! by team and name ([`App::shown_standings`]).

use super::fit::{Column, columns, cut, widest};
use super::theme::Theme;
use super::widgets::{HIDDEN, block};
use crate::app::App;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row, Table, TableState};

const HEADINGS: [&str; 8] = [
    "Team",
    "Rank",
    "Name",
    "Points",
    "Level",
    "Next level",
    "Threshold",
    "When reached",
];

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let standings = app.shown_standings();
    // Only the rows that fit are built (the block's borders and the header take three).
    let height = usize::from(area.height.saturating_sub(3));
    let offset = super::roster::scroll(app.list_offset.get(), app.item, height, standings.len());
    app.list_offset.set(offset);
    let shown = &standings[offset..(offset + height).min(standings.len())];
    let cells: Vec<[String; 8]> = shown
        .iter()
        .map(|s| {
            [
                safe_line(&s.team).into_owned(),
                // Ranking people who have no points yet says nothing.
                match (app.presenting, s.points > 0) {
                    (true, _) => HIDDEN.to_string(),
                    (false, true) => format!("#{}", s.rank),
                    (false, false) => "–".to_string(),
                },
                safe_line(&s.name).into_owned(),
                match app.presenting {
                    true => HIDDEN.to_string(),
                    false => s.points.to_string(),
                },
                safe_line(&s.level).into_owned(),
                s.next_level
                    .as_deref()
                    .map(|l| safe_line(l).into_owned())
                    .unwrap_or_default(),
                s.threshold.map(|t| t.to_string()).unwrap_or_default(),
                match app.presenting {
                    true => HIDDEN.to_string(),
                    false => s.eta.short(),
                },
            ]
        })
        .collect();
    let want = |i: usize| widest(cells.iter().map(|c| c[i].as_str()).chain([HEADINGS[i]]));
    // (least, importance) of each column: the name, its points and rank matter most.
    let plan = [
        (12, 1),
        (4, 0),
        (14, 0),
        (6, 0),
        (6, 4),
        (12, 3),
        (9, 3),
        (12, 2),
    ];
    let spec: Vec<Column> = plan
        .iter()
        .enumerate()
        .map(|(i, &(min, rank))| Column {
            min,
            want: want(i).max(min),
            rank,
            wraps: false,
        })
        .collect();
    let inner_width = area.width.saturating_sub(2);
    let widths = columns(inner_width, &spec);
    let pick = |row: &[String; 8]| -> Vec<String> {
        row.iter()
            .zip(&widths)
            .filter_map(|(text, w)| w.map(|w| cut(text, usize::from(w))))
            .collect()
    };
    // A hidden cell is dim, as the marker is everywhere.
    let cell = |text: String| match text == HIDDEN {
        true => Cell::from(text).style(theme.dim),
        false => Cell::from(text),
    };
    let rows: Vec<Row> = cells
        .iter()
        .map(|c| Row::new(pick(c).into_iter().map(cell)))
        .collect();
    let table = Table::new(
        rows,
        widths.iter().flatten().map(|w| Constraint::Length(*w)),
    )
    .header(Row::new(pick(&HEADINGS.map(String::from))).style(theme.dim))
    .row_highlight_style(theme.selected)
    .block(block(
        &format!(
            "Points ranking · {} ({} changes the period{})",
            app.period.label(),
            app.key_for(
                crate::app::keymap::Mode::Browse,
                crate::app::action::Action::CyclePeriod
            ),
            // A viewer is not offered what they may not do.
            match app.read_only {
                Some(_) => String::new(),
                None => format!(
                    ", {} awards points",
                    app.key_for(
                        crate::app::keymap::Mode::Browse,
                        crate::app::action::Action::AwardPoints
                    )
                ),
            }
        ),
        area.width,
        app.overlay.is_none(),
        theme,
    ));
    let mut state = TableState::default().with_selected(Some(app.item.saturating_sub(offset)));
    frame.render_stateful_widget(table, area, &mut state);
}
