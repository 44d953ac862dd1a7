//! Opening the cockpit: `crewdeck` on a database, and `crewdeck demo` on the demo one.

use super::connect::{Mode, Target};
use crate::app::App;
use crate::app::keymap::Keymap;
use crate::backend::Backend;
use crate::domain::insight::Rules;
use crate::runtime::{self, drafts::Drafts};
use crate::store::Store;
use crate::ui::theme::Theme;
use std::io::IsTerminal;
use std::path::Path;

/// What the cockpit is opened with besides the database.
pub struct Look {
    pub theme: String,
    pub rules: Rules,
}

pub fn open(target: &Target, look: Look) -> anyhow::Result<()> {
    // A terminal that cannot move its cursor (TERM=dumb, an editor's shell buffer) would show
    // the full-screen escape sequences as text.
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        anyhow::bail!(
            "the cockpit needs a full terminal, and TERM=dumb cannot show one; the commands work here (crewdeck --help)"
        );
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the cockpit needs a terminal; in a script, use the commands (crewdeck --help)"
        );
    }
    let (keymap, keymap_warning) = load_keymap()?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::load(
        &look.theme,
        &crate::paths::config_dir().join("themes"),
        no_color,
    )?;
    let mut cockpit = prepare(target, look.rules, keymap)?;
    if let Some(warning) = keymap_warning {
        cockpit.app.status = Some(warning);
    }
    // A shared screen (a projector, a tmux session others watch) can start hidden.
    cockpit.app.presenting =
        crate::app::presenter::wanted(std::env::var_os("CREWDECK_PRESENT").as_deref());
    runtime::run(
        cockpit.app,
        cockpit.backend.as_mut(),
        &theme,
        &cockpit.drafts,
    )
}

/// The cockpit ready for its first frame: the roster read, drafts found; the other records are
/// read once it is on screen ([`runtime::load_in_background`]).
pub struct Cockpit {
    pub app: App,
    pub backend: Box<dyn Backend>,
    pub drafts: Drafts,
}

pub fn prepare(target: &Target, rules: Rules, keymap: Keymap) -> anyhow::Result<Cockpit> {
    runtime::memory::tune();
    let db = target.db.as_path();
    let server = target.server_socket();
    let backend: Box<dyn Backend> = match &server {
        // A viewer opens it too: read only, as the header says.
        Some(_) => target.open(Mode::Read)?,
        None => Box::new(crate::backend::LocalBackend::open_as(
            open_store(db)?,
            &target.os_user,
            target.acting_as.as_deref(),
            super::connect::owns(db),
        )?),
    };
    let roster = backend.roster()?;
    runtime::memory::give_back();
    let today = chrono::Local::now().date_naive();
    let user = backend.user_name();
    let mut app = App::starting(roster, rules, keymap, today, &user);
    app.read_only = backend.read_only();
    app.role = backend.role();
    // On a shared server the cockpit holds only what it shows; the server works out the rest.
    if backend.served().is_some() {
        app.served = Some(crate::app::served::ServedState::new());
    }
    // The hint on an empty database names this file unless it is the one found by default.
    if db != crate::paths::default_db() {
        let quoted = crate::text::shell_word(&db.display().to_string());
        app.import_command = format!("crewdeck --db {quoted} import roster FILE");
    }
    // Drafts are filed by what the records come from: the server's socket, or the file.
    let drafts = Drafts::of(
        &crate::paths::data_dir(),
        server.as_deref().unwrap_or(db),
        &user,
    );
    let (saved, unreadable) = drafts.load();
    app.drafts = saved;
    let handover = load_handover(&mut app);
    // A draft waits to be opened again rather than opening by itself: the roster marks whom it
    // is about, and the status line counts them.
    app.status = match (app.drafts.len(), unreadable.is_empty()) {
        (_, false) => Some(format!(
            "Some drafts could not be read: {}",
            unreadable.join(", ")
        )),
        // Said once: nothing else on screen tells a shared server from the file.
        (0, true) => (server.as_ref()).map(|socket| {
            let socket = crate::text::safe_line(&socket.display().to_string()).into_owned();
            format!("Working through the crewdeck server on {socket}")
        }),
        (1, true) => Some("1 unsaved draft: marked ✎ on the roster".into()),
        (n, true) => Some(format!("{n} unsaved drafts: marked ✎ on the roster")),
    };
    if let Err(e) = handover {
        app.status = Some(format!("{e}; the built-in checklist is used"));
    }
    Ok(Cockpit {
        app,
        backend,
        drafts,
    })
}

