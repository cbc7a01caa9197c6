//! The only module that touches the book file: load, validate, save atomically.
//!
//! Every other module receives a [`Book`] and returns results. Here: loading (through the
//! verified cache), saving and the transactions that read, change and write the book
//! under its lock. By job beside it: `codec` (the book as text), `files` (the atomic file
//! primitives every writer shares: staging, fsync, rename, the lock, the backup),
//! `export` (files for other tools), `splice` and `comments` (edits that keep the rest of
//! the text), `client_edit` (a change of one client, read alone and saved from the file
//! itself), `cache`, `validate`, `location`.

pub mod cache;
mod client_edit;
mod codec;
mod comments;
mod export;
mod files;
pub mod launch_state;
mod lexer;
mod load;
pub mod location;
mod problem;
mod splice;
pub mod validate;

use std::borrow::Cow;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use crate::model::{Book, CURRENT_VERSION};

pub use client_edit::{Reads, update_client};
#[cfg(feature = "test-support")]
pub use codec::parse_file_in_pieces;
use codec::{dialect_of, to_text_of};
pub use codec::{parse, to_text};
pub use export::{write_copy, write_export, write_export_with};
pub(crate) use files::fault_point;
pub use files::{FileStamp, file_stamp, open_regular, read_capped};
use files::{
    Identity, OldText, commit, commit_keeping_backup, create_private_dir, existing_mode, folder_of,
    identity, lock_beside, refuse_unwritable, resolve_link, stage_with, stale_temporaries,
};
use load::fingerprint_file;
pub use load::{Preview, keep_preview, load, load_from, load_part, load_preview, read_text};
pub use problem::Problem;
pub use validate::{Warning, validate};

/// The bundled sample book, offered on first run.
pub const SAMPLE_TEXT: &str = include_str!("../../assets/sample.ron");

/// [`SAMPLE_TEXT`] read as a book.
#[expect(
    clippy::expect_used,
    reason = "the sample ships inside the binary and the tests load it: only a bug breaks it"
)]
pub fn sample_book() -> Book {
    parse(SAMPLE_TEXT)
        .map(|(book, _)| book)
        .expect("the bundled sample book is valid")
}

/// Plain words for the I/O errors people actually meet.
fn io_words(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_string(),
        io::ErrorKind::StorageFull => "the disk is full".to_string(),
        io::ErrorKind::FileTooLarge => "the file is larger than this system allows".to_string(),
        io::ErrorKind::InvalidData => "the file is not text (not valid UTF-8)".to_string(),
        _ => error.to_string(),
    }
}

/// What the file looked like when it was read: its length and a 128-bit hash of its bytes
/// (xxh3, fast enough to check a large book on every load). Notices changes made by
/// someone else, and keys the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint {
    len: u64,
    hash: u128,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint {
            len: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// A book read from disk, with what it takes to save it back safely.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub book: Book,
    pub fingerprint: Fingerprint,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("no book at {}", .path.display())]
    Missing { path: PathBuf },
    #[error("{} is a folder, not a book file", .path.display())]
    IsDirectory { path: PathBuf },
    #[error("cannot read {}: {}", .path.display(), io_words(.source))]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{}: {problem}", .path.display())]
    Invalid { path: PathBuf, problem: Problem },
    #[error("{} is {what}, not a book file", .path.display())]
    NotAFile { path: PathBuf, what: &'static str },
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not save {}: {}", .path.display(), io_words(.source))]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{} was changed by someone else since konto read it; not overwriting it",
        .path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("could not write the book as text: {0}")]
    Serialize(String),
    /// A change left the book breaking its own rules: writing it would make a file konto
    /// could not open again, so it is not written.
    #[error("not saved, the book would not load again: {0}")]
    Invalid(String),
    #[error(
        "{} is read-only; nothing was changed (make it writable, e.g. `chmod u+w`, to let konto save)",
        .path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error("{} is {what}; konto only writes regular files", .path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{} already exists; add --force to replace it", .path.display())]
    Exists { path: PathBuf },
    #[error("{} is the book or one of konto's own files beside it; write somewhere else", .path.display())]
    OwnFile { path: PathBuf },
    #[error(
        "{} is a symbolic link to {}; konto does not write through links: give the real path",
        .path.display(),
        .target.display()
    )]
    Link { path: PathBuf, target: PathBuf },
    #[error("{} is in {system}, the system's own; konto writes only regular files of yours", .path.display())]
    SystemFolder { path: PathBuf, system: &'static str },
}

