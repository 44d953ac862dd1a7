//! Every role against every query and every kind of change, as tables, on the demo
//! organisation with its users:
//! admin (everything), fatima (hrbp, everyone, is E051), xuhui (hrbp, Product and Design, is
//! E052), sarah (manager, is E002: VP Engineering), liwei (manager, is E006), board (viewer,
//! Leadership).

use super::*;
use crate::domain::audit::Diff;
use crate::domain::record::{Kind, Record};
use crate::domain::{Org, RecordView};
use chrono::NaiveDate;
use serde_json::json;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn demo() -> Org {
    let mut org = Org::default();
    org.apply(&crate::demo::demo_change(today()).unwrap())
        .unwrap();
    org
}

fn access(org: &Org, name: &str) -> Access {
    Access::resolve(&org.users, name, None).unwrap()
}

/// Everyone below `top` (not them), by the managers recorded.
fn below(org: &Org, top: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![top.to_string()];
    while let Some(id) = stack.pop() {
        for p in org.people.values() {
            if p.manager.as_ref().is_some_and(|m| m.as_str() == id) {
                found.push(p.id.to_string());
                stack.push(p.id.to_string());
            }
        }
    }
    found
}

/// Who each user should see, worked out here from the demo's reporting lines and teams, not
/// by the code under test.
fn expected_people(org: &Org, user: &str) -> Vec<String> {
    let team = |teams: &[&str]| -> Vec<String> {
        org.people
            .values()
            .filter(|p| teams.contains(&p.team.as_str()))
            .map(|p| p.id.to_string())
            .collect()
    };
    let mut ids = match user {
        "admin" | "fatima" => org.people.keys().map(|k| k.to_string()).collect(),
        "xuhui" => team(&["Product", "Design"]),
        "sarah" => below(org, "E002"),
        "liwei" => below(org, "E006"),
        "board" => team(&["Leadership"]),
        _ => Vec::new(),
    };
    ids.sort();
    ids
}

fn me(user: &str) -> Option<&'static str> {
    match user {
        "fatima" => Some("E051"),
        "xuhui" => Some("E052"),
        "sarah" => Some("E002"),
        "liwei" => Some("E006"),
        _ => None,
    }
}

const USERS: &[&str] = &["admin", "fatima", "xuhui", "sarah", "liwei", "board"];

/// The person a record is about, for the kinds that are about one.
fn subject(record: &Record) -> Option<String> {
    use crate::domain::flag::Subject;
    Some(match record {
        Record::Person(p) => p.id.to_string(),
        Record::Assessment(a) => a.person.to_string(),
        Record::GrowNote(n) => n.person.to_string(),
        Record::Pip(p) => p.person.to_string(),
        Record::StayInterview(s) => s.person.to_string(),
        Record::PointsEntry(e) => e.person.to_string(),
        Record::Departure(d) => d.person.to_string(),
        Record::CalibrationEntry(e) => e.person.to_string(),
        Record::Flag(f) => match &f.subject {
            Subject::Person(id) => id.to_string(),
            _ => return None,
        },
        _ => return None,
    })
}

