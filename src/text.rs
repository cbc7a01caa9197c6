//! Text that lines up in a terminal: display widths (CJK, combining marks), friendly dates.

use std::borrow::Cow;

use chrono::NaiveDate;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// A character that must never reach a terminal as it is: C0 controls (newline and tab
/// included: in data they would break konto's own layout), DEL, C1 controls, and the
/// bidirectional overrides and isolates that can make text read backwards.
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How an unsafe character is shown: `\n`, `\t`, `\r`, else `\u{1b}`.
fn push_escaped(out: &mut String, ch: char) {
    match ch {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        other => {
            let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{{{:x}}}", u32::from(other)));
        }
    }
}

/// Where the first character `escape` picks starts. Every unsafe character (see
/// [`is_unsafe`]) begins with a C0 byte, DEL, `0xc2` (C1 controls) or `0xe2` (the bidi
/// controls), so only those bytes are looked at: a whole command's output is checked
/// without decoding it character by character.
fn first_escaped(text: &str, escape: &impl Fn(char, Option<char>) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes[from..]
        .iter()
        .position(|&b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2)
    {
        let at = from + found;
        // A lead byte or an ASCII one: always the start of a character.
        let mut chars = text[at..].chars();
        let ch = chars.next()?;
        if escape(ch, chars.next()) {
            return Some(at);
        }
        from = at + ch.len_utf8();
    }
    None
}

/// `text` with every character `escape(ch, next)` picks written by `write`; borrowed
/// when there is nothing to escape. The one escaping loop behind [`one_line`],
/// [`terminal_safe`] and [`json_terminal_safe`].
fn escape_where(
    text: &str,
    escape: impl Fn(char, Option<char>) -> bool,
    write: fn(&mut String, char),
) -> Cow<'_, str> {
    let Some(first) = first_escaped(text, &escape) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    let mut chars = text[first..].chars().peekable();
    while let Some(ch) = chars.next() {
        if escape(ch, chars.peek().copied()) {
            write(&mut out, ch);
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// Text from the user's data, made safe to print on one line: every unsafe character is
/// shown escaped (`\u{1b}`, `\n`), so it can neither drive the terminal nor fake a row.
/// Everything konto prints from the data goes through this (directly, or through
/// [`pad`] and [`truncate`]); `--json` keeps the exact strings instead.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape_where(text, |ch, _| is_unsafe(ch), push_escaped)
}

/// A whole output made safe for a terminal: konto's own newlines, tabs and CRLF line
/// ends (calendar files have them) stay; every other unsafe character is escaped, a lone
/// carriage return too (it would let text overwrite its own line). The last line of
/// defence for every command.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape_where(
        text,
        |ch, next| {
            let crlf = ch == '\r' && next == Some('\n');
            is_unsafe(ch) && ch != '\n' && ch != '\t' && !crlf
        },
        push_escaped,
    )
}

/// JSON made safe for a terminal without changing what it says: the characters JSON
/// allows raw inside strings but a terminal would act on (DEL, C1 controls, bidi
/// overrides) are written as `\u` escapes, which decode to the exact same string.
pub fn json_terminal_safe(json: String) -> String {
    match json_string_safe(&json) {
        Cow::Borrowed(_) => json,
        Cow::Owned(safe) => safe,
    }
}

/// JSON text, whole or a string's inside (already escaped by the JSON writer), made safe
/// for a terminal; borrowed when nothing needed escaping.
pub fn json_string_safe(fragment: &str) -> Cow<'_, str> {
    escape_where(fragment, |ch, _| is_unsafe_in_json(ch), push_json_escaped)
}

fn push_json_escaped(out: &mut String, ch: char) {
    let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{:04x}", u32::from(ch)));
}

/// Unsafe characters a JSON writer leaves raw (it escapes C0 controls itself; konto's
/// own newlines between values stay).
fn is_unsafe_in_json(ch: char) -> bool {
    is_unsafe(ch) && ch > '\u{1f}'
}

