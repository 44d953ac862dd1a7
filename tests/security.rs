//! Hostile use of the authorisation layer and the server, each as it was once possible: forged
//! undos, flags about one's own slate, a history that carried others' records, users removed
//! while connected, a database without users open to every account, trickled frames, and news
//! of what one may not see about oneself.

mod common;

use crewdeck::auth::{Access, Sight};
use crewdeck::backend::{Backend, LocalBackend};
use crewdeck::domain::{Change, Diff, Kind, Org, Record};
use crewdeck::server::Timeouts;
use crewdeck::server::client::RemoteBackend;
use crewdeck::server::wire;
use crewdeck::store::Store;
use serde_json::json;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn demo() -> Org {
    let mut org = Org::default();
    org.apply(&crewdeck::demo::demo_change(today()).unwrap())
        .unwrap();
    org
}

fn note(id: &str, person: &str, author: &str) -> crewdeck::domain::grow::GrowNote {
    serde_json::from_value(json!({
        "id": id, "person": person, "date": "2026-11-30", "author": author, "goal": "g"
    }))
    .unwrap()
}

/// fatima (hrbp, everyone) is E051, rank-1 successor on KP08. The slate entry about her is
/// hidden, but an acknowledgement of the computed `risky_successor` flag on KP08 (whose
/// fingerprint is the ids of the at-risk successors) and a manual flag on KP08 are not.
#[test]
fn a_successor_sees_no_flag_about_their_own_slate() {
    let mut org = demo();
    let sight = Sight::of(&Access::resolve(&org.users, "fatima", None).unwrap(), &org);
    let Some(Record::Position(kp08)) = sight.see(&Record::Position(org.positions["KP08"].clone()))
    else {
        panic!("KP08 visible")
    };
    assert!(
        kp08.successors.iter().all(|s| s.person.as_str() != "E051"),
        "slate hidden"
    );
    let quiet: crewdeck::domain::quiet::FlagQuiet = serde_json::from_value(json!({
        "flag": "risky_successor/position/KP08", "fingerprint": "E051",
        "state": {"state": "acknowledged", "by": "amelia", "on": "2026-11-01"}
    }))
    .unwrap();
    let flag: crewdeck::domain::flag::ManualFlag = serde_json::from_value(json!({
        "id": "F-KP08", "subject": {"position": "KP08"}, "severity": "high",
        "reason": "Successor Fatima is interviewing elsewhere; E052 to be fast-tracked",
        "raised_by": "amelia", "raised_on": "2026-11-01"
    }))
    .unwrap();
    org.put(Record::FlagQuiet(quiet.clone()));
    org.put(Record::Flag(flag.clone()));
    let sight = Sight::of(&Access::resolve(&org.users, "fatima", None).unwrap(), &org);
    let seen = sight.org(&org);
    let leaked_quiet = seen
        .flag_quiets
        .contains_key("risky_successor/position/KP08");
    let leaked_flag = seen.flags.contains_key("F-KP08");
    let may_overwrite = sight.may_write(&Record::FlagQuiet(quiet)).is_ok();
    assert!(
        !leaked_quiet && !leaked_flag && !may_overwrite,
        "fatima sees the quiet about her slate ({leaked_quiet}), the flag ({leaked_flag}), may write it ({may_overwrite})"
    );
}

/// A manager's `Revert` whose diff says kind User, key "zz", but carries a GROW note: the check
/// looks at the record's own kind and passes; the store writes the note's bytes into the users
/// table, and every later full read of the database fails (the server cannot start).
#[test]
fn an_undo_with_forged_diffs_is_refused_and_the_file_stays_sound() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.redb");
    let store = Store::create(&db).unwrap();
    store
        .apply(
            &crewdeck::demo::demo_change(today()).unwrap(),
            "owner",
            chrono::Utc::now(),
        )
        .unwrap();
    let mut sarah = LocalBackend::open_as(store, "sarah", None, false).unwrap();
    let evil = Change::Revert {
        seq: 1,
        diffs: vec![Diff {
            kind: Kind::User,
            key: "zz".into(),
            before: Some(Record::GrowNote(note("N-evil", "E009", "sarah"))),
            after: None,
        }],
    };
    let applied = sarah.apply(evil);
    let load = sarah.store().load_org();
    assert!(
        applied.is_err() && load.is_ok(),
        "applied: {:?}; load_org afterwards: {:?}",
        applied.map(|e| e.seq),
        load.map(|_| ())
    );
}

