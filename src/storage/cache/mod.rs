//! A compact binary copy of the parsed book in the user's cache folder, so a large book
//! opens without parsing its text again. The book file stays the one source of truth: the
//! copy is keyed by the file's exact content (length and 128-bit hash), checked on every
//! load, written only from a book that passed validation, and thrown away whenever it is
//! stale, from another konto version or model, or unreadable. The settings and each
//! client are in the layout the model derives (see `record`); what frames them (header,
//! head, index) is postcard.

use std::fs;
use std::io::{self, Seek, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rkyv::Archive;
use rkyv::rancor::Failure;
use serde::{Deserialize, Serialize};

use crate::model::{Book, Client};

mod record;

use record::{book_of, date, day, model_layout, push_record, settings_of, take_record};

use super::Fingerprint;
use super::files::Stat;

// The layout of the copy: a new layout never reads an older one.
const MAGIC: [u8; 8] = *b"KONTO\0CH";

/// Who wrote a copy: konto's version, and the revision of what the parts keep (see
/// [`Part`]). A part's shape decides what its copy holds, so a copy cut by another shape
/// is not read, even by the same version (raise the revision when a shape or the frame
/// around the records changes; a change of the model needs no revision: see
/// [`record::model_layout`]).
const LAYOUT: &str = concat!(env!("CARGO_PKG_VERSION"), "+parts.11");

/// Clients are stored in this many pieces, read in parallel when the copy is large.
const CHUNKS: usize = 8;

/// A copy smaller than this is decoded on the calling thread alone. Decoding is mostly
/// the kernel handing out fresh pages, which a second thread does not speed up, while
/// its own heap costs memory: the daily copy at 10,000 clients (9 MB) reads in 27.9 ms
/// and 36.6 MiB on one thread against 30.6 ms and 43.0 MiB on two; at 20,000 (18 MB) the
/// times meet, and the whole copy at 10,000 (19 MB) is 4% faster on two.
const ONE_CORE_BELOW_BYTES: u64 = 16 << 20;

/// `$XDG_CACHE_HOME/konto/books` on Linux; `None` when `KONTO_CACHE=off`.
pub fn default_dir(setting: Option<&str>) -> Option<PathBuf> {
    if setting.is_some_and(|s| s.eq_ignore_ascii_case("off") || s == "0") {
        return None;
    }
    directories::ProjectDirs::from("", "", "konto").map(|d| d.cache_dir().join("books"))
}

/// One cache file per book file, named after the book's full path.
pub fn file_for(dir: &Path, book: &Path) -> PathBuf {
    dir.join(format!("{:016x}.bin", key_of(book)))
}

/// A part of the book that some commands read, and nothing more: each is kept in a
/// smaller copy of its own (see [`write_part`]), so that a command decodes a fraction of
/// a large book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What `remind` and `rank` read ([`crate::rules::checkins::as_read_daily`]), and the
    /// dashboard's first frame on a large book ([`super::load_preview`]).
    Daily,
    /// What `quota` reads ([`crate::rules::quota::as_read_for_quota`]).
    Deals,
    /// What `tasks` (the open ones) reads ([`crate::rules::tasks::as_read_for_open_tasks`]).
    OpenTasks,
}

impl Part {
    /// Every part, each with a copy of its own.
    const ALL: [Part; 3] = [Part::Daily, Part::Deals, Part::OpenTasks];

    fn suffix(self) -> &'static str {
        match self {
            Part::Daily => "daily",
            Part::Deals => "deals",
            Part::OpenTasks => "tasks",
        }
    }

    fn shape(self) -> Shape {
        match self {
            Part::Daily => |c| std::borrow::Cow::Owned(crate::rules::checkins::as_read_daily(c)),
            Part::Deals => |c| std::borrow::Cow::Owned(crate::rules::quota::as_read_for_quota(c)),
            Part::OpenTasks => {
                |c| std::borrow::Cow::Owned(crate::rules::tasks::as_read_for_open_tasks(c))
            }
        }
    }

    /// The first day the part answers as the whole book would (`None`: every day). Only
    /// the daily part keeps some interactions, the latest of each kind, which are the
    /// latest on any day from the newest one on.
    pub fn exact_from(self, book: &Book) -> Option<NaiveDate> {
        match self {
            Part::Daily => crate::rules::checkins::latest_interaction(book),
            Part::Deals | Part::OpenTasks => None,
        }
    }
}

/// [`Part::exact_from`] for a book of one client: the day a copy holding this client
/// is exact from, as far as this client goes.
fn exact_from_client(part: Part, client: &Client) -> Option<i32> {
    match part {
        Part::Daily => client
            .interactions
            .iter()
            .filter_map(|i| i.date)
            .max()
            .map(day),
        Part::Deals | Part::OpenTasks => None,
    }
}

/// The copy of `part` of the book (see [`write_part`]).
pub fn part_file_for(dir: &Path, book: &Path, part: Part) -> PathBuf {
    dir.join(format!("{:016x}.{}.bin", key_of(book), part.suffix()))
}

/// Where each client is in the book's text (see [`read_spans`]).
fn spans_file_for(dir: &Path, book: &Path) -> PathBuf {
    dir.join(format!("{:016x}.spans.bin", key_of(book)))
}

/// Where each client is in the text with fingerprint `source`, from its `(` to its `)`,
/// if a splice that wrote that text left it (see [`write_spans`]). Checksummed and keyed
/// by the text's content like a copy; the splice still checks the client it cuts.
pub fn read_spans(dir: &Path, book: &Path, source: Fingerprint) -> Option<Vec<Range<usize>>> {
    let opened = open_checked(&spans_file_for(dir, book), source)?;
    if !opened.rest.is_empty() {
        return None;
    }
    // Each span as the gap from the end of the one before, and its length.
    let steps: Vec<(u64, u64)> = postcard::from_bytes(&opened.head).ok()?;
    let mut end = 0u64;
    let mut spans = Vec::with_capacity(steps.len());
    for (gap, len) in steps {
        let start = end.checked_add(gap)?;
        end = start.checked_add(len)?;
        spans.push(usize::try_from(start).ok()?..usize::try_from(end).ok()?);
    }
    (end <= source.len).then_some(spans)
}

/// Remembers where each client is in the text with fingerprint `source`, so that the
/// next edit of one client finds it without scanning the whole text.
pub fn write_spans(dir: &Path, book: &Path, source: Fingerprint, spans: &[Range<usize>]) {
    let mut end = 0;
    let mut steps = Vec::with_capacity(spans.len());
    for span in spans {
        let (Some(gap), Some(len)) = (
            span.start.checked_sub(end),
            span.end.checked_sub(span.start),
        ) else {
            return;
        };
        steps.push((gap as u64, len as u64));
        end = span.end;
    }
    let Ok(body) = postcard::to_stdvec(&steps) else {
        return;
    };
    write_file(&spans_file_for(dir, book), source, (&body, &[]), None);
}

/// The fingerprint last seen for the book, with the stat it had then (see
/// [`known_fingerprint`]).
fn stamp_file_for(dir: &Path, book: &Path) -> PathBuf {
    dir.join(format!("{:016x}.stamp", key_of(book)))
}

#[derive(Serialize, Deserialize, PartialEq)]
struct Stamp {
    magic: [u8; 8],
    stat: Stat,
    fingerprint: Fingerprint,
}

const STAMP_MAGIC: [u8; 8] = *b"KONTO\0ST";

