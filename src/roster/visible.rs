//! Keeping terminal controls out of what an import reads and says.
//!
//! Names and ids come from files; a control character in one could move the cursor, retitle the
//! terminal or hide text when it is shown. Values holding one are refused, and any text an
//! import echoes back (messages, column names) shows such characters as escapes.

/// Whether `c` could act on a terminal instead of being shown: C0 and C1 controls, DEL, and the
/// bidirectional marks and overrides. `multiline` allows line breaks and tabs.
pub(super) fn is_unsafe(c: char, multiline: bool) -> bool {
    if multiline && matches!(c, '\n' | '\r' | '\t') {
        return false;
    }
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character written as an escape such as `\u{1b}`.
pub(super) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c, false) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_unsafe_but_ordinary_text_is_not() {
        for c in [
            '\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}', '\n',
        ] {
            assert!(is_unsafe(c, false), "{c:?}");
        }
        assert!(!is_unsafe('\n', true));
        assert!(is_unsafe('\u{1b}', true));
        assert!(
            "Zoë 张三 O'Neil-Smith → E1"
                .chars()
                .all(|c| !is_unsafe(c, false))
        );
    }

    #[test]
    fn unsafe_characters_are_shown_as_escapes() {
        assert_eq!(
            visible("Ann\u{1b}[2J\u{202e}Lee"),
            "Ann\\u{1b}[2J\\u{202e}Lee"
        );
        assert_eq!(visible("张三 → E1"), "张三 → E1");
    }
}
