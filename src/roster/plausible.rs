//! Which text is plausible in which encoding: the checks that catch a file read in the wrong
//! encoding even though its bytes decode, and a row pasted in from a file of another encoding.
//!
//! Each rule looks for what wrong decoding produces and names rarely hold:
//!
//! - **Pasted UTF-8**: a line that is valid UTF-8 in a file of another encoding. For the East
//!   Asian encodings only a line with a UTF-8 character of three bytes or more (Chinese, say)
//!   counts, or Latin text whose legacy reading glues a Chinese character to a Latin word
//!   (`Zo毛` for `Zoë`): 465 common GB2312 characters (谢 叶 伟 …) are, as bytes, valid
//!   two-byte UTF-8 too.
//! - **C1 controls**: bytes the encoding maps to no printable character.
//! - **Double decoding**: `Ã¶` for `ö`, UTF-8 read as Windows-1252 and saved again.
//! - **Wrong script**: in GB18030 or Big5, a character made of a high byte and an ASCII letter
//!   beside a Latin letter (`Bj鰎n`, `羘gel`: a Latin-1 accent swallowed the letter after it);
//!   in a Latin single-byte encoding, four non-ASCII letters in a row (`ÕÅÎ°`: Chinese read as
//!   Latin).
//! - **U+FFFD**: text damaged before it reached the file.
//!
//! And one for a file that is valid UTF-8: when every non-ASCII byte is in the range GB2312 uses
//! (0xA1 to 0xFE) and the UTF-8 reading is nonsense (`лΰ`, Cyrillic and Greek in one word, for
//! 谢伟), the file is GB2312 Chinese, not UTF-8.

use super::Problem;
use super::decode::lines;
use encoding_rs::{Encoding as Charset, UTF_8};

/// One problem for each line whose text is implausible in `charset`. `bytes` decode to `text`
/// without error.
pub(super) fn implausible_lines(
    bytes: &[u8],
    text: &str,
    charset: &'static Charset,
) -> Vec<Problem> {
    let name = charset.name().to_lowercase();
    let mut problems = Vec::new();
    for ((number, raw), line) in lines(bytes).zip(text.split('\n')) {
        let message = if pasted_utf8(raw, Some(line), charset) {
            mixed(charset)
        } else if let Some(c) = line.chars().find(|c| ('\u{80}'..='\u{9f}').contains(c)) {
            format!(
                "bytes that are control characters in {name} (U+{:04X}), not text",
                u32::from(c)
            )
        } else if let Some(pair) = double_decoded(line) {
            format!(
                "`{pair}` is UTF-8 that was once read as another encoding and saved again; \
                 correct the text at its source"
            )
        } else if let Some(excerpt) = wrong_script(line, charset) {
            format!(
                "`{excerpt}` is implausible in {name}; the file is probably in another \
                 encoding (leave --encoding out to let crewdeck guess)"
            )
        } else if line.contains('\u{FFFD}') {
            "U+FFFD, the mark of text damaged by a wrong encoding before it reached the file"
                .to_string()
        } else {
            continue;
        };
        problems.push(Problem::at_line(number, message));
    }
    problems
}

/// What is wrong with a UTF-8 line in a file in `charset`.
pub(super) fn mixed(charset: &'static Charset) -> String {
    format!(
        "this line is UTF-8 but the rest of the file is {}: the file mixes encodings; save it \
         all as UTF-8",
        charset.name().to_lowercase()
    )
}

/// Whether `raw`, a line of a file in `charset`, is UTF-8 pasted in from elsewhere; `legacy` is
/// its reading in `charset` when it has one.
pub(super) fn pasted_utf8(raw: &[u8], legacy: Option<&str>, charset: &'static Charset) -> bool {
    if charset == UTF_8 || raw.is_ascii() {
        return false;
    }
    let Ok(text) = std::str::from_utf8(raw) else {
        return false;
    };
    if !text.chars().all(plausible_char) {
        return false;
    }
    if charset.is_single_byte() {
        return true;
    }
    let wide = text.chars().any(|c| c >= '\u{800}');
    let glued = legacy.is_some_and(|line| glued_to_latin(line).is_some());
    wide || (clean_words(text) && glued)
}

/// Letters of the world's scripts and common punctuation: what a pasted UTF-8 line holds.
fn plausible_char(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
            '\u{a0}'..='\u{24f}'      // Latin-1 supplement and Latin extended
            | '\u{300}'..='\u{36f}'   // combining accents
            | '\u{370}'..='\u{3ff}'   // Greek
            | '\u{400}'..='\u{4ff}'   // Cyrillic
            | '\u{600}'..='\u{6ff}'   // Arabic and Persian
            | '\u{1e00}'..='\u{1eff}' // Latin extended additional (Vietnamese)
            | '\u{2000}'..='\u{206f}' // general punctuation
            | '\u{3000}'..='\u{30ff}' // CJK punctuation, kana
            | '\u{3400}'..='\u{9fff}' // CJK ideographs
            | '\u{ac00}'..='\u{d7af}' // Hangul
            | '\u{ff00}'..='\u{ffef}' // full-width forms
        )
}

