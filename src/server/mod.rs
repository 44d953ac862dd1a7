//! `crewdeck serve`: one process owns the database and serves it to many users over a Unix
//! socket. Who each client is comes from the socket's peer credentials ([`peer`]); what they
//! may see and change is decided by [`crate::auth`], here and nowhere else; each change is
//! pushed, as each other user may see it, to every other connected client.
//!
//! ```text
//!  client ─hello─▶ session thread ─▶ Access + Sight ─▶ Welcome / Refused
//!  client ─request─▶ session thread ─▶ Store (apply_checked, loads) ─▶ reply ─▶ writer thread
//!                                         └─▶ every other session: Changed(entry as they see it)
//! ```

pub mod client;
pub mod insight;
pub mod peer;
mod session;
pub use session::{Timeouts, history};
pub mod wire;

use crate::auth::{Access, Sight};
use crate::domain::insight::Rules;
use crate::domain::{AuditEntry, Org};
use crate::store::{Store, StoreError};
use std::collections::BTreeMap;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How many of a session's own changes are remembered, for telling conflicts.
const MADE: usize = 4096;

/// How many changed records may wait to be followed by what is worked out ([`Server::insight`]);
/// past that, the next question works everything out again from scratch instead of holding
/// them all.
const BEHIND_AT_MOST: usize = 10_000;

/// How many connections a server holds at once, greeted or not; one more is closed at once.
const MAX_CONNECTIONS: usize = 512;

/// Who is at the other end of a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// Their operating-system login name.
    pub name: String,
    /// They own the database file (the service user): an admin without a user record, and the
    /// only one let in while the database has no users.
    pub owner: bool,
}

/// How the server learns who is at the other end of a connection.
pub type Identify = Box<dyn Fn(&UnixStream) -> Result<Peer, String> + Send + Sync>;

/// The operating-system user of the connecting process, from `SO_PEERCRED`; `owner_uid` is the
/// database file's owner.
pub fn os_identity(owner_uid: u32) -> Identify {
    Box::new(move |stream| {
        let uid = peer::peer_uid(stream).map_err(|e| format!("cannot tell who you are ({e})"))?;
        let name = peer::user_name(uid)
            .ok_or_else(|| format!("user id {uid} has no usable name on this machine"))?;
        Ok(Peer {
            name,
            owner: uid == owner_uid,
        })
    })
}

/// Whether a server answers on `socket`.
pub fn listening(socket: &Path) -> bool {
    UnixStream::connect(socket).is_ok()
}

/// A running server's shared state.
pub struct Server {
    store: Store,
    state: Mutex<State>,
    /// Every record as stored ([`Held`]): what each user is sent a part of, and what their
    /// sight is worked out from. Written only with `state` locked, right after a change is
    /// committed.
    records: std::sync::RwLock<Held>,
    /// What is worked out from `records` for everyone: each user is sent their part of it
    /// ([`insight`]). Brought up to date when asked, with the changes since ([`Behind`]).
    insight: std::sync::RwLock<insight::Insight>,
    /// The changes applied to `records` that `insight` has not followed yet. Written only
    /// with `records` locked for writing, so it always matches them.
    behind: Mutex<Behind>,
    identify: Identify,
    timeouts: Timeouts,
    /// Connections open now, greeted or not.
    connections: std::sync::atomic::AtomicUsize,
    /// Tests pause a working out from scratch here, to save while it runs: it says it has
    /// begun on the first channel and waits for the second.
    #[cfg(test)]
    renewal_pause: Mutex<Option<(std::sync::mpsc::Sender<()>, std::sync::mpsc::Receiver<()>)>>,
}

/// The records the server holds, with the newest audit entry they include.
///
/// While everything is worked out again from scratch ([`Server::insight`]), which takes one to
/// two seconds at 100,000 people, that work holds the records (a second [`Arc`] of them, so
/// no lock is held and nothing is copied). The changes saved meanwhile wait in `waiting` and
/// are applied once it is done: a save never waits for it. `org` and `seq` always go together,
/// so whoever reads them meanwhile gets records as they stood at `seq`, and the changes after
/// it as news.
struct Held {
    org: Arc<Org>,
    seq: u64,
    /// Changes committed, in order, not yet in `org`: each one's diffs and number.
    waiting: Vec<(Vec<crate::domain::Diff>, u64)>,
}

