//! `cargo bench --bench perf`: every performance figure in the README, each measured next to a
//! reference in the same run, interleaved (A B A B …), so that a busy machine slows both alike
//! and the ratio stays meaningful.
//!
//! Figures that need a whole process (start to first frame, peak memory) run this same binary
//! again as a child with `CREWDECK_BENCH_CHILD` set. The synthetic organisations are made once
//! and kept in `target/bench-data/`.

use crewdeck::app::keymap::Keymap;
use crewdeck::app::{App, Overlay};
use crewdeck::cli::cockpit;
use crewdeck::domain::grow::GrowNote;
use crewdeck::domain::ids::{NoteId, PersonId};
use crewdeck::domain::insight::Rules;
use crewdeck::domain::{Change, Kind};
use crewdeck::roster::Encoding;
use crewdeck::runtime::{self, bytes};
use crewdeck::store::encoding::decode_record;
use crewdeck::store::{Store, schema};
use crewdeck::ui::theme::Theme;
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "perf/insight.rs"]
mod insight;

const SIZES: [usize; 2] = [10_000, 100_000];
const SEED: u64 = 1;
const ACTOR: &str = "bench";
const CHILD: &str = "CREWDECK_BENCH_CHILD";

fn main() {
    if let Ok(role) = std::env::var(CHILD) {
        let db = PathBuf::from(std::env::args().nth(1).expect("the database"));
        match role.as_str() {
            "first-frame" => child_first_frame(&db),
            "reference" => child_reference(&db),
            other => panic!("unknown child role {other}"),
        }
        return;
    }
    // `cargo bench --bench perf -- [--quick] [start] [keys] [finder] [bytes] [save] [flat]
    // [recompute]`: fewer rounds, or only the named parts.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let parts: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |part: &str| parts.is_empty() || parts.contains(&part);
    let mut report = Report::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench data directory");
    let dbs: Vec<(usize, PathBuf)> = SIZES.iter().map(|&n| (n, synthetic(&dir, n))).collect();

    if wanted("start") {
        for (n, db) in &dbs {
            first_frame_and_memory(&mut report, *n, db, if quick { 3 } else { 7 });
        }
    }
    let (n, db) = dbs.last().expect("a size");
    if wanted("keys") || wanted("finder") {
        let mut app = loaded_app(db);
        if wanted("keys") {
            key_to_frame(&mut report, *n, &mut app, if quick { 3 } else { 15 });
        }
        if wanted("finder") {
            // The people of tests/cases/search among the others, to be found first.
            let mut app = loaded_app(&with_search_cases(&dir, db));
            finder(&mut report, *n, &mut app, &dir, if quick { 1 } else { 3 });
        }
    }
    if wanted("bytes") {
        bytes_per_key(&mut report, *n, db);
    }
    if wanted("save") {
        save(&mut report, &dir, db, if quick { 15 } else { 60 });
    }
    if wanted("flat") {
        insight::flat(&mut report, if quick { 3 } else { 7 });
    }
    if wanted("recompute") {
        insight::recompute(&mut report, db, if quick { 3 } else { 7 });
    }
    report.print();
}

/// The synthetic organisation of `people`, made the first time it is asked for.
fn synthetic(dir: &Path, people: usize) -> PathBuf {
    // Named by schema version too: a database of an older format would be migrated in place and
    // keep the size of its old records.
    let version = schema::CURRENT_VERSION;
    let path = dir.join(format!("synth-{people}-seed{SEED}-v{version}.redb"));
    if !path.exists() {
        eprintln!("making a synthetic organisation of {people} people…");
        let temp = dir.join(format!("synth-{people}.partial"));
        let _ = std::fs::remove_file(&temp);
        let store = Store::create(&temp).expect("create");
        let today = chrono::Local::now().date_naive();
        store
            .apply(
                &crewdeck::synth::organisation(people, SEED, today),
                ACTOR,
                chrono::Utc::now(),
            )
            .expect("synthetic organisation");
        drop(store);
        std::fs::rename(&temp, &path).expect("rename");
    }
    path
}

// ---------------------------------------------------------------------------------------------
// Start to first frame, and peak memory: whole processes.

