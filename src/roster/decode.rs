//! Bytes to text: which encoding the file is in, and its text, read exactly or not at all.
//!
//! What is not CSV text is refused with a reason a person can act on: an empty file, UTF-16, a
//! zip or other binary file, JSON, XML or a PDF. Without `--encoding` the encoding is guessed:
//! UTF-8 when the bytes are UTF-8, and otherwise what `chardetng` (the detector Firefox uses for
//! unlabelled pages) makes of them. Whether bytes *decode* says little: GB18030 decodes almost
//! any byte sequence, so Latin text in Windows-1252 would read as nonsense Chinese.
//!
//! Every line is then checked for text that is implausible in the encoding, and refused by line
//! number: a line that is UTF-8 in a file of another encoding (a row pasted in from elsewhere),
//! bytes that are control characters in the encoding, UTF-8 that was once read wrongly and saved
//! again (`Ã¶` for `ö`), and U+FFFD, the mark of text damaged before it reached the file. Decoding
//! never replaces a bad byte with U+FFFD: a name is read exactly or not at all. A byte-order mark
//! is dropped.

use super::{Encoding, Problem};
use encoding_rs::{Encoding as Charset, UTF_8};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_ADVICE: &str = "the file is UTF-16; save it as UTF-8";
/// How much of the file to look at when guessing whether it is UTF-16 without a byte-order mark.
const SNIFF_LEN: usize = 4096;

/// A file's text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decoded {
    pub text: String,
    pub charset: &'static Charset,
    /// The encoding was guessed, not named with `--encoding`.
    pub guessed: bool,
}

/// The text of `bytes` read in `encoding` (or in the encoding guessed from them), or every
/// reason it cannot be read.
pub(super) fn decode(bytes: &[u8], encoding: Encoding) -> Result<Decoded, Vec<Problem>> {
    if let Some(problem) = not_text(bytes) {
        return Err(vec![problem]);
    }
    let has_bom = bytes.starts_with(UTF8_BOM);
    let (charset, guessed) = match encoding {
        Encoding::Named(charset) => (charset, false),
        Encoding::Guess if has_bom || std::str::from_utf8(bytes).is_ok() => (UTF_8, true),
        Encoding::Guess => match guess(bytes) {
            Some(charset) => (charset, true),
            None => {
                return Err(vec![Problem::whole_file(
                    "the file is not UTF-8 and its encoding cannot be told from its bytes; \
                     save it as UTF-8, or name its encoding with --encoding",
                )]);
            }
        },
    };
    if has_bom && charset != UTF_8 {
        return Err(vec![Problem::whole_file(format!(
            "the file starts with a UTF-8 byte-order mark, so it is UTF-8, not {}; import it \
             with `--encoding utf-8`",
            charset.name()
        ))]);
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let Some(text) = charset.decode_without_bom_handling_and_without_replacement(body) else {
        let mut problems = bad_lines(body, charset);
        if charset == UTF_8
            && let Some(likely) = guess(body)
        {
            problems.push(Problem::whole_file(format!(
                "the file is not UTF-8; its bytes look like {name}: import it with \
                 `--encoding {label}`, or leave --encoding out to let crewdeck guess",
                name = likely.name(),
                label = likely.name().to_lowercase(),
            )));
        }
        return Err(problems);
    };
    let problems = implausible_lines(body, &text, charset);
    if !problems.is_empty() {
        return Err(problems);
    }
    // GB18030 has its own byte-order mark, which decodes to U+FEFF.
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text.into_owned(),
    };
    Ok(Decoded {
        text,
        charset,
        guessed,
    })
}

/// The encoding `chardetng` guesses for bytes that are not UTF-8; `None` when it guesses one
/// that cannot hold a CSV file (one not compatible with ASCII) or UTF-8 itself.
///
/// Only the lines that are not UTF-8 are shown to the detector: a row pasted in as UTF-8 is a
/// mistake in the file, to be refused by line, not evidence of its encoding (UTF-8 Chinese
/// looks like accented Latin to a detector).
fn guess(bytes: &[u8]) -> Option<&'static Charset> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    for (_, line) in lines(bytes).filter(|(_, line)| std::str::from_utf8(line).is_err()) {
        detector.feed(line, false);
        detector.feed(b"\n", false);
    }
    detector.feed(b"", true);
    let charset = detector.guess(None, chardetng::Utf8Detection::Deny);
    // GB18030 reads every GBK file and the rarer characters GBK lacks.
    let charset = if charset == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        charset
    };
    (charset.is_ascii_compatible() && charset != UTF_8).then_some(charset)
}

