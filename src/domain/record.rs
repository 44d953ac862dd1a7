//! The kinds of stored record, one redb table each, and the in-memory `Org` that holds them all.
//!
//! `Org` is the plain model of the whole database: the store can load into it, and the same
//! `Change` applied to an `Org` and to the store must give the same records.

use super::assessment::Assessment;
use super::calibration::{Calibration, CalibrationEntry};
use super::change::ChangeError;
use super::departure::Departure;
use super::flag::ManualFlag;
use super::grow::GrowNote;
use super::ladder::CareerLadder;
use super::person::Person;
use super::pip::Pip;
use super::points::{PointsEntry, PointsRule};
use super::quiet::FlagQuiet;
use super::stay::StayInterview;
use super::succession::KeyPosition;
use super::user::User;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A record's key in its table. Most keys are short ids kept inline, without an allocation of
/// their own: the organisation in memory holds hundreds of thousands of them.
pub type Key = compact_str::CompactString;

/// A record type kept in its own table.
pub trait Stored: Sized + Clone + Serialize + for<'de> Deserialize<'de> {
    const KIND: Kind;
    /// The record's key in its table.
    fn key(&self) -> Key;
    fn into_record(self) -> Record;
    fn from_record(record: Record) -> Option<Self>;
}

/// Read access to stored records, by kind and key.
pub trait RecordView {
    fn get_record(&self, kind: Kind, key: &str) -> Result<Option<Record>, ChangeError>;
    /// Every record of `kind`, in key order: for the small tables a rule must see whole (the
    /// users, to keep an admin).
    fn every(&self, kind: Kind) -> Result<Vec<Record>, ChangeError>;
}

macro_rules! record_kinds {
    ($( $variant:ident($ty:ty) => $field:ident, $table:literal, $label:literal, |$it:ident| $key:expr; )+) => {
        /// Every kind of stored record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind { $($variant,)+ }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)+];

            /// The name of the redb table holding this kind.
            pub fn table(self) -> &'static str {
                match self { $(Kind::$variant => $table,)+ }
            }

            /// A word for messages: "no person E042".
            pub fn label(self) -> &'static str {
                match self { $(Kind::$variant => $label,)+ }
            }
        }

        /// Any stored record.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case", tag = "kind", content = "value")]
        pub enum Record { $($variant($ty),)+ }

        impl Record {
            pub fn kind(&self) -> Kind {
                match self { $(Record::$variant(_) => Kind::$variant,)+ }
            }

            pub fn key(&self) -> Key {
                match self { $(Record::$variant(r) => r.key(),)+ }
            }

            /// Serializes the record's value alone, without its kind: each table holds one kind.
            pub fn serialize_value<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self { $(Record::$variant(r) => r.serialize(serializer),)+ }
            }

            /// Reads a value of `kind` written by [`Record::serialize_value`].
            pub fn deserialize_value<'de, D: serde::Deserializer<'de>>(kind: Kind, deserializer: D) -> Result<Record, D::Error> {
                Ok(match kind { $(Kind::$variant => Record::$variant(<$ty>::deserialize(deserializer)?),)+ })
            }
        }

        $(
            impl Stored for $ty {
                const KIND: Kind = Kind::$variant;
                fn key(&self) -> Key {
                    let $it = self;
                    $key
                }
                fn into_record(self) -> Record {
                    Record::$variant(self)
                }
                fn from_record(record: Record) -> Option<Self> {
                    match record {
                        Record::$variant(r) => Some(r),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )+

        /// The whole organisation in memory: every record, by kind and key.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Org { $(pub $field: BTreeMap<Key, $ty>,)+ }

        impl Org {
            pub fn record(&self, kind: Kind, key: &str) -> Option<Record> {
                match kind { $(Kind::$variant => self.$field.get(key).cloned().map(Record::$variant),)+ }
            }

            /// Puts `record` in place of any record of its kind with its key.
            pub fn put(&mut self, record: Record) {
                match record { $(Record::$variant(r) => { self.$field.insert(r.key(), r); })+ }
            }

            /// Sets every record of `kind` at once from records in key order, each map built
            /// packed: put one by one in order, a map's nodes stay half empty, and with
            /// hundreds of thousands of records that is a hundred megabytes more. They are
            /// gathered a lot at a time ([`SORTED_LOT`]), each lot built into a map and
            /// appended (which builds the map again packed, freeing the old one's nodes as it
            /// goes): gathered all at once first, the records were held twice over at the
            /// peak (30 MB more for 100,000 people). `count` is how many there are, at most.
            pub fn set_sorted(&mut self, kind: Kind, count: usize, records: impl IntoIterator<Item = Record>) {
                match kind {
                    $(Kind::$variant => {
                        let mut records = records.into_iter().filter_map(|record| match record {
                            Record::$variant(r) => Some((r.key(), r)),
                            #[allow(unreachable_patterns)]
                            _ => None,
                        });
                        let mut map = BTreeMap::new();
                        let mut lot = Vec::with_capacity(count.min(SORTED_LOT));
                        loop {
                            lot.extend(records.by_ref().take(SORTED_LOT));
                            if lot.is_empty() {
                                break;
                            }
                            let mut part = BTreeMap::from_iter(lot.drain(..));
                            map.append(&mut part);
                        }
                        self.$field = map;
                    })+
                }
            }

            /// Adds records of `kind` in key order, all after those already there, built
            /// packed as [`Org::set_sorted`] builds them: a large kind read a part at a time is
            /// put in place as each part comes, not held encoded until it is whole.
            pub fn append_sorted(&mut self, kind: Kind, records: impl IntoIterator<Item = Record>) {
                match kind {
                    $(Kind::$variant => {
                        let mut part = BTreeMap::from_iter(records.into_iter().filter_map(|record| match record {
                            Record::$variant(r) => Some((r.key(), r)),
                            #[allow(unreachable_patterns)]
                            _ => None,
                        }));
                        self.$field.append(&mut part);
                    })+
                }
            }

            pub fn remove(&mut self, kind: Kind, key: &str) {
                match kind { $(Kind::$variant => { self.$field.remove(key); })+ }
            }

            /// How many records of `kind` there are.
            pub fn count(&self, kind: Kind) -> usize {
                match kind { $(Kind::$variant => self.$field.len(),)+ }
            }

            /// A copy holding only the records of `kinds`.
            pub fn clone_kinds(&self, kinds: &[Kind]) -> Org {
                let mut copy = Org::default();
                $(if kinds.contains(&Kind::$variant) { copy.$field = self.$field.clone(); })+
                copy
            }

            /// Empties every kind but `kinds`.
            pub fn retain_kinds(&mut self, kinds: &[Kind]) {
                $(if !kinds.contains(&Kind::$variant) { self.$field = BTreeMap::new(); })+
            }

            /// Every record of `kind`, in key order.
            pub fn records_of(&self, kind: Kind) -> Box<dyn Iterator<Item = Record> + '_> {
                match kind { $(Kind::$variant => Box::new(self.$field.values().cloned().map(Record::$variant)),)+ }
            }

            /// The records of `kind` with keys after `after` (all of them for `None`), in key
            /// order: a large kind read a part at a time, each part from where the last ended.
            pub fn records_after(&self, kind: Kind, after: Option<&str>) -> Box<dyn Iterator<Item = Record> + '_> {
                use std::ops::Bound;
                let range: (Bound<&str>, Bound<&str>) =
                    (after.map_or(Bound::Unbounded, Bound::Excluded), Bound::Unbounded);
                match kind { $(Kind::$variant => Box::new(self.$field.range::<str, _>(range).map(|(_, r)| Record::$variant(r.clone()))),)+ }
            }

            /// Every record, kind by kind, each kind in key order.
            pub fn records(&self) -> Vec<Record> {
                let mut all = Vec::new();
                $(all.extend(self.$field.values().cloned().map(Record::$variant));)+
                all
            }
        }
    };
}

