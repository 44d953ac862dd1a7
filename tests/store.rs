//! The store's promises: changes are all-or-nothing with their audit record, bad files and
//! records are refused with errors that name them, and one process at a time holds a database.

use chrono::{NaiveDate, TimeZone, Utc};
use crewdeck::domain::person::{self, Person};
use crewdeck::domain::{Change, Kind};
use crewdeck::store::{Store, StoreError};
use std::path::{Path, PathBuf};

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(i64::from(n))
}

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap()
}

fn new_db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("crewdeck.redb")
}

fn upsert(id: &str, name: &str, manager: Option<&str>) -> Change {
    let mut person = Person::new(id, name);
    person.manager = manager.map(Into::into);
    Change::UpsertPerson { person }
}

#[test]
fn a_change_is_written_with_its_audit_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&new_db(&dir)).unwrap();
    let entry = store
        .apply(&upsert("E1", "Ada", None), "lin", at())
        .unwrap();
    assert_eq!(entry.seq, 1);
    let mut renamed = Person::new("E1", "Ada Lovelace");
    renamed.title = "Engineer".into();
    store
        .apply(
            &Change::UpsertPerson {
                person: renamed.clone(),
            },
            "mo",
            at(),
        )
        .unwrap();

    let audit = store.audit().unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!((audit[1].seq, audit[1].actor.as_str()), (2, "mo"));
    assert_eq!(audit[1].at, at());
    let diff = &audit[1].diffs[0];
    assert_eq!((diff.kind, diff.key.as_str()), (Kind::Person, "E1"));
    let before = diff
        .before
        .clone()
        .and_then(crewdeck::domain::Stored::from_record);
    let before: Option<Person> = before;
    assert_eq!(before.map(|p| p.name.to_string()), Some("Ada".to_string()));
    assert_eq!(store.load_org().unwrap().people["E1"], renamed);
}

#[test]
fn a_refused_change_writes_nothing_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&new_db(&dir)).unwrap();
    store
        .apply(&upsert("E1", "Ada", None), "lin", at())
        .unwrap();
    let batch = Change::Batch {
        label: "import roster bad.csv".into(),
        changes: vec![
            upsert("E2", "Bo", Some("E1")),
            upsert("E3", "Cy", Some("E404")),
        ],
    };
    let err = store.apply(&batch, "lin", at()).unwrap_err();
    assert!(err.to_string().contains("E404"), "{err}");
    assert_eq!(store.load_org().unwrap().people.len(), 1);
    assert_eq!(store.audit().unwrap().len(), 1);
}

#[test]
fn a_manager_cycle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&new_db(&dir)).unwrap();
    for change in [
        upsert("A", "A", None),
        upsert("B", "B", Some("A")),
        upsert("C", "C", Some("B")),
    ] {
        store.apply(&change, "lin", at()).unwrap();
    }
    let err = store
        .apply(&upsert("A", "A", Some("C")), "lin", at())
        .unwrap_err();
    assert!(err.to_string().contains("above themselves"), "{err}");
}

#[test]
fn a_second_open_says_the_database_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_db(&dir);
    let _held = Store::create(&path).unwrap();
    let Err(err) = Store::open(&path) else {
        panic!("a second open succeeded")
    };
    assert!(matches!(err, StoreError::InUse { .. }));
    assert!(
        err.to_string()
            .contains("is in use by another crewdeck process"),
        "{err}"
    );
}

fn set_schema_version(path: &Path, version: u64) {
    let db = redb::Database::create(path).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(crewdeck::store::schema::META)
        .unwrap()
        .insert(crewdeck::store::schema::SCHEMA_KEY, version)
        .unwrap();
    txn.commit().unwrap();
}

#[test]
fn a_database_from_a_newer_crewdeck_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_db(&dir);
    drop(Store::create(&path).unwrap());
    set_schema_version(&path, 99);
    let Err(err) = Store::open(&path) else {
        panic!("a newer database was opened")
    };
    let message = err.to_string();
    assert!(
        message.contains("newer crewdeck") && message.contains("99"),
        "{message}"
    );
}

#[test]
fn an_old_database_is_migrated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_db(&dir);
    set_schema_version(&path, 0);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        crewdeck::store::schema::CURRENT_VERSION
    );
    store
        .apply(&upsert("E1", "Ada", None), "lin", at())
        .unwrap();
}

