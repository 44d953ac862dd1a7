//! The selected person: tabs for the profile and assessments, coaching (open actions carried
//! forward, then GROW notes), the improvement plan, succession, and flags.

use super::theme::Theme;
use super::widgets::{block, gauge, rating_label, rating_style, severity_marker};
use crate::app::{App, Focus, Tab};
use crate::domain::insight::pip_progress::{Trend, progress};
use crate::domain::insight::points::Eta;
use crate::domain::person::Person;
use crate::text::{safe_line, safe_text};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Wrap};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail && app.overlay.is_none();
    let Some(person) = app.selected_person() else {
        let outer = block("Person", false, theme);
        frame.render_widget(
            Paragraph::new(Line::styled("Select someone on the left", theme.dim)).block(outer),
            area,
        );
        return;
    };
    let outer = block(&format!("{} · {}", person.name, person.id), focused, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let titles: Vec<Line> = Tab::ALL.iter().map(|t| Line::from(t.title())).collect();
    let selected = Tab::ALL.iter().position(|t| *t == app.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(theme.tab)
            .highlight_style(theme.tab_active)
            .divider("│"),
        tabs_area,
    );
    let (lines, selected_line) = match app.tab {
        Tab::Profile => (profile(app, theme, person), None),
        Tab::Coaching => coaching(app, theme, person, focused),
        Tab::Plan => plan(app, theme, person, body.width, focused),
        Tab::Succession => succession(app, theme, person, focused),
        Tab::Flags => flags(app, theme, person, focused),
    };
    // Keep the selected item on screen, unless the page keys scrolled further.
    let follow = selected_line.map_or(0, |line| {
        line.saturating_sub(usize::from(body.height).saturating_sub(3))
    });
    app.detail_lines.set(lines.len());
    let scroll = if app.detail_scroll > 0 {
        app.detail_scroll.min(lines.len().saturating_sub(1))
    } else {
        follow
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        body,
    );
}

fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::styled(text.to_string(), theme.title)
}

fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.dim),
        Span::raw(value),
    ])
}

fn profile(app: &App, theme: &Theme, p: &Person) -> Vec<Line<'static>> {
    let name_of = |id: &str| safe_line(&app.name(id)).into_owned();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(safe_line(&p.title).into_owned(), theme.title),
            Span::raw(format!(" · {}", safe_line(&p.team))),
        ]),
        field(
            "Level",
            format!(
                "{} · {} · {}",
                safe_line(&p.level),
                p.track.map_or("no track", |t| t.word()),
                safe_line(&p.location)
            ),
            theme,
        ),
        field(
            "Manager",
            p.manager
                .as_ref()
                .map_or("none".into(), |m| name_of(m.as_str())),
            theme,
        ),
        field(
            "Hired",
            p.hire_date.map_or("unknown".into(), |d| {
                let years = (app.today - d).num_days() as f64 / 365.25;
                format!("{d} ({years:.1} years)")
            }),
            theme,
        ),
        field(
            "Status",
            match p.status.last_day() {
                Some(day) => format!("{} (last day {day})", p.status.label()),
                None => p.status.label().replace('_', " "),
            },
            theme,
        ),
    ];
    if let Some(key) = &p.key {
        lines.push(Line::from(vec![
            Span::styled("★ Key employee", theme.title),
            Span::raw(format!(" since {}: {}", key.since, safe_line(&key.reason))),
        ]));
    }
    if let Some(risk) = &p.flight_risk {
        lines.push(Line::from(vec![
            Span::styled("Leaving stage: ", theme.high),
            Span::raw(format!(
                "{} (noted {}) {}",
                risk.stage.label(),
                risk.noted_on,
                safe_line(&risk.note)
            )),
        ]));
    }
    lines.push(Line::raw(""));
    lines.extend(assessment_lines(app, theme, p));
    lines.extend(points_lines(app, theme, p));
    if let Some(urgency) = app.derived.urgency.get(p.id.as_str()) {
        lines.push(Line::raw(""));
        lines.push(heading(&format!("Urgency {}", urgency.score), theme));
        for (why, points) in &urgency.because {
            lines.push(Line::from(vec![
                Span::styled(format!("  +{points:<3}"), theme.dim),
                Span::raw(safe_line(why).into_owned()),
            ]));
        }
    }
    lines
}