/// The changes applied to the records that what is worked out has not followed yet. Taken in
/// when someone asks for what is worked out, not at each save: at 100,000 people following one
/// change takes 20 to 40 ms, which 50 cockpits saving at once would queue behind each other;
/// followed together, the changes since the last question cost about one.
#[derive(Default)]
struct Behind {
    diffs: Vec<crate::domain::Diff>,
    /// More than [`BEHIND_AT_MOST`] came with nobody asking: they were let go, and everything
    /// is worked out again from scratch at the next question.
    overflowed: bool,
}

impl Behind {
    /// Nothing to follow: what is worked out matches the records.
    fn is_clear(&self) -> bool {
        self.diffs.is_empty() && !self.overflowed
    }
}

impl Held {
    /// Applies the waiting changes and then `diffs` of change `seq`, if the records are not
    /// held by other work, or if `now` (copying them then: a move must show in the sights at
    /// once). Otherwise they wait. What is applied is noted in `behind`.
    fn take_in(
        &mut self,
        change: Option<(&[crate::domain::Diff], u64)>,
        now: bool,
        behind: &Mutex<Behind>,
    ) {
        if let Some((diffs, seq)) = change {
            self.waiting.push((diffs.to_vec(), seq));
        }
        if self.waiting.is_empty() {
            return;
        }
        let org = match (Arc::get_mut(&mut self.org), now) {
            (Some(org), _) => org,
            (None, true) => Arc::make_mut(&mut self.org),
            (None, false) => return,
        };
        let mut behind = behind.lock().unwrap_or_else(|p| p.into_inner());
        for (diffs, seq) in std::mem::take(&mut self.waiting) {
            org.apply_diffs(&diffs);
            self.seq = self.seq.max(seq);
            if !behind.overflowed {
                behind.diffs.extend(diffs);
                if behind.diffs.len() >= BEHIND_AT_MOST {
                    behind.diffs = Vec::new();
                    behind.overflowed = true;
                }
            }
        }
    }
}

struct State {
    sessions: BTreeMap<u64, Session>,
    /// Who reports to whom and who is in which team, kept current with `records`: each user's
    /// scope is worked out again from them.
    lines: crate::auth::Lines,
    next_session: u64,
}

struct Session {
    /// Who connected, and whom they act as: their access is worked out again from these when
    /// users change.
    peer: Peer,
    acting_as: Option<String>,
    access: Access,
    /// The changes this session made lately (at most [`MADE`]): never a conflict with its own
    /// later saves.
    made: std::collections::VecDeque<u64>,
    sight: Arc<Sight>,
    out: session::Outbox,
    stream: UnixStream,
}

impl Server {
    /// A server over `store`, telling who connects with `identify`.
    pub fn new(store: Store, identify: Identify) -> Result<Arc<Server>, StoreError> {
        Server::with_timeouts(store, identify, Timeouts::default())
    }

    /// A server like [`Server::new`] that waits for clients as long as `timeouts` says.
    pub fn with_timeouts(
        store: Store,
        identify: Identify,
        timeouts: Timeouts,
    ) -> Result<Arc<Server>, StoreError> {
        Server::with_rules(store, identify, timeouts, &Rules::default())
    }

