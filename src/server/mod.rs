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
pub mod peer;
mod session;
pub use session::Timeouts;
pub mod wire;

use crate::auth::{Access, Sight};
use crate::domain::{AuditEntry, Kind, Org};
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, VecDeque};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How many recent changes are kept to tell a conflict: a client whose records are older than
/// all of them is not checked (it has been away for thousands of changes).
const RECENT: usize = 4096;

/// How the server learns who is at the other end of a connection.
pub type Identify = Box<dyn Fn(&UnixStream) -> Result<String, String> + Send + Sync>;

/// The operating-system user of the connecting process, from `SO_PEERCRED`.
pub fn os_identity() -> Identify {
    Box::new(|stream| {
        let uid = peer::peer_uid(stream).map_err(|e| format!("cannot tell who you are ({e})"))?;
        peer::user_name(uid).ok_or_else(|| format!("user id {uid} has no name on this machine"))
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
    identify: Identify,
    timeouts: Timeouts,
}

struct State {
    /// The records each recent change wrote, newest last, to tell conflicts.
    recent: VecDeque<Recent>,
    sessions: BTreeMap<u64, Session>,
    next_session: u64,
}

/// A recent change: its number, who made it, what it did, and the records it wrote.
struct Recent {
    seq: u64,
    /// The session that made it: a session's own changes never conflict with its later ones.
    session: u64,
    actor: String,
    summary: String,
    touched: Vec<(Kind, String)>,
}

struct Session {
    access: Access,
    sight: Arc<Sight>,
    out: std::sync::mpsc::SyncSender<Vec<u8>>,
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
        let seq = store.last_seq()?;
        let org = store.load_org()?;
        Ok(Arc::new(Server {
            store,
            state: Mutex::new(State {
                recent: VecDeque::new(),
                sessions: BTreeMap::new(),
                next_session: 1,
            }),
            records: std::sync::RwLock::new((org, seq)),
            identify,
            timeouts,
        }))
    }

    /// The records as they stand, with the newest audit entry they include.
    fn records(&self) -> std::sync::RwLockReadGuard<'_, (Org, u64)> {
        self.records.read().unwrap_or_else(|p| p.into_inner())
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
            let server = Arc::clone(self);
            std::thread::spawn(move || session::serve(&server, stream));
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
        }
        if Sight::stale_after(&entry.diffs) {
            let records = self.records();
            let records = &records.0;
            for session in state.sessions.values_mut() {
                // A user whose record changed (or went) keeps the access they connected with
                // until they reconnect, but with what it now lets them see.
                if let Some(user) = &session.access.user {
                    match records.users.get(user.name.as_str()) {
                        Some(now) => session.access.user = Some(now.clone()),
                        None => {
                            let _ = session.stream.shutdown(std::net::Shutdown::Both);
                            continue;
                        }
                    }
                }
                session.sight = Arc::new(Sight::of(&session.access, records));
            }
        }
        let touched = entry
            .diffs
            .iter()
            .map(|d| (d.kind, d.key.clone()))
            .collect();
        state.recent.push_back(Recent {
            seq: entry.seq,
            session: from,
            actor: entry.actor.clone(),
            summary: entry.change.summary(),
            touched,
        });
        while state.recent.len() > RECENT {
            state.recent.pop_front();
        }
        let mut gone = Vec::new();
        for (id, session) in &state.sessions {
            if *id == from {
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
            if session.out.try_send(frame).is_err() {
                gone.push(*id);
            }
        }
        for id in gone {
            if let Some(session) = state.sessions.remove(&id) {
                tracing::warn!(session = id, "a client that stopped reading was dropped");
                let _ = session.stream.shutdown(std::net::Shutdown::Both);
            }
        }
    }

    /// The change another session made since `seen` to one of `diffs`' records, said in a
    /// sentence.
    fn conflict(
        state: &State,
        session: u64,
        seen: u64,
        diffs: &[crate::domain::Diff],
    ) -> Option<(String, u64)> {
        let oldest = state.recent.front()?.seq;
        if seen + 1 < oldest {
            return None;
        }
        state
            .recent
            .iter()
            .filter(|r| r.seq > seen && r.session != session)
            .find(|r| {
                diffs
                    .iter()
                    .any(|d| r.touched.iter().any(|(k, key)| *k == d.kind && *key == d.key))
            })
            .map(|r| {
                let said = format!(
                    "{} changed this meanwhile ({}, change {}); your text is kept: look at their change, then save again",
                    crate::text::safe_line(&r.actor),
                    r.summary,
                    r.seq
                );
                (said, r.seq)
            })
    }
}

/// `crewdeck serve`: opens `db` (repairing it first if the last server was killed, keeping a
/// copy), listens on `socket` (mode 0666: who may do what is decided by the user records, from
/// the peer credentials), and serves until SIGTERM or SIGINT, when it closes the database
/// cleanly and removes the socket.
///
/// Errors: the database cannot be opened; a server already listens on `socket`; the socket
/// cannot be made.
pub fn serve(db: &Path, socket: &Path) -> anyhow::Result<()> {
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
    let server = Server::new(store, os_identity())?;
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
            std::process::exit(0);
        }
    });
    Ok(())
}
