//! What a calibration session leaves behind, written out: its summary as Markdown
//! ([`markdown`]), CSV ([`csv`], one row per move), JSON ([`json`]) and a one-page HTML grid for
//! printing ([`html`]); and the list of sessions `crewdeck calibrate list` prints
//! ([`sessions_report`]).
//!
//! Every format is built from one [`Report`]: the domain's [`Summary`] and, per person, where
//! they stood before and after. Every string from the data passes through [`crate::text`] (and
//! the format's own escaping) before it is written.

mod html;
mod markdown;
#[cfg(test)]
mod tests;

pub use html::html;
pub use markdown::markdown;

use super::formats::{self, json as json_text};
use super::{Format, Table};
use crate::domain::Org;
use crate::domain::assessment::Band;
use crate::domain::calibration::{Board, Calibration, Evidence, Guide, GuideCheck, Move, Summary};
use crate::domain::ids::PersonId;
use crate::domain::insight::talent::NineBox;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// A session's summary and its people, as every export of it shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub summary: Summary,
    /// Everyone in the session, by name: where they stood when it opened and stand now.
    pub people: Vec<Placement>,
}

/// One person of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub person: PersonId,
    pub name: String,
    pub before: Option<NineBox>,
    pub after: Option<NineBox>,
    pub discussed: bool,
}

impl Report {
    /// The report of `session` from its log in `org` (what the user sees of it), with the
    /// distribution guidance of `guides`. A person the user does not see is named by id.
    pub fn of(org: &Org, session: &Calibration, guides: &[Guide]) -> Report {
        let board = Board::current(org, session);
        let name = |id: &PersonId| {
            org.people
                .get(id.as_str())
                .map_or_else(|| id.to_string(), |p| p.name.to_string())
        };
        let mut people: Vec<Placement> = board
            .before
            .iter()
            .map(|(id, before)| Placement {
                person: id.clone(),
                name: name(id),
                before: *before,
                after: board.after.get(id).copied().flatten(),
                discussed: board.discussed.contains(id),
            })
            .collect();
        // By name as the roster sorts names: Chinese ones by their pinyin.
        people.sort_by_cached_key(|p| (crate::text::names::sort_key_of(&p.name), p.person.clone()));
        Report {
            summary: Summary::of(session, &board, guides, name),
            people,
        }
    }

    /// How many people the session places (in a box or not).
    pub fn headcount(&self) -> usize {
        self.people.len()
    }
}

