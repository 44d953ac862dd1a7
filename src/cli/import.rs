//! `crewdeck import roster`: people from an HR system's CSV, all rows or none; and `crewdeck
//! config points|ladders`: points rules and career ladders from TOML, all of the file or none.

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
    // The file name is shown in messages; it could hold anything.
    let label = crate::text::escaped(&file.display().to_string());
    let plan = plan_import(&bytes, encoding, &label, &org)?;
    if dry_run {
        super::print_all(&plan.describe())?;
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    if !plan.ignored_columns.is_empty() {
        let columns: Vec<String> = plan
            .ignored_columns
            .iter()
            .map(|c| crate::text::escaped(c))
            .collect();
        eprintln!(
            "note: {label}: ignoring columns crewdeck does not know: {}",
            columns.join(", ")
        );
    }
    let file_name = file.file_name().map_or_else(
        || label.clone(),
        |n| crate::text::escaped(&n.to_string_lossy()),
    );
    let Some(change) = plan.change(&file_name) else {
        println!(
            "Nothing to change: {} in {label} already up to date.",
            super::count(plan.unchanged.len(), "person is", "people are")
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

/// What `crewdeck config` loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConfigKind {
    /// Points rules: `[[rules]]` with id, name, points, description
    Points,
    /// Career ladders: `[[ladders]]` with id, track, name and levels
    Ladders,
}

pub fn config(
    db: &Path,
    actor: &str,
    kind: ConfigKind,
    file: &Path,
    dry_run: bool,
) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let label = crate::text::escaped(&file.display().to_string());
    let change = match kind {
        ConfigKind::Points => crate::domain::config_files::points_rules(&text, &label)?,
        ConfigKind::Ladders => crate::domain::config_files::ladders(&text, &label)?,
    };
    let crate::domain::Change::Batch { changes, .. } = &change else {
        anyhow::bail!("{label}: nothing to load");
    };
    let what = match kind {
        ConfigKind::Points => super::count(changes.len(), "points rule", "points rules"),
        ConfigKind::Ladders => super::count(changes.len(), "career ladder", "career ladders"),
    };
    if dry_run {
        println!("{label} holds {what}. Dry run: nothing was written.");
        return Ok(());
    }
    let mut backend = LocalBackend::new(Store::open(db)?, actor);
    let entry = backend.apply(change)?;
    println!("Loaded {what} from {label} (audit entry {}).", entry.seq);
    Ok(())
}
