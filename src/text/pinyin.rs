//! How Chinese names are read aloud, for finding and sorting them by what people type: each
//! character's readings (a leading surname read as a surname first: 曾 is `zeng`, not `ceng`),
//! and from them the spellings a name is found by, `ü` written as `v`, `u` or `yu`.
//!
//! Readings come from the `pinyin` crate (the pinyin-data tables, every reading of a polyphonic
//! character) and, for surnames, from `data/surname_readings.toml` (its source named at its
//! top).

use super::simplified::simplified_char;
use pinyin::ToPinyinMulti;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// `[surnames]`: surname as written = readings apart by commas, syllables apart by spaces.
const SURNAME_READINGS: &str = include_str!("../../data/surname_readings.toml");

/// Surname as written → its readings, each one syllable per character.
type Surnames = foldhash::HashMap<Vec<char>, Vec<Vec<String>>>;

static SURNAMES: LazyLock<Surnames> = LazyLock::new(|| parse_surnames(SURNAME_READINGS));

/// Reads the surname table. An entry whose syllables do not match its characters one for one
/// is left out; a table that does not parse gives none (it is embedded, and tested).
fn parse_surnames(text: &str) -> Surnames {
    #[derive(serde::Deserialize)]
    struct File {
        surnames: BTreeMap<String, String>,
    }
    let Ok(file) = toml::from_str::<File>(text) else {
        return Surnames::default();
    };
    let mut table = Surnames::default();
    for (written, readings) in file.surnames {
        let chars: Vec<char> = written.chars().collect();
        let readings: Vec<Vec<String>> = readings
            .split(',')
            .map(|reading| reading.split_whitespace().map(str::to_string).collect())
            .filter(|syllables: &Vec<String>| syllables.len() == chars.len())
            .collect();
        if !readings.is_empty() {
            table.insert(chars, readings);
        }
    }
    table
}

/// One character of a name and how it may be read: the reading to use first, then the others
/// (no tones, `ü` as written: `lü`). Empty for a character that is not Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub char: char,
    pub readings: Vec<&'static str>,
}

/// Each character of `name` (trimmed) with its readings, in order. Give it a
/// [`super::fold`]ed name.
///
/// A name that begins with a surname of the table has that surname's readings first: a
/// compound surname (尉迟, two characters) when the name is longer than it, else a
/// single-character one (曾). Every other reading of each character follows, in the pinyin
/// data's order (most used first), with those of its simplified form (萬 is also read as 万).
pub fn readings(name: &str) -> Vec<Reading> {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut out: Vec<Reading> = chars
        .iter()
        .map(|&c| Reading {
            char: c,
            readings: Vec::new(),
        })
        .collect();
    let surnames: &'static Surnames = &SURNAMES;
    let compound = chars
        .get(..2)
        .filter(|_| chars.len() > 2)
        .and_then(|first| surnames.get(first));
    for reading in compound.into_iter().flatten() {
        for (at, syllable) in reading.iter().enumerate() {
            out[at].readings.push(syllable.as_str());
        }
    }
    let single = chars.get(..1).and_then(|first| surnames.get(first));
    for reading in single.into_iter().flatten() {
        out[0].readings.extend(reading.iter().map(String::as_str));
    }
    for reading in &mut out {
        everyday_readings(reading.char, &mut reading.readings);
        let simple = simplified_char(reading.char);
        if simple != reading.char {
            everyday_readings(simple, &mut reading.readings);
        }
    }
    out
}

/// Adds every reading the pinyin data has for `c` that `readings` does not hold yet.
fn everyday_readings(c: char, readings: &mut Vec<&'static str>) {
    let Some(all) = c.to_pinyin_multi() else {
        return;
    };
    for pinyin in all {
        // `ê` (欸) is typed as `e`.
        let plain = match pinyin.plain() {
            "ê" => "e",
            plain => plain,
        };
        if !readings.contains(&plain) {
            readings.push(plain);
        }
    }
}

/// At most this many readings of a whole name are kept: the first of each character, then one
/// other reading of one character at a time (the others' second readings before any third).
/// A name of polyphonic characters has dozens of combinations; people use few of them.
pub const MOST_READINGS: usize = 4;

/// At most this many full spellings are kept: the readings above, each with `ü` written the
/// three ways keyboards take it (`lv`, `lu`, `lyu`).
pub const MOST_SPELLINGS: usize = 6;

/// What a Chinese name is found by, in lower-case ASCII: whole spellings without spaces
/// (`zengxiaofan`, `cengxiaofan`) and initials (`zxf`, `cxf`), the surname reading first.
/// Empty for a name without Chinese characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spellings {
    pub full: Vec<String>,
    pub initials: Vec<String>,
}

/// The spellings of a name from its [`readings`]: up to [`MOST_READINGS`] readings of the
/// whole name, each spelt out (up to [`MOST_SPELLINGS`] with the ways of writing `ü`) and as
/// initials.
pub fn spellings(readings: &[Reading]) -> Spellings {
    let chars: Vec<&[&'static str]> = readings
        .iter()
        .map(|r| r.readings.as_slice())
        .filter(|r| !r.is_empty())
        .collect();
    let mut spellings = Spellings::default();
    if chars.is_empty() {
        return spellings;
    }
    let first: Vec<&str> = chars.iter().map(|r| r[0]).collect();
    let mut wholes = vec![first.clone()];
    let deepest = chars.iter().map(|r| r.len()).max().unwrap_or(1);
    'more: for depth in 1..deepest {
        for (at, char_readings) in chars.iter().enumerate() {
            let Some(other) = char_readings.get(depth) else {
                continue;
            };
            let mut whole = first.clone();
            whole[at] = other;
            if !wholes.contains(&whole) {
                wholes.push(whole);
            }
            if wholes.len() == MOST_READINGS {
                break 'more;
            }
        }
    }
    for whole in &wholes {
        let initials: String = whole.iter().filter_map(|s| s.chars().next()).collect();
        push_new(&mut spellings.initials, initials);
        let spelt = whole.concat();
        if spelt.contains('ü') {
            for written in ["v", "u", "yu"] {
                push_new(&mut spellings.full, spelt.replace('ü', written));
            }
        } else {
            push_new(&mut spellings.full, spelt);
        }
    }
    spellings.full.truncate(MOST_SPELLINGS);
    spellings
}

