//! The bytes a copy keeps of the book's settings and of each client, in the layout the
//! model derives (`model::binary`): nothing here names a field, so a field added to the
//! model is in the copies as it is.

use chrono::{Datelike, NaiveDate};
use rkyv::rancor::Failure;

use crate::model::{Book, Client};

/// A day as a copy's header keeps it (the day a part is exact from).
pub(super) fn day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// [`day`] back; `None` for a number no calendar has.
pub(super) fn date(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// What the copies' layout is derived from: the model's own source.
const MODEL_SOURCE: [&str; 3] = [
    include_str!("../../model/mod.rs"),
    include_str!("../../model/money.rs"),
    include_str!("../../model/binary.rs"),
];

/// A hash of the model's source: a copy made by a konto whose model differed in any way
/// (a field added, moved or of another type) is not read, though its bytes might check
/// as this model's, whatever version it says it is (konto's version does not change
/// with every build). A change to a comment costs a parse of the text, once.
pub(super) fn model_layout() -> u64 {
    // Worked out once a run: every copy opened or written asks.
    static LAYOUT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *LAYOUT.get_or_init(|| {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for source in MODEL_SOURCE {
            hasher.update(source.as_bytes());
        }
        hasher.digest()
    })
}

/// The book's settings (all but its clients, which the model's layout leaves out).
pub(super) fn settings_of(book: &Book) -> Option<Vec<u8>> {
    rkyv::api::high::to_bytes_in::<_, Failure>(book, Vec::new()).ok()
}

/// The settings back, checked (`None` for bytes that are not a book's settings); the
/// book has no clients yet.
pub(super) fn book_of(settings: &[u8]) -> Option<Book> {
    rkyv::from_bytes::<Book, Failure>(settings).ok()
}

/// The size of a record's length, before its client's bytes.
const LEN_BYTES: usize = 4;

/// `bytes` with `client`'s record after them: the length of the client's bytes
/// (little-endian; the layout's bytes do not say where they end), then the bytes, laid
/// out in place.
pub(super) fn push_record(mut bytes: Vec<u8>, client: &Client) -> Option<Vec<u8>> {
    let start = bytes.len();
    bytes.extend_from_slice(&[0; LEN_BYTES]);
    let mut bytes = rkyv::api::high::to_bytes_in::<_, Failure>(client, bytes).ok()?;
    let len = u32::try_from(bytes.len() - start - LEN_BYTES).ok()?;
    bytes
        .get_mut(start..start + LEN_BYTES)?
        .copy_from_slice(&len.to_le_bytes());
    Some(bytes)
}

/// The client of the record at the start of `bytes`, checked, and the bytes after it.
pub(super) fn take_record(bytes: &[u8]) -> Option<(Client, &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<LEN_BYTES>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    let (client, rest) = rest.split_at_checked(len)?;
    let client = rkyv::from_bytes::<Client, Failure>(client).ok()?;
    Some((client, rest))
}
