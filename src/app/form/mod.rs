//! The one form component: every record a meeting produces (a GROW note, an improvement plan, a
//! key position, a successor, a leaving stage, an assessment…) is typed into a [`Form`].
//!
//! A form is a list of typed [`Field`]s and a [`FormKind`] saying what it makes. `tab` and
//! `shift-tab` move between fields, `ctrl-s` saves, `esc` closes and keeps the draft, `ctrl-e`
//! hands a text field to `$EDITOR`. Saving reads every field, shows every problem beside its
//! field at once and puts the cursor on the first; nothing is written until the whole form is
//! valid, and then it is one [`Change`] (a `Batch` where it must be several). Every keystroke
//! updates the form's [`Draft`], which the runtime keeps on disk.
//!
//! What each kind of form holds and makes lives in [`crate::app::flows`].

pub mod field;
#[cfg(test)]
mod tests;

use super::{App, Effect, Overlay};
use field::{Field, Kind, Value};
use serde::{Deserialize, Serialize};

pub use super::flows::FormKind;

/// A form being filled in.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    /// The person the form is about (the one a plan, note or position is of), for its draft.
    pub about: Option<String>,
    /// What the form is, and for whom: `Improvement plan · 张伟`.
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The texts as the form opened: a draft is kept only once something differs.
    initial: Vec<String>,
    /// The focused one-line field still holds what was there when the cursor arrived: typing
    /// replaces it (as a form field selected on entry does), a moving key edits it instead.
    pub fresh: bool,
    /// A save was asked for and its change is with the backend.
    pub saving: bool,
    /// Why the last save was refused, when no one field is to blame.
    pub error: Option<String>,
    /// The newest audit entry the records were at when the form opened: a record someone else
    /// changed after it is not overwritten by this form's save.
    pub base: u64,
    /// A save was refused because someone else changed the record first: the audit entry of
    /// their change and what the server said, until their change is here and taken into the
    /// form ([`App::take_in_theirs`]).
    pub conflict: Option<(u64, String)>,
}

/// A form being filled in, as kept on disk between sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// What the form makes; absent in drafts of GROW notes written before there were forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<FormKind>,
    /// The person the form is about, if any: the roster marks them.
    #[serde(default)]
    pub person: String,
    /// The text of each field, in order.
    pub fields: Vec<String>,
    pub focus: usize,
}

impl Draft {
    /// What the draft's form makes.
    pub fn form_kind(&self) -> FormKind {
        self.kind.clone().unwrap_or(FormKind::GrowNote {
            person: self.person.clone(),
        })
    }

    /// The name the draft is kept under: one draft per form and subject.
    pub fn key(&self) -> String {
        self.form_kind().draft_key()
    }
}

impl Form {
    /// A new form of `kind` with `fields`, as [`crate::app::flows`] lays them out.
    pub fn new(kind: FormKind, title: String, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(|f| f.text.text()).collect();
        Form {
            about: kind.person().map(str::to_string),
            kind,
            title,
            fields,
            focus: 0,
            initial,
            fresh: false,
            saving: false,
            error: None,
            base: 0,
            conflict: None,
        }
    }

    /// Puts back the texts of `draft`, if it was made for these fields or for fewer of them (a
    /// GROW note's draft from before it had a checklist: the fields it has come first).
    pub fn restore(&mut self, draft: &Draft) -> bool {
        let fits = match draft.kind {
            None => draft.fields.len() <= self.fields.len(),
            Some(_) => draft.fields.len() == self.fields.len(),
        };
        if !fits {
            return false;
        }
        for (field, text) in self.fields.iter_mut().zip(&draft.fields) {
            field.text = super::editor::TextField::new(text);
        }
        self.focus_on(draft.focus);
        true
    }

    pub fn field(&self) -> &Field {
        &self.fields[self.focus]
    }

