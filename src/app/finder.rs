//! The fuzzy finder over everyone in scope: names, titles and teams, and Chinese names by their
//! pinyin as well (`zj` and `zhangjian` both find 张建).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use pinyin::ToPinyin;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

/// The name without accents, so `zoe` finds Zoë and `jose` José.
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// What one person can be found by, worked out once when the records load.
///
/// The texts are kept one after another in one allocation: a search in a large organisation
/// reads every key, and one place in memory per key is much quicker to read than six.
#[derive(Debug, Clone)]
pub struct SearchKey {
    /// Shared with the finder's hits, which are many for a short query.
    pub id: Arc<str>,
    /// The name; the name without accents (when it has any); the pinyin initials and the
    /// whole pinyin (when it has Chinese characters); the title and the team in lower case.
    text: Box<str>,
    /// Where each of those texts ends in `text`.
    ends: [u32; 6],
    /// The characters of the name, the folded name, the initials and the pinyin, as bits
    /// ([`char_bits`]): a field without every character of the query is not matched at all.
    bits: [u64; 4],
}

const NAME: usize = 0;
const FOLDED: usize = 1;
const INITIALS: usize = 2;
const PINYIN: usize = 3;
const TITLE: usize = 4;
const TEAM: usize = 5;

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
        let folded = if folded == name { "" } else { &folded };
        let fields = [
            name,
            folded,
            &initials,
            &pinyin,
            &lower(title),
            &lower(team),
        ];
        let mut text = String::new();
        let mut ends = [0; 6];
        for (end, field) in ends.iter_mut().zip(fields) {
            text.push_str(field);
            *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        SearchKey {
            id: Arc::from(id),
            text: text.into_boxed_str(),
            ends,
            bits: [
                char_bits(name),
                char_bits(folded),
                char_bits(&initials),
                char_bits(&pinyin),
            ],
        }
    }

    fn field(&self, which: usize) -> &str {
        let start = if which == 0 { 0 } else { self.ends[which - 1] };
        self.text
            .get(start as usize..self.ends[which] as usize)
            .unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.field(NAME)
    }

    /// Whether `needle` (lowercase) is part of the name, its pinyin, the title or the team.
    pub fn contains(&self, needle: &str) -> bool {
        let in_name = |field: &str| {
            if field.is_ascii() {
                // The common case, without an allocation per person and keystroke.
                field
                    .as_bytes()
                    .windows(needle.len().max(1))
                    .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
                    || needle.is_empty()
            } else {
                field.to_lowercase().contains(needle)
            }
        };
        in_name(self.field(NAME))
            || in_name(self.field(FOLDED))
            || [INITIALS, PINYIN, TITLE, TEAM]
                .iter()
                .any(|f| self.field(*f).contains(needle))
    }
}

/// One match: which key (an index into the keys searched), its score, and whether it matched
/// the name itself (then the matched letters are highlighted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub key: usize,
    pub score: i64,
    pub by_name: bool,
}

/// Best first; keys are in id order, so the index breaks ties as the id would.
fn ranking(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score.cmp(&a.score).then(a.key.cmp(&b.key))
}

/// How many of the best hits are put in order at once; the rest only when the selection
/// comes near them. A first letter matches most of a large organisation, and nobody scrolls
/// through it all.
const RANKED_FIRST: usize = 512;

/// The finder's state: the query and its hits, best first.
#[derive(Default)]
pub struct Finder {
    pub query: String,
    /// Picking someone for a form's person field, rather than going to them.
    pub pick: bool,
    /// Best first up to `ranked`; beyond that in no order yet.
    pub hits: Vec<Hit>,
    pub selected: usize,
    ranked: usize,
    /// The keys the hits point into, and the query they are for: a query that only adds to it
    /// needs to look only at those hits again.
    keys: Option<Arc<[SearchKey]>>,
    searched: String,
}

impl Finder {
    /// A finder that picks someone for a form's person field instead of going to them.
    pub fn picking() -> Finder {
        Finder {
            pick: true,
            ..Finder::default()
        }
    }