/// The book's fingerprint without reading it: the one remembered for this very stat
/// ([`remember_fingerprint`] keeps only settled ones, so a later change shows in the
/// stat). Checksummed: a damaged stamp is no stamp.
pub(super) fn known_fingerprint(dir: &Path, book: &Path, stat: Stat) -> Option<Fingerprint> {
    let bytes = super::read_capped(&stamp_file_for(dir, book), 256).ok()?;
    let (body, sum) = bytes.split_last_chunk::<16>()?;
    if u128::from_le_bytes(*sum) != xxhash_rust::xxh3::xxh3_128(body) {
        return None;
    }
    let stamp: Stamp = postcard::from_bytes(body).ok()?;
    (stamp.magic == STAMP_MAGIC && stamp.stat == stat).then_some(stamp.fingerprint)
}

/// Remembers that the book with this (settled) stat has this fingerprint.
pub(super) fn remember_fingerprint(dir: &Path, book: &Path, stat: Stat, fingerprint: Fingerprint) {
    let stamp = Stamp {
        magic: STAMP_MAGIC,
        stat,
        fingerprint,
    };
    let Ok(mut bytes) = postcard::to_stdvec(&stamp) else {
        return;
    };
    let sum = xxhash_rust::xxh3::xxh3_128(&bytes).to_le_bytes();
    bytes.extend_from_slice(&sum);
    if fs::create_dir_all(dir).is_ok() {
        let _ = super::files::replace_without_flush(&stamp_file_for(dir, book), &[&bytes]);
    }
}

fn key_of(book: &Path) -> u64 {
    let full = fs::canonicalize(book).unwrap_or_else(|_| book.to_path_buf());
    xxhash_rust::xxh3::xxh3_64(full.to_string_lossy().as_bytes())
}

#[derive(Serialize, Deserialize)]
struct Header {
    magic: [u8; 8],
    /// Another konto may lay books out differently: its copies are not used.
    version: String,
    /// And another model (see [`record::model_layout`]), whatever its version says.
    model: u64,
    source: Fingerprint,
    /// xxh3-128 of the head, the end of the file that says what comes before it (a copy's
    /// settings and each chunk's length and xxh3-128): a flipped byte anywhere, or another
    /// book's copy joined to this header, is caught before it is decoded. Little-endian,
    /// as is the head's length: the header's size is known before they are, so that it
    /// can be written again in place once the chunks are.
    head: [u8; 16],
    head_len: [u8; 8],
    /// A partial copy (what the daily commands read) is exact from this day on (`None`:
    /// always).
    exact_from: Option<i32>,
}

impl Header {
    fn of(source: Fingerprint, head: &[u8], exact_from: Option<i32>) -> Header {
        Header {
            magic: MAGIC,
            version: LAYOUT.to_string(),
            model: model_layout(),
            source,
            head: xxhash_rust::xxh3::xxh3_128(head).to_le_bytes(),
            head_len: (head.len() as u64).to_le_bytes(),
            exact_from,
        }
    }
}

/// A copy's head: its settings' bytes (see [`record::settings_of`]), each chunk's length
/// and xxh3-128 (the chunks come one after another from the end of the header), then the
/// length and xxh3-128 of the client index, which follows the chunks (see [`Index`]).
type Head = (Vec<u8>, Vec<(u64, u128)>, (u64, u128));

/// Where each client is: one client is found and its bytes read from its chunk and
/// checked, without reading the others. Read where it lies (rkyv), never decoded: a
/// lookup reads a few of its entries, whatever the book's size. Kept apart from the head,
/// so that a command that reads every client never reads it.
#[derive(Archive, rkyv::Serialize, rkyv::Deserialize)]
struct ClientIndex {
    /// Each client's record, in the book's order.
    records: Vec<RecordSum>,
    /// Each client's id (its xxh3) and its place in the book, in the order of the ids'
    /// hashes.
    by_id: Vec<(u64, u32)>,
}

/// A client's record as the index keeps it: its length and its xxh3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Archive, rkyv::Serialize, rkyv::Deserialize)]
struct RecordSum {
    len: u32,
    hash: u64,
}

impl ArchivedRecordSum {
    fn native(&self) -> RecordSum {
        RecordSum {
            len: self.len.to_native(),
            hash: self.hash.to_native(),
        }
    }
}

impl ArchivedClientIndex {
    /// The places in the book of the clients whose id may be `id` (those with its hash).
    fn places_of(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        self.places_with(xxhash_rust::xxh3::xxh3_64(id.as_bytes()))
    }

    /// The places of the clients whose id has the hash `hash`.
    fn places_with(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let first = self
            .by_id
            .partition_point(|entry| entry.0.to_native() < hash);
        self.by_id[first..]
            .iter()
            .take_while(move |entry| entry.0.to_native() == hash)
            .map(|entry| entry.1.to_native() as usize)
    }

    /// Whether the client at `at` may have the id `id`, as far as the index tells.
    fn holds(&self, id: &str, at: usize) -> bool {
        self.places_of(id).any(|place| place == at)
    }
}

impl RecordSum {
    fn of(record: &[u8]) -> Option<RecordSum> {
        Some(RecordSum {
            len: u32::try_from(record.len()).ok()?,
            hash: xxhash_rust::xxh3::xxh3_64(record),
        })
    }
}

/// Where the pieces of a copy are in its file, from its head.
struct Places {
    /// Each chunk's bytes and xxh3-128.
    chunks: Vec<(Range<u64>, u128)>,
    /// The client index's bytes and xxh3-128.
    index: (Range<u64>, u128),
}

impl Places {
    /// `None` unless the chunks and then the index fill the rest of the file exactly.
    fn of(
        table: &[(u64, u128)],
        (index_len, index_hash): (u64, u128),
        rest: &Range<u64>,
    ) -> Option<Places> {
        let index_start = rest.end.checked_sub(index_len)?;
        let chunks = chunk_places(table, &(rest.start..index_start))?;
        Some(Places {
            chunks,
            index: (index_start..rest.end, index_hash),
        })
    }
}

/// A cache file whose header is this layout's, for the text with the expected
/// fingerprint, and whose head matches its checksum; the rest is read by whoever needs
/// it, from `file`.
struct Opened {
    file: fs::File,
    head: Vec<u8>,
    /// Where the bytes between the header and the head are.
    rest: Range<u64>,
    exact_from: Option<i32>,
}

/// How many bytes of copy a byte of text can make at most: the copy keeps a place for
/// every field, so a client with only an id and a name, 17 bytes of text written tersely,
/// takes about 180 (see `the_copy_of_a_tersely_written_book_is_read`).
const COPY_PER_TEXT_BYTE: u64 = 16;

/// The header can be no longer than this (a version string, a fingerprint, a hash).
const HEADER_MOST: u64 = 512;

/// Opens the cache file `path` if it is a good one for the text with fingerprint
/// `source` (see [`Opened`]).
fn open_checked(path: &Path, source: Fingerprint) -> Option<Opened> {
    // A planted FIFO or device is no copy.
    let file = super::open_regular(path).ok()?;
    let len = file.metadata().ok()?.len();
    // A file far larger than any copy of the text is not read.
    if len
        > source
            .len
            .saturating_mul(COPY_PER_TEXT_BYTE)
            .saturating_add(1 << 20)
    {
        return None;
    }
    let mut first = vec![0; usize::try_from(len.min(HEADER_MOST)).ok()?];
    super::files::read_exact_at(&file, &mut first, 0).ok()?;
    let (header, after) = postcard::take_from_bytes::<Header>(&first).ok()?;
    let header_end = (first.len() - after.len()) as u64;
    let head_start = len.checked_sub(u64::from_le_bytes(header.head_len))?;
    if header.magic != MAGIC
        || header.version != LAYOUT
        || header.model != model_layout()
        || header.source != source
        || head_start < header_end
    {
        return None;
    }
    let mut head = vec![0; usize::try_from(len - head_start).ok()?];
    super::files::read_exact_at(&file, &mut head, head_start).ok()?;
    (xxhash_rust::xxh3::xxh3_128(&head).to_le_bytes() == header.head).then_some(Opened {
        file,
        head,
        rest: header_end..head_start,
        exact_from: header.exact_from,
    })
}

