//! A cockpit on a shared server, which holds only what it shows and asks the server for the
//! rest, draws every screen as a cockpit holding every record does: each person on every tab,
//! and every team view, compared cell by cell for users of each role.

use super::tests::draw;
use crate::app::App;
use crate::app::Effect;
use crate::app::served;
use crate::app::tests::{carry_out, demo_org, press, today, type_text};
use crate::auth::{Access, Sight};
use crate::backend::{HEAVY, Served};
use crate::domain::Change;
use crate::domain::Org;
use crate::domain::insight::Rules;
use crate::server::insight::{Insight, PersonView, Summary};
use crate::store::StoreError;

/// A server in this process: what [`crate::server`] answers, without a socket.
struct InProcess {
    org: Org,
    insight: Insight,
    sight: Sight,
}

impl InProcess {
    fn new(org: Org, user: &str) -> InProcess {
        let access = Access::resolve(&org.users, user, None).expect("a user of the demo");
        InProcess {
            insight: Insight::compute(&org, &Rules::default(), today()),
            sight: Sight::of(&access, &org),
            org,
        }
    }
}

impl Served for InProcess {
    fn records(&self, with_people: bool) -> Result<Org, StoreError> {
        use crate::domain::Kind;
        let mut seen = self.sight.org(&self.org);
        let light: Vec<_> = (Kind::ALL.iter())
            .filter(|k| !HEAVY.contains(k))
            .filter(|k| with_people || !matches!(k, Kind::Person | Kind::User))
            .copied()
            .collect();
        seen.retain_kinds(&light);
        Ok(seen)
    }
    fn summary(&self) -> Result<Summary, StoreError> {
        Ok(self.insight.summary(&self.org, &self.sight))
    }
    fn person(&self, id: &str) -> Result<Option<PersonView>, StoreError> {
        Ok(self.insight.person(&self.org, &self.sight, id))
    }
    fn nine_box(&self) -> Result<crate::server::insight::NineBoxCells, StoreError> {
        Ok(self.insight.nine_box(&self.sight))
    }
    fn standings(
        &self,
        since: Option<chrono::NaiveDate>,
    ) -> Result<Vec<crate::domain::insight::points::Standing>, StoreError> {
        Ok(self.insight.standings(&self.org, &self.sight, since))
    }
}

fn keymap() -> crate::app::keymap::Keymap {
    crate::app::keymap::Keymap::load(None).expect("keymap")
}

/// The cockpit of `user` holding every record they may see, as on a file.
fn whole(org: &Org, user: &str) -> App {
    let access = Access::resolve(&org.users, user, None).unwrap();
    let seen = Sight::of(&access, org).org(org);
    App::new(seen, Rules::default(), keymap(), today(), user)
}

/// The cockpit of `user` on a server in this process, with everything it asked answered.
fn on_server(server: &InProcess, user: &str) -> App {
    let mut roster = server.records(true).unwrap();
    roster.retain_kinds(&[crate::domain::Kind::Person, crate::domain::Kind::User]);
    let mut app = App::starting(roster, Rules::default(), keymap(), today(), user);
    app.served = Some(served::ServedState::new());
    let (org, derived) = served::load(server, Some(&app.org), user).unwrap();
    app.loaded(org, derived);
    app.served = Some(Default::default());
    settle(&mut app, server);
    app
}

/// The demo on a server in this process, with an admin's cockpit on a file and one on the
/// server.
fn admin_on_both() -> (InProcess, App, App) {
    let org = demo_org();
    let server = InProcess::new(org.clone(), "admin");
    let file = whole(&org, "admin");
    let served = on_server(&server, "admin");
    (server, file, served)
}

/// Answers whatever the cockpit asks until it asks nothing more.
fn settle(app: &mut App, server: &InProcess) {
    for _ in 0..10 {
        let asks = app.asks();
        if asks.is_empty() {
            return;
        }
        for asked in asks {
            let answer = served::ask(server, asked.ask.clone());
            app.answered(&asked, answer);
        }
    }
    panic!("the cockpit keeps asking");
}

/// Presses `keys` in both cockpits and compares their screens.
fn both(file: &mut App, served: &mut App, server: &InProcess, keys: &str, what: &str) {
    press(file, keys);
    press(served, keys);
    settle(served, server);
    let (a, b) = (draw(file, 120, 40), draw(served, 120, 40));
    assert_eq!(
        a.backend().buffer(),
        b.backend().buffer(),
        "{what}: on a file (left) and on a server (right)"
    );
}

