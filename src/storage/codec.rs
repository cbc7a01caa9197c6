//! The book as text: parsing (with the dialect and version checks), writing it out, and
//! checking that what is written reads back as the book.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;

use std::ops::Range;
use std::sync::Arc;

use crate::model::{Book, CURRENT_VERSION, Client};

use super::{Problem, SaveError, Warning, validate};

/// Parses and validates a book's text (no disk involved).
pub fn parse(text: &str) -> Result<(Book, Vec<Warning>), Problem> {
    parse_placed(text).map(|parsed| (parsed.book, parsed.warnings))
}

/// A book read from its text.
pub struct Parsed {
    pub book: Book,
    pub warnings: Vec<Warning>,
    /// Where each client is in the text, from its `(` to its `)`, when the parse found
    /// them (a large book read in parts); a one-client edit then need not look for them.
    pub places: Option<Vec<Range<usize>>>,
}

/// [`parse`], keeping where the clients are when the parse found them.
pub fn parse_placed(text: &str) -> Result<Parsed, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::unplaced(
            "the file is empty; a book starts with `(` and ends with `)` (see the README)",
        ));
    }
    // Some Windows editors start UTF-8 files with a byte-order mark; it is not part of the text.
    let marked = text.starts_with('\u{feff}');
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(problem) = conflict_markers(text) {
        return Err(problem);
    }
    let (mut book, places) = match parse_in_parts(text) {
        // Places in the text after the mark are not the file's: not kept.
        Some((book, places)) => (book, Some(places).filter(|_| !marked)),
        None => (
            read_options(Extensions::IMPLICIT_SOME)
                .from_str(text)
                .map_err(|e| newer_version(text).unwrap_or_else(|| Problem::from_ron(&e)))?,
            None,
        ),
    };
    crate::edit::fill_missing_ids(&mut book);
    let warnings = validate(&book, text)?;
    Ok(Parsed {
        book,
        warnings,
        places,
    })
}

/// Below this, a book is parsed in one piece: sharing it out would cost more than it saves.
pub(super) const IN_PARTS_FROM_BYTES: usize = 1 << 20;

/// A large book parsed on every core: the text around the `clients` list in one piece,
/// each client on its own, as a load of the whole text would read them (in the file's
/// dialect). `None` whenever the text is not plainly a book with a list of clients, or
/// any part does not parse: the whole text is then parsed in one piece, which also says
/// where a mistake is.
fn parse_in_parts(text: &str) -> Option<(Book, Vec<Range<usize>>)> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if text.len() < IN_PARTS_FROM_BYTES || cores < 2 {
        return None;
    }
    parse_shared_out(text, cores)
}

/// [`parse_in_parts`] on `cores` threads, whatever the text's size: the book, and where
/// each client is in the text.
fn parse_shared_out(text: &str, cores: usize) -> Option<(Book, Vec<Range<usize>>)> {
    let plan = plan(text, PIECE_BYTES)?;
    parse_planned(plan, &Source::Text(text), cores)
}

/// What a large book's text says of itself, taken while it is in memory whole: where
/// each client is, the text around them (the settings), and the clients cut into pieces
/// of about [`PIECE_BYTES`], each with the hash of its bytes. The clients can then be
/// parsed from the file a piece at a time once the text is gone (see
/// [`parse_file_planned`]): a book read from its text is never in memory beside the whole
/// text (at 10,000 clients, 24 MB of text beside 50 MB of book at the peak of a load).
pub(super) struct Plan {
    around: String,
    dialect: Extensions,
    places: Vec<Range<usize>>,
    pieces: Vec<Piece>,
}

/// Clients next to each other in the text, read and parsed together.
struct Piece {
    /// Which clients (by place in [`Plan::places`]).
    clients: Range<usize>,
    /// Their bytes, from the first one's `(` to the last one's `)`.
    bytes: Range<usize>,
    /// xxh3 of those bytes when the plan was made.
    hash: u64,
}

