//! Managers and referrers given by name or e-mail instead of by id.
//!
//! Many HR systems export the manager as a name (`Tom Baker`) or an e-mail address. A value that
//! is the id of someone in the file or the organisation is an id. Otherwise, when it matches the
//! name (compared through [`crate::text::fold`]) or the file's e-mail address of exactly one
//! person in the file or the organisation, it is that person, and a note says so; when it
//! matches several, it is a problem naming them. What matches nobody is left for the graph check
//! to report as unknown.

use super::merge::Merged;
use super::{Notes, Problem};
use crate::domain::Org;
use crate::domain::ids::PersonId;
use std::collections::{HashMap, HashSet};

/// How many ids a problem lists when a name fits several people.
const MAX_IDS_SHOWN: usize = 5;

/// Replaces, in every row, a manager or referrer given by name or e-mail with the id of the one
/// person it names.
pub(super) fn resolve(
    rows: &mut [Merged],
    existing: &Org,
    problems: &mut Vec<Problem>,
    notes: &mut Notes,
) {
    let in_file: HashSet<&str> = rows.iter().map(|r| r.person.id.as_str()).collect();
    let is_id = |value: &str| in_file.contains(value) || existing.people.contains_key(value);
    let unresolved: Vec<(usize, bool)> = rows
        .iter()
        .enumerate()
        .flat_map(|(at, row)| {
            let manager = row.person.manager.as_ref().map(|id| (at, true, id));
            let referrer = row.person.referred_by.as_ref().map(|id| (at, false, id));
            manager.into_iter().chain(referrer)
        })
        .filter(|(_, _, value)| !is_id(value.as_str()))
        .map(|(at, manager, _)| (at, manager))
        .collect();
    if unresolved.is_empty() {
        return;
    }
    let index = Index::new(rows, existing);
    for (at, is_manager) in unresolved {
        let row = &mut rows[at];
        let slot = match is_manager {
            true => &mut row.person.manager,
            false => &mut row.person.referred_by,
        };
        let Some(value) = slot.clone() else {
            continue;
        };
        let field = if is_manager { "manager" } else { "referred_by" };
        let found = index.find(value.as_str());
        match found.as_slice() {
            [] => {}
            [only] => {
                let by = if value.as_str().contains('@') {
                    "e-mail"
                } else {
                    "name"
                };
                notes.at(
                    row.line,
                    format!(
                        "{field} given by {by}: {} is {}",
                        crate::text::escaped(value.as_str()),
                        crate::text::escaped(only)
                    ),
                );
                *slot = Some(PersonId::new(only));
            }
            several => {
                let shown: Vec<&str> = several.iter().take(MAX_IDS_SHOWN).map(|s| &**s).collect();
                let more = several.len().saturating_sub(MAX_IDS_SHOWN);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                problems.push(Problem::in_field(
                    row.line,
                    field,
                    format!(
                        "`{}` fits {} people ({}{more}); give the id",
                        value.as_str(),
                        several.len(),
                        shown.join(", ")
                    ),
                ));
                // Said once: the graph check is not to call it unknown as well.
                *slot = None;
            }
        }
    }
}

/// Ids by folded name and by folded e-mail, the file's rows laid over the organisation.
struct Index {
    by_name: HashMap<String, Vec<String>>,
    by_email: HashMap<String, Vec<String>>,
}

impl Index {
    fn new(rows: &[Merged], existing: &Org) -> Index {
        let mut index = Index {
            by_name: HashMap::new(),
            by_email: HashMap::new(),
        };
        let in_file: HashSet<&str> = rows.iter().map(|r| r.person.id.as_str()).collect();
        let people = rows.iter().map(|r| &r.person).chain(
            existing
                .people
                .values()
                .filter(|p| !in_file.contains(p.id.as_str())),
        );
        for person in people {
            let key = key(&person.name);
            index
                .by_name
                .entry(key)
                .or_default()
                .push(person.id.as_str().to_string());
        }
        for row in rows {
            if let Some(email) = &row.email {
                let ids = index.by_email.entry(key(email)).or_default();
                ids.push(row.person.id.as_str().to_string());
            }
        }
        index
    }

    /// The ids `value` names, as a name or as an e-mail address, each once.
    fn find(&self, value: &str) -> Vec<String> {
        let wanted = key(value);
        let mut ids: Vec<String> = self
            .by_name
            .get(&wanted)
            .into_iter()
            .chain(self.by_email.get(&wanted))
            .flatten()
            .cloned()
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// A name or address as compared: folded, with runs of spaces as one.
fn key(text: &str) -> String {
    let folded = crate::text::fold(text);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}
