//! The reports of `crewdeck flags`, `coverage` and `points`, in every format. The terminal
//! table is the default; JSON keeps every field of the insight types.

use super::formats::{csv, json, markdown, terminal};
use super::{Format, Table};
use crate::domain::Org;
use crate::domain::flag::Subject;
use crate::domain::insight::Flag;
use crate::domain::insight::coverage::Coverage;
use crate::domain::insight::points::{Eta, Standing};
use crate::text::safe_line;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Who or what a flag is about, in words.
pub fn subject_name(org: &Org, subject: &Subject) -> String {
    match subject {
        Subject::Person(id) => org
            .people
            .get(id.as_str())
            .map_or_else(|| id.to_string(), |p| p.name.to_string()),
        Subject::Position(id) => org
            .positions
            .get(id.as_str())
            .map_or_else(|| id.to_string(), |p| p.title.clone()),
        Subject::Team(team) => format!("team {team}"),
    }
}

fn subject_id(subject: &Subject) -> String {
    match subject {
        Subject::Person(id) => id.to_string(),
        Subject::Position(id) => id.to_string(),
        Subject::Team(team) => team.clone(),
    }
}

fn state(flag: &Flag) -> String {
    flag.quiet
        .as_ref()
        .map_or_else(|| "open".to_string(), |q| q.label())
}

fn render(format: Format, title: &str, table: &Table, value: Value) -> String {
    match format {
        Format::Table => terminal(table),
        Format::Csv => csv(table),
        Format::Md => markdown(title, table),
        Format::Json => json(&value),
    }
}

pub fn flags_report(org: &Org, flags: &[Flag], format: Format) -> String {
    if format == Format::Table {
        return flags_text(org, flags);
    }
    let table = Table {
        headers: vec![
            "severity",
            "state",
            "subject",
            "subject_name",
            "flag",
            "reason",
            "evidence",
            "id",
        ],
        rows: flags
            .iter()
            .map(|f| {
                let evidence: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|e| format!("{}: {}", e.what, e.value))
                    .collect();
                vec![
                    f.severity.label().to_string(),
                    state(f),
                    subject_id(&f.subject),
                    subject_name(org, &f.subject),
                    f.kind.label().to_string(),
                    f.reason.clone(),
                    evidence.join("; "),
                    f.id.to_string(),
                ]
            })
            .collect(),
    };
    let value = Value::Array(
        flags
            .iter()
            .map(|f| {
                let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut v {
                    map.insert(
                        "subject_name".into(),
                        Value::String(subject_name(org, &f.subject)),
                    );
                    map.insert("state".into(), Value::String(state(f)));
                }
                v
            })
            .collect(),
    );
    render(format, "Flags", &table, value)
}

/// Flags for reading in a terminal: loudest first, each with its evidence indented below.
fn flags_text(org: &Org, flags: &[Flag]) -> String {
    if flags.is_empty() {
        return "No flags.\n".to_string();
    }
    let mut out = String::new();
    let open = flags.iter().filter(|f| f.quiet.is_none()).count();
    let _ = writeln!(
        out,
        "{} flags, {open} open, {} quiet\n",
        flags.len(),
        flags.len() - open
    );
    for f in flags {
        let marker = if f.quiet.is_some() {
            "quiet"
        } else {
            f.severity.label()
        };
        let _ = writeln!(
            out,
            "{:<8}  {} — {}: {}",
            marker.to_uppercase(),
            safe_line(&subject_name(org, &f.subject)),
            f.kind.label(),
            safe_line(&f.reason)
        );
        for e in &f.evidence {
            let _ = writeln!(
                out,
                "          · {}: {}",
                safe_line(&e.what),
                safe_line(&e.value)
            );
        }
        if let Some(quiet) = &f.quiet {
            let _ = writeln!(out, "          · {}", safe_line(&quiet.label()));
        }
    }
    out
}

