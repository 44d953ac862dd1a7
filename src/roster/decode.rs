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

use super::plausible;
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
    /// Why the file was read in an encoding other than UTF-8 that nobody named.
    pub note: Option<String>,
}

/// The text of `bytes` read in `encoding` (or in the encoding guessed from them), or every
/// reason it cannot be read.
pub(super) fn decode(bytes: &[u8], encoding: Encoding) -> Result<Decoded, Vec<Problem>> {
    if let Some(problem) = not_text(bytes) {
        return Err(vec![problem]);
    }
    let has_bom = bytes.starts_with(UTF8_BOM);
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let (charset, note) = match encoding {
        Encoding::Named(charset) => (charset, None),
        Encoding::Guess => choose(body, has_bom)?,
    };
    if has_bom && charset != UTF_8 {
        return Err(vec![Problem::whole_file(format!(
            "the file starts with a UTF-8 byte-order mark, so it is UTF-8, not {}; import it \
             with `--encoding utf-8`",
            charset.name()
        ))]);
    }
    let Some(text) = charset.decode_without_bom_handling_and_without_replacement(body) else {
        let mut problems = bad_lines(body, charset);
        // With a byte-order mark the file says it is UTF-8: only its bad lines are news.
        if charset == UTF_8
            && !has_bom
            && let Some(likely) = guess(body)
        {
            problems.push(Problem::whole_file(format!(
                "the file is not UTF-8; its bytes look like {name}: import it with \
                 `--encoding {name}`, or leave --encoding out to let crewdeck guess",
                name = likely.name().to_lowercase(),
            )));
        }
        return Err(problems);
    };
    let problems = plausible::implausible_lines(body, &text, charset);
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
        note,
    })
}

/// The encodings of East Asian spreadsheets, which a short text can fit more than one of.
const CJK: [&Charset; 5] = [
    &encoding_rs::GB18030_INIT,
    &encoding_rs::BIG5_INIT,
    &encoding_rs::SHIFT_JIS_INIT,
    &encoding_rs::EUC_JP_INIT,
    &encoding_rs::EUC_KR_INIT,
];

/// Below this many bytes of non-UTF-8 text, a guess between the East Asian encodings is not
/// taken on trust: four bytes of GB18030 (`李娜`) are as valid in EUC-JP (`川槌`).
const SURE_GUESS_BYTES: usize = 16;

/// The encoding to read `body` in when none is named, and a note saying why when it is not
/// plainly UTF-8.
fn choose(body: &[u8], has_bom: bool) -> Result<(&'static Charset, Option<String>), Vec<Problem>> {
    if has_bom {
        return Ok((UTF_8, None));
    }
    if let Ok(text) = std::str::from_utf8(body) {
        if let Some(as_utf8) = plausible::gb2312_read_as_utf8(body, text) {
            let note = format!(
                "the bytes are valid UTF-8 but read as nonsense (`{as_utf8}`) and as common \
                 Chinese characters in gb18030; read as gb18030 (name another with --encoding)"
            );
            return Ok((encoding_rs::GB18030, Some(note)));
        }
        return Ok((UTF_8, None));
    }
    // A file that is mostly UTF-8 is UTF-8 with some bad lines, which are then named.
    let non_ascii = lines(body).filter(|(_, line)| !line.is_ascii());
    let (utf8, other): (Vec<_>, Vec<_>) =
        non_ascii.partition(|(_, line)| std::str::from_utf8(line).is_ok());
    if utf8.len() >= other.len() {
        return Ok((UTF_8, None));
    }
    let Some(charset) = guess(body) else {
        return Err(vec![Problem::whole_file(
            "the file is not UTF-8 and its encoding cannot be told from its bytes; save it as \
             UTF-8, or name its encoding with --encoding",
        )]);
    };
    let sample: usize = other
        .iter()
        .map(|(_, line)| line.iter().filter(|b| !b.is_ascii()).count())
        .sum();
    if CJK.contains(&charset) && sample < SURE_GUESS_BYTES {
        let readings: Vec<String> = CJK
            .iter()
            .filter_map(|candidate| {
                let text = candidate.decode_without_bom_handling_and_without_replacement(body)?;
                plausible::implausible_lines(body, &text, candidate)
                    .is_empty()
                    .then(|| {
                        format!(
                            "{} (`{}`)",
                            candidate.name().to_lowercase(),
                            first_words(&text)
                        )
                    })
            })
            .collect();
        if readings.len() > 1 {
            return Err(vec![Problem::whole_file(format!(
                "too little text to tell the file's encoding: it reads as {}; name the right one \
                 with --encoding",
                readings.join(" or as ")
            ))]);
        }
    }
    let note = format!(
        "the file is not UTF-8; read as {}, the encoding its bytes look like (name another with \
         --encoding)",
        charset.name().to_lowercase()
    );
    Ok((charset, Some(note)))
}

