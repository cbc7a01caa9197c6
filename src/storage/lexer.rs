//! The one reader of RON text as text: strings, raw strings, characters and (nested)
//! comments are recognised the same way by the splice, which finds the clients in a
//! book's text, and by the comment keeper, which carries comments over a whole save.

use std::ops::Range;

/// One element of the `clients` list as it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// From its first byte (`(`, or a struct name) to just after its closing `)`.
    pub span: Range<usize>,
    /// Just after the comma that follows it, if one does.
    pub after_comma: Option<usize>,
    /// A comment inside it: rewriting it would drop the comment.
    pub commented: bool,
    /// A comment between it and the element before: removing it would leave the comment
    /// above the next client.
    pub comment_above: bool,
}

/// Where the clients are in a book's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientList {
    pub elements: Vec<Element>,
    /// The list's opening `[`.
    pub start: usize,
    /// The list's closing `]`.
    pub end: usize,
}

/// Finds the elements of the top-level `clients: [...]` list, skipping strings, raw
/// strings, characters and comments, so nothing inside a client's text can be mistaken for
/// its end. `None` when the text has no such list or is not well nested.
pub fn find_clients(text: &str) -> Option<ClientList> {
    let bytes = text.as_bytes();
    let mut scan = Scanner::new(text);
    let mut depth = 0usize;
    let mut in_list = false;
    let mut awaiting_list = false;
    let mut elements: Vec<Element> = Vec::new();
    let mut start = 0;
    let mut open: Option<(usize, bool)> = None;
    let mut comment_above = false;
    while let Some(token) = scan.next_token() {
        match token {
            Token::Comment(_) => match open.as_mut() {
                Some((_, commented)) => *commented = true,
                None => comment_above = in_list,
            },
            Token::Open(at) => {
                depth += 1;
                if awaiting_list && depth == 2 && bytes[at] == b'[' {
                    in_list = true;
                    awaiting_list = false;
                    start = at;
                } else if in_list && depth == 3 && open.is_none() {
                    open = Some((at, false));
                }
                scan.inside = in_list && depth >= 3;
            }
            Token::Close(at) => {
                depth = depth.checked_sub(1)?;
                if in_list && depth == 1 {
                    return (bytes[at] == b']' && open.is_none()).then_some(ClientList {
                        elements,
                        start,
                        end: at,
                    });
                }
                scan.inside = in_list && depth >= 3;
                if in_list
                    && depth == 2
                    && let Some((start, commented)) = open.take()
                {
                    elements.push(Element {
                        span: start..at + 1,
                        after_comma: None,
                        commented,
                        comment_above,
                    });
                    comment_above = false;
                }
            }
            Token::Comma(at) => {
                if in_list
                    && depth == 2
                    && let Some(last) = elements.last_mut()
                    && last.after_comma.is_none()
                {
                    last.after_comma = Some(at + 1);
                }
            }
            Token::Word(word) => {
                if depth == 1 && !in_list && word == "clients" {
                    awaiting_list = true;
                } else if in_list && depth == 2 && open.is_none() {
                    // A struct name before the parenthesis: `Client(...)`.
                    open = Some((scan.at - word.len(), false));
                }
            }
            Token::Text(_) | Token::Other => {}
        }
    }
    None
}

/// Whether the list holds its clients and nothing else: between them exactly one comma,
/// before the first nothing, after the last at most one, and comments anywhere. (The
/// scan passes over anything that is not a client, such as a stray string.)
pub fn holds_only_clients(text: &str, list: &ClientList) -> bool {
    let mut from = list.start + 1;
    let count = list.elements.len();
    for (place, element) in list.elements.iter().enumerate() {
        let commas = if place == 0 { 0..=0 } else { 1..=1 };
        if !gap_is(text, from..element.span.start, commas) {
            return false;
        }
        from = element.span.end;
    }
    let commas = if count == 0 { 0..=0 } else { 0..=1 };
    gap_is(text, from..list.end, commas)
}

/// Whether `text` (one client's) holds a comment outside its strings.
pub fn has_comment(text: &str) -> bool {
    let mut scan = Scanner::new(text);
    while let Some(token) = scan.next_token() {
        if matches!(token, Token::Comment(_)) {
            return true;
        }
    }
    false
}

