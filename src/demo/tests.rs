use super::*;
use crate::domain::check::problems;
use crate::domain::flag::FlagState;
use crate::domain::insight::{FlagKind, Rules, flags};
use crate::domain::person::{LeavingStage, Person, Status};
use crate::domain::pip::PipStatus;
use crate::domain::succession::Readiness;
use crate::domain::user::{Role, Scope};
use crate::domain::{Kind, Org};
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

fn today() -> NaiveDate {
    day(2026, 5, 14)
}

fn load(today: NaiveDate) -> Org {
    let change = demo_change(today).expect("the demo file builds");
    let mut org = Org::default();
    org.apply(&change)
        .expect("the demo applies to an empty organisation");
    org
}

fn person<'a>(org: &'a Org, name: &str) -> &'a Person {
    org.people
        .values()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} is in the demo"))
}

/// Net points per person, reversals included.
fn totals(org: &Org) -> HashMap<String, i64> {
    let mut totals = HashMap::new();
    for entry in org.points.values() {
        *totals.entry(entry.person.to_string()).or_insert(0) += i64::from(entry.points);
    }
    totals
}

fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

#[test]
fn is_one_batch_with_the_label() {
    match demo_change(today()).expect("builds") {
        Change::Batch { label, changes } => {
            assert_eq!(label, DEMO_LABEL);
            assert!(changes.len() > 300, "only {} changes", changes.len());
        }
        other => panic!("not a batch: {}", other.summary()),
    }
}

#[test]
fn applies_cleanly_on_many_days() {
    for today in [
        day(2024, 2, 29),
        day(2026, 1, 1),
        today(),
        day(2027, 12, 31),
    ] {
        let org = load(today);
        assert_eq!(problems(&org), Vec::<String>::new(), "on {today}");
        for kind in Kind::ALL {
            assert!(org.count(*kind) > 0, "no {} on {today}", kind.label());
        }
    }
}

#[test]
fn has_enough_people_teams_and_management_depth() {
    let org = load(today());
    assert!(org.people.len() >= 48, "{} people", org.people.len());
    let teams: BTreeSet<&str> = org.people.values().map(|p| p.team.as_str()).collect();
    assert!(teams.len() >= 6, "teams: {teams:?}");
    let depth = |p: &Person| {
        let mut steps = 0;
        let mut up = p.manager.clone();
        while let Some(id) = up {
            steps += 1;
            up = org.people[id.as_str()].manager.clone();
        }
        steps
    };
    let deepest = org.people.values().map(depth).max().unwrap_or(0);
    assert!(deepest >= 3, "deepest chain has {deepest} managers");
    let tops: Vec<_> = org
        .people
        .values()
        .filter(|p| p.manager.is_none())
        .collect();
    assert_eq!(tops.len(), 1, "one person at the top");
}

#[test]
fn names_include_chinese_and_accented_letters() {
    let org = load(today());
    let chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let accented = |c: char| c.is_alphabetic() && !c.is_ascii() && !chinese(c);
    assert!(org.people.values().any(|p| p.name.chars().any(chinese)));
    assert!(org.people.values().any(|p| p.name.chars().any(accented)));
    assert_eq!(person(&org, "张建").title, "Product Manager");
}

#[test]
fn zhang_jian_is_second_in_his_team_with_4300_points() {
    let org = load(today());
    let zhang = person(&org, "张建");
    let totals = totals(&org);
    assert_eq!(totals.get(zhang.id.as_str()), Some(&4300));
    let mut team: Vec<i64> = org
        .people
        .values()
        .filter(|p| p.team == zhang.team)
        .map(|p| totals.get(p.id.as_str()).copied().unwrap_or(0))
        .collect();
    team.sort_unstable_by(|a, b| b.cmp(a));
    assert!(team[0] > 4300, "the top scorer has more: {team:?}");
    assert_eq!(team[1], 4300);
    assert!(team[2..].iter().all(|t| *t < 4300), "{team:?}");
    let recent = org
        .points
        .values()
        .filter(|e| e.person == zhang.id && days_between(e.date, today()) <= 180)
        .count();
    assert!(recent >= 6, "only {recent} entries in the last six months");
}

