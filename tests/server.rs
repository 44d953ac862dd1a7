//! The shared server: identity, scope, live changes, conflicts, bad clients, a killed server.
//!
//! Most tests run a server in this process on the demo organisation, telling who connects from
//! a list (one name per connection, in order) instead of from the peer credentials, so that
//! several users can be tried without creating operating-system accounts; the credentials
//! themselves are tested in `server::peer` and, with the real binary, at the end.

mod common;

use crewdeck::backend::{Backend, News};
use crewdeck::domain::{Change, Org};
use crewdeck::server::Timeouts;
use crewdeck::server::client::RemoteBackend;
use crewdeck::server::wire;
use crewdeck::store::StoreError;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_crewdeck");

/// A server on the demo organisation, in this process; connections are taken to be `names`,
/// in order.
fn serve_demo(dir: &Path, names: &[&str]) -> PathBuf {
    serve_demo_waiting(dir, names, Timeouts::default())
}

fn serve_demo_waiting(dir: &Path, names: &[&str], timeouts: Timeouts) -> PathBuf {
    common::serve_as(dir, common::demo_store(dir, "demo.redb"), names, timeouts)
}

fn connect(socket: &Path) -> RemoteBackend {
    RemoteBackend::connect(socket, None).expect("connects")
}

fn load(backend: &RemoteBackend) -> Org {
    backend.loader()().expect("the records")
}

/// Waits up to `within` for news of a change; how long it took.
fn news_of_change(backend: &mut RemoteBackend, within: Duration) -> Option<(Duration, News)> {
    let start = Instant::now();
    while start.elapsed() < within {
        if let Some(news) = backend
            .news()
            .into_iter()
            .find(|n| matches!(n, News::Changed(_)))
        {
            return Some((start.elapsed(), news));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

fn note_about(person: &str, id: &str, goal: &str, author: &str) -> Change {
    let note = serde_json::json!({
        "id": id, "person": person, "date": "2026-11-30", "author": author,
        "goal": goal
    });
    Change::AddGrowNote {
        note: serde_json::from_value(note).unwrap(),
    }
}

#[test]
fn each_user_sees_only_their_scope_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["sarah", "xuhui", "board", "mallory"]);
    let sarah = load(&connect(&socket));
    assert!(sarah.people.contains_key("E009"), "Aisha is below Sarah");
    assert!(!sarah.people.contains_key("E030"), "张建 is not");
    // Her own record, the manager her reports' records name, and nothing recorded about her.
    assert!(sarah.people["E002"].flight_risk.is_none());
    assert!(
        sarah
            .assessments
            .values()
            .all(|a| a.person.as_str() != "E002")
    );
    let xuhui = load(&connect(&socket));
    assert!(
        xuhui
            .people
            .values()
            .all(|p| ["Product", "Design"].contains(&p.team.as_str()) || p.id.as_str() == "E052")
    );
    assert!(xuhui.people.contains_key("E030"));
    // Her own user record, and nobody else's.
    assert_eq!(xuhui.users.keys().collect::<Vec<_>>(), ["xuhui"]);
    let board = load(&connect(&socket));
    assert!(board.people.values().all(|p| p.team == "Leadership"));
    let refused = RemoteBackend::connect(&socket, None)
        .err()
        .expect("refused");
    assert!(
        refused.to_string().contains("mallory has no crewdeck user"),
        "{refused}"
    );
}

#[test]
fn a_viewer_cannot_write_and_a_manager_not_outside_her_line_nor_about_herself() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["board", "sarah"]);
    let mut board = connect(&socket);
    let refused = board
        .apply(note_about("E003", "NB1", "x", "board"))
        .unwrap_err();
    assert!(refused.to_string().contains("viewer"), "{refused}");
    let mut sarah = connect(&socket);
    for (person, why) in [("E030", "outside"), ("E002", "not allowed")] {
        let refused = sarah
            .apply(note_about(person, &format!("NS-{person}"), "x", "sarah"))
            .unwrap_err();
        assert!(refused.to_string().contains(why), "{person}: {refused}");
    }
    let entry = sarah
        .apply(note_about("E009", "NS1", "On-call lead", "sarah"))
        .expect("in her line");
    // The audit trail names the user the server saw, not one the client claimed.
    assert_eq!(entry.actor, "sarah");
    let audit = sarah.audit().unwrap();
    assert_eq!(audit.last().unwrap().actor, "sarah");
}

