//! Keys to actions, per mode. The defaults are `data/keymap.toml`, built in; a user file
//! overrides them key by key. An unknown action, an unknown mode or a key bound twice in one mode
//! is refused by name.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;
use std::fmt;

/// The built-in keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../data/keymap.toml");

/// Which table of the keymap applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Browse,
    Input,
    /// Filling in a form (a GROW note, a plan, a successor…).
    Form,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Browse, Mode::Input, Mode::Form];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Input => "input",
            Mode::Form => "form",
        }
    }
}

/// A key with its modifiers, normalised so that `G` and `shift-g` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut key = Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
            shift: event.modifiers.contains(KeyModifiers::SHIFT),
        };
        key.normalise();
        key
    }

    fn normalise(&mut self) {
        if let KeyCode::Char(c) = self.code {
            // A character already says whether shift was down.
            if self.shift && c.is_ascii_lowercase() {
                self.code = KeyCode::Char(c.to_ascii_uppercase());
            }
            self.shift = false;
        }
        if self.code == KeyCode::BackTab {
            self.shift = false;
        }
    }

    /// Reads `ctrl-p`, `G`, `enter`, `shift-tab`, `f5`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut key = Key {
            code: KeyCode::Null,
            ctrl: false,
            alt: false,
            shift: false,
        };
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (flag, len) = if lower.starts_with("ctrl-") {
                (&mut key.ctrl, 5)
            } else if lower.starts_with("alt-") {
                (&mut key.alt, 4)
            } else if lower.starts_with("shift-") {
                (&mut key.shift, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break; // "ctrl-" alone: let it fail below
            }
            *flag = true;
            rest = &rest[len..];
        }
        key.code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if key.shift => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            name if name.len() > 1 && name.starts_with('f') => match name[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(format!("`{text}` is not a key")),
            },
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c })
                    }
                    _ => return Err(format!("`{text}` is not a key")),
                }
            }
        };
        key.normalise();
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The keys of every mode.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: HashMap<(Mode, Key), Action>,
}

/// Why a keymap file was refused.
#[derive(Debug, thiserror::Error)]
#[error("keymap {file}: {message}")]
pub struct KeymapError {
    pub file: String,
    pub message: String,
}

