//! Drawing: reads the [`App`] and the [`Theme`], changes nothing but the scroll offsets kept for
//! a calm screen. One file per pane.
//!
//! ```text
//! ┌ crewdeck ── People  Coverage  Flags  9-box  Points ─────────── user · date ┐  header
//! ├──────────────────────────┬──────────────────────────────────────────────────┤
//! │ roster                   │ person: Profile Coaching Plan Succession Flags   │  body
//! │  (org tree or list)      │  (or a team view across the whole body,          │
//! │                          │   or the form being filled in)                   │
//! ├──────────────────────────┴──────────────────────────────────────────────────┤
//! │ status, or the keys that matter now                                          │  hint bar
//! └──────────────────────────────────────────────────────────────────────────────┘
//! ```
//! Overlays (help, finder, palette) are drawn over the body.

mod coverage;
mod departures;
mod fit;
mod flags;
mod form;
mod hints;
mod ladder;
mod nine_box;
mod overlay;
pub(crate) mod person;
mod points;
mod roster;
pub mod theme;
pub mod widgets;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod wide_tests;

use crate::app::{App, View};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use theme::Theme;

/// Below this the screen only says it is too small.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, theme, frame, area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, theme, frame, header);
    if app.form.is_some() {
        form::render(app, theme, frame, body);
    } else {
        match app.view {
            View::People => {
                let [left, right] =
                    Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)])
                        .areas(body);
                roster::render(app, theme, frame, left);
                person::render(app, theme, frame, right);
            }
            _ if app.loading => {
                let text = Line::styled("Reading the records…", theme.dim);
                let outer = widgets::block(app.view.title(), false, theme);
                frame.render_widget(Paragraph::new(text).block(outer), body);
            }
            View::Coverage => coverage::render(app, theme, frame, body),
            View::Flags => flags::render(app, theme, frame, body),
            View::NineBox => nine_box::render(app, theme, frame, body),
            View::Points => points::render(app, theme, frame, body),
            View::Ladder => ladder::render(app, theme, frame, body),
            View::Departures => departures::render(app, theme, frame, body),
        }
    }
    if app.overlay.is_some() {
        overlay::render(app, theme, frame, body);
    }
    hints::render(app, theme, frame, footer);
}

fn too_small(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    // A question (quitting with a draft only in memory) is asked whatever the size.
    if let Some(crate::app::Overlay::Confirm { question, .. }) = &app.overlay {
        frame.render_widget(
            Paragraph::new(fit::wrap(
                &[
                    Line::styled(question.as_str(), theme.key),
                    Line::styled("y: yes · any other key: no", theme.dim),
                ],
                area.width,
            )),
            area,
        );
        return;
    }
    let text = vec![
        Line::styled("Window too small", theme.title),
        Line::styled(
            format!("crewdeck needs {MIN_WIDTH}×{MIN_HEIGHT}"),
            theme.dim,
        ),
        Line::styled(
            format!("this one is {}×{}", area.width, area.height),
            theme.dim,
        ),
    ];
    frame.render_widget(Paragraph::new(fit::wrap(&text, area.width)), area);
}

fn render_header(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    use unicode_width::UnicodeWidthStr;
    let reading = if app.loading {
        "reading the records… · "
    } else if app.derived_behind() {
        "updating the flags… · "
    } else {
        ""
    };
    let right = format!(
        "{reading}{} · {} ",
        crate::text::safe_line(&app.actor),
        app.today
    );
    // The widest that fits: the name and every view's title, then without the name, then the
    // views by number and first letters. The user and the day always show.
    let views = |short: bool| -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for (i, view) in View::ALL.iter().enumerate() {
            let style = if *view == app.view {
                theme.tab_active
            } else {
                theme.tab
            };
            let title = if short {
                view.short_title()
            } else {
                view.title()
            };
            spans.push(Span::styled(format!("{} {title}", i + 1), style));
            spans.push(Span::raw(if short { " " } else { "  " }));
        }
        spans
    };
    let title = || vec![Span::styled(" crewdeck ", theme.title), Span::raw(" ")];
    let room = usize::from(area.width).saturating_sub(right.width());
    let width = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    let mut spans = [title(), views(false)].concat();
    if width(&spans) > room {
        spans = [vec![Span::raw(" ")], views(false)].concat();
    }
    if width(&spans) > room {
        spans = [vec![Span::raw(" ")], views(true)].concat();
    }
    let gap = room.saturating_sub(width(&spans));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(right, theme.dim));
    frame.render_widget(Line::from(spans), area);
}
