//! Writing a GROW note during a 1:1: Goal, Reality, Options, Will, the actions agreed and a
//! confidence, with the person's open actions beside it. Every keystroke updates the draft, which
//! the runtime keeps on disk, so a dropped connection loses nothing.

use super::action::Action;
use super::editor::TextField;
use super::{App, Effect};
use crate::domain::Change;
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::ids::{NoteId, PersonId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The fields of the form, in Tab order.
pub const FIELDS: [&str; 6] = [
    "Goal",
    "Reality",
    "Options",
    "Will",
    "Actions",
    "Confidence",
];

/// What each field is for, shown under its title.
pub const FIELD_HINTS: [&str; 6] = [
    "What do they want to achieve?",
    "Where do things stand now?",
    "What could they do? One a line; three or more",
    "What will they do, by when, with what support?",
    "One per line: what ; owner ; YYYY-MM-DD",
    "1-10: how sure they are it happens",
];

/// A note being written, as kept on disk between sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub person: String,
    /// The text of each field, in [`FIELDS`] order.
    pub fields: Vec<String>,
    pub focus: usize,
}

pub struct NoteForm {
    pub person: String,
    pub fields: Vec<TextField>,
    pub focus: usize,
    /// Why the last save was refused.
    pub error: Option<String>,
}

impl NoteForm {
    fn new(person: &str) -> NoteForm {
        NoteForm {
            person: person.to_string(),
            fields: FIELDS.iter().map(|_| TextField::default()).collect(),
            focus: 0,
            error: None,
        }
    }

    fn from_draft(draft: &Draft) -> NoteForm {
        let mut form = NoteForm::new(&draft.person);
        for (field, text) in form.fields.iter_mut().zip(&draft.fields) {
            *field = TextField::new(text);
        }
        form.focus = draft.focus.min(FIELDS.len() - 1);
        form
    }

    pub fn field_mut(&mut self) -> &mut TextField {
        &mut self.fields[self.focus]
    }

    pub fn draft(&self) -> Draft {
        Draft {
            person: self.person.clone(),
            fields: self.fields.iter().map(TextField::text).collect(),
            focus: self.focus,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(TextField::is_empty)
    }

    /// The note the form describes, or what is wrong with it.
    pub fn to_note(&self, id: NoteId, today: NaiveDate, author: &str) -> Result<GrowNote, String> {
        if self.is_empty() {
            return Err("The note is empty: nothing to save".into());
        }
        let text = |i: usize| self.fields[i].text().trim().to_string();
        let confidence = match text(5).as_str() {
            "" => None,
            value => match value.parse::<u8>() {
                Ok(c @ 1..=10) => Some(c),
                _ => {
                    return Err(format!(
                        "Confidence: `{value}` is not a number from 1 to 10"
                    ));
                }
            },
        };
        let actions = parse_actions(&text(4))?;
        Ok(GrowNote {
            id,
            person: PersonId::new(&self.person),
            date: today,
            author: author.into(),
            goal: text(0),
            reality: text(1),
            options: text(2),
            will: text(3),
            confidence,
            actions,
        })
    }
}

/// `what ; owner ; due` per line.
fn parse_actions(text: &str) -> Result<Vec<ActionItem>, String> {
    let mut actions = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let mut parts = line.split(';').map(str::trim);
        let what = parts.next().unwrap_or_default().to_string();
        let owner = parts.next().unwrap_or_default().to_string();
        let due = match parts.next().filter(|d| !d.is_empty()) {
            None => None,
            Some(day) => Some(NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
                format!(
                    "Actions, line {}: `{day}` is not a date; write it as YYYY-MM-DD",
                    i + 1
                )
            })?),
        };
        if what.is_empty() {
            return Err(format!(
                "Actions, line {}: say what is to be done first",
                i + 1
            ));
        }
        actions.push(ActionItem {
            id: actions.len() as u32 + 1,
            text: what,
            owner: owner.into(),
            due,
            done: None,
        });
    }
    Ok(actions)
}

impl App {
    /// Opens the note form for the selected person, with their draft if there is one.
    pub(super) fn open_note(&mut self) -> Vec<Effect> {
        let Some(person) = self.roster.selected_id().map(str::to_string) else {
            self.status = Some("Select a person first".into());
            return Vec::new();
        };
        self.note = Some(match self.drafts.get(&person) {
            Some(draft) => {
                self.status = Some("Your unsaved draft is back".into());
                NoteForm::from_draft(draft)
            }
            None => NoteForm::new(&person),
        });
        Vec::new()
    }

