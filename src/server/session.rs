//! One client's connection to the server: the hello, then its requests one by one, its replies
//! and the changes of others written by a thread of their own.

use super::wire::{self, ClientFrame, Hello, Reply, Request, ServerFrame, Welcome};
use super::{Server, Session};
use crate::auth::{Access, Sight};
use crate::domain::Kind;
use crate::store::StoreError;
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::time::Duration;

/// How long a server waits for a client before dropping it.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To say hello once connected.
    pub hello: Duration,
    /// Silent (a client pings every 5 s), or between the bytes of a frame it began.
    pub idle: Duration,
    /// For a write to it to go through: a client that stops reading.
    pub write: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            hello: Duration::from_secs(5),
            idle: Duration::from_secs(30),
            write: Duration::from_secs(10),
        }
    }
}

/// How many frames may wait for a client to read them before it is dropped.
const BACKLOG: usize = 4096;

/// How many bytes may wait for one client to read them: a client that asks for large replies
/// one after another and reads slowly is dropped rather than held in the server's memory. A
/// reply larger than this alone (the audit trail of a large organisation) is still sent when
/// nothing else waits. Records go in parts, paced by [`PACE_BYTES`], and never come near it.
pub const BYTE_BUDGET: usize = 256 << 20;

/// The frames waiting for one client, counted in bytes against [`BYTE_BUDGET`].
pub struct Outbox {
    frames: std::sync::mpsc::SyncSender<Vec<u8>>,
    queued: Arc<std::sync::atomic::AtomicUsize>,
    budget: usize,
}

impl Outbox {
    /// An outbox for `frames`, counting into `queued` (the writer takes off what it wrote).
    fn new(
        frames: std::sync::mpsc::SyncSender<Vec<u8>>,
        queued: Arc<std::sync::atomic::AtomicUsize>,
        budget: usize,
    ) -> Outbox {
        Outbox {
            frames,
            queued,
            budget,
        }
    }

    /// The count of bytes waiting for the client's writer.
    fn queued(&self) -> Arc<std::sync::atomic::AtomicUsize> {
        Arc::clone(&self.queued)
    }

    /// Queues `frame` for the client's writer.
    ///
    /// Errors: the client reads too slowly (its frames or bytes are over the limits) or is
    /// gone; the caller lets it go.
    pub fn send(&self, frame: Vec<u8>) -> Result<(), ()> {
        use std::sync::atomic::Ordering;
        let size = frame.len();
        let before = self.queued.fetch_add(size, Ordering::SeqCst);
        if before > 0 && before + size > self.budget {
            self.queued.fetch_sub(size, Ordering::SeqCst);
            return Err(());
        }
        self.frames.try_send(frame).map_err(|_| {
            self.queued.fetch_sub(size, Ordering::SeqCst);
        })
    }
}

