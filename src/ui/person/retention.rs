//! The Retention tab: the latest stay interview with its follow-ups and when the next is due, a
//! departure's handover checklist and access to revoke, and the points ledger, newest first.
//! Its items are those of `App::retention_items`, in the same order. While presenting, the
//! interview's answers and follow-ups, the departure's reason and report, and the points are
//! hidden; days, owners and the handover tasks stay.

use super::{heading, pick};
use crate::app::App;
use crate::app::retention::RetentionItem;
use crate::domain::departure::Departure;
use crate::domain::person::Person;
use crate::text::safe_line;
use crate::ui::theme::Theme;
use crate::ui::widgets::{HIDDEN, hidden_line};
use ratatui::text::{Line, Span};

pub(super) fn retention(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let items = app.retention_items(p.id.as_str());
    let mut lines = Vec::new();
    let mut selected_line = None;
    // Whether an item is the one the keys act on; its line is noted where it is pushed.
    let selected = |item: &RetentionItem| focused && items.get(app.item) == Some(item);

    lines.push(heading("Stay interview", theme));
    let stays = app.derived.stays(&app.org, p.id.as_str());
    match stays.last() {
        None => lines.push(super::none_yet(
            app,
            "s records one (what keeps them, what might make them leave)",
            theme,
        )),
        Some(stay) => {
            let next = stay
                .date
                .checked_add_signed(chrono::Duration::days(
                    app.rules.flags.stay_interview_days.clamp(0, 36_500),
                ))
                .unwrap_or(stay.date);
            let late = next < app.today;
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "  {} with {} · ",
                    stay.date,
                    safe_line(&app.name(&stay.interviewer))
                )),
                Span::styled(
                    format!("next due {next}{}", if late { ", overdue" } else { "" }),
                    if late { theme.bad } else { theme.dim },
                ),
            ]));
            for (label, text) in [
                ("Keeps them", &stay.why_stay),
                ("Might leave if", &stay.would_leave_if),
                ("Wants next", &stay.wants_next),
                ("Notes", &stay.notes),
            ] {
                if text.trim().is_empty() {
                    continue;
                }
                lines.push(match app.presenting {
                    true => hidden_line(format!("  {label}: "), theme),
                    false => Line::from(vec![
                        Span::styled(format!("  {label}: "), theme.dim),
                        Span::raw(safe_line(text).into_owned()),
                    ]),
                });
            }
            for (index, f) in stay.follow_ups.iter().enumerate() {
                let item = RetentionItem::FollowUp {
                    stay: stay.id.clone(),
                    index,
                };
                if selected(&item) {
                    selected_line = Some(lines.len());
                }
                let (marker, style) = pick(selected(&item), theme);
                let (tick, state) = match f.done {
                    Some(day) => ("[x]", format!("done {day}")),
                    None if f.due < app.today => ("[ ]", format!("due {}, late", f.due)),
                    None => ("[ ]", format!("due {}", f.due)),
                };
                let text = match app.presenting {
                    true => HIDDEN.into(),
                    false => safe_line(&f.text),
                };
                lines.push(Line::styled(
                    format!(
                        "{marker} {tick} {text} — {}, {state}",
                        safe_line(&app.name(&f.owner))
                    ),
                    style,
                ));
            }
        }
    }

    if let Some(departure) = app.derived.departures(&app.org, p.id.as_str()).first() {
        lines.push(Line::raw(""));
        // `departure_lines` numbers its own lines: the selected one is placed after these.
        let before = lines.len();
        let mut within = None;
        let mut mark_here = |item: &RetentionItem, mine: &Vec<Line<'static>>| {
            if selected(item) {
                within = Some(mine.len());
            }
            pick(selected(item), theme)
        };
        lines.extend(departure_lines(app, theme, departure, &mut mark_here, true));
        if let Some(at) = within {
            selected_line = Some(before + at);
        }
    }

    lines.push(Line::raw(""));
    let ledger = app.derived.ledger(&app.org, p.id.as_str());
    let total: i64 = ledger.iter().map(|e| i64::from(e.points)).sum();
    let total = match app.presenting {
        true => HIDDEN.to_string(),
        false => total.to_string(),
    };
    lines.push(heading(&format!("Points (积分): {total}"), theme));
    if ledger.is_empty() {
        lines.push(super::none_yet(app, "m awards some", theme));
    }
    for entry in ledger {
        let item = RetentionItem::Entry {
            id: entry.id.clone(),
        };
        if selected(&item) {
            selected_line = Some(lines.len());
        }
        let (marker, style) = pick(selected(&item), theme);
        let rule = entry
            .rule
            .as_ref()
            .and_then(|r| app.org.points_rules.get(r.as_str()))
            .map_or(String::new(), |r| format!("{} · ", safe_line(&r.name)));
        let reversed = app
            .org
            .points
            .contains_key(crate::domain::points::PointsEntry::reversal_id(&entry.id).as_str());
        let points = match app.presenting {
            true => HIDDEN.to_string(),
            false => format!("{:>+6}", entry.points),
        };
        lines.push(Line::styled(
            format!(
                "{marker} {} {points}  {rule}{}{}",
                entry.date,
                safe_line(&entry.reason),
                if reversed { " (reversed)" } else { "" }
            ),
            style,
        ));
    }
    (lines, selected_line)
}

