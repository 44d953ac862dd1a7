//! The flows: what each form holds and the change it makes. A flow is a list of fields
//! ([`layout`]) and a function from the filled form to a [`Change`] ([`build`]); the form
//! component in [`crate::app::form`] does the rest.
//!
//! | form | change |
//! |---|---|
//! | GROW note (`n`) | `AddGrowNote`, with `SetActionDone` for carried actions ticked (a `Batch`) |
//! | correct today's note | `UpdateGrowNote` |
//! | add an action to a note | `AddAction` |
//! | improvement plan | `CreatePip` |
//! | plan status | `SetPipStatus` |
//! | plan check-in | `RecordPipCheckIn` (every goal at once) |
//! | key position | `UpsertPosition`, or `SetIncumbent` when only the incumbent changes |
//! | successor | `AddSuccessor` |
//! | readiness | `SetReadiness` |
//! | leaving stage | `SetFlightRisk` |
//! | assessment | `RecordAssessment` |
//! | key employee | `SetKeyEmployee` |
//! | person | `UpsertPerson` and/or `SetStatus` |
//! | flag raised by hand | `RaiseFlag` |
//! | flag resolved | `SetFlagState` (resolved, with what was done) |
//! | stay interview | `RecordStayInterview` |
//! | points awarded | `AwardPoints` (a `Batch` for several people) |
//! | points reversed | `ReversePoints` |
//! | departure | `StartDeparture`, with the handover checklist from the template |
//! | handover report | `SetHandoverReport` |
//! | mentor and rotations | `UpsertPerson` |
//! | calibration session | `OpenCalibration` |
//! | move in a calibration session | `LogCalibration` (a move) |
//! | decision in a calibration session | `LogCalibration` (a decision) |

mod calibration;
mod coaching;
mod flags;
mod people;
mod plans;
mod retention;
mod succession;

use super::App;
use super::form::Form;
use super::form::field::Value;
use crate::domain::Change;
use serde::{Deserialize, Serialize};

pub use coaching::carried_key;

/// What a form makes, and about whom or what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "form")]
pub enum FormKind {
    GrowNote {
        person: String,
    },
    EditNote {
        note: String,
    },
    AddAction {
        note: String,
    },
    NewPlan {
        person: String,
    },
    PlanStatus {
        pip: String,
    },
    CheckIn {
        pip: String,
    },
    /// A new key position; the selected person is offered as its incumbent.
    NewPosition {
        person: Option<String>,
    },
    EditPosition {
        position: String,
    },
    /// A successor for a position (chosen in the form when not given).
    AddSuccessor {
        position: Option<String>,
        person: Option<String>,
    },
    SetReadiness {
        position: String,
        person: Option<String>,
    },
    LeavingStage {
        person: String,
    },
    Assessment {
        person: String,
    },
    KeyEmployee {
        person: String,
    },
    EditPerson {
        person: String,
    },
    RaiseFlag {
        person: String,
    },
    ResolveFlag {
        flag: String,
    },
    StayInterview {
        person: String,
    },
    AwardPoints {
        person: String,
    },
    ReversePoints {
        entry: String,
    },
    StartDeparture {
        person: String,
    },
    HandoverReport {
        departure: String,
    },
    Development {
        person: String,
    },
    NewCalibration,
    CalibrationMove {
        session: String,
        person: String,
        /// Where the person stood when the form opened (`performance/potential`): the move is
        /// from there, so that a move made meanwhile by someone else is not silently undone.
        #[serde(default)]
        from: String,
    },
    CalibrationDecision {
        session: String,
        person: String,
    },
}

