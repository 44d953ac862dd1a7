//! Recording what a meeting decides, from where the user is: which person, plan, position or
//! note a key means (the selected row, tab item or team-view row), the form it opens, and the
//! changes that need no form (a plan action ticked, a successor moved or taken off a slate).

use super::action::Action;
use super::flows::FormKind;
use super::{App, Confirmed, Effect, Focus, Overlay, Tab, View};
use crate::domain::Change;
use crate::domain::ids::{NoteId, PersonId, PipId, PositionId};
use crate::domain::pip::Pip;
use crate::domain::succession::KeyPosition;

/// An item of the Plan tab: a goal of an open plan, or one of the goal's actions.
pub struct PlanItem<'a> {
    pub pip: &'a Pip,
    pub goal: u32,
    /// The action's place under its goal; `None` for the goal itself.
    pub action: Option<usize>,
}

/// An item of the Succession tab: someone on a slate, either of a position the person holds
/// (its successors) or of one they could succeed to (themselves).
pub struct SlateItem<'a> {
    pub position: &'a KeyPosition,
    pub person: PersonId,
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

    /// The goals of the person's open plans, each followed by its actions, newest plan first,
    /// in the order the Plan tab shows them.
    pub fn plan_items(&self, person: &str) -> Vec<PlanItem<'_>> {
        let mut plans: Vec<&Pip> = self
            .org
            .pips
            .values()
            .filter(|p| p.person.as_str() == person && p.status.is_open())
            .collect();
        plans.sort_by_key(|p| std::cmp::Reverse(p.start));
        let mut items = Vec::new();
        for pip in plans {
            for goal in &pip.goals {
                items.push(PlanItem {
                    pip,
                    goal: goal.id,
                    action: None,
                });
                items.extend((0..goal.actions.len()).map(|i| PlanItem {
                    pip,
                    goal: goal.id,
                    action: Some(i),
                }));
            }
        }
        items
    }

    /// The successors of the positions the person holds, then the slates they are on, in the
    /// order the Succession tab shows them.
    pub fn succession_items(&self, person: &str) -> Vec<SlateItem<'_>> {
        let held = self
            .org
            .positions
            .values()
            .filter(|p| p.incumbent.as_ref().is_some_and(|i| i.as_str() == person));
        let mut items: Vec<SlateItem<'_>> = held
            .flat_map(|position| {
                let mut slate: Vec<_> = position.successors.iter().collect();
                slate.sort_by_key(|s| s.rank);
                slate.into_iter().map(move |s| SlateItem {
                    position,
                    person: s.person.clone(),
                })
            })
            .collect();
        items.extend(
            self.slates_of(person)
                .into_iter()
                .map(|position| SlateItem {
                    position,
                    person: PersonId::new(person),
                }),
        );
        items
    }

    /// The person the keys mean: the one selected in the people view, the 9-box, the Ladder or
    /// a calibration, or the one the selected flag is about in the Flags view.
    pub(super) fn person_here(&self) -> Option<String> {
        match self.view {
            View::People => self.roster.selected_id().map(str::to_string),
            View::NineBox => self.nine_box_person(),
            View::Ladder => self.ladder_person(),
            View::Calibration => self.calibration_person().map(|p| p.to_string()),
            // The person the selected flag is about: `E` on "manager left" gives them one.
            View::Flags => self
                .selected_flag()
                .and_then(|f| f.person())
                .map(str::to_string),
            _ => None,
        }
    }

    /// The person of the Points view's selected row.
    pub(super) fn standing_here(&self) -> Option<String> {
        (self.view == View::Points)
            .then(|| {
                self.shown_standings()
                    .get(self.item)
                    .map(|s| s.person.to_string())
            })
            .flatten()
    }

    fn in_tab(&self, tab: Tab) -> bool {
        (self.view, self.focus, self.tab) == (View::People, Focus::Detail, tab)
    }

    /// The selected slate entry: in the Succession tab, or a position's first successor in the
    /// Coverage view.
    fn slate_here(&self) -> Option<(PositionId, Option<PersonId>)> {
        if self.in_tab(Tab::Succession) {
            let person = self.roster.selected_id()?;
            let item = self.succession_items(person).into_iter().nth(self.item)?;
            return Some((item.position.id.clone(), Some(item.person)));
        }
        self.position_here().map(|p| (p, None))
    }

    /// The key position the keys mean: the Coverage view's row, the Succession tab's item, or
    /// the position the selected person holds.
    fn position_here(&self) -> Option<PositionId> {
        match self.view {
            View::Coverage => self
                .derived
                .coverage
                .positions
                .get(self.item)
                .map(|p| PositionId::new(p.position.as_str())),
            View::People if self.in_tab(Tab::Succession) => {
                let person = self.roster.selected_id()?;
                let items = self.succession_items(person);
                items.get(self.item).map(|i| i.position.id.clone())
            }
            View::People => {
                let person = self.roster.selected_id()?;
                self.org
                    .positions
                    .values()
                    .find(|p| p.incumbent.as_ref().is_some_and(|i| i.as_str() == person))
                    .map(|p| p.id.clone())
            }
            _ => None,
        }
    }

    /// The improvement plan the keys mean: the Plan tab's item, or the person's newest open one.
    fn plan_here(&self) -> Option<PipId> {
        let person = self.person_here()?;
        let items = self.plan_items(&person);
        let item = match self.in_tab(Tab::Plan) {
            true => items.get(self.item).or(items.first()),
            false => items.first(),
        };
        item.map(|i| i.pip.id.clone())
    }

    /// The GROW note the keys mean: the one of the Coaching tab's selected action, or the
    /// person's newest.
    fn note_here(&self) -> Option<NoteId> {
        let person = self.person_here()?;
        if self.in_tab(Tab::Coaching) {
            if let Some(item) = self.actions_of(&person).get(self.item) {
                return Some(item.note.id.clone());
            }
        }
        self.derived
            .notes(&self.org, &person)
            .into_iter()
            .max_by_key(|n| (n.date, n.id.clone()))
            .map(|n| n.id.clone())
    }

    /// A key that opens a form or changes a record from where the user is.
    pub(super) fn meeting_action(&mut self, action: Action) -> Vec<Effect> {
        use Action::*;
        let person = self.person_here();
        let kind = match action {
            NewNote => person.map(|person| FormKind::GrowNote { person }),
            NewPlan => person.map(|person| FormKind::NewPlan { person }),
            SetLeavingStage => person.map(|person| FormKind::LeavingStage { person }),
            RecordAssessment => person.map(|person| FormKind::Assessment { person }),
            KeyEmployee => person.map(|person| FormKind::KeyEmployee { person }),
            EditPerson => person.map(|person| FormKind::EditPerson { person }),
            RaiseFlag => person.map(|person| FormKind::RaiseFlag { person }),
            RecordStayInterview => person.map(|person| FormKind::StayInterview { person }),
            StartDeparture => person.map(|person| FormKind::StartDeparture { person }),
            Development => person.map(|person| FormKind::Development { person }),
            AwardPoints => match person.or_else(|| self.standing_here()) {
                Some(person) => Some(FormKind::AwardPoints { person }),
                None => {
                    return self.say("Select a person first: the Points view (5) or the roster");
                }
            },
            HandoverReport => match self.departure_here() {
                Some(departure) => Some(FormKind::HandoverReport {
                    departure: departure.to_string(),
                }),
                None => return self.say("No departure here: d starts one"),
            },
            ResolveFlag => {
                let flag = self.selected_flag().map(|f| (f.id.to_string(), f.kind));
                match flag {
                    Some((flag, crate::domain::insight::FlagKind::Manual)) => {
                        Some(FormKind::ResolveFlag { flag })
                    }
                    Some(_) => return self.say(
                        "A computed flag resolves itself when what raised it changes; acknowledge or snooze it meanwhile",
                    ),
                    None => {
                        let message = self.no_flag_selected();
                        return self.say(&message);
                    }
                }
            }
            EditNote | AddAction => match self.note_here() {
                Some(note) if action == EditNote => Some(FormKind::EditNote {
                    note: note.to_string(),
                }),
                Some(note) => Some(FormKind::AddAction {
                    note: note.to_string(),
                }),
                None => return self.say("No GROW note yet: n writes the first"),
            },
            PlanStatus | CheckIn => match self.plan_here() {
                Some(pip) if action == PlanStatus => Some(FormKind::PlanStatus {
                    pip: pip.to_string(),
                }),
                Some(pip) => Some(FormKind::CheckIn {
                    pip: pip.to_string(),
                }),
                None if person.is_some() => {
                    return self.say("No open improvement plan: p starts one");
                }
                None => None,
            },
            NewPosition => Some(FormKind::NewPosition { person }),
            EditPosition => match self.position_here() {
                Some(position) => Some(FormKind::EditPosition {
                    position: position.to_string(),
                }),
                None => {
                    return self.say("Select a key position: in Coverage (2), or its incumbent");
                }
            },
            AddSuccessor => {
                let position = self.position_here().map(|p| p.to_string());
                // The person selected is offered as the successor, unless they hold the position.
                let holds = |p: &String| {
                    position.as_ref().is_some_and(|pos| {
                        self.org.positions.get(pos.as_str()).is_some_and(|kp| {
                            kp.incumbent.as_ref().is_some_and(|i| i.as_str() == p)
                        })
                    })
                };
                let person = person.filter(|p| !holds(p));
                Some(FormKind::AddSuccessor { position, person })
            }
            SetReadiness => match self.slate_here() {
                Some((position, person)) => Some(FormKind::SetReadiness {
                    position: position.to_string(),
                    person: person.map(|p| p.to_string()),
                }),
                None => {
                    return self.say(
                        "Select a successor: in a person's Succession tab, or a position in Coverage (2)",
                    );
                }
            },
            RemoveSuccessor | MoveSuccessorUp | MoveSuccessorDown => {
                return self.slate_action(action);
            }
            DiscardDraft => return self.ask_discard(),
            _ => return Vec::new(),
        };
        let Some(kind) = kind else {
            return self.say("Select a person first");
        };
        let effects = self.open_form(kind.clone());
        if let (FormKind::NewPlan { person }, None) = (&kind, &self.status) {
            // A second plan is allowed (a new one after a failed one), but said.
            if let Some(open) = self.plan_items(person).first() {
                self.status = Some(format!(
                    "{} already has an open plan ({}, until {}): this starts another",
                    self.name(person),
                    open.pip.status.word(),
                    open.pip.end
                ));
            }
        }
        effects
    }

    pub(super) fn say(&mut self, message: &str) -> Vec<Effect> {
        self.status = Some(message.to_string());
        Vec::new()
    }

    /// Takes the selected successor off the slate, or moves them one place up or down.
    fn slate_action(&mut self, action: Action) -> Vec<Effect> {
        let Some((position, Some(person))) = self
            .in_tab(Tab::Succession)
            .then(|| self.slate_here())
            .flatten()
        else {
            return self
                .say("Select a successor in a person's Succession tab (Enter, then move to them)");
        };
        if action == Action::RemoveSuccessor {
            return vec![Effect::Apply(Box::new(Change::RemoveSuccessor {
                position,
                person,
            }))];
        }
        let Some(mut slate) = self.org.positions.get(position.as_str()).cloned() else {
            return Vec::new();
        };
        slate.successors.sort_by_key(|s| s.rank);
        let Some(at) = slate.successors.iter().position(|s| s.person == person) else {
            return Vec::new();
        };
        let other = match action {
            Action::MoveSuccessorUp => at.checked_sub(1),
            _ => Some(at + 1).filter(|i| *i < slate.successors.len()),
        };
        let Some(other) = other else {
            return self.say("Already at that end of the slate");
        };
        let (a, b) = (slate.successors[at].rank, slate.successors[other].rank);
        slate.successors[at].rank = b;
        slate.successors[other].rank = a;
        vec![Effect::Apply(Box::new(Change::UpsertPosition {
            position: slate,
        }))]
    }

    /// Ticks a plan action done, or opens it again.
    pub(super) fn toggle_plan_action(&mut self) -> Vec<Effect> {
        let Some(person) = self.person_here() else {
            return Vec::new();
        };
        let items = self.plan_items(&person);
        let Some(item) = items.get(self.item) else {
            return Vec::new();
        };
        let Some(action) = item.action else {
            return self.say("That is a goal: move to one of its actions to tick it, c checks in");
        };
        let done = item
            .pip
            .goal(item.goal)
            .and_then(|g| g.actions.get(action))
            .and_then(|a| a.done);
        let change = Change::SetPlanActionDone {
            pip: item.pip.id.clone(),
            goal: item.goal,
            action: action as u32,
            done: match done {
                Some(_) => None,
                None => Some(self.today),
            },
        };
        vec![Effect::Apply(Box::new(change))]
    }

    /// Asks before throwing away the draft about the selected person.
    fn ask_discard(&mut self) -> Vec<Effect> {
        let Some(person) = self.person_here() else {
            return self.say("Select the person whose draft is to go");
        };
        let Some(draft) = super::form::drafts_about(&self.drafts, &person).next() else {
            return self.say("No draft here");
        };
        let what = draft.form_kind().name();
        let key = draft.key();
        self.overlay = Some(Overlay::Confirm {
            question: format!(
                "Throw away the {what} draft about {}? y throws it away, any other key keeps it",
                self.name(&person)
            ),
            then: Confirmed::DiscardDraft(key),
        });
        Vec::new()
    }
}