/// Writes the book atomically, keeping the previous file as `<name>.bak`.
///
/// With `expected`, refuses to overwrite a file that changed since it was read.
/// A symlinked book keeps its link: the target is written.
pub fn save(
    path: &Path,
    book: &Book,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, SaveError> {
    let precondition = match expected {
        Some(fingerprint) => Precondition::Unchanged(fingerprint),
        None => Precondition::None,
    };
    write_book(path, book, precondition, None)
}

/// Writes `book`, an edit of `base`: the book as it was read from, or last written to,
/// the file whose fingerprint is `expected`. Only the clients that differ are written;
/// the rest of the file is copied as it stands (see `splice`), or, when the change is of
/// another kind, the whole book is written as [`save`] does. Refuses, as `save` does, a
/// file that changed since.
pub fn save_edit(
    path: &Path,
    book: &Book,
    base: &Book,
    expected: Fingerprint,
) -> Result<Fingerprint, SaveError> {
    write_book(
        path,
        book,
        Precondition::Unchanged(expected),
        Some(Base::Book(base)),
    )
}

/// [`save_edit`] of the book at `location`, with the cache kept in step: its copy patched
/// for the clients the edit replaced ([`remember_edit`]), and where the clients now are
/// when the save knows, so that the next one-client edit reads its client alone.
pub fn save_edit_remembered(
    location: &location::DataLocation,
    book: &Book,
    base: &Book,
    expected: Fingerprint,
) -> Result<Fingerprint, SaveError> {
    let saved = under_lock(&location.path, |target| {
        write_locked(
            target,
            book,
            Precondition::Unchanged(expected),
            Some(Base::Book(base)),
        )
    })?;
    remember_saved(location, (base, expected), book, &saved);
    Ok(saved.fingerprint)
}

/// Writes a new book, refusing if a file appeared at `path` in the meantime.
pub fn create(path: &Path, book: &Book) -> Result<Fingerprint, SaveError> {
    write_book(path, book, Precondition::Absent, None)
}

/// The ids of the clients whose text differs between two texts of a book (added,
/// changed or removed), found by scanning the texts, not parsing them; `None` when either
/// text's client list cannot be found.
pub fn changed_client_ids(old: &str, new: &str) -> Option<Vec<String>> {
    let (before, after) = (lexer::client_spans(old)?, lexer::client_spans(new)?);
    let old_by_id: std::collections::HashMap<&str, &str> = before
        .iter()
        .map(|(id, span)| (id.as_str(), &old[span.clone()]))
        .collect();
    let now: std::collections::HashSet<&str> = after.iter().map(|(id, _)| id.as_str()).collect();
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(id, span)| old_by_id.get(id.as_str()) != Some(&&new[span.clone()]))
        .map(|(id, _)| id.clone())
        .collect();
    changed.extend(
        before
            .iter()
            .filter(|(id, _)| !now.contains(id.as_str()))
            .map(|(id, _)| id.clone()),
    );
    Some(changed)
}

/// The book's text, if it is still the one with `fingerprint` (a save's): read, not
/// parsed again.
pub fn text_if_still(path: &Path, fingerprint: Fingerprint) -> Option<String> {
    let bytes = read_capped(&resolve_link(path), u64::MAX).ok()?;
    (Fingerprint::of(&bytes) == fingerprint)
        .then(|| String::from_utf8(bytes).ok())
        .flatten()
}

/// Whether `book` may be saved: every rule a loaded book must meet (ids unique, links
/// that resolve, …), or what breaks one.
pub fn check(book: &Book) -> Result<(), String> {
    validate(book, "")
        .map(|_| ())
        .map_err(|problem| problem.message)
}

