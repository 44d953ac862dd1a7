//! Small pieces the panes share: the severity marker, the row markers, the plan gauge, a
//! bordered block that shows where the keys go, the clearing under a window drawn over the
//! panes, and the one marker presenter mode draws in place of what it hides.

use super::theme::Theme;
use crate::app::App;
use crate::domain::flag::Severity;
use crate::domain::pip::Rating;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear};
use unicode_width::UnicodeWidthStr;

/// What presenter mode shows in place of anything it hides, the same everywhere (defined with
/// the rules of what is hidden, in [`crate::app::presenter`]).
pub use crate::app::presenter::HIDDEN;

/// [`HIDDEN`] as drawn: dim, so it reads as a gap rather than as data.
pub fn hidden(theme: &Theme) -> Span<'static> {
    Span::styled(HIDDEN, theme.dim)
}

/// A labelled line whose value is hidden: `label` as it is, then [`HIDDEN`].
pub fn hidden_line(label: impl Into<String>, theme: &Theme) -> Line<'static> {
    Line::from(vec![Span::styled(label.into(), theme.dim), hidden(theme)])
}

/// A pane's box, `width` cells wide, titled `title`; a focused one has a heavier, coloured
/// border. A title longer than the box ends with `…` rather than being cut by the corner.
pub fn block<'a>(title: &str, width: u16, focused: bool, theme: &Theme) -> Block<'a> {
    // Two corners and a space either side of the title.
    let room = usize::from(width.saturating_sub(4));
    let title = super::fit::cut(&safe_line(title), room);
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(format!(" {title} "), theme.title))
}

/// Clears `area` for a window drawn over the panes (the finder, help, the palette, a question).
///
/// A wide character just left of the area still covers its first column: the terminal draws it
/// two cells wide, and ratatui, which sends nothing for the cell a wide character covers, then
/// never sends the window's left border there, so the border and its corner are missing
/// (ratatui issue 2526, still open in 0.30.2; `Clear` only resets the cells inside the area).
/// Such a character becomes a space. One cut by the right edge needs nothing: its left half is
/// inside the area and cleared, and the terminal blanks the half it leaves.
pub fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let buffer = frame.buffer_mut();
    let area = area.intersection(buffer.area);
    if area.is_empty() || area.x == buffer.area.x {
        return;
    }
    for y in area.top()..area.bottom() {
        let cell = &mut buffer[(area.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// Two cells that say a severity without colour: `!!` critical, `!` high, `•` watch, `·` info.
pub fn severity_marker(severity: Severity, theme: &Theme) -> Span<'static> {
    let (text, style) = match severity {
        Severity::Critical => ("!!", theme.critical),
        Severity::High => ("! ", theme.high),
        Severity::Watch => ("• ", theme.watch),
        Severity::Info => ("· ", theme.info),
    };
    Span::styled(text, style)
}

pub fn severity_style(severity: Severity, theme: &Theme) -> Style {
    match severity {
        Severity::Critical => theme.critical,
        Severity::High => theme.high,
        Severity::Watch => theme.watch,
        Severity::Info => theme.info,
    }
}

/// The markers after a name in the roster, five cells wide: the loudest open flag, `★` key
/// employee, `P` on an improvement plan, and `S` when a position they hold has no successor.
/// While presenting, a leaving-stage flag is not counted: its severity would say the stage.
pub fn person_markers(app: &App, id: &str, theme: &Theme) -> Vec<Span<'static>> {
    let loudest = app
        .derived
        .person_flags(id)
        .filter(|f| f.quiet.is_none())
        .filter(|f| !app.presenting || crate::app::presenter::severity_shown(f))
        .map(|f| f.severity)
        .max();
    let key = app.org.people.get(id).is_some_and(|p| p.is_key());
    let on_plan = app.derived.on_plan.contains(id);
    let uncovered = app.derived.uncovered.contains(id);
    let draft = crate::app::form::drafts_about(&app.drafts, id)
        .next()
        .is_some();
    vec![
        match loudest {
            Some(severity) => severity_marker(severity, theme),
            None => Span::raw("  "),
        },
        // An absent marker is a plain space: a styled one would show in reverse-video themes.
        marker(key, "★", theme.title),
        marker(on_plan, "P", theme.warn),
        marker(uncovered, "S", theme.bad),
        marker(draft, "✎", theme.key),
    ]
}

fn marker(on: bool, text: &'static str, style: Style) -> Span<'static> {
    if on {
        Span::styled(text, style)
    } else {
        Span::raw(" ")
    }
}

pub fn rating_style(rating: Rating, theme: &Theme) -> Style {
    match rating {
        Rating::OnTrack => theme.good,
        Rating::AtRisk => theme.warn,
        Rating::OffTrack => theme.bad,
    }
}

pub fn rating_label(rating: Rating) -> &'static str {
    match rating {
        Rating::OnTrack => "on track",
        Rating::AtRisk => "at risk",
        Rating::OffTrack => "off track",
    }
}

/// A text gauge: `[██████░░░░] 60%`, as wide as `width` cells, readable without colour.
pub fn gauge(label: &str, share: f64, width: u16, style: Style) -> Line<'static> {
    let share = share.clamp(0.0, 1.0);
    let percent = format!(" {:>3.0}%", share * 100.0);
    let label = format!("{label} ");
    let bar = usize::from(width)
        .saturating_sub(label.width() + percent.width() + 2)
        .max(1);
    let filled = (share * bar as f64).round() as usize;
    Line::from(vec![
        Span::raw(label),
        Span::raw("["),
        Span::styled("█".repeat(filled), style),
        Span::raw("░".repeat(bar - filled)),
        Span::raw("]"),
        Span::raw(percent),
    ])
}

/// The nine cells of a 9-box laid over `area`, each with the box it shows: potential from high
/// (top row) to low, performance from low (left) to high.
pub fn nine_box_cells(area: Rect) -> Vec<(crate::domain::insight::talent::NineBox, Rect)> {
    use crate::domain::assessment::Band;
    use ratatui::layout::{Constraint, Layout};
    let rows = Layout::vertical([Constraint::Ratio(1, 3); 3]).split(area);
    let mut cells = Vec::with_capacity(9);
    for (row, potential) in [Band::High, Band::Medium, Band::Low]
        .into_iter()
        .enumerate()
    {
        let cols = Layout::horizontal([Constraint::Ratio(1, 3); 3]).split(rows[row]);
        for (col, performance) in [Band::Low, Band::Medium, Band::High]
            .into_iter()
            .enumerate()
        {
            let cell = crate::domain::insight::talent::NineBox {
                performance,
                potential,
            };
            cells.push((cell, cols[col]));
        }
    }
    cells
}
