//! The typed fields of a form and how what is typed into each is read: one line, several lines,
//! a date, a number with a range, a choice from a fixed list, a person, a list of rows, and a
//! checklist. Reading never changes the text; it yields a [`Value`] or says what is wrong.

use super::super::editor::TextField;
use crate::domain::Org;
use crate::domain::assessment::Quarter;
use crate::domain::ids::PersonId;
use crate::text::names::loose;
use crate::text::pinyin::spellings_of;
use chrono::{Datelike, Duration, NaiveDate};

/// What reading a field needs besides its text: the records (for a person), who is in the
/// user's scope (nobody outside it can be named), and the day relative dates count from.
pub struct Context<'a> {
    pub org: &'a Org,
    pub today: NaiveDate,
    pub in_scope: &'a dyn Fn(&str) -> bool,
}

impl Context<'_> {
    /// Everyone in `org` is in scope.
    pub fn everyone(org: &Org, today: NaiveDate) -> Context<'_> {
        Context {
            org,
            today,
            in_scope: &|_| true,
        }
    }
}

/// One of the fixed answers of a choice field: the word stored, the label shown, and other
/// words that pick it (`1-2` for "1–2 years").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub aliases: Vec<String>,
}

impl Choice {
    pub fn new(label: impl Into<String>, aliases: &[&str]) -> Choice {
        Choice {
            label: label.into(),
            aliases: aliases.iter().map(ToString::to_string).collect(),
        }
    }
}

/// A list of choices from `(label, aliases)` pairs.
pub fn choices(list: &[(&str, &[&str])]) -> Vec<Choice> {
    list.iter()
        .map(|(label, aliases)| Choice::new(*label, aliases))
        .collect()
}

/// One column of a list of rows: its name and how its cells are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

impl Column {
    pub fn new(name: &'static str, kind: Kind, required: bool) -> Column {
        Column {
            name,
            kind,
            required,
        }
    }
}

/// How a field's text is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// One line of text; Enter moves to the next field.
    Line,
    /// Several lines of text; Enter starts a new line.
    Text,
    /// `YYYY-MM-DD`, `YYYY/MM/DD`, `today`, `yesterday`, `tomorrow`, `+14d`, `+2w` (or `-3d`).
    Date,
    /// A calendar quarter: `2026Q4`, `2026 Q4`, `Q4 2026`.
    Quarter,
    /// A number from `min` to `max`; `whole` refuses decimals.
    Number { min: f64, max: f64, whole: bool },
    /// One of a fixed list, picked by typing its start (`r` or `ready` for "ready now").
    Choice(Vec<Choice>),
    /// Someone on the roster, by id or name; `ctrl-p` picks with the finder.
    Person,
    /// Rows of `;`-separated cells, one a line: Enter adds a row, `ctrl-k` removes one.
    Rows(Vec<Column>),
    /// Items ticked with space: each item's key and the text shown, in order. The field's text
    /// holds the keys of the ticked items, one a line, so a draft keeps them.
    Checklist(Vec<(String, String)>),
}

/// What a field holds once read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Date(Option<NaiveDate>),
    Quarter(Option<Quarter>),
    Number(Option<f64>),
    Choice(Option<usize>),
    Person(Option<PersonId>),
    Rows(Vec<Vec<Value>>),
    /// The keys of the ticked items.
    Ticked(Vec<String>),
}

impl Value {
    pub fn text(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => *d,
            _ => None,
        }
    }
    pub fn quarter(&self) -> Option<Quarter> {
        match self {
            Value::Quarter(q) => *q,
            _ => None,
        }
    }
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => *n,
            _ => None,
        }
    }
    pub fn choice(&self) -> Option<usize> {
        match self {
            Value::Choice(c) => *c,
            _ => None,
        }
    }
    pub fn person(&self) -> Option<PersonId> {
        match self {
            Value::Person(p) => p.clone(),
            _ => None,
        }
    }
    pub fn rows(&self) -> &[Vec<Value>] {
        match self {
            Value::Rows(rows) => rows,
            _ => &[],
        }
    }
    pub fn ticked(&self) -> &[String] {
        match self {
            Value::Ticked(t) => t,
            _ => &[],
        }
    }
}