#[test]
fn every_role_sees_in_every_query_only_its_scope_and_nothing_sensitive_about_itself() {
    let mut org = demo();
    // Something sensitive about each user who is a person, written by someone else.
    for person in ["E051", "E052", "E002", "E006"] {
        let risk = json!({"stage": "confused", "noted_on": "2026-11-01", "note": "private"});
        org.apply(&Change::SetFlightRisk {
            person: person.into(),
            risk: Some(serde_json::from_value(risk).unwrap()),
        })
        .unwrap();
    }
    for user in USERS {
        let sight = Sight::of(&access(&org, user), &org);
        let seen = sight.org(&org);
        let people = expected_people(&org, user);
        let sensitive = |kind: Kind| {
            matches!(
                kind,
                Kind::Assessment
                    | Kind::Pip
                    | Kind::StayInterview
                    | Kind::Flag
                    | Kind::CalibrationEntry
            )
        };
        // Query × role: every kind of record, compared with what is expected.
        for kind in Kind::ALL {
            let expected: Vec<Record> = org
                .records_of(*kind)
                .filter(|r| match (kind, subject(r)) {
                    (Kind::User, _) => *user == "admin" || r.key() == *user,
                    (Kind::PointsRule | Kind::Ladder, _) => true,
                    (Kind::Position, _) => {
                        let Record::Position(p) = r else {
                            unreachable!()
                        };
                        let in_team = org
                            .people
                            .values()
                            .any(|q| q.team == p.team && people.contains(&q.id.to_string()));
                        let holder = p
                            .incumbent
                            .as_ref()
                            .is_some_and(|i| people.contains(&i.to_string()));
                        in_team || holder
                    }
                    (Kind::FlagQuiet, _) => true, // checked below
                    // A session: by who runs it or takes part, and by who sees one of its teams.
                    (Kind::Calibration, _) => {
                        let Record::Calibration(c) = r else {
                            unreachable!()
                        };
                        c.takes_part(user)
                            || org.people.values().any(|q| {
                                c.teams.contains(&q.team) && people.contains(&q.id.to_string())
                            })
                    }
                    (Kind::GrowNote, Some(s)) => {
                        people.contains(&s) && me(user) != Some(s.as_str())
                    }
                    (k, Some(s)) if sensitive(*k) => {
                        people.contains(&s) && me(user) != Some(s.as_str())
                    }
                    // Their own record (without its leaving stage), in scope or not.
                    (Kind::Person, Some(s)) => people.contains(&s) || me(user) == Some(s.as_str()),
                    (_, Some(s)) => people.contains(&s),
                    (_, None) => true,
                })
                .collect();
            let keys = |rs: &[Record]| rs.iter().map(|r| r.key()).collect::<Vec<_>>();
            let got: Vec<Record> = seen.records_of(*kind).collect();
            if *kind != Kind::FlagQuiet && *kind != Kind::Flag {
                assert_eq!(keys(&got), keys(&expected), "{user} × {kind:?}");
            }
            for record in &got {
                if let Some(s) = subject(record)
                    && !(*kind == Kind::Person && me(user) == Some(s.as_str()))
                {
                    assert!(people.contains(&s), "{user} sees {kind:?} about {s}");
                    if sensitive(*kind) {
                        assert_ne!(me(user), Some(s.as_str()), "{user}: {kind:?} about self");
                    }
                }
            }
        }
        // Their own leaving stage is never shown to them; their own slates are empty.
        if let Some(me) = me(user)
            && let Some(person) = seen.people.get(me)
        {
            assert!(person.flight_risk.is_none(), "{user} sees their own risk");
        }
        for position in seen.positions.values() {
            let mine =
                me(user).is_some() && position.incumbent.as_ref().map(|i| i.as_str()) == me(user);
            assert!(
                !position
                    .successors
                    .iter()
                    .any(|s| me(user) == Some(s.person.as_str()))
                    && (!mine || position.successors.is_empty()),
                "{user} sees a slate about themselves"
            );
        }
        // Computed results, worked out from what they see, name only people in scope, and no
        // flag about themselves.
        let flags = crate::domain::insight::flags::compute(&seen, &Default::default(), today());
        for flag in flags.iter().filter(|f| sight.sees_subject(&f.subject)) {
            if let Some(p) = flag.person() {
                assert!(people.iter().any(|id| id == p), "{user}: flag about {p}");
                assert_ne!(me(user), Some(p), "{user}: a flag about themselves");
            }
        }
        let derived =
            crate::app::derived::Derived::compute(&seen, &Default::default(), today(), user);
        for id in derived.urgency.keys() {
            assert!(
                people.iter().any(|p| p == id.as_str()),
                "{user}: urgency of {id}"
            );
        }
        for cell in derived.nine_box.values() {
            for (_, id) in cell {
                assert!(
                    people.iter().any(|p| p == id.as_str()),
                    "{user}: 9-box {id}"
                );
            }
        }
        let coverage = crate::domain::insight::coverage::coverage(&seen, &flags);
        assert!(coverage.positions.len() <= seen.positions.len());
    }
}

#[test]
fn an_unknown_user_is_refused_once_users_exist_and_admits_everyone_before() {
    let org = demo();
    let denied = Access::resolve(&org.users, "mallory", None).unwrap_err();
    assert!(
        denied.to_string().contains("mallory has no crewdeck user"),
        "{denied}"
    );
    let users = Default::default();
    let owner = Access::resolve(&users, "mallory", Some("Ada")).unwrap();
    assert_eq!(owner.actor, "Ada");
    assert!(Sight::of(&owner, &org).people().is_none());
    // --as: an admin acts as another user and is recorded so; others may not.
    let acting = Access::resolve(&org.users, "admin", Some("sarah")).unwrap();
    assert_eq!(acting.actor, "admin acting as sarah");
    assert_eq!(acting.role(), Some(crate::domain::user::Role::Manager));
    assert!(matches!(
        Access::resolve(&org.users, "sarah", Some("admin")),
        Err(Denied::NotAdmin { .. })
    ));
    assert!(matches!(
        Access::resolve(&org.users, "admin", Some("nobody")),
        Err(Denied::NoSuchUser { .. })
    ));
}

