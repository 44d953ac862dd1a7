//! Who else sees this screen: when the cockpit runs inside tmux, how many clients are attached
//! to its session. Asked of tmux at start and then every few seconds on a thread of its own, so
//! a slow or stuck tmux never holds up a key; the number is sent only when it changes. Without
//! tmux (`$TMUX` unset, or the program missing) nothing is asked and nothing is said.

use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

/// How often tmux is asked again.
const EVERY: Duration = Duration::from_secs(3);

/// Starts asking tmux, if the cockpit runs inside it; the receiver gets the number of attached
/// clients each time it changes. `None` outside tmux.
pub fn watch() -> Option<Receiver<u32>> {
    std::env::var_os("TMUX").filter(|v| !v.is_empty())?;
    // The pane this process runs in names its session; without it, tmux's idea of the current
    // session is used.
    let pane = std::env::var("TMUX_PANE").ok().filter(|p| !p.is_empty());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("tmux clients".into())
        .spawn(move || ask_until_gone(pane.as_deref(), &sender))
        .ok()?;
    Some(receiver)
}

/// Asks tmux every [`EVERY`] until tmux cannot be run or nobody listens any more.
fn ask_until_gone(pane: Option<&str>, sender: &Sender<u32>) {
    let mut last = None;
    loop {
        match attached(pane) {
            Asked::Count(count) if last != Some(count) => {
                last = Some(count);
                if sender.send(count).is_err() {
                    return; // the cockpit has ended
                }
            }
            Asked::Count(_) | Asked::NoAnswer => {}
            Asked::NoTmux => return,
        }
        std::thread::sleep(EVERY);
    }
}

/// What asking tmux gave.
#[derive(Debug, PartialEq, Eq)]
enum Asked {
    Count(u32),
    /// tmux ran but said nothing usable (a server restarting, say): asked again later.
    NoAnswer,
    /// tmux cannot be run: never asked again.
    NoTmux,
}

fn attached(pane: Option<&str>) -> Asked {
    let mut command = Command::new("tmux");
    command.arg("display-message").arg("-p");
    if let Some(pane) = pane {
        command.args(["-t", pane]);
    }
    let output = command
        .arg("#{session_attached}")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Err(_) => Asked::NoTmux,
        Ok(out) if !out.status.success() => Asked::NoAnswer,
        Ok(out) => parse(&String::from_utf8_lossy(&out.stdout)),
    }
}

/// tmux's answer, a number on a line.
fn parse(text: &str) -> Asked {
    match text.trim().parse::<u32>() {
        Ok(count) => Asked::Count(count),
        Err(_) => Asked::NoAnswer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_a_number_or_nothing_usable() {
        assert_eq!(parse("2\n"), Asked::Count(2));
        assert_eq!(parse(" 0 "), Asked::Count(0));
        assert_eq!(parse(""), Asked::NoAnswer);
        assert_eq!(parse("no server running"), Asked::NoAnswer);
    }
}
