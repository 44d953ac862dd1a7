//! The cockpit driven with key strings, on the demo organisation, as a manager would use it.

use super::action::Action;
use super::keymap::Keymap;
use super::{App, Effect, Focus, Input, Overlay, Tab, View};
use crate::domain::insight::Rules;
use crate::domain::{Change, Org};
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The day every test runs on, so screens do not change with the calendar.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

pub fn demo_org() -> Org {
    let mut org = Org::default();
    let change = crate::demo::demo_change(today()).expect("the demo builds");
    org.apply(&change).expect("the demo applies");
    org
}

pub fn demo_app() -> App {
    App::new(
        demo_org(),
        Rules::default(),
        Keymap::load(None).expect("keymap"),
        today(),
        "admin",
    )
}

/// Presses keys written as in keymap files: `j`, `enter`, `ctrl-p`, `G`.
pub fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    app.press(keys).unwrap_or_else(|e| panic!("{e}"))
}

/// Types text, one key per character.
pub fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| {
            app.update(Input::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
        })
        .collect()
}

/// Applies what the keys asked for to the app's own records, as the runtime would.
pub fn carry_out(app: &mut App, effects: Vec<Effect>) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    let mut seq = app.history.last().map_or(100, |e| e.seq);
    while let Some(effect) = queue.pop_front() {
        if let Effect::Apply(change) = effect {
            let mut org = Org::clone(&app.org);
            match org.apply(&change) {
                Ok(diffs) => {
                    seq += 1;
                    let entry = crate::domain::AuditEntry {
                        seq,
                        at: chrono::Utc::now(),
                        actor: "admin".into(),
                        change: *change,
                        diffs,
                    };
                    queue.extend(app.applied(entry, Ok(std::sync::Arc::new(org))));
                }
                Err(e) => app.failed(e.to_string()),
            }
        }
    }
}

fn applied(effects: &[Effect]) -> Vec<&Change> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Apply(change) => Some(change.as_ref()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_finder_finds_zhang_jian_by_pinyin_initials() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    press(&mut app, "enter");
    assert!(app.overlay.is_none());
    assert_eq!(app.roster.selected_id(), Some("E030"));
    assert_eq!(app.selected_person().map(|p| p.name.as_str()), Some("张建"));
}

#[test]
fn the_finder_opens_on_the_people_most_in_need_of_attention_and_finds_ids() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    let listed: Vec<(String, u32)> = match &app.overlay {
        Some(Overlay::Finder(finder)) => finder
            .hits
            .iter()
            .take(5)
            .filter_map(|h| finder.id_of(h))
            .map(|id| (id.to_string(), app.derived.urgency_of(id)))
            .collect(),
        _ => panic!("the finder is not open"),
    };
    assert_eq!(listed.len(), 5, "nothing listed before a letter is typed");
    let most = app
        .org
        .people
        .keys()
        .map(|id| app.derived.urgency_of(id.as_str()))
        .max()
        .unwrap_or(0);
    assert!(most > 0);
    assert_eq!(listed[0].1, most, "{listed:?}");
    assert!(listed.windows(2).all(|w| w[0].1 >= w[1].1), "{listed:?}");
    // An employee id, in any case, finds that person first.
    type_text(&mut app, "e030");
    press(&mut app, "enter");
    assert_eq!(app.roster.selected_id(), Some("E030"));
}

#[test]
fn vim_keys_and_arrows_move_and_tabs_cycle() {
    let mut app = demo_app();
    let first = app.roster.selected_id().map(str::to_string);
    press(&mut app, "j j down");
    assert_eq!(app.roster.selected, 3);
    press(&mut app, "k up");
    assert_eq!(app.roster.selected, 1);
    press(&mut app, "g");
    assert_eq!(app.roster.selected_id().map(str::to_string), first);
    press(&mut app, "G");
    assert_eq!(app.roster.selected, app.roster.rows.len() - 1);
    press(&mut app, "tab tab");
    assert_eq!(app.tab, Tab::Plan);
    press(&mut app, "shift-tab");
    assert_eq!(app.tab, Tab::Coaching);
    press(&mut app, "enter");
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, "esc");
    assert_eq!(app.focus, Focus::Roster);
}

#[test]
fn folding_the_tree_and_switching_to_a_list() {
    let mut app = demo_app();
    let all = app.roster.rows.len();
    press(&mut app, "h");
    assert_eq!(
        app.roster.rows.len(),
        1,
        "the top of the tree folds everyone away"
    );
    press(&mut app, "l");
    assert_eq!(app.roster.rows.len(), all);
    press(&mut app, "t");
    assert!(!app.roster.tree);
    assert!(app.roster.rows.iter().all(|r| r.depth == 0));
    press(&mut app, "o");
    let names: Vec<&str> = app
        .roster
        .rows
        .iter()
        .filter_map(|r| app.org.people.get(r.id.as_str()))
        .map(|p| p.name.as_str())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_cached_key(|n| (crate::text::names::sort_key_of(n), *n));
    assert_eq!(names, sorted, "by name, Chinese by its pinyin");
}

