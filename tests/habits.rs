//! What a terminal user expects of a command-line tool: completions, a man page, a log file
//! that never reaches the screen, option values read without regard to case, and counts that
//! agree from one command to the next.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_crewdeck");

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs crewdeck on `db` with its state (the log) in `state`.
fn crewdeck(state: &Path, db: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CREWDECK_DB")
        .env("XDG_STATE_HOME", state)
        .output()
        .expect("run crewdeck");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn ok(state: &Path, db: &Path, args: &[&str]) -> String {
    let run = crewdeck(state, db, args);
    assert_eq!(run.status, 0, "crewdeck {args:?} failed: {}", run.stderr);
    run.stdout
}

fn demo(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("demo.redb");
    ok(dir.path(), &db, &["--as", "lin", "init", "--demo"]);
    db
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_bash_completion_script_is_accepted_by_bash_and_completes_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.redb");
    let script = ok(dir.path(), &db, &["completions", "bash"]);
    let file = dir.path().join("crewdeck.bash");
    std::fs::write(&file, &script).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(
        syntax.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // Loaded and asked, it offers the subcommands.
    let asked = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}'; COMP_WORDS=(crewdeck comp); COMP_CWORD=1; _crewdeck crewdeck comp crewdeck; echo \"${{COMPREPLY[@]}}\"",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&asked.stdout).contains("completions"),
        "{}",
        String::from_utf8_lossy(&asked.stderr)
    );
    for shell in ["zsh", "fish", "ZSH"] {
        assert!(ok(dir.path(), &db, &["completions", shell]).contains("crewdeck"));
    }
    // Nothing about completions reaches the log.
    assert!(!dir.path().join("crewdeck/crewdeck.log").exists());
}

#[test]
fn the_man_page_renders_with_every_command_and_the_log_level() {
    let dir = tempfile::tempdir().unwrap();
    let page = ok(dir.path(), &dir.path().join("none.redb"), &["man"]);
    assert!(page.starts_with(".ie") || page.contains(".TH crewdeck 1"));
    if !have("groff") {
        return;
    }
    let mut groff = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let shown = groff.wait_with_output().unwrap();
    assert!(shown.status.success());
    assert!(
        shown.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let plain = strip_overstrike(&String::from_utf8_lossy(&shown.stdout));
    for word in ["NAME", "crewdeck", "--log-level", "completions", "man"] {
        assert!(plain.contains(word), "{word} missing from:\n{plain}");
    }
    // The pages the SUBCOMMANDS section names are there too, each with its own options.
    for page in [
        "crewdeck-import",
        "crewdeck-export",
        "crewdeck-init",
        "crewdeck-check",
    ] {
        assert!(
            page_names(&plain).contains(&page.to_string()),
            "no {page} page in:\n{plain}"
        );
    }
    assert!(
        plain.contains("--format"),
        "crewdeck-export's options missing"
    );
}

/// The names under each NAME heading of rendered pages: `crewdeck`, `crewdeck-import` …
fn page_names(plain: &str) -> Vec<String> {
    let lines: Vec<&str> = plain.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].trim() == "NAME")
        .filter_map(|w| w[1].split_whitespace().next().map(str::to_string))
        .collect()
}

/// groff's terminal output marks bold as `c\bc` and underline as `_\bc`: the letters alone.
fn strip_overstrike(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{8}' {
            out.pop();
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out.into_iter().collect()
}