    pub fn field_mut(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    pub fn draft(&self) -> Draft {
        Draft {
            kind: Some(self.kind.clone()),
            person: self.about.clone().unwrap_or_default(),
            fields: self.fields.iter().map(|f| f.text.text()).collect(),
            focus: self.focus,
        }
    }

    /// Nothing was typed since the form opened.
    pub fn unchanged(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .all(|(f, text)| f.text.text() == *text)
    }

    pub fn next_field(&mut self, step: isize) {
        let n = self.fields.len() as isize;
        self.focus_on((self.focus as isize + step).rem_euclid(n.max(1)) as usize);
    }

    /// Puts the cursor on field `at`, at the end of its text.
    pub fn focus_on(&mut self, at: usize) {
        self.focus = at.min(self.fields.len().saturating_sub(1));
        let field = &mut self.fields[self.focus];
        field.text.end_of_text();
        // Only a value the form opened with is replaced by typing; one typed (or restored from
        // a draft) is edited.
        self.fresh = !field.multiline()
            && !matches!(field.kind, Kind::Checklist(_))
            && !field.text.is_empty()
            && self.initial.get(self.focus) == Some(&field.text.text());
    }

    /// Reads every field: their values (an empty text where a field could not be read) and
    /// how many could not, each problem kept beside its field.
    pub fn read(&mut self, app: &App) -> (Vec<Value>, usize) {
        let mut values = Vec::new();
        let mut problems = 0;
        let in_scope = |id: &str| app.derived.visible(id);
        let cx = app.field_context(&in_scope);
        for field in &mut self.fields {
            match field.read(&cx) {
                Ok(value) => {
                    field.error = None;
                    values.push(value);
                }
                Err(e) => {
                    field.error = Some(e);
                    problems += 1;
                    values.push(Value::Text(String::new()));
                }
            }
        }
        (values, problems)
    }

    /// Shows each problem beside its field and puts the cursor on the first.
    pub fn show_problems(&mut self, problems: Vec<(usize, String)>) {
        for (at, message) in problems {
            if let Some(field) = self.fields.get_mut(at) {
                field.error = Some(message);
            }
        }
        self.focus_first_problem();
    }

    fn focus_first_problem(&mut self) {
        if let Some(at) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus_on(at);
        }
    }

    /// How many problems are marked beside the fields, as the form draws them: a field whose
    /// list has several (apart by `; `, one a line on screen) counts each.
    pub fn problems(&self) -> usize {
        (self.fields.iter())
            .filter_map(|f| f.error.as_deref())
            .map(|e| field::each_problem(e).len())
            .sum()
    }
}

impl App {
    /// What reading a field needs: the records, the day, and who is in the user's scope.
    pub fn field_context<'a>(&'a self, in_scope: &'a dyn Fn(&str) -> bool) -> field::Context<'a> {
        field::Context {
            org: &self.org,
            today: self.today,
            in_scope,
        }
    }

    /// Opens the form of `kind`, with its draft if one was kept.
    pub fn open_form(&mut self, kind: FormKind) -> Vec<Effect> {
        if let Some(why) = &self.read_only {
            self.status = Some(format!("Read only: {why}"));
            return Vec::new();
        }
        if self.refuse_while_presenting(&kind) {
            return Vec::new();
        }
        // A GROW note or a flag can be begun at once (a note's carried actions arrive with the
        // records, [`App::refresh_form`]); other forms need the records they are about.
        let reading = self.loading || kind.person().is_some_and(|p| self.waits_for(p));
        if reading && !matches!(kind, FormKind::GrowNote { .. } | FormKind::RaiseFlag { .. }) {
            self.status = Some(super::STILL_READING.into());
            return Vec::new();
        }
        let mut form = match super::flows::layout(self, &kind) {
            Ok(form) => form,
            Err(message) => {
                self.status = Some(message);
                return Vec::new();
            }
        };
        if let Some(draft) = self.drafts.get(&kind.draft_key()) {
            if form.restore(draft) {
                self.status = Some("Your unsaved draft is back".into());
            }
        }
        form.base = self.seq;
        self.form = Some(form);
        self.save_waiting = None;
        Vec::new()
    }

    /// The records arrived: a checklist laid out before them (a GROW note's carried actions)
    /// gets its items, keeping what was typed and ticked.
    pub(super) fn refresh_form(&mut self) {
        let Some(kind) = self.form.as_ref().map(|f| f.kind.clone()) else {
            return;
        };
        let Ok(fresh) = super::flows::layout(self, &kind) else {
            return;
        };
        if let Some(form) = &mut self.form {
            for (field, new) in form.fields.iter_mut().zip(fresh.fields) {
                if matches!(field.kind, Kind::Checklist(_)) {
                    field.kind = new.kind;
                }
            }
        }
    }

    /// The records a waiting save needed are here ([`App::save_form`]): the form is saved now,
    /// if it is the one saved and still open. Its effects go with the next ones
    /// ([`App::take_queued`]).
    pub(super) fn save_if_waiting(&mut self) {
        let Some(kind) = self.save_waiting.take() else {
            return;
        };
        if self.form.as_ref().is_none_or(|f| f.kind != kind) {
            return;
        }
        let effects = self.save_form();
        self.queued.extend(effects);
    }