#[test]
fn the_filter_narrows_the_roster_and_esc_clears_it() {
    let mut app = demo_app();
    press(&mut app, "/");
    type_text(&mut app, "priya");
    press(&mut app, "enter");
    assert_eq!(app.roster.rows.len(), 1);
    assert_eq!(app.roster.selected_id(), Some("E029"));
    press(&mut app, "esc");
    assert!(app.roster.filter.is_empty());
    assert_eq!(
        app.roster.selected_id(),
        Some("E029"),
        "the selection stays"
    );
}

#[test]
fn help_lists_every_key_and_filters_by_typing() {
    let mut app = demo_app();
    press(&mut app, "?");
    assert!(app.help_lines("").len() >= Action::ALL.len());
    type_text(&mut app, "pinyin");
    let Some(Overlay::Help { filter, .. }) = &app.overlay else {
        panic!("help is open")
    };
    let lines: Vec<_> = app
        .help_lines(filter)
        .into_iter()
        .filter(|l| l.mode == super::keymap::Mode::Browse)
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].action, lines[0].keys.as_str()),
        (Action::Finder, "ctrl-p")
    );
    press(&mut app, "enter");
    assert!(
        matches!(app.overlay, Some(Overlay::Finder(_))),
        "Enter runs the action"
    );
}

#[test]
fn the_palette_runs_any_action_by_name() {
    let mut app = demo_app();
    press(&mut app, ":");
    type_text(&mut app, "view_coverage");
    press(&mut app, "enter");
    assert_eq!(app.view, View::Coverage);
    press(&mut app, ":");
    type_text(&mut app, "find");
    press(&mut app, "enter");
    assert!(
        matches!(app.overlay, Some(Overlay::Finder(_))),
        ":find opens the finder"
    );
}

#[test]
fn enter_in_the_palette_runs_nothing_until_a_name_is_typed() {
    let mut app = demo_app();
    press(&mut app, ":");
    assert!(press(&mut app, "enter").is_empty());
    assert!(!app.quit, "`:` Enter does not quit");
    assert!(
        matches!(app.overlay, Some(Overlay::Palette { .. })),
        "still open"
    );
    assert_eq!(
        app.status.as_deref(),
        Some("Type an action's name first, then Enter runs it")
    );
    press(&mut app, "down");
    assert!(press(&mut app, "enter").is_empty() && !app.quit);
    type_text(&mut app, "quit");
    assert!(matches!(
        press(&mut app, "enter").as_slice(),
        [Effect::Quit]
    ));
}

#[test]
fn quitting_from_the_palette_with_a_draft_asks_first() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    press(&mut app, "enter n");
    type_text(&mut app, "Lead the launch");
    press(&mut app, "esc");
    assert_eq!(app.drafts.len(), 1);
    press(&mut app, ":");
    type_text(&mut app, "quit");
    assert!(press(&mut app, "enter").is_empty(), "asked, not quit");
    let Some(Overlay::Confirm { question, .. }) = &app.overlay else {
        panic!("a question")
    };
    assert!(
        question.starts_with("Quit with an unsaved draft?"),
        "{question}"
    );
    type_text(&mut app, "n");
    assert!(!app.quit && app.overlay.is_none());
    press(&mut app, ":");
    type_text(&mut app, "quit");
    press(&mut app, "enter");
    assert!(matches!(
        type_text(&mut app, "y").as_slice(),
        [Effect::Quit]
    ));
    assert!(app.quit);
}

#[test]
fn a_grow_note_is_typed_field_by_field_and_saved_through_a_change() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    press(&mut app, "enter n");
    let drafts = type_text(&mut app, "Lead the launch");
    assert_eq!(
        drafts.len(),
        "Lead the launch".len(),
        "every keystroke keeps the draft"
    );
    assert!(
        matches!(drafts.last(), Some(Effect::SaveDraft(d)) if d.fields[0] == "Lead the launch")
    );
    press(&mut app, "tab");
    type_text(&mut app, "Charter written");
    press(&mut app, "tab tab tab");
    type_text(&mut app, "Book the kickoff ; E030 ; 2026-12-01");
    let effects = press(&mut app, "ctrl-s");
    let [Change::AddGrowNote { note }] = applied(&effects)[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (
            note.person.as_str(),
            note.goal.as_str(),
            note.reality.as_str()
        ),
        ("E030", "Lead the launch", "Charter written")
    );
    assert_eq!(note.actions[0].due, NaiveDate::from_ymd_opt(2026, 12, 1));
    carry_out(&mut app, effects);
    assert!(app.form.is_none(), "saving closes the form");
    assert!(app.drafts.is_empty());
    assert!(app.org.notes.values().any(|n| n.goal == "Lead the launch"));
}

#[test]
fn closing_a_note_keeps_its_draft_and_n_brings_it_back() {
    let mut app = demo_app();
    press(&mut app, "n");
    type_text(&mut app, "half a thought");
    press(&mut app, "esc");
    assert!(app.form.is_none());
    press(&mut app, "n");
    let form = app.form.as_ref().expect("open again");
    assert_eq!(form.fields[0].text.text(), "half a thought");
}

