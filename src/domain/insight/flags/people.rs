//! Flags about one person's signals: leaving stage, engagement, performance, leave, 1:1s, pay,
//! points, stay interviews, and people close to them who left ([`super::close`]).

use super::close::{Leavers, left_recently};
use super::{Evidence, Flag, FlagKind, record};
use crate::domain::Kind;
use crate::domain::assessment::Band;
use crate::domain::flag::{Severity, Subject};
use crate::domain::insight::index::OrgIndex;
use crate::domain::insight::points::balance;
use crate::domain::insight::rules::Rules;
use crate::domain::person::{LeavingStage, Person, Status};
use chrono::NaiveDate;

/// The flags about one person's own signals; none for someone who has left. For someone
/// whose departure is recorded, only that they are leaving: the signals that someone might
/// leave (a leaving stage, engagement, 1:1s, a stay interview due) no longer ask anything of
/// their manager, and a stage recorded before would say less than the departure does.
pub(super) fn flags(
    index: &OrgIndex,
    leavers: &Leavers<'_>,
    rules: &Rules,
    today: NaiveDate,
    person: &Person,
    out: &mut Vec<Flag>,
) {
    match person.status {
        Status::Left { .. } => return,
        Status::Leaving { last_day } => {
            out.push(leaving(person, last_day));
            return;
        }
        Status::Active | Status::OnLeave => {}
    }
    out.extend(leaving_stage(person));
    out.extend(engagement_drop(index, rules, person));
    out.extend(performance_swing(index, rules, person));
    out.extend(more_leave(index, rules, person));
    out.extend(no_one_on_one(index, rules, person, today));
    out.extend(pay_below_market(rules, person));
    out.extend(points_past_threshold(index, person));
    out.extend(left_recently(leavers, person));
    out.extend(manager_left(index, person));
    out.extend(stay_interview_due(index, rules, person, today));
}

fn subject(person: &Person) -> Subject {
    Subject::Person(person.id.clone())
}

fn person_record(person: &Person) -> Option<super::RecordRef> {
    record(Kind::Person, person.id.as_str())
}

/// Someone whose departure is recorded: a leaving stage at its end, with their last day.
pub(super) fn leaving(person: &Person, last_day: NaiveDate) -> Flag {
    Flag::new(
        FlagKind::LeavingStage,
        Severity::Critical,
        subject(person),
        format!("Departure recorded: last day {last_day}"),
    )
    .with(Evidence::new("last day", last_day, person_record(person)))
    .fingerprint(format!("leaving@{last_day}"))
}

/// Someone whose manager has left (an import keeps the line to them, and a departure leaves
/// it): until another manager is named, nobody holds their 1:1s or signs off their work.
pub(super) fn manager_left(index: &OrgIndex, person: &Person) -> Option<Flag> {
    let manager = index.person(person.manager.as_ref()?.as_str())?;
    let Status::Left { last_day } = manager.status else {
        return None;
    };
    let reason = format!(
        "Their manager {} left on {last_day}; they need a new one",
        manager.name
    );
    Some(
        Flag::new(
            FlagKind::ManagerLeft,
            Severity::High,
            subject(person),
            reason,
        )
        .with(Evidence::new(
            "manager",
            &manager.name,
            person_record(manager),
        ))
        .with(Evidence::new("left on", last_day, None))
        .fingerprint(format!("{}@{last_day}", manager.id)),
    )
}

pub(super) fn leaving_stage(person: &Person) -> Option<Flag> {
    let risk = person.flight_risk.as_ref()?;
    let severity = match risk.stage {
        LeavingStage::Confused => Severity::Watch,
        LeavingStage::WatchingMarket => Severity::High,
        LeavingStage::HesitatingBetweenOffers | LeavingStage::Decided => Severity::Critical,
    };
    let reason = format!(
        "Recorded as \"{}\" on {}",
        risk.stage.label(),
        risk.noted_on
    );
    let mut flag = Flag::new(FlagKind::LeavingStage, severity, subject(person), reason)
        .with(Evidence::new(
            "stage",
            risk.stage.label(),
            person_record(person),
        ))
        .with(Evidence::new("noted on", risk.noted_on, None))
        .fingerprint(format!("{:?}@{}", risk.stage, risk.noted_on));
    if !risk.note.is_empty() {
        flag = flag.with(Evidence::new("note", &risk.note, None));
    }
    Some(flag)
}

