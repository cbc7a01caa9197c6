//! Keeps the comments a person wrote in the book when konto writes it back whole.
//!
//! The serializer knows nothing of comments, so each comment is tied to the line it stood
//! on or before, named by the client it belongs to (the client element the line is in),
//! the field at the start of that line, and how many times that pair came before. The new
//! text gets the comment at the same place. A comment whose place is gone (its client was
//! deleted) goes with it; one konto cannot place otherwise is kept at the end of the file.
//!
//! Strings, raw strings and (nested) block comments are read by the same lexer as the
//! splice's, so text inside a string is never taken for a comment, and a comment is only
//! ever put where the format allows one: on a line of its own or after a line's code,
//! never inside a string.

use std::collections::HashSet;
use std::ops::Range;

use super::lexer;

/// Where a comment goes: the client and the field at the start of the line (as one
/// 128-bit hash, so that a large book's every line is not copied into a map), and which
/// occurrence of that pair in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Place {
    key: u128,
    nth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Comment {
    /// Its position among the file's comments.
    order: usize,
    place: Option<Place>,
    /// The client it belongs to: its comments go when the client is deleted.
    client: Option<String>,
    /// Comment lines written above the line (indentation dropped).
    above: Vec<String>,
    /// Comments at the end of the line itself.
    trailing: Option<String>,
}

/// The field a line starts with (`tier` in `tier: Key,`), or the line itself (`),`).
fn key_of(code: &str) -> &str {
    let code = code.trim();
    match code.split_once(':') {
        Some((key, _))
            if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') =>
        {
            key
        }
        _ => code,
    }
}

/// Hashes a key that is itself a good hash (the 128-bit place keys) by taking its bits:
/// a book has a map entry for each of its lines, so the map must be cheap.
#[derive(Default, Clone, Copy)]
struct KeyBits(u64);

impl std::hash::Hasher for KeyBits {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
        }
    }

    #[expect(
        clippy::cast_possible_truncation,
        reason = "a hash folds the high half onto the low one; the cut is the point"
    )]
    fn write_u128(&mut self, value: u128) {
        self.0 ^= (value ^ (value >> 64)) as u64; // folds both halves in: nothing is cut off
    }

    fn write_usize(&mut self, value: usize) {
        self.0 = self.0.rotate_left(5) ^ value as u64;
    }
}

type ByKey<V> = std::collections::HashMap<u128, V, std::hash::BuildHasherDefault<KeyBits>>;
type ByPlace<V> = std::collections::HashMap<Place, V, std::hash::BuildHasherDefault<KeyBits>>;

/// A text as the lexer reads it: its comments, its strings and its clients.
struct Layout {
    comments: Vec<Range<usize>>,
    strings: Vec<Range<usize>>,
    /// Each client element's first byte and its id, in file order.
    clients: Vec<(usize, Option<String>)>,
    /// The clients list's closing `]`: lines from there on belong to no client.
    clients_end: Option<usize>,
}

impl Layout {
    fn of(text: &str) -> Layout {
        let lexer::Spans { comments, strings } =
            lexer::comments_and_strings(text).unwrap_or_default();
        let list = lexer::find_clients(text);
        let clients = list.as_ref().map_or_else(Vec::new, |list| {
            list.elements
                .iter()
                .map(|e| (e.span.start, lexer::element_id(text, e)))
                .collect()
        });
        Layout {
            comments,
            strings,
            clients,
            clients_end: list.map(|l| l.end),
        }
    }
}

/// Walks a text's lines in order, answering for each what the lexer found on it.
struct Cursor<'a> {
    layout: &'a Layout,
    next_comment: usize,
    next_string: usize,
    next_client: usize,
}

impl<'a> Cursor<'a> {
    fn new(layout: &'a Layout) -> Cursor<'a> {
        Cursor {
            layout,
            next_comment: 0,
            next_string: 0,
            next_client: 0,
        }
    }

    /// Whether the byte at `at` is inside a string (not its opening quote). Offsets asked
    /// for must not go back.
    fn in_string(&mut self, at: usize) -> bool {
        let strings = &self.layout.strings;
        while strings.get(self.next_string).is_some_and(|s| s.end <= at) {
            self.next_string += 1;
        }
        strings.get(self.next_string).is_some_and(|s| s.start < at)
    }

    /// The comments that start before `end`, not yet taken.
    fn comments_before(&mut self, end: usize) -> &'a [Range<usize>] {
        let from = self.next_comment;
        while self
            .layout
            .comments
            .get(self.next_comment)
            .is_some_and(|c| c.start < end)
        {
            self.next_comment += 1;
        }
        &self.layout.comments[from..self.next_comment]
    }

