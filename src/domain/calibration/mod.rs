//! Calibration sessions of a talent review: HR business partners and managers meet, place each
//! person of some teams on the 9-box, move people with a reason, and leave with decisions.
//!
//! A session is one [`Calibration`] record (who takes part, which teams, which quarter) and an
//! append-only log of [`CalibrationEntry`] records, one per event: where each person stood when
//! the session opened, each move, each undo of a move, who was discussed, each decision. Entries
//! are never changed or removed; undoing a move is an entry of its own. [`Board::of`] reads the
//! log into what the session shows: before and after per person, the moves still standing, who
//! has been discussed and who is being discussed now.

use super::Text;
use super::assessment::{Band, Quarter};
use super::ids::{CalibrationId, PersonId};
use super::insight::talent::NineBox;
use super::record::Key;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One calibration session. Its log entries are records of their own ([`CalibrationEntry`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub id: CalibrationId,
    pub name: String,
    /// The quarter whose placements are calibrated; moves set the assessment of this quarter.
    pub quarter: Quarter,
    /// The teams whose people are placed, as the roster names them.
    pub teams: Vec<Text>,
    /// The user who runs the session.
    pub facilitator: String,
    /// Users who take part besides the facilitator: they may move people they see, too.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Minutes each person may be discussed for, when the session keeps time.
    #[serde(default)]
    pub timebox_minutes: Option<u16>,
    pub opened: DateTime<Utc>,
    #[serde(default)]
    pub closed: Option<DateTime<Utc>>,
    /// How many entries the log holds, and when the newest was made: every entry counts here,
    /// so that whoever adds one must be allowed to take part in the session.
    #[serde(default)]
    pub logged: u32,
    #[serde(default)]
    pub last_entry: Option<DateTime<Utc>>,
}

impl Calibration {
    /// Whether `user` runs or takes part in the session.
    pub fn takes_part(&self, user: &str) -> bool {
        self.facilitator == user || self.participants.iter().any(|p| p == user)
    }

    /// The key of the entry made at `at` about `person` in this session. Keys sort by time, so
    /// the log reads in order; the person makes two entries of one instant distinct.
    pub fn entry_key(&self, at: DateTime<Utc>, person: &PersonId) -> Key {
        entry_key(&self.id, at, person)
    }

    /// The key of the entry that says where `person` stood when the session opened.
    pub fn before_key(&self, person: &PersonId) -> Key {
        entry_key(&self.id, self.opened, person)
    }
}

fn entry_key(session: &CalibrationId, at: DateTime<Utc>, person: &PersonId) -> Key {
    compact_str::format_compact!("{session}/{:016}/{person}", at.timestamp_micros().max(0))
}

/// One event of a session's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationEntry {
    pub session: CalibrationId,
    pub at: DateTime<Utc>,
    /// The user who made it.
    pub by: String,
    /// Whom it is about: every entry is about one person, so that it is seen by those who see
    /// them, and by nobody who does not.
    pub person: PersonId,
    pub what: Logged,
}

impl CalibrationEntry {
    pub fn key(&self) -> Key {
        entry_key(&self.session, self.at, &self.person)
    }
}

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "logged")]
pub enum Logged {
    /// Where the person stood when the session opened: their assessment of the session's
    /// quarter, or the latest before it (`from` says which), or nowhere.
    Before {
        placement: Option<NineBox>,
        from: Option<Quarter>,
    },
    /// The person moved to another box. `created`: the session's quarter had no assessment of
    /// them, so the move made one from their latest (undoing it removes it again).
    Move {
        from: NineBox,
        to: NineBox,
        reason: MoveReason,
        #[serde(default)]
        words: String,
        #[serde(default)]
        evidence: Option<Evidence>,
        #[serde(default)]
        created: bool,
    },
    /// The move logged under `of` (an entry key) is undone: the person is back where it found
    /// them.
    Undo { of: Key },
    /// The person is being discussed from now on; their timebox starts.
    Discussed,
    /// A decision about the person ("ready for promotion next quarter").
    Decision { text: String },
}

/// Why someone was moved: the short list a facilitator asks for, and "other" with words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveReason {
    /// Results against their goals put them elsewhere.
    Results,
    /// Growth shown this period (new skills, larger scope taken on).
    Growth,
    /// Compared with peers placed in the same box.
    Peers,
    /// Their role or scope changed.
    RoleChanged,
    /// Evidence the manager had not weighed.
    NewEvidence,
    Other,
}

