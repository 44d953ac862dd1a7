//! Text fitted to screen columns: cut with `…`, padded, and wrapped. Widths are the cells a
//! terminal gives each grapheme cluster (`unicode-width`): two for a CJK character, none for an
//! accent or a joiner. Never `chars().count()`, never `len()`.
//!
//! Every wrapped paragraph is wrapped here, before ratatui sees it, rather than with
//! `Paragraph::wrap`: in ratatui 0.30.2 that can make a line one cell wider than its area when
//! a wide character does not fit the cells left on a row, and the line then runs into the
//! pane's border (ratatui issue 2679, open when this was written).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `text` followed by spaces up to `width` cells.
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// `text` cut to `width` cells, ending in `…` when something was cut. A wide character or a
/// cluster (a letter and its accent) is never split.
pub fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in text.graphemes(true) {
        let w = cluster.width();
        // One cell stays for the `…`.
        if used + w + 1 > width {
            break;
        }
        out.push_str(cluster);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// One cluster of a line being wrapped, with its style and width.
#[derive(Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    style: Style,
    width: usize,
}

impl Piece<'_> {
    fn blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

fn width_of(pieces: &[Piece]) -> usize {
    pieces.iter().map(|p| p.width).sum()
}

/// `line` broken into lines of at most `width` cells, keeping its styles. Words (what lies
/// between spaces) are kept whole, as long as one fits on a line of its own; a longer one (a
/// Chinese sentence is written without spaces) is begun where it falls and broken beside a
/// wide character, or anywhere when it has none. The spaces at a break are dropped; the indent
/// of the first line is kept.
pub fn wrap_line(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let pieces: Vec<Piece> = line
        .spans
        .iter()
        .flat_map(|span| {
            let style = line.style.patch(span.style);
            span.content.graphemes(true).map(move |text| Piece {
                text,
                style,
                width: text.width(),
            })
        })
        // A cluster wider than the whole line cannot be shown at all.
        .filter(|p| p.width <= width)
        .collect();
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    let mut row: Vec<Piece> = Vec::new();
    let mut at = 0;
    while at < pieces.len() {
        let spaces = pieces[at..].iter().take_while(|p| p.blank()).count();
        let letters = pieces[at + spaces..]
            .iter()
            .take_while(|p| !p.blank())
            .count();
        let gap = &pieces[at..at + spaces];
        let word = &pieces[at + spaces..at + spaces + letters];
        at += spaces + letters;
        let used = width_of(&row);
        // A continued line does not start with the spaces it broke at.
        let gap = if row.is_empty() && !rows.is_empty() {
            &[][..]
        } else {
            gap
        };
        if used + width_of(gap) + width_of(word) <= width {
            row.extend_from_slice(gap);
            row.extend_from_slice(word);
        } else if width_of(word) <= width {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            row.extend_from_slice(word);
        } else {
            if used + width_of(gap) < width {
                row.extend_from_slice(gap);
            }
            let start = row.len();
            for piece in word {
                if width_of(&row) + piece.width > width {
                    let cut = break_in_word(&row[start.min(row.len())..], piece)
                        .map_or(row.len(), |i| start.min(row.len()) + i);
                    let rest = row.split_off(cut);
                    while row.last().is_some_and(Piece::blank) {
                        row.pop();
                    }
                    rows.push(std::mem::take(&mut row));
                    row = rest;
                }
                row.push(*piece);
            }
        }
    }
    rows.push(row);
    rows.into_iter()
        .map(|pieces| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for piece in pieces {
                match spans.last_mut() {
                    Some(last) if last.style == piece.style => {
                        last.content.to_mut().push_str(piece.text)
                    }
                    _ => spans.push(Span::styled(piece.text.to_string(), piece.style)),
                }
            }
            let mut wrapped = Line::from(spans);
            wrapped.alignment = line.alignment;
            wrapped
        })
        .collect()
}

/// Where in `part` (the start of a long word on this row) the row is best broken so that
/// `next` can follow on the next one: right before `next`, or the last place before it, beside
/// a wide character but never before punctuation (`张建,` keeps its comma). `None` when the
/// word has no such place on this row.
fn break_in_word(part: &[Piece], next: &Piece) -> Option<usize> {
    let may_break = |before: &Piece, after: &Piece| {
        (before.width > 1 || after.width > 1) && after.text.starts_with(char::is_alphanumeric)
    };
    if part.last().is_some_and(|last| may_break(last, next)) {
        return Some(part.len());
    }
    (1..part.len())
        .rev()
        .find(|&i| may_break(&part[i - 1], &part[i]))
}

