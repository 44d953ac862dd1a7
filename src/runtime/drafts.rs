//! Drafts of forms being typed (GROW notes, plans, successors…), kept on disk beside the
//! database (`<db>.drafts/`, mode 0700, files 0600) after every keystroke, so a dropped
//! connection or a killed process loses nothing. One file per draft, named by its key.

use crate::app::form::Draft;
use crate::store::StoreError;
use crate::store::files::{ensure_private_dir, write_private_file};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    /// The drafts of the database at `db`.
    pub fn beside(db: &Path) -> Drafts {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".drafts");
        Drafts {
            dir: db.with_file_name(name),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, key: &str) -> PathBuf {
        // Ids come from HR files: only plain characters go into a file name.
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c.to_string()
                } else {
                    format!("%{:x}", u32::from(c))
                }
            })
            .collect();
        self.dir.join(format!("{safe}.json"))
    }

    pub fn save(&self, draft: &Draft) -> Result<(), StoreError> {
        ensure_private_dir(&self.dir)?;
        let bytes = serde_json::to_vec_pretty(draft).map_err(|e| StoreError::Db(e.to_string()))?;
        write_private_file(&self.file(&draft.key()), &bytes)
    }

    /// Removes the draft kept under `key`; one that is not there is fine.
    pub fn delete(&self, key: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.file(key)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Every draft that can be read, by key; the names of files that could not be.
    pub fn load(&self) -> (BTreeMap<String, Draft>, Vec<String>) {
        let (drafts, unreadable) = self.load_in_order();
        (
            drafts.into_iter().map(|d| (d.key(), d)).collect(),
            unreadable,
        )
    }

    /// The drafts, oldest written first (only `.json` files: a half-written temporary file is
    /// not a draft).
    fn load_in_order(&self) -> (Vec<Draft>, Vec<String>) {
        let mut drafts = Vec::new();
        let mut unreadable = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (drafts, unreadable);
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| {
                (
                    std::fs::metadata(&p)
                        .and_then(|m| m.modified())
                        .unwrap_or(std::time::UNIX_EPOCH),
                    p,
                )
            })
            .collect();
        files.sort();
        for (_, path) in files {
            match std::fs::read(&path)
                .ok()
                .and_then(|b| serde_json::from_slice::<Draft>(&b).ok())
            {
                Some(draft) => drafts.push(draft),
                None => unreadable.push(path.display().to_string()),
            }
        }
        (drafts, unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_note_draft_written_before_there_were_forms_reads_as_a_grow_note() {
        let old: Draft =
            serde_json::from_str(r#"{"person":"E7","fields":["g","","","","","",""],"focus":0}"#)
                .unwrap();
        assert_eq!(
            old.form_kind(),
            crate::app::flows::FormKind::GrowNote {
                person: "E7".into()
            }
        );
        assert_eq!(old.key(), "E7");
    }

    #[test]
    fn drafts_are_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::beside(&dir.path().join("c.redb"));
        let draft = Draft {
            kind: None,
            person: "E/1".into(),
            fields: vec!["goal".into(), String::new()],
            focus: 1,
        };
        drafts.save(&draft).unwrap();
        let plan = Draft {
            kind: Some(crate::app::flows::FormKind::NewPlan {
                person: "E/1".into(),
            }),
            ..draft.clone()
        };
        drafts.save(&plan).unwrap();
        let (all, bad) = drafts.load();
        assert_eq!((all.get("E/1"), bad.len()), (Some(&draft), 0));
        assert_eq!(all.get("new_plan-E/1"), Some(&plan), "one draft per form");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(drafts.dir()), 0o700);
        assert_eq!(mode(&drafts.file("E/1")), 0o600);
        drafts.delete("E/1").unwrap();
        drafts.delete("new_plan-E/1").unwrap();
        assert!(drafts.load().0.is_empty());
    }
}
