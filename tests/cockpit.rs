//! The real binary in a real terminal (tmux): open the demo, find a person with the finder,
//! write a GROW note, quit, and find the note in the export; and a note being typed when the
//! terminal goes away is there when crewdeck opens again.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_crewdeck");

/// A tmux server of the test's own, holding one 120×40 window.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, command: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("crewdeck-test-{name}-{}", std::process::id()),
        };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
                command,
            ])
            .status()
            .expect("tmux runs (install it with `apt-get install tmux`)");
        assert!(status.success());
        tmux
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "never saw {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "{text:?} never went away"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn kill(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.kill();
    }
}

fn setup(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("demo.redb");
    let status = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["init", "--demo"])
        .status()
        .unwrap();
    assert!(status.success());
    let command = format!(
        "env XDG_CONFIG_HOME={dir} XDG_DATA_HOME={dir} TERM=xterm-256color {BIN} --db {db} --as lin; echo EXITED=$?; sleep 60",
        dir = dir.display(),
        db = db.display()
    );
    (db, command)
}

fn export_notes(db: &Path) -> String {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["export", "notes"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn find_a_person_write_a_note_quit_and_export_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = setup(dir.path());
    let tmux = Tmux::start("note", &command);
    tmux.wait_for("People ·");
    tmux.keys(&["?"]);
    tmux.wait_for("Keys · type to filter");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Keys · type to filter");
    tmux.keys(&["C-p"]);
    tmux.wait_for("Find anyone");
    tmux.keys(&["zj"]);
    tmux.wait_for("张建");
    tmux.keys(&["Enter"]);
    tmux.wait_for("张建 · E030");
    tmux.keys(&["n"]);
    tmux.wait_for("GROW note · 张建");
    tmux.keys(&["-l", "Launch the checkout redesign"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "Charter written, team of four"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("GROW note for 张建 saved");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    let notes = export_notes(&db);
    assert!(
        notes.contains("Launch the checkout redesign")
            && notes.contains("Charter written, team of four"),
        "{notes}"
    );
    assert!(notes.contains("E030,张建"), "{notes}");
}

#[test]
fn a_note_being_typed_survives_the_terminal_going_away() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = setup(dir.path());
    let tmux = Tmux::start("hup", &command);
    tmux.wait_for("People ·");
    tmux.keys(&["n"]);
    tmux.wait_for("GROW note");
    tmux.keys(&["-l", "Words typed before the connection dropped"]);
    tmux.wait_for("connection dropped");
    tmux.kill();
    std::thread::sleep(Duration::from_millis(1500));
    let again = Tmux::start("hup2", &command);
    // The draft waits on the roster rather than opening by itself.
    let first = again.wait_for("1 unsaved draft");
    assert!(
        first.contains('✎'),
        "the roster marks whom it is about:\n{first}"
    );
    again.keys(&["n"]);
    let screen = again.wait_for("Your unsaved draft is back");
    assert!(
        screen.contains("Words typed before the connection dropped"),
        "{screen}"
    );
    // Esc and q sent together would read as alt-q: wait for the note to close first.
    again.keys(&["Escape"]);
    again.wait_for("Draft kept");
    again.keys(&["q"]);
    again.wait_for("EXITED=0");
    assert!(
        !export_notes(&db).contains("Words typed"),
        "a draft is not a saved note"
    );
}
