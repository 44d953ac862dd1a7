//! `Sight`: what one user may see of one state of the records, worked out once (who is in their
//! scope, which teams and key positions) so that each record is judged in constant time.

use super::Access;
use crate::domain::audit::{AuditEntry, Diff};
use crate::domain::flag::Subject;
use crate::domain::person::Person;
use crate::domain::record::Record;
use crate::domain::user::{Role, Scope};
use crate::domain::{Change, Key, Org};
use std::collections::HashSet;

/// What one user may see of the records it was worked out from ([`Sight::of`]). Work it out again
/// when people, key positions or users change ([`Sight::stale_after`]).
#[derive(Debug, Clone)]
pub struct Sight {
    /// Sees every record (but those about themselves): an admin, or a database without users.
    all: bool,
    admin: bool,
    /// The user's name, for their own user record and the notes they wrote.
    name: String,
    /// Their own person record, whose sensitive records they never see.
    me: Option<Key>,
    /// The people in scope (unused when `all`).
    people: HashSet<Key>,
    /// The teams in scope, folded: named by the scope, or of someone in it.
    teams: HashSet<String>,
    /// The key positions in scope: their team or their incumbent is.
    positions: HashSet<Key>,
    /// The key positions the user holds or is on the slate of: flags about them are about the
    /// user.
    mine: HashSet<Key>,
    /// What the scope is made of, to judge a person not yet in the records.
    rule: Rule,
}

#[derive(Debug, Clone)]
enum Rule {
    Everyone,
    Teams,
    /// Everyone below this person (and them, unless they are the user).
    Below(Option<Key>),
}

impl Sight {
    /// What `access` may see of `org`. Linear in the number of people and positions; to work
    /// out the sight of many users of one state of the records, build its [`Lines`] once and
    /// use [`Sight::within`].
    pub fn of(access: &Access, org: &Org) -> Sight {
        // Who sees everyone needs no reporting lines: they are not built for them.
        let everyone =
            (access.user.as_ref()).is_none_or(|user| matches!(scope_of(user), Scope::Everyone));
        let lines = match everyone {
            true => Lines::default(),
            false => Lines::of(org),
        };
        Sight::within(access, org, &lines)
    }

    /// What `access` may see of `org`, whose reporting lines and teams are `lines`: linear in
    /// the number of people in the user's scope and in the number of key positions, so that
    /// working out every connected user's sight again after a team move costs the
    /// organisation once, not once a user.
    pub fn within(access: &Access, org: &Org, lines: &Lines) -> Sight {
        let Some(user) = &access.user else {
            return Sight::everything(&access.actor);
        };
        let me = user.person.as_ref().map(|p| Key::from(p.as_str()));
        let admin = user.role == Role::Admin;
        let scope = scope_of(user);
        let mut sight = Sight {
            all: matches!(scope, Scope::Everyone),
            admin,
            name: user.name.clone(),
            me: me.clone(),
            people: HashSet::new(),
            teams: HashSet::new(),
            positions: HashSet::new(),
            mine: HashSet::new(),
            rule: Rule::Everyone,
        };
        if let Some(me) = &me {
            sight.mine = org
                .positions
                .values()
                .filter(|pos| {
                    pos.incumbent
                        .as_ref()
                        .is_some_and(|i| i.as_str() == me.as_str())
                        || pos
                            .successors
                            .iter()
                            .any(|s| s.person.as_str() == me.as_str())
                })
                .map(|pos| pos.id.0.clone())
                .collect();
        }
        if sight.all {
            return sight;
        }
        match &scope {
            Scope::Everyone => {}
            Scope::Teams(teams) => {
                sight.rule = Rule::Teams;
                sight.teams = teams.iter().map(|t| fold(t)).collect();
                sight.people = sight
                    .teams
                    .iter()
                    .filter_map(|team| lines.members.get(team))
                    .flatten()
                    .cloned()
                    .collect();
            }
            Scope::ReportsOf(top) => {
                sight.rule = Rule::Below(Some(Key::from(top.as_str())));
                sight.people = lines.below(top.as_str());
                if user.role == Role::Manager {
                    sight.people.remove(top.as_str());
                }
                for person in sight
                    .people
                    .iter()
                    .filter_map(|id| org.people.get(id.as_str()))
                {
                    let team = lines.fold(&person.team);
                    if !sight.teams.contains(team.as_ref()) {
                        sight.teams.insert(team.into_owned());
                    }
                }
            }
        }
        if let (Role::Manager, None) = (user.role, &me) {
            sight.rule = Rule::Below(None);
        }
        sight.positions = org
            .positions
            .values()
            .filter(|pos| {
                sight.teams.contains(lines.fold(&pos.team).as_ref())
                    || pos
                        .incumbent
                        .as_ref()
                        .is_some_and(|i| sight.people.contains(i.as_str()))
            })
            .map(|pos| pos.id.0.clone())
            .collect();
        sight
    }