#[test]
fn a_corrupt_record_is_an_error_naming_table_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&new_db(&dir)).unwrap();
    for (id, name) in [("E1", "Ada"), ("E3", "Cy")] {
        store.apply(&upsert(id, name, None), "lin", at()).unwrap();
    }
    store
        .corrupt_for_test(Kind::Person, "E2", b"{\"not\": \"a person\"")
        .unwrap();
    let Err(err) = store.load_org() else {
        panic!("a corrupt record was loaded")
    };
    let message = err.to_string();
    assert!(
        message.contains("`people`") && message.contains("`E2`"),
        "{message}"
    );
    // The rest stays readable, before and after it, and a change that reads the bad record is
    // refused, not a panic.
    let (org, problems) = store.scan().unwrap();
    let ids: Vec<&str> = org.people.keys().map(|k| k.as_str()).collect();
    assert_eq!((ids, problems.len()), (vec!["E1", "E3"], 1));
    assert!(
        store
            .apply(&upsert("E4", "Di", Some("E2")), "lin", at())
            .is_err()
    );
}

#[test]
fn a_record_under_the_wrong_key_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&new_db(&dir)).unwrap();
    let bytes = serde_json::to_vec(&Person::new("E1", "Ada")).unwrap();
    store.corrupt_for_test(Kind::Person, "E9", &bytes).unwrap();
    let message = store.load_org().unwrap_err().to_string();
    assert!(
        message.contains("`E9`") && message.contains("E1"),
        "{message}"
    );
}

#[test]
fn files_that_are_not_crewdeck_databases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.redb");
    std::fs::write(&junk, b"this is a text file, not a database").unwrap();
    let message = Store::open(&junk)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("is not a crewdeck database"), "{message}");

    let foreign = dir.path().join("foreign.redb");
    {
        let db = redb::Database::create(&foreign).unwrap();
        let txn = db.begin_write().unwrap();
        let table: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("orders");
        txn.open_table(table).unwrap().insert("x", 1).unwrap();
        txn.commit().unwrap();
    }
    let message = Store::open(&foreign)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("not a crewdeck database") && message.contains("orders"),
        "{message}"
    );
}

#[test]
fn missing_and_existing_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_db(&dir);
    let message = Store::open(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    // The command to create it names the file, so that it is made where it was looked for.
    assert!(
        message.contains(&format!(
            "crewdeck --db {} init",
            crewdeck::text::shell_word(&path.display().to_string())
        )),
        "{message}"
    );
    drop(Store::create(&path).unwrap());
    let message = Store::create(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("--force"), "{message}");
}

#[test]
fn points_are_append_only_and_reversed_once() {
    use crewdeck::domain::points::PointsEntry;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&new_db(&dir)).unwrap();
    store
        .apply(&upsert("E1", "Ada", None), "lin", at())
        .unwrap();
    let award = Change::AwardPoints {
        entry: PointsEntry {
            id: "P1".into(),
            person: "E1".into(),
            date: day(3),
            rule: None,
            points: 20,
            reason: "shipped".into(),
            reverses: None,
            recorded_by: "lin".into(),
        },
    };
    store.apply(&award, "lin", at()).unwrap();
    assert!(
        store.apply(&award, "lin", at()).is_err(),
        "an entry id is written once"
    );
    let reverse = Change::ReversePoints {
        entry: "P1".into(),
        date: day(4),
        reason: "counted twice".into(),
        recorded_by: "lin".into(),
    };
    store.apply(&reverse, "lin", at()).unwrap();
    assert!(
        store.apply(&reverse, "lin", at()).is_err(),
        "reversed only once"
    );
    let org = store.load_org().unwrap();
    let total: i32 = org.points.values().map(|e| e.points).sum();
    assert_eq!((org.points.len(), total), (2, 0));
}

/// A database as an older crewdeck left it: its record `tables`, the audit trail and schema
/// `version`, with what `fill` writes.
fn old_database(
    path: &Path,
    version: u64,
    tables: &[&str],
    fill: impl FnOnce(&redb::WriteTransaction),
) {
    let db = redb::Database::create(path).unwrap();
    let txn = db.begin_write().unwrap();
    for name in tables {
        txn.open_table(redb::TableDefinition::<&str, &[u8]>::new(name))
            .unwrap();
    }
    txn.open_table(crewdeck::store::schema::AUDIT).unwrap();
    fill(&txn);
    txn.open_table(crewdeck::store::schema::META)
        .unwrap()
        .insert(crewdeck::store::schema::SCHEMA_KEY, version)
        .unwrap();
    txn.commit().unwrap();
}