fn compare_every_screen(user: &str) {
    let org = demo_org();
    let server = InProcess::new(org.clone(), user);
    let mut file = whole(&org, user);
    let mut served = on_server(&server, user);
    let mut step = |keys: &str, what: String| both(&mut file, &mut served, &server, keys, &what);
    step("", format!("{user}: first"));
    // The team views first, before anyone's records were read for the person pane.
    for view in ["2", "3", "4", "5", "6", "7", "8"] {
        step(view, format!("{user}: view {view}"));
        for down in 0..6 {
            step("j", format!("{user}: view {view}, {down} down"));
        }
    }
    step("1 g", format!("{user}: people"));
    for row in 0..org.people.len() {
        for tab in 0..7 {
            step("tab", format!("{user}: row {row}, tab {tab}"));
        }
        // Back to the roster, one down.
        step("esc j", format!("{user}: row {row}"));
    }
}

#[test]
fn an_admin_on_a_server_sees_every_screen_as_on_a_file() {
    compare_every_screen("admin");
}

#[test]
fn a_manager_on_a_server_sees_every_screen_as_on_a_file() {
    compare_every_screen("sarah");
}

/// Carries out the changes `effects` ask for on the server, and hands each to the cockpit as
/// the runtime does: the records it holds take the change's diffs.
fn served_carry_out(app: &mut App, server: &mut InProcess, effects: Vec<Effect>) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    let mut seq = app.history.last().map_or(100, |e| e.seq);
    while let Some(effect) = queue.pop_front() {
        if let Effect::Apply(change) = effect {
            match server.org.apply(&change) {
                Ok(diffs) => {
                    server.insight.follow(&server.org, &diffs);
                    let mut held = Org::clone(&app.org);
                    held.apply_diffs(&diffs);
                    seq += 1;
                    let entry = crate::domain::AuditEntry {
                        seq,
                        at: chrono::Utc::now(),
                        actor: "admin".into(),
                        change: *change,
                        diffs,
                    };
                    queue.extend(app.applied(entry, Ok(std::sync::Arc::new(held))));
                }
                Err(e) => app.failed(e.to_string()),
            }
        }
    }
    settle(app, server);
}

/// Keys that change records, in both cockpits; the screens compared after.
fn change_both(file: &mut App, served: &mut App, server: &mut InProcess, keys: &str, text: &str) {
    let mut effects = press(file, keys);
    effects.extend(type_text(file, text));
    carry_out(file, effects);
    let mut effects = press(served, keys);
    effects.extend(type_text(served, text));
    served_carry_out(served, server, effects);
    let (a, b) = (draw(file, 120, 40), draw(served, 120, 40));
    assert_eq!(
        a.backend().buffer(),
        b.backend().buffer(),
        "after {keys} {text}"
    );
}

/// A 1:1 noted, an action ticked and a flag acknowledged show on a server as on a file: the
/// flags the server works out again, and the person's records read again.
#[test]
fn changes_made_on_a_server_show_as_on_a_file() {
    let (mut server, mut file, mut served) = admin_on_both();
    // Priya Nair: a new GROW note, saved.
    both(&mut file, &mut served, &server, "ctrl-p", "finder");
    change_both(&mut file, &mut served, &mut server, "", "Priya");
    change_both(
        &mut file,
        &mut served,
        &mut server,
        "enter n",
        "Pricing roadmap",
    );
    change_both(&mut file, &mut served, &mut server, "ctrl-s", "");
    let noted = |org: &Org| org.notes.values().any(|n| n.goal == "Pricing roadmap");
    assert!(noted(&server.org) && noted(&file.org));
    for tab in 0..7 {
        both(
            &mut file,
            &mut served,
            &server,
            "tab",
            &format!("after the note, tab {tab}"),
        );
    }
    // The first action of her coaching tab ticked.
    both(&mut file, &mut served, &server, "esc enter", "coaching");
    change_both(&mut file, &mut served, &mut server, "tab x", "");
    // The loudest flag acknowledged in the Flags view.
    let quiet = server.org.flag_quiets.len();
    change_both(&mut file, &mut served, &mut server, "esc 3 a", "");
    assert_eq!(server.org.flag_quiets.len(), quiet + 1, "acknowledged");
    for step in 0..6 {
        both(
            &mut file,
            &mut served,
            &server,
            "j",
            &format!("flags, {step}"),
        );
    }
    both(&mut file, &mut served, &server, "1", "people");
}

/// `change` made by sarah on the server, as change number `seq`: applied and followed there,
/// and the audit entry it pushes to the cockpits.
fn made_elsewhere(server: &mut InProcess, change: Change, seq: u64) -> crate::domain::AuditEntry {
    let diffs = server.org.apply(&change).expect("applies");
    server.insight.follow(&server.org, &diffs);
    crate::domain::AuditEntry {
        seq,
        at: chrono::Utc::now(),
        actor: "sarah".into(),
        change,
        diffs,
    }
}

