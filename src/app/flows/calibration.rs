//! Calibration sessions: opening one over some teams, moving a person to another box with a
//! reason and the evidence cited, and a decision about a person.

use super::{Problems, title_for};
use crate::app::App;
use crate::app::form::field::{Choice, Field, Kind, Value};
use crate::domain::Change;
use crate::domain::assessment::Quarter;
use crate::domain::calibration::{
    Board, Calibration, CalibrationEntry, Evidence, EvidenceKind, Logged, MoveReason, boxes,
};
use crate::domain::ids::PersonId;
use crate::domain::insight::talent::NineBox;
use crate::domain::person::Status;
use crate::text::fold;

/// The teams of the people the user sees, as the roster writes them, by name.
fn known_teams(app: &App) -> Vec<String> {
    let mut teams: Vec<String> = app
        .org
        .people
        .values()
        .filter(|p| !p.team.trim().is_empty())
        .map(|p| p.team.to_string())
        .collect();
    teams.sort_by_key(|t| fold(t));
    teams.dedup_by_key(|t| fold(t));
    teams
}

/// The user's own person, never placed in a session they run: nobody calibrates themselves.
fn me(app: &App) -> Option<String> {
    let user = app.org.users.get(app.actor.as_str())?;
    user.person.as_ref().map(|p| p.to_string())
}

pub(super) fn new_session_fields(app: &App) -> Result<(String, Vec<Field>), String> {
    let quarter = Quarter::of(app.today);
    let teams = known_teams(app);
    if teams.is_empty() {
        return Err("Nobody on the roster has a team: import a roster first".into());
    }
    let hint = format!("comma-separated; known: {}", teams.join(", "));
    Ok((
        "New calibration session".to_string(),
        vec![
            // One line each: a name, lists apart by commas (and the name offered is replaced
            // by typing, as a one-line field's is).
            Field::new("Name", Kind::Line, "what the meeting is called")
                .required()
                .with("Talent review"),
            Field::new("Teams", Kind::Line, hint).required(),
            Field::new(
                "Quarter",
                Kind::Quarter,
                "the placements calibrated, e.g. 2026Q4",
            )
            .required()
            .with(quarter.to_string()),
            Field::new(
                "Participants",
                Kind::Line,
                "crewdeck users taking part besides you, comma-separated",
            ),
            Field::new(
                "Minutes a person",
                Kind::Number {
                    min: 1.0,
                    max: 60.0,
                    whole: true,
                },
                "the timebox for each person; empty keeps no time",
            )
            .with("5"),
        ],
    ))
}

