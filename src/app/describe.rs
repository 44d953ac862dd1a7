//! What a change did, in the words a manager uses, with names instead of ids: for the status
//! line after a change and for the question before an undo.

use super::App;
use crate::domain::flag::FlagState;
use crate::domain::quiet::QuietState;
use crate::domain::{AuditEntry, Change};

impl App {
    /// One sentence for a change made in the cockpit.
    pub fn describe(&self, change: &Change) -> String {
        if let Some(said) = self
            .presenting
            .then(|| self.describe_presenting(change))
            .flatten()
        {
            return said;
        }
        match change {
            Change::OpenCalibration { session, people } => {
                let unplaced = people
                    .iter()
                    .filter(|p| {
                        crate::domain::calibration::placement(&self.org, p, session.quarter)
                            .is_none()
                    })
                    .count();
                let opened = format!(
                    "Calibration session {} (\"{}\") opened with {} people",
                    session.id,
                    session.name,
                    people.len()
                );
                match unplaced {
                    0 => opened,
                    n => format!(
                        "{opened}, {n} without an assessment to place them by: {} records one",
                        self.key_for(
                            super::keymap::Mode::Browse,
                            super::action::Action::RecordAssessment
                        )
                    ),
                }
            }
            Change::CloseCalibration { .. } => "Calibration session closed; its log is kept".into(),
            Change::LogCalibration { entry } => {
                use crate::domain::calibration::Logged;
                let name = self.name(entry.person.as_str());
                match &entry.what {
                    Logged::Move { from, to, .. } => {
                        format!("{name} moved from {} to {}", from.name(), to.name())
                    }
                    Logged::Undo { .. } => format!("The move of {name} is undone"),
                    Logged::Discussed => format!("Now discussing {name}"),
                    Logged::Decision { .. } => format!("Decision about {name} recorded"),
                    Logged::Before { .. } => format!("{name} placed"),
                }
            }
            Change::AddGrowNote { note } => {
                format!("GROW note for {} saved", self.name(note.person.as_str()))
            }
            Change::SetActionDone { note, action, done } => {
                let text = self
                    .org
                    .notes
                    .get(note.as_str())
                    .and_then(|n| n.actions.iter().find(|a| a.id == *action))
                    .map_or_else(|| format!("action {action}"), |a| format!("\"{}\"", a.text));
                match done {
                    Some(_) => format!("Marked done: {text}"),
                    None => format!("Open again: {text}"),
                }
            }
            Change::QuietFlag { quiet } => {
                let what = self.flag_words(&quiet.flag);
                match &quiet.state {
                    QuietState::Acknowledged { .. } => format!("Acknowledged: {what}"),
                    QuietState::Snoozed { until, .. } => format!("Snoozed until {until}: {what}"),
                }
            }
            Change::ReopenFlag { flag } => format!("Reopened: {}", self.flag_words(flag)),
            Change::SetFlagState { flag, state } => {
                let what = self.flag_words(flag.as_str());
                match state {
                    FlagState::Open => format!("Reopened: {what}"),
                    FlagState::Acknowledged { .. } => format!("Acknowledged: {what}"),
                    FlagState::Snoozed { until } => format!("Snoozed until {until}: {what}"),
                    FlagState::Resolved { .. } => format!("Resolved: {what}"),
                }
            }
            Change::RaiseFlag { flag } => format!(
                "Flag raised on {}: {}",
                crate::export::insight::subject_name(&self.org, &flag.subject),
                flag.reason
            ),
            Change::RecordPipCheckIn { pip, checkin } => {
                let who = self
                    .org
                    .pips
                    .get(pip.as_str())
                    .map_or(pip.to_string(), |p| self.name(p.person.as_str()));
                let goals = match checkin.ratings.len() {
                    1 => "1 goal".to_string(),
                    n => format!("{n} goals"),
                };
                format!("Check-in recorded on the improvement plan of {who}: {goals} rated")
            }
            Change::SetReadiness {
                position,
                person,
                readiness,
            } => {
                let title = self
                    .org
                    .positions
                    .get(position.as_str())
                    .map_or(position.to_string(), |p| p.title.clone());
                format!(
                    "Readiness of {} for {title}: {}",
                    self.name(person.as_str()),
                    readiness.label()
                )
            }
            // Seen from another cockpit, which may not have the entry undone: what it wrote.
            Change::Revert { diffs, .. } => match diffs.as_slice() {
                [] => "Undone".to_string(),
                [one] => format!("Undone: {} {}", one.kind.label(), one.key),
                [first, rest @ ..] => format!(
                    "Undone: {} {} and {} more",
                    first.kind.label(),
                    first.key,
                    rest.len()
                ),
            },
            Change::Batch { changes, .. } => {
                let parts: Vec<String> = changes.iter().map(|c| self.describe(c)).collect();
                parts.join("; ")
            }
            other => self.describe_record(other),
        }
    }