fn assessment_lines(app: &App, theme: &Theme, p: &Person) -> Vec<Line<'static>> {
    let Some(t) = app.derived.talent.get(p.id.as_str()) else {
        return vec![
            heading("Assessment", theme),
            Line::styled("  none recorded", theme.dim),
        ];
    };
    let mut lines = vec![heading(&format!("Assessment {}", t.quarter), theme)];
    lines.push(field(
        "  9-box",
        format!(
            "{} performance × {} potential: {}",
            t.nine_box.performance.label(),
            t.nine_box.potential.label(),
            t.nine_box.name()
        ),
        theme,
    ));
    if let Some(score) = &t.key_score {
        let change = score.change.map_or(String::new(), |c| {
            format!(" ({c:+.2} since the quarter before)")
        });
        lines.push(field(
            "  Key score",
            format!(
                "{:.2}{change}: ability {} · contribution {} · influence {}",
                score.score, score.ability, score.contribution, score.influence
            ),
            theme,
        ));
    }
    let engagement = match t.previous_engagement {
        Some(before) => format!("{} (was {before})", t.engagement),
        None => t.engagement.to_string(),
    };
    lines.push(field("  Engagement", engagement, theme));
    lines
}

fn points_lines(app: &App, theme: &Theme, p: &Person) -> Vec<Line<'static>> {
    let Some(s) = app
        .derived
        .standings
        .iter()
        .find(|s| s.person == p.id.as_str())
    else {
        return Vec::new();
    };
    let next = match (&s.next_level, s.threshold) {
        (Some(level), Some(threshold)) => {
            let when = match &s.eta {
                Eta::Reached => "reached".to_string(),
                Eta::On(day) => format!("around {day} at the recent rate"),
                Eta::NotAtRecentRate => "not at the recent rate".to_string(),
                Eta::NoThreshold => String::new(),
            };
            format!(" · next: {} at {threshold}, {when}", safe_line(level))
        }
        _ => String::new(),
    };
    vec![
        heading("Points", theme),
        Line::raw(format!(
            "  {} points, #{} in {}{next}",
            s.balance,
            s.rank,
            safe_line(&s.team)
        )),
    ]
}

fn coaching(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines = vec![heading("Actions (open ones carry forward)", theme)];
    let mut selected_line = None;
    let actions = app.actions_of(p.id.as_str());
    if actions.is_empty() {
        lines.push(Line::styled("  none yet: n writes a GROW note", theme.dim));
    }
    for (i, item) in actions.iter().enumerate() {
        let a = item.action;
        let selected = focused && i == app.item;
        if selected {
            selected_line = Some(lines.len());
        }
        let (mark, state) = match (a.done, a.due) {
            (Some(day), _) => ("[x]", format!("done {day}")),
            (None, Some(due)) if due < app.today => (
                "[ ]",
                format!("due {due}, {} days late", (app.today - due).num_days()),
            ),
            (None, Some(due)) => ("[ ]", format!("due {due}")),
            (None, None) => ("[ ]", "no due date".to_string()),
        };
        let late = a.done.is_none() && a.due.is_some_and(|d| d < app.today);
        let style = if selected {
            theme.selected
        } else if a.done.is_some() {
            theme.dim
        } else {
            theme.text
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {mark} ", if selected { "›" } else { " " }),
                style,
            ),
            Span::styled(safe_line(&a.text).into_owned(), style),
            Span::styled(
                if a.owner.trim().is_empty() {
                    " — ".to_string()
                } else {
                    format!(" — {}, ", safe_line(&a.owner))
                },
                theme.dim,
            ),
            Span::styled(state, if late { theme.bad } else { theme.dim }),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(heading("GROW notes, newest first", theme));
    let mut notes: Vec<_> = app
        .org
        .notes
        .values()
        .filter(|n| n.person == p.id)
        .collect();
    notes.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    if notes.is_empty() {
        lines.push(Line::styled("  no 1:1 recorded yet", theme.dim));
    }
    for note in notes {
        let confidence = match note.confidence {
            Some(c) if c < 7 => format!(" · confidence {c} (follow up)"),
            Some(c) => format!(" · confidence {c}"),
            None => String::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", note.date), theme.title),
            Span::styled(
                format!(" by {}{confidence}", safe_line(&note.author)),
                theme.dim,
            ),
        ]));
        for (label, text) in [
            ("Goal", &note.goal),
            ("Reality", &note.reality),
            ("Options", &note.options),
            ("Will", &note.will),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            for (i, part) in safe_text(text).lines().enumerate() {
                let label = if i == 0 {
                    format!("    {label}: ")
                } else {
                    " ".repeat(label.len() + 6)
                };
                lines.push(Line::from(vec![
                    Span::styled(label, theme.dim),
                    Span::raw(part.to_string()),
                ]));
            }
        }
    }
    (lines, selected_line)
}

/// Marks the selected item: `›` and the selection style.
fn pick(selected: bool, theme: &Theme) -> (&'static str, ratatui::style::Style) {
    if selected {
        ("›", theme.selected)
    } else {
        (" ", theme.text)
    }
}