/// The cockpit's start as `crewdeck` does it, up to the first frame drawn into a byte-counting
/// terminal of 200×50; then the rest of the records, a scripted tour, and the peak memory.
fn child_first_frame(db: &Path) {
    let start = Instant::now();
    let theme = theme();
    let cockpit = cockpit::prepare(&target(db), Rules::default(), keymap()).expect("prepare");
    let mut app = cockpit.app;
    // As the runtime does: the other records are on their way while the first frame is drawn.
    let receiver = runtime::load_in_background(&app, cockpit.backend.as_ref());
    let mut counted = bytes::counting_terminal(&app, &theme, 200, 50).expect("terminal");
    let first_frame = start.elapsed();
    let rss_first_frame = rss_kb("VmRSS");
    let (org, derived) = receiver.recv().expect("loader").expect("records");
    app.loaded(org, derived);
    runtime::draw(&mut counted.terminal, &app, &theme).expect("draw");
    let loaded = start.elapsed();
    for keys in MIX {
        app.press(keys).expect("keys");
        runtime::draw(&mut counted.terminal, &app, &theme).expect("draw");
    }
    println!(
        "first_frame_ms={} loaded_ms={} first_frame_rss_kb={rss_first_frame} peak_rss_kb={}",
        ms(first_frame),
        ms(loaded),
        rss_kb("VmHWM")
    );
}

/// The reference: open the same redb file and read every person, nothing else.
fn child_reference(db: &Path) {
    let start = Instant::now();
    let database = redb::Database::builder().open(db).expect("open");
    let txn = database.begin_read().expect("read");
    let table = txn
        .open_table(TableDefinition::<&str, &[u8]>::new("people"))
        .expect("people");
    let mut people = Vec::new();
    for item in table.iter().expect("iter") {
        let (_, value) = item.expect("row");
        let person = decode_record(Kind::Person, value.value()).expect("person");
        people.push(person);
    }
    let elapsed = start.elapsed();
    std::hint::black_box(&people);
    println!("ms={} peak_rss_kb={}", ms(elapsed), rss_kb("VmHWM"));
}