/// One field of a form: what it is called, what it is for, how it is read, and what is typed.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: String,
    /// Shown beside the label while the field has the cursor.
    pub hint: String,
    pub kind: Kind,
    pub required: bool,
    pub text: TextField,
    /// For a checklist: the item the cursor is on.
    pub cursor: usize,
    /// For a date: the day `+4w` counts from, when not today (a plan's end, for an extension).
    pub counts_from: Option<NaiveDate>,
    /// For a date: the day of something that has happened (a meeting, a sign seen), so a day
    /// after today is refused.
    pub happened: bool,
    /// What is wrong with the field since the last save was tried.
    pub error: Option<String>,
}

impl Field {
    pub fn new(label: impl Into<String>, kind: Kind, hint: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            hint: hint.into(),
            kind,
            required: false,
            text: TextField::default(),
            cursor: 0,
            counts_from: None,
            happened: false,
            error: None,
        }
    }

    /// A date field for the day something happened: a day after today is refused.
    pub fn happened(mut self) -> Field {
        self.happened = true;
        self
    }

    /// The field must not be left empty.
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Relative days (`+4w`) count from `day` rather than today.
    pub fn counting_from(mut self, day: NaiveDate) -> Field {
        self.counts_from = Some(day);
        self
    }

    /// The field starts holding `text`.
    pub fn with(mut self, text: impl AsRef<str>) -> Field {
        self.text = TextField::new(text.as_ref());
        self
    }

    /// Whether Enter starts a new line in this field rather than moving on.
    pub fn multiline(&self) -> bool {
        matches!(self.kind, Kind::Text | Kind::Rows(_))
    }

    /// For a checklist, the keys of the ticked items that are still in its list.
    pub fn ticked(&self) -> Vec<String> {
        let Kind::Checklist(items) = &self.kind else {
            return Vec::new();
        };
        let text = self.text.text();
        let keys: Vec<&str> = text.lines().collect();
        items
            .iter()
            .filter(|(key, _)| keys.contains(&key.as_str()))
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// Ticks or unticks the item under the cursor of a checklist.
    pub fn toggle(&mut self) {
        let Kind::Checklist(items) = &self.kind else {
            return;
        };
        let Some((key, _)) = items.get(self.cursor) else {
            return;
        };
        let mut ticked = self.ticked();
        match ticked.iter().position(|t| t == key) {
            Some(at) => {
                ticked.remove(at);
            }
            None => ticked.push(key.clone()),
        }
        self.text = TextField::new(&ticked.join("\n"));
    }

    /// Reads the field, or says what is wrong with it (without the field's name).
    pub fn read(&self, cx: &Context<'_>) -> Result<Value, String> {
        let text = self.text.text();
        let trimmed = text.trim();
        if self.required && trimmed.is_empty() {
            return Err("required".into());
        }
        let shifted;
        let cx = match self.counts_from {
            Some(day) => {
                shifted = Context { today: day, ..*cx };
                &shifted
            }
            None => cx,
        };
        let value = match &self.kind {
            Kind::Rows(columns) => read_rows(columns, &text, cx),
            Kind::Checklist(_) => Ok(Value::Ticked(self.ticked())),
            kind => read_cell(kind, trimmed, cx),
        }?;
        match value.date() {
            Some(day) if self.happened && day > cx.today => Err(format!(
                "{day} has not come yet: write the day it happened, today ({}) or before",
                cx.today
            )),
            _ => Ok(value),
        }
    }
}

/// One value that is not a list: a cell of a row or a whole field.
fn read_cell(kind: &Kind, text: &str, cx: &Context<'_>) -> Result<Value, String> {
    let empty = text.is_empty();
    Ok(match kind {
        Kind::Line | Kind::Text => Value::Text(crate::text::nfc(text).into_owned()),
        Kind::Date if empty => Value::Date(None),
        Kind::Date => Value::Date(Some(parse_date(text, cx.today)?)),
        Kind::Quarter if empty => Value::Quarter(None),
        Kind::Quarter => {
            Value::Quarter(Some(parse_quarter(text).ok_or_else(|| {
                format!("`{text}` is not a quarter: write it as 2026Q4")
            })?))
        }
        Kind::Number { .. } if empty => Value::Number(None),
        Kind::Number { min, max, whole } => {
            Value::Number(Some(parse_number(text, *min, *max, *whole)?))
        }
        Kind::Choice(_) if empty => Value::Choice(None),
        Kind::Choice(choices) => Value::Choice(Some(parse_choice(text, choices)?)),
        Kind::Person if empty => Value::Person(None),
        Kind::Person => Value::Person(Some(find_person(text, cx, Match::Start)?)),
        Kind::Rows(_) | Kind::Checklist(_) => Value::Text(text.to_string()),
    })
}