pub(super) fn engagement_drop(index: &OrgIndex, rules: &Rules, person: &Person) -> Option<Flag> {
    let (previous, latest) = index.last_two_assessments(person.id.as_str())?;
    let drop = u32::from(previous.engagement).saturating_sub(u32::from(latest.engagement));
    if drop < rules.flags.engagement_drop {
        return None;
    }
    let severity = if drop >= 2 * rules.flags.engagement_drop || person.is_key() {
        Severity::High
    } else {
        Severity::Watch
    };
    let reason = format!(
        "Engagement fell {drop} points, from {} to {} ({} to {})",
        previous.engagement, latest.engagement, previous.quarter, latest.quarter
    );
    Some(
        Flag::new(FlagKind::EngagementDrop, severity, subject(person), reason)
            .with(Evidence::new(
                format!("engagement {}", previous.quarter),
                previous.engagement,
                record(Kind::Assessment, previous.id().0),
            ))
            .with(Evidence::new(
                format!("engagement {}", latest.quarter),
                latest.engagement,
                record(Kind::Assessment, latest.id().0),
            ))
            .fingerprint(format!("{}:{}", latest.id(), latest.engagement)),
    )
}

fn band_step(band: Band) -> i32 {
    match band {
        Band::Low => 0,
        Band::Medium => 1,
        Band::High => 2,
    }
}

pub(super) fn performance_swing(index: &OrgIndex, rules: &Rules, person: &Person) -> Option<Flag> {
    let (previous, latest) = index.last_two_assessments(person.id.as_str())?;
    let band_jump = (band_step(latest.performance) - band_step(previous.performance)).abs() >= 2;
    let kpi_swing = match (previous.kpi_attainment, latest.kpi_attainment) {
        (Some(before), Some(now)) => {
            let moved = i64::from(now) - i64::from(before);
            (moved.unsigned_abs() >= u64::from(rules.flags.performance_swing_kpi)).then_some(moved)
        }
        _ => None,
    };
    if !band_jump && kpi_swing.is_none() {
        return None;
    }
    let reason = match kpi_swing {
        Some(moved) => format!(
            "KPI attainment moved {moved:+} points in a quarter ({} to {})",
            previous.quarter, latest.quarter
        ),
        None => format!(
            "Performance went from {} to {} in a quarter",
            previous.performance.label(),
            latest.performance.label()
        ),
    };
    let show = |a: &crate::domain::assessment::Assessment| {
        let kpi = a
            .kpi_attainment
            .map(|k| format!(", KPI {k}%"))
            .unwrap_or_default();
        format!("performance {}{kpi}", a.performance.label())
    };
    Some(
        Flag::new(
            FlagKind::PerformanceSwing,
            Severity::Watch,
            subject(person),
            reason,
        )
        .with(Evidence::new(
            previous.quarter.to_string(),
            show(previous),
            record(Kind::Assessment, previous.id().0),
        ))
        .with(Evidence::new(
            latest.quarter.to_string(),
            show(latest),
            record(Kind::Assessment, latest.id().0),
        ))
        .fingerprint(format!("{}:{}", latest.id(), show(latest))),
    )
}

pub(super) fn more_leave(index: &OrgIndex, rules: &Rules, person: &Person) -> Option<Flag> {
    if person.status == Status::OnLeave {
        return None; // leave already agreed is not a signal
    }
    let list = index.assessments.get(person.id.as_str())?;
    let (latest, earlier) = list.split_last()?;
    let now = latest.leave_days?;
    let before: Vec<u16> = earlier.iter().filter_map(|a| a.leave_days).collect();
    if before.is_empty() || u32::from(now) < rules.flags.leave_min_days {
        return None;
    }
    let usual = f64::from(before.iter().map(|d| u32::from(*d)).sum::<u32>()) / before.len() as f64;
    if f64::from(now) < rules.flags.leave_ratio * usual {
        return None;
    }
    let reason = format!(
        "{now} days of leave in {}, against {usual:.1} in the quarters before",
        latest.quarter
    );
    let mut flag = Flag::new(
        FlagKind::MoreLeave,
        Severity::Watch,
        subject(person),
        reason,
    )
    .fingerprint(format!("{}:{now}", latest.id()));
    for a in earlier
        .iter()
        .chain([latest])
        .filter(|a| a.leave_days.is_some())
    {
        flag = flag.with(Evidence::new(
            format!("leave {}", a.quarter),
            format!("{} days", a.leave_days.unwrap_or_default()),
            record(Kind::Assessment, a.id().0),
        ));
    }
    Some(flag)
}

