//! A multi-line text field: the text, the cursor, and where the cursor is on screen once the
//! text is wrapped to a width, so the real terminal cursor (and an input method's composition
//! window) sits exactly at the insertion point, wide characters included.
//!
//! The cursor moves by grapheme cluster, what a reader sees as one character: `é` written as
//! `e` + U+0301, a Devanagari syllable, 👩‍💻. It never stops inside one, so Left, Right,
//! Backspace and Delete step over a cluster whole and nothing typed lands between a letter and
//! its accent. What is typed or pasted is taken in as [`crate::text::kept_in_line`] says (the
//! joiners stay, invisible characters do not) and kept composed (NFC), the form it is stored in.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    lines: Vec<String>,
    /// The cursor's line, and its byte offset in that line: always a grapheme cluster boundary.
    row: usize,
    col: usize,
}

impl Default for TextField {
    fn default() -> Self {
        TextField::new("")
    }
}

impl TextField {
    /// A field holding `text`, taken in as if typed: control and invisible characters that a
    /// draft file or an editor could hold do not get in.
    pub fn new(text: &str) -> TextField {
        let mut field = TextField {
            lines: vec![String::new()],
            row: 0,
            col: 0,
        };
        field.insert_str(text);
        field
    }

    /// The line the cursor is on, from 0.
    pub fn row(&self) -> usize {
        self.row
    }

    /// The whole text, its lines apart by `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }

    /// Types `c` at the cursor: `\n` starts a new line, a tab is a space.
    pub fn insert(&mut self, c: char) {
        match c {
            '\n' => self.newline(),
            '\r' => {}
            c => self.insert_in_line(c.encode_utf8(&mut [0; 4])),
        }
    }

