//! The files capture reads, opened here: calendars whole (they are small), mailboxes
//! one message header at a time.

use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::{Found, Me, Window, calendar, mail};
use crate::storage::{open_regular, read_capped};

/// The largest calendar file read: a calendar is read whole, and years of a busy one
/// export to a few megabytes.
const MAX_CALENDAR_BYTES: u64 = 256 << 20;

/// Where to read from: on the command line, or in `config.ron`'s `capture`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    #[serde(default)]
    pub ics: Vec<PathBuf>,
    #[serde(default)]
    pub mbox: Vec<PathBuf>,
    #[serde(default)]
    pub maildir: Vec<PathBuf>,
    #[serde(default)]
    pub eml: Vec<PathBuf>,
    /// The user's own addresses (else the book's `owner_email`).
    #[serde(default)]
    pub me: Vec<String>,
}

impl Sources {
    /// Nothing to read.
    pub fn is_empty(&self) -> bool {
        self.ics.is_empty()
            && self.mbox.is_empty()
            && self.maildir.is_empty()
            && self.eml.is_empty()
    }

    /// Reads every source into one [`Found`]; a file that cannot be read stops the run
    /// (nothing is logged from a half-read set), a bad item in a file is only skipped.
    pub fn read(&self, me: &Me, window: Window) -> Result<Found, String> {
        read_sources(self, me, window)
    }
}

fn read_sources(args: &Sources, me: &Me, window: Window) -> Result<Found, String> {
    let mut found = Found::default();
    let cannot = |path: &Path, e: std::io::Error| format!("cannot read {}: {e}", path.display());
    for path in &args.ics {
        let bytes = read_capped(path, MAX_CALENDAR_BYTES).map_err(|e| cannot(path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        calendar::read(&text, &path.display().to_string(), me, window, &mut found);
    }
    for path in &args.mbox {
        let file = open_regular(path).map_err(|e| cannot(path, e))?;
        for message in mail::Mbox::new(BufReader::with_capacity(1 << 16, file)) {
            let (line, header) = message.map_err(|e| cannot(path, e))?;
            let origin = format!("{}:{line}", path.display());
            mail::read_message(&header, &origin, me, window, &mut found);
        }
    }
    for dir in &args.maildir {
        for path in maildir_messages(dir)? {
            read_file(&path, me, window, &mut found)?;
        }
    }
    for path in &args.eml {
        read_file(path, me, window, &mut found)?;
    }
    Ok(found)
}

fn read_file(path: &Path, me: &Me, window: Window, found: &mut Found) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = open_regular(path).map_err(cannot)?;
    let header = mail::header_of(BufReader::new(file)).map_err(cannot)?;
    mail::read_message(&header, &path.display().to_string(), me, window, found);
    Ok(())
}

/// The message files of a Maildir (`cur/` and `new/`), in name order.
fn maildir_messages(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files = Vec::new();
    let mut any = false;
    for sub in ["cur", "new"] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        any = true;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                files.push(entry.path());
            }
        }
    }
    if !any {
        return Err(format!(
            "{} is not a Maildir (it has no cur/ or new/ folder)",
            dir.display()
        ));
    }
    files.sort();
    Ok(files)
}
