//! The command line: parses arguments with clap and runs one command. Errors end here, printed
//! as one sentence on stderr with a non-zero exit.

mod check;
mod export;
mod import;
mod init;
mod insight;

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
    /// The database file [default: $XDG_DATA_HOME/crewdeck/crewdeck.redb]
    #[arg(long, global = true, env = "CREWDECK_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Who the audit trail records as making the changes [default: your user name]
    #[arg(long = "as", global = true, value_name = "NAME")]
    actor: Option<String>,
    /// A rules file overriding the built-in thresholds [default: $XDG_CONFIG_HOME/crewdeck/rules.toml if it exists]
    #[arg(long, global = true, value_name = "FILE")]
    rules: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
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
    /// Write records out as CSV, JSON or Markdown (to stdout unless --out is given)
    Export {
        #[arg(value_enum)]
        what: crate::export::Dataset,
        #[arg(long, value_enum, default_value = "csv")]
        format: crate::export::Format,
        /// Write to this file (mode 0600) instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Verify the database: schema version, references, reporting lines
    Check,
    /// Warning flags with their reasons and evidence, loudest first
    Flags {
        /// Only flags about this team's people and positions
        #[arg(long)]
        team: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: crate::export::Format,
    },
    /// Succession coverage of every key position, per team and for the organisation
    Coverage {
        /// Show the coverage as it would be if this person (by id) left
        #[arg(long, value_name = "ID")]
        if_leaves: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: crate::export::Format,
    },
    /// Points per person, ranked per team, with the next threshold and when it is reached
    Points {
        /// Only this team
        #[arg(long)]
        team: Option<String>,
        /// Count only points earned on or after this day (YYYY-MM-DD); thresholds still use every point
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "table")]
        format: crate::export::Format,
    },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Add or update people by id from a CSV exported by an HR system
    Roster {
        file: PathBuf,
        /// Show what would be added, changed and left alone, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// The file's text encoding
        #[arg(long, value_enum, default_value = "utf-8")]
        encoding: crate::roster::Encoding,
    },
}

/// What a command reports when it ran but found problems (exit status 1, nothing else printed).
#[derive(Debug, thiserror::Error)]
#[error("problems found")]
struct ProblemsFound;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<ProblemsFound>() => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("crewdeck: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: Cli) -> anyhow::Result<()> {
    let db = cli.db.clone().unwrap_or_else(crate::paths::default_db);
    let actor = cli.actor.clone().unwrap_or_else(crate::paths::os_user);
    match cli.command {
        None => {
            println!(
                "The crewdeck cockpit is not part of this version yet. Meanwhile:\n  \
                 crewdeck init --demo      create a database with the demo organisation\n  \
                 crewdeck export roster    print the roster\n  \
                 crewdeck check            verify the database\n  \
                 crewdeck --help           every command"
            );
            Ok(())
        }
        Some(Command::Init { demo, force }) => init::run(&db, &actor, demo, force),
        Some(Command::Import(ImportCommand::Roster {
            file,
            dry_run,
            encoding,
        })) => import::roster(&db, &actor, &file, dry_run, encoding),
        Some(Command::Export { what, format, out }) => {
            export::run(&db, what, format, out.as_deref())
        }
        Some(Command::Check) => check::run(&db),
        Some(Command::Flags { team, format }) => {
            let rules = insight::load_rules(cli.rules.as_deref())?;
            insight::flags_command(&db, &rules, team.as_deref(), format)
        }
        Some(Command::Coverage { if_leaves, format }) => {
            let rules = insight::load_rules(cli.rules.as_deref())?;
            insight::coverage_command(&db, &rules, if_leaves.as_deref(), format)
        }
        Some(Command::Points {
            team,
            since,
            format,
        }) => {
            let rules = insight::load_rules(cli.rules.as_deref())?;
            insight::points_command(&db, &rules, team.as_deref(), since, format)
        }
    }
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
