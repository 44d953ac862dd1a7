//! The fuzzy finder over everyone in scope: names, titles and teams, and Chinese names by their
//! pinyin as well (`zj` and `zhangjian` both find 张建).

use crate::text::names::{bare, match_form, sort_key};
use crate::text::pinyin::{readings, spellings};
use crate::text::simplified::simplified;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::borrow::Cow;
use std::sync::Arc;

/// What one person can be found by, worked out once when the records load.
///
/// The texts are kept one after another in one allocation: a search in a large organisation
/// reads every key, and one place in memory per key is much quicker to read than seven.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchKey {
    /// Shared with the finder's hits, which are many for a short query.
    pub id: Arc<str>,
    /// The name in its [`match_form`]; the same without accents (when it has any); the pinyin
    /// initials and the whole spellings of its readings, each list apart by spaces (when it has
    /// Chinese characters); the key it sorts by (when that is not the name or its bare form);
    /// the title and the team, folded.
    text: Box<str>,
    /// Where each of those texts ends in `text` (which is cut at 64 KiB: nobody types more).
    ends: [u16; 7],
    /// The characters of the name, the bare name, the initials and the spellings, as bits
    /// ([`char_bits`]): a field without every character of the query is not matched at all.
    bits: [u64; 4],
}

const NAME: usize = 0;
const BARE: usize = 1;
const INITIALS: usize = 2;
const PINYIN: usize = 3;
const SORT: usize = 4;
const TITLE: usize = 5;
const TEAM: usize = 6;

impl SearchKey {
    pub fn new(id: &str, name: &str, title: &str, team: &str) -> SearchKey {
        let folded = crate::text::fold(name);
        let readings = readings(&folded);
        let spellings = spellings(&readings);
        let form = simplified(&folded).into_owned();
        let bare = bare(&form);
        let bare = if bare == form { "" } else { &bare };
        let initials = spellings.initials.join(" ");
        let pinyin = spellings.full.join(" ");
        let sort = sort_key(&readings);
        let sort = if sort == if bare.is_empty() { &form } else { bare } {
            ""
        } else {
            &sort
        };
        let fields = [
            &form[..],
            bare,
            &initials,
            &pinyin,
            sort,
            &crate::text::fold(title),
            &crate::text::fold(team),
        ];
        let mut text = String::new();
        let mut ends = [0; 7];
        for (end, field) in ends.iter_mut().zip(fields) {
            let room = usize::from(u16::MAX) - text.len();
            text.push_str(within(field, room));
            *end = u16::try_from(text.len()).unwrap_or(u16::MAX);
        }
        SearchKey {
            id: Arc::from(id),
            text: text.into_boxed_str(),
            ends,
            bits: [
                char_bits(&form),
                char_bits(bare),
                char_bits(&initials),
                char_bits(&pinyin),
            ],
        }
    }

    fn field(&self, which: usize) -> &str {
        let start = if which == 0 { 0 } else { self.ends[which - 1] };
        self.text
            .get(usize::from(start)..usize::from(self.ends[which]))
            .unwrap_or_default()
    }

    /// The name as it is matched: folded, in simplified characters.
    pub fn name_form(&self) -> &str {
        self.field(NAME)
    }

    /// What a list by name sorts this person on ([`crate::text::names::sort_key`]).
    pub fn sort_key(&self) -> &str {
        [SORT, BARE, NAME]
            .into_iter()
            .map(|f| self.field(f))
            .find(|f| !f.is_empty())
            .unwrap_or_default()
    }

    /// Bytes this key takes in memory: itself, its text and its id.
    pub fn bytes(&self) -> usize {
        // An `Arc<str>` holds two counts before the text.
        std::mem::size_of::<SearchKey>() + self.text.len() + 2 * 8 + self.id.len()
    }

    /// Whether `needle` is part of the id, of the name (with or without accents), of one of its
    /// pinyin spellings or initials (without spaces), of the title or of the team.
    pub fn contains(&self, needle: &Needle) -> bool {
        id_match(&self.id, &needle.form).is_some()
            || [NAME, BARE, TITLE, TEAM]
                .iter()
                .any(|f| self.field(*f).contains(&needle.form))
            || (!needle.squeezed.is_empty()
                && [INITIALS, PINYIN]
                    .iter()
                    .any(|f| self.field(*f).contains(&needle.squeezed)))
    }
}