#[test]
fn senior_manager_at_5000_is_next_above_zhang_jian() {
    let org = load(today());
    let zhang = person(&org, "张建");
    let ladder = org
        .ladders
        .values()
        .find(|l| Some(l.track) == zhang.track)
        .expect("a ladder for his track");
    let next = ladder.next_level(&zhang.level).expect("a level above his");
    assert_eq!(next.title, "Senior Manager");
    assert_eq!(next.points_threshold, Some(5000));
    let tracks: BTreeSet<_> = org.ladders.values().map(|l| l.track).collect();
    assert_eq!(tracks.len(), 2, "a management and a professional track");
}

#[test]
fn someone_is_past_the_next_threshold_without_promotion() {
    let org = load(today());
    let totals = totals(&org);
    let past = org.people.values().any(|p| {
        let next = org
            .ladders
            .values()
            .find_map(|l| l.next_level(&p.level))
            .and_then(|level| level.points_threshold);
        let total = totals.get(p.id.as_str()).copied().unwrap_or(0);
        next.is_some_and(|threshold| total >= i64::from(threshold))
    });
    assert!(past);
}

#[test]
fn one_referrer_brought_in_most_of_a_team() {
    let org = load(today());
    let mut teams: BTreeMap<&str, Vec<&Person>> = BTreeMap::new();
    for p in org.people.values() {
        teams.entry(p.team.as_str()).or_default().push(p);
    }
    let dependent = teams.values().any(|members| {
        let mut by_referrer: HashMap<&str, usize> = HashMap::new();
        for referrer in members.iter().filter_map(|p| p.referred_by.as_ref()) {
            *by_referrer.entry(referrer.as_str()).or_insert(0) += 1;
        }
        by_referrer.values().any(|n| n * 2 > members.len())
    });
    assert!(dependent);
}

#[test]
fn someone_was_referred_by_a_person_who_left_recently() {
    let org = load(today());
    let found = org.people.values().any(|p| {
        p.referred_by
            .as_ref()
            .and_then(|r| org.people.get(r.as_str()))
            .is_some_and(|referrer| match referrer.status {
                Status::Left { last_day } => (0..=90).contains(&days_between(last_day, today())),
                _ => false,
            })
    });
    assert!(found);
}

#[test]
fn dates_move_with_the_load_day() {
    let (early, late) = (day(2026, 2, 3), day(2026, 9, 21));
    let shift = days_between(early, late);
    let (a, b) = (load(early), load(late));
    for (id, p) in &a.people {
        let hired = p.hire_date.expect("a hire date");
        assert_eq!(
            days_between(hired, b.people[id].hire_date.expect("a hire date")),
            shift
        );
    }
    let last_days = |org: &Org| org.departures["D002"].last_day;
    assert_eq!(days_between(last_days(&a), last_days(&b)), shift);
    assert_ne!(a.assessments.keys().next(), b.assessments.keys().next());
}

#[test]
fn assessments_show_change_over_quarters() {
    let org = load(today());
    let mut quarters: HashMap<&str, usize> = HashMap::new();
    for a in org.assessments.values() {
        *quarters.entry(a.person.as_str()).or_insert(0) += 1;
    }
    assert!(quarters.values().filter(|n| **n >= 2).count() >= 20);
    assert!(org.assessments.values().any(|a| a.kpi_attainment.is_some()));
    assert!(org.assessments.values().any(|a| a.leave_days.is_some()));
    let current = crate::domain::assessment::Quarter::of(today());
    let last = org
        .assessments
        .values()
        .filter(|a| a.quarter == current.back(1));
    let drops = last
        .filter(|a| {
            let before = format!("{}/{}", a.person, current.back(2));
            org.assessments
                .get(before.as_str())
                .is_some_and(|b| b.engagement >= a.engagement + 10)
        })
        .count();
    assert!(drops >= 3, "{drops} engagement drops");
}

