//! What the server works out from the records once for everyone (the flags, urgency, the
//! latest assessments, the points standings, the roster's markers), kept current after each
//! change, and each user's part of it as their [`Sight`] lets them see it.
//!
//! A client of a shared server holds only what it shows: the people of its roster, and the
//! records and flags of a person when that person is shown. What is worked out from every
//! record (a flag needs a person's notes, assessments, points and team) is worked out here,
//! where the records are, and asked for:
//!
//! ```text
//!  Summary        urgency of everyone in sight, the roster's P and S markers, the loudest
//!                 flags of the team view with how many there are, the flags of incumbents
//!                 (for coverage), how many are not on the 9-box
//!  Person(id)     every record about one person the user may see, their flags, their talent
//!  NineBox        the people in sight on each cell
//!  Standings      the points standings of the people in sight
//! ```
//!
//! Every answer is filtered by the user's [`Sight`], the one place that decides what they may
//! see: nobody is sent a flag, a plan, an assessment, a slate or a note about themselves.

use crate::app::derived::{Derived, Refreshed, Talent};
use crate::auth::Sight;
use crate::domain::flag::Subject;
use crate::domain::insight::points::{Standing, standings};
use crate::domain::insight::talent::NineBox;
use crate::domain::insight::{Flag, Rules};
use crate::domain::{Diff, Key, Kind, Org, Record};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many of the team view's flags a summary carries, loudest first: a screen's list is read
/// from the top, and at 100,000 people there are over 200,000 flags (91 MB with their evidence).
/// The rest are counted, and each person's come with the person.
pub const TEAM_FLAGS_SENT: usize = 1_000;

/// The organisation's worked-out state, for everyone, with the rules and day it is for.
pub struct Insight {
    derived: Derived,
    rules: Rules,
    today: NaiveDate,
}

/// What the cockpit shows before any one person is opened ([`Insight::summary`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Each person's urgency score, for those above zero, in id order.
    pub urgency: Vec<(Key, u32)>,
    /// People on an open improvement plan (the roster's `P`).
    pub on_plan: Vec<Key>,
    /// People holding a key position without a successor (the roster's `S`).
    pub uncovered: Vec<Key>,
    /// The team view's loudest flags, at most [`TEAM_FLAGS_SENT`], loudest first.
    #[serde(with = "with_fingerprints")]
    pub team_flags: Vec<Flag>,
    /// How many flags the team view has in all.
    pub team_flag_count: usize,
    /// The flags about the incumbents of the key positions in sight, loudest first: coverage
    /// names each incumbent's loudest.
    #[serde(with = "with_fingerprints")]
    pub incumbent_flags: Vec<Flag>,
    /// People in sight, not yet left, with no assessment.
    pub unassessed: usize,
}

/// Each cell of the 9-box with the people on it, by id ([`Insight::nine_box`]).
pub type NineBoxCells = Vec<(NineBox, Vec<Key>)>;

/// One person as the user may see them ([`Insight::person`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    /// Their record, and every record about them the user may see: assessments, GROW notes,
    /// improvement plans, stay interviews, points entries, departures.
    pub records: Vec<Record>,
    /// The flags about them, loudest first.
    #[serde(with = "with_fingerprints")]
    pub flags: Vec<Flag>,
    pub talent: Option<Talent>,
    /// Their points standing over all time, if they have one.
    pub standing: Option<Standing>,
}

impl Insight {
    /// Works out everything for `org` under `rules` on `today` (at 100,000 people about two
    /// seconds and the memory [`Derived`] takes).
    pub fn compute(org: &Org, rules: &Rules, today: NaiveDate) -> Insight {
        Insight {
            derived: Derived::compute_for(org, rules, today, EVERYONE, false),
            rules: rules.clone(),
            today,
        }
    }

    /// Brings everything up to date after `diffs` were applied to `org`: only what they can
    /// affect ([`Derived::update`]), or everything when they reach too far.
    pub fn follow(&mut self, org: &Org, diffs: &[Diff]) {
        if !self.follow_piecemeal(org, diffs) {
            self.renew(org, self.today);
        }
    }

