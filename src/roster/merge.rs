//! Row to person: the record a row leaves, merged over the person already there with its id.
//!
//! A column the file lacks keeps the existing value; a column present with an empty cell clears
//! an optional field (an empty `manager` puts the person at the top of a tree). Fields no column
//! covers, such as the flight-risk stage and the pay percentile, are always kept. Every bad value
//! is a problem naming the row's line and the field; the rest of the row is still read, so one
//! pass finds all of them.

use super::Problem;
use super::columns::{Columns, Field};
use super::table::Row;
use crate::domain::Org;
use crate::domain::ids::PersonId;
use crate::domain::person::{HireChannel, KeyMark, Person, Status, Track, parse_enum};
use chrono::NaiveDate;

/// What every row is read against.
pub(super) struct Context<'a> {
    pub columns: &'a Columns,
    pub existing: &'a Org,
    /// The day a person newly marked as key is marked from.
    pub today: NaiveDate,
}

/// A row read into a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Merged {
    pub line: u64,
    /// The record the row leaves.
    pub person: Person,
    /// The record already there with the same id.
    pub before: Option<Person>,
}

/// The person `row` describes, merged over the existing one; `None` when the row has no id.
pub(super) fn merge_row(
    cx: &Context<'_>,
    row: &Row,
    problems: &mut Vec<Problem>,
) -> Option<Merged> {
    let mut cells = Cells {
        columns: cx.columns,
        cells: &row.cells,
        line: row.line,
        problems,
    };
    cells.refuse_control_characters();
    let id = cells.get(Field::Id).unwrap_or_default();
    if id.is_empty() {
        cells.problem(Field::Id, "an id is required");
        return None;
    }
    let before = cx.existing.people.get(id).cloned();
    let mut person = before.clone().unwrap_or_else(|| Person::new(id, ""));
    merge_text(&mut cells, &mut person);
    merge_kinds(&mut cells, &mut person);
    person.status = merge_status(&mut cells, person.status);
    person.key = merge_key(&mut cells, person.key.take(), cx.today);
    Some(Merged {
        line: row.line,
        person,
        before,
    })
}

/// The name, the free-text fields and the links to other people.
fn merge_text(cells: &mut Cells<'_>, person: &mut Person) {
    if let Some(name) = cells.get(Field::Name) {
        if name.is_empty() {
            cells.problem(Field::Name, "a name is required");
        }
        person.name = name.into();
    }
    let texts = [
        (Field::Title, &mut person.title),
        (Field::Team, &mut person.team),
        (Field::Level, &mut person.level),
        (Field::Location, &mut person.location),
    ];
    for (field, slot) in texts {
        if let Some(value) = cells.get(field) {
            *slot = value.into();
        }
    }
    for (field, slot) in [
        (Field::Manager, &mut person.manager),
        (Field::ReferredBy, &mut person.referred_by),
    ] {
        if let Some(value) = cells.get(field) {
            *slot = (!value.is_empty()).then(|| PersonId::new(value));
        }
    }
}

/// The fields with a fixed set of values or a date format.
fn merge_kinds(cells: &mut Cells<'_>, person: &mut Person) {
    if let Given::Value(track) = cells.parse(Field::Track, str::parse::<Track>) {
        person.track = track;
    }
    if let Given::Value(channel) = cells.parse(Field::HireChannel, str::parse::<HireChannel>) {
        person.hire_channel = channel;
    }
    if let Given::Value(date) = cells.parse(Field::HireDate, parse_date) {
        person.hire_date = date;
    }
}

/// The employment status as a word, before its last day is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusWord {
    Active,
    OnLeave,
    Leaving,
    Left,
}

parse_enum!(StatusWord {
    "active" | "在职" => Active,
    "on_leave" | "休假" => OnLeave,
    "leaving" | "待离职" | "离职中" => Leaving,
    "left" | "已离职" | "离职" => Left,
});

impl StatusWord {
    fn of(status: Status) -> StatusWord {
        match status {
            Status::Active => StatusWord::Active,
            Status::OnLeave => StatusWord::OnLeave,
            Status::Leaving { .. } => StatusWord::Leaving,
            Status::Left { .. } => StatusWord::Left,
        }
    }
}

/// The status from the `status` and `last_day` columns; an empty status cell means active.
fn merge_status(cells: &mut Cells<'_>, current: Status) -> Status {
    let word = cells.parse(Field::Status, str::parse::<StatusWord>);
    let day = cells.parse(Field::LastDay, parse_date);
    let word = match word {
        Given::Absent => StatusWord::of(current),
        Given::Bad => return current,
        Given::Value(word) => word.unwrap_or(StatusWord::Active),
    };
    let (day, day_given) = match day {
        Given::Absent => (current.last_day(), false),
        Given::Bad => return current,
        Given::Value(day) => (day, day.is_some()),
    };
    let status = match (word, day) {
        (StatusWord::Active, _) => Status::Active,
        (StatusWord::OnLeave, _) => Status::OnLeave,
        (StatusWord::Leaving, Some(last_day)) => Status::Leaving { last_day },
        (StatusWord::Left, Some(last_day)) => Status::Left { last_day },
        (StatusWord::Leaving | StatusWord::Left, None) => {
            let message = format!("status `{}` needs a last day", word_label(word));
            cells.problem(Field::LastDay, message);
            return current;
        }
    };
    if day_given && status.last_day().is_none() {
        let message = format!(
            "a last day needs status `leaving` or `left`, not `{}`",
            status.label()
        );
        cells.problem(Field::LastDay, message);
        return current;
    }
    status
}

