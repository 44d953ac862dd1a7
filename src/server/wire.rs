//! The wire between `crewdeck serve` and its clients over a Unix socket.
//!
//! Every message is one frame: a 4-byte big-endian length, then that many bytes. The first frame
//! each way is JSON (the hello and its answer), so that any later crewdeck can read it and tell
//! an older one, in one sentence, that it must be upgraded; every later frame is MessagePack.
//! A frame longer than the reader's limit ends the connection ([`WireError::TooLong`]).

use crate::domain::user::Role;
use crate::domain::{AuditEntry, Change, Kind, Org, Record};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// The version of this wire. A client and a server speak only the same one.
pub const PROTOCOL: u32 = 1;

/// The longest frame a server reads from a client: a roster import of 100,000 people fits in
/// a fraction of it.
pub const CLIENT_FRAME_LIMIT: usize = 256 << 20;

/// The longest frame a client reads from the server: every record of a large organisation.
pub const SERVER_FRAME_LIMIT: usize = 2 << 30;

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("the connection was closed")]
    Closed,
    #[error("a frame of {0} bytes is longer than allowed")]
    TooLong(usize),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("a message could not be read: {0}")]
    Garbled(String),
}

/// Writes `payload` as one frame.
pub fn write_frame(out: &mut impl Write, payload: &[u8]) -> Result<(), WireError> {
    let len = u32::try_from(payload.len()).map_err(|_| WireError::TooLong(payload.len()))?;
    if payload.len() < 64 << 10 {
        // One write: a small frame goes out whole.
        let mut frame = Vec::with_capacity(4 + payload.len());
        frame.extend_from_slice(&len.to_be_bytes());
        frame.extend_from_slice(payload);
        out.write_all(&frame)?;
    } else {
        // A large one (every record) is not copied again to put four bytes before it.
        out.write_all(&len.to_be_bytes())?;
        out.write_all(payload)?;
    }
    out.flush()?;
    Ok(())
}

/// A stream read against a deadline: every read waits only for what is left of the time, so
/// a frame trickled in a byte at a time still ends when the time is up.
pub struct Deadline<'s> {
    stream: &'s std::os::unix::net::UnixStream,
    until: std::time::Instant,
}

impl<'s> Deadline<'s> {
    pub fn new(stream: &'s std::os::unix::net::UnixStream, within: std::time::Duration) -> Self {
        Deadline {
            stream,
            until: std::time::Instant::now() + within,
        }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self
            .until
            .saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

/// Reads one frame of at most `limit` bytes. The buffer grows as bytes arrive, so a length that
/// lies costs nothing until the bytes come.
pub fn read_frame(input: &mut impl Read, limit: usize) -> Result<Vec<u8>, WireError> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(WireError::Closed),
        other => other?,
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > limit {
        return Err(WireError::TooLong(len));
    }
    let mut payload = Vec::with_capacity(len.min(1 << 20));
    input.take(len as u64).read_to_end(&mut payload)?;
    if payload.len() != len {
        return Err(WireError::Closed);
    }
    Ok(payload)
}

/// The client's first frame, in JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    /// The client's crewdeck version, for the server's message.
    pub version: String,
    /// `--as NAME`: allowed to admins only.
    #[serde(default)]
    pub acting_as: Option<String>,
}

/// The server's answer to the hello, in JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "answer")]
pub enum Welcome {
    Welcome {
        /// The user the rules follow.
        user: String,
        /// The name the audit trail records.
        actor: String,
        role: Option<Role>,
        /// The database the server serves, as an absolute path: a client given `--db` too
        /// checks that it is the same file. (Older servers did not say.)
        #[serde(default, skip_serializing_if = "Option::is_none")]
        database: Option<std::path::PathBuf>,
    },
    /// One sentence saying why not.
    Refused { reason: String },
}

/// What a client asks, each with an id its reply carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// The people as the roster shows them, and the users.
    Roster,
    /// Every record the user may see.
    Load,
    /// Apply a change. `seen`: the newest audit entry the client's records were at when the
    /// user began it; a record changed by someone else since is a conflict.
    Apply {
        change: Box<Change>,
        seen: u64,
    },
    Audit,
    History {
        person: String,
    },
    /// Keeps an idle connection open.
    Ping,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ClientFrame {
    Request { id: u64, request: Request },
}

/// Every record of an organisation, each as the store encodes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Packed {
    pub kinds: Vec<(Kind, Vec<serde_bytes_vec::Bytes>)>,
    /// The newest audit entry the records include.
    pub seq: u64,
}

/// Byte strings as MessagePack binaries rather than arrays of numbers.
pub mod serde_bytes_vec {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Bytes(pub Vec<u8>);