#[test]
fn plans_flags_and_stages_cover_every_state() {
    let org = load(today());
    let pip_states: BTreeSet<String> = org
        .pips
        .values()
        .map(|p| format!("{:?}", p.status))
        .collect();
    for status in [
        PipStatus::Draft,
        PipStatus::Active,
        PipStatus::Extended,
        PipStatus::Passed,
        PipStatus::Failed,
        PipStatus::Cancelled,
    ] {
        assert!(pip_states.contains(&format!("{status:?}")), "{status:?}");
    }
    let flag_states: BTreeSet<&str> = org.flags.values().map(|f| f.state.label()).collect();
    for state in ["open", "acknowledged", "snoozed", "resolved"] {
        assert!(flag_states.contains(state), "{state}");
    }
    assert!(org.flags.values().any(|f| f.state == FlagState::Open));
    let stages: BTreeSet<LeavingStage> = org
        .people
        .values()
        .filter_map(|p| p.flight_risk.as_ref().map(|r| r.stage))
        .collect();
    assert_eq!(stages.len(), 4);
    let active = org.pips.values().find(|p| p.status == PipStatus::Active);
    assert!(active.is_some_and(|p| !p.checkins.is_empty() && p.goals.len() >= 2));
}

#[test]
fn succession_has_full_thin_and_empty_slates() {
    let org = load(today());
    assert!(org.positions.len() >= 6);
    let full = |n: usize, ready: usize| n >= 2 && ready >= 1;
    let slates: Vec<(usize, usize)> = org
        .positions
        .values()
        .map(|p| (p.successors.len(), p.ready_now()))
        .collect();
    assert!(slates.iter().any(|(n, r)| full(*n, *r)));
    assert!(slates.iter().any(|(n, r)| *n == 1 && *r == 0));
    assert!(slates.iter().any(|(n, _)| *n == 0));
    let successors = || org.positions.values().flat_map(|p| &p.successors);
    assert!(successors().any(|s| s.emergency));
    assert!(successors().any(|s| !s.development.is_empty()));
    assert!(successors().any(|s| s.readiness == Readiness::ReadyNow
        && org.people[s.person.as_str()].flight_risk.is_some()));
    let uncovered_key = org.positions.values().any(|p| {
        p.successors.is_empty()
            && p.incumbent
                .as_ref()
                .is_some_and(|id| org.people[id.as_str()].is_key())
    });
    assert!(uncovered_key);
    assert!(
        org.people
            .values()
            .any(|p| p.is_key() && p.pay_percentile.is_some_and(|pct| pct < 75))
    );
}

#[test]
fn a_key_person_is_handing_over() {
    let org = load(today());
    let leaving = org
        .departures
        .values()
        .find(|d| d.last_day > today())
        .expect("a departure under way");
    let who = &org.people[leaving.person.as_str()];
    assert!(who.is_key());
    assert!(matches!(who.status, Status::Leaving { .. }));
    assert!((10..=21).contains(&days_between(today(), leaving.last_day)));
    let tasks = &leaving.tasks;
    assert!(tasks.iter().all(|t| t.receiver.is_some()));
    assert!(tasks.iter().any(|t| t.due_offset_days == -3));
    assert!(
        tasks
            .iter()
            .any(|t| t.done_on.is_some() && t.confirmed_on.is_some())
    );
    assert!(tasks.iter().any(|t| t.done_on.is_none()));
    assert!(
        tasks
            .iter()
            .any(|t| t.done_on.is_none() && leaving.task_due(t) <= today() + TimeDelta::days(2))
    );
    let sensitive = leaving
        .revocations
        .iter()
        .find(|r| r.class == crate::domain::departure::AccessClass::Sensitive);
    assert!(sensitive.is_some_and(|r| r.revoked_at.is_some()));
    assert_eq!(leaving.revocations.len(), 3);
}