impl MoveReason {
    pub const ALL: [MoveReason; 6] = [
        MoveReason::Results,
        MoveReason::Growth,
        MoveReason::Peers,
        MoveReason::RoleChanged,
        MoveReason::NewEvidence,
        MoveReason::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MoveReason::Results => "results against goals",
            MoveReason::Growth => "growth shown this period",
            MoveReason::Peers => "compared with peers",
            MoveReason::RoleChanged => "role or scope changed",
            MoveReason::NewEvidence => "evidence not weighed before",
            MoveReason::Other => "other",
        }
    }

    /// One word for it, as the command line and the form take it: `results`, `peers`.
    pub fn word(self) -> &'static str {
        match self {
            MoveReason::Results => "results",
            MoveReason::Growth => "growth",
            MoveReason::Peers => "peers",
            MoveReason::RoleChanged => "role",
            MoveReason::NewEvidence => "evidence",
            MoveReason::Other => "other",
        }
    }
}

/// What a move cites: a flag, a check-in (a GROW note or an improvement-plan check-in), or a
/// KPI attainment, with a label that says what it was when cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// The id of what is cited: a flag's id, a note's, or a quarter for a KPI.
    pub reference: String,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Flag,
    CheckIn,
    Kpi,
}

impl EvidenceKind {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Flag => "flag",
            EvidenceKind::CheckIn => "check-in",
            EvidenceKind::Kpi => "KPI",
        }
    }
}

/// The nine boxes, from the star box across and down: the order a summary lists them in.
pub fn boxes() -> [NineBox; 9] {
    use Band::*;
    let mut all = [NineBox {
        performance: High,
        potential: High,
    }; 9];
    let mut i = 0;
    for potential in [High, Medium, Low] {
        for performance in [High, Medium, Low] {
            all[i] = NineBox {
                performance,
                potential,
            };
            i += 1;
        }
    }
    all
}

/// A move still standing or undone, as the decision log shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub key: Key,
    pub person: PersonId,
    pub at: DateTime<Utc>,
    pub by: String,
    pub from: NineBox,
    pub to: NineBox,
    pub reason: MoveReason,
    pub words: String,
    pub evidence: Option<Evidence>,
    /// When it was undone, and by whom.
    pub undone: Option<(DateTime<Utc>, String)>,
}

/// A session's log read into what it shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    /// Everyone placed in the session, with where they stood when it opened (`None`: nowhere).
    pub before: BTreeMap<PersonId, Option<NineBox>>,
    /// Where each person stands now.
    pub after: BTreeMap<PersonId, Option<NineBox>>,
    /// Every move, oldest first, undone ones too.
    pub moves: Vec<Move>,
    /// Decisions, oldest first: (when, by, about whom, what).
    pub decisions: Vec<(DateTime<Utc>, String, PersonId, String)>,
    pub discussed: BTreeSet<PersonId>,
    /// Who is being discussed, since when.
    pub now: Option<(PersonId, DateTime<Utc>)>,
}

impl Board {
    /// Reads `entries` (the session's, in key order: oldest first).
    pub fn of<'a>(entries: impl IntoIterator<Item = &'a CalibrationEntry>) -> Board {
        let mut board = Board::default();
        for entry in entries {
            board.read(entry);
        }
        board
    }

    fn read(&mut self, entry: &CalibrationEntry) {
        let person = entry.person.clone();
        match &entry.what {
            Logged::Before { placement, .. } => {
                self.before.insert(person.clone(), *placement);
                self.after.insert(person, *placement);
            }
            Logged::Move {
                from,
                to,
                reason,
                words,
                evidence,
                ..
            } => {
                // Someone moved was talked about, whether or not their time was kept.
                self.discussed.insert(person.clone());
                self.after.insert(person.clone(), Some(*to));
                self.moves.push(Move {
                    key: entry.key(),
                    person,
                    at: entry.at,
                    by: entry.by.clone(),
                    from: *from,
                    to: *to,
                    reason: *reason,
                    words: words.clone(),
                    evidence: evidence.clone(),
                    undone: None,
                });
            }
            Logged::Undo { of } => {
                if let Some(m) = self.moves.iter_mut().find(|m| m.key == *of) {
                    m.undone = Some((entry.at, entry.by.clone()));
                    self.after.insert(person, Some(m.from));
                }
            }
            Logged::Discussed => {
                self.discussed.insert(person.clone());
                self.now = Some((person, entry.at));
            }
            Logged::Decision { text } => {
                self.discussed.insert(person.clone());
                self.decisions
                    .push((entry.at, entry.by.clone(), person, text.clone()));
            }
        }
    }

    /// The moves not undone, oldest first.
    pub fn standing(&self) -> impl Iterator<Item = &Move> {
        self.moves.iter().filter(|m| m.undone.is_none())
    }

    /// The board of `session` in `org`: its log, with where each person stands now read from
    /// their assessments ([`placement`]), so that an assessment recorded or changed outside
    /// the session (a person placed after it opened, another session's move) shows as it is.
    pub fn current(org: &super::Org, session: &Calibration) -> Board {
        let mut board = Board::of(log_of(org, &session.id));
        for (person, now) in board.after.iter_mut() {
            *now = placement(org, person, session.quarter);
        }
        board
    }

    /// The newest move not undone: what undo in the session takes back.
    pub fn last_standing(&self) -> Option<&Move> {
        self.moves.iter().rev().find(|m| m.undone.is_none())
    }

    /// How many people stand in `cell`, before the session and now.
    pub fn count(&self, cell: NineBox) -> (usize, usize) {
        let count = |map: &BTreeMap<PersonId, Option<NineBox>>| {
            map.values().filter(|p| **p == Some(cell)).count()
        };
        (count(&self.before), count(&self.after))
    }

    /// People placed now (in a box), the base of the distribution's percentages.
    pub fn placed(&self) -> usize {
        self.after.values().filter(|p| p.is_some()).count()
    }

    /// People of the session not discussed yet.
    pub fn not_discussed(&self) -> impl Iterator<Item = &PersonId> {
        self.before.keys().filter(|p| !self.discussed.contains(*p))
    }
}

