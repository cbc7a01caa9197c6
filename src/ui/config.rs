//! The dashboard's own preferences in `config.ron` (keys, colours, the portfolio's first
//! sort) over the settings every part of konto reads from it ([`crate::settings`]), and
//! the commented default file `konto config default` prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::settings::{self, CommonSettings, ConfigError, position_index, quoted};
use crate::ui::derived::SortColumn;
use crate::ui::keymap::{Context, KeyMap, Rebind, keys_config_text};
use crate::ui::theme::{Palette, Theme};

/// The preferences in force: the file's, over the defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    pub common: CommonSettings,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub default_sort: Option<SortColumn>,
}

impl Settings {
    pub fn defaults(theme: Theme) -> Settings {
        Settings {
            common: CommonSettings::default(),
            keymap: KeyMap::default(),
            theme,
            default_sort: None,
        }
    }
}

/// Reads the preferences at `path` over `theme` (which already says whether colour is
/// allowed, from `NO_COLOR`). No file: the defaults.
pub fn load(path: &Path, theme: Theme) -> Result<Settings, ConfigError> {
    match settings::read_text(path)? {
        Some(text) => settings_from(&text, path, theme),
        None => Ok(Settings::defaults(theme)),
    }
}

/// Whether the file at `path` reads as the dashboard reads it: its first mistake.
pub fn check(path: &Path) -> Result<(), ConfigError> {
    load(path, Theme::plain()).map(|_| ())
}

/// The preferences written in `text` (from the file at `path`, named in errors).
pub fn settings_from(text: &str, path: &Path, theme: Theme) -> Result<Settings, ConfigError> {
    let file = settings::parse(text, path)?;
    let at = |needle: &str, after: usize, message: String| {
        settings::error_at(text, path, needle, after, message)
    };
    let mut settings = Settings {
        common: settings::common_from(&file, text, path)?,
        ..Settings::defaults(theme)
    };
    if let Some(sort) = &file.default_sort {
        settings.default_sort = Some(sort_column(sort).ok_or_else(|| {
            at(
                &quoted(sort),
                0,
                format!(
                    "no column is called {sort:?}; the portfolio sorts by {}",
                    sort_names()
                ),
            )
        })?);
    }
    if file.color == Some(false) {
        settings.theme.color = false;
    }
    apply_colors(&file.colors, &mut settings.theme.palette, &at)?;
    apply_keys(&file.keys, &mut settings.keymap, text, &at)?;
    Ok(settings)
}

fn apply_colors(
    colors: &BTreeMap<String, String>,
    palette: &mut Palette,
    at: &impl Fn(&str, usize, String) -> ConfigError,
) -> Result<(), ConfigError> {
    for (name, value) in colors {
        let Some(slot) = palette.slot(name) else {
            return Err(at(
                &quoted(name),
                0,
                format!(
                    "no colour is called {name:?}; the colours are {}",
                    Palette::NAMES.join(", ")
                ),
            ));
        };
        *slot = value.parse().map_err(|_| {
            at(
                &quoted(value),
                0,
                format!(
                    "{value:?} is not a colour: write a name (\"red\", \"light-blue\"), a number 0-255 or \"#rrggbb\""
                ),
            )
        })?;
    }
    Ok(())
}

fn apply_keys(
    keys: &BTreeMap<String, Vec<String>>,
    keymap: &mut KeyMap,
    text: &str,
    at: &impl Fn(&str, usize, String) -> ConfigError,
) -> Result<(), ConfigError> {
    // A name for every place first, so a name for one place is not undone by it.
    let (everywhere, one_place): (Vec<_>, Vec<_>) =
        keys.iter().partition(|(n, _)| !n.contains('.'));
    for (name, presses) in everywhere.into_iter().chain(one_place) {
        if let Err(why) = keymap.rebind(name, presses) {
            let after = position_index(text, &quoted(name), 0);
            let needle = match &why {
                Rebind::UnknownKey(key) => quoted(key),
                _ => quoted(name),
            };
            return Err(at(&needle, after, why.to_string()));
        }
    }
    if let Some(clash) = keymap.clash() {
        let Rebind::Clash { key, .. } = &clash else {
            return Ok(());
        };
        // Point at the key where the file wrote it (not a default it collides with).
        let keys_at = position_index(text, "keys", 0);
        return Err(at(&quoted(key), keys_at, clash.to_string()));
    }
    Ok(())
}

