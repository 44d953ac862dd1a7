//! Text to table: the header and the data rows of the CSV, each row with the line it starts on.
//!
//! The separator is what the file uses: a spreadsheet's `sep=;` first line names it; otherwise
//! the one of `,` `;` tab `|` that splits the header into the most cells (a comma on a tie), so
//! a CSV saved in a European locale (`;`) or pasted from a spreadsheet (tabs) reads as it is.
//! Either is said in a note.
//!
//! Quoted fields may hold commas and newlines; a row's line is the line where it starts. Cells
//! are trimmed, CRLF inside a cell becomes LF, and what `crewdeck export` does to keep a cell
//! safe is undone (a `'` before `= + - @`, and ` ⏎ ` for a line break), so an export imports
//! back as it was. Rows whose cells are all blank (spreadsheets leave them at the end) are skipped.
//! A row whose number of fields differs from the header's is a problem, and every such row is
//! listed rather than only the first.

use super::Problem;

/// The header and the well-formed data rows of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Table {
    pub header_line: u64,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row, with as many cells as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    /// The line (from 1) where the row starts.
    pub line: u64,
    pub cells: Vec<String>,
}

/// Splits `text` into a table, adding to `problems` every row of the wrong length and to `notes`
/// the separator when it is not a comma; `None` when there is nothing to import at all.
pub(super) fn read_table(
    text: &str,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) -> Option<Table> {
    let before = problems.len();
    let (text, delimiter) = separator(text, problems, notes);
    if problems.len() > before {
        return None;
    }
    let text = text.as_ref();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut header: Option<(u64, Vec<String>)> = None;
    let mut rows = Vec::new();
    let mut data_rows = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                problems.push(csv_problem(&error));
                return None;
            }
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = start_line(text, record.position().unwrap_or(reader.position()));
        let cells: Vec<String> = record.iter().map(clean_cell).collect();
        let Some((_, names)) = &header else {
            header = Some((line, cells));
            continue;
        };
        data_rows += 1;
        if cells.len() == names.len() {
            rows.push(Row { line, cells });
        } else {
            problems.push(Problem::at_line(
                line,
                format!("{} fields, but the header has {}", cells.len(), names.len()),
            ));
        }
    }
    let Some((header_line, header)) = header else {
        problems.push(Problem::whole_file("the file is empty"));
        return None;
    };
    if data_rows == 0 {
        problems.push(Problem::whole_file(
            "no rows: the file has a header and nothing else",
        ));
        return None;
    }
    Some(Table {
        header_line,
        header,
        rows,
    })
}

/// The separators a file may use, in the order a tie is broken.
const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The separator of `text`, and `text` with a `sep=` line blanked (not removed, so that line
/// numbers stay those of the file).
fn separator<'a>(
    text: &'a str,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) -> (std::borrow::Cow<'a, str>, u8) {
    let first_line = text.lines().next().unwrap_or_default();
    let named = first_line.trim_matches(|c| c == ' ' || c == '"');
    let is_sep_line = named
        .get(..4)
        .is_some_and(|start| start.eq_ignore_ascii_case("sep="));
    if is_sep_line {
        let rest = std::borrow::Cow::Owned(text[first_line.len()..].to_string());
        let sep = named.as_bytes().get(4).filter(|_| named.len() == 5);
        let Some(&sep) = sep.filter(|sep| SEPARATORS.contains(sep)) else {
            problems.push(Problem::at_line(
                1,
                format!(
                    "`{}` names no separator crewdeck reads: write `sep=,`, `sep=;`, `sep=|` or \
                 `sep=` and a tab",
                    crate::text::escaped(named)
                ),
            ));
            return (rest, b',');
        };
        notes.push(format!(
            "the first line `{}` names the separator; read that way",
            crate::text::escaped(named)
        ));
        return (rest, sep);
    }
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let count = |sep: u8| cells_outside_quotes(header, sep);
    // The first with the most cells: a comma wins a tie.
    let best = SEPARATORS.into_iter().fold(
        b',',
        |best, sep| {
            if count(sep) > count(best) { sep } else { best }
        },
    );
    match best {
        b';' => notes.push(
            "cells are separated by `;`, as spreadsheets save CSV in many European locales; \
             read that way"
                .to_string(),
        ),
        b'\t' => notes.push("cells are separated by tabs; read that way".to_string()),
        b'|' => notes.push("cells are separated by `|`; read that way".to_string()),
        _ => {}
    }
    (std::borrow::Cow::Borrowed(text), best)
}

/// How many times `sep` occurs in `line` outside double quotes.
fn cells_outside_quotes(line: &str, sep: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            _ if b == sep && !quoted => count += 1,
            _ => {}
        }
    }
    count
}

/// The line where a record starts. The reader gives the place where it stopped after the record
/// before, which can be in the middle of a CRLF or before blank lines, so those are skipped here.
fn start_line(text: &str, position: &csv::Position) -> u64 {
    let from = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let rest = text.as_bytes().get(from..).unwrap_or_default();
    let ends = rest.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
    position.line() + ends.filter(|b| **b == b'\n').count() as u64
}

fn csv_problem(error: &csv::Error) -> Problem {
    match error.position() {
        Some(position) => Problem::at_line(position.line(), error.to_string()),
        None => Problem::whole_file(error.to_string()),
    }
}