#[test]
fn a_version_1_database_gains_the_flag_acknowledgements_table() {
    use crewdeck::domain::quiet::{FlagQuiet, QuietState};
    let dir = tempfile::tempdir().unwrap();
    let path = new_db(&dir);
    old_database(&path, 1, crewdeck::store::schema::V1_TABLES, |_| {});
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        crewdeck::store::schema::CURRENT_VERSION
    );
    let quiet = FlagQuiet {
        flag: "no_one_on_one/person/E1".into(),
        fingerprint: "N1@2026-01-01".into(),
        state: QuietState::Snoozed {
            by: "lin".into(),
            until: day(30),
        },
    };
    store
        .apply(&Change::QuietFlag { quiet }, "lin", at())
        .unwrap();
    assert_eq!(store.load_org().unwrap().flag_quiets.len(), 1);
    store
        .apply(
            &Change::ReopenFlag {
                flag: "no_one_on_one/person/E1".into(),
            },
            "lin",
            at(),
        )
        .unwrap();
    assert!(store.load_org().unwrap().flag_quiets.is_empty());
}

#[test]
fn the_quick_roster_read_holds_what_the_roster_shows_and_names_a_bad_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&new_db(&dir)).unwrap();
    let mut ada = Person::new("E1", "Ada");
    ada.title = "Engineer".into();
    ada.team = "Platform".into();
    ada.level = "P5".into();
    ada.status = crewdeck::domain::person::Status::Leaving { last_day: day(40) };
    store
        .apply(&Change::UpsertPerson { person: ada }, "lin", at())
        .unwrap();
    store
        .apply(&upsert("E2", "张建", Some("E1")), "lin", at())
        .unwrap();
    // Every field filled: the quick read finds the roster's fields by position.
    let mut full = Person::new("E4", "Zoë");
    full.title = "Lead".into();
    full.team = "Data".into();
    full.manager = Some("E1".into());
    full.level = "M2".into();
    full.track = Some(person::Track::Management);
    full.location = "Lyon".into();
    full.hire_date = Some(day(1));
    full.hire_channel = Some(person::HireChannel::Referral);
    full.referred_by = Some("E2".into());
    full.key = Some(person::KeyMark {
        reason: "Knows billing".into(),
        since: day(2),
    });
    full.status = person::Status::Left { last_day: day(3) };
    full.flight_risk = Some(person::FlightRisk {
        stage: person::LeavingStage::Decided,
        noted_on: day(4),
        note: "Offer elsewhere".into(),
    });
    full.pay_percentile = Some(40);
    store
        .apply(&Change::UpsertPerson { person: full }, "lin", at())
        .unwrap();
    let roster = store.roster().unwrap();
    let full = store.load_org().unwrap();
    assert_eq!(roster.people.len(), 3);
    for (id, person) in &roster.people {
        let stored = &full.people[id];
        assert_eq!(
            (&person.name, &person.title, &person.team, &person.manager),
            (&stored.name, &stored.title, &stored.team, &stored.manager)
        );
        assert_eq!(person.status, stored.status);
    }
    for id in ["E1", "E4"] {
        let person = &roster.people[id];
        assert_eq!(
            (
                person.level.as_str(),
                &person.hire_date,
                &person.flight_risk
            ),
            ("", &None, &None),
            "what the roster does not show is left out"
        );
    }

    store
        .corrupt_for_test(Kind::Person, "E3", b"{\"id\": \"E3\"")
        .unwrap();
    let message = store.roster().unwrap_err().to_string();
    assert!(
        message.contains("`people`") && message.contains("`E3`"),
        "{message}"
    );
}

