//! The book in other tools' formats: iCalendar, CSV and JSON. Pure: a book in, text out.

pub mod ics;
pub mod table;

use crate::model::Book;

/// The whole book as JSON (the same field names as the book file).
pub fn json(book: &Book) -> String {
    // The book's types serialise to JSON without fail; an error would be a bug.
    let mut text = serde_json::to_string_pretty(book).expect("a book serialises to JSON");
    text.push('\n');
    text
}
