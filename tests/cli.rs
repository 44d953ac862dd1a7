//! The `crewdeck` binary as a user runs it: init, import, export, check, with real files.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_crewdeck");

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn crewdeck(db: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CREWDECK_DB")
        .output()
        .expect("run crewdeck");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn ok(db: &Path, args: &[&str]) -> String {
    let run = crewdeck(db, args);
    assert_eq!(run.status, 0, "crewdeck {args:?} failed: {}", run.stderr);
    run.stdout
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn demo_db(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("demo.redb");
    ok(&db, &["--as", "lin", "init", "--demo"]);
    db
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn init_demo_under_umask_000_gives_a_private_file_and_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new-dir").join("crewdeck.redb");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 000 && exec '{BIN}' --db '{}' init --demo",
            db.display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);

    let csv = ok(&db, &["export", "roster", "--format", "csv"]);
    let rows = csv.lines().count() - 1;
    assert!(rows >= 48, "only {rows} people in the demo");
    assert!(csv.contains("张建"));
    assert!(csv.starts_with("id,name,title,team,manager"));
    assert!(ok(&db, &["check"]).starts_with("OK"));
}

#[test]
fn init_refuses_to_replace_a_database_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let run = crewdeck(&db, &["init"]);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(
        ok(&db, &["export", "roster"]).contains("张建"),
        "the demo is still there"
    );
    ok(&db, &["init", "--force"]);
    assert_eq!(
        ok(&db, &["export", "roster"]).lines().count(),
        1,
        "replaced by an empty one"
    );
}

#[test]
fn bad_rosters_are_rejected_whole_with_their_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let before = ok(&db, &["export", "roster", "--format", "csv"]);
    let cases: [(&str, &str, &str); 3] = [
        (
            "cycle.csv",
            "id,name,manager\nX1,Ann,X3\nX2,Ben,X1\nX3,Cat,X2\nX4,Dan,\n",
            ":2",
        ),
        ("duplicate.csv", "id,name\nX1,Ann\nX2,Ben\nX1,Again\n", ":4"),
        (
            "ragged.csv",
            "id,name,title\nX1,Ann,Chef\nX2,Ben\nX3,Cat,Cook\n",
            ":3",
        ),
    ];
    for (name, text, line) in cases {
        let file = write(&dir, name, text.as_bytes());
        let run = crewdeck(&db, &["import", "roster", file.to_str().unwrap()]);
        assert_ne!(run.status, 0, "{name} was accepted");
        assert!(
            run.stderr.contains(&format!("{name}{line}")),
            "{name}: the error does not name line {line}: {}",
            run.stderr
        );
        let after = ok(&db, &["export", "roster", "--format", "csv"]);
        assert_eq!(after, before, "{name} changed the roster");
    }
}

#[test]
fn a_gb18030_roster_is_guessed_imports_once_and_is_refused_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    // The header a Chinese HR system writes: id, name, title, department, manager.
    let text = "工号,姓名,职位,部门,直属上级\nG1,刘洋,工程师,平台组,\nG2,赵敏,设计师,平台组,G1\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8"
    );
    let file = write(&dir, "gb.csv", &bytes);
    let path = file.to_str().unwrap();
    let before = ok(&db, &["export", "roster"]);

    let as_utf8 = crewdeck(&db, &["import", "roster", path, "--encoding", "utf-8"]);
    assert_ne!(as_utf8.status, 0);
    assert!(as_utf8.stderr.contains("gb18030"), "{}", as_utf8.stderr);
    assert_eq!(
        ok(&db, &["export", "roster"]),
        before,
        "nothing garbled was stored"
    );

    ok(&db, &["import", "roster", path, "--encoding", "gb18030"]);
    let roster = ok(&db, &["export", "roster"]);
    assert!(roster.contains("G2,赵敏,设计师,平台组,G1"), "{roster}");

    let again = ok(&db, &["import", "roster", path, "--encoding", "gb18030"]);
    assert!(again.contains("Nothing to change"), "{again}");
    assert_eq!(ok(&db, &["export", "roster"]), roster);

    // Without --encoding the encoding is guessed from the bytes, and said.
    let guessed = crewdeck(&db, &["import", "roster", path]);
    assert_eq!(guessed.status, 0, "{}", guessed.stderr);
    assert!(
        guessed.stderr.contains("read as gb18030"),
        "{}",
        guessed.stderr
    );
    assert!(
        guessed.stdout.contains("Nothing to change"),
        "{}",
        guessed.stdout
    );
}