pub fn coverage_report(
    coverage: &Coverage,
    before: Option<(&str, &Coverage)>,
    format: Format,
) -> String {
    let table = Table {
        headers: vec![
            "position",
            "title",
            "team",
            "criticality",
            "incumbent",
            "successors",
            "ready_now",
            "covered",
            "at_risk",
        ],
        rows: coverage
            .positions
            .iter()
            .map(|p| {
                vec![
                    p.position.clone(),
                    p.title.clone(),
                    p.team.clone(),
                    p.criticality.clone(),
                    // Nobody holds it, yet it is covered: only the leaver of `--if-leaves` does
                    // that, whose place a ready successor takes (counted as held).
                    p.incumbent_name.clone().unwrap_or_else(|| match p.covered {
                        true => "(vacated: a successor is ready)".into(),
                        false => "(vacant)".into(),
                    }),
                    p.successors.to_string(),
                    p.ready_now.to_string(),
                    if p.covered { "yes" } else { "NO" }.to_string(),
                    p.at_risk.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let mut value = serde_json::to_value(coverage).unwrap_or(Value::Null);
    if let (Some((name, before)), Value::Object(map)) = (before, &mut value) {
        map.insert(
            "what_if".into(),
            json!({ "leaves": name, "before": before.organisation, "after": coverage.organisation }),
        );
    }
    let mut out = render(format, "Succession coverage", &table, value);
    if matches!(format, Format::Table | Format::Md) {
        out.push_str(&coverage_summary(coverage, before));
    }
    out
}

fn coverage_summary(coverage: &Coverage, before: Option<(&str, &Coverage)>) -> String {
    let org = &coverage.organisation;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nOrganisation: {}% coverage ({} of {} key positions held, with a ready-now successor), bench strength {:.2}, {} at risk, {} without any successor",
        org.coverage_pct,
        org.covered,
        org.positions,
        org.bench_strength,
        org.at_risk,
        org.without_successor
    );
    for (team, t) in &coverage.teams {
        let _ = writeln!(
            out,
            "  {}: {}% coverage, {} position(s), bench {:.2}",
            safe_line(team),
            t.coverage_pct,
            t.positions,
            t.bench_strength
        );
    }
    let gaps: Vec<&str> = coverage
        .positions
        .iter()
        .filter(|p| p.successors == 0)
        .map(|p| p.title.as_str())
        .collect();
    if !gaps.is_empty() {
        let _ = writeln!(out, "No successor: {}", safe_line(&gaps.join(", ")));
    }
    if let Some((name, before)) = before {
        let _ = writeln!(
            out,
            "If {} left: coverage {}% → {}%, bench strength {:.2} → {:.2}",
            safe_line(name),
            before.organisation.coverage_pct,
            org.coverage_pct,
            before.organisation.bench_strength,
            org.bench_strength
        );
    }
    out
}

fn eta_text(eta: &Eta) -> String {
    match eta {
        Eta::On(day) => day.to_string(),
        other => other.words(),
    }
}

pub fn points_report(standings: &[Standing], format: Format) -> String {
    let table = Table {
        headers: vec![
            "team",
            "rank",
            "person",
            "name",
            "points",
            "level",
            "next_level",
            "threshold",
            "per_30_days",
            "reaches_it",
        ],
        rows: standings
            .iter()
            .map(|s| {
                vec![
                    s.team.to_string(),
                    if s.points > 0 {
                        s.rank.to_string()
                    } else {
                        "–".to_string()
                    },
                    s.person.to_string(),
                    s.name.to_string(),
                    s.points.to_string(),
                    s.level.to_string(),
                    s.next_level.as_deref().unwrap_or_default().to_string(),
                    s.threshold.map(|t| t.to_string()).unwrap_or_default(),
                    s.recent_per_30_days.to_string(),
                    eta_text(&s.eta),
                ]
            })
            .collect(),
    };
    render(
        format,
        "Points",
        &table,
        serde_json::to_value(standings).unwrap_or(Value::Null),
    )
}
