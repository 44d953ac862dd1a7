//! The Succession tab: the positions held, with their slates, and those they could succeed to.

use super::{heading, pick};
use crate::app::App;
use crate::domain::person::Person;
use crate::text::safe_line;
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};

pub(super) fn succession(
    app: &App,
    theme: &Theme,
    p: &Person,
    focused: bool,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut selected_line = None;
    // Items are the successors of held positions, then the slates they are on
    // (`App::succession_items`), counted in the order they are shown.
    let mut item_index = 0;
    let mut lines = vec![heading("Holds", theme)];
    let held: Vec<_> = app
        .org
        .positions
        .values()
        .filter(|pos| pos.incumbent.as_ref() == Some(&p.id))
        .collect();
    if held.is_empty() {
        lines.push(match app.read_only {
            Some(_) => Line::styled("  no key position", theme.dim),
            None => Line::styled(
                "  no key position (O makes one with them as incumbent)",
                theme.dim,
            ),
        });
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
        let mut slate: Vec<_> = pos.successors.iter().collect();
        slate.sort_by_key(|s| s.rank);
        for s in slate {
            let emergency = if s.emergency {
                " · emergency cover"
            } else {
                ""
            };
            let selected = focused && item_index == app.item;
            if selected {
                selected_line = Some(lines.len());
            }
            item_index += 1;
            let (mark, style) = pick(selected, theme);
            lines.push(Line::styled(
                format!(
                    "  {mark} {}. {} — {}{emergency}",
                    s.rank,
                    safe_line(&app.name(s.person.as_str())),
                    s.readiness.label()
                ),
                style,
            ));
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
    for pos in slates.iter() {
        if let Some(s) = pos.successor(&p.id) {
            let selected = focused && item_index == app.item;
            item_index += 1;
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
                let due = d.due.map_or(String::new(), |day| format!(" (by {day})"));
                lines.push(Line::styled(
                    format!("    {kind}: {}{due}", safe_line(&d.description)),
                    theme.dim,
                ));
            }
        }
    }
    (lines, selected_line)
}