#[test]
fn the_audit_shows_the_demo_load_and_each_import_with_actor_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let file = write(&dir, "new.csv", b"id,name,team\nN1,Nora Quist,Platform\n");
    ok(
        &db,
        &["--as", "fatima", "import", "roster", file.to_str().unwrap()],
    );
    let audit = ok(&db, &["export", "audit", "--format", "csv"]);
    let lines: Vec<&str> = audit.lines().collect();
    assert_eq!(lines.len(), 3, "{audit}");
    assert!(
        lines[1].starts_with("1,20") && lines[1].contains(",lin,load demo organisation"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("2,20")
            && lines[2].contains(" acting as fatima,import roster new.csv"),
        "{}",
        lines[2]
    );
    let json = ok(&db, &["export", "audit", "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_str(&json).unwrap();
    // The owner of the file acts as the demo's HR business partner: both are named.
    assert!(
        entries[1]["actor"]
            .as_str()
            .is_some_and(|a| a.ends_with(" acting as fatima")),
        "{}",
        entries[1]["actor"]
    );
    assert!(
        entries[1]["at"]
            .as_str()
            .is_some_and(|t| t.starts_with("20"))
    );
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let before = ok(&db, &["export", "roster"]);
    let audit_before = ok(&db, &["export", "audit"]);
    let file = write(&dir, "dry.csv", b"id,name\nD1,Dee Dry\n");
    let out = ok(
        &db,
        &["import", "roster", file.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        out.contains("D1") && out.contains("nothing was written"),
        "{out}"
    );
    assert_eq!(ok(&db, &["export", "roster"]), before);
    assert_eq!(ok(&db, &["export", "audit"]), audit_before);
}

#[test]
fn a_roster_with_control_characters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let before = ok(&db, &["export", "roster"]);
    let file = write(
        &dir,
        "escape.csv",
        "id,name\nV1,\"Boss\u{1b}]0;owned\u{7}\"\n".as_bytes(),
    );
    let run = crewdeck(&db, &["import", "roster", file.to_str().unwrap()]);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("escape.csv:2"), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "the error echoes the escape sequence"
    );
    assert_eq!(ok(&db, &["export", "roster"]), before);
}

#[test]
fn exports_neutralise_formulas_and_control_characters() {
    use crewdeck::domain::{Change, person::Person};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    {
        // Stored through the library, as any future way in (a typed note, a daemon) could.
        let store = crewdeck::store::Store::open(&db).unwrap();
        let mut person = Person::new("V1", "=HYPERLINK(\"http://x\")");
        person.title = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}1m\u{202e}Boss\u{200b}".into();
        store
            .apply(&Change::UpsertPerson { person }, "test", chrono::Utc::now())
            .unwrap();
    }
    for format in ["csv", "json", "md"] {
        let out = ok(&db, &["export", "roster", "--format", format]);
        let body = out.replace("\r\n", "").replace('\n', "");
        let bad: Vec<char> = body
            .chars()
            .filter(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{200b}'))
            .collect();
        assert!(bad.is_empty(), "{format} export holds {bad:?}");
    }
    let csv = ok(&db, &["export", "roster", "--format", "csv"]);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
}

#[test]
fn every_export_writes_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    for what in [
        "roster",
        "notes",
        "pips",
        "succession",
        "flags",
        "points",
        "audit",
    ] {
        for format in ["csv", "json", "md"] {
            let out = dir.path().join(format!("{what}.{format}"));
            ok(
                &db,
                &[
                    "export",
                    what,
                    "--format",
                    format,
                    "--out",
                    out.to_str().unwrap(),
                ],
            );
            assert_eq!(mode(&out), 0o600, "{}", out.display());
            let text = std::fs::read_to_string(&out).unwrap();
            let empty = match format {
                "csv" => text.lines().count() < 2,
                "md" => text.contains("_No records._"),
                _ => text.trim() == "[]",
            };
            assert!(!empty, "{what} as {format} has no records:\n{text}");
        }
    }
}

#[test]
fn a_database_in_use_is_refused_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let _held = crewdeck::store::Store::open(&db).unwrap();
    // Reading goes on beside a writer; a second writer is refused.
    assert_eq!(crewdeck(&db, &["export", "roster"]).status, 0);
    let roster = write(&dir, "roster.csv", b"id,name\nE1,Ada\n");
    let run = crewdeck(&db, &["import", "roster", roster.to_str().unwrap()]);
    assert_ne!(run.status, 0);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "crewdeck: the database {} is in use by another crewdeck process; close that one first, or, if it is `crewdeck serve` with its socket elsewhere than beside the database, go through it with --server SOCKET (or CREWDECK_SERVER)",
            db.display()
        )
    );
}

#[test]
fn check_lists_problems_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    {
        let store = crewdeck::store::Store::open(&db).unwrap();
        store
            .corrupt_for_test(crewdeck::domain::Kind::GrowNote, "N-bad", b"\xff\xfe")
            .unwrap();
    }
    let run = crewdeck(&db, &["check"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.contains("`grow_notes`") && run.stdout.contains("`N-bad`"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_cockpit_outside_a_terminal_says_it_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let run = crewdeck(&db, &[]);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
}

#[test]
fn init_force_replaces_only_a_crewdeck_database_nobody_has_open() {
    let dir = tempfile::tempdir().unwrap();
    let thesis = write(&dir, "thesis.txt", b"three years of work");
    let run = crewdeck(&thesis, &["init", "--force"]);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("left alone"), "{}", run.stderr);
    assert_eq!(std::fs::read(&thesis).unwrap(), b"three years of work");

    let db = demo_db(&dir);
    let held = crewdeck::store::Store::open(&db).unwrap();
    let run = crewdeck(&db, &["init", "--force"]);
    assert!(
        run.stderr.contains("in use by another crewdeck process"),
        "{}",
        run.stderr
    );
    drop(held);
    assert!(
        ok(&db, &["export", "roster"]).contains("张建"),
        "the demo is still whole"
    );
}

#[test]
fn an_export_never_overwrites_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let other = dir.path().join("other.redb");
    ok(&other, &["init"]);
    for target in [&db, &other] {
        let run = crewdeck(&db, &["export", "flags", "--out", target.to_str().unwrap()]);
        assert_ne!(run.status, 0, "{} was overwritten", target.display());
        assert!(run.stderr.contains("is a database"), "{}", run.stderr);
    }
    assert!(ok(&db, &["check"]).starts_with("OK"));
    assert!(ok(&other, &["check"]).starts_with("OK"));
    let to_stdout = ok(&db, &["export", "roster", "--out", "-"]);
    assert!(to_stdout.contains("张建"));
}

#[test]
fn the_actor_must_be_a_visible_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let file = write(&dir, "one.csv", b"id,name\nA1,Ann\n");
    for bad in ["", "  ", "evil\u{1b}[31mred"] {
        let run = crewdeck(
            &db,
            &["--as", bad, "import", "roster", file.to_str().unwrap()],
        );
        assert_ne!(run.status, 0, "--as {bad:?} was accepted");
        assert!(run.stderr.contains("--as"), "{}", run.stderr);
        assert!(!run.stderr.contains('\u{1b}'));
    }
    assert_eq!(
        ok(&db, &["export", "audit"]).lines().count(),
        2,
        "nothing was imported"
    );
}

#[test]
fn an_empty_crewdeck_db_means_the_default_place() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["check"])
        .env("CREWDECK_DB", "")
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            &dir.path()
                .join("crewdeck")
                .join("crewdeck.redb")
                .display()
                .to_string()
        ),
        "{stderr}"
    );
}

#[test]
fn an_exported_roster_imports_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    {
        use crewdeck::domain::{Change, person::KeyMark};
        let store = crewdeck::store::Store::open(&db).unwrap();
        let mut person = store.load_org().unwrap().people["E030"].clone();
        person.title = "=Lead, +growth @ scale".into();
        person.key = Some(KeyMark {
            reason: "line one\nline two".into(),
            since: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        });
        store
            .apply(&Change::UpsertPerson { person }, "test", chrono::Utc::now())
            .unwrap();
    }
    let csv = ok(&db, &["export", "roster"]);
    let file = write(&dir, "roundtrip.csv", csv.as_bytes());
    let out = ok(
        &db,
        &["import", "roster", file.to_str().unwrap(), "--dry-run"],
    );
    assert!(out.contains("0 to add, 0 to change"), "{out}");
}

