//! `RemoteBackend`: the cockpit and the commands talking to `crewdeck serve`. The interface does
//! not know it has this one rather than the file: the same queries and `apply`, plus the news
//! of changes others made, and of the connection lost and back.
//!
//! One thread reads what the server sends (replies, handed to whoever waits for them, and
//! changes, queued as news); another pings it. When the connection drops (the server was
//! restarted or killed) every waiting request fails at once, the news says so, and the client
//! connects again every half second; once back, the news says that too and the cockpit reads
//! the records again.

use super::wire::{self, ClientFrame, Hello, Reply, Request, ServerFrame, Welcome};
use crate::backend::{Backend, News};
use crate::domain::{AuditEntry, Change, ChangeError, Kind, Org};
use crate::store::StoreError;
use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often an idle connection is pinged (the server drops one silent for 30 s).
const PING_EVERY: Duration = Duration::from_secs(5);

/// How often a lost connection is tried again.
const RETRY_EVERY: Duration = Duration::from_millis(500);

/// How long a reply may take: reading every record of a large organisation takes seconds.
const REPLY_TIMEOUT: Duration = Duration::from_secs(300);

/// A backend served by a crewdeck server.
pub struct RemoteBackend {
    link: Arc<Link>,
    news: Receiver<News>,
    user: String,
    /// The database the server said it serves, if it said.
    database: Option<PathBuf>,
}

/// The connection, shared by the backend, its reading thread and its pinger.
struct Link {
    socket: PathBuf,
    acting_as: Option<String>,
    /// The writing end; `None` while the connection is down.
    out: Mutex<Option<UnixStream>>,
    /// Who waits for the reply to each request. A reply in parts ([`Reply::Records`]) goes to
    /// its waiter part by part, the reader waiting while the waiter decodes the parts before.
    waiting: Mutex<HashMap<u64, SyncSender<Reply>>>,
    next_id: AtomicU64,
    up: AtomicBool,
    /// The newest audit entry the records last read include: news of older changes is dropped.
    read_at: AtomicU64,
    /// The user's role as the server last said: in its welcome, and again with every call to
    /// read the records again ([`ServerFrame::ReadAgain`], sent when their scope or their user
    /// record changes).
    role: Mutex<Option<crate::domain::user::Role>>,
    news: Mutex<Sender<News>>,
}

/// A sentence for a request made while the connection is down.
const DOWN: &str = "the crewdeck server is out of reach; what you type is kept";

impl RemoteBackend {
    /// Connects to the server on `socket`, acting as `acting_as` if given (admins only).
    ///
    /// Errors: no server answers there; it refuses (the reason in one sentence: no user record,
    /// another protocol version, `--as` for a non-admin).
    pub fn connect(socket: &Path, acting_as: Option<&str>) -> anyhow::Result<RemoteBackend> {
        RemoteBackend::connect_served_by(socket, acting_as, None)
    }

    /// Like [`RemoteBackend::connect`], refusing a server not run by user id `owner`, if given
    /// (the owner of the database the socket is beside).
    pub fn connect_served_by(
        socket: &Path,
        acting_as: Option<&str>,
        owner: Option<u32>,
    ) -> anyhow::Result<RemoteBackend> {
        let (stream, welcome) = handshake(socket, acting_as)?;
        if let Some(owner) = owner {
            let uid = super::peer::peer_uid(&stream)?;
            if uid != owner {
                anyhow::bail!(
                    "the server on {} is run by user id {uid}, not by the database's owner ({owner}); not using it",
                    socket.display()
                );
            }
        }
        let (user, role, database) = match welcome {
            Welcome::Welcome {
                user,
                role,
                database,
                ..
            } => (user, role, database),
            Welcome::Refused { reason } => anyhow::bail!("the crewdeck server refused: {reason}"),
        };
        let (news_in, news) = std::sync::mpsc::channel();
        let link = Arc::new(Link {
            socket: socket.to_path_buf(),
            acting_as: acting_as.map(str::to_string),
            out: Mutex::new(Some(stream.try_clone()?)),
            waiting: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            up: AtomicBool::new(true),
            read_at: AtomicU64::new(0),
            role: Mutex::new(role),
            news: Mutex::new(news_in),
        });
        spawn_reader(Arc::clone(&link), stream);
        let pinger = Arc::downgrade(&link);
        std::thread::spawn(move || {
            while let Some(link) = pinger.upgrade() {
                if link.up.load(Ordering::SeqCst) {
                    let _ = link.send(&Request::Ping);
                }
                drop(link);
                std::thread::sleep(PING_EVERY);
            }
        });
        Ok(RemoteBackend {
            link,
            news,
            user,
            database,
        })
    }