/// Where each chunk of a copy is in its file, and its xxh3-128, from the head's table;
/// `None` unless they fill the rest of the file exactly.
fn chunk_places(table: &[(u64, u128)], rest: &Range<u64>) -> Option<Vec<(Range<u64>, u128)>> {
    let mut at = rest.start;
    let mut places = Vec::with_capacity(table.len());
    for &(len, hash) in table {
        let end = at.checked_add(len)?;
        places.push((at..end, hash));
        at = end;
    }
    (at == rest.end).then_some(places)
}

/// The bytes of one chunk, checked against its hash, read into `buffer` (reused from
/// chunk to chunk, so that a large copy is never in memory whole).
fn read_chunk<'b>(
    file: &fs::File,
    (place, hash): &(Range<u64>, u128),
    buffer: &'b mut Vec<u8>,
) -> Option<&'b [u8]> {
    buffer.clear();
    buffer.resize(usize::try_from(place.end - place.start).ok()?, 0);
    super::files::read_exact_at(file, buffer, place.start).ok()?;
    (xxhash_rust::xxh3::xxh3_128(buffer) == *hash).then_some(buffer.as_slice())
}

/// The cached book for `book`'s current content, if there is a good one. Warnings are not
/// kept: they are worked out from the book, so an edit can never quiet them.
pub fn read(dir: &Path, book: &Path, source: Fingerprint) -> Option<Book> {
    read_copy(&file_for(dir, book), source).map(|(book, _)| book)
}

/// Whether there is a copy of `part` for the text with fingerprint `source` that is
/// exact on `today`, by its header and head alone (its chunks are checked when read).
pub fn has_part(
    dir: &Path,
    book: &Path,
    part: Part,
    source: Fingerprint,
    today: NaiveDate,
) -> bool {
    open_checked(&part_file_for(dir, book, part), source).is_some_and(|opened| {
        opened
            .exact_from
            .is_none_or(|from| date(from).is_some_and(|from| today >= from))
    })
}

/// `part` of the book, from its smaller copy, if there is a good one and it is exact on
/// `today` (see [`Part::exact_from`]).
pub fn read_part(
    dir: &Path,
    book: &Path,
    part: Part,
    source: Fingerprint,
    today: NaiveDate,
) -> Option<Book> {
    let (partial, exact_from) = read_copy(&part_file_for(dir, book, part), source)?;
    exact_from
        .is_none_or(|from| today >= from)
        .then_some(partial)
}

/// A copy's book, and the day it is exact from, if the copy is good for `source`.
fn read_copy(file: &Path, source: Fingerprint) -> Option<(Book, Option<NaiveDate>)> {
    let opened = open_checked(file, source)?;
    let (settings, table, index): Head = postcard::from_bytes(&opened.head).ok()?;
    let places = Places::of(&table, index, &opened.rest)?;
    let decoded = decode_chunks(
        &opened.file,
        &places.chunks,
        cores_to_decode(&places.chunks),
    )?;
    let mut book = book_of(&settings)?;
    for chunk in decoded {
        for client in chunk {
            book.clients.push_shared(client);
        }
    }
    let exact_from = match opened.exact_from {
        Some(days) => Some(date(days)?),
        None => None,
    };
    Some((book, exact_from))
}

/// The clients of every chunk, in order. A thread a core takes the chunks one by one,
/// reading each into the one buffer it keeps, checking it and decoding it: a whole copy
/// read into memory first was a sixth of the first frame at 100,000 clients, in fresh
/// pages.
fn decode_chunks(
    file: &fs::File,
    places: &[(Range<u64>, u128)],
    cores: usize,
) -> Option<Vec<Vec<Arc<Client>>>> {
    crate::parallel::each_with(places, cores, Vec::new, |buffer, place| {
        decode_chunk(read_chunk(file, place, buffer)?)
    })
}

/// How many cores decode chunks at `places`: one below [`ONE_CORE_BELOW_BYTES`].
fn cores_to_decode(places: &[(Range<u64>, u128)]) -> usize {
    let bytes: u64 = places
        .iter()
        .map(|(range, _)| range.end - range.start)
        .sum();
    if bytes < ONE_CORE_BELOW_BYTES {
        1
    } else {
        crate::parallel::cores()
    }
}

/// One chunk's clients (a count, then each client's record).
fn decode_chunk(chunk: &[u8]) -> Option<Vec<Arc<Client>>> {
    let (count, mut rest) = postcard::take_from_bytes::<usize>(chunk).ok()?;
    // A client takes at least a byte: a damaged count cannot ask for a huge allocation.
    let mut clients = Vec::with_capacity(count.min(rest.len()));
    for _ in 0..count {
        let (client, after) = take_record(rest)?;
        clients.push(Arc::new(client));
        rest = after;
    }
    rest.is_empty().then_some(clients)
}

/// One client of a copy, with the book's settings, decoded without the other clients.
pub struct OneClient {
    /// The book's settings, and this client alone in its list.
    pub book: Book,
    /// The client (the one in `book`).
    pub client: Arc<Client>,
    /// Where the client is in the whole book's list.
    pub index: usize,
    /// How many clients the whole book has.
    pub clients: usize,
}

/// The client with id `id` and the settings of the book whose text has fingerprint
/// `source`, from its copy: only the client index and the chunk holding the client are
/// read, and only the client is decoded (a one-client edit of a large book need not
/// decode the book). `None` when there is no good copy or no such client.
pub fn read_client(
    dir: &Path,
    book_path: &Path,
    source: Fingerprint,
    id: &str,
) -> Option<OneClient> {
    let opened = open_checked(&file_for(dir, book_path), source)?;
    if opened.exact_from.is_some() {
        return None;
    }
    let (settings, table, index_at): Head = postcard::from_bytes(&opened.head).ok()?;
    let places = Places::of(&table, index_at, &opened.rest)?;
    let mut index_bytes = Vec::new();
    let index = read_index(&opened.file, &places, &mut index_bytes)?;
    let (at, client) = index
        .places_of(id)
        .filter_map(|at| Some((at, read_record(&opened.file, (index, &places), at)?)))
        .find(|(_, client)| client.id == id)?;
    let client = Arc::new(client);
    let mut book = book_of(&settings)?;
    book.clients.push_shared(Arc::clone(&client));
    Some(OneClient {
        book,
        client,
        index: at,
        clients: index.records.len(),
    })
}

/// The client at `at` in an opened copy: its own bytes, checked by their own hash, not
/// the rest of its chunk.
fn read_record(
    file: &fs::File,
    (index, places): (&ArchivedClientIndex, &Places),
    at: usize,
) -> Option<Client> {
    let (chunk, range) = client_place(index, places, at)?;
    let (place, _) = places.chunks.get(chunk)?;
    let mut bytes = vec![0; range.len()];
    super::files::read_exact_at(file, &mut bytes, place.start + range.start as u64).ok()?;
    if RecordSum::of(&bytes)? != index.records.get(at)?.native() {
        return None;
    }
    let (client, rest) = take_record(&bytes)?;
    rest.is_empty().then_some(client)
}