#[test]
fn points_rules_and_ladders_load_from_toml_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    ok(&db, &["init"]);
    let bad = write(
        &dir,
        "rules.toml",
        b"[[rules]]\nid = \"R01\"\nname = \"Shipped\"\npoints = 20\n\n[[rules]]\nid = \"R02\"\nname = \"Nothing\"\npoints = 0\n",
    );
    let audit_before = ok(&db, &["export", "audit"]);
    let run = crewdeck(&db, &["config", "points", bad.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("rules.toml: line 6: rule R02 gives 0 points"),
        "{}",
        run.stderr
    );
    assert_eq!(
        ok(&db, &["export", "audit"]),
        audit_before,
        "nothing written"
    );

    let good = write(
        &dir,
        "rules.toml",
        b"[[rules]]\nid = \"R01\"\nname = \"Shipped\"\npoints = 20\n",
    );
    let dry = ok(
        &db,
        &["config", "points", good.to_str().unwrap(), "--dry-run"],
    );
    assert!(dry.contains("holds 1 points rule. Dry run"), "{dry}");
    assert_eq!(ok(&db, &["export", "audit"]), audit_before);
    let loaded = ok(&db, &["config", "points", good.to_str().unwrap()]);
    assert!(loaded.starts_with("Loaded 1 points rule"), "{loaded}");
    assert!(ok(&db, &["export", "audit"]).contains("points rules from"));

    let ladders = write(
        &dir,
        "ladders.toml",
        b"[[ladders]]\nid = \"management\"\ntrack = \"management\"\nname = \"Management\"\nlevels = [\n  { code = \"M1\", title = \"Team Lead\", points_threshold = 2000 },\n  { code = \"M2\", title = \"Manager\", points_threshold = 3500 },\n]\n",
    );
    let loaded = ok(&db, &["config", "ladders", ladders.to_str().unwrap()]);
    assert!(loaded.starts_with("Loaded 1 career ladder"), "{loaded}");
}

#[test]
fn assessments_stay_interviews_and_departures_export_and_excel_gets_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let assessments = ok(&db, &["export", "assessments"]);
    assert!(
        assessments.starts_with("person,name,quarter,ability,contribution,influence"),
        "{assessments}"
    );
    let stays = ok(&db, &["export", "stays"]);
    assert!(stays.contains("The platform team he built"), "{stays}");
    let departures = ok(&db, &["export", "departures", "--format", "md"]);
    assert!(
        departures.contains("# Departures and handover") && departures.contains("revoke sensitive"),
        "{departures}"
    );
    let excel = ok(&db, &["export", "roster", "--excel"]);
    assert!(excel.starts_with('\u{feff}'), "a byte-order mark first");
    assert!(!ok(&db, &["export", "roster"]).starts_with('\u{feff}'));
    let run = crewdeck(&db, &["export", "roster", "--excel", "--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("--excel is for CSV"), "{}", run.stderr);
}

#[test]
fn a_leaver_in_a_roster_is_offered_a_departure_and_gets_one_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    ok(&db, &["init"]);
    let file = write(
        &dir,
        "roster.csv",
        b"id,name,manager,status,last_day\nE1,Ada,,active,\nE2,Bo,E1,leaving,2099-12-31\n",
    );
    let run = crewdeck(&db, &["import", "roster", file.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1 person is leaving without a handover checklist (Bo)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        ok(&db, &["export", "departures"]).lines().count(),
        1,
        "header only"
    );
    let again = ok(
        &db,
        &[
            "import",
            "roster",
            file.to_str().unwrap(),
            "--start-departures",
        ],
    );
    assert!(again.contains("Started 1 departure"), "{again}");
    let departures = ok(&db, &["export", "departures"]);
    assert!(departures.contains("E2,Bo,2099-12-31"), "{departures}");
    assert!(departures.contains("client_accounts"), "{departures}");
    let third = crewdeck(
        &db,
        &[
            "import",
            "roster",
            file.to_str().unwrap(),
            "--start-departures",
        ],
    );
    assert!(
        !third.stdout.contains("Started"),
        "only once: {}",
        third.stdout
    );
}

/// The demo's points rules as a `crewdeck config points` file.
fn demo_rules_file(dir: &tempfile::TempDir) -> PathBuf {
    let demo: toml::Table = toml::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo.toml")).unwrap(),
    )
    .unwrap();
    let mut rules = toml::Table::new();
    rules.insert("rules".into(), demo["points_rules"].clone());
    write(
        dir,
        "rules.toml",
        toml::to_string(&rules).unwrap().as_bytes(),
    )
}

#[test]
fn every_importable_export_comes_back_identical_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_db(&dir);
    let kinds = [
        "succession",
        "assessments",
        "points",
        "flags",
        "users",
        "notes",
        "pips",
        "stays",
        "departures",
    ];
    let exported: Vec<(&str, String)> = kinds
        .iter()
        .map(|k| (*k, ok(&demo, &["export", k])))
        .collect();
    // A database holding only the demo's roster (and its points rules, which entries name).
    let fresh = dir.path().join("fresh.redb");
    ok(&fresh, &["init"]);
    let roster = write(
        &dir,
        "roster.csv",
        ok(&demo, &["export", "roster"]).as_bytes(),
    );
    ok(&fresh, &["import", "roster", roster.to_str().unwrap()]);
    ok(
        &fresh,
        &["config", "points", demo_rules_file(&dir).to_str().unwrap()],
    );
    for (kind, text) in &exported {
        let file = write(&dir, &format!("{kind}.csv"), text.as_bytes());
        let first = ok(&fresh, &["import", kind, file.to_str().unwrap()]);
        assert!(first.starts_with("Imported"), "{kind}: {first}");
    }
    assert_eq!(
        ok(&fresh, &["export", "roster"]),
        ok(&demo, &["export", "roster"]),
        "the roster too, after everything else came in"
    );
    for (kind, text) in &exported {
        assert_eq!(
            &ok(&fresh, &["export", kind]),
            text,
            "{kind} comes back identical"
        );
        let file = dir.path().join(format!("{kind}.csv"));
        let again = ok(&fresh, &["import", kind, file.to_str().unwrap()]);
        assert!(again.starts_with("Nothing to change"), "{kind}: {again}");
    }
}

