//! People: the roster, with the marks a manager keeps about each person.

use super::Text;
use super::ids::PersonId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One person in the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: Text,
    #[serde(default)]
    pub title: Text,
    #[serde(default)]
    pub team: Text,
    /// `None` at the top of a reporting tree.
    #[serde(default)]
    pub manager: Option<PersonId>,
    /// Level code on the career ladder, e.g. `P6` or `M2`.
    #[serde(default)]
    pub level: Text,
    #[serde(default)]
    pub track: Option<Track>,
    #[serde(default)]
    pub location: Text,
    #[serde(default)]
    pub hire_date: Option<NaiveDate>,
    #[serde(default)]
    pub hire_channel: Option<HireChannel>,
    /// Who referred this person, when they came through a referral.
    #[serde(default)]
    pub referred_by: Option<PersonId>,
    /// Set when the person is a key employee; re-assessed every quarter.
    #[serde(default)]
    pub key: Option<KeyMark>,
    #[serde(default)]
    pub status: Status,
    /// The leaving stage a manager has recorded, if any.
    #[serde(default)]
    pub flight_risk: Option<FlightRisk>,
    /// Where the person's pay sits in the market, as a percentile (0–100), when known.
    #[serde(default)]
    pub pay_percentile: Option<u8>,
    /// Their mentor and the rotations they did, for development (added in schema version 4;
    /// boxed, since most people have none and the roster holds everyone).
    #[serde(default)]
    pub development: Option<Box<Development>>,
}

/// A person's development besides their ladder: who mentors them, where they rotated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Development {
    #[serde(default)]
    pub mentor: Option<PersonId>,
    #[serde(default)]
    pub rotations: Vec<Rotation>,
}

/// Time spent in another team or role to grow: where, from and to (open while under way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub place: String,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

impl Person {
    /// A person with only the required fields filled in.
    pub fn new(id: impl Into<compact_str::CompactString>, name: impl Into<Text>) -> Self {
        Person {
            id: PersonId::new(id),
            name: name.into(),
            title: Text::default(),
            team: Text::default(),
            manager: None,
            level: Text::default(),
            track: None,
            location: Text::default(),
            hire_date: None,
            hire_channel: None,
            referred_by: None,
            key: None,
            status: Status::Active,
            flight_risk: None,
            pay_percentile: None,
            development: None,
        }
    }

    pub fn is_key(&self) -> bool {
        self.key.is_some()
    }
}

/// The two tracks of the dual career ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    Management,
    Professional,
}

/// How a person was hired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HireChannel {
    Referral,
    Campus,
    Agency,
    Direct,
    Internal,
    Other,
}

/// Why someone is a key employee, and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyMark {
    pub reason: String,
    pub since: NaiveDate,
}

/// Employment status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Status {
    #[default]
    Active,
    OnLeave,
    /// Has given notice; works until `last_day`.
    Leaving {
        last_day: NaiveDate,
    },
    Left {
        last_day: NaiveDate,
    },
}

impl Status {
    pub fn last_day(&self) -> Option<NaiveDate> {
        match self {
            Status::Leaving { last_day } | Status::Left { last_day } => Some(*last_day),
            Status::Active | Status::OnLeave => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::OnLeave => "on_leave",
            Status::Leaving { .. } => "leaving",
            Status::Left { .. } => "left",
        }
    }
}

/// The four stages of leaving that a manager can record. The earlier it is caught, the more a
/// stay conversation can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeavingStage {
    /// Typically 3–6 months before leaving.
    Confused,
    /// 6–12 months.
    WatchingMarket,
    /// 12–18 months.
    HesitatingBetweenOffers,
    /// 18 months and more: the decision is made.
    Decided,
}

impl LeavingStage {
    pub fn label(&self) -> &'static str {
        match self {
            // Gentle words: the screen may be seen by more people than the manager.
            LeavingStage::Confused => "early doubts",
            LeavingStage::WatchingMarket => "looking at the market",
            LeavingStage::HesitatingBetweenOffers => "weighing offers",
            LeavingStage::Decided => "decided to leave",
        }
    }
}

/// A recorded flight-risk stage with when it was noted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlightRisk {
    pub stage: LeavingStage,
    pub noted_on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// `FromStr` for a unit enum from its word (and aliases, such as the Chinese an HR system
/// writes), ignoring case and treating space, `-` and `_` alike; and `word()`, the canonical
/// word, which is also the serde name.
macro_rules! parse_enum {
    ($ty:ident { $($text:literal $(| $alias:literal)* => $variant:ident),+ $(,)? }) => {
        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let wanted = crate::text::fold(s).trim().replace([' ', '-'], "_");
                match wanted.as_str() {
                    $($text $(| $alias)* => Ok($ty::$variant),)+
                    _ => Err(format!(
                        "`{}` is not one of: {}",
                        s.trim(),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl $ty {
            /// The canonical word for this value, as files and exports write it.
            #[allow(dead_code)]
            pub fn word(self) -> &'static str {
                match self {
                    $($ty::$variant => $text,)+
                }
            }
        }
    };
}
pub(crate) use parse_enum;

parse_enum!(Track {
    "management" | "管理" | "管理通道" => Management,
    "professional" | "专业" | "专业通道" => Professional,
});
parse_enum!(HireChannel {
    "referral" | "内推" | "推荐" => Referral,
    "campus" | "校招" | "校园招聘" => Campus,
    "agency" | "猎头" => Agency,
    "direct" | "社招" | "社会招聘" => Direct,
    "internal" | "内部" | "内部调动" => Internal,
    "other" | "其他" => Other,
});
parse_enum!(LeavingStage {
    "confused" => Confused,
    "watching_market" => WatchingMarket,
    "hesitating_between_offers" => HesitatingBetweenOffers,
    "decided" => Decided,
});