    /// Shows `person` and opens their note with its draft, as left when crewdeck last stopped.
    pub fn resume_draft(&mut self, person: &str) {
        if !self.drafts.contains_key(person) {
            return;
        }
        self.go_to(Some(person.to_string()));
        if self.roster.selected_id() == Some(person) {
            self.open_note();
        }
    }

    pub(super) fn note_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(form) = &mut self.note else {
            return Vec::new();
        };
        match action {
            Action::NextField => form.focus = (form.focus + 1) % FIELDS.len(),
            Action::PrevField => form.focus = (form.focus + FIELDS.len() - 1) % FIELDS.len(),
            Action::SaveNote => return self.save_note(),
            Action::EditExternally => return vec![Effect::EditExternally(form.field_mut().text())],
            Action::CloseNote | Action::Back => {
                let empty = form.is_empty();
                let person = form.person.clone();
                self.note = None;
                if empty {
                    self.drafts.remove(&person);
                    return vec![Effect::DeleteDraft(person)];
                }
                self.status =
                    Some("Draft kept: press n on the same person to go on with it".into());
                return Vec::new();
            }
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            _ => return Vec::new(),
        }
        self.draft_changed()
    }

    /// The draft after an edit, for the runtime to keep.
    pub(super) fn draft_changed(&mut self) -> Vec<Effect> {
        let Some(form) = &mut self.note else {
            return Vec::new();
        };
        form.error = None;
        // Typing goes on: the hint bar shows the note's keys again.
        self.status = None;
        let draft = form.draft();
        self.drafts.insert(draft.person.clone(), draft.clone());
        vec![Effect::SaveDraft(draft)]
    }

    fn save_note(&mut self) -> Vec<Effect> {
        let Some(form) = &mut self.note else {
            return Vec::new();
        };
        let id = next_note_id(&self.org, &form.person, self.today);
        match form.to_note(id, self.today, &self.actor) {
            Ok(note) => vec![Effect::Apply(Box::new(Change::AddGrowNote { note }))],
            Err(message) => {
                form.error = Some(message.clone());
                self.status = Some(message);
                Vec::new()
            }
        }
    }

    /// After a note is saved: close its form and let its draft go.
    pub(super) fn note_saved(&mut self, person: &str) -> Vec<Effect> {
        if self.note.as_ref().is_some_and(|f| f.person == person) {
            self.note = None;
        }
        self.drafts.remove(person);
        vec![Effect::DeleteDraft(person.to_string())]
    }
}

/// `N<yyyymmdd>-<person>`, with `-2`, `-3`… for more notes on one day.
fn next_note_id(org: &crate::domain::Org, person: &str, today: NaiveDate) -> NoteId {
    let base = format!("N{}-{person}", today.format("%Y%m%d"));
    let mut id = base.clone();
    let mut n = 1;
    while org.notes.contains_key(id.as_str()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    NoteId::new(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_read_one_per_line() {
        let actions =
            parse_actions("Draft the plan ; E006 ; 2026-12-01\n\nAsk for budget\n").unwrap();
        assert_eq!(actions.len(), 2);
        assert_eq!(
            (actions[0].owner.as_str(), actions[0].due),
            ("E006", NaiveDate::from_ymd_opt(2026, 12, 1))
        );
        assert_eq!(
            (actions[1].text.as_str(), actions[1].due),
            ("Ask for budget", None)
        );
        assert_eq!(
            parse_actions("x ; me ; 1 Dec").unwrap_err(),
            "Actions, line 1: `1 Dec` is not a date; write it as YYYY-MM-DD"
        );
    }

    #[test]
    fn confidence_must_be_one_to_ten() {
        let mut form = NoteForm::new("E1");
        form.fields[0] = TextField::new("grow");
        form.fields[5] = TextField::new("11");
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let err = form.to_note(NoteId::new("N1"), day, "me").unwrap_err();
        assert_eq!(err, "Confidence: `11` is not a number from 1 to 10");
        form.fields[5] = TextField::new("6");
        assert_eq!(
            form.to_note(NoteId::new("N1"), day, "me")
                .unwrap()
                .confidence,
            Some(6)
        );
    }
}