fn plan(
    app: &App,
    theme: &Theme,
    p: &Person,
    width: u16,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut selected_line = None;
    // Goals of open plans can be selected for a check-in, counted in the order they are shown.
    let mut goal_index = 0;
    let mut plans: Vec<_> = app.org.pips.values().filter(|x| x.person == p.id).collect();
    if plans.is_empty() {
        return (vec![Line::styled("No improvement plan.", theme.dim)], None);
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
            Span::raw(format!(" · {} → {}", pip.start, pip.end)),
        ]));
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
            let selected = pip.status.is_open() && focused && goal_index == app.item;
            if pip.status.is_open() {
                goal_index += 1;
            }
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
        }
        for c in pip.checkins.iter().rev().take(3) {
            let ratings: Vec<String> = c
                .ratings
                .iter()
                .map(|r| format!("goal {} {}", r.goal, rating_label(r.rating)))
                .collect();
            lines.push(Line::styled(
                format!(
                    "  check-in {}: {} {}",
                    c.date,
                    ratings.join(", "),
                    safe_line(&c.note)
                ),
                theme.dim,
            ));
        }
        for s in &pip.supports {
            lines.push(Line::styled(
                format!("  support: {}", safe_line(&s.description)),
                theme.dim,
            ));
        }
    }
    (lines, selected_line)
}

fn succession(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut selected_line = None;
    let mut lines = vec![heading("Holds", theme)];
    let held: Vec<_> = app
        .org
        .positions
        .values()
        .filter(|pos| pos.incumbent.as_ref() == Some(&p.id))
        .collect();
    if held.is_empty() {
        lines.push(Line::styled("  no key position", theme.dim));
    }
    for pos in held {
        let state = if pos.successors.is_empty() {
            "NO SUCCESSOR".to_string()
        } else {
            format!(
                "{} successor(s), {} ready now",
                pos.successors.len(),
                pos.ready_now()
            )
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {} ({}): ",
                safe_line(&pos.title),
                pos.criticality.word()
            )),
            Span::styled(
                state,
                if pos.successors.is_empty() || pos.ready_now() == 0 {
                    theme.bad
                } else {
                    theme.good
                },
            ),
        ]));
        for s in &pos.successors {
            let emergency = if s.emergency {
                " · emergency cover"
            } else {
                ""
            };
            lines.push(Line::raw(format!(
                "    {}. {} — {}{emergency}",
                s.rank,
                safe_line(&app.name(s.person.as_str())),
                s.readiness.label()
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(heading("Successor for", theme));
    let slates: Vec<_> = app
        .org
        .positions
        .values()
        .filter(|pos| pos.successor(&p.id).is_some())
        .collect();
    if slates.is_empty() {
        lines.push(Line::styled("  no position", theme.dim));
    }
    for (i, pos) in slates.iter().enumerate() {
        if let Some(s) = pos.successor(&p.id) {
            let selected = focused && i == app.item;
            if selected {
                selected_line = Some(lines.len());
            }
            let (mark, style) = pick(selected, theme);
            lines.push(Line::styled(
                format!(
                    "{mark} {} — rank {}, {}",
                    safe_line(&pos.title),
                    s.rank,
                    s.readiness.label()
                ),
                style,
            ));
            for d in &s.development {
                let kind = format!("{:?}", d.kind).to_lowercase();
                lines.push(Line::styled(
                    format!("    {kind}: {}", safe_line(&d.description)),
                    theme.dim,
                ));
            }
        }
    }
    (lines, selected_line)
}

fn flags(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines = Vec::new();
    let mut selected_line = None;
    for (i, flag) in app.derived.person_flags(p.id.as_str()).enumerate() {
        let selected = focused && i == app.item;
        if selected {
            selected_line = Some(lines.len());
        }
        let style = if selected { theme.selected } else { theme.text };
        let quiet = flag
            .quiet
            .as_ref()
            .map_or(String::new(), |q| format!(" ({})", q.label()));
        lines.push(Line::from(vec![
            Span::styled(if selected { "›" } else { " " }, style),
            severity_marker(flag.severity, theme),
            Span::styled(
                format!("{}: {}", flag.kind.label(), safe_line(&flag.reason)),
                style,
            ),
            Span::styled(quiet, theme.dim),
        ]));
        for e in &flag.evidence {
            lines.push(Line::styled(
                format!("     · {}: {}", safe_line(&e.what), safe_line(&e.value)),
                theme.dim,
            ));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("No flags.", theme.dim));
    }
    (lines, selected_line)
}
