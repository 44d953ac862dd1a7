//! `crewdeck calibrate move|undo|discuss|decide|close`: entries of a session's log, each one
//! `Change`, signed by the user; and closing the session.

use super::{Writing, board_of, clean_text, find_person, find_session, person_name};
use crate::domain::Change;
use crate::domain::Org;
use crate::domain::assessment::{Band, Quarter};
use crate::domain::calibration::{Calibration, CalibrationEntry, Logged, MoveReason};
use crate::domain::change::QUARTERS_BACK;
use crate::domain::ids::PersonId;
use crate::domain::insight::Rules;
use crate::domain::insight::talent::NineBox;
use crate::export::calibration::cell_text;
use crate::text::escaped;
use chrono::{DateTime, Utc};

#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    /// The session's id (`crewdeck calibrate list`)
    session: String,
    /// The person, by id or exact name
    person: String,
    /// The box, as performance/potential, each low, medium or high: high/high is the star box
    #[arg(long, value_name = "PERFORMANCE/POTENTIAL")]
    to: String,
    /// Why: results, growth, peers, role_changed, new_evidence or other (other needs --words)
    #[arg(long)]
    reason: String,
    /// The reason in words
    #[arg(long, value_name = "TEXT")]
    words: Option<String>,
    /// What the move cites: flag:ID, check-in:NOTE_ID (or check-in:PIP_ID/YYYY-MM-DD), kpi:QUARTER
    #[arg(long, value_name = "KIND:ID")]
    evidence: Option<String>,
}

/// The session, open, for a command that logs in it.
///
/// Errors: no such session; it is closed.
fn open_session<'o>(org: &'o Org, given: &str, command: &str) -> anyhow::Result<&'o Calibration> {
    let session = find_session(org, given, &format!("calibrate {command}"))?;
    if let Some(closed) = session.closed {
        anyhow::bail!(
            "calibrate {command} {}: the session was closed on {}; nothing more is logged in it",
            session.id,
            crate::export::calibration::when(closed)
        );
    }
    Ok(session)
}

/// The entry `what` about `person`, made by `user` at `at`, in `session`'s log.
fn entry(
    session: &Calibration,
    user: &str,
    person: PersonId,
    at: DateTime<Utc>,
    what: Logged,
) -> Change {
    Change::LogCalibration {
        entry: CalibrationEntry {
            session: session.id.clone(),
            at,
            by: user.to_string(),
            person,
            what,
        },
    }
}

pub fn moved(target: &super::Target, rules: &Rules, args: MoveArgs) -> anyhow::Result<()> {
    let mut w = Writing::open(target)?;
    let today = chrono::Local::now().date_naive();
    let (change, said) = plan_move(&w.org, rules, &w.user, &args, Utc::now(), today)?;
    let what = match &change {
        Change::LogCalibration { entry } => format!("calibrate move {}", entry.session),
        _ => "calibrate move".to_string(),
    };
    w.apply(change, &what)?;
    println!("{said}");
    Ok(())
}

/// The move `args` asks for, made by `user` at `now`, and the sentence that says it is done.
/// It goes from where the person stands ([`standing`]).
///
/// Errors: no such open session or person; `--to`, `--reason`, `--words` or `--evidence` not
/// readable; `other` without words; a person with no placement, or already in that box.
pub(super) fn plan_move(
    org: &Org,
    rules: &Rules,
    user: &str,
    args: &MoveArgs,
    now: DateTime<Utc>,
    today: chrono::NaiveDate,
) -> anyhow::Result<(Change, String)> {
    let session = open_session(org, &args.session, "move")?;
    let what = format!("calibrate move {}", session.id);
    let board = board_of(org, session);
    let person = find_person(org, &board, &args.person, &what)?;
    let name = person_name(org, &person);
    let to = parse_cell(&args.to)
        .ok_or_else(|| anyhow::anyhow!("{what} {name}: --to \"{}\" is neither a box's name (star, core player …) nor performance/potential, each low, medium or high (high/high is the star box)", escaped(&args.to)))?;
    let reason = parse_reason(&args.reason).ok_or_else(|| {
        anyhow::anyhow!(
            "{what} {name}: --reason \"{}\" is not one of results, growth, peers, role_changed, new_evidence, other",
            escaped(&args.reason)
        )
    })?;
    let words = clean_text(
        args.words.as_deref().unwrap_or(""),
        true,
        &format!("{what} {name}: --words"),
    )?;
    if reason == MoveReason::Other && words.is_empty() {
        anyhow::bail!("{what} {name}: --reason other needs --words saying why");
    }
    let evidence = match &args.evidence {
        Some(given) => Some(
            super::evidence::read(org, rules, today, &person, given)
                .map_err(|e| anyhow::anyhow!("{what} {name}: --evidence: {e}"))?,
        ),
        None => None,
    };
    let from =
        standing(org, session, &person).map_err(|e| anyhow::anyhow!("{what}: {name} {e}"))?;
    if from == to {
        anyhow::bail!("{what}: {name} is in {} already", cell_text(to));
    }
    let said = format!(
        "Moved {name} from {} to {} in {}: {}.",
        cell_text(from),
        cell_text(to),
        session.id,
        reason.label()
    );
    let logged = Logged::Move {
        from,
        to,
        reason,
        words,
        evidence,
        created: false,
    };
    Ok((entry(session, user, person, now, logged), said))
}

/// Where `person` stands, to be moved from: where their assessment puts them now (the board
/// follows the assessments, changed in the session or outside it).
///
/// Errors: the end of a sentence that starts with their name: they have no assessment.
fn standing(org: &Org, session: &Calibration, person: &PersonId) -> Result<NineBox, String> {
    placement(org, person, session.quarter).ok_or_else(|| {
        format!(
            "has no assessment in {} or the {QUARTERS_BACK} quarters before, so no box to move from; record one first",
            session.quarter
        )
    })
}

