//! `crewdeck import KIND FILE`: records back in from the CSV `crewdeck export KIND` writes,
//! reading exactly its columns. All or nothing: every problem is listed with the file, line and
//! field, and nothing is written unless the whole file is right. Importing a file twice changes
//! nothing the second time: a record already stored as the file has it is left alone, one stored
//! otherwise is a problem (crewdeck does not overwrite records from a file), except where the
//! record is one that is replaced whole (an assessment, a user).
//!
//! The points ledger only grows: an entry is appended, a reversing entry is added by reversing
//! its original.

mod flat;
mod nested;

pub use flat::scope_cells;

use crate::domain::{Change, Org};

/// What can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// Quarterly assessments, as `export assessments` writes them.
    Assessments,
    /// The points ledger, as `export points` writes it (appended only).
    Points,
    /// Flags raised by hand, as `export flags` writes them.
    Flags,
    /// crewdeck's users, as `export users` writes them.
    Users,
    /// Key positions and their successor slates, as `export succession` writes them.
    Succession,
    /// GROW notes with their actions, as `export notes` writes them.
    Notes,
    /// Improvement plans with their goals, actions, check-ins and supports, as `export pips`
    /// writes them.
    Pips,
    /// Stay interviews with their follow-ups, as `export stays` writes them.
    Stays,
    /// Departures with their handover tasks and access to revoke, as `export departures`
    /// writes them.
    Departures,
}

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// The one change that writes it all; `None` when everything is in place already.
    pub change: Option<Change>,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

/// Why a file was refused: every problem, each with its line and field.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {}", problems.join("; "))]
pub struct ImportError {
    pub file: String,
    pub problems: Vec<String>,
}

/// One row of the file: its cells by column name.
pub(crate) struct Row<'a> {
    cells: &'a csv::StringRecord,
    header: &'a [String],
}

impl Row<'_> {
    /// The cell of `column`, trimmed; empty when the file has no such column.
    pub fn get(&self, column: &str) -> &str {
        self.header
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", str::trim)
    }
}

/// Reads a CSV as the exports write it (a byte-order mark, from `--excel`, is fine): the header
/// must hold every column of `columns`, and nothing else.
pub(crate) fn read_rows<T>(
    bytes: &[u8],
    file: &str,
    columns: &[&str],
    mut each: impl FnMut(&Row<'_>, &mut Vec<String>) -> Option<T>,
) -> Result<Vec<(usize, T)>, ImportError> {
    let refuse = |problems: Vec<String>| ImportError {
        file: file.to_string(),
        problems,
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| refuse(vec![format!("it is not UTF-8 text ({e})")]))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| refuse(vec![format!("line 1: {e}")]))?
        .iter()
        .map(|h| crate::text::fold(h).trim().to_string())
        .collect();
    let mut problems = Vec::new();
    for column in columns {
        if !header.iter().any(|h| h == column) {
            problems.push(format!("line 1: the column `{column}` is missing"));
        }
    }
    for h in &header {
        if !columns.contains(&h.as_str()) {
            problems.push(format!(
                "line 1: `{}` is not a column of this export (they are: {})",
                crate::text::escaped(h),
                columns.join(", ")
            ));
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        // The line from the record's byte offset: the csv crate counts CRLF files' lines one
        // short, and the exports write CRLF.
        let line = record.position().map_or(0, |p| {
            let bytes = text.as_bytes();
            let mut at = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            // With CRLF the record is said to start at the line feed before it.
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
        });
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let record: csv::StringRecord = record.iter().map(unescape).collect();
        if record.len() != header.len() {
            problems.push(format!(
                "line {line}: {} fields where the header has {}",
                record.len(),
                header.len()
            ));
            continue;
        }
        let row = Row {
            cells: &record,
            header: &header,
        };
        let mut mine = Vec::new();
        let value = each(&row, &mut mine);
        problems.extend(mine.into_iter().map(|p| format!("line {line}, {p}")));
        if let Some(value) = value {
            out.push((line, value));
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    Ok(out)
}

/// A cell as its export wrote it, back to the value: the `'` that keeps a spreadsheet from
/// reading a formula goes, ` ⏎ ` is a line break again, and the text is NFC, the form names
/// and notes are stored in.
fn unescape(cell: &str) -> String {
    let guarded = cell
        .strip_prefix('\'')
        .filter(|rest| crate::text::looks_like_formula(rest))
        .unwrap_or(cell);
    crate::text::nfc(&guarded.replace(" ⏎ ", "\n")).into_owned()
}

/// Plans importing `bytes` (the file `file`) as `kind` into `org`.
pub fn plan(
    kind: ImportKind,
    bytes: &[u8],
    file: &str,
    org: &Org,
) -> Result<ImportPlan, ImportError> {
    match kind {
        ImportKind::Assessments => flat::assessments(bytes, file, org),
        ImportKind::Points => flat::points(bytes, file, org),
        ImportKind::Flags => flat::flags(bytes, file, org),
        ImportKind::Users => flat::users(bytes, file, org),
        ImportKind::Succession => flat::succession(bytes, file, org),
        ImportKind::Notes => nested::notes(bytes, file, org),
        ImportKind::Pips => nested::pips(bytes, file, org),
        ImportKind::Stays => nested::stays(bytes, file, org),
        ImportKind::Departures => nested::departures(bytes, file, org),
    }
}

/// Puts the changes of a plan together: one change, a batch when there are several.
pub(crate) fn finish(
    kind: &str,
    file: &str,
    changes: Vec<Change>,
    (added, replaced, unchanged): (usize, usize, usize),
) -> ImportPlan {
    let change = match changes.len() {
        0 => None,
        _ => Some(Change::Batch {
            label: format!("import {kind} {file}"),
            changes,
        }),
    };
    ImportPlan {
        change,
        added,
        replaced,
        unchanged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_the_line_of_the_file_whatever_its_line_ends() {
        for text in ["a,b\n1,x\n2,y\n", "a,b\r\n1,x\r\n2,y\r\n"] {
            let err = read_rows(text.as_bytes(), "f.csv", &["a", "b"], |row, problems| {
                if row.get("b") == "y" {
                    problems.push("b: not y".into());
                }
                Some(())
            })
            .map(|_| ())
            .unwrap_err()
            .to_string();
            assert_eq!(err, "f.csv: line 3, b: not y", "{text:?}");
        }
    }
}
