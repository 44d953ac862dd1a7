//! `cargo bench --bench server [-- --quick | --memory]`: the shared server under a meeting's load
//! (`--memory`: only the peak memory of whole processes, the last table rows).
//!
//! A server on the synthetic organisation of 100,000 people (the one `perf` makes, copied), in
//! this process, and 50 clients: 25 managers, each in two cockpits (their own and a second
//! participant's, as in a meeting on a shared screen). For one minute each client runs a
//! scripted meeting, over and over: open a person, scroll, find someone, save a GROW note with
//! an action, tick the action, talk for two seconds. Measured:
//!
//! - save to acknowledgement, p50 and p99, against the same saves written straight to a copy
//!   of the same file by one process (the reference, taken in the same run);
//! - save to arrival in the other client of the same manager, p50 and p99, against the round
//!   trip of a ping over the same connections under the same load;
//! - errors (there should be none);
//! - the server's memory once it holds the records, against this process's before.
//!
//! The cockpit's event loop takes news when it wakes (at most every 250 ms when idle), so what
//! is shown follows arrival by at most that.

use crewdeck::backend::{Backend, News};
use crewdeck::domain::{Change, Org};
use crewdeck::server::client::RemoteBackend;
use crewdeck::server::{Identify, Peer, Server};
use crewdeck::store::{Store, schema};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PEOPLE: usize = 100_000;
const MANAGERS: usize = 25;

/// How long a meeting talks between two saves (a note and a ticked action), on average: each
/// of 50 clients saves about once a second, far more often than a real meeting does.
const PACE: Duration = Duration::from_secs(2);

