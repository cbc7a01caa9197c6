//! The only module that touches the book file: load, validate, save atomically.
//!
//! Every other module receives a [`Book`] and returns results.

pub mod cache;
mod comments;
pub mod launch_state;
mod lexer;
pub mod location;
mod problem;
mod splice;
pub mod validate;

use std::borrow::Cow;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;

use crate::model::{Book, CURRENT_VERSION};

pub use problem::Problem;
pub use validate::{Warning, validate};

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
    pub warnings: Vec<Warning>,
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

/// Reads the book at `location`, from the cache when it holds this exact content.
pub fn load_from(location: &location::DataLocation) -> Result<Loaded, LoadError> {
    load_with_cache(&location.path, location.cache_dir.as_deref())
}

/// Reads, parses and validates the book at `path` (no cache).
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_with_cache(path, None)
}

/// Hashes the file as it streams past, without holding all of it: on a cache hit the text
/// is never needed, and a large book is not copied into memory only to be hashed.
fn fingerprint_file(path: &Path) -> io::Result<Fingerprint> {
    use std::io::Read;
    let mut file = File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buffer[..n]);
        len += n as u64;
    }
    Ok(Fingerprint {
        len,
        hash: hasher.digest128(),
    })
}

/// What a path is when it is not a regular file: a FIFO would block a read for ever, a
/// device could be endless, a folder cannot be a book.
fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Opens a file konto reads (a capture source, the cache, a state file) only if it is a
/// regular file: a FIFO would block the open or the read for ever, a device could be
/// endless. The open itself does not block (`O_NONBLOCK`, which a regular file ignores).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed());
    }
    let file = options.open(path)?;
    if let Some(what) = special_kind(&file.metadata()?) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}, not a file"),
        ));
    }
    Ok(file)
}

/// A regular file's bytes, if it holds at most `most` of them.
pub fn read_capped(path: &Path, most: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(most.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > most {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than {} MiB", most >> 20),
        ));
    }
    Ok(bytes)
}

