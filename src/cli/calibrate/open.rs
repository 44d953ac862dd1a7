//! `crewdeck calibrate open`: a new session over some teams, run by the user. Its people are
//! everyone the user sees in those teams who has not left, the user's own person excepted;
//! where each stands is written down as the session opens.

use super::{Writing, board_of, clean_text};
use crate::domain::Org;
use crate::domain::assessment::Quarter;
use crate::domain::calibration::Calibration;
use crate::domain::ids::{CalibrationId, PersonId};
use crate::domain::person::Status;
use crate::domain::{Change, Text};
use crate::text::{escaped, fold};
use chrono::{DateTime, Utc};

#[derive(Debug, clap::Args)]
pub struct OpenArgs {
    /// What the session is called ("Engineering talent review")
    #[arg(long)]
    name: String,
    /// The teams whose people are placed, comma-separated, as the roster names them
    #[arg(long, value_name = "TEAM,…", value_delimiter = ',', required = true)]
    teams: Vec<String>,
    /// The quarter calibrated, such as 2026Q4; moves set this quarter's assessment [default: today's quarter]
    #[arg(long, value_name = "QUARTER")]
    quarter: Option<String>,
    /// Users who take part besides you (their login names, comma-separated): they may log in the session too
    #[arg(long, value_name = "USER,…", value_delimiter = ',')]
    participants: Vec<String>,
    /// Minutes each person may be discussed for
    #[arg(long, value_name = "MINUTES")]
    timebox: Option<u16>,
    /// The session's id [default: made from the name and quarter, such as CAL-ENGINEERING-2026Q4]
    #[arg(long)]
    id: Option<String>,
}

pub fn run(target: &super::Target, args: OpenArgs) -> anyhow::Result<()> {
    let mut w = Writing::open(target)?;
    let (session, people) = plan(&w.org, &w.user, args, Utc::now())?;
    let id = session.id.clone();
    let what = format!("calibrate open {id}");
    w.apply(Change::OpenCalibration { session, people }, &what)?;
    let org = w.backend.loader()()?;
    let board = org
        .calibrations
        .get(id.as_str())
        .map(|s| board_of(&org, s))
        .unwrap_or_default();
    let unplaced = board.before.values().filter(|p| p.is_none()).count();
    println!(
        "Opened calibration session {id}: {}, {unplaced} with no placement.",
        super::super::count(board.before.len(), "person", "people")
    );
    Ok(())
}

/// The session `args` describe, run by `user`, opened at `now`, and its people.
///
/// Errors: a blank or unsafe name, an unknown team (the known ones are listed), a quarter not
/// written like 2026Q4, a participant that is not a login name, a timebox of 0, an id with `/`
/// or one already taken, nobody to calibrate.
pub(super) fn plan(
    org: &Org,
    user: &str,
    args: OpenArgs,
    now: DateTime<Utc>,
) -> anyhow::Result<(Calibration, Vec<PersonId>)> {
    let name = clean_text(&args.name, false, "calibrate open: --name")?;
    if name.is_empty() {
        anyhow::bail!("calibrate open: --name is empty; say what the session is called");
    }
    let teams = teams(org, &args.teams)?;
    let quarter = match &args.quarter {
        Some(given) => parse_quarter(given).ok_or_else(|| {
            anyhow::anyhow!(
                "calibrate open: --quarter \"{}\" is not a quarter such as 2026Q4",
                escaped(given)
            )
        })?,
        None => Quarter::of(chrono::Local::now().date_naive()),
    };
    if args.timebox == Some(0) {
        anyhow::bail!("calibrate open: --timebox is the minutes each person may take: 1 or more");
    }
    let participants = participants(&args.participants, user)?;
    let id = match &args.id {
        Some(given) => given_id(org, given)?,
        None => made_id(org, &name, quarter),
    };
    let me = org.users.get(user).and_then(|u| u.person.clone());
    let folded: Vec<String> = teams.iter().map(|t| fold(t)).collect();
    let people: Vec<PersonId> = org
        .people
        .values()
        .filter(|p| folded.contains(&fold(&p.team)))
        .filter(|p| !matches!(p.status, Status::Left { .. }))
        .filter(|p| me.as_ref() != Some(&p.id))
        .map(|p| p.id.clone())
        .collect();
    if people.is_empty() {
        anyhow::bail!(
            "calibrate open: nobody to calibrate in {} (people who left, and you, are not placed)",
            teams.join(", ")
        );
    }
    let session = Calibration {
        id,
        name,
        quarter,
        teams,
        facilitator: user.to_string(),
        participants,
        timebox_minutes: args.timebox,
        opened: now,
        closed: None,
        logged: 0,
        last_entry: None,
    };
    Ok((session, people))
}

/// The teams given, each as the roster spells it, once.
///
/// Errors: none given; one nobody the user sees is in (the teams they see are listed).
fn teams(org: &Org, given: &[String]) -> anyhow::Result<Vec<Text>> {
    let mut known: Vec<&Text> = org.people.values().map(|p| &p.team).collect();
    known.retain(|t| !t.trim().is_empty());
    known.sort_unstable();
    known.dedup();
    let mut teams: Vec<Text> = Vec::new();
    for team in given.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let folded = fold(team);
        let Some(found) = known.iter().find(|k| fold(k) == folded) else {
            let names: Vec<&str> = known.iter().map(|t| t.as_str()).collect();
            anyhow::bail!(
                "calibrate open: --teams: there is no team \"{}\" among the people you see; the teams are: {}",
                escaped(team),
                names.join(", ")
            );
        };
        if !teams.contains(found) {
            teams.push((*found).clone());
        }
    }
    if teams.is_empty() {
        anyhow::bail!("calibrate open: --teams is empty; name at least one team");
    }
    Ok(teams)
}

