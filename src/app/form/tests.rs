//! The form component driven with keys on the demo organisation: every flow saves one change,
//! every problem shows at once, drafts come back, and every kind of `Change` can be made.

use crate::app::tests::{carry_out, demo_app, press, type_text};
use crate::app::{App, Effect, Tab, View};
use crate::domain::Change;

/// The changes the effects ask for, with those inside a batch.
fn changes(effects: &[Effect]) -> Vec<Change> {
    fn walk(change: &Change, out: &mut Vec<Change>) {
        out.push(change.clone());
        if let Change::Batch { changes, .. } = change {
            for c in changes {
                walk(c, out);
            }
        }
    }
    let mut out = Vec::new();
    for effect in effects {
        if let Effect::Apply(change) = effect {
            walk(change, &mut out);
        }
    }
    out
}

/// The name serde gives a change's kind: `add_grow_note`.
fn kind(change: &Change) -> String {
    serde_json::to_value(change).expect("a change serialises")["change"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Every kind of change there is, as serde lists them when it meets an unknown one: a new
/// variant is in this list without anyone adding it here.
fn every_kind() -> Vec<String> {
    let err = serde_json::from_str::<Change>(r#"{"change":"?"}"#)
        .unwrap_err()
        .to_string();
    let list = err.split("expected one of").nth(1).unwrap_or_default();
    let kinds: Vec<String> = list
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    // Should serde word its message otherwise, this fails rather than check nothing.
    assert!(
        kinds.len() >= 36 && kinds.iter().any(|k| k == "add_grow_note"),
        "{err}"
    );
    kinds
}

/// Selects `who` in the people view with the filter.
fn select(app: &mut App, who: &str) {
    press(app, "1 / ctrl-u");
    type_text(app, who);
    press(app, "enter");
}

/// Goes to the person's `tab` with the tab key, and into its items.
fn open_tab(app: &mut App, tab: Tab) {
    while app.tab != tab {
        press(app, "tab");
    }
    press(app, "enter");
}

/// Types `text` into the focused field, then presses `keys`.
fn fill(app: &mut App, text: &str, keys: &str) -> Vec<Effect> {
    let mut effects = type_text(app, text);
    effects.extend(press(app, keys));
    effects
}

/// Carries out what the keys asked for, noting the kinds of change made.
#[track_caller]
fn made(app: &mut App, effects: Vec<Effect>, log: &mut Vec<String>) {
    let before = log.len();
    for change in changes(&effects) {
        log.push(kind(&change));
    }
    let problems: Vec<String> = app.form.as_ref().map_or_else(Vec::new, |f| {
        f.fields
            .iter()
            .filter_map(|x| x.error.as_ref().map(|e| format!("{}: {e}", x.label)))
            .collect()
    });
    let status = app.status.clone();
    let history = app.history.len();
    carry_out(app, effects);
    // A change stored goes into the session's history; an undo takes one out of it.
    assert!(
        app.form.is_none() && log.len() > before && app.history.len() != history,
        "the change is made and stored: {status:?} {problems:?} / {:?}",
        app.status
    );
}

/// Kinds of change that the cockpit and the command line cannot make yet: none. A new kind
/// of change fails the test until a user can make it.
const NOT_YET_REACHABLE: &[&str] = &[];

#[test]
fn every_kind_of_change_can_be_made_by_a_user() {
    let mut app = demo_app();
    let mut log: Vec<String> = Vec::new();
    let log = &mut log;

    // A GROW note with a carried action ticked (a batch), corrected the same day, an action
    // added to it, and an action ticked in the Coaching tab.
    select(&mut app, "zhangjian");
    press(&mut app, "n");
    type_text(&mut app, "Lead the checkout launch");
    let e = press(&mut app, "backtab space ctrl-s");
    made(&mut app, e, log);
    let e = fill(&mut app, "", "W");
    assert!(app.form.is_some(), "{:?}", app.status);
    press(&mut app, "end");
    let e2 = fill(&mut app, " by March", "ctrl-s");
    made(&mut app, [e, e2].concat(), log);
    press(&mut app, "+");
    let e = fill(&mut app, "Book the launch review", "ctrl-s");
    made(&mut app, e, log);
    open_tab(&mut app, Tab::Coaching);
    let e = press(&mut app, "x");
    made(&mut app, e, log);

    // A plan, activated, checked in on, one of its actions ticked.
    select(&mut app, "ben carter");
    press(&mut app, "p");
    type_text(&mut app, "Bring on-call handovers back to the standard");
    press(&mut app, "tab tab");
    type_text(&mut app, "+60d");
    press(&mut app, "tab tab");
    type_text(&mut app, "Handovers missed per month ; lower ; 0 ; 3");
    press(&mut app, "tab");
    let e = fill(
        &mut app,
        "1 ; Write the handover checklist ; Ben Carter ; +2w",
        "ctrl-s",
    );
    made(&mut app, e, log);
    press(&mut app, "P");
    let e = fill(&mut app, "activate", "ctrl-s");
    made(&mut app, e, log);
    press(&mut app, "c");
    type_text(&mut app, "2");
    let e = fill(&mut app, "", "tab");
    type_text(&mut app, "on");
    let e2 = press(&mut app, "ctrl-s");
    made(&mut app, [e, e2].concat(), log);
    open_tab(&mut app, Tab::Plan);
    let e = press(&mut app, "j x");
    made(&mut app, e, log);
    press(&mut app, "esc");

    // A key position, its incumbent changed, a successor added, readiness set, moved up,
    // then taken off the slate.
    select(&mut app, "ben carter");
    press(&mut app, "O");
    let e = fill(&mut app, "", "ctrl-s");
    made(&mut app, e, log);
    let position = app
        .org
        .positions
        .values()
        .find(|p| p.incumbent.as_ref().is_some_and(|i| i.as_str() == "E013"))
        .map(|p| p.id.to_string())
        .expect("the new position is held by Ben Carter");
    press(&mut app, "I");
    press(&mut app, "tab tab tab ctrl-u");
    for _ in 0..40 {
        press(&mut app, "backspace");
    }
    let e = fill(&mut app, "E009", "ctrl-s");
    made(&mut app, e, log);
    assert_eq!(
        app.org.positions[position.as_str()]
            .incumbent
            .as_ref()
            .map(|i| i.as_str()),
        Some("E009")
    );
    select(&mut app, "aisha khan");
    press(&mut app, "S");
    type_text(&mut app, "E010");
    let e = fill(&mut app, "", "tab");
    let e2 = fill(&mut app, "now", "ctrl-s");
    made(&mut app, [e, e2].concat(), log);
    press(&mut app, "S");
    type_text(&mut app, "E012");
    press(&mut app, "tab");
    let e = fill(&mut app, "3+", "ctrl-s");
    made(&mut app, e, log);
    select(&mut app, "aisha khan");
    open_tab(&mut app, Tab::Succession);
    let e = press(&mut app, "j K");
    made(&mut app, e, log);
    press(&mut app, "e down");
    let e = press(&mut app, "ctrl-s");
    made(&mut app, e, log);
    let e = press(&mut app, "R");
    made(&mut app, e, log);
    press(&mut app, "esc");

    // The person: leaving stage, assessment, key mark, and a change of title and status.
    select(&mut app, "sofia");
    press(&mut app, "L down");
    let e = press(&mut app, "ctrl-s");
    made(&mut app, e, log);
    press(&mut app, "A tab");
    for value in ["3", "4", "3", "", "70", "m", "h"] {
        type_text(&mut app, value);
        press(&mut app, "tab");
    }
    let e = press(&mut app, "ctrl-s");
    made(&mut app, e, log);
    press(&mut app, "*");
    let e = fill(&mut app, "Only one who knows the payments SDK", "ctrl-s");
    made(&mut app, e, log);
    press(&mut app, "E end");
    type_text(&mut app, " II");
    press(&mut app, "tab tab tab tab tab tab end");
    for _ in 0..10 {
        press(&mut app, "backspace");
    }
    type_text(&mut app, "leaving");
    press(&mut app, "tab");
    let e = fill(&mut app, "+30d", "ctrl-s");
    made(&mut app, e, log);

    // Retention: a stay interview and a follow-up done, points awarded and reversed, a
    // departure with a task done and confirmed, an access revoked and the report written.
    select(&mut app, "sofia");
    press(&mut app, "s tab");
    type_text(&mut app, "The mobile team and the release work");
    press(&mut app, "tab tab tab");
    let e = fill(
        &mut app,
        "Talk about the Berlin office ; Zoë Müller ; +1w",
        "ctrl-s",
    );
    made(&mut app, e, log);
    open_tab(&mut app, Tab::Retention);
    let e = press(&mut app, "x");
    made(&mut app, e, log);
    press(&mut app, "m tab tab");
    type_text(&mut app, "50");
    let e = fill(&mut app, "", "tab");
    let e2 = fill(&mut app, "Rescued the release", "ctrl-s");
    made(&mut app, [e, e2].concat(), log);
    press(&mut app, "g j -");
    let e = fill(&mut app, "Counted twice", "enter");
    made(&mut app, e, log);
    press(&mut app, "d");
    type_text(&mut app, "+30d");
    let e = fill(&mut app, "", "ctrl-s");
    made(&mut app, e, log);
    let e = press(&mut app, "g j x");
    made(&mut app, e, log);
    let e = press(&mut app, "C");
    made(&mut app, e, log);
    let tasks = app.handover.tasks.len();
    press(&mut app, "g j");
    for _ in 0..tasks {
        press(&mut app, "j");
    }
    let e = press(&mut app, "X");
    made(&mut app, e, log);
    press(&mut app, "ctrl-r");
    let e = fill(&mut app, "Release signing passed to Zoë", "ctrl-s");
    made(&mut app, e, log);
    press(&mut app, "esc");

    // Flags: raised by hand, acknowledged, a computed one quietened and reopened, undo.
    select(&mut app, "sofia");
    press(&mut app, "f");
    fill(&mut app, "high", "enter");
    let e = fill(&mut app, "Asked about the Berlin office", "enter");
    made(&mut app, e, log);
    press(&mut app, "3");
    let manual = app
        .visible_flags()
        .iter()
        .position(|f| f.kind == crate::domain::insight::FlagKind::Manual)
        .expect("a flag raised by hand");
    app.item = manual;
    let e = press(&mut app, "a");
    made(&mut app, e, log);
    let computed = app
        .visible_flags()
        .iter()
        .position(|f| f.kind != crate::domain::insight::FlagKind::Manual && f.quiet.is_none())
        .expect("a computed flag");
    app.item = computed;
    let e = press(&mut app, "a");
    made(&mut app, e, log);
    let quiet = app
        .visible_flags()
        .iter()
        .position(|f| f.quiet.is_some())
        .expect("the quiet flag");
    app.item = quiet;
    let e = press(&mut app, "r");
    made(&mut app, e, log);
    press(&mut app, "u");
    let e = type_text(&mut app, "y");
    made(&mut app, e, log);

    // Calibration: a session opened over a team, a person discussed, moved, the move undone,
    // a decision, and the session closed.
    press(&mut app, "8 N tab");
    let e = fill(&mut app, "Platform", "ctrl-s");
    made(&mut app, e, log);
    let (_, board) = app.calibration_board().expect("the new session shows");
    let order = app.calibration_order(&board);
    app.item = order
        .iter()
        .position(|r| board.before[&r.person].is_some())
        .expect("someone placed");
    let e = press(&mut app, "i");
    made(&mut app, e, log);
    press(&mut app, "> ctrl-u");
    type_text(&mut app, "needs support");
    press(&mut app, "tab");
    let e = fill(&mut app, "results", "ctrl-s");
    made(&mut app, e, log);
    press(&mut app, "u");
    let e = type_text(&mut app, "y");
    made(&mut app, e, log);
    press(&mut app, "w");
    let e = fill(&mut app, "Lead the billing rewrite next quarter", "ctrl-s");
    made(&mut app, e, log);
    press(&mut app, ":");
    type_text(&mut app, "close_calibration");
    press(&mut app, "enter");
    let e = type_text(&mut app, "y");
    made(&mut app, e, log);
    press(&mut app, "3");

    // The command line: a roster import is a batch of people.
    let csv = "id,name,title\nE099,Ada Lovelace,Analyst\n";
    let plan = crate::roster::plan_import(
        csv.as_bytes(),
        crate::roster::Encoding::UTF8,
        "roster.csv",
        &app.org,
    )
    .expect("the roster reads");
    let change = plan.change("roster.csv").expect("one person to add");
    log.extend(changes(&[Effect::Apply(Box::new(change))]).iter().map(kind));
    // `crewdeck config points` and `config ladders`: rules and ladders from their files.
    let rules = crate::domain::config_files::points_rules(
        "[[rules]]\nid = \"R09\"\nname = \"Talk given\"\npoints = 15\n",
        "rules.toml",
    )
    .expect("the rules read");
    let ladders = crate::domain::config_files::ladders(
        "[[ladders]]\nid = \"p\"\ntrack = \"professional\"\nname = \"P\"\nlevels = [{ code = \"P1\", title = \"One\" }]\n",
        "ladders.toml",
    )
    .expect("the ladders read");
    // `crewdeck import users`: users from their export.
    let users = crate::import::plan(
        crate::import::ImportKind::Users,
        b"name,role,scope,scope_value,person\nlin,admin,everyone,,\n",
        "users.csv",
        &app.org,
    )
    .expect("the users read")
    .change
    .expect("one user to add");
    // `crewdeck users remove`.
    #[derive(clap::Parser)]
    struct Users {
        #[command(subcommand)]
        command: crate::cli::users::UsersCommand,
    }
    let remove = <Users as clap::Parser>::try_parse_from(["users", "remove", "board"])
        .expect("the command parses")
        .command;
    let remove = crate::cli::users::change(remove, &app.org).expect("a change");
    for change in [rules, ladders, users, remove] {
        log.extend(changes(&[Effect::Apply(Box::new(change))]).iter().map(kind));
    }

    log.sort();
    log.dedup();
    let missing: Vec<String> = every_kind()
        .into_iter()
        .filter(|k| !log.contains(k) && !NOT_YET_REACHABLE.contains(&k.as_str()))
        .collect();
    assert!(missing.is_empty(), "no user can make: {missing:?}");
    let stale: Vec<&&str> = NOT_YET_REACHABLE
        .iter()
        .filter(|k| log.iter().any(|l| l == *k))
        .collect();
    assert!(
        stale.is_empty(),
        "reachable now, take off the list: {stale:?}"
    );
    assert_eq!(app.view, View::Flags);
}

#[test]
fn a_form_with_three_bad_fields_lists_all_three_and_writes_nothing() {
    let mut app = demo_app();
    select(&mut app, "sofia");
    let before = app.org.assessments.len();
    press(&mut app, "A tab");
    // Ability 9 (1-5), contribution left empty (required), influence 3, KPI "lots".
    for value in ["9", "", "3", "lots", "70", "medium", "high"] {
        type_text(&mut app, value);
        press(&mut app, "tab");
    }
    let effects = press(&mut app, "ctrl-s");
    assert!(changes(&effects).is_empty(), "nothing is written");
    let form = app.form.as_ref().expect("the form stays open");
    let wrong: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter_map(|f| f.error.as_deref().map(|e| (f.label.as_str(), e)))
        .collect();
    assert_eq!(
        wrong,
        vec![
            ("Professional ability", "9 is not from 1 to 5"),
            ("Performance contribution", "required"),
            ("KPI attainment", "`lots` is not a number"),
        ]
    );
    assert_eq!(form.focus, 1, "the cursor goes to the first");
    assert_eq!(
        app.status.as_deref(),
        Some("3 problems: each is marked beside its field; nothing was saved")
    );
    assert_eq!(app.org.assessments.len(), before);
    // Each problem goes from its field once it is typed into.
    press(&mut app, "backspace");
    type_text(&mut app, "4");
    let form = app.form.as_ref().expect("open");
    assert!(form.fields[1].error.is_none());
    assert!(
        form.fields[2].error.is_some(),
        "the others stay until the next save"
    );
}

#[test]
fn a_grow_note_with_two_actions_a_carried_one_ticked_and_a_flag_takes_few_keys() {
    let mut app = demo_app();
    select(&mut app, "zhangjian");
    let open_before = app
        .actions_of("E030")
        .iter()
        .filter(|a| a.action.done.is_none())
        .count();
    assert!(open_before >= 1, "张建 has actions carried forward");
    // Keys besides typed text, counted as pressed.
    let mut keys = 0;
    let mut key = |app: &mut App, k: &str| {
        keys += k.split_whitespace().count();
        press(app, k)
    };
    key(&mut app, "n");
    type_text(&mut app, "Ship the checkout redesign");
    key(&mut app, "tab tab tab tab");
    type_text(&mut app, "Draft the launch plan ; Priya Nair ; +1w");
    key(&mut app, "enter");
    type_text(&mut app, "Book user interviews ; 张建 ; 2026-12-15");
    key(&mut app, "tab tab space");
    let effects = key(&mut app, "ctrl-s");
    let made = changes(&effects);
    carry_out(&mut app, effects);
    key(&mut app, "f");
    type_text(&mut app, "watch");
    key(&mut app, "enter");
    type_text(&mut app, "Unsure about the new role");
    let effects = key(&mut app, "enter");
    carry_out(&mut app, effects);
    assert!(keys <= 15, "{keys} keys");

    let note = made
        .iter()
        .find_map(|c| match c {
            Change::AddGrowNote { note } => Some(note),
            _ => None,
        })
        .expect("a note");
    let owners: Vec<&str> = note.actions.iter().map(|a| a.owner.as_str()).collect();
    assert_eq!(
        owners,
        ["E029", "E030"],
        "owners who are people are linked to them"
    );
    assert_eq!(
        made.iter()
            .filter(|c| matches!(c, Change::SetActionDone { done: Some(_), .. }))
            .count(),
        1
    );
    assert!(
        matches!(made[0], Change::Batch { .. }),
        "one save, one change"
    );
    let open_after = app
        .actions_of("E030")
        .iter()
        .filter(|a| a.action.done.is_none())
        .count();
    assert_eq!(open_after, open_before - 1 + 2);
    assert!(
        app.org
            .flags
            .values()
            .any(|f| f.reason == "Unsure about the new role")
    );
}

#[test]
fn an_action_line_not_in_the_form_what_owner_date_names_its_line() {
    let mut app = demo_app();
    select(&mut app, "zhangjian");
    press(&mut app, "n");
    type_text(&mut app, "Goal");
    press(&mut app, "tab tab tab tab");
    type_text(&mut app, "Fine ; me ; +1w");
    press(&mut app, "enter");
    type_text(&mut app, "Not fine ; me ; next Tuesday");
    assert!(changes(&press(&mut app, "ctrl-s")).is_empty());
    let form = app.form.as_ref().expect("open");
    let error = form.fields[4].error.clone().unwrap_or_default();
    assert!(
        error.starts_with("line 2, due: `next tuesday` is not a day"),
        "{error}"
    );
}

/// The status line counts the problems the form marks, one a line: two bad action lines are
/// two problems, though they are in one field (it said "1 problem").
#[test]
fn the_problems_counted_are_the_ones_marked_two_in_one_field_are_two() {
    let mut app = demo_app();
    select(&mut app, "zhangjian");
    press(&mut app, "n");
    type_text(&mut app, "Goal");
    press(&mut app, "tab tab tab tab");
    type_text(&mut app, "Fine ; me ; someday");
    press(&mut app, "enter");
    type_text(&mut app, "Not fine ; me ; next Tuesday");
    press(&mut app, "ctrl-s");
    let form = app.form.as_ref().expect("open");
    let marked: Vec<&str> = (form.fields.iter())
        .filter_map(|f| f.error.as_deref())
        .flat_map(crate::app::form::field::each_problem)
        .collect();
    assert_eq!(marked.len(), 2, "two action lines: {marked:?}");
    // A problem that names the columns, apart by ` ; `, is one.
    assert_eq!(
        crate::app::form::field::each_problem(
            "line 1: 4 parts where there are 3 (what ; owner ; due); line 2: required"
        ),
        vec![
            "line 1: 4 parts where there are 3 (what ; owner ; due)",
            "line 2: required"
        ]
    );
    assert_eq!(
        app.status.as_deref(),
        Some("2 problems: each is marked beside its field; nothing was saved")
    );
}

/// A day something happened on (a sign seen, a stay interview held) cannot be after today;
/// a plan's end, which is to come, can.
#[test]
fn a_day_that_has_not_come_is_refused_for_what_happened() {
    let mut app = demo_app();
    select(&mut app, "sofia");
    press(&mut app, "L down tab");
    let e = fill(&mut app, "+1d", "ctrl-s");
    assert!(changes(&e).is_empty(), "nothing saved");
    let tomorrow = app.today + chrono::Duration::days(1);
    let form = app.form.as_ref().expect("open");
    assert_eq!(
        form.fields[1].error.as_deref(),
        Some(
            format!(
                "{tomorrow} has not come yet: write the day it happened, today ({}) or before",
                app.today
            )
            .as_str()
        )
    );
    press(&mut app, "ctrl-u");
    let e = fill(&mut app, "today", "ctrl-s");
    assert_eq!(changes(&e).len(), 1, "today is fine");
    made(&mut app, e, &mut Vec::new());
    press(&mut app, "s");
    let e = fill(&mut app, "2030-01-01", "tab");
    assert!(changes(&e).is_empty());
    type_text(&mut app, "The team");
    assert!(changes(&press(&mut app, "ctrl-s")).is_empty());
    let form = app.form.as_ref().expect("open");
    assert!(
        (form.fields[0].error.as_deref()).is_some_and(|e| e.starts_with("2030-01-01 has not come")),
        "{:?}",
        form.fields[0].error
    );
}

/// A successor's form opened on the incumbent's pane keeps its draft under the incumbent:
/// marked on their row, and thrown away with `D` there (it was kept under nobody, so `D`
/// said there was no draft).
#[test]
fn a_successor_draft_begun_on_the_incumbents_pane_is_theirs() {
    let mut app = demo_app();
    select(&mut app, "sarah mitchell");
    open_tab(&mut app, Tab::Succession);
    press(&mut app, "S");
    type_text(&mut app, "E012");
    press(&mut app, "esc");
    assert!(app.form.is_none());
    let kept: Vec<&str> = (app.drafts.values()).map(|d| d.person.as_str()).collect();
    assert_eq!(kept, vec!["E002"], "Sarah holds the position");
    press(&mut app, "D");
    let Some(crate::app::Overlay::Confirm { question, .. }) = &app.overlay else {
        panic!("asks first: {:?}", app.status);
    };
    assert!(
        question.starts_with("Throw away the successor draft about Sarah Mitchell?"),
        "{question}"
    );
}

#[test]
fn a_closed_form_keeps_its_draft_and_a_draft_is_thrown_away_only_after_yes() {
    let mut app = demo_app();
    select(&mut app, "ben carter");
    let effects = press(&mut app, "p");
    assert!(effects.is_empty());
    let effects = type_text(&mut app, "Reliability");
    assert!(
        matches!(effects.last(), Some(Effect::SaveDraft(_))),
        "kept as typed"
    );
    press(&mut app, "esc");
    assert!(app.form.is_none());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Draft kept"))
    );
    assert_eq!(app.drafts.len(), 1);
    press(&mut app, "p");
    assert_eq!(app.status.as_deref(), Some("Your unsaved draft is back"));
    assert_eq!(
        app.form
            .as_ref()
            .map(|f| f.fields[0].text.text())
            .as_deref(),
        Some("Reliability")
    );
    // Throwing it away asks first; any key but y keeps it.
    press(&mut app, "ctrl-d");
    type_text(&mut app, "n");
    assert!(app.form.is_some() && app.drafts.len() == 1);
    press(&mut app, "ctrl-d");
    let effects = type_text(&mut app, "y");
    assert!(app.form.is_none() && app.drafts.is_empty());
    assert!(matches!(&effects[..], [Effect::DeleteDraft(key)] if key == "new_plan-E013"));
    // From the roster too, for a draft left by an earlier session.
    press(&mut app, "n");
    type_text(&mut app, "Half a thought");
    press(&mut app, "esc D");
    let effects = type_text(&mut app, "y");
    assert!(matches!(&effects[..], [Effect::DeleteDraft(key)] if key == "E013"));
}

#[test]
fn the_nine_box_is_walked_cell_by_cell_and_opens_a_person() {
    let mut app = demo_app();
    press(&mut app, "4");
    assert_eq!(app.nine_box_cell, (2, 2), "the star box first");
    let stars = app.nine_box_people().len();
    assert!(stars >= 2, "the demo has stars");
    press(&mut app, "j");
    assert_eq!(
        (app.nine_box_cell, app.item),
        ((2, 2), 1),
        "down walks the cell"
    );
    for _ in 0..stars {
        press(&mut app, "j");
    }
    assert_eq!(app.nine_box_cell, (2, 1), "past the last, the cell below");
    press(&mut app, "h h h");
    assert_eq!(app.nine_box_cell, (0, 1), "left stops at the edge");
    press(&mut app, "l l k");
    assert_eq!(
        (app.nine_box_cell, app.item),
        ((2, 2), stars - 1),
        "up from the top of a cell: the last of the cell above"
    );
    let (_, first) = app.nine_box_people().first().cloned().expect("someone");
    press(&mut app, "g enter");
    assert_eq!(app.view, View::People);
    assert_eq!(app.roster.selected_id(), Some(first.as_str()));
    press(&mut app, "esc");
    assert_eq!(app.view, View::NineBox, "esc goes back to the grid");
    assert_eq!(app.nine_box_cell, (2, 2));
}

#[test]
fn help_and_the_palette_find_the_new_actions_by_a_managers_words() {
    use crate::app::action::Action;
    let app = demo_app();
    for (words, wanted) in [
        ("plan", Action::NewPlan),
        ("pip", Action::CheckIn),
        ("successor", Action::AddSuccessor),
        ("risk", Action::SetLeavingStage),
        ("assessment", Action::RecordAssessment),
        ("9-box", Action::RecordAssessment),
        ("readiness", Action::SetReadiness),
        ("draft", Action::DiscardDraft),
    ] {
        let help: Vec<Action> = app.help_lines(words).iter().map(|l| l.action).collect();
        assert!(help.contains(&wanted), "? {words}: {help:?}");
        let palette = crate::app::overlay_palette(words);
        assert!(palette.contains(&wanted), ": {words}: {palette:?}");
    }
}

#[test]
fn a_draft_comes_back_whole_and_typing_goes_on_from_it() {
    let mut app = demo_app();
    select(&mut app, "zhangjian");
    // A GROW note's draft as written before notes had the carried-actions checklist.
    let older: crate::app::form::Draft = serde_json::from_str(
        r#"{"person":"E030","fields":["Lead the launch","","","","","7"],"focus":5}"#,
    )
    .unwrap();
    app.drafts.insert(older.key(), older);
    press(&mut app, "n");
    assert_eq!(app.status.as_deref(), Some("Your unsaved draft is back"));
    let form = app.form.as_ref().expect("open");
    assert_eq!(form.fields[0].text.text(), "Lead the launch");
    assert_eq!(form.focus, 5);
    // What was restored is edited, not replaced, by the next key.
    type_text(&mut app, "5");
    let form = app.form.as_ref().expect("open");
    assert_eq!(form.fields[5].text.text(), "75");
    // A value the form opened with is replaced by typing.
    press(&mut app, "esc");
    select(&mut app, "ben carter");
    press(&mut app, "p tab tab tab");
    type_text(&mut app, "7");
    let form = app.form.as_ref().expect("open");
    assert_eq!(form.fields[3].text.text(), "7", "14 was replaced");
}

#[test]
fn correcting_a_note_keeps_each_actions_number_and_done_day_by_its_text() {
    let mut app = demo_app();
    select(&mut app, "zhangjian");
    press(&mut app, "n");
    type_text(&mut app, "Goal");
    press(&mut app, "tab tab tab tab");
    type_text(&mut app, "First; with a part ; ; +1w");
    let bad = press(&mut app, "ctrl-s");
    assert!(
        changes(&bad).is_empty(),
        "a `;` in the text is a fourth part"
    );
    press(&mut app, "ctrl-u");
    type_text(&mut app, "First ; ; +1w");
    press(&mut app, "enter");
    type_text(&mut app, "Second ; ; +2w");
    let e = press(&mut app, "ctrl-s");
    carry_out(&mut app, e);
    let id = app
        .derived
        .notes(&app.org, "E030")
        .into_iter()
        .find(|n| n.date == app.today)
        .map(|n| n.id.clone())
        .expect("today's note");
    // The second action done, then the first removed in a correction.
    let done = Change::SetActionDone {
        note: id.clone(),
        action: 2,
        done: Some(app.today),
    };
    carry_out(&mut app, vec![Effect::Apply(Box::new(done))]);
    press(&mut app, "W tab tab tab tab up ctrl-k");
    let e = press(&mut app, "ctrl-s");
    let [Change::UpdateGrowNote { note }] = &changes(&e)[..] else {
        panic!("{e:?} {:?}", app.status)
    };
    assert_eq!(note.actions.len(), 1);
    assert_eq!(
        (
            note.actions[0].id,
            note.actions[0].text.as_str(),
            note.actions[0].done
        ),
        (2, "Second", Some(app.today)),
        "the action left keeps its number and its done day"
    );
}

#[test]
fn a_successor_moved_up_the_slate_stays_selected() {
    let mut app = demo_app();
    select(&mut app, "sarah mitchell");
    open_tab(&mut app, Tab::Succession);
    let items = |app: &App| {
        app.succession_items("E002")
            .iter()
            .map(|i| i.person.to_string())
            .collect::<Vec<_>>()
    };
    let before = items(&app);
    assert!(
        before.len() >= 2,
        "Sarah's position has a slate: {before:?}"
    );
    let e = press(&mut app, "j K");
    carry_out(&mut app, e);
    let after = items(&app);
    assert_eq!(
        (&after[0], &after[1]),
        (&before[1], &before[0]),
        "moved up one"
    );
    assert_eq!(app.item, 0, "the selection went with them");
}

#[test]
fn the_ladder_view_shows_each_level_and_opens_a_person_on_it() {
    use crate::app::ladder::LadderRow;
    let mut app = demo_app();
    press(&mut app, "6");
    assert_eq!(app.view, View::Ladder);
    let ladders = app
        .ladder_rows
        .iter()
        .filter(|r| matches!(r, LadderRow::Ladder { .. }))
        .count();
    assert!(ladders >= 2, "both tracks");
    // Every person in scope and still here stands on some row.
    let people = app
        .ladder_rows
        .iter()
        .filter(|r| matches!(r, LadderRow::Person { .. }))
        .count();
    let here = app
        .org
        .people
        .values()
        .filter(|p| !matches!(p.status, crate::domain::person::Status::Left { .. }))
        .count();
    assert_eq!(people, here);
    let at = app
        .ladder_rows
        .iter()
        .position(|r| matches!(r, LadderRow::Person { id, .. } if id == "E030"))
        .expect("张建 is on a ladder");
    app.item = at;
    press(&mut app, "enter");
    assert_eq!(
        (app.view, app.roster.selected_id()),
        (View::People, Some("E030"))
    );
}

#[test]
fn a_mentor_and_rotations_are_recorded_and_shown() {
    let mut app = demo_app();
    select(&mut app, "ben carter");
    press(&mut app, "M");
    type_text(&mut app, "Marcus Reid");
    press(&mut app, "tab");
    type_text(&mut app, "Data & AI ; 2026-09-01 ; 2026-08-01");
    assert!(
        changes(&press(&mut app, "ctrl-s")).is_empty(),
        "it ends before it starts"
    );
    press(&mut app, "ctrl-u");
    type_text(&mut app, "Data & AI ; 2026-09-01 ; 2026-10-31");
    let e = press(&mut app, "ctrl-s");
    carry_out(&mut app, e);
    let dev = app.org.people["E013"]
        .development
        .clone()
        .expect("recorded");
    assert_eq!(dev.mentor.as_ref().map(|m| m.as_str()), Some("E007"));
    assert_eq!(dev.rotations.len(), 1);
}

#[test]
fn the_departures_view_ticks_tasks_and_revokes_access_for_every_leaver() {
    use crate::app::retention::{DepartureRow, RetentionItem};
    let mut app = demo_app();
    press(&mut app, "7");
    assert_eq!(app.view, View::Departures);
    let rows = app.departure_rows();
    let departures = rows
        .iter()
        .filter(|r| matches!(r, DepartureRow::Departure(_)))
        .count();
    assert_eq!(departures, app.org.departures.len());
    // D002 (Daniel Okafor, still leaving): its second task is open.
    let open_task = rows
        .iter()
        .position(|r| {
            matches!(r, DepartureRow::Item(RetentionItem::Task { departure, task: 2 }) if departure.as_str() == "D002")
        })
        .expect("D002 task 2");
    app.item = open_task;
    let e = press(&mut app, "x");
    assert!(matches!(
        &changes(&e)[..],
        [Change::CompleteHandoverTask { task: 2, .. }]
    ));
    carry_out(&mut app, e);
    let e = press(&mut app, "C");
    carry_out(&mut app, e);
    let task = &app.org.departures["D002"].tasks[1];
    assert!(task.done_on.is_some() && task.confirmed_on.is_some());
    let access = app
        .departure_rows()
        .iter()
        .position(|r| {
            matches!(r, DepartureRow::Item(RetentionItem::Revocation { departure, id: 2 }) if departure.as_str() == "D002")
        })
        .expect("D002 access 2");
    app.item = access;
    let e = press(&mut app, "X");
    carry_out(&mut app, e);
    assert!(
        app.org.departures["D002"].revocations[1]
            .revoked_at
            .is_some()
    );
    press(&mut app, "enter");
    assert_eq!(
        (app.view, app.roster.selected_id()),
        (View::People, Some("E040"))
    );
}

#[test]
fn a_revoked_access_is_not_stamped_again_and_only_a_done_task_is_confirmed() {
    use crate::app::retention::{DepartureRow, RetentionItem};
    let mut app = demo_app();
    press(&mut app, "7");
    let find = |app: &App, wanted: RetentionItem| {
        app.departure_rows()
            .iter()
            .position(|r| *r == DepartureRow::Item(wanted.clone()))
            .expect("the row")
    };
    // D001's first access was revoked long ago; D002's fourth task is not done.
    app.item = find(
        &app,
        RetentionItem::Revocation {
            departure: "D001".into(),
            id: 1,
        },
    );
    assert!(press(&mut app, "X").is_empty());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Revoked already"))
    );
    app.item = find(
        &app,
        RetentionItem::Task {
            departure: "D002".into(),
            task: 4,
        },
    );
    assert!(press(&mut app, "C").is_empty(), "not done yet");
    let e = press(&mut app, "x");
    carry_out(&mut app, e);
    assert!(press(&mut app, "x").is_empty(), "done already");
    let e = press(&mut app, "C");
    assert_eq!(changes(&e).len(), 1, "now the receiver confirms");
}

#[test]
fn a_note_draft_whose_note_is_stored_already_goes_rather_than_be_saved_twice() {
    let mut app = demo_app();
    select(&mut app, "zhangjian");
    press(&mut app, "n");
    type_text(&mut app, "Lead the launch");
    let kept = app.drafts.values().next().cloned().expect("a draft");
    let e = press(&mut app, "ctrl-s");
    carry_out(&mut app, e);
    // The process ended after the save and before the draft went: it is found again.
    app.drafts.insert(kept.key(), kept.clone());
    let mut other = kept.clone();
    other.fields[0] = "Something not saved".into();
    other.person = "E029".into();
    other.kind = Some(crate::app::flows::FormKind::GrowNote {
        person: "E029".into(),
    });
    app.drafts.insert(other.key(), other);
    let effects = app.drafts_already_saved();
    assert_eq!(effects, vec![Effect::DeleteDraft(kept.key())]);
    assert_eq!(app.drafts.len(), 1, "the unsaved one stays");
}

#[test]
fn a_grow_note_stores_names_as_people_write_them() {
    use crate::app::Input;
    let accent = include_str!("../../../tests/cases/editor/note_combining_accent_nfd.txt");
    let persian = include_str!("../../../tests/cases/editor/note_persian_zwnj.txt");
    let mut app = demo_app();
    select(&mut app, "zhangjian");
    press(&mut app, "n");
    // Typed one key at a time, the accent after its letter; then a letter put in before the
    // é and taken out again, and the last letter taken off.
    type_text(&mut app, accent);
    press(&mut app, "left left");
    type_text(&mut app, "x");
    press(&mut app, "backspace end backspace");
    type_text(&mut app, "e, met ");
    app.update(Input::Paste(persian.to_string()));
    press(&mut app, "tab");
    // Pasted whole: decomposed as some systems send it.
    app.update(Input::Paste(format!("{accent} and {persian}")));
    let note = changes(&press(&mut app, "ctrl-s"))
        .into_iter()
        .find_map(|c| match c {
            Change::AddGrowNote { note } => Some(note),
            _ => None,
        })
        .expect("a note is saved");
    assert_eq!(note.goal, format!("Ren\u{e9}e, met {persian}"));
    assert_eq!(note.reality, format!("Ren\u{e9}e and {persian}"));
    assert!(note.reality.contains('\u{200c}'), "the non-joiner is kept");
}