    impl Serialize for Bytes {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.0)
        }
    }

    impl<'de> Deserialize<'de> for Bytes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Bytes;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                    Ok(Bytes(v.to_vec()))
                }
                fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                    Ok(Bytes(v))
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<Bytes, A::Error> {
                    let mut v = Vec::new();
                    while let Some(b) = seq.next_element()? {
                        v.push(b);
                    }
                    Ok(Bytes(v))
                }
            }
            d.deserialize_byte_buf(Visit)
        }
    }
}

impl Packed {
    /// Packs every record of `org`, which includes the audit trail up to `seq`.
    pub fn of(org: &Org, seq: u64) -> Result<Packed, String> {
        let mut kinds = Vec::new();
        for kind in Kind::ALL {
            let mut records = Vec::with_capacity(org.count(*kind));
            for record in org.records_of(*kind) {
                records.push(serde_bytes_vec::Bytes(
                    crate::store::encoding::encode_record(&record)?,
                ));
            }
            kinds.push((*kind, records));
        }
        Ok(Packed { kinds, seq })
    }

    /// The organisation back.
    pub fn unpack(self) -> Result<Org, String> {
        let mut org = Org::default();
        for (kind, records) in self.kinds {
            let count = records.len();
            let decoded: Result<Vec<Record>, String> = records
                .iter()
                .map(|bytes| crate::store::encoding::decode_record(kind, &bytes.0))
                .collect();
            org.set_sorted(kind, count, decoded?);
        }
        Ok(org)
    }
}

/// What the server answers to a request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Org(Packed),
    Applied(Box<AuditEntry>),
    Entries(Vec<AuditEntry>),
    Pong,
    /// The change was refused (`forbidden`: not allowed to this user); nothing was written.
    Refused {
        forbidden: bool,
        said: String,
    },
    /// Someone else changed what the change writes since the client's records were at `seen`.
    Conflict {
        said: String,
        seq: u64,
    },
    /// The server could not do it (a write error); nothing was written.
    Failed(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ServerFrame {
    Reply {
        id: u64,
        reply: Reply,
    },
    /// A change someone else made, as this user may see it.
    Changed(Box<AuditEntry>),
    /// What this user may see has changed (a person moved, their user record changed): read
    /// the records again.
    ReadAgain,
}

/// MessagePack of a frame's message.
pub fn pack<T: Serialize>(message: &T) -> Result<Vec<u8>, WireError> {
    rmp_serde::to_vec(message).map_err(|e| WireError::Garbled(e.to_string()))
}

pub fn unpack<T: for<'de> Deserialize<'de>>(payload: &[u8]) -> Result<T, WireError> {
    rmp_serde::from_slice(payload).map_err(|e| WireError::Garbled(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_long_one_is_refused_before_it_is_read() {
        let mut bytes = Vec::new();
        write_frame(&mut bytes, b"hello").unwrap();
        write_frame(&mut bytes, b"").unwrap();
        let mut input = bytes.as_slice();
        assert_eq!(read_frame(&mut input, 16).unwrap(), b"hello");
        assert_eq!(read_frame(&mut input, 16).unwrap(), b"");
        assert!(matches!(read_frame(&mut input, 16), Err(WireError::Closed)));
        // A length of 4 GiB with nothing behind it: refused at once.
        let lie = [0xff, 0xff, 0xff, 0xff, 1, 2, 3];
        assert!(matches!(
            read_frame(&mut lie.as_slice(), 1024),
            Err(WireError::TooLong(_))
        ));
        // A frame cut short is the connection closed, not a short message.
        let cut = [0, 0, 0, 9, b'a'];
        assert!(matches!(
            read_frame(&mut cut.as_slice(), 1024),
            Err(WireError::Closed)
        ));
    }

    #[test]
    fn an_organisation_packs_and_unpacks_whole() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut org = Org::default();
        org.apply(&crate::demo::demo_change(today).unwrap())
            .unwrap();
        let packed = Packed::of(&org, 7).unwrap();
        let bytes = pack(&ServerFrame::Reply {
            id: 3,
            reply: Reply::Org(packed),
        })
        .unwrap();
        let ServerFrame::Reply {
            id: 3,
            reply: Reply::Org(back),
        } = unpack(&bytes).unwrap()
        else {
            panic!("not the reply sent");
        };
        assert_eq!(back.seq, 7);
        assert_eq!(back.unpack().unwrap().records(), org.records());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for junk in [&b""[..], b"\xc1\xc1", b"\x92\x01", &[0xff; 64]] {
            assert!(unpack::<ClientFrame>(junk).is_err());
        }
    }
}