    /// The database the server serves, as it said (an older server says nothing).
    pub fn database(&self) -> Option<&Path> {
        self.database.as_deref()
    }

    /// The user as the server welcomed them, for the checks a command makes before it asks.
    fn access(&self) -> Option<crate::auth::Access> {
        Some(crate::auth::Access {
            actor: self.user.clone(),
            user: Some(crate::domain::user::User {
                name: self.user.clone(),
                role: self.link.role()?,
                scope: crate::domain::user::Scope::Everyone,
                person: None,
            }),
        })
    }

    /// Asks the server for a pong: a round trip over the connection, for measuring it.
    ///
    /// Errors: the server cannot be reached.
    pub fn ping(&self) -> Result<(), StoreError> {
        match self.link.ask(&Request::Ping)? {
            Reply::Pong => Ok(()),
            other => Err(unexpected(other)),
        }
    }

    fn org(&self, request: Request) -> Result<Org, StoreError> {
        fetch_org(&self.link, request)
    }
}

/// Connects and says hello; the server's answer.
fn handshake(socket: &Path, acting_as: Option<&str>) -> anyhow::Result<(UnixStream, Welcome)> {
    let mut stream = UnixStream::connect(socket).map_err(|e| {
        anyhow::anyhow!(
            "no crewdeck server answers on {} ({e}); is `crewdeck serve` running?",
            socket.display()
        )
    })?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let hello = Hello {
        protocol: wire::PROTOCOL,
        version: env!("CARGO_PKG_VERSION").into(),
        acting_as: acting_as.map(str::to_string),
    };
    wire::write_frame(&mut stream, &serde_json::to_vec(&hello)?)?;
    let answer = wire::read_frame(&mut stream, 64 << 10)
        .map_err(|e| anyhow::anyhow!("the crewdeck server did not answer: {e}"))?;
    let welcome: Welcome = serde_json::from_slice(&answer)
        .map_err(|e| anyhow::anyhow!("the crewdeck server's answer could not be read: {e}"))?;
    stream.set_read_timeout(None)?;
    Ok((stream, welcome))
}

/// Reads what the server sends until the connection drops, then reconnects.
fn spawn_reader(link: Arc<Link>, stream: UnixStream) {
    std::thread::spawn(move || {
        let mut stream = stream;
        loop {
            match wire::read_frame(&mut stream, wire::SERVER_FRAME_LIMIT)
                .and_then(|frame| wire::unpack::<ServerFrame>(&frame))
            {
                Ok(ServerFrame::Reply { id, reply }) => {
                    // A part leaves the waiter waiting for the rest.
                    let waiter = match reply {
                        Reply::Records { .. } => link.waiting().get(&id).cloned(),
                        _ => link.waiting().remove(&id),
                    };
                    if let Some(waiter) = waiter {
                        let _ = waiter.send(reply);
                    }
                }
                Ok(ServerFrame::Changed(entry)) => link.tell(News::Changed(entry)),
                Ok(ServerFrame::ReadAgain { role }) => {
                    *link.role.lock().unwrap_or_else(|p| p.into_inner()) = role;
                    link.tell(News::ReadAgain);
                }
                Err(e) => {
                    tracing::warn!("the connection to the server dropped: {e}");
                    break;
                }
            }
        }
        // Down: every request waiting fails now, and the cockpit says so.
        link.up.store(false, Ordering::SeqCst);
        *link.out.lock().unwrap_or_else(|p| p.into_inner()) = None;
        link.waiting().clear();
        link.tell(News::Lost(DOWN.into()));
        reconnect(link);
    });
}

