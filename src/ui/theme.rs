//! Themes: named styles read from TOML files. The built-in themes live in `themes/` and are
//! embedded; a user theme in the config directory may inherit from one and change some styles.
//! With `NO_COLOR` set, every colour is dropped and only bold, reverse and the like remain, so the
//! selection and the severities stay visible.

use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;
use std::path::Path;

const BUILT_IN: [(&str, &str); 3] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// The names of the built-in themes.
pub fn built_in_names() -> Vec<&'static str> {
    BUILT_IN.iter().map(|(name, _)| *name).collect()
}

macro_rules! theme_styles {
    ($($field:ident),+ $(,)?) => {
        /// Every style the screens use.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            pub name: String,
            $(pub $field: Style,)+
        }

        const STYLE_NAMES: &[&str] = &[$(stringify!($field),)+];

        impl Theme {
            fn from_styles(name: &str, styles: &BTreeMap<String, Style>) -> Result<Theme, String> {
                Ok(Theme {
                    name: name.to_string(),
                    $($field: *styles
                        .get(stringify!($field))
                        .ok_or_else(|| format!("the style `{}` is missing", stringify!($field)))?,)+
                })
            }

            fn map_styles(&mut self, f: impl Fn(Style) -> Style) {
                $(self.$field = f(self.$field);)+
            }
        }
    };
}

theme_styles!(
    text,
    dim,
    title,
    border,
    border_focus,
    selected,
    tab,
    tab_active,
    key,
    highlight,
    info,
    watch,
    high,
    critical,
    good,
    warn,
    bad,
    status,
    error,
);

/// Why a theme could not be used; the message names the file and the style.
#[derive(Debug, thiserror::Error)]
#[error("theme {file}: {message}")]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

impl Theme {
    /// The theme called `name`: the user's file in `user_dir` if there is one, else a built-in.
    /// `no_color` drops every colour.
    pub fn load(name: &str, user_dir: &Path, no_color: bool) -> Result<Theme, ThemeError> {
        let mut theme = resolve(name, user_dir, 0)?;
        theme.name = name.to_string();
        if no_color {
            theme.map_styles(|s| Style {
                fg: None,
                bg: None,
                underline_color: None,
                ..s
            });
            // Without colour, the selection must still stand out.
            theme.selected = theme
                .selected
                .add_modifier(Modifier::REVERSED | Modifier::BOLD);
        }
        Ok(theme)
    }
}

fn resolve(name: &str, user_dir: &Path, depth: usize) -> Result<Theme, ThemeError> {
    let styles = styles_of(name, user_dir, depth)?;
    Theme::from_styles(name, &styles).map_err(|message| ThemeError {
        file: name.to_string(),
        message,
    })
}

/// The styles a theme file gives, laid over those of the theme it inherits.
fn styles_of(
    name: &str,
    user_dir: &Path,
    depth: usize,
) -> Result<BTreeMap<String, Style>, ThemeError> {
    let user_file = user_dir.join(format!("{name}.toml"));
    let (text, file) = match std::fs::read_to_string(&user_file) {
        Ok(text) => (text, user_file.display().to_string()),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(ThemeError {
                file: user_file.display().to_string(),
                message: e.to_string(),
            });
        }
        // Built-in names are read without regard to case: `--theme Light` is the light theme.
        Err(_) => match BUILT_IN.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((n, text)) => (text.to_string(), format!("built-in {n}")),
            None => {
                return Err(ThemeError {
                    file: user_file.display().to_string(),
                    message: format!(
                        "no such theme; the built-in ones are {}",
                        built_in_names().join(", ")
                    ),
                });
            }
        },
    };
    let error = |message: String| ThemeError {
        file: file.clone(),
        message,
    };
    let table: toml::Table = toml::from_str(&text).map_err(|e| error(e.to_string()))?;
    let mut styles = match table.get("inherits") {
        Some(toml::Value::String(parent)) if depth < 8 && parent != name => {
            styles_of(parent, user_dir, depth + 1)?
        }
        Some(toml::Value::String(parent)) => {
            return Err(error(format!(
                "`inherits = \"{parent}\"` goes round in a circle"
            )));
        }
        Some(_) => return Err(error("`inherits` must be a theme name in quotes".into())),
        None => BTreeMap::new(),
    };
    for key in table.keys() {
        if !["name", "inherits", "styles"].contains(&key.as_str()) {
            return Err(error(format!(
                "unknown key `{key}`; a theme has name, inherits and [styles]"
            )));
        }
    }
    if let Some(toml::Value::Table(given)) = table.get("styles") {
        for (key, value) in given {
            if !STYLE_NAMES.contains(&key.as_str()) {
                return Err(error(format!(
                    "unknown style `{key}`; the styles are {}",
                    STYLE_NAMES.join(", ")
                )));
            }
            let toml::Value::String(spec) = value else {
                return Err(error(format!(
                    "style `{key}` must be words in quotes, like \"red bold\""
                )));
            };
            let style = parse_style(spec).map_err(|e| error(format!("style `{key}`: {e}")))?;
            styles.insert(key.clone(), style);
        }
    }
    Ok(styles)
}