fn sort_column(name: &str) -> Option<SortColumn> {
    use strum::IntoEnumIterator;
    let wanted = name.trim().to_lowercase().replace([' ', '-'], "_");
    SortColumn::iter().find(|column| {
        let title = column.title().to_lowercase();
        let alias = match column {
            SortColumn::Name => "name",
            SortColumn::LastContact => "last_contact",
            SortColumn::NextCheckin => "next_checkin",
            _ => "",
        };
        wanted == title || wanted == alias
    })
}

fn sort_names() -> String {
    use strum::IntoEnumIterator;
    SortColumn::iter()
        .map(|c| format!("{:?}", c.title().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `light-blue` for `LightBlue`: a colour as the file writes it.
fn color_text(color: ratatui::style::Color) -> String {
    let mut text = String::new();
    for (i, c) in color.to_string().chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            text.push('-');
        }
        text.push(c.to_ascii_lowercase());
    }
    text
}

/// The file `konto config default` prints: every setting with its default value, each
/// commented out (`commented: false` writes them live, for the test that reads it back).
pub fn default_file(commented: bool) -> String {
    let off = if commented { "// " } else { "" };
    let mut out = String::new();
    out.push_str(
        "// konto's preferences (the book is elsewhere: `konto path`). Every setting below is\n\
         // konto's default, commented out: uncomment a line and change it to make it yours.\n\
         (\n",
    );
    out.push_str(
        "    // When the morning reminder window opens by itself: Daily (the first launch of\n    \
         // the day), Always, or Never. `konto --no-reminders` skips it once.\n",
    );
    let _ = writeln!(out, "    {off}remind_on_launch: Daily,\n");
    out.push_str(
        "    // The hours contacts are called in, in their own time zone (shown beside their\n    \
         // names), and whether the morning window lists first whom it is working hours\n    \
         // for now.\n",
    );
    let _ = writeln!(out, "    {off}working_hours: (9, 17),");
    let _ = writeln!(out, "    {off}callable_first: false,\n");
    let _ = writeln!(
        out,
        "    // The portfolio's sort until you pick one with `o` (konto then remembers yours):\n    \
         // {}.\n    {off}default_sort: \"client\",\n",
        sort_names()
    );
    let _ = writeln!(
        out,
        "    // false: no colour at all, as NO_COLOR=1 does (weight and symbols still show).\n    \
         {off}color: true,\n"
    );
    out.push_str(
        "    // Colours by name (\"red\", \"light-blue\", \"dark-gray\"), number (0-255) or \"#rrggbb\".\n",
    );
    let _ = writeln!(out, "    {off}colors: {{");
    let mut palette = Palette::default();
    for name in Palette::NAMES {
        if let Some(color) = palette.slot(name) {
            let _ = writeln!(out, "    {off}    {name:?}: {:?},", color_text(*color));
        }
    }
    let _ = writeln!(out, "    {off}}},\n");
    write_keys(&mut out, off);
    out.push_str(
        "\n    // Calendars and mailboxes to capture from when the dashboard opens, in the\n    \
         // background (as `konto capture` does): meetings and mail with your clients are\n    \
         // logged, and unknown addresses wait in the inbox (`i`). `~` is your home folder.\n",
    );
    let _ = writeln!(
        out,
        "    // capture: (\n    //     ics: [\"~/Calendars/work.ics\"],\n    //     maildir: [\"~/Mail/work/INBOX\"],\n    //     mbox: [],\n    //     me: [\"you@yourcompany.example\"],\n    // ),"
    );
    out.push_str(
        "\n    // For a book set up with `konto sync init`: sync by itself when the dashboard\n    \
         // opens, every so many minutes, and when it closes (`S` syncs any time).\n",
    );
    let _ = writeln!(
        out,
        "    // sync: (at_launch: true, every_minutes: 15, at_quit: true),"
    );
    out.push_str(
        "\n    // `konto import csv`: your CRM's own stage names, read as konto's stages (Lead,\n    \
         // Qualified, Proposal, Negotiation, Won, Lost). Salesforce's, HubSpot's and\n    \
         // Pipedrive's default stages are known already.\n",
    );
    let _ = writeln!(
        out,
        "    // import: (stages: {{\"Discovery\": Qualified, \"Verbal yes\": Negotiation}}),"
    );
    out.push_str(")\n");
    out
}

fn write_keys(out: &mut String, off: &str) {
    use strum::IntoEnumIterator;
    out.push_str(
        "    // Keys. \"place.action\": [keys] rebinds the action in that place only; the action's\n    \
         // name alone (\"log_contact\") rebinds it in every place. A key: \"x\", \"X\", \"?\",\n    \
         // \"ctrl-p\", \"alt-x\", \"enter\", \"esc\", \"tab\", \"shift-tab\", \"backspace\", \"space\",\n    \
         // \"up\", \"down\", \"left\", \"right\", \"pgup\", \"pgdn\", \"home\", \"end\", \"del\", \"f1\"…\"f24\".\n",
    );
    let _ = writeln!(out, "    {off}keys: {{");
    let keymap = KeyMap::default();
    for context in Context::iter() {
        let mut bindings = keymap.bindings_in(context).peekable();
        if bindings.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "    {off}    // {}", context.title());
        for bound in bindings {
            let keys = keys_config_text(&bound.keys)
                .iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            let entry = format!("{:?}: [{keys}],", bound.config_name());
            let _ = writeln!(out, "    {off}    {entry:<44} // {}", bound.help());
        }
    }
    let _ = writeln!(out, "    {off}}},");
}

