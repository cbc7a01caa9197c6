//! Reading the book: from the cache's copy when it holds this very text, else from the
//! text itself (parsed, validated, and the copy written for the next time); a part of it
//! for the commands that read only that; a preview for the dashboard's first frame.

use std::fs::{self, File};
use std::io;
use std::path::Path;

use crate::model::Book;

use super::files::{self, resolve_link, special_kind};
use super::{
    Fingerprint, LoadError, Loaded, Problem, cache, codec, location, open_regular, parse, problem,
    read_capped, validate,
};

/// Reads the book at `location`, from the cache when it holds this exact content.
pub fn load_from(location: &location::DataLocation) -> Result<Loaded, LoadError> {
    load_with_cache(&location.path, location.cache_dir.as_deref(), None)
}

/// `part` of the book, for the commands that read only it (`konto remind` and `rank`,
/// `quota`, `tasks` for the open ones): from the cache's smaller copy of it when that is
/// good and exact on `today` ([`cache::Part`]); otherwise the whole book, and the smaller
/// copy is written for the next time. Read only: a book loaded this way is never saved.
pub fn load_part(
    location: &location::DataLocation,
    part: cache::Part,
    today: chrono::NaiveDate,
) -> Result<Loaded, LoadError> {
    let Some(dir) = location.cache_dir.as_deref() else {
        return load_from(location);
    };
    let path = &location.path;
    let fingerprint = fingerprint_file(path, Some(dir)).ok();
    if let Some(fingerprint) = fingerprint
        && let Some(book) = cache::read_part(dir, path, part, fingerprint, today)
    {
        return Ok(Loaded { book, fingerprint });
    }
    // The file is not hashed a second time to look for the whole copy.
    let loaded = load_with_cache(path, Some(dir), fingerprint)?;
    write_part_if_exact(dir, path, part, (&loaded.book, loaded.fingerprint), today);
    Ok(loaded)
}

/// What the dashboard draws its first frame from on a large book, before the whole book
/// is read: the daily part ([`cache::Part::Daily`]), which holds everything its panes
/// show but the pipeline board. Read only, and never saved: the dashboard takes the whole
/// book ([`load_from`]) before it changes anything.
#[derive(Debug)]
pub struct Preview {
    pub book: Book,
    /// The text it is a preview of: the whole book read later is of the same text when
    /// it has the same fingerprint.
    pub fingerprint: Fingerprint,
}

/// The [`Preview`] of the book at `location`, when the book's text is at least
/// `from_bytes` long (a smaller one is read whole about as fast) and the cache holds a
/// good daily copy of this very text that is exact on `today`. Never reads the text: with
/// no such copy there is no preview, and the dashboard reads the whole book first.
pub fn load_preview(
    location: &location::DataLocation,
    today: chrono::NaiveDate,
    from_bytes: u64,
) -> Option<Preview> {
    let dir = location.cache_dir.as_deref()?;
    let fingerprint = fingerprint_file(&location.path, Some(dir)).ok()?;
    if fingerprint.len < from_bytes {
        return None;
    }
    let book = cache::read_part(dir, &location.path, cache::Part::Daily, fingerprint, today)?;
    Some(Preview { book, fingerprint })
}

/// Writes the cache's daily copy of `book` (the text at `location` with `fingerprint`),
/// so that the dashboard's next launch on this large book opens on its preview. Nothing
/// for a book under `from_bytes`, without a cache, or when the copy would not be exact
/// on `today`.
pub fn keep_preview(
    location: &location::DataLocation,
    (book, fingerprint): (&Book, Fingerprint),
    today: chrono::NaiveDate,
    from_bytes: u64,
) {
    let Some(dir) = location.cache_dir.as_deref() else {
        return;
    };
    let part = cache::Part::Daily;
    if fingerprint.len < from_bytes
        || cache::has_part(dir, &location.path, part, fingerprint, today)
    {
        return;
    }
    write_part_if_exact(dir, &location.path, part, (book, fingerprint), today);
}

/// Writes the copy of `part` of `book` (the text at `path` with `fingerprint`), unless it
/// would not be exact `today` (an interaction dated after it): it would then be written
/// again on every run.
fn write_part_if_exact(
    dir: &Path,
    path: &Path,
    part: cache::Part,
    (book, fingerprint): (&Book, Fingerprint),
    today: chrono::NaiveDate,
) {
    if part.exact_from(book).is_none_or(|from| today >= from) {
        cache::write_part(dir, path, part, fingerprint, book);
    }
}

/// Reads, parses and validates the book at `path` (no cache).
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_with_cache(path, None, None)
}

