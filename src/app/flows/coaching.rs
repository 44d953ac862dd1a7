//! GROW notes: a new note (with the carried actions ticked from inside it), today's note
//! corrected, and an action added to an earlier note.

use super::{Problems, link_owner, title_for};
use crate::app::App;
use crate::app::form::field::{Column, Field, Kind, Value};
use crate::domain::Change;
use crate::domain::grow::{ActionItem, GrowNote};
use crate::domain::ids::{NoteId, PersonId};
use chrono::NaiveDate;

/// What each GROW field is for (Goal, Reality, Options, Will), shown beside its label.
const GROW: [(&str, &str); 4] = [
    ("Goal", "What do they want to achieve?"),
    ("Reality", "Where do things stand now?"),
    ("Options", "What could they do? One a line; three or more"),
    ("Will", "What will they do, by when, with what support?"),
];

/// The columns of an action row: `what ; owner ; due`.
fn action_columns() -> Vec<Column> {
    vec![
        Column::new("what", Kind::Line, true),
        Column::new("owner", Kind::Line, false),
        Column::new("due", Kind::Date, false),
    ]
}

/// How a carried action is named in the note's checklist (and its draft).
pub fn carried_key(note: &NoteId, action: u32) -> String {
    format!("{note}#{action}")
}

/// Goal, Reality, Options, Will, Actions and Confidence, filled from `note` if given.
fn grow_fields(app: &App, note: Option<&GrowNote>) -> Vec<Field> {
    let texts = note.map_or([""; 4], |n| {
        [
            n.goal.as_str(),
            n.reality.as_str(),
            n.options.as_str(),
            n.will.as_str(),
        ]
    });
    let mut fields: Vec<Field> = GROW
        .iter()
        .zip(texts)
        .map(|((label, hint), text)| Field::new(*label, Kind::Text, *hint).with(text))
        .collect();
    let actions: Vec<String> = note.map_or_else(Vec::new, |n| {
        n.actions
            .iter()
            .map(|a| {
                let owner = match app.org.people.get(a.owner.as_str()) {
                    Some(p) => format!("{} ({})", p.name, p.id),
                    None => a.owner.to_string(),
                };
                let due = a.due.map_or(String::new(), |d| d.to_string());
                // `;` parts a row: one in the text would read back as another part.
                format!("{} ; {owner} ; {due}", a.text.replace(';', ","))
            })
            .collect()
    });
    fields.push(
        Field::new(
            "Actions",
            Kind::Rows(action_columns()),
            "one a line: what ; owner ; due (2026-12-01, +2w)",
        )
        .with(actions.join("\n")),
    );
    fields.push(
        Field::new(
            "Confidence",
            Kind::Number {
                min: 1.0,
                max: 10.0,
                whole: true,
            },
            "1-10: how sure they are it happens (below 7: follow up)",
        )
        .with(
            note.and_then(|n| n.confidence)
                .map_or(String::new(), |c| c.to_string()),
        ),
    );
    fields
}

pub(super) fn note_fields(app: &App, person: &str) -> Result<(String, Vec<Field>), String> {
    let mut fields = grow_fields(app, None);
    let carried: Vec<(String, String)> = app
        .actions_of(person)
        .into_iter()
        .filter(|a| a.action.done.is_none())
        .map(|a| {
            let due = a.action.due.map_or(String::new(), |d| format!(", due {d}"));
            let owner = match a.action.owner.trim() {
                "" => String::new(),
                owner => format!(" — {}", app.name(owner)),
            };
            (
                carried_key(&a.note.id, a.action.id),
                format!("{}{owner}{due}", a.action.text),
            )
        })
        .collect();
    fields.push(Field::new(
        "Carried forward",
        Kind::Checklist(carried),
        "open actions of earlier 1:1s: space ticks one done",
    ));
    Ok((title_for(app, "GROW note", person), fields))
}

/// The actions of the rows, numbered from 1, their owners linked to the person in scope they
/// name when one does.
fn read_actions(app: &App, rows: &[Vec<Value>]) -> Vec<ActionItem> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let owner = link_owner(app, row.get(1).map_or("", Value::text));
            ActionItem {
                id: i as u32 + 1,
                text: row.first().map_or("", Value::text).to_string(),
                owner: owner.into(),
                due: row.get(2).and_then(Value::date),
                done: None,
            }
        })
        .collect()
}

/// The note the first six values describe, if anything was written.
fn read_note(app: &App, person: &str, id: NoteId, values: &[Value]) -> Option<GrowNote> {
    let text = |i: usize| values.get(i).map_or("", Value::text).trim().to_string();
    let actions = read_actions(app, values.get(4).map_or(&[], Value::rows));
    let confidence = values.get(5).and_then(Value::number).map(|c| c as u8);
    let empty = (0..4).all(|i| text(i).is_empty()) && actions.is_empty() && confidence.is_none();
    (!empty).then(|| GrowNote {
        id,
        person: PersonId::new(person),
        date: app.today,
        author: app.actor.as_str().into(),
        goal: text(0),
        reality: text(1),
        options: text(2),
        will: text(3),
        confidence,
        actions,
    })
}

