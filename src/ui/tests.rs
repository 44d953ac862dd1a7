//! Every view drawn on ratatui's `TestBackend`, as insta snapshots, at 120×40 and 80×24; exact
//! buffer checks of the plan gauge and the flag markers; and tiny windows.

use super::theme::Theme;
use crate::app::App;
use crate::app::tests::{demo_app, press, type_text};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::path::Path;

fn theme() -> Theme {
    Theme::load("default", Path::new("/nonexistent"), false).expect("default theme")
}

pub(super) fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| super::render(app, &theme(), frame))
        .expect("draw");
    terminal
}

/// The cockpit on `org`, as admin, on the tests' day, with the built-in rules and keys.
fn app_of(org: crate::domain::Org) -> App {
    App::new(
        org,
        crate::domain::insight::Rules::default(),
        crate::app::keymap::Keymap::load(None).expect("keymap"),
        crate::app::tests::today(),
        "admin",
    )
}

fn screen(app: &App, width: u16, height: u16) -> String {
    draw(app, width, height).backend().to_string()
}

/// The screen after `keys`, at both sizes.
fn snapshot(name: &str, keys: &str, typed: &str) {
    let mut app = demo_app();
    press(&mut app, keys);
    type_text(&mut app, typed);
    insta::assert_snapshot!(format!("{name}_120x40"), screen(&app, 120, 40));
    insta::assert_snapshot!(format!("{name}_80x24"), screen(&app, 80, 24));
}

#[test]
fn people_profile() {
    snapshot("people_profile", "", "");
}

#[test]
fn person_coaching() {
    snapshot("person_coaching", "ctrl-p z j enter tab", "");
}

#[test]
fn person_plan() {
    snapshot("person_plan", "/ t o m a s z enter tab tab", "");
}

#[test]
fn person_succession() {
    snapshot("person_succession", "/ l i w e i enter tab tab tab", "");
}

#[test]
fn person_flags() {
    snapshot("person_flags", "/ l i w e i enter shift-tab enter", "");
}

#[test]
fn team_coverage() {
    snapshot("team_coverage", "2", "");
}

#[test]
fn team_flags() {
    snapshot("team_flags", "3", "");
}

#[test]
fn team_nine_box() {
    snapshot("team_nine_box", "4", "");
}

#[test]
fn team_points() {
    snapshot("team_points", "5", "");
}

#[test]
fn help_overlay() {
    snapshot("help", "?", "note");
}

#[test]
fn finder_overlay() {
    snapshot("finder", "ctrl-p", "zj");
}

#[test]
fn palette_overlay() {
    snapshot("palette", ":", "view");
}

#[test]
fn note_editor() {
    snapshot(
        "note",
        "ctrl-p z j enter n",
        "Reach Senior Manager this year",
    );
}

#[test]
fn a_tiny_window_says_so_and_the_selection_survives() {
    let mut app = demo_app();
    press(&mut app, "j j j");
    let selected = app.roster.selected_id().map(str::to_string);
    let _ = screen(&app, 120, 40);
    let tiny = screen(&app, 20, 6);
    assert!(tiny.contains("Window too"), "{tiny}");
    for (w, h) in [(1, 1), (39, 40), (120, 9), (20, 6)] {
        let _ = screen(&app, w, h);
    }
    let _ = screen(&app, 120, 40);
    assert_eq!(app.roster.selected_id().map(str::to_string), selected);
}

#[test]
fn the_plan_gauge_is_exact() {
    let theme = theme();
    let line = super::widgets::gauge("Goals met ", 0.5, 30, theme.good);
    let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 30, 1));
    buffer.set_line(0, 0, &line, 30);
    let mut expected = Buffer::with_lines(["Goals met  [██████░░░░░░]  50%"]);
    // The filled part carries the gauge style; the rest is plain.
    expected.set_style(ratatui::layout::Rect::new(12, 0, 6, 1), theme.good);
    assert_eq!(buffer, expected);
}

#[test]
fn flag_markers_are_exact_and_not_colour_alone() {
    use crate::domain::flag::Severity;
    let theme = theme();
    let markers: Vec<String> = [
        Severity::Critical,
        Severity::High,
        Severity::Watch,
        Severity::Info,
    ]
    .map(|s| {
        super::widgets::severity_marker(s, &theme)
            .content
            .to_string()
    })
    .to_vec();
    assert_eq!(markers, ["!!", "! ", "• ", "· "]);
    // 李伟 carries a critical flag, is a key employee, is on no plan, has no draft: "!!★   ".
    let mut app = demo_app();
    press(&mut app, "/ l i w e i enter");
    let terminal = draw(&app, 120, 40);
    let buffer = terminal.backend().buffer();
    let row: String = (0..46)
        .map(|x| buffer[(x, 2)].symbol().to_string())
        .collect();
    assert!(
        row.contains("李") && row.trim_end().ends_with("!!★   ┃"),
        "{row:?}"
    );
    let cell = &buffer[(row.chars().position(|c| c == '!').unwrap_or(0) as u16, 2)];
    assert!(
        cell.modifier.contains(ratatui::style::Modifier::REVERSED),
        "critical is reversed, not only red"
    );
}