/// Where `person`'s assessment places them for `quarter`: that quarter's, or the latest of the
/// [`QUARTERS_BACK`] before it, as the session does.
fn placement(org: &Org, person: &PersonId, quarter: Quarter) -> Option<NineBox> {
    crate::domain::calibration::placement(org, person, quarter)
}

/// `high/medium`: performance, then potential, each low, medium or high; or the box's name
/// (`star`, `core player`), as the cockpit's form takes it.
pub(super) fn parse_cell(text: &str) -> Option<NineBox> {
    let folded = crate::text::fold(text.trim());
    if let Some(named) = crate::domain::calibration::boxes()
        .into_iter()
        .find(|b| b.name() == folded)
    {
        return Some(named);
    }
    let (performance, potential) = text.trim().split_once('/')?;
    Some(NineBox {
        performance: performance.trim().parse::<Band>().ok()?,
        potential: potential.trim().parse::<Band>().ok()?,
    })
}

/// `results`, `growth`, `peers`, `role_changed` (or `role-changed`), `new_evidence`, `other`;
/// or the one word the cockpit's form takes ([`MoveReason::word`]: `role`, `evidence`).
pub(super) fn parse_reason(text: &str) -> Option<MoveReason> {
    let word = crate::text::fold(text.trim()).replace(['-', ' '], "_");
    if let Some(found) = MoveReason::ALL.into_iter().find(|r| r.word() == word) {
        return Some(found);
    }
    Some(match word.as_str() {
        "results" => MoveReason::Results,
        "growth" => MoveReason::Growth,
        "peers" => MoveReason::Peers,
        "role_changed" => MoveReason::RoleChanged,
        "new_evidence" => MoveReason::NewEvidence,
        "other" => MoveReason::Other,
        _ => return None,
    })
}

pub fn undo(target: &super::Target, given: &str) -> anyhow::Result<()> {
    let mut w = Writing::open(target)?;
    let session = open_session(&w.org, given, "undo")?;
    let what = format!("calibrate undo {}", session.id);
    let board = board_of(&w.org, session);
    let Some(last) = board.last_standing() else {
        anyhow::bail!("{what}: no move stands in the session; there is nothing to undo");
    };
    let name = person_name(&w.org, &last.person);
    let said = format!(
        "Undid the move of {name} from {} to {} in {}; they are back in {}.",
        cell_text(last.from),
        cell_text(last.to),
        session.id,
        last.from.name()
    );
    let of = last.key.clone();
    let change = entry(
        session,
        &w.user,
        last.person.clone(),
        Utc::now(),
        Logged::Undo { of },
    );
    w.apply(change, &what)?;
    println!("{said}");
    Ok(())
}

pub fn discuss(target: &super::Target, given: &str, person: &str) -> anyhow::Result<()> {
    let mut w = Writing::open(target)?;
    let session = open_session(&w.org, given, "discuss")?;
    let what = format!("calibrate discuss {}", session.id);
    let person = find_person(&w.org, &board_of(&w.org, session), person, &what)?;
    let timebox = session
        .timebox_minutes
        .map_or(String::new(), |m| format!(" (timebox: {m} minutes)"));
    let said = format!(
        "Discussing {} in {}{timebox}.",
        person_name(&w.org, &person),
        session.id
    );
    let change = entry(session, &w.user, person, Utc::now(), Logged::Discussed);
    w.apply(change, &what)?;
    println!("{said}");
    Ok(())
}

pub fn decide(target: &super::Target, given: &str, person: &str, text: &str) -> anyhow::Result<()> {
    let mut w = Writing::open(target)?;
    let session = open_session(&w.org, given, "decide")?;
    let what = format!("calibrate decide {}", session.id);
    let person = find_person(&w.org, &board_of(&w.org, session), person, &what)?;
    let name = person_name(&w.org, &person);
    let text = clean_text(text, true, &format!("{what} {name}: the decision"))?;
    if text.is_empty() {
        anyhow::bail!("{what} {name}: the decision is empty; say what was decided");
    }
    let said = format!("Recorded a decision about {name} in {}.", session.id);
    let change = entry(
        session,
        &w.user,
        person,
        Utc::now(),
        Logged::Decision { text },
    );
    w.apply(change, &what)?;
    println!("{said}");
    Ok(())
}

pub fn close(target: &super::Target, given: &str) -> anyhow::Result<()> {
    let mut w = Writing::open(target)?;
    let session = open_session(&w.org, given, "close")?;
    let what = format!("calibrate close {}", session.id);
    let board = board_of(&w.org, session);
    let said = format!(
        "Closed {}: {} standing, {} not discussed.",
        session.id,
        super::super::count(board.standing().count(), "move", "moves"),
        super::super::count(board.not_discussed().count(), "person", "people")
    );
    let change = Change::CloseCalibration {
        session: session.id.clone(),
        at: Utc::now(),
    };
    w.apply(change, &what)?;
    println!("{said}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_performance_then_potential_and_reasons_take_either_spelling() {
        let cell = parse_cell(" High / medium ").unwrap();
        assert_eq!(
            (cell.performance, cell.potential),
            (Band::High, Band::Medium)
        );
        assert_eq!(cell.name(), "high performer");
        for bad in ["high", "high/hihg", "high/high/high", "", "/"] {
            assert_eq!(parse_cell(bad), None, "{bad}");
        }
        assert_eq!(parse_reason("role-changed"), Some(MoveReason::RoleChanged));
        assert_eq!(parse_reason("New Evidence"), Some(MoveReason::NewEvidence));
        assert_eq!(parse_reason("luck"), None);
    }
}