fn serve(dir: &Path, store: Store, names: &[&str], timeouts: Timeouts) -> PathBuf {
    common::serve_as(dir, store, names, timeouts)
}

fn demo_store(dir: &Path) -> Store {
    common::demo_store(dir, "d.redb")
}

/// An admin acting as sarah keeps doing so after their own user record is removed.
#[test]
fn an_admin_removed_while_acting_as_someone_is_let_go() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve(
        dir.path(),
        demo_store(dir.path()),
        &["admin", "fatima"],
        Timeouts::default(),
    );
    let mut admin = RemoteBackend::connect(&socket, None).unwrap();
    admin
        .apply(Change::UpsertUser {
            user: serde_json::from_value(
                json!({"name": "fatima", "role": "admin", "scope": {"kind": "everyone"}, "person": "E051"}),
            )
            .unwrap(),
        })
        .unwrap();
    let mut fatima_as_sarah = RemoteBackend::connect(&socket, Some("sarah")).unwrap();
    admin
        .apply(Change::RemoveUser {
            name: "fatima".into(),
        })
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let after = fatima_as_sarah.apply(Change::AddGrowNote {
        note: note("N-after", "E009", "sarah"),
    });
    assert!(
        after.is_err(),
        "a removed user still writes: {:?}",
        after.map(|e| e.actor)
    );
}

/// A database without users, served: any OS user who can reach the 0666 socket may do
/// everything, `--as` names whoever they like in the audit trail, and they can make themselves
/// the admin.
#[test]
fn a_served_database_without_users_lets_in_only_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("d.redb")).unwrap();
    let mut demo = crewdeck::demo::demo_change(today()).unwrap();
    if let Change::Batch { changes, .. } = &mut demo {
        changes.retain(|c| !matches!(c, Change::UpsertUser { .. }));
    }
    store.apply(&demo, "owner", chrono::Utc::now()).unwrap();
    let socket = serve(dir.path(), store, &["mallory"], Timeouts::default());
    let mut mallory = RemoteBackend::connect(&socket, Some("ceo"));
    let mut outcome = String::from("refused");
    if let Ok(m) = &mut mallory {
        let entry = m
            .apply(Change::AddGrowNote {
                note: note("N-m", "E009", "ceo"),
            })
            .unwrap();
        let admin = m.apply(Change::UpsertUser {
            user: serde_json::from_value(
                json!({"name": "mallory", "role": "admin", "scope": {"kind": "everyone"}}),
            )
            .unwrap(),
        });
        outcome = format!(
            "audited as {:?}; made herself admin: {}",
            entry.actor,
            admin.is_ok()
        );
    }
    assert_eq!(outcome, "refused");
}

/// The hello timeout is per read: a client that sends one byte every 150 ms holds a server
/// thread far beyond the 250 ms hello timeout, before it has been identified at all.
#[test]
fn a_trickled_hello_is_cut_off_at_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let timeouts = Timeouts {
        hello: Duration::from_millis(250),
        idle: Duration::from_millis(250),
        write: Duration::from_millis(250),
    };
    let socket = serve(dir.path(), demo_store(dir.path()), &[], timeouts);
    let mut s = UnixStream::connect(&socket).unwrap();
    s.write_all(&[0, 0, 0x40, 0]).unwrap(); // a 16 KiB hello, coming slowly
    let start = Instant::now();
    let mut alive = true;
    while start.elapsed() < Duration::from_secs(3) {
        if s.write_all(b" ").is_err() {
            alive = false;
            break;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let mut buf = [0u8; 1];
    let eof = matches!(s.read(&mut buf), Ok(0));
    assert!(
        !alive || eof,
        "still connected after {:?} with a 250 ms hello timeout",
        start.elapsed()
    );
    let _ = wire::PROTOCOL;
}

/// Removing a user shuts their socket but leaves their session (and its old access) in place:
/// requests already sent keep being applied with the old rights.
#[test]
fn a_removed_users_queued_requests_are_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve(
        dir.path(),
        demo_store(dir.path()),
        &["admin", "sarah"],
        Timeouts::default(),
    );
    let mut admin = RemoteBackend::connect(&socket, None).unwrap();
    let mut raw = UnixStream::connect(&socket).unwrap();
    let hello = json!({"protocol": wire::PROTOCOL, "version": "x"});
    wire::write_frame(&mut raw, hello.to_string().as_bytes()).unwrap();
    wire::read_frame(&mut raw, 1 << 16).unwrap();
    let mut frames = Vec::new();
    for i in 0..400u64 {
        let frame = wire::pack(&wire::ClientFrame::Request {
            id: i,
            request: wire::Request::Apply {
                change: Box::new(Change::AddGrowNote {
                    note: note(&format!("N-s{i}"), "E009", "sarah"),
                }),
                seen: 0,
            },
        })
        .unwrap();
        wire::write_frame(&mut frames, &frame).unwrap();
    }
    let mut writer = raw.try_clone().unwrap();
    std::thread::spawn(move || {
        let _ = writer.write_all(&frames);
    });
    // Drain what the server sends sarah so it never blocks on her.
    std::thread::spawn(move || {
        let mut sink = [0u8; 65536];
        while matches!(raw.read(&mut sink), Ok(n) if n > 0) {}
    });
    std::thread::sleep(Duration::from_millis(30));
    let removed = admin
        .apply(Change::RemoveUser {
            name: "sarah".into(),
        })
        .unwrap()
        .seq;
    std::thread::sleep(Duration::from_secs(5));
    let after = admin
        .audit()
        .unwrap()
        .iter()
        .filter(|e| e.actor == "sarah" && e.seq > removed)
        .count();
    assert_eq!(
        after, 0,
        "{after} changes by sarah applied after she was removed (seq {removed})"
    );
}

