//! A calibration session driven with keys, as an HR business partner runs one: opened over the
//! demo's engineering teams, people discussed and moved with reasons, a move undone.

use super::tests::{carry_out, demo_app, press, type_text};
use super::{App, View};
use crate::domain::calibration::{Board, MoveReason};
use crate::domain::insight::talent::NineBox;

/// Moves the selected person to the box named `to`, for `reason`, with `words`.
fn move_selected(app: &mut App, to: &str, reason: &str, words: &str) {
    press(app, "> ctrl-u");
    type_text(app, to);
    press(app, "tab");
    type_text(app, reason);
    press(app, "tab");
    type_text(app, words);
    let effects = press(app, "ctrl-s");
    carry_out(app, effects);
    let problems: Vec<_> = app
        .form
        .iter()
        .flat_map(|f| f.fields.iter().filter_map(|x| x.error.clone()))
        .collect();
    assert!(
        app.form.is_none(),
        "saved and closed: {:?} {problems:?}",
        app.status
    );
}

fn select(app: &mut App, name: &str) {
    let (_, board) = app.calibration_board().expect("a session");
    app.item = app
        .calibration_order(&board)
        .iter()
        .position(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the session"));
}

fn screen(app: &App) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    let theme =
        crate::ui::theme::Theme::load("default", std::path::Path::new("/nonexistent"), false)
            .expect("default theme");
    terminal
        .draw(|frame| crate::ui::render(app, &theme, frame))
        .expect("drawn");
    let buffer = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

#[test]
fn a_session_over_the_engineering_teams_with_three_moves_and_one_undone() {
    let mut app = demo_app();
    press(&mut app, "8");
    assert_eq!(app.view, View::Calibration);
    assert!(
        screen(&app).contains("Design talent review"),
        "the demo's closed session"
    );

    press(&mut app, "N ctrl-u");
    type_text(&mut app, "Engineering review");
    press(&mut app, "tab");
    type_text(&mut app, "platform, Mobile, Data & AI");
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    let (session, board) = app
        .calibration_board()
        .expect("the new session is on screen");
    assert_eq!(session.name, "Engineering review");
    assert_eq!(session.facilitator, "admin");
    assert_eq!(session.teams, ["Platform", "Mobile", "Data & AI"]);
    assert_eq!(
        board.before.len(),
        21,
        "everyone in the three teams who has not left"
    );
    assert_eq!(board.not_discussed().count(), 21);

    select(&mut app, "Aisha Khan");
    let effects = press(&mut app, "i");
    carry_out(&mut app, effects);
    move_selected(&mut app, "star", "results", "shipped the billing rewrite");
    select(&mut app, "Tomasz Nowak");
    move_selected(&mut app, "core player", "growth", "");
    select(&mut app, "Kenji Tanaka");
    move_selected(&mut app, "medium/high", "peers", "");
    // The newest move is undone, after a question.
    press(&mut app, "u");
    assert!(matches!(app.overlay, Some(super::Overlay::Confirm { .. })));
    let effects = type_text(&mut app, "y");
    carry_out(&mut app, effects);

    let (session, board) = app.calibration_board().expect("a session");
    assert_eq!(board.moves.len(), 3);
    assert_eq!(board.standing().count(), 2);
    let undone = board
        .moves
        .iter()
        .find(|m| m.undone.is_some())
        .expect("one undone");
    assert_eq!(app.name(undone.person.as_str()), "Kenji Tanaka");
    let aisha = board
        .moves
        .iter()
        .find(|m| m.reason == MoveReason::Results)
        .expect("a move");
    assert_eq!(aisha.words, "shipped the billing rewrite");
    assert_eq!(aisha.to.name(), "star");
    // The move set the quarter's assessment; the undone one left it as it was.
    let quarter = session.quarter;
    let placed = |id: &str| {
        app.org
            .assessments
            .get(format!("{id}/{quarter}").as_str())
            .map(NineBox::of)
    };
    assert_eq!(
        placed(aisha.person.as_str()).map(|b| b.name()),
        Some("star")
    );
    assert_eq!(
        placed(undone.person.as_str()),
        None,
        "made by the move, gone with its undo"
    );
    // Aisha was discussed with her time kept; the others moved were talked about too.
    assert_eq!(board.discussed.len(), 3);

    // The clock counts down from the timebox of the one being discussed.
    let (_, since) = board.now.clone().expect("someone discussed");
    app.now = since + chrono::Duration::seconds(90);
    let (who, left) = app.calibration_clock().expect("a clock");
    assert_eq!(app.name(who.as_str()), "Aisha Khan");
    assert_eq!(left, 5 * 60 - 90);
    let shown = screen(&app);
    assert!(shown.contains("▶ Aisha Khan 3:30 left"), "{shown}");
    assert!(
        shown.contains("moved Aisha Khan"),
        "the decision log: {shown}"
    );
    assert!(shown.contains("undid the move of Kenji Tanaka"), "{shown}");
    assert!(shown.contains("18 of 21 to discuss"), "{shown}");

    press(&mut app, "Y");
    let shown = screen(&app);
    assert!(shown.contains("Moves standing: 2 · undone: 1"), "{shown}");
    // The undone move is listed too, marked (it was only counted).
    assert!(
        (shown.lines()).any(|l| l.contains("Kenji Tanaka") && l.contains("(undone)")),
        "{shown}"
    );
    let star = crate::domain::calibration::boxes()[0];
    let (before, after) = Board::count(&board, star);
    assert_eq!(after, before + 1, "Aisha joined the star box");
}

#[test]
fn a_bad_team_is_named_and_nothing_is_opened() {
    let mut app = demo_app();
    press(&mut app, "8 N tab");
    type_text(&mut app, "Platfrom");
    let effects = press(&mut app, "ctrl-s");
    assert!(effects.is_empty());
    let form = app.form.as_ref().expect("the form stays open");
    let error = form.fields[1].error.clone().unwrap_or_default();
    assert!(error.contains("no team \"Platfrom\""), "{error}");
    assert!(error.contains("Platform"), "lists the known teams: {error}");
    assert_eq!(app.org.calibrations.len(), 1, "only the demo's");
}

#[test]
fn the_generic_undo_does_not_take_a_calibration_entry_out_of_the_log() {
    let mut app = demo_app();
    press(&mut app, "8 N tab");
    type_text(&mut app, "Design");
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    press(&mut app, "1 u");
    assert!(app.overlay.is_none(), "nothing to confirm");
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("keeps its log"), "{status}");
}