    /// Pasted text goes in as typed, line breaks included (terminals paste them as CR, CRLF or
    /// LF).
    pub fn insert_str(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            self.insert_in_line(part);
        }
    }

    /// Puts `text` (no line break in it) at the cursor, without the characters that may not
    /// be typed, and the cursor after it.
    fn insert_in_line(&mut self, text: &str) {
        let line = &mut self.lines[self.row];
        // Each character is judged against the one before it: a variation selector is kept
        // after a letter or an emoji, and dropped with nothing to select.
        let mut previous = line[..self.col].chars().next_back();
        let mut kept = String::with_capacity(text.len());
        for c in text.chars() {
            let c = if c == '\t' { ' ' } else { c };
            if crate::text::kept_in_line(c, previous) {
                kept.push(c);
            }
            previous = Some(c);
        }
        if kept.is_empty() {
            return;
        }
        line.insert_str(self.col, &kept);
        // What was typed may have joined the cluster before it (an accent after its letter)
        // or after it: the cursor goes after every cluster it touches, never inside one.
        let (_, end) = self.compose(self.col, self.col + kept.len());
        self.col = end;
    }

    /// Makes the clusters of the cursor's line that `start..end` touches composed (NFC), and
    /// returns where they now start and end.
    fn compose(&mut self, start: usize, end: usize) -> (usize, usize) {
        let line = &mut self.lines[self.row];
        let from = boundary_at_or_before(line, start);
        let to = boundary_at_or_after(line, end);
        let composed = crate::text::nfc(&line[from..to]).into_owned();
        line.replace_range(from..to, &composed);
        (from, from + composed.len())
    }

    /// After text around the cursor went away, what is left either side may be one cluster
    /// (a lone accent now follows a letter): composed, with the cursor before it.
    fn mend(&mut self) {
        let (from, _) = self.compose(self.col, self.col);
        self.col = from;
    }

    pub fn newline(&mut self) {
        let rest = self.lines[self.row].split_off(self.col);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    /// Removes the cluster before the cursor, or joins the line to the one above.
    pub fn backspace(&mut self) {
        if self.col > 0 {
            let line = &mut self.lines[self.row];
            let start = previous_boundary(line, self.col);
            line.replace_range(start..self.col, "");
            self.col = start;
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.lines[self.row].len();
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
        self.mend();
    }

    /// Removes the cluster after the cursor, or joins the next line to this one.
    pub fn delete(&mut self) {
        let line = &mut self.lines[self.row];
        if self.col < line.len() {
            let end = next_boundary(line, self.col);
            line.replace_range(self.col..end, "");
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
        self.mend();
    }

    /// One cluster left, or to the end of the line above.
    pub fn left(&mut self) {
        if self.col > 0 {
            self.col = previous_boundary(&self.lines[self.row], self.col);
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.lines[self.row].len();
        }
    }

    /// One cluster right, or to the start of the line below.
    pub fn right(&mut self) {
        let line = &self.lines[self.row];
        if self.col < line.len() {
            self.col = next_boundary(line, self.col);
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    /// The line above, at the same screen column or the nearest before it.
    pub fn up(&mut self) {
        if self.row > 0 {
            let cells = self.lines[self.row][..self.col].width();
            self.row -= 1;
            self.col = at_cells(&self.lines[self.row], cells);
        }
    }

    /// The line below, at the same screen column or the nearest before it.
    pub fn down(&mut self) {
        if self.row + 1 < self.lines.len() {
            let cells = self.lines[self.row][..self.col].width();
            self.row += 1;
            self.col = at_cells(&self.lines[self.row], cells);
        }
    }

    /// Puts the cursor after the last character.
    pub fn end_of_text(&mut self) {
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].len();
    }

    /// Removes the line the cursor is on (a row of a list).
    pub fn remove_line(&mut self) {
        let cells = self.lines[self.row][..self.col].width();
        if self.lines.len() == 1 {
            self.lines[0].clear();
        } else {
            self.lines.remove(self.row);
            self.row = self.row.min(self.lines.len() - 1);
        }
        self.col = at_cells(&self.lines[self.row], cells);
    }

    pub fn home(&mut self) {
        self.col = 0;
    }

    pub fn end(&mut self) {
        self.col = self.lines[self.row].len();
    }

    /// The text wrapped to `width` cells: the screen lines, and the cursor's (line, cell).
    /// Cells are counted per cluster as the terminal draws it: two for a CJK character, none
    /// for a joiner or an accent. A line breaks before a word that does not fit, as the saved
    /// note is wrapped; a word longer than a whole line, and text without spaces (Chinese),
    /// break between clusters.
    pub fn layout(&self, width: u16) -> (Vec<String>, (usize, u16)) {
        let width = usize::from(width.max(2));
        let mut screen = Vec::new();
        let mut cursor = (0, 0);
        for (r, line) in self.lines.iter().enumerate() {
            let clusters: Vec<(usize, &str)> = line.grapheme_indices(true).collect();
            let words = word_widths(&clusters);
            let mut current = String::new();
            let mut used = 0;
            for (i, &(at, cluster)) in clusters.iter().enumerate() {
                let w = cluster.width();
                let word = words[i];
                let word_breaks = word > 0 && used > 0 && used + word > width && word <= width;
                if word_breaks || used + w > width {
                    screen.push(std::mem::take(&mut current));
                    used = 0;
                }
                if r == self.row && at == self.col {
                    cursor = (screen.len(), used as u16);
                }
                current.push_str(cluster);
                used += w;
            }
            if r == self.row && self.col == line.len() {
                if used >= width {
                    screen.push(std::mem::take(&mut current));
                    used = 0;
                }
                cursor = (screen.len(), used as u16);
            }
            screen.push(current);
        }
        (screen, cursor)
    }
}

/// For each cluster, the width of the word it starts (clusters up to the next space), or 0 when
/// it starts none: it is a space, or inside a word.
fn word_widths(clusters: &[(usize, &str)]) -> Vec<usize> {
    let space = |c: &str| c.chars().all(char::is_whitespace);
    let mut widths = vec![0; clusters.len()];
    for i in 0..clusters.len() {
        let starts = !space(clusters[i].1) && (i == 0 || space(clusters[i - 1].1));
        if starts {
            widths[i] = clusters[i..]
                .iter()
                .take_while(|(_, c)| !space(c))
                .map(|(_, c)| c.width())
                .sum();
        }
    }
    widths
}

/// Where the clusters of `line` start, and its end.
fn boundaries(line: &str) -> impl Iterator<Item = usize> + '_ {
    line.grapheme_indices(true)
        .map(|(at, _)| at)
        .chain(std::iter::once(line.len()))
}

/// The start of the cluster before `at`.
fn previous_boundary(line: &str, at: usize) -> usize {
    boundaries(line).take_while(|b| *b < at).last().unwrap_or(0)
}

/// The end of the cluster after `at`.
fn next_boundary(line: &str, at: usize) -> usize {
    boundaries(line).find(|b| *b > at).unwrap_or(line.len())
}

/// `at` if a cluster starts there, else the start of the cluster holding it.
fn boundary_at_or_before(line: &str, at: usize) -> usize {
    boundaries(line)
        .take_while(|b| *b <= at)
        .last()
        .unwrap_or(0)
}

/// `at` if a cluster starts there, else the end of the cluster holding it.
fn boundary_at_or_after(line: &str, at: usize) -> usize {
    boundaries(line).find(|b| *b >= at).unwrap_or(line.len())
}

/// The last cluster boundary of `line` with at most `cells` screen cells before it.
fn at_cells(line: &str, cells: usize) -> usize {
    let mut used = 0;
    for (at, cluster) in line.grapheme_indices(true) {
        used += cluster.width();
        if used > cells {
            return at;
        }
    }
    line.len()
}

/// Removes the last cluster of a one-line query (the finder's, the filter's): Backspace there
/// takes `é` written as `e` + U+0301 whole, as it does in a form.
pub fn pop_cluster(text: &mut String) {
    let start = previous_boundary(text, text.len());
    text.truncate(start);
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn a_line_breaks_before_a_word_that_does_not_fit() {
        let field = TextField::new("agree the handover before the release freeze");
        let (lines, cursor) = field.layout(20);
        assert_eq!(
            lines,
            vec!["agree the handover ", "before the release ", "freeze"]
        );
        assert_eq!(cursor, (2, 6));
        assert!(lines.iter().all(|l| l.width() <= 20));
    }

    #[test]
    fn a_word_longer_than_a_line_and_chinese_break_between_clusters() {
        let (lines, _) = TextField::new("ab xxxxxxxxxxxx cd").layout(8);
        assert_eq!(lines, vec!["ab xxxxx", "xxxxxxx ", "cd"]);
        let (lines, _) = TextField::new("负责华东区大客户").layout(6);
        assert_eq!(lines, vec!["负责华", "东区大", "客户"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_editing_and_moving() {
        let mut field = TextField::default();
        field.insert_str("Goal: ship\rthe app");
        assert_eq!(field.text(), "Goal: ship\nthe app");
        field.up();
        field.end();
        field.backspace();
        field.insert('s');
        assert_eq!(field.text(), "Goal: shis\nthe app");
        field.right();
        field.backspace();
        assert_eq!(
            field.text(),
            "Goal: shisthe app",
            "backspace at a line start joins the lines"
        );
        field.home();
        field.delete();
        assert_eq!(field.text(), "oal: shisthe app");
    }

    #[test]
    fn control_characters_are_not_typed() {
        let mut field = TextField::default();
        field.insert_str("a\u{1b}[2Jb\u{7}\tc\u{202e}d\u{200b}e");
        assert_eq!(field.text(), "a[2Jb cde");
        assert_eq!(
            TextField::new("x\u{1b}]0;t\u{7}").text(),
            "x]0;t",
            "nor from a draft file"
        );
    }

    #[test]
    fn the_cursor_sits_after_wide_characters() {
        let mut field = TextField::new("张建 ok");
        assert_eq!(field.layout(20), (vec!["张建 ok".to_string()], (0, 7)));
        field.home();
        field.right();
        assert_eq!(field.layout(20).1, (0, 2), "one CJK character is two cells");
    }

    /// The text before the cursor.
    fn before_cursor(field: &TextField) -> &str {
        &field.lines[field.row][..field.col]
    }

    #[test]
    fn an_accent_typed_apart_from_its_letter_moves_and_goes_with_it() {
        // `Rene` + U+0301 + `e`, as macOS and some exports write it.
        let case = include_str!("../../tests/cases/editor/note_combining_accent_nfd.txt");
        assert_eq!(case, "Rene\u{301}e");
        let mut field = TextField::new(case);
        assert_eq!(field.text(), "Ren\u{e9}e", "kept composed, as stored");
        assert_eq!(
            field.layout(20).1,
            (0, 5),
            "five cells, the cursor after them"
        );
        field.left();
        field.left();
        assert_eq!(
            before_cursor(&field),
            "Ren",
            "two steps left is before the é"
        );
        assert_eq!(field.layout(20).1, (0, 3));
        field.insert('x');
        assert_eq!(
            field.text(),
            "Renx\u{e9}e",
            "typing lands before the é, not in it"
        );
        field.end();
        field.left();
        field.backspace();
        assert_eq!(field.text(), "Renxe", "backspace takes the é whole");
        field.insert('e');
        field.insert('\u{301}');
        assert_eq!(
            field.text(),
            "Renx\u{e9}e",
            "an accent typed after its letter joins it"
        );
        assert_eq!(before_cursor(&field), "Renx\u{e9}");
    }

    #[test]
    fn clusters_that_do_not_compose_are_stepped_over_whole() {
        // q with a tilde has no composed form; 👩‍💻 is three code points; क्षि is four.
        let mut field = TextField::new("aq\u{303}👩\u{200d}💻क्षिb");
        field.home();
        let mut stops = Vec::new();
        for _ in 0..6 {
            field.right();
            stops.push(before_cursor(&field).to_string());
        }
        assert_eq!(
            stops,
            [
                "a",
                "aq\u{303}",
                "aq\u{303}👩\u{200d}💻",
                "aq\u{303}👩\u{200d}💻क्षि",
                "aq\u{303}👩\u{200d}💻क्षिb",
                "aq\u{303}👩\u{200d}💻क्षिb",
            ]
        );
        field.left();
        field.left();
        assert_eq!(field.layout(40).1, (0, 4), "a, q̃ and the two cells of 👩‍💻");
        field.backspace();
        assert_eq!(field.text(), "aq\u{303}क्षिb");
        field.home();
        field.right();
        field.delete();
        assert_eq!(field.text(), "aक्षिb");
    }

    #[test]
    fn a_persian_name_keeps_its_non_joiner() {
        let case = include_str!("../../tests/cases/editor/note_persian_zwnj.txt");
        assert!(case.contains('\u{200c}'));
        let mut field = TextField::new(case);
        assert_eq!(field.text(), case, "the zero-width non-joiner is spelling");
        let (screen, cursor) = field.layout(40);
        assert_eq!(screen, vec![case.to_string()]);
        assert_eq!(
            cursor,
            (0, 8),
            "eight letters, the non-joiner takes no cell"
        );
        // The non-joiner belongs to the letter before it: the cursor never sits between.
        for _ in 0..4 {
            field.left();
        }
        assert!(before_cursor(&field).ends_with('\u{200c}'));
        assert_eq!(field.layout(40).1, (0, 4));
        let mut typed = TextField::default();
        for c in case.chars() {
            typed.insert(c);
        }
        assert_eq!(typed.text(), case, "typed one key at a time, too");
    }

    #[test]
    fn a_selector_is_kept_after_a_base_and_dropped_alone() {
        let mut field = TextField::new("\u{fe0f}ok \u{2764}\u{fe0f}");
        assert_eq!(field.text(), "ok \u{2764}\u{fe0f}");
        field.home();
        field.insert('\u{fe0f}');
        field.insert('\u{200b}');
        assert_eq!(
            field.text(),
            "ok \u{2764}\u{fe0f}",
            "nothing to select, nothing shown"
        );
        field.end();
        field.backspace();
        assert_eq!(field.text(), "ok ", "the heart goes with its selector");
    }

    #[test]
    fn up_and_down_keep_the_screen_column() {
        let mut field = TextField::new("张建 ok\nabcdef");
        assert_eq!(field.layout(20).1, (1, 6));
        field.up();
        assert_eq!(field.layout(20).1, (0, 6), "after 张建, the space and o");
        field.left();
        field.down();
        assert_eq!(field.layout(20).1, (1, 5));
        field.home();
        field.right();
        field.right();
        field.right();
        field.up();
        assert_eq!(field.layout(20).1, (0, 2), "never inside a wide character");
    }

    #[test]
    fn long_lines_wrap_and_the_cursor_follows() {
        let field = TextField::new("abcdefgh");
        let (lines, cursor) = field.layout(3);
        assert_eq!(lines, vec!["abc", "def", "gh"]);
        assert_eq!(cursor, (2, 2));
        let field = TextField::new("abcdef");
        assert_eq!(
            field.layout(3).1,
            (2, 0),
            "at the end of a full line the cursor starts the next"
        );
        let wide = TextField::new("张建张");
        assert_eq!(
            wide.layout(5).0,
            vec!["张建", "张"],
            "a wide character never splits"
        );
    }
}