#[test]
fn while_the_records_are_read_the_panes_say_so_rather_than_show_nothing() {
    let mut app = crate::app::tests::starting_app();
    let people = screen(&app, 120, 40);
    assert!(people.contains("reading the records…"), "{people}");
    assert!(people.contains("Reading the records…"), "{people}");
    assert!(!people.contains("No flags"), "{people}");
    press(&mut app, "3");
    let flags = screen(&app, 120, 40);
    assert!(flags.contains("Reading the records…"), "{flags}");
    // A note begun now cannot yet know the actions carried forward: it says so.
    press(&mut app, "1 n");
    assert!(
        app.form.is_some(),
        "a note can be begun while the records are read"
    );
    let note = screen(&app, 120, 40);
    assert!(
        note.contains("Carried forward") && note.contains("reading the records…"),
        "{note}"
    );
    assert!(!note.contains("none open"), "{note}");
}

#[test]
fn a_form_fits_at_80x24_and_shows_every_problem_beside_its_field() {
    let mut app = demo_app();
    press(&mut app, "/ b e n space c a r t e r enter p");
    insta::assert_snapshot!("plan_form_80x24", screen(&app, 80, 24));
    type_text(&mut app, "Reliability");
    press(&mut app, "tab tab");
    type_text(&mut app, "soon");
    press(&mut app, "tab tab");
    type_text(&mut app, "Missed handovers ; fewer ; 0 ; 3");
    press(&mut app, "ctrl-s");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("⚠ `soon` is not a day"), "{shown}");
    assert!(
        shown.contains("⚠ line 1, better: `fewer` is not one of: higher, lower"),
        "{shown}"
    );
    assert!(shown.contains("2 problems"), "{shown}");
}

#[test]
fn a_crowded_nine_box_cell_scrolls_to_the_selected_person() {
    use crate::domain::assessment::{Assessment, Band, Quarter};
    let mut org = crate::app::tests::demo_org();
    let quarter = Quarter::of(crate::app::tests::today());
    let ids: Vec<String> = org.people.keys().map(ToString::to_string).collect();
    for id in &ids {
        let assessment = Assessment {
            person: id.as_str().into(),
            quarter,
            ability: 3,
            contribution: 3,
            influence: 3,
            performance: Band::Medium,
            potential: Band::Medium,
            engagement: 70,
            kpi_attainment: None,
            leave_days: None,
            note: String::new(),
        };
        org.assessments
            .insert(assessment.id().0.clone(), assessment);
    }
    let mut app = app_of(org);
    press(&mut app, "4");
    assert_eq!(
        app.nine_box_cell,
        (1, 1),
        "the grid opens on the first cell with people"
    );
    let people = app.nine_box_people().len();
    assert!(people > 40, "{people}");
    for _ in 0..30 {
        press(&mut app, "j");
    }
    let (name, _) = app.nine_box_people()[30].clone();
    let shown = screen(&app, 80, 24);
    assert!(shown.contains(&format!("›{name}")), "{shown}");
}

#[test]
fn a_name_too_long_for_its_nine_box_cell_ends_in_an_ellipsis_at_70x20() {
    let mut org = crate::app::tests::demo_org();
    let long = "Aaliyah Alexandrovna Montgomery-Featherstonehaugh";
    let someone = (org.assessments.values())
        .map(|a| a.person.clone())
        .next()
        .expect("someone assessed");
    if let Some(person) = org.people.get_mut(someone.as_str()) {
        person.name = long.into();
    }
    let mut app = app_of(org);
    press(&mut app, "4");
    let shown = screen(&app, 70, 20);
    assert!(
        shown.contains("Aaliyah") && !shown.contains(long),
        "the name is on screen, cut: {shown}"
    );
    let line = (shown.lines())
        .find(|l| l.contains("Aaliyah"))
        .unwrap_or_default();
    let cut = line[line.find("Aaliyah").unwrap_or(0)..]
        .split(['│', '┃'])
        .next()
        .unwrap_or_default();
    assert!(cut.trim_end().ends_with('…'), "{line}");
}

