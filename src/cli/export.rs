//! `crewdeck export`: records out as CSV, JSON or Markdown.

use crate::export::{Dataset, Format, render};
use crate::store::Store;
use crate::store::files::write_private_file;
use std::path::Path;

pub fn run(db: &Path, what: Dataset, format: Format, out: Option<&Path>) -> anyhow::Result<()> {
    let store = Store::open(db)?;
    let org = store.load_org()?;
    let audit = if what == Dataset::Audit {
        store.audit()?
    } else {
        Vec::new()
    };
    let text = render(what, format, &org, &audit);
    match out {
        Some(path) => {
            write_private_file(path, text.as_bytes())?;
            eprintln!("Wrote {}", path.display());
        }
        None => super::print_all(&text)?,
    }
    Ok(())
}