/// The script of a letter below U+0800, as far as telling sense from nonsense needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    /// IPA, Coptic, historic Cyrillic, Armenian, Syriac, Thaana, NKo …: rare in names, common
    /// in GB2312 bytes read as UTF-8.
    Rare,
}

fn script(c: char) -> Option<Script> {
    Some(match c {
        '\u{0}'..='\u{7f}' => return None,
        '\u{c0}'..='\u{17f}' | '\u{1e00}'..='\u{1eff}' => Script::Latin,
        '\u{386}'..='\u{3ce}' => Script::Greek,
        '\u{400}'..='\u{45f}' => Script::Cyrillic,
        '\u{5d0}'..='\u{5ea}' => Script::Hebrew,
        '\u{620}'..='\u{64a}' | '\u{67e}'..='\u{6d3}' => Script::Arabic,
        _ if c.is_alphabetic() && c < '\u{800}' => Script::Rare,
        _ => return None,
    })
}

/// Whether every word of `text` is in one common script (`Zoë Müller`, `Иван`), unlike the
/// nonsense GB2312 bytes make as UTF-8 (`лΰ`, `ҶӢ`).
fn clean_words(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic()).all(|word| {
        let mut scripts = word.chars().filter_map(script);
        match scripts.next() {
            None => true,
            Some(first) => first != Script::Rare && scripts.all(|s| s == first),
        }
    })
}

/// The UTF-8 reading of `body` when it is nonsense and the bytes are GB2312 Chinese: every
/// non-ASCII byte from 0xA1 to 0xFE, no UTF-8 character of three bytes, and a word that is not
/// in one common script. `text` is `body` read as UTF-8.
pub(super) fn gb2312_read_as_utf8(body: &[u8], text: &str) -> Option<String> {
    let gb2312_bytes = body.iter().all(|b| b.is_ascii() || *b >= 0xA1);
    if body.is_ascii() || !gb2312_bytes || text.chars().any(|c| c >= '\u{800}') {
        return None;
    }
    let word = text
        .split(|c: char| !c.is_alphabetic())
        .find(|word| !clean_words(word))?;
    Some(word.to_string())
}

/// The first `Ã¶`-like pair in `line`: `Ã` or `Â` followed by a character from U+00A0 to
/// U+00BF, which is how UTF-8 for an accented letter looks when read as Windows-1252.
fn double_decoded(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    chars
        .windows(2)
        .find(|pair| matches!(pair[0], 'Ã' | 'Â') && ('\u{a0}'..='\u{bf}').contains(&pair[1]))
        .map(|pair| pair.iter().collect())
}

/// The single-byte encodings of Latin script, where Chinese read wrongly shows as runs of
/// accented letters.
fn latin_single_byte(charset: &'static Charset) -> bool {
    let name = charset.name();
    charset.is_single_byte()
        && ([
            "windows-1250",
            "windows-1252",
            "windows-1254",
            "windows-1257",
            "macintosh",
        ]
        .contains(&name)
            || (name.starts_with("ISO-8859-")
                && ![
                    "ISO-8859-5",
                    "ISO-8859-6",
                    "ISO-8859-7",
                    "ISO-8859-8",
                    "ISO-8859-8-I",
                ]
                .contains(&name)))
}

/// Text in `line` that shows it was decoded in the wrong kind of encoding (see the module
/// documentation), as an excerpt to quote.
fn wrong_script(line: &str, charset: &'static Charset) -> Option<String> {
    if latin_single_byte(charset) {
        let chars: Vec<char> = line.chars().collect();
        let run = chars
            .windows(4)
            .find(|w| w.iter().all(|c| !c.is_ascii() && !c.is_whitespace()))?;
        return Some(run.iter().collect());
    }
    if charset == encoding_rs::GB18030
        || charset == encoding_rs::GBK
        || charset == encoding_rs::BIG5
    {
        return swallowed_letter(line, charset);
    }
    None
}

/// A character of `line` whose bytes in `charset` are a Latin-1 letter's (0xC0 and up) and an
/// ASCII letter, next to a Latin letter: `Bj鰎n` is `Björn` in Windows-1252 read as GB18030.
/// A real Chinese character of that shape (a rare one, outside GB2312) is not written inside a
/// Latin word.
fn swallowed_letter(line: &str, charset: &'static Charset) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let letter = |at: Option<&char>| at.is_some_and(char::is_ascii_alphabetic);
    (0..chars.len()).find_map(|at| {
        let c = chars[at];
        if c.is_ascii() {
            return None;
        }
        let mut buffer = [0; 4];
        let (bytes, _, unmappable) = charset.encode(c.encode_utf8(&mut buffer));
        let shape =
            !unmappable && bytes.len() == 2 && bytes[0] >= 0xC0 && bytes[1].is_ascii_alphabetic();
        let beside_latin =
            letter(at.checked_sub(1).and_then(|b| chars.get(b))) || letter(chars.get(at + 1));
        (shape && beside_latin).then(|| {
            chars[at.saturating_sub(2)..(at + 3).min(chars.len())]
                .iter()
                .collect()
        })
    })
}