/// Why `bytes` cannot be a CSV text file at all, whatever the encoding.
fn not_text(bytes: &[u8]) -> Option<Problem> {
    let start = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let first = start.iter().find(|b| !b.is_ascii_whitespace());
    let message = if first.is_none() {
        "the file is empty"
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        UTF16_ADVICE
    } else if bytes.starts_with(b"PK\x03\x04") {
        "the file is a zip archive, perhaps an .xlsx workbook; export the sheet as CSV"
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        "the file is an Excel 97-2003 workbook (.xls); export the sheet as CSV"
    } else if bytes.starts_with(b"%PDF") {
        "the file is a PDF; export the roster from its source as CSV"
    } else if looks_like_utf16(bytes) {
        UTF16_ADVICE
    } else if bytes.contains(&0) {
        "the file contains NUL bytes: it is a binary file, not CSV text"
    } else if matches!(first, Some(b'{' | b'[')) {
        "the file is JSON, not CSV; crewdeck reads a roster from CSV with a header row"
    } else if matches!(first, Some(b'<')) {
        "the file is XML or HTML, not CSV; export the roster as CSV with a header row"
    } else {
        return None;
    };
    Some(Problem::whole_file(message))
}

/// UTF-16 without a byte-order mark: text in Latin script has a NUL byte in every other place.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, _) in sample.iter().enumerate().filter(|(_, b)| **b == 0) {
        if i % 2 == 0 {
            even += 1;
        } else {
            odd += 1;
        }
    }
    let nuls = even + odd;
    // At least one byte in eight is NUL, and nine in ten of the NULs fall on the same side.
    nuls > 0 && nuls * 8 >= sample.len() && even.max(odd) * 10 >= nuls * 9
}

/// The lines of `bytes`, numbered from 1. A newline byte never occurs inside a character of an
/// ASCII-compatible encoding, so every line can be judged on its own.
fn lines(bytes: &[u8]) -> impl Iterator<Item = (u64, &[u8])> {
    (1u64..).zip(bytes.split(|b| *b == b'\n'))
}

/// One problem for each line of `bytes` that does not decode in `charset`.
fn bad_lines(bytes: &[u8], charset: &'static Charset) -> Vec<Problem> {
    let name = charset.name();
    let mut problems: Vec<Problem> = lines(bytes)
        .filter(|(_, line)| {
            charset
                .decode_without_bom_handling_and_without_replacement(line)
                .is_none()
        })
        .map(
            |(number, line)| match charset != UTF_8 && reads_as_utf8(line) {
                true => Problem::at_line(number, mixed(charset)),
                false => Problem::at_line(number, format!("bytes that are not valid {name}")),
            },
        )
        .collect();
    if problems.is_empty() {
        problems.push(Problem::whole_file(format!("the file is not valid {name}")));
    }
    problems
}