pub(super) fn note_change(app: &App, person: &str, values: &[Value]) -> Result<Change, Problems> {
    let id = next_note_id(&app.org, person, app.today, app.id_tag().as_deref());
    let note = read_note(app, person, id, values);
    let mut ticked: Vec<Change> = Vec::new();
    for key in values.get(6).map_or(&[][..], Value::ticked) {
        let Some((note, action)) = key.rsplit_once('#') else {
            continue;
        };
        if let Ok(action) = action.parse() {
            ticked.push(Change::SetActionDone {
                note: NoteId::new(note),
                action,
                done: Some(app.today),
            });
        }
    }
    match (note, ticked.is_empty()) {
        (None, true) => Err(vec![(
            usize::MAX,
            "The note is empty: nothing to save".into(),
        )]),
        (Some(note), true) => Ok(Change::AddGrowNote { note }),
        (note, false) => {
            let mut changes: Vec<Change> = note
                .into_iter()
                .map(|note| Change::AddGrowNote { note })
                .collect();
            let label = match changes.is_empty() {
                true => "carried actions done",
                false => "GROW note with carried actions done",
            };
            changes.extend(ticked);
            Ok(Change::Batch {
                label: label.into(),
                changes,
            })
        }
    }
}

fn note<'a>(app: &'a App, id: &str) -> Result<&'a GrowNote, String> {
    app.org
        .notes
        .get(id)
        .ok_or_else(|| "That note is no longer there".to_string())
}

pub(super) fn edit_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let note = note(app, id)?;
    if note.date != app.today {
        return Err(format!(
            "The note of {} can no longer be corrected (only on the day it was written); add an action to it instead",
            note.date
        ));
    }
    let title = title_for(app, "Correct today's GROW note", note.person.as_str());
    Ok((title, grow_fields(app, Some(note))))
}

pub(super) fn edit_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let old = note(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    let mut note = read_note(app, old.person.as_str(), old.id.clone(), values)
        .ok_or_else(|| vec![(usize::MAX, "The note is empty: nothing to save".to_string())])?;
    // An action still there (by its text) keeps its number and the day it was done, wherever
    // it now stands; a new one takes the next number.
    let mut next = old.actions.iter().map(|a| a.id).max().unwrap_or(0);
    let mut kept: Vec<u32> = Vec::new();
    for action in &mut note.actions {
        let same = old
            .actions
            .iter()
            .find(|o| !kept.contains(&o.id) && o.text.replace(';', ",") == action.text);
        match same {
            Some(o) => {
                action.id = o.id;
                action.done = o.done;
            }
            None => {
                next += 1;
                action.id = next;
            }
        }
        kept.push(action.id);
    }
    note.date = old.date;
    note.author = old.author.clone();
    Ok(Change::UpdateGrowNote { note })
}

pub(super) fn action_fields(app: &App, id: &str) -> Result<(String, Vec<Field>), String> {
    let note = note(app, id)?;
    let title = format!(
        "Add an action to the GROW note of {} · {}",
        note.date,
        app.name(note.person.as_str())
    );
    Ok((
        title,
        vec![
            Field::new("What", Kind::Line, "what is to be done").required(),
            Field::new("Owner", Kind::Line, "who does it (a name links to them)"),
            Field::new("Due", Kind::Date, "YYYY-MM-DD, +14d, +2w").with("+2w"),
        ],
    ))
}

pub(super) fn action_change(app: &App, id: &str, values: &[Value]) -> Result<Change, Problems> {
    let note = note(app, id).map_err(|e| vec![(usize::MAX, e)])?;
    let row = vec![values[0].clone(), values[1].clone(), values[2].clone()];
    let mut action = read_actions(app, &[row]).remove(0);
    action.id = note.actions.iter().map(|a| a.id).max().unwrap_or(0) + 1;
    Ok(Change::AddAction {
        note: note.id.clone(),
        action,
    })
}

/// `N<yyyymmdd>-<person>`, with `-2`, `-3`… for more notes on one day; `-<tag>` after it for a
/// user who sees only part of the records (see `flows::own`).
pub fn next_note_id(
    org: &crate::domain::Org,
    person: &str,
    today: NaiveDate,
    tag: Option<&str>,
) -> NoteId {
    let base = match tag {
        Some(tag) => format!("N{}-{person}-{tag}", today.format("%Y%m%d")),
        None => format!("N{}-{person}", today.format("%Y%m%d")),
    };
    let mut id = base.clone();
    let mut n = 1;
    while org.notes.contains_key(id.as_str()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    NoteId::new(id)
}