#[test]
fn the_retention_tab_keeps_the_selected_item_on_screen_at_80x24() {
    let mut app = demo_app();
    press(&mut app, "/");
    type_text(&mut app, "daniel");
    press(&mut app, "enter tab tab tab tab enter");
    assert_eq!(app.tab, crate::app::Tab::Retention);
    let items = app.retention_items("E040").len();
    assert!(items >= 12, "a departure and a ledger: {items}");
    for step in 0..items {
        let screen = screen(&app, 80, 24);
        assert!(
            screen.contains('›'),
            "item {step} of {items} is on screen:\n{screen}"
        );
        press(&mut app, "j");
    }
}

#[test]
fn coverage_wraps_why_at_risk_and_keeps_it_when_narrow_and_cuts_names_with_an_ellipsis() {
    let mut app = demo_app();
    press(&mut app, "2");
    for (w, h) in [(120, 40), (80, 24)] {
        let shown = screen(&app, w, h);
        assert!(shown.contains("Why at risk"), "{w}: {shown}");
        // The reason is whole, over as many lines as it takes.
        assert!(shown.contains("incumbent"), "{w}: {shown}");
        assert!(shown.contains("flagged high"), "{w}: {shown}");
        assert!(shown.contains("nobody ready"), "{w}: {shown}");
    }
    let narrow = screen(&app, 80, 24);
    assert!(narrow.contains("Sarah Mitch…"), "{narrow}");
    assert!(narrow.contains("Principal Engineer, P…"), "{narrow}");
}

#[test]
fn points_keep_team_names_when_narrow_or_end_them_with_an_ellipsis() {
    let mut app = demo_app();
    press(&mut app, "5");
    let narrow = screen(&app, 80, 24);
    assert!(narrow.contains("Customer Succe… #1"), "{narrow}");
    assert!(narrow.contains("Data & AI       #1"), "{narrow}");
    assert!(narrow.contains("When reached"), "{narrow}");
    assert!(!narrow.contains("Cust #"), "{narrow}");
}

#[test]
fn the_note_editor_at_the_smallest_size_says_it_is_too_small() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p z j enter n");
    let small = screen(&app, 40, 10);
    assert!(small.contains("Too small to type"), "{small}");
    assert!(
        !small.contains("Reality"),
        "no field names without their text: {small}"
    );
    let fits = screen(&app, 80, 24);
    assert!(fits.contains("Reality"), "{fits}");
}

#[test]
fn an_empty_database_says_how_to_import_a_roster() {
    let app = app_of(crate::domain::Org::default());
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("crewdeck import roster FILE"), "{shown}");
    assert!(!shown.contains("Nobody to show"), "{shown}");
}

#[test]
fn the_help_shows_the_whole_marker_legend_and_the_undo_question_is_whole() {
    let mut app = demo_app();
    press(&mut app, "?");
    for (w, h) in [(120, 40), (80, 24)] {
        let shown = screen(&app, w, h);
        assert!(shown.contains("S no"), "{w}: {shown}");
        assert!(shown.contains("successor"), "{w}: {shown}");
    }
    // The question an undo asks, for a change described at length.
    let mut app = demo_app();
    app.overlay = Some(crate::app::Overlay::Confirm {
        question: "Undo this? Marked done: Sign up for the leadership programme (张建, due \
                   2026-11-27) — y undoes it, any other key keeps it"
            .to_string(),
        then: crate::app::Confirmed::Quit,
    });
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("any other key keeps it"),
        "the question ends on screen: {shown}"
    );
}

#[test]
fn wrapped_lines_in_the_person_pane_hang_under_their_label() {
    let app = demo_app();
    let shown = screen(&app, 120, 40);
    let line = shown
        .lines()
        .find(|l| l.contains("nobody is planned to succeed them"))
        .unwrap_or_default();
    assert!(
        line.contains("│      nobody is planned"),
        "under the text after `+3  `: {line}"
    );
}

#[test]
fn a_long_status_message_ends_with_an_ellipsis_where_the_line_does() {
    let mut app = demo_app();
    app.status = Some(format!("Undone: {}", "a very long reason ".repeat(8)));
    let shown = screen(&app, 80, 24);
    let last = shown.lines().last().unwrap_or_default();
    assert!(last.contains('…'), "{last}");
}