    /// A server like [`Server::with_timeouts`] whose flags follow `rules` (the server's, for
    /// everyone it serves: one organisation, one set of thresholds).
    pub fn with_rules(
        store: Store,
        identify: Identify,
        timeouts: Timeouts,
        rules: &Rules,
    ) -> Result<Arc<Server>, StoreError> {
        let seq = store.last_seq()?;
        let org = store.load_org()?;
        let insight = insight::Insight::compute(&org, rules, chrono::Local::now().date_naive());
        // What reading and working out took for a moment is free again.
        crate::runtime::memory::give_back();
        Ok(Arc::new(Server {
            insight: std::sync::RwLock::new(insight),
            behind: Mutex::new(Behind::default()),
            store,
            state: Mutex::new(State {
                lines: crate::auth::Lines::of(&org),
                sessions: BTreeMap::new(),
                next_session: 1,
            }),
            records: std::sync::RwLock::new(Held {
                org: Arc::new(org),
                seq,
                waiting: Vec::new(),
            }),
            identify,
            timeouts,
            connections: Default::default(),
            #[cfg(test)]
            renewal_pause: Mutex::new(None),
        }))
    }

    /// The database served, as an absolute path (as given, when it cannot be resolved).
    pub(crate) fn database(&self) -> std::path::PathBuf {
        let path = self.store.path();
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    }