/// Every non-empty line is a row of `;`-separated cells.
fn read_rows(columns: &[Column], text: &str, cx: &Context<'_>) -> Result<Value, String> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // ` | ` parts the items of a list in the exports: a row cannot hold it.
        if line.contains(" | ") {
            problems.push(format!("line {}: ` | ` cannot be part of a row", n + 1));
            continue;
        }
        let cells: Vec<&str> = line.split(';').map(str::trim).collect();
        if cells.len() > columns.len() {
            problems.push(format!(
                "line {}: {} parts where there are {} ({})",
                n + 1,
                cells.len(),
                columns.len(),
                column_names(columns)
            ));
            continue;
        }
        let mut row = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let cell = cells.get(i).copied().unwrap_or_default();
            if column.required && cell.is_empty() {
                problems.push(format!("line {}: {} is missing", n + 1, column.name));
                continue;
            }
            match read_cell(&column.kind, cell, cx) {
                Ok(value) => row.push(value),
                Err(e) => problems.push(format!("line {}, {}: {e}", n + 1, column.name)),
            }
        }
        rows.push(row);
    }
    match problems.is_empty() {
        true => Ok(Value::Rows(rows)),
        false => Err(problems.join("; ")),
    }
}

/// `what ; owner ; due`: the columns of a list, as its hint shows them.
pub fn column_names(columns: &[Column]) -> String {
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    names.join(" ; ")
}

/// Reads a day: `YYYY-MM-DD`, `YYYY/MM/DD`, `today`, or a number of days or weeks from today
/// (`+14d`, `+2w`, `-3d`).
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = text.trim().to_lowercase();
    match text.as_str() {
        "today" => return Ok(today),
        "yesterday" => return Ok(today - Duration::days(1)),
        "tomorrow" => return Ok(today + Duration::days(1)),
        _ => {}
    }
    if let Some(body) = text.strip_prefix(['+', '-']) {
        let sign = text.chars().next().unwrap_or('+');
        // Up to ten years either way: a longer span is a typing slip, not a due day.
        let count = |n: &str| {
            (!n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
                .then(|| n.parse::<i64>().ok())
                .flatten()
        };
        let days = match (body.strip_suffix('d'), body.strip_suffix('w')) {
            (Some(n), _) => count(n),
            (_, Some(n)) => count(n).map(|n| n * 7),
            _ => None,
        }
        .filter(|d| *d <= 3650);
        if let Some(days) = days.filter(|d| *d <= 3650) {
            let days = if sign == '-' { -days } else { days };
            return Ok(today + Duration::days(days));
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(day) = NaiveDate::parse_from_str(&text, format) {
            // A year outside these is a typing slip, and would overflow day arithmetic.
            if !(1900..=2999).contains(&day.year()) {
                return Err(format!("`{text}` is not a year from 1900 to 2999"));
            }
            return Ok(day);
        }
    }
    Err(format!(
        "`{text}` is not a day: write YYYY-MM-DD, today, +14d or +2w"
    ))
}

/// `2026Q4`, `2026 Q4`, `Q4 2026`, `2026-Q4`.
fn parse_quarter(text: &str) -> Option<Quarter> {
    let plain: String = text
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let (year, q) = match plain.split_once('Q')? {
        ("", rest) if rest.len() == 5 => (&rest[1..], &rest[..1]),
        (year, q) => (year, q),
    };
    let quarter = Quarter {
        year: year.parse().ok()?,
        q: q.parse().ok()?,
    };
    ((1..=4).contains(&quarter.q) && (1900..=2999).contains(&quarter.year)).then_some(quarter)
}

/// Reads a number in `min..=max`; `whole` refuses a fraction.
pub fn parse_number(text: &str, min: f64, max: f64, whole: bool) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .trim_end_matches('%')
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("`{text}` is not a number"))?;
    if whole && value.fract() != 0.0 {
        return Err(format!("`{text}` must be a whole number"));
    }
    if value < min || value > max {
        return Err(format!("{text} is not from {min} to {max}"));
    }
    Ok(value)
}

