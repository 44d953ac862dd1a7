//! The windows drawn over the body: help (every key, filtered by typing), the finder with its
//! matches highlighted, the `:` palette and the roster filter prompt.

use super::fit::pad;
use super::theme::Theme;
use super::widgets::{block, clear};
use crate::app::{App, Overlay};
use crate::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    match &app.overlay {
        Some(Overlay::Help { filter, selected }) => {
            help(app, theme, frame, body, filter, *selected)
        }
        Some(Overlay::Finder(finder)) => {
            // Only the hits that fit are drawn: a short query matches most of a large roster.
            let rows = usize::from(centered(body).height.saturating_sub(4)).max(1);
            let first = finder.selected.saturating_sub(rows - 1);
            let items: Vec<ListItem> = finder
                .hits
                .iter()
                .skip(first)
                .take(rows)
                .map(|hit| finder_item(app, theme, finder, hit))
                .collect();
            // How many were found: in a large organisation a short query finds thousands.
            let subtitle = match finder.hits.len() {
                _ if finder.query.trim().is_empty() && app.presenting => {
                    format!("everyone · {CHOOSE}")
                }
                _ if finder.query.trim().is_empty() => {
                    format!("most in need of attention first · {CHOOSE}")
                }
                0 => format!("nobody found · {CHOOSE}"),
                1 => format!("1 found · {CHOOSE}"),
                n => format!("{} found · {CHOOSE}", thousands(n)),
            };
            let title = match finder.pick {
                true => "Pick a person for the form · name, id, title, team or pinyin",
                false => "Find anyone · name, id, title, team or pinyin (zj finds 张建)",
            };
            list_window(
                frame,
                theme,
                body,
                (title, &subtitle),
                &finder.query,
                Listing {
                    items,
                    selected: finder.selected - first,
                    whole: None,
                },
            );
        }
        Some(Overlay::Palette { query, selected }) => {
            // The name, its key in the roster if it has one (so the palette teaches the
            // keys), and what it does, cut with `…` to what is left of the window.
            let actions = app.palette(query);
            // The columns stay where they are while a name is typed.
            let name_width = crate::app::action::Action::ALL
                .iter()
                .map(|a| a.name().width())
                .max()
                .unwrap_or(0)
                + 1;
            let key_of = |a: &crate::app::action::Action| {
                app.keymap
                    .keys_for(crate::app::keymap::Mode::Browse, *a)
                    .into_iter()
                    .next()
                    .map(|k| k.to_string())
                    .unwrap_or_default()
            };
            // The key column as wide as the widest key (`shift-tab`, a key of the user's).
            let key_width = crate::app::action::Action::ALL
                .iter()
                .map(|a| key_of(a).width())
                .max()
                .unwrap_or(0)
                + 1;
            let room = usize::from(centered(body).width).saturating_sub(2 + name_width + key_width);
            let items: Vec<ListItem> = actions
                .iter()
                .map(|a| {
                    ListItem::new(Line::from(vec![
                        Span::styled(pad(a.name(), name_width), theme.key),
                        Span::styled(pad(&key_of(a), key_width), theme.dim),
                        Span::raw(super::fit::cut(a.help(), room)),
                    ]))
                })
                .collect();
            list_window(
                frame,
                theme,
                body,
                (
                    "Run an action by name",
                    "type a name · ↑↓ choose · Enter runs it · Esc close",
                ),
                &format!(":{query}"),
                Listing {
                    items,
                    selected: *selected,
                    whole: actions
                        .get(*selected)
                        .map(|a| a.help())
                        .filter(|help| help.width() > room),
                },
            );
        }
        Some(Overlay::Filter) => {
            let area = Rect {
                y: body.bottom().saturating_sub(1),
                height: 1,
                ..body
            };
            let text = format!("/{}", safe_line(&app.roster.filter));
            clear(frame, area);
            frame.render_widget(
                Line::from(vec![
                    Span::styled(text.clone(), theme.key),
                    Span::styled("  Enter keeps the filter · Esc clears it", theme.dim),
                ]),
                area,
            );
            frame.set_cursor_position(Position::new(area.x + text.width() as u16, area.y));
        }
        Some(Overlay::Confirm { question, .. }) => {
            // The whole question, wrapped: it says what would be taken away.
            let lines = super::fit::wrap(
                &[Line::styled(safe_line(question).into_owned(), theme.title)],
                body.width.saturating_sub(2),
            );
            let height = (lines.len() as u16 + 2).min(body.height);
            let area = Rect {
                y: body.bottom().saturating_sub(height),
                height,
                ..body
            };
            clear(frame, area);
            frame.render_widget(
                Paragraph::new(lines).block(block("Confirm", area.width, true, theme)),
                area,
            );
        }
        None => {}
    }
}

const CHOOSE: &str = "↑↓ choose · Enter open · Esc close";

/// The roster's markers, explained at the top of the help.
const LEGEND: &str = "Markers: !! critical · ! high · • watch · · info · ★ key employee · P on a plan · S no successor";