fn first_frame_and_memory(report: &mut Report, n: usize, db: &Path, rounds: usize) {
    eprintln!("start to first frame at {n}…");
    let run = |role: &str| -> Vec<(String, f64)> {
        let out = Command::new(std::env::current_exe().expect("exe"))
            .env(CHILD, role)
            .arg(db)
            .output()
            .expect("child");
        assert!(
            out.status.success(),
            "{role}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.parse().expect("number")))
            .collect()
    };
    let get = |values: &[(String, f64)], key: &str| {
        values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
            .expect(key)
    };
    // One of each first, so the file is in the page cache: these figures are warm.
    run("first-frame");
    run("reference");
    let (mut ours, mut theirs, mut loaded) = (vec![], vec![], vec![]);
    let (mut rss, mut rss_first, mut rss_reference) = (vec![], vec![], vec![]);
    for _ in 0..rounds {
        let a = run("first-frame");
        let b = run("reference");
        ours.push(get(&a, "first_frame_ms"));
        loaded.push(get(&a, "loaded_ms"));
        rss.push(get(&a, "peak_rss_kb"));
        rss_first.push(get(&a, "first_frame_rss_kb"));
        theirs.push(get(&b, "ms"));
        rss_reference.push(get(&b, "peak_rss_kb"));
    }
    let (ours, theirs) = (median(&mut ours), median(&mut theirs));
    report.row(
        format!("start to first frame, {}", people(n)),
        format!("{ours:.0} ms"),
        format!("{theirs:.0} ms (open, read every person)"),
        Some(ours / theirs),
        "≤ 150 ms at 100k, ≤ 1.5×",
    );
    report.row(
        format!("start to every record read and worked out, {}", people(n)),
        format!("{:.0} ms", median(&mut loaded)),
        String::new(),
        None,
        "",
    );
    let reference = median(&mut rss_reference) / 1024.0;
    report.row(
        format!("memory (RSS) at the first frame, {}", people(n)),
        format!("{:.0} MB", median(&mut rss_first) / 1024.0),
        format!("{reference:.0} MB (peak, reading every person)"),
        None,
        "",
    );
    report.row(
        format!("peak memory (RSS), {}", people(n)),
        format!("{:.0} MB", median(&mut rss) / 1024.0),
        format!("{reference:.0} MB (peak, reading every person)"),
        None,
        "≤ 80 MB at 100k",
    );
    let size = std::fs::metadata(db).expect("size").len() as f64;
    report.row(
        format!("database per person, {}", people(n)),
        format!("{:.2} KB", size / n as f64 / 1024.0),
        format!("{:.0} MB in all", size / 1024.0 / 1024.0),
        None,
        "≤ 2 KB",
    );
}

// ---------------------------------------------------------------------------------------------
// Key to frame, the finder, bytes per key: in this process, through the real app.

/// The scripted mix: moves, scrolls, the person's tabs, the views, and finder typing.
const MIX: &[&str] = &[
    "j",
    "j",
    "j",
    "k",
    "ctrl-d",
    "ctrl-d",
    "ctrl-u",
    "j",
    "G",
    "k",
    "g",
    "enter",
    "tab",
    "tab",
    "tab",
    "backtab",
    "j",
    "k",
    "esc",
    "j",
    "2",
    "j",
    "j",
    "ctrl-d",
    "3",
    "j",
    "ctrl-d",
    "k",
    "4",
    "5",
    "j",
    "ctrl-d",
    "1",
    "ctrl-p",
    "z",
    "h",
    "a",
    "n",
    "g",
    "backspace",
    "esc",
    "ctrl-p",
    "l",
    "i",
    "w",
    "enter",
    "j",
    "k",
];

/// Keys that rebuild the whole roster: the tree folded, flat and back, ordered by name and
/// back.
const REORDER: &[&str] = &["h", "l", "t", "t", "o", "o"];

/// A copy of `db` with the roster of `tests/cases/search/surnames.csv` imported.
fn with_search_cases(dir: &Path, db: &Path) -> PathBuf {
    let path = dir.join("synth-with-search-cases.redb");
    std::fs::copy(db, &path).expect("copy");
    let store = Store::open(&path).expect("open");
    let org = store.load_org().expect("load");
    let bytes = include_bytes!("../tests/cases/search/surnames.csv");
    let plan = crewdeck::roster::plan_import(bytes, Encoding::Guess, "surnames.csv", &org)
        .expect("the search cases import");
    let change = plan.change("surnames.csv").expect("people to add");
    store
        .apply(&change, ACTOR, chrono::Utc::now())
        .expect("apply");
    path
}

/// Each query of `tests/cases/search/queries.tsv` and the ids that may come first for it.
fn search_cases() -> Vec<(String, Vec<String>)> {
    include_str!("../tests/cases/search/queries.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let (query, expected) = line.split_once('\t')?;
            let ids = expected
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| word.len() == 3 && word.starts_with('S'))
                .map(str::to_string)
                .collect();
            Some((query.to_string(), ids))
        })
        .collect()
}

fn loaded_app(db: &Path) -> App {
    let cockpit = cockpit::prepare(&target(db), Rules::default(), keymap()).expect("prepare");
    let mut app = cockpit.app;
    let (org, derived) = runtime::load_in_background(&app, cockpit.backend.as_ref())
        .recv()
        .expect("loader")
        .expect("records");
    app.loaded(org, derived);
    app.follow_lazily = true; // as the runtime has it
    app
}

