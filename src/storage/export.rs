//! Files konto writes for other tools (exports, reports, copies): atomically, owner-only,
//! never over the book or konto's own files beside it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::{fs, io};

use crate::model::Book;

use super::codec::to_text;
use super::files::{
    commit, commit_new, folder_of, lock_path, resolve_link, special_kind, stage, stage_with,
    temporary_prefix,
};
use super::{SaveError, cache, location};

/// Writes an export (ICS, CSV, JSON, a report) atomically and readable by the user only.
/// Never over the book or konto's own files beside it, never over a folder, device or
/// FIFO, and over an existing file only with `force`.
pub fn write_export(
    path: &Path,
    text: &str,
    force: bool,
    book: &location::DataLocation,
) -> Result<(), SaveError> {
    write_export_with(path, force, book, &mut |out| out.write_all(text.as_bytes()))
}

/// [`write_export`] for an export written as it is made, never held whole in memory.
pub fn write_export_with(
    path: &Path,
    force: bool,
    book: &location::DataLocation,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    if is_own_file(path, book) {
        return Err(SaveError::OwnFile {
            path: path.to_path_buf(),
        });
    }
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(SaveError::Link {
            path: path.to_path_buf(),
            target: fs::read_link(path).unwrap_or_default(),
        }),
        Ok(meta) => {
            if let Some(what) = special_kind(&meta) {
                return Err(SaveError::NotAFile {
                    path: path.to_path_buf(),
                    what,
                });
            }
            refuse_system_place(path)?;
            if !force {
                return Err(SaveError::Exists {
                    path: path.to_path_buf(),
                });
            }
            let staged = stage_with(path, Some(0o600), write).map_err(io_err)?;
            commit(staged, path).map_err(io_err)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            refuse_system_place(path)?;
            let staged = stage_with(path, Some(0o600), write).map_err(io_err)?;
            commit_new(staged, path).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => SaveError::Exists {
                    path: path.to_path_buf(),
                },
                _ => io_err(e),
            })
        }
        Err(e) => Err(io_err(e)),
    }
}

/// Refuses a destination in a folder of the system's own devices and processes (`/dev`,
/// `/proc`, `/sys`), wherever a path or a link in it leads: replacing `/dev/stdout`
/// with a file, as root, breaks the machine.
pub(super) fn refuse_system_place(path: &Path) -> Result<(), SaveError> {
    let folder = fs::canonicalize(folder_of(path)).unwrap_or_else(|_| folder_of(path).into());
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    for system in ["/dev", "/proc", "/sys"] {
        if folder.starts_with(system) || full.starts_with(system) {
            return Err(SaveError::SystemFolder {
                path: path.to_path_buf(),
                system,
            });
        }
    }
    Ok(())
}

/// The book, its backup, its lock, its cache, or a temporary file of a save.
pub(super) fn is_own_file(path: &Path, book: &location::DataLocation) -> bool {
    let target = resolve_link(&book.path);
    let mut own = vec![
        target.clone(),
        location::backup_path(&target),
        lock_path(&target),
        book.path.clone(),
    ];
    if let Some(dir) = &book.cache_dir {
        own.push(cache::file_for(dir, &book.path));
    }
    let canonical = |p: &Path| -> Option<PathBuf> {
        fs::canonicalize(p).ok().or_else(|| {
            // Not there yet: its folder's real path and its name.
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
            Some(dir.join(p.file_name()?))
        })
    };
    let Some(wanted) = canonical(path) else {
        return false;
    };
    let temp_prefix = temporary_prefix(&target);
    let is_temp = wanted.parent() == canonical(&target).as_deref().and_then(Path::parent)
        && wanted
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&temp_prefix));
    is_temp || own.iter().any(|p| canonical(p).as_deref() == Some(&wanted))
}

/// Keeps a whole book beside the original, as `book.conflict-2026-11-27-theirs.ron`
/// (numbered if that exists): the side of a conflict the user did not keep.
pub fn write_copy(
    path: &Path,
    book: &Book,
    day: chrono::NaiveDate,
    label: &str,
) -> Result<PathBuf, SaveError> {
    let target = resolve_link(path);
    let stem = target
        .file_stem()
        .map_or_else(|| "book".to_string(), |s| s.to_string_lossy().into_owned());
    let name = |n: usize| {
        let number = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        target.with_file_name(format!("{stem}.conflict-{day}-{label}{number}.ron"))
    };
    let text = to_text(book)?;
    // A name that nothing (not even a dangling link) holds, created without replacing
    // whatever may appear there meanwhile: a planted link cannot redirect the copy.
    for copy in (0..1000).map(name) {
        if fs::symlink_metadata(&copy).is_ok() {
            continue;
        }
        let io_err = |source| SaveError::Io {
            path: copy.clone(),
            source,
        };
        let staged = stage(&copy, text.as_bytes(), None).map_err(io_err)?;
        match commit_new(staged, &copy) {
            Ok(()) => return Ok(copy),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_err(e)),
        }
    }
    Err(SaveError::Exists { path: name(1000) })
}