#[test]
fn a_version_2_database_of_json_records_is_rewritten_compactly_and_keeps_everything() {
    use redb::{ReadableDatabase, TableDefinition};
    let dir = tempfile::tempdir().unwrap();
    let path = new_db(&dir);
    let mut ada = Person::new("E1", "Ada");
    ada.level = "P5".into();
    ada.status = person::Status::Leaving { last_day: day(9) };
    let mut lin = Person::new("E2", "林");
    lin.manager = Some("E1".into());
    let people = TableDefinition::<&str, &[u8]>::new("people");
    let mut v2_tables = crewdeck::store::schema::V1_TABLES.to_vec();
    v2_tables.push("flag_quiets");
    old_database(&path, 2, &v2_tables, |txn| {
        let mut table = txn.open_table(people).unwrap();
        for p in [&ada, &lin] {
            let json = serde_json::to_vec(p).unwrap();
            table.insert(p.id.as_str(), json.as_slice()).unwrap();
        }
        table.insert("E3", b"{\"id\": \"E3\"".as_slice()).unwrap();
        let entry = crewdeck::domain::AuditEntry {
            seq: 1,
            at: at(),
            actor: "lin".into(),
            change: upsert("E2", "林", Some("E1")),
            diffs: vec![],
        };
        txn.open_table(crewdeck::store::schema::AUDIT)
            .unwrap()
            .insert(1, serde_json::to_vec(&entry).unwrap().as_slice())
            .unwrap();
    });
    let size_before = std::fs::metadata(&path).unwrap().len();
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            crewdeck::store::schema::CURRENT_VERSION
        );
        let (org, problems) = store.scan().unwrap();
        assert_eq!(org.people["E1"], ada);
        assert_eq!(org.people["E2"], lin);
        assert_eq!(problems.len(), 1, "the unreadable record is kept and named");
        assert!(problems[0].to_string().contains("`E3`"));
        assert_eq!(store.audit().unwrap()[0].actor, "lin");
    }
    let size_after = std::fs::metadata(&path).unwrap().len();
    // Without compacting, the file keeps at least the space redb first set aside for it.
    assert!(
        size_after < size_before / 4,
        "compacted after rewriting: {size_before} bytes before, {size_after} after"
    );
    let db = redb::Database::open(&path).unwrap();
    let txn = db.begin_read().unwrap();
    let table = txn.open_table(people).unwrap();
    let first_byte = |key: &str| table.get(key).unwrap().unwrap().value()[0];
    assert_eq!((first_byte("E1"), first_byte("E2")), (0x02, 0x02));
    assert_eq!(first_byte("E3"), b'{', "left as it was");
}

#[test]
fn a_reading_command_works_while_another_process_writes_and_a_second_writer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.redb");
    let bin = env!("CARGO_BIN_EXE_crewdeck");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("--db")
            .arg(&path)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["init", "--demo"]).status.success());
    // This process holds the file open for writing, as an open cockpit does.
    let store = Store::open(&path).unwrap();
    let export = run(&["export", "roster"]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(String::from_utf8_lossy(&export.stdout).contains("周明"));
    // What the writer commits, a reader sees.
    store
        .apply(&upsert("E900", "Newcomer", None), "lin", at())
        .unwrap();
    let again = String::from_utf8_lossy(&run(&["export", "roster"]).stdout).into_owned();
    assert!(again.contains("Newcomer"), "{again}");
    let roster = dir.path().join("r.csv");
    std::fs::write(&roster, "id,name\nE901,Other\n").unwrap();
    let second = run(&["import", "roster", roster.to_str().unwrap()]);
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("in use"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
}

#[test]
fn a_backup_taken_while_another_process_writes_opens_and_passes_check() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.redb");
    let bin = env!("CARGO_BIN_EXE_crewdeck");
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let db = path.to_str().unwrap();
    assert!(run(&["--db", db, "init", "--demo"]).status.success());
    // Held open for writing, as the cockpit holds it, with a change made meanwhile.
    let store = Store::open(&path).unwrap();
    store
        .apply(&upsert("E900", "Newcomer", None), "lin", at())
        .unwrap();
    let backup = dir.path().join("backup.redb");
    let out = run(&["--db", db, "backup", "--out", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    drop(store);
    let check = run(&["--db", backup.to_str().unwrap(), "check"]);
    assert!(
        check.status.success() && String::from_utf8_lossy(&check.stdout).starts_with("OK"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let roster = run(&["--db", backup.to_str().unwrap(), "export", "roster"]);
    assert!(String::from_utf8_lossy(&roster.stdout).contains("Newcomer"));
    let same = run(&["--db", db, "backup", "--out", db]);
    assert!(!same.status.success(), "never over the database itself");
}