/// One line of distribution guidance from the rules file: at most or at least a share of the
/// placed people in some boxes. Guidance is shown, never enforced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// What the boxes are called: "top box", "bottom row".
    pub name: String,
    /// The boxes as `performance/potential`, each `low`, `medium` or `high`: `high/high` is
    /// the star box.
    pub boxes: Vec<String>,
    #[serde(default)]
    pub at_most_percent: Option<f64>,
    #[serde(default)]
    pub at_least_percent: Option<f64>,
}

/// How a guide stands against a board's placements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuideCheck {
    pub name: String,
    pub boxes: Vec<NineBox>,
    /// People in the guide's boxes now.
    pub count: usize,
    /// Of how many placed.
    pub placed: usize,
    /// People over the most the guide allows (positive), or short of the least it asks for
    /// (negative); 0 within it.
    pub off_by: i64,
    /// "at most 15 %" or "at least 5 %".
    pub wants: String,
}

impl Guide {
    /// The boxes named, read.
    ///
    /// Errors: a box not written `performance/potential` with `low`, `medium` or `high`.
    pub fn cells(&self) -> Result<Vec<NineBox>, String> {
        self.boxes
            .iter()
            .map(|b| {
                let band = |s: &str| match s.trim() {
                    "low" => Some(Band::Low),
                    "medium" => Some(Band::Medium),
                    "high" => Some(Band::High),
                    _ => None,
                };
                let mut parts = b.split('/');
                match (parts.next().and_then(band), parts.next().and_then(band)) {
                    (Some(performance), Some(potential)) if parts.next().is_none() => Ok(NineBox {
                        performance,
                        potential,
                    }),
                    _ => Err(format!(
                        "guide \"{}\": box \"{b}\" is not performance/potential, each low, medium or high (\"high/high\" is the star box)",
                        self.name
                    )),
                }
            })
            .collect()
    }

    /// How `board` stands against this guide. With `n` placed, at most `p` % allows
    /// `floor(n × p / 100)` people and at least `p` % asks for `ceil(n × p / 100)`.
    pub fn check(&self, board: &Board) -> Result<GuideCheck, String> {
        let cells = self.cells()?;
        let placed = board.placed();
        let count = board
            .after
            .values()
            .filter(|p| p.is_some_and(|c| cells.contains(&c)))
            .count();
        let share = |percent: f64| placed as f64 * percent / 100.0;
        let mut off_by = 0;
        let mut wants = Vec::new();
        if let Some(most) = self.at_most_percent {
            let allowed = share(most).floor() as i64;
            off_by = (count as i64 - allowed).max(0);
            wants.push(format!("at most {most} %"));
        }
        if let Some(least) = self.at_least_percent {
            let asked = share(least).ceil() as i64;
            if (count as i64) < asked {
                off_by = count as i64 - asked;
            }
            wants.push(format!("at least {least} %"));
        }
        Ok(GuideCheck {
            name: self.name.clone(),
            boxes: cells,
            count,
            placed,
            off_by,
            wants: wants.join(", "),
        })
    }
}

