//! Running the cockpit in a real terminal: setting it up and restoring it (on quit, on an error,
//! on a panic, on SIGTERM/SIGINT; after SIGHUP there is no terminal left to restore), the event loop that draws only when something changed and
//! handles every pending key before drawing, and carrying out the app's effects.

pub mod bytes;
pub mod clipboard;
pub mod drafts;
pub mod memory;
mod tmux;

use crate::app::derived::Derived;
use crate::app::{App, Effect, Input};
use crate::backend::{Backend, News};
use crate::domain::Org;
use crate::ui::{self, theme::Theme};
use drafts::Drafts;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// How long the loop sleeps waiting for a key: short enough to notice a signal, long enough to
/// leave the CPU alone.
const POLL: Duration = Duration::from_millis(250);

/// How often the loop looks whether the records have been read, while they are on their way.
const LOADING_POLL: Duration = Duration::from_millis(15);

/// From how many people what a change affects is worked out on another thread. Below it,
/// that takes less than a frame's worth of time and is done before the next frame, so the
/// flags never lag behind the records.
const DERIVE_ELSEWHERE_FROM: usize = 2_000;

/// How often the loop looks for changes made by others on a shared server.
const LIVE_POLL: Duration = Duration::from_millis(50);

/// How long a frame waits for a person asked of a shared server before it shows that they are
/// being read.
const PERSON_WAIT: Duration = Duration::from_millis(60);

/// How long the selection rests in the roster before the person pane follows it.
const DETAIL_REST: Duration = Duration::from_millis(100);

/// The longest a burst of keys (a paste typed by the terminal, keys sent by a script, or keys
/// queued while the machine was busy) is handled without a frame: the screen shows the text
/// coming in rather than freezing until the last key.
const FRAME_AT_LEAST: Duration = Duration::from_millis(80);

/// How long a signal waits for the event loop to stop by itself before the process ends.
const STOP_GRACE: Duration = Duration::from_millis(400);

/// Runs the cockpit until the user quits or a signal asks it to stop.
pub fn run(
    mut app: App,
    backend: &mut dyn Backend,
    theme: &Theme,
    drafts: &Drafts,
) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop), backend.closer())?;
    watch_terminal();
    install_panic_hook();
    // From here on the terminal is put back however this function ends.
    let _restore = RestoreOnDrop;
    let mut terminal = ratatui::try_init()?;
    execute!(std::io::stdout(), EnableBracketedPaste)?;
    app.follow_lazily = true;
    app.derive_elsewhere = app.org.people.len() >= DERIVE_ELSEWHERE_FROM;
    let mut unwritten = Unwritten::default();
    let ended = event_loop(
        &mut app,
        backend,
        theme,
        drafts,
        &mut terminal,
        &stop,
        &mut unwritten,
    );
    // However the loop ended (a terminal that went away ends it with an error), what was typed
    // and not yet written is written now.
    if !unwritten.is_empty() {
        carry_out(&mut app, backend, drafts, unwritten.take());
    }
    LEAVING.store(true, Ordering::SeqCst);
    ended
}

/// Set once the event loop has ended: the process is on its way out by itself, closing the
/// database (redb records a clean close), and a signal should not cut that short.
static LEAVING: AtomicBool = AtomicBool::new(false);

/// How long a signal waits for a process that is already leaving by itself.
const LEAVING_GRACE: Duration = Duration::from_secs(3);

/// Works out the flags, urgency and the rest for the records on screen, on another thread
/// (seconds in a very large organisation), tagged with the generation of the records.
pub fn derive_in_background(app: &App) -> Receiver<(u64, Derived)> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let org = std::sync::Arc::clone(&app.org);
    let work_out = deriver(app);
    let generation = app.generation;
    std::thread::spawn(move || {
        let _ = sender.send((generation, work_out(&org)));
    });
    receiver
}

/// What works out the flags and the rest for `app`'s user, rules and day, to run elsewhere.
fn deriver(app: &App) -> impl FnOnce(&Org) -> Derived + Send + 'static {
    let (rules, today, actor) = (app.rules.clone(), app.today, app.actor.clone());
    move |org| Derived::compute(org, &rules, today, &actor)
}

/// What the thread reading a person's history sends back.
pub type HistoryRead = Result<Vec<crate::domain::AuditEntry>, String>;

/// Reads `person`'s history on another thread (a long audit trail takes a moment).
pub fn read_history(backend: &dyn Backend, person: String) -> (String, Receiver<HistoryRead>) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let read = backend.history_loader(&person);
    std::thread::spawn(move || {
        let _ = sender.send(read().map_err(|e| e.to_string()));
    });
    (person, receiver)
}

/// What the thread reading the records sends back: every record and what is worked out from
/// them, or why they could not be read.
pub type Loaded = Result<(Org, Derived), String>;

/// Reads every record and works out the flags, urgency and the rest on another thread, while
/// the first frame (the roster alone) is on screen.
/// What [`take_news`] took.
#[derive(Debug, Default, PartialEq, Eq)]
struct Taken {
    /// Some news came: the screen is to be drawn again.
    any: bool,
    /// The records are to be read again (the connection is back, or the scope changed).
    read_again: bool,
}

/// Takes the backend's news (changes by others, the connection's state) into `app`.
fn take_news(app: &mut App, backend: &mut dyn Backend) -> Taken {
    let mut taken = Taken::default();
    for news in backend.news() {
        taken.any = true;
        match news {
            News::Changed(entry) => app.changed_elsewhere(*entry),
            News::Lost(why) => app.connection_lost(why),
            News::Back => {
                app.connection_back();
                taken.read_again = true;
            }
            News::ReadAgain => {
                app.scope_changed();
                taken.read_again = true;
            }
            News::Refused(why) => app.let_go(why),
        }
    }
    // The role may have changed with the scope or while the server was away. Asked once the
    // news is taken, so that what the role now allows is the last thing said, not hidden by a
    // change that came with it.
    if taken.read_again {
        app.role_now(backend.role(), backend.read_only());
    }
    taken
}