fn main() {
    match std::env::var("CREWDECK_BENCH_CHILD").as_deref() {
        Ok("client") => return client_child(),
        Ok("standalone") => return standalone_child(),
        _ => {}
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let run_for = Duration::from_secs(if quick { 15 } else { 60 });
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench data directory");
    let source = synthetic(&dir);
    let work = tempfile::tempdir_in(&dir).expect("a folder for copies");
    if std::env::args().any(|a| a == "--memory") {
        // Only the processes' peak memory, without the meeting.
        return processes(&source, work.path());
    }
    let db = work.path().join("served.redb");
    std::fs::copy(&source, &db).expect("copy");

    // The reference: the same kind of save, straight to a copy of the file by one process.
    let reference_db = work.path().join("reference.redb");
    std::fs::copy(&source, &reference_db).expect("copy");
    let local = local_saves(&reference_db, if quick { 100 } else { 300 });

    let before_server = rss_kb();
    let store = Store::open(&db).expect("open");
    let org = store.load_org().expect("records");
    let managers = managers(&org);
    drop(org);
    let mut users: Vec<Change> = vec![user("bench", "admin", None)];
    users.extend(
        managers
            .iter()
            .enumerate()
            .map(|(i, id)| user(&format!("m{i}"), "manager", Some(id))),
    );
    store
        .apply(
            &Change::Batch {
                label: "bench users".into(),
                changes: users,
            },
            "bench",
            chrono::Utc::now(),
        )
        .expect("users");
    // Two connections for each manager, in order.
    // Then an admin, who reads everything and moves someone while the meetings go on.
    let names: VecDeque<String> = (0..MANAGERS)
        .flat_map(|i| [format!("m{i}"), format!("m{i}")])
        .chain(["bench".to_string()])
        .collect();
    let queue = Arc::new(Mutex::new(names));
    let identify: Identify = Box::new(move |_| {
        let name = queue.lock().unwrap().pop_front().ok_or("no more")?;
        Ok(Peer { name, owner: false })
    });
    let server = Server::new(store, identify).expect("server");
    let server_rss = rss_kb().saturating_sub(before_server);
    let socket = work.path().join("served.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    {
        let server = Arc::clone(&server);
        std::thread::spawn(move || server.run(listener));
    }

    eprintln!("50 clients connecting and reading their records…");
    let started: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let mut clients = Vec::new();
    for i in 0..MANAGERS * 2 {
        let backend = RemoteBackend::connect(&socket, None).expect("connects");
        let org = backend.loader()().expect("records");
        clients.push((i, backend, org));
    }
    eprintln!("a meeting of {run_for:?} in each of 50 clients…");
    let deadline = Instant::now() + run_for;
    let threads: Vec<_> = clients
        .into_iter()
        .map(|(i, backend, org)| {
            let started = Arc::clone(&started);
            std::thread::spawn(move || meeting(i, backend, &org, deadline, &started))
        })
        .collect();
    let admin = {
        let socket = socket.clone();
        let first = managers[0].clone();
        std::thread::spawn(move || admin_meanwhile(&socket, &first, run_for / 3))
    };
    let admin = admin.join().expect("the admin");
    let mut total = Outcome::default();
    for thread in threads {
        let outcome = thread.join().expect("a client");
        total.acks.extend(outcome.acks);
        total.arrivals.extend(outcome.arrivals);
        total.pings.extend(outcome.pings);
        total.errors.extend(outcome.errors);
    }

    let q = |values: &mut Vec<f64>, q: f64| quantile(values, q);
    let mut local = local;
    let (from, to) = admin.reading;
    let mut while_read: Vec<f64> = total
        .acks
        .iter()
        .filter(|(at, _)| *at >= from && *at <= to)
        .map(|(_, ms)| *ms)
        .collect();
    let (renew_from, renew_to) = admin.renewing;
    let mut while_renewed: Vec<f64> = total
        .acks
        .iter()
        .filter(|(at, _)| *at >= renew_from && *at <= renew_to)
        .map(|(_, ms)| *ms)
        .collect();
    let renewed_in = renew_to - renew_from;
    let mut acks: Vec<f64> = total.acks.iter().map(|(_, ms)| *ms).collect();
    let mut notes = admin.notes;
    println!("\n{}\n", machine());
    println!("| figure (100k people, 50 clients, {run_for:?}) | ours | reference | target |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| save → acknowledged, p50 / p99 ({} saves) | {:.2} / {:.2} ms | {:.2} / {:.2} ms straight to the file | p99 ≤ 20 ms |",
        acks.len(),
        q(&mut acks, 0.5),
        q(&mut acks, 0.99),
        q(&mut local, 0.5),
        q(&mut local, 0.99),
    );
    println!(
        "| save → acknowledged while an admin reads every record ({:.0} ms), p50 / max ({} saves) | {:.2} / {:.2} ms | {:.2} / {:.2} ms every save of the meeting, p50 / p99 | |",
        ms(to - from),
        while_read.len(),
        q(&mut while_read, 0.5),
        q(&mut while_read, 1.0),
        q(&mut acks, 0.5),
        q(&mut acks, 0.99),
    );
    println!(
        "| save just after someone was moved to another manager, 51 users connected (waits for the move's scopes to be worked out again), p50 / slowest ({} saves) | {:.2} / {:.2} ms | {:.2} / {:.2} ms every save of the meeting, p50 / p99 | |",
        notes.len(),
        q(&mut notes, 0.5),
        q(&mut notes, 1.0),
        q(&mut acks, 0.5),
        q(&mut acks, 0.99),
    );
    println!(
        "| save → acknowledged while everything is worked out again from scratch after a career ladder changed ({:.0} ms for the summary asked meanwhile), p50 / max ({} saves) | {:.2} / {:.2} ms | {:.2} / {:.2} ms every save of the meeting, p50 / p99 | |",
        ms(renewed_in),
        while_renewed.len(),
        q(&mut while_renewed, 0.5),
        q(&mut while_renewed, 1.0),
        q(&mut acks, 0.5),
        q(&mut acks, 0.99),
    );
    println!(
        "| save → in the other client, p50 / p99 ({} changes) | {:.2} / {:.2} ms | {:.2} / {:.2} ms ping round trip | p99 ≤ 500 ms |",
        total.arrivals.len(),
        q(&mut total.arrivals, 0.5),
        q(&mut total.arrivals, 0.99),
        q(&mut total.pings, 0.5),
        q(&mut total.pings, 0.99),
    );
    println!("| errors | {} | | none |", total.errors.len());
    println!(
        "| server memory holding the records | {} MB | {} MB this process before | ≤ 454 MB |",
        server_rss / 1024,
        before_server / 1024
    );
    for e in total.errors.iter().take(5) {
        println!("error: {e}");
    }
    drop(server);
    processes(&source, work.path());
}

/// Whole processes: `crewdeck serve` on the 100k organisation, and a client with an admin's
/// scope reading everything and working out what the cockpit shows, each one's peak memory.
fn processes(source: &Path, dir: &Path) {
    let db = dir.join("processes.redb");
    std::fs::copy(source, &db).expect("copy");
    let me = crewdeck::paths::os_user();
    {
        let store = Store::open(&db).expect("open");
        store
            .apply(&user(&me, "admin", None), "bench", chrono::Utc::now())
            .expect("admin");
    }
    let socket = dir.join("processes.sock");
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_crewdeck"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--socket"])
        .arg(&socket)
        .env("XDG_STATE_HOME", dir)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("crewdeck serve");
    let start = Instant::now();
    while !crewdeck::server::listening(&socket) {
        assert!(start.elapsed() < Duration::from_secs(120), "no server");
        std::thread::sleep(Duration::from_millis(50));
    }
    let up = start.elapsed();
    let child = |role: &str, arg: &Path| -> (u64, String) {
        let out = std::process::Command::new(std::env::current_exe().expect("this bench"))
            .arg(arg)
            .env("CREWDECK_BENCH_CHILD", role)
            .output()
            .expect("a child");
        let kb = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
        (kb, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (client_kb, client_parts) = child("client", &socket);
    let server_kb = peak_kb(server.id());
    let _ = server.kill();
    let _ = server.wait();
    let (standalone_kb, _) = child("standalone", source);
    println!(
        "| `crewdeck serve` at 100k, up in {:.1} s, peak memory after serving an admin | {} MB | {} MB the file read and worked out by one process alone | ≤ 454 MB (the standalone figure when the target was set) |",
        up.as_secs_f64(),
        server_kb / 1024,
        standalone_kb / 1024
    );
    println!(
        "| a cockpit's client with an admin's scope at 100k: the roster, what the server worked out and one person read, peak memory | {} MB | {} MB every record read and worked out by one process alone on the file | ≤ 80 MB |",
        client_kb / 1024,
        standalone_kb / 1024
    );
    println!();
    println!("| what that client holds, bytes allocated and not freed | |");
    println!("| --- | ---: |");
    print!("{client_parts}");
}

/// One process alone on the file, as the cockpit without a server: every record read and worked
/// out; prints its peak memory in kB.
fn standalone_child() {
    let db = PathBuf::from(std::env::args().nth(1).expect("the database"));
    let org = Store::open_read_only(&db)
        .expect("open")
        .load_org()
        .expect("records");
    let derived = crewdeck::app::derived::Derived::compute(
        &org,
        &Default::default(),
        chrono::Local::now().date_naive(),
        "bench",
    );
    assert!(!derived.search.is_empty());
    println!("{}", peak_kb(std::process::id()));
}

/// The client process: the cockpit as it opens on a shared server, without a terminal: the
/// roster read for the first frame, then the records that are few and what the server worked
/// out ([`crewdeck::app::served::load`]), a frame drawn at 120×40, and the first person on
/// screen read with every record about them. Prints its peak memory in kB, then on stderr what
/// each part of it holds.
fn client_child() {
    use crewdeck::app::App;
    let socket = PathBuf::from(std::env::args().nth(1).expect("the socket"));
    let backend = RemoteBackend::connect(&socket, None).expect("connects");
    let served = backend.served().expect("a server's client is served");
    COUNTING.store(true, Ordering::Relaxed);
    crewdeck::runtime::memory::tune();
    let roster = backend.roster().expect("the roster");
    crewdeck::runtime::memory::give_back();
    let keymap = crewdeck::app::keymap::Keymap::load(None).expect("keys");
    let today = chrono::Local::now().date_naive();
    let user = backend.user_name();
    let mut app = App::starting(roster, Default::default(), keymap, today, &user);
    app.served = Some(crewdeck::app::served::ServedState::new());
    let draw = |app: &App| {
        let theme = crewdeck::ui::theme::Theme::load("default", Path::new("/nonexistent"), false)
            .expect("theme");
        let backend = ratatui::backend::TestBackend::new(120, 40);
        let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
        terminal
            .draw(|frame| crewdeck::ui::render(app, &theme, frame))
            .expect("drawn");
    };
    draw(&app);
    // Read on another thread, as the cockpit reads them.
    let loading = crewdeck::runtime::load_in_background(&app, &backend);
    let (org, derived) = loading.recv().expect("read").expect("records");
    crewdeck::runtime::memory::give_back();
    app.loaded(org, derived);
    assert!(!app.derived.search.is_empty());
    // The first person on screen, asked for as the runtime asks.
    for asked in app.asks() {
        let answer = crewdeck::app::served::ask(&*served, asked.ask.clone());
        app.answered(&asked, answer);
    }
    assert!(!app.person_unread(), "the person on screen is read");
    draw(&app);
    println!("{}", peak_kb(std::process::id()));
    let org = std::sync::Arc::try_unwrap(std::mem::take(&mut app.org)).unwrap_or_default();
    let derived = std::mem::replace(
        &mut app.derived,
        crewdeck::app::derived::Derived::pending(&Org::default(), "bench"),
    );
    held_part_by_part(org, derived);
}

/// Bytes allocated and not yet freed while [`COUNTING`] is on: what a part of the client holds
/// is told by dropping it, which its peak memory (RSS) cannot tell, as freed memory stays with
/// the process.
static LIVE: AtomicUsize = AtomicUsize::new(0);
static COUNTING: AtomicBool = AtomicBool::new(false);

struct CountingAllocator;

// SAFETY: every call is passed on to the system allocator unchanged; only a count is kept.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: the caller's layout, as GlobalAlloc requires.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            LIVE.fetch_add(new_size, Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Prints on stderr, as table rows, the bytes each part of what the client holds took: the
/// records kind by kind and what is worked out from them. Counting began before the records
/// were read, so a part allocated before that and freed here would count less than it took:
/// only the connection is.
fn held_part_by_part(mut org: Org, mut derived: crewdeck::app::derived::Derived) {
    let mb = |bytes: usize| bytes as f64 / 1_048_576.0;
    let mut rows = Vec::new();
    let mut part = |name: String, free: &mut dyn FnMut()| {
        let before = LIVE.load(Ordering::Relaxed);
        free();
        rows.push((name, before.saturating_sub(LIVE.load(Ordering::Relaxed))));
    };
    part("flags, with their evidence".into(), &mut || {
        derived.flags = Vec::new()
    });
    part("each person's flags (indexes)".into(), &mut || {
        derived.flags_of = Default::default()
    });
    part("each person's linked records (ids)".into(), &mut || {
        derived.by_person = Default::default()
    });
    part("points standings".into(), &mut || {
        derived.standings = Vec::new()
    });
    part("the finder's search keys".into(), &mut || {
        derived.search = std::sync::Arc::from(Vec::new())
    });
    part("latest assessments (talent)".into(), &mut || {
        derived.talent = Default::default()
    });
    part("9-box cells".into(), &mut || {
        derived.nine_box = Default::default()
    });
    part("urgency scores".into(), &mut || {
        derived.urgency = Default::default()
    });
    part(
        "the rest worked out (coverage, scope, markers)".into(),
        &mut || derived = crewdeck::app::derived::Derived::pending(&Org::default(), "bench"),
    );
    for kind in crewdeck::domain::Kind::ALL {
        let count = org.count(*kind);
        if count > 0 {
            part(format!("records: {kind:?} ({count})"), &mut || {
                org.set_sorted(*kind, 0, std::iter::empty())
            });
        }
    }
    let total: usize = rows.iter().map(|(_, bytes)| bytes).sum();
    for (name, bytes) in rows {
        eprintln!("| {name} | {:.1} MB |", mb(bytes));
    }
    eprintln!("| in all | {:.1} MB |", mb(total));
}

/// The most memory process `pid` has held (`VmHWM`), in kB.
fn peak_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// What one client measured.
#[derive(Default)]
struct Outcome {
    /// Each save's start and its time to acknowledgement.
    acks: Vec<(Instant, f64)>,
    arrivals: Vec<f64>,
    pings: Vec<f64>,
    errors: Vec<String>,
}

/// One client's meeting, over and over until `deadline`.
fn meeting(
    i: usize,
    mut backend: RemoteBackend,
    org: &Org,
    deadline: Instant,
    started: &Mutex<HashMap<String, Instant>>,
) -> Outcome {
    let mut outcome = Outcome::default();
    let people: Vec<&str> = org.people.keys().map(|k| k.as_str()).collect();
    let mut round = 0usize;
    let mut seen = backend.read_at();
    // The meetings begin one after another, not all in the same instant.
    std::thread::sleep(PACE.mul_f64(i as f64 / (MANAGERS * 2) as f64));
    while Instant::now() < deadline {
        round += 1;
        // Open a person and scroll past twenty; find someone by a piece of a name.
        let at = (round * 7919 + i * 104_729) % people.len().max(1);
        let person = people[at];
        let _scrolled: usize = people.iter().skip(at).take(20).map(|p| p.len()).sum();
        let needle = org.people[person].name.chars().take(3).collect::<String>();
        let _found = org
            .people
            .values()
            .filter(|p| p.name.contains(&needle))
            .count();
        // Save a note with an action, then tick the action.
        let id = format!("B{i}-{round}");
        started.lock().unwrap().insert(id.clone(), Instant::now());
        let t = Instant::now();
        // As the cockpit does: the save names the newest change its records include.
        match backend.apply_since(note(&id, person, &backend.user_name()), seen) {
            Ok(entry) => {
                outcome.acks.push((t, ms(t.elapsed())));
                seen = seen.max(entry.seq);
            }
            Err(e) => outcome.errors.push(e.to_string()),
        }
        let t = Instant::now();
        let tick = Change::SetActionDone {
            note: id.as_str().into(),
            action: 1,
            done: Some(chrono::Local::now().date_naive()),
        };
        match backend.apply_since(tick, seen) {
            Ok(entry) => {
                outcome.acks.push((t, ms(t.elapsed())));
                seen = seen.max(entry.seq);
            }
            Err(e) => outcome.errors.push(e.to_string()),
        }
        // A ping's round trip under the same load, as the reference for arrivals.
        let t = Instant::now();
        if backend.ping().is_ok() {
            outcome.pings.push(ms(t.elapsed()));
        }
        // People talk for a while between saves; what the other cockpit saves arrives
        // meanwhile, taken as it comes (looked for every 20 ms, so arrivals are late by up to that).
        // Meetings do not keep time with each other: each pause is 1.5 to 2.5 s.
        let jitter = ((i * 7_919 + round * 104_729) % 1_000) as f64 / 1_000.0;
        let talk = Instant::now() + PACE.mul_f64(0.75 + 0.5 * jitter);
        while Instant::now() < talk {
            for news in backend.news() {
                if let News::Changed(entry) = &news {
                    seen = seen.max(entry.seq);
                }
                if let News::Changed(entry) = news
                    && let Change::AddGrowNote { note } = &entry.change
                    && let Some(at) = started.lock().unwrap().get(note.id.as_str())
                {
                    outcome.arrivals.push(ms(at.elapsed()));
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    outcome
}

/// What the admin measured while the meetings went on.
struct Admin {
    /// From asking for every record to having them all.
    reading: (Instant, Instant),
    /// Notes saved each just after someone was moved to another manager: to acknowledgement.
    notes: Vec<f64>,
    /// From asking for the summary just after a career ladder changed (which every flag about
    /// levels reads, so everything is worked out again from scratch) to having it.
    renewing: (Instant, Instant),
}

/// An admin who, `after` the meetings began, reads every record while the meetings save, then
/// moves someone in `manager`'s line to another manager and back, 20 times, saving a note just
/// after each move: the note waits while the server works out again the scopes the move
/// touches. The
/// move stays inside the line, so the meetings' scopes do not change.
fn admin_meanwhile(socket: &Path, manager: &str, after: Duration) -> Admin {
    std::thread::sleep(after);
    let mut backend = RemoteBackend::connect(socket, None).expect("the admin connects");
    let from = Instant::now();
    let org = backend.loader()().expect("every record");
    let reading = (from, Instant::now());
    // Someone without reports in the line, and another in it to report to instead.
    let mut reports: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in org.people.values() {
        if let Some(m) = &p.manager {
            reports.entry(m.as_str()).or_default().push(p.id.as_str());
        }
    }
    let mut line = vec![manager];
    let mut at = 0;
    while at < line.len() {
        line.extend(reports.get(line[at]).into_iter().flatten());
        at += 1;
    }
    let leaf = *line
        .iter()
        .rev()
        .find(|id| !reports.contains_key(**id))
        .expect("someone without reports");
    let mut person = org.people[leaf].clone();
    let home = person.manager.clone();
    let other = line
        .iter()
        .find(|id| **id != leaf && Some(**id) != home.as_ref().map(|m| m.as_str()))
        .map(|id| id.to_string());
    drop(org);
    let mut notes = Vec::new();
    for round in 0..20 {
        person.manager = if round % 2 == 0 {
            other.as_deref().map(Into::into)
        } else {
            home.clone()
        };
        backend
            .apply(Change::UpsertPerson {
                person: person.clone(),
            })
            .expect("moved");
        let t = Instant::now();
        backend
            .apply(note(&format!("A{round}"), person.id.as_str(), "bench"))
            .expect("a note");
        notes.push(ms(t.elapsed()));
        std::thread::sleep(Duration::from_millis(100));
    }
    // A career ladder added: the next question waits while everything is worked out again
    // from scratch (every flag about levels reads the ladders), and the meetings' saves go on
    // meanwhile.
    let ladder = serde_json::from_value(serde_json::json!({
        "id": "BENCH-LADDER", "track": "professional", "name": "Bench engineering",
        "levels": [
            {"code": "BE1", "title": "Engineer", "points_threshold": 0},
            {"code": "BE2", "title": "Senior engineer", "points_threshold": 500}
        ]
    }))
    .expect("a ladder");
    backend
        .apply(Change::UpsertLadder { ladder })
        .expect("the ladder");
    let served = backend.served().expect("a server's client is served");
    let from = Instant::now();
    served.summary().expect("the summary");
    let renewing = (from, Instant::now());
    Admin {
        reading,
        notes,
        renewing,
    }
}

/// A GROW note about `person`, signed by `author` (a note is signed by who writes it).
fn note(id: &str, person: &str, author: &str) -> Change {
    let note = serde_json::json!({
        "id": id, "person": person, "date": chrono::Local::now().date_naive(),
        "author": author, "goal": "Lead the next release",
        "actions": [{"id": 1, "text": "Draft the plan", "owner": person}]
    });
    Change::AddGrowNote {
        note: serde_json::from_value(note).expect("a note"),
    }
}

fn user(name: &str, role: &str, person: Option<&str>) -> Change {
    let scope = match person {
        Some(p) => serde_json::json!({"kind": "reports_of", "value": p}),
        None => serde_json::json!({"kind": "everyone"}),
    };
    Change::UpsertUser {
        user: serde_json::from_value(serde_json::json!({
            "name": name, "role": role, "scope": scope, "person": person
        }))
        .expect("a user"),
    }
}

/// 25 managers with a few hundred to a few thousand people below each, in separate lines.
fn managers(org: &Org) -> Vec<String> {
    let mut below: HashMap<&str, usize> = HashMap::new();
    for p in org.people.values() {
        let mut manager = p.manager.as_ref();
        while let Some(m) = manager {
            *below.entry(m.as_str()).or_default() += 1;
            manager = org.people.get(m.as_str()).and_then(|p| p.manager.as_ref());
        }
    }
    let mut picked: Vec<String> = Vec::new();
    let mut candidates: Vec<(&str, usize)> = below
        .into_iter()
        .filter(|(_, n)| (300..3000).contains(n))
        .collect();
    candidates.sort();
    for (id, _) in candidates {
        if picked.len() == MANAGERS {
            break;
        }
        // Not one inside another's line: each manager's meeting is their own.
        let inside = |id: &str| {
            let mut m = org.people.get(id).and_then(|p| p.manager.as_ref());
            while let Some(up) = m {
                if picked.iter().any(|p| p == up.as_str()) {
                    return true;
                }
                m = org.people.get(up.as_str()).and_then(|p| p.manager.as_ref());
            }
            false
        };
        if !inside(id) {
            picked.push(id.to_string());
        }
    }
    assert_eq!(picked.len(), MANAGERS, "not enough separate managers");
    picked
}

/// Saves of the same kind straight to the file: the reference for acknowledgements.
fn local_saves(db: &Path, rounds: usize) -> Vec<f64> {
    let store = Store::open(db).expect("open");
    let person = "S000100";
    (0..rounds)
        .map(|round| {
            let t = Instant::now();
            store
                .apply(
                    &note(&format!("R{round}"), person, "bench"),
                    "bench",
                    chrono::Utc::now(),
                )
                .expect("save");
            ms(t.elapsed())
        })
        .collect()
}

/// The synthetic organisation `perf` uses, made the first time it is asked for.
fn synthetic(dir: &Path) -> PathBuf {
    let version = schema::CURRENT_VERSION;
    let path = dir.join(format!("synth-{PEOPLE}-seed1-v{version}.redb"));
    if !path.exists() {
        eprintln!("making a synthetic organisation of {PEOPLE} people…");
        let temp = dir.join(format!("synth-{PEOPLE}.partial"));
        let _ = std::fs::remove_file(&temp);
        let store = Store::create(&temp).expect("create");
        let today = chrono::Local::now().date_naive();
        store
            .apply(
                &crewdeck::synth::organisation(PEOPLE, 1, today),
                "bench",
                chrono::Utc::now(),
            )
            .expect("synthetic organisation");
        drop(store);
        std::fs::rename(&temp, &path).expect("rename");
    }
    path
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("Machine: {cpu}, {cores} cores")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `q` quantile, nearest rank.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}