    /// Everything: a database without user records.
    pub fn everything(name: &str) -> Sight {
        Sight {
            all: true,
            admin: true,
            name: name.to_string(),
            me: None,
            people: HashSet::new(),
            teams: HashSet::new(),
            positions: HashSet::new(),
            mine: HashSet::new(),
            rule: Rule::Everyone,
        }
    }

    /// Whether `diffs` can change who is in scope: a person added, removed, or moved to another
    /// team or manager; a key position added, removed, or given another team or incumbent; a
    /// user changed. A note, a leaving stage or a new title does not.
    pub fn stale_after(diffs: &[Diff]) -> bool {
        diffs.iter().any(|d| match (&d.before, &d.after) {
            (Some(Record::Person(a)), Some(Record::Person(b))) => {
                a.team != b.team || a.manager != b.manager
            }
            // The slate too: flags about a key position someone is on the slate of are about
            // them.
            (Some(Record::Position(a)), Some(Record::Position(b))) => {
                a.team != b.team
                    || a.incumbent != b.incumbent
                    || !a
                        .successors
                        .iter()
                        .map(|s| &s.person)
                        .eq(b.successors.iter().map(|s| &s.person))
            }
            (Some(Record::User(_)), _) | (_, Some(Record::User(_))) => true,
            (Some(Record::Person(_) | Record::Position(_)), None)
            | (None, Some(Record::Person(_) | Record::Position(_))) => true,
            _ => false,
        })
    }

    /// Whether `diffs` can change what this sight was worked out to be: a user record changed;
    /// someone in scope, or put under someone in scope or into a team in scope, added, removed
    /// or moved; a key position in scope, or one the user holds or is on the slate of, changed.
    /// It may say `true` where nothing changes, never `false` where something does: a server
    /// works out again only the sights it says `true` for.
    pub fn touched_by(&self, diffs: &[Diff]) -> bool {
        let top = match &self.rule {
            Rule::Below(Some(top)) => Some(top.as_str()),
            _ => None,
        };
        let mine = |id: &str| self.me.as_deref() == Some(id);
        diffs.iter().any(|diff| {
            [&diff.before, &diff.after]
                .into_iter()
                .flatten()
                .any(|record| match record {
                    Record::User(_) => true,
                    // Everyone but themselves: who is where does not change it.
                    Record::Person(_) if self.all => false,
                    Record::Person(p) => {
                        self.people.contains(p.id.as_str())
                            || p.manager.as_ref().is_some_and(|m| {
                                self.people.contains(m.as_str()) || top == Some(m.as_str())
                            })
                            || self.teams.contains(&fold(&p.team))
                    }
                    Record::Position(pos) => {
                        let held = pos.incumbent.as_ref().is_some_and(|i| mine(i.as_str()))
                            || pos.successors.iter().any(|s| mine(s.person.as_str()))
                            || self.mine.contains(pos.id.as_str());
                        held || (!self.all
                            && (self.teams.contains(&fold(&pos.team))
                                || self.positions.contains(pos.id.as_str())
                                || pos
                                    .incumbent
                                    .as_ref()
                                    .is_some_and(|i| self.people.contains(i.as_str()))))
                    }
                    _ => false,
                })
        })
    }

    /// Whether `other` was worked out to the same scope: who and which teams and key positions
    /// are in it, and which key positions the user holds or is on the slate of.
    pub fn same_scope(&self, other: &Sight) -> bool {
        (self.all, self.admin, &self.name, &self.me)
            == (other.all, other.admin, &other.name, &other.me)
            && self.people == other.people
            && self.teams == other.teams
            && self.positions == other.positions
            && self.mine == other.mine
    }