/// Records about `s` that the changes below refer to, made by the owner.
fn with_records_about(org: &Org, s: &str, peer: &str) -> Org {
    let mut org = org.clone();
    // The first record of a kind with something in each list the changes below refer to.
    let full = |v: &serde_json::Value| {
        [
            "actions",
            "goals",
            "checkins",
            "follow_ups",
            "tasks",
            "revocations",
        ]
        .iter()
        .all(|list| {
            v["value"]
                .get(list)
                .is_none_or(|l| l.as_array().is_some_and(|a| !a.is_empty()))
        }) && v["value"]["goals"]
            .get(0)
            .is_none_or(|g| g["actions"].as_array().is_some_and(|a| !a.is_empty()))
    };
    let first = |kind: Kind| {
        org.records_of(kind)
            .map(|r| serde_json::to_value(r).unwrap())
            .find(|v| full(v))
            .unwrap_or_else(|| panic!("no full {kind:?} in the demo"))
    };
    let value = |kind: Kind, edits: serde_json::Value| -> Record {
        let mut v = first(kind);
        for (key, val) in edits.as_object().unwrap() {
            v["value"][key] = val.clone();
        }
        serde_json::from_value(v).unwrap()
    };
    let team = org.people[s].team.to_string();
    let records = [
        value(Kind::GrowNote, json!({"id": format!("N-{s}"), "person": s, "author": "coach"})),
        value(
            Kind::Pip,
            json!({"id": format!("PIP-{s}"), "person": s, "status": "active"}),
        ),
        value(
            Kind::Position,
            json!({"id": format!("KP-{s}"), "team": team, "incumbent": peer,
                   "successors": [{"person": s, "readiness": "ready_now", "rank": 1}]}),
        ),
        value(
            Kind::Position,
            json!({"id": format!("KP2-{s}"), "team": team, "incumbent": peer, "successors": []}),
        ),
        value(
            Kind::Flag,
            json!({"id": format!("F-{s}"), "subject": {"person": s}}),
        ),
        value(
            Kind::StayInterview,
            json!({"id": format!("ST-{s}"), "person": s}),
        ),
        value(
            Kind::PointsEntry,
            json!({"id": format!("L-{s}"), "person": s, "reverses": null}),
        ),
        value(
            Kind::Departure,
            json!({"id": format!("D-{s}"), "person": s}),
        ),
        Record::FlagQuiet(
            serde_json::from_value(json!({"flag": format!("no_one_on_one/person/{s}"),
                "fingerprint": "x", "state": {"state": "acknowledged", "by": "coach", "on": "2026-11-01"}}))
            .unwrap(),
        ),
    ];
    for record in records {
        org.put(record);
    }
    // A calibration session run by the admin, everyone taking part, with `s` placed in it.
    let every_user: Vec<String> = org.users.keys().map(|k| k.to_string()).collect();
    let mut people = vec![s.into()];
    if peer != s {
        people.push(peer.into());
    }
    org.apply(&Change::OpenCalibration {
        session: from(
            json!({"id": format!("CAL-{s}"), "name": "Review", "quarter": {"year": 2026, "q": 4},
            "teams": [team], "facilitator": "admin", "participants": every_user,
            "opened": "2026-11-30T09:00:00Z"}),
        ),
        people,
    })
    .unwrap();
    org
}