pub(super) fn no_one_on_one(
    index: &OrgIndex,
    rules: &Rules,
    person: &Person,
    today: NaiveDate,
) -> Option<Flag> {
    if person.manager.is_none() || person.status == Status::OnLeave {
        return None; // the top of a tree has no manager to hold 1:1s with
    }
    let limit = if person.is_key() {
        rules.flags.no_one_on_one_days_key
    } else {
        rules.flags.no_one_on_one_days
    };
    let latest = index.latest_note(person.id.as_str());
    let since = latest.map(|n| n.date).or(person.hire_date);
    let days = since.map(|day| (today - day).num_days());
    if days.is_some_and(|d| d < limit) {
        return None;
    }
    // Never having had a recorded 1:1 is what every freshly imported roster looks like: worth
    // showing, but quieter than a 1:1 rhythm that lapsed.
    let severity = match (latest, person.is_key()) {
        (None, _) => Severity::Info,
        (Some(_), true) => Severity::High,
        (Some(_), false) => Severity::Watch,
    };
    let (reason, evidence) = match (latest, days) {
        (Some(note), Some(days)) => (
            format!("No 1:1 for {days} days (limit {limit})"),
            Evidence::new(
                "last GROW note",
                note.date,
                record(Kind::GrowNote, note.id.as_str()),
            ),
        ),
        (None, Some(days)) => (
            format!("No 1:1 recorded yet; joined {days} days ago"),
            Evidence::new(
                "hire date",
                person.hire_date.map(|d| d.to_string()).unwrap_or_default(),
                person_record(person),
            ),
        ),
        _ => (
            "No 1:1 recorded".to_string(),
            Evidence::new("GROW notes", "none", person_record(person)),
        ),
    };
    let fingerprint = latest.map_or_else(|| "none".to_string(), |n| n.id.to_string());
    Some(
        Flag::new(FlagKind::NoOneOnOne, severity, subject(person), reason)
            .with(evidence)
            .with(Evidence::new("limit", format!("{limit} days"), None))
            .fingerprint(fingerprint),
    )
}

pub(super) fn pay_below_market(rules: &Rules, person: &Person) -> Option<Flag> {
    let percentile = person.pay_percentile?;
    let target = rules.flags.pay_target_percentile_key;
    if !person.is_key() || percentile >= target {
        return None;
    }
    let reason = format!(
        "Key employee paid at the {} market percentile (target {})",
        ordinal(u32::from(percentile)),
        ordinal(u32::from(target))
    );
    Some(
        Flag::new(
            FlagKind::PayBelowMarket,
            Severity::Watch,
            subject(person),
            reason,
        )
        .with(Evidence::new(
            "pay percentile",
            percentile,
            person_record(person),
        ))
        .with(Evidence::new("target for key staff", target, None))
        .fingerprint(percentile.to_string()),
    )
}

/// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st.
pub(super) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub(super) fn points_past_threshold(index: &OrgIndex, person: &Person) -> Option<Flag> {
    let (ladder, next) = crate::domain::insight::points::next_level(index.org, person)?;
    let threshold = next.points_threshold?;
    let balance = balance(index, person.id.as_str());
    if balance < i64::from(threshold) {
        return None;
    }
    let reason = format!(
        "{balance} points, past the {threshold} for {} ({}), still at {}",
        next.title, next.code, person.level
    );
    Some(
        Flag::new(
            FlagKind::PointsPastThreshold,
            Severity::Watch,
            subject(person),
            reason,
        )
        .with(Evidence::new("points balance", balance, None))
        .with(Evidence::new(
            format!("threshold for {}", next.code),
            threshold,
            record(Kind::Ladder, ladder.id.as_str()),
        ))
        .with(Evidence::new("level", &person.level, person_record(person)))
        .fingerprint(format!("{}:{}", person.level, next.code)),
    )
}

pub(super) fn stay_interview_due(
    index: &OrgIndex,
    rules: &Rules,
    person: &Person,
    today: NaiveDate,
) -> Option<Flag> {
    if !person.is_key() || person.status != Status::Active {
        return None;
    }
    let latest = index
        .stay_interviews
        .get(person.id.as_str())
        .and_then(|l| l.last());
    let limit = rules.flags.stay_interview_days;
    if latest.is_some_and(|s| (today - s.date).num_days() < limit) {
        return None;
    }
    let severity = if person.flight_risk.is_some() {
        Severity::Watch
    } else {
        Severity::Info
    };
    let (reason, evidence) = match latest {
        Some(s) => (
            format!(
                "Key employee; last stay interview {} days ago",
                (today - s.date).num_days()
            ),
            Evidence::new(
                "last stay interview",
                s.date,
                record(Kind::StayInterview, s.id.as_str()),
            ),
        ),
        None => (
            "Key employee with no stay interview yet".to_string(),
            Evidence::new("stay interviews", "none", person_record(person)),
        ),
    };
    Some(
        Flag::new(
            FlagKind::StayInterviewDue,
            severity,
            subject(person),
            reason,
        )
        .with(evidence)
        .fingerprint(latest.map_or_else(|| "none".to_string(), |s| s.id.to_string())),
    )
}
