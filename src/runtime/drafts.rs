//! Drafts of forms being typed (GROW notes, plans, successors…), kept on disk after every
//! keystroke, so a dropped connection or a killed process loses nothing. One file per draft,
//! named by its key, mode 0600.
//!
//! Drafts are the author's own: they live in the author's data directory, one folder per
//! database and author (`drafts/<database>/<author>/`, mode 0700), so two people working on one
//! organisation never see or overwrite each other's. A folder that is a link, or that another
//! user owns, is refused rather than followed.

use crate::app::form::Draft;
use crate::store::StoreError;
use crate::store::files::{ensure_private_dir, write_private_file};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Drafts {
    dir: PathBuf,
}

/// A path or a name as one plain file name: only plain characters, the rest as `%hex`.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c.to_string()
            } else {
                format!("%{:x}", u32::from(c))
            }
        })
        .collect()
}

impl Drafts {
    /// The drafts `author` keeps for the database at `db`, under `data_dir` (the author's own
    /// data directory).
    pub fn of(data_dir: &Path, db: &Path, author: &str) -> Drafts {
        let db = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
        Drafts {
            dir: data_dir
                .join("drafts")
                .join(plain(&db.display().to_string()))
                .join(plain(author)),
        }
    }

    /// Every author's drafts for the database at `db` in `data_dir`: what `init --force`
    /// throws away with the database.
    pub fn all_for(data_dir: &Path, db: &Path) -> PathBuf {
        let db = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
        data_dir
            .join("drafts")
            .join(plain(&db.display().to_string()))
    }

    /// The folder is refused when it is a link or another user's: a draft is never written
    /// where it could be read or redirected by someone else.
    fn check_folder(&self) -> Result<(), StoreError> {
        use std::os::unix::fs::MetadataExt;
        for dir in self.dir.ancestors().take(3) {
            let Ok(meta) = std::fs::symlink_metadata(dir) else {
                continue;
            };
            let euid = effective_uid();
            if meta.file_type().is_symlink() || meta.uid() != euid {
                return Err(StoreError::Db(format!(
                    "the drafts folder {} is a link or belongs to another user; remove it, and crewdeck makes its own",
                    dir.display()
                )));
            }
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, key: &str) -> PathBuf {
        // Ids come from HR files: only plain characters go into a file name.
        self.dir.join(format!("{}.json", plain(key)))
    }

    pub fn save(&self, draft: &Draft) -> Result<(), StoreError> {
        self.check_folder()?;
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

    /// Every draft that can be read, by key; the names of files that could not be (or the
    /// folder, when it is refused).
    pub fn load(&self) -> (BTreeMap<String, Draft>, Vec<String>) {
        if let Err(e) = self.check_folder() {
            return (BTreeMap::new(), vec![e.to_string()]);
        }
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

/// The user crewdeck runs as, to tell a folder of one's own from another's.
fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
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
        let drafts = Drafts::of(dir.path(), &dir.path().join("c.redb"), "lin");
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
        let other = Drafts::of(dir.path(), &dir.path().join("c.redb"), "sam");
        assert!(
            other.load().0.is_empty(),
            "another author sees none of them"
        );
        assert_eq!(mode(&drafts.file("E/1")), 0o600);
        drafts.delete("E/1").unwrap();
        drafts.delete("new_plan-E/1").unwrap();
        assert!(drafts.load().0.is_empty());
    }
}

#[cfg(test)]
mod folder_tests {
    use super::*;

    #[test]
    fn a_drafts_folder_that_is_a_link_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let drafts = Drafts::of(dir.path(), &dir.path().join("c.redb"), "lin");
        std::fs::create_dir_all(drafts.dir().parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&elsewhere, drafts.dir()).unwrap();
        let draft = Draft {
            kind: None,
            person: "E1".into(),
            fields: vec!["goal".into()],
            focus: 0,
        };
        let err = drafts.save(&draft).unwrap_err().to_string();
        assert!(err.contains("is a link"), "{err}");
        assert!(
            std::fs::read_dir(&elsewhere).unwrap().next().is_none(),
            "nothing written there"
        );
        assert!(drafts.load().1[0].contains("is a link"));
    }
}
