//! The Plan tab: each improvement plan with its gauges, status, goals and check-ins. While
//! presenting, only each plan's id, status and days show; its contents are hidden, one line per
//! goal and action so they can still be selected.

use super::{field, pick};
use crate::app::App;
use crate::domain::insight::pip_progress::{Trend, progress};
use crate::domain::person::Person;
use crate::text::safe_line;
use crate::ui::theme::Theme;
use crate::ui::widgets::{HIDDEN, gauge, hidden, hidden_line, rating_label, rating_style};
use ratatui::text::{Line, Span};

pub(super) fn plan(
    app: &App,
    theme: &Theme,
    p: &Person,
    width: u16,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut selected_line = None;
    // Goals of open plans and their actions can be selected (`App::plan_items`), counted in the
    // order they are shown.
    let mut item_index = 0;
    let mut plans: Vec<_> = app.org.pips.values().filter(|x| x.person == p.id).collect();
    if plans.is_empty() {
        return (
            vec![Line::styled(
                match app.read_only {
                    Some(_) => "No improvement plan.",
                    None => {
                        "No improvement plan. p starts one: goals, actions and support to get back to the standard."
                    }
                },
                theme.dim,
            )],
            None,
        );
    }
    plans.sort_by_key(|x| (!x.status.is_open(), std::cmp::Reverse(x.start)));
    let mut lines = vec![Line::styled(
        "Improvement plans: the aim is improvement, not punishment.",
        theme.dim,
    )];
    for pip in plans {
        let progress = progress(pip, app.today);
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} · {}", safe_line(pip.id.as_str()), pip.status.word()),
                theme.title,
            ),
            Span::raw(format!(
                " · {} → {} · check-ins every {} days",
                pip.start, pip.end, pip.checkin_every_days
            )),
        ]));
        if app.presenting {
            let at = lines.len();
            let shown = hidden_contents(app, theme, pip, at, focused, &mut item_index);
            selected_line = selected_line.or(shown.1);
            lines.extend(shown.0);
            continue;
        }
        if !pip.reason.is_empty() {
            lines.push(Line::raw(safe_line(&pip.reason).into_owned()));
        }
        let bar = width.min(60);
        lines.push(gauge("Time gone  ", progress.time_elapsed, bar, theme.dim));
        lines.push(gauge(
            "Goals met  ",
            progress.goals_met,
            bar,
            rating_style(progress.status, theme),
        ));
        if pip.status == crate::domain::pip::PipStatus::Extended && !pip.outcome.is_empty() {
            lines.push(field(
                "Extended",
                safe_line(&pip.outcome).into_owned(),
                theme,
            ));
        }
        if pip.status.is_open() {
            lines.push(Line::from(vec![
                Span::raw("Status: "),
                Span::styled(
                    rating_label(progress.status),
                    rating_style(progress.status, theme),
                ),
                Span::raw(format!(", {}", progress.reason)),
            ]));
        } else if !pip.outcome.is_empty() {
            lines.push(field(
                "Outcome",
                safe_line(&pip.outcome).into_owned(),
                theme,
            ));
        }
        for g in &progress.goals {
            let trend = match g.trend {
                Trend::Improving => "improving",
                Trend::Flat => "flat",
                Trend::Worsening => "worsening",
                Trend::Unknown => "no trend yet",
            };
            let met = if g.met { "met" } else { "open" };
            let open = pip.status.is_open();
            let selected = open && focused && item_index == app.item;
            item_index += usize::from(open);
            if selected {
                selected_line = Some(lines.len());
            }
            let (mark, style) = pick(selected, theme);
            lines.push(Line::styled(
                format!(
                    "{mark} {} {}: target {}, baseline {}, now {}, gap {} · {trend} · {met}",
                    g.goal,
                    safe_line(&g.dimension),
                    g.target,
                    g.baseline,
                    g.current,
                    g.gap
                ),
                style,
            ));
            let Some(goal) = pip.goal(g.goal) else {
                continue;
            };
            if !goal.root_cause.is_empty() {
                lines.push(Line::styled(
                    format!("    root cause: {}", safe_line(&goal.root_cause)),
                    theme.dim,
                ));
            }
            for action in &goal.actions {
                let selected = open && focused && item_index == app.item;
                item_index += usize::from(open);
                if selected {
                    selected_line = Some(lines.len());
                }
                let (mark, style) = pick(selected, theme);
                let (tick, state) = match (action.done, action.due) {
                    (Some(day), _) => ("[x]", format!("done {day}")),
                    (None, Some(due)) if due < app.today => ("[ ]", format!("due {due}, late")),
                    (None, Some(due)) => ("[ ]", format!("due {due}")),
                    (None, None) => ("[ ]", "no due date".into()),
                };
                let owner = match action.owner.trim() {
                    "" => String::new(),
                    owner => format!(" — {},", safe_line(&app.name(owner))),
                };
                lines.push(Line::styled(
                    format!("  {mark} {tick} {}{owner} {state}", safe_line(&action.text)),
                    style,
                ));
            }
        }
        for c in pip.checkins.iter().rev().take(3) {
            let ratings: Vec<String> = c
                .ratings
                .iter()
                .map(|r| format!("goal {} {}", r.goal, rating_label(r.rating)))
                .collect();
            lines.push(Line::styled(
                match c.note.trim() {
                    "" => format!("  check-in {}: {}", c.date, ratings.join(", ")),
                    note => format!(
                        "  check-in {}: {} · {}",
                        c.date,
                        ratings.join(", "),
                        safe_line(note)
                    ),
                },
                theme.dim,
            ));
        }
        for s in &pip.supports {
            lines.push(Line::styled(
                format!(
                    "  support ({}): {}",
                    format!("{:?}", s.kind).to_lowercase(),
                    safe_line(&s.description)
                ),
                theme.dim,
            ));
        }
    }
    (lines, selected_line)
}

/// A plan's contents while presenting: one hidden line for its reason, progress and status, then
/// a line per goal and per action, each selectable as [`App::plan_items`] counts them from
/// `item_index` on; with the line of the selected one, counting the `at` lines before these.
fn hidden_contents(
    app: &App,
    theme: &Theme,
    pip: &crate::domain::pip::Pip,
    at: usize,
    focused: bool,
    item_index: &mut usize,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines = vec![hidden_line("", theme)];
    let mut selected_line = None;
    let open = pip.status.is_open();
    let mut item = |lines: &Vec<Line<'static>>| {
        let selected = open && focused && *item_index == app.item;
        *item_index += usize::from(open);
        if selected {
            selected_line = Some(at + lines.len());
        }
        pick(selected, theme)
    };
    for goal in &pip.goals {
        let (mark, style) = item(&lines);
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} goal {}: ", goal.id), style),
            hidden(theme),
        ]));
        for action in &goal.actions {
            let (mark, style) = item(&lines);
            let tick = if action.done.is_some() { "[x]" } else { "[ ]" };
            lines.push(Line::styled(format!("  {mark} {tick} {HIDDEN}"), style));
        }
    }
    (lines, selected_line)
}