#[cfg(test)]
mod tests {

    #[test]
    fn working_hours_and_the_callable_first_order_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, "(working_hours: (8, 16), callable_first: true)").unwrap();
        let settings = load(&path, Theme::plain()).unwrap();
        assert_eq!(settings.common.calling.hours, (8, 16));
        assert!(settings.common.calling.callable_first);
        std::fs::write(&path, "(\n  working_hours: (17, 9),\n)").unwrap();
        let error = load(&path, Theme::plain()).unwrap_err().to_string();
        assert!(error.contains("is not a span of the day"), "{error}");
        assert!(error.contains(":2:"), "placed at its line: {error}");
    }

    use super::*;
    use crate::model::RemindOnLaunch;
    use crate::ui::Action;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn read(text: &str) -> Result<Settings, ConfigError> {
        settings_from(text, Path::new("config.ron"), Theme::from_env(None))
    }

    #[test]
    fn the_default_file_reads_as_the_defaults_commented_or_not() {
        for commented in [true, false] {
            let settings = read(&default_file(commented))
                .unwrap_or_else(|e| panic!("default file (commented: {commented}): {e}"));
            let defaults = KeyMap::default();
            for (ours, default) in settings.keymap.all().iter().zip(defaults.all()) {
                // The same keys, give or take the Shift twin a symbol is read with.
                let shiftless = |keys: &[crate::ui::keymap::KeyPress]| {
                    let mut keys: Vec<_> = keys.iter().map(|(code, _)| *code).collect();
                    keys.dedup();
                    keys
                };
                assert_eq!(
                    shiftless(&ours.keys),
                    shiftless(&default.keys),
                    "{}",
                    ours.config_name()
                );
                for key in &default.keys {
                    assert!(ours.keys.contains(key), "{}", ours.config_name());
                }
            }
            assert_eq!(settings.theme, Theme::from_env(None));
        }
        let live = read(&default_file(false)).unwrap();
        assert_eq!(live.common.remind_on_launch, Some(RemindOnLaunch::Daily));
        assert_eq!(live.default_sort, Some(SortColumn::Name));
    }

    #[test]
    fn a_missing_file_is_the_defaults() {
        let settings = load(Path::new("/nonexistent/konto/config.ron"), Theme::plain()).unwrap();
        assert_eq!(settings.common.remind_on_launch, None);
        assert_eq!(settings.theme, Theme::plain());
    }

    #[test]
    fn settings_take_effect() {
        let text = "(\n  remind_on_launch: Never,\n  default_sort: \"Value\",\n  color: false,\n  colors: { \"overdue\": \"#ff8800\" },\n  keys: { \"log_contact\": [\"C\"], \"global.go_to_client\": [\"ctrl-p\", \"g\"] },\n)";
        let settings = read(text).unwrap();
        assert_eq!(
            settings.common.remind_on_launch,
            Some(RemindOnLaunch::Never)
        );
        assert_eq!(settings.default_sort, Some(SortColumn::Value));
        assert!(!settings.theme.color);
        assert_eq!(
            settings.theme.palette.overdue,
            ratatui::style::Color::Rgb(0xff, 0x88, 0)
        );
        let c = KeyEvent::new(KeyCode::Char('C'), KeyModifiers::SHIFT);
        assert_eq!(
            settings.keymap.lookup(&[Context::Edit], c),
            Some(Action::LogContact)
        );
        let g = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE);
        assert_eq!(
            settings.keymap.lookup(&[Context::Global], g),
            Some(Action::OpenFinder)
        );
    }

    fn error(text: &str) -> (usize, usize, String) {
        let e = read(text).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn mistakes_are_reported_where_they_are() {
        let (line, column, message) = error(
            "(\n  keys: {\n    \"log_contact\": [\"c\"],\n    \"log_contcat\": [\"c\"],\n  },\n)",
        );
        assert_eq!((line, column), (4, 5), "{message}");
        assert!(message.contains("\"log_contcat\""), "{message}");

        let (line, column, message) =
            error("(\n  keys: {\n    \"quit\": [\"q\", \"hyper-q\"],\n  },\n)");
        assert_eq!((line, column), (3, 19), "{message}");
        assert!(message.contains("not a key"), "{message}");

        let (line, column, message) = error(
            "(\n  // \"notes\": [\"n\"], \"c\" logs a contact\n  keys: { \"notes\": [\"c\"] },\n)",
        );
        assert_eq!((line, column), (3, 21), "{message}");
        let (line, column, message) = error("(\n  keys: { \"notes\": [\"c\"] },\n)");
        assert_eq!((line, column), (2, 21), "{message}");
        assert!(
            message.contains("log_contact") && message.contains("notes"),
            "{message}"
        );

        let (line, column, message) = error("(\n  colors: { \"overdeu\": \"red\" },\n)");
        assert_eq!((line, column), (2, 13), "{message}");
        assert!(message.contains("due_today"), "{message}");

        let (line, _, message) = error("(\n  colors: { \"overdue\": \"redish\" },\n)");
        assert_eq!(line, 2);
        assert!(message.contains("\"redish\" is not a colour"), "{message}");

        let (line, _, message) = error("(\n  default_sort: \"size\",\n)");
        assert_eq!(line, 2);
        assert!(message.contains("\"pipeline\""), "{message}");

        let (line, column, message) = error("(\n  remind_on_lunch: Never,\n)");
        assert_eq!(line, 2, "{column} {message}");
        assert!(message.contains("remind_on_lunch"), "{message}");

        let (line, _, message) = error("(\n  remind_on_launch: Sometimes,\n)");
        assert_eq!(line, 2, "{message}");
    }

    #[test]
    fn the_error_names_the_file_line_and_column() {
        let e = settings_from(
            "(colour: true)",
            Path::new("/home/ae/.config/konto/config.ron"),
            Theme::plain(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/home/ae/.config/konto/config.ron:1:"),
            "{e}"
        );
    }
}