/// Plain ASCII with nothing to escape: measured by its length, the common fast case.
fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Nothing to escape and no wider than `max`: shown as it is. The common case (names
/// with `ø`, lines joined with `·`) is decided without splitting into graphemes.
fn fits_as_is(text: &str, max: usize) -> bool {
    width_as_is(text).is_some_and(|w| w <= max)
}

/// The columns `text` takes shown as it is; `None` when something in it would be
/// escaped.
fn width_as_is(text: &str) -> Option<usize> {
    if is_plain(text) {
        return Some(text.len());
    }
    first_escaped(text, &|ch, _| is_unsafe(ch))
        .is_none()
        .then(|| width(text))
}

/// The pieces `text` is shown as, each with its width: whole graphemes, with unsafe
/// characters escaped inside them. Cutting between pieces never splits a character
/// made of several code points, nor an escape.
fn shown_pieces(text: &str) -> impl Iterator<Item = (Cow<'_, str>, usize)> {
    let mut rest = text;
    std::iter::from_fn(move || next_shown_piece(&mut rest))
}

/// The first of [`shown_pieces`] of `rest`, taken off its front.
fn next_shown_piece<'a>(rest: &mut &'a str) -> Option<(Cow<'a, str>, usize)> {
    // The first byte alone (see `lone_ascii_run`), without scanning the run: a piece at a
    // time stays linear in the text.
    let bytes = rest.as_bytes();
    let first = *bytes.first()?;
    if (b' '..=b'~').contains(&first) && bytes.get(1).is_none_or(u8::is_ascii) {
        let (piece, after) = rest.split_at(1);
        *rest = after;
        return Some((Cow::Borrowed(piece), 1));
    }
    // A fresh segmentation from a boundary finds the same next grapheme.
    let grapheme = rest.graphemes(true).next()?;
    *rest = &rest[grapheme.len()..];
    let shown = one_line(grapheme);
    let columns = width(&shown);
    Some((shown, columns))
}

/// How many bytes at the start of `text` are each a grapheme of their own, one column
/// wide: printable ASCII followed by ASCII (or nothing). Only what joins a character to
/// the next (combining marks, joiners, CR LF) makes a grapheme longer, and none of it is
/// printable ASCII; so the run is all the printable ASCII at the start, but its last
/// byte when a byte that is not ASCII follows.
fn lone_ascii_run(text: &str) -> usize {
    let bytes = text.as_bytes();
    let printable = bytes
        .iter()
        .take_while(|b| (b' '..=b'~').contains(*b))
        .count();
    match bytes.get(printable) {
        Some(next) if !next.is_ascii() => printable.saturating_sub(1),
        _ => printable,
    }
}

/// Cuts `text` to at most `max` columns, ending in `…` when something was cut; unsafe
/// characters are escaped first.
pub fn truncate(text: &str, max: usize) -> String {
    if fits_as_is(text, max) {
        return text.to_string();
    }
    cut_to(text, max)
}

/// [`truncate`] of a text known not to fit as it is (measuring it is most of the work).
fn cut_to(text: &str, max: usize) -> String {
    if is_plain(text) {
        // One byte, one column: cut by bytes (ids and English text, the common case).
        return match max {
            0 => String::new(),
            _ => format!("{}…", &text[..max - 1]),
        };
    }
    if max == 0 {
        let blank = shown_pieces(text).all(|(_, w)| w == 0);
        return if blank {
            one_line(text).into_owned()
        } else {
            String::new()
        };
    }
    // One pass, ending as soon as the text is known to be too wide: where the `…` would
    // go is noted on the way (the first piece that leaves no room for it). A run of lone
    // ASCII is taken whole, a column a byte, rather than piece by piece.
    let mut out = String::with_capacity(text.len().min(4 * max) + 3);
    let mut used = 0;
    let mut cut = None;
    let mut rest = text;
    while !rest.is_empty() {
        let run = lone_ascii_run(rest);
        let (piece, w) = if run > 1 {
            let (mut ascii, after) = rest.split_at(run);
            rest = after;
            if cut.is_none() {
                let room = (max - 1).saturating_sub(used);
                if ascii.len() <= room {
                    out.push_str(ascii);
                    used += ascii.len();
                    continue;
                }
                out.push_str(&ascii[..room]);
                used += room;
                cut = Some(out.len());
                ascii = &ascii[room..];
            }
            (Cow::Borrowed(ascii), ascii.len())
        } else {
            match next_shown_piece(&mut rest) {
                Some(next) => next,
                None => break,
            }
        };
        if cut.is_none() && used + w > max - 1 {
            cut = Some(out.len());
        }
        used += w;
        if let Some(at) = cut.filter(|_| used > max) {
            out.truncate(at);
            out.push('…');
            return out;
        }
        out.push_str(&piece);
    }
    out
}