    /// The records a meeting makes, in words: names and titles, not ids.
    fn describe_record(&self, change: &Change) -> String {
        let position = |id: &str| {
            self.org
                .positions
                .get(id)
                .map_or(id.to_string(), |p| p.title.clone())
        };
        let plan_of = |id: &str| {
            self.org
                .pips
                .get(id)
                .map_or(id.to_string(), |p| self.name(p.person.as_str()))
        };
        match change {
            Change::UpdateGrowNote { note } => {
                format!(
                    "GROW note for {} corrected",
                    self.name(note.person.as_str())
                )
            }
            Change::AddAction { note, action } => {
                let whose = self
                    .org
                    .notes
                    .get(note.as_str())
                    .map_or(String::new(), |n| {
                        format!(" for {}", self.name(n.person.as_str()))
                    });
                format!("Action \"{}\" added{whose}", action.text)
            }
            Change::CreatePip { pip } => format!(
                "Improvement plan for {} started as a draft: {} activates it",
                self.name(pip.person.as_str()),
                self.key_for(
                    super::keymap::Mode::Browse,
                    super::action::Action::PlanStatus
                )
            ),
            Change::SetPipStatus { pip, status, .. } => {
                format!(
                    "Improvement plan of {} is now {}",
                    plan_of(pip.as_str()),
                    status.word()
                )
            }
            Change::SetPlanActionDone { pip, done, .. } => match done {
                Some(_) => format!("Plan action of {} marked done", plan_of(pip.as_str())),
                None => format!("Plan action of {} open again", plan_of(pip.as_str())),
            },
            Change::UpsertPosition { position: p } => {
                let incumbent = p.incumbent.as_ref().map_or("vacant".to_string(), |i| {
                    format!("held by {}", self.name(i.as_str()))
                });
                let mut slate: Vec<_> = p.successors.iter().collect();
                slate.sort_by_key(|s| s.rank);
                let names: Vec<String> =
                    slate.iter().map(|s| self.name(s.person.as_str())).collect();
                match names.is_empty() {
                    true => format!("Key position {} saved ({incumbent})", p.title),
                    false => format!(
                        "Key position {} saved ({incumbent}; slate: {})",
                        p.title,
                        names.join(", ")
                    ),
                }
            }
            Change::SetIncumbent {
                position: p,
                incumbent,
            } => match incumbent {
                Some(i) => format!(
                    "{} now holds {}",
                    self.name(i.as_str()),
                    position(p.as_str())
                ),
                None => format!("{} is vacant", position(p.as_str())),
            },
            Change::AddSuccessor {
                position: p,
                successor,
            } => format!(
                "{} is on the slate of {} ({}, rank {})",
                self.name(successor.person.as_str()),
                position(p.as_str()),
                successor.readiness.label(),
                successor.rank
            ),
            Change::RemoveSuccessor {
                position: p,
                person,
            } => format!(
                "{} is off the slate of {}",
                self.name(person.as_str()),
                position(p.as_str())
            ),
            Change::SetFlightRisk { person, risk } => match risk {
                Some(r) => format!(
                    "Leaving stage of {}: {}",
                    self.name(person.as_str()),
                    r.stage.label()
                ),
                None => format!(
                    "No leaving stage for {} any more",
                    self.name(person.as_str())
                ),
            },
            Change::RecordAssessment { assessment } => format!(
                "{} assessment of {} recorded",
                assessment.quarter,
                self.name(assessment.person.as_str())
            ),
            Change::SetKeyEmployee { person, key } => match key {
                Some(_) => format!("{} marked as a key employee", self.name(person.as_str())),
                None => format!(
                    "{} no longer marked as a key employee",
                    self.name(person.as_str())
                ),
            },
            Change::UpsertPerson { person } => format!("{} saved", person.name),
            Change::RecordStayInterview { interview } => format!(
                "Stay interview with {} recorded ({})",
                self.name(interview.person.as_str()),
                match interview.follow_ups.len() {
                    1 => "1 follow-up".to_string(),
                    n => format!("{n} follow-ups"),
                }
            ),
            Change::SetFollowUpDone {
                interview,
                index,
                done,
            } => {
                let text = self
                    .org
                    .stay_interviews
                    .get(interview.as_str())
                    .and_then(|s| s.follow_ups.get(*index))
                    .map_or_else(|| "a follow-up".to_string(), |f| format!("\"{}\"", f.text));
                match done {
                    Some(_) => format!("Follow-up done: {text}"),
                    None => format!("Follow-up open again: {text}"),
                }
            }
            Change::AwardPoints { entry } => {
                // By rule, the rule says what for.
                let what = match entry.reason.trim() {
                    "" => entry
                        .rule
                        .as_ref()
                        .and_then(|r| self.org.points_rules.get(r.as_str()))
                        .map_or(String::new(), |r| r.name.clone()),
                    reason => reason.to_string(),
                };
                format!(
                    "{:+} points to {}: {what}",
                    entry.points,
                    self.name(entry.person.as_str())
                )
            }
            Change::ReversePoints { entry, reason, .. } => {
                let whose = self
                    .org
                    .points
                    .get(entry.as_str())
                    .map_or(String::new(), |e| {
                        format!(" of {} ({:+})", self.name(e.person.as_str()), e.points)
                    });
                format!("Points{whose} reversed: {reason}")
            }
            Change::StartDeparture { departure } => format!(
                "Departure of {} started: last day {}, {} handover tasks",
                self.name(departure.person.as_str()),
                departure.last_day,
                departure.tasks.len()
            ),
            Change::CompleteHandoverTask {
                departure, task, ..
            }
            | Change::ConfirmHandoverTask {
                departure, task, ..
            } => {
                let d = self.org.departures.get(departure.as_str());
                let what = d
                    .and_then(|d| d.tasks.iter().find(|t| t.id == *task))
                    .map_or_else(
                        || "a handover task".to_string(),
                        |t| format!("\"{}\"", t.description),
                    );
                let whose = d.map_or(String::new(), |d| {
                    format!(" of {}", self.name(d.person.as_str()))
                });
                match change {
                    Change::CompleteHandoverTask { .. } => {
                        format!("Handover task{whose} done: {what}")
                    }
                    _ => format!("Handover task{whose} confirmed by the receiver: {what}"),
                }
            }
            Change::RevokeAccess {
                departure,
                revocation,
                ..
            } => {
                let d = self.org.departures.get(departure.as_str());
                let what = d
                    .and_then(|d| d.revocations.iter().find(|r| r.id == *revocation))
                    .map_or_else(|| "an access".to_string(), |r| r.system.clone());
                let whose = d.map_or(String::new(), |d| {
                    format!(" of {}", self.name(d.person.as_str()))
                });
                format!("Access{whose} revoked: {what}")
            }
            Change::SetHandoverReport { departure, .. } => {
                let whose = self
                    .org
                    .departures
                    .get(departure.as_str())
                    .map_or(String::new(), |d| {
                        format!(" of {}", self.name(d.person.as_str()))
                    });
                format!("Handover report{whose} written")
            }
            Change::SetStatus { person, status } => {
                format!(
                    "{} is now {}",
                    self.name(person.as_str()),
                    status.label().replace('_', " ")
                )
            }
            other => other.summary(),
        }
    }

