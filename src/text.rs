//! Text from people and imported files: made safe to show and to export, and folded to compare.
//!
//! A name or a note can hold anything: escape sequences, bell, C1 controls, bidi overrides,
//! zero-width characters. None of it may reach a terminal or an export as is: control characters
//! become visible symbols, and the invisible ones that reorder or hide text are removed.
//!
//! Which characters are invisible is decided in one table, [`invisible`]. The zero-width
//! non-joiner and joiner are *not* in it: Persian spelling (`می‌خواهم`) and emoji sequences
//! (👩‍💻) need them.
//!
//! Two spellings that look the same are one: [`nfc`] is how names and notes are stored, and
//! [`fold`] is how any two texts are compared (header names, finder and filter queries, names).
//! Names have more to them ([`names`]): traditional Chinese characters are one with their
//! simplified forms ([`simplified`]), and Chinese names are found and sorted by how they are
//! read ([`pinyin`]).

pub mod names;
pub mod pinyin;
pub mod simplified;

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// `text` in Unicode Normalization Form C, the form names and notes are stored in, so that `e` +
/// U+0301 and `é` are one spelling. Borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The one fold every comparison of text goes through: NFKC (so the full-width `ｚｅｎｇ` an
/// input method types is `zeng`, and `ﬁ` is `fi`), Unicode default case folding (`Straße` and
/// `STRASSE` fold alike), and every Unicode space (no-break U+00A0, ideographic U+3000, narrow
/// U+202F, tab …) as one ASCII space. Invisible characters ([`invisible`], and selectors or tags
/// with nothing to apply to) are dropped. Leading
/// and trailing spaces are kept; callers that want them gone trim.
///
/// Source: Unicode Standard Annex #15 (normalization forms) and chapter 3.13 (default case
/// folding), as implemented by the `unicode-normalization` and `caseless` crates.
pub fn fold(text: &str) -> String {
    if text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ' || b == b'_')
    {
        return text.to_string();
    }
    // ASCII and the CJK unified ideographs (most names) have no compatibility forms and no
    // case but ASCII's, and hold no invisible character: their fold is a map of characters,
    // much quicker than normalising (a list of 100,000 names is sorted by these).
    let plain =
        |c: char| c.is_ascii() || matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}');
    if text.chars().all(plain) {
        return text
            .chars()
            .map(|c| match c {
                _ if c.is_whitespace() => ' ',
                _ => c.to_ascii_lowercase(),
            })
            .collect();
    }
    fold_by_the_rules(text)
}

/// [`fold`] without its quick ways for common text.
fn fold_by_the_rules(text: &str) -> String {
    let compatible: String = text.nfkc().collect();
    let folded = caseless::default_case_fold_str(&compatible);
    // Case folding can un-normalise (U+0130 folds to `i` + U+0307); NFKC again makes it one form.
    let mut previous = None;
    let mut out = String::with_capacity(folded.len());
    for c in folded.nfkc() {
        if !invisible_after(c, previous) {
            out.push(if c.is_whitespace() { ' ' } else { c });
        }
        previous = Some(c);
    }
    out
}

/// Whether `c` shows nothing and is never needed to spell a name: the one table of invisible
/// characters. They are dropped on screen and in exports, and refused in imported values.
///
/// Not here: the zero-width non-joiner U+200C and joiner U+200D, which correct Persian, Arabic
/// and Indic spelling and emoji sequences need; variation selectors and tag characters, which
/// are invisible only when alone (see [`clean`]'s context rules).
///
/// Source: the Unicode `Default_Ignorable_Code_Point` property (DerivedCoreProperties.txt) less
/// the joiners and selectors, plus the blanks that render as nothing (Hangul fillers, the Braille
/// blank) and the interlinear annotation characters.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'                     // soft hyphen
        | '\u{034f}'                   // combining grapheme joiner
        | '\u{061c}'                   // Arabic letter mark
        | '\u{115f}' | '\u{1160}'      // Hangul choseong and jungseong fillers
        | '\u{17b4}' | '\u{17b5}'      // Khmer inherent vowels
        | '\u{180e}'                   // Mongolian vowel separator
        | '\u{200b}'                   // zero-width space
        | '\u{200e}' | '\u{200f}'      // left-to-right and right-to-left marks
        | '\u{202a}'..='\u{202e}'      // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'      // word joiner and the invisible operators
        | '\u{2065}'..='\u{206f}'      // bidi isolates and deprecated format characters
        | '\u{2800}'                   // Braille pattern blank
        | '\u{3164}'                   // Hangul filler
        | '\u{feff}'                   // zero-width no-break space (byte-order mark)
        | '\u{ffa0}'                   // halfwidth Hangul filler
        | '\u{fff0}'..='\u{fffb}'      // interlinear annotation characters and unassigned
        | '\u{1bca0}'..='\u{1bca3}'    // shorthand format controls
        | '\u{1d173}'..='\u{1d17a}'    // musical symbol format controls
        | '\u{e0080}'..='\u{e00ff}'    // unassigned, reserved as default-ignorable
        | '\u{e01f0}'..='\u{e0fff}'    // unassigned, reserved as default-ignorable
    )
}

