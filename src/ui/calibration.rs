//! Team view: a calibration session.
//!
//! ```text
//! ┌ star · 1→2 · 1 over ┬ high potential ┬ …  ┐┌ Round-robin · 3 of 9 not discussed ─┐
//! │ 王芳 *              │                │     ││ Li Wei                              │
//! ├─────────────────────┼────────────────┼─────┤│  ● Aisha Khan   core player → star  │
//! │ …  (the 9-box, people where they stand now) ││  ○ 王磊          high performer     │
//! └─────────────────────────────────────────────┘└─────────────────────────────────────┘
//! ┌ Decision log (Y: summary) ─────────────────────────────────────────────────────────┐
//! │ 09:14 lin moved Aisha Khan core player → star: results against goals — …            │
//! └────────────────────────────────────────────────────────────────────────────────────┘
//! ```

use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::app::calibration::RoundRow;
use crate::domain::calibration::{Board, Calibration, GuideCheck, Logged, Summary, log_of};
use crate::domain::insight::talent::NineBox;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some((session, board)) = app.calibration_board() else {
        let new = app.key_for(
            crate::app::keymap::Mode::Browse,
            crate::app::action::Action::NewCalibration,
        );
        let mut text = vec![Line::styled("No calibration session yet.", theme.text)];
        if app.read_only.is_none() {
            text.push(Line::styled(
                format!(
                    "{new} opens one over some teams: everyone in them is placed on the 9-box as their manager assessed them, and the session records every move with its reason."
                ),
                theme.dim,
            ));
        }
        let outer = block("Calibration", area.width, app.overlay.is_none(), theme);
        frame.render_widget(
            Paragraph::new(text).block(outer).wrap(Wrap { trim: false }),
            area,
        );
        return;
    };
    let log_height = (area.height / 3).clamp(4, 12);
    let [top, bottom] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(log_height)]).areas(area);
    let [grid, list] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(top);
    let order = app.calibration_order(&board);
    let selected = order.get(app.item).map(|r| r.person.clone());
    let checks: Vec<GuideCheck> = app
        .rules
        .calibration
        .guides
        .iter()
        .filter_map(|g| g.check(&board).ok())
        .collect();
    render_grid(
        app,
        theme,
        frame,
        grid,
        (session, &board),
        &checks,
        selected,
    );
    render_round(app, theme, frame, list, (session, &board), &order);
    match app.calibration_summary {
        true => render_summary(app, theme, frame, bottom, session, &board),
        false => render_log(app, theme, frame, bottom, session),
    }
}

/// "2 over" or "1 under"; `None` within the guide.
fn off_by(check: &GuideCheck) -> Option<String> {
    match check.off_by {
        0 => None,
        n if n > 0 => Some(format!("{n} over")),
        n => Some(format!("{} under", -n)),
    }
}