/// Where the client at `at` is: its chunk, and its bytes within the chunk; `None` unless
/// the index's lengths fill that chunk exactly, after its count.
fn client_place(
    index: &ArchivedClientIndex,
    places: &Places,
    at: usize,
) -> Option<(usize, Range<usize>)> {
    let records = &index.records;
    let per_chunk = chunk_size(records.len());
    let chunk = at / per_chunk;
    let first = chunk * per_chunk;
    let members = records.get(first..(first + per_chunk).min(records.len()))?;
    let (place, _) = places.chunks.get(chunk)?;
    let count_len = postcard::to_stdvec(&members.len()).ok()?.len();
    let len = |entries: &[ArchivedRecordSum]| -> usize {
        entries.iter().map(|sum| sum.len.to_native() as usize).sum()
    };
    if (count_len + len(members)) as u64 != place.end - place.start {
        return None;
    }
    let start = count_len + len(members.get(..at - first)?);
    let end = start + members.get(at - first)?.len.to_native() as usize;
    Some((chunk, start..end))
}

/// Keeps every copy of the book in step after an edit of the client at `at` alone, which
/// turned the text with fingerprint `was` into the one with `now`: the whole copy and
/// each part's copy of `was` are written again with the bytes of the other clients
/// copied as they stand and only this client encoded (see [`read_client`]). A copy that
/// cannot be patched is left as it is: it is of `was`, so no longer read. Whether the
/// whole copy was patched.
pub fn write_client_edited(
    dir: &Path,
    book_path: &Path,
    (was, now): (Fingerprint, Fingerprint),
    at: usize,
    client: &Client,
) -> bool {
    // The whole copy on a thread of its own, beside the parts' smaller ones: the save
    // waits for the disk meanwhile, so a core is free (without a thread, one after the
    // other).
    let whole = || patch_client(&file_for(dir, book_path), (was, now), at, (client, None));
    std::thread::scope(|scope| {
        let beside = std::thread::Builder::new().spawn_scoped(scope, whole);
        for part in Part::ALL {
            let file = part_file_for(dir, book_path, part);
            let shaped = part.shape()(client);
            let latest = exact_from_client(part, client);
            let _ = patch_client(&file, (was, now), at, (&shaped, latest));
        }
        match beside {
            Ok(thread) => thread.join().ok().flatten(),
            Err(_) => whole(),
        }
        .is_some()
    })
}

/// [`write_client_edited`] for one copy: `client` is what the copy keeps of the client,
/// and the copy stays exact from `latest` on (as well as from the day it was).
fn patch_client(
    file: &Path,
    (was, now): (Fingerprint, Fingerprint),
    at: usize,
    (client, latest): (&Client, Option<i32>),
) -> Option<()> {
    let opened = open_checked(file, was)?;
    let (settings, mut table, index_at): Head = postcard::from_bytes(&opened.head).ok()?;
    let places = Places::of(&table, index_at, &opened.rest)?;
    let mut index_bytes = Vec::new();
    let index = read_index(&opened.file, &places, &mut index_bytes)?;
    if !index.holds(&client.id, at) {
        return None;
    }
    let (chunk, range) = client_place(index, &places, at)?;
    let mut bytes = Vec::new();
    read_chunk(&opened.file, places.chunks.get(chunk)?, &mut bytes)?;
    let encoded = push_record(Vec::new(), client)?;
    let mut index: ClientIndex = rkyv::deserialize::<_, Failure>(index).ok()?;
    *index.records.get_mut(at)? = RecordSum::of(&encoded)?;
    bytes.splice(range, encoded);
    *table.get_mut(chunk)? = (bytes.len() as u64, xxhash_rust::xxh3::xxh3_128(&bytes));
    let index = rkyv::api::high::to_bytes_in::<_, Failure>(&index, Vec::new()).ok()?;
    let head = postcard::to_stdvec(&(settings, table, index_entry(&index))).ok()?;
    let exact_from = match (opened.exact_from, latest) {
        (Some(was), Some(latest)) => Some(was.max(latest)),
        (was, latest) => was.or(latest),
    };
    let header = postcard::to_stdvec(&Header::of(now, &head, exact_from)).ok()?;
    // The other chunks are copied from the old copy as they stand, checksums and all.
    super::files::replace_with_without_flush(file, |out| {
        out.write_all(&header)?;
        for (k, (place, _)) in places.chunks.iter().enumerate() {
            if k == chunk {
                out.write_all(&bytes)?;
            } else {
                super::files::copy_range(&opened.file, place.clone(), out, &mut |_| {})?;
            }
        }
        out.write_all(&index)?;
        out.write_all(&head)
    })
    .ok()
}

/// Keeps a copy of a validated `book` whose file has the fingerprint `source`. Failing to
/// write a cache is never an error: the next load just parses the text.
pub fn write(dir: &Path, book_path: &Path, source: Fingerprint, book: &Book) {
    write_copy(&file_for(dir, book_path), source, (book, as_it_is), None);
}

/// A client copied as it is.
fn as_it_is(client: &Client) -> std::borrow::Cow<'_, Client> {
    std::borrow::Cow::Borrowed(client)
}

/// What a client becomes in a copy.
type Shape = for<'c> fn(&'c Client) -> std::borrow::Cow<'c, Client>;

/// Keeps a smaller copy of `part` of a validated `book`, so that the commands that read
/// only it decode a fraction of a large book. Written when one of them first finds it
/// missing or stale, not on every save; each client is cut down as it is encoded, never
/// all at once (a second copy of the book beside it on the first run).
pub fn write_part(dir: &Path, book_path: &Path, part: Part, source: Fingerprint, book: &Book) {
    write_copy(
        &part_file_for(dir, book_path, part),
        source,
        (book, part.shape()),
        part.exact_from(book).map(day),
    );
}

/// Writes a copy of `book`, each client in `shape`, to `file` (in the cache folder),
/// exact from `exact_from`. The chunks are encoded a core's worth at a time and written
/// as they come: a large book's copy is never in memory whole beside the book (at
/// 100,000 clients, 105 MB more at the peak of a first open).
fn write_copy(
    file: &Path,
    source: Fingerprint,
    (book, shape): (&Book, Shape),
    exact_from: Option<i32>,
) {
    if !folder_ready_for(file) {
        return;
    }
    let clients = book.clients.shared();
    let parts: Vec<&[Arc<Client>]> = clients.chunks(chunk_size(clients.len())).collect();
    let room = chunk_room(source, parts.len());
    let cores = crate::parallel::cores();
    let failed = || io::Error::other("a client could not be encoded");
    let _ = super::files::replace_with_without_flush(file, |out| {
        // The header's size does not depend on the head's hash or length: a stand-in now,
        // the real one over it at the end.
        let stand_in =
            postcard::to_stdvec(&Header::of(source, &[], exact_from)).map_err(|_| failed())?;
        out.write_all(&stand_in)?;
        let mut table = Vec::with_capacity(parts.len());
        let mut sums = Vec::with_capacity(clients.len());
        for wave in parts.chunks(cores) {
            for encoded in encode_chunks(wave, shape, room).ok_or_else(failed)? {
                let bytes = &encoded.bytes;
                table.push((bytes.len() as u64, xxhash_rust::xxh3::xxh3_128(bytes)));
                out.write_all(bytes)?;
                sums.extend_from_slice(&encoded.sums);
            }
        }
        let index = index_of(clients, &sums).ok_or_else(failed)?;
        out.write_all(&index)?;
        let settings = settings_of(book).ok_or_else(failed)?;
        let head =
            postcard::to_stdvec(&(settings, table, index_entry(&index))).map_err(|_| failed())?;
        out.write_all(&head)?;
        let header =
            postcard::to_stdvec(&Header::of(source, &head, exact_from)).map_err(|_| failed())?;
        if header.len() != stand_in.len() {
            return Err(failed());
        }
        out.seek(io::SeekFrom::Start(0))?;
        out.write_all(&header)
    });
}

