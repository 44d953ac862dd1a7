//! Trends and shares drawn in glyphs, so they read without colour: a bar is `█` up to its value
//! and `░` for the rest of its scale, a sparkline rises from `▁` to `█`, and a missing point is
//! `·`. Each is shown with its number beside it; the glyphs only make the shape quick to see.

/// Eighths of a cell, from one eighth to a whole.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `value` of `max` as a bar `width` cells long: whole cells `█`, the last one in eighths, the
/// rest of the scale `░`. A value past `max` fills the bar.
pub fn bar(value: f64, max: f64, width: usize) -> String {
    let share = if max > 0.0 {
        (value / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let eighths = (share * width as f64 * 8.0).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let mut out = "█".repeat(full);
    if part > 0 {
        out.push(EIGHTHS[part - 1]);
    }
    let drawn = full + usize::from(part > 0);
    out.push_str(&"░".repeat(width.saturating_sub(drawn)));
    out
}

/// One cell a value, scaled between `low` and `high`: `▁` at `low` (or below), `█` at `high`;
/// `·` where there is no value.
pub fn sparkline(values: &[Option<f64>], low: f64, high: f64) -> String {
    values
        .iter()
        .map(|v| match v {
            None => '·',
            Some(v) => {
                // With no range (every value the same, or all none) the line lies flat.
                let share = if high > low {
                    ((v - low) / (high - low)).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                LEVELS[(share * 7.0).round() as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_bar_fills_its_share_and_shows_the_rest_of_its_scale() {
        assert_eq!(bar(0.0, 100.0, 4), "░░░░");
        assert_eq!(bar(50.0, 100.0, 4), "██░░");
        assert_eq!(bar(100.0, 100.0, 4), "████");
        assert_eq!(bar(250.0, 100.0, 4), "████", "past the scale fills it");
        assert_eq!(bar(1.0, 8.0, 1), "▏");
        assert_eq!(bar(1.0, 0.0, 3), "░░░");
        for v in 0..=40 {
            assert_eq!(bar(f64::from(v), 40.0, 7).width(), 7, "{v}");
        }
    }

    #[test]
    fn a_sparkline_rises_with_its_values_and_marks_the_missing() {
        let line = sparkline(&[Some(1.0), Some(3.0), None, Some(5.0)], 1.0, 5.0);
        assert_eq!(line, "▁▅·█");
        assert_eq!(sparkline(&[Some(9.0)], 1.0, 5.0), "█");
        assert_eq!(sparkline(&[], 0.0, 1.0), "");
        assert_eq!(sparkline(&[Some(0.0), Some(0.0)], 0.0, 0.0), "▁▁");
    }
}
