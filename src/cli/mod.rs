//! The command line: parses arguments with clap and runs one command. Errors end here, printed
//! as one sentence on stderr with a non-zero exit.

mod calibrate;
mod check;
pub mod cockpit;
pub mod connect;
mod export;
mod import;
mod init;
mod insight;
pub(crate) mod users;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "crewdeck",
    version,
    about = "A keyboard-driven terminal cockpit for people managers",
    long_about = None
)]
pub struct Cli {
    /// The database file [default: $CREWDECK_DB, else $XDG_DATA_HOME/crewdeck/crewdeck.redb]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Act as this crewdeck user (admins only; the audit trail says "ADMIN acting as NAME", ADMIN being you); in a database without users, the name the audit trail records [default: your user name]
    #[arg(long = "as", global = true, value_name = "NAME")]
    actor: Option<String>,
    /// Work through the crewdeck server listening on this socket [env: CREWDECK_SERVER; default: DB.sock beside the database, when a server listens there]
    #[arg(long, global = true, value_name = "SOCKET")]
    server: Option<PathBuf>,
    /// A rules file overriding the built-in thresholds [default: $XDG_CONFIG_HOME/crewdeck/rules.toml if it exists]
    #[arg(long, global = true, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// The cockpit's theme: default, light, high-contrast, or one of yours [env: CREWDECK_THEME]
    #[arg(long, global = true, value_name = "NAME")]
    theme: Option<String>,
    /// How much the log file records ($XDG_STATE_HOME/crewdeck/crewdeck.log, else ~/.local/state/crewdeck/crewdeck.log)
    #[arg(
        long,
        global = true,
        value_enum,
        ignore_case = true,
        default_value = "info"
    )]
    log_level: crate::logging::LogLevel,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open the cockpit on the demo organisation (made on first use at --db PATH, else in the data directory)
    Demo {
        /// Start the demo in the data directory over
        #[arg(long)]
        reset: bool,
    },
    /// List every key of the cockpit, mode by mode
    Keys,
    /// Print a completion script for a shell (bash, zsh, fish, elvish or powershell)
    Completions {
        #[arg(value_enum, ignore_case = true)]
        shell: clap_complete::Shell,
    },
    /// Print crewdeck's manual page in roff (`crewdeck man | man -l -`)
    Man,
    /// Create a database holding a synthetic organisation, for benchmarks
    #[command(hide = true)]
    Synth {
        #[arg(long, default_value_t = 10_000)]
        people: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        force: bool,
    },
    /// Create a database, empty or with the demo organisation
    Init {
        /// Fill it with the demo organisation
        #[arg(long)]
        demo: bool,
        /// Replace a database that already exists
        #[arg(long)]
        force: bool,
    },
    /// Bring records in from a file
    #[command(subcommand)]
    Import(ImportCommand),
    /// Load points rules or career ladders from a TOML file (all of the file or nothing)
    Config {
        #[arg(value_enum, ignore_case = true)]
        what: import::ConfigKind,
        /// The TOML file, in the shape `crewdeck --help` and the README show
        file: PathBuf,
        /// Say what the file holds and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write records out as CSV, JSON or Markdown (to stdout unless --out is given), or a calibration session's summary as SESSION.md, .csv, .json and .html
    Export {
        #[arg(value_enum, ignore_case = true)]
        what: export::Exported,
        /// For `calibration`: the session's id (`crewdeck calibrate list`)
        #[arg(value_name = "SESSION")]
        session: Option<String>,
        /// The format of records [default: csv]; a calibration session is written in every format at once
        #[arg(long, value_enum, ignore_case = true)]
        format: Option<crate::export::Format>,
        /// Write to this file (mode 0600) instead of stdout; `-` is stdout. For `calibration`: the directory its four files go in [default: the current directory]
        #[arg(long, value_name = "FILE|DIR")]
        out: Option<PathBuf>,
        /// CSV for a spreadsheet: starts with a byte-order mark so Chinese and accents show right
        #[arg(long)]
        excel: bool,
    },
    /// Calibration sessions of a talent review: open one over some teams, move people with reasons, decide, close
    #[command(subcommand)]
    Calibrate(calibrate::CalibrateCommand),
    /// Verify the database: schema version, references, reporting lines
    Check,
    /// Serve the database to many users at once over a Unix socket (run as the service user)
    Serve {
        /// The socket to listen on [default: DB.sock beside the database]
        #[arg(long, value_name = "PATH")]
        socket: Option<PathBuf>,
    },
    /// Who may use the database: add, change, remove and list crewdeck's users
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Write a consistent copy of the database (mode 0600), even while the cockpit has it open
    Backup {
        /// The backup file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Repair a database that was not closed cleanly, after keeping a copy of it as it is
    Repair,
    /// Copy whatever can still be read from a damaged database into a new one, listing what was lost
    Recover {
        /// The damaged database (only read: a private copy of it is opened)
        file: PathBuf,
        /// The new database to write; must not exist yet
        #[arg(long, value_name = "NEW")]
        out: PathBuf,
    },
    /// Warning flags with their reasons and evidence, loudest first
    Flags {
        /// Only flags about this team's people and positions
        #[arg(long)]
        team: Option<String>,
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: crate::export::Format,
    },
    /// Succession coverage of every key position, per team and for the organisation
    Coverage {
        /// Show the coverage as it would be if this person (by id) left
        #[arg(long, value_name = "ID")]
        if_leaves: Option<String>,
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: crate::export::Format,
    },
    /// Points per person, ranked per team, with the next threshold and when it is reached
    Points {
        /// Only this team
        #[arg(long)]
        team: Option<String>,
        /// Count only points earned on or after this day (YYYY-MM-DD, yesterday, -4w: as the forms read a day); thresholds still use every point
        #[arg(long, value_name = "DATE", value_parser = day_arg, allow_hyphen_values = true)]
        since: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, ignore_case = true, default_value = "table")]
        format: crate::export::Format,
    },
}