#[test]
fn a_bad_import_is_refused_whole_naming_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let before = ok(&db, &["export", "assessments"]);
    let file = write(
        &dir,
        "assessments.csv",
        "person,name,quarter,ability,contribution,influence,kpi_attainment,engagement,performance,potential,leave_days,note\n\
         E001,周明,2026Q3,4,4,4,,80,high,high,,fine\n\
         E999,Nobody,2026Q3,9,4,4,,80,high,sky,,\n"
            .as_bytes(),
    );
    let run = crewdeck(&db, &["import", "assessments", file.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    for part in [
        "assessments.csv: line 3, person: nobody on the roster has the id `E999`",
        "line 3, potential: `sky` cannot be read as a potential",
    ] {
        assert!(run.stderr.contains(part), "{part}: {}", run.stderr);
    }
    assert_eq!(
        ok(&db, &["export", "assessments"]),
        before,
        "nothing written"
    );
    let wrong = write(&dir, "users.csv", b"name,role,colour\nlin,admin,blue\n");
    let run = crewdeck(&db, &["import", "users", wrong.to_str().unwrap()]);
    assert!(
        run.stderr.contains("line 1: the column `scope` is missing")
            && run
                .stderr
                .contains("line 1: `colour` is not a column of this export"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_points_file_with_a_reversal_before_its_original_imports_and_twice_listed_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    ok(&db, &["init"]);
    let roster = write(&dir, "roster.csv", b"id,name\nE1,Ada\n");
    ok(&db, &["import", "roster", roster.to_str().unwrap()]);
    let header = "id,date,person,name,team,rule,points,reason,reverses,recorded_by\n";
    let file = write(
        &dir,
        "points.csv",
        format!(
            "{header}L1~reversal,2026-01-01,E1,Ada,,,-5,typo,L1,lin\nL1,2026-02-01,E1,Ada,,,5,help,,lin\n"
        )
        .as_bytes(),
    );
    let done = ok(&db, &["import", "points", file.to_str().unwrap()]);
    assert!(done.starts_with("Imported"), "{done}");
    let twice = write(
        &dir,
        "twice.csv",
        format!("{header}L7,2026-02-01,E1,Ada,,,5,a,,lin\nL7,2026-02-02,E1,Ada,,,6,b,,lin\n")
            .as_bytes(),
    );
    let run = crewdeck(&db, &["import", "points", twice.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("line 3: points entry L7 is listed twice"),
        "{}",
        run.stderr
    );
    let far = write(
        &dir,
        "far.csv",
        format!("{header}L8,+262142-01-01,E1,Ada,,,3,c,,lin\n").as_bytes(),
    );
    let run = crewdeck(&db, &["import", "points", far.to_str().unwrap()]);
    assert!(
        run.stderr
            .contains("line 2, date: `+262142-01-01` is not a day"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reader_that_stops_early_ends_crewdeck_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let bad = write(&dir, "bad.csv", b"id,name\nE1,\n");
    for args in [
        vec!["export", "roster"],
        vec!["import", "roster", bad.to_str().unwrap()],
        vec!["flags"],
    ] {
        // Standard output and error both go to a pipe nobody reads any more.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(&args)
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .status()
            .unwrap();
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
    }
}

/// An empty database with one byte of a B-tree page inverted, as
/// `shared/cases/storage/make_single_byte_flip.sh` makes it: a bad disk or a bad copy.
fn single_byte_flip(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("flip.redb");
    ok(&db, &["init"]);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[12316] ^= 0xFF;
    std::fs::write(&db, bytes).unwrap();
    db
}

#[test]
fn a_damaged_file_is_named_in_one_sentence_and_no_reading_command_changes_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = single_byte_flip(&dir);
    let before = std::fs::read(&db).unwrap();
    let run = crewdeck(&db, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("is damaged") && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.trim().lines().count(),
        1,
        "one sentence: {}",
        run.stderr
    );
    let roster = write(&dir, "roster.csv", b"id,name\nE1,Ada\n");
    for args in [
        vec!["export", "roster"],
        vec!["export", "audit"],
        vec!["flags"],
        vec!["coverage"],
        vec!["points"],
        vec!["import", "roster", roster.to_str().unwrap(), "--dry-run"],
    ] {
        let run = crewdeck(&db, &args);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
}

/// Damage anywhere, not just the one page the case file names: flip a random byte of a demo
/// database 400 times (a fixed seed, so a failure repeats; `CREWDECK_FUZZ_ROUNDS` sets a longer
/// run) and every reading command either works or says what is wrong in one sentence. None stops
/// with a backtrace or changes the file, and what `recover` makes of it is a sound database.
#[test]
fn no_damaged_byte_makes_a_reading_command_panic_or_write() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(demo_db(&dir)).unwrap();
    let db = dir.path().join("damaged.redb");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64: enough spread for choosing offsets, and the same sequence every run.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let recovered = dir.path().join("recovered.redb");
    let rounds: u32 = std::env::var("CREWDECK_FUZZ_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    for round in 0..rounds {
        let mut bytes = good.clone();
        let at = (next() % bytes.len() as u64) as usize;
        bytes[at] ^= (next() % 255 + 1) as u8;
        std::fs::write(&db, &bytes).unwrap();
        let _ = std::fs::remove_file(&recovered);
        let mut commands = vec![vec!["check"], vec!["export", "roster"], vec!["flags"]];
        // A recovery writes a new file and costs more: every fourth damaged file.
        if round % 4 == 0 {
            commands.push(vec![
                "recover",
                db.to_str().unwrap(),
                "--out",
                recovered.to_str().unwrap(),
            ]);
        }
        for args in commands {
            let run = crewdeck(&db, &args);
            assert!(
                run.status == 0 || run.status == 1,
                "byte {at}, {args:?} ended with {}: {}",
                run.status,
                run.stderr
            );
            assert!(
                !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
                "byte {at}, {args:?}: {}",
                run.stderr
            );
            assert!(
                std::fs::read(&db).unwrap() == bytes,
                "byte {at}: {args:?} changed the file"
            );
        }
        // Whatever recover wrote is a sound database: at worst it names references to what
        // was lost, never a damaged file.
        if recovered.exists() {
            let check = crewdeck(&recovered, &["check"]);
            assert!(
                !check.stderr.contains("damaged"),
                "byte {at}: {}",
                check.stderr
            );
        }
    }
}

#[test]
fn recover_copies_every_readable_record_into_a_new_database_and_names_what_was_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let sound: Vec<String> = ["roster", "audit"]
        .iter()
        .map(|what| ok(&db, &["export", what]))
        .collect();
    {
        let store = crewdeck::store::Store::open(&db).unwrap();
        store
            .corrupt_for_test(crewdeck::domain::Kind::GrowNote, "N-bad", b"\xff\xfe")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let new = dir.path().join("recovered.redb");
    let run = crewdeck(
        &db,
        &[
            "recover",
            db.to_str().unwrap(),
            "--out",
            new.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Could not be read (1):") && run.stdout.contains("GROW note N-bad:"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the damaged file changed"
    );
    assert_eq!(mode(&new), 0o600);
    // Everything else came across: the new file passes check and holds the same roster and
    // audit trail.
    ok(&new, &["check"]);
    for (what, sound) in ["roster", "audit"].iter().zip(&sound) {
        assert_eq!(&ok(&new, &["export", what]), sound, "{what}");
    }
    // An existing file is never replaced by a recovery.
    let keep = write(&dir, "keep.redb", b"keep me");
    let run = crewdeck(
        &db,
        &[
            "recover",
            db.to_str().unwrap(),
            "--out",
            keep.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status, 1);
    assert_eq!(std::fs::read(&keep).unwrap(), b"keep me");
}

/// A 0400 file (or one on read-only media) is read by every reading command, `check`'s
/// integrity check included. Root ignores file modes, so as root the commands run as `nobody`.
#[test]
fn a_read_only_0400_database_is_read_by_every_reading_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let as_root = unsafe { libc::geteuid() } == 0;
    if as_root {
        let out = Command::new("id").args(["-u", "nobody"]).output().unwrap();
        let nobody: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        for path in [dir.path(), db.as_path()] {
            std::os::unix::fs::chown(path, Some(nobody), None).unwrap();
        }
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    for args in [
        vec!["check"],
        vec!["export", "roster"],
        vec!["flags"],
        vec!["coverage"],
        vec!["points"],
    ] {
        let mut command = if as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--", BIN]);
            c
        } else {
            Command::new(BIN)
        };
        let out = command
            .arg("--db")
            .arg(&db)
            .args(&args)
            .env("HOME", dir.path())
            .env_remove("CREWDECK_DB")
            .output()
            .expect("runuser runs (util-linux)");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// A file whose primary header fails its checksum (byte 9 of a demo database, as a torn write
/// leaves it) needs redb's full repair: a command that writes refuses it untouched rather than
/// repairing silently, and `repair` keeps a copy of it as it was before trying.
#[test]
fn a_file_needing_a_full_repair_is_never_repaired_without_a_copy_kept_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[9] ^= 0x01;
    std::fs::write(&db, &bytes).unwrap();
    let roster = write(&dir, "roster.csv", b"id,name\nE900,Ada\n");
    let import = crewdeck(&db, &["import", "roster", roster.to_str().unwrap()]);
    assert_eq!(import.status, 1);
    assert!(
        import.stderr.contains("not closed cleanly") && import.stderr.contains("crewdeck repair"),
        "{}",
        import.stderr
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "refused untouched");
    let _ = crewdeck(&db, &["repair"]);
    let copy = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".before-repair-"))
        .expect("a copy kept beside it");
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn out_writes_straight_to_a_stream_and_never_replaces_a_device_or_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    // /dev/null stays the device it is.
    ok(&db, &["export", "roster", "--out", "/dev/null"]);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A FIFO is written to, not replaced.
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).unwrap()
    });
    ok(&db, &["export", "roster", "--out", fifo.to_str().unwrap()]);
    assert!(reader.join().unwrap().starts_with("id,name"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A link to a file, and a directory, are refused in one sentence.
    let target = write(&dir, "target.csv", b"keep me");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let run = crewdeck(&db, &["export", "roster", "--out", link.to_str().unwrap()]);
    assert!(
        run.status == 1 && run.stderr.contains("is a link"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    let run = crewdeck(
        &db,
        &["export", "roster", "--out", dir.path().to_str().unwrap()],
    );
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn with_term_dumb_the_cockpit_says_it_needs_a_full_terminal_and_commands_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .env("TERM", "dumb")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("needs a full terminal"), "{stderr}");
    assert!(out.stdout.is_empty(), "no escape sequences");
    let flags = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .arg("flags")
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert!(flags.status.success());
}

#[test]
fn a_dry_run_shows_an_ignored_column_with_an_escape_sequence_safely() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    ok(&db, &["init"]);
    let file = write(
        &dir,
        "esc.csv",
        b"id,name,\x1b]52;c;aGVsbG8=\x07evil\nE1,Ada,x\n",
    );
    let run = crewdeck(
        &db,
        &["import", "roster", file.to_str().unwrap(), "--dry-run"],
    );
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("ignored columns"), "{all}");
    assert!(!all.contains('\x1b') && !all.contains('\x07'), "{all:?}");
}

/// Every command that prints text from the database or from a file: none lets an escape
/// sequence, a bell, a C1 control or a bidi override reach the terminal.
#[test]
fn escape_sequences_reach_no_command_output() {
    use crewdeck::domain::Change;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let hostile = "\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    {
        // Stored through the library, as any future way in could: every person of the demo gets
        // the sequences in their name, title and team, so they reach every view and export.
        let store = crewdeck::store::Store::open(&db).unwrap();
        let org = store.load_org().unwrap();
        let changes: Vec<Change> = org
            .people
            .values()
            .map(|p| {
                let mut person = p.clone();
                person.name = format!("{}{hostile}", person.name).into();
                person.title = format!("{hostile}{}", person.title).into();
                person.team = format!("{}{hostile}", person.team).into();
                Change::UpsertPerson { person }
            })
            .collect();
        let batch = Change::Batch {
            label: "hostile".into(),
            changes,
        };
        store.apply(&batch, "test", chrono::Utc::now()).unwrap();
    }
    let roster = write(
        &dir,
        "hostile.csv",
        format!("id,name,\u{1b}]0;title\u{7}\nE1,Ada{hostile},x\nE2,Bob,y\n").as_bytes(),
    );
    let roster = roster.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["flags"],
        vec!["coverage"],
        vec!["points"],
        vec!["check"],
        vec!["keys"],
        vec!["import", "roster", roster, "--dry-run"],
        vec!["import", "roster", roster],
        vec!["--as", hostile, "check"],
    ];
    let kinds = [
        "roster",
        "notes",
        "pips",
        "succession",
        "flags",
        "points",
        "assessments",
        "stays",
        "departures",
        "users",
        "audit",
    ];
    for kind in kinds {
        for format in ["table", "csv", "json", "md"] {
            runs.push(vec!["export", kind, "--format", format]);
        }
    }
    let mut shown_visibly = 0;
    for args in runs {
        let run = crewdeck(&db, &args);
        shown_visibly +=
            usize::from(run.stdout.contains('\u{241b}') || run.stderr.contains('\u{241b}'));
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            let bad: Vec<char> = text
                .chars()
                .filter(|c| {
                    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                })
                .collect();
            assert!(bad.is_empty(), "crewdeck {args:?} {stream} holds {bad:?}");
        }
    }
    // The sequences did reach the commands, and were shown as symbols (␛), not dropped unseen.
    assert!(
        shown_visibly >= 20,
        "only {shown_visibly} outputs showed the names"
    );
}