    /// `ctrl-s`: the change the form describes, or every problem shown beside its field: those of
    /// each field alone and those between fields (an end before the start, an action for a goal
    /// that is not there) at once.
    pub(super) fn save_form(&mut self) -> Vec<Effect> {
        let about = self.form.as_ref().and_then(|f| f.kind.person());
        if self.loading || about.is_some_and(|p| self.waits_for(p)) {
            // Saved against records about to be replaced, it would be shown wrong: it waits,
            // the form open and its draft kept, and is saved once they are here.
            self.save_waiting = self.form.as_ref().map(|f| f.kind.clone());
            self.status = Some(super::SAVE_WAITS.into());
            return Vec::new();
        }
        self.save_waiting = None;
        if self.form.as_ref().is_some_and(|f| f.conflict.is_some()) {
            // Saved now, it would write the fields as they were before the other change.
            self.status = Some("Their change is still on its way; save again in a moment".into());
            return Vec::new();
        }
        let Some(mut form) = self.form.take() else {
            return Vec::new();
        };
        form.error = None;
        let (values, field_problems) = form.read(self);
        let built = super::flows::build(self, &form.kind, &values);
        let effects = match built {
            Ok(change) if field_problems == 0 => {
                form.saving = true;
                vec![Effect::Apply(Box::new(change))]
            }
            outcome => {
                let problems = outcome.err().unwrap_or_default();
                // A field already wrong keeps its own problem; the rest of what the flow found
                // goes beside its field, or under the form when no one field is to blame.
                let whole: Vec<String> = problems
                    .iter()
                    .filter(|(at, _)| *at >= form.fields.len())
                    .map(|(_, m)| m.clone())
                    .collect();
                let beside: Vec<(usize, String)> = problems
                    .into_iter()
                    .filter(|(at, _)| form.fields.get(*at).is_some_and(|f| f.error.is_none()))
                    .collect();
                form.show_problems(beside);
                if !whole.is_empty() {
                    form.error = Some(whole.join("; "));
                }
                // Counted as the form shows them: beside fields, and one under the form.
                self.status = Some(match (form.problems(), &form.error) {
                    (0, Some(e)) => e.clone(),
                    (n, Some(_)) => format!(
                        "{} problems: marked beside their fields and under the form; nothing was saved",
                        n + whole.len()
                    ),
                    (1, None) => {
                        "1 problem: it is marked beside its field; nothing was saved".into()
                    }
                    (n, None) => {
                        format!("{n} problems: each is marked beside its field; nothing was saved")
                    }
                });
                Vec::new()
            }
        };
        self.form = Some(form);
        effects
    }

    /// The form's change is stored: close the form and let its draft go.
    pub(super) fn form_saved(&mut self) -> Vec<Effect> {
        match self.form.take() {
            Some(form) if form.saving => {
                let key = form.kind.draft_key();
                self.drafts.remove(&key);
                vec![Effect::DeleteDraft(key)]
            }
            other => {
                self.form = other;
                Vec::new()
            }
        }
    }

    /// `esc`: the form closes; what was typed stays as a draft.
    pub(super) fn close_form(&mut self) -> Vec<Effect> {
        let Some(form) = self.form.take() else {
            return Vec::new();
        };
        let key = form.kind.draft_key();
        if form.unchanged() {
            self.drafts.remove(&key);
            return vec![Effect::DeleteDraft(key)];
        }
        if self.unwritten_drafts.contains(&key) {
            self.status = Some(
                "Draft kept in memory only, not on disk: free some space and open it again, or quitting loses it".into(),
            );
            return Vec::new();
        }
        if self.read_only.is_some() {
            // Made a viewer while typing: the draft waits for a role that may save it.
            self.status = Some("Draft kept, to go on with once your role lets you save".into());
            return Vec::new();
        }
        self.status = Some(format!(
            "Draft kept: {} again goes on with it, {} throws it away",
            form.kind.reopen_hint(self),
            self.key_for(
                super::keymap::Mode::Browse,
                super::action::Action::DiscardDraft
            )
        ));
        Vec::new()
    }

