//! `crewdeck flags`, `coverage` and `points`: what needs attention today, and why.

use super::connect::{Mode, Target};
use crate::domain::Org;
use crate::domain::flag::Subject;
use crate::domain::ids::PersonId;
use crate::domain::insight::coverage::{coverage, coverage_if_leaves};
use crate::domain::insight::points::standings;
use crate::domain::insight::{Flag, Rules, flags};
use crate::export::Format;
use crate::export::insight::{coverage_report, flags_report, points_report};
use anyhow::Context;
use chrono::NaiveDate;
use std::path::Path;

/// The rules in force: the built-in ones, overridden by `--rules FILE` (which must exist) or by
/// the user's rules file in the config directory (if there is one).
pub fn load_rules(explicit: Option<&Path>) -> anyhow::Result<Rules> {
    let default_path = crate::paths::config_dir().join("rules.toml");
    let path = explicit.unwrap_or(&default_path);
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Rules::from_overrides(&text, &path.display().to_string())?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
            Ok(Rules::default())
        }
        Err(e) => Err(e).with_context(|| format!("cannot read rules file {}", path.display())),
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The records the user may see. A report only reads: a file is opened read-only and never
/// changed.
fn load(target: &Target) -> anyhow::Result<Org> {
    Ok(target.open(Mode::Read)?.loader()()?)
}

/// The name of the user the rules follow: `--as` (an admin acting as them), else the OS user.
fn user_of(target: &Target) -> &str {
    target.acting_as.as_deref().unwrap_or(&target.os_user)
}

/// Every standing flag the user may see (none about themselves), loudest first.
fn visible_flags(target: &Target, org: &Org, rules: &Rules) -> Vec<Flag> {
    let name = user_of(target);
    let sight = match crate::auth::Access::resolve(&org.users, name, None) {
        Ok(access) => crate::auth::Sight::of(&access, org),
        // The owner of the file: the records handed over are already only what they may see.
        Err(_) => crate::auth::Sight::everything(name),
    };
    let mut all = flags::compute(org, rules, today());
    all.retain(|f| sight.sees_subject(&f.subject));
    all
}

/// Whether `flag` concerns `team`: a person or position in it, or the team itself.
fn in_team(org: &Org, flag: &Flag, team: &str) -> bool {
    let same = |t: &str| t.eq_ignore_ascii_case(team);
    match &flag.subject {
        Subject::Person(id) => org.people.get(id.as_str()).is_some_and(|p| same(&p.team)),
        Subject::Position(id) => org
            .positions
            .get(id.as_str())
            .is_some_and(|p| same(&p.team)),
        Subject::Team(t) => same(t),
    }
}

fn known_team(org: &Org, team: &str) -> anyhow::Result<()> {
    if org
        .people
        .values()
        .any(|p| p.team.eq_ignore_ascii_case(team))
    {
        return Ok(());
    }
    let mut teams: Vec<&str> = org
        .people
        .values()
        .map(|p| p.team.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    anyhow::bail!(
        "no team called \"{team}\"; the teams are: {}",
        teams.join(", ")
    )
}

pub fn flags_command(
    target: &Target,
    rules: &Rules,
    team: Option<&str>,
    format: Format,
) -> anyhow::Result<()> {
    let org = load(target)?;
    let mut all = visible_flags(target, &org, rules);
    if let Some(team) = team {
        known_team(&org, team)?;
        all.retain(|f| in_team(&org, f, team));
    }
    super::print_all(&flags_report(&org, &all, format))
}

pub fn coverage_command(
    target: &Target,
    rules: &Rules,
    if_leaves: Option<&str>,
    format: Format,
) -> anyhow::Result<()> {
    let org = load(target)?;
    let all = visible_flags(target, &org, rules);
    let now = coverage(&org, &all);
    let text = match if_leaves {
        None => coverage_report(&now, None, format),
        Some(given) => {
            // Ids are read without regard to case or surrounding spaces: `e012` is E012.
            let given = given.trim();
            let (id, person) = org
                .people
                .iter()
                .find(|(id, _)| id.eq_ignore_ascii_case(given))
                .with_context(|| format!("--if-leaves: nobody has the id {given}"))?;
            if let crate::domain::person::Status::Left { last_day } = person.status {
                eprintln!(
                    "{} ({id}) already left on {last_day}: the coverage below is already without them.",
                    crate::text::safe_line(&person.name)
                );
                coverage_report(&now, None, format)
            } else {
                let after = coverage_if_leaves(&org, &all, &PersonId::from(id.as_str()));
                coverage_report(&after, Some((&person.name, &now)), format)
            }
        }
    };
    super::print_all(&text)
}

pub fn points_command(
    target: &Target,
    rules: &Rules,
    team: Option<&str>,
    since: Option<NaiveDate>,
    format: Format,
) -> anyhow::Result<()> {
    let org = load(target)?;
    let mut all = standings(&org, rules, today(), since);
    if let Some(team) = team {
        known_team(&org, team)?;
        all.retain(|s| s.team.eq_ignore_ascii_case(team));
    }
    super::print_all(&points_report(&all, format))
}
