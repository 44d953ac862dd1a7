//! Text from people and imported files made safe to show and to export.
//!
//! A name or a note can hold anything: escape sequences, bell, C1 controls, bidi overrides,
//! zero-width characters. None of it may reach a terminal or an export as is: control characters
//! become visible symbols, and the invisible ones that reorder or hide text are removed.

use std::borrow::Cow;

/// What to do with one character.
enum Fate {
    Keep,
    Drop,
    Show(char),
}

fn fate(c: char, keep_newlines: bool) -> Fate {
    match c {
        '\n' if keep_newlines => Fate::Keep,
        '\t' => Fate::Show(' '),
        // C0 controls become the matching Control Pictures symbol (␀ … ␟), DEL becomes ␡.
        '\u{0}'..='\u{1f}' => Fate::Show(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => Fate::Show('\u{2421}'),
        // C1 controls (a single-byte CSI among them) have no picture of their own.
        '\u{80}'..='\u{9f}' => Fate::Show('\u{fffd}'),
        // Line and paragraph separators act like newlines in some terminals.
        '\u{2028}' | '\u{2029}' if keep_newlines => Fate::Show('\n'),
        '\u{2028}' | '\u{2029}' => Fate::Show(' '),
        // Bidi embeddings, overrides, isolates and marks can reorder what is shown.
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}' => Fate::Drop,
        // Zero-width characters hide text or make two equal-looking strings differ.
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => Fate::Drop,
        _ => Fate::Keep,
    }
}

fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let normalised: Cow<'_, str> = if keep_newlines && text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    if normalised
        .chars()
        .all(|c| matches!(fate(c, keep_newlines), Fate::Keep))
    {
        return normalised;
    }
    let mut out = String::with_capacity(normalised.len());
    for c in normalised.chars() {
        match fate(c, keep_newlines) {
            Fate::Keep => out.push(c),
            Fate::Drop => {}
            Fate::Show(shown) => out.push(shown),
        }
    }
    Cow::Owned(out)
}

/// One line of text with no control character at all: a line break shows as `⏎`.
pub fn safe_line(text: &str) -> Cow<'_, str> {
    if text.contains(['\n', '\r']) {
        let flattened = clean(text, true)
            .trim_end_matches('\n')
            .replace('\n', " ⏎ ");
        return Cow::Owned(clean(&flattened, false).into_owned());
    }
    clean(text, false)
}

/// Text that may span lines: line breaks are kept (CRLF becomes LF), every other control
/// character is made visible or removed.
pub fn safe_text(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

/// The first character that makes `text` unfit to store as it is: one that [`safe_text`]
/// (when `multiline`) or [`safe_line`] would have to change. Line breaks (LF or CRLF) and tabs
/// are fine in multi-line text. Values read from files are refused for these.
pub fn first_unsafe_char(text: &str, multiline: bool) -> Option<char> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if multiline && (line_break || c == '\t') {
            continue;
        }
        if !matches!(fate(c, multiline), Fate::Keep) {
            return Some(c);
        }
    }
    None
}

/// `text` on one line with every character [`safe_line`] would change written as an escape such
/// as `\u{1b}`: for messages that must show exactly what was wrong with a value.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fate(c, false) {
            Fate::Keep => out.push(c),
            Fate::Drop | Fate::Show(_) => out.extend(c.escape_unicode()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(safe_line("张建 Zoë"), Cow::Borrowed("张建 Zoë")));
    }

    #[test]
    fn escape_sequences_and_bell_become_visible() {
        assert_eq!(safe_line("a\u{1b}[2Jb\u{7}"), "a\u{241b}[2Jb\u{2407}");
        assert_eq!(safe_line("x\u{7f}"), "x\u{2421}");
    }

    #[test]
    fn c1_controls_are_replaced() {
        assert_eq!(safe_line("a\u{9b}31mb"), "a\u{fffd}31mb");
    }

    #[test]
    fn bidi_and_zero_width_are_removed() {
        assert_eq!(
            safe_line("ab\u{202e}cd\u{2066}e\u{200b}f\u{feff}"),
            "abcdef"
        );
    }

    #[test]
    fn line_breaks_flatten_in_a_line_and_stay_in_text() {
        assert_eq!(safe_line("one\r\ntwo\n"), "one ⏎ two");
        assert_eq!(safe_text("one\r\ntwo\u{1b}"), "one\ntwo\u{241b}");
        assert_eq!(safe_line("tab\there"), "tab here");
    }

    #[test]
    fn unsafe_characters_are_found_and_escaped() {
        assert_eq!(first_unsafe_char("Zoë 张三 O'Neil", false), None);
        assert_eq!(first_unsafe_char("a\r\nb\tc", true), None);
        assert_eq!(first_unsafe_char("a\nb", false), Some('\n'));
        assert_eq!(first_unsafe_char("a\rb", true), Some('\r'));
        assert_eq!(first_unsafe_char("Ann\u{200b}Lee", true), Some('\u{200b}'));
        assert_eq!(
            escaped("Ann\u{1b}[2J\u{202e}Lee"),
            "Ann\\u{1b}[2J\\u{202e}Lee"
        );
    }

    #[test]
    fn no_control_character_survives_a_line() {
        let all: String = (0u32..0x2100).filter_map(char::from_u32).collect();
        let safe = safe_line(&all);
        assert!(safe.chars().all(|c| !c.is_control()), "{safe:?}");
    }
}