    /// Whether the user sees every record whole (an admin without a person record, or a
    /// database without users): then [`Sight::org`] is a copy of everything.
    pub fn sees_all(&self) -> bool {
        self.all && self.me.is_none()
    }

    /// The people in scope; `None` for everyone.
    pub fn people(&self) -> Option<&HashSet<Key>> {
        (!self.all).then_some(&self.people)
    }

    /// The user's own person, if they have one.
    pub fn me(&self) -> Option<&str> {
        self.me.as_deref()
    }

    pub fn sees_person(&self, id: &str) -> bool {
        self.all || self.people.contains(id)
    }

    /// Whether the user sees `id`'s sensitive records: in scope, and not themselves.
    pub fn sees_about(&self, id: &str) -> bool {
        self.sees_person(id) && self.me.as_deref() != Some(id)
    }

    pub fn sees_team(&self, team: &str) -> bool {
        self.all || self.teams.contains(&fold(team))
    }

    fn sees_position(&self, id: &str) -> bool {
        self.all || self.positions.contains(id)
    }

    /// Whether `person` would be in scope as the record says: for someone not yet in the
    /// records (a person being added), by their team or their manager.
    fn fits(&self, person: &Person) -> bool {
        if self.all || self.people.contains(person.id.as_str()) {
            return true;
        }
        match &self.rule {
            Rule::Everyone => true,
            Rule::Teams => self.teams.contains(&fold(&person.team)),
            Rule::Below(top) => person.manager.as_ref().is_some_and(|m| {
                self.people.contains(m.as_str()) || top.as_deref() == Some(m.as_str())
            }),
        }
    }

    /// What the user sees of `record`: all of it, part of it (their own leaving stage and the
    /// slates about them are taken out), or nothing.
    pub fn see(&self, record: &Record) -> Option<Record> {
        let visible = match record {
            // Their own record, without their leaving stage, even for a manager whose scope
            // is below them: they are the manager their reports' records name.
            Record::Person(p) if self.me.as_deref() == Some(p.id.as_str()) => {
                let mut p = p.clone();
                p.flight_risk = None;
                return Some(Record::Person(p));
            }
            Record::Person(p) if self.fits(p) => true,
            Record::Person(_) => false,
            Record::Assessment(a) => self.sees_about(a.person.as_str()),
            Record::Pip(p) => self.sees_about(p.person.as_str()),
            Record::StayInterview(s) => self.sees_about(s.person.as_str()),
            Record::GrowNote(n) => {
                self.sees_person(n.person.as_str())
                    && (self.me.as_deref() != Some(n.person.as_str())
                        || n.author.as_str() == self.name)
            }
            Record::PointsEntry(e) => self.sees_person(e.person.as_str()),
            Record::Departure(d) => self.sees_person(d.person.as_str()),
            Record::PointsRule(_) | Record::Ladder(_) => true,
            // A session is seen by who takes part and by who sees one of its teams; its log,
            // entry by entry, by who sees the person an entry is about.
            Record::Calibration(c) => {
                self.all || c.takes_part(&self.name) || c.teams.iter().any(|t| self.sees_team(t))
            }
            Record::CalibrationEntry(e) => self.sees_about(e.person.as_str()),
            Record::User(u) => self.admin || u.name == self.name,
            Record::Flag(f) => self.sees_subject(&f.subject),
            Record::FlagQuiet(q) => self.sees_flag_id(&q.flag),
            Record::Position(pos) => {
                let in_scope = self.sees_position(pos.id.as_str())
                    || self.sees_team(&pos.team)
                    || pos
                        .incumbent
                        .as_ref()
                        .is_some_and(|i| self.sees_person(i.as_str()));
                if !in_scope {
                    return None;
                }
                let Some(me) = self.me.as_deref() else {
                    return Some(record.clone());
                };
                let mine = pos.incumbent.as_ref().map(|i| i.as_str()) == Some(me);
                if mine || pos.successors.iter().any(|s| s.person.as_str() == me) {
                    let mut pos = pos.clone();
                    pos.successors.retain(|s| !mine && s.person.as_str() != me);
                    return Some(Record::Position(pos));
                }
                true
            }
        };
        visible.then(|| record.clone())
    }