/// A paste into a field still holding the value it opened with replaces it, as a typed key
/// does: it was put after it ("Analytics EngineerSenior Analytics Engineer").
#[test]
fn a_paste_replaces_the_value_a_field_opened_with() {
    let mut app = demo_app();
    press(&mut app, "E");
    let before = app.form.as_ref().unwrap().fields[0].text.text();
    assert!(!before.is_empty(), "the title is there");
    app.update(Input::Paste("Principal Engineer\nand more".into()));
    assert_eq!(
        app.form.as_ref().unwrap().fields[0].text.text(),
        "Principal Engineer and more"
    );
    // A second paste goes on from the first.
    app.update(Input::Paste("!".into()));
    assert_eq!(
        app.form.as_ref().unwrap().fields[0].text.text(),
        "Principal Engineer and more!"
    );
}

#[test]
fn pasted_text_goes_in_whole_with_its_line_breaks() {
    let mut app = demo_app();
    press(&mut app, "n tab tab");
    app.update(Input::Paste("one\r\ntwo\nthree".into()));
    assert_eq!(
        app.form
            .as_ref()
            .map(|f| f.fields[2].text.text())
            .as_deref(),
        Some("one\ntwo\nthree")
    );
}

#[test]
fn an_action_is_marked_done_and_undone() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    press(&mut app, "enter tab enter");
    assert_eq!((app.tab, app.focus), (Tab::Coaching, Focus::Detail));
    let effects = press(&mut app, "x");
    let [Change::SetActionDone { done, .. }] = applied(&effects)[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(*done, Some(today()));
    let before = app
        .actions_of("E030")
        .iter()
        .filter(|a| a.action.done.is_none())
        .count();
    carry_out(&mut app, effects);
    let after = app
        .actions_of("E030")
        .iter()
        .filter(|a| a.action.done.is_none())
        .count();
    assert_eq!(after, before - 1);
    assert!(press(&mut app, "u").is_empty(), "undo asks first");
    let Some(Overlay::Confirm { question, .. }) = &app.overlay else {
        panic!("no question")
    };
    assert!(
        question.starts_with("Undo this? Marked done: "),
        "{question}"
    );
    let undo = type_text(&mut app, "y");
    assert!(matches!(applied(&undo)[..], [Change::Revert { .. }]));
    carry_out(&mut app, undo);
    assert_eq!(
        app.actions_of("E030")
            .iter()
            .filter(|a| a.action.done.is_none())
            .count(),
        before
    );
}

#[test]
fn a_flag_is_acknowledged_from_the_flags_view_and_goes_quiet() {
    let mut app = demo_app();
    press(&mut app, "3");
    assert_eq!(app.view, View::Flags);
    let first = app.visible_flags()[0].id.clone();
    let effects = press(&mut app, "a");
    assert_eq!(applied(&effects).len(), 1);
    carry_out(&mut app, effects);
    let flag = app
        .derived
        .flags
        .iter()
        .find(|f| f.id == first)
        .expect("still stands");
    assert!(flag.quiet.is_some());
    let flags = app.visible_flags();
    let open = flags.iter().filter(|f| f.quiet.is_none()).count();
    let at = flags.iter().position(|f| f.id == first).unwrap_or_default();
    assert!(
        at >= open,
        "quiet flags come after every open one ({at} < {open})"
    );
}

#[test]
fn team_views_lead_back_to_the_person() {
    let mut app = demo_app();
    press(&mut app, "5");
    let person = app.visible_standings()[0].person.clone();
    press(&mut app, "enter");
    assert_eq!(
        (app.view, app.roster.selected_id()),
        (View::People, Some(person.as_str()))
    );
}

#[test]
fn undo_with_nothing_done_says_so() {
    let mut app = demo_app();
    assert!(press(&mut app, "u").is_empty());
    assert_eq!(
        app.status.as_deref(),
        Some("Nothing to undo in this session")
    );
}

#[test]
fn q_quits_from_browsing_and_is_typed_in_a_note() {
    let mut app = demo_app();
    press(&mut app, "n");
    assert!(press(&mut app, "q").is_empty() || !app.quit);
    assert!(!app.quit, "q is a letter in a note");
    press(&mut app, "esc");
    assert_eq!(press(&mut app, "q").last(), Some(&Effect::Quit));
}

#[test]
fn a_manager_sees_only_their_reports() {
    let org = demo_org();
    // The demo's user `liwei` is 李伟 (E006), a manager: everyone below him, not himself.
    let app = App::new(
        org,
        Rules::default(),
        Keymap::load(None).unwrap(),
        today(),
        "liwei",
    );
    let ids: Vec<&str> = app.roster.rows.iter().map(|r| r.id.as_str()).collect();
    assert!(!ids.contains(&"E006") && ids.contains(&"E011"));
    assert!(!ids.contains(&"E030"), "张建 is not in 李伟's line");
    assert!(
        app.visible_standings()
            .iter()
            .all(|s| app.derived.visible(&s.person))
    );
}

