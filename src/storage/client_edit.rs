//! A change of one client: read alone from the cache when the change reads only the
//! book's settings, written from the file itself around its text, with every copy of the
//! book patched for it (see [`update_client`]).

use std::fs::File;
use std::io;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use super::files::{OldText, copy_range, identity, refuse_unwritable};
use super::{
    Base, Fingerprint, Loaded, Precondition, SaveError, Saved, UpdateError, cache, dialect_of,
    files, fingerprint_file, load_from, location, lock_book, open_regular, splice,
    stage_and_commit, validate, write_locked,
};
use crate::model::{Book, Client};

/// What a change of one client reads besides the client itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The book's settings (the team, the cadences, the quota): the client can be read
    /// and saved alone, without the other clients.
    Settings,
    /// Every client too (the gift rule tallies a person's gifts across clients).
    WholeBook,
}

/// Changes the client with id `id` under the book's lock, as [`super::update`] does: `change`
/// gets the book as read and a copy of the client to change; `missing` says why there is
/// no such client. Only that client is written anew; the book is never copied. When the
/// change [`Reads::Settings`] only and the cache holds the book's text, the other clients
/// are not even decoded: `change` gets a book of the settings and this client alone (at
/// 10,000 clients, decoding them was most of what a `konto log` cost).
pub fn update_client<T, E>(
    location: &location::DataLocation,
    (id, reads): (&str, Reads),
    missing: impl FnOnce(&Book) -> E,
    change: impl FnOnce(&Book, &mut Client) -> Result<T, E>,
) -> Result<T, UpdateError<E>> {
    let (target, _lock) = lock_book(location)?;
    if reads == Reads::Settings
        && let Some(alone) = read_alone(location, id)
    {
        return change_alone(location, &target, alone, change);
    }
    let loaded = load_from(location)?;
    let Some(index) = loaded.book.clients.iter().position(|c| c.id == id) else {
        return Err(UpdateError::Refused(missing(&loaded.book)));
    };
    let mut client = loaded.book.clients[index].clone();
    let result = change(&loaded.book, &mut client).map_err(UpdateError::Refused)?;
    save_client_in(location, &target, loaded, (index, client))?;
    Ok(result)
}

/// A client read alone from the cache, with what saving it needs.
struct Alone {
    one: cache::OneClient,
    /// The fingerprint of the text it was read for.
    fingerprint: Fingerprint,
    /// Where each client is in that text.
    spans: Vec<std::ops::Range<usize>>,
}

/// The client `id` of the book at `location`, read alone (see [`cache::read_client`]),
/// when the cache holds the book's current text and knows where its clients are in it.
fn read_alone(location: &location::DataLocation, id: &str) -> Option<Alone> {
    let dir = location.cache_dir.as_deref()?;
    let fingerprint = fingerprint_file(&location.path, Some(dir)).ok()?;
    let spans = cache::read_spans(dir, &location.path, fingerprint)?;
    let one = cache::read_client(dir, &location.path, fingerprint, id)?;
    (spans.len() == one.clients).then_some(Alone {
        one,
        fingerprint,
        spans,
    })
}