/// Whether `text[gap]` is only whitespace, comments and a number of commas in `commas`.
fn gap_is(text: &str, gap: Range<usize>, commas: std::ops::RangeInclusive<usize>) -> bool {
    let Some(between) = text.get(gap) else {
        return false;
    };
    let mut scan = Scanner::new(between);
    let mut seen = 0;
    while let Some(token) = scan.next_token() {
        match token {
            Token::Comment(_) => {}
            Token::Comma(_) => seen += 1,
            _ => return false,
        }
    }
    // An unfinished comment or string ends the scan early, not at the gap's end.
    scan.at >= between.len() && commas.contains(&seen)
}

pub enum Token<'a> {
    /// A line or block comment, its whole span (a line comment without its line end).
    Comment(Range<usize>),
    /// A string, raw string or character, quotes included (a raw string's `r` and `#`
    /// come before it as other tokens).
    Text(Range<usize>),
    Open(usize),
    Close(usize),
    Comma(usize),
    Word(&'a str),
    Other,
}

pub struct Scanner<'a> {
    bytes: &'a [u8],
    pub at: usize,
    /// Inside a client: only nesting, strings and comments matter, so every other byte
    /// is passed over without making a token of it (most of a large book's bytes).
    pub inside: bool,
}

/// The bytes that can start a token that matters inside a client.
const MATTERS_INSIDE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let bytes = b"()[]{}\"'/";
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            bytes: text.as_bytes(),
            at: 0,
            inside: false,
        }
    }

    /// The next token that matters for nesting; strings and characters are skipped whole.
    /// `None` at the end, or inside an unfinished string or comment.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            if self.inside {
                let rest = self.bytes.get(self.at..)?;
                self.at += rest
                    .iter()
                    .position(|b| MATTERS_INSIDE[usize::from(*b)])
                    .unwrap_or(rest.len());
            }
            let at = self.at;
            let byte = *self.bytes.get(at)?;
            self.at += 1;
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' => {}
                b'(' | b'[' | b'{' => return Some(Token::Open(at)),
                b')' | b']' | b'}' => return Some(Token::Close(at)),
                b',' => return Some(Token::Comma(at)),
                b'"' => {
                    match self.raw_hashes_before(at) {
                        Some(hashes) => self.skip_raw_string(hashes)?,
                        None => self.skip_string()?,
                    }
                    return Some(Token::Text(at..self.at));
                }
                b'\'' => {
                    self.skip_char()?;
                    return Some(Token::Text(at..self.at));
                }
                b'/' if self.bytes.get(self.at) == Some(&b'/') => {
                    self.at = memchr::memchr(b'\n', &self.bytes[self.at..])
                        .map_or(self.bytes.len(), |n| self.at + n);
                    // A CRLF file: the line end is not part of the comment.
                    let end = if self.bytes[..self.at].ends_with(b"\r") {
                        self.at - 1
                    } else {
                        self.at
                    };
                    return Some(Token::Comment(at..end));
                }
                b'/' if self.bytes.get(self.at) == Some(&b'*') => {
                    self.skip_block_comment()?;
                    return Some(Token::Comment(at..self.at));
                }
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    while self
                        .bytes
                        .get(self.at)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    {
                        self.at += 1;
                    }
                    let word = std::str::from_utf8(&self.bytes[at..self.at]).ok()?;
                    return Some(Token::Word(word));
                }
                _ => return Some(Token::Other),
            }
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        loop {
            let found = memchr::memchr2(b'"', b'\\', &self.bytes[self.at..])?;
            self.at += found + 1;
            if self.bytes[self.at - 1] == b'"' {
                return Some(());
            }
            // An escape: whatever follows the backslash is part of the string.
            self.at += 1;
        }
    }

    fn skip_char(&mut self) -> Option<()> {
        if self.bytes.get(self.at) == Some(&b'\\') {
            self.at += 2;
        }
        let found = memchr::memchr(b'\'', self.bytes.get(self.at..)?)?;
        self.at += found + 1;
        Some(())
    }

    fn skip_block_comment(&mut self) -> Option<()> {
        // RON block comments nest.
        self.at += 1;
        let mut level = 1usize;
        while level > 0 {
            let found = memchr::memchr2(b'*', b'/', self.bytes.get(self.at..)?)?;
            let at = self.at + found;
            let next = self.bytes.get(at + 1).copied();
            match (self.bytes[at], next) {
                (b'*', Some(b'/')) => {
                    level -= 1;
                    self.at = at + 2;
                }
                (b'/', Some(b'*')) => {
                    level += 1;
                    self.at = at + 2;
                }
                _ => self.at = at + 1,
            }
        }
        Some(())
    }

    /// For the quote at `quote`: the number of `#` of a raw string (`r"`, `r#"`…) that it
    /// opens, or `None` for a plain string.
    fn raw_hashes_before(&self, quote: usize) -> Option<usize> {
        let before = &self.bytes[..quote];
        let hashes = before.iter().rev().take_while(|b| **b == b'#').count();
        let r = quote.checked_sub(hashes + 1)?;
        let word_before = r
            .checked_sub(1)
            .is_some_and(|i| before[i].is_ascii_alphanumeric() || before[i] == b'_');
        (before[r] == b'r' && !word_before).then_some(hashes)
    }

    /// Past a raw string whose opening quote was just read.
    fn skip_raw_string(&mut self, hashes: usize) -> Option<()> {
        loop {
            let found = memchr::memchr(b'"', self.bytes.get(self.at..)?)?;
            let end = self.at + found + 1;
            let closing = self.bytes.get(end..end + hashes)?;
            self.at = end;
            if closing.iter().all(|b| *b == b'#') {
                self.at += hashes;
                return Some(());
            }
        }
    }
}

