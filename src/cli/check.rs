//! `crewdeck check`: verifies a database and lists every problem found.

use super::ProblemsFound;
use crate::domain::{Kind, check};
use crate::store::Store;
use std::path::Path;

pub fn run(db: &Path) -> anyhow::Result<()> {
    let store = Store::open(db)?;
    let version = store.schema_version()?;
    let (org, unreadable) = store.scan()?;
    let mut problems: Vec<String> = unreadable.iter().map(ToString::to_string).collect();
    problems.extend(check::problems(&org));
    let audit_entries = match store.audit() {
        Ok(entries) => entries.len(),
        Err(e) => {
            problems.push(e.to_string());
            0
        }
    };
    if problems.is_empty() {
        let records: usize = Kind::ALL.iter().map(|k| org.count(*k)).sum();
        println!(
            "OK: {} (schema version {version}): {}, {}, {}",
            db.display(),
            super::count(org.people.len(), "person", "people"),
            super::count(records, "record", "records"),
            super::count(audit_entries, "audit entry", "audit entries"),
        );
        return Ok(());
    }
    println!(
        "{}: {}:",
        db.display(),
        super::count(problems.len(), "problem", "problems")
    );
    for problem in &problems {
        // Keys and ids come from the database: shown safely.
        println!("  {}", crate::text::safe_line(problem));
    }
    Err(ProblemsFound.into())
}