    /// One sentence for an audit entry in a list of `among` (a person's history, newest first):
    /// an undo names what it took back, found in the list or in this session's changes,
    /// rather than only the record it put back.
    pub fn describe_entry(&self, entry: &AuditEntry, among: &[AuditEntry]) -> String {
        if let Change::Revert { seq, .. } = &entry.change {
            let undone = (among.iter().chain(&self.history)).find(|e| e.seq == *seq);
            if let Some(undone) = undone {
                return self.describe_undone(&undone.change);
            }
        }
        self.describe(&entry.change)
    }

    /// What an undo took back, said as what holds now: "the flag on Ana (reason) is open
    /// again", rather than "Undone: Resolved: F008".
    pub fn describe_undone(&self, change: &Change) -> String {
        match change {
            Change::SetFlagState { flag, state } => {
                let was = match state {
                    FlagState::Resolved { .. } => "no longer resolved",
                    FlagState::Acknowledged { .. } => "no longer acknowledged",
                    FlagState::Snoozed { .. } => "no longer snoozed",
                    FlagState::Open => "back as it was",
                };
                match self.flag_parts(flag.as_str()) {
                    (whom, Some(reason)) => {
                        format!("Undone: the flag on {whom} ({reason}) is {was}")
                    }
                    (whom, None) => format!("Undone: {whom} is {was}"),
                }
            }
            other => format!("Undone: {}", self.describe(other)),
        }
    }

    /// Whose flag it is and its reason, found by its id among the standing flags.
    fn flag_words(&self, id: &str) -> String {
        let (whom, reason) = self.flag_parts(id);
        match reason {
            Some(reason) => format!("{whom}, {reason}"),
            None => whom,
        }
    }

    /// Whose flag it is, and its reason when it is known and may show: a reason may say a
    /// leaving stage, pay or a note, so presenter mode leaves it out.
    fn flag_parts(&self, id: &str) -> (String, Option<String>) {
        let (whom, reason) = self.flag_record(id);
        (whom, reason.filter(|_| !self.presenting))
    }

    /// Whose flag it is and its reason, found by its id among the standing flags.
    fn flag_record(&self, id: &str) -> (String, Option<String>) {
        let name = |subject| crate::export::insight::subject_name(&self.org, subject);
        if let Some(f) = self.derived.flags.iter().find(|f| f.id == id) {
            return (name(&f.subject), Some(f.reason.clone()));
        }
        // A resolved flag no longer stands, but its record says whose it was and why.
        match self.org.flags.get(id) {
            Some(f) => (name(&f.subject), Some(f.reason.clone())),
            None => ("a flag".to_string(), None),
        }
    }
}
