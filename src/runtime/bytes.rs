//! How many bytes a key costs on the wire: the real app drawn through crossterm into a counting
//! sink. Deterministic, so the ceilings are asserted in ordinary tests.

use super::draw;
use crate::app::App;
use crate::ui::theme::Theme;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;

/// A writer that only counts, into a count shared with whoever reads it.
#[derive(Default, Clone)]
pub struct Counter {
    pub bytes: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.set(self.bytes.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A terminal of `width`×`height` whose output is counted, with the app's first frame drawn.
pub struct Counted {
    pub terminal: Terminal<CrosstermBackend<Counter>>,
    pub bytes: std::rc::Rc<std::cell::Cell<usize>>,
}

pub fn counting_terminal(
    app: &App,
    theme: &Theme,
    width: u16,
    height: u16,
) -> std::io::Result<Counted> {
    let counter = Counter::default();
    let bytes = std::rc::Rc::clone(&counter.bytes);
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let mut terminal =
        Terminal::with_options(CrosstermBackend::new(counter), TerminalOptions { viewport })?;
    draw(&mut terminal, app, theme)?;
    Ok(Counted { terminal, bytes })
}

/// The bytes written to draw the frame after `keys`.
pub fn bytes_for(
    counted: &mut Counted,
    app: &mut App,
    theme: &Theme,
    keys: &str,
) -> std::io::Result<usize> {
    app.press(keys).map_err(std::io::Error::other)?;
    counted.bytes.set(0);
    draw(&mut counted.terminal, app, theme)?;
    Ok(counted.bytes.get())
}

/// What each kind of key costs at `width`×`height`, starting from the roster as the cockpit
/// opens and with the person pane following the roster lazily, as the runtime has it: nothing
/// changed, a move within the view, the person pane catching up once the selection rests, a
/// page, a one-row scroll, opening a person, and a finder keystroke. Leaves the finder open.
pub fn per_key(
    app: &mut App,
    theme: &Theme,
    width: u16,
    height: u16,
) -> std::io::Result<[(&'static str, usize); 7]> {
    app.follow_lazily = true;
    let mut t = counting_terminal(app, theme, width, height)?;
    let nothing = bytes_for(&mut t, app, theme, "")?;
    let move_in_view = bytes_for(&mut t, app, theme, "j")?;
    app.catch_up();
    let caught_up = bytes_for(&mut t, app, theme, "")?;
    let mut bytes = |app: &mut App, keys: &str| bytes_for(&mut t, app, theme, keys);
    let page = bytes(app, "ctrl-d")?;
    // Down to the last row on screen, then one more: the list scrolls by a row.
    bytes(app, "g")?;
    for _ in 0..usize::from(height) - 5 {
        bytes(app, "j")?;
    }
    let scroll = bytes(app, "j")?;
    app.catch_up();
    bytes(app, "")?;
    let open = bytes(app, "enter")?;
    bytes(app, "esc ctrl-p")?;
    let finder = bytes(app, "z")?;
    Ok([
        ("nothing changed", nothing),
        ("move within the view", move_in_view),
        ("the person pane, once the move rests", caught_up),
        ("page", page),
        ("scroll one row", scroll),
        ("open a person", open),
        ("finder keystroke", finder),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::demo_app;

    fn theme() -> Theme {
        Theme::load("default", std::path::Path::new("/nonexistent"), false).expect("theme")
    }

    /// Bytes for each kind of key, measured on the demo at `width`×`height`.
    fn measure(width: u16, height: u16) -> [(&'static str, usize); 7] {
        per_key(&mut demo_app(), &theme(), width, height).unwrap()
    }

    /// Ceilings that fail the build when a change makes keys cost more on the wire. A move
    /// redraws two roster rows; the person beside them follows once the selection rests (its
    /// Profile carries the trends' sparklines, hence more than the rows around it). The finder
    /// opens on the people most in need of attention, so its first letter replaces a list, and
    /// each row names its id.
    #[test]
    fn bytes_per_key_stay_under_their_ceilings() {
        let ceilings = [
            ((200, 50), [64, 600, 2000, 600, 5000, 5000, 1800]),
            ((80, 24), [64, 300, 1000, 300, 1600, 2300, 1600]),
        ];
        for ((w, h), limits) in ceilings {
            for ((what, bytes), limit) in measure(w, h).into_iter().zip(limits) {
                assert!(
                    bytes <= limit,
                    "{what} at {w}x{h} costs {bytes} bytes, over {limit}"
                );
            }
        }
    }

    #[test]
    fn an_unchanged_frame_sends_almost_nothing() {
        assert!(measure(120, 40)[0].1 <= 64);
    }
}
