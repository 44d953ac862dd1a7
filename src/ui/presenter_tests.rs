//! Presenter mode on screen: every view and every person tab of the demo organisation, drawn
//! with presenting on, shows none of its GROW notes, stay interview answers, leaving stages, pay
//! percentiles and other hidden texts, and shows the banner; drawn with presenting off, the same
//! screens do show them, so these tests can fail.

use crate::app::tests::{demo_app, press, today};
use crate::app::{App, Effect, Focus, Tab, View};
use crate::domain::person::LeavingStage;
use crate::domain::{AuditEntry, Org};

/// Wide and tall enough that the start of every text lies on one row, unwrapped.
const WIDTH: u16 = 200;
const HEIGHT: u16 = 100;

fn screen(app: &App) -> String {
    super::tests::draw(app, WIDTH, HEIGHT).backend().to_string()
}

/// The audit trail of the demo: the one change that made it, with every record's fields as
/// after-images, as the History tab reads them.
fn demo_trail() -> AuditEntry {
    let change = crate::demo::demo_change(today()).expect("the demo builds");
    let diffs = Org::default().apply(&change).expect("the demo applies");
    AuditEntry {
        seq: 1,
        at: chrono::Utc::now(),
        actor: "admin".into(),
        change,
        diffs,
    }
}

/// Every screen of the cockpit on the demo, one after the other: each team view (every flag
/// selected in turn in the Flags view, every period in the Points view), then every tab of
/// every person, scrolled to its end.
fn every_screen(presenting: bool) -> String {
    let mut app = demo_app();
    app.presenting = presenting;
    let mut out = String::new();
    for (i, view) in View::ALL.iter().enumerate() {
        press(&mut app, &(i + 1).to_string());
        // The calibration view turns presenter mode on as it opens; the plain pass turns it off.
        app.presenting = presenting;
        assert_eq!(app.view, *view);
        let repeat = match view {
            View::Flags => app.visible_flags().len(),
            View::Points => 4,
            _ => 1,
        };
        for _ in 0..repeat {
            out.push_str(&screen(&app));
            press(&mut app, if *view == View::Points { "T" } else { "j" });
        }
    }
    press(&mut app, "1");
    let trail = demo_trail();
    let people: Vec<String> = app.org.people.keys().map(ToString::to_string).collect();
    for id in people {
        if !app.roster.select_id(&id) {
            continue; // not on the roster: someone who has left
        }
        for tab in Tab::ALL {
            app.tab = tab;
            app.focus = Focus::Roster;
            app.detail_scroll = 0;
            if let Some(Effect::LoadHistory(person)) = app.want_history() {
                let mine = crate::domain::history::about(&trail, &person);
                app.history_loaded(person, mine.into_iter().collect());
            }
            out.push_str(&scrolled_through(&mut app));
        }
    }
    out
}

/// The person's tab page by page, to its last line.
fn scrolled_through(app: &mut App) -> String {
    let mut out = screen(app);
    let page = usize::from(HEIGHT) - 10;
    while app.detail_scroll + page < app.detail_lines.get() {
        app.detail_scroll += page;
        out.push_str(&screen(app));
    }
    app.detail_scroll = 0;
    out
}

/// The start of a text, as it shows at the start of a row: its first line's first 20
/// characters. Texts shorter than 12 characters say too little to look for.
fn start_of(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let start: String = first.chars().take(20).collect();
    (start.chars().count() >= 12).then(|| start.trim_end().to_string())
}

