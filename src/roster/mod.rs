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
//!  bytes ─▶ decode ─▶ table ─▶ columns ─▶ merge ─▶ links ─▶ validate ─▶ RosterPlan ─▶ order ─▶ Change
//!           (text)    (rows)   (fields)   (people) (names    (graph)         │
//!                                                   to ids)                  └─▶ describe (dry run)
//! ```
//!
//! Each step says what it saw in the file's shape and what it did about it (an encoding guessed,
//! a `;` separator, a name joined from three columns, a manager given by name) in [`Notes`],
//! which the plan carries to the person running the import.

mod columns;
mod decode;
mod describe;
mod links;
mod merge;
mod order;
mod plausible;
mod table;
mod validate;

#[cfg(test)]
mod tests;

use crate::domain::ids::PersonId;
use crate::domain::person::Person;
use crate::domain::{Change, Org};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The character encoding of the file to import: guessed from its bytes, or named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 when the bytes are UTF-8, else what `chardetng` guesses (see `decode`).
    #[default]
    Guess,
    /// An encoding by its WHATWG label (`utf-8`, `gb18030`, `windows-1252`, `big5`, …).
    Named(&'static encoding_rs::Encoding),
}

impl Encoding {
    pub const UTF8: Encoding = Encoding::Named(&encoding_rs::UTF_8_INIT);
    pub const GB18030: Encoding = Encoding::Named(&encoding_rs::GB18030_INIT);
    pub const WINDOWS_1252: Encoding = Encoding::Named(&encoding_rs::WINDOWS_1252_INIT);
}

impl std::str::FromStr for Encoding {
    type Err = String;

    /// `auto`, or any label of the WHATWG Encoding Standard that names an encoding a CSV file
    /// can be in (one compatible with ASCII): `utf-8`, `gb18030`, `gbk`, `windows-1252`,
    /// `latin1`, `big5`, `shift_jis`, `euc-kr`, `windows-1256` …; case is ignored.
    fn from_str(label: &str) -> Result<Self, Self::Err> {
        let label = label.trim();
        if label.eq_ignore_ascii_case("auto") {
            return Ok(Encoding::Guess);
        }
        match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(charset) if charset.is_ascii_compatible() => Ok(Encoding::Named(charset)),
            Some(charset) => Err(format!(
                "{} cannot hold a CSV file crewdeck reads; save the file as UTF-8",
                charset.name()
            )),
            None => Err(format!(
                "`{}` is not an encoding; use auto, utf-8, gb18030, windows-1252, big5, \
                 shift_jis or another WHATWG label",
                crate::text::escaped(label)
            )),
        }
    }
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
    /// What the import saw in the file and did about it, one sentence each, safe to print.
    pub notes: Vec<String>,
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
#[error("{}", render_error(self))]
pub struct RosterError {
    pub file: String,
    /// Sorted by line; problems about the whole file come first.
    pub problems: Vec<Problem>,
    /// Header cells that name no known column, as written in the file: a column a person meant
    /// to be read may be among them.
    pub ignored_columns: Vec<String>,
    /// What the import saw in the file before it stopped ([`RosterPlan::notes`]).
    pub notes: Vec<String>,
}

impl RosterError {
    fn new(file: &str, mut problems: Vec<Problem>, ignored_columns: Vec<String>) -> Self {
        problems.sort_by_key(|p| p.line);
        RosterError {
            file: file.to_string(),
            problems,
            ignored_columns,
            notes: Vec::new(),
        }
    }
}

/// What an import saw and did, for the person running it: sentences about the whole file, and
/// sentences that hold on some lines, each said once with (at most ten of) its lines.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    file: Vec<String>,
    by_line: Vec<(String, Vec<u64>)>,
}

/// How many line numbers a note or a problem lists.
const MAX_LINES_SHOWN: usize = 10;