    /// Matches `query` against every key; an empty query lists nobody.
    pub fn search(&mut self, keys: &Arc<[SearchKey]>) {
        let query = self.query.trim().to_string();
        self.selected = 0;
        if query.is_empty() {
            self.hits.clear();
            self.searched.clear();
            return;
        }
        // Every rule below is a subsequence or a substring test, so a longer query matches a
        // subset of what a shorter one did.
        let same_keys = self.keys.as_ref().is_some_and(|k| Arc::ptr_eq(k, keys));
        let narrowing = same_keys && !self.searched.is_empty() && query.starts_with(&self.searched);
        let pattern = Pattern::new(&query);
        let candidates: Vec<usize> = if narrowing {
            self.hits.iter().map(|h| h.key).collect()
        } else {
            (0..keys.len()).collect()
        };
        let mut hits = pattern.hits(&candidates, keys, PARALLEL_FROM);
        if hits.len() > RANKED_FIRST {
            hits.select_nth_unstable_by(RANKED_FIRST - 1, ranking);
            hits[..RANKED_FIRST].sort_unstable_by(ranking);
            self.ranked = RANKED_FIRST;
        } else {
            hits.sort_unstable_by(ranking);
            self.ranked = hits.len();
        }
        self.hits = hits;
        self.keys = Some(Arc::clone(keys));
        self.searched = query;
    }

    /// Puts every hit in order if the selection, a page further on, would reach the unordered
    /// ones.
    pub fn rank_through(&mut self, index: usize) {
        if index.saturating_add(64) >= self.ranked && self.ranked < self.hits.len() {
            self.hits[self.ranked..].sort_unstable_by(ranking);
            self.ranked = self.hits.len();
        }
    }

    /// The person a hit is.
    pub fn id_of(&self, hit: &Hit) -> Option<&str> {
        self.keys.as_ref()?.get(hit.key).map(|k| &*k.id)
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.id_of(self.hits.get(self.selected)?)
    }
}

/// Lower case one character at a time: unlike `str::to_lowercase`, a character's lower case
/// does not depend on what follows it (a Greek final sigma), so a longer query never stops
/// matching what a shorter one matched.
fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// A set of characters in 64 bits, ignoring ASCII case as the matcher does: letters and
/// digits have a bit each, and other characters share the rest. That a key has every bit of a
/// query is necessary for a match, and quick to test.
fn char_bits(text: &str) -> u64 {
    text.chars().fold(0, |bits, c| {
        let c = c.to_ascii_lowercase();
        let bit = match c {
            _ if c.is_whitespace() => return bits, // queries match without their spaces too
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ if c.is_ascii() => 36,
            _ => 37 + c as u32 % 27,
        };
        bits | 1 << bit
    })
}

/// How many people it takes before a search is worth a second thread.
const PARALLEL_FROM: usize = 20_000;

/// The query, prepared once per keystroke rather than once per person.
struct Pattern<'q> {
    query: &'q str,
    /// Without spaces: pinyin is written with or without them (`li wei`, `liwei`).
    squeezed: String,
    /// Its words in lower case, for titles and teams.
    words: Vec<String>,
    matcher: SkimMatcherV2,
    bits: u64,
}