fn from<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// One change of every kind about `s`, with the records of [`with_records_about`].
fn every_change_about(org: &Org, s: &str) -> Vec<(&'static str, Change)> {
    let day = today();
    let get = |kind: Kind, key: &str| {
        serde_json::to_value(org.record(kind, key).unwrap()).unwrap()["value"].clone()
    };
    let mut person = get(Kind::Person, s);
    person["title"] = json!("Renamed");
    let mut note = get(Kind::GrowNote, &format!("N-{s}"));
    note["goal"] = json!("Another goal");
    let mut new_note = note.clone();
    new_note["id"] = json!(format!("N2-{s}"));
    let action = note["actions"][0].clone();
    let mut new_action = action.clone();
    new_action["id"] = json!(99);
    let mut pip = get(Kind::Pip, &format!("PIP-{s}"));
    pip["id"] = json!(format!("PIP2-{s}"));
    pip["status"] = json!("draft");
    let plan = get(Kind::Pip, &format!("PIP-{s}"));
    let checkin = plan["checkins"][0].clone();
    let mut assessment = serde_json::to_value(org.records_of(Kind::Assessment).next().unwrap())
        .unwrap()["value"]
        .clone();
    assessment["person"] = json!(s);
    let mut flag = get(Kind::Flag, &format!("F-{s}"));
    flag["id"] = json!(format!("F2-{s}"));
    let mut stay = get(Kind::StayInterview, &format!("ST-{s}"));
    stay["id"] = json!(format!("ST2-{s}"));
    let mut entry = get(Kind::PointsEntry, &format!("L-{s}"));
    entry["id"] = json!(format!("L2-{s}"));
    let mut departure = get(Kind::Departure, &format!("D-{s}"));
    let task: u32 = from(departure["tasks"][0]["id"].clone());
    let revocation: u32 = from(departure["revocations"][0]["id"].clone());
    departure["id"] = json!(format!("D2-{s}"));
    let position = get(Kind::Position, &format!("KP-{s}"));
    // Undoing an acknowledgement of the manual flag about `s`: it is as the undone change left it.
    let revert = {
        let now: Record = org.record(Kind::Flag, &format!("F-{s}")).unwrap();
        let mut then = serde_json::to_value(&now).unwrap();
        then["value"]["state"] =
            json!({"state": "acknowledged", "by": "coach", "on": "2026-11-01"});
        let diffs = vec![Diff {
            kind: Kind::Flag,
            key: format!("F-{s}"),
            before: Some(from(then)),
            after: Some(now),
        }];
        Change::Revert { seq: 1, diffs }
    };
    let (n, p, pos, dep) = (
        format!("N-{s}"),
        format!("PIP-{s}"),
        format!("KP-{s}"),
        format!("D-{s}"),
    );
    vec![
        (
            "upsert_person",
            Change::UpsertPerson {
                person: from(person),
            },
        ),
        (
            "set_key_employee",
            Change::SetKeyEmployee {
                person: s.into(),
                key: None,
            },
        ),
        (
            "set_status",
            Change::SetStatus {
                person: s.into(),
                status: Default::default(),
            },
        ),
        (
            "set_flight_risk",
            Change::SetFlightRisk {
                person: s.into(),
                risk: None,
            },
        ),
        (
            "record_assessment",
            Change::RecordAssessment {
                assessment: from(assessment),
            },
        ),
        (
            "add_grow_note",
            Change::AddGrowNote {
                note: from(new_note),
            },
        ),
        (
            "update_grow_note",
            Change::UpdateGrowNote { note: from(note) },
        ),
        (
            "add_action",
            Change::AddAction {
                note: n.as_str().into(),
                action: from(new_action),
            },
        ),
        (
            "set_action_done",
            Change::SetActionDone {
                note: n.as_str().into(),
                action: from(action["id"].clone()),
                done: Some(day),
            },
        ),
        ("create_pip", Change::CreatePip { pip: from(pip) }),
        (
            "set_pip_status",
            Change::SetPipStatus {
                pip: p.as_str().into(),
                status: crate::domain::pip::PipStatus::Extended,
                end: None,
                outcome: None,
            },
        ),
        (
            "set_plan_action_done",
            Change::SetPlanActionDone {
                pip: p.as_str().into(),
                goal: from(plan["goals"][0]["id"].clone()),
                action: 0,
                done: Some(day),
            },
        ),
        (
            "record_pip_check_in",
            Change::RecordPipCheckIn {
                pip: p.as_str().into(),
                checkin: from(checkin),
            },
        ),
        (
            "upsert_position",
            Change::UpsertPosition {
                position: from(position),
            },
        ),
        (
            "set_incumbent",
            Change::SetIncumbent {
                position: pos.as_str().into(),
                incumbent: None,
            },
        ),
        (
            "add_successor",
            Change::AddSuccessor {
                position: format!("KP2-{s}").as_str().into(),
                successor: from(json!({"person": s, "readiness": "one_to_two_years", "rank": 2})),
            },
        ),
        (
            "set_readiness",
            Change::SetReadiness {
                position: pos.as_str().into(),
                person: s.into(),
                readiness: crate::domain::succession::Readiness::ThreePlusYears,
            },
        ),
        (
            "remove_successor",
            Change::RemoveSuccessor {
                position: pos.as_str().into(),
                person: s.into(),
            },
        ),
        ("raise_flag", Change::RaiseFlag { flag: from(flag) }),
        (
            "set_flag_state",
            Change::SetFlagState {
                flag: format!("F-{s}").as_str().into(),
                state: Default::default(),
            },
        ),
        (
            "record_stay_interview",
            Change::RecordStayInterview {
                interview: from(stay),
            },
        ),
        (
            "set_follow_up_done",
            Change::SetFollowUpDone {
                interview: format!("ST-{s}").as_str().into(),
                index: 0,
                done: Some(day),
            },
        ),
        (
            "upsert_points_rule",
            Change::UpsertPointsRule {
                rule: from(json!({"id": "R99", "name": "Talk", "points": 5})),
            },
        ),
        ("award_points", Change::AwardPoints { entry: from(entry) }),
        (
            "reverse_points",
            Change::ReversePoints {
                entry: format!("L-{s}").as_str().into(),
                date: day,
                reason: "typo".into(),
                recorded_by: "x".into(),
            },
        ),
        (
            "upsert_ladder",
            Change::UpsertLadder {
                ladder: from(
                    json!({"id": "L9", "track": "professional", "name": "P", "levels": [{"code": "P1", "title": "One"}]}),
                ),
            },
        ),
        (
            "start_departure",
            Change::StartDeparture {
                departure: from(departure),
            },
        ),
        (
            "complete_handover_task",
            Change::CompleteHandoverTask {
                departure: dep.as_str().into(),
                task,
                on: day,
            },
        ),
        (
            "confirm_handover_task",
            Change::ConfirmHandoverTask {
                departure: dep.as_str().into(),
                task,
                on: day,
            },
        ),
        (
            "revoke_access",
            Change::RevokeAccess {
                departure: dep.as_str().into(),
                revocation,
                at: chrono::Utc::now(),
            },
        ),
        (
            "set_handover_report",
            Change::SetHandoverReport {
                departure: dep.as_str().into(),
                report: "done".into(),
            },
        ),
        (
            "upsert_user",
            Change::UpsertUser {
                user: from(
                    json!({"name": "newcomer", "role": "viewer", "scope": {"kind": "everyone"}}),
                ),
            },
        ),
        (
            "remove_user",
            Change::RemoveUser {
                name: "board".into(),
            },
        ),
        (
            "quiet_flag",
            Change::QuietFlag {
                quiet: from(
                    json!({"flag": format!("no_one_on_one/person/{s}"), "fingerprint": "y", "state": {"state": "snoozed", "by": "x", "until": "2027-01-01"}}),
                ),
            },
        ),
        (
            "reopen_flag",
            Change::ReopenFlag {
                flag: format!("no_one_on_one/person/{s}"),
            },
        ),
        ("revert", revert),
        (
            "open_calibration",
            Change::OpenCalibration {
                session: from(json!({"id": format!("CAL2-{s}"), "name": "Another",
                    "quarter": {"year": 2026, "q": 3}, "teams": ["Platform"], "facilitator": "admin",
                    "opened": "2026-11-30T10:00:00Z"})),
                people: vec![s.into()],
            },
        ),
        (
            "log_calibration",
            Change::LogCalibration {
                entry: from(
                    json!({"session": format!("CAL-{s}"), "at": "2026-11-30T09:05:00Z",
                    "by": "admin", "person": s, "what": {"logged": "decision", "text": "promote"}}),
                ),
            },
        ),
        (
            "close_calibration",
            Change::CloseCalibration {
                session: format!("CAL-{s}").as_str().into(),
                at: from(json!("2026-11-30T10:00:00Z")),
            },
        ),
        (
            "batch",
            Change::Batch {
                label: "two".into(),
                changes: vec![
                    Change::SetFlightRisk {
                        person: s.into(),
                        risk: None,
                    },
                    Change::SetKeyEmployee {
                        person: s.into(),
                        key: None,
                    },
                ],
            },
        ),
    ]
}

