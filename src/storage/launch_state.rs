//! Remembers, outside the book, on which day the reminder window was last shown for each
//! book, so the book's diffs stay clean. Lives in the user's state directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::model::serde_format::{format_date, parse_date};

pub const FILE_NAME: &str = "reminders.ron";

/// `$XDG_STATE_HOME/konto/reminders.ron` on Linux, the local data folder elsewhere.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "konto")?;
    let dir = dirs
        .state_dir()
        .map_or_else(|| dirs.data_local_dir().to_path_buf(), Path::to_path_buf);
    Some(dir.join(FILE_NAME))
}

fn key(book: &Path) -> String {
    fs::canonicalize(book)
        .unwrap_or_else(|_| book.to_path_buf())
        .display()
        .to_string()
}

fn read_all(state: &Path) -> BTreeMap<String, String> {
    // A missing or damaged state file only means the reminder shows again: never an error.
    read_state(state).unwrap_or_default()
}

/// The largest state file read: real ones are a few kilobytes.
const MAX_STATE_BYTES: u64 = 16 << 20;

/// A state file's value; `None` when it is missing, damaged, too large or no regular file
/// (a FIFO planted there must not hang the dashboard's start).
fn read_state<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    let bytes = super::read_capped(path, MAX_STATE_BYTES).ok()?;
    ron::from_str(std::str::from_utf8(&bytes).ok()?).ok()
}

/// The day the reminders were last shown for `book`.
pub fn last_shown(state: &Path, book: &Path) -> Option<NaiveDate> {
    read_all(state)
        .get(&key(book))
        .and_then(|text| parse_date(text).ok())
}

/// Records that the reminders for `book` were shown on `day`.
pub fn mark_shown(state: &Path, book: &Path, day: NaiveDate) -> std::io::Result<()> {
    let mut all = read_all(state);
    all.insert(key(book), format_date(day));
    write_state(state, &all)
}

/// How the dashboard was left: the portfolio's sort and the focused pane, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ViewState {
    pub sort: Option<String>,
    pub descending: Option<bool>,
    pub pane: Option<String>,
}

pub const VIEW_FILE_NAME: &str = "view.ron";

/// `view.ron` beside the reminder state file.
fn view_path(state: &Path) -> PathBuf {
    state.with_file_name(VIEW_FILE_NAME)
}

/// How the dashboard was left last time (defaults if never, or if the file is damaged).
pub fn last_view(state: &Path) -> ViewState {
    read_state(&view_path(state)).unwrap_or_default()
}

/// Remembers how the dashboard is left, for the next launch.
pub fn keep_view(state: &Path, view: &ViewState) -> std::io::Result<()> {
    write_state(&view_path(state), view)
}

/// Addresses capture met that are nobody's in the book, and those the user ignores for
/// good. Kept beside the other state, never in the book.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InboxState {
    /// Address → (meetings and messages it was in, at most; the client its domain is).
    #[serde(default)]
    pub unknown: BTreeMap<String, (usize, Option<String>)>,
    #[serde(default)]
    pub ignored: std::collections::BTreeSet<String>,
    /// Their names as the calendar or mail gave them, by address.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

pub const INBOX_FILE_NAME: &str = "inbox.ron";

fn inbox_path(state: &Path) -> PathBuf {
    state.with_file_name(INBOX_FILE_NAME)
}

/// The inbox as left (empty if never written, or damaged).
pub fn inbox(state: &Path) -> InboxState {
    read_state(&inbox_path(state)).unwrap_or_default()
}

/// Adds the unknown addresses of a capture run (a count never goes down: the same files
/// read again are the same items).
pub fn remember_unknown(
    state: &Path,
    unknown: impl IntoIterator<Item = (String, usize, Option<String>, Option<String>)>,
) -> std::io::Result<()> {
    let mut inbox = inbox(state);
    for (address, items, client, name) in unknown {
        if inbox.ignored.contains(&address) {
            continue;
        }
        if let Some(name) = name {
            inbox.names.insert(address.clone(), name);
        }
        let entry = inbox.unknown.entry(address).or_insert((0, None));
        entry.0 = entry.0.max(items);
        if client.is_some() {
            entry.1 = client;
        }
    }
    write_state(&inbox_path(state), &inbox)
}

/// Never lists `address` in the inbox again.
pub fn ignore_address(state: &Path, address: &str) -> std::io::Result<()> {
    let mut inbox = inbox(state);
    inbox.unknown.remove(address);
    inbox.ignored.insert(address.to_string());
    write_state(&inbox_path(state), &inbox)
}

/// Writes a state file whole or not at all.
fn write_state(path: &Path, value: &impl serde::Serialize) -> std::io::Result<()> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut temp = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(Path::new(".")))?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_day_per_book_and_survives_damage() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/reminders.ron");
        let book_a = dir.path().join("a.ron");
        let book_b = dir.path().join("b.ron");
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(last_shown(&state, &book_a), None);
        mark_shown(&state, &book_a, day).unwrap();
        assert_eq!(last_shown(&state, &book_a), Some(day));
        assert_eq!(last_shown(&state, &book_b), None);
        fs::write(&state, "not ron at all").unwrap();
        assert_eq!(last_shown(&state, &book_a), None);
        mark_shown(&state, &book_b, day).unwrap();
        assert_eq!(last_shown(&state, &book_b), Some(day));
    }

    #[test]
    fn remembers_how_the_dashboard_was_left() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/reminders.ron");
        assert_eq!(last_view(&state), ViewState::default());
        let view = ViewState {
            sort: Some("Value".into()),
            descending: Some(true),
            pane: Some("Priority".into()),
        };
        keep_view(&state, &view).unwrap();
        assert_eq!(last_view(&state), view);
        fs::write(dir.path().join("state/view.ron"), "garbage").unwrap();
        assert_eq!(last_view(&state), ViewState::default());
    }

    #[test]
    fn the_inbox_keeps_unknown_addresses_until_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/reminders.ron");
        let run = |items| {
            vec![
                (
                    "a@x.example".to_string(),
                    items,
                    Some("x".to_string()),
                    Some("Ann X".to_string()),
                ),
                ("b@y.example".to_string(), 1, None, None),
            ]
        };
        remember_unknown(&state, run(3)).unwrap();
        remember_unknown(&state, run(2)).unwrap();
        assert_eq!(
            inbox(&state).unknown["a@x.example"],
            (3, Some("x".to_string()))
        );
        assert_eq!(inbox(&state).names["a@x.example"], "Ann X");
        ignore_address(&state, "b@y.example").unwrap();
        remember_unknown(&state, run(3)).unwrap();
        let inbox = inbox(&state);
        assert!(inbox.ignored.contains("b@y.example"));
        assert_eq!(
            inbox.unknown.len(),
            1,
            "an ignored address does not come back"
        );
    }
}