#[test]
fn coverage_without_key_positions_says_how_to_add_one_and_a_profile_has_no_stray_separator() {
    use crate::domain::{Change, person::Person};
    let mut org = crate::domain::Org::default();
    let mut person = Person::new("E1", "Björn Müller");
    person.team = "Vertrieb".into();
    org.apply(&Change::UpsertPerson { person }).expect("person");
    let mut app = app_of(org);
    let profile = screen(&app, 120, 40);
    assert!(!profile.contains(" · Vertrieb"), "{profile}");
    assert!(profile.contains("Vertrieb"), "{profile}");
    press(&mut app, "2");
    let coverage = screen(&app, 120, 40);
    assert!(coverage.contains("No key positions yet"), "{coverage}");
    assert!(coverage.contains("press O"), "{coverage}");
    // A viewer adds none: they are told nothing to do.
    app.read_only = Some("a viewer".into());
    let coverage = screen(&app, 120, 40);
    assert!(coverage.contains("None is in your scope yet"), "{coverage}");
    assert!(!coverage.contains("press O"), "{coverage}");
}

#[test]
fn a_manager_who_has_left_is_named_as_having_left() {
    use crate::domain::person::{Person, Status};
    use crate::domain::{Change, ids::PersonId};
    let mut org = crate::domain::Org::default();
    let mut gone = Person::new("M1", "Priya Menon");
    gone.status = Status::Left {
        last_day: chrono::NaiveDate::from_ymd_opt(2024, 8, 31).expect("day"),
    };
    let mut report = Person::new("E1", "Rahul Das");
    report.manager = Some(PersonId::from("M1"));
    for person in [gone, report] {
        org.apply(&Change::UpsertPerson { person }).expect("person");
    }
    let app = app_of(org);
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Manager: Priya Menon (left on 2024-08-31)"),
        "{shown}"
    );
}

/// A viewer is not offered what they may not do: the hint bar leaves out the keys that write,
/// and an empty list says "none yet" without a key to press.
#[test]
fn a_viewer_is_offered_no_key_that_writes() {
    let mut app = demo_app();
    let last_line = |app: &App| {
        screen(app, 120, 40)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    assert!(last_line(&app).contains("n note"), "{}", last_line(&app));
    app.read_only = Some("board is a viewer".into());
    let hints = last_line(&app);
    assert!(!hints.contains("n note"), "{hints}");
    assert!(hints.contains("ctrl-p find"), "{hints}");
    // Nor do the key list and the palette offer them.
    let help = app.help_lines("");
    assert!(!help.is_empty());
    assert!(
        help.iter().all(|line| !line.action.writes()),
        "a key that writes in ?"
    );
    assert!(
        help.iter()
            .all(|line| line.mode != crate::app::keymap::Mode::Form),
        "a form's keys in ?"
    );
    assert!(app.palette("note").iter().all(|action| !action.writes()));
    assert!(!app.palette("find").is_empty());
    app.read_only = None;
    assert!(app.palette("note").iter().any(|action| action.writes()));
    // Someone with no stay interview: their Retention tab says so with no key to press.
    let pane = {
        let mut app = app_of(crate::domain::Org::default());
        let mut org = crate::domain::Org::default();
        org.put(crate::domain::Record::Person(
            crate::domain::person::Person::new("E1", "Ada"),
        ));
        app.reload(std::sync::Arc::new(org));
        app.read_only = Some("a viewer".into());
        press(&mut app, "tab tab tab tab");
        screen(&app, 120, 40)
    };
    assert!(pane.contains("Stay interview"), "{pane}");
    assert!(pane.contains("none yet"), "{pane}");
    assert!(!pane.contains("none yet:"), "{pane}");
}

/// A role changed while connected: the keys that write go from the hint bar as the server says
/// so, the status line says why, and they come back when the role does.
#[test]
fn a_role_changed_while_connected_changes_the_keys_offered() {
    let mut app = demo_app();
    let screen_now = |app: &App| screen(app, 120, 40);
    assert!(screen_now(&app).contains("n note"));
    use crate::domain::user::Role;
    app.role = Some(Role::Manager);
    app.role_now(
        Some(Role::Viewer),
        Some("sarah is a viewer, who can read but not change anything".into()),
    );
    let now = screen_now(&app);
    assert!(
        now.contains("Your role has changed: you are now a viewer"),
        "{now}"
    );
    // The status line stands in the hint bar's place until the next key.
    press(&mut app, "j");
    let now = screen_now(&app);
    assert!(!now.contains("n note"), "{now}");
    app.role_now(Some(Role::Manager), None);
    let now = screen_now(&app);
    assert!(
        now.contains("Your role has changed: you are now a manager"),
        "{now}"
    );
    press(&mut app, "k");
    let now = screen_now(&app);
    assert!(now.contains("n note"), "{now}");
    // Said once: the same role told again says nothing new.
    app.status = None;
    app.role_now(Some(Role::Manager), None);
    assert_eq!(app.status, None);
    // A change between roles that may both write is said too.
    app.role_now(Some(Role::Hrbp), None);
    let said = app.status.clone().unwrap_or_default();
    assert!(
        said.contains("you are now an HR business partner"),
        "{said}"
    );
    // Made a viewer while typing a note: the note stays, and the status says it cannot be saved.
    press(&mut app, "n");
    type_text(&mut app, "Half a thought");
    app.role_now(Some(Role::Viewer), Some("sarah is a viewer".into()));
    let said = app.status.clone().unwrap_or_default();
    assert!(said.contains("the form is kept as a draft"), "{said}");
    assert!(screen_now(&app).contains("Half a thought"));
    // Every sentence of a role change fits a status line at 80 columns.
    assert!(said.chars().count() <= 79, "{said}");
    // Closed, it is kept without offering a key the viewer may not press.
    press(&mut app, "esc");
    let said = app.status.clone().unwrap_or_default();
    assert!(said.contains("once your role lets you save"), "{said}");
}

/// Who is let go by the server sees why in place of the people, not the way in for a new
/// database; who sees only part of the records and sees nobody is told so.
#[test]
fn the_roster_says_why_it_is_empty() {
    let mut app = app_of(crate::domain::Org::default());
    let empty = screen(&app, 120, 40);
    assert!(empty.contains("Nobody here yet."), "{empty}");
    // Someone who sees only part of the records (a manager, say).
    app.derived.scope = Some(Default::default());
    let scoped = screen(&app, 120, 40);
    assert!(scoped.contains("Nobody in your scope."), "{scoped}");
    assert!(!scoped.contains("Import your roster"), "{scoped}");
    app.shut_out = Some("the crewdeck server refused: mallory has no crewdeck user".into());
    let shut = screen(&app, 120, 40);
    assert!(shut.contains("Not let in."), "{shut}");
    assert!(shut.contains("mallory has no"), "{shut}");
}

/// Under a GROW note's actions, the owner of the line being typed is said as it will be read:
/// linked to the person named by id or whole name, or kept as written (a first name alone was
/// kept as written with nothing said).
#[test]
fn an_actions_owner_is_said_linked_or_kept_as_written() {
    let mut app = demo_app();
    press(&mut app, "ctrl-p z j enter n tab tab tab tab");
    type_text(&mut app, "Share the roadmap ; Sarah Mitchell ; +1w");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("owner → Sarah Mitchell (E002)"), "{shown}");
    press(&mut app, "enter");
    type_text(&mut app, "Book the room ; sarah ; +1w");
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("owner kept as written: nobody you see has the id or whole name “sarah”"),
        "{shown}"
    );
}

