//! Small pieces the panes share: the severity marker, the row markers, the plan gauge, and a
//! bordered block that shows where the keys go.

use super::theme::Theme;
use crate::app::App;
use crate::domain::flag::Severity;
use crate::domain::pip::Rating;
use crate::text::safe_line;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

/// A block with a title; a focused one has a heavier, coloured border.
pub fn block<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
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
        .title(Span::styled(format!(" {} ", safe_line(title)), theme.title))
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
pub fn person_markers(app: &App, id: &str, theme: &Theme) -> Vec<Span<'static>> {
    let loudest = app
        .derived
        .person_flags(id)
        .filter(|f| f.quiet.is_none())
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
        .saturating_sub(label.chars().count() + percent.len() + 2)
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