/// Writes `book`, an edit of `base` (the book `old` holds), over a scratch copy of a book
/// that is not the user's book: git's merge driver gets one and must leave its result in
/// it. The text is `old` with only the changed clients rewritten (comments kept), checked
/// like any save; no lock or backup beside it, which would litter the user's repository.
pub fn write_scratch(
    path: &Path,
    old: &str,
    base: &Book,
    book: &Book,
) -> Result<Fingerprint, SaveError> {
    let text = new_text(Some(old.as_bytes()), Some(Base::Book(base)), book)?;
    fs::write(path, text.joined()).map_err(|source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(text.fingerprint())
}

/// Writes `merged`, a merge of the book the file holds (`ours`, whose fingerprint it must
/// still have) with another copy's (`theirs`, as its text and book). Clients as ours were
/// keep our text; clients taken whole from theirs keep *their* text, comments and all;
/// the rest are written anew. Checked to read back as `merged` before anything is written.
pub fn save_merged(
    path: &Path,
    merged: &Book,
    ours: (&Book, Fingerprint),
    theirs: (&str, &Book),
) -> Result<Fingerprint, SaveError> {
    let (our_book, expected) = ours;
    under_lock(path, |target| {
        let (previous, read_as) = current_file(target, Precondition::Unchanged(expected))?;
        let previous = previous.unwrap_or_default();
        let text = merged_text(&previous, merged, our_book, theirs)?;
        persist(target, &text, Some(&previous), read_as)
    })
}

/// The merged book's text: ours where a client is as ours was, theirs where it was taken
/// whole from theirs, written anew otherwise; checked to read back as `merged`.
fn merged_text(
    previous: &[u8],
    merged: &Book,
    our_book: &Book,
    theirs: (&str, &Book),
) -> Result<NewText<'static>, SaveError> {
    let mut text = new_text(Some(previous), Some(Base::Book(our_book)), merged)?.joined();
    let (their_text, their_book) = theirs;
    let taken: Vec<&str> = merged
        .clients
        .iter()
        .filter(|c| our_book.client(&c.id) != Some(*c) && their_book.client(&c.id) == Some(*c))
        .map(|c| c.id.as_str())
        .collect();
    if !taken.is_empty()
        && let Some(adopted) = splice::adopt(&text, their_text, &taken)
        && reads_back(&adopted, merged).is_ok()
    {
        text = adopted;
    }
    Ok(NewText {
        pieces: vec![Cow::Owned(text)],
        spans: None,
    })
}

/// Writes `text`, another copy of the book's file (a sync's), as it is, so its comments
/// and layout stay: refused unless it reads as a valid book this konto can keep, and
/// unless the file is still as read (`expected`; `None`: there must be no file yet).
pub fn write_text(
    path: &Path,
    text: &str,
    expected: Option<Fingerprint>,
) -> Result<Fingerprint, SaveError> {
    let (book, _) = parse(text).map_err(|problem| SaveError::Invalid(problem.message))?;
    validate(&book, text).map_err(|problem| SaveError::Invalid(problem.message))?;
    let precondition = expected.map_or(Precondition::Absent, Precondition::Unchanged);
    under_lock(path, |target| {
        let (previous, read_as) = current_file(target, precondition)?;
        let text = NewText {
            pieces: vec![Cow::Borrowed(text)],
            spans: None,
        };
        persist(target, &text, previous.as_deref(), read_as)
    })
}

/// What the file holds before a save, when the caller knows: the whole book it was read
/// as, or the one client a change replaced (the rest of the book being as it is now).
#[derive(Clone, Copy)]
enum Base<'a> {
    Book(&'a Book),
    Client {
        index: usize,
        before: &'a crate::model::Client,
    },
}

/// What must hold on disk, checked under the lock, before a save goes ahead.
#[derive(Clone, Copy)]
enum Precondition {
    None,
    Absent,
    Unchanged(Fingerprint),
}