/// The real-world rosters of `tests/cases/import`, each into an empty database as a new user
/// would: what is read, what is said about the file, and what is refused.
#[test]
fn real_world_rosters_import_into_an_empty_database() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/import");
    let expect = [
        (
            "excel_semicolon_de.csv",
            true,
            "E2,Jonas Müller",
            "separated by `;`",
        ),
        (
            "header_nbsp_employee_id.csv",
            true,
            "E1,Ann Lee",
            "Imported",
        ),
        (
            "excel_windows1252_accents.csv",
            true,
            "E2,François Lefèvre",
            "read as windows-1252",
        ),
        (
            "gbk_file_with_utf8_row.csv",
            false,
            "",
            ":3: this line is UTF-8",
        ),
        (
            "orangehrm_pim_import.csv",
            false,
            "",
            ":3: field `id`: an id is required",
        ),
        (
            "erpnext_employee_export.csv",
            true,
            "HR-EMP-00003,Priya Menon",
            "`Inactive` is read as on_leave",
        ),
        (
            "horilla_style_work_info.csv",
            true,
            "PEP0002,Ana Costa",
            "Tom Baker is PEP0001",
        ),
        ("nfd_names_macos.csv", true, "N1,Zoë Müller", "4 added"),
        (
            "zwnj_persian_names.csv",
            true,
            "P1,مریم حسین\u{200c}زاده",
            "2 added",
        ),
    ];
    for (name, imports, row, said) in expect {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("empty.redb");
        ok(&db, &["init"]);
        let file = cases.join(name);
        let run = crewdeck(&db, &["import", "roster", file.to_str().unwrap()]);
        assert_eq!(run.status == 0, imports, "{name}: {}", run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(all.contains(said), "{name}: {all}");
        let roster = ok(&db, &["export", "roster", "--format", "csv"]);
        match imports {
            true => assert!(roster.contains(row), "{name}: {roster}"),
            false => assert_eq!(roster.lines().count(), 1, "{name} stored rows: {roster}"),
        }
    }
}