#[test]
fn a_check_in_rates_every_goal_of_the_plan_in_one_form() {
    let mut app = demo_app();
    press(&mut app, "/");
    type_text(&mut app, "tomasz");
    press(&mut app, "enter tab tab enter j c");
    let form = app.form.as_ref().expect("the check-in form opens");
    let goals = app.org.pips["PIP01"].goals.len();
    assert_eq!(
        form.fields.len(),
        2 + 2 * goals,
        "day, value and rating per goal, note"
    );
    // Day, then goal 1's value and rating, goal 2's value and rating: the cursor starts on
    // goal 1's value.
    assert_eq!(app.form.as_ref().map(|f| f.focus), Some(1));
    press(&mut app, "tab");
    type_text(&mut app, "maybe");
    press(&mut app, "tab");
    type_text(&mut app, "1.5");
    press(&mut app, "tab");
    type_text(&mut app, "on");
    assert!(
        press(&mut app, "ctrl-s").is_empty(),
        "a bad rating is refused"
    );
    let form = app.form.as_ref().expect("the form stays");
    assert!(
        form.fields[2]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("`maybe`")),
        "{:?}",
        form.fields[2].error
    );
    assert_eq!(form.focus, 2, "the cursor goes to the problem");
    press(
        &mut app,
        "backspace backspace backspace backspace backspace",
    );
    type_text(&mut app, "at");
    let effects = press(&mut app, "ctrl-s");
    let [Change::RecordPipCheckIn { pip, checkin }] = applied(&effects)[..] else {
        panic!("{effects:?} {:?}", app.status)
    };
    assert_eq!(pip.as_str(), "PIP01");
    assert_eq!(checkin.ratings.len(), goals, "every goal is rated");
    assert_eq!(
        (checkin.ratings[1].goal, checkin.ratings[1].value),
        (2, Some(1.5))
    );
    carry_out(&mut app, effects);
    assert!(app.form.is_none(), "saving closes the form");
    assert_eq!(app.org.pips["PIP01"].goals[1].current, 1.5);
}

#[test]
fn readiness_is_picked_directly_for_the_selected_successor() {
    let mut app = demo_app();
    press(&mut app, "/");
    type_text(&mut app, "liwei");
    press(&mut app, "enter tab tab tab enter");
    let readiness = |app: &App| {
        app.org.positions["KP01"]
            .successor(&"E006".into())
            .map(|s| s.readiness)
    };
    assert_eq!(
        readiness(&app),
        Some(crate::domain::succession::Readiness::ReadyNow)
    );
    press(&mut app, "e");
    assert_eq!(
        app.form.as_ref().map(|f| f.focus),
        Some(1),
        "on the readiness"
    );
    // The field holds the current readiness; typed words pick another.
    press(&mut app, "end");
    for _ in 0..12 {
        press(&mut app, "backspace");
    }
    type_text(&mut app, "3+");
    let effects = press(&mut app, "ctrl-s");
    let [
        Change::SetReadiness {
            person,
            readiness: r,
            ..
        },
    ] = applied(&effects)[..]
    else {
        panic!("{effects:?} {:?}", app.status)
    };
    assert_eq!(
        (person.as_str(), *r),
        ("E006", crate::domain::succession::Readiness::ThreePlusYears)
    );
    carry_out(&mut app, effects);
    assert_eq!(
        readiness(&app),
        Some(crate::domain::succession::Readiness::ThreePlusYears),
        "one change, no steps in between"
    );
}

#[test]
fn a_flag_is_raised_by_hand_and_resolved_with_a_note() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    press(&mut app, "enter f");
    type_text(&mut app, "high");
    press(&mut app, "enter");
    type_text(&mut app, "Mentioned an outside offer");
    let effects = press(&mut app, "enter");
    let [Change::RaiseFlag { flag }] = applied(&effects)[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (flag.severity, flag.reason.as_str()),
        (
            crate::domain::flag::Severity::High,
            "Mentioned an outside offer"
        )
    );
    let id = flag.id.to_string();
    carry_out(&mut app, effects);
    press(&mut app, "shift-tab enter");
    let at = app
        .derived
        .person_flags("E030")
        .position(|f| f.id == id)
        .expect("the new flag shows");
    for _ in 0..at {
        press(&mut app, "j");
    }
    press(&mut app, "v");
    type_text(&mut app, "Talked it through; staying");
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    assert!(matches!(
        app.org.flags[id.as_str()].state,
        crate::domain::flag::FlagState::Resolved { .. }
    ));
    assert!(
        app.derived.person_flags("E030").all(|f| f.id != id),
        "a resolved flag no longer stands"
    );
    // Undone, the status line says whose flag and what it was, not its id.
    press(&mut app, "u");
    let effects = type_text(&mut app, "y");
    carry_out(&mut app, effects);
    let status = app.status.clone().unwrap_or_default();
    assert_eq!(
        status, "Undone: the flag on 张建 (Mentioned an outside offer) is no longer resolved",
        "{status}"
    );
    assert!(!status.contains(&id));
}