/// Every line of `lines` wrapped to `width` cells.
pub fn wrap(lines: &[Line<'_>], width: u16) -> Vec<Line<'static>> {
    lines
        .iter()
        .flat_map(|line| wrap_line(line, usize::from(width)))
        .collect()
}

/// How far the rows after the first of an indented `line` are indented: under the start of its
/// second span when the first is a label (`  Key score: `, `  +3  `, `Leaving stage: `), else
/// two cells past its own indent. An unindented line but for a label, or one whose hang would
/// take half the width, does not hang.
fn hang_of(line: &Line<'_>, width: usize) -> usize {
    // A selected row's `›` stands where the others have a space: it hangs the same.
    let lead = |text: &str| text.chars().take_while(|c| matches!(c, ' ' | '›')).count();
    let Some(first) = line.spans.first() else {
        return 0;
    };
    let indent = lead(&first.content);
    if indent == 0 {
        // A label at the left edge (`Leaving stage: `) hangs its text under itself.
        let label = line.spans.len() > 1 && first.content.ends_with(": ");
        return match label && first.content.width() * 2 <= width {
            true => first.content.width(),
            false => 0,
        };
    }
    let label = line.spans.len() > 1
        && first.content.ends_with(' ')
        && !first.content.trim_matches([' ', '›']).is_empty();
    let hang = if label {
        first.content.width()
    } else {
        indent + 2
    };
    if hang * 2 > width {
        indent.min(width / 4)
    } else {
        hang
    }
}

/// `line` wrapped to `width` cells with a hanging indent: the rows after the first start under
/// its text (see [`hang_of`]), not at the left edge.
pub fn wrap_hanging(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let hang = hang_of(line, width);
    let mut rows = wrap_line(line, width);
    if hang == 0 || rows.len() < 2 {
        return rows;
    }
    // Wrap again what followed the first row, into the narrower room the hang leaves.
    let first = rows.remove(0);
    let rest: Vec<Span<'static>> = rows
        .into_iter()
        .enumerate()
        .flat_map(|(i, row)| {
            let gap = (i > 0).then(|| Span::raw(" "));
            gap.into_iter().chain(row.spans)
        })
        .collect();
    let mut out = vec![first];
    for row in wrap_line(&Line::from(rest), width - hang) {
        let mut spans = vec![Span::raw(" ".repeat(hang))];
        spans.extend(row.spans);
        out.push(Line::from(spans));
    }
    out
}

/// [`wrap`] with hanging indents, also saying where line `selected` went: its first row and how
/// many rows it takes.
pub fn wrap_following(
    lines: &[Line<'_>],
    width: u16,
    selected: Option<usize>,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let mut rows = Vec::new();
    let mut at = None;
    for (i, line) in lines.iter().enumerate() {
        let wrapped = wrap_hanging(line, usize::from(width));
        if selected == Some(i) {
            at = Some((rows.len(), wrapped.len()));
        }
        rows.extend(wrapped);
    }
    (rows, at)
}

/// Plain `text` wrapped to `width` cells, as strings.
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    wrap_line(&Line::raw(text), width)
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// A table column as [`columns`] places it: the cells it needs at least, the cells its widest
/// text would take, how much it matters (0 most; a larger number goes first), and whether its
/// text wraps (such a column is given what is left only after the others have what they want).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub min: u16,
    pub want: u16,
    pub rank: u8,
    pub wraps: bool,
}

/// The width of each column in `width` cells, with one cell between columns: `None` for a
/// column left out. While the columns do not fit at their least, the one that matters least
/// goes; what is left over is handed out by importance, each column up to what it wants, the
/// columns that wrap last.
pub fn columns(width: u16, cols: &[Column]) -> Vec<Option<u16>> {
    let mut kept: Vec<bool> = vec![true; cols.len()];
    let need = |kept: &[bool]| -> u32 {
        let (sum, n) = cols
            .iter()
            .zip(kept)
            .filter(|(_, k)| **k)
            .fold((0u32, 0u32), |(s, n), (c, _)| (s + u32::from(c.min), n + 1));
        sum + n.saturating_sub(1)
    };
    while need(&kept) > u32::from(width) {
        // Of equal importance, the rightmost goes first.
        let Some(drop) = (0..cols.len())
            .filter(|&i| kept[i])
            .max_by_key(|&i| (cols[i].rank, i))
        else {
            break;
        };
        if kept.iter().filter(|k| **k).count() == 1 {
            break;
        }
        kept[drop] = false;
    }
    let mut widths: Vec<Option<u16>> = cols
        .iter()
        .zip(&kept)
        .map(|(c, k)| k.then_some(c.min))
        .collect();
    let mut left = u32::from(width).saturating_sub(need(&kept));
    let mut order: Vec<usize> = (0..cols.len()).filter(|&i| kept[i]).collect();
    order.sort_by_key(|&i| (cols[i].wraps, cols[i].rank, i));
    for i in order {
        let Some(w) = widths[i].as_mut() else {
            continue;
        };
        let more = u32::from(cols[i].want.saturating_sub(*w)).min(left);
        *w += more as u16;
        left -= more;
    }
    widths
}

/// The widest of `texts` in cells, at most `u16::MAX`.
pub fn widest<'a>(texts: impl IntoIterator<Item = &'a str>) -> u16 {
    texts
        .into_iter()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
        .min(usize::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(lines: &[Line]) -> Vec<usize> {
        lines.iter().map(Line::width).collect()
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn cutting_respects_wide_characters_and_clusters() {
        assert_eq!(cut("张建建", 4), "张…");
        assert_eq!(cut("Ada", 5), "Ada");
        assert_eq!(cut("Adaline", 4), "Ada…");
        assert_eq!(cut("Rene\u{301}e Okafor", 5), "Rene\u{301}…");
        assert_eq!(cut("👩\u{200d}💻👩\u{200d}💻", 3), "👩\u{200d}💻…");
        assert_eq!(pad("张", 4), "张  ");
    }

    #[test]
    fn a_wrapped_line_is_never_wider_than_its_width() {
        // The case: a Chinese title and its team, a few cells too wide for the pane.
        let title = "华东区大客户销售部高级客户经理兼渠道合作负责人 · 销售";
        for width in 1..60 {
            let lines = wrap_line(&Line::raw(title), width);
            assert!(
                widths(&lines).iter().all(|w| *w <= width),
                "{width}: {lines:?}"
            );
            let joined: String = texts(&lines).concat();
            let kept: String = title.chars().filter(|c| *c != ' ').collect();
            if width > 1 {
                assert_eq!(joined.replace(' ', ""), kept, "{width}: nothing lost");
            }
        }
        for width in 1..12 {
            for text in [
                "a🌞b",
                "\u{301}abc def",
                "ab张三 李四 x",
                "  indented 张伟 text",
            ] {
                let lines = wrap_line(&Line::raw(text), width);
                assert!(
                    widths(&lines).iter().all(|w| *w <= width),
                    "{text:?} {width}"
                );
            }
        }
    }

    #[test]
    fn lines_break_at_spaces_or_beside_wide_characters() {
        let lines = wrap_line(&Line::raw("the quick brown fox"), 10);
        assert_eq!(texts(&lines), ["the quick", "brown fox"]);
        let lines = wrap_line(&Line::raw("Title: 华东区大客户销售部"), 12);
        assert_eq!(
            texts(&lines),
            ["Title: 华东", "区大客户销售", "部"],
            "a long word is begun"
        );
        let lines = wrap_line(&Line::raw("负责人 · 销售"), 10);
        assert_eq!(
            texts(&lines),
            ["负责人 ·", "销售"],
            "a short one moves whole"
        );
        let lines = wrap_line(&Line::raw("  +3  watch flag: nobody"), 12);
        assert_eq!(
            texts(&lines),
            ["  +3  watch", "flag: nobody"],
            "the indent stays"
        );
        let lines = wrap_line(&Line::raw("张三李四王五，赵六"), 12);
        assert_eq!(
            texts(&lines),
            ["张三李四王", "五，赵六"],
            "a comma never starts a line"
        );
        let lines = wrap_line(&Line::raw("abcdefghij"), 4);
        assert_eq!(texts(&lines), ["abcd", "efgh", "ij"]);
        assert_eq!(texts(&wrap_line(&Line::raw(""), 4)), [""]);
    }

    #[test]
    fn plain_text_wraps_at_spaces() {
        let text = "line 1, better: `fewer` is not one of: higher, lower";
        let lines = wrap_text(text, 20);
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn styles_survive_the_wrap() {
        let theme = Style::new().bold();
        let line = Line::from(vec![
            Span::styled("Manager: ", theme),
            Span::raw("欧阳娜娜"),
        ]);
        let lines = wrap_line(&line, 12);
        assert_eq!(texts(&lines), ["Manager:", "欧阳娜娜"]);
        assert_eq!(lines[0].spans[0].style, theme);
        assert_eq!(lines[1].spans[0].style, Style::default());
        let line = Line::from(vec![
            Span::styled("Goal: ", theme),
            Span::raw("下季度完成客户迁移"),
        ]);
        let lines = wrap_line(&line, 12);
        assert_eq!(texts(&lines), ["Goal: 下季度", "完成客户迁移"]);
        assert_eq!(lines[0].spans[1].content, "下季度");
        assert_eq!(lines[0].spans[1].style, Style::default());
    }

    #[test]
    fn columns_that_matter_least_go_first_and_the_rest_share_what_is_left() {
        let col = |min, want, rank| Column {
            min,
            want,
            rank,
            wraps: false,
        };
        let cols = [col(10, 20, 0), col(5, 5, 2), col(8, 30, 1)];
        assert_eq!(columns(80, &cols), [Some(20), Some(5), Some(30)]);
        assert_eq!(columns(25, &cols), [Some(10), Some(5), Some(8)]);
        assert_eq!(columns(30, &cols), [Some(15), Some(5), Some(8)]);
        assert_eq!(columns(19, &cols), [Some(10), None, Some(8)]);
        assert_eq!(columns(12, &cols), [Some(12), None, None]);
        assert_eq!(
            columns(3, &cols),
            [Some(10), None, None],
            "one always stays"
        );
        assert_eq!(widest(["ab", "张三李"]), 6);
        let wrapping = [
            Column {
                wraps: true,
                ..cols[0]
            },
            cols[1],
            cols[2],
        ];
        assert_eq!(
            columns(48, &wrapping),
            [Some(11), Some(5), Some(30)],
            "the wrapping column waits"
        );
    }

    #[test]
    fn an_indented_line_hangs_under_its_text() {
        let dim = Style::new().dim();
        let line = Line::from(vec![
            Span::styled("  +3  ", dim),
            Span::raw("watch flag: nobody is planned to succeed them"),
        ]);
        assert_eq!(
            texts(&wrap_hanging(&line, 30)),
            [
                "  +3  watch flag: nobody is",
                "      planned to succeed them"
            ]
        );
        let line = Line::from(vec![
            Span::styled("  Key score: ", dim),
            Span::raw("4.00: ability 4 · contribution 4 · influence 4"),
        ]);
        let rows = texts(&wrap_hanging(&line, 40));
        assert_eq!(rows[0], "  Key score: 4.00: ability 4 ·");
        assert!(
            rows[1..].iter().all(|r| r.starts_with("             ")),
            "{rows:?}"
        );
        let plain = Line::raw("  Note: a long note that needs to wrap somewhere");
        assert_eq!(
            texts(&wrap_hanging(&plain, 24)),
            [
                "  Note: a long note that",
                "    needs to wrap",
                "    somewhere"
            ]
        );
        let flush = Line::raw("no indent here at all, wraps plainly");
        assert_eq!(texts(&wrap_hanging(&flush, 20))[1], "all, wraps plainly");
        for width in 1..40 {
            assert!(
                widths(&wrap_hanging(&line, width))
                    .iter()
                    .all(|w| *w <= width)
            );
        }
    }

    #[test]
    fn the_selected_line_is_followed_through_the_wrap() {
        let lines = [
            Line::raw("one two three"),
            Line::raw("four"),
            Line::raw("five"),
        ];
        let (rows, at) = wrap_following(&lines, 5, Some(1));
        assert_eq!(texts(&rows), ["one", "two", "three", "four", "five"]);
        assert_eq!(at, Some((3, 1)));
    }
}