/// How many bytes of clients a piece holds, about (a client is never cut).
const PIECE_BYTES: usize = 1 << 20;

/// Where [`parse_planned`] reads a piece's bytes from.
enum Source<'t> {
    /// The text, in memory.
    Text(&'t str),
    /// The file the plan's text was read from: a piece must still hash as planned.
    File(&'t std::fs::File),
}

impl Source<'_> {
    /// The text of `piece`, read into `buffer` if need be.
    fn piece<'b>(&'b self, piece: &Piece, buffer: &'b mut Vec<u8>) -> Option<&'b str> {
        match self {
            Source::Text(text) => text.get(piece.bytes.clone()),
            Source::File(file) => {
                buffer.clear();
                buffer.resize(piece.bytes.len(), 0);
                super::files::read_exact_at(file, buffer, piece.bytes.start as u64).ok()?;
                if xxhash_rust::xxh3::xxh3_64(buffer) != piece.hash {
                    return None;
                }
                std::str::from_utf8(buffer).ok()
            }
        }
    }
}

/// The [`Plan`] of `text`, in pieces of about `piece_bytes`; `None` unless the text is
/// plainly a book with a list of clients and nothing else in it.
fn plan(text: &str, piece_bytes: usize) -> Option<Plan> {
    let list = super::lexer::find_clients(text)?;
    if list.elements.is_empty() || !super::lexer::holds_only_clients(text, &list) {
        return None;
    }
    let around = [text.get(..=list.start)?, text.get(list.end..)?].concat();
    let places: Vec<Range<usize>> = list.elements.into_iter().map(|e| e.span).collect();
    let mut pieces = Vec::new();
    let mut first = 0;
    for (at, place) in places.iter().enumerate() {
        let start = places.get(first)?.start;
        if place.end - start >= piece_bytes || at + 1 == places.len() {
            let bytes = start..place.end;
            let hash = xxhash_rust::xxh3::xxh3_64(text.get(bytes.clone())?.as_bytes());
            pieces.push(Piece {
                clients: first..at + 1,
                bytes,
                hash,
            });
            first = at + 1;
        }
    }
    Some(Plan {
        around,
        dialect: dialect_of(text),
        places,
        pieces,
    })
}

/// The book `plan` describes, its clients parsed a piece at a time on `cores` threads as
/// a load of the whole text would read them (in the file's dialect), and where each
/// client is in the text. `None` when a piece is not there as planned or any part does
/// not parse.
fn parse_planned(plan: Plan, source: &Source, cores: usize) -> Option<(Book, Vec<Range<usize>>)> {
    let mut book: Book = read_options(Extensions::IMPLICIT_SOME)
        .from_str(&plan.around)
        .ok()?;
    if !book.clients.is_empty() {
        return None;
    }
    // Each client shared as soon as it is read (no list of whole clients to move).
    let parsed = crate::parallel::each_with(&plan.pieces, cores, Vec::new, |buffer, piece| {
        let text = source.piece(piece, buffer)?;
        plan.places
            .get(piece.clients.clone())?
            .iter()
            .map(|place| {
                let within = place.start - piece.bytes.start..place.end - piece.bytes.start;
                let mut client = read_client(text.get(within)?, plan.dialect)?;
                client.shrink_to_fit();
                Some(Arc::new(client))
            })
            .collect::<Option<Vec<_>>>()
    })?;
    let mut all = Vec::with_capacity(plan.places.len());
    for part in parsed {
        all.extend(part);
    }
    book.clients = all.into_iter().collect();
    Some((book, plan.places))
}

/// The [`Plan`] of a large book's text as read from its file, to parse it from the file
/// once the text is dropped; `None` where [`parse_placed`] would not read it in parts
/// (a small book, a byte-order mark, conflict markers, not plainly a list of clients).
pub(super) fn plan_file(text: &str) -> Option<Plan> {
    if text.len() < IN_PARTS_FROM_BYTES
        || text.starts_with('\u{feff}')
        || conflict_markers(text).is_some()
    {
        return None;
    }
    plan(text, PIECE_BYTES)
}