/// Change kind × (user, subject): `Y` allowed, `n` refused. Columns:
/// admin on E009 · xuhui (hrbp) on E030, in her teams · xuhui on E009, outside them ·
/// fatima (hrbp, everyone) on herself · sarah (manager) on E009, below her · sarah on E030,
/// not below her · sarah on herself · board (viewer) on E003, in Leadership.
const CASES: &[(&str, &str, &str)] = &[
    ("admin", "E009", "E010"),
    ("xuhui", "E030", "E031"),
    ("xuhui", "E009", "E010"),
    ("fatima", "E051", "E053"),
    ("sarah", "E009", "E010"),
    ("sarah", "E030", "E031"),
    ("sarah", "E002", "E003"),
    ("board", "E003", "E004"),
];

const TABLE: &[(&str, &str)] = &[
    ("upsert_person", "YYnnYnnn"),
    ("set_key_employee", "YYnnYnnn"),
    ("set_status", "YYnnYnnn"),
    ("set_flight_risk", "YYnnYnnn"),
    ("record_assessment", "YYnnYnnn"),
    // Not even a note about oneself signed by oneself (an HR partner's, in scope): a 1:1 is
    // held by someone else, and it would quiet one's own "no 1:1" flag.
    ("add_grow_note", "YYnnYnnn"),
    ("update_grow_note", "YYnnYnnn"),
    ("add_action", "YYnnYnnn"),
    ("set_action_done", "YYnnYnnn"),
    ("create_pip", "YYnnYnnn"),
    ("set_pip_status", "YYnnYnnn"),
    ("set_plan_action_done", "YYnnYnnn"),
    ("record_pip_check_in", "YYnnYnnn"),
    ("upsert_position", "YYnnYnnn"),
    ("set_incumbent", "YYnnYnnn"),
    ("add_successor", "YYnnYnnn"),
    ("set_readiness", "YYnnYnnn"),
    ("remove_successor", "YYnnYnnn"),
    ("raise_flag", "YYnnYnnn"),
    ("set_flag_state", "YYnnYnnn"),
    ("record_stay_interview", "YYnnYnnn"),
    ("set_follow_up_done", "YYnnYnnn"),
    ("upsert_points_rule", "Ynnnnnnn"),
    ("award_points", "YYnnYnnn"),
    ("reverse_points", "YYnnYnnn"),
    ("upsert_ladder", "Ynnnnnnn"),
    ("start_departure", "YYnnYnnn"),
    ("complete_handover_task", "YYnnYnnn"),
    ("confirm_handover_task", "YYnnYnnn"),
    ("revoke_access", "YYnnYnnn"),
    ("set_handover_report", "YYnnYnnn"),
    ("upsert_user", "Ynnnnnnn"),
    ("remove_user", "Ynnnnnnn"),
    ("quiet_flag", "YYnnYnnn"),
    ("reopen_flag", "YYnnYnnn"),
    ("revert", "YYnnYnnn"),
    // A session is opened by its facilitator over people they see; an entry about someone is
    // signed by who logs it; closing is the facilitator's (the admin's here) or an admin's.
    ("open_calibration", "YYnnYnnn"),
    ("log_calibration", "YYnnYnnn"),
    ("close_calibration", "Ynnnnnnn"),
    ("batch", "YYnnYnnn"),
];

