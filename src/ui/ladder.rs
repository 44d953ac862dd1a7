//! Team view: both career ladders, level by level with the points threshold and criteria, and
//! everyone in scope at each level with their points and the way to the next threshold, as a
//! bar and a number (it reads without colour). While presenting, each person's points and way
//! to the next threshold are hidden, and people are listed by name (`App::refresh_ladder`).

use super::fit::{cut, pad};
use super::roster::scroll;
use super::theme::Theme;
use super::widgets::{HIDDEN, block};
use crate::app::App;
use crate::app::ladder::LadderRow;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let outer = block(
        "Career ladders · management and professional · where each person stands",
        area.width,
        app.overlay.is_none(),
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let rows = &app.ladder_rows;
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No career ladder yet: crewdeck config ladders FILE loads them",
                theme.dim,
            )),
            inner,
        );
        return;
    }
    let height = usize::from(inner.height).max(1);
    let offset = scroll(app.list_offset.get(), app.item, height, rows.len());
    app.list_offset.set(offset);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, row)| line(row, i == app.item, width, app.presenting, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn line(
    row: &LadderRow,
    selected: bool,
    width: usize,
    presenting: bool,
    theme: &Theme,
) -> Line<'static> {
    let mark = if selected { "›" } else { " " };
    let style = |base| if selected { theme.selected } else { base };
    match row {
        LadderRow::Ladder { name, track } => {
            // The track is said unless the ladder's name says it already.
            let track = match name.to_lowercase().contains(track) {
                true => String::new(),
                false => format!(" {}", track_label(track)),
            };
            Line::styled(
                cut(&format!("{mark}{}{track}", safe_line(name)), width),
                style(theme.title),
            )
        }
        LadderRow::Level {
            code,
            title,
            threshold,
            criteria,
            people,
        } => {
            let threshold =
                threshold.map_or(String::new(), |t| format!(" · promotion at {t} points"));
            let people = match people {
                1 => "1 person".to_string(),
                n => format!("{n} people"),
            };
            let criteria = match criteria.trim() {
                "" => String::new(),
                c => format!(" · {}", safe_line(c)),
            };
            let text = format!(
                "{mark} {} {}{threshold} · {people}{criteria}",
                safe_line(code),
                safe_line(title),
            );
            Line::styled(cut(&text, width), style(theme.key))
        }
        LadderRow::Person {
            name,
            team,
            points,
            next,
            ..
        } => {
            let progress = match next {
                Some((code, threshold)) => {
                    let share = (*points as f64 / f64::from((*threshold).max(1))).clamp(0.0, 1.0);
                    let filled = (share * 10.0).round() as usize;
                    format!(
                        " [{}{}] {:>3}% of {code} ({threshold})",
                        "█".repeat(filled),
                        "░".repeat(10 - filled),
                        (share * 100.0).round()
                    )
                }
                None => String::new(),
            };
            let head = format!("{mark}    {} · {}", safe_line(name), safe_line(team));
            let tail = match presenting {
                true => format!("  {HIDDEN}"),
                false => format!("  {points} points{progress}"),
            };
            let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(tail.as_str()));
            Line::from(vec![
                Span::styled(pad(&cut(&head, room), room), style(theme.text)),
                Span::styled(tail, style(theme.dim)),
            ])
        }
    }
}

fn track_label(track: &str) -> String {
    match track {
        "" => String::new(),
        t => format!("({t} track)"),
    }
}
