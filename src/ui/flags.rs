//! Team view: every flag in scope, loudest first, the selected one with its evidence. While
//! presenting, each flag shows its kind and whom it is about; its reason and evidence are
//! hidden, and a leaving-stage flag's severity too.

use super::fit::{cut, pad, wrap};
use super::theme::Theme;
use super::widgets::{HIDDEN, block, hidden, severity_marker};
use crate::app::App;
use crate::app::presenter::severity_shown;
use crate::domain::quiet::QuietState;
use crate::export::insight::subject_name;
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let flags = app.visible_flags();
    let open = flags.iter().filter(|f| f.quiet.is_none()).count();
    // A shared server sends the loudest flags only; each person's come with the person.
    let all = app.derived.team_flag_count;
    let of = match all > flags.len() {
        true => format!("loudest {} of {all} · ", flags.len()),
        false => String::new(),
    };
    let outer = block(
        &format!("Flags · {of}{open} open, {} quiet", flags.len() - open),
        area.width,
        app.overlay.is_none(),
        theme,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [list_area, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(8)]).areas(inner);
    let width = usize::from(list_area.width);
    // Only the rows that fit are built: a large organisation has hundreds of thousands of flags.
    let height = usize::from(list_area.height);
    let offset = super::roster::scroll(app.list_offset.get(), app.item, height, flags.len());
    app.list_offset.set(offset);
    let items: Vec<ListItem> = flags[offset..(offset + height).min(flags.len())]
        .iter()
        .map(|f| {
            // Columns are padded by terminal cells, not characters, so CJK names line up.
            let subject = pad(
                &cut(&safe_line(&subject_name(&app.org, &f.subject)), 22),
                22,
            );
            let state = match &f.quiet {
                Some(QuietState::Acknowledged { .. }) => "acknowledged · ",
                Some(QuietState::Snoozed { until, .. }) => &format!("snoozed until {until} · "),
                None => "",
            };
            let reason = match app.presenting {
                true => HIDDEN.into(),
                false => safe_line(&f.reason),
            };
            let text = format!("{state}{}: {reason}", f.kind.label());
            let room = width.saturating_sub(2 + 9 + 22 + 1);
            let severity_hidden = app.presenting && !severity_shown(f);
            ListItem::new(Line::from(vec![
                // A quiet flag keeps its severity in words, without the loud marker.
                if f.quiet.is_some() || severity_hidden {
                    Span::styled("  ", theme.dim)
                } else {
                    severity_marker(f.severity, theme)
                },
                match severity_hidden {
                    true => Span::styled(format!("{HIDDEN:<9}"), theme.dim),
                    false => Span::raw(format!("{:<9}", f.severity.label())),
                },
                Span::styled(subject, theme.title),
                Span::raw(" "),
                Span::styled(
                    cut(&text, room),
                    if f.quiet.is_some() {
                        theme.dim
                    } else {
                        theme.text
                    },
                ),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.item.saturating_sub(offset)));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected),
        list_area,
        &mut state,
    );
    let Some(flag) = flags.get(app.item) else {
        return;
    };
    if app.presenting {
        let lines = vec![
            Line::from(vec![
                Span::styled(format!("{}: ", flag.kind.label()), theme.title),
                hidden(theme),
            ]),
            Line::from(vec![Span::styled("Evidence: ", theme.dim), hidden(theme)]),
        ];
        frame.render_widget(Paragraph::new(lines), detail);
        return;
    }
    let mut lines = vec![
        Line::styled(safe_line(&flag.reason).into_owned(), theme.title),
        Line::styled("Evidence", theme.dim),
    ];
    lines.extend(
        flag.evidence
            .iter()
            .map(|e| Line::raw(format!("· {}: {}", safe_line(&e.what), safe_line(&e.value)))),
    );
    frame.render_widget(Paragraph::new(wrap(&lines, detail.width)), detail);
}
