//! Users of crewdeck, with the role and scope that will decide what each may see.

use super::ids::PersonId;
use super::person::parse_enum;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The operating-system user name.
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    /// The person record of this user, if they are in the organisation.
    #[serde(default)]
    pub person: Option<PersonId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Hrbp,
    Manager,
    Viewer,
}

parse_enum!(Role {
    "admin" => Admin,
    "hrbp" => Hrbp,
    "manager" => Manager,
    "viewer" => Viewer,
});

/// Which people a user may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Scope {
    Everyone,
    Teams(Vec<String>),
    /// Everyone who reports, directly or not, to this person.
    ReportsOf(PersonId),
}