pub fn load_in_background(app: &App, backend: &dyn Backend) -> Receiver<Loaded> {
    let (sender, receiver) = std::sync::mpsc::channel();
    // On a shared server: the records that are few, and what the server worked out.
    if let Some(served) = backend.served().filter(|_| app.is_served()) {
        let actor = app.actor.clone();
        let roster = app.reads_beside_roster().then(|| Arc::clone(&app.org));
        std::thread::spawn(move || {
            let loaded = crate::app::served::load(&*served, roster.as_deref(), &actor);
            // Let go before the cockpit takes the people from it, so they are not copied.
            drop(roster);
            let _ = sender.send(loaded);
        });
        return receiver;
    }
    let load = backend.loader();
    let work_out = deriver(app);
    std::thread::spawn(move || {
        let loaded = load().map_err(|e| e.to_string()).map(|org| {
            let derived = work_out(&org);
            (org, derived)
        });
        // The cockpit may have been closed meanwhile; then nobody is listening.
        let _ = sender.send(loaded);
    });
    receiver
}

struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        restore();
    }
}

/// SIGHUP (the SSH connection or the terminal went away), SIGTERM and SIGINT end the cockpit.
/// The loop notices within one poll and stops cleanly. But once the terminal is gone, crossterm's
/// `poll` can spin without returning (crossterm issue 793), so if the loop has not stopped
/// within a moment the process ends from here: every keystroke of a note is already in its
/// draft (a burst's drafts are written before its frame, at most [`FRAME_AT_LEAST`] after its
/// first key), and redb survives a process that ends between transactions.
fn watch_signals(
    stop: Arc<AtomicBool>,
    close_store: Option<Box<dyn FnOnce() + Send>>,
) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            tracing::warn!(signal, "signal received: saving drafts and ending");
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(STOP_GRACE);
            // An editor that has the terminal gets the same signal; let it finish first.
            while EDITING.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            // The loop saw the signal (or lost its terminal) and is closing the database: let
            // it, so that the file is closed cleanly and needs no repair. A loop stuck in a
            // terminal that is gone never gets here; then the process ends from this thread.
            let noticed = Instant::now() + STOP_GRACE;
            while !LEAVING.load(Ordering::SeqCst) && Instant::now() < noticed {
                std::thread::sleep(Duration::from_millis(20));
            }
            if LEAVING.load(Ordering::SeqCst) {
                // Ends sooner: the process exits by itself when main returns.
                std::thread::sleep(LEAVING_GRACE);
            }
            // Ending from here: the database is closed first, so that it is left clean and the
            // reading commands can read it without a repair.
            if let Some(close) = close_store {
                close();
            }
            if signal != SIGHUP {
                restore(); // the terminal is still there to be put back
            }
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// How often [`watch_terminal`] asks whether the terminal is still there.
const TERMINAL_CHECK: Duration = Duration::from_secs(1);

/// Ends the cockpit as on SIGHUP when its terminal hangs up and no SIGHUP comes: the cockpit run
/// under `runuser`, `su` or `sudo`, or below a shell that ignores hangups, whose SSH connection
/// dropped. The kernel then signals only the session leader, which passes nothing on, and
/// crossterm's `poll` spins at full CPU on the dead terminal without returning (crossterm issue
/// 793). Once a second this asks the terminal (`poll` with no events: a hung-up terminal still
/// reports `POLLHUP`) and, if it is gone, raises SIGHUP, so that [`watch_signals`] ends the
/// process with every draft kept.
fn watch_terminal() {
    // crossterm reads standard input, which the cockpit refuses to start without as a
    // terminal (`cli::cockpit`); the same is watched. It is never closed.
    // SAFETY: isatty only reads the descriptor's state.
    if unsafe { libc::isatty(0) } != 1 {
        return;
    }
    let fd = 0;
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(TERMINAL_CHECK);
            let mut watched = libc::pollfd {
                fd,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd, a timeout of zero.
            let ready = unsafe { libc::poll(&mut watched, 1, 0) };
            let gone = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
            if ready > 0 && watched.revents & gone != 0 {
                tracing::warn!("the terminal hung up without a SIGHUP: ending as on one");
                // SAFETY: a signal to this process, which watch_signals catches.
                unsafe { libc::kill(libc::getpid(), libc::SIGHUP) };
                return;
            }
        }
    });
}

/// Set while `$EDITOR` has the terminal, and until its text is written to the form's draft: a
/// signal then waits for it rather than pulling the terminal from under it or ending the process
/// with the text only in memory.
static EDITING: AtomicBool = AtomicBool::new(false);

/// Clears [`EDITING`] when dropped: at the end of [`carry_out`], once the edited text's draft
/// has been written (or could not be, and the status says so).
struct EditingDone;

impl Drop for EditingDone {
    fn drop(&mut self) {
        EDITING.store(false, Ordering::SeqCst);
    }
}

/// Leaves the full screen, lets `$EDITOR` (or `vi`) edit `text` in a private temporary file, and
/// comes back with what it saved. What the editor saved is kept even if it ends with an error.
fn edit_externally(text: &str) -> anyhow::Result<String> {
    // The editor's file lives in a directory only its owner can enter, whatever the umask.
    let dir = tempfile::Builder::new().prefix("crewdeck-").tempdir()?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
    }
    let path = dir.path().join("note.txt");
    crate::store::files::write_private_file(&path, text.as_bytes())?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    EDITING.store(true, Ordering::SeqCst);
    restore();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    // EDITING stays set until the edited text is in its draft ([`EditingDone`]): a signal that
    // came meanwhile ends the process only after that.
    let resumed = resume();
    // Read back without following a link: the private directory should hold only our file,
    // and a link put there must not pull another file into the note.
    let edited = {
        use std::io::Read;
        use std::os::unix::fs::OpenOptionsExt;
        let mut text = String::new();
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)?
            .read_to_string(&mut text)?;
        text
    };
    // A terminal that went away (SIGHUP) cannot be resumed, but the text is kept all the same.
    if let Err(e) = resumed {
        if edited == text {
            return Err(e.into());
        }
    }
    let status = status?;
    if !status.success() && edited == text {
        anyhow::bail!("{editor} ended with {status}");
    }
    Ok(edited)
}

/// Back to the full screen after the editor, without a second panic hook.
fn resume() -> std::io::Result<()> {
    use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
    enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste
    )
}

fn restore() {
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = std::io::stdout().flush();
}

/// Restores the terminal before the panic message is printed, on top of ratatui's own hook.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui::restore();
        previous(info);
    }));
}

