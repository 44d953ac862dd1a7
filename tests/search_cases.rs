//! Chinese names found as a Chinese user types them: `tests/cases/search/surnames.csv` is a
//! roster of surnames read differently from their everyday reading, a name with ü and one in
//! traditional characters; `queries.tsv` holds each query and whom the user expects first.
//! Every query is typed into the finder and into the roster's `/` filter.

use crewdeck::app::finder::{Finder, Needle, SearchKey};
use std::sync::Arc;

const ROSTER: &str = include_str!("cases/search/surnames.csv");
const QUERIES: &str = include_str!("cases/search/queries.tsv");

fn keys() -> Arc<[SearchKey]> {
    let mut reader = csv::Reader::from_reader(ROSTER.as_bytes());
    let mut keys: Vec<SearchKey> = reader
        .records()
        .map(|row| {
            let row = row.expect("a roster row");
            SearchKey::new(&row[0], &row[1], &row[2], &row[3])
        })
        .collect();
    // In id order, as the cockpit keeps them.
    keys.sort_by(|a, b| a.id.cmp(&b.id));
    keys.into()
}

/// Each query and the ids its expectation names, in order: `S01 曾小凡 (or S10 曾国强; both
/// before anyone else)` names S01 and S10.
fn queries() -> Vec<(String, Vec<String>)> {
    QUERIES
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (query, expected) = line.split_once('\t').expect("query<TAB>expected");
            let ids = expected
                .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
                .filter(|word| {
                    word.len() == 3
                        && word.starts_with('S')
                        && word[1..].bytes().all(|b| b.is_ascii_digit())
                })
                .map(str::to_string)
                .collect();
            (query.to_string(), ids)
        })
        .collect()
}

#[test]
fn every_query_finds_the_expected_person_first() {
    let keys = keys();
    assert_eq!(keys.len(), 10, "the whole roster is read");
    let queries = queries();
    assert_eq!(queries.len(), 13, "every query is read");
    for (query, expected) in &queries {
        assert!(!expected.is_empty(), "{query}: nobody expected");
        let mut finder = Finder::default();
        finder.query = query.clone();
        finder.search(&keys);
        let found: Vec<&str> = finder
            .hits
            .iter()
            .filter_map(|hit| finder.id_of(hit))
            .collect();
        // Several people named: they are the first hits, in any order.
        let mut first: Vec<&str> = found.iter().take(expected.len()).copied().collect();
        first.sort_unstable();
        let mut wanted: Vec<&str> = expected.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        assert_eq!(first, wanted, "{query:?} found {found:?}");
    }
}

#[test]
fn every_query_keeps_the_expected_people_in_the_roster_filter() {
    let keys = keys();
    for (query, expected) in queries() {
        let needle = Needle::new(&query);
        for id in &expected {
            let key = keys.iter().find(|k| &*k.id == id.as_str()).expect(id);
            assert!(key.contains(&needle), "{query:?} filters out {id}");
        }
    }
}