/// Tries to connect again every half second for as long as anyone holds the backend; every
/// five seconds once the server has refused (an admin may let the user in again).
fn reconnect(link: Arc<Link>) {
    let weak = Arc::downgrade(&link);
    drop(link);
    let mut refused = false;
    loop {
        std::thread::sleep(if refused {
            RETRY_EVERY * 10
        } else {
            RETRY_EVERY
        });
        let Some(link) = weak.upgrade() else {
            return;
        };
        match handshake(&link.socket, link.acting_as.as_deref()) {
            Ok((stream, Welcome::Welcome { role, .. })) => {
                let Ok(writer) = stream.try_clone() else {
                    continue;
                };
                // The role may have changed while the server was away.
                *link.role.lock().unwrap_or_else(|p| p.into_inner()) = role;
                *link.out.lock().unwrap_or_else(|p| p.into_inner()) = Some(writer);
                link.up.store(true, Ordering::SeqCst);
                tracing::info!("connected to the server again");
                link.tell(News::Back);
                spawn_reader(link, stream);
                return;
            }
            Ok((_, Welcome::Refused { reason })) => {
                if !refused {
                    link.tell(News::Refused(format!(
                        "the crewdeck server refused: {reason}"
                    )));
                    refused = true;
                }
            }
            Err(_) => {}
        }
    }
}

impl Link {
    fn waiting(&self) -> std::sync::MutexGuard<'_, HashMap<u64, SyncSender<Reply>>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn role(&self) -> Option<crate::domain::user::Role> {
        *self.role.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn tell(&self, news: News) {
        let _ = self
            .news
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(news);
    }

    /// Sends `request`; the channel its reply will come on.
    fn send(&self, request: &Request) -> Result<Receiver<Reply>, StoreError> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        // A few parts of a reply may wait to be decoded; more wait in the socket.
        let (reply_in, reply) = std::sync::mpsc::sync_channel(4);
        self.waiting().insert(id, reply_in);
        let frame = wire::pack(&ClientFrame::Request {
            id,
            request: request.clone(),
        })
        .map_err(|e| StoreError::Db(e.to_string()))?;
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let Some(stream) = out.as_mut() else {
            self.waiting().remove(&id);
            return Err(StoreError::Unreachable(DOWN.into()));
        };
        if wire::write_frame(stream, &frame).is_err() {
            self.waiting().remove(&id);
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return Err(StoreError::Unreachable(DOWN.into()));
        }
        Ok(reply)
    }

    /// Sends `request` and waits for its reply.
    fn ask(&self, request: &Request) -> Result<Reply, StoreError> {
        next_reply(&self.send(request)?)
    }
}

/// The next reply (or part of one) on `replies`.
fn next_reply(replies: &Receiver<Reply>) -> Result<Reply, StoreError> {
    replies
        .recv_timeout(REPLY_TIMEOUT)
        .map_err(|_| StoreError::Unreachable(DOWN.into()))
}

/// The records the server sends for `request` (the roster, or everything), put together part
/// by part as they come.
fn fetch_org(link: &Link, request: Request) -> Result<Org, StoreError> {
    let replies = link.send(&request)?;
    let mut gather = wire::Gather::default();
    loop {
        match next_reply(&replies)? {
            Reply::Records { kind, records } => {
                gather.part(kind, records).map_err(StoreError::Db)?;
            }
            Reply::RecordsEnd { seq } => {
                let org = gather.finish().map_err(StoreError::Db)?;
                link.read_at.fetch_max(seq, Ordering::SeqCst);
                return Ok(org);
            }
            other => return Err(unexpected(other)),
        }
    }
}

/// A reply that is not what was asked for, or a refusal, as an error.
fn unexpected(reply: Reply) -> StoreError {
    match reply {
        Reply::Refused {
            forbidden: true,
            said,
        } => StoreError::Refused(ChangeError::Forbidden(said)),
        Reply::Refused { said, .. } => StoreError::Refused(ChangeError::Invalid(said)),
        Reply::Conflict { said, seq } => StoreError::Conflict { said, seq },
        Reply::Failed(why) => StoreError::Db(why),
        _ => StoreError::Db("the server answered something else".into()),
    }
}