    /// Brings everything up to date after `diffs` were applied to `org`, piece by piece.
    /// `false`: they reach too far (a roster import, a new ladder), and what is held is no
    /// longer right until [`Insight::renew`] works it out from scratch.
    pub fn follow_piecemeal(&mut self, org: &Org, diffs: &[Diff]) -> bool {
        // A user record decides who sees what, which is asked at each answer; what is worked
        // out for everyone does not depend on it (a cockpit's own part does, so
        // [`Derived::update`] starts again for one).
        let diffs: Vec<Diff> = (diffs.iter())
            .filter(|d| d.kind != Kind::User)
            .cloned()
            .collect();
        if diffs.is_empty() {
            return true;
        }
        // Until it is done, what is held is not to be trusted: no longer dated today, it is
        // worked out again at the next question, should this stop midway (a panic) or decline.
        let today = std::mem::replace(&mut self.today, NaiveDate::MIN);
        let refreshed = (self.derived).update(org, &self.rules, today, EVERYONE, &diffs);
        if refreshed == Refreshed::Declined {
            return false;
        }
        self.today = today;
        true
    }

    /// Works everything out again from scratch for `org` on `today` (about two seconds at
    /// 100,000 people). What was held goes first: the old and the new are never held at once
    /// (about 190 MB each at 100,000 people).
    pub fn renew(&mut self, org: &Org, today: NaiveDate) {
        // Dated today only once it is whole (see [`Insight::follow_piecemeal`]).
        self.today = NaiveDate::MIN;
        self.derived = Derived::pending(&Org::default(), EVERYONE);
        self.derived = Derived::compute_for(org, &self.rules, today, EVERYONE, false);
        self.today = today;
    }

    /// The day everything was worked out for.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// What `sight` may see of the roster's worked-out state.
    pub fn summary(&self, org: &Org, sight: &Sight) -> Summary {
        let d = &self.derived;
        // A manager's few people are looked up; an organisation seen whole is walked.
        let few = sight.people().filter(|s| s.len() < d.urgency.len());
        let mut urgency: Vec<(Key, u32)> = match few {
            Some(people) => (people.iter())
                .filter(|id| sight.sees_about(id))
                .filter_map(|id| Some((id.clone(), *d.urgency.get(id)?)))
                .collect(),
            None => (d.urgency.iter())
                .filter(|(id, _)| sight.sees_about(id))
                .map(|(id, score)| (id.clone(), *score))
                .collect(),
        };
        urgency.sort_unstable();
        let mut on_plan: Vec<Key> = (d.on_plan.iter())
            .filter(|id| sight.sees_about(id))
            .map(|id| Key::from(id.as_str()))
            .collect();
        on_plan.sort_unstable();
        let mut uncovered: Vec<Key> = (d.uncovered.iter())
            .filter(|id| sight.sees_about(id))
            .map(|id| Key::from(id.as_str()))
            .collect();
        uncovered.sort_unstable();
        let on_team_view = |f: &&Flag| {
            sight.sees_subject(&f.subject)
                && match &f.subject {
                    Subject::Person(_) => true,
                    // A position's flag shows as its incumbent does (or when it has none).
                    Subject::Position(id) => org.positions.get(id.as_str()).is_none_or(|p| {
                        (p.incumbent.as_ref()).is_none_or(|i| sight.sees_about(i.as_str()))
                    }),
                    // A team's flag is for those who see everyone.
                    Subject::Team(_) => sight.people().is_none(),
                }
        };
        // The flags are loudest first: for a few people, theirs and those about positions and
        // teams, in the order of the list.
        let candidates: Vec<usize> = match few {
            Some(people) => {
                let mut at: Vec<usize> = (people.iter())
                    .filter_map(|id| d.flags_of.get(id))
                    .flatten()
                    .copied()
                    .chain(
                        (d.flags.iter().enumerate())
                            .filter(|(_, f)| !matches!(f.subject, Subject::Person(_)))
                            .map(|(i, _)| i),
                    )
                    .collect();
                at.sort_unstable();
                at.dedup();
                at
            }
            None => (0..d.flags.len()).collect(),
        };
        let mut team_flags = Vec::new();
        let mut team_flag_count = 0;
        for flag in candidates.iter().map(|i| &d.flags[*i]).filter(on_team_view) {
            team_flag_count += 1;
            if team_flags.len() < TEAM_FLAGS_SENT {
                team_flags.push(flag.clone());
            }
        }
        let incumbents = (org.positions.values())
            .filter(|p| sight.sees_subject(&Subject::Position(p.id.clone())))
            .filter_map(|p| p.incumbent.as_ref())
            .filter(|i| sight.sees_about(i.as_str()));
        // Each incumbent once, however many positions they hold.
        let mut seen = std::collections::HashSet::new();
        let incumbent_flags: Vec<Flag> = incumbents
            .filter(|i| seen.insert(i.as_str()))
            .flat_map(|i| d.person_flags(i.as_str()).cloned())
            .collect();
        let unassessed_one = |p: &crate::domain::person::Person| {
            sight.sees_about(p.id.as_str())
                && !matches!(p.status, crate::domain::person::Status::Left { .. })
                && !d.talent.contains_key(p.id.as_str())
        };
        let unassessed = match few {
            Some(people) => (people.iter())
                .filter_map(|id| org.people.get(id.as_str()))
                .filter(|p| unassessed_one(p))
                .count(),
            None => org.people.values().filter(|p| unassessed_one(p)).count(),
        };
        Summary {
            urgency,
            on_plan,
            uncovered,
            team_flags,
            team_flag_count,
            incumbent_flags,
            unassessed,
        }
    }

