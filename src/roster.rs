//! Placeholder until the roster importer lands.
use crate::domain::{Change, Org, ids::PersonId, person::Person};
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    Gb18030,
}
pub struct RosterPlan {
    pub added: Vec<Person>,
    pub changed: Vec<(Person, Person)>,
    pub unchanged: Vec<PersonId>,
    pub ignored_columns: Vec<String>,
}
impl RosterPlan {
    pub fn change(&self, _file_label: &str) -> Option<Change> {
        None
    }
    pub fn describe(&self) -> String {
        String::new()
    }
}
#[derive(Debug, thiserror::Error)]
#[error("not yet")]
pub struct RosterError;
pub fn plan_import(_b: &[u8], _e: Encoding, _l: &str, _o: &Org) -> Result<RosterPlan, RosterError> {
    Err(RosterError)
}
