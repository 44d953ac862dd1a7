//! One-line prompts for the changes that need a few words: a check-in on an improvement-plan
//! goal, a flag raised by hand, a flag resolved with a note. And the readiness of a successor,
//! which needs none.

use super::editor::TextField;
use super::{App, Effect, Focus, Overlay, Tab, View};
use crate::domain::Change;
use crate::domain::flag::{FlagState, ManualFlag, Severity, Subject};
use crate::domain::ids::{FlagId, PersonId, PipId, PositionId};
use crate::domain::insight::FlagKind;
use crate::domain::pip::{CheckIn, GoalRating, Pip, Rating};
use crate::domain::succession::{KeyPosition, Readiness};

/// What a prompt's answer is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptFor {
    CheckIn { pip: PipId, goal: u32 },
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
    /// The goals of the person's open plans, in the order the Plan tab shows them.
    pub fn plan_goals(&self, person: &str) -> Vec<(&Pip, u32)> {
        let mut plans: Vec<&Pip> = self
            .org
            .pips
            .values()
            .filter(|p| p.person.as_str() == person && p.status.is_open())
            .collect();
        plans.sort_by_key(|p| std::cmp::Reverse(p.start));
        plans
            .into_iter()
            .flat_map(|p| p.goals.iter().map(move |g| (p, g.id)))
            .collect()
    }

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

    fn detail_tab(&self, tab: Tab) -> Option<String> {
        (self.view == View::People && self.focus == Focus::Detail && self.tab == tab)
            .then(|| self.roster.selected_id().map(str::to_string))
            .flatten()
    }

    pub(super) fn check_in(&mut self) -> Vec<Effect> {
        let Some(person) = self.detail_tab(Tab::Plan) else {
            self.status =
                Some("Open a person's Plan tab and press Enter to choose a goal first".into());
            return Vec::new();
        };
        let Some((pip, goal)) = self
            .plan_goals(&person)
            .get(self.item)
            .map(|(p, g)| (p.id.clone(), *g))
        else {
            self.status = Some("No open improvement plan here".into());
            return Vec::new();
        };
        let label = format!("Check-in on {pip} goal {goal}: value ; on, at or off (track) ; note");
        self.ask(PromptFor::CheckIn { pip, goal }, label);
        Vec::new()
    }

    pub(super) fn cycle_readiness(&mut self) -> Vec<Effect> {
        let Some(person) = self.detail_tab(Tab::Succession) else {
            self.status = Some(
                "Open a person's Succession tab and press Enter to choose a position first".into(),
            );
            return Vec::new();
        };
        let Some(position) = self.slates_of(&person).get(self.item).map(|p| p.id.clone()) else {
            self.status = Some("They are on no successor slate".into());
            return Vec::new();
        };
        let current = self
            .org
            .positions
            .get(position.as_str())
            .and_then(|p| p.successor(&PersonId::new(&person)))
            .map(|s| s.readiness);
        let readiness = match current {
            Some(Readiness::ReadyNow) => Readiness::OneToTwoYears,
            Some(Readiness::OneToTwoYears) => Readiness::ThreePlusYears,
            _ => Readiness::ReadyNow,
        };
        vec![Effect::Apply(Box::new(Change::SetReadiness {
            position: PositionId::new(position.as_str()),
            person: PersonId::new(person),
            readiness,
        }))]
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
            PromptFor::CheckIn { pip, goal } => {
                let mut parts = text.splitn(3, ';').map(str::trim);
                let value = match parts.next().unwrap_or_default() {
                    "" => None,
                    v => Some(
                        v.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite())
                            .ok_or(format!("`{v}` is not a number"))?,
                    ),
                };
                let rating = match parts.next().unwrap_or_default().to_lowercase().as_str() {
                    "on" | "on track" | "on_track" => Rating::OnTrack,
                    "at" | "at risk" | "at_risk" => Rating::AtRisk,
                    "off" | "off track" | "off_track" => Rating::OffTrack,
                    other => {
                        return Err(format!(
                            "`{other}`: say on, at or off (track) after the value"
                        ));
                    }
                };
                let note = parts.next().unwrap_or_default().to_string();
                Ok(Change::RecordPipCheckIn {
                    pip: pip.clone(),
                    checkin: CheckIn {
                        date: self.today,
                        note,
                        ratings: vec![GoalRating {
                            goal: *goal,
                            rating,
                            value,
                        }],
                    },
                })
            }
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