impl<'q> Pattern<'q> {
    fn new(query: &'q str) -> Pattern<'q> {
        Pattern {
            query,
            squeezed: query.split_whitespace().collect(),
            words: query.split_whitespace().map(lower).collect(),
            matcher: SkimMatcherV2::default().ignore_case(),
            bits: char_bits(query),
        }
    }

    /// The hits among `candidates` (indexes into `keys`). A long list is split between two
    /// threads: a first keystroke in a large organisation looks at everyone.
    fn hits(&self, candidates: &[usize], keys: &[SearchKey], parallel_from: usize) -> Vec<Hit> {
        let scan = |part: &[usize]| -> Vec<Hit> {
            part.iter().filter_map(|&i| self.hit(i, &keys[i])).collect()
        };
        if candidates.len() < parallel_from {
            return scan(candidates);
        }
        let (first, second) = candidates.split_at(candidates.len() / 2);
        std::thread::scope(|scope| {
            let other = scope.spawn(|| scan(second));
            let mut hits = scan(first);
            match other.join() {
                Ok(more) => hits.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            hits
        })
    }

    fn hit(&self, index: usize, key: &SearchKey) -> Option<Hit> {
        let hit = |score, by_name| Hit {
            key: index,
            score,
            by_name,
        };
        let could_match = |field: usize| key.bits[field] & self.bits == self.bits;
        let mut best: Option<Hit> = could_match(0)
            .then(|| self.matcher.fuzzy_match(key.name(), self.query))
            .flatten()
            .map(|score| hit(score + 10, true)); // a match on the name itself wins a tie
        for (field, query) in [
            (FOLDED, self.query),
            (INITIALS, &self.squeezed[..]),
            (PINYIN, &self.squeezed[..]),
        ] {
            let other = key.field(field);
            // The name without accents scores no better than the name itself where that
            // matched (it differs only in letters the query did not need).
            let folded_needless = field == FOLDED && best.is_some();
            if other.is_empty() || folded_needless || !could_match(field) {
                continue;
            }
            if let Some(score) = self.matcher.fuzzy_match(other, query) {
                if best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(hit(score, false));
                }
            }
        }
        // Titles and teams are long: a loose match there finds nearly anyone (`wang` is in
        // "Software Engineer"), so each word of the query must appear in them as typed.
        if best.is_none()
            && [key.field(TITLE), key.field(TEAM)]
                .iter()
                .any(|text| self.words.iter().all(|w| text.contains(w.as_str())))
        {
            best = Some(hit(1, false));
        }
        best
    }
}

/// Where in `name` the query matched (character positions), for highlighting the hits shown.
pub fn name_positions(name: &str, query: &str) -> Vec<usize> {
    SkimMatcherV2::default()
        .ignore_case()
        .fuzzy_indices(name, query.trim())
        .map(|(_, positions)| positions)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Arc<[SearchKey]> {
        Arc::from(vec![
            SearchKey::new("E030", "张建", "Product Manager", "Product"),
            SearchKey::new("E006", "李伟", "Engineering Manager", "Platform"),
            SearchKey::new("E014", "Zoë Müller", "Engineering Manager", "Mobile"),
            SearchKey::new("E021", "Raj Patel", "Head of Data & AI", "Data & AI"),
        ])
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
        assert_eq!(
            first("li\u{3000}wei").as_deref(),
            Some("E006"),
            "pinyin with an input method's wide space"
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

    /// Typing narrows the last hits rather than searching everyone again: the hits must be
    /// exactly those of a search from scratch, at every keystroke, including spaces and
    /// backspaces.
    #[test]
    fn typing_on_finds_what_a_fresh_search_finds() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut org = crate::domain::Org::default();
        org.apply(&crate::synth::organisation(1500, 7, day))
            .unwrap();
        let keys: Arc<[SearchKey]> = org
            .people
            .values()
            .map(|p| SearchKey::new(p.id.as_str(), &p.name, &p.title, &p.team))
            .collect();
        // Every hit in order, for comparing two searches; the typing finder itself is left as
        // it is (partly ranked), to narrow from on the next keystroke.
        let ranked = |finder: &Finder| {
            let mut hits = finder.hits.clone();
            hits.sort_by(ranking);
            hits
        };
        let fresh = |query: &str| {
            let mut finder = Finder {
                query: query.to_string(),
                ..Finder::default()
            };
            finder.search(&keys);
            ranked(&finder)
        };
        let mut typing = Finder::default();
        for query in [
            "zhang wei",
            "zoe mu",
            "analyst t",
            "lw",
            "garcía",
            "senior s",
        ] {
            typing.query.clear();
            for c in query.chars() {
                typing.query.push(c);
                typing.search(&keys);
                let typed = &typing.query;
                assert_eq!(ranked(&typing), fresh(typed), "after typing {typed:?}");
            }
            typing.query.pop();
            typing.search(&keys);
            let typed = &typing.query;
            assert_eq!(
                ranked(&typing),
                fresh(typed),
                "after a backspace in {query:?}"
            );
        }
        assert!(!typing.hits.is_empty(), "the queries find someone");

        // Only the best are put in order at once; the rest when the selection nears them.
        let mut wide = Finder {
            query: "a".into(),
            ..Finder::default()
        };
        wide.search(&keys);
        assert!(wide.hits.len() > RANKED_FIRST, "{}", wide.hits.len());
        let in_order = |hits: &[Hit]| hits.windows(2).all(|w| ranking(&w[0], &w[1]).is_le());
        assert!(in_order(&wide.hits[..RANKED_FIRST]));
        wide.rank_through(RANKED_FIRST - 10);
        assert!(in_order(&wide.hits));

        // Split between two threads, the hits are the same.
        let all: Vec<usize> = (0..keys.len()).collect();
        for query in ["a", "zw", "senior"] {
            let pattern = Pattern::new(query);
            assert_eq!(
                pattern.hits(&all, &keys, usize::MAX),
                pattern.hits(&all, &keys, 2),
                "{query}"
            );
        }
    }

    #[test]
    fn a_name_match_carries_the_positions_to_highlight() {
        let mut finder = Finder {
            query: "rp".into(),
            ..Finder::default()
        };
        let keys = keys();
        finder.search(&keys);
        let hit = finder.hits[0];
        assert!(hit.by_name);
        assert_eq!(finder.id_of(&hit), Some("E021"));
        assert_eq!(
            name_positions(keys[hit.key].name(), &finder.query),
            vec![0, 4]
        );
    }
}