fn write_book(
    path: &Path,
    book: &Book,
    precondition: Precondition,
    base: Option<Base<'_>>,
) -> Result<Fingerprint, SaveError> {
    under_lock(path, |target| {
        write_locked(target, book, precondition, base).map(|saved| saved.fingerprint)
    })
}

/// Runs `write` on the book's real path while holding its lock (its folder made first).
fn under_lock<T>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<T, SaveError>,
) -> Result<T, SaveError> {
    let target = resolve_link(path);
    let io_err = |source| SaveError::Io {
        path: target.clone(),
        source,
    };
    create_private_dir(folder_of(&target)).map_err(io_err)?;
    let _lock = lock_beside(&target).map_err(io_err)?;
    write(&target)
}

/// What the file holds now and who it is, for a caller holding the lock; refused when the
/// file cannot be written or `precondition` does not hold.
fn current_file(
    target: &Path,
    precondition: Precondition,
) -> Result<(Option<Vec<u8>>, Option<Identity>), SaveError> {
    refuse_unwritable(target)?;
    let read_as = identity(target);
    let previous = match fs::read(target) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(SaveError::Io {
                path: target.to_path_buf(),
                source,
            });
        }
    };
    let holds = match precondition {
        Precondition::None => true,
        Precondition::Absent => previous.is_none(),
        Precondition::Unchanged(expected) => previous
            .as_deref()
            .is_some_and(|bytes| Fingerprint::of(bytes) == expected),
    };
    if !holds {
        return Err(SaveError::ChangedOnDisk {
            path: target.to_path_buf(),
        });
    }
    Ok((previous, read_as))
}

/// The book's real path, its lock (held until dropped) and the book read under it.
fn lock_and_load<E>(
    location: &location::DataLocation,
) -> Result<(PathBuf, File, Loaded), UpdateError<E>> {
    let (target, lock) = lock_book(location)?;
    let loaded = load_from(location)?;
    Ok((target, lock, loaded))
}

/// The book's real path, and its lock (held until dropped).
fn lock_book(location: &location::DataLocation) -> Result<(PathBuf, File), SaveError> {
    let target = resolve_link(&location.path);
    let lock = lock_beside(&target).map_err(|source| SaveError::Io {
        path: target.clone(),
        source,
    })?;
    Ok((target, lock))
}

/// What can stop [`update`].
#[derive(Debug, thiserror::Error)]
pub enum UpdateError<E> {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("{0}")]
    Save(#[from] SaveError),
    /// The change itself declined (an unknown id, say); nothing was written.
    #[error("the change was not made")]
    Refused(E),
}

/// Reads the book, changes it and writes it back while holding the book's lock, so
/// konto processes changing the same file take turns and none loses the other's edit.
pub fn update<T, E>(
    location: &location::DataLocation,
    change: impl FnOnce(&mut Book) -> Result<T, E>,
) -> Result<T, UpdateError<E>> {
    let (target, _lock, loaded) = lock_and_load(location)?;
    let base = loaded.book;
    let mut book = base.clone();
    let result = change(&mut book).map_err(UpdateError::Refused)?;
    let saved = write_locked(
        &target,
        &book,
        Precondition::Unchanged(loaded.fingerprint),
        Some(Base::Book(&base)),
    )?;
    remember_saved(location, (&base, loaded.fingerprint), &book, &saved);
    Ok(result)
}

/// What a save wrote.
#[derive(Clone)]
struct Saved {
    fingerprint: Fingerprint,
    /// Where each client is in the file, when the save knew.
    spans: Option<Vec<std::ops::Range<usize>>>,
}

/// The write itself, for a caller that holds the lock.
fn write_locked(
    target: &Path,
    book: &Book,
    precondition: Precondition,
    base: Option<Base<'_>>,
) -> Result<Saved, SaveError> {
    let (previous, read_as) = current_file(target, precondition)?;
    // The base was read from these very bytes only when the fingerprint was checked.
    let base = base.filter(|_| matches!(precondition, Precondition::Unchanged(_)));
    let mut text = new_text(previous.as_deref(), base, book)?;
    let fingerprint = persist(target, &text, previous.as_deref(), read_as)?;
    Ok(Saved {
        fingerprint,
        spans: text.spans.take(),
    })
}