#[test]
fn the_editor_hand_off_asks_for_the_current_field_and_takes_it_back() {
    let mut app = demo_app();
    press(&mut app, "n tab");
    type_text(&mut app, "short");
    let effects = press(&mut app, "ctrl-e");
    assert_eq!(effects, vec![Effect::EditExternally("short".into())]);
    let drafts = app.edited_externally("a much longer\nreality\n".into());
    assert!(
        matches!(drafts.last(), Some(Effect::SaveDraft(d)) if d.fields[1] == "a much longer\nreality")
    );
}

#[test]
fn undo_asks_and_any_key_but_y_keeps_the_change() {
    let mut app = demo_app();
    press(&mut app, "n");
    type_text(&mut app, "A note worth keeping");
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    press(&mut app, "u");
    assert!(press(&mut app, "esc").is_empty());
    assert!(
        type_text(&mut app, "n").is_empty() || app.form.is_some(),
        "n after the question is a plain key again"
    );
    assert!(
        app.org
            .notes
            .values()
            .any(|n| n.goal == "A note worth keeping"),
        "still there"
    );
    assert_eq!(app.history.len(), 1, "and still undoable");
}

#[test]
fn keys_do_nothing_while_the_window_is_too_small_but_quit() {
    let mut app = demo_app();
    app.too_small = true;
    assert!(press(&mut app, "3 a n").is_empty());
    assert_eq!((app.view, app.form.is_none()), (View::People, true));
    assert_eq!(press(&mut app, "q"), vec![Effect::Quit]);
}

#[test]
fn a_filter_matching_nobody_gives_the_selection_back_when_cleared() {
    let mut app = demo_app();
    press(&mut app, "j j j");
    let before = app.roster.selected_id().map(str::to_string);
    press(&mut app, "/");
    type_text(&mut app, "qqqq");
    assert!(app.roster.rows.is_empty());
    press(&mut app, "enter esc");
    assert_eq!(app.roster.selected_id().map(str::to_string), before);
}

#[test]
fn marking_an_action_done_keeps_it_selected() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    press(&mut app, "enter tab enter");
    let first = app.actions_of("E030")[0].action.text.clone();
    let effects = press(&mut app, "x");
    carry_out(&mut app, effects);
    let actions = app.actions_of("E030");
    assert_eq!(
        actions[app.item].action.text, first,
        "the cursor follows the action"
    );
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with(&format!("Marked done: \"{first}\""))),
        "{:?}",
        app.status
    );
}

#[test]
fn an_undo_that_fails_stays_in_the_history() {
    let mut app = demo_app();
    press(&mut app, "n");
    type_text(&mut app, "Keep me");
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    press(&mut app, "u");
    let undo = type_text(&mut app, "y");
    assert_eq!(applied(&undo).len(), 1);
    app.failed("the database is busy".into());
    assert_eq!(app.history.len(), 1, "still there to undo");
}

#[test]
fn a_saved_note_closes_even_when_the_records_cannot_be_read_back() {
    let mut app = demo_app();
    press(&mut app, "n");
    type_text(&mut app, "Saved anyway");
    let effects = press(&mut app, "ctrl-s");
    let [Change::AddGrowNote { note }] = applied(&effects)[..] else {
        panic!("{effects:?}")
    };
    let entry = crate::domain::AuditEntry {
        seq: 1,
        at: chrono::Utc::now(),
        actor: "admin".into(),
        change: Change::AddGrowNote { note: note.clone() },
        diffs: vec![],
    };
    let follow = app.applied(entry, Err("disk went away".into()));
    assert!(app.form.is_none());
    assert!(matches!(follow[..], [Effect::DeleteDraft(_)]));
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("could not be read back"))
    );
}

/// The cockpit as it first opens: the people with only what the roster shows, and the users.
pub fn starting_app() -> App {
    let full = demo_org();
    let mut roster = Org::default();
    for person in full.people.values() {
        let mut shown =
            crate::domain::person::Person::new(person.id.as_str(), person.name.as_str());
        shown.title = person.title.clone();
        shown.team = person.team.clone();
        shown.manager = person.manager.clone();
        shown.status = person.status;
        roster.people.insert(person.id.0.clone(), shown);
    }
    roster.users = full.users.clone();
    App::starting(
        roster,
        Rules::default(),
        Keymap::load(None).expect("keymap"),
        today(),
        "admin",
    )
}

#[test]
fn the_roster_can_be_walked_before_the_records_arrive_and_the_selection_survives_them() {
    let mut app = starting_app();
    assert!(app.loading);
    assert!(app.derived.flags.is_empty(), "nothing worked out yet");
    press(&mut app, "j j j");
    let chosen = app.roster.selected_id().map(str::to_string);
    let before = app.roster.rows.len();
    assert!(before > 40, "the whole roster is there: {before}");

    app.roster_offset.set(1); // the selected row is the third on screen

    let org = demo_org();
    let derived = super::derived::Derived::compute(&org, &app.rules, app.today, "admin");
    app.loaded(org, derived);
    assert!(!app.loading);
    assert!(!app.derived.flags.is_empty());
    assert_eq!(app.roster.selected_id().map(str::to_string), chosen);
    assert_eq!(app.roster.rows.len(), before);
    assert_eq!(
        app.roster.selected - app.roster_offset.get(),
        2,
        "the selected row stays where it was on screen"
    );
}