#[test]
fn every_kind_of_change_is_checked_against_role_and_scope() {
    let base = demo();
    let kinds_in_table: Vec<&str> = TABLE.iter().map(|(k, _)| *k).collect();
    for (column, (user, subject, peer)) in CASES.iter().enumerate() {
        let org = with_records_about(&base, subject, peer);
        let changes = every_change_about(&org, subject);
        let listed: Vec<&str> = changes.iter().map(|(k, _)| *k).collect();
        assert_eq!(listed, kinds_in_table, "every kind is in the table once");
        for ((kind, change), (_, row)) in changes.iter().zip(TABLE) {
            // A new note is signed by who writes it.
            let mut change = change.clone();
            if let Change::AddGrowNote { note } = &mut change {
                note.author = (*user).into();
            }
            if let Change::OpenCalibration { session, .. } = &mut change {
                session.facilitator = (*user).into();
            }
            if let Change::LogCalibration { entry } = &mut change {
                entry.by = (*user).into();
            }
            let change = &change;
            // The change itself is sound: the owner may make it.
            Access::everything("owner")
                .authorise(change, &org)
                .unwrap_or_else(|e| panic!("{kind} about {subject} is not sound: {e}"));
            let expected = row.as_bytes()[column] == b'Y';
            let got = access(&org, user).authorise(change, &org);
            assert_eq!(
                got.is_ok(),
                expected,
                "{user} × {kind} about {subject}: {got:?}"
            );
        }
    }
}