fn event_loop(
    app: &mut App,
    backend: &mut dyn Backend,
    theme: &Theme,
    drafts: &Drafts,
    terminal: &mut ratatui::DefaultTerminal,
    stop: &AtomicBool,
    unwritten: &mut Unwritten,
) -> anyhow::Result<()> {
    // The roster is on screen; the rest of the records are read meanwhile.
    let mut loading = app.loading.then(|| load_in_background(app, backend));
    let mut dirty = true;
    let mut last_key = Instant::now();
    let mut deriving: Option<Receiver<(u64, Derived)>> = None;
    let mut history: Option<(String, Receiver<HistoryRead>)> = None;
    // What the cockpit asked a shared server for, answered on other threads.
    let served = backend.served().filter(|_| app.is_served());
    let (answers, answered) = std::sync::mpsc::channel();
    // How many tmux clients show this session, when it runs in tmux: more than one offers
    // presenter mode.
    let screens = tmux::watch();
    loop {
        if let Some(count) = screens.as_ref().and_then(|r| r.try_iter().last()) {
            app.screens_attached(count);
            dirty = true;
        }
        if let Some((person, receiver)) = &history {
            match receiver.try_recv() {
                Ok(read) => {
                    match read {
                        Ok(entries) => app.history_loaded(person.clone(), entries),
                        Err(e) => app.failed(format!("The history could not be read: {e}")),
                    }
                    history = None;
                    dirty = true;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => history = None,
            }
        }
        // After a change, the flags and the rest are worked out on another thread; one at a
        // time, for the newest records.
        if let Some(receiver) = &deriving {
            match receiver.try_recv() {
                Ok((generation, derived)) => {
                    app.derived_ready(generation, derived);
                    deriving = None;
                    dirty = true;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    anyhow::bail!("the flags could not be worked out (the thread stopped)")
                }
            }
        }
        // Changes by others and the state of the shared server's connection; once the records
        // are all here (a change waits in the backend until then).
        if loading.is_none() {
            let taken = take_news(app, backend);
            dirty |= taken.any;
            let queued = app.take_queued();
            if !queued.is_empty() {
                carry_out(app, backend, drafts, queued);
            }
            if taken.read_again {
                loading = Some(load_in_background(app, backend));
            }
        }
        if let Some(served) = &served {
            for (asked, answer) in answered.try_iter() {
                app.answered(&asked, answer);
                dirty = true;
            }
            let mut person_asked = false;
            for asked in app.asks() {
                person_asked |= matches!(asked.ask, crate::app::served::Ask::People(_));
                let (served, answers) = (Arc::clone(served), answers.clone());
                std::thread::spawn(move || {
                    let answer = crate::app::served::ask(&*served, asked.ask.clone());
                    let _ = answers.send((asked, answer));
                });
            }
            // A person comes over the socket in a few milliseconds: the frame waits for them a
            // moment rather than flashing "Reading…" first.
            if person_asked {
                let until = Instant::now() + PERSON_WAIT;
                while let Ok((asked, answer)) =
                    answered.recv_timeout(until.saturating_duration_since(Instant::now()))
                {
                    let person = matches!(asked.ask, crate::app::served::Ask::People(_));
                    app.answered(&asked, answer);
                    dirty = true;
                    if person {
                        break;
                    }
                }
            }
        }
        if deriving.is_none() && app.derived_behind() {
            deriving = Some(derive_in_background(app));
            dirty = true;
        }
        if let Some(receiver) = &loading {
            match receiver.try_recv() {
                Ok(Ok((org, derived))) => {
                    memory::give_back();
                    app.loaded(org, derived);
                    app.seq = app.seq.max(backend.read_at());
                    // A save refused for a change that came with these records takes it in.
                    app.take_in_theirs();
                    loading = None;
                    dirty = true;
                    let stale = app.drafts_already_saved();
                    carry_out(app, backend, drafts, stale);
                    if let Some(Effect::LoadHistory(person)) = app.want_history() {
                        history = Some(read_history(backend, person));
                    }
                }
                Ok(Err(e)) => anyhow::bail!("{e}"),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    anyhow::bail!("the records could not be read (the reading thread stopped)")
                }
            }
        }
        if !unwritten.is_empty() {
            // What the frame is about to show is on disk first.
            carry_out(app, backend, drafts, unwritten.take());
        }
        if dirty {
            let size = terminal.size()?;
            app.too_small = size.width < ui::MIN_WIDTH || size.height < ui::MIN_HEIGHT;
            // The presenter banner takes a row from everything below it.
            let height = size.height.saturating_sub(u16::from(app.presenting));
            app.page = usize::from(height.saturating_sub(5)).max(1);
            app.form_too_small = size.width < ui::FORM_MIN_WIDTH || height < ui::FORM_MIN_HEIGHT;
            app.now = chrono::Utc::now();
            draw(terminal, app, theme)?;
            dirty = false;
        }
        if stop.load(Ordering::Relaxed) {
            // Every keystroke of a note was already written to its draft.
            return Ok(());
        }
        // While the records are on their way, look for them often; while the person pane is
        // behind a moving selection, wake when the selection has rested.
        let mut wait =
            if loading.is_some() || deriving.is_some() || history.is_some() || app.asking() {
                LOADING_POLL
            } else {
                POLL
            };
        if app.detail_behind() {
            wait = wait.min(DETAIL_REST.saturating_sub(last_key.elapsed()));
        }
        // Others' changes on a shared server are looked for often, so they show at once.
        if backend.live() {
            wait = wait.min(LIVE_POLL);
        }
        // A calibration's timebox counts down on screen: a frame each second, of which only
        // the clock's cells change.
        if app.ticking() {
            let into_second = u64::from(chrono::Utc::now().timestamp_subsec_millis());
            wait = wait.min(Duration::from_millis(1000 - into_second.min(999)));
        }
        if !event::poll(wait)? {
            if app.ticking() {
                dirty = true;
            }
            if app.detail_behind() && last_key.elapsed() >= DETAIL_REST {
                let asked = app.catch_up();
                let outcome = carry_out(app, backend, drafts, asked.into_iter().collect());
                if let Some(person) = outcome.history {
                    history = Some(read_history(backend, person));
                }
                dirty = true;
            }
            continue;
        }
        last_key = Instant::now();
        // Everything pending is handled before the next draw: one frame per burst of keys, and
        // each draft written once per frame, however many of its keys the burst held.
        loop {
            let input = match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => Some(Input::Key(key)),
                Event::Paste(text) => Some(Input::Paste(text)),
                Event::Resize(..) => {
                    dirty = true;
                    None
                }
                _ => None,
            };
            if let Some(input) = input {
                dirty = true;
                let outcome = take_input(app, backend, drafts, unwritten, input);
                if outcome.quit {
                    return Ok(());
                }
                if let Some(person) = outcome.history {
                    // A newer request replaces one under way: only the newest is shown.
                    history = Some(read_history(backend, person));
                }
                if outcome.screen_lost {
                    terminal.clear()?;
                }
                if let Some(text) = outcome.clipboard {
                    // Through the same writer as the frames, after one and before the next.
                    if !clipboard::copy(terminal.backend_mut(), &text)? {
                        app.failed(
                            "Too long for the clipboard of a terminal; nothing copied".into(),
                        );
                    }
                }
            }
            if last_key.elapsed() >= FRAME_AT_LEAST || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// The drafts a burst of keys changed, written once before the frame that shows them: typing
/// fast (or a slow disk) does not wait for a write of every key.
#[derive(Default)]
pub struct Unwritten {
    /// The newest text of each draft, by [`Draft::key`](crate::app::form::Draft::key).
    drafts: std::collections::BTreeMap<String, crate::app::form::Draft>,
}

impl Unwritten {
    /// Takes the drafts to write out of `effects`, and returns the rest. A draft deleted after
    /// it changed in the same burst is not written at all.
    fn hold(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut rest = Vec::with_capacity(effects.len());
        for effect in effects {
            match effect {
                Effect::SaveDraft(draft) => {
                    self.drafts.insert(draft.key(), draft);
                }
                Effect::DeleteDraft(key) => {
                    self.drafts.remove(&key);
                    rest.push(Effect::DeleteDraft(key));
                }
                other => rest.push(other),
            }
        }
        rest
    }

    fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }

    /// The writes held, to carry out now.
    fn take(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.drafts)
            .into_values()
            .map(Effect::SaveDraft)
            .collect()
    }
}

