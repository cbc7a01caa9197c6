//! The book in other tools' formats: iCalendar, CSV and JSON. Pure: a book in, text out.

pub mod ics;
pub mod table;

use crate::model::Book;

/// The whole book as JSON (the same field names as the book file).
#[expect(
    clippy::expect_used,
    reason = "the book's types serialise to JSON without fail, and a Vec takes every write"
)]
pub fn json(book: &Book) -> String {
    let mut out = Vec::new();
    write_json(book, &mut out).expect("a book serialises to JSON");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// The whole book as JSON, written as it is made (an export of a large book is never
/// held whole in memory). Safe for a terminal without changing what it says: what JSON
/// allows raw in a string but a terminal would act on is written as a `\u` escape.
pub fn write_json(book: &Book, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use serde::Serialize;
    let formatter = TerminalSafe(serde_json::ser::PrettyFormatter::new());
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, formatter);
    book.serialize(&mut serializer)?;
    out.write_all(b"\n")
}

/// `serde_json`'s pretty layout, with string contents escaped for a terminal.
struct TerminalSafe<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for TerminalSafe<'_> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        writer.write_all(crate::text::json_string_safe(fragment).as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// A CSV cell that a spreadsheet will not run as a formula: one starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's rule for CSV
/// injection). Used for every cell of every CSV konto writes.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for risky in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(risky), format!("'{risky}"));
        }
        assert_eq!(spreadsheet_safe("Nordlys Bank"), "Nordlys Bank");
        assert_eq!(spreadsheet_safe("420000.00"), "420000.00");
    }

    /// The streamed JSON is `serde_json`'s own pretty JSON with what a terminal would act
    /// on escaped, and reads back as the very same book.
    #[test]
    fn streamed_json_is_terminal_safe_and_exact() {
        let hostile = "A\u{202e}B\u{85}C\u{7f}D\u{1b}[31mE\n\"F\\ 東京 😀";
        let (mut book, _) = crate::storage::parse(include_str!("../../assets/sample.ron")).unwrap();
        book.owner = Some(hostile.to_string());
        book.clients[0].notes = Some(hostile.to_string());
        let streamed = json(&book);
        let mut plain = serde_json::to_string_pretty(&book).unwrap();
        plain.push('\n');
        assert_eq!(streamed, crate::text::json_terminal_safe(plain));
        assert!(!streamed.contains(['\u{202e}', '\u{85}', '\u{7f}', '\u{1b}']));
        let back: serde_json::Value = serde_json::from_str(&streamed).unwrap();
        assert_eq!(back["owner"], hostile);
    }
}
