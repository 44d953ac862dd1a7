//! `crewdeck users add|set|remove|list`: who may use the database, with what role and scope.
//! Each is one `Change` with its audit record; only an admin may make them once users exist, and
//! the first user must be an admin.

use super::connect::{Mode, Target};
use crate::domain::Change;
use crate::domain::ids::PersonId;
use crate::domain::user::{Role, Scope, User};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user: their operating-system login name, role and scope
    Add {
        /// The operating-system user name they log in with
        name: String,
        #[command(flatten)]
        details: Details,
    },
    /// Change a user's role, person or scope (what is not given stays)
    Set {
        name: String,
        #[command(flatten)]
        details: Details,
    },
    /// Remove a user (the last admin stays)
    Remove { name: String },
    /// List the users (an admin sees every one; anyone else, themselves)
    List {
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: crate::export::Format,
    },
}

#[derive(Debug, Args)]
pub struct Details {
    /// admin (everything), hrbp (their scope), manager (everyone below their person), viewer (read only)
    #[arg(long, value_parser = parse_role)]
    role: Option<Role>,
    /// The person record (by id) of this user; a manager needs one
    #[arg(long, value_name = "ID")]
    person: Option<String>,
    /// Scope: these teams (comma-separated)
    #[arg(long, value_name = "TEAM,…", value_delimiter = ',', conflicts_with_all = ["reports_of", "everyone"])]
    teams: Option<Vec<String>>,
    /// Scope: everyone below this person (by id), and them
    #[arg(long, value_name = "ID", conflicts_with = "everyone")]
    reports_of: Option<String>,
    /// Scope: everyone
    #[arg(long)]
    everyone: bool,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.trim().parse::<Role>().map_err(|e| e.to_string())
}

pub fn run(target: &Target, command: UsersCommand) -> anyhow::Result<()> {
    if let UsersCommand::List { format } = command {
        return list(target, format);
    }
    let mut backend = target.open(Mode::Write)?;
    if backend
        .role()
        .is_some_and(|r| r != crate::domain::user::Role::Admin)
    {
        anyhow::bail!("not allowed: only an admin manages users");
    }
    let org = backend.loader()()?;
    let change = change(command, &org)?;
    if let Change::UpsertUser { user } = &change
        && let Scope::Teams(teams) = &user.scope
    {
        for team in teams {
            let known = org
                .people
                .values()
                .any(|p| crate::text::fold(&p.team) == crate::text::fold(team));
            if !known {
                eprintln!(
                    "note: nobody is in a team called \"{}\" yet",
                    crate::text::safe_line(team)
                );
            }
        }
    }
    let done = match &change {
        Change::RemoveUser { name } => format!("Removed user {}.", crate::text::safe_line(name)),
        Change::UpsertUser { user } if org.users.contains_key(user.name.as_str()) => {
            format!("Changed {}.", describe(user))
        }
        Change::UpsertUser { user } => format!("Added {}.", describe(user)),
        _ => String::new(),
    };
    let entry = backend.apply(change)?;
    tracing::info!(seq = entry.seq, "users changed");
    println!("{done}");
    Ok(())
}

/// The change `command` asks for; `org` holds the user `set` changes.
///
/// Errors: a name that is not a login name, a missing role or scope, a manager without a
/// person, `set` of a user that does not exist.
pub(crate) fn change(command: UsersCommand, org: &crate::domain::Org) -> anyhow::Result<Change> {
    Ok(match command {
        UsersCommand::List { .. } => anyhow::bail!("users list changes nothing"),
        UsersCommand::Remove { name } => Change::RemoveUser { name },
        UsersCommand::Add { name, details } => {
            let name = plain_name(&name)?;
            if org.users.contains_key(name.as_str()) {
                anyhow::bail!(
                    "users add: {name} is already a user; change them with `crewdeck users set {name} …`"
                );
            }
            let role = details.role.ok_or_else(|| {
                anyhow::anyhow!("users add {name}: give --role admin, hrbp, manager or viewer")
            })?;
            let user = User {
                name,
                role,
                scope: Scope::Everyone,
                person: None,
            };
            Change::UpsertUser {
                user: details.fill(user, true)?,
            }
        }
        UsersCommand::Set { name, details } => {
            let Some(user) = org.users.get(name.as_str()).cloned() else {
                anyhow::bail!(
                    "users set: there is no user {}",
                    crate::text::safe_line(&name)
                );
            };
            Change::UpsertUser {
                user: details.fill(user, false)?,
            }
        }
    })
}

