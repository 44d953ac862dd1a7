//! `crewdeck export`: records out as CSV, JSON or Markdown.

use super::connect::{Mode, Target};
use crate::export::{Dataset, Format, render};
use crate::store::files::write_private_file;
use std::path::Path;

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
    let org = backend.loader()()?;
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
            use crate::store::files::{OutTarget, out_target, write_stream};
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