/// One key (or paste) in a burst: what it asks for is carried out, except its drafts, which
/// wait in `unwritten` for the frame, unless something else comes first (a save, after which
/// its draft goes; an editor that has the terminal for minutes; quitting).
pub fn take_input(
    app: &mut App,
    backend: &mut dyn Backend,
    drafts: &Drafts,
    unwritten: &mut Unwritten,
    input: Input,
) -> Outcome {
    let mut effects = unwritten.hold(app.update(input));
    if effects.iter().any(|e| !matches!(e, Effect::DeleteDraft(_))) {
        carry_out(app, backend, drafts, unwritten.take());
    }
    // A draft that could not be written (a full disk) makes quitting ask first.
    if effects.contains(&Effect::Quit) && !app.unwritten_drafts.is_empty() {
        app.quit = false;
        effects.retain(|e| *e != Effect::Quit);
        effects.extend(app.quit_asked());
    }
    carry_out(app, backend, drafts, effects)
}

/// What carrying out the effects left to do.
#[derive(Default)]
pub struct Outcome {
    pub quit: bool,
    /// Read this person's history on another thread.
    pub history: Option<String>,
    /// Something else used the terminal (the editor): draw everything again.
    pub screen_lost: bool,
    /// Text to put on the clipboard, written to the terminal before the next frame.
    pub clipboard: Option<String>,
}

/// One frame, sent as one synchronized update so the terminal never shows half of it (and a
/// slow SSH link carries it in one piece).
pub fn draw<B>(terminal: &mut ratatui::Terminal<B>, app: &App, theme: &Theme) -> std::io::Result<()>
where
    B: ratatui::backend::Backend + Write,
    std::io::Error: From<B::Error>,
{
    use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| ui::render(app, theme, frame))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)
}

/// A write error for the one-line status: what matters first, without the path (long) or the
/// OS error number ("No space left on device", not "…/draft.json: No space … (os error 28)").
fn write_error(e: &crate::store::StoreError) -> String {
    let text = match e {
        crate::store::StoreError::Io { error, .. } => error.to_string(),
        other => other.to_string(),
    };
    match text.split_once(" (os error") {
        Some((said, _)) => said.to_string(),
        None => text,
    }
}