impl Details {
    /// `user` with what was given laid over it. A new user (`new`) without a scope gets the
    /// one their role implies: everyone for an admin, their reports for a manager.
    fn fill(self, mut user: User, new: bool) -> anyhow::Result<User> {
        if let Some(role) = self.role {
            user.role = role;
        }
        if let Some(person) = self.person {
            user.person = Some(PersonId::from(person.trim()));
        }
        let given = match (self.teams, self.reports_of, self.everyone) {
            (Some(teams), _, _) => Some(Scope::Teams(
                teams
                    .iter()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
            )),
            (_, Some(top), _) => Some(Scope::ReportsOf(PersonId::from(top.trim()))),
            (_, _, true) => Some(Scope::Everyone),
            _ => None,
        };
        if let (Some(_), Role::Manager) = (&given, user.role) {
            anyhow::bail!(
                "{}: a manager sees everyone below their own person; leave out --teams, --reports-of and --everyone",
                user.name
            );
        }
        match (given, user.role, &user.person) {
            (Some(scope), ..) => user.scope = scope,
            (None, Role::Admin, _) => user.scope = Scope::Everyone,
            // Made a manager, or their person changed: the scope kept is the one used, so that
            // an export of the users says what each sees.
            (None, Role::Manager, Some(person)) => user.scope = Scope::ReportsOf(person.clone()),
            (None, Role::Hrbp | Role::Viewer, _) if new => anyhow::bail!(
                "users add {}: {} needs a scope: --teams A,B, --reports-of ID or --everyone",
                user.name,
                crate::auth::a_role(user.role)
            ),
            _ => {}
        }
        if user.role == Role::Admin && user.scope != Scope::Everyone {
            anyhow::bail!(
                "{}: an admin sees everyone; leave out --teams and --reports-of",
                user.name
            );
        }
        if user.role == Role::Manager && user.person.is_none() {
            anyhow::bail!(
                "{}: a manager sees everyone below their own person; give --person ID",
                user.name
            );
        }
        Ok(user)
    }
}

/// An operating-system login name: visible, without spaces or control characters.
fn plain_name(name: &str) -> anyhow::Result<String> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().any(|c| c.is_whitespace() || c == '/')
        || crate::text::first_unsafe_char(name, false).is_some()
    {
        anyhow::bail!(
            "users add: \"{}\" is not a login name (no spaces, slashes or control characters)",
            crate::text::escaped(name)
        );
    }
    Ok(name.to_string())
}

/// A user in a line, "alice (hrbp, teams Product, Design; person E052)": name, role, the scope their role gives them (a manager's is everyone below
/// their person, whatever scope their record keeps from an earlier role) and their person.
fn describe(user: &User) -> String {
    let scope = match crate::auth::scope_of(user) {
        Scope::Everyone => "everyone".to_string(),
        Scope::Teams(teams) if teams.is_empty() => "nobody".to_string(),
        Scope::Teams(teams) => format!("teams {}", teams.join(", ")),
        // A manager's leaves out their own person; another role's takes the top in.
        Scope::ReportsOf(top) if user.role == crate::domain::user::Role::Manager => {
            format!("everyone below {top}")
        }
        Scope::ReportsOf(top) => format!("{top} and everyone below"),
    };
    let person = user
        .person
        .as_ref()
        .map_or(String::new(), |p| format!("; person {p}"));
    crate::text::safe_line(&format!(
        "{} ({}, {scope}{person})",
        user.name,
        crate::auth::role_word(user.role)
    ))
    .into_owned()
}

fn list(target: &Target, format: crate::export::Format) -> anyhow::Result<()> {
    use crate::export::{Dataset, Format};
    let backend = target.open(Mode::Read)?;
    let org = backend.loader()()?;
    let text = match format {
        Format::Table if org.users.is_empty() => {
            "No users: whoever opens the database may do everything. The first user, an admin: crewdeck users add NAME --role admin\n".to_string()
        }
        // Aligned columns, as `--format table` says everywhere else.
        other => crate::export::render(Dataset::Users, other, &org, &[]),
    };
    super::print_all(&text)
}