/// "2026-11-30 09:05 UTC".
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "2026-11-30T09:05:00Z": a time for a spreadsheet, to the second.
fn seconds(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// "medium/high": a box as `--to` and the rules file write it, performance first.
pub fn cell_words(cell: NineBox) -> String {
    format!("{}/{}", cell.performance.label(), cell.potential.label())
}

/// "star (high/high)".
pub fn cell_text(cell: NineBox) -> String {
    format!("{} ({})", cell.name(), cell_words(cell))
}

/// "flag F002: watch: five of seven joined through referrals", or "" without evidence.
pub fn evidence_text(evidence: Option<&Evidence>) -> String {
    evidence.map_or_else(String::new, |e| {
        format!("{} {}: {}", e.kind.label(), e.reference, e.label)
    })
}

/// "2 of 18 placed, at most 15 %: 1 over", "… : within", "… : 1 under".
pub fn guide_text(g: &GuideCheck) -> String {
    let verdict = match g.off_by {
        0 => "within".to_string(),
        n if n > 0 => format!("{n} over"),
        n => format!("{} under", -n),
    };
    format!("{} of {} placed, {}: {verdict}", g.count, g.placed, g.wants)
}

/// The grid's rows as talent reviews draw it: potential high to low, each row's boxes with
/// performance low to high.
pub fn grid() -> [[NineBox; 3]; 3] {
    let row = |potential| {
        [Band::Low, Band::Medium, Band::High].map(|performance| NineBox {
            performance,
            potential,
        })
    };
    [row(Band::High), row(Band::Medium), row(Band::Low)]
}

/// How many stood in `cell` before the session and stand there now.
pub fn counts(summary: &Summary, cell: NineBox) -> (usize, usize) {
    summary
        .boxes
        .iter()
        .find(|b| b.cell == cell)
        .map_or((0, 0), |b| (b.before, b.after))
}

/// The column names of [`csv`], in order. One row per move, standing or undone (`state`).
pub const CSV_COLUMNS: [&str; 17] = [
    "session",
    "state",
    "at",
    "by",
    "person",
    "name",
    "from",
    "from_box",
    "to",
    "to_box",
    "reason",
    "words",
    "evidence_kind",
    "evidence_reference",
    "evidence_label",
    "undone_at",
    "undone_by",
];

/// The moves of the session as CSV: one row per move, oldest first, standing ones and then
/// undone ones ([`CSV_COLUMNS`]). Cells that a spreadsheet could take for a formula are
/// neutralised as in every other export.
pub fn csv(report: &Report) -> String {
    let s = &report.summary;
    let rows = s
        .moves
        .iter()
        .map(|m| ("standing", m))
        .chain(s.undone.iter().map(|m| ("undone", m)))
        .map(|(state, (name, m))| move_row(&s.session, state, name, m))
        .collect();
    formats::csv(&Table {
        headers: CSV_COLUMNS.to_vec(),
        rows,
    })
}

fn move_row(session: &Calibration, state: &str, name: &str, m: &Move) -> Vec<String> {
    let evidence = m.evidence.as_ref();
    vec![
        session.id.to_string(),
        state.to_string(),
        seconds(m.at),
        m.by.clone(),
        m.person.to_string(),
        name.to_string(),
        cell_words(m.from),
        m.from.name().to_string(),
        cell_words(m.to),
        m.to.name().to_string(),
        m.reason.label().to_string(),
        m.words.clone(),
        evidence.map_or("", |e| e.kind.label()).to_string(),
        evidence.map_or_else(String::new, |e| e.reference.clone()),
        evidence.map_or_else(String::new, |e| e.label.clone()),
        m.undone
            .as_ref()
            .map_or_else(String::new, |(at, _)| seconds(*at)),
        m.undone
            .as_ref()
            .map_or_else(String::new, |(_, by)| by.clone()),
    ]
}

fn cell_json(cell: Option<NineBox>) -> Value {
    cell.map_or(Value::Null, |c| {
        json!({"performance": c.performance.label(), "potential": c.potential.label(), "name": c.name()})
    })
}

fn move_json(name: &str, m: &Move) -> Value {
    json!({
        "person": m.person.as_str(),
        "name": name,
        "at": m.at.to_rfc3339(),
        "by": m.by,
        "from": cell_json(Some(m.from)),
        "to": cell_json(Some(m.to)),
        "reason": m.reason,
        "reason_label": m.reason.label(),
        "words": m.words,
        "evidence": m.evidence,
        "undone": m.undone.as_ref().map(|(at, by)| json!({"at": at.to_rfc3339(), "by": by})),
    })
}

/// The whole summary as JSON: the session, the boxes before and after, every person's
/// placement, the moves standing and undone, decisions, who was not discussed, and guidance.
pub fn json(report: &Report) -> String {
    let s = &report.summary;
    let c = &s.session;
    let value = json!({
        "session": {
            "id": c.id.as_str(),
            "name": c.name,
            "quarter": c.quarter.to_string(),
            "teams": c.teams,
            "facilitator": c.facilitator,
            "participants": c.participants,
            "timebox_minutes": c.timebox_minutes,
            "opened": c.opened.to_rfc3339(),
            "closed": c.closed.map(|t| t.to_rfc3339()),
        },
        "people": report.headcount(),
        "boxes": s.boxes.iter().map(|b| json!({
            "performance": b.cell.performance.label(),
            "potential": b.cell.potential.label(),
            "name": b.name,
            "before": b.before,
            "after": b.after,
        })).collect::<Vec<_>>(),
        "unplaced": {"before": s.unplaced.0, "after": s.unplaced.1},
        "moves": s.moves.iter().map(|(n, m)| move_json(n, m)).collect::<Vec<_>>(),
        "undone": s.undone.iter().map(|(n, m)| move_json(n, m)).collect::<Vec<_>>(),
        "decisions": s.decisions.iter().map(|d| json!({
            "at": d.at.to_rfc3339(), "by": d.by, "person": d.person.as_str(), "name": d.name, "text": d.text,
        })).collect::<Vec<_>>(),
        "not_discussed": s.not_discussed.iter().map(|(id, name)| json!({"person": id.as_str(), "name": name})).collect::<Vec<_>>(),
        "guidance": s.guidance.iter().map(|g| json!({
            "name": g.name,
            "boxes": g.boxes.iter().map(|c| cell_words(*c)).collect::<Vec<_>>(),
            "count": g.count, "placed": g.placed, "off_by": g.off_by, "wants": g.wants,
        })).collect::<Vec<_>>(),
        "placements": report.people.iter().map(|p| json!({
            "person": p.person.as_str(), "name": p.name,
            "before": cell_json(p.before), "after": cell_json(p.after), "discussed": p.discussed,
        })).collect::<Vec<_>>(),
    });
    json_text(&value)
}

/// The sessions the user sees, newest first: id, name, quarter, teams, facilitator, open or
/// closed, how many people and how many moves still stand.
pub fn sessions_report(org: &Org, format: Format) -> String {
    let mut sessions: Vec<&Calibration> = org.calibrations.values().collect();
    sessions.sort_by(|a, b| b.opened.cmp(&a.opened).then_with(|| a.id.cmp(&b.id)));
    let rows: Vec<(Vec<String>, Value)> = sessions
        .into_iter()
        .map(|c| {
            let board = Board::current(org, c);
            let state = c
                .closed
                .map_or("open".to_string(), |t| format!("closed {}", when(t)));
            let (people, moves) = (board.before.len(), board.standing().count());
            let row = vec![
                c.id.to_string(),
                c.name.clone(),
                c.quarter.to_string(),
                c.teams.join(", "),
                c.facilitator.clone(),
                state.clone(),
                people.to_string(),
                moves.to_string(),
            ];
            let value = json!({
                "id": c.id.as_str(), "name": c.name, "quarter": c.quarter.to_string(),
                "teams": c.teams, "facilitator": c.facilitator, "participants": c.participants,
                "opened": c.opened.to_rfc3339(), "closed": c.closed.map(|t| t.to_rfc3339()),
                "people": people, "moves_standing": moves,
            });
            (row, value)
        })
        .collect();
    let table = Table {
        headers: vec![
            "id",
            "name",
            "quarter",
            "teams",
            "facilitator",
            "state",
            "people",
            "moves",
        ],
        rows: rows.iter().map(|(r, _)| r.clone()).collect(),
    };
    match format {
        Format::Table if table.rows.is_empty() => {
            "No calibration sessions. Open one: crewdeck calibrate open --name NAME --teams A,B\n"
                .to_string()
        }
        Format::Table => formats::terminal(&table),
        Format::Csv => formats::csv(&table),
        Format::Md => formats::markdown("Calibration sessions", &table),
        Format::Json => json_text(&Value::Array(rows.into_iter().map(|(_, v)| v).collect())),
    }
}