/// A variation selector: it only chooses how the character before it is drawn. The Mongolian
/// free variation selectors are among them.
fn variation_selector(c: char) -> bool {
    matches!(
        c,
        '\u{180b}'..='\u{180d}' | '\u{180f}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}'
    )
}

/// A tag character: it only belongs in an emoji tag sequence such as the flag of Scotland
/// (U+1F3F4 followed by tags).
fn tag(c: char) -> bool {
    matches!(c, '\u{e0000}'..='\u{e007f}')
}

/// Whether `c`, following `previous`, shows nothing on its own: an [`invisible`] character, a
/// variation selector with nothing visible to select, or a tag outside an emoji tag sequence.
fn invisible_after(c: char, previous: Option<char>) -> bool {
    if invisible(c) {
        return true;
    }
    let base = previous.filter(|p| !p.is_whitespace() && !p.is_control() && !invisible(*p));
    if variation_selector(c) {
        return base.is_none_or(variation_selector);
    }
    if tag(c) {
        return !base.is_some_and(|p| p == '\u{1f3f4}' || tag(p));
    }
    false
}

/// Whether `c`, typed after `previous` on one line, is kept as it is: not a control character,
/// not [`invisible`], and not a selector or tag with nothing to apply to. The joiners are kept.
/// What an editor asks of each character typed or pasted.
pub fn kept_in_line(c: char, previous: Option<char>) -> bool {
    matches!(fate(c, previous, false), Fate::Keep)
}

/// Whether `text` has nothing a reader could see: only spaces, joiners, and the characters
/// [`invisible`] lists. A name like that is as good as no name.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || invisible(c)
            || variation_selector(c)
            || tag(c)
            || matches!(c, '\u{200c}' | '\u{200d}')
    })
}

/// What to do with one character.
enum Fate {
    Keep,
    Drop,
    Show(char),
}

/// What happens to `c`, which follows `previous`, when text is made safe.
fn fate(c: char, previous: Option<char>, keep_newlines: bool) -> Fate {
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
        // Bidi controls reorder what is shown; the rest hide text or make two equal-looking
        // strings differ.
        _ if invisible_after(c, previous) => Fate::Drop,
        _ => Fate::Keep,
    }
}

/// Each character of `text` with its fate, judged against the character before it.
fn fates(text: &str, keep_newlines: bool) -> impl Iterator<Item = (char, Fate)> + '_ {
    let mut previous = None;
    text.chars().map(move |c| {
        let fate = fate(c, previous, keep_newlines);
        previous = Some(c);
        (c, fate)
    })
}

fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let normalised: Cow<'_, str> = if keep_newlines && text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    if fates(&normalised, keep_newlines).all(|(_, fate)| matches!(fate, Fate::Keep)) {
        return normalised;
    }
    let mut out = String::with_capacity(normalised.len());
    for (c, fate) in fates(&normalised, keep_newlines) {
        match fate {
            Fate::Keep => out.push(c),
            Fate::Drop => {}
            Fate::Show(shown) => out.push(shown),
        }
    }
    Cow::Owned(out)
}

/// Whether a spreadsheet could take `cell` for a formula: it begins with `=`, `+`, `-` or `@`,
/// or with a tab or CR, once leading spaces and characters that show nothing (the [`invisible`]
/// ones, joiners, lone selectors) are passed over, since a spreadsheet may pass over them too.
///
/// Source: OWASP, "CSV Injection".
pub fn looks_like_formula(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r']) {
        return true;
    }
    let visible = cell
        .trim_start_matches(|c: char| c.is_whitespace() || is_blank(c.encode_utf8(&mut [0; 4])));
    visible.starts_with(['=', '+', '-', '@', '\t', '\r'])
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
    let mut previous = None;
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        let fine = multiline && (line_break || c == '\t');
        if !fine && !matches!(fate(c, previous, multiline), Fate::Keep) {
            return Some(c);
        }
        previous = Some(c);
    }
    None
}

/// `text` on one line with every character [`safe_line`] would change written as an escape such
/// as `\u{1b}`: for messages that must show exactly what was wrong with a value.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (c, fate) in fates(text, false) {
        match fate {
            Fate::Keep => out.push(c),
            Fate::Drop | Fate::Show(_) => out.extend(c.escape_unicode()),
        }
    }
    out
}