    /// Whether the user sees what a flag about `subject` says.
    pub fn sees_subject(&self, subject: &Subject) -> bool {
        match subject {
            Subject::Person(id) => self.sees_about(id.as_str()),
            Subject::Position(id) => {
                self.sees_position(id.as_str()) && !self.mine.contains(id.as_str())
            }
            Subject::Team(team) => self.sees_team(team),
        }
    }

    /// Whether the user sees a computed flag by its id, `kind/person/ID`, `kind/position/ID` or
    /// `kind/team/NAME`.
    pub fn sees_flag_id(&self, flag: &str) -> bool {
        let mut parts = flag.splitn(3, '/');
        let (_, what, id) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
        match what {
            Some("person") => self.sees_about(id),
            Some("position") => self.sees_position(id) && !self.mine.contains(id),
            Some("team") => self.sees_team(id),
            _ => self.all,
        }
    }

    /// Whether the user may write `record` (as it was or as it will be): they see all of it,
    /// it is not about themselves, and settings (users, points rules, ladders) are an admin's.
    ///
    /// Errors: a sentence naming the record and why.
    pub fn may_write(&self, record: &Record) -> Result<(), String> {
        use crate::domain::record::Kind;
        let what = || format!("{} {}", record.kind().label(), record.key());
        if matches!(record.kind(), Kind::User | Kind::PointsRule | Kind::Ladder) && !self.admin {
            return Err(format!("only an admin may change {}", what()));
        }
        match record {
            Record::Calibration(c) if !self.admin && !c.takes_part(&self.name) => {
                return Err(format!(
                    "only who runs or takes part in {} may change it or log in it",
                    what()
                ));
            }
            Record::CalibrationEntry(e) if !self.admin && e.by != self.name => {
                return Err(format!(
                    "{} is signed by who makes it, {}, not {}",
                    what(),
                    self.name,
                    e.by
                ));
            }
            _ => {}
        }
        let about_me = self
            .me
            .as_deref()
            .is_some_and(|me| about(record) == Some(me))
            || self.about_my_position(record);
        // A GROW note about oneself too: a 1:1 is held by someone else, and a note written about
        // oneself would quiet one's own "no 1:1" flag, which one cannot even see.
        if about_me {
            return Err(format!("{} is about you; someone else records it", what()));
        }
        match self.see(record) {
            Some(seen) if seen == *record => Ok(()),
            Some(_) => Err(format!("{} is about you; someone else records it", what())),
            None => Err(format!("{} is outside what {} may see", what(), self.name)),
        }
    }

    /// Whether `record` is a flag, or a flag's acknowledgement, about a key position the user
    /// holds or is on the slate of.
    fn about_my_position(&self, record: &Record) -> bool {
        match record {
            Record::Flag(f) => {
                matches!(&f.subject, Subject::Position(id) if self.mine.contains(id.as_str()))
            }
            Record::FlagQuiet(q) => {
                let mut parts = q.flag.splitn(3, '/');
                matches!(
                    (parts.next(), parts.next(), parts.next()),
                    (_, Some("position"), Some(id)) if self.mine.contains(id)
                )
            }
            _ => false,
        }
    }

    /// Checks every record `diffs` would write, before and after ([`Sight::may_write`]); and
    /// that a new GROW note is signed by the one who writes it (an admin may bring in others').
    pub fn may_write_all(&self, diffs: &[Diff]) -> Result<(), String> {
        for diff in diffs {
            if let (None, Some(Record::GrowNote(n))) = (&diff.before, &diff.after)
                && !self.admin
                && n.author.as_str() != self.name
            {
                return Err(format!(
                    "a GROW note is signed by who writes it, {}, not {}",
                    self.name, n.author
                ));
            }
            if let (Some(Record::Calibration(a)), Some(Record::Calibration(b))) =
                (&diff.before, &diff.after)
            {
                self.may_run(a, b)?;
            }
            for record in [&diff.before, &diff.after].into_iter().flatten() {
                self.may_write(record)?;
            }
        }
        Ok(())
    }

