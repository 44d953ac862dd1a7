//! The dry-run report of an import: who would be added, what would change for whom, and the
//! counts.
//!
//! ```text
//! add E001 Ann Lee
//! change E002 Bob Chen: title "Analyst" → "Senior analyst", manager none → E001
//! ignored columns: Salary, Notes
//! 1 to add, 1 to change, 3 unchanged
//! ```

use super::RosterPlan;
use crate::domain::ids::PersonId;
use crate::domain::person::{HireChannel, KeyMark, Person, Status, Track};
use crate::text::escaped;
use chrono::NaiveDate;

pub(super) fn describe(plan: &RosterPlan) -> String {
    let mut lines = Vec::with_capacity(plan.added.len() + plan.changed.len() + 2);
    for person in &plan.added {
        lines.push(format!(
            "add {} {}",
            escaped(person.id.as_str()),
            escaped(&person.name)
        ));
    }
    for (before, after) in &plan.changed {
        let what = differences(before, after).join(", ");
        let (id, name) = (escaped(after.id.as_str()), escaped(&after.name));
        lines.push(format!("change {id} {name}: {what}"));
    }
    if !plan.ignored_columns.is_empty() {
        // Header cells come from the file: made safe like every other text from it.
        let columns = super::column_list(&plan.ignored_columns);
        lines.push(format!("ignored columns: {columns}"));
    }
    lines.push(format!(
        "{} to add, {} to change, {} unchanged",
        plan.added.len(),
        plan.changed.len(),
        plan.unchanged.len()
    ));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// `field before → after` for each field that differs.
fn differences(before: &Person, after: &Person) -> Vec<String> {
    let mut found = Vec::new();
    let mut compare = |field: &str, old: String, new: String| {
        if old != new {
            found.push(format!("{field} {old} → {new}"));
        }
    };
    compare("name", quoted(&before.name), quoted(&after.name));
    compare("title", quoted(&before.title), quoted(&after.title));
    compare("team", quoted(&before.team), quoted(&after.team));
    compare("manager", id(&before.manager), id(&after.manager));
    compare("level", quoted(&before.level), quoted(&after.level));
    compare(
        "track",
        or_none(before.track.map(track)),
        or_none(after.track.map(track)),
    );
    compare(
        "location",
        quoted(&before.location),
        quoted(&after.location),
    );
    compare("hire_date", date(before.hire_date), date(after.hire_date));
    compare(
        "hire_channel",
        or_none(before.hire_channel.map(channel)),
        or_none(after.hire_channel.map(channel)),
    );
    compare(
        "referred_by",
        id(&before.referred_by),
        id(&after.referred_by),
    );
    compare("status", status(&before.status), status(&after.status));
    compare("key", key(&before.key), key(&after.key));
    found
}

/// Quoted and escaped, so an empty value shows and control characters cannot reach the terminal.
fn quoted(text: &str) -> String {
    format!("{text:?}")
}

fn id(person: &Option<PersonId>) -> String {
    person
        .as_ref()
        .map_or_else(|| "none".to_string(), |id| escaped(id.as_str()))
}

fn date(day: Option<NaiveDate>) -> String {
    day.map_or_else(|| "none".to_string(), |d| d.to_string())
}

fn or_none(word: Option<&str>) -> String {
    word.unwrap_or("none").to_string()
}

fn status(status: &Status) -> String {
    match status.last_day() {
        Some(day) => format!("{} (last day {day})", status.label()),
        None => status.label().to_string(),
    }
}

fn key(mark: &Option<KeyMark>) -> String {
    match mark {
        Some(mark) if mark.reason.is_empty() => "yes".to_string(),
        Some(mark) => format!("yes ({:?})", mark.reason),
        None => "no".to_string(),
    }
}

fn track(track: Track) -> &'static str {
    match track {
        Track::Management => "management",
        Track::Professional => "professional",
    }
}

fn channel(channel: HireChannel) -> &'static str {
    match channel {
        HireChannel::Referral => "referral",
        HireChannel::Campus => "campus",
        HireChannel::Agency => "agency",
        HireChannel::Direct => "direct",
        HireChannel::Internal => "internal",
        HireChannel::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_additions_changes_and_counts() {
        let mut before = Person::new("E002", "Bob Chen");
        before.title = "Analyst".into();
        let mut after = before.clone();
        after.title = "Senior analyst".into();
        after.team = "Risk".into();
        after.manager = Some(PersonId::from("E001"));
        after.track = Some(Track::Professional);
        after.status = Status::Leaving {
            last_day: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default(),
        };
        let plan = RosterPlan {
            added: vec![Person::new("E001", "Ann Lee")],
            changed: vec![(before, after)],
            unchanged: vec![PersonId::from("E003"), PersonId::from("E004")],
            ignored_columns: vec!["Salary".into()],
            notes: vec![],
        };
        assert_eq!(
            describe(&plan),
            "add E001 Ann Lee\n\
             change E002 Bob Chen: title \"Analyst\" → \"Senior analyst\", team \"\" → \"Risk\", \
             manager none → E001, track none → professional, \
             status active → leaving (last day 2025-06-30)\n\
             ignored columns: Salary\n\
             1 to add, 1 to change, 2 unchanged\n"
        );
    }

    #[test]
    fn nothing_to_do_is_only_the_counts() {
        let plan = RosterPlan {
            added: vec![],
            changed: vec![],
            unchanged: vec![PersonId::from("E1")],
            ignored_columns: vec![],
            notes: vec![],
        };
        assert_eq!(describe(&plan), "0 to add, 0 to change, 1 unchanged\n");
    }
}