/// `crewdeck users`: the first user is an admin, a name is added once, an admin's scope is
/// everyone, a new team is noted; a viewer's dry run and a manager's users import are refused
/// before anything is planned.
#[test]
fn users_are_added_once_the_first_an_admin_and_a_viewer_is_told_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.redb");
    ok(&db, &["init"]);
    let roster = write(
        &dir,
        "r.csv",
        b"id,name,team,manager\nE1,Ann Boss,Sales,\nE2,Bo Li,Sales,E1\n",
    );
    ok(&db, &["import", "roster", roster.to_str().unwrap()]);
    let first = crewdeck(
        &db,
        &["users", "add", "vera", "--role", "viewer", "--everyone"],
    );
    assert_ne!(first.status, 0);
    assert!(
        first.stderr.contains("must be an admin"),
        "{}",
        first.stderr
    );
    ok(&db, &["users", "add", "boss", "--role", "admin"]);
    let again = crewdeck(
        &db,
        &["users", "add", "boss", "--role", "viewer", "--everyone"],
    );
    assert!(again.stderr.contains("already a user"), "{}", again.stderr);
    let scoped = crewdeck(
        &db,
        &["users", "add", "ada", "--role", "admin", "--teams", "Sales"],
    );
    assert!(
        scoped.stderr.contains("an admin sees everyone"),
        "{}",
        scoped.stderr
    );
    let noted = crewdeck(
        &db,
        &[
            "users", "add", "vera", "--role", "viewer", "--teams", "Salse",
        ],
    );
    assert_eq!(noted.status, 0, "{}", noted.stderr);
    assert!(
        noted
            .stderr
            .contains("nobody is in a team called \"Salse\""),
        "{}",
        noted.stderr
    );
    ok(
        &db,
        &["users", "add", "mo", "--role", "manager", "--person", "E1"],
    );
    // Aligned columns: each user a row.
    let listed = ok(&db, &["users", "list"]);
    let row = |name: &str| -> Vec<String> {
        (listed.lines())
            .find(|l| l.split_whitespace().next() == Some(name))
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .unwrap_or_else(|| panic!("no row for {name}: {listed}"))
    };
    assert!(listed.starts_with("NAME"), "{listed}");
    assert_eq!(row("boss")[1..3], ["admin", "everyone"], "{listed}");
    assert_eq!(row("mo")[1], "manager", "{listed}");
    assert!(
        row("mo").iter().filter(|c| *c == "E1").count() == 2,
        "{listed}"
    );
    // The owner of the file acts as the viewer: a dry run is refused as the real run would be.
    let dry = crewdeck(
        &db,
        &[
            "--as",
            "vera",
            "import",
            "roster",
            roster.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_ne!(dry.status, 0);
    assert!(dry.stderr.contains("vera is a viewer"), "{}", dry.stderr);
    // A viewer over a team made a manager sees, and is listed with, everyone below their
    // person: the team is not kept as a scope nobody uses.
    let promoted = ok(
        &db,
        &[
            "users", "set", "vera", "--role", "manager", "--person", "E1",
        ],
    );
    assert!(
        promoted.contains("vera (manager, everyone below E1; person E1)"),
        "{promoted}"
    );
    let exported = ok(&db, &["users", "list", "--format", "csv"]);
    assert!(
        exported.contains("vera,manager,reports_of,E1,E1"),
        "{exported}"
    );
    let teams = crewdeck(&db, &["users", "set", "vera", "--teams", "Sales"]);
    assert!(
        teams
            .stderr
            .contains("a manager sees everyone below their own person"),
        "{}",
        teams.stderr
    );
    let users = write(
        &dir,
        "u.csv",
        b"name,role,scope,scope_value,person\nzed,admin,everyone,,\n",
    );
    let import = crewdeck(
        &db,
        &["--as", "mo", "import", "users", users.to_str().unwrap()],
    );
    assert!(
        import.stderr.contains("only an admin manages users"),
        "{}",
        import.stderr
    );
    // A removed user is gone; the last admin stays.
    ok(&db, &["users", "remove", "vera"]);
    let last = crewdeck(&db, &["users", "remove", "boss"]);
    assert!(last.stderr.contains("must be an admin"), "{}", last.stderr);
}

/// The box names of the Markdown grid with their counts: "star: 3 → 4" gives ("star", 3, 4).
fn grid_counts(markdown: &str) -> std::collections::BTreeMap<String, (u64, u64)> {
    let grid = markdown
        .split("## Before and after")
        .nth(1)
        .and_then(|rest| rest.split("## Moves").next())
        .unwrap_or_default();
    let mut counts = std::collections::BTreeMap::new();
    for line in grid.lines().filter(|l| l.starts_with("| **")) {
        for cell in line.split('|').map(str::trim).filter(|c| c.contains(" → ")) {
            let (name, numbers) = cell.split_once(": ").expect("name: before → after");
            let (before, after) = numbers.split_once(" → ").expect("before → after");
            counts.insert(
                name.to_string(),
                (before.parse().unwrap(), after.parse().unwrap()),
            );
        }
    }
    counts
}

/// The rows of a Markdown section's table, after its heading and up to the next one.
fn section_rows<'a>(markdown: &'a str, heading: &str) -> Vec<&'a str> {
    let section = markdown.split(heading).nth(1).unwrap_or_default();
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .lines()
        .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

