//! Roster import: turns a CSV file exported by an HR system into the people changes it implies.
//!
//! Importing is all or nothing. [`plan_import`] reads the whole file, checks every row and the
//! reporting and referral lines the rows would create, and either returns every problem it found
//! or a [`RosterPlan`] saying who would be added, who would change and who stays as they are. The
//! plan's [`RosterPlan::change`] is the one `Change` that applies it.
//!
//! The steps, one submodule each:
//!
//! ```text
//!  bytes ─▶ decode ─▶ table ─▶ columns ─▶ merge ─▶ validate ─▶ RosterPlan ─▶ order ─▶ Change
//!           (text)    (rows)   (fields)   (people) (graph)         │
//!                                                                  └─▶ describe (dry run)
//! ```

mod columns;
mod decode;
mod describe;
mod merge;
mod order;
mod table;
mod validate;

#[cfg(test)]
mod tests;

use crate::domain::ids::PersonId;
use crate::domain::person::Person;
use crate::domain::{Change, Org};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The character encoding of the file to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    Gb18030,
}

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterPlan {
    /// People not yet in the organisation, in file order.
    pub added: Vec<Person>,
    /// People whose record would change: the record before and after, in file order.
    pub changed: Vec<(Person, Person)>,
    /// People in the file whose record would stay exactly as it is.
    pub unchanged: Vec<PersonId>,
    /// Header cells that name no known column, as written in the file.
    pub ignored_columns: Vec<String>,
}

impl RosterPlan {
    /// The change to apply: a `Change::Batch` labelled `import roster <file name>` of
    /// `UpsertPerson`, ordered so every manager and referrer is written before anyone who names
    /// them; `None` when nothing would change.
    pub fn change(&self, file_label: &str) -> Option<Change> {
        let people: Vec<&Person> = self
            .changed
            .iter()
            .map(|(_, after)| after)
            .chain(&self.added)
            .collect();
        if people.is_empty() {
            return None;
        }
        Some(Change::Batch {
            label: format!("import roster {file_label}"),
            changes: order::upserts(&people),
        })
    }

    /// The dry-run report: one line per person added or changed, then the counts.
    pub fn describe(&self) -> String {
        describe::describe(self)
    }
}

/// Every problem found in a file, all of them, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_error(.file, .problems))]
pub struct RosterError {
    pub file: String,
    /// Sorted by line; problems about the whole file come first.
    pub problems: Vec<Problem>,
}

impl RosterError {
    fn new(file: &str, mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| p.line);
        RosterError {
            file: file.to_string(),
            problems,
        }
    }
}

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line of the file (from 1) where the row or byte sequence at fault starts; `None`
    /// when the problem is with the file as a whole.
    pub line: Option<u64>,
    /// The column at fault, by its canonical name (`manager`, `hire_date`, …).
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    fn new(line: Option<u64>, field: Option<&str>, message: impl Into<String>) -> Self {
        Problem {
            line,
            field: field.map(str::to_string),
            message: crate::text::escaped(&message.into()),
        }
    }

    /// A problem with the file as a whole.
    fn whole_file(message: impl Into<String>) -> Self {
        Problem::new(None, None, message)
    }

    /// A problem on one line, not tied to a column.
    fn at_line(line: u64, message: impl Into<String>) -> Self {
        Problem::new(Some(line), None, message)
    }

    /// A problem with one field of the row starting on `line`.
    fn in_field(line: u64, field: &str, message: impl Into<String>) -> Self {
        Problem::new(Some(line), Some(field), message)
    }
}

fn render_error(file: &str, problems: &[Problem]) -> String {
    let count = problems.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    let file = crate::text::escaped(file);
    let mut out = format!("{file}: {count} {noun}; nothing was imported:");
    for p in problems {
        out.push_str("\n  ");
        out.push_str(&file);
        if let Some(line) = p.line {
            let _ = write!(out, ":{line}");
        }
        out.push_str(": ");
        if let Some(field) = &p.field {
            let _ = write!(out, "field `{field}`: ");
        }
        out.push_str(&p.message);
    }
    out
}

/// Reads `bytes` as a roster and plans its import into `existing`. A person newly marked as a key
/// employee is marked from today.
pub fn plan_import(
    bytes: &[u8],
    encoding: Encoding,
    file_label: &str,
    existing: &Org,
) -> Result<RosterPlan, RosterError> {
    let today = chrono::Local::now().date_naive();
    plan_import_on(bytes, encoding, file_label, existing, today)
}

/// [`plan_import`] as if run on `today`.
pub(crate) fn plan_import_on(
    bytes: &[u8],
    encoding: Encoding,
    file_label: &str,
    existing: &Org,
    today: NaiveDate,
) -> Result<RosterPlan, RosterError> {
    let text = decode::decode(bytes, encoding).map_err(|p| RosterError::new(file_label, p))?;
    let mut problems = Vec::new();
    let table = table::read_table(&text, &mut problems);
    let columns = table
        .as_ref()
        .and_then(|t| columns::map_header(&t.header, t.header_line, &mut problems));
    let (Some(table), Some(columns)) = (table, columns) else {
        return Err(RosterError::new(file_label, problems));
    };
    let context = merge::Context {
        columns: &columns,
        existing,
        today,
    };
    let rows: Vec<merge::Merged> = table
        .rows
        .iter()
        .filter_map(|row| merge::merge_row(&context, row, &mut problems))
        .collect();
    validate::check(&rows, existing, &mut problems);
    if !problems.is_empty() {
        return Err(RosterError::new(file_label, problems));
    }
    Ok(build_plan(rows, columns.ignored))
}

fn build_plan(rows: Vec<merge::Merged>, ignored_columns: Vec<String>) -> RosterPlan {
    let mut plan = RosterPlan {
        added: Vec::new(),
        changed: Vec::new(),
        unchanged: Vec::new(),
        ignored_columns,
    };
    for row in rows {
        match row.before {
            None => plan.added.push(row.person),
            Some(before) if before == row.person => plan.unchanged.push(row.person.id),
            Some(before) => plan.changed.push((before, row.person)),
        }
    }
    plan
}