/// Cuts `text` to at most `max` columns from the front: `…/konto/book.ron`.
pub fn truncate_start(text: &str, max: usize) -> String {
    let pieces: Vec<(Cow<'_, str>, usize)> = shown_pieces(text).collect();
    let total: usize = pieces.iter().map(|(_, w)| w).sum();
    if total <= max {
        return one_line(text).into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0;
    for (piece, w) in pieces.iter().rev() {
        if used + w > max - 1 {
            break;
        }
        kept.push(piece);
        used += w;
    }
    let mut out = String::from("…");
    out.extend(kept.into_iter().rev());
    out
}

/// Left-aligned in exactly `columns` columns (cut if longer).
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = String::with_capacity(text.len().max(columns));
    push_pad(&mut out, text, columns);
    out
}

/// [`pad`], written at the end of `out` (a long answer is not a string per cell).
pub fn push_pad(out: &mut String, text: &str, columns: usize) {
    let (cut, used) = fit(text, columns);
    out.push_str(&cut);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
}

/// An id (what a command takes back, so never cut) left-aligned in at least `columns`
/// columns: padded when shorter, whole when longer.
pub fn pad_id(id: &str, columns: usize) -> String {
    let mut out = String::with_capacity(id.len().max(columns));
    push_pad_id(&mut out, id, columns);
    out
}

/// [`pad_id`], written at the end of `out`.
pub fn push_pad_id(out: &mut String, id: &str, columns: usize) {
    let shown = one_line(id);
    let used = if is_plain(&shown) {
        shown.len()
    } else {
        width(&shown)
    };
    out.push_str(&shown);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
}

/// [`truncate`], written at the end of `out`.
pub fn push_truncated(out: &mut String, text: &str, max: usize) {
    if fits_as_is(text, max) {
        out.push_str(text);
    } else {
        out.push_str(&cut_to(text, max));
    }
}

/// `text` made safe and broken into lines of at most `columns` columns, at spaces (a
/// word longer than a line is cut into pieces): a reason or a verdict is wrapped, never
/// cut short.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in one_line(text).split(' ') {
        let mut word = word.to_string();
        loop {
            let w = width(&word);
            let gap = usize::from(used > 0);
            if used + gap + w <= columns {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                used += gap + w;
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            // A word wider than a whole line: as much as fits, then the rest.
            let mut head = String::new();
            let mut head_width = 0;
            let mut rest = String::new();
            for g in word.graphemes(true) {
                let gw = width(g);
                if rest.is_empty() && head_width + gw <= columns {
                    head.push_str(g);
                    head_width += gw;
                } else {
                    rest.push_str(g);
                }
            }
            lines.push(head);
            word = rest;
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Right-aligned in exactly `columns` columns (cut if longer).
pub fn pad_left(text: &str, columns: usize) -> String {
    let mut out = String::with_capacity(text.len().max(columns));
    push_pad_left(&mut out, text, columns);
    out
}

/// [`pad_left`], written at the end of `out`.
pub fn push_pad_left(out: &mut String, text: &str, columns: usize) {
    let (cut, used) = fit(text, columns);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out.push_str(&cut);
}

/// `text` made safe and cut to `columns`, and the columns it then takes.
fn fit(text: &str, columns: usize) -> (Cow<'_, str>, usize) {
    // Measured once: a text that fits as it is is the common case.
    if let Some(w) = width_as_is(text).filter(|w| *w <= columns) {
        return (Cow::Borrowed(text), w);
    }
    let cut = cut_to(text, columns);
    let w = width(&cut);
    (Cow::Owned(cut), w)
}

/// `today`, `yesterday`, `3d ago`, `in 5d`, `2mo ago`: short, for tables.
pub fn relative_day(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".to_string(),
        -1 => "yesterday".to_string(),
        1 => "tomorrow".to_string(),
        d if d < 0 && -d < 60 => format!("{}d ago", -d),
        d if d < 0 && -d < 730 => format!("{}mo ago", -d / 30),
        d if d < 0 => format!("{}y ago", -d / 365),
        d if d < 60 => format!("in {d}d"),
        d if d < 730 => format!("in {}mo", d / 30),
        d => format!("in {}y", d / 365),
    }
}

/// `Søren  Ærø` and `soren aero` are the same name.
pub fn fold_name(name: &str) -> String {
    fold_text(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Text folded for an accent-blind comparison: lower case, accents off, ligatures spelt
/// out as people type them (`Søren Ærø` reads `soren aero`). The filter and the gift
/// rule's idea of one person both use it.
pub fn fold_text(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'ß' => folded.push_str("ss"),
            c if c.is_ascii() => folded.push(c.to_ascii_lowercase()),
            c => folded.push(nucleo_matcher::chars::normalize(
                nucleo_matcher::chars::to_lower_case(c),
            )),
        }
    }
    folded
}

/// `1 day`, `3 days`, `1 person`, `2 people`: a count with its noun, singular or plural.
pub fn plural(count: impl std::fmt::Display, one: &str, many: &str) -> String {
    let count = count.to_string();
    if count == "1" {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// `Marked Karen as left` from `marked Karen as left`: a label as a sentence's start.
pub fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `a call`, `an email`, `an attempt`: a noun with its indefinite article.
pub fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// `text` ended as a sentence: a full stop added unless it ends in `.`, `?` or `!`
/// already (a did-you-mean ends in `?`, and `?.` reads as a typo).
pub fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '?', '!']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// `Fri 27 Nov` in today's year, `30 Nov 2025` in another: the one way konto writes a
/// date for reading, so a date a year off never passes for this year's.
pub fn short_date(date: NaiveDate, today: NaiveDate) -> String {
    use chrono::Datelike;
    if date.year() == today.year() {
        date.format("%a %-d %b").to_string()
    } else {
        date.format("%-d %b %Y").to_string()
    }
}

/// `Friday 27 November 2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

pub fn percent(ratio: f64) -> String {
    format!("{:.1} %", ratio * 100.0)
}

/// `4 min ago`, `2 h ago`, `3 days ago`.
pub fn ago(then: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0 => "just now".to_string(),
        1..=59 => format!("{minutes} min ago"),
        60..=2879 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_the_singular_and_the_plural() {
        assert_eq!(plural(1, "day", "days"), "1 day");
        assert_eq!(plural(0_usize, "contact", "contacts"), "0 contacts");
        assert_eq!(plural(-1_i64, "day", "days"), "-1 days");
        assert_eq!(plural(2_u32, "person", "people"), "2 people");
    }

    #[test]
    fn ids_are_never_cut_and_reasons_wrap_whole() {
        assert_eq!(pad_id("soren", 8), "soren   ");
        assert_eq!(
            pad_id("sophie-muller-andersen", 8),
            "sophie-muller-andersen"
        );
        assert_eq!(
            wrap("\"Fleet safety platform\" won now pays you 23,000", 20),
            ["\"Fleet safety", "platform\" won now", "pays you 23,000"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
    }

    #[test]
    fn counted_nouns_articles_and_sentence_ends_read_right() {
        assert_eq!(plural(1, "day", "days"), "1 day");
        assert_eq!(plural(2, "day", "days"), "2 days");
        assert_eq!(with_article("call"), "a call");
        assert_eq!(with_article("email"), "an email");
        assert_eq!(with_article("attempt"), "an attempt");
        assert_eq!(sentence("did you mean `ida`?"), "did you mean `ida`?");
        assert_eq!(sentence("no such client"), "no such client.");
    }

    #[test]
    fn pads_by_display_width_not_bytes() {
        assert_eq!(pad("Søren", 7), "Søren  ");
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(width(&pad("e\u{301}clair", 8)), 8);
        assert_eq!(pad_left("42", 5), "   42");
    }

    #[test]
    fn truncates_with_an_ellipsis_without_splitting_wide_characters() {
        assert_eq!(truncate("Nordlys Bank", 8), "Nordlys…");
        assert_eq!(truncate("東京海上日動", 5), "東京…");
        assert_eq!(width(&truncate("東京海上日動", 5)), 5);
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(
            truncate_start("/home/me/.config/konto/book.ron", 16),
            "…/konto/book.ron"
        );
        assert_eq!(truncate_start("short", 10), "short");
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_shown_escaped() {
        assert_eq!(one_line("Acme\x1b[2J"), "Acme\\u{1b}[2J");
        assert_eq!(one_line("two\nlines\tand\r"), "two\\nlines\\tand\\r");
        assert_eq!(one_line("del\x7f c1\u{9b}"), "del\\u{7f} c1\\u{9b}");
        assert_eq!(one_line("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
        assert!(matches!(one_line("Søren Ærø 東京"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_safe("row\n\tcell\x1b]0;x\x07"),
            "row\n\tcell\\u{1b}]0;x\\u{7}"
        );
        assert_eq!(pad("a\nb", 6), "a\\nb  ");
        assert_eq!(terminal_safe("ics\r\nline\rover"), "ics\r\nline\\rover");
    }

    #[test]
    fn every_unsafe_character_starts_with_a_byte_the_scan_looks_at() {
        // The scan in `first_escaped` skips every other byte: were one unsafe character
        // to start elsewhere, it would reach the terminal raw.
        let looked_at = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2;
        for ch in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if is_unsafe(ch) {
                let mut buf = [0; 4];
                let first = ch.encode_utf8(&mut buf).as_bytes()[0];
                assert!(looked_at(first), "{:x}", u32::from(ch));
            }
        }
    }

    /// Truncation as it was first written, grapheme by grapheme over the whole text
    /// twice: what the one-pass cut must agree with.
    fn truncate_by_graphemes(text: &str, max: usize) -> String {
        let pieces: Vec<(Cow<'_, str>, usize)> = text
            .graphemes(true)
            .map(|g| {
                let shown = one_line(g);
                let columns = width(&shown);
                (shown, columns)
            })
            .collect();
        let total: usize = pieces.iter().map(|(_, w)| w).sum();
        if total <= max {
            return one_line(text).into_owned();
        }
        if max == 0 {
            return String::new();
        }
        let mut out = String::new();
        let mut used = 0;
        for (piece, w) in &pieces {
            if used + w > max - 1 {
                break;
            }
            out.push_str(piece);
            used += w;
        }
        out.push('…');
        out
    }

    proptest::proptest! {
        #[test]
        fn one_pass_truncation_cuts_where_the_grapheme_walk_does(
            text in "([a-z ·]|\\PC|[\u{300}\u{301}\u{200d}\u{fe0f}\u{1f1e6}-\u{1f1ff}\r\n\x1b])*",
            max in 0usize..40,
        ) {
            proptest::prop_assert_eq!(truncate(&text, max), truncate_by_graphemes(&text, max));
            let pieces: Vec<String> = shown_pieces(&text).map(|(p, _)| p.into_owned()).collect();
            let graphemes: Vec<String> =
                text.graphemes(true).map(|g| one_line(g).into_owned()).collect();
            proptest::prop_assert_eq!(pieces, graphemes);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_finds_what_a_character_scan_finds(
            text in "(\\PC|[\x00-\x1f\x7f\u{80}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}\r\n])*"
        ) {
            let by_chars = text.char_indices().find(|(_, c)| is_unsafe(*c)).map(|(at, _)| at);
            proptest::prop_assert_eq!(first_escaped(&text, &|c, _| is_unsafe(c)), by_chars);
            let lone_cr = |c: char, next: Option<char>| {
                is_unsafe(c) && c != '\n' && !(c == '\r' && next == Some('\n'))
            };
            let mut chars = text.char_indices().peekable();
            let by_chars = std::iter::from_fn(|| {
                let (at, c) = chars.next()?;
                Some((at, c, chars.peek().map(|(_, n)| *n)))
            })
            .find(|(_, c, next)| lone_cr(*c, *next))
            .map(|(at, ..)| at);
            proptest::prop_assert_eq!(first_escaped(&text, &lone_cr), by_chars);
        }
    }

    #[test]
    fn json_keeps_the_exact_string_and_is_safe_to_print() {
        let hostile = "a\x1b[31m\x7f\u{9b}\u{202e}b\n";
        let json = json_terminal_safe(serde_json::to_string(hostile).unwrap());
        assert!(!json.chars().any(is_unsafe), "{json}");
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hostile);
    }

    #[test]
    fn truncation_never_splits_an_escape_or_a_grapheme() {
        // The escape `\u{1b}` is six columns: it is kept whole or left out whole.
        for max in 1..12 {
            let cut = truncate("ab\x1bcdefghij", max);
            assert!(width(&cut) <= max, "{max}: {cut}");
            assert!(
                !cut.contains('\\') || cut.contains("\\u{1b}"),
                "{max}: split escape in {cut}"
            );
        }
        // e + combining acute, and a family emoji made of several code points.
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let cut = truncate(&format!("{family}{family}abc"), 4);
        assert!(cut == format!("{family}…") || cut == "…", "{cut:?}");
    }

    #[test]
    fn relative_days_read_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(relative_day(today, today), "today");
        assert_eq!(relative_day(d(2026, 11, 26), today), "yesterday");
        assert_eq!(relative_day(d(2026, 11, 24), today), "3d ago");
        assert_eq!(relative_day(d(2026, 12, 2), today), "in 5d");
        assert_eq!(relative_day(d(2026, 6, 1), today), "5mo ago");
        assert_eq!(short_date(today, today), "Fri 27 Nov");
        // A year off says so: "Sun 30 Nov" alone would pass for this year's.
        assert_eq!(short_date(d(2025, 11, 30), today), "30 Nov 2025");
        assert_eq!(short_date(d(2027, 3, 15), today), "15 Mar 2027");
    }
}