fn key_to_frame(report: &mut Report, n: usize, app: &mut App, rounds: usize) {
    eprintln!("key to frame at {n}…");
    let theme = theme();
    let mut counted = bytes::counting_terminal(app, &theme, 200, 50).expect("terminal");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        for keys in MIX {
            let start = Instant::now();
            app.press(keys).expect("keys");
            runtime::draw(&mut counted.terminal, app, &theme).expect("draw");
            ours.push(ms(start.elapsed()));
            let start = Instant::now();
            runtime::draw(&mut counted.terminal, app, &theme).expect("draw");
            theirs.push(ms(start.elapsed()));
            // The person pane catching up once a move rests is a frame of its own.
            if app.detail_behind() {
                let start = Instant::now();
                app.catch_up();
                runtime::draw(&mut counted.terminal, app, &theme).expect("draw");
                ours.push(ms(start.elapsed()));
                let start = Instant::now();
                runtime::draw(&mut counted.terminal, app, &theme).expect("draw");
                theirs.push(ms(start.elapsed()));
            }
        }
    }
    for (label, q, target) in [("p50", 0.5, ""), ("p99", 0.99, "p99 ≤ 16 ms")] {
        let (a, b) = (quantile(&mut ours, q), quantile(&mut theirs, q));
        report.row(
            format!("key to frame {label}, {} ({} keys)", people(n), ours.len()),
            format!("{a:.2} ms"),
            format!("{b:.2} ms (redraw, nothing changed)"),
            Some(a / b),
            target,
        );
    }
    let mut reorder = Vec::new();
    app.press("g").expect("top");
    for _ in 0..rounds {
        for keys in REORDER {
            let start = Instant::now();
            app.press(keys).expect("keys");
            runtime::draw(&mut counted.terminal, app, &theme).expect("draw");
            reorder.push(ms(start.elapsed()));
        }
    }
    report.row(
        format!(
            "roster folded, flattened or re-sorted p50, {} ({} keys)",
            people(n),
            reorder.len()
        ),
        format!("{:.2} ms", median(&mut reorder)),
        String::new(),
        None,
        "",
    );
}

/// Queries typed into the finder one key at a time: pinyin, accents folded, plain names.
const QUERIES: &[&str] = &["zhangwei", "zoe muller", "garcia", "lw", "sam reid", "chen"];

fn finder(report: &mut Report, n: usize, app: &mut App, dir: &Path, rounds: usize) {
    eprintln!("finder at {n}…");
    let theme = theme();
    let mut counted = bytes::counting_terminal(app, &theme, 200, 50).expect("terminal");
    let names: String = app
        .derived
        .search
        .iter()
        .map(|k| format!("{}\n", app.name(&k.id)))
        .collect();
    let names_file = dir.join("names.txt");
    std::fs::write(&names_file, names).expect("names file");
    let fzf = Command::new("fzf")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut typed_at: Vec<(f64, String)> = Vec::new();
    // Types `query` into the open finder a key at a time, timing each key with its frame, as
    // a person types: one key after the other, nothing else running between them.
    let mut type_query = |app: &mut App, query: &str| {
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let key = if c == ' ' {
                "space".to_string()
            } else {
                c.to_string()
            };
            let start = Instant::now();
            app.press(&key).expect("key");
            let searched = start.elapsed();
            runtime::draw(&mut counted.terminal, app, &theme).expect("draw");
            ours.push(ms(start.elapsed()));
            typed_at.push((
                ms(start.elapsed()),
                format!("{typed:?} (search {:.2} ms)", ms(searched)),
            ));
        }
    };
    for _ in 0..rounds {
        for query in QUERIES {
            app.press("ctrl-p").expect("finder");
            type_query(app, query);
            app.press("esc").expect("close");
        }
    }
    // What a Chinese user types, and whom they expect first, among everyone else; these
    // keystrokes are timed with the others.
    let cases = search_cases();
    let mut found_first = 0;
    for (query, expected) in &cases {
        app.press("ctrl-p").expect("finder");
        type_query(app, query);
        // First, or tied for first: among 100,000 people a query such as `zhang` fits thousands
        // as well as it fits the one expected, and nobody can be put before them.
        let (first, expected_first) = match &app.overlay {
            Some(Overlay::Finder(finder)) => {
                let top = finder.hits.first().map(|h| h.score);
                let tied = finder.hits.iter().filter(|h| Some(h.score) == top);
                let found = tied
                    .filter_map(|h| finder.id_of(h))
                    .any(|id| expected.iter().any(|e| e == id));
                (finder.selected_id().map(str::to_string), found)
            }
            _ => (None, false),
        };
        if expected_first {
            found_first += 1;
        } else {
            eprintln!("  {query:?}: {first:?} came first, not {expected:?}");
        }
        app.press("esc").expect("close");
    }
    report.row(
        format!(
            "tests/cases/search queries with the expected person first or tied for first, {}",
            people(n)
        ),
        format!("{found_first} of {}", cases.len()),
        String::new(),
        None,
        "all",
    );
    // fzf on every prefix of the same queries, as `fzf --filter` is run: a process per
    // keystroke. Run apart from crewdeck's keys, not between them: between them each of
    // crewdeck's keys would start on caches fzf's process had just filled with its own data.
    if fzf.is_some() {
        for _ in 0..rounds {
            for query in QUERIES {
                let chars: Vec<char> = query.chars().collect();
                for end in 1..=chars.len() {
                    let typed: String = chars[..end].iter().collect();
                    let start = Instant::now();
                    let out = Command::new("fzf")
                        .arg("--filter")
                        .arg(&typed)
                        .stdin(std::fs::File::open(&names_file).expect("names"))
                        .output()
                        .expect("fzf");
                    theirs.push(ms(start.elapsed()));
                    std::hint::black_box(out);
                }
            }
        }
    }
    typed_at.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (took, typed) in typed_at.iter().take(5) {
        eprintln!("  slow finder keystroke: {took:.2} ms at {typed}");
    }
    let reference = |theirs: &mut Vec<f64>, q: f64| match &fzf {
        Some(version) => format!(
            "{:.2} ms (fzf {version} --filter on the names file, a run per keystroke)",
            quantile(theirs, q)
        ),
        None => "fzf not installed (apt-get install fzf)".to_string(),
    };
    for (label, q) in [("p50", 0.5), ("p99", 0.99)] {
        let a = quantile(&mut ours, q);
        let ratio = fzf.as_ref().map(|_| a / quantile(&mut theirs, q));
        report.row(
            format!(
                "finder keystroke {label}, {} ({} keys)",
                people(n),
                ours.len()
            ),
            format!("{a:.2} ms"),
            reference(&mut theirs, q),
            ratio,
            if label == "p99" {
                "≤ 16 ms, faster than fzf"
            } else {
                ""
            },
        );
    }
}