/// The user's handover checklist (`handover.toml` in the config directory), if there is one.
fn load_handover(app: &mut App) -> Result<(), crate::domain::handover::TemplateError> {
    app.handover = crate::domain::handover::HandoverTemplate::load(&crate::paths::config_dir())?;
    Ok(())
}

/// Opens the database, waiting a moment if another crewdeck is still ending (one that lost its
/// terminal a second ago) before saying it is in use.
fn open_store(db: &Path) -> Result<Store, crate::store::StoreError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let mut asked = false;
    loop {
        match Store::open(db) {
            Err(crate::store::StoreError::InUse { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(e @ crate::store::StoreError::NeedsRepair { .. }) => {
                // Asked once: a file that still needs repair after one is not asked about again.
                if asked || !ask_to_repair(db) {
                    return Err(e);
                }
                asked = true;
                if let Some(copy) = Store::repair(db)? {
                    eprintln!(
                        "Repaired. The file as it was is kept at {}.",
                        crate::text::safe_line(&copy.display().to_string())
                    );
                }
            }
            result => return result,
        }
    }
}

/// Asks on the terminal, before the cockpit takes it, whether to repair a file that was not
/// closed cleanly. No terminal to ask on (a script) is a no.
fn ask_to_repair(db: &Path) -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!(
        "{} was not closed cleanly (crewdeck was killed or lost its terminal).\nKeep a copy of it as it is beside it, then repair it and open the cockpit? [y/N] ",
        crate::text::safe_line(&db.display().to_string())
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}

/// The built-in keymap with the user's `keymap.toml` laid over it, if there is one. A file that
/// cannot be read or is refused (an unknown action, say) leaves the built-in keys in force, and
/// what is wrong with it comes back as a warning to show: a typo in a file must not lock the
/// user out of the cockpit, nor out of `crewdeck keys`, which is how they find the right name.
pub fn load_keymap() -> anyhow::Result<(Keymap, Option<String>)> {
    let path = crate::paths::config_dir().join("keymap.toml");
    let user = match std::fs::read_to_string(&path) {
        Ok(text) => Keymap::load(Some((&text, &path.display().to_string()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Keymap::load(None)?, None));
        }
        Err(e) => Err(crate::app::keymap::KeymapError {
            file: path.display().to_string(),
            message: format!("cannot be read ({e})"),
        }),
    };
    match user {
        Ok(keymap) => Ok((keymap, None)),
        Err(e) => {
            let warning = format!(
                "{}; the built-in keys are in use",
                crate::text::safe_line(&e.to_string())
            );
            tracing::warn!("{warning}");
            Ok((Keymap::load(None)?, Some(warning)))
        }
    }
}

/// `crewdeck demo`: the demo database, made on first use: at `--db PATH` if given, else
/// `demo.redb` in the data directory. `--reset` starts over only the demo of the data directory:
/// a file named with `--db` may be someone's real records, and is replaced only by
/// `crewdeck --db PATH init --demo --force`.
pub fn demo(given: Option<&Path>, target: &Target, reset: bool, look: Look) -> anyhow::Result<()> {
    let db = given;
    let default = crate::paths::data_dir().join("demo.redb");
    if let Some(db) = db
        && reset
        && db.exists()
    {
        anyhow::bail!(
            "demo --reset starts over only the demo in the data directory; to replace {} with the demo, run crewdeck --db {} init --demo --force",
            db.display(),
            db.display()
        );
    }
    let db = db.unwrap_or(&default);
    if reset || !db.exists() {
        super::init::run(db, &target.os_user, true, true)?;
        let _ = std::fs::remove_dir_all(Drafts::all_for(&crate::paths::data_dir(), db));
    }
    let target = Target {
        db: db.to_path_buf(),
        ..target.clone()
    };
    open(&target, look)
}

/// `crewdeck keys`: every key of every mode.
pub fn keys() -> anyhow::Result<()> {
    let (keymap, warning) = load_keymap()?;
    if let Some(warning) = warning {
        eprintln!("crewdeck: {warning}");
    }
    let mut out = String::new();
    // The action names line up in one column, as long as the longest.
    let name_width = (crate::app::action::Action::ALL.iter())
        .map(|a| a.name().len())
        .max()
        .unwrap_or(16);
    for mode in crate::app::keymap::Mode::ALL {
        out.push_str(&format!("[{}]\n", mode.name()));
        for action in crate::app::action::Action::ALL {
            let keys: Vec<String> = keymap
                .keys_for(mode, *action)
                .iter()
                .map(ToString::to_string)
                .collect();
            if !keys.is_empty() {
                out.push_str(&format!(
                    "  {:<22} {:<name_width$} {}\n",
                    keys.join(" "),
                    action.name(),
                    action.help()
                ));
            }
        }
    }
    super::print_all(&out)
}