/// The fingerprint of the file at `path`: the one the cache last saw for it when the
/// file's stat is the same and was settled then, otherwise hashed as the file streams
/// past (and remembered for the next time when the file did not change meanwhile). On a
/// cache hit the text is never needed, and a large book is not copied into memory only to
/// be hashed.
pub(super) fn fingerprint_file(path: &Path, cache_dir: Option<&Path>) -> io::Result<Fingerprint> {
    fingerprint_file_at(path, cache_dir, now_secs())
}

/// [`fingerprint_file`] at `now`, in seconds since the epoch.
fn fingerprint_file_at(path: &Path, cache_dir: Option<&Path>, now: i64) -> io::Result<Fingerprint> {
    // Never a plain open: a FIFO planted as the book would block it for ever.
    let mut file = open_regular(path)?;
    let before = files::stat_of(&file.metadata()?);
    if let (Some(dir), Some(stat)) = (cache_dir, before)
        && let Some(known) = cache::known_fingerprint(dir, path, stat)
    {
        return Ok(known);
    }
    let fingerprint = hash_stream(&mut file)?;
    if let (Some(dir), Some(stat)) = (cache_dir, before)
        && files::stat_of(&file.metadata()?) == before
        && stat.settled(now)
    {
        cache::remember_fingerprint(dir, path, stat, fingerprint);
    }
    Ok(fingerprint)
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// xxh3-128 and length of what `file` holds from where it stands, read in pieces.
fn hash_stream(file: &mut File) -> io::Result<Fingerprint> {
    use std::io::Read;
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

/// The book at `path`, from the copy in `cache_dir` when it holds this exact content;
/// `known` is the file's fingerprint when the caller has just taken it.
fn load_with_cache(
    path: &Path,
    cache_dir: Option<&Path>,
    known: Option<Fingerprint>,
) -> Result<Loaded, LoadError> {
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
        && let Some(fingerprint) = known.or_else(|| fingerprint_file(path, Some(dir)).ok())
        && let Some(book) = cache::read(dir, path, fingerprint)
    {
        return Ok(Loaded { book, fingerprint });
    }
    let (parsed, fingerprint) = parse_file(path, true)?;
    if let Some(dir) = cache_dir {
        cache::write(dir, path, fingerprint, &parsed.book);
        // Where the clients are, when the parse found them: the first one-client edit
        // then reads its client alone too.
        if let Some(places) = &parsed.places {
            cache::write_spans(dir, path, fingerprint, places);
        }
    }
    Ok(Loaded {
        book: parsed.book,
        fingerprint,
    })
}

/// The book in the file at `path`, parsed and validated, and the fingerprint of the text
/// it was parsed from. With `in_pieces`, a large book's clients are parsed from the file a
/// piece at a time once its text has been read through and dropped (see
/// [`codec::Plan`]); whatever that does not read (the file changed meanwhile, a mistake
/// to place) is parsed from the whole text, read again.
fn parse_file(path: &Path, in_pieces: bool) -> Result<(codec::Parsed, Fingerprint), LoadError> {
    let (file, bytes) = read_file(path)?;
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
    if in_pieces && let Some(plan) = codec::plan_file(text) {
        drop(bytes);
        return match codec::parse_file_planned(plan, &file) {
            Some(parsed) => Ok((parsed, fingerprint)),
            None => parse_file(path, false),
        };
    }
    let parsed = codec::parse_placed(text).map_err(invalid)?;
    Ok((parsed, fingerprint))
}

/// The file at `path`, open, and its bytes.
fn read_file(path: &Path) -> Result<(File, Vec<u8>), LoadError> {
    files::read_open(path, u64::MAX).map_err(|e| match e {
        e if e.kind() == io::ErrorKind::NotFound => LoadError::Missing {
            path: path.to_path_buf(),
        },
        _ if path.is_dir() => LoadError::IsDirectory {
            path: path.to_path_buf(),
        },
        source => LoadError::Unreadable {
            path: path.to_path_buf(),
            source,
        },
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::tests::{a_book, spans_of};
    use crate::storage::to_text;

    fn later() -> i64 {
        now_secs() + 60
    }

    /// A large book read from its text leaves where its clients are beside its copy, so
    /// the first one-client edit reads its client alone; not with a byte-order mark,
    /// which the places read past.
    #[test]
    fn a_large_book_read_from_text_remembers_where_its_clients_are() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let text = to_text(&crate::demo::generate(600, 3, today)).unwrap();
        assert!(text.len() > codec::IN_PARTS_FROM_BYTES, "read in parts");
        for marked in [false, true] {
            let text = if marked {
                format!("\u{feff}{text}")
            } else {
                text.clone()
            };
            let (_dir, path, cache_dir) = a_book(&text);
            let location = location::DataLocation {
                path: path.clone(),
                source: location::Source::Flag,
                cache_dir: Some(cache_dir.clone()),
            };
            let loaded = load_from(&location).unwrap();
            let remembered = cache::read_spans(&cache_dir, &path, loaded.fingerprint);
            if marked {
                assert_eq!(remembered, None);
            } else {
                assert_eq!(remembered, Some(spans_of(&text)));
            }
        }
    }

    #[test]
    fn a_settled_files_fingerprint_is_remembered_and_used_without_reading_it() {
        let (_dir, book, cache) = a_book("first text");
        let real = Fingerprint::of(b"first text");
        assert_eq!(
            fingerprint_file_at(&book, Some(&cache), later()).unwrap(),
            real
        );
        // What was remembered is what is answered: the file is not read again.
        let stat = files::stat_of(&fs::metadata(&book).unwrap()).unwrap();
        let planted = Fingerprint::of(b"something else");
        cache::remember_fingerprint(&cache, &book, stat, planted);
        assert_eq!(
            fingerprint_file_at(&book, Some(&cache), later()).unwrap(),
            planted
        );
    }

    #[test]
    fn a_file_changed_behind_the_same_length_and_modification_time_is_hashed_again() {
        let (_dir, book, cache) = a_book("first text");
        fingerprint_file_at(&book, Some(&cache), later()).unwrap();
        let before = fs::metadata(&book).unwrap();
        // Rewritten in place at the same length, its modification time set back, until
        // the clock has moved on (as it has by the time a stat is settled).
        for _ in 0..200 {
            fs::write(&book, "other text").unwrap();
            File::options()
                .write(true)
                .open(&book)
                .unwrap()
                .set_modified(before.modified().unwrap())
                .unwrap();
            if files::stat_of(&fs::metadata(&book).unwrap()) != files::stat_of(&before) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(
            fingerprint_file_at(&book, Some(&cache), later()).unwrap(),
            Fingerprint::of(b"other text")
        );
    }

    /// A large book read from its text a piece at a time: the same book as a parse of
    /// the whole text, and a mistake in it placed as the whole parse places it.
    #[test]
    fn a_large_book_read_from_its_file_is_its_text_parsed() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let text = to_text(&crate::demo::generate(600, 3, today)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        fs::write(&path, &text).unwrap();
        let loaded = load(&path).unwrap();
        assert_eq!(Some(loaded.book), parse(&text).ok().map(|(book, _)| book));
        assert_eq!(loaded.fingerprint, Fingerprint::of(text.as_bytes()));
        // The last client's id given to the first: found only once the book is whole.
        let clients = text.find("clients: [").unwrap();
        let ids: Vec<(usize, usize)> = text
            .match_indices("\n            id: \"")
            .filter(|(at, _)| *at > clients)
            .map(|(at, found)| {
                let start = at + found.len();
                (start, start + text[start..].find('"').unwrap())
            })
            .collect();
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        let mut twice = text.clone();
        twice.replace_range(first.0..first.1, &text[last.0..last.1]);
        fs::write(&path, &twice).unwrap();
        let Err(LoadError::Invalid { problem, .. }) = load(&path) else {
            panic!("a book with one id twice was read");
        };
        assert!(problem.to_string().contains("twice"), "{problem}");
        assert_eq!(Err(problem), parse(&twice).map(|_| ()));
    }

    #[test]
    fn a_file_changed_moments_ago_is_not_remembered() {
        let (_dir, book, cache) = a_book("first text");
        fingerprint_file_at(&book, Some(&cache), now_secs()).unwrap();
        let stat = files::stat_of(&fs::metadata(&book).unwrap()).unwrap();
        assert!(!stat.settled(now_secs()));
        assert_eq!(cache::known_fingerprint(&cache, &book, stat), None);
    }

    #[test]
    fn a_damaged_stamp_is_no_stamp() {
        let (_dir, book, cache) = a_book("first text");
        fingerprint_file_at(&book, Some(&cache), later()).unwrap();
        let stat = files::stat_of(&fs::metadata(&book).unwrap()).unwrap();
        assert!(cache::known_fingerprint(&cache, &book, stat).is_some());
        let stamp = fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "stamp"))
            .unwrap();
        let mut bytes = fs::read(&stamp).unwrap();
        for at in 0..bytes.len() {
            bytes[at] ^= 0x40;
            fs::write(&stamp, &bytes).unwrap();
            assert_eq!(
                cache::known_fingerprint(&cache, &book, stat),
                None,
                "byte {at}"
            );
            bytes[at] ^= 0x40;
        }
    }
}