/// The book in `file`, parsed a piece at a time by the plan of its text (see
/// [`plan_file`]), with its ids filled in and validated. `None` when the file no longer
/// holds that text, or anything in it does not parse or validate: the whole text is then
/// read again and parsed in one piece, which also places the mistake.
pub(super) fn parse_file_planned(plan: Plan, file: &std::fs::File) -> Option<Parsed> {
    let (mut book, places) = parse_planned(plan, &Source::File(file), crate::parallel::cores())?;
    crate::edit::fill_missing_ids(&mut book);
    // The text is only needed to say where a mistake is.
    let warnings = validate(&book, "").ok()?;
    Some(Parsed {
        book,
        warnings,
        places: Some(places),
    })
}

/// The book in the file at `path` parsed as a large book is, a piece of about
/// `piece_bytes` at a time from the file, whatever its size (a load does so only from
/// 1 MiB): for the tests, which reach it with small books.
#[cfg(feature = "test-support")]
pub fn parse_file_in_pieces(path: &std::path::Path, piece_bytes: usize) -> Option<Book> {
    let file = std::fs::File::open(path).ok()?;
    let text = std::fs::read_to_string(path).ok()?;
    let plan = plan(&text, piece_bytes)?;
    drop(text);
    parse_file_planned(plan, &file).map(|parsed| parsed.book)
}

