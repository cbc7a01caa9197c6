//! Keeps the comments a person wrote in the book when konto writes it back.
//!
//! The serializer knows nothing of comments, so each comment is tied to the line it stood
//! on or before, named by the client it belongs to (the last `id:` above it), the field at
//! the start of that line, and how many times that pair came before. The new text gets the
//! comment at the same place. A comment whose place is gone (its client was deleted) goes
//! with it; one konto cannot place otherwise is kept at the end of the file.

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
    /// Whole comment lines written above the line (indentation dropped).
    above: Vec<String>,
    /// A comment at the end of the line itself.
    trailing: Option<String>,
}

/// The byte offset where a `//` comment starts on `line`, outside any string.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
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

/// The client id a line names, if it is an `id: "..."` line.
fn id_on(code: &str) -> Option<String> {
    let rest = code.trim().strip_prefix("id:")?.trim();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
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

/// Walks the code lines of a text, yielding each line's place.
struct Walker {
    client: Option<String>,
    /// The current client's id hashed, seeding each line's key (0 before any client).
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

    fn place(&mut self, code: &str) -> Place {
        if let Some(id) = id_on(code) {
            // Never 0, the seed of "no client yet".
            self.client_seed = xxhash_rust::xxh3::xxh3_64(id.as_bytes()) | 1;
            self.client = Some(id);
        }
        let key = xxhash_rust::xxh3::xxh3_128_with_seed(key_of(code).as_bytes(), self.client_seed);
        let count = self.seen.entry(key).or_insert(0);
        *count += 1;
        Place { key, nth: *count }
    }
}

fn extract(old: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut walker = Walker::new();
    let mut above: Vec<String> = Vec::new();
    for line in old.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            above.push(trimmed.to_string());
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let (code, trailing) = match comment_start(line) {
            Some(at) => (&line[..at], Some(line[at..].trim_end().to_string())),
            None => (line, None),
        };
        let place = walker.place(code);
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

/// Whether `text` has any comment konto should carry over.
pub fn has_comments(text: &str) -> bool {
    text.contains("//") || text.contains("/*")
}

/// Where a line of konto's own output starts and ends: in code, or inside a string
/// (a note with line breaks). konto writes strings plain (`"..."`, with no `"` or `\`
/// inside) or raw (`r#"..."#`), so this is exact for its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lexed {
    Code,
    Plain,
    /// A raw string closed by `"` and this many `#`.
    Raw(usize),
}

/// At `bytes[i]` (an `r`): the number of `#` of the raw string it opens, if it opens one.
fn raw_opens(bytes: &[u8], i: usize) -> Option<usize> {
    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
    (bytes.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// Whether `bytes[i]` closes a raw string opened with `hashes` `#`.
fn closes_raw(bytes: &[u8], i: usize, hashes: usize) -> bool {
    bytes[i] == b'"'
        && bytes.len() >= i + 1 + hashes
        && bytes[i + 1..i + 1 + hashes].iter().all(|b| *b == b'#')
}

/// The state after `line`, starting in `state`.
fn lex_line(line: &str, mut state: Lexed) -> Lexed {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match state {
            Lexed::Code => {
                if bytes[i] == b'"' {
                    state = Lexed::Plain;
                } else if bytes[i] == b'r'
                    && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'_')
                    && let Some(hashes) = raw_opens(bytes, i)
                {
                    state = Lexed::Raw(hashes);
                    i += hashes + 1;
                }
            }
            Lexed::Plain => {
                if bytes[i] == b'"' {
                    state = Lexed::Code;
                }
            }
            Lexed::Raw(hashes) => {
                if closes_raw(bytes, i, hashes) {
                    state = Lexed::Code;
                    i += hashes;
                }
            }
        }
        i += 1;
    }
    state
}

/// `new` (konto's own output) with the comments of `old` put back in their places, and
/// whether the result must be read back before it is trusted. A comment goes only where
/// the format allows one: a whole line between lines of code, or after a line's code;
/// never inside a string, so the data cannot change. Block comments, kept whole at the
/// end, are the exception (they may nest), so their presence asks for the read-back.
pub fn carry_over(old: &str, new: &str) -> (String, bool) {
    let comments = extract(old);
    let mut by_place: ByPlace<Comment> = comments
        .iter()
        .filter_map(|c| c.place.map(|p| (p, c.clone())))
        .collect();
    let clients_now: std::collections::HashSet<String> = new.lines().filter_map(id_on).collect();
    let mut out = String::with_capacity(new.len() + old.len() / 8);
    let mut walker = Walker::new();
    let mut state = Lexed::Code;
    for line in new.split_inclusive('\n') {
        let starts = state;
        state = lex_line(line, state);
        let body = line.strip_suffix('\n').unwrap_or(line);
        if body.trim().is_empty() || starts != Lexed::Code {
            out.push_str(line);
            continue;
        }
        let place = walker.place(body);
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
            Some(trailing) if state == Lexed::Code => {
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
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    // Comments whose place is gone: dropped with a deleted client, else kept at the end.
    let mut homeless: Vec<&Comment> = by_place
        .values()
        .filter(|c| c.client.as_ref().is_none_or(|id| clients_now.contains(id)))
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
    // Block comments are rare; rather than place them, keep them whole at the end.
    let blocks = block_comments(old);
    for block in &blocks {
        out.push_str(block);
        out.push('\n');
    }
    (out, !blocks.is_empty())
}

/// The `/* */` comments of a text, outside strings and line comments, in one pass.
fn block_comments(text: &str) -> Vec<&str> {
    enum State {
        Code,
        Text,
        /// A raw string, closed by `"` and this many `#`: a `\` in it escapes nothing.
        Raw(usize),
        Line,
        Block(usize),
    }
    let bytes = text.as_bytes();
    let mut blocks = Vec::new();
    let mut state = State::Code;
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        match state {
            State::Code => match (bytes[i], next) {
                (b'r', Some(b'"' | b'#'))
                    if i == 0
                        || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') =>
                {
                    if let Some(hashes) = raw_opens(bytes, i) {
                        state = State::Raw(hashes);
                        i += hashes + 1;
                    }
                }
                (b'"', _) => state = State::Text,
                (b'/', Some(b'/')) => state = State::Line,
                (b'/', Some(b'*')) => {
                    state = State::Block(i);
                    i += 1;
                }
                _ => {}
            },
            State::Text => match bytes[i] {
                b'\\' => i += 1,
                b'"' => state = State::Code,
                _ => {}
            },
            State::Raw(hashes) => {
                if closes_raw(bytes, i, hashes) {
                    state = State::Code;
                    i += hashes;
                }
            }
            State::Line => {
                if bytes[i] == b'\n' {
                    state = State::Code;
                }
            }
            State::Block(start) => {
                if bytes[i] == b'*' && next == Some(b'/') {
                    blocks.push(&text[start..i + 2]);
                    state = State::Code;
                    i += 1;
                }
            }
        }
        i += 1;
    }
    blocks
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
        let (out, _) = carry_over(OLD, new);
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
        let (out, _) = carry_over(OLD, new);
        assert!(!out.contains("// second"), "{out}");
        assert!(out.contains("// red carpet"));
    }

    #[test]
    fn comments_never_go_inside_a_string() {
        let old = "(\n    notes: \"one\", // after notes\n    // above tier\n    tier: Key,\n)\n";
        let new = "(\n    notes: \"one\n    tier: Key,\n// two\", // not code\n    tier: Key,\n)\n";
        let (out, check) = carry_over(old, new);
        assert!(!check);
        assert!(
            out.contains("notes: \"one\n    tier: Key,\n// two\", // not code\n"),
            "the string's lines are untouched: {out}"
        );
        assert!(
            out.contains("    // above tier\n    tier: Key,\n)"),
            "{out}"
        );
        assert!(out.ends_with("// after notes\n"), "{out}");
        assert_eq!(
            lex_line("a: r##\"x\"# \"##, b: \"", Lexed::Code),
            Lexed::Plain
        );
        assert_eq!(lex_line("more\"", Lexed::Plain), Lexed::Code);
        assert_eq!(lex_line("for: r#\"x", Lexed::Code), Lexed::Raw(1));
    }

    #[test]
    fn block_comments_are_found_outside_strings_and_line_comments() {
        let text = "(\n /* one */ a: \"/* not */\", // nor /* this */\n b: 1, /* two\n lines */\n)";
        assert_eq!(block_comments(text), ["/* one */", "/* two\n lines */"]);
        assert!(block_comments("(a: \"x\\\"/* in */\")").is_empty());
    }

    #[test]
    fn finds_comments_outside_strings_only() {
        assert_eq!(comment_start("tier: Key, // x"), Some(11));
        assert_eq!(comment_start("name: \"a // b\","), None);
        assert_eq!(comment_start("name: \"a \\\" // b\", // c"), Some(19));
    }

    #[test]
    fn a_block_comment_opener_after_a_raw_string_with_a_backslash_is_text() {
        // konto writes `\` raw; the quote that ends it is not escaped.
        let text = "(summary: r\"\\\", recipient: \"/*\", other: \"*/\")";
        assert!(
            block_comments(text).is_empty(),
            "{:?}",
            block_comments(text)
        );
        assert_eq!(block_comments("(a: r#\"x\"#) /* real */"), ["/* real */"]);
    }
}