impl FormKind {
    /// The name the form's draft is kept under. A GROW note's is the person's id alone, as it
    /// was before there were other forms, so older drafts are found.
    pub fn draft_key(&self) -> String {
        use FormKind::*;
        let (name, subject) = match self {
            GrowNote { person } => return person.clone(),
            EditNote { note } => ("edit_note", note.clone()),
            AddAction { note } => ("add_action", note.clone()),
            NewPlan { person } => ("new_plan", person.clone()),
            PlanStatus { pip } => ("plan_status", pip.clone()),
            CheckIn { pip } => ("check_in", pip.clone()),
            NewPosition { person } => ("new_position", person.clone().unwrap_or_default()),
            EditPosition { position } => ("edit_position", position.clone()),
            AddSuccessor { position, person } => (
                "add_successor",
                format!(
                    "{}-{}",
                    position.clone().unwrap_or_default(),
                    person.clone().unwrap_or_default()
                ),
            ),
            SetReadiness { position, person } => (
                "set_readiness",
                format!("{position}-{}", person.clone().unwrap_or_default()),
            ),
            LeavingStage { person } => ("set_leaving_stage", person.clone()),
            Assessment { person } => ("record_assessment", person.clone()),
            KeyEmployee { person } => ("key_employee", person.clone()),
            EditPerson { person } => ("edit_person", person.clone()),
            RaiseFlag { person } => ("raise_flag", person.clone()),
            ResolveFlag { flag } => ("resolve_flag", flag.clone()),
            StayInterview { person } => ("record_stay_interview", person.clone()),
            AwardPoints { person } => ("award_points", person.clone()),
            ReversePoints { entry } => ("reverse_points", entry.clone()),
            StartDeparture { person } => ("start_departure", person.clone()),
            HandoverReport { departure } => ("handover_report", departure.clone()),
            Development { person } => ("development", person.clone()),
            NewCalibration => ("new_calibration", String::new()),
            CalibrationMove {
                session, person, ..
            } => ("calibration_move", format!("{session}-{person}")),
            CalibrationDecision { session, person } => {
                ("calibration_decision", format!("{session}-{person}"))
            }
        };
        format!("{name}-{subject}")
    }

    /// What the form makes, in words: "GROW note", "improvement plan".
    pub fn name(&self) -> &'static str {
        use FormKind::*;
        match self {
            GrowNote { .. } => "GROW note",
            EditNote { .. } => "GROW note correction",
            AddAction { .. } => "action",
            NewPlan { .. } => "improvement plan",
            PlanStatus { .. } => "plan status",
            CheckIn { .. } => "plan check-in",
            NewPosition { .. } | EditPosition { .. } => "key position",
            AddSuccessor { .. } => "successor",
            SetReadiness { .. } => "readiness",
            LeavingStage { .. } => "leaving stage",
            Assessment { .. } => "assessment",
            KeyEmployee { .. } => "key employee",
            EditPerson { .. } => "person",
            RaiseFlag { .. } => "flag",
            ResolveFlag { .. } => "flag resolution",
            StayInterview { .. } => "stay interview",
            AwardPoints { .. } => "points award",
            ReversePoints { .. } => "points reversal",
            StartDeparture { .. } => "departure",
            HandoverReport { .. } => "handover report",
            Development { .. } => "mentor and rotations",
            NewCalibration => "calibration session",
            CalibrationMove { .. } => "calibration move",
            CalibrationDecision { .. } => "calibration decision",
        }
    }

    /// The person the form is about, if it is about one.
    pub fn person(&self) -> Option<&str> {
        use FormKind::*;
        match self {
            GrowNote { person }
            | NewPlan { person }
            | LeavingStage { person }
            | Assessment { person }
            | KeyEmployee { person }
            | EditPerson { person }
            | RaiseFlag { person }
            | StayInterview { person }
            | AwardPoints { person }
            | StartDeparture { person }
            | Development { person }
            | CalibrationMove { person, .. }
            | CalibrationDecision { person, .. } => Some(person),
            AddSuccessor { person, .. } | NewPosition { person } => person.as_deref(),
            SetReadiness { person, .. } => person.as_deref(),
            _ => None,
        }
    }

    /// How the user opens this form again, for the status line.
    pub fn reopen_hint(&self, app: &App) -> String {
        use super::action::Action;
        let action = match self {
            FormKind::GrowNote { .. } => Action::NewNote,
            FormKind::EditNote { .. } => Action::EditNote,
            FormKind::AddAction { .. } => Action::AddAction,
            FormKind::NewPlan { .. } => Action::NewPlan,
            FormKind::PlanStatus { .. } => Action::PlanStatus,
            FormKind::CheckIn { .. } => Action::CheckIn,
            FormKind::NewPosition { .. } => Action::NewPosition,
            FormKind::EditPosition { .. } => Action::EditPosition,
            FormKind::AddSuccessor { .. } => Action::AddSuccessor,
            FormKind::SetReadiness { .. } => Action::SetReadiness,
            FormKind::LeavingStage { .. } => Action::SetLeavingStage,
            FormKind::Assessment { .. } => Action::RecordAssessment,
            FormKind::KeyEmployee { .. } => Action::KeyEmployee,
            FormKind::EditPerson { .. } => Action::EditPerson,
            FormKind::RaiseFlag { .. } => Action::RaiseFlag,
            FormKind::ResolveFlag { .. } => Action::ResolveFlag,
            FormKind::StayInterview { .. } => Action::RecordStayInterview,
            FormKind::AwardPoints { .. } => Action::AwardPoints,
            FormKind::ReversePoints { .. } => Action::ReversePoints,
            FormKind::StartDeparture { .. } => Action::StartDeparture,
            FormKind::HandoverReport { .. } => Action::HandoverReport,
            FormKind::Development { .. } => Action::Development,
            FormKind::NewCalibration => Action::NewCalibration,
            FormKind::CalibrationMove { .. } => Action::CalibrationMove,
            FormKind::CalibrationDecision { .. } => Action::Decide,
        };
        app.key_for(super::keymap::Mode::Browse, action)
    }
}