    /// The draft after an edit, for the runtime to keep; a form back as it opened has none.
    pub(super) fn draft_changed(&mut self) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        form.error = None;
        form.field_mut().error = None;
        // Typing goes on: the hint bar shows the form's keys again.
        self.status = None;
        self.keep_draft()
    }

    /// The form's draft as it stands now: kept, or gone once nothing differs from how the
    /// form opened.
    fn keep_draft(&mut self) -> Vec<Effect> {
        let Some(form) = &self.form else {
            return Vec::new();
        };
        let draft = form.draft();
        let key = draft.key();
        if form.unchanged() {
            return match self.drafts.remove(&key) {
                Some(_) => vec![Effect::DeleteDraft(key)],
                None => Vec::new(),
            };
        }
        self.drafts.insert(key, draft.clone());
        vec![Effect::SaveDraft(draft)]
    }

    /// `ctrl-p` in a person field: the finder picks who goes in it.
    pub(super) fn pick_person(&mut self) -> Vec<Effect> {
        let Some(form) = &self.form else {
            return Vec::new();
        };
        if form.field().kind != Kind::Person {
            self.status = Some("ctrl-p picks a person in a person field".into());
            return Vec::new();
        }
        // What was typed in the field is the finder's first query.
        let mut finder = super::finder::Finder::picking();
        finder.query = form.field().text.text();
        self.overlay = Some(Overlay::Finder(finder));
        self.search_finder();
        Vec::new()
    }

    /// The finder picked `person` for the form's person field.
    pub(super) fn picked(&mut self, person: Option<String>) -> Vec<Effect> {
        let Some(id) = person else {
            return Vec::new();
        };
        let name = self.name(&id);
        if let Some(form) = &mut self.form {
            form.field_mut().text = super::editor::TextField::new(&format!("{name} ({id})"));
        }
        self.draft_changed()
    }

    /// `ctrl-k` in a list of rows: the row under the cursor goes.
    pub(super) fn remove_row(&mut self) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        if !matches!(form.field().kind, Kind::Rows(_)) {
            self.status = Some("ctrl-k removes a row in a list (goals, actions)".into());
            return Vec::new();
        }
        form.field_mut().text.remove_line();
        self.draft_changed()
    }

    /// A key for the focused field that no binding took.
    pub(super) fn form_key(&mut self, event: &ratatui::crossterm::event::KeyEvent) -> Vec<Effect> {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let fresh = std::mem::take(&mut form.fresh);
        let field = form.field_mut();
        if event.code == KeyCode::Char('u') && event.modifiers.contains(KeyModifiers::CONTROL) {
            // ctrl-u clears the field, as it clears a prompt.
            field.text = super::editor::TextField::default();
            return self.draft_changed();
        }
        if fresh && plain && matches!(event.code, KeyCode::Char(_)) {
            field.text = super::editor::TextField::default();
        }
        match (&field.kind, event.code) {
            (Kind::Checklist(items), code) => {
                let last = items.len().saturating_sub(1);
                match code {
                    KeyCode::Char(' ') | KeyCode::Char('x') => field.toggle(),
                    KeyCode::Up | KeyCode::Char('k') => {
                        field.cursor = field.cursor.saturating_sub(1)
                    }
                    KeyCode::Down | KeyCode::Char('j') => {
                        field.cursor = (field.cursor + 1).min(last)
                    }
                    _ => return Vec::new(),
                }
                if !matches!(code, KeyCode::Char(' ') | KeyCode::Char('x')) {
                    return Vec::new(); // moving changes nothing to keep
                }
            }
            (Kind::Choice(choices), KeyCode::Up | KeyCode::Down) => {
                // Up and down step through the choices, for who would rather pick than type.
                let now = field::parse_choice(&field.text.text(), choices).ok();
                let n = choices.len();
                let next = match (now, event.code) {
                    (None, KeyCode::Up) => n.saturating_sub(1),
                    (None, _) => 0,
                    (Some(i), KeyCode::Up) => (i + n - 1) % n,
                    (Some(i), _) => (i + 1) % n,
                };
                if let Some(choice) = choices.get(next) {
                    field.text = super::editor::TextField::new(&choice.label);
                }
            }
            // Enter moves on from a one-line field, and on the last one saves the form.
            (_, KeyCode::Enter) if !field.multiline() => {
                if form.focus + 1 == form.fields.len() {
                    return self.save_form();
                }
                form.next_field(1);
                return Vec::new();
            }
            (_, code) => {
                let text = &mut field.text;
                match code {
                    KeyCode::Char(c) if plain => text.insert(c),
                    KeyCode::Enter => text.newline(),
                    KeyCode::Backspace => text.backspace(),
                    KeyCode::Delete => text.delete(),
                    KeyCode::Left => text.left(),
                    KeyCode::Right => text.right(),
                    KeyCode::Up => text.up(),
                    KeyCode::Down => text.down(),
                    KeyCode::Home => text.home(),
                    KeyCode::End => text.end(),
                    _ => return Vec::new(),
                }
            }
        }
        self.draft_changed()
    }

    /// Pasted text goes into the focused field (one line for a one-line field).
    pub(super) fn form_paste(&mut self, text: &str) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        // A paste replaces the value the field opened with, as a typed key does.
        let fresh = std::mem::take(&mut form.fresh);
        let field = form.field_mut();
        if fresh && !matches!(field.kind, Kind::Checklist(_)) {
            field.text = super::editor::TextField::default();
        }
        match field.kind {
            Kind::Checklist(_) => return Vec::new(),
            _ if field.multiline() => field.text.insert_str(text),
            _ => field.text.insert_str(&text.replace(['\r', '\n'], " ")),
        }
        self.draft_changed()
    }

    /// `$EDITOR` gave back the text of the form's current field.
    pub fn edited_externally(&mut self, text: String) -> Vec<Effect> {
        if let Some(form) = &mut self.form {
            let field = form.field_mut();
            let text = text.trim_end_matches('\n');
            let text = if field.multiline() {
                text.to_string()
            } else {
                text.replace('\n', " ")
            };
            field.text = super::editor::TextField::new(&text);
        }
        self.draft_changed()
    }

    /// A change the form asked for was refused: the form stays, with the reason.
    pub(super) fn form_failed(&mut self, message: &str) {
        if let Some(form) = &mut self.form {
            if form.saving {
                form.saving = false;
                form.error = Some(message.to_string());
            }
        }
    }
}

