//! Team view: succession coverage. At the top the organisation's figures in a sentence, then a
//! bar per team for coverage and for bench strength, each with its number, then every key
//! position with its gap said in words and marked, not by colour alone; the last column says
//! why one is at risk, or, for one that is not, that its incumbent is leaving or on leave.
//!
//! ```text
//! ┌ Succession coverage ──────────────────────────────────────────────────┐
//! │50% covered: 4 of 8 key positions held, someone ready now · … │  summary
//! │Team        Coverage (ready now)        Bench strength (full at 2 …)   │  a bar per team
//! │Leadership  ███████▌░░  75% · 3 of 4    ██████████ 2.00                │
//! │            Position        Incumbent  Successors Why at risk          │  positions; the
//! │✗ at risk   Head of Data …  Raj Patel  0, 0 ready incumbent flagged    │  reason wraps
//! │                                                  high (…) and nobody  │
//! └───────────────────────────────────────────────────────────────────────┘
//! ```
//! As the screen narrows the columns that matter least go first (criticality, then team); the
//! mark, the position and why it is at risk stay. While presenting, why a position is at risk
//! is hidden: it names the incumbent's loudest flag, which may be their leaving stage.

use super::fit::{Column, columns, cut, wrap, wrap_text};
use super::theme::Theme;
use super::trend::bar;
use super::widgets::block;
use crate::app::App;
use crate::domain::insight::coverage::{PositionCover, Rollup};
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

/// Bench strength that fills its bar: the practice, one or two backups for every key position.
const FULL_BENCH: f64 = 2.0;
const BAR: usize = 10;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let cover = &app.derived.coverage;
    let org = &cover.organisation;
    let outer = block(
        "Succession coverage",
        area.width,
        app.overlay.is_none(),
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if org.positions == 0 && !app.loading {
        // Nothing to cover yet: say what a key position is and how one is added, by the keys
        // as bound; a viewer, who adds nothing, is told only what they would see.
        use crate::app::{action::Action, keymap::Mode};
        let how = match app.read_only {
            Some(_) => "None is in your scope yet.".to_string(),
            None => format!(
                "Select its incumbent in People ({}) and press {} to add one, then {} to name \
                 successors; or import them: crewdeck import succession FILE.",
                app.key_for(Mode::Browse, Action::ViewPeople),
                app.key_for(Mode::Browse, Action::NewPosition),
                app.key_for(Mode::Browse, Action::AddSuccessor),
            ),
        };
        let message = [
            Line::styled("No key positions yet.", theme.title),
            Line::raw(""),
            Line::raw(format!(
                "A key position is a role the organisation cannot leave empty. {how}"
            )),
        ];
        frame.render_widget(Paragraph::new(wrap(&message, inner.width)), inner);
        return;
    }
    let summary = wrap(
        &[Line::from(vec![
            Span::styled(format!("{}% covered", org.coverage_pct), theme.title),
            Span::raw(format!(
                ": {} of {} key positions held, with someone ready now · bench strength {:.2} · {} at risk · {} without a successor",
                org.covered, org.positions, org.bench_strength, org.at_risk, org.without_successor
            )),
        ])],
        inner.width,
    );
    let below = inner.height.saturating_sub(summary.len() as u16);
    // The teams take at most a third of what is left; the positions matter more.
    let team_rows = (cover.teams.len() as u16 + 1).min(below / 3);
    let [summary_area, teams_area, table_area] = Layout::vertical([
        Constraint::Length(summary.len() as u16),
        Constraint::Length(team_rows),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(summary), summary_area);
    frame.render_widget(
        Paragraph::new(team_lines(app, theme, teams_area)),
        teams_area,
    );
    positions(app, theme, frame, table_area);
}

/// A line per team, under a heading: coverage and bench strength as bars, each with its number.
fn team_lines(app: &App, theme: &Theme, area: Rect) -> Vec<Line<'static>> {
    let teams = &app.derived.coverage.teams;
    let rows = usize::from(area.height);
    if rows == 0 {
        return Vec::new();
    }
    let name_width = super::fit::widest(teams.keys().map(String::as_str)).clamp(4, 18);
    let name_width = usize::from(name_width);
    // The bench's heading in full where it fits, else in short: cut, it lost what "full" is.
    let bench = format!("Bench strength (full at {FULL_BENCH} backups)");
    let room = usize::from(area.width).saturating_sub(name_width + 2 + 28);
    let bench = match bench.width() <= room {
        true => bench,
        false => format!("Bench (full at {FULL_BENCH})"),
    };
    let mut lines = vec![Line::styled(
        format!(
            "{}  {:<27} {bench}",
            super::fit::pad("Team", name_width),
            "Coverage (ready now)"
        ),
        theme.dim,
    )];
    // When not every team fits, the last line says how many more there are.
    let room = rows - 1;
    let fits = teams.len() <= room;
    let shown = if fits { room } else { room.saturating_sub(1) };
    for (team, r) in teams.iter().take(shown) {
        lines.push(team_line(
            &cut(&safe_line(team), name_width),
            name_width,
            r,
            theme,
        ));
    }
    if !fits && room > 0 {
        lines.push(Line::styled(
            format!(
                "…and {} more teams (crewdeck coverage lists them all)",
                teams.len() - shown
            ),
            theme.dim,
        ));
    }
    lines
}