fn box_name(cell: &serde_json::Value) -> Option<String> {
    cell["name"].as_str().map(str::to_string)
}

#[test]
fn a_calibration_session_moves_people_undoes_one_and_exports_what_stands() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let teams = "Platform,Mobile,Data & AI";
    let opened = ok(
        &db,
        &[
            "calibrate",
            "open",
            "--name",
            "Engineering review",
            "--teams",
            teams,
        ],
    );
    let id = opened
        .strip_prefix("Opened calibration session ")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("no id in {opened}"))
        .to_string();
    assert!(id.starts_with("CAL-ENGINEERING-REVIEW-"), "{id}");
    assert!(opened.contains(" people, "), "{opened}");

    // Where everyone stands as the session opens, from its JSON.
    let first = dir.path().join("first");
    ok(
        &db,
        &[
            "export",
            "calibration",
            &id,
            "--out",
            first.to_str().unwrap(),
        ],
    );
    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(first.join(format!("{id}.json"))).unwrap())
            .unwrap();
    let placed: Vec<&serde_json::Value> = before["placements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["before"].is_null())
        .collect();
    assert!(placed.len() >= 3, "{before}");
    let mut expected: std::collections::BTreeMap<String, (u64, u64)> = before["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (box_name(b).unwrap(), (b["before"].as_u64().unwrap(), 0)))
        .collect();
    let mut after: std::collections::BTreeMap<String, String> = placed
        .iter()
        .map(|p| {
            (
                p["person"].as_str().unwrap().to_string(),
                box_name(&p["before"]).unwrap(),
            )
        })
        .collect();

    // Three moves, the second by name; the third is undone.
    let moves = [
        ("results", None),
        ("growth", None),
        ("other", Some("joined the on-call rota")),
    ];
    let mut moved = Vec::new();
    for (i, (reason, words)) in moves.iter().enumerate() {
        let person = placed[i]["person"].as_str().unwrap().to_string();
        let star = box_name(&placed[i]["before"]).as_deref() == Some("star");
        let (to, to_name) = if star {
            ("medium/medium", "core player")
        } else {
            ("high/high", "star")
        };
        let who = if i == 1 {
            placed[i]["name"].as_str().unwrap().to_string()
        } else {
            person.clone()
        };
        let mut args = vec![
            "calibrate",
            "move",
            &id,
            &who,
            "--to",
            to,
            "--reason",
            reason,
        ];
        if let Some(words) = words {
            args.extend(["--words", words]);
        }
        let said = ok(&db, &args);
        assert!(said.contains(&format!("({person})")), "{said}");
        if i < 2 {
            after.insert(person.clone(), to_name.to_string());
        }
        moved.push(person);
    }
    let undone = ok(&db, &["calibrate", "undo", &id]);
    assert!(undone.contains(&format!("({})", moved[2])), "{undone}");
    for name in after.values() {
        expected.get_mut(name).unwrap().1 += 1;
    }

    // Bad input is refused, naming what was wrong, and changes nothing.
    let summary = ok(&db, &["calibrate", "summary", &id]);
    let bad: [(&[&str], &str); 4] = [
        (
            &[
                "calibrate",
                "move",
                &id,
                &moved[0],
                "--to",
                "high/hihg",
                "--reason",
                "results",
            ],
            "--to \"high/hihg\"",
        ),
        (
            &[
                "calibrate",
                "move",
                &id,
                &moved[0],
                "--to",
                "low/low",
                "--reason",
                "other",
            ],
            "--reason other needs --words",
        ),
        (
            &[
                "calibrate",
                "move",
                &id,
                "Nobody Here",
                "--to",
                "low/low",
                "--reason",
                "peers",
            ],
            "nobody in the session",
        ),
        (
            &["calibrate", "undo", "CAL-NONE"],
            "no calibration session \"CAL-NONE\"",
        ),
    ];
    for (args, said) in bad {
        let run = crewdeck(&db, args);
        assert_ne!(run.status, 0, "{args:?} was accepted");
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
    }
    assert_eq!(
        ok(&db, &["calibrate", "summary", &id]),
        summary,
        "a refusal changed the session"
    );

    let out = dir.path().join("exports");
    ok(
        &db,
        &["export", "calibration", &id, "--out", out.to_str().unwrap()],
    );
    for ext in ["md", "csv", "json", "html"] {
        assert_eq!(mode(&out.join(format!("{id}.{ext}"))), 0o600, "{ext}");
    }
    let md = std::fs::read_to_string(out.join(format!("{id}.md"))).unwrap();
    let rows = section_rows(&md, "## Moves (2)");
    assert_eq!(rows.len(), 2, "exactly two moves stand: {md}");
    assert!(rows[0].contains(&format!("({})", moved[0])), "{}", rows[0]);
    assert!(rows[1].contains(&format!("({})", moved[1])), "{}", rows[1]);
    let undone_rows = section_rows(&md, "## Undone moves (1)");
    assert_eq!(undone_rows.len(), 1, "{md}");
    assert!(undone_rows[0].contains(&format!("({})", moved[2])), "{md}");
    assert_eq!(grid_counts(&md), expected, "{md}");

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(format!("{id}.json"))).unwrap())
            .expect("the JSON parses");
    assert_eq!(json["moves"].as_array().unwrap().len(), 2);
    assert_eq!(json["undone"].as_array().unwrap().len(), 1);
    assert_eq!(json["moves"][2 - 1]["reason"], "growth");
    for b in json["boxes"].as_array().unwrap() {
        let counts = (b["before"].as_u64().unwrap(), b["after"].as_u64().unwrap());
        assert_eq!(Some(&counts), expected.get(&box_name(b).unwrap()), "{b}");
    }
    let csv = std::fs::read_to_string(out.join(format!("{id}.csv"))).unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + 3,
        "a row per move, undone too: {csv}"
    );
    let html = std::fs::read_to_string(out.join(format!("{id}.html"))).unwrap();
    assert!(
        html.contains("@page") && !html.contains("<script"),
        "{html}"
    );

    ok(&db, &["calibrate", "close", &id]);
    let closed = crewdeck(&db, &["calibrate", "discuss", &id, &moved[0]]);
    assert!(closed.stderr.contains("closed"), "{}", closed.stderr);
    let listed = ok(&db, &["calibrate", "list"]);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(&id) && l.contains("closed")),
        "{listed}"
    );
}

