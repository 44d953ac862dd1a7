//! `crewdeck init`: a new database, empty or with the demo organisation, put in place whole.

use crate::store::files::replace_with;
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::path::Path;

pub fn run(db: &Path, actor: &str, demo: bool, force: bool) -> anyhow::Result<()> {
    let old = make_way(db, force)?;
    let people = replace_with(db, |temp| build(temp, actor, demo))?;
    if old.is_some() {
        // The drafts of the database replaced are of records that are gone: they go too.
        let _ = std::fs::remove_dir_all(crate::runtime::drafts::Drafts::all_for(
            &crate::paths::data_dir(),
            db,
        ));
    }
    if demo {
        println!(
            "Created the demo organisation ({people}) in {}",
            db.display()
        );
    } else {
        println!("Created an empty database in {}", db.display());
    }
    Ok(())
}

/// Checks that a database may be made at `db`: nothing there, or `--force` and a crewdeck
/// database nobody has open. That one is returned held open until the new one is in place, so
/// no other crewdeck can write to it in between and lose its writes to the rename.
fn make_way(db: &Path, force: bool) -> anyhow::Result<Option<Store>> {
    if !db.exists() {
        return Ok(None);
    }
    if !force {
        return Err(StoreError::Exists {
            path: db.to_path_buf(),
        }
        .into());
    }
    replaceable(db)
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

/// Creates the database at `path`, with the demo if asked; returns how many people it holds,
/// as "50 active, 1 on leave, 1 leaving, 1 left".
fn build(path: &Path, actor: &str, demo: bool) -> anyhow::Result<String> {
    let store = Store::create(path)?;
    if demo {
        let today = chrono::Local::now().date_naive();
        let mut change = crate::demo::demo_change(today)?;
        // The demo has users, and through a server only they may use it: whoever made it is
        // one of its admins.
        let me = crate::paths::os_user();
        if let crate::domain::Change::Batch { changes, .. } = &mut change
            && !changes
                .iter()
                .any(|c| matches!(c, crate::domain::Change::UpsertUser { user } if user.name == me))
        {
            changes.push(crate::domain::Change::UpsertUser {
                user: crate::domain::user::User {
                    name: me,
                    role: crate::domain::user::Role::Admin,
                    scope: crate::domain::user::Scope::Everyone,
                    person: None,
                },
            });
        }
        store.apply(&change, actor, Utc::now())?;
    }
    // Those who left are kept in the records but are not on the roster.
    Ok(super::headcount(&store.load_org()?))
}

/// `crewdeck synth`: a database holding a synthetic organisation of `people`, made from `seed`.
pub fn synth(db: &Path, actor: &str, people: usize, seed: u64, force: bool) -> anyhow::Result<()> {
    let _old = make_way(db, force)?;
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