#[test]
fn events_go_to_a_private_log_file_in_the_state_directory_and_never_to_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let csv = dir.path().join("points.csv");
    std::fs::write(&csv, ok(dir.path(), &db, &["export", "points"])).unwrap();
    let import = crewdeck(
        dir.path(),
        &db,
        &["import", "points", csv.to_str().unwrap()],
    );
    assert_eq!(import.status, 0, "{}", import.stderr);
    let missing = crewdeck(dir.path(), &dir.path().join("missing.redb"), &["check"]);
    assert_eq!(missing.status, 1);
    let log_path = dir.path().join("crewdeck").join("crewdeck.log");
    let log = std::fs::read_to_string(&log_path).unwrap();
    for said in [
        "database created",
        "change applied",
        "seq=1",
        "export written",
        "dataset=Points",
        "database closed",
        "ERROR no database at",
    ] {
        assert!(log.contains(said), "{said} missing from the log:\n{log}");
    }
    // The screen gets what it always got, and no log line.
    for run in [&import, &missing] {
        assert!(!run.stdout.contains("INFO") && !run.stderr.contains("INFO"));
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&log_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // A log left open to others, by hand or by an older version, is made private again.
    std::fs::set_permissions(&log_path, std::fs::Permissions::from_mode(0o644)).unwrap();
    ok(dir.path(), &db, &["check"]);
    let mode = std::fs::metadata(&log_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "an existing log is made private");

    // --log-level error keeps only errors; the level is read without regard to case.
    std::fs::remove_file(&log_path).unwrap();
    ok(dir.path(), &db, &["--log-level", "ERROR", "check"]);
    crewdeck(
        dir.path(),
        &dir.path().join("missing.redb"),
        &["--log-level", "Error", "check"],
    );
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(!log.contains("INFO"), "{log}");
    assert!(log.contains("ERROR"), "{log}");
}

#[test]
fn init_and_check_count_the_people_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.redb");
    let init = ok(dir.path(), &db, &["init", "--demo"]);
    assert!(
        init.contains("(50 active, 1 on leave, 1 leaving, 1 left)"),
        "{init}"
    );
    let check = ok(dir.path(), &db, &["check"]);
    assert!(
        check.contains(": 50 active, 1 on leave, 1 leaving, 1 left, "),
        "{check}"
    );
}

#[test]
fn option_values_are_read_without_regard_to_case_and_teams_without_surrounding_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let table = ok(dir.path(), &db, &["export", "Roster", "--format", "TABLE"]);
    assert_eq!(
        table,
        ok(dir.path(), &db, &["export", "roster", "--format", "table"])
    );
    let spaced = ok(
        dir.path(),
        &db,
        &["points", "--team", "  Mobile ", "--format", "Csv"],
    );
    assert_eq!(
        spaced,
        ok(
            dir.path(),
            &db,
            &["points", "--team", "mobile", "--format", "csv"]
        )
    );
    assert!(spaced.lines().count() > 1);
    let flags = crewdeck(dir.path(), &db, &["flags", "--team", " Mobile\t"]);
    assert_eq!(flags.status, 0, "{}", flags.stderr);
}

#[test]
fn if_leaves_takes_an_id_in_any_case_and_says_when_that_person_already_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let upper = ok(dir.path(), &db, &["coverage", "--if-leaves", "E002"]);
    let lower = ok(dir.path(), &db, &["coverage", "--if-leaves", " e002 "]);
    assert_eq!(upper, lower);
    assert!(upper.contains("Sarah Mitchell"), "{upper}");
    // Her position, with someone ready, is covered though nobody holds it: said so, not
    // "(vacant)" beside "held".
    assert!(upper.contains("(vacated: a successor is ready)"), "{upper}");
    let left = crewdeck(dir.path(), &db, &["coverage", "--if-leaves", "e015"]);
    assert_eq!(left.status, 0, "{}", left.stderr);
    assert!(
        left.stderr.contains("Tom Becker (E015) already left on"),
        "{}",
        left.stderr
    );
    assert_eq!(left.stdout, ok(dir.path(), &db, &["coverage"]));
}

#[test]
fn demo_with_db_makes_and_opens_the_demo_there_and_never_resets_a_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = dir.path().join("mine.redb");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_STATE_HOME", dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    // Outside a terminal the cockpit cannot open, but the demo is made first: at --db.
    let first = run(&["demo"]);
    assert!(String::from_utf8_lossy(&first.stderr).contains("needs a terminal"));
    assert!(String::from_utf8_lossy(&first.stdout).contains("Created the demo organisation"));
    assert!(db.exists());
    assert!(!data.join("crewdeck").join("demo.redb").exists());
    let csv = ok(dir.path(), &db, &["export", "roster"]);
    assert!(csv.contains("Sarah Mitchell"));
    // A second time it is opened as it is, not made again.
    let second = run(&["demo"]);
    assert!(!String::from_utf8_lossy(&second.stdout).contains("Created"));
    // --reset never replaces a file named with --db.
    let reset = run(&["demo", "--reset"]);
    assert_eq!(reset.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&reset.stderr).contains("init --demo --force"),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
}