/// Nobody chose anyone while the records were read: the selection is then the top of the
/// roster as urgency orders it, not the first name of the roster read before.
#[test]
fn untouched_while_loading_the_selection_is_the_most_urgent_row() {
    let mut app = starting_app();
    // A flat list by urgency: before the records, everyone's urgency is nought and the first
    // row is the first name.
    app.roster.tree = false;
    app.rebuild_roster();
    let first_by_name = app.roster.selected_id().map(str::to_string);
    let org = demo_org();
    let derived = super::derived::Derived::compute(&org, &app.rules, app.today, "admin");
    app.loaded(org, derived);
    assert_eq!(app.roster.selected, 0);
    let top = app.roster.rows.first().map(|r| r.id.to_string());
    assert_eq!(app.roster.selected_id().map(str::to_string), top);
    assert_ne!(top, first_by_name, "the order changed with the records");
}

#[test]
fn a_finder_query_typed_while_loading_is_searched_when_the_records_arrive() {
    let mut app = starting_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    let org = demo_org();
    let derived = super::derived::Derived::compute(&org, &app.rules, app.today, "admin");
    app.loaded(org, derived);
    let Some(Overlay::Finder(finder)) = &app.overlay else {
        panic!("the finder is still open")
    };
    assert_eq!(finder.selected_id(), Some("E030"), "张建");
}

#[test]
fn with_lazy_following_the_person_pane_waits_for_the_selection_to_rest() {
    let mut app = demo_app();
    app.follow_lazily = true;
    let first = app.selected_person().map(|p| p.id.to_string());
    press(&mut app, "j j j");
    let selected = app.selected_person().map(|p| p.id.to_string());
    assert_ne!(first, selected);
    assert!(app.detail_behind());
    assert_eq!(app.shown_person().map(|p| p.id.to_string()), first);
    app.catch_up();
    assert_eq!(app.shown_person().map(|p| p.id.to_string()), selected);

    // Any key that is not a roster move brings the pane up to date before it acts.
    press(&mut app, "j");
    assert!(app.detail_behind());
    press(&mut app, "tab");
    assert!(!app.detail_behind());
    assert_eq!(
        app.shown_person().map(|p| p.id.to_string()),
        app.selected_person().map(|p| p.id.to_string())
    );
}

#[test]
fn while_loading_a_flag_being_raised_is_kept_and_the_filter_matches_names() {
    let mut app = starting_app();
    press(&mut app, "f");
    type_text(&mut app, "high");
    press(&mut app, "enter");
    type_text(&mut app, "Mentioned an outside offer");
    let effects = press(&mut app, "enter");
    assert!(
        applied(&effects).is_empty(),
        "nothing is changed while loading"
    );
    let form = app.form.as_ref().expect("the form is still open");
    assert_eq!(
        form.fields[1].text.text(),
        "Mentioned an outside offer",
        "what was typed is kept"
    );
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Still reading"))
    );

    press(&mut app, "esc /");
    type_text(&mut app, "raj");
    let shown: Vec<&str> = app.roster.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(shown, vec!["E021"], "Raj Patel");

    // Once the records are in, the message that a change waits goes.
    let org = demo_org();
    let derived = super::derived::Derived::compute(&org, &app.rules, app.today, "admin");
    app.status = Some(super::STILL_READING.into());
    app.loaded(org, derived);
    assert_eq!(app.status, None);
}

#[test]
fn a_note_saved_while_the_records_are_read_is_saved_once_they_are_here() {
    let mut app = starting_app();
    press(&mut app, "n");
    type_text(&mut app, "Lead the launch");
    let effects = press(&mut app, "ctrl-s");
    assert!(applied(&effects).is_empty(), "nothing is changed yet");
    assert_eq!(app.status.as_deref(), Some(super::SAVE_WAITS));
    assert!(app.form.is_some(), "the form stays open meanwhile");

    let org = demo_org();
    let derived = super::derived::Derived::compute(&org, &app.rules, app.today, "admin");
    app.loaded(org, derived);
    let queued = app.take_queued();
    let [Change::AddGrowNote { note }] = applied(&queued)[..] else {
        panic!("saved once the records are here: {queued:?}")
    };
    assert_eq!(note.goal, "Lead the launch");
}

#[test]
fn a_save_that_waited_is_let_go_once_its_form_is_closed() {
    let mut app = starting_app();
    press(&mut app, "n");
    type_text(&mut app, "Lead the launch");
    press(&mut app, "ctrl-s esc");
    assert!(app.form.is_none());
    let org = demo_org();
    let derived = super::derived::Derived::compute(&org, &app.rules, app.today, "admin");
    app.loaded(org, derived);
    assert!(applied(&app.take_queued()).is_empty(), "nothing is saved");
}