/// A departure's handover, one line per task and per access, each marked by `mark` when it is
/// the selected item (`mark` is given the lines so far, to note where); under a heading unless
/// `with_heading` is false.
pub(crate) fn departure_lines(
    app: &App,
    theme: &Theme,
    d: &Departure,
    mark: &mut impl FnMut(&RetentionItem, &Vec<Line<'static>>) -> (&'static str, ratatui::style::Style),
    with_heading: bool,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if with_heading {
        lines.push(heading(
            &format!("Departure · last day {}", d.last_day),
            theme,
        ));
    }
    if !d.reason.is_empty() {
        lines.push(match app.presenting {
            true => hidden_line("  ", theme),
            false => Line::styled(format!("  {}", safe_line(&d.reason)), theme.dim),
        });
    }
    for task in d.tasks_by_due() {
        let item = RetentionItem::Task {
            departure: d.id.clone(),
            task: task.id,
        };
        let (marker, style) = mark(&item, &lines);
        let due = d.task_due(task);
        let receiver = task
            .receiver
            .as_ref()
            .map_or("nobody yet".to_string(), |r| app.name(r.as_str()));
        let state = match (task.done_on, task.confirmed_on) {
            (Some(done), Some(ok)) => format!("done {done}, confirmed {ok}"),
            (Some(done), None) => format!("done {done}, not confirmed yet"),
            (None, _) if due < app.today => format!("due {due}, LATE"),
            (None, _) => format!("due {due}"),
        };
        let tick = if task.done_on.is_some() { "[x]" } else { "[ ]" };
        lines.push(Line::styled(
            format!(
                "{marker} {tick} {} → {}, {state}",
                safe_line(&task.description),
                safe_line(&receiver)
            ),
            style,
        ));
    }
    for access in &d.revocations {
        let item = RetentionItem::Revocation {
            departure: d.id.clone(),
            id: access.id,
        };
        let (marker, style) = mark(&item, &lines);
        let due = d.revocation_due(access);
        let state = match access.revoked_at {
            // Later than its deadline (the due day and the grace hours the flags use) is itself
            // a finding.
            Some(at)
                if at
                    > crate::domain::insight::flags::revocation_deadline(
                        due,
                        app.rules.flags.revocation_grace_hours,
                    ) =>
            {
                format!(
                    "revoked {}, LATE (due {due})",
                    at.format("%Y-%m-%d %H:%M UTC")
                )
            }
            Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M UTC")),
            None if due < app.today => format!("due {due}, LATE"),
            None => format!("due {due}"),
        };
        let tick = if access.revoked_at.is_some() {
            "[x]"
        } else {
            "[ ]"
        };
        lines.push(Line::styled(
            format!(
                "{marker} {tick} revoke {} ({}), {state}",
                safe_line(&access.system),
                access.class.label()
            ),
            style,
        ));
    }
    if !d.report.is_empty() && app.presenting {
        lines.push(hidden_line("  Report: ", theme));
    } else if !d.report.is_empty() {
        lines.push(Line::styled("  Report:", theme.dim));
        lines.extend(
            crate::text::safe_text(&d.report)
                .lines()
                .map(|l| Line::raw(format!("    {l}"))),
        );
    }
    lines
}
