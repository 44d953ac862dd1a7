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
#[cfg(test)]
pub fn bytes_for(
    counted: &mut Counted,
    app: &mut App,
    theme: &Theme,
    keys: &str,
) -> std::io::Result<usize> {
    crate::app::tests::press(app, keys);
    counted.bytes.set(0);
    draw(&mut counted.terminal, app, theme)?;
    Ok(counted.bytes.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::demo_app;

    fn theme() -> Theme {
        Theme::load("default", std::path::Path::new("/nonexistent"), false).expect("theme")
    }

    /// Bytes for each kind of key, measured on the demo at `width`×`height`.
    fn measure(width: u16, height: u16) -> [(&'static str, usize); 6] {
        let theme = theme();
        let mut app = demo_app();
        let mut t = counting_terminal(&app, &theme, width, height).unwrap();
        let mut bytes = |app: &mut App, keys: &str| bytes_for(&mut t, app, &theme, keys).unwrap();
        let nothing = bytes(&mut app, "");
        let move_in_view = bytes(&mut app, "j");
        let page = bytes(&mut app, "ctrl-d");
        // Down to the last row on screen, then one more: the list scrolls by a row.
        bytes(&mut app, "g");
        for _ in 0..usize::from(height) - 5 {
            bytes(&mut app, "j");
        }
        let scroll = bytes(&mut app, "j");
        let open = bytes(&mut app, "enter");
        bytes(&mut app, "esc ctrl-p");
        let finder = bytes(&mut app, "z");
        [
            ("nothing", nothing),
            ("move", move_in_view),
            ("page", page),
            ("scroll", scroll),
            ("open", open),
            ("finder", finder),
        ]
    }

    /// Ceilings that fail the build when a change makes keys cost more on the wire. Moving the
    /// roster selection redraws the person beside it, which is most of what a move costs.
    #[test]
    fn bytes_per_key_stay_under_their_ceilings() {
        let ceilings = [
            ((200, 50), [64, 1800, 1800, 5600, 5000, 900]),
            ((80, 24), [64, 1100, 1400, 2700, 2300, 850]),
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