impl Keymap {
    /// The built-in keymap with the user's file, if any, laid over it.
    pub fn load(user: Option<(&str, &str)>) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap {
            bindings: HashMap::new(),
        };
        keymap.apply(DEFAULT_KEYMAP, "built-in keymap")?;
        if let Some((text, file)) = user {
            keymap.apply(text, file)?;
        }
        Ok(keymap)
    }

    fn apply(&mut self, text: &str, file: &str) -> Result<(), KeymapError> {
        let error = |message: String| KeymapError {
            file: file.to_string(),
            message,
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        for (mode_name, keys) in table {
            let mode = Mode::ALL
                .into_iter()
                // `[note]` is what the form's table was called when only notes had one.
                .find(|m| m.name() == mode_name || (mode_name == "note" && *m == Mode::Form))
                .ok_or_else(|| {
                    error(format!(
                        "unknown mode [{mode_name}]; the modes are browse, input, form"
                    ))
                })?;
            let toml::Value::Table(keys) = keys else {
                return Err(error(format!("[{mode_name}] must be a table of keys")));
            };
            let mut seen: HashMap<Key, String> = HashMap::new();
            for (key_text, action) in keys {
                let key = Key::parse(&key_text).map_err(|e| error(format!("[{mode_name}] {e}")))?;
                if let Some(first) = seen.insert(key, key_text.clone()) {
                    return Err(error(format!(
                        "[{mode_name}] `{first}` and `{key_text}` are the same key, bound twice"
                    )));
                }
                let toml::Value::String(name) = action else {
                    return Err(error(format!(
                        "[{mode_name}] `{key_text}`: the action must be a name in quotes"
                    )));
                };
                if name == "none" {
                    self.bindings.remove(&(mode, key));
                    continue;
                }
                // An action renamed since keeps working under its old name.
                let renamed = match name.as_str() {
                    "cycle_readiness" => Some(Action::SetReadiness),
                    _ => None,
                };
                let action = Action::from_name(&name).or(renamed).ok_or_else(|| {
                    error(format!("[{mode_name}] `{key_text}`: unknown action `{name}`; `?` in crewdeck lists them"))
                })?;
                self.bindings.insert((mode, key), action);
            }
        }
        Ok(())
    }

    pub fn action(&self, mode: Mode, key: &Key) -> Option<Action> {
        self.bindings.get(&(mode, *key)).copied()
    }

    /// The keys bound to `action` in `mode`: single characters first, then by name.
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|((m, _), a)| *m == mode && **a == action)
            .map(|((_, k), _)| *k)
            .collect();
        keys.sort_by_key(|k| {
            let text = k.to_string();
            (text.chars().count() > 1, text)
        });
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(key("ctrl-p").to_string(), "ctrl-p");
        assert_eq!(key("G"), key("shift-g"));
        assert_eq!(key("shift-tab"), key("backtab"));
        assert_eq!(key("F5").code, KeyCode::F(5));
        assert_eq!(key("space").code, KeyCode::Char(' '));
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("banana").is_err());
    }

    #[test]
    fn an_event_with_shift_matches_the_uppercase_binding() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        let keymap = Keymap::load(None).unwrap();
        assert_eq!(
            keymap.action(Mode::Browse, &Key::from_event(&event)),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn the_built_in_keymap_binds_the_essentials() {
        let keymap = Keymap::load(None).unwrap();
        assert_eq!(keymap.action(Mode::Browse, &key("q")), Some(Action::Quit));
        assert_eq!(
            keymap.action(Mode::Browse, &key("ctrl-p")),
            Some(Action::Finder)
        );
        assert_eq!(
            keymap.action(Mode::Form, &key("tab")),
            Some(Action::NextField)
        );
        assert_eq!(
            keymap.action(Mode::Input, &key("q")),
            None,
            "q is typed in a list filter"
        );
    }

    #[test]
    fn a_user_file_overrides_and_unbinds() {
        let user = "[browse]\n\"ctrl-f\" = \"finder\"\nx = \"none\"\n";
        let keymap = Keymap::load(Some((user, "mine.toml"))).unwrap();
        assert_eq!(
            keymap.action(Mode::Browse, &key("ctrl-f")),
            Some(Action::Finder)
        );
        assert_eq!(keymap.action(Mode::Browse, &key("x")), None);
        assert_eq!(
            keymap.action(Mode::Browse, &key("ctrl-p")),
            Some(Action::Finder),
            "the rest stays"
        );
    }

    #[test]
    fn unknown_actions_modes_and_keys_bound_twice_are_refused_by_name() {
        let refused = |text: &str| {
            Keymap::load(Some((text, "mine.toml")))
                .unwrap_err()
                .to_string()
        };
        let message = refused("[browse]\nj = \"dwon\"\n");
        assert!(
            message.contains("mine.toml") && message.contains("`dwon`"),
            "{message}"
        );
        assert!(refused("[brows]\nj = \"down\"\n").contains("unknown mode [brows]"));
        let older = "[note]\n\"ctrl-w\" = \"save_note\"\n[browse]\nY = \"cycle_readiness\"\n";
        let keymap = Keymap::load(Some((older, "old.toml"))).unwrap();
        assert_eq!(
            keymap.action(Mode::Form, &key("ctrl-w")),
            Some(Action::SaveNote),
            "an older [note] table is the form's"
        );
        assert_eq!(
            keymap.action(Mode::Browse, &key("Y")),
            Some(Action::SetReadiness)
        );
        let message = refused("[browse]\nG = \"top\"\n\"shift-g\" = \"bottom\"\n");
        assert!(message.contains("bound twice"), "{message}");
        assert!(refused("[browse]\nbanana = \"down\"\n").contains("`banana` is not a key"));
    }
}
