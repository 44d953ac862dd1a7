//! The real binary in a real terminal (tmux): open the demo, find a person with the finder,
//! write a GROW note, quit, and find the note in the export; a note being typed when the
//! terminal goes away, or written in `$EDITOR` when SIGTERM comes, is there when crewdeck opens
//! again; and on an empty database with an
//! imported roster, a meeting's decisions recorded through forms show in the exports and flags;
//! wide characters never eat a window's border or run into a pane's, and a note keeps an accent
//! and a non-joiner as typed; `CREWDECK_PRESENT=1` opens it in presenter mode.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_crewdeck");

/// A tmux server of the test's own, holding one window (120×40 unless a test asks otherwise).
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, command: &str) -> Tmux {
        Tmux::start_sized(name, command, 120, 40)
    }

    fn start_sized(name: &str, command: &str, width: u16, height: u16) -> Tmux {
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
                &width.to_string(),
                "-y",
                &height.to_string(),
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

    /// The screen once two captures a tenth of a second apart are the same.
    fn settled(&self) -> String {
        let start = Instant::now();
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let now = self.screen();
            if now == last || start.elapsed() > Duration::from_secs(15) {
                return now;
            }
            last = now;
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

    /// Finds `who` with the finder and waits for their pane (`shown`).
    fn find(&self, who: &str, shown: &str) {
        self.keys(&["C-p"]);
        self.wait_for("Find anyone");
        self.keys(&["-l", who]);
        self.wait_for("1 found");
        self.keys(&["Enter"]);
        self.wait_for(shown);
    }

    /// Runs `action` from the `:` palette and waits for `title`.
    fn palette(&self, action: &str, title: &str) {
        self.keys(&[":"]);
        self.wait_for("Run an action by name");
        self.keys(&["-l", action]);
        self.keys(&["Enter"]);
        self.wait_for(title);
    }

    /// The screen with its colours and attributes, as escape sequences.
    fn screen_with_attributes(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-e", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a tmux command on this server.
    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
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
        "env XDG_CONFIG_HOME={dir} XDG_DATA_HOME={dir} XDG_STATE_HOME={dir} TERM=xterm-256color {BIN} --db {db}; echo EXITED=$?; sleep 60",
        dir = dir.display(),
        db = db.display()
    );
    (db, command)
}

/// A database made with `init` and a roster import of `csv`, and the command that opens the
/// cockpit on it as hana.
fn imported_roster(dir: &Path, csv: &str) -> (PathBuf, String) {
    let db = dir.join("team.redb");
    let roster = dir.join("roster.csv");
    std::fs::write(&roster, csv).unwrap();
    run(&db, &["init"]);
    run(&db, &["import", "roster", roster.to_str().unwrap()]);
    let command = format!(
        "env XDG_CONFIG_HOME={dir} XDG_DATA_HOME={dir} XDG_STATE_HOME={dir} TERM=xterm-256color {BIN} --db {db} --as hana; echo EXITED=$?; sleep 60",
        dir = dir.display(),
        db = db.display()
    );
    (db, command)
}

/// Runs the command line on `db` and returns what it printed.
fn run(db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn export_notes(db: &Path) -> String {
    run(db, &["export", "notes"])
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

/// Opens the cockpit with `command` in tmux session `name`, begins a GROW note with `typed`,
/// then takes the terminal away (the tmux server killed) and waits up to ten seconds for the
/// cockpit on `db` to end.
fn note_then_terminal_gone(db: &Path, command: &str, name: &str, typed: &str) {
    let tmux = Tmux::start(name, command);
    tmux.wait_for("People ·");
    tmux.keys(&["n"]);
    tmux.wait_for("GROW note");
    tmux.keys(&["-l", typed]);
    tmux.wait_for(typed);
    tmux.kill();
    let start = Instant::now();
    while !cockpit_pids(db).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "crewdeck did not end"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_note_being_typed_survives_the_terminal_going_away() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = setup(dir.path());
    note_then_terminal_gone(
        &db,
        &command,
        "hup",
        "Words typed before the connection dropped",
    );
    // It closed the database on its way out: the reading commands need no repair.
    assert!(run(&db, &["export", "roster"]).starts_with("id,name"));
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

/// The cockpit run below a shell that ignores hangups (as under `runuser`, `su` or `sudo`,
/// which pass no SIGHUP on): the terminal going away signals nobody, and the cockpit notices by
/// itself, keeps the draft and ends, rather than spin on the dead terminal.
#[test]
fn a_cockpit_that_gets_no_sighup_still_ends_when_its_terminal_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = setup(dir.path());
    // `; :` keeps the shell from handing its process over to the cockpit.
    let shielded = format!("sh -c 'trap \"\" HUP; {command}; :'");
    note_then_terminal_gone(&db, &shielded, "nohup", "Typed under runuser");
    let again = Tmux::start("nohup2", &command);
    again.wait_for("1 unsaved draft");
    again.keys(&["n"]);
    let screen = again.wait_for("Your unsaved draft is back");
    assert!(screen.contains("Typed under runuser"), "{screen}");
}

/// The processes of this crewdeck binary whose command line names `db`: the cockpit, not the
/// shell tmux started it from.
fn cockpit_pids(db: &Path) -> Vec<String> {
    let out = Command::new("pgrep")
        .args(["-f", &db.display().to_string()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "crewdeck")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn text_written_in_the_editor_survives_sigterm_while_the_editor_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = setup(dir.path());
    // An editor that writes its text at once and is still open when the signal comes.
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Reality written in the editor' > \"$1\"\nsleep 2\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let command = command.replacen("env ", &format!("env EDITOR={} ", editor.display()), 1);
    let tmux = Tmux::start("editor", &command);
    tmux.wait_for("People ·");
    tmux.keys(&["n"]);
    tmux.wait_for("GROW note");
    tmux.keys(&["-l", "Goal typed in the form"]);
    tmux.keys(&["Tab", "C-e"]);
    tmux.wait_gone("GROW note");
    std::thread::sleep(Duration::from_millis(500));
    let pids = cockpit_pids(&db);
    assert_eq!(pids.len(), 1, "{pids:?}");
    assert!(
        Command::new("kill")
            .args(["-TERM", &pids[0]])
            .status()
            .unwrap()
            .success()
    );
    tmux.wait_for("EXITED=");
    tmux.kill();
    let again = Tmux::start("editor2", &command);
    again.wait_for("1 unsaved draft");
    again.keys(&["n"]);
    let screen = again.wait_for("Your unsaved draft is back");
    assert!(
        screen.contains("Goal typed in the form")
            && screen.contains("Reality written in the editor"),
        "{screen}"
    );
}

#[test]
fn a_killed_cockpit_leaves_a_file_that_reading_commands_leave_alone_until_repair_keeps_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = setup(dir.path());
    let tmux = Tmux::start("killed", &command);
    tmux.wait_for("People ·");
    let pids = cockpit_pids(&db);
    assert_eq!(pids.len(), 1, "{pids:?}");
    assert!(
        Command::new("kill")
            .args(["-KILL", &pids[0]])
            .status()
            .unwrap()
            .success()
    );
    tmux.wait_for("EXITED=");
    let before = std::fs::read(&db).unwrap();
    let export = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["export", "roster"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&export.stderr);
    assert_eq!(export.status.code(), Some(1), "{said}");
    assert!(
        said.contains("was not closed cleanly") && said.contains("crewdeck repair"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a reading command wrote"
    );
    let repaired = run(&db, &["repair"]);
    assert!(repaired.starts_with("Repaired"), "{repaired}");
    let copy = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".before-repair-"))
        .expect("a copy kept beside it");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the copy is the file as it was"
    );
    assert!(run(&db, &["check"]).starts_with("OK"));
    assert!(run(&db, &["export", "roster"]).contains("周明"));
}

#[test]
fn a_meetings_decisions_on_an_imported_roster_are_recorded_through_forms() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = imported_roster(
        dir.path(),
        "id,name,title,team,manager,level,key\n\
         P1,Amira Haddad,Head of Data,Data,,M3,yes\n\
         P2,张伟,Data Engineer,Data,P1,P4,no\n\
         P3,José Álvarez,Analyst,Data,P1,P3,no\n\
         P4,Niloufar Rahimi,ML Engineer,Data,P1,P4,no\n\
         P5,Ben Carter,Data Engineer,Data,P1,P3,no\n",
    );
    assert!(run(&db, &["flags"]).contains("no successor"));
    let tmux = Tmux::start("forms", &command);
    tmux.wait_for("People · 5");
    // An improvement plan for Ben.
    tmux.find("ben", "Ben Carter · P5");
    tmux.palette("new_plan", "Improvement plan · Ben Carter");
    tmux.keys(&["-l", "Get the nightly pipeline back to the team standard"]);
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&["-l", "+60d"]);
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&[
        "-l",
        "Failed nightly runs ; lower ; 1 ; 5 ; No alerting upstream",
    ]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "1 ; Add schema checks ; Ben Carter ; +2w"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("Improvement plan for Ben Carter started");
    // A key position for Amira, with 张伟 as her successor.
    tmux.find("amira", "Amira Haddad · P1");
    tmux.palette("new_position", "New key position");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Key position Head of Data saved");
    tmux.palette("add_successor", "Add a successor");
    tmux.keys(&["-l", "张伟"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "1-2"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("张伟 is on the slate of Head of Data");
    // José's leaving stage and assessment.
    tmux.find("jose", "José Álvarez · P3");
    tmux.palette("set_leaving_stage", "Leaving stage · José Álvarez");
    tmux.keys(&["Down", "Down", "Tab", "Tab"]);
    tmux.keys(&["-l", "Asked about market rates"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("Leaving stage of José Álvarez: looking at the market");
    tmux.palette("record_assessment", "Assessment · José Álvarez");
    for value in ["4", "3", "2", "95", "72", "high", "medium"] {
        tmux.keys(&["Tab"]);
        tmux.keys(&["-l", value]);
    }
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for("assessment of José Álvarez recorded");
    assert!(
        screen.contains("Leaving stage: looking at the market"),
        "the Profile shows it:\n{screen}"
    );
    assert!(screen.contains("high performer"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    let pips = run(&db, &["export", "pips"]);
    assert!(
        pips.contains("Failed nightly runs") && pips.contains("No alerting upstream"),
        "{pips}"
    );
    assert!(pips.contains("Add schema checks; P5;"), "{pips}");
    let succession = run(&db, &["export", "succession"]);
    assert!(
        succession.contains("Head of Data") && succession.contains("张伟"),
        "{succession}"
    );
    let flags = run(&db, &["flags"]);
    assert!(!flags.contains("no successor"), "{flags}");
    assert!(flags.contains("José Álvarez — leaving stage"), "{flags}");
}

#[test]
fn stay_interviews_points_and_a_departure_are_recorded_through_forms_and_show_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = imported_roster(
        dir.path(),
        "id,name,title,team,manager,level,key\n\
         P1,Amira Haddad,Head of Data,Data,,M3,yes\n\
         P3,José Álvarez,Analyst,Data,P1,P3,no\n\
         P5,Ben Carter,Data Engineer,Data,P1,P3,no\n",
    );
    let tmux = Tmux::start("retention", &command);
    tmux.wait_for("People · 3");
    tmux.find("jose", "José Álvarez · P3");
    tmux.palette("record_stay_interview", "Stay interview · José Álvarez");
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "The analytics work"]);
    tmux.keys(&["Tab", "Tab", "Tab"]);
    tmux.keys(&["-l", "Talk about the lead role ; Amira Haddad ; +1w"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("Stay interview with José Álvarez recorded");
    tmux.palette("award_points", "Award points");
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&["-l", "50"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "Dashboard rescue"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("+50 points to José Álvarez");
    tmux.find("ben", "Ben Carter · P5");
    tmux.palette("start_departure", "Departure and handover · Ben Carter");
    tmux.keys(&["-l", "+30d"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("Departure of Ben Carter started");
    // The Retention tab: a task done, then the first access revoked.
    for _ in 0..4 {
        tmux.keys(&["Tab"]);
    }
    tmux.wait_for("Departure · last day");
    tmux.keys(&["Enter", "x"]);
    tmux.wait_for("Handover task of Ben Carter done");
    for _ in 0..4 {
        tmux.keys(&["j"]);
    }
    tmux.keys(&["X"]);
    tmux.wait_for("Access of Ben Carter revoked");
    tmux.keys(&["Tab"]);
    let history = tmux.wait_for("Every change to their records");
    assert!(
        history.contains("Access of Ben Carter revoked")
            || history.contains("Departure of Ben Carter started"),
        "{history}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    assert!(run(&db, &["export", "stays"]).contains("Talk about the lead role"));
    assert!(run(&db, &["export", "points"]).contains("Dashboard rescue"));
    let departures = run(&db, &["export", "departures"]);
    let mut reader = csv::Reader::from_reader(departures.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (item, done, person) = (column("item"), column("done"), column("person"));
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[person] == "P5")
        .collect();
    assert!(rows.len() >= 7, "{departures}");
    let cell = |what: &str| {
        rows.iter()
            .find(|r| &r[item] == what)
            .map(|r| r[done].to_string())
            .unwrap_or_default()
    };
    let today = chrono::Local::now().date_naive().to_string();
    // The first task listed (the soonest due) was ticked, and no other.
    let done_today: Vec<&str> = (rows.iter())
        .filter(|r| r[item].starts_with("task ") && r[done] == *today)
        .map(|r| &r[item])
        .collect();
    assert_eq!(
        done_today.len(),
        1,
        "one task ticked done today: {departures}"
    );
    assert!(
        cell("access 1").contains('T'),
        "revoked, with its time: {departures}"
    );
    assert!(cell("access 2").is_empty());
}

/// What column `column` of a captured screen line shows: the character starting there, or
/// `None` when the second half of a wide character (or nothing) is there.
fn at_column(line: &str, column: usize) -> Option<char> {
    use unicode_width::UnicodeWidthChar;
    let mut at = 0;
    for c in line.chars() {
        if at == column {
            return Some(c);
        }
        at += c.width().unwrap_or(0);
        if at > column {
            return None;
        }
    }
    None
}

#[test]
fn a_wide_character_under_the_finders_edge_leaves_its_border_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, command) = imported_roster(
        dir.path(),
        include_str!("cases/screen/popup_over_wide_char.csv"),
    );
    let tmux = Tmux::start_sized("popup", &command, 100, 30);
    tmux.wait_for("People · 4");
    tmux.keys(&["C-p"]);
    tmux.wait_for("Find anyone");
    // The whole frame, not one caught while tmux was still taking it in.
    let screen = tmux.settled();
    let rows: Vec<&str> = screen.lines().collect();
    // The finder is 90×24 in the middle of the body: columns 5 to 94, rows 3 to 26.
    for (y, row) in rows.iter().enumerate().take(27).skip(3) {
        let (left, right) = match y {
            3 => ('┏', '┓'),
            26 => ('┗', '┛'),
            _ => ('┃', '┃'),
        };
        assert_eq!(
            (at_column(row, 5), at_column(row, 94)),
            (Some(left), Some(right)),
            "row {y}:\n{screen}"
        );
    }
}

#[test]
fn a_wrapped_chinese_title_stays_inside_the_person_pane() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, command) = imported_roster(
        dir.path(),
        include_str!("cases/screen/wide_title_wrap_overflow.csv"),
    );
    let tmux = Tmux::start_sized("wrap", &command, 87, 20);
    let screen = tmux.wait_for("欧阳娜娜 · W1");
    let rows: Vec<&str> = screen.lines().collect();
    // The person pane's right border is the last column, rows 1 to 18.
    for (y, row) in rows.iter().enumerate().take(19).skip(1) {
        let border = match y {
            1 => '┐',
            18 => '┘',
            _ => '│',
        };
        assert_eq!(at_column(row, 86), Some(border), "row {y}:\n{screen}");
    }
    assert!(
        screen.contains("华东区大客户销售部高级客户经理兼渠道合作负责人"),
        "{screen}"
    );
}

#[test]
fn a_note_keeps_an_accent_and_a_non_joiner_as_typed() {
    let accent = include_str!("cases/editor/note_combining_accent_nfd.txt");
    let persian = include_str!("cases/editor/note_persian_zwnj.txt");
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = imported_roster(dir.path(), "id,name\nP1,Ana Lima\n");
    let tmux = Tmux::start_sized("accent", &command, 100, 30);
    tmux.wait_for("Ana Lima · P1");
    tmux.keys(&["n"]);
    tmux.wait_for("GROW note · Ana Lima");
    // The accent comes as a key of its own; Left twice is before the é, and what is typed
    // there lands before it; Backspace after the é takes it whole.
    tmux.keys(&["-l", accent]);
    tmux.keys(&["Left", "Left"]);
    tmux.keys(&["-l", "x"]);
    tmux.wait_for("Renx\u{e9}e");
    tmux.keys(&["End", "Left", "BSpace"]);
    tmux.wait_gone("Renx\u{e9}");
    tmux.keys(&["End"]);
    tmux.keys(&["-l", &format!(" {accent} met {persian}")]);
    tmux.wait_for(persian);
    tmux.keys(&["C-s"]);
    tmux.wait_for("GROW note for Ana Lima saved");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    let notes = export_notes(&db);
    assert!(
        notes.contains(&format!("Renxe Ren\u{e9}e met {persian}")),
        "{notes}"
    );
}

#[test]
fn y_puts_the_persons_summary_on_the_clipboard_with_osc_52_and_changes_only_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, command) = setup(dir.path());
    let tmux = Tmux::start("copy", &command);
    // With set-clipboard on, tmux takes an application's OSC 52 into its paste buffer.
    tmux.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.wait_for("People ·");
    tmux.find("张建", "张建 · E030");
    std::thread::sleep(Duration::from_millis(300));
    let before = tmux.screen_with_attributes();
    tmux.keys(&["y"]);
    let after_text = tmux.wait_for("Copied to the clipboard: 张建's summary");
    let buffer = tmux.tmux(&["show-buffer"]);
    assert!(buffer.starts_with("张建 (E030)\n"), "{buffer}");
    assert!(buffer.contains("Status: active"), "{buffer}");
    assert!(
        !after_text.contains("52;c;"),
        "nothing of the sequence shows"
    );
    // Nothing but the status line changed on screen.
    let after = tmux.screen_with_attributes();
    let (before, after): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), after.lines().collect());
    assert_eq!(before.len(), after.len());
    let changed: Vec<usize> = (0..before.len())
        .filter(|i| before[*i] != after[*i])
        .collect();
    assert_eq!(
        changed,
        vec![before.len() - 1],
        "only the last line changed"
    );

    // In the flags tab, the selected flag is what is copied. Esc and : sent together would
    // read as alt-:, and nothing on screen shows the Esc was taken: a pause between them.
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.palette("view_flags", "Flags");
    tmux.keys(&["y"]);
    tmux.wait_for("Copied to the clipboard: the flag");
    let buffer = tmux.tmux(&["show-buffer"]);
    assert!(!buffer.starts_with("张建 (E030)"), "{buffer}");
}