/// What a session leaves behind, for its summary screen and its exports: before and after per
/// box, every move with its reason, the decisions, who was not discussed, and the guidance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub session: Calibration,
    /// Per box, from the star box across and down ([`boxes`]): (box, its name, before, after).
    pub boxes: Vec<SummaryBox>,
    /// People in no box, before and after.
    pub unplaced: (usize, usize),
    /// Moves still standing, oldest first, with the person's name.
    pub moves: Vec<(String, Move)>,
    /// Moves undone in the session.
    pub undone: Vec<(String, Move)>,
    pub decisions: Vec<SummaryDecision>,
    /// People not discussed, by name: (id, name).
    pub not_discussed: Vec<(PersonId, String)>,
    pub guidance: Vec<GuideCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryBox {
    pub cell: NineBox,
    pub name: &'static str,
    pub before: usize,
    pub after: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryDecision {
    pub at: DateTime<Utc>,
    pub by: String,
    pub person: PersonId,
    pub name: String,
    pub text: String,
}

impl Summary {
    /// The summary of `session` from its `board`; `name` gives a person's name from their id,
    /// and `guides` the distribution guidance of the rules file.
    pub fn of(
        session: &Calibration,
        board: &Board,
        guides: &[Guide],
        name: impl Fn(&PersonId) -> String,
    ) -> Summary {
        let unplaced = |map: &BTreeMap<PersonId, Option<NineBox>>| {
            map.values().filter(|p| p.is_none()).count()
        };
        let mut not_discussed: Vec<(PersonId, String)> = board
            .not_discussed()
            .map(|p| (p.clone(), name(p)))
            .collect();
        // Names in the order the roster sorts them: Chinese ones by their pinyin.
        not_discussed.sort_by_cached_key(|(_, n)| crate::text::names::sort_key_of(n));
        Summary {
            session: session.clone(),
            boxes: boxes()
                .into_iter()
                .map(|cell| {
                    let (before, after) = board.count(cell);
                    SummaryBox {
                        cell,
                        name: cell.name(),
                        before,
                        after,
                    }
                })
                .collect(),
            unplaced: (unplaced(&board.before), unplaced(&board.after)),
            moves: board
                .standing()
                .map(|m| (name(&m.person), m.clone()))
                .collect(),
            undone: board
                .moves
                .iter()
                .filter(|m| m.undone.is_some())
                .map(|m| (name(&m.person), m.clone()))
                .collect(),
            decisions: board
                .decisions
                .iter()
                .map(|(at, by, person, text)| SummaryDecision {
                    at: *at,
                    by: by.clone(),
                    person: person.clone(),
                    name: name(person),
                    text: text.clone(),
                })
                .collect(),
            not_discussed,
            guidance: guides.iter().filter_map(|g| g.check(board).ok()).collect(),
        }
    }
}

/// An id from a session's name and quarter, `CAL-ENGINEERING-REVIEW-2026Q4`, numbered (`-2`,
/// `-3` …) while `taken` says it is. Letters and digits of any script are kept, upper-cased;
/// every other run of characters is one `-`; at most 32 of them.
pub fn session_id(name: &str, quarter: Quarter, taken: impl Fn(&str) -> bool) -> CalibrationId {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_uppercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.chars().take(32).collect();
    let slug = slug.trim_matches('-');
    let q = quarter.to_string();
    let base = match slug {
        "" => format!("CAL-{q}"),
        s if s.ends_with(&q) => format!("CAL-{s}"),
        s => format!("CAL-{s}-{q}"),
    };
    let mut id = base.clone();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    CalibrationId::from(id)
}

/// Where `person` stands for `quarter`: their assessment of that quarter, or the latest of the
/// [`super::change::QUARTERS_BACK`] quarters before it; `None` when there is none.
pub fn placement(org: &super::Org, person: &PersonId, quarter: Quarter) -> Option<NineBox> {
    (0..=super::change::QUARTERS_BACK).find_map(|back| {
        org.assessments
            .get(format!("{person}/{}", quarter.back(back)).as_str())
            .map(NineBox::of)
    })
}

/// The session's entries in `org`, oldest first.
pub fn log_of<'o>(
    org: &'o super::Org,
    session: &CalibrationId,
) -> impl Iterator<Item = &'o CalibrationEntry> {
    let prefix = format!("{session}/");
    org.calibration_log
        .range::<str, _>((
            std::ops::Bound::Included(prefix.as_str()),
            std::ops::Bound::Unbounded,
        ))
        .take_while(move |(k, _)| k.starts_with(&prefix))
        .map(|(_, e)| e)
}

#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