#[test]
fn points_have_rules_and_a_reversal() {
    let org = load(today());
    assert!(org.points_rules.len() >= 4);
    assert!(org.points.values().any(|e| e.reverses.is_some()));
    let rule_points = |name: &str| {
        org.points_rules
            .values()
            .find(|r| r.name == name)
            .map(|r| r.points)
    };
    assert_eq!(rule_points("Product shipped"), Some(20));
    assert_eq!(rule_points("Adopted by many users"), Some(50));
    assert_eq!(rule_points("Innovation"), Some(30));
    assert_eq!(rule_points("Mentoring a newcomer"), Some(20));
}

#[test]
fn coaching_has_overdue_and_stale_notes_and_stay_follow_ups() {
    let org = load(today());
    let actions = || org.notes.values().flat_map(|n| &n.actions);
    assert!(actions().any(|a| a.done.is_some()));
    assert!(actions().any(|a| a.done.is_none() && a.due.is_some_and(|d| d < today())));
    assert!(actions().any(|a| a.done.is_none() && a.due.is_some_and(|d| d > today())));
    assert!(
        org.notes
            .values()
            .any(|n| days_between(n.date, today()) > 60)
    );
    assert!(
        org.stay_interviews
            .values()
            .all(|s| !s.follow_ups.is_empty())
    );
}

/// A team that keeps its 1:1s: the "no 1:1" flag picks out a few people, on purpose, not most.
#[test]
fn most_people_had_a_recent_one_to_one_and_a_few_did_not() {
    let org = load(today());
    let flagged: BTreeSet<&str> = flags::compute(&org, &Rules::default(), today())
        .into_iter()
        .filter(|f| f.kind == FlagKind::NoOneOnOne)
        .filter_map(|f| f.person().map(|id| org.people[id].name.as_str()))
        .collect();
    let expected = BTreeSet::from([
        "李伟",
        "孙悦",
        "Chloé Dubois",
        "Priya Nair",
        "Mateo García",
        "Oliver Hughes",
        "Noah Bennett",
    ]);
    assert_eq!(flagged, expected);
    let has_note = |name: &str| {
        let id = &person(&org, name).id;
        org.notes.values().any(|n| &n.person == id)
    };
    assert!(!has_note("Chloé Dubois") && !has_note("Noah Bennett"));
}

#[test]
fn users_have_the_expected_roles_and_scopes() {
    let org = load(today());
    let users: Vec<_> = org.users.values().collect();
    assert!(users.iter().any(|u| u.role == Role::Admin));
    assert!(
        users
            .iter()
            .any(|u| u.role == Role::Hrbp && u.scope == Scope::Everyone)
    );
    assert!(users.iter().any(|u| u.role == Role::Manager
        && matches!(&u.scope, Scope::ReportsOf(p) if u.person.as_ref() == Some(p))));
}

#[test]
fn a_broken_file_names_where_it_breaks() {
    let error = change_from("people = [\n  { id = 1 }\n]\n", today()).expect_err("not a demo");
    let message = error.to_string();
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn a_misspelt_flag_field_is_refused() {
    let good = "until = 10";
    assert!(DEMO_TOML.contains(good));
    let text = DEMO_TOML.replacen(good, "untill = 10", 1);
    let message = change_from(&text, today())
        .expect_err("a misspelt field")
        .to_string();
    assert!(message.contains("untill"), "{message}");
}

#[test]
fn the_acknowledged_and_snoozed_flags_are_quiet_on_the_load_day() {
    use crate::domain::insight::{Rules, flags::compute};
    let org = load(today());
    let flags = compute(&org, &Rules::default(), today());
    for id in [
        "referral_dependency/team/Data & AI",
        "pay_below_market/person/E004",
    ] {
        let flag = flags
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("{id} stands"));
        assert!(flag.quiet.is_some(), "{id} is quiet");
    }
}