/// The [`spellings`] of a name as stored.
pub fn spellings_of(name: &str) -> Spellings {
    spellings(&readings(&super::fold(name)))
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelt(name: &str) -> Spellings {
        spellings(&readings(name))
    }

    #[test]
    fn the_surname_table_is_read_whole() {
        let parsed = parse_surnames(SURNAME_READINGS);
        let entries = SURNAME_READINGS
            .lines()
            .filter(|l| l.starts_with('"'))
            .count();
        assert_eq!(parsed.len(), entries, "every entry is read");
        for (written, readings) in &parsed {
            for reading in readings {
                assert!(
                    reading
                        .iter()
                        .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())),
                    "{written:?}: {reading:?}"
                );
            }
        }
        assert_eq!(parsed[&vec!['覃']], vec![vec!["qin"], vec!["tan"]]);
        assert_eq!(parsed[&vec!['尉', '迟']], vec![vec!["yu", "chi"]]);
        assert!(parse_surnames("not toml [").is_empty());
    }

    #[test]
    fn a_leading_surname_is_read_as_a_surname_first() {
        for (name, full, initials) in [
            ("曾小凡", "zengxiaofan", "zxf"),
            ("单丽华", "shanlihua", "slh"),
            ("解红梅", "xiehongmei", "xhm"),
            ("仇志刚", "qiuzhigang", "qzg"),
            ("区家豪", "oujiahao", "ojh"),
            ("朴敏俊", "piaominjun", "pmj"),
            ("查明", "zhaming", "zm"),
            ("盖伟", "gewei", "gw"),
            ("乐芳", "yuefang", "yf"),
            ("缪丽", "miaoli", "ml"),
            ("覃勇", "qinyong", "qy"),
            ("尉迟兰", "yuchilan", "ycl"),
            ("万俟卨", "moqixie", "mqx"),
            ("单于丽", "chanyuli", "cyl"),
            ("长孙无忌", "zhangsunwuji", "zswj"),
            ("澹台明", "tantaiming", "ttm"),
            // Traditional forms.
            ("區家豪", "oujiahao", "ojh"),
            ("單麗華", "shanlihua", "slh"),
            ("萬俟卨", "moqixie", "mqx"),
        ] {
            let spellings = spelt(name);
            assert_eq!(spellings.full[0], full, "{name}");
            assert_eq!(spellings.initials[0], initials, "{name}");
        }
    }

    #[test]
    fn a_surname_character_elsewhere_has_its_everyday_reading_first() {
        // 曾 as the second character is céng; 单 in the middle is dān.
        assert_eq!(spelt("李曾").full[0], "liceng");
        assert_eq!(spelt("王单一").full[0], "wangdanyi");
        // A two-character name is a one-character surname and a given name.
        assert_eq!(spelt("单于").full[0], "shanyu");
        // The everyday reading of a surname still finds the name, after the surname reading.
        assert!(spelt("曾小凡").full.contains(&"cengxiaofan".to_string()));
        assert!(spelt("曾小凡").initials.contains(&"cxf".to_string()));
    }

    #[test]
    fn other_readings_of_polyphonic_characters_are_kept_within_bounds() {
        let strong = spelt("李强");
        assert_eq!(strong.full, ["liqiang", "lijiang"]);
        assert_eq!(strong.initials, ["lq", "lj"]);
        // 单 has three readings and 那 a handful: no more than the bound is kept.
        let many = spelt("那单乐朝长");
        assert_eq!(many.full.len(), MOST_READINGS);
        assert!(many.initials.len() <= MOST_READINGS);
        assert_eq!(many.full[0], "nadanlechaozhang");
        // Second readings of each character come before any third one.
        assert_eq!(
            many.full[1..],
            [
                "nuodanlechaozhang",
                "nachanlechaozhang",
                "nadanyuechaozhang"
            ]
        );
        for name in ["欸欸欸欸欸欸欸欸", "单单单单单单单单单单单单单单单单"]
        {
            let spellings = spelt(name);
            assert!(spellings.full.len() <= MOST_SPELLINGS, "{name}");
            assert!(spellings.initials.len() <= MOST_READINGS, "{name}");
        }
    }

    #[test]
    fn u_with_umlaut_is_written_as_v_u_and_yu() {
        let lv = spelt("吕佳怡");
        assert_eq!(lv.full, ["lvjiayi", "lujiayi", "lyujiayi"]);
        assert_eq!(lv.initials, ["ljy"]);
        assert!(
            spelt("女")
                .full
                .starts_with(&["nv".into(), "nu".into(), "nyu".into()])
        );
        assert!(spelt("吕强").full.len() <= MOST_SPELLINGS);
    }

    #[test]
    fn names_without_chinese_have_no_spellings() {
        assert_eq!(spelt("Zoë Müller"), Spellings::default());
        assert_eq!(spelt(""), Spellings::default());
        // Only the Chinese characters of a mixed name are spelt.
        assert_eq!(spelt("Tina 曾").full[0], "ceng");
    }
}
