//! The History tab: every change that touched the person's records, newest first: when, who,
//! what in words, and each field before → after. While presenting, what changed is said
//! without what presenter mode hides ([`App::describe`]), and each field's before and after
//! are hidden: which fields changed stays.

use super::heading;
use crate::app::App;
use crate::domain::history::field_changes;
use crate::domain::person::Person;
use crate::text::safe_line;
use crate::ui::theme::Theme;
use crate::ui::widgets::hidden_line;
use ratatui::text::{Line, Span};

pub(super) fn history(app: &App, theme: &Theme, p: &Person) -> Vec<Line<'static>> {
    let Some(entries) = app.history_of(p.id.as_str()) else {
        return vec![Line::styled("Reading the history…", theme.dim)];
    };
    let mut lines = vec![heading(
        "Every change to their records, newest first",
        theme,
    )];
    if entries.is_empty() {
        lines.push(Line::styled("  nothing recorded yet", theme.dim));
    }
    let name = |id: &str| app.org.people.get(id).map(|p| p.name.to_string());
    for entry in entries {
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} ",
                    entry
                        .at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                ),
                theme.title,
            ),
            Span::styled(format!("{} · ", safe_line(&entry.actor)), theme.dim),
            Span::raw(safe_line(&app.describe_entry(entry, entries)).into_owned()),
        ]));
        for diff in &entry.diffs {
            for change in field_changes(diff.before.as_ref(), diff.after.as_ref(), &name) {
                if app.presenting {
                    lines.push(hidden_line(format!("    {}: ", change.field), theme));
                    continue;
                }
                lines.push(Line::styled(
                    format!(
                        "    {}: {} → {}",
                        change.field,
                        safe_line(&change.before),
                        safe_line(&change.after)
                    ),
                    theme.dim,
                ));
            }
        }
    }
    lines
}

/// What changed since their last GROW note, at the top of Coaching: the changes after the one
/// that saved it, in words, at most `limit`.
pub(super) fn since_last_one_to_one(
    app: &App,
    theme: &Theme,
    p: &Person,
    limit: usize,
) -> Vec<Line<'static>> {
    let notes = app.derived.notes(&app.org, p.id.as_str());
    let Some(last) = notes.iter().max_by_key(|n| (n.date, n.id.clone())) else {
        return Vec::new();
    };
    let mut lines = vec![heading(
        &format!("Since the last 1:1 ({})", last.date),
        theme,
    )];
    let Some(entries) = app.history_of(p.id.as_str()) else {
        lines.push(Line::styled("  reading what changed…", theme.dim));
        return lines;
    };
    // Newest first: everything before the change that saved the last note.
    let saved_note = |e: &crate::domain::AuditEntry| {
        e.diffs.iter().any(|d| {
            d.kind == crate::domain::Kind::GrowNote
                && d.key == last.id.as_str()
                && d.before.is_none()
        })
    };
    let since: Vec<String> = entries
        .iter()
        .take_while(|e| !saved_note(e))
        .map(|e| {
            // Who, when it was someone else: on a shared server, several hands change one
            // person's records between two 1:1s.
            // "ADMIN acting as NAME" is NAME's own, seen as NAME.
            let own = e.actor == app.actor
                || e.actor.rsplit(" acting as ").next() == Some(app.actor.as_str());
            let who = match own {
                true => String::new(),
                false => format!("{}: ", e.actor),
            };
            format!(
                "  {} {who}{}",
                e.at.with_timezone(&chrono::Local).format("%m-%d"),
                app.describe_entry(e, entries)
            )
        })
        .collect();
    if since.is_empty() {
        lines.push(Line::styled("  nothing has changed", theme.dim));
    }
    let more = since.len().saturating_sub(limit);
    lines.extend(
        since
            .into_iter()
            .take(limit)
            .map(|l| Line::raw(safe_line(&l).into_owned())),
    );
    if more > 0 {
        lines.push(Line::styled(
            format!("  … and {more} more in the History tab"),
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines
}