/// Someone else's change, as the server pushes it: the cockpit on a file takes it into every
/// record, the one on a server into what it holds, and asks for the rest again.
fn elsewhere_both(file: &mut App, served: &mut App, server: &mut InProcess, change: Change) {
    let entry = made_elsewhere(server, change, 900);
    file.changed_elsewhere(entry.clone());
    served.changed_elsewhere(entry);
    settle(served, server);
}

/// Changes by someone else show on a server as on a file: a person renamed (the roster and the
/// finder's keys), and a 1:1 noted about the person on screen (their notes and flags).
#[test]
fn changes_made_elsewhere_show_on_a_server_as_on_a_file() {
    let (mut server, mut file, mut served) = admin_on_both();
    both(&mut file, &mut served, &server, "ctrl-p", "finder");
    change_both(&mut file, &mut served, &mut server, "", "Priya");
    both(&mut file, &mut served, &server, "enter", "Priya");
    let mut priya = server.org.people["E029"].clone();
    priya.name = "Priya Nair-Raman".into();
    elsewhere_both(
        &mut file,
        &mut served,
        &mut server,
        Change::UpsertPerson { person: priya },
    );
    both(&mut file, &mut served, &server, "", "renamed");
    let note = serde_json::json!({
        "id": "N-ELSEWHERE", "person": "E029", "date": "2026-11-22", "author": "sarah",
        "goal": "Promotion case"
    });
    elsewhere_both(
        &mut file,
        &mut served,
        &mut server,
        Change::AddGrowNote {
            note: serde_json::from_value(note).unwrap(),
        },
    );
    for tab in 0..7 {
        both(
            &mut file,
            &mut served,
            &server,
            "tab",
            &format!("noted, tab {tab}"),
        );
    }
    // The finder finds her by her new name in both.
    both(
        &mut file,
        &mut served,
        &server,
        "esc ctrl-p",
        "finder again",
    );
    change_both(&mut file, &mut served, &mut server, "", "Raman");
}

/// An answer older than what the cockpit holds is let go, and asked for again: a person read
/// while someone else noted a 1:1 with them ends up with the note.
#[test]
fn an_answer_older_than_a_change_is_let_go_and_asked_again() {
    let (mut server, mut file, mut served) = admin_on_both();
    press(&mut file, "j");
    press(&mut served, "j");
    let id = served.person_on_screen().expect("someone on screen");
    // Asked for and answered by the server before the note; the answer arrives after it.
    let late: Vec<_> = (served.asks().into_iter())
        .map(|asked| {
            let answer = served::ask(&server, asked.ask.clone());
            (asked, answer)
        })
        .collect();
    assert!(!late.is_empty(), "the person on screen is asked for");
    let note = serde_json::json!({
        "id": "N-LATE", "person": id, "date": "2026-11-22", "author": "sarah", "goal": "Late"
    });
    let change = Change::AddGrowNote {
        note: serde_json::from_value(note).unwrap(),
    };
    let entry = made_elsewhere(&mut server, change, 901);
    file.changed_elsewhere(entry.clone());
    served.changed_elsewhere(entry);
    for (asked, answer) in late {
        served.answered(&asked, answer);
    }
    settle(&mut served, &server);
    assert!(served.org.notes.contains_key("N-LATE"), "asked for again");
    both(
        &mut file,
        &mut served,
        &server,
        "enter tab",
        "their coaching",
    );
}

/// A note saved about someone whose records are still on their way is saved once they are
/// here, as a note saved on a file at once.
#[test]
fn a_note_saved_before_its_person_is_read_is_saved_when_they_are() {
    let (mut server, mut file, mut served) = admin_on_both();
    for app in [&mut file, &mut served] {
        press(app, "j n");
        type_text(app, "Lead the launch");
    }
    let id = served.person_on_screen().expect("someone on screen");
    assert!(!served.person_read(&id), "not read yet");
    let effects = press(&mut served, "ctrl-s");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Apply(_))),
        "the save waits for their records"
    );
    assert_eq!(served.status.as_deref(), Some(crate::app::SAVE_WAITS));
    settle(&mut served, &server);
    let queued = served.take_queued();
    assert!(
        queued.iter().any(|e| matches!(e, Effect::Apply(_))),
        "saved once they are here: {queued:?}"
    );
    served_carry_out(&mut served, &mut server, queued);
    let effects = press(&mut file, "ctrl-s");
    carry_out(&mut file, effects);
    let (a, b) = (draw(&file, 120, 40), draw(&served, 120, 40));
    assert_eq!(a.backend().buffer(), b.backend().buffer(), "saved the same");
}
