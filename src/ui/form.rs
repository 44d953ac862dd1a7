//! The form being filled in, whatever it makes: each field with its label, what is typed, and
//! beside it what is wrong; the focused field also shows its hint, its choices or the person it
//! names. One-line fields sit beside their label; longer ones below it. The form scrolls to keep
//! the focused field in view, and the real terminal cursor sits at the insertion point, so an
//! input method composes in place.
//!
//! ```text
//! ┌ Improvement plan · 张伟 ─────────────────────────────────────────────┐
//! │ Start          today                                                 │
//! │ End            +60d                                                  │
//! │   ⚠ required                                                         │
//! │ Goals  one a line: dimension ; better higher or lower ; target …     │
//! │   Code review turnaround ; lower ; 24 ; 72                           │
//! └──────────────────────────────────────────────────────────────────────┘
//! ```

use super::fit::{cut, wrap_text};
use super::theme::Theme;
use super::widgets::block;
use crate::app::App;
use crate::app::form::field::{Field, Kind, Match, find_person, parse_choice};
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// In a window too small to show what is typed: the form says so, and the keys are ignored
/// (the app is told by the runtime) until the window grows or the form is closed.
pub fn too_small(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(form) = &app.form else {
        return;
    };
    let outer = block(&form.title, area.width, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let size = frame.area();
    let text = [
        Line::styled("Too small to type here", theme.title),
        Line::styled(
            format!(
                "The form needs {}×{}; this window is {}×{}. Typing is ignored until it grows. Esc closes the form and keeps the draft.",
                super::FORM_MIN_WIDTH,
                super::FORM_MIN_HEIGHT,
                size.width,
                size.height
            ),
            theme.dim,
        ),
    ];
    frame.render_widget(Paragraph::new(super::fit::wrap(&text, inner.width)), inner);
}

/// The lines of one field, and where the cursor goes among them (line, column).
struct Drawn {
    lines: Vec<Line<'static>>,
    cursor: Option<(usize, u16)>,
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(form) = &app.form else {
        return;
    };
    let outer = block(&form.title, area.width, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    let label_width = form
        .fields
        .iter()
        .filter(|f| inline(f))
        .map(|f| f.label.width())
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width / 3))
        + 2;
    let drawn: Vec<Drawn> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| draw_field(app, theme, field, i == form.focus, label_width, inner.width))
        .collect();
    // The form-level problem, if any, takes the last lines: wrapped, at most three, so that
    // a conflict's account of what was taken in is read whole.
    let problem: Vec<String> = form.error.as_deref().map_or_else(Vec::new, |error| {
        let mut wrapped = wrap_text(&format!("⚠ {}", safe_line(error)), usize::from(inner.width));
        wrapped.truncate(3.min(usize::from(inner.height) / 2).max(1));
        wrapped
    });
    let room = usize::from(inner.height) - problem.len();
    let first = first_shown(&drawn, form.focus, room);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    for (i, d) in drawn.into_iter().enumerate().skip(first) {
        if i == form.focus {
            cursor = d.cursor.map(|(line, col)| (lines.len() + line, col));
        }
        lines.extend(d.lines);
    }
    lines.truncate(room);
    if !problem.is_empty() {
        lines.resize(room, Line::raw(""));
        lines.extend(problem.into_iter().map(|l| Line::styled(l, theme.error)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((line, col)) = cursor.filter(|(line, _)| *line < room) {
        let x = (inner.x + col).min(inner.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, inner.y + line as u16));
    }
}

/// The first field to draw so that the focused one is wholly in view.
fn first_shown(drawn: &[Drawn], focus: usize, room: usize) -> usize {
    let mut first = 0;
    let height = |from: usize| -> usize { drawn[from..=focus].iter().map(|d| d.lines.len()).sum() };
    while first < focus && height(first) > room {
        first += 1;
    }
    first
}

/// One-line fields sit beside their label.
fn inline(field: &Field) -> bool {
    !matches!(field.kind, Kind::Text | Kind::Rows(_) | Kind::Checklist(_))
}

fn draw_field(
    app: &App,
    theme: &Theme,
    field: &Field,
    focused: bool,
    label_width: usize,
    width: u16,
) -> Drawn {
    let label_style = if focused { theme.key } else { theme.dim };
    let mut lines = Vec::new();
    let mut cursor = None;
    if inline(field) {
        let room = width.saturating_sub(label_width as u16 + 1).max(2);
        let (text, at) = field.text.layout(room);
        // A label longer than the column is cut, so a space always parts it from the value.
        let label = cut(&safe_line(&field.label), label_width.saturating_sub(1));
        let pad = label_width.saturating_sub(label.width());
        let shown = if focused { text.len() } else { 1 };
        for (n, part) in text.iter().take(shown).enumerate() {
            let label = match n {
                0 => Span::styled(format!("{label}{}", " ".repeat(pad)), label_style),
                _ => Span::raw(" ".repeat(label_width)),
            };
            let more = !focused && text.len() > 1;
            lines.push(Line::from(vec![
                label,
                Span::raw(safe_line(part).into_owned()),
                Span::styled(if more { " …" } else { "" }, theme.dim),
            ]));
        }
        if focused {
            cursor = Some((at.0, label_width as u16 + at.1));
            if !field.hint.is_empty() {
                lines.push(Line::styled(
                    format!(
                        "{}{}",
                        " ".repeat(label_width),
                        cut(&field.hint, usize::from(room))
                    ),
                    theme.dim,
                ));
            }
        }
    } else {
        let label = safe_line(&field.label).into_owned();
        // The hint beside the label, cut with `…` to what the line leaves.
        let room = usize::from(width).saturating_sub(label.width() + 2);
        lines.push(Line::from(vec![
            Span::styled(label, label_style),
            Span::styled(
                if focused && !field.hint.is_empty() {
                    format!("  {}", cut(&field.hint, room))
                } else {
                    String::new()
                },
                theme.dim,
            ),
        ]));
        match &field.kind {
            // Before the records are read, "none open" would be wrong, not empty.
            Kind::Checklist(items) if items.is_empty() && app.loading => {
                lines.push(Line::styled("  reading the records…", theme.dim));
            }
            Kind::Checklist(items) => draw_checklist(theme, field, items, focused, &mut lines),
            _ => {
                let (text, at) = field.text.layout(width.saturating_sub(3).max(2));
                let limit = if focused { usize::MAX } else { 3 };
                for part in text.iter().take(limit) {
                    lines.push(Line::raw(format!("  {}", safe_line(part))));
                }
                if !focused && text.len() > limit {
                    lines.push(Line::styled(
                        format!("  … {} more lines", text.len() - limit),
                        theme.dim,
                    ));
                }
                if focused {
                    cursor = Some((1 + at.0, 2 + at.1));
                }
            }
        }
    }
    // What is wrong, the choices and the person named sit under the value.
    let indent = if inline(field) { label_width } else { 2 };
    if let Some(error) = &field.error {
        // Every problem is shown whole: one a line (a list's are apart by `; `), wrapped.
        let room = usize::from(width).saturating_sub(indent + 2).max(10);
        for problem in crate::app::form::field::each_problem(error) {
            for (n, part) in wrap_text(&safe_line(problem), room).into_iter().enumerate() {
                let mark = if n == 0 { "⚠ " } else { "  " };
                lines.push(Line::styled(
                    format!("{}{mark}{part}", " ".repeat(indent)),
                    theme.error,
                ));
            }
        }
    } else if focused {
        lines.extend(helper_lines(app, theme, field, indent, usize::from(width)));
    }
    Drawn { lines, cursor }
}

fn draw_checklist(
    theme: &Theme,
    field: &Field,
    items: &[(String, String)],
    focused: bool,
    lines: &mut Vec<Line<'static>>,
) {
    if items.is_empty() {
        lines.push(Line::styled("  none open", theme.dim));
        return;
    }
    let ticked = field.ticked();
    for (i, (key, text)) in items.iter().enumerate() {
        let here = focused && i == field.cursor;
        let mark = if ticked.contains(key) { "[x]" } else { "[ ]" };
        lines.push(Line::styled(
            format!(
                "{} {mark} {}",
                if here { "›" } else { " " },
                safe_line(text)
            ),
            if here { theme.selected } else { theme.text },
        ));
    }
}

/// Under a focused choice, its choices with the one typed marked, wrapped to the width; under a
/// person field, who it names.
fn helper_lines(
    app: &App,
    theme: &Theme,
    field: &Field,
    indent: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let text = field.text.text();
    let pad = " ".repeat(indent);
    match &field.kind {
        Kind::Choice(choices) => {
            let chosen = parse_choice(&text, choices).ok();
            let mut lines = Vec::new();
            let mut spans = vec![Span::styled(format!("{pad}choices: "), theme.dim)];
            let mut used = indent + "choices: ".width();
            for (i, choice) in choices.iter().enumerate() {
                // The choice typed is bracketed as well as highlighted: it reads without colour.
                let (text, style) = match chosen == Some(i) {
                    true => (format!("[{}]", safe_line(&choice.label)), theme.selected),
                    false => (safe_line(&choice.label).into_owned(), theme.text),
                };
                let room = text.width() + if i > 0 { 3 } else { 0 };
                if i > 0 && used + room > width {
                    lines.push(Line::from(std::mem::take(&mut spans)));
                    spans.push(Span::raw(" ".repeat(indent + "choices: ".width())));
                    used = indent + "choices: ".width();
                } else if i > 0 {
                    spans.push(Span::styled(" · ", theme.dim));
                }
                used += room;
                spans.push(Span::styled(text, style));
            }
            lines.push(Line::from(spans));
            lines
        }
        Kind::Person if !text.trim().is_empty() => vec![match find_person(
            &text,
            &app.field_context(&|id| app.derived.visible(id)),
            Match::Start,
        ) {
            Ok(id) => Line::styled(
                format!("{pad}→ {} ({id})", safe_line(&app.name(id.as_str()))),
                theme.good,
            ),
            Err(e) => Line::styled(format!("{pad}{e}"), theme.dim),
        }],
        Kind::Rows(columns) => owner_line(app, theme, field, columns, &pad)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Under a list with an owner column, how the owner of the line being typed is read: linked to
/// someone (named by id or whole name, in scope), or kept as written.
fn owner_line(
    app: &App,
    theme: &Theme,
    field: &Field,
    columns: &[crate::app::form::field::Column],
    pad: &str,
) -> Option<Line<'static>> {
    let at = columns.iter().position(|c| c.name == "owner")?;
    let text = field.text.text();
    let line = text.lines().nth(field.text.row())?;
    let owner = line
        .split(';')
        .nth(at)
        .map(str::trim)
        .filter(|o| !o.is_empty())?;
    let in_scope = |id: &str| app.derived.visible(id);
    let cx = app.field_context(&in_scope);
    Some(match find_person(owner, &cx, Match::Whole) {
        Ok(id) => Line::styled(
            format!("{pad}owner → {} ({id})", safe_line(&app.name(id.as_str()))),
            theme.good,
        ),
        Err(_) => Line::styled(
            format!(
                "{pad}owner kept as written: nobody you see has the id or whole name “{}”",
                safe_line(owner)
            ),
            theme.dim,
        ),
    })
}
