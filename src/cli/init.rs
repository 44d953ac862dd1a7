//! `crewdeck init`: a new database, empty or with the demo organisation, put in place whole.

use crate::store::files::replace_with;
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::path::Path;

pub fn run(db: &Path, actor: &str, demo: bool, force: bool) -> anyhow::Result<()> {
    // Held open until the new database is in place, so no other crewdeck can write to the old
    // one in between and lose its writes to the rename.
    let _old = if db.exists() {
        if !force {
            return Err(StoreError::Exists {
                path: db.to_path_buf(),
            }
            .into());
        }
        replaceable(db)?
    } else {
        None
    };
    let people = replace_with(db, |temp| build(temp, actor, demo))?;
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

/// Whether `--force` may replace the file at `db`: only a crewdeck database (from any version)
/// that no other process has open. Returns it, held open.
fn replaceable(db: &Path) -> anyhow::Result<Option<Store>> {
    match Store::open(db) {
        Ok(store) => Ok(Some(store)),
        Err(StoreError::NewerSchema { .. }) => Ok(None),
        Err(e @ StoreError::InUse { .. }) => Err(e.into()),
        Err(e) => Err(anyhow::anyhow!(
            "{e}; --force replaces only a crewdeck database, so {} was left alone",
            db.display()
        )),
    }
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

/// `crewdeck synth`: a database holding a synthetic organisation of `people`, made from `seed`.
pub fn synth(db: &Path, actor: &str, people: usize, seed: u64, force: bool) -> anyhow::Result<()> {
    let _old = if db.exists() {
        if !force {
            return Err(StoreError::Exists {
                path: db.to_path_buf(),
            }
            .into());
        }
        replaceable(db)?
    } else {
        None
    };
    let today = chrono::Local::now().date_naive();
    replace_with(db, |temp| -> anyhow::Result<()> {
        let store = Store::create(temp)?;
        store.apply(
            &crate::synth::organisation(people, seed, today),
            actor,
            Utc::now(),
        )?;
        Ok(())
    })?;
    println!(
        "Created a synthetic organisation of {people} people (seed {seed}) in {}",
        db.display()
    );
    Ok(())
}