#[test]
fn a_move_made_meanwhile_by_someone_else_is_not_silently_undone() {
    let mut app = demo_app();
    press(&mut app, "8 N tab");
    type_text(&mut app, "Platform");
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    select(&mut app, "Aisha Khan");
    // This cockpit opens the move form for Aisha…
    press(&mut app, "> ctrl-u");
    type_text(&mut app, "star");
    press(&mut app, "tab");
    type_text(&mut app, "results");
    // …while another participant moves her (the change arrives as from the server).
    let (session, board) = app.calibration_board().expect("a session");
    let from = board.after[&"E009".into()].expect("placed");
    let elsewhere = crate::domain::Change::LogCalibration {
        entry: crate::domain::calibration::CalibrationEntry {
            session: session.id.clone(),
            at: chrono::Utc::now(),
            by: "admin".into(),
            person: "E009".into(),
            what: crate::domain::calibration::Logged::Move {
                from,
                to: crate::domain::calibration::boxes()[8],
                reason: MoveReason::Peers,
                words: String::new(),
                evidence: None,
                created: false,
            },
        },
    };
    let form = app.form.take();
    carry_out(&mut app, vec![super::Effect::Apply(Box::new(elsewhere))]);
    app.form = form;
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("stands in needs support now"), "{status}");
    assert!(app.form.is_some(), "the form stays with what was typed");
    let (_, board) = app.calibration_board().expect("a session");
    assert_eq!(board.standing().count(), 1, "only the other move stands");
}

/// Presenter mode comes on as the Calibration view opens on a session, stays on while someone
/// is opened from it, and goes off as another team view is chosen: a 1:1 after the calibration
/// finds its notes. Turned on by the user in the view, it stays theirs; a session opened in the
/// view turns it on; on an organisation without a session it does not come on.
#[test]
fn presenter_mode_comes_on_for_a_session_and_goes_off_as_the_view_is_left() {
    let mut app = demo_app();
    press(&mut app, "8");
    assert!(app.presenting, "the demo's session is on screen");
    press(&mut app, "j enter");
    assert_eq!(app.view, View::People, "someone opened from the session");
    assert!(app.presenting, "still on the shared screen");
    press(&mut app, "1");
    assert!(!app.presenting);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("left the calibration"), "{status}");
    // Turned off and on again in the view: the user's own, kept after it.
    press(&mut app, "8 B B");
    assert!(app.presenting);
    press(&mut app, "1");
    assert!(app.presenting, "the user turned it on");
    // Off, then a session opened in the view: on again, for it.
    press(&mut app, "B 8");
    assert!(app.presenting);
    press(&mut app, "B N ctrl-u");
    assert!(!app.presenting);
    type_text(&mut app, "Product review");
    press(&mut app, "tab");
    type_text(&mut app, "Product");
    let effects = press(&mut app, "ctrl-s");
    carry_out(&mut app, effects);
    assert_eq!(
        app.calibration_session().map(|s| s.name.as_str()),
        Some("Product review")
    );
    assert!(app.presenting, "the new session is presented");

    let mut empty = App::new(
        crate::domain::Org::default(),
        crate::domain::insight::Rules::default(),
        crate::app::keymap::Keymap::load(None).expect("keymap"),
        crate::app::tests::today(),
        "admin",
    );
    press(&mut empty, "8");
    assert!(!empty.presenting, "no session to hold");
}
