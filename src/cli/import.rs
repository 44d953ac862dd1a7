//! `crewdeck import roster`: people from an HR system's CSV, all rows or none; and `crewdeck
//! config points|ladders`: points rules and career ladders from TOML, all of the file or none.

use super::connect::Target;
use crate::roster::{Encoding, plan_import};
use anyhow::Context;
use std::path::Path;

pub fn roster(
    target: &Target,
    file: &Path,
    (dry_run, start_departures): (bool, bool),
    encoding: Encoding,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    // A dry run only reads: the database is opened read-only and never changed.
    let mut backend = target.open_to_write(dry_run)?;
    let org = backend.loader()()?;
    // The file name is shown in messages; it could hold anything.
    let label = crate::text::escaped(&file.display().to_string());
    let plan = plan_import(&bytes, encoding, &label, &org)?;
    // What the import saw in the file's shape and did about it, before what it would change.
    for note in &plan.notes {
        eprintln!("note: {label}: {note}");
    }
    let leaving = leaving_without_checklist(&plan, &org);
    if !leaving.is_empty() && !start_departures {
        let names: Vec<String> = leaving
            .iter()
            .map(|p| crate::text::escaped(&p.name))
            .collect();
        eprintln!(
            "note: {} leaving without a handover checklist ({}): import again with --start-departures to start each departure, or press d on them in the cockpit",
            super::count(leaving.len(), "person is", "people are"),
            names.join(", ")
        );
    }
    if dry_run {
        super::print_all(&plan.describe())?;
        if start_departures && !leaving.is_empty() {
            println!(
                "Would start {} with the handover checklist.",
                super::count(leaving.len(), "departure", "departures")
            );
        }
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    if !plan.ignored_columns.is_empty() {
        eprintln!(
            "note: {label}: ignoring columns crewdeck does not know: {}",
            crate::roster::column_list(&plan.ignored_columns)
        );
    }
    let file_name = file.file_name().map_or_else(
        || label.clone(),
        |n| crate::text::escaped(&n.to_string_lossy()),
    );
    let departures = match start_departures {
        true => departures_for(&leaving, &org)?,
        false => Vec::new(),
    };
    let change = match (plan.change(&file_name), departures.is_empty()) {
        (change, true) => change,
        (Some(crate::domain::Change::Batch { label, mut changes }), false) => {
            changes.extend(departures.iter().cloned());
            Some(crate::domain::Change::Batch { label, changes })
        }
        (_, false) => Some(crate::domain::Change::Batch {
            label: format!("departures for the leavers in {file_name}"),
            changes: departures.clone(),
        }),
    };
    let Some(change) = change else {
        println!(
            "Nothing to change: {} in {label} already up to date.",
            super::count(plan.unchanged.len(), "person is", "people are")
        );
        return Ok(());
    };
    let entry = backend.apply(change)?;
    tracing::info!(
        file = %label,
        added = plan.added.len(),
        changed = plan.changed.len(),
        unchanged = plan.unchanged.len(),
        departures = departures.len(),
        seq = entry.seq,
        "roster imported"
    );
    println!(
        "Imported {label}: {} added, {} changed, {} unchanged (audit entry {}).",
        plan.added.len(),
        plan.changed.len(),
        plan.unchanged.len(),
        entry.seq
    );
    if !departures.is_empty() {
        println!(
            "Started {} with the handover checklist.",
            super::count(departures.len(), "departure", "departures")
        );
    }
    Ok(())
}

/// The people of the file the import leaves with status leaving who have no departure yet.
fn leaving_without_checklist<'a>(
    plan: &'a crate::roster::RosterPlan,
    org: &'a crate::domain::Org,
) -> Vec<&'a crate::domain::person::Person> {
    let with_departure: std::collections::HashSet<&str> =
        org.departures.values().map(|d| d.person.as_str()).collect();
    let has_departure = |id: &str| with_departure.contains(id);
    plan.added
        .iter()
        .chain(plan.changed.iter().map(|(_, after)| after))
        .chain(
            plan.unchanged
                .iter()
                .filter_map(|id| org.people.get(id.as_str())),
        )
        .filter(|p| matches!(p.status, crate::domain::person::Status::Leaving { .. }))
        .filter(|p| !has_departure(p.id.as_str()))
        .collect()
}

/// A `StartDeparture` for each leaver, from the handover checklist (the user's or the built-in
/// one), the handover going to their manager.
fn departures_for(
    leaving: &[&crate::domain::person::Person],
    org: &crate::domain::Org,
) -> anyhow::Result<Vec<crate::domain::Change>> {
    let template = crate::domain::handover::HandoverTemplate::load(&crate::paths::config_dir())?;
    let today = chrono::Local::now().date_naive();
    let mut n = org.departures.len() + 1;
    let mut changes = Vec::new();
    for person in leaving {
        let Some(last_day) = person.status.last_day() else {
            continue;
        };
        let id = loop {
            let id = format!("D{n:03}");
            n += 1;
            if !org.departures.contains_key(id.as_str()) {
                break id;
            }
        };
        changes.push(crate::domain::Change::StartDeparture {
            departure: template.departure(
                id.as_str().into(),
                person.id.clone(),
                (today.min(last_day), last_day),
                String::new(),
                person.manager.clone(),
            ),
        });
    }
    Ok(changes)
}

/// What `crewdeck config` loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConfigKind {
    /// Points rules: `[[rules]]` with id, name, points, description
    Points,
    /// Career ladders: `[[ladders]]` with id, track, name and levels
    Ladders,
}

pub fn config(target: &Target, kind: ConfigKind, file: &Path, dry_run: bool) -> anyhow::Result<()> {
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
    let mut backend = target.open_to_write(dry_run)?;
    backend
        .may_try(&change)
        .map_err(|why| anyhow::anyhow!("not allowed: {why}"))?;
    if dry_run {
        println!("{label} holds {what}. Dry run: nothing was written.");
        return Ok(());
    }
    let entry = backend.apply(change)?;
    tracing::info!(file = %label, seq = entry.seq, "configuration loaded: {what}");
    println!("Loaded {what} from {label} (audit entry {}).", entry.seq);
    Ok(())
}

/// `crewdeck import assessments|points|flags|users FILE`: records back from their export.
pub fn records(
    target: &Target,
    kind: crate::import::ImportKind,
    file: &Path,
    dry_run: bool,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let label = crate::text::escaped(&file.display().to_string());
    let mut backend = target.open_to_write(dry_run)?;
    if kind == crate::import::ImportKind::Users
        && backend
            .role()
            .is_some_and(|r| r != crate::domain::user::Role::Admin)
    {
        anyhow::bail!("not allowed: only an admin manages users");
    }
    let org = backend.loader()()?;
    let plan = crate::import::plan(kind, &bytes, &label, &org)?;
    if let Some(change) = &plan.change {
        backend
            .may_try(change)
            .map_err(|why| anyhow::anyhow!("not allowed: {why}"))?;
    }
    let counts = format!(
        "{} added, {} replaced, {} already there",
        plan.added, plan.replaced, plan.unchanged
    );
    if dry_run {
        println!("{label}: {counts}. Dry run: nothing was written.");
        return Ok(());
    }
    let Some(change) = plan.change else {
        println!("Nothing to change: {label}: {counts}.");
        return Ok(());
    };
    let entry = backend.apply(change)?;
    tracing::info!(file = %label, seq = entry.seq, "records imported: {counts}");
    println!("Imported {label}: {counts} (audit entry {}).", entry.seq);
    Ok(())
}
