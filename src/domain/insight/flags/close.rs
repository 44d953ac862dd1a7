//! "Someone close just left": a person's referrer or peers (their manager's other reports) who
//! left within the window of the rules. Their manager leaving is a flag of its own ("manager
//! left", in `people`).
//!
//! Linear in the size of a team: who of each manager's reports left recently is found once, and
//! each person's flag names those of their peers, instead of every person walking their
//! manager's whole team (a flat team of 8,400 took 16 s that way).

use super::{Evidence, Flag, FlagKind, record};
use crate::domain::Kind;
use crate::domain::flag::{Severity, Subject};
use crate::domain::ids::PersonId;
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::rules::Rules;
use crate::domain::person::{Person, Status};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Someone who left within the window, with what a peer's flag says of them.
struct Leaver<'a> {
    person: &'a Person,
    day: NaiveDate,
    /// "peer NAME", "left on DAY", their record: the same for every peer, so written once.
    as_peer: Evidence,
}

/// Who left within the window, among the reports of each manager in the index.
pub(super) struct Leavers<'a> {
    index: &'a OrgIndex<'a>,
    today: NaiveDate,
    window_days: i64,
    peers: HashMap<&'a str, Vec<Leaver<'a>>>,
}

impl<'a> Leavers<'a> {
    /// One walk over the reports in `index` (in its order, the order of their ids).
    pub(super) fn new(index: &'a OrgIndex<'a>, rules: &Rules, today: NaiveDate) -> Leavers<'a> {
        let mut leavers = Leavers {
            index,
            today,
            window_days: rules.flags.left_recently_days,
            peers: HashMap::new(),
        };
        for (manager, reports) in &index.reports {
            let left: Vec<Leaver<'a>> = reports
                .iter()
                .filter_map(|p| {
                    let day = leavers.left_within(p)?;
                    Some(Leaver {
                        person: p,
                        day,
                        as_peer: evidence("peer", p, day),
                    })
                })
                .collect();
            if !left.is_empty() {
                leavers.peers.insert(manager, left);
            }
        }
        leavers
    }

    /// The last day of someone who left between `window_days` ago and today, both included.
    fn left_within(&self, p: &Person) -> Option<NaiveDate> {
        match p.status {
            Status::Left { last_day } => {
                let days = (self.today - last_day).num_days();
                (0..=self.window_days).contains(&days).then_some(last_day)
            }
            _ => None,
        }
    }

    /// `id`'s record, when they left within the window.
    fn left(&self, id: Option<&PersonId>) -> Option<(&'a Person, NaiveDate)> {
        let p = self.index.person(id?.as_str())?;
        Some((p, self.left_within(p)?))
    }
}

fn evidence(role: &str, p: &Person, day: NaiveDate) -> Evidence {
    Evidence::new(
        format!("{role} {}", p.name),
        format!("left on {day}"),
        record(Kind::Person, p.id.as_str()),
    )
}

/// The people close to `person` who left within the window: referrer, then peers in id order.
/// Watch when the referrer is among them, else Info. A manager who left is not among them:
/// while still named their manager, that is the louder "manager left" flag.
pub(super) fn left_recently(leavers: &Leavers<'_>, person: &Person) -> Option<Flag> {
    // A referrer who is their manager too is said by "manager left".
    let referrer = (person.referred_by.as_ref())
        .filter(|r| Some(*r) != person.manager.as_ref())
        .and_then(|r| leavers.left(Some(r)));
    let peers: Vec<&Leaver<'_>> = person
        .manager
        .as_ref()
        .and_then(|m| leavers.peers.get(m.as_str()))
        .into_iter()
        .flatten()
        .filter(|l| l.person.id != person.id)
        .collect();
    let close: Option<(&str, &Person, NaiveDate)> = referrer.map(|(p, day)| ("referrer", p, day));
    let (role, first, day) = match (close, peers.first()) {
        (Some(first), _) => first,
        (None, Some(peer)) => ("peer", peer.person, peer.day),
        (None, None) => return None,
    };
    let severity = if close.is_none() {
        Severity::Info
    } else {
        Severity::Watch
    };
    let count = usize::from(close.is_some()) + peers.len();
    let reason = match count {
        1 => format!("Their {role} {} left on {day}", first.name),
        n => format!(
            "{n} people close to them left recently, first their {role} {}",
            first.name
        ),
    };
    let mut flag = Flag::new(
        FlagKind::LeftRecently,
        severity,
        Subject::Person(person.id.clone()),
        reason,
    );
    flag.evidence.reserve_exact(count);
    let mut fingerprint = String::new();
    let ids = close
        .iter()
        .map(|(_, p, _)| p.id.as_str())
        .chain(peers.iter().map(|l| l.person.id.as_str()));
    for (i, id) in ids.enumerate() {
        if i > 0 {
            fingerprint.push(',');
        }
        fingerprint.push_str(id);
    }
    if let Some((role, p, day)) = close {
        flag.evidence.push(evidence(role, p, day));
    }
    flag.evidence
        .extend(peers.iter().map(|l| l.as_peer.clone()));
    Some(flag.fingerprint(fingerprint))
}