fn word_label(word: StatusWord) -> &'static str {
    match word {
        StatusWord::Active => "active",
        StatusWord::OnLeave => "on_leave",
        StatusWord::Leaving => "leaving",
        StatusWord::Left => "left",
    }
}

/// The key-employee mark from the `key` and `key_reason` columns. A person already marked keeps
/// the day they were marked from; a person newly marked is marked from `today`.
fn merge_key(cells: &mut Cells<'_>, current: Option<KeyMark>, today: NaiveDate) -> Option<KeyMark> {
    let is_key = match cells.parse(Field::Key, parse_yes_no) {
        Given::Absent => current.is_some(),
        Given::Bad => return current,
        Given::Value(answer) => answer.unwrap_or(false),
    };
    let reason = cells.get(Field::KeyReason);
    if !is_key {
        if reason.is_some_and(|r| !r.is_empty()) {
            cells.problem(Field::KeyReason, "a key reason needs `key` to be yes");
        }
        return None;
    }
    let since = current.as_ref().map_or(today, |mark| mark.since);
    let reason = match reason {
        Some(reason) => reason.to_string(),
        None => current.map(|mark| mark.reason).unwrap_or_default(),
    };
    Some(KeyMark { reason, since })
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    ["%Y-%m-%d", "%Y/%m/%d"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .ok_or_else(|| format!("`{text}` is not a date; write it as YYYY-MM-DD (or YYYY/MM/DD)"))
}

fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Ok(true),
        "no" | "n" | "false" | "0" | "否" => Ok(false),
        _ => Err(format!(
            "`{text}` is not one of: yes, no, true, false, 1, 0, 是, 否"
        )),
    }
}

/// What a row says about one field.
enum Given<T> {
    /// The file has no column for it.
    Absent,
    /// The cell holds a bad value; a problem has been recorded.
    Bad,
    /// The value, `None` for an empty cell.
    Value(Option<T>),
}

/// The cells of one row, and where to report what is wrong with them.
struct Cells<'a> {
    columns: &'a Columns,
    cells: &'a [String],
    line: u64,
    problems: &'a mut Vec<Problem>,
}

impl<'a> Cells<'a> {
    fn get(&self, field: Field) -> Option<&'a str> {
        self.columns.cell(self.cells, field)
    }

    fn problem(&mut self, field: Field, message: impl Into<String>) {
        let problem = Problem::in_field(self.line, field.name(), message);
        self.problems.push(problem);
    }

    fn parse<T>(&mut self, field: Field, parse: impl Fn(&str) -> Result<T, String>) -> Given<T> {
        match self.get(field) {
            None => Given::Absent,
            Some("") => Given::Value(None),
            Some(text) => match parse(text) {
                Ok(value) => Given::Value(Some(value)),
                Err(message) => {
                    self.problem(field, message);
                    Given::Bad
                }
            },
        }
    }

    /// Control characters could move the cursor or hide text when a name reaches a terminal;
    /// only the key reason, a free text, may run over several lines.
    fn refuse_control_characters(&mut self) {
        for field in Field::ALL {
            let multiline = field == Field::KeyReason;
            let found = self
                .get(field)
                .and_then(|value| crate::text::first_unsafe_char(value, multiline));
            if let Some(c) = found {
                let message = format!(
                    "contains the invisible or control character U+{:04X}",
                    u32::from(c)
                );
                self.problem(field, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_with_dashes_or_slashes() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 9);
        assert_eq!(parse_date("2024-03-09").ok(), day);
        assert_eq!(parse_date("2024/03/09").ok(), day);
        for bad in ["09/03/2024", "2024-02-30", "2024.03.09", "March 9"] {
            let error = parse_date(bad).err().unwrap_or_default();
            assert!(
                error.contains(bad) && error.contains("YYYY-MM-DD"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn yes_and_no_have_several_spellings() {
        for yes in ["yes", "YES", "true", "True", "1"] {
            assert_eq!(parse_yes_no(yes), Ok(true), "{yes}");
        }
        for no in ["no", "No", "false", "FALSE", "0"] {
            assert_eq!(parse_yes_no(no), Ok(false), "{no}");
        }
        assert!(parse_yes_no("maybe").is_err());
    }

    #[test]
    fn status_words_ignore_case_and_spacing() {
        assert_eq!("On Leave".parse::<StatusWord>(), Ok(StatusWord::OnLeave));
        assert_eq!("LEFT".parse::<StatusWord>(), Ok(StatusWord::Left));
        assert!("retired".parse::<StatusWord>().is_err());
    }
}
