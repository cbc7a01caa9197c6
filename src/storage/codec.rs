//! The book as text: parsing (with the dialect and version checks), writing it out, and
//! checking that what is written reads back as the book.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;

use crate::model::{Book, CURRENT_VERSION};

use super::{Problem, SaveError, Warning, validate};

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
