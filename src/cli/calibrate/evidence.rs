//! `--evidence KIND:ID` of `crewdeck calibrate move`: what a move cites, read against the
//! records the user sees, with a label that says what it was when cited.
//!
//! - `flag:ID`: a flag standing today about the person, their team or a key position they
//!   hold: a computed flag's id (`no_one_on_one/person/E012`, as `crewdeck flags --format json`
//!   shows it) or a raised flag's (`F002`);
//! - `check-in:ID`: a GROW note about the person (`N014`), or a check-in of their improvement
//!   plan, `PIP_ID/YYYY-MM-DD`;
//! - `kpi:QUARTER`: their KPI attainment recorded in that quarter's assessment.

use crate::domain::Org;
use crate::domain::calibration::{Evidence, EvidenceKind};
use crate::domain::flag::Subject;
use crate::domain::ids::PersonId;
use crate::domain::insight::{Rules, flags};
use crate::text::{escaped, fold, safe_line};
use chrono::NaiveDate;

/// The longest label kept, in characters: enough to recognise what was cited.
const LABEL_CHARS: usize = 120;

/// Reads `given` as evidence about `person`.
///
/// Errors (a sentence without the argument's name): not `KIND:ID`, an unknown kind, nothing
/// with that id among what the user sees, or something about someone else.
pub fn read(
    org: &Org,
    rules: &Rules,
    today: NaiveDate,
    person: &PersonId,
    given: &str,
) -> Result<Evidence, String> {
    let Some((kind, reference)) = given.trim().split_once(':') else {
        return Err(format!(
            "\"{}\" is not KIND:ID; give flag:ID, check-in:NOTE_ID or kpi:QUARTER",
            escaped(given)
        ));
    };
    let reference = reference.trim();
    let (kind, found) = match fold(kind.trim()).replace(['_', ' '], "-").as_str() {
        "flag" => (
            EvidenceKind::Flag,
            flag(org, rules, today, person, reference),
        ),
        "check-in" | "checkin" => (EvidenceKind::CheckIn, check_in(org, person, reference)),
        "kpi" => (EvidenceKind::Kpi, kpi(org, person, reference)),
        _ => {
            return Err(format!(
                "\"{}\" is not a kind of evidence; give flag:ID, check-in:NOTE_ID or kpi:QUARTER",
                escaped(kind)
            ));
        }
    };
    let (reference, label) = found?;
    let label: String = safe_line(&label).chars().take(LABEL_CHARS).collect();
    Ok(Evidence {
        kind,
        reference,
        label,
    })
}

/// "GROW note N014 is not about E008".
fn not_about(what: &str, person: &PersonId) -> String {
    format!("{what} is not about {person}")
}

fn flag(
    org: &Org,
    rules: &Rules,
    today: NaiveDate,
    person: &PersonId,
    id: &str,
) -> Result<(String, String), String> {
    let all = flags::compute(org, rules, today);
    let Some(found) = all.iter().find(|f| fold(&f.id) == fold(id)) else {
        return Err(format!(
            "no flag \"{}\" stands today among those you see (`crewdeck flags --format json` lists their ids)",
            escaped(id)
        ));
    };
    let team = org.people.get(person.as_str()).map(|p| fold(&p.team));
    let about = match &found.subject {
        Subject::Person(p) => p == person,
        Subject::Team(t) => team.as_deref() == Some(fold(t).as_str()),
        Subject::Position(p) => org
            .positions
            .get(p.as_str())
            .is_some_and(|pos| pos.incumbent.as_ref() == Some(person)),
    };
    if !about {
        return Err(not_about(&format!("flag {}", found.id), person));
    }
    Ok((
        found.id.to_string(),
        format!("{}: {}", found.kind.label(), found.reason),
    ))
}

