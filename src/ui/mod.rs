//! Drawing: reads the [`App`] and the [`Theme`], changes nothing but the scroll offsets kept for
//! a calm screen. One file per pane.
//!
//! ```text
//! │        PRESENTER MODE · notes, … hidden · B shows them (while presenting)   │  banner
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

mod calibration;
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
mod presenter;
mod roster;
pub mod theme;
mod trend;
pub mod widgets;

#[cfg(test)]
mod presenter_tests;
#[cfg(test)]
mod served_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trend_tests;
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
/// Below this a form cannot show a field with what is typed in it, its hint and its problems:
/// it says so and ignores typing (see [`form::too_small`]).
pub const FORM_MIN_WIDTH: u16 = 50;
pub const FORM_MIN_HEIGHT: u16 = 16;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) {
    let mut area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, theme, frame, area);
        return;
    }
    if app.presenting {
        let [banner, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        presenter::render(app, theme, frame, banner);
        area = rest;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, theme, frame, header);
    if app.form.is_some() && (area.width < FORM_MIN_WIDTH || area.height < FORM_MIN_HEIGHT) {
        form::too_small(app, theme, frame, body);
    } else if app.form.is_some() {
        form::render(app, theme, frame, body);
    } else {
        match app.view {
            // An empty database: its hint takes the whole width, so that the import command
            // it gives stays on one line to copy.
            View::People if app.org.people.is_empty() && !app.loading => {
                roster::render(app, theme, frame, body);
            }
            View::People => {
                let [left, right] =
                    Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)])
                        .areas(body);
                roster::render(app, theme, frame, left);
                person::render(app, theme, frame, right);
            }
            _ if app.loading => {
                let text = Line::styled("Reading the records…", theme.dim);
                let outer = widgets::block(app.view.title(), body.width, false, theme);
                frame.render_widget(Paragraph::new(text).block(outer), body);
            }
            View::Coverage => coverage::render(app, theme, frame, body),
            View::Flags => flags::render(app, theme, frame, body),
            View::NineBox => nine_box::render(app, theme, frame, body),
            View::Points => points::render(app, theme, frame, body),
            View::Ladder => ladder::render(app, theme, frame, body),
            View::Departures => departures::render(app, theme, frame, body),
            View::Calibration => calibration::render(app, theme, frame, body),
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

/// The header: crewdeck's name, the views with the one shown marked, and on the right who is
/// working and the day. The widest that fits: the name and every view's title, then without
/// crewdeck's name, then the views' short titles, then only their numbers. The user and the day
/// always show, the day whole: a long user name is cut, with `…`, to what is left.
fn render_header(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    use unicode_width::UnicodeWidthStr;
    /// What a user name is given, at least, before the views go.
    const NAME_ROOM: usize = 6;
    let reading = if app.loading {
        "reading the records… · "
    } else if app.derived_behind() {
        "updating the flags… · "
    } else {
        ""
    };
    let name = crate::text::safe_line(&app.actor);
    let day = match (app.offline, &app.read_only) {
        (true, Some(_)) => format!(" · reconnecting… · read only · {} ", app.today),
        (true, None) => format!(" · reconnecting… · {} ", app.today),
        (false, Some(_)) => format!(" · read only · {} ", app.today),
        (false, None) => format!(" · {} ", app.today),
    };
    let width = usize::from(area.width);
    let title = vec![Span::styled(" crewdeck ", theme.title), Span::raw(" ")];
    let lead = || vec![Span::raw(" ")];
    // The views named in short go before the date does (at 80 columns), and the date before
    // the views are only numbered. The state (reconnecting, read only) always stays.
    let no_day = day.replace(&format!(" · {} ", app.today), " ");
    let variants = [
        ([title, views(app, theme, Titles::Full)].concat(), &day),
        ([lead(), views(app, theme, Titles::Full)].concat(), &day),
        ([lead(), views(app, theme, Titles::Short)].concat(), &day),
        ([lead(), views(app, theme, Titles::Short)].concat(), &no_day),
        ([lead(), views(app, theme, Titles::Numbers)].concat(), &day),
        (lead(), &day),
    ];
    let cells = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let room_beside = |(spans, day): &(Vec<Span>, &String)| {
        width.saturating_sub(cells(spans) + reading.width() + day.width())
    };
    // The views stay as long as the name can keep a few characters.
    let ((mut spans, day), name) = match variants[..5]
        .iter()
        .find(|left| room_beside(left) >= name.width())
    {
        Some(left) => (left.clone(), name.into_owned()),
        None => {
            // A name cut short keeps the date whole (tests/cases/screen).
            let left = [&variants[2], &variants[4]]
                .into_iter()
                .find(|left| room_beside(left) >= NAME_ROOM)
                .unwrap_or(&variants[5]);
            (left.clone(), fit::cut(&name, room_beside(left)))
        }
    };
    let right = format!("{reading}{name}{day}");
    let gap = width.saturating_sub(cells(&spans) + right.width());
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(right, theme.dim));
    frame.render_widget(Line::from(spans), area);
}

/// How the views are named in the header.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Titles {
    Full,
    Short,
    /// Numbers, and the short title of the view shown.
    Numbers,
}

/// The views, numbered, the one shown marked.
fn views(app: &App, theme: &Theme, titles: Titles) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, view) in View::ALL.iter().enumerate() {
        let shown = *view == app.view;
        let style = if shown { theme.tab_active } else { theme.tab };
        let text = match titles {
            Titles::Full => format!("{} {}", i + 1, view.title()),
            Titles::Numbers if !shown => (i + 1).to_string(),
            Titles::Short | Titles::Numbers => format!("{} {}", i + 1, view.short_title()),
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(if titles == Titles::Full { "  " } else { " " }));
    }
    spans
}