fn centered(body: Rect) -> Rect {
    let width = body.width.saturating_sub(4).min(90);
    let height = body.height.saturating_sub(2).min(24);
    Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + (body.height - height) / 2,
        width,
        height,
    }
}

/// The rows of a [`list_window`], the selected one, and its text in full when its row cut it.
struct Listing<'a, 'w> {
    items: Vec<ListItem<'a>>,
    selected: usize,
    whole: Option<&'w str>,
}

/// A window with a query line (holding the real cursor) over a list.
fn list_window(
    frame: &mut Frame,
    theme: &Theme,
    body: Rect,
    (title, subtitle): (&str, &str),
    query: &str,
    Listing {
        items,
        selected,
        whole,
    }: Listing,
) {
    let area = centered(body);
    clear(frame, area);
    let outer = block(title, area.width, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    // The subtitle (the help's marker legend) wraps rather than being cut.
    let mut head = vec![];
    let query = safe_line(query).into_owned();
    let prompt = format!("> {query}");
    head.push(Line::styled(prompt.clone(), theme.title));
    head.extend(super::fit::wrap(
        &[Line::styled(subtitle.to_string(), theme.dim)],
        inner.width,
    ));
    // The selected row's text in full, under the list, when the row had to cut it.
    let foot = whole.map_or_else(Vec::new, |text| {
        super::fit::wrap(&[Line::styled(format!("› {text}"), theme.dim)], inner.width)
    });
    let [input, list, under] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Min(1),
        Constraint::Length(foot.len() as u16),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head), input);
    frame.render_widget(Paragraph::new(foot), under);
    frame.set_cursor_position(Position::new(input.x + prompt.width() as u16, input.y));
    let empty = items.is_empty();
    let mut state = ListState::default().with_selected(if empty { None } else { Some(selected) });
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected),
        list,
        &mut state,
    );
}

fn finder_item<'a>(
    app: &App,
    theme: &Theme,
    finder: &crate::app::finder::Finder,
    hit: &crate::app::finder::Hit,
) -> ListItem<'a> {
    let id = finder.id_of(hit).unwrap_or_default();
    let person = app.org.people.get(id);
    let raw = person.map_or(id, |p| p.name.as_str());
    let name = safe_line(raw).into_owned();
    // Match positions count characters of the stored name: they only fit an unchanged one.
    let positions = if hit.by_name && name == raw {
        crate::app::finder::name_positions(raw, &finder.query)
    } else {
        Vec::new()
    };
    // One span a cluster, never a character: a joiner or an accent alone in a span is not drawn.
    let mut spans: Vec<Span> = Vec::new();
    let mut first_char = 0;
    for cluster in name.graphemes(true) {
        let chars = cluster.chars().count();
        let matched = (first_char..first_char + chars).any(|i| positions.contains(&i));
        first_char += chars;
        let style = if matched { theme.highlight } else { theme.text };
        spans.push(Span::styled(cluster.to_string(), style));
    }
    // The id tells two people of one name apart, and shows why a typed id found them.
    let details: Vec<String> = person
        .iter()
        .flat_map(|p| {
            let status = super::roster::status_note(p).unwrap_or_default();
            [status.into(), safe_line(&p.title), safe_line(&p.team)]
        })
        .filter(|text| !text.is_empty())
        .map(|text| text.into_owned())
        .chain(std::iter::once(safe_line(id).into_owned()))
        .collect();
    spans.push(Span::styled(
        format!("  {}", details.join(" · ")),
        theme.dim,
    ));
    ListItem::new(Line::from(spans))
}

fn help(app: &App, theme: &Theme, frame: &mut Frame, body: Rect, filter: &str, selected: usize) {
    // What a description has room for beside the mode and the keys, inside the borders: a
    // longer one ends with … rather than mid-word.
    let lines = app.help_lines(filter);
    // The keys' column as wide as its widest (of every line, so it stays put while typing).
    let keys_width = app
        .help_lines("")
        .iter()
        .map(|l| l.keys.width() + 1)
        .max()
        .unwrap_or(0)
        .clamp(8, 22);
    let room = usize::from(centered(body).width).saturating_sub(2 + 7 + keys_width);
    let items: Vec<ListItem> = lines
        .iter()
        .map(|l| {
            ListItem::new(Line::from(vec![
                Span::styled(format!("{:<7}", l.mode.name()), theme.dim),
                Span::styled(pad(&l.keys, keys_width), theme.key),
                Span::raw(super::fit::cut(l.action.help(), room)),
            ]))
        })
        .collect();
    list_window(
        frame,
        theme,
        body,
        ("Keys · type to filter · Enter runs the action", LEGEND),
        filter,
        Listing {
            items,
            selected,
            whole: lines
                .get(selected)
                .map(|l| l.action.help())
                .filter(|help| help.width() > room),
        },
    );
}

/// `86300` as `86,300`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