/// What the server works out is asked for, not worked out by the client: each user gets their
/// part, nothing about themselves, and it is current after another user's change.
#[test]
fn the_server_works_out_flags_and_each_user_asks_for_their_part() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["sarah", "admin", "board"]);
    let mut sarah_backend = connect(&socket);
    let admin_backend = connect(&socket);
    let board = connect(&socket).served().unwrap();
    let (sarah, admin) = (
        sarah_backend.served().unwrap(),
        admin_backend.served().unwrap(),
    );
    // Sarah (E002) manages below her: her reports' urgency, never her own.
    let summary = sarah.summary().unwrap();
    assert!(!summary.urgency.is_empty());
    assert!(summary.urgency.iter().all(|(id, _)| id != "E002"));
    assert!(
        summary
            .team_flags
            .iter()
            .all(|f| f.person() != Some("E002"))
    );
    let own = sarah.person("E002").unwrap().expect("her own record");
    assert!(own.flags.is_empty() && own.talent.is_none());
    // Out of her line: nobody.
    assert_eq!(sarah.person("E051").unwrap(), None);
    // The viewer of Leadership sees a part, and the admin everyone.
    let everyone = admin.summary().unwrap();
    assert!(board.summary().unwrap().team_flag_count < everyone.team_flag_count);
    assert!(!admin.standings(None).unwrap().is_empty());
    assert!(!admin.nine_box().unwrap().is_empty());
    // A 1:1 noted by the admin quiets the flag of someone in Sarah's line, for her too.
    let quiet = summary
        .team_flags
        .iter()
        .find(|f| f.kind == crewdeck::domain::insight::FlagKind::NoOneOnOne)
        .and_then(|f| f.person())
        .expect("someone of Sarah's without a 1:1")
        .to_string();
    let flagged = |backend: &std::sync::Arc<dyn crewdeck::backend::Served>| {
        let person = backend.person(&quiet).unwrap().unwrap();
        (person.flags.iter()).any(|f| f.kind == crewdeck::domain::insight::FlagKind::NoOneOnOne)
    };
    assert!(flagged(&sarah));
    let today = chrono::Local::now().date_naive().to_string();
    let note =
        serde_json::json!({"id": "N-ASK", "person": quiet, "date": today, "author": "admin"});
    let mut admin_backend = admin_backend;
    admin_backend
        .apply(Change::AddGrowNote {
            note: serde_json::from_value(note).unwrap(),
        })
        .unwrap();
    news_of_change(&mut sarah_backend, Duration::from_secs(1)).expect("news of the note");
    assert!(!flagged(&sarah));
    let person = sarah.person(&quiet).unwrap().unwrap();
    assert!(person.records.iter().any(|r| r.key() == "N-ASK"));
}

#[test]
fn a_change_shows_at_once_in_another_cockpit_as_that_user_may_see_it() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["sarah", "liwei", "xuhui"]);
    let mut sarah = connect(&socket);
    let mut liwei = connect(&socket);
    let mut xuhui = connect(&socket);
    let (_, _, _) = (load(&sarah), load(&liwei), load(&xuhui));
    sarah
        .apply(note_about("E009", "NL1", "On-call lead", "sarah"))
        .unwrap();
    let (took, news) = news_of_change(&mut liwei, Duration::from_secs(1)).expect("within 1 s");
    let News::Changed(entry) = news else {
        unreachable!()
    };
    assert_eq!(entry.actor, "sarah");
    assert_eq!(entry.diffs.len(), 1);
    assert!(took < Duration::from_secs(1), "{took:?}");
    // Aisha is not in Product or Design: xuhui hears nothing of it.
    assert!(news_of_change(&mut xuhui, Duration::from_millis(300)).is_none());
    // Nor does the one who made it.
    assert!(news_of_change(&mut sarah, Duration::from_millis(100)).is_none());
}