/// A text merge's conflict markers (git merged the book line by line and could not):
/// named at their line with what settles them, rather than as a syntax error.
pub(super) fn conflict_markers(text: &str) -> Option<Problem> {
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
pub(super) fn read_options(dialect: Extensions) -> ron::Options {
    ron::Options::default().with_default_extension(dialect | Extensions::IMPLICIT_SOME)
}

/// One client's text read as a load of a whole file in `dialect` reads it (the splice
/// reads a client back this way, and a large book is read client by client).
pub(super) fn read_client(text: &str, dialect: Extensions) -> Option<Client> {
    read_options(dialect).from_str(text).ok()
}

/// The extensions a book's text turns on in its `#![enable(...)]` header, with the
/// `implicit_some` konto always reads with.
pub(super) fn dialect_of(text: &str) -> Extensions {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::de::Deserializer::from_str_with_options(text, &read_options(Extensions::empty()))
        .map_or(Extensions::IMPLICIT_SOME, |reader| {
            reader.extensions() | Extensions::IMPLICIT_SOME
        })
}

/// A file from a newer konto may fail to parse for reasons that only confuse; say the real one.
pub(super) fn newer_version(text: &str) -> Option<Problem> {
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
pub(super) fn to_text_of(
    value: &impl serde::Serialize,
    dialect: Extensions,
) -> Result<String, SaveError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Option<Book> {
        read_options(Extensions::IMPLICIT_SOME).from_str(text).ok()
    }

    fn demo_text(clients: usize, seed: u64) -> String {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        super::super::to_text(&crate::demo::generate(clients, seed, today)).unwrap()
    }

    #[test]
    fn a_book_read_in_parts_is_the_book_read_whole() {
        for seed in 1..6 {
            let text = demo_text(40, seed);
            let book = whole(&text).unwrap();
            for cores in [2, 3, 7] {
                assert_eq!(
                    parse_shared_out(&text, cores).map(|(book, _)| book),
                    Some(book.clone()),
                    "{seed}, {cores}"
                );
            }
        }
        // Comments between the clients and inside them, a trailing comma, struct names
        // (changed within the clients' list only: the team's entries look the same).
        let text = demo_text(6, 9);
        let start = text.find("clients: [").unwrap();
        let end = start + text[start..].find("\n    ],\n").unwrap();
        let within = |change: &dyn Fn(&str) -> String| {
            format!(
                "{}{}{}",
                &text[..start],
                change(&text[start..end]),
                &text[end..]
            )
        };
        let element = "\n        (\n            id:";
        let commented = within(&|list| {
            list.replacen("clients: [", "clients: [ // mine\n /* all */", 1)
                .replace(element, "\n        /* next */ (\n            id:")
                .replace(
                    "            name:",
                    "            // the name\n            name:",
                )
        });
        let named = within(&|list| list.replace(element, "\n        Client(\n            id:"));
        // Text that looks like the list's own syntax, in strings, raw strings and notes.
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let mut hostile = crate::demo::generate(6, 4, today);
        for (at, client) in hostile.clients.iter_mut().enumerate() {
            client.name = format!("{at} ) ], // /* \"quoted\" \\ r#\"raw\"# 東京 \n(");
            client.notes = Some("]) , clients: [ */ // (".to_string());
        }
        let hostile = super::super::to_text(&hostile).unwrap();
        // The writer puts such names in raw strings (`r##"…"##`), newline and all.
        assert!(hostile.contains("name: r##\""), "{hostile}");
        for variant in [commented, named, hostile] {
            let book = read_options(Extensions::IMPLICIT_SOME)
                .from_str::<Book>(&variant)
                .unwrap_or_else(|e| panic!("{e}"));
            let (in_parts, places) = parse_shared_out(&variant, 2).unwrap();
            assert_eq!(in_parts, book);
            // Where each client is, as the splice finds them.
            let found = super::super::lexer::find_clients(&variant).unwrap();
            let spans: Vec<_> = found.elements.into_iter().map(|e| e.span).collect();
            assert_eq!(places, spans);
        }
    }

    /// `text` in a file of its own, open.
    fn file_of(text: &str) -> (tempfile::TempDir, std::fs::File) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.ron");
        std::fs::write(&path, text).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        (dir, file)
    }

    #[test]
    fn a_book_read_from_its_file_a_piece_at_a_time_is_the_book_read_whole() {
        let text = demo_text(60, 2);
        let book = whole(&text).unwrap();
        let spans: Vec<_> = super::super::lexer::find_clients(&text)
            .unwrap()
            .elements
            .into_iter()
            .map(|e| e.span)
            .collect();
        let (_dir, file) = file_of(&text);
        // A piece a client, a few clients, all of them in one.
        for piece_bytes in [1, 9_000, text.len()] {
            for cores in [1, 2, 3] {
                for source in [Source::Text(&text), Source::File(&file)] {
                    let plan = plan(&text, piece_bytes).unwrap();
                    let (read, places) = parse_planned(plan, &source, cores).unwrap();
                    assert_eq!(read, book, "{piece_bytes}, {cores}");
                    assert_eq!(places, spans);
                }
            }
        }
        let pieces = |bytes| plan(&text, bytes).unwrap().pieces.len();
        assert_eq!((pieces(1), pieces(text.len())), (60, 1));
        assert!((2..60).contains(&pieces(9_000)), "{}", pieces(9_000));
    }

    #[test]
    fn a_file_changed_after_its_plan_was_made_is_not_read_by_it() {
        let text = demo_text(30, 3);
        let plan_of = || plan(&text, 4_000).unwrap();
        // One byte of a client's name changed in the file, its length the same (the
        // settings are read from the plan, so the book read is the planned text's).
        let clients = text.find("clients: [").unwrap();
        let at = clients + text[clients..].find("name: \"").unwrap() + 7;
        let mut changed = text.clone().into_bytes();
        changed[at] = if changed[at] == b'Z' { b'Y' } else { b'Z' };
        let changed = String::from_utf8(changed).unwrap();
        let (_dir, file) = file_of(&changed);
        assert!(parse_planned(plan_of(), &Source::File(&file), 2).is_none());
        // Cut short.
        let (_dir, file) = file_of(&text[..text.len() / 2]);
        assert!(parse_planned(plan_of(), &Source::File(&file), 2).is_none());
        // The same text is read.
        let (_dir, file) = file_of(&text);
        assert!(parse_planned(plan_of(), &Source::File(&file), 2).is_some());
    }

    #[test]
    fn a_large_book_with_a_mistake_is_left_to_the_whole_parse_to_place() {
        let mut text = demo_text(600, 5);
        assert!(text.len() > IN_PARTS_FROM_BYTES);
        let plan = plan_file(&text).unwrap();
        let (_dir, file) = file_of(&text);
        assert!(parse_file_planned(plan, &file).is_some());
        // Two clients with one id: valid RON, an invalid book.
        let second = text
            .match_indices("\n        (\n            id: \"")
            .nth(1)
            .unwrap()
            .0;
        let id_at = second + "\n        (\n            id: \"".len();
        let first_id = {
            let first = text.find("\n            id: \"").unwrap() + "\n            id: \"".len();
            text[first..first + text[first..].find('"').unwrap()].to_string()
        };
        let end = id_at + text[id_at..].find('"').unwrap();
        text.replace_range(id_at..end, &first_id);
        let plan = plan_file(&text).unwrap();
        let (_dir, file) = file_of(&text);
        assert!(parse_file_planned(plan, &file).is_none());
        assert!(parse_placed(&text).is_err());
        // A byte-order mark or conflict markers: the whole parse's.
        assert!(plan_file(&format!("\u{feff}{text}")).is_none());
        assert!(plan_file(&format!("{text}\n<<<<<<< ours\n")).is_none());
        assert!(plan_file(&demo_text(5, 1)).is_none(), "a small book");
    }

    #[test]
    fn a_list_that_is_not_only_clients_is_read_whole() {
        let text = demo_text(5, 3);
        let start = text.find("clients: [").unwrap();
        let end = start + text[start..].find("\n    ],\n").unwrap();
        let within = |from: &str, to: &str| {
            let list = text[start..end].replacen(from, to, 1);
            format!("{}{list}{}", &text[..start], &text[end..])
        };
        let between = "\n        ),\n        (";
        for broken in [
            // A stray value among the clients: the whole parse refuses it.
            within(between, "\n        ),\n        \"stray\",\n        ("),
            // Two commas, and none.
            within(between, "\n        ),,\n        ("),
            within(between, "\n        )\n        ("),
            // An unfinished comment between two clients.
            within(between, "\n        ), /* \n        ("),
        ] {
            assert!(broken != text, "the case changed nothing");
            assert!(parse_shared_out(&broken, 2).is_none(), "{broken}");
            assert!(whole(&broken).is_none(), "{broken}");
        }
    }

    #[test]
    fn clients_read_from_text_keep_no_spare_room_in_their_lists() {
        let text = "(clients: [\n  (id: \"a\", name: \"A\", contacts: [(id: \"p\", name: \"P\")], interactions: [(id: \"i\", date: \"2026-11-02\", with: [\"p\"], summary: \"Call\")], deals: [(id: \"d\", title: \"D\")], tasks: [(id: \"t\", title: \"T\")], gifts: [(id: \"g\", date: \"2026-03-01\", recipient: \"P\", description: \"Book\", value: 20)]),\n  (id: \"b\", name: \"B\", deals: [(id: \"d\", title: \"D\"), (id: \"e\", title: \"E\"), (id: \"f\", title: \"F\")]),\n])\n";
        let in_one_piece = whole(text).unwrap();
        let (in_parts, _) = parse_shared_out(text, 2).unwrap();
        for book in [in_one_piece, in_parts] {
            for client in &book.clients {
                assert_eq!(client.contacts.capacity(), client.contacts.len());
                assert_eq!(client.interactions.capacity(), client.interactions.len());
                assert_eq!(client.deals.capacity(), client.deals.len());
                assert_eq!(client.tasks.capacity(), client.tasks.len());
                assert_eq!(client.gifts.capacity(), client.gifts.len());
                for interaction in &client.interactions {
                    assert_eq!(interaction.with.capacity(), interaction.with.len());
                }
            }
        }
    }
}