    /// `id` as `sight` may see them; `None` when they may not see them at all.
    pub fn person(&self, org: &Org, sight: &Sight, id: &str) -> Option<PersonView> {
        let person = org.people.get(id)?;
        let mut records = vec![sight.see(&Record::Person(person.clone()))?];
        let about = sight.sees_about(id);
        if about {
            let prefix = format!("{id}/");
            records.extend(
                (org.assessments)
                    .range::<str, _>((
                        std::ops::Bound::Included(prefix.as_str()),
                        std::ops::Bound::Unbounded,
                    ))
                    .take_while(|(key, _)| key.starts_with(&prefix))
                    .map(|(_, a)| Record::Assessment(a.clone())),
            );
        }
        for kind in [
            Kind::GrowNote,
            Kind::Pip,
            Kind::StayInterview,
            Kind::PointsEntry,
            Kind::Departure,
        ] {
            for key in self.derived.by_person.records(kind, id) {
                if let Some(record) = org.record(kind, key).and_then(|r| sight.see(&r)) {
                    records.push(record);
                }
            }
        }
        let flags = (self.derived.person_flags(id))
            .filter(|f| sight.sees_subject(&f.subject))
            .cloned()
            .collect();
        let talent = about
            .then(|| self.derived.talent.get(id).cloned())
            .flatten();
        Some(PersonView {
            records,
            flags,
            talent,
            standing: self.standing(sight, id),
        })
    }

    /// The people `sight` sees about on each cell of the 9-box, in id order.
    pub fn nine_box(&self, sight: &Sight) -> NineBoxCells {
        let mut cells: std::collections::BTreeMap<NineBox, Vec<Key>> = Default::default();
        for (id, talent) in &self.derived.talent {
            if sight.sees_about(id) {
                cells.entry(talent.nine_box).or_default().push(id.clone());
            }
        }
        cells
            .into_iter()
            .map(|(cell, mut ids)| {
                ids.sort_unstable();
                (cell, ids)
            })
            .collect()
    }

    /// The points standings of the people `sight` sees, as ranked within their teams, over
    /// all time or since a day (worked out when asked: the whole ledger is read, at 100,000
    /// people about a second).
    pub fn standings(&self, org: &Org, sight: &Sight, since: Option<NaiveDate>) -> Vec<Standing> {
        let visible = |s: &Standing| sight.sees_person(&s.person);
        match since {
            None => self
                .derived
                .standings
                .iter()
                .filter(|s| visible(s))
                .cloned()
                .collect(),
            Some(since) => {
                let mut list = standings(org, &self.rules, self.today, Some(since));
                list.retain(visible);
                list
            }
        }
    }

    /// `id`'s standing over all time, if they have one `sight` sees.
    fn standing(&self, sight: &Sight, id: &str) -> Option<Standing> {
        let standings = &self.derived.standings;
        (standings.iter())
            .find(|s| s.person == id && sight.sees_person(id))
            .cloned()
    }
}

/// Whom the organisation-wide state is worked out for: nobody's user record, so everything,
/// with no flag held back as being about the one asking ([`Derived::compute`]).
const EVERYONE: &str = "";