fn check_in(org: &Org, person: &PersonId, id: &str) -> Result<(String, String), String> {
    if let Some((pip, day)) = id.split_once('/') {
        let day: NaiveDate = day
            .trim()
            .parse()
            .map_err(|_| format!("\"{}\" is not PIP_ID/YYYY-MM-DD", escaped(id)))?;
        let Some(plan) = org.pips.get(pip.trim()) else {
            return Err(format!(
                "no improvement plan \"{}\" among those you see",
                escaped(pip)
            ));
        };
        if &plan.person != person {
            return Err(not_about(&format!("improvement plan {}", plan.id), person));
        }
        let Some(check) = plan.checkins.iter().find(|c| c.date == day) else {
            return Err(format!(
                "improvement plan {} has no check-in on {day}",
                plan.id
            ));
        };
        return Ok((
            format!("{}/{day}", plan.id),
            format!("improvement plan check-in on {day}: {}", check.note),
        ));
    }
    let Some(note) = org.notes.get(id) else {
        return Err(format!(
            "no GROW note \"{}\" among those you see (a plan's check-in is PIP_ID/YYYY-MM-DD)",
            escaped(id)
        ));
    };
    if &note.person != person {
        return Err(not_about(&format!("GROW note {}", note.id), person));
    }
    Ok((
        note.id.to_string(),
        format!("1:1 on {}: {}", note.date, note.goal),
    ))
}

fn kpi(org: &Org, person: &PersonId, quarter: &str) -> Result<(String, String), String> {
    let Some(q) = super::open::parse_quarter(quarter) else {
        return Err(format!(
            "\"{}\" is not a quarter such as 2026Q3",
            escaped(quarter)
        ));
    };
    let attainment = org
        .assessments
        .get(format!("{person}/{q}").as_str())
        .and_then(|a| a.kpi_attainment);
    match attainment {
        Some(k) => Ok((q.to_string(), format!("KPI attainment {k} % in {q}"))),
        None => Err(format!("{person} has no KPI attainment recorded for {q}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Change;
    use crate::domain::assessment::{Assessment, Band, Quarter};
    use crate::domain::person::Person;

    fn org() -> Org {
        let mut org = Org::default();
        for id in ["E1", "E2"] {
            let person = Person::new(id, format!("Person {id}"));
            org.apply(&Change::UpsertPerson { person }).unwrap();
        }
        let assessment = Assessment {
            person: "E1".into(),
            quarter: Quarter { year: 2026, q: 3 },
            ability: 3,
            contribution: 3,
            influence: 3,
            performance: Band::High,
            potential: Band::Medium,
            engagement: 70,
            kpi_attainment: Some(112),
            leave_days: None,
            note: String::new(),
        };
        org.apply(&Change::RecordAssessment { assessment }).unwrap();
        org
    }

    #[test]
    fn a_kpi_is_cited_with_its_value_and_bad_evidence_is_named() {
        let (org, rules, today) = (org(), Rules::default(), NaiveDate::MIN);
        let e1 = PersonId::from("E1");
        let kpi = read(&org, &rules, today, &e1, "kpi:2026Q3").unwrap();
        assert_eq!(
            (kpi.kind, kpi.reference.as_str()),
            (EvidenceKind::Kpi, "2026Q3")
        );
        assert_eq!(kpi.label, "KPI attainment 112 % in 2026Q3");

        let e2 = PersonId::from("E2");
        let err = read(&org, &rules, today, &e2, "kpi:2026Q3").unwrap_err();
        assert!(err.contains("E2 has no KPI"), "{err}");
        let err = read(&org, &rules, today, &e1, "memo:1").unwrap_err();
        assert!(err.contains("not a kind of evidence"), "{err}");
        let err = read(&org, &rules, today, &e1, "F1").unwrap_err();
        assert!(err.contains("not KIND:ID"), "{err}");
        let err = read(&org, &rules, today, &e1, "check-in:N9").unwrap_err();
        assert!(err.contains("no GROW note \"N9\""), "{err}");
        let err = read(&org, &rules, today, &e1, "flag:F404").unwrap_err();
        assert!(err.contains("no flag \"F404\""), "{err}");
    }
}