#[test]
fn the_second_of_two_saves_to_one_record_is_told_what_changed_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["sarah", "liwei"]);
    let mut sarah = connect(&socket);
    let mut liwei = connect(&socket);
    sarah
        .apply(note_about("E009", "NC1", "First", "sarah"))
        .unwrap();
    let org = load(&liwei);
    let both_began_at = liwei.read_at();
    let mut note = org.notes["NC1"].clone();
    note.goal = "Sarah's edit".into();
    sarah
        .apply_since(Change::UpdateGrowNote { note: note.clone() }, both_began_at)
        .unwrap();
    note.goal = "Li Wei's edit".into();
    let conflict = liwei
        .apply_since(Change::UpdateGrowNote { note }, both_began_at)
        .unwrap_err();
    assert!(
        matches!(conflict, StoreError::Conflict { .. }),
        "{conflict:?}"
    );
    assert!(
        conflict.to_string().contains("sarah changed it first"),
        "{conflict}"
    );
    assert_eq!(load(&liwei).notes["NC1"].goal, "Sarah's edit");
}

/// Bytes sent straight to the socket, as a client that is not crewdeck would.
fn raw(socket: &Path) -> UnixStream {
    let stream = UnixStream::connect(socket).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

#[test]
fn garbage_an_old_client_and_a_huge_frame_are_dropped_without_touching_others() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["sarah", "liwei", "liwei"]);
    let mut sarah = connect(&socket);
    // An older crewdeck: one sentence, then the connection ends.
    let mut old = raw(&socket);
    let hello = serde_json::json!({"protocol": 0, "version": "0.0.1"});
    wire::write_frame(&mut old, hello.to_string().as_bytes()).unwrap();
    let answer = wire::read_frame(&mut old, 1 << 16).unwrap();
    let text = String::from_utf8(answer).unwrap();
    assert!(
        text.contains("use the same crewdeck on both sides"),
        "{text}"
    );
    // Not even a hello: dropped.
    let mut junk = raw(&socket);
    junk.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    let mut rest = Vec::new();
    assert_eq!(junk.read_to_end(&mut rest).unwrap_or(0), 0);
    // A client that says hello, then sends garbage, or claims a frame of 4 GiB.
    for bad in [&b"\x00\x00\x00\x03abc"[..], &b"\xff\xff\xff\xff"[..]] {
        let mut client = raw(&socket);
        let hello = serde_json::json!({"protocol": wire::PROTOCOL, "version": "x"});
        wire::write_frame(&mut client, hello.to_string().as_bytes()).unwrap();
        let welcome = String::from_utf8(wire::read_frame(&mut client, 1 << 16).unwrap()).unwrap();
        assert!(welcome.contains("\"welcome\""), "{welcome}");
        // The server may already have hung up by the time the last bytes go.
        let _ = client.write_all(bad);
        let mut rest = Vec::new();
        let _ = client.read_to_end(&mut rest);
        assert!(rest.is_empty(), "nothing but the end of the connection");
    }
    // Sarah never noticed.
    sarah
        .apply(note_about("E009", "NG1", "Still here", "sarah"))
        .expect("the server carries on");
}

