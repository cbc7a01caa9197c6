//! The book in other tools' formats: iCalendar, CSV and JSON. Pure: a book in, text out.

pub mod ics;
pub mod table;

use crate::model::Book;

/// The whole book as JSON (the same field names as the book file).
#[expect(
    clippy::expect_used,
    reason = "the book's types serialise to JSON without fail; an error would be a bug"
)]
pub fn json(book: &Book) -> String {
    let mut text = serde_json::to_string_pretty(book).expect("a book serialises to JSON");
    text.push('\n');
    crate::text::json_terminal_safe(text)
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
}
