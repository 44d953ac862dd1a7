//! The Ladder view's rows: both career ladders (management and professional), each level with
//! its points threshold and criteria, and under it everyone in scope at that level with their
//! points and how far they are to the next threshold. Worked out when the view opens and when
//! the records change, not at each frame.

use super::{App, View};
use std::collections::HashMap;

/// One line of the Ladder view.
#[derive(Debug, Clone, PartialEq)]
pub enum LadderRow {
    Ladder {
        name: String,
        track: &'static str,
    },
    Level {
        code: String,
        title: String,
        threshold: Option<u32>,
        criteria: String,
        people: usize,
    },
    Person {
        id: String,
        name: String,
        team: String,
        points: i64,
        /// The next level's code and threshold, when there is one.
        next: Option<(String, u32)>,
    },
}

impl App {
    /// Works the Ladder view's rows out again, if it is the view on screen.
    pub(super) fn refresh_ladder(&mut self) {
        if self.view != View::Ladder {
            return;
        }
        let points: HashMap<&str, i64> = self
            .derived
            .standings
            .iter()
            .map(|s| (s.person.as_str(), s.points))
            .collect();
        let mut by_level: HashMap<&str, Vec<&crate::domain::person::Person>> = HashMap::new();
        for p in self.org.people.values() {
            let gone = matches!(p.status, crate::domain::person::Status::Left { .. });
            if !gone && self.derived.visible(p.id.as_str()) {
                by_level.entry(p.level.as_str()).or_default().push(p);
            }
        }
        let mut rows = Vec::new();
        for ladder in self.org.ladders.values() {
            rows.push(LadderRow::Ladder {
                name: ladder.name.clone(),
                track: ladder.track.word(),
            });
            for (i, level) in ladder.levels.iter().enumerate() {
                let mut people = by_level.remove(level.code.as_str()).unwrap_or_default();
                // Most points first; by name while presenting, where the order would say who
                // has more.
                match self.presenting {
                    false => people
                        .sort_by_key(|p| std::cmp::Reverse(points.get(p.id.as_str()).copied())),
                    true => people.sort_by_cached_key(|p| {
                        (crate::text::names::sort_key_of(&p.name), p.id.clone())
                    }),
                }
                rows.push(LadderRow::Level {
                    code: level.code.clone(),
                    title: level.title.clone(),
                    threshold: level.points_threshold,
                    criteria: level.criteria.clone(),
                    people: people.len(),
                });
                let next = ladder
                    .levels
                    .get(i + 1)
                    .and_then(|n| n.points_threshold.map(|t| (n.code.clone(), t)));
                rows.extend(people.into_iter().map(|p| LadderRow::Person {
                    id: p.id.to_string(),
                    name: p.name.to_string(),
                    team: p.team.to_string(),
                    points: points.get(p.id.as_str()).copied().unwrap_or(0),
                    next: next.clone(),
                }));
            }
        }
        let mut rest: Vec<_> = by_level.into_values().flatten().collect();
        if !rest.is_empty() {
            rest.sort_by_cached_key(|p| (crate::text::names::sort_key_of(&p.name), &p.name, &p.id));
            rows.push(LadderRow::Ladder {
                name: match self.org.ladders.is_empty() {
                    true => {
                        "On no ladder: there is none yet (crewdeck config ladders FILE loads them)"
                    }
                    false => "On no ladder (their level is on none)",
                }
                .into(),
                track: "",
            });
            rows.extend(rest.into_iter().map(|p| LadderRow::Person {
                id: p.id.to_string(),
                name: p.name.to_string(),
                team: p.team.to_string(),
                points: points.get(p.id.as_str()).copied().unwrap_or(0),
                next: None,
            }));
        }
        self.ladder_rows = rows;
        self.item = self.item.min(self.ladder_rows.len().saturating_sub(1));
    }

    /// The person of the Ladder view's selected row.
    pub(super) fn ladder_person(&self) -> Option<String> {
        match self.ladder_rows.get(self.item)? {
            LadderRow::Person { id, .. } => Some(id.clone()),
            _ => None,
        }
    }
}
