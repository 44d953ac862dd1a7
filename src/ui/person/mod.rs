//! The selected person: tabs for the profile and assessments, coaching (open actions carried
//! forward, then GROW notes), the improvement plan, succession, and flags.

mod coaching;
mod flags;
mod history;
mod plan;
mod profile;
pub(crate) mod retention;
mod succession;
mod trends;

use super::theme::Theme;
use super::widgets::block;
use crate::app::{App, Focus, Tab};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs};
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail && app.overlay.is_none();
    let Some(person) = app.shown_person() else {
        let outer = block("Person", area.width, false, theme);
        frame.render_widget(
            Paragraph::new(Line::styled("Select someone on the left", theme.dim)).block(outer),
            area,
        );
        return;
    };
    let outer = block(
        &format!("{} · {}", person.name, person.id),
        area.width,
        focused,
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let shown = tab_bar(usize::from(tabs_area.width), app.tab);
    let pad = if shown.padded { " " } else { "" };
    frame.render_widget(
        Tabs::new(shown.titles)
            .select(shown.selected)
            .style(theme.tab)
            .highlight_style(theme.tab_active)
            .padding(pad, pad)
            .divider("│"),
        tabs_area,
    );
    let (lines, selected_line) = match app.tab {
        _ if app.loading => (vec![Line::styled("Reading the records…", theme.dim)], None),
        // On a shared server a person's notes, assessments and ledger come when shown.
        _ if !app.person_read(person.id.as_str()) => {
            let reading = format!("Reading {}'s records…", person.name);
            (vec![Line::styled(reading, theme.dim)], None)
        }
        Tab::Profile => (profile::profile(app, theme, person), None),
        Tab::Coaching => coaching::coaching(app, theme, person, focused),
        Tab::Plan => plan::plan(app, theme, person, body.width, focused),
        Tab::Succession => succession::succession(app, theme, person, focused),
        Tab::Flags => flags::flags(app, theme, person, focused),
        Tab::Retention => retention::retention(app, theme, person, focused),
        Tab::History => (history::history(app, theme, person), None),
    };
    // Keep the selected item on screen, unless the page keys scrolled further. The scroll
    // counts screen rows: the lines are wrapped first, and the selected one followed.
    let (rows, selected) = super::fit::wrap_following(&lines, body.width, selected_line);
    let follow = selected.map_or(0, |(row, own)| {
        (row + own).saturating_sub(usize::from(body.height).saturating_sub(2))
    });
    app.detail_lines.set(rows.len());
    let scroll = if app.detail_scroll > 0 {
        app.detail_scroll.min(rows.len().saturating_sub(1))
    } else {
        follow
    };
    frame.render_widget(Paragraph::new(rows).scroll((scroll as u16, 0)), body);
}

/// "  none yet", with `hint` (the key that records one) for a user who may write.
pub(super) fn none_yet(app: &App, hint: &str, theme: &Theme) -> Line<'static> {
    match app.read_only {
        Some(_) => Line::styled("  none yet", theme.dim),
        None => Line::styled(format!("  none yet: {hint}"), theme.dim),
    }
}

pub(super) fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::styled(text.to_string(), theme.title)
}

pub(super) fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.dim),
        Span::raw(value),
    ])
}

/// Marks the selected item: `›` and the selection style.
pub(super) fn pick(selected: bool, theme: &Theme) -> (&'static str, ratatui::style::Style) {
    if selected {
        ("›", theme.selected)
    } else {
        (" ", theme.text)
    }
}

/// The tab bar as it fits a pane: which titles, which of them is the selected tab's, and
/// whether each has a space either side.
#[derive(Debug, PartialEq)]
struct TabBar {
    titles: Vec<&'static str>,
    selected: usize,
    padded: bool,
}

/// Every tab's full title where they fit in `width` columns; else the short titles, then
/// without the spaces around them; on a pane narrower still, as many short titles as fit around
/// the selected one, with `‹` or `›` where some are left out. The selected tab is always shown.
fn tab_bar(width: usize, selected: Tab) -> TabBar {
    let at = Tab::ALL.iter().position(|t| *t == selected).unwrap_or(0);
    // Each title takes its width, its padding, and a divider between it and the next; the
    // last one's right padding may be cut by the pane's edge.
    let needs = |titles: &[&str], pad: usize| -> usize {
        let dividers = titles.len().saturating_sub(1);
        titles.iter().map(|t| t.width() + 2 * pad).sum::<usize>() + dividers - pad
    };
    let full: Vec<&str> = Tab::ALL.iter().map(|t| t.title()).collect();
    let short: Vec<&str> = Tab::ALL.iter().map(|t| t.short_title()).collect();
    for (titles, padded) in [(&full, true), (&short, true), (&short, false)] {
        if needs(titles, usize::from(padded)) <= width {
            return TabBar {
                titles: titles.clone(),
                selected: at,
                padded,
            };
        }
    }
    // A window of short titles around the selected one, widened while it fits.
    let (mut from, mut to) = (at, at + 1);
    let fits = |from: usize, to: usize| {
        let marks = usize::from(from > 0) + usize::from(to < short.len());
        needs(&short[from..to], 0) + 2 * marks <= width
    };
    loop {
        if to < short.len() && fits(from, to + 1) {
            to += 1;
        } else if from > 0 && fits(from - 1, to) {
            from -= 1;
        } else {
            break;
        }
    }
    let mut titles = Vec::new();
    if from > 0 {
        titles.push("‹");
    }
    titles.extend(&short[from..to]);
    if to < short.len() {
        titles.push("›");
    }
    TabBar {
        selected: at - from + usize::from(from > 0),
        titles,
        padded: false,
    }
}

#[cfg(test)]
mod tab_bar_tests {
    use super::*;

    /// The tab bar keeps the selected tab on screen however narrow the pane: it was cut off
    /// at 60 columns, the last tabs with it.
    #[test]
    fn the_selected_tab_is_always_in_the_tab_bar() {
        let wide = tab_bar(120, Tab::History);
        assert!(wide.padded);
        assert_eq!(wide.titles[wide.selected], "History");
        let narrow = tab_bar(40, Tab::Flags);
        assert_eq!(narrow.titles.len(), Tab::ALL.len(), "all, short, unpadded");
        assert_eq!(narrow.titles[narrow.selected], "Flags");
        for width in 8..60 {
            for tab in Tab::ALL {
                let bar = tab_bar(width, tab);
                assert!(
                    [tab.title(), tab.short_title()].contains(&bar.titles[bar.selected]),
                    "{width}: {bar:?}"
                );
                let pad = usize::from(bar.padded);
                let used: usize = bar
                    .titles
                    .iter()
                    .map(|t| t.width() + 2 * pad)
                    .sum::<usize>()
                    + bar.titles.len()
                    - 1
                    - pad;
                assert!(used <= width || bar.titles.len() <= 3, "{width}: {bar:?}");
            }
        }
        let tiny = tab_bar(20, Tab::History);
        assert_eq!(tiny.titles.first(), Some(&"‹"));
        assert_eq!(tiny.titles[tiny.selected], "Hist");
    }
}