/// One problem for each line whose text is implausible in `charset` (see the module
/// documentation). `bytes` decode to `text` without error.
fn implausible_lines(bytes: &[u8], text: &str, charset: &'static Charset) -> Vec<Problem> {
    let name = charset.name();
    let mut problems = Vec::new();
    for ((number, raw), line) in lines(bytes).zip(text.split('\n')) {
        let message = if charset != UTF_8 && !raw.is_ascii() && reads_as_utf8(raw) {
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
fn mixed(charset: &'static Charset) -> String {
    format!(
        "this line is UTF-8 but the rest of the file is {}: the file mixes encodings; save it \
         all as UTF-8",
        charset.name()
    )
}

/// Whether `raw` is UTF-8 whose text is plausible: letters of the world's scripts and common
/// punctuation. Bytes of another encoding that happen to be valid UTF-8 mostly read as rare
/// characters (GBK's 张 is U+0545, an Armenian letter), so they do not count.
fn reads_as_utf8(raw: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(raw) else {
        return false;
    };
    text.chars().filter(|c| !c.is_ascii()).all(|c| {
        matches!(c,
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
    })
}

/// Text that shows `line` was decoded in the wrong kind of encoding: in a multi-byte CJK
/// encoding, one ideograph, kana or Hangul syllable inside or at the end of a Latin word (`Bj鰎n`,
/// `In閟`: a Latin-1 `ö` or `é` read as half of a Chinese character); in a single-byte encoding, four non-ASCII
/// letters in a row (`ÕÅÎ°`: two Chinese characters read as four Latin ones). Names have neither.
fn wrong_script(line: &str, charset: &'static Charset) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    if charset.is_single_byte() {
        let run = chars
            .windows(4)
            .find(|w| w.iter().all(|c| !c.is_ascii() && !c.is_whitespace()))?;
        return Some(run.iter().collect());
    }
    let cjk = |c: char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}');
    let letter = |at: Option<&char>| at.is_some_and(char::is_ascii_alphabetic);
    (0..chars.len()).find_map(|at| {
        let before = at.checked_sub(1).and_then(|b| chars.get(b));
        let two_before = at.checked_sub(2).and_then(|b| chars.get(b));
        let after = chars.get(at + 1);
        let alone = cjk(chars[at]) && !after.is_some_and(|c| cjk(*c));
        // Inside a Latin word (`Bj鰎n`), or ending one of two letters or more (`In閟`).
        let in_word = letter(before) && (letter(after) || letter(two_before));
        (alone && in_word).then(|| {
            chars[at.saturating_sub(2)..(at + 2).min(chars.len())]
                .iter()
                .collect()
        })
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{GB18030, WINDOWS_1252};

    fn read(bytes: &[u8], encoding: Encoding) -> Decoded {
        match decode(bytes, encoding) {
            Ok(decoded) => decoded,
            Err(problems) => panic!("refused: {problems:?}"),
        }
    }

    fn messages(result: Result<Decoded, Vec<Problem>>) -> Vec<(Option<u64>, String)> {
        match result {
            Ok(decoded) => panic!("decoded, expected problems: {decoded:?}"),
            Err(problems) => problems.into_iter().map(|p| (p.line, p.message)).collect(),
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        for encoding in [Encoding::Guess, Encoding::UTF8] {
            assert_eq!(read(b"id,name\n", encoding).text, "id,name\n");
            let with_bom = read(b"\xEF\xBB\xBFid,name\r\n", encoding);
            assert_eq!(with_bom.text, "id,name\r\n");
            assert_eq!(with_bom.charset, UTF_8);
        }
    }

    #[test]
    fn empty_file_is_refused() {
        for bytes in [&b""[..], b"\n\r\n  ", b"\xEF\xBB\xBF"] {
            let found = messages(decode(bytes, Encoding::Guess));
            assert_eq!(found, vec![(None, "the file is empty".to_string())]);
        }
    }

    #[test]
    fn utf16_with_byte_order_mark_is_refused() {
        for bom in [&b"\xFF\xFE"[..], b"\xFE\xFF"] {
            let mut bytes = bom.to_vec();
            bytes.extend_from_slice(b"i\0d\0");
            let found = messages(decode(&bytes, Encoding::UTF8));
            assert_eq!(found, vec![(None, UTF16_ADVICE.to_string())]);
        }
    }

    #[test]
    fn utf16_without_byte_order_mark_is_refused() {
        let bytes: Vec<u8> = "id,name\nE1,Ann\n".bytes().flat_map(|b| [b, 0]).collect();
        let found = messages(decode(&bytes, Encoding::GB18030));
        assert_eq!(found, vec![(None, UTF16_ADVICE.to_string())]);
    }

    #[test]
    fn other_formats_are_named_in_one_sentence() {
        let cases: [(&[u8], &str); 6] = [
            (b"id,name\nE1,A\0nn\n", "binary"),
            (b"PK\x03\x04\x14\0\0\0", "xlsx"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", ".xls"),
            (b"%PDF-1.7\n", "PDF"),
            (b"\n  [{\"id\": \"E1\", \"name\": \"Ann\"}]", "JSON"),
            (b"<?xml version=\"1.0\"?><people/>", "XML"),
        ];
        for (bytes, word) in cases {
            let found = messages(decode(bytes, Encoding::Guess));
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].1.contains(word), "{word}: {found:?}");
        }
    }

    #[test]
    fn every_line_with_invalid_utf8_is_listed() {
        let bytes = b"id,name\nE1,Ann\nE2,B\xFFob\nE3,Cy\nE4,D\xC3\n";
        let found = messages(decode(bytes, Encoding::UTF8));
        let lines: Vec<Option<u64>> = found.iter().map(|(line, _)| *line).take(2).collect();
        assert_eq!(lines, vec![Some(3), Some(5)]);
        assert!(found[0].1.contains("UTF-8"));
    }

    #[test]
    fn a_chinese_file_is_guessed_as_gb18030_and_utf8_advises_it() {
        let (bytes, _, _) = GB18030.encode("工号,姓名,部门\nE1,张三,研发部\nE2,李四,测试部\n");
        let decoded = read(&bytes, Encoding::Guess);
        assert_eq!(
            decoded.text,
            "工号,姓名,部门\nE1,张三,研发部\nE2,李四,测试部\n"
        );
        assert!(decoded.guessed);
        assert_eq!(decoded.charset, GB18030);
        let found = messages(decode(&bytes, Encoding::UTF8));
        assert_eq!(found.iter().filter(|(line, _)| line.is_some()).count(), 3);
        let hint = found.iter().find(|(line, _)| line.is_none());
        assert!(
            hint.is_some_and(|(_, m)| m.contains("--encoding gb18030")),
            "{found:?}"
        );
        assert_eq!(
            read(&bytes, Encoding::GB18030).text,
            "工号,姓名,部门\nE1,张三,研发部\nE2,李四,测试部\n"
        );
    }

    #[test]
    fn latin_accents_are_guessed_as_windows_1252_not_gb18030() {
        let (bytes, _, _) = WINDOWS_1252.encode("id,name\nE1,Björn Müller\nE2,François Lefèvre\n");
        let decoded = read(&bytes, Encoding::Guess);
        assert_eq!(decoded.charset, WINDOWS_1252);
        assert!(decoded.text.contains("Björn Müller"));
        assert!(decoded.text.contains("François Lefèvre"));
    }

    #[test]
    fn a_utf8_line_in_a_gb18030_file_is_refused_by_line() {
        let mut bytes = GB18030.encode("工号,姓名\nE1,张三丰\n").0.into_owned();
        bytes.extend_from_slice("E2,李娜娜\n".as_bytes());
        for encoding in [Encoding::Guess, Encoding::GB18030] {
            let found = messages(decode(&bytes, encoding));
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Some(3));
            assert!(found[0].1.contains("mixes encodings"), "{found:?}");
        }
    }

    #[test]
    fn a_utf8_line_in_a_windows_1252_file_is_refused_by_line() {
        let mut bytes = WINDOWS_1252.encode("id,name\nE1,Björn\n").0.into_owned();
        bytes.extend_from_slice("E2,Zoë\n".as_bytes());
        let found = messages(decode(&bytes, Encoding::WINDOWS_1252));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Some(3));
    }

    #[test]
    fn undefined_windows_1252_bytes_and_double_decoded_text_are_refused() {
        let found = messages(decode(b"id,name\nE1,A\x81nn\n", Encoding::WINDOWS_1252));
        assert_eq!(found[0].0, Some(2));
        assert!(found[0].1.contains("U+0081"), "{found:?}");
        let found = messages(decode("id,name\nE1,JÃ¶rg\n".as_bytes(), Encoding::Guess));
        assert_eq!(found[0].0, Some(2));
        assert!(found[0].1.contains("`Ã¶`"), "{found:?}");
        let found = messages(decode(
            "id,name\nE1,J\u{fffd}rg\n".as_bytes(),
            Encoding::Guess,
        ));
        assert_eq!(found[0].0, Some(2));
    }

    #[test]
    fn latin_text_forced_into_gb18030_and_chinese_into_windows_1252_is_refused() {
        let latin = WINDOWS_1252
            .encode("id,name\nE1,Björn Müller\n")
            .0
            .into_owned();
        let found = messages(decode(&latin, Encoding::GB18030));
        assert_eq!(found[0].0, Some(2), "{found:?}");
        assert!(found[0].1.contains("implausible in gb18030"), "{found:?}");
        let chinese = GB18030.encode("id,name\nE1,张伟\n").0.into_owned();
        let found = messages(decode(&chinese, Encoding::WINDOWS_1252));
        assert_eq!(found[0].0, Some(2), "{found:?}");
        assert!(
            found[0].1.contains("implausible in windows-1252"),
            "{found:?}"
        );
        let fine = WINDOWS_1252
            .encode("id,name\nE1,Conceição Müller\n")
            .0
            .into_owned();
        assert!(decode(&fine, Encoding::WINDOWS_1252).is_ok());
        let fine = GB18030
            .encode("id,name,title,team\nE1,张伟,iPhone工程师,A组\n")
            .0
            .into_owned();
        assert!(decode(&fine, Encoding::GB18030).is_ok());
    }

    #[test]
    fn utf8_bom_with_another_encoding_is_refused() {
        let found = messages(decode(b"\xEF\xBB\xBFid,name\n", Encoding::GB18030));
        assert!(found[0].1.contains("--encoding utf-8"), "{found:?}");
    }
}
