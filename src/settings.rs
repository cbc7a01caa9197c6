//! The preferences file, `<config dir>/konto/config.ron` beside (never inside) the book,
//! as every part of konto reads it: where it is, what it may hold, the settings the
//! commands use (import, sync, capture, working hours, when reminders open), and its
//! mistakes placed at a line and column. The dashboard reads its own settings (keys,
//! colours, first sort) from the same file in `ui::config`. A missing file means the
//! defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::RemindOnLaunch;

pub const FILE_NAME: &str = "config.ron";

/// `<config dir>/konto/config.ron`, e.g. `$XDG_CONFIG_HOME/konto/config.ron` on Linux.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "konto").map(|dirs| dirs.config_dir().join(FILE_NAME))
}

/// The file as written. Every field may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub remind_on_launch: Option<RemindOnLaunch>,
    #[serde(default)]
    pub default_sort: Option<String>,
    #[serde(default)]
    pub color: Option<bool>,
    #[serde(default)]
    pub colors: BTreeMap<String, String>,
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
    /// Calendars and mailboxes read when the dashboard opens (as `konto capture` reads).
    #[serde(default)]
    pub capture: Option<crate::capture::Sources>,
    /// The hours contacts are called in, their own time: `(9, 17)`.
    #[serde(default)]
    pub working_hours: Option<(u32, u32)>,
    /// The morning window lists first whom it is working hours for now.
    #[serde(default)]
    pub callable_first: Option<bool>,
    /// When the dashboard syncs the book with the other machines by itself.
    #[serde(default)]
    pub sync: Option<SyncSettings>,
    /// How `konto import` reads a CRM's exports.
    #[serde(default)]
    pub import: Option<ImportSettings>,
}

/// How `konto import` reads a CRM's exports: the org's own stage names as konto's
/// stages (`stages: {"Discovery": Qualified, "Verbal yes": Negotiation}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSettings {
    #[serde(default)]
    pub stages: BTreeMap<String, crate::model::Stage>,
}

/// When the dashboard syncs by itself (a book set up with `konto sync init`); `S` always
/// syncs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncSettings {
    /// When the dashboard opens.
    #[serde(default)]
    pub at_launch: bool,
    /// Every so many minutes while it is open.
    #[serde(default)]
    pub every_minutes: Option<u32>,
    /// When it closes, after the last save (the shell waits for it).
    #[serde(default)]
    pub at_quit: bool,
}

/// `~/Mail` → `/home/ae/Mail`: paths in the file are written as people write them.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

fn capture_sources(mut sources: crate::capture::Sources) -> Option<crate::capture::Sources> {
    for list in [
        &mut sources.ics,
        &mut sources.mbox,
        &mut sources.maildir,
        &mut sources.eml,
    ] {
        for path in list.iter_mut() {
            *path = expand_home(path);
        }
    }
    (!sources.is_empty()).then_some(sources)
}

/// A mistake in the file, at a line and column (both from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The settings the commands and the dashboard both read (the dashboard adds its keys,
/// colours and first sort: `ui::config::Settings`).
#[derive(Debug, Clone, Default)]
pub struct CommonSettings {
    /// `None`: the file does not say (the book's old setting, else daily, applies).
    pub remind_on_launch: Option<RemindOnLaunch>,
    /// What to capture at launch, `~` expanded (`None`: nothing).
    pub capture: Option<crate::capture::Sources>,
    pub calling: crate::rules::clock::Calling,
    pub sync: SyncSettings,
    pub import: ImportSettings,
}

/// The file's text at `path`; `None` when there is no file.
pub fn read_text(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(ConfigError {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("cannot read it: {error}"),
        }),
    }
}

/// The file as `text` writes it (read from `path`, named in errors).
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|error: ron::error::SpannedError| ConfigError {
            path: path.to_path_buf(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        })
}

/// A mistake about `needle`, placed where `text` first writes it at or after byte
/// `after` (outside comments).
pub fn error_at(
    text: &str,
    path: &Path,
    needle: &str,
    after: usize,
    message: String,
) -> ConfigError {
    let (line, column) = position_of(text, needle, after);
    ConfigError {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

/// The common settings `file` (whose text is `text`) gives, checked.
pub fn common_from(
    file: &ConfigFile,
    text: &str,
    path: &Path,
) -> Result<CommonSettings, ConfigError> {
    let mut settings = CommonSettings {
        remind_on_launch: file.remind_on_launch,
        capture: file.capture.clone().and_then(capture_sources),
        sync: file.sync.unwrap_or_default(),
        import: file.import.clone().unwrap_or_default(),
        ..CommonSettings::default()
    };
    settings.calling.callable_first = file.callable_first.unwrap_or(false);
    if settings.sync.every_minutes == Some(0) {
        return Err(error_at(
            text,
            path,
            "every_minutes",
            0,
            "sync every 0 minutes makes no sense: 1 or more, or leave it out".to_string(),
        ));
    }
    if let Some((from, to)) = file.working_hours {
        if from >= to || to > 24 {
            return Err(error_at(
                text,
                path,
                "working_hours",
                0,
                format!(
                    "working_hours ({from}, {to}) is not a span of the day: write the first hour and the hour after the last, e.g. (9, 17)"
                ),
            ));
        }
        settings.calling.hours = (from, to);
    }
    Ok(settings)
}

/// The common settings of the file at `path` (no file: the defaults).
pub fn load_common(path: &Path) -> Result<CommonSettings, ConfigError> {
    match read_text(path)? {
        Some(text) => common_from(&parse(&text, path)?, &text, path),
        None => Ok(CommonSettings::default()),
    }
}

pub(crate) fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// Byte index of `needle` in `text` at or after `after`, outside `//` comments (the
/// default file holds every setting commented out), else `after`.
pub(crate) fn position_index(text: &str, needle: &str, after: usize) -> usize {
    let Some(rest) = text.get(after..) else {
        return after;
    };
    rest.match_indices(needle)
        .map(|(i, _)| after + i)
        .find(|&at| {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            !text[line_start..at].contains("//")
        })
        .unwrap_or(after)
}

/// Line and column (from 1, in characters) of `needle` in `text` at or after byte `after`.
pub(crate) fn position_of(text: &str, needle: &str, after: usize) -> (usize, usize) {
    let index = position_index(text, needle, after);
    let before = &text[..index];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_settings_are_read_whatever_the_dashboard_makes_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert!(
            load_common(&path).unwrap().import.stages.is_empty(),
            "no file"
        );
        std::fs::write(
            &path,
            "(\n  import: (stages: {\"Verbal yes\": Negotiation}),\n  keys: {\"log_contact\": [\"no-such-key\"]},\n)",
        )
        .unwrap();
        let common = load_common(&path).unwrap();
        assert_eq!(
            common.import.stages.get("Verbal yes"),
            Some(&crate::model::Stage::Negotiation)
        );
        // A setting of the file's own is still checked, and placed.
        std::fs::write(&path, "(\n  sync: (every_minutes: 0),\n)").unwrap();
        let error = load_common(&path).unwrap_err();
        assert_eq!((error.line, error.column), (2, 10), "{error}");
        std::fs::write(&path, "(unknown_setting: 1)").unwrap();
        assert!(load_common(&path).is_err());
    }
}