impl App {
    /// Drafts of GROW notes that were saved after all: a note of the same person with the same
    /// Goal, Reality, Options and Will is stored (the process ended between saving the note and
    /// removing its draft). They go, rather than come back and be saved twice.
    pub fn drafts_already_saved(&mut self) -> Vec<Effect> {
        let saved: Vec<String> = self
            .drafts
            .iter()
            .filter(|(_, d)| matches!(d.form_kind(), FormKind::GrowNote { .. }))
            .filter(|(_, d)| {
                let text = |i: usize| d.fields.get(i).map_or("", |t| t.trim());
                let empty = (0..4).all(|i| text(i).is_empty());
                !empty
                    && self.derived.notes(&self.org, &d.person).iter().any(|n| {
                        [&n.goal, &n.reality, &n.options, &n.will]
                            .iter()
                            .enumerate()
                            .all(|(i, t)| t.trim() == text(i))
                    })
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in &saved {
            self.drafts.remove(key);
        }
        saved.into_iter().map(Effect::DeleteDraft).collect()
    }
}

/// The draft keys of every draft about `person`, for the roster's marks.
pub fn drafts_about<'a>(
    drafts: &'a std::collections::BTreeMap<String, Draft>,
    person: &'a str,
) -> impl Iterator<Item = &'a Draft> + 'a {
    drafts.values().filter(move |d| d.person == person)
}

impl App {
    /// What a bound key does while a form is open.
    pub(super) fn form_action(&mut self, action: super::action::Action) -> Vec<Effect> {
        use super::action::Action::*;
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        match action {
            NextField => form.next_field(1),
            PrevField => form.next_field(-1),
            SaveNote => return self.save_form(),
            EditExternally if matches!(form.field().kind, Kind::Checklist(_)) => {
                self.status = Some("A checklist is ticked with space, not written".into());
            }
            EditExternally => return vec![Effect::EditExternally(form.field().text.text())],
            CloseNote | Back => return self.close_form(),
            Finder => return self.pick_person(),
            RemoveRow => return self.remove_row(),
            DiscardDraft => {
                let key = form.kind.draft_key();
                let (what, whom) = (form.kind.name(), form.about.clone());
                self.status = None;
                // Asked as `D` asks outside the form: the same words for the same draft.
                let about = (whom.map(|p| format!(" about {}", self.name(&p)))).unwrap_or_default();
                self.overlay = Some(Overlay::Confirm {
                    question: format!(
                        "Throw away the {what} draft{about}? y throws it away, any other key keeps it"
                    ),
                    then: super::Confirmed::DiscardDraft(key),
                });
            }
            Quit => return self.quit_asked(),
            _ => {}
        }
        Vec::new()
    }

