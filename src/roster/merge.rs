//! Row to person: the record a row leaves, merged over the person already there with its id.
//!
//! A column the file lacks keeps the existing value; a column present with an empty cell clears
//! an optional field (an empty `manager` puts the person at the top of a tree). Fields no column
//! covers, such as the flight-risk stage and the pay percentile, are always kept. Every bad value
//! is a problem naming the row's line and the field; the rest of the row is still read, so one
//! pass finds all of them.
//!
//! Before rows are read, [`prepare`] stores every cell in NFC (so a name spelled with combining
//! accents is the same name as its composed spelling) and folds a line break in a one-line field
//! (a spreadsheet cell written with Alt+Enter) to a space, with a note.

use super::columns::{Columns, Field};
use super::table::Row;
use super::{Notes, Problem};
use crate::domain::Org;
use crate::domain::ids::PersonId;
use crate::domain::person::{HireChannel, KeyMark, Person, Status, Track, parse_enum};
use chrono::NaiveDate;

/// Every cell of `rows` in NFC, and line breaks in one-line fields folded to one space each, with
/// a note on the lines where that happened.
pub(super) fn prepare(columns: &Columns, rows: &mut [Row], notes: &mut Notes) {
    for row in rows {
        for (at, cell) in row.cells.iter_mut().enumerate() {
            if let std::borrow::Cow::Owned(composed) = crate::text::nfc(cell) {
                *cell = composed;
            }
            let field = columns.field_at(at);
            let one_line = field.is_some_and(|f| f != Field::KeyReason);
            if one_line && cell.contains(['\n', '\r']) {
                let words: Vec<&str> = cell
                    .split(['\r', '\n'])
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                *cell = words.join(" ");
                let name = field.map_or("", Field::name);
                notes.at(
                    row.line,
                    format!("a line break in the {name} (a spreadsheet cell on two lines) was folded to a space"),
                );
            }
        }
    }
}

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
    /// The row's e-mail address, by which another row may name them as manager; not kept.
    pub email: Option<String>,
}

/// The person `row` describes, merged over the existing one; `None` when the row has no id.
pub(super) fn merge_row(
    cx: &Context<'_>,
    row: &Row,
    problems: &mut Vec<Problem>,
    notes: &mut Notes,
) -> Option<Merged> {
    let mut cells = Cells {
        columns: cx.columns,
        cells: &row.cells,
        line: row.line,
        problems,
        notes,
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
    let read = merge_status(&mut cells, person.status, cx.today);
    person.status = keep_departure(&mut cells, cx.existing, id, person.status, read);
    person.key = merge_key(&mut cells, person.key.take(), cx.today);
    let email = cells
        .get(Field::Email)
        .filter(|e| !e.is_empty())
        .map(str::to_string);
    Some(Merged {
        line: row.line,
        person,
        before,
        email,
    })
}

/// The name, the free-text fields and the links to other people.
fn merge_text(cells: &mut Cells<'_>, person: &mut Person) {
    let name = match cells.columns.joins_name() {
        true => Some(std::borrow::Cow::Owned(joined_name(cells))),
        false => cells.get(Field::Name).map(std::borrow::Cow::Borrowed),
    };
    if let Some(name) = name {
        if name.is_empty() {
            cells.problem(Field::Name, "a name is required");
        } else if crate::text::is_blank(&name) {
            cells.problem(
                Field::Name,
                "the name shows nothing: it has only spaces, joiners or invisible characters",
            );
        }
        person.name = name.as_ref().into();
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

/// The name from its first, middle and last name columns: in that order with spaces, or family
/// name first without spaces when every part is written in Chinese characters (王 + 小明 is
/// 王小明).
fn joined_name(cells: &Cells<'_>) -> String {
    let part = |field| cells.get(field).unwrap_or_default();
    let [first, middle, last] = Field::NAME_PARTS.map(part);
    let han = |text: &str| text.chars().all(is_han);
    let parts = match [first, middle, last].iter().all(|p| han(p)) {
        true => vec![last, first, middle],
        false => vec![first, middle, last],
    };
    let parts: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    let separator = if parts.iter().all(|p| han(p)) {
        ""
    } else {
        " "
    };
    parts.join(separator)
}

/// A Chinese character (CJK unified or compatibility ideograph).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
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
    /// Inactive or suspended: read as on leave, and said.
    Inactive,
}

parse_enum!(StatusWord {
    "active" | "在职" => Active,
    "on_leave" | "休假" => OnLeave,
    "leaving" | "待离职" | "离职中" => Leaving,
    "left" | "已离职" | "离职" | "terminated" | "resigned" | "relieved" | "exited" => Left,
    // HR systems' words for someone employed but not working now (ERPNext, for one).
    "inactive" | "suspended" | "停职" => Inactive,
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

/// The status to keep when the file's (`read`) would take back a departure under way here: an
/// HR export older than the departure says `active` for someone leaving, and imported as it
/// is, it set them active again and left their handover behind. Kept, and said. Someone who
/// has left may be made active by a file (rehired).
fn keep_departure(
    cells: &mut Cells<'_>,
    existing: &Org,
    id: &str,
    current: Status,
    read: Status,
) -> Status {
    let departed = matches!(current, Status::Leaving { .. });
    let back = matches!(read, Status::Active | Status::OnLeave);
    if !departed
        || !back
        || !existing
            .departures
            .values()
            .any(|d| d.person.as_str() == id)
    {
        return read;
    }
    let message = format!(
        "a departure is recorded (last day {}) while the file says `{}`: kept as {}; edit the person (E) to take the departure back",
        current
            .last_day()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        read.label(),
        current.label()
    );
    cells.notes.at(cells.line, message);
    current
}

/// The status from the `status` and `last_day` columns; an empty status cell means active.
/// Left with a last day still to come is leaving: an HR system marks who resigned as soon as
/// they give notice.
fn merge_status(cells: &mut Cells<'_>, current: Status, today: NaiveDate) -> Status {
    let word = cells.parse(Field::Status, str::parse::<StatusWord>);
    let day = cells.parse(Field::LastDay, parse_date);
    let word = match word {
        Given::Absent => StatusWord::of(current),
        Given::Bad => return current,
        Given::Value(word) => word.unwrap_or(StatusWord::Active),
    };
    if word == StatusWord::Inactive {
        let written = cells.get(Field::Status).unwrap_or_default().to_string();
        let message = format!(
            "status `{}` is read as on_leave",
            crate::text::escaped(&written)
        );
        cells.notes.at(cells.line, message);
    }
    let (day, day_given) = match day {
        Given::Absent => (current.last_day(), false),
        Given::Bad => return current,
        Given::Value(day) => (day, day.is_some()),
    };
    let status = match (word, day) {
        (StatusWord::Active, _) => Status::Active,
        (StatusWord::OnLeave | StatusWord::Inactive, _) => Status::OnLeave,
        (StatusWord::Leaving, Some(last_day)) => Status::Leaving { last_day },
        // Someone already left here stays so, whatever later day the file gives (a payroll
        // date, say).
        (StatusWord::Left, Some(last_day))
            if last_day > today && !matches!(current, Status::Left { .. }) =>
        {
            let written = (cells.get(Field::Status))
                .filter(|w| !w.is_empty())
                .map_or_else(|| word_label(word).to_string(), crate::text::escaped);
            let message = format!(
                "status `{written}` with its last day still to come ({last_day}) is read as leaving"
            );
            cells.notes.at(cells.line, message);
            Status::Leaving { last_day }
        }
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
        StatusWord::Inactive => "inactive",
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
    notes: &'a mut Notes,
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