/// The first run of non-ASCII text in `text`, up to twelve characters: what a person would
/// recognise as right or wrong.
fn first_words(text: &str) -> String {
    let start = text.find(|c: char| !c.is_ascii()).unwrap_or(0);
    text[start..]
        .chars()
        .take_while(|c| !c.is_ascii() || *c == ' ')
        .take(12)
        .collect::<String>()
        .trim()
        .to_string()
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
    } else if first == Some(&b'{') || (first == Some(&b'[') && json_array(start)) {
        "the file is JSON, not CSV; crewdeck reads a roster from CSV with a header row"
    } else if matches!(first, Some(b'<')) {
        "the file is XML or HTML, not CSV; export the roster as CSV with a header row"
    } else {
        return None;
    };
    Some(Problem::whole_file(message))
}

/// Whether `bytes`, which start with `[` after blanks, hold a JSON array rather than a CSV
/// header such as `[ID],[Name]`: the whole file parses as JSON, or the `[` opens an object, an
/// array, a string or nothing (a file cut short is still JSON to its reader).
fn json_array(bytes: &[u8]) -> bool {
    if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
        return true;
    }
    let after = bytes.iter().skip_while(|b| b.is_ascii_whitespace()).skip(1);
    let next = after.copied().find(|b| !b.is_ascii_whitespace());
    matches!(next, Some(b'{' | b'[' | b'"' | b']'))
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
pub(super) fn lines(bytes: &[u8]) -> impl Iterator<Item = (u64, &[u8])> {
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
            |(number, line)| match plausible::pasted_utf8(line, None, charset) {
                true => Problem::at_line(number, plausible::mixed(charset)),
                false => Problem::at_line(number, format!("bytes that are not valid {name}")),
            },
        )
        .collect();
    if problems.is_empty() {
        problems.push(Problem::whole_file(format!("the file is not valid {name}")));
    }
    problems
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
        assert!(decoded.note.is_some_and(|n| n.contains("gb18030")));
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
    fn a_mostly_utf8_file_names_its_one_bad_line() {
        let mut bytes = "id,name\nE1,Zoë Müller\nE2,José\nE3,Renée\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"E4,Bj\xF6rn\n");
        let found = messages(decode(&bytes, Encoding::Guess));
        let by_line: Vec<_> = found.iter().filter(|(line, _)| line.is_some()).collect();
        assert_eq!(by_line.len(), 1, "{found:?}");
        assert_eq!(by_line[0].0, Some(5));
    }

    #[test]
    fn too_little_east_asian_text_to_tell_asks_for_the_encoding() {
        let bytes = GB18030.encode("id,name\nE1,李娜\n").0.into_owned();
        let found = messages(decode(&bytes, Encoding::Guess));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("gb18030 (`李娜`)"), "{found:?}");
        assert!(found[0].1.contains("--encoding"), "{found:?}");
        assert_eq!(read(&bytes, Encoding::GB18030).text, "id,name\nE1,李娜\n");
    }

    #[test]
    fn gb2312_names_that_are_valid_utf8_are_read_as_gb18030() {
        let bytes = GB18030
            .encode("id,name,manager\nE1,谢伟,\nE2,叶英,E1\n")
            .0
            .into_owned();
        let decoded = read(&bytes, Encoding::Guess);
        assert_eq!(decoded.text, "id,name,manager\nE1,谢伟,\nE2,叶英,E1\n");
        assert!(decoded.note.is_some_and(|n| n.contains("nonsense")));
    }

    #[test]
    fn a_bracketed_csv_header_is_not_json() {
        let decoded = read(b"[ID],[Name]\nE1,Ann\n", Encoding::Guess);
        assert!(decoded.text.starts_with("[ID]"));
    }

    #[test]
    fn a_bom_file_with_a_bad_line_gets_no_other_encoding_hint() {
        let found = messages(decode(
            b"\xEF\xBB\xBFid,name\nE1,Bj\xF6rn\n",
            Encoding::Guess,
        ));
        assert_eq!(
            found,
            vec![(Some(2), "bytes that are not valid UTF-8".to_string())]
        );
    }

    #[test]
    fn utf8_bom_with_another_encoding_is_refused() {
        let found = messages(decode(b"\xEF\xBB\xBFid,name\n", Encoding::GB18030));
        assert!(found[0].1.contains("--encoding utf-8"), "{found:?}");
    }
}