    /// The records as they stand, with the newest audit entry they include.
    fn records(&self) -> std::sync::RwLockReadGuard<'_, Held> {
        self.records.read().unwrap_or_else(|p| p.into_inner())
    }

    fn records_mut(&self) -> std::sync::RwLockWriteGuard<'_, Held> {
        self.records.write().unwrap_or_else(|p| p.into_inner())
    }

    fn behind(&self) -> std::sync::MutexGuard<'_, Behind> {
        self.behind.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies the changes that waited while the records were held by other work.
    fn catch_up(&self) {
        if !self.records().waiting.is_empty() {
            self.records_mut().take_in(None, false, &self.behind);
        }
    }

    /// What is worked out from the records, for today, with every change applied to them
    /// followed. Ask for it before taking the records: while everything is worked out again
    /// from scratch (after a change that reaches too far to follow piece by piece, such as a
    /// roster import or a new ladder; the first question of a new day; after
    /// [`BEHIND_AT_MOST`] changes with nobody asking), questions wait here, holding no lock
    /// that a save needs.
    fn insight(&self) -> std::sync::RwLockReadGuard<'_, insight::Insight> {
        let today = chrono::Local::now().date_naive();
        self.catch_up();
        {
            let insight = self.insight.read().unwrap_or_else(|p| p.into_inner());
            if insight.today() == today && self.behind().is_clear() {
                return insight;
            }
        }
        {
            let mut insight = self.insight.write().unwrap_or_else(|p| p.into_inner());
            // A few times at most outside the lock: changes that reach too far again while
            // the last working out went on start it again.
            for _ in 0..3 {
                let renew = {
                    let records = self.records();
                    let behind = std::mem::take(&mut *self.behind());
                    let followed = !behind.overflowed
                        && (behind.diffs.is_empty()
                            || insight.follow_piecemeal(&records.org, &behind.diffs));
                    (!followed || insight.today() != today).then(|| Arc::clone(&records.org))
                };
                let Some(org) = renew else {
                    break;
                };
                #[cfg(test)]
                if let Some((begun, go)) = self.renewal_pause.lock().ok().and_then(|mut p| p.take())
                {
                    let _ = begun.send(());
                    let _ = go.recv();
                }
                insight.renew(&org, today);
                drop(org);
                self.catch_up();
            }
            // Still behind after that: followed with the records held, as a last resort.
            let records = self.records();
            let behind = std::mem::take(&mut *self.behind());
            if behind.overflowed || !insight.follow_piecemeal(&records.org, &behind.diffs) {
                insight.renew(&records.org, today);
            }
        }
        self.insight.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether what is worked out has followed every change in `records` (read-locked, so that
    /// none is applied meanwhile).
    fn followed(&self, _records: &Held) -> bool {
        self.behind().is_clear()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Accepts connections on `listener` until it fails, each served on its own thread.
    pub fn run(self: &Arc<Self>, listener: UnixListener) -> std::io::Result<()> {
        for stream in listener.incoming() {
            let stream = match stream {
                Ok(stream) => stream,
                Err(e) => {
                    tracing::warn!("a connection could not be accepted: {e}");
                    continue;
                }
            };
            use std::sync::atomic::Ordering;
            if self.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                self.connections.fetch_sub(1, Ordering::SeqCst);
                tracing::warn!("a connection was refused: {MAX_CONNECTIONS} are open");
                continue;
            }
            let server = Arc::clone(self);
            // A deep stack: a change nests (a batch of batches) as deep as its decoder allows.
            let spawned = std::thread::Builder::new()
                .name("crewdeck session".into())
                .stack_size(64 << 20)
                .spawn(move || {
                    session::serve(&server, stream);
                    server.connections.fetch_sub(1, Ordering::SeqCst);
                });
            if let Err(e) = spawned {
                self.connections.fetch_sub(1, Ordering::SeqCst);
                tracing::error!("a connection could not be served: {e}");
            }
        }
        Ok(())
    }

    /// Closes the database cleanly, for a server about to end.
    pub fn close(&self) {
        let _state = self.state();
        self.store.close();
    }

    /// Tells every other session of `entry`, as each may see it, and takes the people, positions
    /// and users it changed into account. Called with the state locked, right after the change
    /// was committed, so that every session gets changes in the order they were made.
    fn spread(&self, state: &mut State, from: u64, entry: &AuditEntry) {
        let moved = Sight::stale_after(&entry.diffs);
        // A move is applied at once, even while the records are held by other work (they are
        // copied then): the sights worked out below must see it.
        (self.records_mut()).take_in(Some((&entry.diffs, entry.seq)), moved, &self.behind);
        state.lines.follow(&entry.diffs);
        let mut gone = Vec::new();
        if moved {
            let records = self.records();
            let records = &*records.org;
            let users_changed = entry
                .diffs
                .iter()
                .any(|d| d.kind == crate::domain::Kind::User);
            let State {
                sessions, lines, ..
            } = state;
            for (id, session) in sessions.iter_mut() {
                // Only the sights the change can touch are worked out again, each from the
                // reporting lines kept current: a team move with many users connected costs
                // the scopes it reaches, not the organisation once a user.
                if !users_changed && !session.sight.touched_by(&entry.diffs) {
                    continue;
                }
                // Worked out again from who connected: a user removed, or an admin no longer
                // one, is let go; the others see what their record now lets them see, and read
                // their records again.
                let access = match session.peer.owner {
                    true => Access::resolve_owner(
                        &records.users,
                        &session.peer.name,
                        session.acting_as.as_deref(),
                    ),
                    false => Access::resolve(
                        &records.users,
                        &session.peer.name,
                        session.acting_as.as_deref(),
                    ),
                };
                let Ok(access) = access else {
                    gone.push(*id);
                    continue;
                };
                let sight = Sight::within(&access, records, lines);
                // Any difference: people, teams, key positions, or those they hold or are on
                // the slate of; records that came or went with it are read again.
                let moved = !sight.same_scope(&session.sight) || access != session.access;
                session.access = access;
                session.sight = Arc::new(sight);
                // The session that made the change is not told: users are changed only by a
                // command of its own (`crewdeck users`), never from a cockpit, so no cockpit
                // misses its own role changing. A cockpit that could change users would need it.
                if moved && *id != from {
                    let again = wire::ServerFrame::ReadAgain {
                        role: session.access.role(),
                    };
                    if let Ok(frame) = wire::pack(&again) {
                        let _ = session.out.send(frame);
                    }
                }
            }
        }
        for (id, session) in &state.sessions {
            if *id == from || gone.contains(id) {
                continue;
            }
            let Some(seen) = session.sight.entry(entry) else {
                continue;
            };
            let frame = match wire::pack(&wire::ServerFrame::Changed(Box::new(seen))) {
                Ok(frame) => frame,
                Err(e) => {
                    tracing::error!("a change could not be packed: {e}");
                    continue;
                }
            };
            // A client that does not read what it is sent is dropped, not waited for.
            if session.out.send(frame).is_err() {
                gone.push(*id);
            }
        }
        for id in gone {
            if let Some(session) = state.sessions.remove(&id) {
                tracing::warn!(
                    session = id,
                    "a client was let go (it stopped reading, or its user went)"
                );
                let _ = session.stream.shutdown(std::net::Shutdown::Both);
            }
        }
    }

    /// The change another session made after `seen` to one of `diffs`' records, said in a sentence,
    /// with its number. Read from the audit trail, so a server started again checks a form
    /// opened before it as well.
    fn conflict(
        &self,
        made: &std::collections::VecDeque<u64>,
        seen: u64,
        diffs: &[crate::domain::Diff],
        sight: &Sight,
    ) -> Result<Option<(String, u64)>, StoreError> {
        // 0: the client has read no records (a command that writes without reading first).
        if seen == 0 {
            return Ok(None);
        }
        let since = self.store.audit_after(seen)?;
        Ok(since
            .iter()
            .filter(|e| !made.contains(&e.seq))
            .find(|e| {
                // A calibration session's record only counts its log's entries: entries about
                // different people do not meet.
                e.diffs.iter().any(|t| {
                    t.kind != crate::domain::Kind::Calibration
                        && diffs.iter().any(|d| t.kind == d.kind && t.key == d.key)
                })
            })
            .map(|e| {
                // Said as the user may see it: a change partly out of their sight is not named.
                let what = match sight.entry(e) {
                    Some(seen) if seen.change == e.change => e.change.summary(),
                    _ => "a change partly outside what you may see".to_string(),
                };
                let said = format!(
                    "{} changed it first ({what})",
                    crate::text::safe_line(&e.actor)
                );
                (said, e.seq)
            }))
    }
}

