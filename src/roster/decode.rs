//! Bytes to text: checks that a file is text in the chosen encoding, and decodes it.
//!
//! What is not CSV text is refused with a reason a person can act on: an empty file, UTF-16, a
//! zip or other binary file, and bytes that are invalid in the encoding (every line that has
//! them, with a hint when the other encoding would read the file). A byte-order mark is dropped.
//! Decoding never replaces a bad byte with U+FFFD: a name is read exactly or not at all.

use super::{Encoding, Problem};
use encoding_rs::GB18030;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_ADVICE: &str = "the file is UTF-16; save it as UTF-8";
/// How much of the file to look at when guessing whether it is UTF-16 without a byte-order mark.
const SNIFF_LEN: usize = 4096;

/// The text of `bytes` read in `encoding`, or every reason it cannot be read.
pub(super) fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, Vec<Problem>> {
    if let Some(problem) = not_text(bytes) {
        return Err(vec![problem]);
    }
    match encoding {
        Encoding::Utf8 => decode_utf8(bytes),
        Encoding::Gb18030 => decode_gb18030(bytes),
    }
}

/// Why `bytes` cannot be a CSV text file at all, whatever the encoding.
fn not_text(bytes: &[u8]) -> Option<Problem> {
    let message = if bytes.is_empty() {
        "the file is empty"
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        UTF16_ADVICE
    } else if bytes.starts_with(b"PK\x03\x04") {
        "the file is a zip archive, perhaps an .xlsx workbook; export the sheet as CSV"
    } else if looks_like_utf16(bytes) {
        UTF16_ADVICE
    } else if bytes.contains(&0) {
        "the file contains NUL bytes: it is a binary file, not CSV text"
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

fn decode_utf8(bytes: &[u8]) -> Result<String, Vec<Problem>> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(text.to_string());
    }
    let mut problems = bad_lines(body, "UTF-8", |line| std::str::from_utf8(line).is_ok());
    if gb18030(body).is_some() {
        problems.push(Problem::whole_file(
            "the file is not UTF-8 but reads as GB18030, the encoding many Chinese spreadsheets \
             save in; import it with `--encoding gb18030`",
        ));
    }
    Err(problems)
}

fn decode_gb18030(bytes: &[u8]) -> Result<String, Vec<Problem>> {
    if bytes.starts_with(UTF8_BOM) {
        return Err(vec![Problem::whole_file(
            "the file starts with a UTF-8 byte-order mark, so it is UTF-8, not GB18030; import it \
             with `--encoding utf-8`",
        )]);
    }
    if let Some(text) = gb18030(bytes) {
        // GB18030 has its own byte-order mark, which decodes to U+FEFF.
        return Ok(text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string());
    }
    let mut problems = bad_lines(bytes, "GB18030", |line| gb18030(line).is_some());
    if std::str::from_utf8(bytes).is_ok() {
        problems.push(Problem::whole_file(
            "the file is not GB18030 but reads as UTF-8; import it with `--encoding utf-8`",
        ));
    }
    Err(problems)
}

fn gb18030(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    GB18030.decode_without_bom_handling_and_without_replacement(bytes)
}

