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
///
/// Stored as `{"kind": "teams", "value": [...]}`, `value` left out for `everyone`. Written by
/// hand rather than with serde's adjacent tagging, which cannot read its own unit variants back
/// from the array form of the store's MessagePack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ScopeRepr", into = "ScopeRepr")]
pub enum Scope {
    Everyone,
    Teams(Vec<String>),
    /// Everyone who reports, directly or not, to this person.
    ReportsOf(PersonId),
}

#[derive(Serialize, Deserialize)]
struct ScopeRepr {
    kind: ScopeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<ScopeValue>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ScopeKind {
    Everyone,
    Teams,
    ReportsOf,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ScopeValue {
    Teams(Vec<String>),
    Person(PersonId),
}

impl From<Scope> for ScopeRepr {
    fn from(scope: Scope) -> Self {
        let (kind, value) = match scope {
            Scope::Everyone => (ScopeKind::Everyone, None),
            Scope::Teams(teams) => (ScopeKind::Teams, Some(ScopeValue::Teams(teams))),
            Scope::ReportsOf(person) => (ScopeKind::ReportsOf, Some(ScopeValue::Person(person))),
        };
        ScopeRepr { kind, value }
    }
}

impl TryFrom<ScopeRepr> for Scope {
    type Error = &'static str;

    fn try_from(repr: ScopeRepr) -> Result<Self, Self::Error> {
        match (repr.kind, repr.value) {
            (ScopeKind::Everyone, None) => Ok(Scope::Everyone),
            (ScopeKind::Teams, Some(ScopeValue::Teams(teams))) => Ok(Scope::Teams(teams)),
            (ScopeKind::ReportsOf, Some(ScopeValue::Person(person))) => {
                Ok(Scope::ReportsOf(person))
            }
            (ScopeKind::Everyone, Some(_)) => Err("scope `everyone` takes no value"),
            (ScopeKind::Teams, _) => Err("scope `teams` needs a list of team names as its value"),
            (ScopeKind::ReportsOf, _) => Err("scope `reports_of` needs a person id as its value"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_keep_their_json_form_and_read_back_from_messagepack() {
        let scopes = [
            (Scope::Everyone, r#"{"kind":"everyone"}"#),
            (
                Scope::Teams(vec!["Data".into()]),
                r#"{"kind":"teams","value":["Data"]}"#,
            ),
            (
                Scope::ReportsOf("E1".into()),
                r#"{"kind":"reports_of","value":"E1"}"#,
            ),
        ];
        for (scope, json) in scopes {
            assert_eq!(serde_json::to_string(&scope).unwrap(), json);
            assert_eq!(serde_json::from_str::<Scope>(json).unwrap(), scope);
            let packed = rmp_serde::to_vec(&scope).unwrap();
            assert_eq!(rmp_serde::from_slice::<Scope>(&packed).unwrap(), scope);
        }
        let wrong = serde_json::from_str::<Scope>(r#"{"kind":"teams"}"#).unwrap_err();
        assert!(wrong.to_string().contains("team names"), "{wrong}");
    }
}
