//! Text to table: the header and the data rows of the CSV, each row with the line it starts on.
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

/// Splits `text` into a table, adding to `problems` every row of the wrong length; `None` when
/// there is nothing to import at all.
pub(super) fn read_table(text: &str, problems: &mut Vec<Problem>) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
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
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Table>, Vec<Problem>) {
        let mut problems = Vec::new();
        let table = read_table(text, &mut problems);
        (table, problems)
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