/// The leaving stages the demo records, as the cockpit words them.
const STAGES: [&str; 4] = [
    "early doubts",
    "looking at the market",
    "weighing offers",
    "decided to leave",
];

#[test]
fn crewdeck_present_starts_with_the_banner_and_no_leaving_stage_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, command) = setup(dir.path());
    let command = command.replacen("env ", "env CREWDECK_PRESENT=1 ", 1);
    let tmux = Tmux::start("present", &command);
    tmux.wait_for("PRESENTER MODE · notes, leaving stages, pay");
    // Daniel Okafor is leaving: his profile, his flags and the flags view say so only once
    // presenter mode is off.
    tmux.find("okafor", "Daniel Okafor · E040");
    tmux.wait_gone("reading the records");
    let mut screens = vec![tmux.wait_for("Leaving stage: ‹hidden›")];
    tmux.keys(&["BTab"]);
    screens.push(tmux.wait_for("leaving stage: ‹hidden›"));
    tmux.keys(&["3"]);
    screens.push(tmux.wait_for("Flags ·"));
    for screen in &screens {
        assert!(screen.contains("PRESENTER MODE"), "{screen}");
        for stage in STAGES.iter().chain(&["Departure recorded"]) {
            assert!(!screen.contains(stage), "{stage:?} shown:\n{screen}");
        }
        assert!(!screen.contains("percentile"), "{screen}");
    }
    // The key shows them again, and the banner goes: his flag says his departure is recorded,
    // his profile the stage recorded before.
    tmux.keys(&["1", "B"]);
    tmux.wait_for("Presenter mode off");
    let shown = tmux.wait_for("Departure recorded: last day");
    assert!(!shown.contains("PRESENTER MODE"), "{shown}");
    tmux.keys(&["Tab"]);
    tmux.wait_for("decided to leave");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
}

