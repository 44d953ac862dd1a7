//! `crewdeck export`: records out as CSV, JSON or Markdown, and a calibration session's
//! summary as four files: Markdown, CSV, JSON and a printable HTML page.

use super::connect::{Mode, Target};
use crate::domain::insight::Rules;
use crate::export::calibration::{self as summary, Report};
use crate::export::{Dataset, Format, render};
use crate::store::files::{OutTarget, out_target, write_private_file, write_stream};
use std::path::{Path, PathBuf};

/// What `crewdeck export` writes: one kind of records, or a calibration session's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exported {
    Records(Dataset),
    Calibration,
}

impl clap::ValueEnum for Exported {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::OnceLock<Vec<Exported>> = std::sync::OnceLock::new();
        ALL.get_or_init(|| {
            Dataset::value_variants()
                .iter()
                .map(|d| Exported::Records(*d))
                .chain([Exported::Calibration])
                .collect()
        })
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self {
            Exported::Records(d) => d.to_possible_value(),
            Exported::Calibration => Some(
                clap::builder::PossibleValue::new("calibration")
                    .help("A calibration session's summary: SESSION.md, .csv, .json and .html"),
            ),
        }
    }
}

pub fn run(
    target: &Target,
    what: Dataset,
    format: Format,
    out: Option<&Path>,
    excel: bool,
) -> anyhow::Result<()> {
    if excel && format != Format::Csv {
        anyhow::bail!("--excel is for CSV: leave out --format, or give --format csv");
    }
    // An export only reads: the file is opened read-only and never changed.
    let backend = target.open(Mode::Read)?;
    let mut org = backend.loader()()?;
    if what == Dataset::Roster {
        leave_out_own_record(&mut org, &backend.user_name());
    }
    let audit = if what == Dataset::Audit {
        backend.audit()?
    } else {
        Vec::new()
    };
    let mut text = render(what, format, &org, &audit);
    tracing::info!(
        dataset = ?what,
        format = ?format,
        people = org.people.len(),
        audit_entries = audit.len(),
        bytes = text.len(),
        to = %out.map_or("stdout".into(), |p| p.display().to_string()),
        "export written"
    );
    if excel {
        // A spreadsheet reads a CSV as UTF-8 only when it starts with a byte-order mark.
        text.insert(0, '\u{feff}');
    }
    match out {
        Some(path) if path != Path::new("-") => {
            match out_target(path).map_err(anyhow::Error::msg)? {
                // A pipe, a FIFO or a terminal (`/dev/stdout`) is written to as it is.
                OutTarget::Stream => write_stream(path, text.as_bytes())?,
                OutTarget::File => {
                    refuse_to_overwrite_a_database(path, &target.db)?;
                    write_private_file(path, text.as_bytes())?;
                    eprintln!(
                        "Wrote {}",
                        crate::text::safe_line(&path.display().to_string())
                    );
                }
            }
        }
        _ => super::print_all(&text)?,
    }
    Ok(())
}

/// The user's own person record comes with their records (their reports name them as their
/// manager), but it is not in their scope: the roster they export leaves it out, as the
/// cockpit's roster does.
fn leave_out_own_record(org: &mut crate::domain::Org, user: &str) {
    let Ok(access) = crate::auth::Access::resolve(&org.users, user, None) else {
        return;
    };
    let sight = crate::auth::Sight::of(&access, org);
    if let Some(me) = sight.me().map(str::to_string)
        && !sight.sees_person(&me)
    {
        org.people.remove(me.as_str());
    }
}

/// An export never replaces a database: not the one it reads, nor any other redb file.
fn refuse_to_overwrite_a_database(out: &Path, db: &Path) -> anyhow::Result<()> {
    let same = match (out.canonicalize(), db.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut magic = [0u8; 4];
    let is_redb = std::fs::File::open(out)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok()
        && &magic == b"redb";
    if same || is_redb {
        anyhow::bail!(
            "{} is a database; an export will not overwrite it. Choose another --out file",
            out.display()
        );
    }
    Ok(())
}

/// What `crewdeck export calibration` was given.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    pub session: Option<&'a str>,
    pub format: Option<Format>,
    pub out: Option<&'a Path>,
    pub excel: bool,
}

/// `crewdeck export calibration SESSION [--out DIR] [--excel]`: the session's summary as
/// `SESSION.md`, `SESSION.csv`, `SESSION.json` and `SESSION.html` in `DIR` (made, mode 0700, if
/// missing; the current directory by default). Each file is written whole beside its place and
/// renamed over it, mode 0600. Every place is checked before anything is written.
///
/// Errors: no session given, or none the user sees by that id; `--format` given; `--out -`, or
/// `--out` a file; one of the four places a directory, a link or a database.
pub fn calibration(target: &Target, rules: &Rules, wanted: Wanted<'_>) -> anyhow::Result<()> {
    let Some(given) = wanted.session else {
        anyhow::bail!(
            "export calibration: which session? `crewdeck export calibration SESSION`; `crewdeck calibrate list` lists them"
        );
    };
    if wanted.format.is_some() {
        anyhow::bail!(
            "export calibration writes Markdown, CSV, JSON and HTML at once; leave out --format (`crewdeck calibrate summary SESSION` prints the Markdown)"
        );
    }
    let org = target.open(Mode::Read)?.loader()()?;
    let session = super::calibrate::find_session(&org, given, "export calibration")?;
    let dir = wanted.out.unwrap_or(Path::new("."));
    let places = places(dir, session.id.as_str(), &target.db)?;
    let report = Report::of(&org, session, &rules.calibration.guides);
    let mut csv = summary::csv(&report);
    if wanted.excel {
        csv.insert(0, '\u{feff}');
    }
    let texts = [
        summary::markdown(&report),
        csv,
        summary::json(&report),
        summary::html(&report),
    ];
    crate::store::files::ensure_private_dir(dir)?;
    for ((path, kind), text) in places.iter().zip(texts) {
        match kind {
            OutTarget::Stream => write_stream(path, text.as_bytes())?,
            OutTarget::File => write_private_file(path, text.as_bytes())?,
        }
        eprintln!(
            "Wrote {}",
            crate::text::safe_line(&path.display().to_string())
        );
    }
    tracing::info!(people = report.headcount(), "calibration summary exported");
    Ok(())
}

/// Where the four files go in `dir`, in the order Markdown, CSV, JSON, HTML, and how each is
/// written.
///
/// Errors: `dir` is `-` or not a directory; a place is something an export must not replace.
fn places(dir: &Path, stem: &str, db: &Path) -> anyhow::Result<Vec<(PathBuf, OutTarget)>> {
    let shown = || crate::text::safe_line(&dir.display().to_string()).into_owned();
    if dir == Path::new("-") {
        anyhow::bail!(
            "export calibration writes four files; --out names their directory, not standard output (`crewdeck calibrate summary SESSION` prints the Markdown)"
        );
    }
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "export calibration: --out {} is not a directory; it names the directory the four files go in",
            shown()
        );
    }
    ["md", "csv", "json", "html"]
        .iter()
        .map(|ext| {
            let path = dir.join(format!("{stem}.{ext}"));
            let kind = out_target(&path).map_err(anyhow::Error::msg)?;
            if kind == OutTarget::File {
                refuse_to_overwrite_a_database(&path, db)?;
            }
            Ok((path, kind))
        })
        .collect()
}