/// A client that says nothing, or stops halfway through a frame, is dropped once the idle time
/// is up (30 s in use; a quarter of a second here), and the others carry on.
#[test]
fn a_client_that_stalls_is_dropped_and_the_others_carry_on() {
    let dir = tempfile::tempdir().unwrap();
    let timeouts = Timeouts {
        hello: Duration::from_millis(250),
        idle: Duration::from_millis(250),
        write: Duration::from_millis(250),
    };
    let socket = serve_demo_waiting(
        dir.path(),
        &["sarah", "liwei", "sarah", "sarah", "sarah", "sarah"],
        timeouts,
    );
    let mut sarah = connect(&socket);
    // Never says hello.
    let mut silent = raw(&socket);
    // Says hello, then sends half a frame and stops.
    let mut stalled = raw(&socket);
    let hello = serde_json::json!({"protocol": wire::PROTOCOL, "version": "x"});
    wire::write_frame(&mut stalled, hello.to_string().as_bytes()).unwrap();
    wire::read_frame(&mut stalled, 1 << 16).unwrap();
    stalled.write_all(&[0, 0, 1, 0, 1, 2, 3]).unwrap();
    let started = Instant::now();
    for stream in [&mut silent, &mut stalled] {
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        assert!(rest.is_empty());
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Sarah pings every 5 s, far apart from the quarter second: she is asked to reconnect, and
    // does. Her save goes through.
    let start = Instant::now();
    let saved = loop {
        match sarah.apply(note_about("E009", "NT1", "Still here", "sarah")) {
            Ok(entry) => break entry,
            Err(_) if start.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(100))
            }
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(saved.actor, "sarah");
}

/// Waits until `path` accepts connections.
fn wait_for_socket(path: &Path) {
    let start = Instant::now();
    while !crewdeck::server::listening(path) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no server came up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn start_server(db: &Path) -> std::process::Child {
    std::process::Command::new(BIN)
        .arg("--db")
        .arg(db)
        .arg("serve")
        .env("XDG_STATE_HOME", db.parent().unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// The real binary, with the real peer credentials: the user running the test made the demo
/// and is its admin. Killed with SIGKILL between saves, the server comes back with every
/// acknowledged change, and the client reconnects by itself.
#[test]
fn a_server_killed_mid_work_loses_no_acknowledged_change_and_clients_reconnect() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.redb");
    let made = std::process::Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["init", "--demo"])
        .output()
        .unwrap();
    assert!(made.status.success());
    let socket = PathBuf::from(format!("{}.sock", db.display()));
    let mut server = start_server(&db);
    wait_for_socket(&socket);
    let mut client = RemoteBackend::connect(&socket, None).unwrap();
    let mut acknowledged = Vec::new();
    for i in 0..20 {
        let id = format!("NK{i}");
        client
            .apply(note_about("E009", &id, "Before the kill", "me"))
            .unwrap();
        acknowledged.push(id);
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let refused = client
        .apply(note_about("E009", "NK-lost", "While down", "me"))
        .unwrap_err();
    assert!(refused.to_string().contains("out of reach"), "{refused}");
    let mut server = start_server(&db);
    wait_for_socket(&socket);
    let start = Instant::now();
    let mut back = false;
    while start.elapsed() < Duration::from_secs(10) && !back {
        back = client.news().iter().any(|n| matches!(n, News::Back));
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(back, "the client said it is back");
    let org = load(&client);
    for id in &acknowledged {
        assert!(org.notes.contains_key(id.as_str()), "{id} was lost");
    }
    client
        .apply(note_about("E009", "NK-after", "After", "me"))
        .expect("carries on");
    server.kill().unwrap();
    let _ = server.wait();
}

/// Runs `crewdeck ARGS` as the operating-system user `user` (through `runuser`).
fn as_user(user: &str, home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("runuser")
        .args(["-u", user, "--", BIN])
        .args(args)
        .env("HOME", home)
        .env("XDG_STATE_HOME", home)
        .env("XDG_DATA_HOME", home)
        .env_remove("CREWDECK_DB")
        .output()
        .expect("runuser runs")
}

/// Operating-system users made for a test, removed when it ends.
struct OsUsers(Vec<String>);

impl Drop for OsUsers {
    fn drop(&mut self) {
        for user in &self.0 {
            let _ = std::process::Command::new("userdel")
                .args(["-r", user])
                .output();
        }
    }
}

/// Two operating-system users made for the test, on one server run by the file's owner: each
/// sees only their scope through every command, the viewer cannot write, a user without a
/// record is refused, and the audit trail names the OS users. Needs root, to create users; as
/// anyone else it says it did not run.
#[test]
fn two_os_users_on_one_server_each_see_only_their_scope_through_every_command() {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("not run: creating operating-system users needs root");
        return;
    }
    let tag = std::process::id() % 100_000;
    let (manager, viewer, stranger) = (
        format!("cdm{tag}"),
        format!("cdv{tag}"),
        format!("cds{tag}"),
    );
    let made = OsUsers(vec![manager.clone(), viewer.clone(), stranger.clone()]);
    for user in &made.0 {
        let out = std::process::Command::new("useradd")
            .arg(user)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let dir = tempfile::tempdir().unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let db = dir.path().join("org.redb");
    let owner = |args: &[&str]| {
        let out = std::process::Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("XDG_STATE_HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    owner(&["init", "--demo"]);
    owner(&[
        "users", "add", &manager, "--role", "manager", "--person", "E002",
    ]);
    owner(&[
        "users",
        "add",
        &viewer,
        "--role",
        "viewer",
        "--teams",
        "Leadership",
    ]);
    let mut server = start_server(&db);
    wait_for_socket(&PathBuf::from(format!("{}.sock", db.display())));
    let homes: Vec<PathBuf> = made
        .0
        .iter()
        .map(|user| {
            let home = dir.path().join(format!("home-{user}"));
            std::fs::create_dir(&home).unwrap();
            let _ = std::process::Command::new("chown")
                .arg(user)
                .arg(&home)
                .status();
            home
        })
        .collect();
    let run = |who: usize, args: &[&str]| {
        let mut all = vec!["--db", db.to_str().unwrap()];
        all.extend_from_slice(args);
        as_user(&made.0[who], &homes[who], &all)
    };
    let ids = |out: &std::process::Output| -> Vec<String> {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next().map(str::to_string))
            .collect()
    };
    // The file itself is the owner's alone: the others reach it through the server only.
    let roster = ids(&run(0, &["export", "roster", "--format", "csv"]));
    assert!(roster.contains(&"E009".to_string()) && !roster.contains(&"E030".to_string()));
    assert!(
        roster.iter().all(|id| id == "E002" || id.as_str() > "E005"),
        "{roster:?}"
    );
    let flags = run(0, &["flags", "--format", "csv"]);
    assert!(flags.status.success());
    assert!(
        !String::from_utf8_lossy(&flags.stdout).contains("E002"),
        "no flag about herself"
    );
    let viewer_roster = ids(&run(1, &["export", "roster", "--format", "csv"]));
    assert!(!viewer_roster.is_empty());
    assert!(
        viewer_roster
            .iter()
            .all(|id| ["E001", "E002", "E003", "E004", "E005"].contains(&id.as_str())),
        "{viewer_roster:?}"
    );
    // The viewer cannot write; the stranger is refused; --as is for admins.
    let notes = dir.path().join("users.csv");
    std::fs::write(
        &notes,
        "name,role,scope,scope_value,person\nx,admin,everyone,,\n",
    )
    .unwrap();
    let written = run(1, &["import", "users", notes.to_str().unwrap()]);
    assert!(!written.status.success());
    let said = String::from_utf8_lossy(&written.stderr);
    assert!(said.contains("not allowed"), "{said}");
    let refused = run(2, &["export", "roster"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("has no crewdeck user"));
    let acting = run(0, &["--as", "admin", "export", "roster"]);
    assert!(
        String::from_utf8_lossy(&acting.stderr).contains("only an admin may act as someone else")
    );
    // A change by the manager, named in the audit trail by her OS user.
    let roster_file = dir.path().join("new.csv");
    std::fs::write(
        &roster_file,
        "id,name,team,manager\nE100,Nora Quist,Platform,E006\n",
    )
    .unwrap();
    let imported = run(0, &["import", "roster", roster_file.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let audit = owner(&["export", "audit", "--format", "csv"]);
    let last = audit.lines().last().unwrap();
    assert!(
        last.contains(&format!(",{manager},import roster")),
        "{last}"
    );
    server.kill().unwrap();
    let _ = server.wait();
}

/// A user removed while connected is let go at once, and told why when the client tries again.
#[test]
fn a_user_removed_while_connected_is_let_go_and_told_why() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["sarah", "admin", "sarah", "sarah", "sarah"]);
    let mut sarah = connect(&socket);
    assert!(!load(&sarah).people.is_empty());
    let mut admin = connect(&socket);
    admin
        .apply(Change::RemoveUser {
            name: "sarah".into(),
        })
        .unwrap();
    let start = Instant::now();
    let mut told = None;
    while start.elapsed() < Duration::from_secs(10) && told.is_none() {
        told = sarah.news().into_iter().find_map(|n| match n {
            News::Refused(why) => Some(why),
            _ => None,
        });
        std::thread::sleep(Duration::from_millis(20));
    }
    let told = told.expect("told within 10 s");
    assert!(told.contains("sarah has no crewdeck user"), "{told}");
    assert!(
        sarah
            .apply(note_about("E009", "NR1", "x", "sarah"))
            .is_err()
    );
}

/// Waits up to ten seconds for the server to say that what `backend`'s user may see or do has
/// changed.
fn told_to_read_again(backend: &mut RemoteBackend) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if backend.news().iter().any(|n| matches!(n, News::ReadAgain)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// The client follows the role the server says: what the cockpit offers is asked of it once told
/// to read again (`runtime::take_news`).
#[test]
fn a_role_changed_while_connected_is_said_to_the_client_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["sarah", "admin"]);
    let mut sarah = connect(&socket);
    assert_eq!(sarah.read_only(), None, "a manager may write");
    sarah
        .apply(note_about("E009", "NR1", "x", "sarah"))
        .expect("a manager writes about her report");
    let mut admin = connect(&socket);
    let mut user = load(&admin).users["sarah"].clone();
    user.role = crewdeck::domain::user::Role::Viewer;
    admin
        .apply(Change::UpsertUser { user: user.clone() })
        .unwrap();
    assert!(told_to_read_again(&mut sarah), "sarah was not told");
    let why = sarah.read_only().expect("sarah is read-only now");
    assert!(why.contains("viewer"), "{why}");
    match sarah.apply(note_about("E009", "NR2", "x", "sarah")) {
        Err(StoreError::Refused(crewdeck::domain::ChangeError::Forbidden(why))) => {
            assert!(why.contains("viewer"), "{why}")
        }
        other => panic!("the server let a viewer write, or failed otherwise: {other:?}"),
    }
    user.role = crewdeck::domain::user::Role::Manager;
    admin.apply(Change::UpsertUser { user }).unwrap();
    assert!(told_to_read_again(&mut sarah), "sarah was not told");
    assert_eq!(sarah.read_only(), None, "a manager again may write");
}

/// `--db` and `--server` both given must name one database: a command is refused, naming both
/// files, rather than read or write another database than the one asked for.
#[test]
fn a_server_serving_another_database_than_db_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let made = |name: &str| {
        let db = dir.path().join(name);
        let out = std::process::Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(["init", "--demo"])
            .output()
            .unwrap();
        assert!(out.status.success());
        db
    };
    let (served, other) = (made("served.redb"), made("other.redb"));
    let socket = PathBuf::from(format!("{}.sock", served.display()));
    let mut server = start_server(&served);
    wait_for_socket(&socket);
    let list = |db: &Path| {
        std::process::Command::new(BIN)
            .arg("--db")
            .arg(db)
            .arg("--server")
            .arg(&socket)
            .args(["calibrate", "list"])
            .env("XDG_STATE_HOME", dir.path())
            .output()
            .unwrap()
    };
    let refused = list(&other);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{said}");
    assert!(
        said.contains("served.redb") && said.contains("other.redb") && said.contains("not"),
        "{said}"
    );
    let listed = list(&served);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(String::from_utf8_lossy(&listed.stdout).contains("CAL-DESIGN"));
    server.kill().unwrap();
    let _ = server.wait();
}

/// A calibration through the server: entries about different people never conflict (the
/// session's record only counts them); a move about someone out of sight is refused without a
/// word about where they stand; a conflict over one person's box names no one out of sight.
#[test]
fn calibration_entries_meet_only_over_one_person_and_say_nothing_out_of_sight() {
    use crewdeck::domain::calibration::{Calibration, CalibrationEntry, Logged, MoveReason};
    use crewdeck::domain::insight::talent::NineBox;
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_demo(dir.path(), &["fatima", "sarah", "liwei"]);
    let mut fatima = connect(&socket);
    let mut sarah = connect(&socket);
    let mut liwei = connect(&socket);
    let now = chrono::Utc::now();
    let session = Calibration {
        id: "CAL-T".into(),
        name: "Review".into(),
        quarter: crewdeck::domain::assessment::Quarter::of(now.date_naive()),
        teams: vec!["Platform".into()],
        facilitator: "fatima".into(),
        participants: vec!["sarah".into(), "liwei".into()],
        timebox_minutes: None,
        opened: now,
        closed: None,
        logged: 0,
        last_entry: None,
    };
    let people = ["E007", "E008", "E009", "E010"].map(Into::into).to_vec();
    fatima
        .apply(Change::OpenCalibration { session, people })
        .unwrap();
    let entry = |by: &str, person: &str, what: Logged| Change::LogCalibration {
        entry: CalibrationEntry {
            session: "CAL-T".into(),
            at: chrono::Utc::now(),
            by: by.into(),
            person: person.into(),
            what,
        },
    };
    load(&sarah);
    load(&liwei);
    let (s_seen, l_seen) = (sarah.read_at(), liwei.read_at());
    sarah
        .apply_since(entry("sarah", "E009", Logged::Discussed), s_seen)
        .unwrap();
    liwei
        .apply_since(entry("liwei", "E010", Logged::Discussed), l_seen)
        .expect("another person's entry in the same session is no conflict");
    // Li Wei is not his own calibrator: a move about him is refused before anything is
    // planned, so nothing says where he stands.
    let star = crewdeck::domain::calibration::boxes()[0];
    let about_himself = liwei
        .apply(entry(
            "liwei",
            "E006",
            Logged::Move {
                from: star,
                to: star,
                reason: MoveReason::Results,
                words: String::new(),
                evidence: None,
                created: false,
            },
        ))
        .unwrap_err()
        .to_string();
    assert!(
        about_himself.contains("outside what liwei may see"),
        "{about_himself}"
    );
    assert!(!about_himself.contains("stands in"), "{about_himself}");
    // A forged signature is refused too.
    let forged = sarah
        .apply(entry("fatima", "E009", Logged::Discussed))
        .unwrap_err()
        .to_string();
    assert!(forged.contains("signed by who makes it"), "{forged}");
    // Two moves of one person from one reading: the second is refused, told where the first
    // put them; nothing is overwritten.
    let org = load(&sarah);
    let board = crewdeck::domain::calibration::Board::current(&org, &org.calibrations["CAL-T"]);
    let from: NineBox = board.after[&"E008".into()].expect("placed");
    let to = crewdeck::domain::calibration::boxes()
        .into_iter()
        .find(|b| *b != from)
        .unwrap();
    let seen = sarah.read_at();
    let move_to = |by: &str, to: NineBox| {
        entry(
            by,
            "E008",
            Logged::Move {
                from,
                to,
                reason: MoveReason::Peers,
                words: String::new(),
                evidence: None,
                created: false,
            },
        )
    };
    liwei.apply(move_to("liwei", to)).unwrap();
    let told = sarah
        .apply_since(move_to("sarah", to), seen)
        .unwrap_err()
        .to_string();
    assert!(
        told.contains(&format!("stands in {} now", to.name())),
        "{told}"
    );
    let org = load(&sarah);
    let moves = crewdeck::domain::calibration::Board::current(&org, &org.calibrations["CAL-T"]);
    assert_eq!(moves.moves.len(), 1, "one move stands");
    assert_eq!(moves.moves[0].by, "liwei");
}

/// A synthetic organisation of 24,000 people (larger, encoded, than the server lets wait
/// for one client, so that it stops packing until the reader reads), with an admin `ada` and
/// `max`, a manager who is S000000, at the top of everyone; served in this process to
/// connections taken to be `names`.
fn serve_big(dir: &Path, names: &[&str]) -> PathBuf {
    let store = crewdeck::store::Store::create(&dir.join("big.redb")).unwrap();
    let today = chrono::Local::now().date_naive();
    let big = crewdeck::synth::organisation(24_000, 1, today);
    let users = [
        serde_json::json!({"name": "ada", "role": "admin", "scope": {"kind": "everyone"}}),
        serde_json::json!({"name": "max", "role": "manager", "person": "S000000",
            "scope": {"kind": "reports_of", "value": "S000000"}}),
    ];
    let users = users.into_iter().map(|user| Change::UpsertUser {
        user: serde_json::from_value(user).unwrap(),
    });
    for change in std::iter::once(big).chain(users) {
        store.apply(&change, "owner", chrono::Utc::now()).unwrap();
    }
    common::serve_as(dir, store, names, Timeouts::default())
}

/// What a slow reader has had of a load so far.
#[derive(Default)]
struct Reading {
    gather: wire::Gather,
    news: Vec<crewdeck::domain::AuditEntry>,
    read_again: bool,
    /// The audit entry the records include, once they have all come.
    end: Option<u64>,
}

impl Reading {
    /// Reads one frame from `reader` and takes it in.
    fn read(&mut self, reader: &mut UnixStream) {
        use crewdeck::server::wire::{Reply, ServerFrame};
        let frame = wire::read_frame(reader, wire::SERVER_FRAME_LIMIT).expect("a frame in 10 s");
        match wire::unpack(&frame).unwrap() {
            ServerFrame::Reply {
                reply: Reply::Records { kind, records },
                ..
            } => self.gather.part(kind, records).unwrap(),
            ServerFrame::Reply {
                reply: Reply::RecordsEnd { seq },
                ..
            } => self.end = Some(seq),
            ServerFrame::Changed(entry) => self.news.push(*entry),
            ServerFrame::ReadAgain { .. } => self.read_again = true,
            other => panic!("not a part of the load: {other:?}"),
        }
    }
}

/// A client that says hello and asks for every record, reading nothing yet.
fn slow_reader(socket: &Path) -> UnixStream {
    use crewdeck::server::wire::{ClientFrame, Request};
    let mut reader = raw(socket);
    let hello = serde_json::json!({"protocol": wire::PROTOCOL, "version": "x"});
    wire::write_frame(&mut reader, hello.to_string().as_bytes()).unwrap();
    wire::read_frame(&mut reader, 1 << 16).unwrap();
    let ask = ClientFrame::Request {
        id: 1,
        request: Request::Load,
    };
    wire::write_frame(&mut reader, &wire::pack(&ask).unwrap()).unwrap();
    reader
}

/// The records go in parts: a save made while a client has read only the first of them goes
/// through, and the client, putting the news after the records' audit entry on top of them,
/// ends up with what the server has.
#[test]
fn a_save_made_while_records_are_being_read_goes_through_and_the_reader_ends_up_current() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_big(dir.path(), &["ada", "ada", "ada"]);
    let mut reader = slow_reader(&socket);
    let mut reading = Reading::default();
    reading.read(&mut reader);
    std::thread::sleep(Duration::from_millis(200));
    // Meanwhile: a person already sent gets a new title, and points are awarded to someone.
    let mut ada = connect(&socket);
    let mut person = ada.roster().unwrap().people["S000001"].clone();
    person.title = "Staff Engineer (renamed while read)".into();
    let entry = serde_json::json!({
        "id": "ZZ-while-read", "person": "S000001",
        "date": chrono::Local::now().date_naive().to_string(),
        "points": 5, "recorded_by": "ada"
    });
    for change in [
        Change::UpsertPerson { person },
        Change::AwardPoints {
            entry: serde_json::from_value(entry).unwrap(),
        },
    ] {
        ada.apply(change).expect("saved while the other reads");
    }
    while reading.end.is_none() {
        reading.read(&mut reader);
    }
    let seq = reading.end.unwrap();
    // The news of both saves comes too: it was made after the records' entry.
    while reading.news.iter().filter(|e| e.seq > seq).count() < 2 {
        reading.read(&mut reader);
    }
    let mut org = reading.gather.finish().unwrap();
    for entry in reading.news.iter().filter(|e| e.seq > seq) {
        org.apply_diffs(&entry.diffs);
    }
    assert_eq!(
        org.people["S000001"].title,
        "Staff Engineer (renamed while read)"
    );
    assert!(org.points.contains_key("ZZ-while-read"));
    let now = load(&ada);
    assert!(org.records() == now.records(), "the reader is current");
}

/// A scope narrowed while a manager's records are being sent holds for the parts still to go:
/// someone moved out of her line, and points awarded to them after, are not sent to her, and
/// she is told to read again.
#[test]
fn a_scope_narrowed_while_records_are_being_read_holds_for_the_parts_still_to_go() {
    let dir = tempfile::tempdir().unwrap();
    let socket = serve_big(dir.path(), &["max", "ada", "ada"]);
    let mut reader = slow_reader(&socket);
    let mut reading = Reading::default();
    reading.read(&mut reader);
    std::thread::sleep(Duration::from_millis(200));
    let mut ada = connect(&socket);
    let mut leaver = ada.roster().unwrap().people["S023999"].clone();
    leaver.manager = None;
    let entry = serde_json::json!({
        "id": "ZZ-out-of-line", "person": "S023999",
        "date": chrono::Local::now().date_naive().to_string(),
        "points": 5, "recorded_by": "ada"
    });
    for change in [
        Change::UpsertPerson { person: leaver },
        Change::AwardPoints {
            entry: serde_json::from_value(entry).unwrap(),
        },
    ] {
        ada.apply(change).expect("saved");
    }
    while reading.end.is_none() {
        reading.read(&mut reader);
    }
    let org = reading.gather.finish().unwrap();
    assert!(reading.read_again, "told to read again");
    // The parts packed before the move had S023999's earlier records; none after it has.
    assert!(!org.points.contains_key("ZZ-out-of-line"));
    assert!(
        org.points.len() < 3 * 23_999,
        "the points entries went after the move, with the narrowed scope: {}",
        org.points.len()
    );
    assert!(
        reading
            .news
            .iter()
            .all(|e| e.diffs.iter().all(|d| d.key != "ZZ-out-of-line"))
    );
}