record_kinds! {
    Person(Person) => people, "people", "person", |p| p.id.0.clone();
    Assessment(Assessment) => assessments, "assessments", "assessment", |a| a.id().0;
    GrowNote(GrowNote) => notes, "grow_notes", "GROW note", |n| n.id.0.clone();
    Pip(Pip) => pips, "pips", "improvement plan", |p| p.id.0.clone();
    Position(KeyPosition) => positions, "positions", "key position", |p| p.id.0.clone();
    Flag(ManualFlag) => flags, "flags", "flag", |f| f.id.0.clone();
    StayInterview(StayInterview) => stay_interviews, "stay_interviews", "stay interview", |s| s.id.0.clone();
    PointsRule(PointsRule) => points_rules, "points_rules", "points rule", |r| r.id.0.clone();
    PointsEntry(PointsEntry) => points, "points_ledger", "points entry", |e| e.id.0.clone();
    Ladder(CareerLadder) => ladders, "ladders", "career ladder", |l| l.id.0.clone();
    Departure(Departure) => departures, "departures", "departure", |d| d.id.0.clone();
    User(User) => users, "users", "user", |u| Key::from(u.name.as_str());
    FlagQuiet(FlagQuiet) => flag_quiets, "flag_quiets", "flag acknowledgement", |q| Key::from(q.flag.as_str());
    Calibration(Calibration) => calibrations, "calibrations", "calibration session", |c| c.id.0.clone();
    CalibrationEntry(CalibrationEntry) => calibration_log, "calibration_log", "calibration entry", |e| e.key();
}

/// How many records [`Org::set_sorted`] gathers before it builds them into the map.
const SORTED_LOT: usize = 8192;

impl RecordView for Org {
    fn get_record(&self, kind: Kind, key: &str) -> Result<Option<Record>, ChangeError> {
        Ok(self.record(kind, key))
    }

    fn every(&self, kind: Kind) -> Result<Vec<Record>, ChangeError> {
        Ok(self.records_of(kind).collect())
    }
}
