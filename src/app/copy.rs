//! `y`: what is selected, as plain text for the clipboard: the person's summary, or in the
//! coaching tab the GROW note of the selected action, or the selected flag with its evidence.
//! The runtime puts it on the clipboard ([`crate::runtime::clipboard`]).

use super::{App, Effect, Focus, Tab, View};
use crate::domain::insight::Flag;
use crate::domain::person::Person;

impl App {
    /// `y`: copies what is selected; the status line says what.
    pub(super) fn copy_selected(&mut self) -> Vec<Effect> {
        if self.presenting {
            return self.refuse_copy();
        }
        let Some((what, text)) = self.to_copy() else {
            self.status = Some("Nothing selected to copy".into());
            return Vec::new();
        };
        // What reaches the clipboard is pasted elsewhere: no control character goes with it.
        let text = crate::text::safe_text(&text).into_owned();
        self.status = Some(format!("Copied to the clipboard: {what}"));
        vec![Effect::Copy(text)]
    }

    /// What to copy and how the status line names it.
    fn to_copy(&self) -> Option<(String, String)> {
        if let Some(flag) = self.selected_flag() {
            return Some(self.flag_text(flag));
        }
        if (self.view, self.focus, self.tab) == (View::People, Focus::Detail, Tab::Coaching) {
            let person = self.roster.selected_id()?;
            if let Some(item) = self.actions_of(person).into_iter().nth(self.item) {
                return Some(self.note_text(item.note));
            }
        }
        let person = match self.view {
            View::People => self.selected_person()?,
            _ => return None,
        };
        Some((
            format!("{}'s summary", person.name),
            self.person_text(person),
        ))
    }

    /// A person in a few lines: who, where, how they are doing, what is open.
    fn person_text(&self, person: &Person) -> String {
        let mut lines = vec![format!("{} ({})", person.name, person.id)];
        let role: Vec<&str> = [&person.title, &person.team, &person.level]
            .into_iter()
            .map(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        if !role.is_empty() {
            lines.push(role.join(" · "));
        }
        if let Some(manager) = &person.manager {
            lines.push(format!("Manager: {}", self.name(manager.as_str())));
        }
        lines.push(format!(
            "Status: {}",
            person.status.label().replace('_', " ")
        ));
        if let Some(key) = &person.key {
            lines.push(format!("Key employee since {}: {}", key.since, key.reason));
        }
        let open_actions = self
            .actions_of(person.id.as_str())
            .iter()
            .filter(|a| a.action.done.is_none())
            .count();
        lines.push(format!("Open actions: {open_actions}"));
        let flags: Vec<&Flag> = self.derived.person_flags(person.id.as_str()).collect();
        lines.push(format!("Flags: {}", flags.len()));
        for flag in flags {
            lines.push(format!("- {}: {}", flag.severity.label(), flag.reason));
        }
        lines.join("\n") + "\n"
    }

    fn note_text(&self, note: &crate::domain::grow::GrowNote) -> (String, String) {
        let who = self.name(note.person.as_str());
        let mut lines = vec![
            format!("GROW note · {who} · {}", note.date),
            format!("Goal: {}", note.goal),
            format!("Reality: {}", note.reality),
            format!("Options: {}", note.options),
            format!("Will: {}", note.will),
        ];
        if let Some(confidence) = note.confidence {
            lines.push(format!("Confidence: {confidence}/10"));
        }
        for action in &note.actions {
            let due = action.due.map_or(String::new(), |d| format!(", due {d}"));
            let done = if action.done.is_some() { "x" } else { " " };
            let owner = if action.owner.is_empty() {
                String::new()
            } else {
                format!(" ({}{due})", self.name(action.owner.as_str()))
            };
            lines.push(format!("[{done}] {}{owner}", action.text));
        }
        (
            format!("the GROW note of {} for {who}", note.date),
            lines.join("\n") + "\n",
        )
    }

    fn flag_text(&self, flag: &Flag) -> (String, String) {
        let whose = crate::export::insight::subject_name(&self.org, &flag.subject);
        let mut lines = vec![format!(
            "{} · {} · {}: {}",
            flag.severity.label(),
            flag.kind.label(),
            whose,
            flag.reason
        )];
        for evidence in &flag.evidence {
            lines.push(format!("- {}: {}", evidence.what, evidence.value));
        }
        (
            format!("the flag \"{}\" on {whose}", flag.kind.label()),
            lines.join("\n") + "\n",
        )
    }
}