/// Replaces the file `previous` held (read as `read_as`) with `text`: staged in full,
/// the old text kept as the backup, then renamed over the book. Nothing happens when the
/// text is what the file holds.
fn persist(
    target: &Path,
    text: &NewText<'_>,
    previous: Option<&[u8]>,
    read_as: Option<Identity>,
) -> Result<Fingerprint, SaveError> {
    let fingerprint = text.fingerprint();
    if previous.is_some_and(|old| text.is(old)) {
        // Nothing to change: the file, and its backup, stay as they are.
        return Ok(fingerprint);
    }
    let write = &mut |file: &mut dyn io::Write| {
        text.pieces
            .iter()
            .try_for_each(|piece| file.write_all(piece.as_bytes()))
    };
    stage_and_commit(target, read_as, previous.map(OldText::Bytes), write)?;
    Ok(fingerprint)
}

/// The sequence every save of the book takes once its new text is known: the text staged
/// in full by `write` (fsynced), the file checked to be still the one read as `read_as`,
/// then the staged file put in its place with `previous` (its text) kept as the backup.
/// Both new files are written in full before either replaces anything, so a full disk
/// leaves the book and the last good backup as they were.
fn stage_and_commit(
    target: &Path,
    read_as: Option<Identity>,
    previous: Option<OldText<'_>>,
    write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: target.to_path_buf(),
        source,
    };
    let mode = existing_mode(target);
    // What earlier saves left is removed while this one writes: freeing a large file's
    // blocks takes milliseconds.
    let stale = stale_temporaries(target);
    let sweep = || {
        for file in &stale {
            let _ = fs::remove_file(file);
        }
    };
    let staged = std::thread::scope(|scope| {
        if !stale.is_empty()
            && std::thread::Builder::new()
                .spawn_scoped(scope, sweep)
                .is_err()
        {
            sweep();
        }
        stage_with(target, mode, write)
    })
    .map_err(io_err)?;
    fault_point("after-stage");
    if identity(target) != read_as {
        // Replaced since it was read, by something that does not take konto's lock.
        return Err(SaveError::ChangedOnDisk {
            path: target.to_path_buf(),
        });
    }
    match previous {
        Some(previous) => commit_keeping_backup(staged, target, previous, mode),
        None => commit(staged, target),
    }
    .map_err(io_err)?;
    fault_point("after-rename");
    Ok(())
}

/// Keeps the cache in step after a save, so the next start reads the copy, not the text.
pub fn remember(location: &location::DataLocation, book: &Book, fingerprint: Fingerprint) {
    if let Some(dir) = &location.cache_dir {
        cache::write(dir, &location.path, fingerprint, book);
    }
}

/// [`remember`] after a save of `book`, an edit of `base` (read from, or last written as,
/// the text with fingerprint `was`): only the clients the edit replaced are encoded again
/// when the clients are where they were (an unchanged client is the very one `base`
/// holds).
pub fn remember_edit(
    location: &location::DataLocation,
    (base, was): (&Book, Fingerprint),
    book: &Book,
    now: Fingerprint,
) {
    let (before, after) = (base.clients.shared(), book.clients.shared());
    match &location.cache_dir {
        Some(dir) if before.len() == after.len() => {
            let changed = |i: usize| !std::sync::Arc::ptr_eq(&before[i], &after[i]);
            cache::write_edited(dir, &location.path, (was, now), book, &changed);
        }
        _ => remember(location, book, now),
    }
}

/// [`remember_edit`] after `saved`, and where its clients are when the save knew.
fn remember_saved(
    location: &location::DataLocation,
    (base, was): (&Book, Fingerprint),
    book: &Book,
    saved: &Saved,
) {
    remember_edit(location, (base, was), book, saved.fingerprint);
    if let (Some(dir), Some(spans)) = (&location.cache_dir, &saved.spans) {
        cache::write_spans(dir, &location.path, saved.fingerprint, spans);
    }
}