/// Carries out effects, and those that follow from them.
pub fn carry_out(
    app: &mut App,
    backend: &mut dyn Backend,
    drafts: &Drafts,
    effects: Vec<Effect>,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut editing_done = None;
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Quit => {
                outcome.quit = true;
                return outcome;
            }
            Effect::SaveDraft(draft) => match drafts.save(&draft) {
                Ok(()) => {
                    app.unwritten_drafts.remove(&draft.key());
                    // Room again (or the folder is back): drafts that could not be written
                    // before are written now, so they no longer live only in memory.
                    let waiting: Vec<crate::app::form::Draft> = app
                        .unwritten_drafts
                        .iter()
                        .filter_map(|key| app.drafts.get(key).cloned())
                        .collect();
                    for draft in waiting {
                        if drafts.save(&draft).is_ok() {
                            app.unwritten_drafts.remove(&draft.key());
                        }
                    }
                }
                Err(e) => {
                    app.unwritten_drafts.insert(draft.key());
                    app.failed(format!(
                        "Only in memory, not written to disk: {}. Free some space; the next key you type writes it",
                        write_error(&e)
                    ));
                }
            },
            Effect::DeleteDraft(person) => {
                app.unwritten_drafts.remove(&person);
                if let Err(e) = drafts.delete(&person) {
                    app.failed(format!("The draft could not be removed: {e}"));
                }
            }
            Effect::LoadHistory(person) => outcome.history = Some(person),
            Effect::Copy(text) => outcome.clipboard = Some(text),
            Effect::EditExternally(text) => {
                editing_done = Some(EditingDone);
                outcome.screen_lost = true;
                match edit_externally(&text) {
                    Ok(edited) => queue.extend(app.edited_externally(edited)),
                    Err(e) => app.failed(format!("The editor could not be used: {e:#}")),
                }
            }
            // A stored change is handed to the app even if the records cannot be read back, so
            // the note form closes, the draft goes and undo knows of it.
            // A change made before every record is here would be shown against records that
            // are about to be replaced; it waits (the note form stays open, its draft kept).
            Effect::Apply(_) if app.loading => {
                app.failed(crate::app::STILL_READING.into());
            }
            // This process holds the database, so the records on screen are the stored ones:
            // the change's after-images bring them up to date without reading everything back.
            Effect::Apply(change) => match backend.apply_since(*change, app.save_base()) {
                Ok(entry) => {
                    app.seq = app.seq.max(entry.seq);
                    // What is selected is named while the records are still as it was chosen.
                    app.before_change();
                    // In place; the records are copied only if a thread still works on them.
                    std::sync::Arc::make_mut(&mut app.org).apply_diffs(&entry.diffs);
                    let org = std::sync::Arc::clone(&app.org);
                    queue.extend(app.applied(entry, Ok(org)));
                }
                // Refused, changed meanwhile by someone else, or the server out of reach: the
                // form stays open with its text.
                // Someone else's change came first: once told, saving again goes through.
                Err(crate::store::StoreError::Conflict { said, seq }) => {
                    app.conflicted(seq, said);
                }
                // Said once, not as "change refused: not allowed: …".
                Err(crate::store::StoreError::Refused(crate::domain::ChangeError::Forbidden(
                    why,
                ))) => {
                    let said = format!("Not saved, not allowed: {why}");
                    app.failed(crate::text::safe_line(&said).into_owned());
                }
                Err(
                    e @ (crate::store::StoreError::Refused(_)
                    | crate::store::StoreError::Unreachable(_)
                    | crate::store::StoreError::Denied(_)),
                ) => app.failed(crate::text::safe_line(&e.to_string()).into_owned()),
                // A write error (a full disk): said plainly, and the store has reopened itself
                // so that the same save works once the cause is gone.
                Err(e) => app.failed(format!(
                    "Not saved, nothing stored changed: {}. Free some space and save again",
                    write_error(&e)
                )),
            },
        }
        // What the effects led to outside a key (a form taking in a change keeps its draft).
        queue.extend(app.take_queued());
    }
    outcome.quit = app.quit;
    drop(editing_done);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AuditEntry, Change};
    use crate::store::StoreError;

    /// A backend that must not be written to.
    struct ReadOnly;

    impl Backend for ReadOnly {
        fn roster(&self) -> Result<Org, StoreError> {
            Ok(Org::default())
        }
        fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send> {
            Box::new(|| Ok(Org::default()))
        }
        fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError> {
            panic!("written while loading: {change:?}")
        }
        fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
            Ok(Vec::new())
        }
        fn user_name(&self) -> String {
            "admin".into()
        }
    }

    /// A backend over records in memory, numbering its audit entries and keeping them.
    struct InMemory {
        org: Org,
        seq: u64,
        trail: Vec<AuditEntry>,
    }

    impl InMemory {
        /// A backend holding the records `app` shows.
        fn of(app: &App) -> InMemory {
            InMemory {
                org: Org::clone(&app.org),
                seq: 0,
                trail: Vec::new(),
            }
        }
    }

    impl Backend for InMemory {
        fn roster(&self) -> Result<Org, StoreError> {
            Ok(self.org.clone())
        }
        fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send> {
            let org = self.org.clone();
            Box::new(move || Ok(org))
        }
        fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError> {
            let diffs = self.org.apply(&change)?;
            self.seq += 1;
            let entry = AuditEntry {
                seq: self.seq,
                at: chrono::Utc::now(),
                actor: "admin".into(),
                change,
                diffs,
            };
            self.trail.push(entry.clone());
            Ok(entry)
        }
        fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
            Ok(self.trail.clone())
        }
        fn user_name(&self) -> String {
            "admin".into()
        }
    }

    /// A shared server's backend as the cockpit sees it: news waiting, and the role it says.
    struct Telling {
        news: Vec<News>,
        role: Option<crate::domain::user::Role>,
        read_only: Option<String>,
    }

    impl Backend for Telling {
        fn roster(&self) -> Result<Org, StoreError> {
            Ok(Org::default())
        }
        fn loader(&self) -> Box<dyn FnOnce() -> Result<Org, StoreError> + Send> {
            Box::new(|| Ok(Org::default()))
        }
        fn apply(&mut self, change: Change) -> Result<AuditEntry, StoreError> {
            panic!("written: {change:?}")
        }
        fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
            Ok(Vec::new())
        }
        fn user_name(&self) -> String {
            "sarah".into()
        }
        fn news(&mut self) -> Vec<News> {
            std::mem::take(&mut self.news)
        }
        fn role(&self) -> Option<crate::domain::user::Role> {
            self.role
        }
        fn read_only(&self) -> Option<String> {
            self.read_only.clone()
        }
    }

    /// What changed since the last 1:1 names who changed it when it was someone else.
    #[test]
    fn since_the_last_one_to_one_names_who_else_changed_something() {
        let mut app = crate::app::tests::demo_app();
        let mut entry = {
            let mut backend = InMemory::of(&app);
            let mut person = app.org.people["E030"].clone();
            person.location = "Chengdu".into();
            backend.apply(Change::UpsertPerson { person }).unwrap()
        };
        entry.actor = "sarah".into();
        let mine = {
            let mut mine = entry.clone();
            mine.actor = app.actor.clone();
            mine.seq += 1;
            mine
        };
        crate::app::tests::press(&mut app, "/");
        crate::app::tests::type_text(&mut app, "zhangjian");
        crate::app::tests::press(&mut app, "enter tab");
        assert_eq!(app.tab, crate::app::Tab::Coaching);
        app.history_loaded("E030".into(), vec![mine, entry]);
        let theme = crate::ui::theme::Theme::load("default", std::path::Path::new("/x"), false)
            .expect("theme");
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|frame| crate::ui::render(&app, &theme, frame))
            .unwrap();
        let screen = terminal.backend().to_string();
        assert!(
            screen.contains(" sarah: "),
            "someone else's change names them: {screen}"
        );
        assert_eq!(
            screen.matches(" sarah: ").count(),
            1,
            "one's own does not: {screen}"
        );
    }

    /// Told to read again with the change that caused it (their user record), the status line
    /// keeps saying what changed for them; it said only "admin: add or update user …".
    #[test]
    fn a_change_of_scope_is_said_over_the_change_that_came_with_it() {
        let mut app = crate::app::tests::demo_app();
        let entry = {
            let mut backend = InMemory::of(&app);
            let person = app.org.people["E030"].clone();
            backend.apply(Change::UpsertPerson { person }).unwrap()
        };
        let mut backend = Telling {
            news: vec![News::ReadAgain, News::Changed(Box::new(entry))],
            role: None,
            read_only: None,
        };
        assert!(take_news(&mut app, &mut backend).read_again);
        assert_eq!(app.status.as_deref(), Some(crate::app::SCOPE_CHANGED));
    }

    /// Two people edit one person: the second save is refused, and the form takes in the first
    /// one's title, which the second left alone, while keeping the location they typed; saving
    /// again writes both. It said "save again to replace it", and the first title was lost.
    #[test]
    fn a_save_after_someone_elses_change_takes_theirs_in_and_keeps_what_was_typed() {
        let mut app = crate::app::tests::demo_app();
        let id = app
            .roster
            .selected_id()
            .expect("someone selected")
            .to_string();
        crate::app::tests::press(&mut app, "E");
        let at = |app: &App, label: &str| {
            let form = app.form.as_ref().expect("the form is open");
            form.fields
                .iter()
                .position(|f| f.label == label)
                .expect(label)
        };
        let location = at(&app, "Location");
        app.form.as_mut().unwrap().fields[location].text =
            crate::app::editor::TextField::new("Chennai");
        // Someone else retitles them meanwhile.
        let theirs = {
            let mut person = app.org.people[id.as_str()].clone();
            person.title = "Chief Everything Officer".into();
            InMemory::of(&app)
                .apply(Change::UpsertPerson { person })
                .unwrap()
        };
        let effects = crate::app::tests::press(&mut app, "ctrl-s");
        assert!(matches!(effects[..], [Effect::Apply(_)]));
        // The server says no before its news of their change is taken.
        app.conflicted(theirs.seq, "sarah changed it first".into());
        let said = app.status.clone().unwrap_or_default();
        assert!(said.ends_with("taking in their change…"), "{said}");
        let saved = crate::app::tests::press(&mut app, "ctrl-s");
        assert!(saved.is_empty(), "not saved while theirs is on its way");
        app.changed_elsewhere(theirs);
        let said = app.status.clone().unwrap_or_default();
        assert_eq!(
            said,
            "Not saved: sarah changed it first; taken in from theirs: Title; save again to keep both"
        );
        let form = app.form.as_ref().expect("still open");
        assert_eq!(
            form.fields[at(&app, "Title")].text.text(),
            "Chief Everything Officer"
        );
        assert_eq!(form.fields[location].text.text(), "Chennai");
        let effects = crate::app::tests::press(&mut app, "ctrl-s");
        let [Effect::Apply(change)] = &effects[..] else {
            panic!("saved: {effects:?}")
        };
        let Change::UpsertPerson { person } = change.as_ref() else {
            panic!("{change:?}")
        };
        assert_eq!(
            (person.title.as_str(), person.location.as_str()),
            ("Chief Everything Officer", "Chennai")
        );
    }

    /// Where both changed one field, what was typed is kept and theirs is said.
    #[test]
    fn a_field_both_changed_keeps_what_was_typed_and_says_theirs() {
        let mut app = crate::app::tests::demo_app();
        let id = app
            .roster
            .selected_id()
            .expect("someone selected")
            .to_string();
        crate::app::tests::press(&mut app, "E");
        let title = {
            let form = app.form.as_ref().unwrap();
            form.fields.iter().position(|f| f.label == "Title").unwrap()
        };
        app.form.as_mut().unwrap().fields[title].text =
            crate::app::editor::TextField::new("Founder");
        let theirs = {
            let mut person = app.org.people[id.as_str()].clone();
            person.title = "Chief Everything Officer".into();
            InMemory::of(&app)
                .apply(Change::UpsertPerson { person })
                .unwrap()
        };
        crate::app::tests::press(&mut app, "ctrl-s");
        app.changed_elsewhere(theirs.clone());
        app.conflicted(theirs.seq, "sarah changed it first".into());
        assert_eq!(
            app.status.as_deref(),
            Some(
                "Not saved: sarah changed it first; you both changed Title (theirs: Chief Everything Officer), yours is kept; save again to keep both"
            )
        );
        let form = app.form.as_ref().unwrap();
        assert_eq!(form.fields[title].text.text(), "Founder");
        assert_eq!(
            form.error.as_deref(),
            app.status.as_deref(),
            "said under the form too"
        );
        // A change made without a form (an undo, a tick) is refused and said so.
        let mut app = crate::app::tests::demo_app();
        app.conflicted(7, "sarah changed it first".into());
        assert_eq!(
            app.status.as_deref(),
            Some(
                "Not saved: sarah changed it first; their change shows as it comes: do it again if it still applies"
            )
        );
    }

    /// Typing and saving in one burst (keys that arrive together over SSH): the draft is
    /// written before the save, the save removes it, and it is not written back after: it came
    /// back as an unsaved draft next time.
    #[test]
    fn a_note_typed_and_saved_in_one_burst_leaves_no_draft() {
        let mut app = crate::app::tests::demo_app();
        let mut backend = InMemory::of(&app);
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::of(dir.path(), &dir.path().join("x.redb"), "admin");
        let mut unwritten = Unwritten::default();
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let key = |c: KeyCode, m: KeyModifiers| Input::Key(KeyEvent::new(c, m));
        let mut burst = vec![key(KeyCode::Char('n'), KeyModifiers::NONE)];
        burst.extend(
            "Grow"
                .chars()
                .map(|c| key(KeyCode::Char(c), KeyModifiers::NONE)),
        );
        for input in burst {
            take_input(&mut app, &mut backend, &drafts, &mut unwritten, input);
        }
        assert!(!unwritten.is_empty(), "held for the frame");
        assert!(drafts.load().0.is_empty(), "not yet written");
        let save = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        take_input(&mut app, &mut backend, &drafts, &mut unwritten, save);
        assert!(app.form.is_none(), "saved: {:?}", app.status);
        assert!(unwritten.is_empty(), "nothing left to write after the save");
        assert!(drafts.load().0.is_empty(), "no draft on disk");
    }

    /// A burst of keys in a form writes its draft once, with the newest text; a draft given up
    /// in the same burst is not written at all, and one begun again after is.
    #[test]
    fn a_burst_of_keys_writes_each_draft_once_with_its_newest_text() {
        let draft = |person: &str, text: &str| crate::app::form::Draft {
            kind: None,
            person: person.into(),
            fields: vec![text.into()],
            focus: 0,
        };
        let mut unwritten = Unwritten::default();
        let typed: Vec<Effect> = ["T", "Th", "The"]
            .iter()
            .map(|text| Effect::SaveDraft(draft("E010", text)))
            .chain([Effect::SaveDraft(draft("E011", "other"))])
            .collect();
        assert_eq!(unwritten.hold(typed), Vec::new(), "nothing else to do");
        let kept = draft("E010", "").key();
        let rest = unwritten.hold(vec![Effect::Quit]);
        assert_eq!(rest, vec![Effect::Quit], "other effects pass through");
        let writes = unwritten.take();
        assert_eq!(
            writes,
            vec![
                Effect::SaveDraft(draft("E010", "The")),
                Effect::SaveDraft(draft("E011", "other")),
            ]
        );
        assert!(unwritten.is_empty());
        // Given up after a key: only the deletion is carried out.
        let rest = unwritten.hold(vec![
            Effect::SaveDraft(draft("E010", "Then")),
            Effect::DeleteDraft(kept.clone()),
        ]);
        assert_eq!(rest, vec![Effect::DeleteDraft(kept.clone())]);
        assert!(unwritten.is_empty());
        // Begun again after it was given up: written.
        let rest = unwritten.hold(vec![
            Effect::DeleteDraft(kept.clone()),
            Effect::SaveDraft(draft("E010", "A")),
        ]);
        assert_eq!(rest, vec![Effect::DeleteDraft(kept)]);
        assert_eq!(
            unwritten.take(),
            vec![Effect::SaveDraft(draft("E010", "A"))]
        );
    }

    /// Told to read again, the cockpit asks the backend the role anew: made a viewer, it takes
    /// that in, and says so after the change that came with it; news of a change alone does
    /// not ask.
    #[test]
    fn news_to_read_again_takes_the_role_the_server_now_says() {
        use crate::domain::user::Role;
        let mut app = crate::app::tests::demo_app();
        app.role = Some(Role::Manager);
        let entry = {
            let mut backend = InMemory::of(&app);
            let person = app.org.people["E030"].clone();
            backend.apply(Change::UpsertPerson { person }).unwrap()
        };
        let mut backend = Telling {
            news: vec![News::Changed(Box::new(entry.clone()))],
            role: Some(Role::Viewer),
            read_only: Some("sarah is a viewer, who can read but not change anything".into()),
        };
        let taken = take_news(&mut app, &mut backend);
        assert_eq!(
            taken,
            Taken {
                any: true,
                read_again: false
            }
        );
        assert_eq!(
            app.read_only, None,
            "a change alone says nothing of the role"
        );
        backend.news = vec![News::ReadAgain, News::Changed(Box::new(entry))];
        let taken = take_news(&mut app, &mut backend);
        assert!(taken.read_again);
        assert_eq!(app.role, Some(Role::Viewer));
        assert!(app.read_only.is_some());
        let said = app.status.clone().unwrap_or_default();
        assert!(said.starts_with("Your role has changed"), "{said}");
        // Back after the server was away, a manager again.
        backend.news = vec![News::Back];
        backend.role = Some(Role::Manager);
        backend.read_only = None;
        assert!(take_news(&mut app, &mut backend).read_again);
        assert_eq!(app.read_only, None);
        assert_eq!(app.role, Some(Role::Manager));
    }

    #[test]
    fn after_a_change_the_screen_shows_it_at_once_and_the_flags_follow_at_once_or_from_another_thread()
     {
        let mut app = crate::app::tests::demo_app();
        app.derive_elsewhere = true;
        let mut backend = InMemory::of(&app);
        let flags_of = |app: &App| app.derived.person_flags("E030").count();
        let notes_of = |app: &App| app.derived.notes(&app.org, "E030").len();
        let (flags_before, notes_before) = (flags_of(&app), notes_of(&app));
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::of(dir.path(), &dir.path().join("x.redb"), "admin");
        crate::app::tests::press(&mut app, "ctrl-p");
        crate::app::tests::type_text(&mut app, "zj");
        crate::app::tests::press(&mut app, "enter f");
        crate::app::tests::type_text(&mut app, "high");
        crate::app::tests::press(&mut app, "enter");
        crate::app::tests::type_text(&mut app, "Mentioned an outside offer");
        let effects = crate::app::tests::press(&mut app, "enter");
        carry_out(&mut app, &mut backend, &drafts, effects);
        crate::app::tests::press(&mut app, "n");
        crate::app::tests::type_text(&mut app, "Keep the checkout launch on track");
        let effects = crate::app::tests::press(&mut app, "ctrl-s");
        carry_out(&mut app, &mut backend, &drafts, effects);

        assert_eq!(
            *app.org, backend.org,
            "the records on screen are the stored ones"
        );
        let status = app.status.clone().unwrap_or_default();
        assert!(
            status.contains("张建"),
            "the status names the person: {status}"
        );
        // What a note and a flag can affect is worked out again at once.
        assert_eq!(notes_of(&app), notes_before + 1, "the note shows at once");
        assert!(!app.derived_behind());
        assert_eq!(
            flags_of(&app),
            flags_before + 1,
            "the flag raised shows at once"
        );
        assert_eq!(app.roster.selected_id(), Some("E030"), "still selected");

        // A new ladder changes everyone's next threshold: that is worked out from scratch, on
        // another thread, while each person's records are current at once.
        let ladder = app.org.ladders.values().next().cloned().expect("a ladder");
        let change = Change::UpsertLadder { ladder };
        carry_out(
            &mut app,
            &mut backend,
            &drafts,
            vec![crate::app::Effect::Apply(Box::new(change))],
        );
        assert!(app.derived_behind());
        assert_eq!(notes_of(&app), notes_before + 1);
        let (generation, derived) = derive_in_background(&app).recv().unwrap();
        // A result for older records is not taken.
        let stale = Derived::compute(&Org::default(), &app.rules, app.today, "admin");
        app.derived_ready(generation - 1, stale);
        assert!(app.derived_behind());
        app.derived_ready(generation, derived);
        assert!(!app.derived_behind());
        assert_eq!(flags_of(&app), flags_before + 1);
        assert_eq!(notes_of(&app), notes_before + 1);
        assert_eq!(app.roster.selected_id(), Some("E030"), "still selected");
    }

    #[test]
    fn a_successor_moved_in_the_cockpit_stays_selected_where_it_went() {
        let mut app = crate::app::tests::demo_app();
        let mut backend = InMemory::of(&app);
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::of(dir.path(), &dir.path().join("x.redb"), "admin");
        crate::app::tests::press(&mut app, "/");
        crate::app::tests::type_text(&mut app, "sarah mitchell");
        crate::app::tests::press(&mut app, "enter tab tab tab enter");
        assert_eq!(app.tab, crate::app::Tab::Succession);
        let second = app.succession_items("E002")[1].person.to_string();
        let effects = crate::app::tests::press(&mut app, "j K");
        carry_out(&mut app, &mut backend, &drafts, effects);
        assert_eq!(app.succession_items("E002")[0].person.as_str(), second);
        assert_eq!(app.item, 0, "the selection went up with them");
    }

    #[test]
    fn the_history_tab_reads_every_change_to_the_person_and_coaching_what_changed_since_the_last_note()
     {
        let mut app = crate::app::tests::demo_app();
        let mut backend = InMemory::of(&app);
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::of(dir.path(), &dir.path().join("x.redb"), "admin");
        let mut run = |app: &mut App, effects: Vec<Effect>| {
            let outcome = carry_out(app, &mut backend, &drafts, effects);
            if let Some(person) = outcome.history {
                let (person, receiver) = read_history(&backend, person);
                app.history_loaded(person, receiver.recv().unwrap().unwrap());
            }
        };
        let keys = |app: &mut App, keys: &str| crate::app::tests::press(app, keys);
        let e = keys(&mut app, "/");
        run(&mut app, e);
        crate::app::tests::type_text(&mut app, "zhangjian");
        let e = keys(&mut app, "enter n");
        run(&mut app, e);
        crate::app::tests::type_text(&mut app, "Grow into the lead role");
        let e = keys(&mut app, "ctrl-s");
        run(&mut app, e);
        let e = keys(&mut app, "L down ctrl-s");
        run(&mut app, e);
        let e = keys(&mut app, "tab");
        run(&mut app, e);
        assert_eq!(app.tab, crate::app::Tab::Coaching);
        let theme = crate::ui::theme::Theme::load("default", std::path::Path::new("/x"), false)
            .expect("theme");
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|frame| crate::ui::render(&app, &theme, frame))
            .unwrap();
        let screen = terminal.backend().to_string();
        assert!(screen.contains("Since the last 1:1"), "{screen}");
        assert!(
            screen.contains("Leaving stage of 张建: early doubts"),
            "what came after the note: {screen}"
        );
        while app.tab != crate::app::Tab::History {
            let e = keys(&mut app, "tab");
            run(&mut app, e);
        }
        terminal
            .draw(|frame| crate::ui::render(&app, &theme, frame))
            .unwrap();
        let screen = terminal.backend().to_string();
        assert!(screen.contains("GROW note for 张建 saved"), "{screen}");
        assert!(
            screen.contains("flight risk: — → confused, noted on"),
            "{screen}"
        );
        // An undo names what it took back, not only the record it put back.
        let e = keys(&mut app, "u y");
        run(&mut app, e);
        app.status = None; // said there too
        terminal
            .draw(|frame| crate::ui::render(&app, &theme, frame))
            .unwrap();
        let screen = terminal.backend().to_string();
        assert!(
            screen.contains("Undone: Leaving stage of 张建: early doubts"),
            "{screen}"
        );
    }

    #[test]
    fn a_change_made_before_the_records_arrive_waits_and_the_note_stays_open() {
        let mut app = crate::app::tests::starting_app();
        crate::app::tests::press(&mut app, "n");
        crate::app::tests::type_text(&mut app, "Kept");
        let effects = crate::app::tests::press(&mut app, "ctrl-s");
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::Apply(_))),
            "the form does not ask yet"
        );
        let waits = |app: &App| {
            app.status
                .as_deref()
                .is_some_and(|s| s.starts_with("Still reading the records"))
        };
        assert!(
            app.form.is_some() && waits(&app),
            "the note form is still open"
        );
        // Nor would the runtime write a change asked for while loading.
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::of(dir.path(), &dir.path().join("x.redb"), "admin");
        let change = Change::SetStatus {
            person: "E030".into(),
            status: crate::domain::person::Status::OnLeave,
        };
        app.status = None;
        carry_out(
            &mut app,
            &mut ReadOnly,
            &drafts,
            vec![Effect::Apply(Box::new(change))],
        );
        assert!(app.form.is_some() && waits(&app));
    }

    #[test]
    fn text_whose_draft_cannot_be_written_is_said_to_be_only_in_memory_and_quitting_asks() {
        let mut app = crate::app::tests::demo_app();
        let mut backend = InMemory::of(&app);
        let dir = tempfile::tempdir().unwrap();
        // Where the drafts folder should be, a file: every draft write fails, as on a full disk.
        let blocked = dir.path().join("drafts");
        std::fs::write(&blocked, b"").unwrap();
        let drafts = Drafts::of(dir.path(), &dir.path().join("x.redb"), "admin");
        let mut run = |app: &mut App, effects: Vec<Effect>| {
            carry_out(app, &mut backend, &drafts, effects).quit
        };
        let press = crate::app::tests::press;
        let type_text = crate::app::tests::type_text;
        let e = press(&mut app, "n");
        run(&mut app, e);
        let e = type_text(&mut app, "Lead the launch");
        run(&mut app, e);
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("Only in memory"), "{status}");
        assert_eq!(app.unwritten_drafts.len(), 1);
        let e = press(&mut app, "esc");
        run(&mut app, e);
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("Draft kept in memory only"), "{status}");
        // q asks; any key but y stays.
        let e = press(&mut app, "q");
        assert!(!run(&mut app, e));
        assert!(matches!(
            app.overlay,
            Some(crate::app::Overlay::Confirm {
                then: crate::app::Confirmed::Quit,
                ..
            })
        ));
        let e = press(&mut app, "x");
        assert!(!run(&mut app, e));
        assert!(app.overlay.is_none());
        // Room again: the next key writes the draft, and quitting no longer asks.
        std::fs::remove_file(&blocked).unwrap();
        let e = press(&mut app, "n");
        run(&mut app, e);
        let e = type_text(&mut app, "!");
        run(&mut app, e);
        assert!(app.unwritten_drafts.is_empty());
        assert_eq!(drafts.load().0.len(), 1, "written to disk");
        let e = press(&mut app, "esc");
        run(&mut app, e);
        let e = press(&mut app, "q");
        assert!(run(&mut app, e));
    }
}
