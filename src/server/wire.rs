//! The wire between `crewdeck serve` and its clients over a Unix socket.
//!
//! Every message is one frame: a 4-byte big-endian length, then that many bytes. The first frame
//! each way is JSON (the hello and its answer), so that any later crewdeck can read it and tell
//! an older one, in one sentence, that it must be upgraded; every later frame is MessagePack.
//! A frame longer than the reader's limit ends the connection ([`WireError::TooLong`]).

use crate::domain::user::Role;
use crate::domain::{AuditEntry, Change, Kind, Org};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// The version of this wire. A client and a server speak only the same one.
pub const PROTOCOL: u32 = 4;

/// About how many bytes of records one part of a reply carries ([`Reply::Records`]): the server
/// holds its records' lock only while it packs one part, so saves never wait behind a whole
/// organisation being read, and neither side ever holds the whole of it encoded.
pub const PART_BYTES: usize = 1 << 20;

/// The longest frame a server reads from a client: a roster import of 100,000 people fits in
/// a fraction of it.
pub const CLIENT_FRAME_LIMIT: usize = 256 << 20;

/// The longest frame a client reads from the server: the news of a change as large as a client
/// may send, with every record it wrote before and after.
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
    /// What the roster shows worked out: urgency, markers, the team view's loudest flags.
    Summary,
    /// One person with every record about them the user may see, their flags and talent.
    Person {
        id: String,
    },
    /// The people on each cell of the 9-box.
    NineBox,
    /// The points standings, over all time or since a day.
    Standings {
        since: Option<chrono::NaiveDate>,
    },
    /// The records of `kinds` the user may see, in parts as [`Request::Load`] sends them.
    Records {
        kinds: Vec<Kind>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ClientFrame {
    Request { id: u64, request: Request },
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

/// How many records one part looks at, at most: a user who sees few of a kind's records does
/// not hold the lock over the whole kind either.
const PART_LOOKS: usize = 16 * 1024;

/// The next part of `kind`'s records in `org` after key `after` (from the first for `None`), as
/// `sight` lets the user see them (every record whole for `None`): the records encoded as the
/// store encodes them, and the key to go on after, `None` once the kind is done. A part holds
/// about [`PART_BYTES`] and looks at most at [`PART_LOOKS`] records; it may be empty when
/// the user sees none of those.
///
/// Errors: a record cannot be encoded.
pub fn part_of(
    org: &Org,
    kind: Kind,
    after: Option<&str>,
    sight: Option<&crate::auth::Sight>,
) -> Result<(Vec<serde_bytes_vec::Bytes>, Option<crate::domain::Key>), String> {
    let mut records = Vec::new();
    let mut bytes = 0;
    let mut last = None;
    for (looked, record) in org.records_after(kind, after).enumerate() {
        if looked >= PART_LOOKS || bytes >= PART_BYTES {
            return Ok((records, last));
        }
        last = Some(record.key());
        let record = match sight {
            None => record,
            Some(sight) => match sight.see(&record) {
                Some(seen) => seen,
                None => continue,
            },
        };
        let encoded = crate::store::encoding::encode_record(&record)?;
        bytes += encoded.len();
        records.push(serde_bytes_vec::Bytes(encoded));
    }
    Ok((records, None))
}

/// Puts the records back together from the parts of a reply ([`Reply::Records`]). The parts
/// come in key order, kind after kind; they are kept encoded a lot at a time
/// ([`GATHER_LOT`] records), then decoded record by record, each record's bytes let go as it
/// is read, and put in place after the lot before. A kind is never held encoded and decoded
/// whole at once (at 100,000 people, 17 MB of people's bytes), and a large kind is not built
/// again at every part. After an error it holds part of a kind, and is to be dropped.
#[derive(Default)]
pub struct Gather {
    org: Org,
    /// The kind whose parts are coming, with its records not yet decoded.
    current: Option<(Kind, Vec<serde_bytes_vec::Bytes>)>,
    done: Vec<Kind>,
}

/// How many records [`Gather`] keeps encoded before it decodes them.
const GATHER_LOT: usize = 16_384;

impl Gather {
    /// Takes one part: `records` of `kind`, in key order after the part before.
    ///
    /// Errors: a record cannot be decoded; a kind comes again after another kind began.
    pub fn part(&mut self, kind: Kind, records: Vec<serde_bytes_vec::Bytes>) -> Result<(), String> {
        match &mut self.current {
            Some((current, lot)) if *current == kind => lot.extend(records),
            _ => {
                if self.done.contains(&kind) {
                    return Err(format!(
                        "the server sent {kind:?} records again after other records"
                    ));
                }
                self.flush()?;
                if let Some((before, _)) = self.current.take() {
                    self.done.push(before);
                }
                self.current = Some((kind, records));
            }
        }
        match &self.current {
            Some((_, lot)) if lot.len() >= GATHER_LOT => self.flush(),
            _ => Ok(()),
        }
    }

    /// Decodes the records kept encoded and puts them in place.
    fn flush(&mut self) -> Result<(), String> {
        let Some((kind, lot)) = &mut self.current else {
            return Ok(());
        };
        let kind = *kind;
        let mut failed = None;
        let decoded = std::mem::take(lot).into_iter().map_while(|bytes| {
            match crate::store::encoding::decode_record(kind, &bytes.0) {
                Ok(record) => Some(record),
                Err(problem) => {
                    failed = Some(problem);
                    None
                }
            }
        });
        self.org.append_sorted(kind, decoded);
        match failed {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// The organisation, once every part has come.
    ///
    /// Errors: the last kind's records cannot be decoded.
    pub fn finish(mut self) -> Result<Org, String> {
        self.flush()?;
        Ok(self.org)
    }
}

/// What the server answers to a request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    /// A part of the records asked for (`Roster` or `Load`), each as the store encodes it, in
    /// key order, kind after kind; more parts follow, and then [`Reply::RecordsEnd`].
    Records {
        kind: Kind,
        records: Vec<serde_bytes_vec::Bytes>,
    },
    /// Every part is sent. The records include every change up to audit entry `seq`, and
    /// perhaps some after it made while they were sent; those come as news too, and putting a
    /// change's records in place again changes nothing.
    RecordsEnd {
        seq: u64,
    },
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
    Summary(Box<super::insight::Summary>),
    /// `None`: nobody by that id the user may see.
    Person(Option<Box<super::insight::PersonView>>),
    NineBox(super::insight::NineBoxCells),
    Standings(Vec<crate::domain::insight::points::Standing>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ServerFrame {
    Reply {
        id: u64,
        reply: Reply,
    },
    /// A change someone else made, as this user may see it.
    Changed(Box<AuditEntry>),
    /// What this user may see or do has changed (a person moved, their user record changed):
    /// read the records again. `role`: their role now (`None` for the owner of a database
    /// without users), so that the cockpit offers what it allows.
    ReadAgain {
        role: Option<crate::domain::user::Role>,
    },
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
    use crate::domain::Record;

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
    fn an_organisation_goes_in_parts_and_comes_back_whole() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut org = Org::default();
        org.apply(&crate::demo::demo_change(today).unwrap())
            .unwrap();
        // Enough points entries that their kind takes several parts.
        let mut more = Org::default();
        for n in 0..(PART_LOOKS + 10) {
            more.put(Record::PointsEntry(crate::domain::points::PointsEntry {
                id: format!("BULK{n:06}").into(),
                person: "p-bulk".into(),
                date: today,
                rule: None,
                points: 1,
                reason: Default::default(),
                reverses: None,
                recorded_by: "test".into(),
            }));
        }
        for record in more.records() {
            org.put(record);
        }
        let mut gather = Gather::default();
        let mut parts = 0;
        for kind in Kind::ALL {
            let mut after: Option<crate::domain::Key> = None;
            loop {
                let (records, next) = part_of(&org, *kind, after.as_deref(), None).unwrap();
                // Each part goes over the wire as a frame of its own.
                let bytes = pack(&ServerFrame::Reply {
                    id: 3,
                    reply: Reply::Records {
                        kind: *kind,
                        records,
                    },
                })
                .unwrap();
                let ServerFrame::Reply {
                    id: 3,
                    reply: Reply::Records { kind, records },
                } = unpack(&bytes).unwrap()
                else {
                    panic!("not the part sent");
                };
                gather.part(kind, records).unwrap();
                parts += 1;
                match next {
                    Some(key) => after = Some(key),
                    None => break,
                }
            }
        }
        assert!(
            parts > Kind::ALL.len(),
            "the points entries took more than one part"
        );
        assert_eq!(gather.finish().unwrap().records(), org.records());
    }

    #[test]
    fn a_kind_that_comes_again_after_another_is_refused() {
        let mut gather = Gather::default();
        gather.part(Kind::Person, Vec::new()).unwrap();
        gather.part(Kind::User, Vec::new()).unwrap();
        let again = gather.part(Kind::Person, Vec::new()).unwrap_err();
        assert!(again.contains("again"), "{again}");
    }

    #[test]
    fn a_record_that_cannot_be_decoded_fails_the_load() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut org = Org::default();
        org.apply(&crate::demo::demo_change(today).unwrap())
            .unwrap();
        let (mut records, _) = part_of(&org, Kind::Person, None, None).unwrap();
        assert!(records.len() > 2);
        // A garbled record in the middle of a kind's part.
        records[1] = serde_bytes_vec::Bytes(vec![0xc1; 8]);
        let mut gather = Gather::default();
        gather.part(Kind::Person, records).unwrap();
        assert!(gather.finish().is_err(), "a garbled person was taken");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for junk in [&b""[..], b"\xc1\xc1", b"\x92\x01", &[0xff; 64]] {
            assert!(unpack::<ClientFrame>(junk).is_err());
        }
    }
}