/// The text a save writes, in pieces written one after another.
struct NewText<'a> {
    pieces: Vec<Cow<'a, str>>,
    /// Where each client is in it, when known.
    spans: Option<Vec<std::ops::Range<usize>>>,
}

impl NewText<'_> {
    fn fingerprint(&self) -> Fingerprint {
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        let mut len = 0;
        for piece in &self.pieces {
            hash.update(piece.as_bytes());
            len += piece.len() as u64;
        }
        Fingerprint {
            len,
            hash: hash.digest128(),
        }
    }

    /// The whole text, in one piece.
    fn joined(&self) -> String {
        self.pieces.concat()
    }

    /// The same bytes as `old`.
    fn is(&self, old: &[u8]) -> bool {
        let mut rest = old;
        for piece in &self.pieces {
            match rest.strip_prefix(piece.as_bytes()) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

/// The new file: the old one with only the changed clients rewritten, when `base` is the
/// book the old bytes hold and the change allows it; otherwise the whole book, with the
/// comments of the old file put back. Either way the book is checked first: the whole of
/// it, or, when the rest is the base's already checked text, the clients written anew.
fn new_text<'a>(
    previous: Option<&'a [u8]>,
    base: Option<Base<'_>>,
    book: &Book,
) -> Result<NewText<'a>, SaveError> {
    let invalid = |problem: Problem| SaveError::Invalid(problem.message);
    let old_text = previous.and_then(|bytes| std::str::from_utf8(bytes).ok());
    let spliced = match (old_text, base) {
        (Some(old), Some(Base::Book(base))) => splice::splice(old, base, book),
        (Some(old), Some(Base::Client { index, before })) => {
            splice::splice_client(old, book, index, before)
        }
        _ => None,
    };
    if let Some(spliced) = spliced {
        if spliced.outside_written {
            validate(book, "").map_err(invalid)?;
        } else {
            validate::validate_written(book, &spliced.written).map_err(invalid)?;
        }
        return Ok(NewText {
            pieces: spliced.pieces,
            spans: spliced.spans,
        });
    }
    validate(book, "").map_err(invalid)?;
    let dialect = old_text.map_or(Extensions::IMPLICIT_SOME, dialect_of);
    let plain = to_text_of(book, dialect)?;
    let text = match old_text.filter(|old| comments::has_comments(old)) {
        Some(old) => {
            // Comments are never dropped: where their places cannot be kept, they are
            // kept together at the end of the file, under a line that says so.
            let in_place = comments::carry_over(old, &plain);
            if reads_back(&in_place, book).is_ok() {
                in_place
            } else {
                comments::all_at_end(old, &plain)
            }
        }
        None => plain,
    };
    // No text is written that would not load again as this very book.
    reads_back(&text, book).map_err(|problem| {
        SaveError::Invalid(format!(
            "the text konto made does not read back as the book ({problem}); this is a bug in konto, please report it"
        ))
    })?;
    Ok(NewText {
        pieces: vec![Cow::Owned(text)],
        spans: None,
    })
}

/// Whether `text` loads, as a book file, into `book` (written at the current version).
fn reads_back(text: &str, book: &Book) -> Result<(), String> {
    let (mut back, _) = parse(text).map_err(|problem| problem.to_string())?;
    if back.version != CURRENT_VERSION {
        return Err(format!("it reads as version {}", back.version));
    }
    back.version = book.version;
    if back == *book {
        Ok(())
    } else {
        Err("it reads as a different book".to_string())
    }
}

/// Helpers the storage modules' tests share.
#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::lexer;

    /// Where each client is in `text`, as a scan finds it.
    pub(super) fn spans_of(text: &str) -> Vec<std::ops::Range<usize>> {
        lexer::find_clients(text)
            .unwrap()
            .elements
            .into_iter()
            .map(|e| e.span)
            .collect()
    }

    /// A folder with a book file holding `text`, and the path for a cache beside it.
    pub(super) fn a_book(text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (book, cache) = (dir.path().join("book.ron"), dir.path().join("cache"));
        fs::write(&book, text).unwrap();
        (dir, book, cache)
    }
}