#[test]
fn colon_then_enter_does_not_quit_and_the_palette_waits_for_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, command) = setup(dir.path());
    let tmux = Tmux::start("palette", &command);
    tmux.wait_for("People ·");
    tmux.keys(&[":"]);
    tmux.wait_for("Run an action by name");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Type an action's name first");
    assert!(screen.contains("Run an action by name"), "{screen}");
    assert!(!screen.contains("EXITED="));
    tmux.keys(&["-l", "quit"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("EXITED=0");
}

#[test]
fn an_unknown_action_in_keymap_toml_leaves_the_built_in_keys_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("crewdeck");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("keymap.toml"), "[browse]\nw = \"wobble\"\n").unwrap();
    // `crewdeck keys` still lists the keys, and says what is wrong.
    let keys = Command::new(BIN)
        .arg("keys")
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .output()
        .unwrap();
    assert!(keys.status.success());
    let stderr = String::from_utf8_lossy(&keys.stderr);
    assert!(stderr.contains("unknown action `wobble`"), "{stderr}");
    assert!(stderr.contains("the built-in keys are in use"), "{stderr}");
    assert!(String::from_utf8_lossy(&keys.stdout).contains("quit"));
    // The cockpit opens with the built-in keys and the warning on its status line.
    let (_db, command) = setup(dir.path());
    let tmux = Tmux::start("keymap", &command);
    let screen = tmux.wait_for("unknown action `wobble`");
    assert!(screen.contains("People ·"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
}

/// An empty database named with --db says how to import into that very file, and a form's
/// text wraps between words while it is typed.
#[test]
fn an_empty_database_names_itself_in_the_import_hint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.redb");
    run(&db, &["init"]);
    let command = format!(
        "env XDG_CONFIG_HOME={dir} XDG_DATA_HOME={dir} XDG_STATE_HOME={dir} TERM=xterm-256color {BIN} --db {db}; sleep 60",
        dir = dir.path().display(),
        db = db.display()
    );
    let tmux = Tmux::start_sized("crewdeck-empty-hint", &command, 140, 30);
    let screen = tmux.wait_for("Nobody here yet");
    // The roster pane's text, its wrapped lines joined again.
    let pane: Vec<&str> = screen
        .lines()
        .filter_map(|line| line.split('┃').nth(1))
        .map(str::trim)
        .collect();
    let joined = pane.join(" ");
    let hint = format!("crewdeck --db {} import roster FILE", db.display());
    assert!(joined.contains(&hint), "{screen}");
}