/// `red bold`, `black on yellow`, `reverse`.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::default();
    let mut words = spec.split_whitespace();
    while let Some(word) = words.next() {
        match word.to_lowercase().as_str() {
            "bold" => style = style.add_modifier(Modifier::BOLD),
            "dim" => style = style.add_modifier(Modifier::DIM),
            "italic" => style = style.add_modifier(Modifier::ITALIC),
            "underline" => style = style.add_modifier(Modifier::UNDERLINED),
            "reverse" => style = style.add_modifier(Modifier::REVERSED),
            "on" => {
                let colour = words.next().ok_or("`on` needs a colour after it")?;
                style = style.bg(parse_colour(colour)?);
            }
            other => style = style.fg(parse_colour(other)?),
        }
    }
    Ok(style)
}

fn parse_colour(word: &str) -> Result<Color, String> {
    Ok(match word.to_lowercase().as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "white" => Color::White,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        other => {
            return Err(format!(
                "`{other}` is not one of the 16 terminal colours or a style word"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nowhere() -> &'static Path {
        Path::new("/nonexistent/crewdeck/themes")
    }

    #[test]
    fn every_built_in_theme_loads() {
        for name in built_in_names() {
            let theme = Theme::load(name, nowhere(), false).unwrap();
            assert_eq!(theme.name, name);
        }
        let light = Theme::load("light", nowhere(), false).unwrap();
        assert_eq!(light.key.fg, Some(Color::Blue), "light overrides");
        assert_eq!(
            light.selected,
            Theme::load("default", nowhere(), false).unwrap().selected,
            "and inherits the rest"
        );
    }

    #[test]
    fn built_in_theme_names_are_read_without_regard_to_case() {
        let light = Theme::load("light", nowhere(), false).unwrap();
        for name in ["Light", "LIGHT"] {
            let theme = Theme::load(name, nowhere(), false).unwrap();
            assert_eq!(theme.key, light.key);
            assert_eq!(theme.selected, light.selected);
        }
        assert!(Theme::load("High-Contrast", nowhere(), false).is_ok());
    }

    #[test]
    fn no_color_keeps_only_modifiers_and_a_visible_selection() {
        let theme = Theme::load("default", nowhere(), true).unwrap();
        assert_eq!(theme.high.fg, None);
        assert!(theme.high.add_modifier.contains(Modifier::BOLD));
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn a_user_theme_inherits_and_bad_styles_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "inherits = \"light\"\n[styles]\nhigh = \"magenta on white\"\n",
        )
        .unwrap();
        let mine = Theme::load("mine", dir.path(), false).unwrap();
        assert_eq!(
            (mine.high.fg, mine.high.bg),
            (Some(Color::Magenta), Some(Color::White))
        );
        assert_eq!(mine.key.fg, Some(Color::Blue));

        std::fs::write(
            dir.path().join("bad.toml"),
            "inherits = \"default\"\n[styles]\nhigh = \"purple\"\n",
        )
        .unwrap();
        let message = Theme::load("bad", dir.path(), false)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("bad.toml")
                && message.contains("style `high`")
                && message.contains("`purple`"),
            "{message}"
        );

        std::fs::write(
            dir.path().join("typo.toml"),
            "inherits = \"default\"\n[styles]\nhgih = \"red\"\n",
        )
        .unwrap();
        assert!(
            Theme::load("typo", dir.path(), false)
                .unwrap_err()
                .to_string()
                .contains("unknown style `hgih`")
        );
        assert!(
            Theme::load("nope", dir.path(), false)
                .unwrap_err()
                .to_string()
                .contains("no such theme")
        );
    }
}
