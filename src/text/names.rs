//! Names as they are compared and sorted: the one form a name and a query are matched in, the
//! same without accents, and the key that lists sorted by name are sorted by (Chinese by its
//! pinyin, a surname by its surname reading).

use super::fold;
use super::pinyin::{Reading, readings};
use super::simplified::simplified;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// The form a name and a query are matched in: [`fold`]ed (NFKC, so full-width `ｚｗｍ` is
/// `zwm`; case folded; any Unicode space as ' ') and in simplified characters (`曾國強` is
/// `曾国强`). It has as many characters as `fold(text)`.
pub fn match_form(text: &str) -> String {
    let folded = fold(text);
    match simplified(&folded) {
        Cow::Borrowed(_) => folded,
        Cow::Owned(simple) => simple,
    }
}

/// `text` without accents, so that `zoe` finds Zoë and `soren` Søren: decomposed, the combining
/// diacritical marks (U+0300–U+036F) dropped, the Latin letters with a stroke that do not
/// decompose (ø ł đ ħ) taken as their base letter, and composed again. Marks of other scripts
/// are spelling and stay. A zero-width non-joiner (U+200C), which Persian spelling puts inside
/// a name (`حسین‌زاده`), is a space here: many keyboards type a space there, and the finder then
/// finds the name typed with a space, with the joiner or with neither. Borrowed when there is
/// nothing to take off.
pub fn bare(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let stripped: String = text
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'ø' => 'o',
            'Ø' => 'O',
            'ł' => 'l',
            'Ł' => 'L',
            'đ' => 'd',
            'Đ' => 'D',
            'ħ' => 'h',
            'Ħ' => 'H',
            '\u{200c}' => ' ',
            c => c,
        })
        .nfc()
        .collect();
    if stripped == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(stripped)
    }
}

/// A name as a form's person field compares it: [`match_form`], [`bare`], trimmed, runs of
/// spaces as one (`  Jose  ÁLVAREZ` is `jose alvarez`).
pub fn loose(text: &str) -> String {
    let form = match_form(text);
    let bare = bare(&form);
    bare.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key a list sorted by name is sorted by, from a folded name's [`readings`]: each Chinese
/// character as its first reading (the surname reading for a leading surname), syllables apart
/// by a space and `ü` as `v` (so 吕 `lv` sorts after `luo`, as in a dictionary); everything else
/// as folded, without accents. `曾小凡` is `zeng xiao fan`, next to `Zeng Li`; `Élodie` is
/// `elodie`. Names with the same key are put in order by the caller (by the name itself).
pub fn sort_key(readings: &[Reading]) -> String {
    let mut key = String::new();
    let mut after_syllable = false;
    for reading in readings {
        let space_due = !key.is_empty() && !key.ends_with(' ');
        match reading.readings.first() {
            Some(first) => {
                if space_due {
                    key.push(' ');
                }
                key.extend(first.chars().map(|c| if c == 'ü' { 'v' } else { c }));
                after_syllable = true;
            }
            None if reading.char.is_whitespace() => {
                if space_due {
                    key.push(' ');
                }
                after_syllable = false;
            }
            None => {
                if after_syllable && space_due {
                    key.push(' ');
                }
                key.push(reading.char);
                after_syllable = false;
            }
        }
    }
    let trimmed = key.trim_end();
    bare(trimmed).into_owned()
}

/// [`sort_key`] of a name as stored.
pub fn sort_key_of(name: &str) -> String {
    // Most names are plain ASCII: their key is the name in lower case with its spaces
    // collapsed, and lists of 100,000 people are sorted without folding each name.
    if name.is_ascii() {
        let words = name.split(char::is_whitespace).filter(|w| !w.is_empty());
        let mut key = String::with_capacity(name.len());
        for word in words {
            if !key.is_empty() {
                key.push(' ');
            }
            key.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return key;
    }
    sort_key(&readings(&fold(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_match_form_is_folded_and_simplified() {
        assert_eq!(match_form("曾國強"), "曾国强");
        assert_eq!(match_form("\u{ff5a}\u{ff57}\u{ff4d}"), "zwm");
        assert_eq!(match_form("Zoe\u{308} MÜLLER"), "zoë müller");
        assert_eq!(match_form("張\u{3000}偉明"), "张 伟明");
    }

    #[test]
    fn accents_and_strokes_come_off_and_other_marks_stay() {
        assert_eq!(bare("zoë müller"), "zoe muller");
        assert_eq!(bare("Zoe\u{308}"), "Zoe");
        assert_eq!(bare("søren małgorzata"), "soren malgorzata");
        assert!(matches!(bare("sam reid"), Cow::Borrowed(_)));
        assert!(matches!(bare("张伟"), Cow::Borrowed(_)));
        // A Devanagari vowel sign is not an accent.
        assert_eq!(bare("प्रिया"), "प्रिया");
        assert_eq!(
            bare("\u{62d}\u{633}\u{6cc}\u{646}\u{200c}\u{632}\u{627}\u{62f}\u{647}"),
            "\u{62d}\u{633}\u{6cc}\u{646} \u{632}\u{627}\u{62f}\u{647}"
        );
        assert_eq!(loose("  José\u{a0} ÁLVAREZ "), "jose alvarez");
    }

    #[test]
    fn an_ascii_name_has_the_key_the_whole_rules_give() {
        for name in [
            "Sam Reid",
            "  O'Neil,\tMARY  ",
            "a\u{b}b\u{c}c",
            "x_y-z 42",
            "",
            "\u{1b}[2J",
        ] {
            assert_eq!(
                sort_key_of(name),
                sort_key(&readings(&fold(name))),
                "{name:?}"
            );
        }
    }

    #[test]
    fn chinese_names_sort_by_their_reading_among_the_others() {
        assert_eq!(sort_key_of("曾小凡"), "zeng xiao fan");
        assert_eq!(sort_key_of("曾國強"), "zeng guo qiang");
        assert_eq!(sort_key_of("尉迟兰"), "yu chi lan");
        assert_eq!(sort_key_of("吕佳怡"), "lv jia yi");
        assert_eq!(sort_key_of("Élodie Lefèvre"), "elodie lefevre");
        assert_eq!(sort_key_of("Tina曾"), "tina ceng");
        let mut names = vec![
            "Zoë Müller",
            "曾小凡",
            "Ada Adams",
            "单丽华",
            "Élodie Dubois",
            "陈静",
            "Li Na",
            "李娜",
            "吕佳怡",
            "罗明",
        ];
        names.sort_by_cached_key(|n| sort_key_of(n));
        assert_eq!(
            names,
            [
                "Ada Adams",
                "陈静",
                "Élodie Dubois",
                "Li Na",
                "李娜",
                "罗明",
                "吕佳怡",
                "单丽华",
                "曾小凡",
                "Zoë Müller",
            ]
        );
    }
}