    /// The client whose element starts before `end` (the last such), if one does.
    fn client_opened_before(&mut self, end: usize) -> Option<&'a Option<String>> {
        let mut opened = None;
        while let Some((start, id)) = self.layout.clients.get(self.next_client)
            && *start < end
        {
            opened = Some(id);
            self.next_client += 1;
        }
        opened
    }
}

/// Gives each code line its place: the client it is in, its key, and the count so far.
struct Walker {
    client: Option<String>,
    /// The current client's id hashed, seeding each line's key (0 outside any client).
    client_seed: u64,
    seen: ByKey<usize>,
}

impl Walker {
    fn new() -> Walker {
        Walker {
            client: None,
            client_seed: 0,
            seen: ByKey::default(),
        }
    }

    /// A new client element starts on this line (`None` inside: a client without an id
    /// written plainly, whose lines get a seed of their own).
    fn enter(&mut self, id: Option<&String>) {
        self.client_seed = id.map_or(u64::MAX, |id| {
            // Never 0, the seed of "no client".
            xxhash_rust::xxh3::xxh3_64(id.as_bytes()) | 1
        });
        self.client = id.cloned();
    }

    fn leave(&mut self) {
        self.client_seed = 0;
        self.client = None;
    }

    /// The place of a line of code; a line that opens a client is that client's first
    /// place however the client is laid out (`(` alone, or the whole client on one line).
    fn place(&mut self, code: &str, opens_client: bool) -> Place {
        let key = if opens_client {
            "\0client"
        } else {
            key_of(code)
        };
        let key = xxhash_rust::xxh3::xxh3_128_with_seed(key.as_bytes(), self.client_seed);
        let count = self.seen.entry(key).or_insert(0);
        *count += 1;
        Place { key, nth: *count }
    }
}

/// The lines of `text` as byte ranges, without their line ends.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        range
    })
}

/// Moves the walker into or out of a client for the line `line`; whether a client opens
/// on it.
fn follow_clients(
    walker: &mut Walker,
    cursor: &mut Cursor<'_>,
    layout: &Layout,
    line: &Range<usize>,
) -> bool {
    let opened = cursor.client_opened_before(line.end);
    if let Some(id) = opened {
        walker.enter(id.as_ref());
    }
    if layout.clients_end.is_some_and(|end| end < line.end) {
        walker.leave();
    }
    opened.is_some()
}

fn extract(old: &str) -> Vec<Comment> {
    let layout = Layout::of(old);
    let mut cursor = Cursor::new(&layout);
    let mut comments = Vec::new();
    let mut walker = Walker::new();
    let mut above: Vec<String> = Vec::new();
    // A block comment may run over lines: those lines' code is what is left outside it.
    let mut masked = old.as_bytes().to_vec();
    for comment in &layout.comments {
        for byte in &mut masked[comment.clone()] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    }
    for line in lines(old) {
        let inside_string = cursor.in_string(line.start);
        let on_line = cursor.comments_before(line.end.max(line.start + 1));
        let opens_client = follow_clients(&mut walker, &mut cursor, &layout, &line);
        let code = std::str::from_utf8(&masked[line.clone()]).unwrap_or_default();
        let code_starts = line.start + (code.len() - code.trim_start().len());
        if inside_string || code.trim().is_empty() {
            // Comments on a line of no code of its own go above the next line of code.
            if !on_line.is_empty() {
                above.push(joined(old, on_line));
            }
            continue;
        }
        let (before, after): (Vec<_>, Vec<_>) =
            on_line.iter().cloned().partition(|c| c.start < code_starts);
        if !before.is_empty() {
            above.push(joined(old, &before));
        }
        let place = walker.place(code, opens_client);
        let trailing = (!after.is_empty()).then(|| joined(old, &after));
        if !above.is_empty() || trailing.is_some() {
            comments.push(Comment {
                order: comments.len(),
                place: Some(place),
                client: walker.client.clone(),
                above: std::mem::take(&mut above),
                trailing,
            });
        }
    }
    if !above.is_empty() {
        comments.push(Comment {
            order: comments.len(),
            place: None,
            client: None,
            above,
            trailing: None,
        });
    }
    comments
}