/// `crewdeck serve`: opens `db` (repairing it first if the last server was killed, keeping a
/// copy), listens on `socket` (mode 0666: who may do what is decided by the user records, from
/// the peer credentials), and serves until SIGTERM or SIGINT, when it closes the database
/// cleanly and removes the socket.
///
/// Errors: the database cannot be opened; a server already listens on `socket`; the socket
/// cannot be made.
pub fn serve(db: &Path, socket: &Path, rules: &Rules) -> anyhow::Result<()> {
    let store = match Store::open(db) {
        Err(StoreError::NeedsRepair { .. }) => {
            if let Some(copy) = Store::repair(db)? {
                eprintln!(
                    "{} was not closed cleanly; repaired, and the file as it was is kept at {}",
                    db.display(),
                    copy.display()
                );
            }
            Store::open(db)?
        }
        other => other?,
    };
    // Every record is read before the socket is there: a client that finds it is served at
    // once.
    let owner_uid = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(db)?.uid()
    };
    let server = Server::with_rules(store, os_identity(owner_uid), Timeouts::default(), rules)?;
    if socket.exists() {
        if listening(socket) {
            anyhow::bail!(
                "a crewdeck server already listens on {}; stop it first",
                socket.display()
            );
        }
        // Left by a server that was killed.
        std::fs::remove_file(socket)?;
    }
    let listener = UnixListener::bind(socket)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", socket.display()))?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o666))?;
    }
    stop_on_signals(Arc::clone(&server), socket.to_path_buf())?;
    tracing::info!(db = %db.display(), socket = %socket.display(), "serving");
    eprintln!(
        "crewdeck serves {} on {} (Ctrl-C or SIGTERM stops it)",
        db.display(),
        socket.display()
    );
    server.run(listener)?;
    Ok(())
}

