//! Styled lines wrapped at words to a width, each continuation indented under the text it
//! continues, so long notes, reasons and summaries are read whole instead of cut. Done
//! before drawing (not by the paragraph) so scrolling counts the rows really shown.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use crate::text::width;

/// Every line of `lines` wrapped to `columns`.
pub fn wrap_lines(lines: Vec<Line<'static>>, columns: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| wrap_line(line, columns))
        .collect()
}

/// One line as rows of at most `columns` cells, broken between words (inside a word only
/// when it is longer than a whole row).
pub fn wrap_line(line: Line<'static>, columns: usize) -> Vec<Line<'static>> {
    if columns < 8 || line.width() <= columns {
        return vec![line];
    }
    let indent = continuation_indent(&line, columns);
    let mut rows = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (piece, style) in pieces(&line) {
        let blank = piece.trim().is_empty();
        let piece_width = width(&piece);
        if used + piece_width > columns && used > indent && !blank {
            rows.push(finished(std::mem::take(&mut row)));
            row.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        if blank && used == indent && !rows.is_empty() {
            continue; // no spaces at the start of a continuation
        }
        if used + piece_width <= columns {
            used += piece_width;
            row.push(Span::styled(piece, style));
            continue;
        }
        // A word longer than a row: cut it where the row ends, and go on below.
        for grapheme in piece.graphemes(true) {
            let w = width(grapheme);
            if used + w > columns {
                rows.push(finished(std::mem::take(&mut row)));
                row.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
            used += w;
            row.push(Span::styled(grapheme.to_string(), style));
        }
    }
    if !row.is_empty() {
        rows.push(finished(row));
    }
    for wrapped in &mut rows {
        wrapped.style = line.style;
    }
    rows
}

/// A row without the spaces it ended on (the break took their place).
fn finished(mut row: Vec<Span<'static>>) -> Line<'static> {
    while row.len() > 1 && row.last().is_some_and(|s| s.content.trim().is_empty()) {
        row.pop();
    }
    Line::from(row)
}

/// Continuations start under the line's text: past its leading spaces and a marker, two
/// more than the line's own indent, at most a third of the row.
fn continuation_indent(line: &Line, columns: usize) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let leading = text.chars().take_while(|c| *c == ' ').count();
    (leading + 2).min(columns / 3)
}

/// The line's text cut into words and runs of spaces, each with its span's style. Only
/// spaces break: an address or a path (`jb@fjord.example`, `Europe/Oslo`) stays whole.
fn pieces(line: &Line<'static>) -> Vec<(String, Style)> {
    let mut out: Vec<(String, Style)> = Vec::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let mut piece = String::new();
        for c in span.content.chars() {
            let boundary = piece
                .chars()
                .last()
                .is_some_and(|last| (last == ' ') != (c == ' '));
            if boundary {
                out.push((std::mem::take(&mut piece), style));
            }
            piece.push(c);
        }
        if !piece.is_empty() {
            out.push((piece, style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn texts(rows: &[Line]) -> Vec<String> {
        rows.iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn long_text_wraps_at_words_under_itself() {
        let line = Line::from(vec![
            Span::raw("  "),
            Span::styled(
                "Renewal hinges on the new risk dashboard",
                Style::new().add_modifier(Modifier::BOLD),
            ),
        ]);
        let rows = wrap_line(line, 20);
        assert_eq!(
            texts(&rows),
            ["  Renewal hinges on", "    the new risk", "    dashboard"]
        );
        assert!(rows.iter().all(|r| r.width() <= 20));
        // The words keep their style on every row.
        assert_eq!(rows[1].spans[1].style.add_modifier, Modifier::BOLD);
    }

    #[test]
    fn short_lines_and_wide_characters() {
        let short = Line::from("fits");
        assert_eq!(wrap_line(short.clone(), 10), vec![short]);
        let rows = wrap_line(Line::from("東京海上パートナーズとの定例会議"), 12);
        assert!(rows.iter().all(|r| r.width() <= 12), "{:?}", texts(&rows));
        assert_eq!(
            texts(&rows).concat().replace(' ', ""),
            "東京海上パートナーズとの定例会議"
        );
    }

    #[test]
    fn a_word_longer_than_the_row_is_cut_and_nothing_is_lost() {
        let url = "https://example.com/a/very/long/path/to/the/proposal";
        let rows = wrap_line(Line::from(format!("see {url}")), 16);
        assert!(rows.iter().all(|r| r.width() <= 16), "{:?}", texts(&rows));
        let joined: String = texts(&rows).concat().split_whitespace().collect();
        assert_eq!(joined, format!("see{url}"));
    }
}