/// A Chinese, Japanese or Korean character on its own beside a Latin letter (`Zo毛`), which a
/// UTF-8 accented letter becomes when its two bytes are read as one East Asian character.
fn glued_to_latin(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let cjk = |c: Option<&char>| {
        c.is_some_and(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}'))
    };
    let letter = |at: Option<&char>| at.is_some_and(char::is_ascii_alphabetic);
    (0..chars.len()).find_map(|at| {
        let before = at.checked_sub(1).and_then(|b| chars.get(b));
        let after = chars.get(at + 1);
        let alone = cjk(chars.get(at)) && !cjk(before) && !cjk(after);
        (alone && (letter(before) || letter(after))).then(|| {
            chars[at.saturating_sub(2)..(at + 3).min(chars.len())]
                .iter()
                .collect()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030, WINDOWS_1252};

    fn encoded(charset: &'static Charset, text: &str) -> Vec<u8> {
        charset.encode(text).0.into_owned()
    }

    fn problems(charset: &'static Charset, bytes: &[u8]) -> Vec<(Option<u64>, String)> {
        let text = charset
            .decode_without_bom_handling_and_without_replacement(bytes)
            .unwrap_or_else(|| panic!("does not decode in {}", charset.name()));
        implausible_lines(bytes, &text, charset)
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect()
    }

    #[test]
    fn chinese_team_names_with_latin_letters_are_plausible() {
        for charset in [GB18030, BIG5] {
            let text = "id,name,team\nE1,张伟,IT部\nE2,李娜,QA组\nE3,王芳,Java开发\nE4,周杰,AI部\n";
            let bytes = encoded(charset, text);
            assert_eq!(problems(charset, &bytes), vec![], "{}", charset.name());
        }
    }

    #[test]
    fn names_whose_bytes_are_also_two_byte_utf8_are_plausible_gb18030() {
        let bytes = encoded(
            GB18030,
            "id,name,manager\nE1,张三,\nE2,谢伟,E1\nE3,叶小英,E1\n",
        );
        assert_eq!(problems(GB18030, &bytes), vec![]);
    }

    #[test]
    fn latin_names_read_as_gb18030_or_big5_are_refused_wherever_the_accent_is() {
        for charset in [GB18030, BIG5] {
            for name in [
                "Björn",
                "Ángel Ruiz",
                "Émile Zola",
                "Özil Can",
                "Inés García",
            ] {
                let bytes = encoded(WINDOWS_1252, &format!("id,name\nE1,{name}\n"));
                let Some(text) =
                    charset.decode_without_bom_handling_and_without_replacement(&bytes)
                else {
                    continue; // not even valid: refused as such
                };
                let found = implausible_lines(&bytes, &text, charset);
                assert_eq!(found.len(), 1, "{name} in {}: {text:?}", charset.name());
            }
        }
    }

    #[test]
    fn greek_and_cyrillic_in_their_own_encodings_are_plausible() {
        let greek = encoded(
            encoding_rs::WINDOWS_1253,
            "id,name\nE1,Γιώργος Παπαδόπουλος\n",
        );
        assert_eq!(problems(encoding_rs::WINDOWS_1253, &greek), vec![]);
        let russian = encoded(encoding_rs::WINDOWS_1251, "id,name\nE1,Иван Петров\n");
        assert_eq!(problems(encoding_rs::WINDOWS_1251, &russian), vec![]);
    }

    #[test]
    fn chinese_read_as_windows_1252_is_refused() {
        let bytes = encoded(GB18030, "id,name\nE1,张伟\n");
        let found = problems(WINDOWS_1252, &bytes);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("implausible in windows-1252"),
            "{found:?}"
        );
    }

    #[test]
    fn gb2312_bytes_that_are_valid_utf8_are_recognised() {
        let bytes = encoded(GB18030, "id,name,manager\nE1,谢伟,\nE2,叶英,E1\n");
        let text = std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(gb2312_read_as_utf8(&bytes, text).is_some());
        for real in [
            "id,name\nE1,Zoë Müller\n",
            "id,name\nE1,Иван Петров\n",
            "id,name\nE1,Γιώργος\n",
        ] {
            assert_eq!(gb2312_read_as_utf8(real.as_bytes(), real), None, "{real}");
        }
    }

    #[test]
    fn a_utf8_latin_row_in_a_gb18030_file_is_found() {
        let mut bytes = encoded(GB18030, "id,name\nE1,张伟\n");
        bytes.extend_from_slice("E2,Zoë\n".as_bytes());
        let found = problems(GB18030, &bytes);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Some(3));
    }
}
