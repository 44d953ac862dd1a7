//! The windows that take the keys while open: help (filtered by typing), the fuzzy finder, the
//! `:` palette that runs any action by name, typing the roster filter, and a yes-or-no question.

use super::action::Action;
use super::keymap::{Key, Mode};
use super::{App, Effect, Overlay};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One line of the help screen.
pub struct HelpLine {
    pub mode: Mode,
    pub keys: String,
    pub action: Action,
}

impl App {
    pub(super) fn overlay_action(&mut self, action: Action) -> Vec<Effect> {
        if matches!(self.overlay, Some(Overlay::Confirm { .. })) {
            // Only `y` (typed, not bound) goes ahead; every bound key keeps things as they are.
            self.overlay = None;
            self.status = Some("Kept as it was".into());
            return Vec::new();
        }
        match action {
            Action::Back => {
                if matches!(self.overlay, Some(Overlay::Filter)) {
                    self.clear_filter();
                }
                self.overlay = None;
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                // A page is the rows the window shows (as `ui::overlay` sizes it).
                let page = self.page.saturating_sub(3).clamp(1, 20) as isize;
                let step: isize = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    _ => page,
                };
                self.overlay_move(step);
            }
            Action::Open => return self.overlay_open(),
            Action::Quit => return self.quit_asked(),
            _ => {}
        }
        Vec::new()
    }

    fn overlay_move(&mut self, step: isize) {
        let len = self.overlay_len();
        let clamp =
            |at: usize| (at as isize + step).clamp(0, len.saturating_sub(1) as isize) as usize;
        match &mut self.overlay {
            Some(Overlay::Help { selected, .. }) | Some(Overlay::Palette { selected, .. }) => {
                *selected = clamp(*selected)
            }
            Some(Overlay::Finder(finder)) => {
                finder.selected = clamp(finder.selected);
                finder.rank_through(finder.selected);
            }
            Some(Overlay::Filter) => {
                self.roster.move_by(step);
            }
            Some(Overlay::Confirm { .. }) | None => {}
        }
    }

    fn overlay_len(&self) -> usize {
        match &self.overlay {
            Some(Overlay::Help { filter, .. }) => self.help_lines(filter).len(),
            Some(Overlay::Palette { query, .. }) => self.palette(query).len(),
            Some(Overlay::Finder(finder)) => finder.hits.len(),
            Some(Overlay::Filter) | Some(Overlay::Confirm { .. }) | None => 0,
        }
    }

    fn overlay_open(&mut self) -> Vec<Effect> {
        match self.overlay.take() {
            Some(Overlay::Finder(finder)) if finder.pick => {
                let person = finder.selected_id().map(str::to_string);
                self.picked(person)
            }
            Some(Overlay::Finder(finder)) => {
                let person = finder.selected_id().map(str::to_string);
                self.go_to(person);
                Vec::new()
            }
            Some(Overlay::Palette { query, selected }) => {
                // Enter runs only what was typed for: with nothing typed, the first entry is
                // not a choice (it once was Quit, and `:` Enter ended the cockpit).
                if query.trim().trim_start_matches(':').is_empty() {
                    self.overlay = Some(Overlay::Palette { query, selected });
                    self.status = Some("Type an action's name first, then Enter runs it".into());
                    return Vec::new();
                }
                match self.palette(&query).get(selected) {
                    Some(Action::Quit) => self.quit_asked_from_palette(),
                    Some(action) => self.act(*action),
                    None => Vec::new(),
                }
            }
            Some(Overlay::Help { filter, selected }) => {
                // Enter on a help line runs it, as the palette would.
                let action = self.help_lines(&filter).get(selected).map(|l| l.action);
                match action {
                    Some(action) if action != Action::Help => self.act(action),
                    _ => Vec::new(),
                }
            }
            Some(Overlay::Filter) | Some(Overlay::Confirm { .. }) | None => Vec::new(),
        }
    }

    /// A key no binding took while an overlay is open: typing into its query.
    pub(super) fn overlay_key(&mut self, event: &KeyEvent) -> Vec<Effect> {
        if let Some(Overlay::Confirm { .. }) = &self.overlay {
            let Some(Overlay::Confirm { then, .. }) = self.overlay.take() else {
                return Vec::new();
            };
            if matches!(event.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                return self.confirmed(then);
            }
            self.status = Some("Kept as it was".into());
            return Vec::new();
        }
        match event.code {
            KeyCode::Char('u') if event.modifiers.contains(KeyModifiers::CONTROL) => {
                self.edit_query(String::clear); // ctrl-u clears the line, as in a prompt
            }
            KeyCode::Char(c)
                if !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.overlay_char(c)
            }
            KeyCode::Backspace => self.overlay_backspace(),
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn overlay_char(&mut self, c: char) {
        self.edit_query(|q| q.push(c));
    }

    pub(super) fn overlay_paste(&mut self, text: &str) {
        self.edit_query(|q| q.push_str(text));
    }

    fn overlay_backspace(&mut self) {
        self.edit_query(super::editor::pop_cluster);
    }

    fn edit_query(&mut self, edit: impl FnOnce(&mut String)) {
        if self.loading && self.derived.search.is_empty() {
            // The roster holds everything the finder and the filter match on: worked out on
            // first use rather than before the first frame.
            self.derived.search = super::derived::search_keys(&self.org, &self.derived);
        }
        match &mut self.overlay {
            Some(Overlay::Help { filter, selected }) => {
                edit(filter);
                *selected = 0;
            }
            Some(Overlay::Palette { query, selected }) => {
                edit(query);
                *selected = 0;
            }
            Some(Overlay::Finder(finder)) => {
                edit(&mut finder.query);
                self.search_finder();
            }
            Some(Overlay::Filter) => {
                edit(&mut self.roster.filter);
                self.rebuild_roster();
            }
            Some(Overlay::Confirm { .. }) | None => {}
        }
    }

    /// The open finder's hits for its query; with nothing typed, everyone, the people most in
    /// need of attention first.
    pub(super) fn search_finder(&mut self) {
        if self.loading && self.derived.search.is_empty() {
            self.derived.search = super::derived::search_keys(&self.org, &self.derived);
        }
        let derived = &self.derived;
        // While presenting nobody comes first by urgency, which weighs the leaving stage.
        let presenting = self.presenting;
        let urgency = |id: &str| {
            if presenting {
                0
            } else {
                derived.urgency_of(id)
            }
        };
        if let Some(Overlay::Finder(finder)) = &mut self.overlay {
            finder.search_or_list(&derived.search, &urgency);
        }
    }

    /// Every binding, one line per action and mode, matching `filter` in its keys, its name or
    /// its description.
    pub fn help_lines(&self, filter: &str) -> Vec<HelpLine> {
        let filter = filter.trim().to_lowercase();
        let mut lines = Vec::new();
        for mode in Mode::ALL {
            for action in Action::ALL {
                let keys: Vec<String> = self
                    .keymap
                    .keys_for(mode, *action)
                    .iter()
                    .map(Key::to_string)
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                let keys = keys.join(" ");
                // A viewer is not offered what they may not do, here as in the hint bar, nor the
                // keys of a form, which never opens for them.
                if self.read_only.is_some() && (action.writes() || mode == Mode::Form) {
                    continue;
                }
                let text = format!("{keys} {} {} {}", action.name(), action.help(), mode.name())
                    .to_lowercase();
                if filter.is_empty() || filter.split_whitespace().all(|word| text.contains(word)) {
                    lines.push(HelpLine {
                        mode,
                        keys,
                        action: *action,
                    });
                }
            }
        }
        lines
    }

    /// The palette's actions for `query` ([`palette_matches`]), without those that write for a
    /// user who may change nothing.
    pub fn palette(&self, query: &str) -> Vec<Action> {
        let mut actions = palette_matches(query);
        if self.read_only.is_some() {
            actions.retain(|action| !action.writes());
        }
        actions
    }
}

/// The actions whose name or description contains every word of `query`.
pub fn palette_matches(query: &str) -> Vec<Action> {
    let query = query.trim().trim_start_matches(':').to_lowercase();
    if query == "find" {
        return vec![Action::Finder];
    }
    Action::ALL
        .iter()
        .copied()
        .filter(|a| {
            let text = format!("{} {}", a.name(), a.help()).to_lowercase();
            query.split_whitespace().all(|w| text.contains(w))
        })
        .collect()
}