/// Where a text's comments and strings (characters included) are, each in file order.
#[derive(Debug, Default)]
pub struct Spans {
    pub comments: Vec<Range<usize>>,
    pub strings: Vec<Range<usize>>,
}

/// The comments and strings of a text; `None` when it ends inside one.
pub fn comments_and_strings(text: &str) -> Option<Spans> {
    let mut scan = Scanner::new(text);
    let mut spans = Spans::default();
    while let Some(token) = scan.next_token() {
        match token {
            Token::Comment(comment) => spans.comments.push(comment),
            Token::Text(string) => spans.strings.push(string),
            _ => {}
        }
    }
    (scan.at >= text.len()).then_some(spans)
}

/// Each client's id and its element's span in a book's text, in the file's order; `None`
/// when the list cannot be found or a client's id is not a plain string.
pub fn client_spans(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    find_clients(text)?
        .elements
        .iter()
        .map(|e| Some((element_id(text, e)?, e.span.clone())))
        .collect()
}

/// The `id: "..."` a client element names at its own level, if written as a plain string.
pub fn element_id(text: &str, element: &Element) -> Option<String> {
    let inner = text.get(element.span.clone())?;
    let mut scan = Scanner::new(inner);
    let mut depth = 0usize;
    // 1: just after `id` at the element's own level; 2: after `id:`.
    let mut state = 0u8;
    while let Some(token) = scan.next_token() {
        state = match token {
            Token::Open(_) => {
                depth += 1;
                0
            }
            Token::Close(_) => {
                depth = depth.saturating_sub(1);
                0
            }
            Token::Word("id") if depth == 1 => 1,
            Token::Other if state == 1 && inner.as_bytes()[scan.at - 1] == b':' => 2,
            Token::Text(string) if state == 2 => {
                let plain = inner[string].strip_prefix('"')?.strip_suffix('"')?;
                return (!plain.contains('\\')).then(|| plain.to_string());
            }
            _ => 0,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_client_however_its_strings_and_comments_look() {
        let text = r##"(
    owner: "clients: [(",
    clients: [ // the list
        (id: "a", name: "A ) ] \" (", notes: r#"raw ")"# ),
        /* between (nested /* ) */ ] */
        Client(id: "b", name: "B"),
        (id: "c", name: "C" /* inside */),
    ],
)"##;
        let list = find_clients(text).unwrap();
        let spans: Vec<&str> = list
            .elements
            .iter()
            .map(|e| &text[e.span.clone()])
            .collect();
        assert_eq!(spans.len(), 3);
        assert!(spans[0].starts_with("(id: \"a\"") && spans[0].ends_with("\"# )"));
        assert_eq!(spans[1], "Client(id: \"b\", name: \"B\")");
        assert_eq!(
            list.elements
                .iter()
                .map(|e| e.commented)
                .collect::<Vec<_>>(),
            [false, false, true]
        );
    }

    #[test]
    fn unfinished_text_has_no_list() {
        assert_eq!(find_clients("(clients: [(id: \"a\"),"), None);
        assert_eq!(find_clients("(clients: [(id: \"a), ])"), None);
        assert_eq!(find_clients("(owner: \"x\")"), None);
    }

    #[test]
    fn an_element_names_its_own_id_not_a_nested_one() {
        let text = "(clients: [(contacts: [(id: \"p\")], id: \"a\"), Client(\n id : \"b\"), (name: \"id: x\")])";
        let list = find_clients(text).unwrap();
        let ids: Vec<Option<String>> = list.elements.iter().map(|e| element_id(text, e)).collect();
        assert_eq!(ids, [Some("a".into()), Some("b".into()), None]);
    }
}