/// `line 4`, `lines 2, 3, 9`, or the first ten and `and 30 more`.
fn some_lines(lines: &[u64]) -> String {
    let shown: Vec<String> = lines
        .iter()
        .take(MAX_LINES_SHOWN)
        .map(u64::to_string)
        .collect();
    let more = match lines.len().saturating_sub(MAX_LINES_SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let noun = if lines.len() == 1 { "line" } else { "lines" };
    format!("{noun} {}{more}", shown.join(", "))
}

/// Header cells, as a file wrote them, made safe to print and listed: `Salary, Notes`.
pub fn column_list(columns: &[String]) -> String {
    let safe: Vec<String> = columns.iter().map(|c| crate::text::escaped(c)).collect();
    safe.join(", ")
}

impl Notes {
    /// A note about the file as a whole.
    fn file(&mut self, note: impl Into<String>) {
        self.file.push(note.into());
    }

    /// A note that holds on `line`; the same note on other lines is said once.
    fn at(&mut self, line: u64, note: impl Into<String>) {
        let note = note.into();
        match self.by_line.iter_mut().find(|(n, _)| *n == note) {
            Some((_, lines)) => lines.push(line),
            None => self.by_line.push((note, vec![line])),
        }
    }

    fn into_lines(self) -> Vec<String> {
        let by_line = self
            .by_line
            .into_iter()
            .map(|(note, lines)| format!("{note} ({})", some_lines(&lines)));
        // Notes quote the file; whatever a piece of them holds, none reaches a terminal raw.
        let all = self.file.into_iter().chain(by_line);
        all.map(|note| crate::text::escaped(&note)).collect()
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

fn render_error(error: &RosterError) -> String {
    let (file, problems) = (&error.file, &error.problems);
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
    for note in &error.notes {
        let _ = write!(out, "\n  {file}: note: {note}");
    }
    if !error.ignored_columns.is_empty() {
        let _ = write!(
            out,
            "\n  {file}: columns ignored, as crewdeck does not know them: {}",
            column_list(&error.ignored_columns)
        );
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
    let decoded =
        decode::decode(bytes, encoding).map_err(|p| RosterError::new(file_label, p, Vec::new()))?;
    let mut notes = Notes::default();
    if let Some(note) = decoded.note {
        notes.file(note);
    }
    let fail = |problems, ignored, notes: Notes| RosterError {
        notes: notes.into_lines(),
        ..RosterError::new(file_label, problems, ignored)
    };
    let mut problems = Vec::new();
    let Some(mut table) = table::read_table(&decoded.text, &mut problems, &mut notes.file) else {
        return Err(fail(problems, Vec::new(), notes));
    };
    let header_problems = problems.len();
    let columns = columns::map_header(
        &table.header,
        table.header_line,
        &mut problems,
        &mut notes.file,
    );
    if problems.len() > header_problems {
        return Err(fail(problems, columns.ignored, notes));
    }
    merge::prepare(&columns, &mut table.rows, &mut notes);
    let context = merge::Context {
        columns: &columns,
        existing,
        today,
    };
    let mut rows: Vec<merge::Merged> = table
        .rows
        .iter()
        .filter_map(|row| merge::merge_row(&context, row, &mut problems, &mut notes))
        .collect();
    links::resolve(&mut rows, existing, &mut problems, &mut notes);
    validate::check(&rows, existing, &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems, columns.ignored, notes));
    }
    note_what_to_check(&rows, existing, &mut notes);
    Ok(build_plan(rows, columns.ignored, notes.into_lines()))
}

/// What the file would do that is worth a second look, though not wrong: an id whose name
/// changes (another person under a reused id keeps the first one's hire date and records), and
/// a manager who has left.
fn note_what_to_check(rows: &[merge::Merged], existing: &Org, notes: &mut Notes) {
    let in_file: std::collections::HashMap<&str, &Person> = rows
        .iter()
        .map(|r| (r.person.id.as_str(), &r.person))
        .collect();
    for row in rows {
        if let Some(before) = &row.before
            && !before.name.is_empty()
            && crate::text::fold(&before.name) != crate::text::fold(&row.person.name)
        {
            notes.at(
                row.line,
                "a name changes for an id already stored: if the id now belongs to someone else, \
                 they would take over the first person's records and hire date",
            );
        }
        let manager = row.person.manager.as_ref().and_then(|m| {
            let m = m.as_str();
            in_file.get(m).copied().or_else(|| existing.people.get(m))
        });
        if let Some(manager) = manager
            && matches!(manager.status, crate::domain::person::Status::Left { .. })
        {
            // Named, so that the lines gathered under one note are one manager's reports.
            let said = format!(
                "their manager {} ({}) has left; they need a new one",
                manager.name, manager.id
            );
            notes.at(row.line, said);
        }
    }
}

fn build_plan(
    rows: Vec<merge::Merged>,
    ignored_columns: Vec<String>,
    notes: Vec<String>,
) -> RosterPlan {
    let mut plan = RosterPlan {
        added: Vec::new(),
        changed: Vec::new(),
        unchanged: Vec::new(),
        ignored_columns,
        notes,
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