fn bytes_per_key(report: &mut Report, n: usize, db: &Path) {
    eprintln!("bytes per key…");
    let theme = theme();
    for (width, height) in [(200, 50), (80, 24)] {
        let mut app = loaded_app(db);
        let figures = bytes::per_key(&mut app, &theme, width, height).expect("bytes");
        let nothing = figures[0].1 as f64;
        for (what, bytes) in figures {
            let target = match (width, what) {
                (200, "move within the view") => "≤ 600 B",
                (200, "scroll one row") => "≤ 5 KB",
                _ => "",
            };
            report.row(
                format!("bytes: {what}, {width}×{height}, {}", people(n)),
                format!("{bytes} B"),
                format!("{nothing:.0} B (nothing changed)"),
                None,
                target,
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Durable save of a GROW note.

fn save(report: &mut Report, dir: &Path, db: &Path, rounds: usize) {
    eprintln!("durable save…");
    let copy = dir.join("save.redb");
    let _ = std::fs::remove_file(&copy);
    std::fs::copy(db, &copy).expect("copy");
    let store = Store::open(&copy).expect("open");
    let reference_file = dir.join("fsync.bin");
    let block = vec![0x5a_u8; 4096];
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        let change = Change::AddGrowNote {
            note: GrowNote {
                id: NoteId::new(format!("BENCH{i:04}")),
                person: PersonId::new(format!("S{:06}", i * 7)),
                date: chrono::Local::now().date_naive(),
                author: ACTOR.into(),
                goal: "Lead the quarterly planning for the team".into(),
                reality: "Has run two planning sessions with help; wants to run one alone".into(),
                options: "Shadow the next one\nRun it with a buddy\nRun it alone".into(),
                will: "Runs the Q1 planning, with a review the week before".into(),
                confidence: Some(8),
                actions: Vec::new(),
            },
        };
        let start = Instant::now();
        store
            .apply(&change, ACTOR, chrono::Utc::now())
            .expect("save");
        ours.push(ms(start.elapsed()));
        let start = Instant::now();
        {
            use std::io::Write;
            let mut file = std::fs::File::create(&reference_file).expect("file");
            file.write_all(&block).expect("write");
            file.sync_all().expect("fsync");
        }
        theirs.push(ms(start.elapsed()));
    }
    drop(store);
    let _ = std::fs::remove_file(&reference_file);

    // The same save through the cockpit, up to the frame that shows it: the store, the records
    // on screen brought up to date, and everything worked out again.
    let cockpit = cockpit::prepare(&target(&copy), Rules::default(), keymap()).expect("prepare");
    let (mut app, mut backend, drafts) = (cockpit.app, cockpit.backend, cockpit.drafts);
    let (org, derived) = runtime::load_in_background(&app, backend.as_ref())
        .recv()
        .expect("loader")
        .expect("records");
    app.loaded(org, derived);
    app.derive_elsewhere = true; // as the runtime has it
    let theme = theme();
    let mut counted = bytes::counting_terminal(&app, &theme, 200, 50).expect("terminal");
    let (mut to_frame, mut to_flags) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        app.press("n g o a l").expect("note");
        let start = Instant::now();
        let effects = app.press("ctrl-s").expect("save");
        runtime::carry_out(&mut app, backend.as_mut(), &drafts, effects);
        runtime::draw(&mut counted.terminal, &app, &theme).expect("draw");
        to_frame.push(ms(start.elapsed()));
        assert!(app.form.is_none(), "saved: {:?}", app.status);
        // Worked out again at once when only what the note can affect needs it; else on
        // another thread, as the runtime does.
        if app.derived_behind() {
            let (generation, derived) =
                runtime::derive_in_background(&app).recv().expect("derived");
            app.derived_ready(generation, derived);
            runtime::draw(&mut counted.terminal, &app, &theme).expect("draw");
        }
        to_flags.push(ms(start.elapsed()));
    }
    drop(backend);
    let _ = std::fs::remove_dir_all(drafts.dir());
    let _ = std::fs::remove_file(&copy);
    for (label, q) in [("p50", 0.5), ("p99", 0.99)] {
        let (a, b) = (quantile(&mut ours, q), quantile(&mut theirs, q));
        report.row(
            format!("durable save of a GROW note {label} ({rounds} saves)"),
            format!("{a:.2} ms"),
            format!("{b:.2} ms (write and fsync 4 KiB)"),
            Some(a / b),
            if label == "p50" { "p50 ≤ 2×" } else { "" },
        );
    }
    let durable = quantile(&mut ours, 0.5);
    report.row(
        "a GROW note saved in the cockpit, to the frame that shows it, 100k (median of 3)".into(),
        format!("{:.2} ms", median(&mut to_frame)),
        format!("{durable:.2} ms (the durable save above)"),
        Some(median(&mut to_frame) / durable),
        "",
    );
    report.row(
        "… and to the flags worked out again, 100k".into(),
        format!("{:.0} ms", median(&mut to_flags)),
        String::new(),
        None,
        "",
    );
}

// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Report {
    rows: Vec<[String; 5]>,
}

impl Report {
    fn row(
        &mut self,
        figure: String,
        ours: String,
        reference: String,
        ratio: Option<f64>,
        target: &str,
    ) {
        let ratio = ratio.map_or_else(String::new, |r| format!("{r:.2}×"));
        eprintln!("  {figure}: {ours}  {reference}  {ratio}");
        self.rows
            .push([figure, ours, reference, ratio, target.to_string()]);
    }

    fn print(&self) {
        println!();
        println!("{}", machine());
        println!();
        println!("| figure | crewdeck | reference | ratio | target |");
        println!("|---|---:|---|---:|---|");
        for [figure, ours, reference, ratio, target] in &self.rows {
            println!("| {figure} | {ours} | {reference} | {ratio} | {target} |");
        }
    }
}

/// The machine the figures were taken on, in one line.
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
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let kb: f64 = info
                .lines()
                .next()?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.0} GB", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_default();
    format!("Machine: {cpu}, {cores} cores, {memory} of memory")
}

fn people(n: usize) -> String {
    if n >= 1000 {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn theme() -> Theme {
    Theme::load("default", Path::new("/nonexistent"), false).expect("theme")
}

fn keymap() -> Keymap {
    Keymap::load(None).expect("keymap")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(values: &mut [f64]) -> f64 {
    quantile(values, 0.5)
}

/// The `q` quantile, nearest rank.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

/// A memory figure of this process from the kernel: `VmRSS` now, `VmHWM` the most it held.
fn rss_kb(which: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(which))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// The cockpit opened on `db` directly by its owner, as [`ACTOR`].
fn target(db: &std::path::Path) -> crewdeck::cli::connect::Target {
    crewdeck::cli::connect::Target {
        db: db.to_path_buf(),
        server: None,
        os_user: ACTOR.into(),
        acting_as: None,
        db_given: true,
    }
}
