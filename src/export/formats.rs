//! Writing a table as CSV or Markdown, and records as JSON, with nothing unsafe let through.

use super::Table;
use crate::text::{safe_line, safe_text};
use serde_json::Value;

/// A cell made safe for a spreadsheet: one that could be taken for a formula (it begins with
/// `= + - @`, tab or CR, after any leading blanks and invisible characters: see
/// [`crate::text::looks_like_formula`]) gets a leading `'`. A plain number such
/// as `-20` is left alone: it cannot run anything.
fn csv_cell(raw: &str) -> String {
    let safe = safe_line(raw);
    let risky = crate::text::looks_like_formula;
    if (risky(raw) || risky(&safe)) && !is_plain_number(safe.trim()) {
        format!("'{safe}")
    } else {
        safe.into_owned()
    }
}

/// `-20`, `+3.5`: a sign, digits and at most one point. (`f64` parsing would also take `-inf`
/// and `+NaN`, which a spreadsheet could read otherwise.)
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

pub fn csv(table: &Table) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header: Vec<String> = table.headers.iter().map(|h| h.to_string()).collect();
    // Writing to a Vec cannot fail; a failure would only lose the row, never panic.
    let _ = writer.write_record(&header);
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        let _ = writer.write_record(&cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Escapes only what Markdown would interpret inside a table cell, with backslashes so the file
/// still reads as written: `|` (the cell's end), emphasis and code marks, links, `<` (an HTML tag
/// or autolink), `&` only where it would start a character reference (`&lt;`), and a leading
/// `#`. "Data & AI" stays as it is. Control characters are made visible first (crate::text).
pub fn escape_markdown(cell: &str) -> String {
    let safe = safe_line(cell);
    let mut out = String::with_capacity(safe.len());
    for (at, c) in safe.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '&' if starts_a_reference(&safe[at..]) => out.push_str("\\&"),
            '#' if at == 0 => out.push_str("\\#"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether `text` (starting at `&`) reads as a character reference: `&name;`, `&#123;`, `&#x1F;`.
fn starts_a_reference(text: &str) -> bool {
    let body = &text[1..];
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && body[name.len()..].starts_with(';')
}

pub fn markdown(title: &str, table: &Table) -> String {
    let mut out = format!("# {title}\n\n");
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    // Header names are crewdeck's own words; only the data needs escaping.
    out.push_str(&row(table.headers.iter().map(|h| h.to_string()).collect()));
    out.push_str(&row(table
        .headers
        .iter()
        .map(|_| "---".to_string())
        .collect()));
    for cells in &table.rows {
        out.push_str(&row(cells.iter().map(|c| escape_markdown(c)).collect()));
    }
    if table.rows.is_empty() {
        out.push_str("\n_No records._\n");
    }
    out
}

/// Aligned columns for a terminal. Widths are measured in terminal cells, so CJK names (two
/// cells a character) keep the columns straight.
pub fn terminal(table: &Table) -> String {
    use unicode_width::UnicodeWidthStr;
    let cells: Vec<Vec<String>> =
        std::iter::once(table.headers.iter().map(|h| h.to_uppercase()).collect())
            .chain(
                table
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| safe_line(c).into_owned()).collect()),
            )
            .collect();
    let columns = table.headers.len();
    let mut widths = vec![0; columns];
    for row in &cells {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().take(columns) {
            line.push_str(cell);
            if i + 1 < columns {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if table.rows.is_empty() {
        out.push_str("(none)\n");
    }
    out
}

/// Every string in the value, keys included, made safe; line breaks stay (JSON escapes them).
fn sanitise(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(safe_text(&s).into_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(sanitise).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (safe_line(&k).into_owned(), sanitise(v)))
                .collect(),
        ),
        other => other,
    }
}

pub fn json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&sanitise(value.clone())).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cells: &[&str]) -> Table {
        Table {
            headers: vec!["a"; cells.len()],
            rows: vec![cells.iter().map(|c| c.to_string()).collect()],
        }
    }

    #[test]
    fn formula_cells_are_neutralised_and_numbers_kept() {
        let out = csv(&table(&[
            "=1+2",
            "+x",
            "-cmd|calc",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-20",
            "ok",
            "-inf",
            "+3.5",
        ]));
        let row = out.lines().nth(1).unwrap_or_default();
        assert_eq!(
            row,
            "'=1+2,'+x,'-cmd|calc,'@SUM(A1),' x,'␍x,-20,ok,'-inf,+3.5"
        );
    }

    #[test]
    fn a_formula_behind_an_invisible_character_is_neutralised() {
        let out = csv(&table(&["\u{ad}=1+2", "\u{200c}=cmd", "\u{3000}@x"]));
        let row = out.lines().nth(1).unwrap_or_default();
        assert_eq!(row, "'=1+2,'\u{200c}=cmd,'\u{3000}@x");
    }

    #[test]
    fn csv_output_has_no_control_characters_but_row_ends() {
        let out = csv(&table(&["line\none", "esc\u{1b}[31m", "bell\u{7}"]));
        let body = out.replace("\r\n", "");
        assert!(!body.chars().any(char::is_control), "{body:?}");
    }

    #[test]
    fn markdown_escapes_pipes_and_html() {
        let out = markdown("T", &table(&["a|b <script>", "*bold*"]));
        assert!(out.contains("a\\|b \\<script>"), "{out}");
        assert!(out.contains("\\*bold\\*"), "{out}");
    }

    #[test]
    fn markdown_escapes_only_what_markdown_needs() {
        assert_eq!(escape_markdown("Data & AI"), "Data & AI");
        assert_eq!(escape_markdown("R&D and Q&A"), "R&D and Q&A");
        assert_eq!(escape_markdown("a &lt; b &#60; c"), "a \\&lt; b \\&#60; c");
        assert_eq!(escape_markdown("# 1 team"), "\\# 1 team");
        assert_eq!(escape_markdown("C# and F#"), "C# and F#");
        assert_eq!(escape_markdown("back\\slash"), "back\\\\slash");
        assert_eq!(escape_markdown("a > b"), "a > b");
        let out = escape_markdown("x\u{1b}[2J\u{202e}y");
        assert!(
            !out.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{out:?}"
        );
    }

    #[test]
    fn json_strings_are_sanitised() {
        let out = json(&serde_json::json!({"name": "x\u{1b}]0;title\u{7}", "bidi": "a\u{202e}b"}));
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out}"
        );
        assert!(out.contains("x␛]0;title␇"), "{out}");
    }
}
