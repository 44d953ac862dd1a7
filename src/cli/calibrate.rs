//! `crewdeck calibrate open|list|move|undo|discuss|decide|close|summary`: the calibration
//! sessions of a talent review from the command line. Each command that changes something is
//! one `Change` applied through the backend (the file opened here, or the shared server, with
//! its authorisation), which records it in the audit trail. Bad input is refused before
//! anything is written, in one sentence naming the command, the session and the argument.
//!
//! [`open`] starts a session; [`log`] appends to its log (moves, undo, discussion, decisions)
//! and closes it; [`evidence`] reads what a move cites.

mod evidence;
mod log;
mod open;

use super::connect::{Mode, Target};
use crate::backend::Backend;
use crate::domain::calibration::{Board, Calibration};
use crate::domain::ids::PersonId;
use crate::domain::insight::Rules;
use crate::domain::{Change, Org};
use crate::export::Format;
use crate::export::calibration::{Report, markdown, sessions_report};
use crate::text::{escaped, fold, safe_line};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CalibrateCommand {
    /// Open a session over some teams: everyone in them you see (but you) is placed where their latest assessment puts them
    Open(open::OpenArgs),
    /// List the sessions you see: id, name, quarter, teams, facilitator, open or closed, people, moves standing
    List {
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: Format,
    },
    /// Move someone to another box, with a reason (this sets their assessment of the session's quarter)
    Move(log::MoveArgs),
    /// Undo the newest move still standing in a session
    Undo {
        /// The session's id (`crewdeck calibrate list`)
        session: String,
    },
    /// Say who is being discussed now: their timebox starts
    Discuss {
        /// The session's id
        session: String,
        /// The person, by id or exact name
        person: String,
    },
    /// Record a decision about someone ("ready for promotion next quarter")
    Decide {
        /// The session's id
        session: String,
        /// The person, by id or exact name
        person: String,
        /// The decision, in words
        text: String,
    },
    /// Close a session: its log takes no more entries
    Close {
        /// The session's id
        session: String,
    },
    /// Print a session's summary as Markdown: before and after per box, moves, decisions, who was not discussed, guidance
    Summary {
        /// The session's id
        session: String,
    },
}

pub fn run(target: &Target, rules: &Rules, command: CalibrateCommand) -> anyhow::Result<()> {
    match command {
        CalibrateCommand::Open(args) => open::run(target, args),
        CalibrateCommand::List { format } => {
            let org = target.open(Mode::Read)?.loader()()?;
            super::print_all(&sessions_report(&org, format))
        }
        CalibrateCommand::Summary { session } => {
            let org = target.open(Mode::Read)?.loader()()?;
            let found = find_session(&org, &session, "calibrate summary")?;
            let report = Report::of(&org, found, &rules.calibration.guides);
            super::print_all(&markdown(&report))
        }
        CalibrateCommand::Move(args) => log::moved(target, rules, args),
        CalibrateCommand::Undo { session } => log::undo(target, &session),
        CalibrateCommand::Discuss { session, person } => log::discuss(target, &session, &person),
        CalibrateCommand::Decide {
            session,
            person,
            text,
        } => log::decide(target, &session, &person, &text),
        CalibrateCommand::Close { session } => log::close(target, &session),
    }
}

/// The backend opened for writing, the records the user sees, and the user's name.
struct Writing {
    backend: Box<dyn Backend>,
    org: Org,
    user: String,
}

impl Writing {
    fn open(target: &Target) -> anyhow::Result<Writing> {
        let backend = target.open(Mode::Write)?;
        let org = backend.loader()()?;
        let user = backend.user_name();
        Ok(Writing { backend, org, user })
    }

    /// Applies `change`; a refusal is said with `what` (the command and its session) first.
    fn apply(&mut self, change: Change, what: &str) -> anyhow::Result<()> {
        let entry = self
            .backend
            .apply(change)
            .map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
        tracing::info!(seq = entry.seq, "calibration changed");
        Ok(())
    }
}

/// The session the user gave: its id exactly, else without regard to case.
///
/// Errors: no session the user sees has that id (`what` names the command first).
pub(super) fn find_session<'o>(
    org: &'o Org,
    given: &str,
    what: &str,
) -> anyhow::Result<&'o Calibration> {
    let given = given.trim();
    if let Some(found) = org.calibrations.get(given) {
        return Ok(found);
    }
    let folded = fold(given);
    if let Some(found) = org
        .calibrations
        .values()
        .find(|c| fold(c.id.as_str()) == folded)
    {
        return Ok(found);
    }
    anyhow::bail!(
        "{what}: there is no calibration session \"{}\" that you see; `crewdeck calibrate list` lists them",
        escaped(given)
    )
}

/// The session's board as the user sees its log.
fn board_of(org: &Org, session: &Calibration) -> Board {
    Board::current(org, session)
}

/// The person of the session the user named, by id (in any case) or by exact name (compared
/// with [`fold`]).
///
/// Errors: nobody in the session has that id or name; several people have that name; the
/// person exists but is not in the session. `what` is the command and its session.
fn find_person(org: &Org, board: &Board, given: &str, what: &str) -> anyhow::Result<PersonId> {
    let given = given.trim();
    if let Some(id) = board.before.keys().find(|id| id.as_str() == given) {
        return Ok(id.clone());
    }
    let folded = fold(given);
    if let Some(id) = board.before.keys().find(|id| fold(id.as_str()) == folded) {
        return Ok(id.clone());
    }
    let named: Vec<&PersonId> = board
        .before
        .keys()
        .filter(|id| {
            org.people
                .get(id.as_str())
                .is_some_and(|p| fold(p.name.trim()) == folded)
        })
        .collect();
    match named.as_slice() {
        [one] => return Ok((*one).clone()),
        [] => {}
        many => {
            let ids: Vec<&str> = many.iter().map(|id| id.as_str()).collect();
            anyhow::bail!(
                "{what}: several people in the session are called \"{}\" ({}); give the id",
                escaped(given),
                ids.join(", ")
            );
        }
    }
    let outside = org
        .people
        .values()
        .find(|p| fold(p.id.as_str()) == folded || fold(p.name.trim()) == folded);
    match outside {
        Some(p) => anyhow::bail!("{what}: {} is not in this session", person_name(org, &p.id)),
        None => anyhow::bail!(
            "{what}: nobody in the session has the id or name \"{}\"",
            escaped(given)
        ),
    }
}

/// "王磊 (E008)", made safe for one line; the id alone for someone the user does not see.
fn person_name(org: &Org, id: &PersonId) -> String {
    match org.people.get(id.as_str()) {
        Some(p) => safe_line(&format!("{} ({id})", p.name)).into_owned(),
        None => safe_line(id.as_str()).into_owned(),
    }
}

/// `text` trimmed and in NFC, if it holds nothing that cannot be stored as it is: line breaks
/// and tabs are kept when `multiline`.
///
/// Errors: the first control or invisible character, as `U+XXXX`, after `what`.
fn clean_text(text: &str, multiline: bool, what: &str) -> anyhow::Result<String> {
    let text = crate::text::nfc(text.trim()).into_owned();
    if let Some(c) = crate::text::first_unsafe_char(&text, multiline) {
        anyhow::bail!(
            "{what} holds the control or invisible character U+{:04X}",
            u32::from(c)
        );
    }
    Ok(text)
}