/// The form of `kind` as it opens, or why it cannot open (nobody selected, no plan…).
pub fn layout(app: &App, kind: &FormKind) -> Result<Form, String> {
    use FormKind::*;
    let (title, fields) = match kind {
        GrowNote { person } => coaching::note_fields(app, person)?,
        EditNote { note } => coaching::edit_fields(app, note)?,
        AddAction { note } => coaching::action_fields(app, note)?,
        NewPlan { person } => plans::new_plan_fields(app, person)?,
        PlanStatus { pip } => plans::status_fields(app, pip)?,
        CheckIn { pip } => plans::check_in_fields(app, pip)?,
        NewPosition { person } => succession::position_fields(app, None, person.as_deref())?,
        EditPosition { position } => succession::position_fields(app, Some(position), None)?,
        AddSuccessor { position, person } => {
            succession::successor_fields(app, position.as_deref(), person.as_deref())?
        }
        SetReadiness { position, person } => {
            succession::readiness_fields(app, position, person.as_deref())?
        }
        LeavingStage { person } => people::stage_fields(app, person)?,
        Assessment { person } => people::assessment_fields(app, person)?,
        KeyEmployee { person } => people::key_fields(app, person)?,
        EditPerson { person } => people::person_fields(app, person)?,
        RaiseFlag { person } => flags::raise_fields(app, person)?,
        ResolveFlag { flag } => flags::resolve_fields(app, flag)?,
        StayInterview { person } => retention::stay_fields(app, person)?,
        AwardPoints { person } => retention::award_fields(app, person)?,
        ReversePoints { entry } => retention::reverse_fields(app, entry)?,
        StartDeparture { person } => retention::departure_fields(app, person)?,
        HandoverReport { departure } => retention::report_fields(app, departure)?,
        Development { person } => people::development_fields(app, person)?,
        NewCalibration => calibration::new_session_fields(app)?,
        CalibrationMove {
            session, person, ..
        } => calibration::move_fields(app, session, person)?,
        CalibrationDecision { session, person } => {
            calibration::decision_fields(app, session, person)?
        }
    };
    let mut form = Form::new(kind.clone(), title, fields);
    form.about = about(app, kind);
    // The cursor starts on the first thing to decide: past the day a check-in is for, past the
    // successor whose readiness is set and the position a successor is added to when they were
    // chosen by where the form was opened, and on the reason when marking a key employee.
    let focus = match kind {
        CheckIn { .. }
        | SetReadiness { .. }
        | AddSuccessor {
            position: Some(_), ..
        } => 1,
        KeyEmployee { person }
            if app
                .org
                .people
                .get(person.as_str())
                .is_some_and(|p| !p.is_key()) =>
        {
            1
        }
        _ => 0,
    };
    form.focus_on(focus);
    Ok(form)
}