/// The longest start of `text` of at most `bytes` bytes that ends between two characters.
fn within(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What the roster filter looks for, prepared once rather than once per person: the typed text
/// in its [`match_form`], trimmed, and the same without spaces for pinyin (`lu jia`).
#[derive(Debug, Clone, Default)]
pub struct Needle {
    form: String,
    squeezed: String,
}

impl Needle {
    pub fn new(typed: &str) -> Needle {
        let form = match_form(typed).trim().to_string();
        Needle {
            squeezed: form.split_whitespace().collect(),
            form,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.form.is_empty()
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

/// Best first; a match on the name before one on its pinyin, title or team; keys are in id
/// order, so the index breaks the remaining ties as the id would.
fn ranking(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score
        .cmp(&a.score)
        .then(b.by_name.cmp(&a.by_name))
        .then(a.key.cmp(&b.key))
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

    /// Matches `query`, in its [`match_form`], against every key; with nothing typed, lists
    /// everyone by `urgency` (the roster's urgency score), the people most in need of attention
    /// first, then in key order.
    pub fn search_or_list(&mut self, keys: &Arc<[SearchKey]>, urgency: &dyn Fn(&str) -> u32) {
        if !match_form(&self.query).trim().is_empty() {
            return self.search(keys);
        }
        self.selected = 0;
        self.searched.clear();
        self.keys = Some(Arc::clone(keys));
        let mut hits: Vec<Hit> = (0..keys.len())
            .map(|key| Hit {
                key,
                score: i64::from(urgency(&keys[key].id)),
                by_name: false,
            })
            .collect();
        self.ranked = rank_first(&mut hits);
        self.hits = hits;
    }

    /// Matches `query`, in its [`match_form`], against every key; an empty query lists nobody
    /// (see [`Finder::search_or_list`]).
    pub fn search(&mut self, keys: &Arc<[SearchKey]>) {
        let query = match_form(&self.query).trim().to_string();
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
        let mut hits = if narrowing {
            // The hits of the shorter query, in key order: in score order they send each read
            // to a far part of memory, and a second letter after a first that matched most of
            // a large organisation would wait on memory more than it works.
            let mut was_hit = vec![false; keys.len()];
            for hit in &self.hits {
                was_hit[hit.key] = true;
            }
            let candidates: Vec<usize> = (0..keys.len()).filter(|&i| was_hit[i]).collect();
            let pattern = Pattern::new(&query, candidates.len() >= QUICK_FROM);
            pattern.hits(candidates.as_slice(), keys, PARALLEL_FROM)
        } else {
            let pattern = Pattern::new(&query, keys.len() >= QUICK_FROM);
            pattern.hits(0..keys.len(), keys, PARALLEL_FROM)
        };
        self.ranked = rank_first(&mut hits);
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

/// Puts the best [`RANKED_FIRST`] hits in order, first; returns how many are in order.
fn rank_first(hits: &mut [Hit]) -> usize {
    if hits.len() > RANKED_FIRST {
        hits.select_nth_unstable_by(RANKED_FIRST - 1, ranking);
        hits[..RANKED_FIRST].sort_unstable_by(ranking);
        RANKED_FIRST
    } else {
        hits.sort_unstable_by(ranking);
        hits.len()
    }
}

/// Where `needle` (a query with a digit) is in `id`, ignoring ASCII case: the whole id, a part
/// of it, or nowhere. Employee ids are typed from a list or a badge: `e042` finds E042.
fn id_match(id: &str, needle: &str) -> Option<bool> {
    let (id, needle) = (id.as_bytes(), needle.as_bytes());
    if id.eq_ignore_ascii_case(needle) {
        return Some(true);
    }
    let part = !needle.is_empty()
        && id
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle));
    part.then_some(false)
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

/// The keys a search looks at: a range of everyone, or the hits of the query before.
trait Candidates: Send + Sized {
    fn count(&self) -> usize;
    fn each(self) -> impl Iterator<Item = usize>;
    fn halves(self) -> (Self, Self);
}

impl Candidates for std::ops::Range<usize> {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(self) -> impl Iterator<Item = usize> {
        self
    }

    fn halves(self) -> (Self, Self) {
        let middle = self.start + self.len() / 2;
        (self.start..middle, middle..self.end)
    }
}

impl Candidates for &[usize] {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(self) -> impl Iterator<Item = usize> {
        self.iter().copied()
    }

    fn halves(self) -> (Self, Self) {
        self.split_at(self.len() / 2)
    }
}

/// How many candidates it takes before matches are scored the quick way: the matcher's greedy
/// alignment (`fuzzy-matcher`'s `element_limit`) instead of the best one. A first letter or two
/// in a large organisation matches tens of thousands of people, whose order among themselves
/// nobody reads past the first screen; the best alignment of each would cost that keystroke
/// most of its time. A few more letters bring the candidates below this, and the best
/// alignment back.
const QUICK_FROM: usize = 20_000;

/// How many people it takes before a search is worth a second thread.
const PARALLEL_FROM: usize = 20_000;

/// The query, prepared once per keystroke rather than once per person.
struct Pattern<'q> {
    /// In its [`match_form`], trimmed: the fold is context-free (case folding, unlike
    /// `str::to_lowercase`, does not look at the next letter), so a longer query never stops
    /// matching what a shorter one matched.
    query: &'q str,
    /// Without spaces: pinyin is written with or without them (`li wei`, `liwei`).
    squeezed: String,
    /// Without accents, for the name without accents: `zoë mu` finds Zoë Müller.
    bare: Cow<'q, str>,
    /// Its words, for titles and teams.
    words: Vec<&'q str>,
    matcher: SkimMatcherV2,
    bits: u64,
    bare_bits: u64,
    /// Whether the query holds a digit, and so may be (part of) an employee id.
    has_digit: bool,
}

impl<'q> Pattern<'q> {
    /// The pattern for `query`, scoring matches the `quick` way ([`QUICK_FROM`]) or the best.
    fn new(query: &'q str, quick: bool) -> Pattern<'q> {
        let bare = bare(query);
        let matcher = SkimMatcherV2::default().ignore_case();
        Pattern {
            query,
            squeezed: query.split_whitespace().collect(),
            words: query.split_whitespace().collect(),
            // A limit of one element sends every match to the greedy alignment.
            matcher: if quick {
                matcher.element_limit(1)
            } else {
                matcher
            },
            bits: char_bits(query),
            bare_bits: char_bits(&bare),
            has_digit: query.bytes().any(|b| b.is_ascii_digit()),
            bare,
        }
    }

    /// The hits among `candidates` (indexes into `keys`: the hits of a shorter query, or
    /// everyone). A long list is split between two threads: a first keystroke in a large
    /// organisation looks at everyone.
    fn hits<C>(&self, candidates: C, keys: &[SearchKey], parallel_from: usize) -> Vec<Hit>
    where
        C: Candidates,
    {
        let scan = |part: C| -> Vec<Hit> {
            // Room for every candidate at once: growing a list of tens of thousands of hits
            // step by step copies it over and over.
            let mut hits = Vec::with_capacity(part.count());
            hits.extend(part.each().filter_map(|i| self.hit(i, &keys[i])));
            hits
        };
        if candidates.count() < parallel_from {
            return scan(candidates);
        }
        let (first, second) = candidates.halves();
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
        // An id is typed to find one person: the whole id first of all, a part of one after a
        // name. Only a query with a digit is looked for among ids.
        if self.has_digit {
            match id_match(&key.id, &self.squeezed) {
                Some(true) => return Some(hit(i64::MAX / 2, false)),
                Some(false) => return Some(hit(2, false)),
                None => {}
            }
        }
        let could_match = |field: usize| key.bits[field] & self.bits == self.bits;
        let mut best: Option<Hit> = could_match(NAME)
            .then(|| self.matcher.fuzzy_match(key.name_form(), self.query))
            .flatten()
            // A match on the name itself wins a tie (see `ranking`), and only a tie: `lv` is
            // 吕佳怡's pinyin from its first letter, and only scattered in Lucía Álvarez.
            .map(|score| hit(score, true));
        // Else the name and the query without accents; it scores no better than the name
        // itself where that matched (it differs only in letters the query did not need). A
        // name without accents is its own bare form: worth trying for a query with some.
        let (bare, bare_bits) = match key.field(BARE) {
            "" => (key.name_form(), key.bits[NAME]),
            bare => (bare, key.bits[BARE]),
        };
        let differs = !key.field(BARE).is_empty() || *self.bare != *self.query;
        if best.is_none() && differs && bare_bits & self.bare_bits == self.bare_bits {
            best = self
                .matcher
                .fuzzy_match(bare, &self.bare)
                .map(|score| hit(score, false));
        }
        for field in [INITIALS, PINYIN] {
            if key.field(field).is_empty() || !could_match(field) {
                continue;
            }
            // The first spelling the query fits is scored, and only that one: the first is
            // the name as it is usually read, and the others are there to find the name when
            // it does not fit (scoring each would cost a keystroke in a large organisation
            // most of its time). Another reading than the first wins only by a clearer
            // match, not on a tie.
            let spellings = key.field(field).split(' ').enumerate();
            let fitting = spellings
                .into_iter()
                .find(|(_, spelling)| subsequence(self.squeezed.as_bytes(), spelling.as_bytes()));
            let Some((other, spelling)) = fitting else {
                continue;
            };
            if let Some(score) = self.matcher.fuzzy_match(spelling, &self.squeezed) {
                let score = score - other as i64;
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
                .any(|text| self.words.iter().all(|w| text.contains(w)))
        {
            best = Some(hit(1, false));
        }
        best
    }
}

/// Whether the bytes of `needle` appear in `haystack` in order: what a fuzzy match needs, and
/// much quicker to rule out than scoring one. Spellings are ASCII, and so is a query that could
/// match them (its [`char_bits`] say so).
fn subsequence(needle: &[u8], haystack: &[u8]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|n| rest.any(|h| h == n))
}

/// Where in `name` the query matched (character positions), for highlighting the hits shown.
/// The match is made in both texts' [`match_form`], as the finder makes it; its positions fit
/// the name when the form has as many characters (it does but for ligatures and the like).
pub fn name_positions(name: &str, query: &str) -> Vec<usize> {
    let form = match_form(name);
    let query = match_form(query);
    let target = if form.chars().count() == name.chars().count() {
        &form
    } else {
        name
    };
    SkimMatcherV2::default()
        .ignore_case()
        .fuzzy_indices(target, query.trim())
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
        for (query, quick) in [("a", true), ("zw", false), ("senior", true)] {
            let pattern = Pattern::new(query, quick);
            assert_eq!(
                pattern.hits(all.as_slice(), &keys, usize::MAX),
                pattern.hits(all.as_slice(), &keys, 2),
                "{query}"
            );
        }

        // Scored the quick way, a query finds the same people as scored the best way.
        for query in ["a", "zw", "senior", "li", "zoe m", "ou", "z"] {
            let found = |quick| {
                let mut keys: Vec<usize> = Pattern::new(query, quick)
                    .hits(all.as_slice(), &keys, usize::MAX)
                    .iter()
                    .map(|h| h.key)
                    .collect();
                keys.sort_unstable();
                keys
            };
            assert_eq!(found(true), found(false), "{query}");
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
        assert_eq!(name_positions("Raj Patel", &finder.query), vec![0, 4]);
        // A traditional name highlights where a simplified or full-width query matched.
        assert_eq!(name_positions("張偉明", "张伟"), vec![0, 1]);
        assert_eq!(name_positions("Zoë Müller", "\u{ff5a}\u{ff4d}"), vec![0, 4]);
    }

    /// The first hit for each query among `people` (id, name).
    fn first_among(people: &[(&str, &str)], query: &str) -> Option<String> {
        let keys: Arc<[SearchKey]> = people
            .iter()
            .map(|(id, name)| SearchKey::new(id, name, "Engineer", "Core"))
            .collect();
        let mut finder = Finder {
            query: query.into(),
            ..Finder::default()
        };
        finder.search(&keys);
        finder.selected_id().map(str::to_string)
    }

    const CHINESE: &[(&str, &str)] = &[
        ("C1", "曾小凡"),
        ("C2", "陈静"),
        ("C3", "单丽华"),
        ("C4", "李强"),
        ("C5", "吕佳怡"),
        ("C6", "卢家怡"),
        ("C7", "曾國強"),
        ("C8", "尉迟兰"),
        ("C9", "魏兰"),
    ];

    #[test]
    fn a_surname_is_found_by_its_surname_reading() {
        assert_eq!(first_among(CHINESE, "zengxiaofan").as_deref(), Some("C1"));
        assert_eq!(first_among(CHINESE, "zxf").as_deref(), Some("C1"));
        assert_eq!(first_among(CHINESE, "shan").as_deref(), Some("C3"));
        assert_eq!(first_among(CHINESE, "yuchi").as_deref(), Some("C8"));
        assert_eq!(first_among(CHINESE, "ycl").as_deref(), Some("C8"));
        // 尉迟兰 is found by `weichilan` too, but 魏兰 is the closer match for `weilan`.
        assert_eq!(first_among(CHINESE, "weilan").as_deref(), Some("C9"));
    }

    #[test]
    fn other_readings_of_a_character_find_the_name_too() {
        assert_eq!(first_among(CHINESE, "cengxiaofan").as_deref(), Some("C1"));
        assert_eq!(first_among(CHINESE, "cxf").as_deref(), Some("C1"));
        assert_eq!(first_among(CHINESE, "lijiang").as_deref(), Some("C4"));
        assert_eq!(first_among(CHINESE, "danlihua").as_deref(), Some("C3"));
    }

    #[test]
    fn u_with_umlaut_is_found_as_v_u_or_yu() {
        for query in ["lv", "lvjiayi", "lyu", "lyujiayi", "lv jia yi"] {
            assert_eq!(
                first_among(CHINESE, query).as_deref(),
                Some("C5"),
                "{query}"
            );
        }
        // `lu` is both 吕 typed without the umlaut and 卢: both are found.
        let keys: Arc<[SearchKey]> = CHINESE
            .iter()
            .map(|(id, name)| SearchKey::new(id, name, "", ""))
            .collect();
        let mut finder = Finder {
            query: "lu jia yi".into(),
            ..Finder::default()
        };
        finder.search(&keys);
        let found: Vec<&str> = finder.hits.iter().filter_map(|h| finder.id_of(h)).collect();
        assert!(found.contains(&"C5") && found.contains(&"C6"), "{found:?}");
        assert_eq!(
            found[0], "C6",
            "卢 is read lu; 吕 only when typed without the umlaut"
        );
    }

    #[test]
    fn traditional_and_simplified_characters_find_each_other() {
        assert_eq!(first_among(CHINESE, "曾国强").as_deref(), Some("C7"));
        assert_eq!(first_among(CHINESE, "曾國強").as_deref(), Some("C7"));
        assert_eq!(first_among(CHINESE, "zengguoqiang").as_deref(), Some("C7"));
        assert_eq!(first_among(CHINESE, "陳").as_deref(), Some("C2"));
    }

    #[test]
    fn full_width_letters_and_wide_spaces_of_an_input_method_are_folded() {
        let wide = |ascii: &str| -> String {
            ascii
                .chars()
                .map(|c| match c {
                    ' ' => '\u{3000}',
                    c => char::from_u32(c as u32 - 0x21 + 0xff01).unwrap_or(c),
                })
                .collect()
        };
        assert_eq!(wide("zxf"), "\u{ff5a}\u{ff58}\u{ff46}");
        assert_eq!(first_among(CHINESE, &wide("zxf")).as_deref(), Some("C1"));
        assert_eq!(first_among(CHINESE, &wide("lv jia")).as_deref(), Some("C5"));
        assert_eq!(first("\u{ff32}\u{ff41}\u{ff4a}").as_deref(), Some("E021"));
    }

    #[test]
    fn decomposed_accents_are_one_with_composed_ones() {
        let people = [("N1", "Zoe\u{308} Mu\u{308}ller"), ("N2", "Zoe Brooks")];
        assert_eq!(first_among(&people, "zoë mü").as_deref(), Some("N1"));
        assert_eq!(first_among(&people, "zoe\u{308} mu").as_deref(), Some("N1"));
        assert_eq!(first_among(&people, "zoe mu").as_deref(), Some("N1"));
        assert_eq!(first_among(&people, "ZOË").as_deref(), Some("N1"));
    }

    /// Persian spelling puts a zero-width non-joiner inside `حسین‌زاده`; a keyboard may type a
    /// space there, or nothing: each finds her.
    #[test]
    fn a_persian_name_is_found_typed_with_its_joiner_a_space_or_neither() {
        let joined = "\u{645}\u{631}\u{6cc}\u{645} \u{62d}\u{633}\u{6cc}\u{646}\u{200c}\u{632}\u{627}\u{62f}\u{647}";
        let people = [("P1", joined), ("P2", "Maryam Hosseini")];
        for typed in [
            "\u{62d}\u{633}\u{6cc}\u{646}\u{200c}\u{632}\u{627}\u{62f}\u{647}",
            "\u{62d}\u{633}\u{6cc}\u{646} \u{632}\u{627}\u{62f}\u{647}",
            "\u{62d}\u{633}\u{6cc}\u{646}\u{632}\u{627}\u{62f}\u{647}",
        ] {
            assert_eq!(
                first_among(&people, typed).as_deref(),
                Some("P1"),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn the_filter_finds_by_every_form_of_a_name() {
        let key = SearchKey::new("C1", "曾國強", "Staff Engineer", "Core");
        for typed in [
            "曾国强",
            "國強",
            "zeng",
            "cengguo",
            "zgq",
            "zeng guo",
            "\u{ff5a}\u{ff47}",
            "ENGINEER",
        ] {
            assert!(key.contains(&Needle::new(typed)), "{typed}");
        }
        assert!(!key.contains(&Needle::new("zengx")));
        let accented = SearchKey::new("N1", "Zoe\u{308} Müller", "", "");
        for typed in ["zoë", "zoe", "muller", "MÜLLER"] {
            assert!(accented.contains(&Needle::new(typed)), "{typed}");
        }
    }

    #[test]
    fn a_huge_title_is_cut_between_characters_and_the_name_kept() {
        let title = "工程师".repeat(30_000);
        let key = SearchKey::new("E1", "曾小凡", &title, "Core");
        assert_eq!(key.name_form(), "曾小凡");
        assert!(key.field(TITLE).starts_with("工程师"));
        assert!(key.text.len() <= usize::from(u16::MAX));
        assert_eq!(key.field(TITLE).chars().count(), key.field(TITLE).len() / 3);
        assert!(key.contains(&Needle::new("zxf")));
    }

    #[test]
    fn keys_stay_compact() {
        // What a Chinese name adds: its spellings and initials, and the key it sorts by.
        let plain = SearchKey::new("E1", "Sam Reid", "Engineer", "Core");
        let chinese = SearchKey::new("E2", "曾小凡", "Engineer", "Core");
        assert_eq!(plain.sort_key(), "sam reid");
        assert_eq!(chinese.sort_key(), "zeng xiao fan");
        assert_eq!(chinese.field(PINYIN), "zengxiaofan cengxiaofan");
        assert!(chinese.bytes() - plain.bytes() < 64, "{}", chinese.bytes());
        // Over a synthetic organisation (a quarter of the names Chinese, an eighth accented).
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut org = crate::domain::Org::default();
        org.apply(&crate::synth::organisation(2000, 1, day))
            .unwrap();
        let keys: Vec<SearchKey> = org
            .people
            .values()
            .map(|p| SearchKey::new(p.id.as_str(), &p.name, &p.title, &p.team))
            .collect();
        let mean = keys.iter().map(SearchKey::bytes).sum::<usize>() / keys.len();
        // 146 bytes before names had more than one reading, 142 after (ends as u16).
        assert!(mean <= 150, "{mean} bytes a key");
    }
}
