//! The Profile tab: role, tenure, key-employee mark, leaving stage, the latest assessment with
//! its trends over the last quarters, points with their trend over the last months, and the
//! urgency with what made it up. While presenting, the leaving stage (said of everyone, so its
//! absence says nothing either), the assessment note, points and what made up the urgency are
//! hidden.

use super::{field, heading};
use crate::app::App;
use crate::domain::person::Person;
use crate::text::safe_line;
use crate::ui::theme::Theme;
use crate::ui::widgets::hidden_line;
use ratatui::text::{Line, Span};

pub(super) fn profile(app: &App, theme: &Theme, p: &Person) -> Vec<Line<'static>> {
    let name_of = |id: &str| safe_line(&app.name(id)).into_owned();
    let mut lines = vec![
        // Title · team, without a separator for a part that is empty.
        Line::from(match (p.title.is_empty(), p.team.is_empty()) {
            (false, false) => vec![
                Span::styled(safe_line(&p.title).into_owned(), theme.title),
                Span::raw(format!(" · {}", safe_line(&p.team))),
            ],
            (false, true) => vec![Span::styled(safe_line(&p.title).into_owned(), theme.title)],
            (true, false) => vec![Span::raw(safe_line(&p.team).into_owned())],
            (true, true) => vec![Span::styled("no title or team", theme.dim)],
        }),
        field(
            "Level",
            [
                safe_line(&p.level).into_owned(),
                p.track.map_or("no track", |t| t.word()).to_string(),
                safe_line(&p.location).into_owned(),
            ]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
            theme,
        ),
        field(
            "Manager",
            p.manager.as_ref().map_or("none".into(), |m| {
                // A manager who has left is still named, and said to have left: the person
                // needs a new one.
                match app.org.people.get(m.as_str()).map(|m| m.status) {
                    Some(crate::domain::person::Status::Left { last_day }) => {
                        format!("{} (left on {last_day})", name_of(m.as_str()))
                    }
                    _ => name_of(m.as_str()),
                }
            }),
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
            Span::raw(match key.reason.trim() {
                "" => format!(" since {}", key.since),
                reason => format!(" since {}: {}", key.since, safe_line(reason)),
            }),
        ]));
    }
    if app.presenting {
        lines.push(hidden_line("Leaving stage: ", theme));
    } else if let Some(risk) = &p.flight_risk {
        lines.push(Line::from(vec![
            Span::styled("Leaving stage: ", theme.high),
            Span::raw(match risk.note.trim() {
                "" => format!("{} (noted {})", risk.stage.label(), risk.noted_on),
                note => format!(
                    "{} (noted {}): {}",
                    risk.stage.label(),
                    risk.noted_on,
                    safe_line(note)
                ),
            }),
        ]));
    }
    if let Some(dev) = p.development.as_deref() {
        if let Some(mentor) = &dev.mentor {
            lines.push(field("Mentor", name_of(mentor.as_str()), theme));
        }
        for r in &dev.rotations {
            let to = r.to.map_or("under way".to_string(), |d| d.to_string());
            lines.push(field(
                "Rotation",
                format!("{} ({} → {to})", safe_line(&r.place), r.from),
                theme,
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.extend(assessment_lines(app, theme, p));
    lines.extend(points_lines(app, theme, p));
    if let Some(urgency) = app.derived.urgency_detail(p, &app.rules) {
        lines.push(Line::raw(""));
        if app.presenting {
            // The score and its parts come from flags, the leaving stage among them.
            lines.push(heading("Urgency", theme));
            lines.push(hidden_line("  ", theme));
            return lines;
        }
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
    lines.extend(assessment_history(app, theme, p));
    lines
}

/// The trends over the last quarters, then every quarter's assessment, newest first, each with
/// how it moved from the one before, and the latest one's note.
fn assessment_history(app: &App, theme: &Theme, p: &Person) -> Vec<Line<'static>> {
    let list = super::trends::assessments(app, p);
    if list.is_empty() {
        return Vec::new();
    }
    let mut lines = super::trends::assessment_trends(theme, &list);
    lines.push(Line::styled(
        "  Quarter  ability contrib. influence  KPI   engagement  9-box",
        theme.dim,
    ));
    for (i, a) in list.iter().enumerate().rev() {
        let before = i.checked_sub(1).map(|j| list[j]);
        let moved = |now: u8, then: Option<u8>| match then.map(|t| i16::from(now) - i16::from(t)) {
            Some(d) if d != 0 => format!("{now}({d:+})"),
            _ => now.to_string(),
        };
        let kpi = a
            .kpi_attainment
            .map_or("–".to_string(), |k| format!("{k}%"));
        lines.push(Line::raw(format!(
            "  {:<8} {:<7} {:<8} {:<10} {:<5} {:<11} {}/{}",
            a.quarter.to_string(),
            moved(a.ability, before.map(|b| b.ability)),
            moved(a.contribution, before.map(|b| b.contribution)),
            moved(a.influence, before.map(|b| b.influence)),
            kpi,
            moved(a.engagement, before.map(|b| b.engagement)),
            a.performance.label(),
            a.potential.label(),
        )));
    }
    let note = list.last().map(|a| a.note.trim()).filter(|n| !n.is_empty());
    if let (Some(_), true) = (note, app.presenting) {
        lines.push(hidden_line("  Note: ", theme));
    } else if let Some(note) = note {
        lines.push(Line::from(vec![
            Span::styled("  Note: ", theme.dim),
            Span::raw(safe_line(note).into_owned()),
        ]));
    }
    lines
}

fn points_lines(app: &App, theme: &Theme, p: &Person) -> Vec<Line<'static>> {
    let Some(s) = app.standing_of(p.id.as_str()) else {
        return Vec::new();
    };
    if app.presenting {
        return vec![heading("Points", theme), hidden_line("  ", theme)];
    }
    let next = match (&s.next_level, s.threshold) {
        (Some(level), Some(threshold)) => {
            format!(
                " · next: {} at {threshold}, {}",
                safe_line(level),
                s.eta.words()
            )
        }
        _ => String::new(),
    };
    let mut lines = vec![
        heading("Points", theme),
        // A rank among people with no points says nothing.
        Line::raw(if s.points > 0 {
            format!(
                "  {} points, #{} in {}{next}",
                s.balance,
                s.rank,
                safe_line(&s.team)
            )
        } else {
            format!("  {} points{next}", s.balance)
        }),
    ];
    lines.extend(super::trends::points_trend(app, theme, p));
    lines
}
