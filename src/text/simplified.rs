//! Traditional Chinese characters as their simplified forms, one character for one, so that a
//! name stored as 曾國強 and a query typed as 曾国强 (or the other way round) are one text.
//!
//! The table is OpenCC's `TSCharacters.txt` (`data/t2s_characters.txt`, its source named at
//! its top). Only single characters are mapped, never phrases: a name is not a sentence, and
//! one character for one keeps positions in a name the same, for highlighting a match.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Lines of `traditional<TAB>simplified [other simplified forms]`, `#` starting a comment line.
const TABLE: &str = include_str!("../../data/t2s_characters.txt");

/// Traditional character → its first simplified form. Characters that are the same in both
/// scripts are not in it.
static SIMPLIFIED: LazyLock<foldhash::HashMap<char, char>> = LazyLock::new(|| parse(TABLE));

/// Reads the table; a line that is not one character, a tab and a character is skipped (the
/// table is embedded, and a test reads every line of it).
fn parse(table: &str) -> foldhash::HashMap<char, char> {
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (traditional, simplified) = line.split_once('\t')?;
            let traditional = single(traditional)?;
            let simplified = single(simplified.split(' ').next()?)?;
            (traditional != simplified).then_some((traditional, simplified))
        })
        .collect()
}

/// The one character `text` holds, if it holds exactly one.
fn single(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// `c` in simplified characters: itself when it has no traditional form to undo.
pub fn simplified_char(c: char) -> char {
    // Outside the CJK blocks nothing is mapped: skip the lookup for Latin text.
    if (c as u32) < 0x2e80 {
        return c;
    }
    SIMPLIFIED.get(&c).copied().unwrap_or(c)
}

/// `text` with every traditional character written in its simplified form (`張偉明` →
/// `张伟明`); borrowed when there is none. The result has as many characters as `text`.
pub fn simplified(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| simplified_char(c) == c) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(simplified_char).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_table_is_read() {
        let lines = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty());
        let mut read = 0;
        for line in lines {
            let (traditional, forms) = line.split_once('\t').expect(line);
            assert!(single(traditional).is_some(), "{line:?}");
            assert!(forms.split(' ').all(|f| single(f).is_some()), "{line:?}");
            read += 1;
        }
        assert!(read > 4000, "{read}");
        // Lines whose first simplified form is the character itself map nothing.
        assert!(SIMPLIFIED.len() > 3900, "{}", SIMPLIFIED.len());
    }

    #[test]
    fn traditional_names_become_simplified_and_the_rest_is_kept() {
        assert_eq!(simplified("曾國強"), "曾国强");
        assert_eq!(simplified("張偉明"), "张伟明");
        assert_eq!(simplified("區家豪 單麗華"), "区家豪 单丽华");
        assert!(matches!(simplified("曾国强 Zoë"), Cow::Borrowed(_)));
        // 乾 is both the traditional form of 干 and a character of its own: the table's first
        // form is used, so a query and a name that both hold it still agree.
        assert_eq!(simplified_char('乾'), '干');
    }
}