/// [`update_client`] on a client read alone: saved by [`write_client_streamed`], or,
/// where that cannot be (a comment inside the client, its id changed), put into the whole
/// book, read under the same lock, and saved as any edit.
fn change_alone<T, E>(
    location: &location::DataLocation,
    target: &Path,
    alone: Alone,
    change: impl FnOnce(&Book, &mut Client) -> Result<T, E>,
) -> Result<T, UpdateError<E>> {
    let Alone {
        one,
        fingerprint,
        spans,
    } = alone;
    let before = &*one.client;
    let mut client = before.clone();
    let result = change(&one.book, &mut client).map_err(UpdateError::Refused)?;
    let edit = ClientEdit {
        settings: &one.book,
        index: one.index,
        clients: one.clients,
        change: (before, &client),
        spans: &spans,
    };
    // Every copy of the book is patched for the new text.
    let keep = |saved: &Saved| {
        remember_client(location, (fingerprint, saved), (one.index, &client));
    };
    let streamed = std::thread::scope(|scope| {
        // The copies are patched while the disk makes the new text durable: they are
        // keyed by content, so a copy of a text a failed save never put in place is merely
        // never read. Where no thread can be had, they are patched after the save.
        let (staged, to_keep) = std::sync::mpsc::channel::<Saved>();
        let keeper = std::thread::Builder::new().spawn_scoped(scope, move || {
            if let Ok(saved) = to_keep.recv() {
                keep(&saved);
            }
        });
        let mut on_staged = |saved: &Saved| {
            let _ = staged.send(saved.clone());
        };
        let streamed = write_client_streamed(target, &edit, fingerprint, &mut on_staged);
        drop(staged);
        match keeper {
            Ok(keeper) => {
                let _ = keeper.join();
            }
            Err(_) => {
                if let Ok(Some(saved)) = &streamed {
                    keep(saved);
                }
            }
        }
        streamed
    })?;
    if streamed.is_some() {
        return Ok(result);
    }
    let loaded = load_from(location)?;
    if loaded.fingerprint != fingerprint
        || loaded
            .book
            .clients
            .get(one.index)
            .is_none_or(|c| c.id != before.id)
    {
        return Err(UpdateError::Save(SaveError::ChangedOnDisk {
            path: target.to_path_buf(),
        }));
    }
    save_client_in(location, target, loaded, (one.index, client))?;
    Ok(result)
}

/// Saves `loaded`'s book with the client at `index` replaced by `client`, and keeps the
/// cache in step.
fn save_client_in(
    location: &location::DataLocation,
    target: &Path,
    loaded: Loaded,
    (index, client): (usize, Client),
) -> Result<(), SaveError> {
    let mut book = loaded.book;
    let before = book.clients.replace(index, client);
    let cache_dir = location.cache_dir.as_deref();
    let spans =
        cache_dir.and_then(|dir| cache::read_spans(dir, &location.path, loaded.fingerprint));
    let streamed = match &spans {
        Some(spans) => {
            let edit = ClientEdit {
                settings: &book,
                index,
                clients: book.clients.len(),
                change: (&before, &book.clients[index]),
                spans,
            };
            write_client_streamed(target, &edit, loaded.fingerprint, &mut |_| {})?
        }
        None => None,
    };
    let saved = match streamed {
        Some(saved) => saved,
        None => write_locked(
            target,
            &book,
            Precondition::Unchanged(loaded.fingerprint),
            Some(Base::Client {
                index,
                before: &before,
            }),
        )?,
    };
    let patched = remember_client(
        location,
        (loaded.fingerprint, &saved),
        (index, &book.clients[index]),
    );
    if let (Some(dir), false) = (cache_dir, patched) {
        cache::write(dir, &location.path, saved.fingerprint, &book);
    }
    free_off_the_path(book);
    Ok(())
}

/// Keeps the cache in step after the client at `index` alone was saved as `client`,
/// turning the text with fingerprint `was` into `saved`: every copy patched for it, and
/// where the clients now are. Whether the whole copy is now the new text's (patched, or
/// the text did not change).
fn remember_client(
    location: &location::DataLocation,
    (was, saved): (Fingerprint, &Saved),
    (index, client): (usize, &Client),
) -> bool {
    let Some(dir) = location.cache_dir.as_deref() else {
        return false;
    };
    if saved.fingerprint == was {
        // Nothing changed: the copies are the text's already.
        return true;
    }
    let path = &location.path;
    let patched = cache::write_client_edited(dir, path, (was, saved.fingerprint), index, client);
    if let Some(spans) = &saved.spans {
        cache::write_spans(dir, path, saved.fingerprint, spans);
    }
    patched
}

/// A change of one client whose place in the file is known.
pub(super) struct ClientEdit<'a> {
    /// A book with the settings the client is checked against (its clients are not read).
    pub(super) settings: &'a Book,
    /// Where the client is in the file's list of clients, and how long the list is.
    pub(super) index: usize,
    pub(super) clients: usize,
    /// The client before the change, and after it.
    pub(super) change: (&'a Client, &'a Client),
    /// Where each client is in the file (remembered for the text the book was read from).
    pub(super) spans: &'a [std::ops::Range<usize>],
}