#[test]
fn a_manager_opening_a_session_is_not_in_it_and_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    // liwei is the person E006, the manager of Platform.
    let opened = ok(
        &db,
        &[
            "--as",
            "liwei",
            "calibrate",
            "open",
            "--name",
            "Platform",
            "--teams",
            "platform",
            "--id",
            "PLAT",
        ],
    );
    assert!(
        opened.starts_with("Opened calibration session PLAT: 7 people"),
        "{opened}"
    );
    let json = ok(
        &db,
        &["--as", "liwei", "calibrate", "list", "--format", "json"],
    );
    let sessions: serde_json::Value = serde_json::from_str(&json).unwrap();
    let plat = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "PLAT")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(plat["facilitator"], "liwei");
    assert_eq!(plat["teams"][0], "Platform");
    let summary = ok(&db, &["calibrate", "summary", "plat"]);
    assert!(
        !summary.contains("(E006)"),
        "the manager is not placed: {summary}"
    );
}

/// A manager's own person record comes with their records (their reports name them), but the
/// roster they export lists only their scope, as the cockpit's roster does.
#[test]
fn a_managers_roster_export_lists_their_reports_not_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let run = crewdeck(&db, &["--as", "sarah", "export", "roster"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let ids: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .filter_map(|row| row.split(',').next())
        .collect();
    assert!(ids.contains(&"E009"), "Aisha, below Sarah: {ids:?}");
    assert!(!ids.contains(&"E002"), "not Sarah herself: {ids:?}");
    assert!(
        !ids.contains(&"E030"),
        "not 张建, outside her line: {ids:?}"
    );
}

/// `points --since` reads a day as the cockpit's forms do: a word or a count of weeks back is
/// the same as the day it names, and a day that is not one says how to write one.
#[test]
fn points_since_takes_the_words_of_the_forms() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let today = chrono::Local::now().date_naive();
    let four_weeks_ago = (today - chrono::Duration::weeks(4)).to_string();
    let by_day = ok(
        &db,
        &["points", "--since", &four_weeks_ago, "--format", "csv"],
    );
    let by_words = ok(&db, &["points", "--since", "-4w", "--format", "csv"]);
    assert_eq!(by_day, by_words);
    assert_ne!(
        by_day,
        ok(&db, &["points", "--format", "csv"]),
        "fewer points counted"
    );
    let wrong = crewdeck(&db, &["points", "--since", "2026-13-01"]);
    assert_eq!(wrong.status, 2, "a usage error");
    assert!(
        wrong.stderr.contains("is not a day: write YYYY-MM-DD"),
        "{}",
        wrong.stderr
    );
}

/// Another user's database, behind its owner's 0700 folder as a shared server keeps it, is said
/// to be out of reach and the way in named: it said there was no database there, and to create
/// one. (Run only as root, which can act as someone else.)
#[test]
fn a_database_you_may_not_read_is_not_said_to_be_missing() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: only root can run a command as another user here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = Command::new("runuser")
        .args(["-u", "nobody", "--", BIN, "--db"])
        .arg(&db)
        .arg("flags")
        .env("HOME", "/tmp")
        .env_remove("CREWDECK_DB")
        .env_remove("CREWDECK_SERVER")
        .output()
        .expect("runuser runs (util-linux)");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("you may not open") && said.contains("CREWDECK_SERVER"),
        "{said}"
    );
    assert!(!said.contains("no database at"), "{said}");
}