#[test]
fn a_new_note_is_signed_by_who_writes_it() {
    let org = demo();
    let note = |author: &str| Change::AddGrowNote {
        note: from(json!({"id": "NX", "person": "E009", "date": "2026-11-30", "author": author})),
    };
    assert!(
        access(&org, "sarah")
            .authorise(&note("sarah"), &org)
            .is_ok()
    );
    let forged = access(&org, "sarah")
        .authorise(&note("liwei"), &org)
        .unwrap_err();
    assert!(forged.contains("signed by who writes it"), "{forged}");
    // An admin brings in notes written by others (an import).
    assert!(
        access(&org, "admin")
            .authorise(&note("liwei"), &org)
            .is_ok()
    );
}

#[test]
fn every_change_kind_is_in_the_table() {
    // A new kind of change must join the table: its summary's first word is not enough to
    // tell, so the serde tag is compared with the table's names.
    let org = with_records_about(&demo(), "E009", "E010");
    let changes = every_change_about(&org, "E009");
    for (name, change) in &changes {
        let tag = serde_json::to_value(change).unwrap()["change"].clone();
        assert_eq!(tag, json!(name));
    }
    assert_eq!(changes.len(), TABLE.len());
}

/// A manager's own record is not in their scope; an HR business partner or a viewer whose scope
/// takes them in (their own team, everyone below them) has it there, as the roles say.
/// Either way nothing sensitive about themselves is seen (the table test above).
#[test]
fn own_record_in_scope_for_hrbp_and_viewer_not_for_manager() {
    let mut org = demo();
    let own_team = org.people["E002"].team.to_string();
    for user in [
        json!({"name": "vera", "role": "viewer", "person": "E002",
               "scope": {"kind": "teams", "value": [own_team]}}),
        json!({"name": "hana", "role": "hrbp", "person": "E002",
               "scope": {"kind": "reports_of", "value": "E002"}}),
    ] {
        org.apply(&Change::UpsertUser {
            user: serde_json::from_value(user).unwrap(),
        })
        .unwrap();
    }
    for name in ["vera", "hana"] {
        let sight = Sight::of(&access(&org, name), &org);
        assert!(
            sight.people().is_some_and(|p| p.contains("E002")),
            "{name}'s own record is in their scope"
        );
    }
    let sarah = Sight::of(&access(&org, "sarah"), &org);
    assert!(!sarah.people().is_some_and(|p| p.contains("E002")));
    assert!(
        sarah.org(&org).people.contains_key("E002"),
        "seen all the same"
    );
}

#[test]
fn the_first_user_is_an_admin_and_the_last_admin_stays() {
    let mut org = demo();
    org.users.clear();
    let user = |name: &str, role: &str| -> Change {
        Change::UpsertUser {
            user: serde_json::from_value(
                json!({"name": name, "role": role, "scope": {"kind": "everyone"}}),
            )
            .unwrap(),
        }
    };
    let refused = org.apply(&user("vera", "viewer")).unwrap_err();
    assert!(
        refused.to_string().contains("must be an admin"),
        "{refused}"
    );
    org.apply(&user("ada", "admin")).unwrap();
    org.apply(&user("vera", "viewer")).unwrap();
    assert!(
        org.apply(&user("ada", "hrbp")).is_err(),
        "the last admin stays one"
    );
    assert!(
        org.apply(&Change::RemoveUser { name: "ada".into() })
            .is_err()
    );
    org.apply(&Change::RemoveUser {
        name: "vera".into(),
    })
    .unwrap();
    assert!(org.every(Kind::User).unwrap().len() == 1);
}