    /// `y` to throwing a draft away: it goes, and its form closes.
    pub(super) fn discard_draft(&mut self, key: &str) -> Vec<Effect> {
        if self
            .form
            .as_ref()
            .is_some_and(|f| f.kind.draft_key() == key)
        {
            self.form = None;
        }
        self.drafts.remove(key);
        self.status = Some("Draft thrown away".into());
        vec![Effect::DeleteDraft(key.to_string())]
    }
}

impl App {
    /// A save was refused because `by_seq` (someone else's change, said as `said`) came first:
    /// once that change is in the records, the form takes it in. Each field the user left as it
    /// opened takes their value; a field the user changed keeps what was typed, and where they
    /// changed it too, the status line says so with their value. Saving again then writes both.
    ///
    /// A change made without a form (an undo, a tick, a slate moved) is only refused: their
    /// change shows as it comes, and the user does it again if it still applies.
    pub fn conflicted(&mut self, by_seq: u64, said: String) {
        let Some(form) = self.form.as_mut().filter(|f| f.saving) else {
            self.failed(
                crate::text::safe_line(&format!(
                    "Not saved: {said}; their change shows as it comes: do it again if it still applies"
                ))
                .into_owned(),
            );
            return;
        };
        form.conflict = Some((by_seq, said));
        form.saving = false;
        self.take_in_theirs();
    }

    /// Says `message` on the status line and under the form.
    fn tell_form(&mut self, message: &str) {
        let message = crate::text::safe_line(message).into_owned();
        if let Some(form) = &mut self.form {
            form.error = Some(message.clone());
        }
        self.status = Some(message);
    }

    /// Takes the change that made a save conflict into the form, once it is in the records
    /// (see [`App::conflicted`]); nothing while it is still on its way.
    pub fn take_in_theirs(&mut self) {
        let Some((seq, said)) = self.form.as_ref().and_then(|f| f.conflict.clone()) else {
            return;
        };
        if self.seq < seq {
            self.tell_form(&format!("Not saved: {said}; taking in their change…"));
            return;
        }
        let kind = self.form.as_ref().map(|f| f.kind.clone());
        let theirs = kind.and_then(|k| super::flows::layout(self, &k).ok());
        let seen = self.seq;
        let Some(form) = &mut self.form else {
            return;
        };
        form.conflict = None;
        // The form is now against the records as they are: a save names them.
        form.base = form.base.max(seen);
        // Field by field the same form: the same labels in the same order (a check-in's
        // fields are its plan's goals, which the other change may have replaced).
        let same = |t: &Form| {
            t.fields.len() == form.fields.len()
                && (t.fields.iter().zip(&form.fields)).all(|(a, b)| a.label == b.label)
        };
        let Some(theirs) = theirs.filter(same) else {
            self.tell_form(&format!(
                "Not saved: {said}; what it changed no longer fits this form: esc keeps your draft"
            ));
            return;
        };
        let (mut taken, mut both) = (Vec::new(), Vec::new());
        for (i, field) in form.fields.iter_mut().enumerate() {
            let (was, now) = (&form.initial[i], theirs.fields[i].text.text());
            let mine = field.text.text();
            if now == *was {
                continue;
            }
            if mine == *was {
                field.text = super::editor::TextField::new(&now);
                // A checklist's items are the records' as they are now.
                field.kind = theirs.fields[i].kind.clone();
                taken.push(field.label.clone());
            } else if mine != now {
                let shown = now.lines().next().unwrap_or_default();
                both.push(format!("{} (theirs: {shown})", field.label));
            }
            form.initial[i] = now;
        }
        let mut told = vec![format!("Not saved: {said}")];
        if !taken.is_empty() {
            told.push(format!("taken in from theirs: {}", taken.join(", ")));
        }
        if !both.is_empty() {
            told.push(format!(
                "you both changed {}, yours is kept",
                both.join(", ")
            ));
        }
        if taken.is_empty() && both.is_empty() {
            told.push("nothing of theirs is in this form".into());
        }
        told.push("save again to keep both".into());
        self.tell_form(&told.join("; "));
        // What is in the form now is its draft: reopened later, it must not bring back the
        // values from before their change as if typed.
        let kept = self.keep_draft();
        self.queued.extend(kept);
    }
}