/// A file of records as an export wrote it.
#[derive(Debug, clap::Args)]
struct RecordsFile {
    /// The CSV file, with the columns `crewdeck export` writes for this kind
    file: PathBuf,
    /// Say what would be added and left alone, and write nothing
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Quarterly assessments, as `crewdeck export assessments` writes them
    Assessments(RecordsFile),
    /// The points ledger, as `crewdeck export points` writes it; entries are only added
    Points(RecordsFile),
    /// Flags raised by hand, as `crewdeck export flags` writes them
    Flags(RecordsFile),
    /// crewdeck's users, as `crewdeck export users` writes them
    Users(RecordsFile),
    /// Key positions and their successor slates, as `crewdeck export succession` writes them
    Succession(RecordsFile),
    /// GROW notes with their actions, as `crewdeck export notes` writes them
    Notes(RecordsFile),
    /// Improvement plans, as `crewdeck export pips` writes them
    Pips(RecordsFile),
    /// Stay interviews, as `crewdeck export stays` writes them
    Stays(RecordsFile),
    /// Departures and their handover, as `crewdeck export departures` writes them
    Departures(RecordsFile),
    /// Add or update people by id from a CSV exported by an HR system
    Roster {
        /// The CSV file, with a header row naming the columns
        file: PathBuf,
        /// Show what would be added, changed and left alone, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// The file's text encoding: auto (guessed from its bytes), utf-8, gb18030,
        /// windows-1252, big5, shift_jis or another WHATWG label
        #[arg(long, default_value = "auto")]
        encoding: crate::roster::Encoding,
        /// Start the departure, with its handover checklist, of everyone the file says is leaving
        #[arg(long)]
        start_departures: bool,
    },
}

impl ImportCommand {
    /// The kind of records and the file, for every import but the roster's (`None`).
    fn records(self) -> Option<(crate::import::ImportKind, RecordsFile)> {
        use crate::import::ImportKind as K;
        Some(match self {
            ImportCommand::Assessments(f) => (K::Assessments, f),
            ImportCommand::Points(f) => (K::Points, f),
            ImportCommand::Flags(f) => (K::Flags, f),
            ImportCommand::Users(f) => (K::Users, f),
            ImportCommand::Succession(f) => (K::Succession, f),
            ImportCommand::Notes(f) => (K::Notes, f),
            ImportCommand::Pips(f) => (K::Pips, f),
            ImportCommand::Stays(f) => (K::Stays, f),
            ImportCommand::Departures(f) => (K::Departures, f),
            ImportCommand::Roster { .. } => return None,
        })
    }
}

/// What a command reports when it ran but found problems (exit status 1, nothing else printed).
#[derive(Debug, thiserror::Error)]
#[error("problems found")]
struct ProblemsFound;