    /// The check of a change that names whom it is about, before its plan reads the records: a
    /// calibration entry is signed by who logs it and about someone they see (not themselves);
    /// a session is opened by its facilitator (or an admin) over people they see. Planning
    /// would otherwise say of people out of sight where they stand or whether they are in a
    /// session.
    ///
    /// Errors: a sentence saying what is not allowed.
    pub fn may_ask(&self, change: &Change) -> Result<(), String> {
        let out_of_sight = |person: &str| {
            format!(
                "{person} is outside what {} may see, or is {} themselves",
                self.name, self.name
            )
        };
        match change {
            Change::LogCalibration { entry } => {
                if !self.admin && entry.by != self.name {
                    return Err(format!(
                        "a calibration entry is signed by who makes it, {}, not {}",
                        self.name, entry.by
                    ));
                }
                if !self.sees_about(entry.person.as_str()) {
                    return Err(out_of_sight(entry.person.as_str()));
                }
            }
            Change::OpenCalibration { session, people } => {
                if !self.admin && session.facilitator != self.name {
                    return Err(format!(
                        "a calibration session is opened by its facilitator: {}, not {}",
                        self.name, session.facilitator
                    ));
                }
                if let Some(hidden) = people.iter().find(|p| !self.sees_about(p.as_str())) {
                    return Err(out_of_sight(hidden.as_str()));
                }
            }
            Change::Batch { changes, .. } => {
                for change in changes {
                    self.may_ask(change)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A session's settings (its name, teams, people taking part) and closing it are its
    /// facilitator's or an admin's; taking part lets one log in it, which only counts entries.
    fn may_run(
        &self,
        before: &crate::domain::calibration::Calibration,
        after: &crate::domain::calibration::Calibration,
    ) -> Result<(), String> {
        let settings = |c: &crate::domain::calibration::Calibration| {
            let mut c = c.clone();
            c.logged = 0;
            c.last_entry = None;
            c
        };
        if self.admin || settings(before) == settings(after) || before.facilitator == self.name {
            return Ok(());
        }
        Err(format!(
            "only its facilitator, {}, or an admin may change or close calibration session {}",
            before.facilitator, before.id
        ))
    }

    /// The records of `org` the user may see, as they may see them.
    pub fn org(&self, org: &Org) -> Org {
        if self.all && self.me.is_none() {
            return org.clone();
        }
        let mut seen = Org::default();
        for kind in crate::domain::record::Kind::ALL {
            let records: Vec<Record> = org
                .records_of(*kind)
                .filter_map(|record| self.see(&record))
                .collect();
            seen.set_sorted(*kind, records.len(), records);
        }
        seen
    }

    /// What the user sees of an audit entry: the diffs of records they see, as they see them.
    /// `None` if they see none of it. When they see only part, the change itself (which can
    /// hold what they may not see) is replaced by a label.
    pub fn entry(&self, entry: &AuditEntry) -> Option<AuditEntry> {
        let mut whole = true;
        let mut diffs = Vec::new();
        for diff in &entry.diffs {
            let before = diff.before.as_ref().and_then(|r| self.see(r));
            let after = diff.after.as_ref().and_then(|r| self.see(r));
            whole &= before == diff.before && after == diff.after;
            // A change only to what they may not see (their own leaving stage) is no news.
            if before != after {
                diffs.push(Diff {
                    kind: diff.kind,
                    key: diff.key.clone(),
                    before,
                    after,
                });
            }
        }
        if diffs.is_empty() && !entry.diffs.is_empty() {
            return None;
        }
        let change = if whole {
            entry.change.clone()
        } else {
            Change::Batch {
                label: "a change partly outside what you may see".into(),
                changes: Vec::new(),
            }
        };
        Some(AuditEntry {
            seq: entry.seq,
            at: entry.at,
            actor: entry.actor.clone(),
            change,
            diffs,
        })
    }
}

/// The person a record is about, if it is about one.
fn about(record: &Record) -> Option<&str> {
    match record {
        Record::Person(p) => Some(p.id.as_str()),
        Record::Assessment(a) => Some(a.person.as_str()),
        Record::Pip(p) => Some(p.person.as_str()),
        Record::StayInterview(s) => Some(s.person.as_str()),
        Record::GrowNote(n) => Some(n.person.as_str()),
        Record::PointsEntry(e) => Some(e.person.as_str()),
        Record::Departure(d) => Some(d.person.as_str()),
        Record::CalibrationEntry(e) => Some(e.person.as_str()),
        Record::Flag(f) => match &f.subject {
            Subject::Person(id) => Some(id.as_str()),
            _ => None,
        },
        Record::FlagQuiet(q) => {
            let mut parts = q.flag.splitn(3, '/');
            match (parts.next(), parts.next(), parts.next()) {
                (_, Some("person"), Some(id)) => Some(id),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Everyone below `top` in the reporting lines, and `top`.
/// The scope `user`'s role gives them: an admin's is everyone; a manager's is everyone below
/// their own person, whatever else their record says (nobody, without one); the others' is
/// their record's.
pub fn scope_of(user: &crate::domain::user::User) -> Scope {
    match (user.role, &user.person) {
        (Role::Admin, _) => Scope::Everyone,
        (Role::Manager, Some(me)) => Scope::ReportsOf(me.clone()),
        (Role::Manager, None) => Scope::Teams(Vec::new()),
        _ => user.scope.clone(),
    }
}

/// Who reports to whom and who is in which team: what every user's scope is worked out from
/// ([`Sight::within`]). Built in one pass over the people ([`Lines::of`]) and kept current
/// change by change ([`Lines::follow`]), so that a server works out a user's scope again
/// without going over the whole organisation.
#[derive(Debug, Default)]
pub struct Lines {
    /// Each manager's direct reports, by id.
    reports: foldhash::HashMap<Key, foldhash::HashSet<Key>>,
    /// The people of each team, by its folded name.
    members: foldhash::HashMap<String, foldhash::HashSet<Key>>,
    /// Team names as written on people and key positions, folded: each is folded once.
    folded: foldhash::HashMap<String, String>,
}

impl Lines {
    pub fn of(org: &Org) -> Lines {
        let mut lines = Lines::default();
        for pos in org.positions.values() {
            lines.remember(&pos.team);
        }
        for person in org.people.values() {
            lines.add(person);
        }
        lines
    }

    /// Takes the people added, removed, or moved to another team or manager in `diffs` into
    /// account; other records change nothing here.
    pub fn follow(&mut self, diffs: &[Diff]) {
        for diff in diffs {
            if let Some(Record::Person(before)) = &diff.before {
                self.take(before);
            }
            if let Some(Record::Person(after)) = &diff.after {
                self.add(after);
            }
            if let Some(Record::Position(after)) = &diff.after {
                self.remember(&after.team);
            }
        }
    }

    fn add(&mut self, person: &Person) {
        if let Some(manager) = &person.manager {
            let reports = self.reports.entry(manager.0.clone()).or_default();
            reports.insert(person.id.0.clone());
        }
        let team = self.remember(&person.team);
        let members = self.members.entry(team).or_default();
        members.insert(person.id.0.clone());
    }

    fn take(&mut self, person: &Person) {
        if let Some(manager) = &person.manager
            && let Some(reports) = self.reports.get_mut(manager.as_str())
        {
            reports.remove(person.id.as_str());
            if reports.is_empty() {
                self.reports.remove(manager.as_str());
            }
        }
        let team = self.fold(&person.team).into_owned();
        if let Some(members) = self.members.get_mut(&team) {
            members.remove(person.id.as_str());
            if members.is_empty() {
                self.members.remove(&team);
            }
        }
    }

    /// Whether `other` holds the same reporting lines and teams.
    #[cfg(test)]
    pub(crate) fn same_lines(&self, other: &Lines) -> bool {
        self.reports == other.reports && self.members == other.members
    }

    /// `team` folded, kept for the next time.
    fn remember(&mut self, team: &str) -> String {
        if let Some(folded) = self.folded.get(team) {
            return folded.clone();
        }
        let folded = fold(team);
        self.folded.insert(team.to_string(), folded.clone());
        folded
    }

    /// `team` folded: looked up when it is a team of the records, else folded now.
    fn fold(&self, team: &str) -> std::borrow::Cow<'_, str> {
        match self.folded.get(team) {
            Some(folded) => std::borrow::Cow::Borrowed(folded.as_str()),
            None => std::borrow::Cow::Owned(fold(team)),
        }
    }

    /// `top` and everyone below them; linear in how many that is.
    fn below(&self, top: &str) -> HashSet<Key> {
        let mut seen = HashSet::new();
        let mut stack = vec![top];
        while let Some(id) = stack.pop() {
            if seen.insert(Key::from(id)) {
                stack.extend(self.reports.get(id).into_iter().flatten().map(Key::as_str));
            }
        }
        seen
    }
}

fn fold(team: &str) -> String {
    crate::text::fold(team)
}