/// Keeps the whole copy in step after an edit that turned the text with fingerprint
/// `was` into the one with `now`, its clients where they were and only those for which
/// `changed` holds (by place) different: the copy of `was` with only the chunks holding a
/// changed client encoded anew and the others' bytes copied as they stand (at 10,000
/// clients, encoding the whole book was a fifth of a `konto log`). Anything that does not
/// fit (no copy of `was`, another layout, another number of clients, most chunks changed)
/// writes the whole copy instead, on every core.
pub fn write_edited(
    dir: &Path,
    book_path: &Path,
    (was, now): (Fingerprint, Fingerprint),
    book: &Book,
    changed: &dyn Fn(usize) -> bool,
) {
    let file = file_for(dir, book_path);
    if patch_copy(&file, (was, now), book, changed).is_none() {
        write(dir, book_path, now, book);
    }
}

/// [`write_edited`]'s patch; `None` when the copy on disk cannot be patched.
fn patch_copy(
    file: &Path,
    (was, now): (Fingerprint, Fingerprint),
    book: &Book,
    changed: &dyn Fn(usize) -> bool,
) -> Option<()> {
    let opened = open_checked(file, was)?;
    if opened.exact_from.is_some() {
        return None;
    }
    // The settings are encoded anew (they are small); only the clients' chunks are kept.
    let (_, table, index_at): Head = postcard::from_bytes(&opened.head).ok()?;
    let places = Places::of(&table, index_at, &opened.rest)?;
    let mut index_bytes = Vec::new();
    let old_index = read_index(&opened.file, &places, &mut index_bytes)?;
    let clients = book.clients.shared();
    let per_chunk = chunk_size(clients.len());
    let expected: Vec<&[Arc<Client>]> = clients.chunks(per_chunk).collect();
    if places.chunks.len() != expected.len() || old_index.records.len() != clients.len() {
        return None;
    }
    let edited: Vec<bool> = (0..expected.len())
        .map(|k| (k * per_chunk..k * per_chunk + expected[k].len()).any(changed))
        .collect();
    if edited.iter().filter(|&&e| e).count() * 2 > CHUNKS {
        return None;
    }
    // Each chunk holding a changed client encoded anew; each other read from the copy,
    // and it must hold as many clients as the split gives it.
    let mut chunks = Vec::with_capacity(places.chunks.len());
    let mut sums = Vec::with_capacity(clients.len());
    for (k, ((place, clients), edited)) in
        places.chunks.iter().zip(&expected).zip(edited).enumerate()
    {
        if edited {
            let encoded = encode_chunk(clients, as_it_is, chunk_room(now, expected.len()))?;
            sums.extend_from_slice(&encoded.sums);
            chunks.push(encoded.bytes);
            continue;
        }
        let mut bytes = Vec::new();
        read_chunk(&opened.file, place, &mut bytes)?;
        let (count, _) = postcard::take_from_bytes::<usize>(&bytes).ok()?;
        if count != clients.len() {
            return None;
        }
        let first = k * per_chunk;
        sums.extend(
            old_index
                .records
                .get(first..first + count)?
                .iter()
                .map(ArchivedRecordSum::native),
        );
        chunks.push(bytes);
    }
    let chunks: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
    write_body(file, now, book, (&chunks, &sums), None);
    Some(())
}

/// The client index of an opened copy, read into `buffer`, checked against its hash and
/// its layout, and read where it lies.
fn read_index<'b>(
    file: &fs::File,
    places: &Places,
    buffer: &'b mut Vec<u8>,
) -> Option<&'b ArchivedClientIndex> {
    let bytes = read_chunk(file, &places.index, buffer)?;
    rkyv::access::<ArchivedClientIndex, Failure>(bytes).ok()
}

/// Writes `book`'s settings and the encoded `chunks` of its clients (whose records are
/// `sums`) to `file`, as the copy of the text with fingerprint `source`, exact
/// from `exact_from`.
fn write_body(
    file: &Path,
    source: Fingerprint,
    book: &Book,
    (chunks, sums): (&[&[u8]], &[RecordSum]),
    exact_from: Option<i32>,
) {
    let table: Vec<(u64, u128)> = chunks
        .iter()
        .map(|chunk| (chunk.len() as u64, xxhash_rust::xxh3::xxh3_128(chunk)))
        .collect();
    let Some(index) = index_of(book.clients.shared(), sums) else {
        return;
    };
    let Some(head) = settings_of(book)
        .and_then(|settings| postcard::to_stdvec(&(settings, table, index_entry(&index))).ok())
    else {
        return;
    };
    let mut rest = chunks.to_vec();
    rest.push(&index);
    write_file(file, source, (&head, &rest), exact_from);
}

/// Writes a file in the cache folder: a header that names the text it was made from and
/// checksums `head`, then the `rest` (which the head describes), then `head`, in pieces
/// so that they are never copied into one.
fn write_file(
    file: &Path,
    source: Fingerprint,
    (head, rest): (&[u8], &[&[u8]]),
    exact_from: Option<i32>,
) {
    let Ok(header) = postcard::to_stdvec(&Header::of(source, head, exact_from)) else {
        return;
    };
    let mut pieces = Vec::with_capacity(rest.len() + 2);
    pieces.push(header.as_slice());
    pieces.extend_from_slice(rest);
    pieces.push(head);
    if folder_ready_for(file) {
        let _ = super::files::replace_without_flush(file, &pieces);
    }
}

/// Whether the cache folder `file` goes in is there (made if need be), with what killed
/// writes left in it swept away.
fn folder_ready_for(file: &Path) -> bool {
    let Some(dir) = file.parent() else {
        return false;
    };
    if fs::create_dir_all(dir).is_err() {
        return false;
    }
    sweep_stale_temporaries(dir);
    true
}

/// How old a cache's temporary file must be before it is taken for one a killed konto
/// left: another konto may be writing one right now (the cache takes no lock).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary files killed writes left in the cache folder (`.<key>.bin.*.tmp`).
fn sweep_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with('.') && name.contains(".bin.") && name.ends_with(".tmp");
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| now.duration_since(at).unwrap_or_default() > STALE_AFTER);
        if ours && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// How many clients each of the [`CHUNKS`] encoded lists holds (the last may hold fewer).
fn chunk_size(clients: usize) -> usize {
    clients.div_ceil(CHUNKS).max(1)
}

/// The [`ClientIndex`] of `clients`, whose records are `sums`, as bytes.
fn index_of(clients: &[Arc<Client>], sums: &[RecordSum]) -> Option<Vec<u8>> {
    if clients.len() != sums.len() {
        return None;
    }
    let mut by_id = clients
        .iter()
        .enumerate()
        .map(|(at, client)| {
            let hash = xxhash_rust::xxh3::xxh3_64(client.id.as_bytes());
            Some((hash, u32::try_from(at).ok()?))
        })
        .collect::<Option<Vec<_>>>()?;
    by_id.sort_unstable();
    let index = ClientIndex {
        records: sums.to_vec(),
        by_id,
    };
    rkyv::api::high::to_bytes_in::<_, Failure>(&index, Vec::new()).ok()
}