fn team_line(name: &str, width: usize, r: &Rollup, theme: &Theme) -> Line<'static> {
    let style = if r.covered == r.positions {
        theme.good
    } else if r.covered == 0 {
        theme.bad
    } else {
        theme.warn
    };
    Line::from(vec![
        Span::raw(format!("{}  ", super::fit::pad(name, width))),
        Span::styled(bar(r.coverage_pct, 100.0, BAR), style),
        Span::raw(format!(
            " {:>5} · {} of {:<3}   ",
            format!("{}%", r.coverage_pct),
            r.covered,
            r.positions
        )),
        Span::styled(bar(r.bench_strength, FULL_BENCH, BAR), theme.title),
        Span::raw(format!(" {:.2}", r.bench_strength)),
    ])
}

const HEADINGS: [&str; 7] = [
    "",
    "Position",
    "Team",
    "Critical",
    "Incumbent",
    "Successors",
    "Why at risk",
];

/// For a position not at risk, that its incumbent is away, as the roster says it ("leaving
/// 12-21", "on leave"): covered today, it is covered by a successor alone from their last day.
fn incumbent_away(app: &App, p: &PositionCover) -> String {
    (p.incumbent.as_deref())
        .and_then(|id| app.org.people.get(id))
        .and_then(super::roster::status_note)
        .map_or(String::new(), |note| format!("incumbent {note}"))
}

/// Every key position; the reason one is at risk wraps in its column.
fn positions(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let cover = &app.derived.coverage;
    // Only the rows that fit are built (the header takes a line).
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let offset = super::roster::scroll(
        app.list_offset.get(),
        app.item,
        height,
        cover.positions.len(),
    );
    app.list_offset.set(offset);
    let shown: Vec<&PositionCover> = cover.positions.iter().skip(offset).take(height).collect();
    let texts: Vec<[String; 7]> = shown
        .iter()
        .map(|p| {
            [
                mark(p, theme).0.to_string(),
                safe_line(&p.title).into_owned(),
                safe_line(&p.team).into_owned(),
                p.criticality.clone(),
                p.incumbent_name
                    .as_deref()
                    .map_or("(vacant)".into(), |n| safe_line(n).into_owned()),
                format!("{}, {} ready", p.successors, p.ready_now),
                match (&p.at_risk, app.presenting) {
                    (Some(_), true) => super::widgets::HIDDEN.to_string(),
                    (Some(why), false) => safe_line(why).into_owned(),
                    (None, _) => incumbent_away(app, p),
                },
            ]
        })
        .collect();
    let want = |i: usize| super::fit::widest(texts.iter().map(|t| t[i].as_str()));
    // (least, importance): the mark, the position and why it is at risk stay longest.
    let plan = [(14, 0), (16, 0), (10, 3), (8, 4), (12, 2), (10, 1), (16, 0)];
    let spec: Vec<Column> = plan
        .iter()
        .enumerate()
        .map(|(i, &(min, rank))| Column {
            min,
            want: want(i).max(min).max(HEADINGS[i].len() as u16),
            rank,
            wraps: i == 6,
        })
        .collect();
    let widths = columns(area.width, &spec);
    let rows: Vec<Row> = shown
        .iter()
        .zip(&texts)
        .map(|(p, text)| {
            let (_, style) = mark(p, theme);
            let mut height = 1;
            let cells: Vec<Cell> = text
                .iter()
                .zip(&widths)
                .enumerate()
                .filter_map(|(i, (t, w))| w.map(|w| (i, t, usize::from(w))))
                .map(|(i, t, w)| match i {
                    0 => Cell::from(Span::styled(t.clone(), style)),
                    6 => {
                        let lines = wrap_text(t, w);
                        height = height.max(lines.len());
                        Cell::from(Text::from(
                            lines.into_iter().map(Line::from).collect::<Vec<_>>(),
                        ))
                    }
                    _ => Cell::from(cut(t, w)),
                })
                .collect();
            Row::new(cells).height(height as u16)
        })
        .collect();
    let header: Vec<&str> = HEADINGS
        .iter()
        .zip(&widths)
        .filter_map(|(h, w)| w.map(|_| *h))
        .collect();
    let table = Table::new(
        rows,
        widths.iter().flatten().map(|w| Constraint::Length(*w)),
    )
    .header(Row::new(header).style(theme.dim))
    .row_highlight_style(theme.selected);
    let mut state = TableState::default().with_selected(Some(app.item.saturating_sub(offset)));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The position's state in words, with a glyph that reads without colour.
fn mark(p: &PositionCover, theme: &Theme) -> (&'static str, ratatui::style::Style) {
    match (p.successors, p.ready_now, &p.at_risk) {
        (_, _, Some(_)) => ("✗ at risk", theme.bad),
        _ if p.incumbent.is_none() => ("✗ vacant", theme.bad),
        (0, _, _) => ("✗ no successor", theme.bad),
        (_, 0, _) => ("△ none ready", theme.warn),
        _ => ("✓ covered", theme.good),
    }
}