/// An empty database's hint takes the whole width: the import command it gives is on one line,
/// to copy (in the roster's pane it was cut in two).
#[test]
fn an_empty_databases_import_command_is_on_one_line() {
    let mut app = app_of(crate::domain::Org::default());
    app.import_command =
        "crewdeck --db /home/lin/work/people/crewdeck.redb import roster FILE".into();
    let shown = screen(&app, 80, 24);
    assert!(
        (shown.lines()).any(|l| l.contains(app.import_command.as_str())),
        "{shown}"
    );
}

/// On one's own row, the Flags tab says flags about oneself are not shown, rather than "No
/// flags.", which read as a fact.
#[test]
fn ones_own_flags_tab_says_they_are_not_shown() {
    use crate::domain::user::{Role, Scope, User};
    let mut org = crate::app::tests::demo_org();
    org.put(crate::domain::Record::User(User {
        name: "admin".into(),
        role: Role::Admin,
        scope: Scope::Everyone,
        person: Some("E001".into()),
    }));
    let mut app = app_of(org);
    assert_eq!(app.roster.selected_id(), Some("E001"));
    press(&mut app, "backtab");
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Flags about you are not shown to you."),
        "{shown}"
    );
    press(&mut app, "j");
    let shown = screen(&app, 120, 40);
    assert!(!shown.contains("Flags about you"), "{shown}");
}

#[test]
fn the_round_robin_at_70x20_ends_what_it_cuts_in_an_ellipsis() {
    let mut app = demo_app();
    press(&mut app, "8");
    let shown = screen(&app, 70, 20);
    let line = (shown.lines())
        .find(|l| l.contains("● Emily Clarke"))
        .unwrap_or_else(|| panic!("Emily Clarke is in the round-robin: {shown}"));
    // "● Emily Clarke  high performer" does not fit beside the grid.
    let rest = line[line.find("● Emily Clarke").unwrap_or(0)..]
        .split('┃')
        .next()
        .unwrap_or_default();
    assert!(rest.trim_end().ends_with('…'), "{line}");
}