/// `2026Q4`, `2026 q4`, `2026-Q4`.
pub(super) fn parse_quarter(text: &str) -> Option<Quarter> {
    let plain: String = text
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let (year, q) = plain.split_once('Q')?;
    let quarter = Quarter {
        year: year.parse().ok()?,
        q: q.parse().ok()?,
    };
    ((1..=4).contains(&quarter.q) && (1900..=2999).contains(&quarter.year)).then_some(quarter)
}

/// The participants given, as login names, without the facilitator and without repeats.
///
/// Errors: a name with a space, a slash or a control character.
fn participants(given: &[String], facilitator: &str) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for name in given.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if name.chars().any(|c| c.is_whitespace() || c == '/')
            || crate::text::first_unsafe_char(name, false).is_some()
        {
            anyhow::bail!(
                "calibrate open: --participants: \"{}\" is not a login name (no spaces, slashes or control characters)",
                escaped(name)
            );
        }
        if name != facilitator && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// The id given with `--id`.
///
/// Errors: empty, with a space, `/` or a control character, or taken by a session the user
/// sees.
fn given_id(org: &Org, given: &str) -> anyhow::Result<CalibrationId> {
    let id = given.trim();
    if id.is_empty()
        || id.chars().any(|c| c.is_whitespace() || c == '/')
        || crate::text::first_unsafe_char(id, false).is_some()
    {
        anyhow::bail!(
            "calibrate open: --id \"{}\" is not an id: a word without spaces, `/` or control characters",
            escaped(id)
        );
    }
    if let Some(taken) = org
        .calibrations
        .values()
        .find(|c| fold(c.id.as_str()) == fold(id))
    {
        anyhow::bail!(
            "calibrate open: --id {id} is taken by the session \"{}\"; choose another",
            crate::text::safe_line(&taken.name)
        );
    }
    Ok(CalibrationId::from(id))
}

/// An id from the name and quarter, numbered when a session the user sees has it already
/// ([`crate::domain::calibration::session_id`]).
pub(super) fn made_id(org: &Org, name: &str, quarter: Quarter) -> CalibrationId {
    crate::domain::calibration::session_id(name, quarter, |id| {
        org.calibrations.keys().any(|k| fold(k) == fold(id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Person;

    fn org() -> Org {
        let mut org = Org::default();
        for (id, team, left) in [
            ("E1", "Platform", false),
            ("E2", "Data & AI", false),
            ("E3", "Data & AI", true),
            ("E4", "Sales", false),
        ] {
            let mut p = Person::new(id, format!("Person {id}"));
            p.team = team.into();
            if left {
                p.status = Status::Left {
                    last_day: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
                };
            }
            org.apply(&Change::UpsertPerson { person: p }).unwrap();
        }
        org
    }

    fn args(teams: &[&str]) -> OpenArgs {
        OpenArgs {
            name: "Engineering review".into(),
            teams: teams.iter().map(|t| t.to_string()).collect(),
            quarter: Some("2026q4".into()),
            participants: vec!["omar".into(), "lin".into(), "omar".into()],
            timebox: Some(5),
            id: None,
        }
    }

    #[test]
    fn the_people_are_those_of_the_teams_who_have_not_left() {
        let (session, people) =
            plan(&org(), "lin", args(&["platform", "DATA & AI"]), Utc::now()).unwrap();
        assert_eq!(people, [PersonId::from("E1"), PersonId::from("E2")]);
        assert_eq!(
            session.teams,
            ["Platform", "Data & AI"],
            "as the roster spells them"
        );
        assert_eq!(session.id.as_str(), "CAL-ENGINEERING-REVIEW-2026Q4");
        assert_eq!(session.participants, ["omar"], "not the facilitator, once");
        assert_eq!(session.facilitator, "lin");
    }

    #[test]
    fn an_unknown_team_is_named_with_the_known_ones() {
        let err = plan(&org(), "lin", args(&["Platfrom"]), Utc::now()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("\"Platfrom\""), "{text}");
        assert!(text.contains("Data & AI, Platform, Sales"), "{text}");
    }

    #[test]
    fn a_made_id_is_numbered_when_taken_and_bad_input_is_named() {
        let q = Quarter { year: 2026, q: 4 };
        let mut org = org();
        let (session, people) = plan(&org, "lin", args(&["Platform"]), Utc::now()).unwrap();
        org.apply(&Change::OpenCalibration { session, people })
            .unwrap();
        assert_eq!(
            made_id(&org, "Engineering review", q).as_str(),
            "CAL-ENGINEERING-REVIEW-2026Q4-2"
        );
        assert_eq!(made_id(&org, "平台 2026Q4", q).as_str(), "CAL-平台-2026Q4");
        assert_eq!(made_id(&org, "  ", q).as_str(), "CAL-2026Q4");

        let mut bad = args(&["Platform"]);
        bad.id = Some("a/b".into());
        let err = plan(&org, "lin", bad, Utc::now()).unwrap_err();
        assert!(err.to_string().contains("--id"), "{err}");
        let mut bad = args(&["Platform"]);
        bad.quarter = Some("2026Q5".into());
        let err = plan(&org, "lin", bad, Utc::now()).unwrap_err();
        assert!(err.to_string().contains("--quarter \"2026Q5\""), "{err}");
    }
}
