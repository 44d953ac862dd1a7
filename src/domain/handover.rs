//! The handover checklist a departure starts with: built in (`data/handover.toml`), or the
//! user's own file of the same shape. The practice: client accounts handed over three days before
//! the last day, work in progress and assets by it, sensitive access revoked the day the
//! departure is recorded, the rest in the last week, the account on the last day.

use super::departure::{AccessClass, AccessRevocation, Departure, HandoverKind, HandoverTask};
use super::ids::{DepartureId, PersonId};
use chrono::NaiveDate;
use serde::Deserialize;

/// The built-in checklist.
pub const DEFAULT_HANDOVER: &str = include_str!("../../data/handover.toml");

/// The tasks and revocations every departure starts with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoverTemplate {
    pub tasks: Vec<TemplateTask>,
    #[serde(default)]
    pub revocations: Vec<TemplateRevocation>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateTask {
    pub kind: HandoverKind,
    pub text: String,
    /// Days from the last day: negative before it.
    pub due_from_last_day: i32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRevocation {
    pub system: String,
    pub class: AccessClass,
}

/// Why a checklist file was refused: the file, and toml's own words with line and column.
#[derive(Debug, thiserror::Error)]
#[error("handover checklist {file}: {message}")]
pub struct TemplateError {
    pub file: String,
    pub message: String,
}

impl HandoverTemplate {
    /// Reads a checklist file's text; `file` names it in the error.
    pub fn parse(text: &str, file: &str) -> Result<HandoverTemplate, TemplateError> {
        let error = |message: String| TemplateError {
            file: file.to_string(),
            message,
        };
        let template: HandoverTemplate = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        if template.tasks.is_empty() {
            return Err(error("it lists no task".into()));
        }
        if let Some(task) = template
            .tasks
            .iter()
            .find(|t| !(-365..=365).contains(&t.due_from_last_day))
        {
            return Err(error(format!(
                "task \"{}\" is due {} days from the last day; at most a year either way",
                task.text, task.due_from_last_day
            )));
        }
        Ok(template)
    }

    /// The user's checklist, `handover.toml` in `config_dir`, or the built-in one when there is
    /// none. A file that cannot be read or is wrong is an error naming it.
    pub fn load(config_dir: &std::path::Path) -> Result<HandoverTemplate, TemplateError> {
        let path = config_dir.join("handover.toml");
        let file = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => HandoverTemplate::parse(&text, &file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(HandoverTemplate::built_in()),
            Err(e) => Err(TemplateError {
                file,
                message: format!("cannot be read: {e}"),
            }),
        }
    }

    /// The built-in checklist.
    pub fn built_in() -> HandoverTemplate {
        HandoverTemplate::parse(DEFAULT_HANDOVER, "built-in").expect("the built-in checklist reads")
    }

    /// A departure of `person` recorded on `today`, leaving on `last_day`, with every task
    /// given to `receiver`.
    pub fn departure(
        &self,
        id: DepartureId,
        person: PersonId,
        (today, last_day): (NaiveDate, NaiveDate),
        reason: String,
        receiver: Option<PersonId>,
    ) -> Departure {
        Departure {
            id,
            person,
            last_day,
            started_on: today,
            reason,
            tasks: self
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| HandoverTask {
                    id: i as u32 + 1,
                    kind: t.kind,
                    description: t.text.clone(),
                    due_offset_days: t.due_from_last_day,
                    receiver: receiver.clone(),
                    done_on: None,
                    confirmed_on: None,
                })
                .collect(),
            revocations: self
                .revocations
                .iter()
                .enumerate()
                .map(|(i, r)| AccessRevocation {
                    id: i as u32 + 1,
                    system: r.system.clone(),
                    class: r.class,
                    revoked_at: None,
                })
                .collect(),
            report: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_checklist_follows_the_practice() {
        let template = HandoverTemplate::built_in();
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let departure = template.departure(
            "D1".into(),
            "E1".into(),
            (day(1), day(20)),
            "new job".into(),
            Some("E2".into()),
        );
        let clients = departure
            .tasks
            .iter()
            .find(|t| t.kind == HandoverKind::ClientAccounts)
            .expect("client accounts");
        assert_eq!(departure.task_due(clients), day(17), "three days before");
        assert!(
            departure
                .tasks
                .iter()
                .all(|t| t.receiver.as_ref().is_some_and(|r| r.as_str() == "E2"))
        );
        let due: Vec<(AccessClass, NaiveDate)> = departure
            .revocations
            .iter()
            .map(|r| (r.class, departure.revocation_due(r)))
            .collect();
        assert_eq!(
            due,
            vec![
                (AccessClass::Sensitive, day(1)),
                (AccessClass::Standard, day(20)),
                (AccessClass::Account, day(20)),
            ]
        );
    }

    #[test]
    fn a_wrong_checklist_file_is_refused_by_line() {
        let err = HandoverTemplate::parse(
            "[[tasks]]\nkind = \"client_accounts\"\ntext = \"x\"\ndue_from_last_day = \"soon\"\n",
            "mine.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("mine.toml") && err.contains("line 4"), "{err}");
        let err = HandoverTemplate::parse(
            "[[tasks]]\nkind = \"lunch\"\ntext = \"x\"\ndue_from_last_day = 0\n",
            "mine.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("lunch"), "{err}");
        assert!(HandoverTemplate::parse("", "mine.toml").is_err(), "no task");
    }
}
