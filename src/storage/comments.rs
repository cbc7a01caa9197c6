//! Keeps the comments a person wrote in the book when konto writes it back.
//!
//! The serializer knows nothing of comments, so each comment is tied to the line it stood
//! on or before, named by the client it belongs to (the last `id:` above it), the field at
//! the start of that line, and how many times that pair came before. The new text gets the
//! comment at the same place. A comment whose place is gone (its client was deleted) goes
//! with it; one konto cannot place otherwise is kept at the end of the file.

/// Where a comment goes: the client, the field at the start of the line, and which
/// occurrence of that pair in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Place {
    client: Option<String>,
    key: String,
    nth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Comment {
    place: Option<Place>,
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
fn key_of(code: &str) -> String {
    let code = code.trim();
    match code.split_once(':') {
        Some((key, _))
            if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') =>
        {
            key.to_string()
        }
        _ => code.to_string(),
    }
}

/// The client id a line names, if it is an `id: "..."` line.
fn id_on(code: &str) -> Option<String> {
    let rest = code.trim().strip_prefix("id:")?.trim();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// Walks the code lines of a text, yielding each line's place.
struct Walker {
    client: Option<String>,
    seen: std::collections::HashMap<(Option<String>, String), usize>,
}

impl Walker {
    fn new() -> Walker {
        Walker {
            client: None,
            seen: std::collections::HashMap::new(),
        }
    }

    fn place(&mut self, code: &str) -> Place {
        if let Some(id) = id_on(code) {
            self.client = Some(id);
        }
        let key = key_of(code);
        let count = self
            .seen
            .entry((self.client.clone(), key.clone()))
            .or_insert(0);
        *count += 1;
        Place {
            client: self.client.clone(),
            key,
            nth: *count,
        }
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
                place: Some(place),
                above: std::mem::take(&mut above),
                trailing,
            });
        }
    }
    if !above.is_empty() {
        comments.push(Comment {
            place: None,
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

/// `new` with the comments of `old` put back in their places.
pub fn carry_over(old: &str, new: &str) -> String {
    let comments = extract(old);
    let mut by_place: std::collections::HashMap<Place, Comment> = comments
        .iter()
        .filter_map(|c| c.place.clone().map(|p| (p, c.clone())))
        .collect();
    let clients_now: std::collections::HashSet<String> = new.lines().filter_map(id_on).collect();
    let mut out = String::with_capacity(new.len() + old.len() / 8);
    let mut walker = Walker::new();
    for line in new.lines() {
        if line.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let place = walker.place(line);
        let indent = &line[..line.len() - line.trim_start().len()];
        match by_place.remove(&place) {
            Some(comment) => {
                for above in &comment.above {
                    out.push_str(indent);
                    out.push_str(above);
                    out.push('\n');
                }
                out.push_str(line);
                if let Some(trailing) = &comment.trailing {
                    out.push(' ');
                    out.push_str(trailing);
                }
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    // Comments whose place is gone: dropped with a deleted client, else kept at the end.
    let mut homeless: Vec<&Comment> = by_place
        .values()
        .filter(|c| {
            c.place
                .as_ref()
                .and_then(|p| p.client.as_ref())
                .is_none_or(|id| clients_now.contains(id))
        })
        .collect();
    homeless.sort_by_key(|c| comments.iter().position(|x| x == *c));
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
    let mut rest = old;
    while let Some(start) = rest.find("/*") {
        let Some(len) = rest[start..].find("*/") else {
            break;
        };
        let block = &rest[start..start + len + 2];
        if !out.contains(block) && comment_start_is_code(old, block) {
            out.push_str(block);
            out.push('\n');
        }
        rest = &rest[start + len + 2..];
    }
    out
}

/// A `/* */` found in the text is a comment, not part of a string (a rough but safe test:
/// the line it starts on has an even number of quotes before it).
fn comment_start_is_code(text: &str, block: &str) -> bool {
    let Some(at) = text.find(block) else {
        return false;
    };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].matches('"').count().is_multiple_of(2)
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
    fn finds_comments_outside_strings_only() {
        assert_eq!(comment_start("tier: Key, // x"), Some(11));
        assert_eq!(comment_start("name: \"a // b\","), None);
        assert_eq!(comment_start("name: \"a \\\" // b\", // c"), Some(19));
    }
}