/// What the guides of `cell` alone say about it ("2 over"); a guide of several boxes (a row)
/// is said once, under the grid ([`group_marks`]).
fn guidance_mark(cell: NineBox, checks: &[GuideCheck]) -> String {
    checks
        .iter()
        .filter(|c| c.boxes == [cell])
        .filter_map(off_by)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The guides of several boxes that are off: "bottom row 1 under".
fn group_marks(checks: &[GuideCheck]) -> String {
    checks
        .iter()
        .filter(|c| c.boxes.len() > 1)
        .filter_map(|c| off_by(c).map(|how| format!("{} {how}", c.name)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Whether a guide that is off covers `cell`: its border is drawn in the warning colour.
fn off_guide(cell: NineBox, checks: &[GuideCheck]) -> bool {
    checks
        .iter()
        .any(|c| c.off_by != 0 && c.boxes.contains(&cell))
}

fn render_grid(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    (session, board): (&Calibration, &Board),
    checks: &[GuideCheck],
    selected: Option<crate::domain::ids::PersonId>,
) {
    let state = match session.closed {
        Some(_) => "closed",
        None => "open",
    };
    let title = format!(
        "{} · {} · {} · {state}",
        session.id,
        safe_line(&session.name),
        session.quarter
    );
    let room = usize::from(area.width.saturating_sub(4));
    let mut outer = block(&title, area.width, false, theme);
    // Under the grid: the axes, and the guides of several boxes that are off; the axes give
    // way when both do not fit.
    let axes = " performance → · potential ↑ ";
    let groups = match group_marks(checks) {
        g if g.is_empty() => String::new(),
        g => format!(" {} ", super::fit::cut(&g, room)),
    };
    if axes.chars().count() + groups.chars().count() + 2 <= room {
        outer = outer.title_bottom(Line::styled(axes, theme.dim));
    }
    if !groups.is_empty() {
        outer = outer.title_bottom(Line::styled(groups, theme.warn).right_aligned());
    }
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let moved: std::collections::BTreeSet<_> = board.standing().map(|m| &m.person).collect();
    for (cell, cell_area) in super::widgets::nine_box_cells(inner) {
        let (before, after) = board.count(cell);
        let mark = guidance_mark(cell, checks);
        // The counts and what the guidance says first; the box's name on its first line.
        let title = match mark.is_empty() {
            true => format!("{before}→{after}"),
            false => format!("{before}→{after} · {mark}"),
        };
        let inner_width = usize::from(cell_area.width.saturating_sub(2));
        let mut names: Vec<(String, &crate::domain::ids::PersonId)> = board
            .after
            .iter()
            .filter(|(_, p)| **p == Some(cell))
            .map(|(id, _)| (app.name(id.as_str()), id))
            .collect();
        names.sort_by_cached_key(|(name, _)| crate::text::names::sort_key_of(name));
        let room = usize::from(cell_area.height.saturating_sub(3)).max(1);
        let here = selected
            .as_ref()
            .and_then(|s| names.iter().position(|(_, id)| *id == s));
        let first = here.map_or(0, |at| (at + 1).saturating_sub(room));
        let mut text: Vec<Line> = vec![Line::styled(
            super::fit::cut(cell.name(), inner_width),
            theme.dim,
        )];
        text.extend(names.iter().skip(first).take(room).map(|(name, id)| {
            let style = match Some(*id) == selected.as_ref() {
                true => theme.selected,
                false if moved.contains(id) => theme.highlight,
                false => theme.text,
            };
            let star = if moved.contains(id) { " *" } else { "" };
            let shown = format!(" {}{star}", safe_line(name));
            Line::styled(super::fit::cut(&shown, inner_width), style)
        }));
        let below = names.len().saturating_sub(first + room);
        if below > 0 {
            text.pop();
            let more = format!(" … and {} more", below + 1);
            text.push(Line::styled(super::fit::cut(&more, inner_width), theme.dim));
        }
        let warn = off_guide(cell, checks);
        let cell_block = block(&title, cell_area.width, false, theme).border_style(match warn {
            true => theme.warn,
            false => theme.border,
        });
        frame.render_widget(Paragraph::new(text).block(cell_block), cell_area);
    }
}

/// `m:ss`, or `-m:ss` when over.
fn clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

fn render_round(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    (session, board): (&Calibration, &Board),
    order: &[RoundRow],
) {
    let left = board.not_discussed().count();
    let mut title = format!(
        "Round-robin · {left} of {} to discuss (○)",
        board.before.len()
    );
    if let Some((person, seconds)) = app.calibration_clock() {
        let state = match seconds >= 0 {
            true => format!("{} left", clock(seconds)),
            false => format!("over by {}", clock(-seconds)),
        };
        // The clock first: on a narrow screen the end of a title is cut.
        title = format!(
            "▶ {} {state} · {left} of {} to discuss",
            safe_line(&app.name(person.as_str())),
            board.before.len()
        );
    }
    let outer = block(&title, area.width, app.overlay.is_none(), theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    // Each manager heads their people; the selected row is kept in view.
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut manager = None;
    for (i, row) in order.iter().enumerate() {
        if manager != Some(&row.manager) {
            manager = Some(&row.manager);
            let heading = super::fit::cut(&safe_line(&row.manager), usize::from(inner.width));
            lines.push((None, Line::styled(heading, theme.title)));
        }
        let closed = session.closed.is_some();
        lines.push((
            Some(i),
            round_line(
                theme,
                board,
                row,
                (i == app.item, closed),
                usize::from(inner.width),
            ),
        ));
    }
    let height = usize::from(inner.height).max(1);
    let at = lines
        .iter()
        .position(|(i, _)| *i == Some(app.item))
        .unwrap_or(0);
    let first = super::roster::scroll(app.list_offset.get(), at, height, lines.len());
    app.list_offset.set(first);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(first)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// One person of the round-robin: `▶` being discussed (in an open session), `●` discussed,
/// `○` not yet; where they stood and stand.
fn round_line(
    theme: &Theme,
    board: &Board,
    row: &RoundRow,
    (selected, closed): (bool, bool),
    width: usize,
) -> Line<'static> {
    let now = !closed && board.now.as_ref().map(|(p, _)| p) == Some(&row.person);
    let mark = match (now, board.discussed.contains(&row.person)) {
        (true, _) => "▶",
        (false, true) => "●",
        (false, false) => "○",
    };
    let before = board.before.get(&row.person).copied().flatten();
    let after = board.after.get(&row.person).copied().flatten();
    let place = match (before, after) {
        (Some(b), Some(a)) if a != b => format!("{} → {}", b.name(), a.name()),
        (None, Some(a)) => format!("not placed → {}", a.name()),
        (_, Some(a)) => a.name().to_string(),
        (_, None) => "not placed".to_string(),
    };
    let style = match selected {
        true => theme.selected,
        false => theme.text,
    };
    // Cut to the pane, with `…` where something was cut: the name first, then where they stand.
    let who = super::fit::cut(&format!(" {mark} {}", safe_line(&row.name)), width);
    let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(who.as_str()));
    Line::from(vec![
        Span::styled(who, style),
        Span::styled(super::fit::cut(&format!("  {place}"), room), theme.dim),
    ])
}

fn render_log(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, session: &Calibration) {
    let summary = app.key_for(
        crate::app::keymap::Mode::Browse,
        crate::app::action::Action::CalibrationSummary,
    );
    let outer = block(
        &format!("Decision log · {summary}: summary"),
        area.width,
        false,
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let lines: Vec<Line> = log_of(&app.org, &session.id)
        .filter_map(|e| {
            // The time alone for today's entries; the day too for older ones.
            let local = e.at.with_timezone(&chrono::Local);
            let time = match local.date_naive() == app.today {
                true => local.format("%H:%M").to_string(),
                false => local.format("%Y-%m-%d %H:%M").to_string(),
            };
            let who = safe_line(&e.by);
            let name = safe_line(&app.name(e.person.as_str())).to_string();
            let text = match &e.what {
                Logged::Before { .. } => return None,
                Logged::Move {
                    from,
                    to,
                    reason,
                    words,
                    evidence,
                    ..
                } => {
                    let mut text = format!(
                        "{time} {who} moved {name}: {} → {}, {}",
                        from.name(),
                        to.name(),
                        reason.label()
                    );
                    // While presenting, the reason shows; what was said and cited does not.
                    let hidden = crate::app::presenter::HIDDEN;
                    if !words.trim().is_empty() {
                        match app.presenting {
                            true => text.push_str(&format!(" — {hidden}")),
                            false => text.push_str(&format!(" — {}", safe_line(words))),
                        }
                    }
                    if let Some(e) = evidence {
                        match app.presenting {
                            true => text.push_str(&format!(" (cites {hidden})")),
                            false => text.push_str(&format!(" (cites {})", safe_line(&e.label))),
                        }
                    }
                    text
                }
                Logged::Undo { .. } => format!("{time} {who} undid the move of {name}"),
                Logged::Discussed => format!("{time} {who}: now discussing {name}"),
                Logged::Decision { text } => {
                    format!("{time} {who} decided about {name}: {}", safe_line(text))
                }
            };
            Some(Line::styled(text, theme.text))
        })
        .collect();
    // The newest at the bottom, as they come in.
    let wrapped = super::fit::wrap(&lines, inner.width);
    let skip = wrapped.len().saturating_sub(usize::from(inner.height));
    let shown: Vec<Line> = wrapped.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

fn render_summary(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    session: &Calibration,
    board: &Board,
) {
    let summary = Summary::of(session, board, &app.rules.calibration.guides, |p| {
        app.name(p.as_str())
    });
    let outer = block("Summary · Y: the log", area.width, false, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let boxes: Vec<String> = summary
        .boxes
        .iter()
        .filter(|b| b.before + b.after > 0)
        .map(|b| format!("{} {}→{}", b.name, b.before, b.after))
        .collect();
    let (before_none, after_none) = summary.unplaced;
    let mut placed = boxes.join(" · ");
    if before_none + after_none > 0 {
        if !placed.is_empty() {
            placed.push_str(" · ");
        }
        placed.push_str(&format!("in no box {before_none}→{after_none}"));
    }
    let mut lines = vec![Line::styled(
        format!("Before → after: {placed}"),
        theme.text,
    )];
    lines.push(Line::styled(
        format!(
            "Moves standing: {} · undone: {}",
            summary.moves.len(),
            summary.undone.len()
        ),
        theme.text,
    ));
    // The moves standing, then those undone (marked so), as the Markdown summary lists both.
    let listed = (summary.moves.iter().map(|m| (m, "")))
        .chain(summary.undone.iter().map(|m| (m, " (undone)")));
    for ((name, m), undone) in listed {
        lines.push(Line::styled(
            format!(
                "  {}: {} → {}, {}{undone}",
                safe_line(name),
                m.from.name(),
                m.to.name(),
                m.reason.label()
            ),
            if undone.is_empty() {
                theme.text
            } else {
                theme.dim
            },
        ));
    }
    lines.push(Line::styled(
        format!("Decisions: {}", summary.decisions.len()),
        theme.text,
    ));
    for d in &summary.decisions {
        lines.push(Line::styled(
            format!("  {}: {}", safe_line(&d.name), safe_line(&d.text)),
            theme.text,
        ));
    }
    let not: Vec<String> = summary
        .not_discussed
        .iter()
        .map(|(_, n)| safe_line(n).to_string())
        .collect();
    lines.push(Line::styled(
        format!("Not discussed ({}): {}", not.len(), not.join(", ")),
        theme.dim,
    ));
    for g in &summary.guidance {
        let how = match g.off_by {
            0 => "within".to_string(),
            n if n > 0 => format!("{n} over"),
            n => format!("{} under", -n),
        };
        lines.push(Line::styled(
            format!(
                "Guidance {}: {} of {} ({}): {how}",
                g.name, g.count, g.placed, g.wants
            ),
            if g.off_by == 0 { theme.dim } else { theme.warn },
        ));
    }
    frame.render_widget(Paragraph::new(super::fit::wrap(&lines, inner.width)), inner);
}
