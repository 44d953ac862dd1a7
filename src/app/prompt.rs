//! One-line prompts for the changes that need a few words: a flag raised by hand, a flag
//! resolved with a note.

use super::editor::TextField;
use super::{App, Effect, Overlay, View};
use crate::domain::Change;
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::ids::{FlagId, PersonId};
use crate::domain::insight::FlagKind;
use crate::domain::succession::KeyPosition;

/// What a prompt's answer is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptFor {
    RaiseFlag { person: PersonId },
    Resolve { flag: FlagId },
}

pub struct Prompt {
    pub purpose: PromptFor,
    /// The question, with the shape of the answer.
    pub label: String,
    pub field: TextField,
    pub error: Option<String>,
}

impl App {
    /// The positions the person could succeed to, as the Succession tab lists them.
    pub fn slates_of(&self, person: &str) -> Vec<&KeyPosition> {
        self.org
            .positions
            .values()
            .filter(|p| p.successors.iter().any(|s| s.person.as_str() == person))
            .collect()
    }

    fn ask(&mut self, purpose: PromptFor, label: String) {
        self.overlay = Some(Overlay::Prompt(Prompt {
            purpose,
            label,
            field: TextField::default(),
            error: None,
        }));
    }

    pub(super) fn raise_flag(&mut self) -> Vec<Effect> {
        let Some(person) = (self.view == View::People)
            .then(|| self.roster.selected_id().map(str::to_string))
            .flatten()
        else {
            self.status = Some("Select a person first".into());
            return Vec::new();
        };
        let label = format!(
            "Raise a flag on {}: info, watch, high or critical, then the reason",
            self.name(&person)
        );
        self.ask(
            PromptFor::RaiseFlag {
                person: PersonId::new(person),
            },
            label,
        );
        Vec::new()
    }

    pub(super) fn resolve_flag(&mut self, flag: Option<(String, FlagKind)>) -> Vec<Effect> {
        match flag {
            Some((id, FlagKind::Manual)) => {
                self.ask(PromptFor::Resolve { flag: FlagId::new(id) }, "Resolve the flag with a note: what was done?".into());
            }
            Some(_) => self.status = Some("A computed flag resolves itself when what raised it changes; acknowledge or snooze it meanwhile".into()),
            None => self.status = Some(self.no_flag_selected()),
        }
        Vec::new()
    }

    /// Enter on a prompt: the change it describes, or the prompt again with what is wrong.
    pub(super) fn submit_prompt(&mut self, mut prompt: Prompt) -> Vec<Effect> {
        let text = prompt.field.text();
        match self.prompt_change(&prompt.purpose, text.trim()) {
            Ok(change) => vec![Effect::Apply(Box::new(change))],
            Err(message) => {
                prompt.error = Some(message);
                self.overlay = Some(Overlay::Prompt(prompt));
                Vec::new()
            }
        }
    }

    fn prompt_change(&self, purpose: &PromptFor, text: &str) -> Result<Change, String> {
        match purpose {
            PromptFor::RaiseFlag { person } => {
                let (word, reason) = text.split_once(' ').unwrap_or((text, ""));
                let severity: Severity = word.trim_end_matches([':', ',', '-']).parse().map_err(|_| {
                    format!("Start with how serious it is (info, watch, high or critical), not `{word}`")
                })?;
                if reason.trim().is_empty() {
                    return Err(
                        "Say why after the severity, e.g. `high Mentioned an outside offer`".into(),
                    );
                }
                let mut n = self.org.flags.len() + 1;
                while self.org.flags.contains_key(format!("F{n:03}").as_str()) {
                    n += 1;
                }
                Ok(Change::RaiseFlag {
                    flag: ManualFlag {
                        id: FlagId::new(format!("F{n:03}")),
                        subject: Subject::Person(person.clone()),
                        severity,
                        reason: reason.trim().to_string(),
                        raised_by: self.actor.clone(),
                        raised_on: self.today,
                        state: FlagState::Open,
                    },
                })
            }
            PromptFor::Resolve { flag } => {
                if text.is_empty() {
                    return Err("Write what was done, so the trail says why the flag closed".into());
                }
                Ok(Change::SetFlagState {
                    flag: flag.clone(),
                    state: FlagState::Resolved {
                        on: self.today,
                        note: text.to_string(),
                    },
                })
            }
        }
    }
}