pub fn run() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match &cli.command {
        // What these print is read by a shell or `man`; nothing about them is worth a log line.
        Some(Command::Completions { shell }) => return generated(|out| completions(*shell, out)),
        Some(Command::Man) => return generated(man),
        _ => crate::logging::start(cli.log_level),
    }
    tracing::info!(
        command = matches.subcommand_name().unwrap_or("cockpit"),
        version = env!("CARGO_PKG_VERSION"),
        "crewdeck started"
    );
    // No backtrace reaches the user: a stop deep in a library (redb on a damaged page) is said
    // in one sentence, with exit 1, like any other error.
    static STOPPED: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
        if let Ok(mut stopped) = STOPPED.lock() {
            *stopped = Some(format!("{what}{place}"));
        }
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| execute(cli)));
    let outcome = outcome.unwrap_or_else(|_| {
        let why = STOPPED
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .unwrap_or_default();
        Err(anyhow::anyhow!(
            "stopped on an error it could not recover from ({why}); if a database file was being read, it may be damaged: crewdeck check says, and nothing was changed by reading it"
        ))
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<ProblemsFound>() => ExitCode::FAILURE,
        Err(e) => {
            tracing::error!("{}", crate::text::safe_text(&format!("{e:#}")));
            // Messages can quote ids, names and file names: none may reach the terminal raw.
            eprintln!("crewdeck: {}", crate::text::safe_text(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: Cli) -> anyhow::Result<()> {
    let db = cli
        .db
        .clone()
        .or_else(|| {
            std::env::var_os("CREWDECK_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(crate::paths::default_db);
    let acting_as = cli
        .actor
        .clone()
        .map(|given| actor(Some(given)))
        .transpose()?;
    let target = connect::Target {
        db: db.clone(),
        server: cli.server.clone().or_else(|| {
            std::env::var_os("CREWDECK_SERVER")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        }),
        os_user: crate::paths::os_user(),
        acting_as,
        db_given: cli.db.is_some(),
    };
    let actor = target.actor().to_string();
    match cli.command {
        None => cockpit::open(&target, look(&cli)?),
        // `--db` names where the demo is (made there if absent); $CREWDECK_DB, the usual
        // database, does not.
        Some(Command::Demo { reset }) => {
            cockpit::demo(cli.db.as_deref(), &target, reset, look(&cli)?)
        }
        Some(Command::Keys) => cockpit::keys(),
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
        Some(Command::Synth {
            people,
            seed,
            force,
        }) => init::synth(&db, &actor, people, seed, force),
        Some(Command::Init { demo, force }) => init::run(&db, &actor, demo, force),
        Some(Command::Import(ImportCommand::Roster {
            file,
            dry_run,
            encoding,
            start_departures,
        })) => import::roster(&target, &file, (dry_run, start_departures), encoding),
        Some(Command::Import(command)) => match command.records() {
            Some((kind, f)) => import::records(&target, kind, &f.file, f.dry_run),
            None => anyhow::bail!("the roster is imported with `crewdeck import roster FILE`"),
        },
        Some(Command::Config {
            what,
            file,
            dry_run,
        }) => import::config(&target, what, &file, dry_run),
        Some(Command::Export {
            what: export::Exported::Records(what),
            session,
            format,
            out,
            excel,
        }) => {
            if let Some(session) = session {
                anyhow::bail!(
                    "export: only `export calibration` takes a session, not \"{}\"",
                    crate::text::escaped(&session)
                );
            }
            let format = format.unwrap_or(crate::export::Format::Csv);
            export::run(&target, what, format, out.as_deref(), excel)
        }
        Some(Command::Export {
            what: export::Exported::Calibration,
            session,
            format,
            out,
            excel,
        }) => {
            let wanted = export::Wanted {
                session: session.as_deref(),
                format,
                out: out.as_deref(),
                excel,
            };
            let rules = insight::load_rules(cli.rules.as_deref())?;
            export::calibration(&target, &rules, wanted)
        }
        Some(Command::Calibrate(command)) => {
            let rules = insight::load_rules(cli.rules.as_deref())?;
            calibrate::run(&target, &rules, command)
        }
        Some(Command::Check) => check::run(&db),
        Some(Command::Serve { socket }) => {
            let socket = socket.unwrap_or_else(|| connect::socket_beside(&db));
            let rules = insight::load_rules(cli.rules.as_deref())?;
            crate::server::serve(&db, &socket, &rules)
        }
        Some(Command::Users(command)) => users::run(&target, command),
        Some(Command::Backup { out }) => check::backup(&db, &out),
        Some(Command::Recover { file, out }) => check::recover(&file, &out),
        Some(Command::Repair) => check::repair(&db),
        Some(Command::Flags { team, format }) => {
            let rules = insight::load_rules(cli.rules.as_deref())?;
            insight::flags_command(&target, &rules, team.as_deref().map(str::trim), format)
        }
        Some(Command::Coverage { if_leaves, format }) => {
            let rules = insight::load_rules(cli.rules.as_deref())?;
            insight::coverage_command(&target, &rules, if_leaves.as_deref(), format)
        }
        Some(Command::Points {
            team,
            since,
            format,
        }) => {
            let rules = insight::load_rules(cli.rules.as_deref())?;
            insight::points_command(
                &target,
                &rules,
                team.as_deref().map(str::trim),
                since,
                format,
            )
        }
    }
}

/// Runs a generator writing to a buffer, then prints what it wrote.
fn generated(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> ExitCode {
    let mut out = Vec::new();
    let printed = write(&mut out)
        .map_err(anyhow::Error::new)
        .and_then(|()| print_all(&String::from_utf8_lossy(&out)));
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crewdeck: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `crewdeck completions SHELL`: the shell's completion script, from the same definitions
/// clap parses with.
fn completions(shell: clap_complete::Shell, out: &mut Vec<u8>) -> std::io::Result<()> {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut Cli::command(), "crewdeck", out);
    Ok(())
}

/// `crewdeck man`: the manual, in roff, from the same definitions: `crewdeck(1)`, then the
/// `crewdeck-import(1)`, `crewdeck-export(1)` … pages its SUBCOMMANDS section names, one after
/// the other in one stream (`man -l -` shows them in turn).
fn man(out: &mut Vec<u8>) -> std::io::Result<()> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    command.build();
    clap_mangen::Man::new(command.clone()).render(out)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("crewdeck-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).bin_name(name);
        clap_mangen::Man::new(page).render(out)?;
    }
    Ok(())
}

/// Writes `text` to standard output. A reader that stops early (`| head`) is not an error.
fn print_all(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}

/// The theme and rules the cockpit opens with.
fn look(cli: &Cli) -> anyhow::Result<cockpit::Look> {
    let theme = cli
        .theme
        .clone()
        .or_else(|| {
            std::env::var("CREWDECK_THEME")
                .ok()
                .filter(|t| !t.is_empty())
        })
        .unwrap_or_else(|| "default".to_string());
    Ok(cockpit::Look {
        theme,
        rules: insight::load_rules(cli.rules.as_deref())?,
    })
}

/// The name the audit trail records: `--as`, else the OS user. It must be a plain, visible name.
fn actor(given: Option<String>) -> anyhow::Result<String> {
    let Some(name) = given else {
        return Ok(crate::paths::os_user());
    };
    let name = crate::text::nfc(name.trim()).into_owned();
    if crate::text::is_blank(&name) && crate::text::first_unsafe_char(&name, false).is_none() {
        anyhow::bail!("--as needs a name: who is making the changes?");
    }
    if let Some(c) = crate::text::first_unsafe_char(&name, false) {
        anyhow::bail!(
            "--as: the name holds the control or invisible character U+{:04X}",
            u32::from(c)
        );
    }
    Ok(name)
}

/// "50 active, 1 on leave, 1 leaving, 1 left": the people on the roster by their status, those
/// on leave and those leaving said only when there are any, and those kept in the records after
/// leaving; said the same way by every command.
pub(crate) fn headcount(org: &crate::domain::Org) -> String {
    use crate::domain::person::Status;
    let (mut active, mut on_leave, mut leaving, mut left) = (0, 0, 0, 0);
    for person in org.people.values() {
        match person.status {
            Status::Active => active += 1,
            Status::OnLeave => on_leave += 1,
            Status::Leaving { .. } => leaving += 1,
            Status::Left { .. } => left += 1,
        }
    }
    let mut said = format!("{active} active");
    for (n, what) in [(on_leave, "on leave"), (leaving, "leaving")] {
        if n > 0 {
            said.push_str(&format!(", {n} {what}"));
        }
    }
    said.push_str(&format!(", {left} left"));
    said
}

/// "1 person", "2 people": a count with its noun.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A day on the command line, read as the cockpit's forms read one (`2026-10-01`, `today`,
/// `yesterday`, `-4w`), relative to today where the command runs.
fn day_arg(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::app::form::field::parse_date(text, chrono::Local::now().date_naive())
}