/// The texts presenter mode hides, as the demo has them: GROW notes and their actions, stay
/// interviews and follow-ups, flags raised by hand, plan reasons and goals, handover reports
/// and departure reasons, assessment and leaving-stage notes.
fn hidden_texts(org: &Org) -> Vec<(&'static str, String)> {
    let mut texts: Vec<(&'static str, &str)> = Vec::new();
    for note in org.notes.values() {
        for text in [&note.goal, &note.reality, &note.options, &note.will] {
            texts.push(("GROW note", text));
        }
        texts.extend(
            note.actions
                .iter()
                .map(|a| ("GROW action", a.text.as_str())),
        );
    }
    for stay in org.stay_interviews.values() {
        for text in [&stay.why_stay, &stay.would_leave_if, &stay.wants_next] {
            texts.push(("stay interview", text));
        }
        texts.push(("stay notes", &stay.notes));
        texts.extend(
            stay.follow_ups
                .iter()
                .map(|f| ("follow-up", f.text.as_str())),
        );
    }
    texts.extend(
        org.flags
            .values()
            .map(|f| ("manual flag", f.reason.as_str())),
    );
    for pip in org.pips.values() {
        texts.push(("plan reason", &pip.reason));
        texts.extend(
            pip.goals
                .iter()
                .map(|g| ("plan goal", g.dimension.as_str())),
        );
    }
    for d in org.departures.values() {
        texts.push(("handover report", &d.report));
        texts.push(("departure reason", &d.reason));
    }
    texts.extend(
        org.assessments
            .values()
            .map(|a| ("assessment note", a.note.as_str())),
    );
    for p in org.people.values() {
        if let Some(risk) = &p.flight_risk {
            texts.push(("leaving-stage note", &risk.note));
        }
    }
    texts
        .into_iter()
        .filter_map(|(kind, text)| start_of(text).map(|start| (kind, start)))
        .collect()
}

const STAGES: [LeavingStage; 4] = [
    LeavingStage::Confused,
    LeavingStage::WatchingMarket,
    LeavingStage::HesitatingBetweenOffers,
    LeavingStage::Decided,
];

#[test]
fn presenting_every_view_and_tab_shows_no_note_stage_or_pay_and_shows_the_banner() {
    let org = crate::app::tests::demo_org();
    let texts = hidden_texts(&org);
    assert!(
        texts.iter().any(|(k, _)| *k == "GROW note"),
        "the demo has notes"
    );
    assert!(texts.iter().any(|(k, _)| *k == "stay interview"));

    let shown = every_screen(true);
    assert!(shown.contains("PRESENTER MODE"), "the banner");
    assert!(shown.contains(super::widgets::HIDDEN), "the marker");
    let leaks: Vec<&(&str, String)> = texts.iter().filter(|(_, t)| shown.contains(t)).collect();
    assert!(leaks.is_empty(), "shown while presenting: {leaks:#?}");
    for stage in STAGES {
        assert!(
            !shown.contains(stage.label()),
            "the leaving stage {:?} shown while presenting",
            stage.label()
        );
    }
    // The History tab names the field that changed, its value hidden.
    let named = format!("pay percentile: {}", super::widgets::HIDDEN);
    let pay: Vec<&str> = (shown.lines())
        .filter(|l| l.replace(&named, "").contains("percentile"))
        .collect();
    assert!(pay.is_empty(), "pay shown while presenting: {pay:#?}");

    // The same screens without presenter mode show them: the test looks where they are.
    let plain = every_screen(false);
    assert!(!plain.contains("PRESENTER MODE"));
    for kind in ["GROW note", "GROW action", "stay interview", "manual flag"] {
        assert!(
            texts
                .iter()
                .any(|(k, t)| *k == kind && plain.contains(t.as_str())),
            "no {kind} on the plain screens"
        );
    }
    for stage in STAGES {
        assert!(plain.contains(stage.label()), "{}", stage.label());
    }
    assert!(plain.contains("percentile"));
}

#[test]
fn presenting_hides_others_points_ranks_and_their_order() {
    let mut app = demo_app();
    press(&mut app, "5");
    let plain = screen(&app);
    assert!(plain.contains("#1 "), "ranks show: {plain}");
    let ranked: Vec<String> = app
        .shown_standings()
        .iter()
        .map(|s| s.person.to_string())
        .collect();
    press(&mut app, "B");
    let shown = screen(&app);
    assert!(!shown.contains("#1 "), "{shown}");
    let by_name: Vec<String> = app
        .shown_standings()
        .iter()
        .map(|s| s.person.to_string())
        .collect();
    assert_ne!(ranked, by_name, "the rows are no longer in points order");
    // Enter opens the person of the row on screen.
    press(&mut app, "j enter");
    assert_eq!(app.roster.selected_id(), Some(by_name[1].as_str()));

    press(&mut app, "6");
    assert!(!screen(&app).contains("% of "), "the way to the next level");
    press(&mut app, "B");
    assert!(screen(&app).contains("% of "));
}

#[test]
fn the_banner_fits_and_reads_without_colour() {
    let mut app = demo_app();
    press(&mut app, "B");
    let wide = super::tests::draw(&app, 120, 40);
    let top: String = (0..120)
        .map(|x| wide.backend().buffer()[(x, 0)].symbol().to_string())
        .collect();
    assert!(
        top.contains("PRESENTER MODE · notes, leaving stages, pay"),
        "{top}"
    );
    assert!(top.contains("B shows them"), "{top}");
    let cell = &wide.backend().buffer()[(60, 0)];
    assert!(
        cell.modifier.contains(ratatui::style::Modifier::REVERSED),
        "reverse video, seen without colour"
    );
    let narrow = super::tests::draw(&app, 60, 20);
    let top: String = (0..60)
        .map(|x| narrow.backend().buffer()[(x, 0)].symbol().to_string())
        .collect();
    assert!(
        top.contains("PRESENTER MODE") && top.contains("B shows them"),
        "{top}"
    );
    // The header is still there below it.
    let second: String = (0..60)
        .map(|x| narrow.backend().buffer()[(x, 1)].symbol().to_string())
        .collect();
    assert!(second.contains("People"), "{second}");
}

#[test]
fn the_hint_bar_offers_no_key_whose_form_presenting_keeps_closed() {
    let mut app = demo_app();
    let bottom = |app: &App| screen(app).lines().last().unwrap_or_default().to_string();
    assert!(bottom(&app).contains("n note"), "{}", bottom(&app));
    press(&mut app, "B");
    app.status = None;
    let hints = bottom(&app);
    assert!(!hints.contains("n note"), "{hints}");
    assert!(hints.contains("? keys"), "{hints}");
}
