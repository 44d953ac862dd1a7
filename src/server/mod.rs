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

/// How many changed records may wait to be followed by what is worked out ([`Server::insight`])
/// before a save follows them itself.
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
    /// Every record as stored, with the newest audit entry they include: what each user is
    /// sent a part of, and what their sight is worked out from. Written only with `state`
    /// locked, right after a change is committed.
    records: std::sync::RwLock<(Org, u64)>,
    /// What is worked out from `records` for everyone: each user is sent their part of it
    /// ([`insight`]). Brought up to date when asked, with the changes since ([`Behind`]).
    insight: std::sync::RwLock<insight::Insight>,
    /// The changes applied to `records` that `insight` has not followed yet. Taken in when
    /// someone asks for what is worked out, not at each save: at 100,000 people following one
    /// change takes 20 to 40 ms, which 50 cockpits saving at once would queue behind each
    /// other; followed together, the changes since the last question cost about one.
    /// Written only with `records` locked for writing, so it always matches them.
    behind: Mutex<Vec<crate::domain::Diff>>,
    identify: Identify,
    timeouts: Timeouts,
    /// Connections open now, greeted or not.
    connections: std::sync::atomic::AtomicUsize,
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
            behind: Mutex::new(Vec::new()),
            store,
            state: Mutex::new(State {
                lines: crate::auth::Lines::of(&org),
                sessions: BTreeMap::new(),
                next_session: 1,
            }),
            records: std::sync::RwLock::new((org, seq)),
            identify,
            timeouts,
            connections: Default::default(),
        }))
    }

    /// The database served, as an absolute path (as given, when it cannot be resolved).
    pub(crate) fn database(&self) -> std::path::PathBuf {
        let path = self.store.path();
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    }

    /// The records as they stand, with the newest audit entry they include.
    fn records(&self) -> std::sync::RwLockReadGuard<'_, (Org, u64)> {
        self.records.read().unwrap_or_else(|p| p.into_inner())
    }

    /// What is worked out from the records, for today.
    /// `records` must be the records, read-locked: the changes not yet followed are theirs.
    fn insight(&self, records: &Org) -> std::sync::RwLockReadGuard<'_, insight::Insight> {
        let today = chrono::Local::now().date_naive();
        let current = (self.behind.lock().unwrap_or_else(|p| p.into_inner())).is_empty();
        {
            let insight = self.insight.read().unwrap_or_else(|p| p.into_inner());
            if insight.today() == today && current {
                return insight;
            }
        }
        {
            let mut insight = self.insight.write().unwrap_or_else(|p| p.into_inner());
            let diffs = std::mem::take(&mut *self.behind.lock().unwrap_or_else(|p| p.into_inner()));
            if !diffs.is_empty() {
                insight.follow(records, &diffs);
            }
            insight.on(records, today);
        }
        self.insight.read().unwrap_or_else(|p| p.into_inner())
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
        {
            let mut records = self.records.write().unwrap_or_else(|p| p.into_inner());
            records.0.apply_diffs(&entry.diffs);
            records.1 = records.1.max(entry.seq);
            let overdue = {
                let mut behind = self.behind.lock().unwrap_or_else(|p| p.into_inner());
                behind.extend(entry.diffs.iter().cloned());
                // Nobody has asked for a long while (only commands connected, say): followed
                // now, so that the changes kept for it stay few.
                (behind.len() >= BEHIND_AT_MOST).then(|| std::mem::take(&mut *behind))
            };
            if let Some(diffs) = overdue {
                let mut insight = self.insight.write().unwrap_or_else(|p| p.into_inner());
                insight.follow(&records.0, &diffs);
            }
        }
        state.lines.follow(&entry.diffs);
        let mut gone = Vec::new();
        if Sight::stale_after(&entry.diffs) {
            let records = self.records();
            let records = &records.0;
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