/// Serves one connection until it ends. Nothing a client sends can affect another: garbage,
/// a stall or an oversized frame ends this connection only.
pub fn serve(server: &Arc<Server>, stream: UnixStream) {
    let id = match greet(server, &stream) {
        Ok(id) => id,
        Err(why) => {
            tracing::info!("a connection ended before it began: {why}");
            return;
        }
    };
    let ended = requests(server, id, &stream);
    if let Err(why) = &ended {
        tracing::info!(session = id, "a connection ended: {why}");
    }
    if let Some(session) = server.state().sessions.remove(&id) {
        let _ = session.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Reads the hello, works out who is there, and answers; registers the session on success.
fn greet(server: &Arc<Server>, stream: &UnixStream) -> Result<u64, String> {
    stream
        .set_read_timeout(Some(server.timeouts.hello))
        .map_err(|e| e.to_string())?;
    stream
        .set_write_timeout(Some(server.timeouts.write))
        .map_err(|e| e.to_string())?;
    // The whole hello within the time, however slowly its bytes trickle in.
    let mut reader = wire::Deadline::new(stream, server.timeouts.hello);
    let frame = wire::read_frame(&mut reader, 64 << 10).map_err(|e| e.to_string())?;
    let hello: Hello = serde_json::from_slice(&frame).map_err(|e| format!("no hello: {e}"))?;
    let refuse = |reason: String| {
        let answer = Welcome::Refused {
            reason: reason.clone(),
        };
        let mut writer = stream;
        if let Ok(json) = serde_json::to_vec(&answer) {
            let _ = wire::write_frame(&mut writer, &json);
        }
        reason
    };
    if hello.protocol != wire::PROTOCOL {
        return Err(refuse(format!(
            "this server runs crewdeck {} (protocol {}), and your crewdeck {} speaks protocol {}: use the same crewdeck on both sides",
            env!("CARGO_PKG_VERSION"),
            wire::PROTOCOL,
            crate::text::safe_line(&hello.version),
            hello.protocol
        )));
    }
    let peer = (server.identify)(stream).map_err(&refuse)?;
    let name = peer.name.clone();
    let resolve = |users: &std::collections::BTreeMap<
        crate::domain::Key,
        crate::domain::user::User,
    >| {
        match (peer.owner, users.is_empty()) {
            (true, _) => Access::resolve_owner(users, &name, hello.acting_as.as_deref())
                .map_err(|e| e.to_string()),
            // Nobody but the owner may use a database without users through a server: the
            // socket is open to every account on the machine.
            (false, true) => Err(format!(
                "this database has no users yet, so only its owner may use it; the owner adds the first admin with `crewdeck users add NAME --role admin`, and {name} with `crewdeck users add {name} --role ROLE`"
            )),
            (false, false) => {
                Access::resolve(users, &name, hello.acting_as.as_deref()).map_err(|e| e.to_string())
            }
        }
    };
    // Worked out before the state is locked: other sessions' saves do not wait for it.
    let (access, sight, worked_at) = {
        let records = server.records();
        let access = resolve(&records.org.users).map_err(&refuse)?;
        let sight = Arc::new(Sight::of(&access, &records.org));
        (access, sight, records.seq)
    };
    let mut state = server.state();
    // A change spread meanwhile did not reach this session: worked out again, quickly now,
    // from the lines the state keeps.
    let (access, sight) = match server.records() {
        records if records.seq != worked_at => {
            let access = resolve(&records.org.users).map_err(&refuse)?;
            let sight = Arc::new(Sight::within(&access, &records.org, &state.lines));
            (access, sight)
        }
        _ => (access, sight),
    };
    let welcome = Welcome::Welcome {
        user: access.user_name(),
        actor: access.actor.clone(),
        role: access.role(),
        database: Some(server.database()),
    };
    let json = serde_json::to_vec(&welcome).map_err(|e| e.to_string())?;
    let mut writer = stream;
    wire::write_frame(&mut writer, &json).map_err(|e| e.to_string())?;
    let (frames, pending) = std::sync::mpsc::sync_channel::<Vec<u8>>(BACKLOG);
    let queued = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let out = Outbox::new(frames, Arc::clone(&queued), BYTE_BUDGET);
    let id = state.next_session;
    state.next_session += 1;
    let writer = stream.try_clone().map_err(|e| e.to_string())?;
    state.sessions.insert(
        id,
        Session {
            peer,
            acting_as: hello.acting_as.clone(),
            access,
            made: Default::default(),
            sight,
            out,
            stream: stream.try_clone().map_err(|e| e.to_string())?,
        },
    );
    drop(state);
    tracing::info!(session = id, user = %crate::text::safe_line(&name), "connected");
    std::thread::spawn(move || write_out(writer, pending, queued));
    Ok(id)
}

/// Writes the frames queued for one client; a write that fails or blocks too long ends the
/// connection.
fn write_out(
    mut stream: UnixStream,
    pending: std::sync::mpsc::Receiver<Vec<u8>>,
    queued: Arc<std::sync::atomic::AtomicUsize>,
) {
    for frame in pending {
        if wire::write_frame(&mut stream, &frame).is_err() {
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        queued.fetch_sub(frame.len(), std::sync::atomic::Ordering::SeqCst);
    }
    let _ = stream.flush();
}

/// Answers requests until the client goes, stalls or sends what is not a request.
fn requests(server: &Arc<Server>, id: u64, stream: &UnixStream) -> Result<(), wire::WireError> {
    loop {
        // Each frame, from its first byte to its last, within the idle time: a client pings
        // every 5 s, and one that trickles a frame in is let go.
        let mut reader = wire::Deadline::new(stream, server.timeouts.idle);
        let frame = wire::read_frame(&mut reader, wire::CLIENT_FRAME_LIMIT)?;
        let ClientFrame::Request { id: asked, request } = wire::unpack(&frame)?;
        match request {
            // Answered from inside, before the others hear of it.
            Request::Apply { change, seen } => apply(server, id, asked, &change, seen)?,
            // What the user sees of the records as they stand: the roster's people and the
            // users first, for the first frame, then everything.
            Request::Roster => send_records(server, id, asked, &[Kind::Person, Kind::User])?,
            Request::Load => send_records(server, id, asked, Kind::ALL)?,
            // Each kind once, in the order of a whole load, however the client listed them.
            Request::Records { kinds } => {
                let kinds: Vec<Kind> = (Kind::ALL.iter().copied())
                    .filter(|k| kinds.contains(k))
                    .collect();
                send_records(server, id, asked, &kinds)?
            }
            request => {
                let reply = answer(server, id, request);
                reply_to(&server.state(), id, asked, reply)?;
            }
        }
    }
}

/// How many bytes of parts may wait for a client before the next is packed: a client reading
/// an organisation slowly makes the server wait, not pile the organisation up in its memory.
const PACE_BYTES: usize = 8 << 20;

/// Sends the records of `kinds` the session's user may see, as parts of the reply to `asked`
/// ([`wire::part_of`]), then the end, with the newest audit entry they include. The records'
/// lock is held while one part is packed (about a megabyte, a few milliseconds), never over
/// the whole: a save made meanwhile goes through, and its news follows the records.
fn send_records(
    server: &Arc<Server>,
    id: u64,
    asked: u64,
    kinds: &[Kind],
) -> Result<(), wire::WireError> {
    let queued = {
        let state = server.state();
        let session = state.sessions.get(&id).ok_or(wire::WireError::Closed)?;
        session.out.queued()
    };
    // Taken before the first part: every change after it is news to the client, and changes
    // made while the parts go are sent as news as well.
    let seq = server.records().seq;
    for kind in kinds {
        let mut after: Option<crate::domain::Key> = None;
        loop {
            let packed = {
                // The user's sight as it stands and the records it was worked out for, taken
                // together (a change is spread, records and sights, with the state locked): a
                // scope narrowed while the parts go holds for the parts after it.
                let state = server.state();
                let sight = state
                    .sessions
                    .get(&id)
                    .map(|s| Arc::clone(&s.sight))
                    .ok_or(wire::WireError::Closed)?;
                let records = server.records();
                drop(state);
                let sight = (!sight.sees_all()).then_some(&*sight);
                wire::part_of(&records.org, *kind, after.as_deref(), sight)
            };
            let (records, next) = match packed {
                Ok(part) => part,
                Err(e) => return reply_to(&server.state(), id, asked, Reply::Failed(e)),
            };
            if !records.is_empty() {
                pace(server, &queued)?;
                let part = Reply::Records {
                    kind: *kind,
                    records,
                };
                reply_to(&server.state(), id, asked, part)?;
            }
            match next {
                Some(key) => after = Some(key),
                None => break,
            }
        }
    }
    reply_to(&server.state(), id, asked, Reply::RecordsEnd { seq })
}

/// Waits while more than [`PACE_BYTES`] wait for the client; a client that reads nothing for
/// the idle time (30 s) is let go. (A client reads a kind's parts as they come and decodes the
/// kind once it is whole: a large kind takes it a moment.)
fn pace(server: &Server, queued: &std::sync::atomic::AtomicUsize) -> Result<(), wire::WireError> {
    let since = std::time::Instant::now();
    while queued.load(std::sync::atomic::Ordering::SeqCst) > PACE_BYTES {
        if since.elapsed() > server.timeouts.idle {
            return Err(wire::WireError::Closed);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Ok(())
}

/// Queues `reply` to request `asked` of session `id`.
fn reply_to(
    state: &super::State,
    id: u64,
    asked: u64,
    reply: Reply,
) -> Result<(), wire::WireError> {
    let frame = wire::pack(&ServerFrame::Reply { id: asked, reply })?;
    let Some(session) = state.sessions.get(&id) else {
        return Err(wire::WireError::Closed);
    };
    session.out.send(frame).map_err(|()| {
        tracing::warn!(
            session = id,
            "a client was let go: it did not read its replies"
        );
        let _ = session.stream.shutdown(std::net::Shutdown::Both);
        wire::WireError::Closed
    })
}

/// What the session's user gets for `request`.
fn answer(server: &Arc<Server>, id: u64, request: Request) -> Reply {
    let Some(sight) = server
        .state()
        .sessions
        .get(&id)
        .map(|s| Arc::clone(&s.sight))
    else {
        return Reply::Failed("the connection was closed".into());
    };
    let failed = |e: StoreError| Reply::Failed(e.to_string());
    match request {
        Request::Ping => Reply::Pong,
        Request::Audit => match server.store.audit() {
            Ok(all) => Reply::Entries(all.iter().filter_map(|e| sight.entry(e)).collect()),
            Err(e) => failed(e),
        },
        // Each whole entry is judged first, then trimmed to the person: a change judged after
        // trimming could carry records of others the trimmed diffs no longer show.
        Request::History { person } => match server.store.audit() {
            Ok(all) => Reply::Entries(history(&sight, &all, &person)),
            Err(e) => failed(e),
        },
        Request::Summary => {
            let (insight, sight, records) = insight_sight_and_records(server, id, &sight);
            Reply::Summary(Box::new(insight.summary(&records.org, &sight)))
        }
        Request::Person { id: person } => {
            let (insight, sight, records) = insight_sight_and_records(server, id, &sight);
            Reply::Person(insight.person(&records.org, &sight, &person).map(Box::new))
        }
        Request::NineBox => {
            let (insight, sight, _records) = insight_sight_and_records(server, id, &sight);
            Reply::NineBox(insight.nine_box(&sight))
        }
        Request::Standings { since } => {
            let (insight, sight, records) = insight_sight_and_records(server, id, &sight);
            Reply::Standings(insight.standings(&records.org, &sight, since))
        }
        Request::Apply { .. } | Request::Roster | Request::Load | Request::Records { .. } => {
            Reply::Failed("answered in parts, not here".into())
        }
    }
}

/// The session's sight and the records it was worked out for, taken together (a change is
/// spread, records and sights, with the state locked), as [`send_records`] takes them; `sight`
/// as it was if the session is gone meanwhile.
fn sight_and_records<'s>(
    server: &'s Server,
    id: u64,
    sight: &Arc<Sight>,
) -> (Arc<Sight>, std::sync::RwLockReadGuard<'s, super::Held>) {
    let state = server.state();
    let sight =
        (state.sessions.get(&id)).map_or_else(|| Arc::clone(sight), |s| Arc::clone(&s.sight));
    (sight, server.records())
}

/// What is worked out, the session's sight and the records, matching each other: what is
/// worked out is taken first (while it is worked out again from scratch, a question waits
/// there, holding nothing a save needs), then the sight and the records; if a change came
/// between, all three are taken again (a few times at most: under a stream of saves the answer
/// is then at most a change behind, and the cockpit asks again after that change's news).
fn insight_sight_and_records<'s>(
    server: &'s Server,
    id: u64,
    sight: &Arc<Sight>,
) -> (
    std::sync::RwLockReadGuard<'s, super::insight::Insight>,
    Arc<Sight>,
    std::sync::RwLockReadGuard<'s, super::Held>,
) {
    let mut attempt = 0;
    loop {
        let insight = server.insight();
        let (sight, records) = sight_and_records(server, id, sight);
        attempt += 1;
        if attempt == 3 || server.followed(&records) {
            return (insight, sight, records);
        }
    }
}

/// `person`'s history as `sight` lets it be seen, newest first.
pub fn history(
    sight: &Sight,
    all: &[crate::domain::AuditEntry],
    person: &str,
) -> Vec<crate::domain::AuditEntry> {
    all.iter()
        .rev()
        .filter_map(|e| sight.entry(e))
        .filter_map(|e| crate::domain::history::about(&e, person))
        .collect()
}

/// Checks and applies one change for the session's user, and answers request `asked`, with the
/// state locked from the check to the last change pushed out, so that every client sees changes
/// in one order. The answer goes first: the one who saved is not kept waiting behind everyone
/// else's news of it.
fn apply(
    server: &Arc<Server>,
    id: u64,
    asked: u64,
    change: &crate::domain::Change,
    seen: u64,
) -> Result<(), wire::WireError> {
    let mut state = server.state();
    let Some(session) = state.sessions.get(&id) else {
        return Err(wire::WireError::Closed);
    };
    let (access, sight) = (session.access.clone(), Arc::clone(&session.sight));
    let made = session.made.clone();
    if let Err(why) = access.may_try(change).and_then(|()| sight.may_ask(change)) {
        let reply = Reply::Refused {
            forbidden: true,
            said: why,
        };
        return reply_to(&state, id, asked, reply);
    }
    let conflict = std::cell::RefCell::new(None);
    let applied = {
        let check = |diffs: &[crate::domain::Diff]| {
            sight.may_write_all(diffs)?;
            match server.conflict(&made, seen, diffs, &sight) {
                Ok(None) => Ok(()),
                Ok(Some(said)) => {
                    *conflict.borrow_mut() = Some(said);
                    Err("conflict".into())
                }
                Err(e) => Err(format!("the audit trail could not be read: {e}")),
            }
        };
        server
            .store
            .apply_checked(change, &access.actor, chrono::Utc::now(), &check)
    };
    let reply = match &applied {
        Ok(entry) => Reply::Applied(Box::new(sight.entry(entry).unwrap_or(entry.clone()))),
        Err(_) if conflict.borrow().is_some() => {
            let (said, seq) = conflict.take().unwrap_or_default();
            Reply::Conflict { said, seq }
        }
        Err(StoreError::Refused(crate::domain::ChangeError::Forbidden(why))) => Reply::Refused {
            forbidden: true,
            said: why.clone(),
        },
        Err(StoreError::Refused(e)) => Reply::Refused {
            forbidden: false,
            said: e.to_string(),
        },
        Err(e) => Reply::Failed(e.to_string()),
    };
    let answered = reply_to(&state, id, asked, reply);
    if let (Ok(entry), Some(session)) = (&applied, state.sessions.get_mut(&id)) {
        session.made.push_back(entry.seq);
        if session.made.len() > super::MADE {
            session.made.pop_front();
        }
    }
    if let Ok(entry) = &applied {
        server.spread(&mut state, id, entry);
    }
    answered
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_client_is_let_go_once_its_unread_replies_pass_the_byte_budget() {
        let (frames, pending) = std::sync::mpsc::sync_channel(BACKLOG);
        let queued = Arc::new(AtomicUsize::new(0));
        let out = Outbox::new(frames, Arc::clone(&queued), 1000);
        // One reply larger than the budget goes when nothing else waits.
        assert!(out.send(vec![0; 1500]).is_ok());
        // Another on top of it does not: the client is not reading.
        assert_eq!(out.send(vec![0; 10]), Err(()));
        assert_eq!(
            queued.load(Ordering::SeqCst),
            1500,
            "the refused one is not counted"
        );
        // Once the writer has sent the first, the next goes.
        let written = pending.recv().unwrap();
        queued.fetch_sub(written.len(), Ordering::SeqCst);
        assert!(out.send(vec![0; 600]).is_ok());
        assert!(out.send(vec![0; 400]).is_ok(), "up to the budget");
        assert_eq!(out.send(vec![0; 1]), Err(()), "past it");
    }
}