/// Flags with their fingerprints, which a flag's own serialisation leaves out (an export has no
/// use for them) and a cockpit needs to quiet a flag.
mod with_fingerprints {
    use crate::domain::Text;
    use crate::domain::insight::Flag;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(flags: &[Flag], s: S) -> Result<S::Ok, S::Error> {
        let pairs: Vec<(&Flag, &Text)> = flags.iter().map(|f| (f, &f.fingerprint)).collect();
        pairs.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Flag>, D::Error> {
        let pairs: Vec<(Flag, Text)> = Vec::deserialize(d)?;
        Ok(pairs
            .into_iter()
            .map(|(mut flag, fingerprint)| {
                flag.fingerprint = fingerprint;
                flag
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Access;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    /// The demo organisation with its users: admin, fatima (hrbp, everyone, is E051), xuhui
    /// (hrbp, Product and Design, is E052), sarah (manager, is E002), liwei (manager, is E006),
    /// board (viewer, Leadership).
    fn demo() -> Org {
        let mut org = Org::default();
        org.apply(&crate::demo::demo_change(today()).unwrap())
            .unwrap();
        org
    }

    const USERS: &[&str] = &["admin", "fatima", "xuhui", "sarah", "liwei", "board"];

    fn sight(org: &Org, user: &str) -> Sight {
        Sight::of(&Access::resolve(&org.users, user, None).unwrap(), org)
    }

    fn ids(flags: &[Flag]) -> Vec<String> {
        flags.iter().map(|f| f.id.to_string()).collect()
    }

    /// What a cockpit holding every record works out for `user`: their scope, and no flag
    /// about themselves.
    fn whole(org: &Org, user: &str) -> Derived {
        Derived::compute(org, &Rules::default(), today(), user)
    }

    /// Worked out from every record, each user's part is what a cockpit holding every record
    /// shows them, and nothing about themselves: not their latest assessment (the 9-box, the
    /// profile's talent), nor their plan or their slate (the roster's markers).
    #[test]
    fn each_user_is_sent_what_a_cockpit_with_every_record_shows_them() {
        let org = demo();
        let insight = Insight::compute(&org, &Rules::default(), today());
        for user in USERS {
            let sight = sight(&org, user);
            let whole = whole(&org, user);
            let summary = insight.summary(&org, &sight);
            // (A cockpit with every record scores those out of sight who hold a position in
            // sight as well; it shows them nowhere.)
            let mut urgency: Vec<(Key, u32)> = (whole.urgency.iter())
                .filter(|(id, _)| sight.sees_about(id))
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            urgency.sort_unstable();
            assert_eq!(summary.urgency, urgency, "{user}: urgency");
            let team: Vec<Flag> = (whole.team_flags.iter())
                .map(|i| whole.flags[*i].clone())
                .collect();
            assert_eq!(ids(&summary.team_flags), ids(&team), "{user}: team flags");
            assert_eq!(summary.team_flag_count, team.len());
            assert_eq!(summary.unassessed, whole.unassessed, "{user}: unassessed");
            let about = |ids: &std::collections::HashSet<Key>| {
                let mut ids: Vec<Key> = (ids.iter())
                    .filter(|id| sight.sees_about(id))
                    .cloned()
                    .collect();
                ids.sort_unstable();
                ids
            };
            assert_eq!(summary.on_plan, about(&whole.on_plan), "{user}: on a plan");
            assert_eq!(
                summary.uncovered,
                about(&whole.uncovered),
                "{user}: no successor"
            );
            for id in org.people.keys() {
                let Some(person) = insight.person(&org, &sight, id) else {
                    assert!(!sight.sees_person(id) || sight.me() == Some(id.as_str()));
                    continue;
                };
                let flags: Vec<Flag> = whole.person_flags(id).cloned().collect();
                assert_eq!(ids(&person.flags), ids(&flags), "{user}: flags of {id}");
                let talent = whole
                    .talent
                    .get(id.as_str())
                    .filter(|_| sight.sees_about(id));
                assert_eq!(person.talent.as_ref(), talent, "{user}: talent of {id}");
            }
            let mut cells: Vec<(NineBox, Vec<Key>)> = whole
                .nine_box
                .iter()
                .map(|(cell, people)| {
                    let mut ids: Vec<Key> = (people.iter().map(|(_, id)| id.clone()))
                        .filter(|id| sight.sees_about(id))
                        .collect();
                    ids.sort_unstable();
                    (*cell, ids)
                })
                .collect();
            cells.retain(|(_, ids)| !ids.is_empty());
            cells.sort();
            assert_eq!(insight.nine_box(&sight), cells, "{user}: 9-box");
            let people = |s: &[Standing]| s.iter().map(|s| s.person.clone()).collect::<Vec<_>>();
            assert_eq!(
                people(&insight.standings(&org, &sight, None)),
                people(&whole.standings),
                "{user}: standings"
            );
        }
    }

    /// Nothing about the user themselves, in any answer: no flag, no assessment, no plan, no
    /// leaving stage, no note by someone else, no urgency, no cell of the 9-box.
    #[test]
    fn nobody_is_sent_anything_sensitive_about_themselves() {
        let mut org = demo();
        for person in ["E051", "E052", "E002", "E006"] {
            let risk = serde_json::json!({"stage": "confused", "noted_on": "2026-11-01"});
            org.apply(&crate::domain::Change::SetFlightRisk {
                person: person.into(),
                risk: Some(serde_json::from_value(risk).unwrap()),
            })
            .unwrap();
        }
        let insight = Insight::compute(&org, &Rules::default(), today());
        for (user, me) in [("fatima", "E051"), ("xuhui", "E052"), ("sarah", "E002")] {
            let sight = sight(&org, user);
            let summary = insight.summary(&org, &sight);
            let about_me = |f: &Flag| f.person() == Some(me);
            assert!(!summary.urgency.iter().any(|(id, _)| id == me), "{user}");
            assert!(
                !summary
                    .on_plan
                    .iter()
                    .chain(&summary.uncovered)
                    .any(|id| id == me)
            );
            assert!(!summary.team_flags.iter().any(about_me), "{user}");
            assert!(!summary.incumbent_flags.iter().any(about_me), "{user}");
            let cells = insight.nine_box(&sight);
            assert!(!cells.iter().any(|(_, ids)| ids.iter().any(|id| id == me)));
            // Their own record, without the leaving stage, and nothing else sensitive.
            let own = insight.person(&org, &sight, me).expect("their own record");
            assert!(own.flags.is_empty() && own.talent.is_none(), "{user}");
            for record in &own.records {
                match record {
                    Record::Person(p) => assert!(p.flight_risk.is_none(), "{user}"),
                    Record::GrowNote(n) => assert_eq!(n.author, user.to_string()),
                    Record::PointsEntry(_) | Record::Departure(_) => {}
                    other => panic!("{user} is sent {:?} about themselves", other.kind()),
                }
            }
        }
        // Out of sight: nothing at all.
        let sarah = sight(&org, "sarah");
        assert!(insight.person(&org, &sarah, "E051").is_none());
    }

    /// After a change only what it reaches is worked out again, to what working everything
    /// out from scratch gives.
    #[test]
    fn a_change_followed_gives_what_working_out_again_gives() {
        let mut org = demo();
        let mut insight = Insight::compute(&org, &Rules::default(), today());
        let admin = sight(&org, "admin");
        let before = insight.summary(&org, &admin);
        let flagged = (before.team_flags.iter())
            .find(|f| f.kind == crate::domain::insight::FlagKind::NoOneOnOne)
            .and_then(|f| f.person())
            .expect("someone without a 1:1")
            .to_string();
        let note: crate::domain::grow::GrowNote = serde_json::from_value(serde_json::json!({
            "id": "G-NEW", "person": flagged, "author": "admin", "date": "2026-11-29",
            "goal": "g", "reality": "r", "options": "o", "will": "w"
        }))
        .unwrap();
        let diffs = org
            .apply(&crate::domain::Change::AddGrowNote { note })
            .unwrap();
        insight.follow(&org, &diffs);
        let fresh = Insight::compute(&org, &Rules::default(), today());
        let after = insight.summary(&org, &admin);
        assert_eq!(after, fresh.summary(&org, &admin));
        assert_ne!(after, before, "the note quiets a flag");
        assert_eq!(
            insight.person(&org, &admin, &flagged),
            fresh.person(&org, &admin, &flagged)
        );
    }

    /// What is sent is what arrives, fingerprints included (a flag is quieted by its
    /// fingerprint, which an export leaves out).
    #[test]
    fn answers_cross_the_wire_whole() {
        let org = demo();
        let insight = Insight::compute(&org, &Rules::default(), today());
        let admin = sight(&org, "admin");
        let summary = insight.summary(&org, &admin);
        assert!(summary.team_flags.iter().any(|f| !f.fingerprint.is_empty()));
        let back: Summary =
            crate::server::wire::unpack(&crate::server::wire::pack(&summary).unwrap()).unwrap();
        assert_eq!(back, summary);
        for id in ["E006", "E029", "E040"] {
            let person = insight.person(&org, &admin, id).unwrap();
            let packed = crate::server::wire::pack(&person).unwrap();
            let back: PersonView = crate::server::wire::unpack(&packed).unwrap();
            assert_eq!(back, person, "{id}");
        }
        let standings = insight.standings(&org, &admin, None);
        let packed = crate::server::wire::pack(&standings).unwrap();
        assert_eq!(
            crate::server::wire::unpack::<Vec<Standing>>(&packed).unwrap(),
            standings
        );
    }
}