/// What the server works out, asked over the connection ([`crate::backend::Served`]).
struct Asking {
    link: Arc<Link>,
}

impl crate::backend::Served for Asking {
    fn records(&self, with_people: bool) -> Result<Org, StoreError> {
        let roster = [Kind::Person, Kind::User];
        let kinds = (Kind::ALL.iter())
            .filter(|k| !crate::backend::HEAVY.contains(k))
            .filter(|k| with_people || !roster.contains(k))
            .copied()
            .collect();
        fetch_org(&self.link, Request::Records { kinds })
    }

    fn summary(&self) -> Result<super::insight::Summary, StoreError> {
        match self.link.ask(&Request::Summary)? {
            Reply::Summary(summary) => Ok(*summary),
            other => Err(unexpected(other)),
        }
    }

    fn person(&self, id: &str) -> Result<Option<super::insight::PersonView>, StoreError> {
        let request = Request::Person { id: id.into() };
        match self.link.ask(&request)? {
            Reply::Person(person) => Ok(person.map(|p| *p)),
            other => Err(unexpected(other)),
        }
    }

    fn nine_box(&self) -> Result<super::insight::NineBoxCells, StoreError> {
        match self.link.ask(&Request::NineBox)? {
            Reply::NineBox(cells) => Ok(cells),
            other => Err(unexpected(other)),
        }
    }

    fn standings(
        &self,
        since: Option<chrono::NaiveDate>,
    ) -> Result<Vec<crate::domain::insight::points::Standing>, StoreError> {
        match self.link.ask(&Request::Standings { since })? {
            Reply::Standings(standings) => Ok(standings),
            other => Err(unexpected(other)),
        }
    }
}

impl Backend for RemoteBackend {
    fn served(&self) -> Option<Arc<dyn crate::backend::Served>> {
        Some(Arc::new(Asking {
            link: Arc::clone(&self.link),
        }))
    }

    fn roster(&self) -> Result<Org, StoreError> {
        self.org(Request::Roster)
    }

    fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send> {
        let link = Arc::clone(&self.link);
        Box::new(move || fetch_org(&link, Request::Load))
    }

    fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError> {
        let seen = self.link.read_at.load(Ordering::SeqCst);
        self.apply_since(change, seen)
    }

    fn apply_since(&mut self, change: Change, seen: u64) -> Result<AuditEntry, StoreError> {
        let change = Box::new(change);
        match self.link.ask(&Request::Apply { change, seen })? {
            Reply::Applied(entry) => Ok(*entry),
            other => Err(unexpected(other)),
        }
    }

    fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        match self.link.ask(&Request::Audit)? {
            Reply::Entries(entries) => Ok(entries),
            other => Err(unexpected(other)),
        }
    }

    fn user_name(&self) -> String {
        self.user.clone()
    }

    fn live(&self) -> bool {
        true
    }

    fn read_only(&self) -> Option<String> {
        self.access()?.read_only()
    }

    fn role(&self) -> Option<crate::domain::user::Role> {
        self.link.role()
    }

    /// The server checks again; this only says early what it will say.
    fn may_try(&self, change: &Change) -> Result<(), String> {
        self.access().map_or(Ok(()), |a| a.may_try(change))
    }

    fn read_at(&self) -> u64 {
        self.link.read_at.load(Ordering::SeqCst)
    }

    fn news(&mut self) -> Vec<News> {
        let read_at = self.link.read_at.load(Ordering::SeqCst);
        self.news
            .try_iter()
            .filter(|news| !matches!(news, News::Changed(e) if e.seq <= read_at))
            .collect()
    }

    fn history_loader(
        &self,
        person: &str,
    ) -> Box<dyn FnOnce() -> Result<Vec<AuditEntry>, StoreError> + Send> {
        let link = Arc::clone(&self.link);
        let person = person.to_string();
        Box::new(move || match link.ask(&Request::History { person })? {
            Reply::Entries(entries) => Ok(entries),
            other => Err(unexpected(other)),
        })
    }
}