/// `text` as one word for a POSIX shell, to copy into a command: as it is when it holds no
/// space or quote, else in single quotes (a `'` in it written `'\''`); control characters
/// made visible first ([`safe_line`]).
pub fn shell_word(text: &str) -> String {
    let text = safe_line(text).into_owned();
    match text.contains([' ', '\'', '"']) {
        true => format!("'{}'", text.replace('\'', "'\\''")),
        false => text,
    }
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

    #[test]
    fn every_class_of_invisible_character_is_removed_and_refused() {
        let classes = [
            ("soft hyphen", '\u{ad}'),
            ("tag character", '\u{e0041}'),
            ("Hangul choseong filler", '\u{115f}'),
            ("Hangul jungseong filler", '\u{1160}'),
            ("Hangul filler", '\u{3164}'),
            ("halfwidth Hangul filler", '\u{ffa0}'),
            ("Mongolian vowel separator", '\u{180e}'),
            ("invisible times", '\u{2062}'),
            ("function application", '\u{2061}'),
            ("invisible plus", '\u{2064}'),
            ("variation selector alone", '\u{fe0f}'),
            ("ideographic variation selector alone", '\u{e0100}'),
            ("Mongolian free variation selector alone", '\u{180b}'),
            ("reserved default-ignorable", '\u{e0fff}'),
            ("interlinear annotation anchor", '\u{fff9}'),
            ("interlinear annotation terminator", '\u{fffb}'),
            ("Braille blank", '\u{2800}'),
            ("combining grapheme joiner", '\u{34f}'),
            ("zero-width space", '\u{200b}'),
            ("word joiner", '\u{2060}'),
            ("byte-order mark", '\u{feff}'),
            ("right-to-left override", '\u{202e}'),
            ("first strong isolate", '\u{2068}'),
            ("Khmer inherent vowel", '\u{17b4}'),
        ];
        for (class, c) in classes {
            let text = format!("{c}Ann {c}Lee");
            assert_eq!(safe_line(&text), "Ann Lee", "{class}");
            assert_eq!(first_unsafe_char(&text, true), Some(c), "{class}");
            assert!(escaped(&text).contains("\\u{"), "{class}");
            assert!(is_blank(&format!("{c} {c}")), "{class}");
            assert_eq!(fold(&text), "ann lee", "{class}");
        }
    }

    #[test]
    fn joiners_selectors_and_tags_that_spell_something_are_kept() {
        let persian = "\u{62d}\u{633}\u{6cc}\u{646}\u{200c}\u{632}\u{627}\u{62f}\u{647}";
        let coder = "\u{1f469}\u{200d}\u{1f4bb}";
        let heart = "\u{2764}\u{fe0f}";
        let scotland = "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
        let ideograph = "\u{845b}\u{e0100}";
        for text in [persian, coder, heart, scotland, ideograph] {
            assert!(matches!(safe_line(text), Cow::Borrowed(_)), "{text:?}");
            assert_eq!(first_unsafe_char(text, false), None, "{text:?}");
            assert!(!is_blank(text), "{text:?}");
        }
        assert!(fold(persian).contains('\u{200c}'));
        assert!(is_blank("\u{200c}\u{200d} \u{3000}"));
    }

    #[test]
    fn fold_makes_input_method_width_case_and_spaces_one() {
        assert_eq!(fold("\u{ff5a}\u{ff45}\u{ff4e}\u{ff47}"), "zeng");
        assert_eq!(fold("Employee\u{a0}ID"), "employee id");
        assert_eq!(fold("li\u{3000}wei\u{202f}x\ty"), "li wei x y");
        assert_eq!(fold("STRASSE"), fold("Straße"));
        assert_eq!(fold("Zoe\u{308}"), fold("Zoë"));
        assert_eq!(fold("İstanbul"), fold("i\u{307}stanbul"));
        assert_eq!(fold("张建"), "张建");
    }

    #[test]
    fn a_formula_behind_spaces_or_invisible_characters_is_seen() {
        for cell in [
            "=1+1",
            "\t=1",
            " @SUM(A1)",
            "\u{200b}=cmd",
            "\u{200c}=cmd",
            "\u{ad}\u{2060}+1",
            "\u{3000}-2+3",
            "\u{fe0f}=1",
        ] {
            assert!(looks_like_formula(cell), "{cell:?}");
        }
        for cell in ["Ann", "a=b", "\u{200c}Ann", "'=1"] {
            assert!(!looks_like_formula(cell), "{cell:?}");
        }
    }

    #[test]
    fn the_quick_ways_of_folding_give_what_the_rules_give() {
        for text in [
            "Sam Reid",
            "  O'Neil,\tMARY\r\n",
            "a\u{b}b\u{c}c\u{1c}\u{1f}\u{7f}\u{1b}[2J",
            "张伟 Zhang WEI",
            "曾國強\t㐀䶿一鿿",
            "plain words_42",
        ] {
            assert_eq!(fold(text), fold_by_the_rules(text), "{text:?}");
        }
        let every: String = ('\0'..='\u{7f}')
            .chain('\u{3400}'..='\u{4dbf}')
            .chain('\u{4e00}'..='\u{9fff}')
            .collect();
        assert_eq!(fold(&every), fold_by_the_rules(&every));
    }

    #[test]
    fn nfc_composes_and_borrows_what_is_composed() {
        assert_eq!(nfc("Rene\u{301}e"), "Renée");
        assert!(matches!(nfc("Renée"), Cow::Borrowed(_)));
    }

    /// A path to copy into a command is one shell word, quoted only when it must be.
    #[test]
    fn a_path_is_one_shell_word() {
        assert_eq!(shell_word("/srv/org.redb"), "/srv/org.redb");
        assert_eq!(shell_word("/tmp/my org.redb"), "'/tmp/my org.redb'");
        assert_eq!(shell_word("/tmp/it's.redb"), "'/tmp/it'\\''s.redb'");
    }
}