/// The save of a one-client edit when the file's clients' places are known: the old
/// text is never read into memory, only the client's own text (it must read back as the
/// client before the change, with no comment in it) and the text before the first client
/// (for the file's dialect). The new file is the untouched bytes copied from the old file
/// around the client written anew; the old file's bytes are hashed as they pass (it must
/// be the text the book was read from, or nothing is committed) and the new file's as
/// they are written; then the same staging, backup and rename as every save. At 10,000
/// clients, reading the 25 MB text into fresh memory was a third of a `konto log`, and
/// hashing it before the copy another pass over it. `on_staged` hears of the new text
/// once it is staged, before it is synced and committed. `Ok(None)`: not possible here
/// (the whole-text save does it).
pub(super) fn write_client_streamed(
    target: &Path,
    edit: &ClientEdit<'_>,
    expected: Fingerprint,
    on_staged: &mut dyn FnMut(&Saved),
) -> Result<Option<Saved>, SaveError> {
    let io_err = |source| SaveError::Io {
        path: target.to_path_buf(),
        source,
    };
    let changed_on_disk = || SaveError::ChangedOnDisk {
        path: target.to_path_buf(),
    };
    refuse_unwritable(target)?;
    let read_as = identity(target);
    let old = open_regular(target).map_err(io_err)?;
    if old.metadata().map_err(io_err)?.len() != expected.len {
        return Err(changed_on_disk());
    }
    let (before, after) = edit.change;
    let Some(span) = edit.spans.get(edit.index) else {
        return Ok(None);
    };
    let (start, end) = (span.start as u64, span.end as u64);
    if edit.settings.version != crate::model::CURRENT_VERSION
        || after.id != before.id
        || edit.spans.len() != edit.clients
        || end > expected.len
    {
        return Ok(None);
    }
    let Some(old_client) = read_text_at(&old, start..end) else {
        return Ok(None);
    };
    // The text before the first client holds the header that turns extensions on.
    let Some(dialect) = edit
        .spans
        .first()
        .and_then(|first| read_text_at(&old, 0..first.start as u64))
        .map(|head| dialect_of(&head))
    else {
        return Ok(None);
    };
    if after == before {
        // Nothing to change: the file, its backup and the cache stay as they are.
        return Ok(Some(Saved {
            fingerprint: expected,
            spans: Some(edit.spans.to_vec()),
        }));
    }
    let Some(new_client) = splice::rewrite_client(&old_client, dialect, (before, after)) else {
        return Ok(None);
    };
    validate::validate_client(edit.settings, after)
        .map_err(|problem| SaveError::Invalid(problem.message))?;
    let (mut old_hash, mut new_hash) = (Xxh3::new(), Xxh3::new());
    let mut not_as_read = false;
    let mut staged = None;
    let write = &mut |file: &mut dyn io::Write| {
        let both = &mut |piece: &[u8]| {
            old_hash.update(piece);
            new_hash.update(piece);
        };
        copy_range(&old, 0..start, file, both)?;
        old_hash.update(old_client.as_bytes());
        new_hash.update(new_client.as_bytes());
        file.write_all(new_client.as_bytes())?;
        let both = &mut |piece: &[u8]| {
            old_hash.update(piece);
            new_hash.update(piece);
        };
        copy_range(&old, end..expected.len, file, both)?;
        // Checked before anything is committed: the copied bytes must be the text read.
        not_as_read =
            old_hash.digest128() != expected.hash || old.metadata()?.len() != expected.len;
        if not_as_read {
            return Err(io::Error::other("the book changed while it was copied"));
        }
        let saved = Saved {
            fingerprint: Fingerprint {
                len: expected.len - (end - start) + new_client.len() as u64,
                hash: new_hash.digest128(),
            },
            spans: splice::spans_after(edit.spans, edit.index, new_client.len()),
        };
        on_staged(&saved);
        staged = Some(saved);
        Ok(())
    };
    match stage_and_commit(target, read_as, Some(OldText::File(&old)), write) {
        Err(_) if not_as_read => return Err(changed_on_disk()),
        result => result?,
    }
    Ok(staged)
}