fn load_with_cache(path: &Path, cache_dir: Option<&Path>) -> Result<Loaded, LoadError> {
    if let Ok(meta) = fs::metadata(path)
        && let Some(what) = special_kind(&meta)
    {
        return Err(if meta.is_dir() {
            LoadError::IsDirectory {
                path: path.to_path_buf(),
            }
        } else {
            LoadError::NotAFile {
                path: path.to_path_buf(),
                what,
            }
        });
    }
    if let Some(dir) = cache_dir
        && let Ok(fingerprint) = fingerprint_file(path)
        && let Some(book) = cache::read(dir, path, fingerprint)
    {
        let warnings = validate::warnings(&book);
        return Ok(Loaded {
            book,
            fingerprint,
            warnings,
        });
    }
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(LoadError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(_) if path.is_dir() => {
            return Err(LoadError::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(LoadError::Unreadable {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let fingerprint = Fingerprint::of(&bytes);
    let invalid = |problem| LoadError::Invalid {
        path: path.to_path_buf(),
        problem,
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, col) = problem::position_of(
            &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
            e.valid_up_to(),
        );
        invalid(Problem::at(
            line,
            col,
            "the file is not text (not valid UTF-8); was it saved in another encoding?",
        ))
    })?;
    let (book, warnings) = parse(text).map_err(invalid)?;
    // The text is not needed once parsed: let the cache be written without it beside.
    drop(bytes);
    if let Some(dir) = cache_dir {
        cache::write(dir, path, fingerprint, &book);
    }
    Ok(Loaded {
        book,
        fingerprint,
        warnings,
    })
}

/// Parses and validates a book's text (no disk involved).
pub fn parse(text: &str) -> Result<(Book, Vec<Warning>), Problem> {
    if text.trim().is_empty() {
        return Err(Problem::unplaced(
            "the file is empty; a book starts with `(` and ends with `)` (see the README)",
        ));
    }
    // Some Windows editors start UTF-8 files with a byte-order mark; it is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(problem) = conflict_markers(text) {
        return Err(problem);
    }
    let mut book: Book = read_options(Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| newer_version(text).unwrap_or_else(|| Problem::from_ron(&e)))?;
    crate::edit::fill_missing_ids(&mut book);
    let warnings = validate(&book, text)?;
    Ok((book, warnings))
}

/// A text merge's conflict markers (git merged the book line by line and could not):
/// named at their line with what settles them, rather than as a syntax error.
fn conflict_markers(text: &str) -> Option<Problem> {
    let line = text.lines().position(|line| {
        ["<<<<<<< ", "||||||| ", ">>>>>>> "]
            .iter()
            .any(|marker| line.starts_with(marker))
            || line == "<<<<<<<"
            || line == ">>>>>>>"
    })?;
    Some(Problem::at(
        line + 1,
        1,
        "the book holds a text merge's conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`): git merged it line by line. Take one side whole (`git checkout --ours` or `--theirs` on the file) and merge again with konto's merge: `konto merge-driver` for a repository of your own (see the README, \"Using konto on two machines\"), or `konto sync`",
    ))
}

/// How konto reads RON: `implicit_some` is on even without the header, so hand-written
/// files need no `Some(..)`; `dialect` adds what a file's header turns on, for reading a
/// piece of that file on its own.
fn read_options(dialect: Extensions) -> ron::Options {
    ron::Options::default().with_default_extension(dialect | Extensions::IMPLICIT_SOME)
}

/// The extensions a book's text turns on in its `#![enable(...)]` header, with the
/// `implicit_some` konto always reads with.
fn dialect_of(text: &str) -> Extensions {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::de::Deserializer::from_str_with_options(text, &read_options(Extensions::empty()))
        .map_or(Extensions::IMPLICIT_SOME, |reader| {
            reader.extensions() | Extensions::IMPLICIT_SOME
        })
}

/// A file from a newer konto may fail to parse for reasons that only confuse; say the real one.
fn newer_version(text: &str) -> Option<Problem> {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u32,
    }
    let found: VersionOnly = ron::from_str(text).ok()?;
    (found.version > CURRENT_VERSION).then(|| {
        Problem::unplaced(format!(
            "this book is version {}, made by a newer konto; this one reads version {CURRENT_VERSION}. Update konto to open it",
            found.version
        ))
    })
}

/// The book as file text: stable (same book, same bytes), one record a line below clients.
pub fn to_text(book: &Book) -> Result<String, SaveError> {
    to_text_of(book, Extensions::IMPLICIT_SOME)
}

/// Anything in the book's layout (the splice writes one client at a client's depth), in
/// `dialect`: the extensions the file's header turns on, which the text then honours
/// (struct names written where `explicit_struct_names` asks for them).
fn to_text_of(value: &impl serde::Serialize, dialect: Extensions) -> Result<String, SaveError> {
    let config = PrettyConfig::new()
        .indentor("    ")
        .depth_limit(4)
        .escape_strings(false)
        .extensions(dialect | Extensions::IMPLICIT_SOME);
    let mut text = ron::ser::to_string_pretty(value, config)
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
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

/// Writes a new book, refusing if a file appeared at `path` in the meantime.
pub fn create(path: &Path, book: &Book) -> Result<Fingerprint, SaveError> {
    write_book(path, book, Precondition::Absent, None)
}

/// The book's file as it stands: its text, the book it holds and its fingerprint (for a
/// later write's "unchanged since" check); `None` when there is no file. A save replaces
/// the file by a rename, so what is read is one whole version.
pub fn read_text(path: &Path) -> Result<Option<(String, Book, Fingerprint)>, LoadError> {
    let target = resolve_link(path);
    let unreadable = |source| LoadError::Unreadable {
        path: target.clone(),
        source,
    };
    let bytes = match read_capped(&target, u64::MAX) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    };
    let fingerprint = Fingerprint::of(&bytes);
    let text = String::from_utf8(bytes)
        .map_err(|_| unreadable(io::Error::other("the book is not UTF-8 text")))?;
    let invalid = |problem| LoadError::Invalid {
        path: target.clone(),
        problem,
    };
    let (book, _) = parse(&text).map_err(invalid)?;
    validate(&book, &text).map_err(invalid)?;
    Ok(Some((text, book, fingerprint)))
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
        write_locked(target, book, precondition, base)
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

/// Changes one client under the book's lock, as [`update`] does: `place` finds it in the
/// book as read, and `change` gets that book and a copy of the client to change. Only
/// that client is written anew; the book is never copied (at 10,000 clients a copy is
/// most of what a `konto log` costs).
pub fn update_client<T, E>(
    location: &location::DataLocation,
    place: impl FnOnce(&Book) -> Result<usize, E>,
    change: impl FnOnce(&Book, &mut crate::model::Client) -> Result<T, E>,
) -> Result<T, UpdateError<E>> {
    let (target, _lock, loaded) = lock_and_load(location)?;
    let mut book = loaded.book;
    let index = place(&book).map_err(UpdateError::Refused)?;
    let mut client = book.clients[index].clone();
    let result = change(&book, &mut client).map_err(UpdateError::Refused)?;
    let before = std::mem::replace(&mut book.clients[index], client);
    let fingerprint = write_locked(
        &target,
        &book,
        Precondition::Unchanged(loaded.fingerprint),
        Some(Base::Client {
            index,
            before: &before,
        }),
    )?;
    remember(location, &book, fingerprint);
    Ok(result)
}

/// The book's real path, its lock (held until dropped) and the book read under it.
fn lock_and_load<E>(
    location: &location::DataLocation,
) -> Result<(PathBuf, File, Loaded), UpdateError<E>> {
    let target = resolve_link(&location.path);
    let lock = lock_beside(&target).map_err(|source| SaveError::Io {
        path: target.clone(),
        source,
    })?;
    let loaded = load_from(location)?;
    Ok((target, lock, loaded))
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
    let fingerprint = write_locked(
        &target,
        &book,
        Precondition::Unchanged(loaded.fingerprint),
        Some(Base::Book(&base)),
    )?;
    remember(location, &book, fingerprint);
    Ok(result)
}

/// The write itself, for a caller that holds the lock.
fn write_locked(
    target: &Path,
    book: &Book,
    precondition: Precondition,
    base: Option<Base<'_>>,
) -> Result<Fingerprint, SaveError> {
    let (previous, read_as) = current_file(target, precondition)?;
    // The base was read from these very bytes only when the fingerprint was checked.
    let base = base.filter(|_| matches!(precondition, Precondition::Unchanged(_)));
    let text = new_text(previous.as_deref(), base, book)?;
    persist(target, &text, previous.as_deref(), read_as)
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
    let target = target.to_path_buf();
    let io_err = |source| SaveError::Io {
        path: target.clone(),
        source,
    };
    let fingerprint = text.fingerprint();
    if previous.is_some_and(|old| text.is(old)) {
        // Nothing to change: the file, and its backup, stay as they are.
        return Ok(fingerprint);
    }
    remove_stale_temporaries(&target);
    let mode = existing_mode(&target);
    // Both new files are written in full before either replaces anything, so a full disk
    // leaves the book and the last good backup as they were.
    let staged_book = stage_with(&target, mode, &mut |file| {
        text.pieces
            .iter()
            .try_for_each(|piece| file.write_all(piece.as_bytes()))
    })
    .map_err(io_err)?;
    fault_point("after-stage");
    if let Some(previous) = previous {
        keep_backup(&target, previous, mode).map_err(io_err)?;
    }
    fault_point("after-backup");
    if identity(&target) != read_as {
        // Replaced since it was read, by something that does not take konto's lock.
        return Err(SaveError::ChangedOnDisk { path: target });
    }
    commit(staged_book, &target).map_err(io_err)?;
    fault_point("after-rename");
    Ok(fingerprint)
}

/// The text a save writes, in pieces written one after another.
struct NewText<'a> {
    pieces: Vec<Cow<'a, str>>,
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
        validate::validate_written(book, &spliced.written).map_err(invalid)?;
        return Ok(NewText {
            pieces: spliced.pieces,
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

/// Makes the file as it was read (`previous`) the backup, replacing the old backup only
/// once the new one is complete beside it. The backup is a file of its own, never a link
/// to the book: a kill between a link and the book's rename would leave the two as one
/// file, and an editor writing the book in place would then change the backup too. It is
/// not flushed: it is the previous version, and the book itself is flushed before its
/// rename.
fn keep_backup(target: &Path, previous: &[u8], mode: Option<u32>) -> io::Result<()> {
    let backup = location::backup_path(target);
    let mut temp = temporary_beside(&backup)?;
    temp.write_all(previous)?;
    set_mode(&temp, mode)?;
    temp.persist(&backup).map_err(|e| e.error)?;
    Ok(())
}

/// Who a file is: its device and inode, length and modification time. Checked again just
/// before a save's rename, so that an editor that replaced the file meanwhile (without
/// konto's lock) is not overwritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    #[cfg(unix)]
    inode: (u64, u64),
    len: u64,
    modified: Option<std::time::SystemTime>,
}

fn identity(path: &Path) -> Option<Identity> {
    let meta = fs::metadata(path).ok()?;
    Some(Identity {
        #[cfg(unix)]
        inode: {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        },
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// Refuses a book that is read-only or not a regular file, before anything is written.
/// The permission bits are read rather than tried, so that even a user allowed to write
/// anywhere (root) does not replace a file its owner marked read-only.
fn refuse_unwritable(target: &Path) -> Result<(), SaveError> {
    let Ok(meta) = fs::metadata(target) else {
        return Ok(());
    };
    if let Some(what) = special_kind(&meta) {
        return Err(SaveError::NotAFile {
            path: target.to_path_buf(),
            what,
        });
    }
    if meta.permissions().readonly() {
        return Err(SaveError::ReadOnly {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

/// Test hooks, so that crash and signal tests need not race a timer: with
/// `KONTO_FAULT=<point>` the process stops dead at that point of a save (as a power cut
/// or `kill -9` would: `after-stage`, `after-backup`, `after-rename`, and the sync's
/// `after-commit`); with `KONTO_FAULT=slow-save` every save takes a second longer.
pub(crate) fn fault_point(point: &str) {
    if !cfg!(feature = "test-support") {
        return;
    }
    match std::env::var("KONTO_FAULT").as_deref() {
        Ok(fault) if fault == point => std::process::abort(),
        Ok("slow-save") => std::thread::sleep(std::time::Duration::from_secs(1)),
        _ => {}
    }
}

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
fn refuse_system_place(path: &Path) -> Result<(), SaveError> {
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
fn is_own_file(path: &Path, book: &location::DataLocation) -> bool {
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

/// Temporary files a killed save left behind. Called under the book's lock, so no other
/// konto is writing one of these right now.
fn remove_stale_temporaries(target: &Path) {
    if target.file_name().is_none() {
        return;
    }
    let prefix = temporary_prefix(target);
    let Ok(entries) = fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&prefix) && file_name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The file's size and modification time: a cheap way to notice it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

pub fn file_stamp(path: &Path) -> Option<FileStamp> {
    let meta = fs::metadata(path).ok()?;
    Some(FileStamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    })
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

fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| match fs::read_link(path) {
                Ok(target) if target.is_relative() => path.with_file_name(target),
                Ok(target) => target,
                Err(_) => path.to_path_buf(),
            })
        }
        _ => path.to_path_buf(),
    }
}

/// `.book.ron.lock`, beside the book.
fn lock_path(target: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(".lock");
    target.with_file_name(name)
}

/// Serialises savers of the same book (two konto processes) for the read-compare-write.
/// The lock file is opened without following a link, so a planted link cannot make konto
/// create or touch a file elsewhere.
fn lock_beside(target: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
    }
    let path = lock_path(target);
    let lock = options.open(&path).map_err(|e| {
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            io::Error::other(format!(
                "{} is a symbolic link; konto will not follow it (remove it)",
                path.display()
            ))
        } else {
            e
        }
    })?;
    lock.lock()?;
    Ok(lock)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn existing_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn existing_mode(_path: &Path) -> Option<u32> {
    None
}

/// Keeps the cache in step after a save, so the next start reads the copy, not the text.
pub fn remember(location: &location::DataLocation, book: &Book, fingerprint: Fingerprint) {
    if let Some(dir) = &location.cache_dir {
        cache::write(dir, &location.path, fingerprint, book);
    }
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `.book.ron.`: how the names of a file's temporary files begin.
fn temporary_prefix(path: &Path) -> String {
    format!(
        ".{}.",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Temp file in the same folder, renamed over `target`, without waiting for the disk:
/// for the cache only. Its copy is checked against a hash on every read, so a crash can
/// cost the copy (the next load parses the text) but never make it wrong; waiting for
/// the disk would add a second flush to every save.
fn replace_without_flush(target: &Path, pieces: &[&[u8]]) -> io::Result<()> {
    let mut temp = temporary_beside(target)?;
    for piece in pieces {
        temp.write_all(piece)?;
    }
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` in full to a new temporary file beside `target` and flushes it to disk.
/// The temporary file is created exclusively (never through an existing name or link).
fn stage(target: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<tempfile::NamedTempFile> {
    stage_with(target, mode, &mut |file| file.write_all(bytes))
}

/// A new temporary file beside `target`, named after it, created exclusively (never
/// through an existing name or link) and readable by its owner only (0600).
fn temporary_beside(target: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&temporary_prefix(target))
        .suffix(".tmp")
        .tempfile_in(folder_of(target))
}

/// [`stage`] for a file written as it is made (`write` is given the temporary file).
fn stage_with(
    target: &Path,
    mode: Option<u32>,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<tempfile::NamedTempFile> {
    // Readable by its owner only, as a new book must be.
    let mut temp = temporary_beside(target)?;
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut temp);
        write(&mut buffered)?;
        buffered.flush()?;
    }
    set_mode(&temp, mode)?;
    if durable() {
        temp.as_file().sync_all()?;
    }
    Ok(temp)
}

/// Gives a temporary file the permissions of the file it replaces (`None`: it keeps
/// the owner-only ones it was made with).
fn set_mode(temp: &tempfile::NamedTempFile, mode: Option<u32>) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (temp, mode);
    Ok(())
}

/// Renames a staged file over `target` (a link at `target` is replaced, not followed).
fn commit(staged: tempfile::NamedTempFile, target: &Path) -> io::Result<()> {
    staged.persist(target).map_err(|e| e.error)?;
    sync_dir(folder_of(target));
    Ok(())
}

/// Puts a staged file at `target` only if nothing is there.
fn commit_new(staged: tempfile::NamedTempFile, target: &Path) -> io::Result<()> {
    staged.persist_noclobber(target).map_err(|e| e.error)?;
    sync_dir(folder_of(target));
    Ok(())
}

/// Whether writes are flushed to the disk before they count: always, but in a test that
/// is not about durability (`KONTO_FSYNC=off` under the test-support feature), where a
/// flush only costs time.
fn durable() -> bool {
    !(cfg!(feature = "test-support") && std::env::var_os("KONTO_FSYNC").is_some_and(|v| v == "off"))
}

fn sync_dir(dir: &Path) {
    if !durable() {
        return;
    }
    // Makes the rename itself durable; not every platform can open a folder, which is fine.
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}