/// A server keeps the reporting lines current change by change, and works out again only the
/// sights a change touches ([`Sight::touched_by`]). Tried on the demo's users and four more (an
/// admin who is a person, a viewer and an HR business partner each over everyone below a
/// person, a manager who is no person), after each of these changes alone and after pairs of
/// them in one batch: a person put under each of the others, into each team, taken out, and
/// someone new added under each; each key position given each user's person as its holder, or
/// onto its slate, moved to each team, or removed. The lines kept are the lines built afresh,
/// and a sight said to be untouched is the sight worked out afresh.
#[test]
fn a_sight_not_worked_out_again_after_a_move_is_still_right() {
    use crate::domain::user::{Scope, User};
    let mut org = demo();
    let more = [
        ("ceo", Role::Admin, Scope::Everyone, Some("E001")),
        (
            "auditor",
            Role::Viewer,
            Scope::ReportsOf("E006".into()),
            None,
        ),
        (
            "partner",
            Role::Hrbp,
            Scope::ReportsOf("E002".into()),
            Some("E051"),
        ),
        ("nobody", Role::Manager, Scope::Everyone, None),
    ];
    for (name, role, scope, person) in more {
        org.put(Record::User(User {
            name: name.into(),
            role,
            scope,
            person: person.map(Into::into),
        }));
    }
    let users: Vec<String> = org.users.keys().map(|k| k.to_string()).collect();
    let people: Vec<&str> = org.people.keys().map(|k| k.as_str()).collect();
    let mut teams: Vec<&str> = org.people.values().map(|p| p.team.as_str()).collect();
    teams.sort();
    teams.dedup();
    let diff = |before: Option<Record>, after: Option<Record>| {
        let record = before.as_ref().or(after.as_ref()).unwrap();
        Diff {
            kind: record.kind(),
            key: record.key().to_string(),
            before,
            after,
        }
    };
    let mut moves: Vec<Diff> = Vec::new();
    for person in org.people.values() {
        let before = Record::Person(person.clone());
        for manager in &people {
            let mut moved = person.clone();
            moved.manager = Some((*manager).into());
            moves.push(diff(Some(before.clone()), Some(Record::Person(moved))));
            let mut new = person.clone();
            new.id = format!("NEW-{manager}").into();
            new.manager = Some((*manager).into());
            moves.push(diff(None, Some(Record::Person(new))));
        }
        for team in &teams {
            let mut moved = person.clone();
            moved.team = (*team).into();
            moves.push(diff(Some(before.clone()), Some(Record::Person(moved))));
        }
        moves.push(diff(Some(before), None));
    }
    let persons: Vec<&str> = org
        .users
        .values()
        .filter_map(|u| u.person.as_ref().map(|p| p.as_str()))
        .collect();
    for position in org.positions.values() {
        let before = Record::Position(position.clone());
        for person in &persons {
            let mut held = position.clone();
            held.incumbent = Some((*person).into());
            moves.push(diff(Some(before.clone()), Some(Record::Position(held))));
            let mut slated = position.clone();
            let mut successor = slated.successors.first().cloned().unwrap_or_else(|| {
                from(json!({"person": person, "readiness": "ready_now", "rank": 1}))
            });
            successor.person = (*person).into();
            slated.successors.push(successor);
            moves.push(diff(Some(before.clone()), Some(Record::Position(slated))));
        }
        for team in &teams {
            let mut moved = position.clone();
            moved.team = (*team).to_string();
            moves.push(diff(Some(before.clone()), Some(Record::Position(moved))));
        }
        moves.push(diff(Some(before), None));
    }
    // Those that move anyone: a person's team or manager already what it was is no move.
    moves.retain(|d| Sight::stale_after(std::slice::from_ref(d)));
    // Each alone, and pairs of them (a stride through the list) in one batch, the second not
    // about the same record as the first.
    let mut batches: Vec<Vec<Diff>> = moves.iter().map(|d| vec![d.clone()]).collect();
    for (i, first) in moves.iter().enumerate().step_by(7) {
        let second = &moves[(i * 31 + 11) % moves.len()];
        if (second.kind, &second.key) != (first.kind, &first.key) {
            batches.push(vec![first.clone(), second.clone()]);
        }
    }
    let lines = Lines::of(&org);
    let before: Vec<Sight> = users
        .iter()
        .map(|user| Sight::within(&access(&org, user), &org, &lines))
        .collect();
    let (mut untouched, mut touched) = (0, 0);
    for diffs in &batches {
        let mut after = org.clone();
        after.apply_diffs(diffs);
        let mut kept = Lines::of(&org);
        kept.follow(diffs);
        assert!(kept.same_lines(&Lines::of(&after)), "{diffs:?}");
        let after_lines = Lines::of(&after);
        for (user, before) in users.iter().zip(&before) {
            if before.touched_by(diffs) {
                touched += 1;
                continue;
            }
            untouched += 1;
            let afresh = Sight::within(&access(&after, user), &after, &after_lines);
            assert!(before.same_scope(&afresh), "{user} after {diffs:?}");
        }
    }
    // Most changes touch only a few users' sights.
    assert!(
        untouched > touched,
        "{untouched} untouched, {touched} touched"
    );
}