/// The text at `range` of `file`, if it is text.
fn read_text_at(file: &File, range: std::ops::Range<u64>) -> Option<String> {
    let mut bytes = vec![0; usize::try_from(range.end - range.start).ok()?];
    files::read_exact_at(file, &mut bytes, range.start).ok()?;
    String::from_utf8(bytes).ok()
}

/// Frees a book on a thread of its own: the command that read it answers without
/// waiting, and usually exits (freeing 10,000 clients' strings one by one was a tenth of
/// a `konto log`). A small book is freed at once: a thread costs more.
fn free_off_the_path(book: Book) {
    if book.clients.len() < 1_000 {
        return;
    }
    // Were no thread to be had, the closure, and the book with it, is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(book));
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::super::tests::{a_book, spans_of};
    use super::super::{cache, load, load_from, location, parse, splice};
    use super::*;

    /// A one-client edit of the text in a file: the file, the book it holds with the
    /// client at `index` given a note, the client before, and where the clients are.
    fn an_edit_of(
        text: &str,
        index: usize,
    ) -> (
        tempfile::TempDir,
        PathBuf,
        Book,
        crate::model::Client,
        Vec<std::ops::Range<usize>>,
    ) {
        let (dir, path, _) = a_book(text);
        let mut book = parse(text).unwrap().0;
        let before = book.clients[index].clone();
        book.clients[index].notes = Some("Asked for \"pricing\" ) ] // soon".into());
        let spans = spans_of(text);
        (dir, path, book, before, spans)
    }

    /// The edit of the client at `index` of `book`, which was `before`.
    fn edit_of<'a>(
        book: &'a Book,
        index: usize,
        before: &'a crate::model::Client,
        spans: &'a [std::ops::Range<usize>],
    ) -> ClientEdit<'a> {
        ClientEdit {
            settings: book,
            index,
            clients: book.clients.len(),
            change: (before, &book.clients[index]),
            spans,
        }
    }

    /// [`write_client_streamed`], with what it saved.
    fn streamed(
        path: &Path,
        edit: &ClientEdit<'_>,
        expected: Fingerprint,
    ) -> Result<Option<Saved>, SaveError> {
        let mut staged = None;
        let saved = write_client_streamed(path, edit, expected, &mut |saved| {
            staged = Some(saved.fingerprint);
        })?;
        // What was handed on once staged is what was saved; nothing is handed on when
        // nothing changed.
        match (&saved, staged) {
            (Some(saved), Some(staged)) => assert_eq!(saved.fingerprint, staged),
            (Some(saved), None) => assert_eq!(saved.fingerprint, expected),
            (None, staged) => assert_eq!(staged, None),
        }
        Ok(saved)
    }

    const HAND_WRITTEN: &str = "#![enable(explicit_struct_names)]\n// my book\nBook(owner: \"Mette\", clients: [\n  Client(id: \"anna\", name: \"Anna\"), // key one\n  Client(id: \"bo\",   name: \"Bo\"),\n  Client(id: \"cy\", name: \"Cy\"),\n])\n";

    #[test]
    fn a_client_saved_from_the_file_itself_is_what_the_whole_text_save_writes() {
        for index in 0..3 {
            let (_dir, path, book, before, spans) = an_edit_of(HAND_WRITTEN, index);
            let edit = edit_of(&book, index, &before, &spans);
            let expected = Fingerprint::of(HAND_WRITTEN.as_bytes());
            let saved = streamed(&path, &edit, expected).unwrap().unwrap();
            let written = fs::read_to_string(&path).unwrap();
            // What the save from the text in memory writes, from the same start.
            let spliced = splice::splice_client(HAND_WRITTEN, &book, index, &before).unwrap();
            assert_eq!(written, spliced.pieces.concat(), "client {index}");
            assert_eq!(saved.fingerprint, Fingerprint::of(written.as_bytes()));
            assert_eq!(saved.spans, spliced.spans);
            // Written in the file's dialect: with its struct name, as the others are.
            let new_spans = saved.spans.unwrap();
            assert!(
                written[new_spans[index].clone()].starts_with("Client("),
                "{written}"
            );
            assert_eq!(load(&path).unwrap().book, book);
            let backup = fs::read_to_string(location::backup_path(&path)).unwrap();
            assert_eq!(backup, HAND_WRITTEN, "the old text is the backup");
        }
    }

    #[test]
    fn a_client_saved_from_the_file_itself_is_refused_or_left_to_the_whole_save() {
        // The file is not the text the book was read from: refused, nothing written.
        let (_dir, path, book, before, spans) = an_edit_of(HAND_WRITTEN, 1);
        let edit = edit_of(&book, 1, &before, &spans);
        let other = Fingerprint::of(b"another text");
        // Another text of the same length is found out as it is copied: nothing is
        // committed, no temporary is left, no backup made.
        let same_length = Fingerprint {
            len: HAND_WRITTEN.len() as u64,
            hash: Fingerprint::of(HAND_WRITTEN.as_bytes()).hash ^ 1,
        };
        for expected in [other, same_length] {
            assert!(matches!(
                streamed(&path, &edit, expected),
                Err(SaveError::ChangedOnDisk { .. })
            ));
            assert_eq!(fs::read_to_string(&path).unwrap(), HAND_WRITTEN);
            let names: Vec<_> = fs::read_dir(path.parent().unwrap())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with(".book.ron.lock") && name != "cache")
                .collect();
            assert_eq!(names, ["book.ron"], "nothing beside the book");
        }
        // A comment inside the client, or spans that are not where it is: the whole save.
        let expected = Fingerprint::of(HAND_WRITTEN.as_bytes());
        let commented = HAND_WRITTEN.replace("\"bo\",   name", "\"bo\", /* new */ name");
        let (_dir, path, book, before, spans) = an_edit_of(&commented, 1);
        let edit = edit_of(&book, 1, &before, &spans);
        let expected_commented = Fingerprint::of(commented.as_bytes());
        assert!(
            streamed(&path, &edit, expected_commented)
                .unwrap()
                .is_none()
        );
        let (_dir, path, book, before, spans) = an_edit_of(HAND_WRITTEN, 1);
        let wrong: Vec<_> = spans.iter().map(|s| s.start + 1..s.end).collect();
        let edit = edit_of(&book, 1, &before, &wrong);
        assert!(streamed(&path, &edit, expected).unwrap().is_none());
        assert_eq!(fs::read_to_string(&path).unwrap(), HAND_WRITTEN);
    }

    /// Where the clients are, remembered wrongly (shifted, swapped, the whole file, too
    /// few): the edit is still saved right, found by a scan, and where the clients now are
    /// is remembered right.
    #[test]
    fn a_client_edit_with_its_place_remembered_wrongly_is_saved_right() {
        let (_dir, path, cache_dir) = a_book(HAND_WRITTEN);
        let location = location::DataLocation {
            path: path.clone(),
            source: location::Source::Flag,
            cache_dir: Some(cache_dir.clone()),
        };
        load_from(&location).unwrap();
        let wrongs = |right: &[std::ops::Range<usize>], len: usize| {
            vec![
                right.iter().map(|r| r.start + 1..r.end + 1).collect(),
                vec![right[1].clone(), right[0].clone(), right[2].clone()],
                vec![0..len; 3],
                right[..2].to_vec(),
            ]
        };
        // Read alone from the cache, and read with the whole book.
        for (step, reads) in
            (0..4).flat_map(|step| [(step, Reads::Settings), (step, Reads::WholeBook)])
        {
            let text = fs::read_to_string(&path).unwrap();
            let right: Vec<_> = spans_of(&text);
            let wrong = wrongs(&right, text.len()).remove(step);
            cache::write_spans(&cache_dir, &path, Fingerprint::of(text.as_bytes()), &wrong);
            let note = format!("Call {step} {reads:?}");
            update_client(
                &location,
                ("bo", reads),
                |_| (),
                |_, client| {
                    client.notes = Some(note.clone());
                    Ok(())
                },
            )
            .unwrap();
            let saved = fs::read_to_string(&path).unwrap();
            let book = load(&path).unwrap();
            assert_eq!(
                book.book.client("bo").unwrap().notes.as_deref(),
                Some(note.as_str())
            );
            assert!(saved.contains("// key one"), "{saved}");
            let now: Vec<_> = spans_of(&saved);
            assert_eq!(
                cache::read_spans(&cache_dir, &path, book.fingerprint),
                Some(now)
            );
        }
    }
}