/// The person a form is about, so its draft is marked on their row: the one named in the form,
/// or the one whose plan, note or position it is.
fn about(app: &App, kind: &FormKind) -> Option<String> {
    use FormKind::*;
    let person = match kind {
        PlanStatus { pip } | CheckIn { pip } => app.org.pips.get(pip.as_str()).map(|p| &p.person),
        EditNote { note } | AddAction { note } => {
            app.org.notes.get(note.as_str()).map(|n| &n.person)
        }
        EditPosition { position }
        | SetReadiness {
            position,
            person: None,
        }
        | AddSuccessor {
            position: Some(position),
            person: None,
        } => app
            .org
            .positions
            .get(position.as_str())
            .and_then(|p| p.incumbent.as_ref()),
        ReversePoints { entry } => app.org.points.get(entry.as_str()).map(|e| &e.person),
        HandoverReport { departure } => app
            .org
            .departures
            .get(departure.as_str())
            .map(|d| &d.person),
        ResolveFlag { flag } => match app.org.flags.get(flag.as_str()).map(|f| &f.subject) {
            Some(crate::domain::flag::Subject::Person(p)) => Some(p),
            _ => None,
        },
        other => return other.person().map(str::to_string),
    };
    person.map(ToString::to_string)
}

/// Problems found once every field has been read: the field each belongs to (a position past
/// the last field means the form as a whole) and what is wrong.
pub type Problems = Vec<(usize, String)>;

/// The change the filled form makes, or what is wrong with it.
pub fn build(app: &App, kind: &FormKind, values: &[Value]) -> Result<Change, Problems> {
    use FormKind::*;
    match kind {
        GrowNote { person } => coaching::note_change(app, person, values),
        EditNote { note } => coaching::edit_change(app, note, values),
        AddAction { note } => coaching::action_change(app, note, values),
        NewPlan { person } => plans::new_plan_change(app, person, values),
        PlanStatus { pip } => plans::status_change(app, pip, values),
        CheckIn { pip } => plans::check_in_change(app, pip, values),
        NewPosition { .. } => succession::position_change(app, None, values),
        EditPosition { position } => succession::position_change(app, Some(position), values),
        AddSuccessor { .. } => succession::successor_change(app, values),
        SetReadiness { position, .. } => succession::readiness_change(app, position, values),
        LeavingStage { person } => people::stage_change(app, person, values),
        Assessment { person } => people::assessment_change(app, person, values),
        KeyEmployee { person } => people::key_change(app, person, values),
        EditPerson { person } => people::person_change(app, person, values),
        RaiseFlag { person } => flags::raise_change(app, person, values),
        ResolveFlag { flag } => flags::resolve_change(app, flag, values),
        StayInterview { person } => retention::stay_change(app, person, values),
        AwardPoints { .. } => retention::award_change(app, values),
        ReversePoints { entry } => retention::reverse_change(app, entry, values),
        StartDeparture { person } => retention::departure_change(app, person, values),
        HandoverReport { departure } => retention::report_change(departure, values),
        Development { person } => people::development_change(app, person, values),
        NewCalibration => calibration::new_session_change(app, values),
        CalibrationMove {
            session,
            person,
            from,
        } => calibration::move_change(app, (session, person, from), values),
        CalibrationDecision { session, person } => {
            calibration::decision_change(app, session, person, values)
        }
    }
}

/// The name of someone for a form's title.
fn title_for(app: &App, what: &str, person: &str) -> String {
    format!("{what} · {}", app.name(person))
}

/// The first id `prefix` + a number that `taken` does not hold: `KP09`, `PIP07` (marked as the
/// user's own, [`own`]).
fn next_id(app: &App, prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| own(app, format!("{prefix}{n:02}")))
        .find(|id| !taken(id))
        .unwrap_or_else(|| prefix.to_string())
}

/// `id` as a new record's id. Ids are chosen among the records the user sees; one who sees only
/// part of them (their scope) could choose one already taken in a part they do not see, so
/// their ids carry their name (`PIP01-xuhui`) and never meet anyone else's.
pub(crate) fn own(app: &App, id: String) -> String {
    match app.id_tag() {
        Some(tag) => format!("{id}-{tag}"),
        None => id,
    }
}

/// An action's owner as stored: the id of the person in scope the text names, or the text as
/// typed (someone outside the roster, a team, "me").
fn link_owner(app: &App, text: &str) -> String {
    use super::form::field::{Match, find_person};
    let in_scope = |id: &str| app.derived.visible(id);
    match find_person(text, &app.field_context(&in_scope), Match::Whole) {
        Ok(id) if !text.trim().is_empty() => id.to_string(),
        _ => text.trim().to_string(),
    }
}

/// A person's id as a person field shows it.
fn person_text(app: &App, id: &str) -> String {
    format!("{} ({id})", app.name(id))
}
