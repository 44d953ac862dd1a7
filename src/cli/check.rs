//! `crewdeck check`: verifies a database and lists every problem found; `crewdeck backup`: a
//! consistent copy of it; `crewdeck recover`: what a damaged one still holds.

use super::ProblemsFound;
use crate::domain::{Kind, check};
use crate::store::Store;
use std::path::Path;

pub fn run(db: &Path) -> anyhow::Result<()> {
    // A check only reads: a damaged file is never repaired or trimmed by looking at it.
    let store = match Store::open_read_only(db) {
        Ok(store) => store,
        Err(e) if !db.exists() => return Err(e.into()),
        // Not damaged: a session that did not end cleanly. Said as it is.
        Err(e @ crate::store::StoreError::NeedsRepair { .. }) => {
            eprintln!("crewdeck: {e}");
            return Err(ProblemsFound.into());
        }
        Err(crate::store::StoreError::Damaged { reason, .. }) => return damaged(db, &reason),
        Err(e) => return damaged(db, &e.to_string()),
    };
    // redb's own check of every page, on a copy: never on the file itself.
    if !Store::check_integrity(db)? {
        return damaged(db, "redb's integrity check failed");
    }
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
            super::headcount(&org),
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

/// One sentence for a damaged file, and exit 1; the file is left as it is.
fn damaged(db: &Path, why: &str) -> anyhow::Result<()> {
    let db = crate::text::safe_line(&db.display().to_string()).into_owned();
    eprintln!(
        "crewdeck: {db} is damaged ({}); it was not changed. Restore it from a backup, or save what it still holds with `crewdeck recover {db} --out NEW`.",
        crate::text::safe_line(why)
    );
    Err(ProblemsFound.into())
}

/// `crewdeck backup --out FILE`: a copy from one read transaction, verified before it is kept.
pub fn backup(db: &Path, out: &Path) -> anyhow::Result<()> {
    if out.exists() && out.canonicalize().ok() == db.canonicalize().ok() {
        anyhow::bail!("the backup would replace the database itself; choose another --out file");
    }
    if crate::store::files::out_target(out).map_err(anyhow::Error::msg)?
        != crate::store::files::OutTarget::File
    {
        anyhow::bail!("a backup is written to a file, not to {}", out.display());
    }
    let store = Store::open_read_only(db)?;
    let (records, entries) = store.backup_to(out)?;
    println!(
        "Backed up {} to {}: {}, {}; it opens and passes the integrity check.",
        crate::text::safe_line(&db.display().to_string()),
        crate::text::safe_line(&out.display().to_string()),
        super::count(records, "record", "records"),
        super::count(entries, "audit entry", "audit entries"),
    );
    Ok(())
}

/// `crewdeck recover FILE --out NEW`: what could be read, per kind, and every loss, one a line.
pub fn recover(damaged: &Path, out: &Path) -> anyhow::Result<()> {
    if !damaged.exists() {
        anyhow::bail!("there is no database at {}", damaged.display());
    }
    let recovery = Store::recover(damaged, out)?;
    let safe = |p: &Path| crate::text::safe_line(&p.display().to_string()).into_owned();
    let records: usize = recovery.kept.values().sum();
    let kinds: Vec<String> = recovery
        .kept
        .iter()
        .map(|(kind, n)| format!("{}: {n}", kind.label()))
        .collect();
    println!(
        "Recovered {} and {} from {} into {}{}.",
        super::count(records, "record", "records"),
        super::count(recovery.audit_kept, "audit entry", "audit entries"),
        safe(damaged),
        safe(out),
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
    );
    if recovery.lost.is_empty() {
        println!("Nothing that could be found was lost.");
    } else {
        println!("Could not be read ({}):", recovery.lost.len());
        for loss in &recovery.lost {
            println!("  {}", crate::text::safe_line(loss));
        }
    }
    println!(
        "{} was not changed. Run `crewdeck --db {} check` to see references to what was lost.",
        safe(damaged),
        safe(out)
    );
    Ok(())
}

/// `crewdeck repair`: a file that was not closed cleanly, repaired after a copy of it is kept.
pub fn repair(db: &Path) -> anyhow::Result<()> {
    let shown = crate::text::safe_line(&db.display().to_string()).into_owned();
    match Store::repair(db)? {
        None => println!("{shown} was closed cleanly; there is nothing to repair."),
        Some(copy) => {
            println!(
                "Repaired {shown}; the file as it was is kept at {}. `crewdeck check` verifies it.",
                crate::text::safe_line(&copy.display().to_string())
            );
        }
    }
    Ok(())
}
