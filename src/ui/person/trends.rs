//! Trends on the Profile: engagement, KPI attainment and the three key-employee dimensions over
//! the last quarters, and points over the last months, each as a sparkline with its latest
//! number beside it. A quarter with no assessment, or no KPI figure, is `·`.

use crate::app::App;
use crate::domain::assessment::{Assessment, Quarter};
use crate::domain::person::Person;
use crate::ui::theme::Theme;
use crate::ui::trend::sparkline;
use chrono::{Datelike, NaiveDate};
use ratatui::text::{Line, Span};

/// How many quarters and months a trend covers.
pub const QUARTERS: u32 = 8;
pub const MONTHS: u32 = 6;

/// A person's assessments, oldest first.
pub fn assessments<'a>(app: &'a App, p: &Person) -> Vec<&'a Assessment> {
    // Assessments are keyed `<person>/<quarter>`: the person's lie together, oldest first.
    let prefix = format!("{}/", p.id);
    app.org
        .assessments
        .range(crate::domain::Key::from(prefix.as_str())..)
        .take_while(|(key, _)| key.starts_with(&prefix))
        .map(|(_, a)| a)
        .filter(|a| a.person == p.id)
        .collect()
}

/// The sparklines of the assessed quarters, the newest and up to [`QUARTERS`] before it, gaps
/// included.
pub fn assessment_trends(theme: &Theme, list: &[&Assessment]) -> Vec<Line<'static>> {
    let (Some(first), Some(last)) = (list.first(), list.last()) else {
        return Vec::new();
    };
    let quarters: Vec<Quarter> = (0..QUARTERS)
        .rev()
        .map(|n| last.quarter.back(n))
        .filter(|q| *q >= first.quarter)
        .collect();
    let at = |q: Quarter| list.iter().find(|a| a.quarter == q);
    let series = |value: &dyn Fn(&Assessment) -> Option<f64>| -> Vec<Option<f64>> {
        quarters
            .iter()
            .map(|q| at(*q).and_then(|a| value(a)))
            .collect()
    };
    let dimension = |name: &str, value: &dyn Fn(&Assessment) -> u8| {
        let values = series(&|a| Some(f64::from(value(a))));
        (
            name.to_string(),
            sparkline(&values, 1.0, 5.0),
            latest(&values, |v| format!("{v} of 5")),
        )
    };
    let engagement = series(&|a| Some(f64::from(a.engagement)));
    let kpi = series(&|a| a.kpi_attainment.map(f64::from));
    let rows = [
        (
            "Engagement".to_string(),
            sparkline(&engagement, 0.0, 100.0),
            latest(&engagement, |v| format!("{v} of 100")),
        ),
        (
            "KPI attainment".to_string(),
            // Half the target to one and a half times it: the range a quarter falls in.
            sparkline(&kpi, 50.0, 150.0),
            latest(&kpi, |v| format!("{v}%")),
        ),
        dimension("Ability", &|a| a.ability),
        dimension("Contribution", &|a| a.contribution),
        dimension("Influence", &|a| a.influence),
    ];
    let span = match quarters.len() {
        1 => format!("  Trend: {} only", quarters[0]),
        _ => format!(
            "  Trend {} → {} (· not recorded)",
            quarters[0],
            quarters[quarters.len() - 1]
        ),
    };
    let mut lines = vec![Line::styled(span, theme.dim)];
    lines.extend(rows.into_iter().map(|(name, spark, number)| {
        Line::from(vec![
            Span::styled(format!("  {name:<15}"), theme.dim),
            Span::styled(spark, theme.title),
            Span::raw(format!("  {number}")),
        ])
    }));
    lines
}

/// The newest value of a trend, in words: `none recorded`, or the figure, said to be older
/// when the newest quarter has none.
fn latest(values: &[Option<f64>], say: impl Fn(f64) -> String) -> String {
    match (
        values.last().copied().flatten(),
        values.iter().rev().find_map(|v| *v),
    ) {
        (Some(v), _) => say(v),
        (None, Some(v)) => format!("{} (an earlier quarter)", say(v)),
        (None, None) => "none recorded".to_string(),
    }
}

/// Points earned in each of the last [`MONTHS`] months up to this one, as a sparkline with the
/// sum and this month's figure beside it; nothing for someone who never had points.
pub fn points_trend(app: &App, theme: &Theme, p: &Person) -> Option<Line<'static>> {
    let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let now = month(app.today);
    let mut sums = vec![0i64; MONTHS as usize];
    let ledger = app.derived.ledger(&app.org, p.id.as_str());
    if ledger.is_empty() {
        return None;
    }
    for entry in ledger {
        let back = now - month(entry.date);
        if (0..MONTHS as i32).contains(&back) {
            sums[MONTHS as usize - 1 - back as usize] += i64::from(entry.points);
        }
    }
    let high = sums.iter().copied().max().unwrap_or(0).max(0) as f64;
    let values: Vec<Option<f64>> = sums.iter().map(|s| Some(*s as f64)).collect();
    let total: i64 = sums.iter().sum();
    Some(Line::from(vec![
        Span::styled(
            format!("  {:<15}", format!("Last {MONTHS} months")),
            theme.dim,
        ),
        Span::styled(sparkline(&values, 0.0, high), theme.title),
        Span::raw(format!(
            "  {total:+} in all, {:+} this month",
            sums[MONTHS as usize - 1]
        )),
    ]))
}