/// What the head says of an encoded index: its length and xxh3-128.
fn index_entry(index: &[u8]) -> (u64, u128) {
    (index.len() as u64, xxhash_rust::xxh3::xxh3_128(index))
}

/// A chunk's bytes, and each client's record in it.
struct Encoded {
    bytes: Vec<u8>,
    sums: Vec<RecordSum>,
}

/// The lists `parts` of clients, encoded on every core; `None` if one could not be.
fn encode_chunks(parts: &[&[Arc<Client>]], shape: Shape, room: usize) -> Option<Vec<Encoded>> {
    crate::parallel::each(parts, crate::parallel::cores(), |part| {
        encode_chunk(part, shape, room)
    })
}

/// How much room to make for one of `chunks` encoded lists of the book with text
/// `source`: about as much as its share of the text, which a chunk of a book written as
/// konto writes it does not outgrow (a copy is about three quarters of the text), so that
/// it is not copied into ever larger buffers as it grows, each a fresh block of the
/// peak. Room never written to is never touched, so never resident.
fn chunk_room(source: Fingerprint, chunks: usize) -> usize {
    usize::try_from(source.len / chunks.max(1) as u64).map_or(0, |room| room.min(1 << 30))
}

/// One encoded list, in a buffer with `room` made first: its length, then each client in
/// `shape`.
fn encode_chunk(chunk: &[Arc<Client>], shape: Shape, room: usize) -> Option<Encoded> {
    let mut bytes = postcard::to_extend(&chunk.len(), Vec::with_capacity(room)).ok()?;
    let mut sums = Vec::with_capacity(chunk.len());
    for client in chunk {
        let start = bytes.len();
        bytes = push_record(bytes, &shape(client))?;
        sums.push(RecordSum::of(bytes.get(start..)?)?);
    }
    Some(Encoded { bytes, sums })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ForecastCategory, Money, PriorityWeights, Stage};

    #[test]
    fn temporaries_a_killed_write_left_are_swept_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".0123456789abcdef.bin.abc123.tmp");
        let fresh = dir.path().join(".0123456789abcdef.bin.def456.tmp");
        let other = dir.path().join("notes.tmp");
        for file in [&stale, &fresh, &other] {
            fs::write(file, "x").unwrap();
        }
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        fs::File::options()
            .write(true)
            .open(&other)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let book_path = dir.path().join("book.ron");
        fs::write(&book_path, "x").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        write(
            dir.path(),
            &book_path,
            Fingerprint::of(b"x"),
            &crate::demo::generate(2, 1, today),
        );
        assert!(!stale.exists(), "a stale temporary is swept");
        assert!(fresh.exists(), "one being written now is kept");
        assert!(other.exists(), "files not konto's are left alone");
    }

    #[test]
    fn a_book_comes_back_exactly_and_only_for_the_same_content() {
        let (dir, book_path) = a_book_file();
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let book = crate::demo::generate(50, 3, today);
        let source = Fingerprint::of(b"the text");
        write(dir.path(), &book_path, source, &book);
        let back = read(dir.path(), &book_path, source).expect("a hit");
        assert_eq!(back, book);
        assert!(read(dir.path(), &book_path, Fingerprint::of(b"other text")).is_none());
        // A damaged copy is ignored, not trusted.
        let file = file_for(dir.path(), &book_path);
        let mut bytes = fs::read(&file).unwrap();
        let cut = bytes.len() / 2;
        bytes.truncate(cut);
        fs::write(&file, &bytes).unwrap();
        assert!(read(dir.path(), &book_path, source).is_none());
    }

    /// Patches a copy of `book` into one of `edited` (which changed the clients for which
    /// `changed` holds) and holds it to what a whole write of `edited` gives.
    fn assert_patched_as_written_whole(
        book: &Book,
        edited: &Book,
        changed: &dyn Fn(usize) -> bool,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let whole = tempfile::tempdir().unwrap();
        let book_path = dir.path().join("book.ron");
        fs::write(&book_path, "x").unwrap();
        let (was, now) = (Fingerprint::of(b"before"), Fingerprint::of(b"after"));
        write(dir.path(), &book_path, was, book);
        let file = file_for(dir.path(), &book_path);
        assert!(patch_copy(&file, (was, now), edited, changed).is_some());
        assert_eq!(read(dir.path(), &book_path, now).as_ref(), Some(edited));
        write(whole.path(), &book_path, now, edited);
        assert!(
            fs::read(&file).unwrap() == fs::read(file_for(whole.path(), &book_path)).unwrap(),
            "the patched copy is byte for byte the whole one"
        );
    }

    /// A folder with a book file in it (the cache keys its copies by the file's path).
    fn a_book_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let book_path = dir.path().join("book.ron");
        fs::write(&book_path, "x").unwrap();
        (dir, book_path)
    }

    fn demo_of(clients: usize) -> Book {
        crate::demo::generate(clients, 3, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
    }

    /// A demo book of `clients` with its whole copy written for the text "the text": the
    /// cache folder, the book's path, the book, the text's fingerprint, the copy's file
    /// and its bytes as written.
    fn a_written_copy(clients: usize) -> Written {
        let (dir, book_path) = a_book_file();
        let book = demo_of(clients);
        let source = Fingerprint::of(b"the text");
        write(dir.path(), &book_path, source, &book);
        let file = file_for(dir.path(), &book_path);
        let good = fs::read(&file).unwrap();
        (dir, book_path, book, source, file, good)
    }

    type Written = (
        tempfile::TempDir,
        PathBuf,
        Book,
        Fingerprint,
        PathBuf,
        Vec<u8>,
    );

    #[test]
    fn an_edited_clients_copy_is_patched_to_what_a_whole_write_gives() {
        let book = demo_of(50);
        // The first and last client of a chunk, and of the book (chunks of 7, the last of 1).
        for index in [0, 6, 7, 48, 49] {
            let mut edited = book.clone();
            let mut client = edited.clients[index].clone();
            client.name.push_str(" (renamed)");
            client.interactions.clear();
            edited.clients.set(index, client);
            assert_patched_as_written_whole(&book, &edited, &|i| i == index);
        }
    }

    #[test]
    fn one_client_is_read_alone_with_the_settings() {
        let (dir, book_path) = a_book_file();
        let book = demo_of(50);
        let source = Fingerprint::of(b"the text");
        write(dir.path(), &book_path, source, &book);
        for (index, client) in book.clients.iter().enumerate() {
            let one = read_client(dir.path(), &book_path, source, &client.id).expect("found");
            assert_eq!((one.index, one.clients), (index, 50));
            assert_eq!(*one.client, *client);
            let mut settings = book.clone();
            settings.clients = crate::model::Clients::new();
            settings.clients.push(client.clone());
            assert_eq!(one.book, settings, "the settings and this client alone");
        }
        assert!(read_client(dir.path(), &book_path, source, "nobody").is_none());
        let other = Fingerprint::of(b"other text");
        assert!(read_client(dir.path(), &book_path, other, &book.clients[0].id).is_none());
        // A part's copy is not the whole book.
        write_part(dir.path(), &book_path, Part::Daily, other, &book);
        fs::copy(
            part_file_for(dir.path(), &book_path, Part::Daily),
            file_for(dir.path(), &book_path),
        )
        .unwrap();
        assert!(read_client(dir.path(), &book_path, other, &book.clients[0].id).is_none());
    }

    /// A small copy is decoded on one thread; a large one on several, which must give
    /// the same clients in the same order.
    #[test]
    fn chunks_decoded_on_several_threads_are_those_decoded_on_one() {
        let (_dir, _, book, source, file, _) = a_written_copy(50);
        let opened = open_checked(&file, source).unwrap();
        let (_, table, index): Head = postcard::from_bytes(&opened.head).unwrap();
        let places = Places::of(&table, index, &opened.rest).unwrap();
        assert_eq!(cores_to_decode(&places.chunks), 1, "a small copy");
        assert!(places.chunks.len() > 1, "a copy of several chunks");
        let alone = decode_chunks(&opened.file, &places.chunks, 1).unwrap();
        let shared = decode_chunks(&opened.file, &places.chunks, 3).unwrap();
        assert_eq!(alone, shared);
        let clients: Vec<&Client> = alone.iter().flatten().map(|c| &**c).collect();
        assert_eq!(clients, book.clients.iter().collect::<Vec<_>>());
    }

    /// A one-client edit's patch of the whole copy and of each part's copy is byte for
    /// byte what writing them whole from the edited book gives: at a chunk's edges and
    /// the book's, the client growing and shrinking, a newer interaction moving the day
    /// the daily copy is exact from.
    #[test]
    fn one_client_edited_alone_is_patched_into_every_copy() {
        let book = demo_of(50);
        let (was, now) = (Fingerprint::of(b"before"), Fingerprint::of(b"after"));
        for index in [0, 6, 7, 48, 49] {
            let (dir, book_path) = a_book_file();
            let whole = tempfile::tempdir().unwrap();
            write(dir.path(), &book_path, was, &book);
            for part in Part::ALL {
                write_part(dir.path(), &book_path, part, was, &book);
            }
            let mut edited = book.clone();
            let client = edited.clients.get_mut(index).unwrap();
            if index % 2 == 0 {
                client.name.push_str(" (renamed, and longer)");
                client.interactions.push(crate::model::Interaction {
                    date: NaiveDate::from_ymd_opt(2026, 12, 24),
                    ..client.interactions.first().cloned().unwrap_or_default()
                });
            } else {
                client.interactions.clear();
                client.deals.clear();
                client.tasks.clear();
            }
            let client = edited.clients[index].clone();
            write_client_edited(dir.path(), &book_path, (was, now), index, &client);
            write(whole.path(), &book_path, now, &edited);
            let files = [(
                file_for(dir.path(), &book_path),
                file_for(whole.path(), &book_path),
            )];
            for part in Part::ALL {
                write_part(whole.path(), &book_path, part, now, &edited);
            }
            let parts = Part::ALL.map(|part| {
                (
                    part_file_for(dir.path(), &book_path, part),
                    part_file_for(whole.path(), &book_path, part),
                )
            });
            for (patched, written) in files.iter().chain(&parts) {
                assert!(
                    fs::read(patched).unwrap() == fs::read(written).unwrap(),
                    "client {index}: {} is byte for byte the whole one",
                    patched.display()
                );
            }
            assert_eq!(read(dir.path(), &book_path, now).as_ref(), Some(&edited));
            let one = read_client(dir.path(), &book_path, now, &client.id).unwrap();
            assert_eq!(*one.client, client);
        }
    }

    #[test]
    fn clients_changed_in_several_chunks_are_all_patched() {
        let book = demo_of(50);
        let mut edited = book.clone();
        edited.owner = Some("Ida".into());
        for index in [2, 30, 49] {
            let mut client = edited.clients[index].clone();
            client.tier = Some(crate::model::Tier::Key);
            edited.clients.set(index, client);
        }
        assert_patched_as_written_whole(&book, &edited, &|i| [2, 30, 49].contains(&i));
    }

    #[test]
    fn a_copy_that_does_not_fit_the_edit_is_written_whole() {
        let (dir, book_path) = a_book_file();
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let book = crate::demo::generate(20, 3, today);
        let was = Fingerprint::of(b"before");
        let file = file_for(dir.path(), &book_path);
        let now = Fingerprint::of(b"after");
        // No copy of the text the edit started from: nothing to patch.
        let third = |i| i == 3;
        assert!(patch_copy(&file, (was, now), &book, &third).is_none());
        write_edited(dir.path(), &book_path, (was, now), &book, &third);
        assert_eq!(read(dir.path(), &book_path, now).as_ref(), Some(&book));
        // A copy of another number of clients is not patched either.
        let mut fewer = book.clone();
        fewer.clients.remove(19);
        write(dir.path(), &book_path, was, &fewer);
        assert!(patch_copy(&file, (was, now), &book, &third).is_none());
        write_edited(dir.path(), &book_path, (was, now), &book, &third);
        assert_eq!(read(dir.path(), &book_path, now).as_ref(), Some(&book));
        // Nor one where most chunks changed: the whole copy is written on every core.
        write(dir.path(), &book_path, was, &book);
        assert!(patch_copy(&file, (was, now), &book, &|i| i % 2 == 0).is_none());
    }

    #[test]
    fn spans_come_back_for_the_same_text_only() {
        let (dir, book_path) = a_book_file();
        let text = "a".repeat(100);
        let source = Fingerprint::of(text.as_bytes());
        let spans = vec![3..10, 12..40, 40..41, 90..100];
        write_spans(dir.path(), &book_path, source, &spans);
        assert_eq!(
            read_spans(dir.path(), &book_path, source),
            Some(spans.clone())
        );
        assert_eq!(
            read_spans(dir.path(), &book_path, Fingerprint::of(b"other")),
            None
        );
        // Spans past the end of the text are no spans of it.
        let shorter = Fingerprint { len: 99, ..source };
        write_spans(dir.path(), &book_path, shorter, &spans);
        assert_eq!(read_spans(dir.path(), &book_path, shorter), None);
        // Overlapping spans are not written.
        write_spans(dir.path(), &book_path, source, &[3..10, 5..12]);
        assert_eq!(read_spans(dir.path(), &book_path, source), None);
        // A damaged file is ignored.
        write_spans(dir.path(), &book_path, source, &spans);
        let file = spans_file_for(dir.path(), &book_path);
        let mut bytes = fs::read(&file).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        fs::write(&file, &bytes).unwrap();
        assert_eq!(read_spans(dir.path(), &book_path, source), None);
    }

    #[test]
    fn ids_with_one_hash_are_all_found() {
        let index = ClientIndex {
            records: vec![RecordSum { len: 1, hash: 0 }; 4],
            by_id: vec![(3, 1), (5, 0), (5, 3), (9, 2)],
        };
        let bytes = rkyv::api::high::to_bytes_in::<_, Failure>(&index, Vec::new()).unwrap();
        let index = rkyv::access::<ArchivedClientIndex, Failure>(&bytes).unwrap();
        let found = |hash| index.places_with(hash).collect::<Vec<_>>();
        assert_eq!(found(5), [0, 3]);
        assert_eq!((found(3), found(9)), (vec![1], vec![2]));
        assert!(found(4).is_empty() && found(10).is_empty() && found(0).is_empty());
    }

    /// Where the record of the client at `at` is in a good copy's file.
    fn record_range(file: &Path, source: Fingerprint, at: usize) -> Range<usize> {
        let opened = open_checked(file, source).unwrap();
        let (_, table, index_at): Head = postcard::from_bytes(&opened.head).unwrap();
        let places = Places::of(&table, index_at, &opened.rest).unwrap();
        let mut buffer = Vec::new();
        let index = read_index(&opened.file, &places, &mut buffer).unwrap();
        let (chunk, range) = client_place(index, &places, at).unwrap();
        let start = usize::try_from(places.chunks[chunk].0.start).unwrap();
        start + range.start..start + range.end
    }

    #[test]
    fn one_client_is_read_and_checked_without_the_rest_of_its_chunk() {
        let (dir, book_path, book, source, file, good) = a_written_copy(40);
        let (first, second) = (
            record_range(&file, source, 0),
            record_range(&file, source, 1),
        );
        assert_eq!(first.end, second.start, "the two share a chunk");
        let id = book.clients[0].id.as_str();
        // Another client of the chunk damaged: this one is still read, and right; the
        // whole copy is not.
        let mut bad = good.clone();
        bad[second.start + second.len() / 2] ^= 0x01;
        fs::write(&file, &bad).unwrap();
        let alone = read_client(dir.path(), &book_path, source, id).expect("read alone");
        assert_eq!(*alone.client, book.clients[0]);
        assert!(read(dir.path(), &book_path, source).is_none());
        // Its own bytes damaged: not read.
        let mut bad = good.clone();
        bad[first.start + first.len() / 2] ^= 0x01;
        fs::write(&file, &bad).unwrap();
        assert!(read_client(dir.path(), &book_path, source, id).is_none());
    }

    #[test]
    fn a_copy_made_by_another_model_is_not_read() {
        let (dir, book_path, book, source, file, good) = a_written_copy(20);
        let end = header_len(&good);
        let (mut header, _) = postcard::take_from_bytes::<Header>(&good).unwrap();
        assert_eq!(header.model, model_layout());
        // The same bytes in every other way: only the model it was made by differs.
        header.model ^= 1;
        let other = postcard::to_stdvec(&header).unwrap();
        assert_eq!(other.len(), end);
        fs::write(&file, [other.as_slice(), &good[end..]].concat()).unwrap();
        assert!(read(dir.path(), &book_path, source).is_none());
        fs::write(&file, &good).unwrap();
        assert_eq!(read(dir.path(), &book_path, source), Some(book));
    }

    /// Where the header ends and the body begins, in a cache file.
    fn header_len(bytes: &[u8]) -> usize {
        let (_, rest) = postcard::take_from_bytes::<Header>(bytes).unwrap();
        bytes.len() - rest.len()
    }

    #[test]
    fn any_flipped_byte_of_the_body_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        let book = crate::storage::sample_book();
        let source = Fingerprint::of(b"s");
        write(dir.path(), &path, source, &book);
        let file = file_for(dir.path(), &path);
        let good = fs::read(&file).unwrap();
        let start = header_len(&good);
        let index = index_range(&file, source);
        let id = book.clients[0].id.as_str();
        // Every byte of the body, flipped one at a time: never a different book. The
        // client index is read only to find a client, and is checked then.
        for at in (start..good.len()).step_by(7) {
            let mut bad = good.clone();
            bad[at] ^= 0x01;
            fs::write(&file, &bad).unwrap();
            // One client is read from its chunk alone, checked: it or nothing.
            let alone = read_client(dir.path(), &path, source, id);
            assert!(
                alone.is_none_or(|one| *one.client == book.clients[0] && one.index == 0),
                "byte {at}"
            );
            if index.contains(&(at as u64)) {
                assert!(read_client(dir.path(), &path, source, id).is_none());
                assert_eq!(read(dir.path(), &path, source).as_ref(), Some(&book));
            } else {
                assert!(read(dir.path(), &path, source).is_none(), "byte {at}");
            }
        }
        assert!(index.end > index.start);
    }

    /// Where a good copy's client index is in its file.
    fn index_range(file: &Path, source: Fingerprint) -> Range<u64> {
        let opened = open_checked(file, source).unwrap();
        let (_, table, index): Head = postcard::from_bytes(&opened.head).unwrap();
        Places::of(&table, index, &opened.rest).unwrap().index.0
    }

    /// A book written as tersely as its text allows, every item with almost nothing set:
    /// the copy keeps a place for every field, so it is several times the text.
    fn terse_text() -> String {
        use std::fmt::Write as _;
        let mut text = String::from("(clients:[");
        for k in 0..30_000 {
            let _ = write!(text, "(id:\"{k:x}\",name:\"C\"),");
        }
        text.push_str("])");
        text
    }

    #[test]
    fn the_copy_of_a_tersely_written_book_is_read() {
        let (dir, book_path) = a_book_file();
        let text = terse_text();
        let (book, _) = crate::storage::codec::parse(&text).unwrap();
        let source = Fingerprint::of(text.as_bytes());
        write(dir.path(), &book_path, source, &book);
        let copy = fs::metadata(file_for(dir.path(), &book_path))
            .unwrap()
            .len();
        assert!(
            copy > 4 * text.len() as u64,
            "{copy} against {}",
            text.len()
        );
        assert_eq!(read(dir.path(), &book_path, source), Some(book));
    }

    #[test]
    fn a_copy_cut_short_or_with_bytes_added_is_refused() {
        let (dir, path, book, source, file, good) = a_written_copy(40);
        assert_eq!(read(dir.path(), &path, source).as_ref(), Some(&book));
        let mut longer = good.clone();
        longer.push(0);
        for bad in [
            &good[..good.len() - 1],
            &good[..good.len() / 2],
            &longer[..],
        ] {
            fs::write(&file, bad).unwrap();
            assert!(
                read(dir.path(), &path, source).is_none(),
                "{} bytes",
                bad.len()
            );
        }
    }

    #[test]
    fn a_header_joined_to_another_books_body_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        let other = dir.path().join("other.ron");
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let source = Fingerprint::of(b"this book");
        write(dir.path(), &path, source, &crate::storage::sample_book());
        write(
            dir.path(),
            &other,
            Fingerprint::of(b"other book"),
            &crate::demo::generate(5, 1, today),
        );
        let ours = fs::read(file_for(dir.path(), &path)).unwrap();
        let theirs = fs::read(file_for(dir.path(), &other)).unwrap();
        let mut spliced = ours[..header_len(&ours)].to_vec();
        spliced.extend_from_slice(&theirs[header_len(&theirs)..]);
        fs::write(file_for(dir.path(), &path), &spliced).unwrap();
        assert!(read(dir.path(), &path, source).is_none());
    }

    #[test]
    fn the_sample_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        let book = crate::storage::sample_book();
        let source = Fingerprint::of(b"s");
        write(dir.path(), &path, source, &book);
        assert_eq!(read(dir.path(), &path, source).unwrap(), book);
    }

    #[test]
    fn every_quota_setting_and_deal_history_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        let (mut book, _) =
            crate::storage::parse(include_str!("../../../tests/data/pay_plan.ron")).unwrap();
        book.quota.as_mut().unwrap().commission_cap = Some(Money::from_units(150_000));
        book.priority = Some(PriorityWeights {
            earnings: Some(2.5),
            ..PriorityWeights::default()
        });
        let deal = &mut book.clients[0].deals[2];
        let before = deal.clone();
        deal.close_date = None;
        deal.amount = Some(Money::from_units(1));
        deal.forecast = Some(ForecastCategory::BestCase);
        deal.stage = Some(Stage::Proposal);
        crate::edit::record_deal_change(Some(&before), deal, NaiveDate::MIN);
        let source = Fingerprint::of(b"s");
        write(dir.path(), &path, source, &book);
        assert_eq!(read(dir.path(), &path, source).unwrap(), book);
    }

    #[test]
    fn can_be_switched_off() {
        assert!(default_dir(Some("off")).is_none());
        assert!(default_dir(Some("0")).is_none());
    }
}