fn words(text: &str) -> Vec<String> {
    text.split([',', '，', '、'])
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

pub(super) fn new_session_change(app: &App, values: &[Value]) -> Result<Change, Problems> {
    let known = known_teams(app);
    let mut teams = Vec::new();
    for team in words(values[1].text()) {
        match known.iter().find(|k| fold(k) == fold(&team)) {
            Some(k) => teams.push(k.as_str().into()),
            None => {
                return Err(vec![(
                    1,
                    format!("no team \"{team}\"; known: {}", known.join(", ")),
                )]);
            }
        }
    }
    let participants = words(values[3].text());
    // Only an admin sees every user record: for anyone else the server checks the names.
    let sees_users = app
        .org
        .users
        .get(app.actor.as_str())
        .is_some_and(|u| u.role == crate::domain::user::Role::Admin);
    if sees_users {
        if let Some(unknown) = participants
            .iter()
            .find(|p| !app.org.users.contains_key(p.as_str()) && **p != app.actor)
        {
            return Err(vec![(3, format!("no crewdeck user \"{unknown}\""))]);
        }
    }
    let folded: Vec<String> = teams
        .iter()
        .map(|t: &crate::domain::Text| fold(t))
        .collect();
    let me = me(app);
    let people: Vec<PersonId> = app
        .org
        .people
        .values()
        .filter(|p| folded.contains(&fold(&p.team)))
        .filter(|p| !matches!(p.status, Status::Left { .. }))
        .filter(|p| me.as_deref() != Some(p.id.as_str()))
        .map(|p| p.id.clone())
        .collect();
    if people.is_empty() {
        return Err(vec![(1, "nobody you may see is in these teams".into())]);
    }
    let quarter = values[2].quarter().unwrap_or(Quarter::of(app.today));
    // Made as the command line makes it, so that `crewdeck calibrate` and exports name it
    // alike; for a user who sees only part of the records it also carries their name, as
    // every id they make does (an id out of their sight could be taken).
    let made = crate::domain::calibration::session_id(values[0].text(), quarter, |id| {
        app.org.calibrations.contains_key(id)
    });
    let id = super::own(app, made.to_string());
    Ok(Change::OpenCalibration {
        session: Calibration {
            id: id.as_str().into(),
            name: values[0].text().trim().to_string(),
            quarter,
            teams,
            facilitator: app.actor.clone(),
            participants,
            timebox_minutes: values[4].number().map(|n| n as u16),
            opened: chrono::Utc::now(),
            closed: None,
            logged: 0,
            last_entry: None,
        },
        people,
    })
}

fn box_label(cell: NineBox) -> String {
    format!(
        "{} ({} performance, {} potential)",
        cell.name(),
        cell.performance.label(),
        cell.potential.label()
    )
}

fn box_choices() -> Vec<Choice> {
    boxes()
        .into_iter()
        .map(|cell| {
            let short = format!("{}/{}", cell.performance.label(), cell.potential.label());
            Choice::new(box_label(cell), &[short.as_str()])
        })
        .collect()
}

/// Where the session's board puts `person` now.
fn placed_now(app: &App, session: &str, person: &str) -> Result<NineBox, String> {
    let found = app
        .org
        .calibrations
        .get(session)
        .ok_or("That calibration session is gone")?;
    let board = Board::current(&app.org, found);
    match board.after.get(&PersonId::from(person)) {
        Some(Some(cell)) => Ok(*cell),
        Some(None) => {
            let assess = app.key_for(
                crate::app::keymap::Mode::Browse,
                crate::app::action::Action::RecordAssessment,
            );
            let shown = app.key_for(
                crate::app::keymap::Mode::Browse,
                crate::app::action::Action::PresenterMode,
            );
            Err(match app.presenting {
                true => format!(
                    "{} has no assessment to place them by: {shown} shows what presenter mode hides, then {assess} records one",
                    app.name(person)
                ),
                false => format!(
                    "{} has no assessment to place them by: {assess} records one",
                    app.name(person)
                ),
            })
        }
        None => Err(format!("{} is not in this session", app.name(person))),
    }
}

/// What a move may cite about `person`: their flags, their latest GROW notes and improvement
/// plan check-ins, their KPI attainment by quarter.
fn evidence_for(app: &App, person: &str) -> Vec<Evidence> {
    let mut all = vec![];
    use crate::domain::insight::FlagKind::{
        LeavingStage, Manual, PayBelowMarket, PipCheckInOverdue, PipEndingUnmet,
        PointsPastThreshold, RiskySuccessor,
    };
    // On a shared screen a flag's kind must not say what presenter mode hides.
    let hides = |kind| {
        app.presenting
            && matches!(
                kind,
                LeavingStage
                    | PayBelowMarket
                    | PipCheckInOverdue
                    | PipEndingUnmet
                    | RiskySuccessor
                    | PointsPastThreshold
                    | Manual
            )
    };
    for flag in app.derived.person_flags(person).filter(|f| !hides(f.kind)) {
        all.push(Evidence {
            kind: EvidenceKind::Flag,
            reference: flag.id.to_string(),
            label: format!("flag: {}", flag.kind.label()),
        });
    }
    let mut notes: Vec<_> = app.derived.notes(&app.org, person);
    notes.sort_by_key(|n| std::cmp::Reverse(n.date));
    for note in notes.into_iter().take(3) {
        all.push(Evidence {
            kind: EvidenceKind::CheckIn,
            reference: note.id.to_string(),
            label: format!("1:1 on {}", note.date),
        });
    }
    let mut assessments: Vec<_> = app
        .org
        .assessments
        .values()
        .filter(|a| a.person.as_str() == person && a.kpi_attainment.is_some())
        .collect();
    assessments.sort_by_key(|a| std::cmp::Reverse(a.quarter));
    for a in assessments.into_iter().take(2) {
        all.push(Evidence {
            kind: EvidenceKind::Kpi,
            reference: a.quarter.to_string(),
            label: format!("KPI {} % in {}", a.kpi_attainment.unwrap_or(0), a.quarter),
        });
    }
    all
}

pub(super) fn move_fields(
    app: &App,
    session: &str,
    person: &str,
) -> Result<(String, Vec<Field>), String> {
    let now = placed_now(app, session, person)?;
    let mut cited = vec![Choice::new("none", &[])];
    cited.extend(
        evidence_for(app, person)
            .into_iter()
            .map(|e| Choice::new(e.label, &[])),
    );
    // Each reason is found by its label's start or by its word: `peers`, `role`, `evidence`.
    let reasons: Vec<Choice> = MoveReason::ALL
        .iter()
        .map(|r| Choice::new(r.label(), &[r.word()]))
        .collect();
    Ok((
        format!("{} · now {}", title_for(app, "Move", person), now.name()),
        vec![
            Field::new(
                "To",
                Kind::Choice(box_choices()),
                "the box: type its name or performance/potential (high/high); ↑↓ steps",
            )
            .required()
            .with(box_label(now)),
            Field::new("Reason", Kind::Choice(reasons), "why; ↑↓ steps").required(),
            Field::new(
                "In words",
                Kind::Text,
                "what was said; needed for \"other\"",
            ),
            Field::new(
                "Evidence",
                Kind::Choice(cited),
                "a flag, a check-in or a KPI to cite; ↑↓ steps",
            )
            .with("none"),
        ],
    ))
}

pub(super) fn move_change(
    app: &App,
    (session, person, opened_from): (&str, &str, &str),
    values: &[Value],
) -> Result<Change, Problems> {
    // From where they stood when the form opened: if someone moved them meanwhile, the store
    // refuses and says where they stand now, and the form keeps what was typed.
    let from = match boxes()
        .into_iter()
        .find(|b| format!("{}/{}", b.performance.label(), b.potential.label()) == opened_from)
    {
        Some(from) => from,
        None => placed_now(app, session, person).map_err(|e| vec![(usize::MAX, e)])?,
    };
    let to = boxes()[values[0].choice().unwrap_or(0)];
    if to == from {
        return Err(vec![(0, format!("they are in {} already", from.name()))]);
    }
    let reason = MoveReason::ALL[values[1].choice().unwrap_or(0)];
    let words = values[2].text().trim().to_string();
    if reason == MoveReason::Other && words.is_empty() {
        return Err(vec![(2, "say why, for \"other\"".into())]);
    }
    let evidence = match values[3].choice() {
        Some(n) if n > 0 => evidence_for(app, person).into_iter().nth(n - 1),
        _ => None,
    };
    logged(
        app,
        (session, person),
        Logged::Move {
            from,
            to,
            reason,
            words,
            evidence,
            created: false,
        },
    )
}

pub(super) fn decision_fields(
    app: &App,
    session: &str,
    person: &str,
) -> Result<(String, Vec<Field>), String> {
    // A decision needs the person in the session, placed or not.
    let found = app
        .org
        .calibrations
        .get(session)
        .ok_or("That calibration session is gone")?;
    if !Board::current(&app.org, found)
        .before
        .contains_key(&PersonId::from(person))
    {
        return Err(format!("{} is not in this session", app.name(person)));
    }
    Ok((
        title_for(app, "Decision", person),
        vec![
            Field::new(
                "Decision",
                Kind::Text,
                "what was decided: a promotion, a development step, a follow-up",
            )
            .required(),
        ],
    ))
}

pub(super) fn decision_change(
    app: &App,
    session: &str,
    person: &str,
    values: &[Value],
) -> Result<Change, Problems> {
    let text = values[0].text().trim().to_string();
    logged(app, (session, person), Logged::Decision { text })
}

/// The change that logs `what` about `person` in `session`, signed by the user, after the
/// session's newest entry.
fn logged(app: &App, (session, person): (&str, &str), what: Logged) -> Result<Change, Problems> {
    let found = app
        .org
        .calibrations
        .get(session)
        .ok_or_else(|| vec![(usize::MAX, "That calibration session is gone".to_string())])?;
    Ok(Change::LogCalibration {
        entry: CalibrationEntry {
            session: found.id.clone(),
            at: App::log_time(found),
            by: app.actor.clone(),
            person: person.into(),
            what,
        },
    })
}
