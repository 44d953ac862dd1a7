//! `crewdeck import roster`: people from an HR system's CSV, all rows or none.

use crate::backend::{Backend, LocalBackend};
use crate::roster::{Encoding, plan_import};
use crate::store::Store;
use anyhow::Context;
use std::path::Path;

pub fn roster(
    db: &Path,
    actor: &str,
    file: &Path,
    dry_run: bool,
    encoding: Encoding,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let store = Store::open(db)?;
    let org = store.load_org()?;
    let label = file.display().to_string();
    let plan = plan_import(&bytes, encoding, &label, &org)?;
    if !plan.ignored_columns.is_empty() {
        eprintln!(
            "note: {label}: ignoring columns crewdeck does not know: {}",
            plan.ignored_columns.join(", ")
        );
    }
    if dry_run {
        super::print_all(&plan.describe())?;
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    let file_name = file
        .file_name()
        .map_or_else(|| label.clone(), |n| n.to_string_lossy().into_owned());
    let Some(change) = plan.change(&file_name) else {
        println!(
            "Nothing to change: all {} people in {label} are already up to date.",
            plan.unchanged.len()
        );
        return Ok(());
    };
    let mut backend = LocalBackend::new(store, actor);
    let entry = backend.apply(change)?;
    println!(
        "Imported {label}: {} added, {} changed, {} unchanged (audit entry {}).",
        plan.added.len(),
        plan.changed.len(),
        plan.unchanged.len(),
        entry.seq
    );
    Ok(())
}