#[test]
fn the_finder_and_the_filter_search_everything_the_roster_holds_while_loading() {
    let mut app = starting_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    let Some(Overlay::Finder(finder)) = &app.overlay else {
        panic!("the finder is open")
    };
    assert_eq!(
        finder.selected_id(),
        Some("E030"),
        "张建 by pinyin initials"
    );
    press(&mut app, "esc /");
    type_text(&mut app, "zoe");
    let shown: Vec<&str> = app.roster.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(shown, vec!["E014"], "Zoë, accents folded");
}

#[test]
fn esc_goes_back_to_the_team_view_a_person_was_opened_from() {
    let mut app = demo_app();
    press(&mut app, "3 j j enter");
    assert_eq!(app.view, View::People);
    press(&mut app, "esc");
    assert_eq!((app.view, app.item), (View::Flags, 2), "the same row");
    press(&mut app, "1 esc");
    assert_eq!(
        app.view,
        View::People,
        "a view chosen by its key is not gone back from"
    );
}

#[test]
fn ctrl_u_clears_what_is_typed_in_the_finder_the_filter_and_the_palette() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zoe");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "zj");
    let Some(Overlay::Finder(finder)) = &app.overlay else {
        panic!("the finder is open")
    };
    assert_eq!(finder.query, "zj");
    press(&mut app, "esc /");
    type_text(&mut app, "zoe");
    press(&mut app, "ctrl-u");
    assert_eq!(app.roster.filter, "");
    press(&mut app, "esc :");
    type_text(&mut app, "und");
    press(&mut app, "ctrl-u");
    assert!(matches!(&app.overlay, Some(Overlay::Palette { query, .. }) if query.is_empty()));
}

#[test]
fn flag_keys_say_how_to_reach_a_flag_and_a_raised_flag_names_its_person() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p");
    type_text(&mut app, "zj");
    press(&mut app, "enter shift-tab a");
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Press enter to move into the Flags tab"),
        "{status}"
    );

    press(&mut app, "f");
    type_text(&mut app, "high");
    press(&mut app, "enter");
    type_text(&mut app, "Mentioned an outside offer");
    let effects = press(&mut app, "enter");
    carry_out(&mut app, effects);
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Flag raised on 张建: Mentioned"),
        "{status}"
    );
}

#[test]
fn a_page_in_the_finder_is_the_rows_it_shows() {
    let mut app = demo_app();
    app.page = 35; // a 40-row terminal: the finder shows 20 rows
    press(&mut app, "ctrl-p");
    type_text(&mut app, "a");
    press(&mut app, "pagedown");
    let Some(Overlay::Finder(finder)) = &app.overlay else {
        panic!("the finder is open")
    };
    assert_eq!(finder.selected, 20.min(finder.hits.len() - 1));
}

#[test]
fn quitting_with_a_draft_only_in_memory_asks_even_in_a_window_too_small_to_draw() {
    let mut app = demo_app();
    app.too_small = true;
    app.unwritten_drafts.insert("E001".into());
    assert!(press(&mut app, "q").is_empty(), "asked, not quit");
    assert!(matches!(
        app.overlay,
        Some(Overlay::Confirm {
            then: crate::app::Confirmed::Quit,
            ..
        })
    ));
    assert!(matches!(press(&mut app, "y").as_slice(), [Effect::Quit]));
    assert!(app.quit);
}

#[test]
fn a_form_too_small_to_show_its_text_ignores_typing_but_closes() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p z j enter n");
    assert!(app.form.is_some());
    app.form_too_small = true;
    type_text(&mut app, "lost");
    press(&mut app, "tab");
    let form = app.form.as_ref().expect("form");
    assert_eq!(form.focus, 0, "tab is ignored too");
    assert!(
        form.fields.iter().all(|f| !f.text.text().contains("lost")),
        "nothing typed blind reaches a field"
    );
    press(&mut app, "esc");
    assert!(app.form.is_none(), "esc still closes it");
}

/// An undo made in another cockpit says what it wrote, not only "Undone".
#[test]
fn an_undo_seen_from_elsewhere_names_what_it_took_back() {
    let app = demo_app();
    let diff = |key: &str| crate::domain::Diff {
        kind: crate::domain::Kind::GrowNote,
        key: key.into(),
        before: None,
        after: None,
    };
    let one = Change::Revert {
        seq: 7,
        diffs: vec![diff("N1")],
    };
    let said = app.describe(&one);
    assert!(
        said.starts_with("Undone: ") && said.contains("N1"),
        "{said}"
    );
    let two = Change::Revert {
        seq: 7,
        diffs: vec![diff("N1"), diff("N2")],
    };
    assert!(app.describe(&two).ends_with("and 1 more"));
}