/// SIGTERM and SIGINT close the database cleanly, remove the socket and end the process.
fn stop_on_signals(server: Arc<Server>, socket: PathBuf) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            tracing::info!(signal, "signal received: closing the database");
            let _ = std::fs::remove_file(&socket);
            server.close();
            eprintln!("crewdeck serve stopped; the database is closed cleanly");
            std::process::exit(0);
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Change;

    fn today() -> chrono::NaiveDate {
        chrono::Local::now().date_naive()
    }

    /// A server on the demo organisation, in `dir`.
    fn demo_server(dir: &Path) -> Arc<Server> {
        let store = Store::create(&dir.join("org.redb")).unwrap();
        let demo = crate::demo::demo_change(today()).unwrap();
        store.apply(&demo, "admin", chrono::Utc::now()).unwrap();
        let identify: Identify = Box::new(|_| Err("no connections here".into()));
        Server::new(store, identify).unwrap()
    }

    /// Commits `change` and spreads it, as a session's save does.
    fn save(server: &Server, change: &Change) -> AuditEntry {
        let mut state = server.state();
        let entry = server
            .store
            .apply(change, "admin", chrono::Utc::now())
            .unwrap();
        server.spread(&mut state, 0, &entry);
        entry
    }

    fn note(id: &str, person: &str) -> Change {
        let note = serde_json::json!({
            "id": id, "person": person, "date": today(), "author": "admin", "goal": "g"
        });
        Change::AddGrowNote {
            note: serde_json::from_value(note).unwrap(),
        }
    }

    /// Someone the server flags for having had no 1:1 lately: a note about them takes the
    /// flag off, so whether it was followed shows.
    fn without_one_on_one(server: &Server) -> String {
        let insight = server.insight();
        let records = server.records();
        let summary = insight.summary(&records.org, &admin(&records.org));
        (summary.team_flags.iter())
            .find(|f| f.kind == crate::domain::insight::FlagKind::NoOneOnOne)
            .and_then(|f| f.person())
            .expect("someone without a 1:1")
            .to_string()
    }

    /// What the server has worked out for the admin, summary and `person`, is what working it
    /// all out afresh from its records gives.
    fn as_worked_out_afresh(server: &Server, person: &str) {
        let insight = server.insight();
        let records = server.records();
        let fresh = insight::Insight::compute(&records.org, &Rules::default(), today());
        let sight = admin(&records.org);
        assert_eq!(
            insight.summary(&records.org, &sight),
            fresh.summary(&records.org, &sight)
        );
        assert_eq!(
            insight.person(&records.org, &sight, person),
            fresh.person(&records.org, &sight, person)
        );
    }

    /// A career ladder renamed: every flag about levels reads the ladders, so everything is
    /// worked out again from scratch.
    fn ladder_renamed(org: &Org) -> Change {
        let mut ladder = org.ladders.values().next().expect("a ladder").clone();
        ladder.name = format!("{} (renamed)", ladder.name);
        Change::UpsertLadder { ladder }
    }

    fn admin(org: &Org) -> Sight {
        let access = Access::resolve_owner(&org.users, "admin", None).unwrap();
        Sight::of(&access, org)
    }

    /// While everything is worked out again from scratch, the records are held by that work:
    /// a save goes through without waiting for it, its change waits to be applied, a move is
    /// applied at once, and once the work is done everything follows them all.
    #[test]
    fn a_save_while_everything_is_worked_out_again_waits_for_nothing_and_is_followed_after() {
        let dir = tempfile::tempdir().unwrap();
        let server = demo_server(dir.path());
        let person = without_one_on_one(&server);
        let before = server.records().seq;
        // As [`Server::insight`] holds them while it works everything out again.
        let held = Arc::clone(&server.records().org);
        let entry = save(&server, &note("G-WAIT", &person));
        {
            let records = server.records();
            assert_eq!(records.seq, before, "the records stand as they were");
            assert!(!records.org.notes.contains_key("G-WAIT"));
            assert_eq!(records.waiting.len(), 1, "the change waits");
        }
        // Someone moves to another manager: applied at once, with what waited before it.
        let mut moved = held
            .people
            .values()
            .find(|p| p.manager.is_some())
            .unwrap()
            .clone();
        let other = (held.people.values())
            .find(|p| Some(&p.id) != moved.manager.as_ref() && p.id != moved.id)
            .unwrap()
            .id
            .clone();
        moved.manager = Some(other.clone());
        let move_entry = save(
            &server,
            &Change::UpsertPerson {
                person: moved.clone(),
            },
        );
        {
            let records = server.records();
            assert_eq!(records.seq, move_entry.seq);
            assert!(records.org.notes.contains_key("G-WAIT"), "in order");
            assert_eq!(records.org.people[moved.id.as_str()].manager, Some(other));
            assert!(records.waiting.is_empty());
        }
        assert!(
            !held.notes.contains_key("G-WAIT"),
            "the work's own copy is as it was"
        );
        drop(held);
        let later = save(&server, &note("G-LATER", &person));
        assert!(later.seq > entry.seq);
        // What is worked out follows every change, as working it out afresh gives.
        as_worked_out_afresh(&server, &person);
        assert_eq!(server.records().seq, later.seq);
    }

    /// A change too large to follow piece by piece is worked out again from scratch at the next
    /// question, from the records without holding their lock: a save made meanwhile is followed
    /// after it.
    #[test]
    fn a_change_that_reaches_everything_is_worked_out_again_at_the_next_question() {
        let dir = tempfile::tempdir().unwrap();
        let server = demo_server(dir.path());
        let org = Org::clone(&server.records().org);
        // Everyone's title changes at once, as a roster import does, and a ladder with it
        // (which every flag about levels reads).
        let mut changes: Vec<Change> = (org.people.values())
            .map(|p| {
                let mut p = p.clone();
                p.title = format!("{} (new)", p.title).into();
                Change::UpsertPerson { person: p }
            })
            .collect();
        changes.push(ladder_renamed(&org));
        save(
            &server,
            &Change::Batch {
                label: "roster".into(),
                changes,
            },
        );
        let person = without_one_on_one(&server);
        save(&server, &note("G-AFTER", &person));
        as_worked_out_afresh(&server, &person);
        assert!(server.behind().diffs.is_empty());
    }

    /// A question that works everything out again from scratch holds no lock a save needs: a
    /// save made meanwhile goes through, its change waits to be applied, and the question's
    /// answer, and the next, follow it.
    #[test]
    fn a_save_goes_through_while_a_question_waits_for_everything_to_be_worked_out_again() {
        let dir = tempfile::tempdir().unwrap();
        let server = demo_server(dir.path());
        let person = without_one_on_one(&server);
        let org = Org::clone(&server.records().org);
        save(&server, &ladder_renamed(&org));
        let (begun, has_begun) = std::sync::mpsc::channel();
        let (go, goes) = std::sync::mpsc::channel();
        *server.renewal_pause.lock().unwrap() = Some((begun, goes));
        let asking = {
            let server = Arc::clone(&server);
            std::thread::spawn(move || server.insight().today())
        };
        has_begun.recv().unwrap();
        let entry = save(&server, &note("G-DURING", &person));
        {
            let records = server.records();
            assert_eq!(records.waiting.len(), 1, "the change waits to be applied");
            assert!(!records.org.notes.contains_key("G-DURING"));
        }
        go.send(()).unwrap();
        assert_eq!(asking.join().unwrap(), today());
        let records = server.records();
        assert_eq!(records.seq, entry.seq, "applied once the work was done");
        assert!(records.org.notes.contains_key("G-DURING"));
        assert!(server.followed(&records), "and followed");
        drop(records);
        as_worked_out_afresh(&server, &person);
    }

    /// Past [`BEHIND_AT_MOST`] changed records with nobody asking, the changes are let go and
    /// everything is worked out again at the next question.
    #[test]
    fn changes_let_go_after_too_many_are_worked_out_again_at_the_next_question() {
        let dir = tempfile::tempdir().unwrap();
        let server = demo_server(dir.path());
        let person = without_one_on_one(&server);
        save(&server, &note("G-ONE", &person));
        {
            let mut behind = server.behind();
            assert!(!behind.diffs.is_empty(), "noted, not followed");
            // As after 10,000 of them.
            behind.diffs.clear();
            behind.overflowed = true;
        }
        as_worked_out_afresh(&server, &person);
        assert!(!server.behind().overflowed);
    }
}
