//! Files as they come: byte-order marks, CRLF, quoted newlines, GB18030, and the files that are
//! not a roster at all.

use super::*;
use encoding_rs::GB18030;

const CHINESE: &str = "id,name,title,team,manager,备注\r\n\
                       E1,张伟,总监,研发部,,\r\n\
                       E2,李娜,工程师,研发部,E1,\"入职\r\n培训中\"\r\n\
                       E3,王芳,测试工程师,研发部,E1,\r\n";

fn messages(problems: &[Problem]) -> Vec<(Option<u64>, &str)> {
    problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect()
}

#[test]
fn bom_crlf_and_quoted_newlines_are_read() {
    let csv = "\u{feff}id,name,title,key,key_reason\r\n\
               E1,Ann Lee,CTO,yes,\"founder;\nowns the roadmap\"\r\n\
               E2,\"Chen, Bob\",Analyst,no,\r\n";
    let plan = plan(csv, &Org::default());
    let names: Vec<&str> = plan.added.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Ann Lee", "Chen, Bob"]);
    let reason = plan.added[0].key.as_ref().map(|k| k.reason.as_str());
    assert_eq!(reason, Some("founder;\nowns the roadmap"));
}

#[test]
fn a_row_after_a_quoted_newline_is_reported_on_the_line_it_starts() {
    let csv = "\u{feff}id,name,manager,notes\r\n\
               E1,Ann,,\"two\r\nlines\"\r\n\
               E2,Bob,E404,\r\n\
               E3,\"Cy\r\n\r\nWu\",E1,\r\n\
               E4,Di,E405,\r\n";
    let found = places(csv, &Org::default());
    assert_eq!(found, vec![at(4, "manager"), at(8, "manager")]);
}

#[test]
fn a_gb18030_file_imports_with_gb18030() {
    let (bytes, _, unmappable) = GB18030.encode(CHINESE);
    assert!(!unmappable);
    let plan = match plan_bytes(&bytes, Encoding::GB18030, &Org::default()) {
        Ok(plan) => plan,
        Err(e) => panic!("refused:\n{e}"),
    };
    let names: Vec<&str> = plan.added.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["张伟", "李娜", "王芳"]);
    assert_eq!(plan.added[2].title, "测试工程师");
    assert_eq!(plan.added[1].team, "研发部");
    assert_eq!(plan.added[1].manager, Some(PersonId::from("E1")));
    assert_eq!(plan.ignored_columns, vec!["备注"]);
}

#[test]
fn a_gb18030_file_read_as_utf8_is_refused_with_the_hint() {
    let (bytes, _, _) = GB18030.encode(CHINESE);
    let problems = refused(&bytes, Encoding::UTF8, &Org::default());
    let lines: Vec<Option<u64>> = problems.iter().map(|p| p.line).collect();
    assert_eq!(
        lines,
        vec![None, Some(1), Some(2), Some(3), Some(4), Some(5)]
    );
    assert!(
        problems[0].message.contains("`--encoding gb18030`"),
        "{problems:?}"
    );
    assert!(
        problems[1].message.contains("not valid UTF-8"),
        "{problems:?}"
    );
}

#[test]
fn files_that_are_not_a_roster_are_refused_as_a_whole() {
    let utf16: Vec<u8> = "id,name\r\nE1,Ann\r\n"
        .bytes()
        .flat_map(|b| [b, 0])
        .collect();
    let mut utf16_bom = vec![0xFF, 0xFE];
    utf16_bom.extend_from_slice(&utf16);
    let cases: [(&[u8], &str); 6] = [
        (b"", "the file is empty"),
        (b"\xEF\xBB\xBF\r\n", "the file is empty"),
        (
            b"id,name\r\n",
            "no rows: the file has a header and nothing else",
        ),
        (&utf16, "the file is UTF-16; save it as UTF-8"),
        (&utf16_bom, "the file is UTF-16; save it as UTF-8"),
        (
            b"id,name\nE1,\x00\x01\x02\n",
            "the file contains NUL bytes: it is a binary file, not CSV text",
        ),
    ];
    for (bytes, message) in cases {
        let problems = refused(bytes, Encoding::UTF8, &Org::default());
        assert_eq!(messages(&problems), vec![(None, message)], "{bytes:?}");
    }
}

#[test]
fn every_line_with_bad_bytes_is_listed() {
    let bytes = b"id,name\nE1,Ann\nE2,B\xFFb\nE3,Cy\nE4,D\xFE\xFEi\n";
    let problems = refused(bytes, Encoding::UTF8, &Org::default());
    let by_line: Vec<(Option<u64>, &str)> = messages(&problems)
        .into_iter()
        .filter(|(line, _)| line.is_some())
        .collect();
    assert_eq!(
        by_line,
        vec![
            (Some(3), "bytes that are not valid UTF-8"),
            (Some(5), "bytes that are not valid UTF-8"),
        ]
    );
}

#[test]
fn every_ragged_row_is_listed_with_the_other_problems() {
    let csv = "id,name,manager\nE1,Ann,\nE2,Bob\nE3,Cy,E1,extra\nE4,Di,E999\nE5,Ed\n";
    let problems = refused(csv.as_bytes(), Encoding::UTF8, &Org::default());
    assert_eq!(
        messages(&problems),
        vec![
            (Some(3), "2 fields, but the header has 3"),
            (Some(4), "4 fields, but the header has 3"),
            (Some(5), "unknown manager E999"),
            (Some(6), "2 fields, but the header has 3"),
        ]
    );
}

#[test]
fn utf16_without_byte_order_mark_is_recognised_in_a_chinese_roster() {
    let bytes: Vec<u8> = "id,name,team\r\nE1,张伟,研发部\r\nE2,李娜,研发部\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let problems = refused(&bytes, Encoding::UTF8, &Org::default());
    assert_eq!(
        messages(&problems),
        vec![(None, "the file is UTF-16; save it as UTF-8")]
    );
}