/// `esc` then `q`, come in one piece (read as alt-q, as over SSH), does what the two keys do,
/// from the Flags view and from a form; it did nothing, and the keys after it ran as commands.
#[test]
fn esc_and_a_key_read_as_one_alt_key_do_what_the_two_keys_do() {
    let mut app = demo_app();
    press(&mut app, "3");
    assert_eq!(app.view, View::Flags);
    let effects = press(&mut app, "alt-q");
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
    // In a form: it closes, its draft kept, and the cockpit quits.
    let mut app = demo_app();
    press(&mut app, "n");
    type_text(&mut app, "abc");
    let effects = press(&mut app, "alt-q");
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
    assert!(app.form.is_none(), "closed");
    assert_eq!(app.drafts.len(), 1, "its draft kept");
    // An alt key whose letter writes (x ticks an action): esc alone, and the letter is said,
    // not run unseen.
    let mut app = demo_app();
    press(&mut app, "n");
    let effects = press(&mut app, "alt-x");
    assert!(app.form.is_none(), "esc closed the form");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Apply(_))),
        "{effects:?}"
    );
    assert_eq!(
        app.status.as_deref(),
        Some("esc and x came together: x was not run; press it again if it was meant")
    );
    // An alt key whose letter means nothing in browse mode (alt-b: a word left, in many
    // terminals) is left alone: the form stays open.
    let mut app = demo_app();
    press(&mut app, "n");
    press(&mut app, "alt-b");
    assert!(app.form.is_some(), "still open");
}

/// A departure's handover tasks are listed soonest due first, in the person's Retention tab and
/// in the Departures view (they were in the order the checklist made them).
#[test]
fn handover_tasks_are_listed_soonest_due_first() {
    use crate::app::retention::{DepartureRow, RetentionItem};
    let app = demo_app();
    let due = |item: &RetentionItem| match item {
        RetentionItem::Task { departure, task } => {
            let d = &app.org.departures[departure.as_str()];
            let t = d.tasks.iter().find(|t| t.id == *task).expect("task");
            Some(d.task_due(t))
        }
        _ => None,
    };
    let mut checked = 0;
    for departure in app.org.departures.values() {
        let days: Vec<_> = (app.retention_items(departure.person.as_str()).iter())
            .filter_map(due)
            .collect();
        assert!(days.is_sorted(), "{days:?}");
        checked += usize::from(days.len() > 1);
    }
    assert!(checked > 0, "the demo has a departure with tasks");
    let days: Vec<Vec<_>> = app
        .departure_rows()
        .split(|r| matches!(r, DepartureRow::Departure(_)))
        .map(|rows| {
            rows.iter()
                .filter_map(|r| match r {
                    DepartureRow::Item(item) => due(item),
                    _ => None,
                })
                .collect()
        })
        .collect();
    assert!(days.iter().all(|d| d.is_sorted()), "{days:?}");
}

/// Typing into the new calibration session's name replaces the name it offers.
#[test]
fn a_new_sessions_offered_name_is_replaced_by_typing() {
    let mut app = demo_app();
    press(&mut app, "8 N");
    let form = app.form.as_ref().expect("the form opens");
    let offered = form.fields[form.focus].text.text();
    assert!(!offered.is_empty(), "a name is offered");
    type_text(&mut app, "Eng review");
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.fields[form.focus].text.text(), "Eng review");
}

/// In the Flags view, a key that acts on a person acts on the one the selected flag is about:
/// `E` on a flag opens their record (it said to select a person first).
#[test]
fn a_person_key_in_the_flags_view_acts_on_the_flags_person() {
    let mut app = demo_app();
    press(&mut app, "3");
    let person = app
        .visible_flags()
        .first()
        .and_then(|f| f.person())
        .expect("the loudest flag is about a person")
        .to_string();
    press(&mut app, "E");
    let form = app.form.as_ref().expect("the person's form opens");
    assert_eq!(form.about.as_deref(), Some(person.as_str()));
}

/// A first handover report lists the tasks soonest due first, as the checklist shows them, then
/// every access, those not yet revoked too (they were left out).
#[test]
fn a_first_handover_report_lists_tasks_by_due_day_and_every_access() {
    let app = demo_app();
    let departure = (app.org.departures.values())
        .find(|d| d.report.trim().is_empty() && !d.revocations.is_empty())
        .expect("a departure without a report, with access to revoke");
    let kind = super::form::FormKind::HandoverReport {
        departure: departure.id.to_string(),
    };
    let form = super::flows::layout(&app, &kind).expect("the report opens");
    let report = form.fields[0].text.text();
    let lines: Vec<&str> = report.lines().collect();
    let tasks: Vec<String> = (departure.tasks_by_due().iter())
        .map(|t| t.description.clone())
        .collect();
    for (line, task) in lines.iter().zip(&tasks) {
        assert!(line.starts_with(task.as_str()), "{line} / {task}");
    }
    let open = departure
        .revocations
        .iter()
        .filter(|r| r.revoked_at.is_none());
    for access in open {
        let said = format!("access {}: not yet revoked", access.system);
        assert!(lines.contains(&said.as_str()), "{report}");
    }
    assert_eq!(lines.len(), tasks.len() + departure.revocations.len());
}
