//! A multi-line text field: the text, the cursor, and where the cursor is on screen once the
//! text is wrapped to a width, so the real terminal cursor (and an input method's composition
//! window) sits exactly at the insertion point, wide characters included.

use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    lines: Vec<Vec<char>>,
    /// Cursor line and character position in it.
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
            lines: vec![Vec::new()],
            row: 0,
            col: 0,
        };
        field.insert_str(text);
        field
    }

    pub fn text(&self) -> String {
        let lines: Vec<String> = self.lines.iter().map(|l| l.iter().collect()).collect();
        lines.join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }

    pub fn insert(&mut self, c: char) {
        match c {
            '\n' => self.newline(),
            '\r' => {}
            '\t' => self.insert(' '),
            c if crate::text::first_unsafe_char(&c.to_string(), false).is_some() => {}
            c => {
                self.lines[self.row].insert(self.col, c);
                self.col += 1;
            }
        }
    }

    /// Pasted text goes in as typed, line breaks included (terminals paste them as CR, CRLF or
    /// LF).
    pub fn insert_str(&mut self, text: &str) {
        for c in text.replace("\r\n", "\n").replace('\r', "\n").chars() {
            self.insert(c);
        }
    }

    pub fn newline(&mut self) {
        let rest = self.lines[self.row].split_off(self.col);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    pub fn backspace(&mut self) {
        if self.col > 0 {
            self.col -= 1;
            self.lines[self.row].remove(self.col);
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.lines[self.row].len();
            self.lines[self.row].extend(line);
        }
    }

    pub fn delete(&mut self) {
        if self.col < self.lines[self.row].len() {
            self.lines[self.row].remove(self.col);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].extend(next);
        }
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col -= 1;
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.lines[self.row].len();
        }
    }

    pub fn right(&mut self) {
        if self.col < self.lines[self.row].len() {
            self.col += 1;
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    pub fn up(&mut self) {
        if self.row > 0 {
            self.row -= 1;
            self.col = self.col.min(self.lines[self.row].len());
        }
    }

    pub fn down(&mut self) {
        if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = self.col.min(self.lines[self.row].len());
        }
    }

    /// Puts the cursor after the last character.
    pub fn end_of_text(&mut self) {
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].len();
    }

    /// Removes the line the cursor is on (a row of a list).
    pub fn remove_line(&mut self) {
        if self.lines.len() == 1 {
            self.lines[0].clear();
        } else {
            self.lines.remove(self.row);
            self.row = self.row.min(self.lines.len() - 1);
        }
        self.col = self.col.min(self.lines[self.row].len());
    }

    pub fn home(&mut self) {
        self.col = 0;
    }

    pub fn end(&mut self) {
        self.col = self.lines[self.row].len();
    }

    /// The text wrapped to `width` cells: the screen lines, and the cursor's (line, cell).
    pub fn layout(&self, width: u16) -> (Vec<String>, (usize, u16)) {
        let width = usize::from(width.max(2));
        let mut screen = Vec::new();
        let mut cursor = (0, 0);
        for (r, line) in self.lines.iter().enumerate() {
            let mut current = String::new();
            let mut used = 0;
            for (c_index, c) in line.iter().enumerate() {
                let w = c.width().unwrap_or(0);
                if used + w > width {
                    screen.push(std::mem::take(&mut current));
                    used = 0;
                }
                if r == self.row && c_index == self.col {
                    cursor = (screen.len(), used as u16);
                }
                current.push(*c);
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