/// Two cockpits on one shared server: a note saved in one shows in the other within a second,
/// with the other's selection and its half-typed note kept; the server killed and started again,
/// the cockpit says it is reconnecting, keeps the text, and saves it once the server is back.
/// `crewdeck serve` on `db`, its log in `state`, once it listens beside the database.
fn serve(db: &Path, state: &Path) -> std::process::Child {
    let socket = format!("{}.sock", db.display());
    let server = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .arg("serve")
        .env("XDG_STATE_HOME", state)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !crewdeck::server::listening(Path::new(&socket)) {
        assert!(start.elapsed() < Duration::from_secs(20), "no server");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

#[test]
fn a_note_saved_in_one_cockpit_shows_in_another_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let serve = || serve(&db, dir.path());
    let mut server = serve();
    let open = |name: &str| {
        format!(
            "env XDG_CONFIG_HOME={dir}/{name} XDG_DATA_HOME={dir}/{name} XDG_STATE_HOME={dir}/{name} TERM=xterm-256color {BIN} --db {db}; echo EXITED=$?; sleep 60",
            dir = dir.path().display(),
            db = db.display()
        )
    };
    let one = Tmux::start("one", &open("one"));
    let two = Tmux::start("two", &open("two"));
    one.wait_for("People ·");
    two.wait_for("People ·");
    // The second cockpit is on Aisha Khan's coaching, typing a note of its own.
    two.find("aisha", "Aisha Khan · E009");
    two.keys(&["n"]);
    two.wait_for("GROW note · Aisha Khan");
    two.keys(&["-l", "Half typed"]);
    two.wait_for("Half typed");
    // The first saves a note about her.
    one.find("aisha", "Aisha Khan · E009");
    one.keys(&["n"]);
    one.wait_for("GROW note · Aisha Khan");
    one.keys(&["-l", "Lead the on-call rota"]);
    one.keys(&["C-s"]);
    let saved = Instant::now();
    one.wait_for("GROW note for Aisha Khan saved");
    // The second hears of it at once, its form untouched.
    let heard = two.wait_for("GROW note for Aisha Khan saved");
    assert!(
        saved.elapsed() < Duration::from_secs(1),
        "{:?}",
        saved.elapsed()
    );
    assert!(heard.contains("Half typed"), "{heard}");
    two.keys(&["Escape"]);
    two.wait_gone("GROW note · Aisha Khan");
    two.keys(&["Tab"]);
    let shown = two.wait_for("Lead the on-call rota");
    assert!(
        shown.contains("Aisha Khan · E009"),
        "the selection stayed: {shown}"
    );
    // Both correct that note at once: the second save is told, keeps its text, and goes
    // through when saved again.
    for cockpit in [&one, &two] {
        cockpit.keys(&["W"]);
        cockpit.wait_for("GROW note · Aisha Khan");
    }
    one.keys(&["-l", "Goal by one"]);
    one.keys(&["C-s"]);
    one.wait_for("GROW note for Aisha Khan corrected");
    two.keys(&["-l", "Goal by two"]);
    two.keys(&["C-s"]);
    let told = two.wait_for("changed it first");
    assert!(told.contains("Goal by two"), "the text is kept: {told}");
    two.keys(&["C-s"]);
    two.wait_for("GROW note for Aisha Khan corrected");
    one.keys(&["Tab"]);
    one.wait_for("Goal by two");
    // The server goes (SIGKILL) while a note is typed in the first.
    one.keys(&["n"]);
    one.wait_for("GROW note · Aisha Khan");
    one.keys(&["-l", "Typed while the server was away"]);
    server.kill().unwrap();
    server.wait().unwrap();
    one.wait_for("Reconnecting");
    one.keys(&["C-s"]);
    let refused = one.wait_for("not saved");
    assert!(
        refused.contains("Typed while the server was away"),
        "{refused}"
    );
    let mut server = serve();
    // Back: the header no longer says it is reconnecting, and the records are read again.
    one.wait_gone("reconnecting…");
    one.keys(&["C-s"]);
    one.wait_for("GROW note for Aisha Khan saved");
    two.wait_for("Typed while the server was away");
    server.kill().unwrap();
    let _ = server.wait();
}

#[test]
fn two_participants_of_a_calibration_see_each_others_moves_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let mut server = serve(&db, dir.path());
    // The file's owner runs the session; an HR partner takes part from a cockpit of their own.
    let open = |name: &str, acting: &str| {
        format!(
            "env XDG_CONFIG_HOME={dir}/{name} XDG_DATA_HOME={dir}/{name} XDG_STATE_HOME={dir}/{name} TERM=xterm-256color {BIN} --db {db} {acting}; echo EXITED=$?; sleep 60",
            dir = dir.path().display(),
            db = db.display()
        )
    };
    let one = Tmux::start("cal-one", &open("one", ""));
    let two = Tmux::start("cal-two", &open("two", "--as fatima"));
    one.wait_for("People ·");
    two.wait_for("People ·");
    one.keys(&["8", "N"]);
    one.wait_for("New calibration session");
    one.keys(&["Tab"]);
    one.keys(&["-l", "Platform"]);
    one.keys(&["Tab", "Tab"]);
    one.keys(&["-l", "fatima"]);
    one.keys(&["C-s"]);
    one.wait_for("opened with 8 people");
    two.keys(&["8"]);
    two.wait_for("Talent review");
    // The first moves the first person of the round-robin; the second sees it in the log.
    one.keys(&[">", "C-u"]);
    one.keys(&["-l", "core player"]);
    one.keys(&["Tab"]);
    one.keys(&["-l", "results"]);
    one.keys(&["C-s"]);
    let saved = Instant::now();
    one.wait_for("moved Aisha Khan");
    let heard = two.wait_for("moved Aisha Khan");
    assert!(
        saved.elapsed() < Duration::from_secs(1),
        "{:?}",
        saved.elapsed()
    );
    assert!(heard.contains("3→2"), "the grid follows: {heard}");
    // The second undoes it; the first sees that, and the count back.
    two.keys(&["u"]);
    two.wait_for("Undo the move of Aisha Khan");
    two.keys(&["y"]);
    let undone = Instant::now();
    two.wait_for("fatima undid the move of Aisha Khan");
    let back = one.wait_for("fatima undid the move of Aisha Khan");
    assert!(
        undone.elapsed() < Duration::from_secs(1),
        "{:?}",
        undone.elapsed()
    );
    assert!(back.contains("3→3"), "{back}");
    server.kill().unwrap();
    let _ = server.wait();
}
