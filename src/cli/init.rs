//! `crewdeck init`: a new database, empty or with the demo organisation, put in place whole.

use crate::store::files::sibling_temp_path;
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::path::Path;

pub fn run(db: &Path, actor: &str, demo: bool, force: bool) -> anyhow::Result<()> {
    if db.exists() {
        if !force {
            return Err(StoreError::Exists {
                path: db.to_path_buf(),
            }
            .into());
        }
        // Replacing a database another crewdeck has open would pull it from under that process.
        if let Err(e @ StoreError::InUse { .. }) = Store::open(db) {
            return Err(e.into());
        }
    }
    // Built beside the target and renamed over it, so the old database stays whole until the
    // new one is complete.
    let temp = sibling_temp_path(db);
    let _ = std::fs::remove_file(&temp);
    let built = build(&temp, actor, demo);
    if let Err(e) = built {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    std::fs::rename(&temp, db).map_err(|source| StoreError::Io {
        path: db.to_path_buf(),
        source,
    })?;
    let people = built.unwrap_or_default();
    if demo {
        println!(
            "Created the demo organisation ({people} people) in {}",
            db.display()
        );
    } else {
        println!("Created an empty database in {}", db.display());
    }
    Ok(())
}

/// Creates the database at `path`, with the demo if asked; returns how many people it holds.
fn build(path: &Path, actor: &str, demo: bool) -> anyhow::Result<usize> {
    let store = Store::create(path)?;
    if demo {
        let today = chrono::Local::now().date_naive();
        let change = crate::demo::demo_change(today)?;
        store.apply(&change, actor, Utc::now())?;
    }
    Ok(store.load_org()?.people.len())
}