/// One problem for each line of `bytes` that `reads` refuses. A newline byte never occurs inside
/// a UTF-8 or GB18030 sequence, so every line can be checked on its own.
fn bad_lines(bytes: &[u8], encoding: &str, reads: impl Fn(&[u8]) -> bool) -> Vec<Problem> {
    let mut problems: Vec<Problem> = (1u64..)
        .zip(bytes.split(|b| *b == b'\n'))
        .filter(|(_, line)| !reads(line))
        .map(|(number, _)| Problem::at_line(number, format!("bytes that are not valid {encoding}")))
        .collect();
    if problems.is_empty() {
        problems.push(Problem::whole_file(format!(
            "the file is not valid {encoding}"
        )));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(result: Result<String, Vec<Problem>>) -> Vec<(Option<u64>, String)> {
        match result {
            Ok(text) => panic!("decoded, expected problems: {text:?}"),
            Err(problems) => problems.into_iter().map(|p| (p.line, p.message)).collect(),
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode(b"id,name\n", Encoding::Utf8),
            Ok("id,name\n".to_string())
        );
        let with_bom = b"\xEF\xBB\xBFid,name\r\n";
        assert_eq!(
            decode(with_bom, Encoding::Utf8),
            Ok("id,name\r\n".to_string())
        );
    }

    #[test]
    fn empty_file_is_refused() {
        let found = messages(decode(b"", Encoding::Utf8));
        assert_eq!(found, vec![(None, "the file is empty".to_string())]);
    }

    #[test]
    fn utf16_with_byte_order_mark_is_refused() {
        for bom in [&b"\xFF\xFE"[..], b"\xFE\xFF"] {
            let mut bytes = bom.to_vec();
            bytes.extend_from_slice(b"i\0d\0");
            let found = messages(decode(&bytes, Encoding::Utf8));
            assert_eq!(found, vec![(None, UTF16_ADVICE.to_string())]);
        }
    }

    #[test]
    fn utf16_without_byte_order_mark_is_refused() {
        let bytes: Vec<u8> = "id,name\nE1,Ann\n".bytes().flat_map(|b| [b, 0]).collect();
        let found = messages(decode(&bytes, Encoding::Gb18030));
        assert_eq!(found, vec![(None, UTF16_ADVICE.to_string())]);
    }

    #[test]
    fn binary_and_zip_files_are_refused() {
        let found = messages(decode(b"id,name\nE1,A\0nn\n", Encoding::Utf8));
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("binary"), "{found:?}");
        let found = messages(decode(b"PK\x03\x04\x14\0\0\0", Encoding::Utf8));
        assert!(found[0].1.contains("xlsx"), "{found:?}");
    }

    #[test]
    fn every_line_with_invalid_utf8_is_listed() {
        let bytes = b"id,name\nE1,Ann\nE2,B\xFFob\nE3,Cy\nE4,D\xC3\n";
        let found = messages(decode(bytes, Encoding::Utf8));
        let lines: Vec<Option<u64>> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![Some(3), Some(5)]);
        assert!(found[0].1.contains("UTF-8"));
    }

    #[test]
    fn gb18030_is_suggested_when_utf8_fails_and_gb18030_reads() {
        let (bytes, _, _) = GB18030.encode("id,name\nE1,张三\nE2,李四\n");
        let found = messages(decode(&bytes, Encoding::Utf8));
        assert_eq!(found.iter().filter(|(line, _)| line.is_some()).count(), 2);
        let hint = found.iter().find(|(line, _)| line.is_none());
        assert!(
            hint.is_some_and(|(_, m)| m.contains("--encoding gb18030")),
            "{found:?}"
        );
        assert_eq!(
            decode(&bytes, Encoding::Gb18030),
            Ok("id,name\nE1,张三\nE2,李四\n".to_string())
        );
    }

    #[test]
    fn no_gb18030_hint_when_gb18030_fails_too() {
        let found = messages(decode(b"id,name\nE1,\xFF\xFF\n", Encoding::Utf8));
        assert_eq!(
            found,
            vec![(Some(2), "bytes that are not valid UTF-8".to_string())]
        );
    }

    #[test]
    fn invalid_gb18030_lines_are_listed_with_a_utf8_hint() {
        let found = messages(decode(b"id,name\nE1,\x81\nE2,\xFF\n", Encoding::Gb18030));
        assert_eq!(
            found,
            vec![
                (Some(2), "bytes that are not valid GB18030".to_string()),
                (Some(3), "bytes that are not valid GB18030".to_string()),
            ]
        );
        let found = messages(decode("id,name\nE1,5€\n".as_bytes(), Encoding::Gb18030));
        assert!(
            found.iter().any(|(_, m)| m.contains("--encoding utf-8")),
            "{found:?}"
        );
    }

    #[test]
    fn utf8_bom_with_gb18030_is_refused() {
        let found = messages(decode(b"\xEF\xBB\xBFid,name\n", Encoding::Gb18030));
        assert!(found[0].1.contains("--encoding utf-8"), "{found:?}");
    }
}