/// Comments side by side on one line, as written.
fn joined(text: &str, comments: &[Range<usize>]) -> String {
    comments
        .iter()
        .map(|c| &text[c.clone()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` may have any comment konto should carry over.
pub fn has_comments(text: &str) -> bool {
    text.contains("//") || text.contains("/*")
}

/// `new` (konto's own output, with no comments) with the comments of `old` put back in
/// their places. A comment goes only where the format allows one: on a line of its own
/// between lines of code, or after a line's code; never inside a string, so the data
/// cannot change (the save still reads the result back before trusting it).
pub fn carry_over(old: &str, new: &str) -> String {
    let comments = extract(old);
    let mut by_place: ByPlace<Comment> = comments
        .iter()
        .filter_map(|c| c.place.map(|p| (p, c.clone())))
        .collect();
    let layout = Layout::of(new);
    let clients_now: HashSet<&str> = layout
        .clients
        .iter()
        .filter_map(|(_, id)| id.as_deref())
        .collect();
    let mut cursor = Cursor::new(&layout);
    let mut out = String::with_capacity(new.len() + old.len() / 8);
    let mut walker = Walker::new();
    let mut start = 0;
    for line in new.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let span = start..start + body.len();
        start += line.len();
        let inside_string = cursor.in_string(span.start);
        let opens_client = follow_clients(&mut walker, &mut cursor, &layout, &span);
        if body.trim().is_empty() || inside_string {
            out.push_str(line);
            continue;
        }
        let place = walker.place(body, opens_client);
        let Some(comment) = by_place.remove(&place) else {
            out.push_str(line);
            continue;
        };
        let indent = &body[..body.len() - body.trim_start().len()];
        for above in &comment.above {
            out.push_str(indent);
            out.push_str(above);
            out.push('\n');
        }
        out.push_str(body);
        match &comment.trailing {
            Some(trailing) if !cursor.in_string(span.end) => {
                out.push(' ');
                out.push_str(trailing);
            }
            // The line ends inside a string: the comment waits for the end of the file.
            Some(_) => {
                by_place.insert(
                    place,
                    Comment {
                        above: Vec::new(),
                        ..comment.clone()
                    },
                );
            }
            None => {}
        }
        out.push_str(&line[body.len()..]);
    }
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    // Comments whose place is gone: dropped with a deleted client, else kept at the end.
    let mut homeless: Vec<&Comment> = by_place
        .values()
        .filter(|c| {
            c.client
                .as_deref()
                .is_none_or(|id| clients_now.contains(id))
        })
        .collect();
    // In the order they stood in the old file (each comment's place in `comments`).
    homeless.sort_by_key(|c| c.order);
    let tail: Vec<&Comment> = comments.iter().filter(|c| c.place.is_none()).collect();
    for comment in homeless.into_iter().chain(tail) {
        for above in &comment.above {
            out.push_str(above);
            out.push('\n');
        }
        if let Some(trailing) = &comment.trailing {
            out.push_str(trailing);
            out.push('\n');
        }
    }
    out
}

/// `new` with every comment of `old` after it, in order, under a line that says why: for
/// when [`carry_over`]'s text does not read back as the book. Nothing is dropped, and a
/// comment after the book's closing parenthesis cannot change the data.
pub fn all_at_end(old: &str, new: &str) -> String {
    let comments = lexer::comments_and_strings(old)
        .map(|spans| spans.comments)
        .unwrap_or_default();
    let mut out = String::with_capacity(new.len() + old.len() / 8);
    out.push_str(new);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if comments.is_empty() {
        return out;
    }
    out.push_str(
        "// konto could not put the comments below back where they were; they are kept here\n",
    );
    for comment in comments {
        out.push_str(&old[comment]);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"#![enable(implicit_some)]
// My book. Edit with care.
(
    owner: "Mette", // that's me
    clients: [
        (
            id: "a",
            name: "A // not a comment",
            // red carpet
            tier: Key,               // Key | Growth | Standard
            cadence_days: 7,
        ),
        (
            id: "b",
            name: "B",
            tier: Growth, // second
        ),
    ],
)
// the end
"#;

    #[test]
    fn comments_come_back_where_they_were() {
        let new = "#![enable(implicit_some)]\n(\n    version: 1,\n    owner: \"Mette\",\n    clients: [\n        (\n            id: \"a\",\n            name: \"A // not a comment\",\n            tier: Key,\n            cadence_days: 14,\n        ),\n        (\n            id: \"b\",\n            name: \"B\",\n            tier: Growth,\n        ),\n    ],\n)\n";
        let out = carry_over(OLD, new);
        assert!(out.contains("// My book. Edit with care.\n(\n"), "{out}");
        assert!(out.contains("owner: \"Mette\", // that's me\n"), "{out}");
        assert!(
            out.contains(
                "            // red carpet\n            tier: Key, // Key | Growth | Standard\n"
            ),
            "{out}"
        );
        assert!(out.contains("cadence_days: 14,\n"));
        assert!(out.contains("tier: Growth, // second\n"), "{out}");
        assert!(out.ends_with("// the end\n"), "{out}");
        assert!(!out.contains("not a comment\", //"));
    }

    #[test]
    fn a_deleted_clients_comments_go_with_it() {
        let new = "(\n    clients: [\n        (\n            id: \"a\",\n            tier: Key,\n        ),\n    ],\n)\n";
        let out = carry_over(OLD, new);
        assert!(!out.contains("// second"), "{out}");
        assert!(out.contains("// red carpet"));
    }

    #[test]
    fn comments_never_go_inside_a_string() {
        let old = "(\n    notes: \"one\", // after notes\n    // above tier\n    tier: Key,\n)\n";
        let new = "(\n    notes: \"one\n    tier: Key,\n// two\", // not code\n    tier: Key,\n)\n";
        let out = carry_over(old, new);
        assert!(
            out.contains("notes: \"one\n    tier: Key,\n// two\", // not code\n"),
            "the string's lines are untouched: {out}"
        );
        assert!(
            out.contains("    // above tier\n    tier: Key,\n)"),
            "{out}"
        );
        assert!(out.ends_with("// after notes\n"), "{out}");
    }

    #[test]
    fn text_inside_a_multi_line_or_raw_string_is_never_a_comment() {
        let old = "(\n    clients: [\n        (\n            id: \"a\",\n            notes: \"SSN 123\n// secret\",\n            industry: r#\"x // y \"# ,\n        ),\n    ],\n)\n";
        let comments = extract(old);
        assert!(comments.is_empty(), "{comments:?}");
    }

    #[test]
    fn a_nested_block_comment_is_kept_whole_where_it_was() {
        let old = "(\n    /* outer /* inner */ still outer */\n    owner: \"M\", /* two\n  lines */\n    clients: [],\n)\n";
        let new = "(\n    owner: \"M\",\n)\n";
        let out = carry_over(old, new);
        assert_eq!(
            out,
            "(\n    /* outer /* inner */ still outer */\n    owner: \"M\", /* two\n  lines */\n)\n"
        );
    }

    #[test]
    fn every_comment_can_be_kept_at_the_end() {
        let out = all_at_end(OLD, "(\n)\n");
        for comment in [
            "// My book. Edit with care.",
            "// that's me",
            "// red carpet",
            "// second",
            "// the end",
        ] {
            assert_eq!(out.matches(comment).count(), 1, "{comment}: {out}");
        }
        assert!(!out.contains("not a comment"));
    }

    #[test]
    fn a_comment_above_a_client_stays_with_that_client() {
        let old = "(\n    clients: [\n        // the first\n        (id: \"a\", name: \"A\"),\n        // the second\n        (id: \"b\", name: \"B\"),\n    ],\n)\n";
        // a was deleted; b reformatted.
        let new = "(\n    clients: [\n        (\n            id: \"b\",\n            name: \"B\",\n        ),\n    ],\n)\n";
        let out = carry_over(old, new);
        assert_eq!(
            out,
            "(\n    clients: [\n        // the second\n        (\n            id: \"b\",\n            name: \"B\",\n        ),\n    ],\n)\n"
        );
    }
}
