//! What a change did, in the words a manager uses, with names instead of ids: for the status
//! line after a change and for the question before an undo.

use super::App;
use crate::domain::Change;
use crate::domain::flag::FlagState;
use crate::domain::quiet::QuietState;

impl App {
    /// One sentence for a change made in the cockpit.
    pub fn describe(&self, change: &Change) -> String {
        match change {
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
                let goals: Vec<String> =
                    checkin.ratings.iter().map(|r| r.goal.to_string()).collect();
                format!("Check-in recorded on {pip}, goal {}", goals.join(", "))
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
                    "{} is now {} for {title}",
                    self.name(person.as_str()),
                    readiness.label()
                )
            }
            Change::Revert { .. } => "Undone".to_string(),
            other => other.summary(),
        }
    }

    /// Whose flag it is and its reason, found by its id among the standing flags.
    fn flag_words(&self, id: &str) -> String {
        self.derived.flags.iter().find(|f| f.id == id).map_or_else(
            || id.to_string(),
            |f| {
                format!(
                    "{}, {}",
                    crate::export::insight::subject_name(&self.org, &f.subject),
                    f.reason
                )
            },
        )
    }
}