/// The audit trail and the live news tell a user that something hidden about them changed:
/// an entry whose only diff is their own person record, its leaving stage stripped on both
/// sides, is still handed over (actor, time and all).
#[test]
fn no_news_of_a_change_to_ones_own_hidden_leaving_stage() {
    let mut org = demo();
    let change = Change::SetFlightRisk {
        person: "E051".into(),
        risk: Some(
            serde_json::from_value(
                json!({"stage": "confused", "noted_on": "2026-11-01", "note": "private"}),
            )
            .unwrap(),
        ),
    };
    let diffs = org.apply(&change).unwrap();
    let entry = crewdeck::domain::AuditEntry {
        seq: 9,
        at: chrono::Utc::now(),
        actor: "amelia".into(),
        change,
        diffs,
    };
    let sight = Sight::of(&Access::resolve(&org.users, "fatima", None).unwrap(), &org);
    let seen = sight.entry(&entry);
    assert!(
        seen.is_none(),
        "fatima is told: {:?}",
        seen.map(|e| (e.actor, e.diffs.len()))
    );
}

/// A person's history (Request::History / LocalBackend::history_loader): `history::about` keeps
/// only the diffs about the person, but of a batch every sub-change that *mentions* them, and of
/// any other change the whole value; `Sight::entry` then judges only the kept diffs, finds them
/// whole, and hands over the change, with the records of people outside the user's scope.
#[test]
fn a_history_never_hands_over_records_outside_scope() {
    let mut org = demo();
    // E009 (Platform, outside xuhui's Product/Design) re-imported with a leaving stage and a
    // referral by E030 (Product, in her scope), in one roster import with a change to E030.
    let mut b = org.people["E009"].clone();
    b.referred_by = Some("E030".into());
    b.flight_risk = Some(
        serde_json::from_value(json!({"stage": "hesitating_between_offers", "noted_on": "2026-11-01", "note": "SECRET: has an offer"}))
            .unwrap(),
    );
    let mut a = org.people["E030"].clone();
    a.title = "Senior PM".into();
    let change = Change::Batch {
        label: "roster import".into(),
        changes: vec![
            Change::UpsertPerson { person: a },
            Change::UpsertPerson { person: b },
        ],
    };
    let diffs = org.apply(&change).unwrap();
    let entry = crewdeck::domain::AuditEntry {
        seq: 9,
        at: chrono::Utc::now(),
        actor: "admin".into(),
        change,
        diffs,
    };
    let sight = Sight::of(&Access::resolve(&org.users, "xuhui", None).unwrap(), &org);
    assert!(!sight.sees_person("E009"));
    // The history as the server and a scoped local backend give it.
    let shown = crewdeck::server::history(&sight, &[entry], "E030");
    assert_eq!(shown.len(), 1, "the change to E030 is there");
    let text = serde_json::to_string(&shown).unwrap();
    assert!(
        !text.contains("SECRET"),
        "xuhui's history of E030 holds: {text}"
    );
}