/// Folds what is typed into a choice for comparing: lower case, one kind of dash, one space.
fn fold_choice(text: &str) -> String {
    let text = text.to_lowercase().replace(['–', '—', '_'], "-");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The choice whose label or alias is what was typed, or the one that alone starts with it.
pub fn parse_choice(text: &str, choices: &[Choice]) -> Result<usize, String> {
    let typed = fold_choice(text);
    let words = |c: &Choice| {
        std::iter::once(&c.label)
            .chain(c.aliases.iter())
            .map(|w| fold_choice(w))
            .collect::<Vec<_>>()
    };
    if let Some(i) = choices.iter().position(|c| words(c).contains(&typed)) {
        return Ok(i);
    }
    let starting: Vec<usize> = (0..choices.len())
        .filter(|i| words(&choices[*i]).iter().any(|w| w.starts_with(&typed)))
        .collect();
    match starting.as_slice() {
        [one] => Ok(*one),
        _ => Err(format!(
            "`{text}` is not one of: {}",
            choices
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// How much of a name must be typed to name someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The id, `Name (ID)`, or the whole name.
    Whole,
    /// As `Whole`, or else the start of a name or of its pinyin (`zhang` for 张伟) that only one
    /// person has: for a person field, where whom it found is shown before saving.
    Start,
}

/// The person in scope that `text` names: their id (any case), `Name (ID)` as the finder fills
/// it in, a name that only one person has, or with [`Match::Start`] the start of one or of one
/// of its pinyin spellings. Names are compared as the finder compares them
/// ([`loose`]: folded, without accents, traditional characters as simplified), and pinyin
/// spellings are the finder's ([`spellings_of`]: the surname reading first, other readings,
/// `ü` as `v`, `u` or `yu`).
pub fn find_person(text: &str, cx: &Context<'_>, how: Match) -> Result<PersonId, String> {
    let text = text.trim();
    let people = || {
        cx.org
            .people
            .values()
            .filter(|p| (cx.in_scope)(p.id.as_str()))
    };
    let id = text
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(text)
        .trim();
    if let Some(p) = people().find(|p| p.id.as_str().eq_ignore_ascii_case(id)) {
        return Ok(p.id.clone());
    }
    let wanted = loose(text);
    let mut named: Vec<&PersonId> = people()
        .filter(|p| loose(&p.name) == wanted)
        .map(|p| &p.id)
        .collect();
    if named.is_empty() && !wanted.is_empty() && how == Match::Start {
        let squeezed: String = wanted.split_whitespace().collect();
        named = people()
            .filter(|p| {
                let name = loose(&p.name);
                name.starts_with(&wanted)
                    || name
                        .split_whitespace()
                        .any(|part| part.starts_with(&wanted))
                    || spellings_of(&p.name)
                        .full
                        .iter()
                        .any(|spelt| spelt.starts_with(&squeezed))
            })
            .map(|p| &p.id)
            .collect();
    }
    // Then, when nothing else fits, a Chinese name by its pinyin's initials, whole (`zw` for
    // 张伟), as the finder finds it: last, so that `ch` still finds Chris alone.
    if named.is_empty() && !wanted.is_empty() && how == Match::Start {
        let squeezed: String = wanted.split_whitespace().collect();
        named = people()
            .filter(|p| spellings_of(&p.name).initials.contains(&squeezed))
            .map(|p| &p.id)
            .collect();
    }
    match named.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!(
            "nobody on the roster is called `{text}`: ctrl-p picks someone"
        )),
        many => Err(format!(
            "{} people are called `{text}`: ctrl-p picks one",
            many.len()
        )),
    }
}

/// The problems of a field, as its error lists them apart by `; ` (a `;` inside a problem,
/// as in `what ; owner ; due`, has a space before it and does not part them).
pub fn each_problem(error: &str) -> Vec<&str> {
    let mut problems = Vec::new();
    let mut from = 0;
    for (at, _) in error.match_indices("; ") {
        if at > 0 && error[..at].ends_with(' ') {
            continue;
        }
        problems.push(&error[from..at]);
        from = at + 2;
    }
    problems.push(&error[from..]);
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Person;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_read_in_every_accepted_shape() {
        let today = day(2026, 11, 22);
        assert_eq!(parse_date("2026-12-01", today), Ok(day(2026, 12, 1)));
        assert_eq!(parse_date("2026/12/01", today), Ok(day(2026, 12, 1)));
        assert_eq!(parse_date("Today", today), Ok(today));
        assert_eq!(parse_date("yesterday", today), Ok(day(2026, 11, 21)));
        assert_eq!(parse_date("+14d", today), Ok(day(2026, 12, 6)));
        assert_eq!(parse_date("+2w", today), Ok(day(2026, 12, 6)));
        assert_eq!(parse_date("-3d", today), Ok(day(2026, 11, 19)));
        let err = parse_date("1 Dec", today).unwrap_err();
        assert!(err.contains("YYYY-MM-DD"), "{err}");
        assert!(parse_date("+2y", today).is_err());
        assert!(
            parse_date("+1日", today).is_err(),
            "a wide unit is refused, not a panic"
        );
        assert!(parse_date("+-3d", today).is_err());
        assert!(
            parse_date("+2000000000000000000w", today).is_err(),
            "no overflow"
        );
        assert!(
            parse_date("+9999w", today).is_err(),
            "no day two centuries on"
        );
        assert!(parse_date("2026-02-30", today).is_err());
    }

    #[test]
    fn quarters_are_read_in_the_usual_shapes() {
        let q = Some(Quarter { year: 2026, q: 4 });
        assert_eq!(parse_quarter("2026Q4"), q);
        assert_eq!(parse_quarter("2026 q4"), q);
        assert_eq!(parse_quarter("Q4 2026"), q);
        assert_eq!(parse_quarter("2026-Q4"), q);
        assert_eq!(parse_quarter("2026Q5"), None);
        assert_eq!(parse_quarter("soon"), None);
    }

    #[test]
    fn numbers_keep_to_their_range() {
        assert_eq!(parse_number("3", 1.0, 5.0, true), Ok(3.0));
        assert_eq!(parse_number("87%", 0.0, 200.0, false), Ok(87.0));
        assert!(
            parse_number("6", 1.0, 5.0, true)
                .unwrap_err()
                .contains("1 to 5")
        );
        assert!(parse_number("2.5", 1.0, 5.0, true).is_err());
        assert!(parse_number("NaN", 0.0, 5.0, false).is_err());
        assert!(parse_number("x", 0.0, 5.0, false).is_err());
    }

    #[test]
    fn choices_are_picked_by_label_alias_or_a_start_only_one_has() {
        let readiness = choices(&[
            ("ready now", &["now"]),
            ("1–2 years", &["1-2", "one to two years"]),
            ("3+ years", &["3+", "three plus years"]),
        ]);
        let readiness_list = readiness.as_slice();
        assert_eq!(parse_choice("ready now", readiness_list), Ok(0));
        assert_eq!(parse_choice("R", readiness_list), Ok(0));
        assert_eq!(parse_choice("1-2", readiness_list), Ok(1));
        assert_eq!(parse_choice("1–2 years", readiness_list), Ok(1));
        assert_eq!(parse_choice("3+", readiness_list), Ok(2));
        let err = parse_choice("soon", readiness_list).unwrap_err();
        assert!(err.contains("ready now, 1–2 years, 3+ years"), "{err}");
    }

    #[test]
    fn people_are_found_by_id_name_or_the_finders_form() {
        let mut org = Org::default();
        for (id, name) in [
            ("E1", "José Álvarez"),
            ("E2", "张伟"),
            ("E3", "Li Na"),
            ("E4", "Li Na"),
        ] {
            org.people.insert(id.into(), Person::new(id, name));
        }
        let cx = Context::everyone(&org, day(2026, 11, 22));
        let find_person = |text: &str, _: &Org| find_person(text, &cx, Match::Start);
        assert_eq!(find_person("e1", &org), Ok(PersonId::new("E1")));
        assert_eq!(find_person("jose alvarez", &org), Ok(PersonId::new("E1")));
        assert_eq!(find_person("张伟", &org), Ok(PersonId::new("E2")));
        assert_eq!(find_person("Li Na (E4)", &org), Ok(PersonId::new("E4")));
        assert!(find_person("Li Na", &org).unwrap_err().contains("2 people"));
        assert_eq!(
            find_person("zhang", &org),
            Ok(PersonId::new("E2")),
            "by its pinyin"
        );
        assert_eq!(
            find_person("zw", &org),
            Ok(PersonId::new("E2")),
            "by its pinyin's initials, as the finder finds it"
        );
        // A name's start comes before initials: `st` is Steve, not 宋涛 (st) too; 宋涛 is
        // `st` only where no name starts so.
        let mut more = org.clone();
        more.people.insert("E6".into(), Person::new("E6", "宋涛"));
        let cx_more = Context::everyone(&more, day(2026, 11, 22));
        assert_eq!(
            super::find_person("st", &cx_more, Match::Start),
            Ok(PersonId::new("E6"))
        );
        more.people
            .insert("E5".into(), Person::new("E5", "Steve Tan"));
        let cx_more = Context::everyone(&more, day(2026, 11, 22));
        assert_eq!(
            super::find_person("st", &cx_more, Match::Start),
            Ok(PersonId::new("E5"))
        );
        assert_eq!(
            find_person("jos", &org),
            Ok(PersonId::new("E1")),
            "the start of a name"
        );
        assert_eq!(find_person("alvarez", &org), Ok(PersonId::new("E1")));
        assert!(
            find_person("li", &org).is_err(),
            "two start so: none is guessed"
        );
        assert!(find_person("Nobody", &org).unwrap_err().contains("ctrl-p"));
    }

    #[test]
    fn people_are_found_by_the_pinyin_and_forms_the_finder_knows() {
        let mut org = Org::default();
        for (id, name) in [
            ("S1", "曾小凡"),
            ("S2", "吕佳怡"),
            ("S3", "曾國強"),
            ("S4", "Zoe\u{308} Mu\u{308}ller"),
        ] {
            org.people.insert(id.into(), Person::new(id, name));
        }
        let cx = Context::everyone(&org, day(2026, 11, 22));
        let find = |text: &str| find_person(text, &cx, Match::Start);
        assert_eq!(find("zengx"), Ok(PersonId::new("S1")), "surname reading");
        assert_eq!(
            find("cengxiao"),
            Ok(PersonId::new("S1")),
            "everyday reading"
        );
        assert_eq!(find("lv"), Ok(PersonId::new("S2")));
        assert_eq!(find("lyu jia"), Ok(PersonId::new("S2")));
        assert_eq!(
            find("曾国强"),
            Ok(PersonId::new("S3")),
            "simplified for traditional"
        );
        assert_eq!(
            find("\u{ff5a}\u{ff45}\u{ff4e}\u{ff47}\u{3000}guo"),
            Ok(PersonId::new("S3"))
        );
        assert_eq!(
            find("zoë müller"),
            Ok(PersonId::new("S4")),
            "composed for decomposed"
        );
        assert!(find("zeng").unwrap_err().contains("2 people"));
        let whole = |text: &str| find_person(text, &cx, Match::Whole);
        assert_eq!(whole("ZOE MULLER"), Ok(PersonId::new("S4")));
    }

    #[test]
    fn rows_name_the_line_and_column_of_each_problem() {
        let columns = vec![
            Column::new("what", Kind::Line, true),
            Column::new("due", Kind::Date, false),
        ];
        let org = Org::default();
        let today = day(2026, 11, 22);
        let cx = Context::everyone(&org, today);
        let value = read_rows(&columns, "Ship it ; +1w\n\nAsk", &cx).unwrap();
        assert_eq!(value.rows().len(), 2);
        assert_eq!(value.rows()[0][1], Value::Date(Some(day(2026, 11, 29))));
        let err = read_rows(&columns, "a ; soon\n ; today\nb;c;d", &cx).unwrap_err();
        assert!(err.contains("line 1, due: `soon` is not a day"), "{err}");
        assert!(err.contains("line 2: what is missing"), "{err}");
        assert!(err.contains("line 3: 3 parts where there are 2"), "{err}");
    }

    #[test]
    fn a_checklist_keeps_its_ticks_as_text() {
        let items = vec![("N1:1".into(), "a".into()), ("N2:1".into(), "b".into())];
        let mut field = Field::new("Carried", Kind::Checklist(items), "");
        field.cursor = 1;
        field.toggle();
        assert_eq!(field.ticked(), vec!["N2:1"]);
        field.cursor = 0;
        field.toggle();
        assert_eq!(field.ticked(), vec!["N1:1", "N2:1"], "in the list's order");
        field.toggle();
        assert_eq!(field.ticked(), vec!["N2:1"]);
    }

    proptest::proptest! {
        #[test]
        fn nothing_typed_makes_a_field_panic(text in "\\PC{0,40}") {
            let today = day(2026, 11, 22);
            let _ = parse_date(&text, today);
            let _ = parse_number(&text, 1.0, 5.0, true);
            let _ = parse_choice(&text, &choices(&[("ready now", &["now"]), ("1–2 years", &["1-2"])]));
            let org = Org::default();
            let cx = Context::everyone(&org, today);
            let _ = find_person(&text, &cx, Match::Start);
            let columns = vec![Column::new("due", Kind::Date, true)];
            let _ = read_rows(&columns, &text, &cx);
        }
    }
}
