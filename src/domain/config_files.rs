//! Points rules and career ladders as data, read from TOML files in the shape of the demo's:
//!
//! ```toml
//! [[rules]]
//! id = "R01"
//! name = "Product shipped"
//! points = 20
//! description = "A feature or product released to customers"
//!
//! [[ladders]]
//! id = "management"
//! track = "management"
//! name = "Management track"
//! levels = [
//!   { code = "M1", title = "Team Lead", points_threshold = 2000, criteria = "Leads a small team" },
//! ]
//! ```
//!
//! A file is taken whole or not at all: every problem is listed with its line.

use super::Change;
use super::ids::{LadderId, RuleId};
use super::ladder::{CareerLadder, LadderLevel};
use super::person::Track;
use super::points::PointsRule;
use serde::Deserialize;
use toml::Spanned;

/// Why a rules or ladders file was refused: the file and every problem, with its line.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {}", problems.join("; "))]
pub struct ConfigError {
    pub file: String,
    pub problems: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rules: Vec<Spanned<RuleRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleRow {
    id: String,
    name: String,
    points: i32,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LaddersFile {
    ladders: Vec<Spanned<LadderRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LadderRow {
    id: String,
    track: Track,
    name: String,
    levels: Vec<LevelRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelRow {
    code: String,
    title: String,
    #[serde(default)]
    points_threshold: Option<u32>,
    #[serde(default)]
    criteria: String,
}

/// The line (from 1) of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The change that puts every points rule of the file in place: a `Batch` of
/// `UpsertPointsRule`, one per rule, in file order.
pub fn points_rules(text: &str, file: &str) -> Result<Change, ConfigError> {
    let refuse = |problems: Vec<String>| ConfigError {
        file: file.to_string(),
        problems,
    };
    let parsed: RulesFile = toml::from_str(text).map_err(|e| refuse(vec![toml_problem(&e)]))?;
    let mut problems = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut changes = Vec::new();
    for row in &parsed.rules {
        let line = line_of(text, row.span().start);
        let rule = row.get_ref();
        if rule.id.trim().is_empty() || rule.name.trim().is_empty() {
            problems.push(format!("line {line}: a rule needs an id and a name"));
        }
        if rule.points == 0 {
            problems.push(format!("line {line}: rule {} gives 0 points", rule.id));
        }
        if rule.points.unsigned_abs() > 1_000_000 {
            problems.push(format!(
                "line {line}: rule {} gives {} points; at most a million either way",
                rule.id, rule.points
            ));
        }
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == rule.id) {
            problems.push(format!(
                "line {line}: rule {} is listed twice (first on line {first})",
                rule.id
            ));
        }
        seen.push((rule.id.clone(), line));
        changes.push(Change::UpsertPointsRule {
            rule: PointsRule {
                id: RuleId::new(rule.id.trim()),
                name: rule.name.trim().to_string(),
                points: rule.points,
                description: rule.description.trim().to_string(),
            },
        });
    }
    if parsed.rules.is_empty() {
        problems.push("it lists no rule ([[rules]])".into());
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    Ok(Change::Batch {
        label: format!("points rules from {file}"),
        changes,
    })
}

/// The change that puts every ladder of the file in place: a `Batch` of `UpsertLadder`.
pub fn ladders(text: &str, file: &str) -> Result<Change, ConfigError> {
    let refuse = |problems: Vec<String>| ConfigError {
        file: file.to_string(),
        problems,
    };
    let parsed: LaddersFile = toml::from_str(text).map_err(|e| refuse(vec![toml_problem(&e)]))?;
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    for row in &parsed.ladders {
        let line = line_of(text, row.span().start);
        let ladder = row.get_ref();
        let record = CareerLadder {
            id: LadderId::new(ladder.id.trim()),
            track: ladder.track,
            name: ladder.name.trim().to_string(),
            levels: ladder
                .levels
                .iter()
                .map(|l| LadderLevel {
                    code: l.code.trim().to_string(),
                    title: l.title.trim().to_string(),
                    points_threshold: l.points_threshold,
                    criteria: l.criteria.trim().to_string(),
                })
                .collect(),
        };
        if record.levels.is_empty() {
            problems.push(format!("line {line}: ladder {} has no level", ladder.id));
        }
        if let Err(e) = record.validate() {
            problems.push(format!("line {line}: ladder {}: {e}", ladder.id));
        }
        changes.push(Change::UpsertLadder { ladder: record });
    }
    if parsed.ladders.is_empty() {
        problems.push("it lists no ladder ([[ladders]])".into());
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    Ok(Change::Batch {
        label: format!("career ladders from {file}"),
        changes,
    })
}

/// toml's own message, on one line: it names the line and column; Rust's type names are said
/// in words.
fn toml_problem(e: &toml::de::Error) -> String {
    let text = e
        .to_string()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join(" ");
    ["i32", "u32", "u16", "u8", "i64"]
        .iter()
        .fold(text, |t, ty| {
            t.replace(&format!("expected {ty}"), "expected a whole number")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rules_file_becomes_one_batch() {
        let text = "[[rules]]\nid = \"R01\"\nname = \"Shipped\"\npoints = 20\n\n[[rules]]\nid = \"R02\"\nname = \"Praise\"\npoints = 10\n";
        let Change::Batch { changes, .. } = points_rules(text, "rules.toml").unwrap() else {
            panic!("a batch")
        };
        assert_eq!(changes.len(), 2);
    }

    #[test]
    fn a_bad_rules_file_is_refused_whole_naming_each_line() {
        let text = "[[rules]]\nid = \"R01\"\nname = \"Shipped\"\npoints = 0\n\n[[rules]]\nid = \"R01\"\nname = \"Again\"\npoints = 5\n";
        let err = points_rules(text, "rules.toml").unwrap_err().to_string();
        assert!(err.starts_with("rules.toml: "), "{err}");
        assert!(err.contains("line 1: rule R01 gives 0 points"), "{err}");
        assert!(
            err.contains("line 6: rule R01 is listed twice (first on line 1)"),
            "{err}"
        );
        let err = points_rules(
            "[[rules]]\nid = \"R1\"\nname = \"x\"\npoints = \"many\"\n",
            "r.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 4"), "{err}");
    }

    #[test]
    fn a_ladder_with_a_level_twice_is_refused_by_line() {
        let text = "[[ladders]]\nid = \"m\"\ntrack = \"management\"\nname = \"M\"\nlevels = [\n  { code = \"M1\", title = \"Lead\" },\n  { code = \"M1\", title = \"Again\" },\n]\n";
        let err = ladders(text, "ladders.toml").unwrap_err().to_string();
        assert!(
            err.contains("line 1: ladder m: two levels share a code"),
            "{err}"
        );
        let err = ladders(
            "[[ladders]]\nid = \"x\"\ntrack = \"sideways\"\nname = \"X\"\nlevels = []\n",
            "l.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("sideways"), "{err}");
    }
}
