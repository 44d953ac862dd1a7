//! The fuzzy finder over everyone in scope: names, titles and teams, and Chinese names by their
//! pinyin as well (`zj` and `zhangjian` both find 张建).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use pinyin::ToPinyin;
use unicode_normalization::UnicodeNormalization;

/// The name without accents, so `zoe` finds Zoë and `jose` José.
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// What one person can be found by, worked out once when the records load.
#[derive(Debug, Clone)]
pub struct SearchKey {
    pub id: String,
    pub name: String,
    /// The name without accents, when it has any.
    folded: String,
    /// Pinyin initials and the whole pinyin of the name, when it has Chinese characters.
    initials: String,
    pinyin: String,
    title: String,
    team: String,
}

impl SearchKey {
    pub fn new(id: &str, name: &str, title: &str, team: &str) -> SearchKey {
        let mut initials = String::new();
        let mut pinyin = String::new();
        for c in name.chars() {
            if let Some(p) = c.to_pinyin() {
                initials.push_str(p.first_letter());
                pinyin.push_str(p.plain());
            }
        }
        let folded = fold(name);
        SearchKey {
            id: id.to_string(),
            folded: if folded == name {
                String::new()
            } else {
                folded
            },
            name: name.to_string(),
            initials,
            pinyin,
            title: title.to_string(),
            team: team.to_string(),
        }
    }
}

impl SearchKey {
    /// Whether `needle` (lowercase) is part of the name, its pinyin, the title or the team.
    pub fn contains(&self, needle: &str) -> bool {
        [
            &self.name,
            &self.folded,
            &self.initials,
            &self.pinyin,
            &self.title,
            &self.team,
        ]
        .iter()
        .any(|field| field.to_lowercase().contains(needle))
    }
}

/// One match: the person, its score, and where in the name the query matched (character
/// positions), for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: String,
    pub score: i64,
    pub name_positions: Vec<usize>,
}

/// The finder's state: the query and its hits, best first.
#[derive(Default)]
pub struct Finder {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

impl Finder {
    /// Matches `query` against every key; an empty query lists nobody.
    pub fn search(&mut self, keys: &[SearchKey]) {
        let matcher = SkimMatcherV2::default().ignore_case();
        let query = self.query.trim();
        self.hits.clear();
        self.selected = 0;
        if query.is_empty() {
            return;
        }
        for key in keys {
            let mut best: Option<Hit> = None;
            if let Some((score, positions)) = matcher.fuzzy_indices(&key.name, query) {
                best = Some(Hit {
                    id: key.id.clone(),
                    score: score + 10, // a match on the name itself wins a tie
                    name_positions: positions,
                });
            }
            // Pinyin is written with or without spaces: `li wei` and `liwei` are the same.
            let squeezed: String = query.split_whitespace().collect();
            for (other, query) in [
                (&key.folded, query),
                (&key.initials, &squeezed[..]),
                (&key.pinyin, &squeezed[..]),
            ] {
                if other.is_empty() {
                    continue;
                }
                if let Some(score) = matcher.fuzzy_match(other, query) {
                    if best.as_ref().is_none_or(|b| score > b.score) {
                        best = Some(Hit {
                            id: key.id.clone(),
                            score,
                            name_positions: Vec::new(),
                        });
                    }
                }
            }
            // Titles and teams are long: a loose match there finds nearly anyone (`wang` is in
            // "Software Engineer"), so each word of the query must appear in them as typed.
            let lower = query.to_lowercase();
            for other in [&key.title, &key.team] {
                let text = other.to_lowercase();
                if best.is_none() && lower.split_whitespace().all(|w| text.contains(w)) {
                    best = Some(Hit {
                        id: key.id.clone(),
                        score: 1,
                        name_positions: Vec::new(),
                    });
                }
            }
            self.hits.extend(best);
        }
        self.hits
            .sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.hits.get(self.selected).map(|h| h.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<SearchKey> {
        vec![
            SearchKey::new("E030", "张建", "Product Manager", "Product"),
            SearchKey::new("E006", "李伟", "Engineering Manager", "Platform"),
            SearchKey::new("E014", "Zoë Müller", "Engineering Manager", "Mobile"),
            SearchKey::new("E021", "Raj Patel", "Head of Data & AI", "Data & AI"),
        ]
    }

    fn first(query: &str) -> Option<String> {
        let mut finder = Finder {
            query: query.into(),
            ..Finder::default()
        };
        finder.search(&keys());
        finder.selected_id().map(str::to_string)
    }

    #[test]
    fn chinese_names_are_found_by_pinyin_initials_and_whole_pinyin() {
        assert_eq!(first("zj").as_deref(), Some("E030"));
        assert_eq!(first("zhangjian").as_deref(), Some("E030"));
        assert_eq!(first("liwei").as_deref(), Some("E006"));
        assert_eq!(first("张").as_deref(), Some("E030"));
    }

    #[test]
    fn names_titles_and_teams_match_fuzzily() {
        assert_eq!(first("raj").as_deref(), Some("E021"));
        assert_eq!(first("zoe").as_deref(), Some("E014"), "accents are folded");
        assert_eq!(first("zoë").as_deref(), Some("E014"));
        assert_eq!(first("data ai").as_deref(), Some("E021"));
        assert_eq!(
            first("li wei").as_deref(),
            Some("E006"),
            "pinyin with a space"
        );
        assert_eq!(first("mobile").as_deref(), Some("E014"));
        assert_eq!(first(""), None);
    }

    #[test]
    fn a_loose_match_in_a_title_finds_nobody() {
        let mut finder = Finder {
            query: "wang".into(),
            ..Finder::default()
        };
        finder.search(&keys());
        assert!(finder.hits.is_empty(), "{:?}", finder.hits);
    }

    #[test]
    fn a_name_match_carries_the_positions_to_highlight() {
        let mut finder = Finder {
            query: "rp".into(),
            ..Finder::default()
        };
        finder.search(&keys());
        assert_eq!(finder.hits[0].name_positions, vec![0, 4]);
    }
}