/// A cell as the person meant it: see the module documentation.
fn clean_cell(raw: &str) -> String {
    let cell = raw.trim().replace("\r\n", "\n").replace(" ⏎ ", "\n");
    match cell.strip_prefix('\'') {
        Some(rest) if crate::text::looks_like_formula(rest) => rest.to_string(),
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Table>, Vec<Problem>) {
        let mut problems = Vec::new();
        let table = read_table(text, &mut problems, &mut Vec::new());
        (table, problems)
    }

    fn read_with_notes(text: &str) -> (Table, Vec<String>) {
        let mut notes = Vec::new();
        let mut problems = Vec::new();
        match read_table(text, &mut problems, &mut notes) {
            Some(table) if problems.is_empty() => (table, notes),
            _ => panic!("refused: {problems:?}"),
        }
    }

    #[test]
    fn the_separator_is_found_and_said() {
        let (table, notes) = read_with_notes("Employee ID;Name;Team\r\nE1;Schmidt, Anna;Ops\r\n");
        assert_eq!(table.header, vec!["Employee ID", "Name", "Team"]);
        assert_eq!(table.rows[0].cells[1], "Schmidt, Anna");
        assert!(notes[0].contains("`;`"), "{notes:?}");
        let (table, notes) = read_with_notes("id\tname\nE1\tAnn Lee\n");
        assert_eq!(table.rows[0].cells, vec!["E1", "Ann Lee"]);
        assert!(notes[0].contains("tabs"), "{notes:?}");
        let (table, notes) = read_with_notes("id,name,note\nE1,Ann,\"a;b;c\"\n");
        assert_eq!(table.header.len(), 3);
        assert_eq!(notes, Vec::<String>::new());
    }

    #[test]
    fn a_sep_line_names_the_separator_and_keeps_line_numbers() {
        let (table, notes) = read_with_notes("sep=;\r\nid;name\r\nE1;Ann, Lee\r\n");
        assert_eq!(table.header_line, 2);
        assert_eq!(table.rows[0].line, 3);
        assert_eq!(table.rows[0].cells, vec!["E1", "Ann, Lee"]);
        assert!(notes[0].contains("`sep=;`"), "{notes:?}");
        let (table, _) = read_with_notes("\"SEP=,\"\nid,name\nE1,Ann\n");
        assert_eq!(table.rows[0].cells, vec!["E1", "Ann"]);
        let (table, notes) = read_with_notes("sep=\t\nid\tname\nE1\tAnn Lee\n");
        assert_eq!(table.rows[0].cells, vec!["E1", "Ann Lee"]);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn a_sep_line_naming_no_separator_is_a_problem() {
        for line in ["sep=a", "sep=", "sep=abc", "sep=;;;", "sep=\u{1b}"] {
            let (table, problems) = read(&format!("{line}\nid,name\nE1,Ann\n"));
            assert!(table.is_none(), "{line:?}");
            assert_eq!(problems.len(), 1, "{line:?}: {problems:?}");
            assert_eq!(problems[0].line, Some(1));
            assert!(!problems[0].message.contains('\u{1b}'), "{problems:?}");
        }
    }

    fn lines(table: &Option<Table>) -> Vec<u64> {
        table
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| r.line))
            .collect()
    }

    #[test]
    fn rows_keep_the_line_they_start_on_across_quoted_newlines() {
        let text = "id,name,title\r\nE1,Ann,\"Head of\r\nSales\"\r\nE2,Bob,Clerk\r\n";
        let (table, problems) = read(text);
        assert_eq!(problems, vec![]);
        assert_eq!(lines(&table), vec![2, 4]);
        let table = table.unwrap_or_else(|| panic!("no table"));
        assert_eq!(table.header, vec!["id", "name", "title"]);
        assert_eq!(table.rows[0].cells[2], "Head of\nSales");
    }

    #[test]
    fn what_an_export_neutralised_comes_back_as_it_was() {
        assert_eq!(clean_cell("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(clean_cell("'@Ann"), "@Ann");
        assert_eq!(
            clean_cell("'Ohana"),
            "'Ohana",
            "a quote before a letter is part of the name"
        );
        assert_eq!(clean_cell("one ⏎ two"), "one\ntwo");
        assert_eq!(clean_cell("  Ann  "), "Ann");
    }

    #[test]
    fn rows_after_blank_lines_keep_their_own_line() {
        let (table, problems) = read("id,name\r\n\r\n\r\nE1,Ann\n\n\nE2,Bob\rE3,Cy\r\n");
        assert_eq!(problems, vec![]);
        assert_eq!(lines(&table), vec![4, 7, 7]);
    }

    #[test]
    fn cells_are_trimmed_and_blank_rows_skipped() {
        let (table, problems) = read("\n id , name \n\nE1 ,  Ann\n,\n , \n");
        assert_eq!(problems, vec![]);
        let table = table.unwrap_or_else(|| panic!("no table"));
        assert_eq!(table.header_line, 2);
        assert_eq!(table.header, vec!["id", "name"]);
        assert_eq!(
            table.rows,
            vec![Row {
                line: 4,
                cells: vec!["E1".into(), "Ann".into()]
            }]
        );
    }

    #[test]
    fn every_ragged_row_is_listed() {
        let (table, problems) =
            read("id,name,team\nE1,Ann,Ops\nE2,Bob\nE3,Cy,Ops,extra\nE4,Di,Ops\n");
        let found: Vec<(Option<u64>, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Some(3), "2 fields, but the header has 3"),
                (Some(4), "4 fields, but the header has 3"),
            ]
        );
        assert_eq!(lines(&table), vec![2, 5]);
    }

    #[test]
    fn a_header_alone_has_no_rows() {
        let (table, problems) = read("id,name\r\n");
        assert!(table.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("no rows"), "{problems:?}");
        assert_eq!(problems[0].line, None);
    }

    #[test]
    fn blank_text_is_empty() {
        let (table, problems) = read("\r\n\r\n");
        assert!(table.is_none());
        assert_eq!(problems, vec![Problem::whole_file("the file is empty")]);
    }
}
