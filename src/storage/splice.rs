//! Saving an edit by rewriting only the clients it changed.
//!
//! Serialising a 10,000-client book takes a quarter of a second, and an edit usually
//! touches one client. The file on disk is text whose every byte was read into the book
//! the edit started from, so the new file can be made from the old bytes: each unchanged
//! client is copied as it stands (with the user's own layout and comments), and only a
//! changed, added or removed client is written or cut. Anything this cannot do exactly (a
//! change outside the clients, a reordering, a comment inside a changed client) returns
//! `None`, and the caller writes the whole book as before.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use ron::extensions::Extensions;
use serde::Serialize;

use super::lexer::{ClientList, Element, client_spans, find_clients, has_comment};
use crate::model::{Book, CURRENT_VERSION, Client};

/// One client written exactly as [`super::to_text`] writes it inside a whole book of the
/// file's dialect: the client is serialised at the same depth (inside a `clients` list of
/// a struct) and cut out, from its `(` (or struct name) to its `)`.
fn client_text(client: &Client, dialect: Extensions) -> Option<String> {
    const BEFORE: &str = "\n    clients: [\n        ";
    const AFTER: &str = ",\n    ],\n)\n";
    #[derive(Serialize)]
    struct Clients<'a> {
        clients: &'a [Client],
    }
    let wrapped = super::codec::to_text_of(
        &Clients {
            clients: std::slice::from_ref(client),
        },
        dialect,
    )
    .ok()?;
    let start = wrapped.find(BEFORE)? + BEFORE.len();
    let end = wrapped.len().checked_sub(AFTER.len())?;
    (wrapped.get(end..)? == AFTER && start <= end).then(|| wrapped[start..end].to_string())
}

/// The old text and the RON extensions its header turns on: every client written into
/// it is written, and read back, in that dialect (a book with `explicit_struct_names`
/// needs `Client(...)`, not `(...)`).
#[derive(Clone, Copy)]
struct Old<'a> {
    text: &'a str,
    dialect: Extensions,
}

impl Old<'_> {
    fn of(text: &str) -> Old<'_> {
        Old {
            text,
            dialect: super::codec::dialect_of(text),
        }
    }
}

/// What happens to the old text: a byte range replaced by new text.
struct Cut {
    range: Range<usize>,
    with: String,
}

/// The new file as pieces to write one after another: runs of the old text and the
/// clients written anew (a large book is not copied into one string first).
pub struct Spliced<'a> {
    pub pieces: Vec<Cow<'a, str>>,
    /// The clients written anew (changed or added), by place in the new book: the only
    /// ones the save needs to check.
    pub written: Vec<usize>,
    /// Where each client is in the new text, when the splice knows (see
    /// [`splice_client`]).
    pub spans: Option<Vec<Range<usize>>>,
    /// The text before the clients was written anew (see [`splice_outside`]): a change
    /// there can break a rule any client must follow, so the whole book is checked.
    pub outside_written: bool,
}

/// The file for `book`, made from `previous` (the text `base` was read from) by rewriting
/// only the clients that differ. Each rewritten client is read back and must equal the
/// client in `book`; each client cut or replaced must read back as the one in `base`, so
/// a wrong span can never be written. `None`: write the whole book instead.
pub fn splice<'a>(previous: &'a str, base: &Book, book: &Book) -> Option<Spliced<'a>> {
    if base.version != CURRENT_VERSION || book.version != CURRENT_VERSION {
        return None;
    }
    if !book.same_outside_clients(base) {
        return if book.clients == base.clients {
            splice_outside(previous, book)
        } else {
            None
        };
    }
    let list = find_clients(previous)?;
    if list.elements.len() != base.clients.len() || list.elements.is_empty() {
        return None;
    }
    let old = Old::of(previous);
    let (cuts, written) = plan(old, &list, base, book)?;
    let spans = spans_after_cuts(&list, &cuts, book.clients.len());
    let mut spliced = assemble(previous, cuts, written)?;
    spliced.spans = spans;
    Some(spliced)
}

/// Where the clients are once `cuts` are made, when every cut rewrites one client in
/// place (an edit that adds, removes or moves none). `None` otherwise.
fn spans_after_cuts(list: &ClientList, cuts: &[Cut], clients: usize) -> Option<Vec<Range<usize>>> {
    if list.elements.len() != clients {
        return None;
    }
    let spans: Vec<Range<usize>> = list.elements.iter().map(|e| e.span.clone()).collect();
    let rewritten: Vec<(&Range<usize>, usize)> = cuts
        .iter()
        .map(|cut| (&cut.range, cut.with.len()))
        .collect();
    moved(&spans, &rewritten)
}

/// A change outside the clients (a setting, the team, a forecast kept) with every client
/// as it was: the text up to the clients' list written anew in the file's dialect, the
/// list and what follows it copied as they stand (at 10,000 clients, writing every client
/// again was most of a `konto forecast submit`). `None` when a comment sits before the
/// list (the comment keeper places it) or anything but the book's end follows it.
fn splice_outside<'a>(previous: &'a str, book: &Book) -> Option<Spliced<'a>> {
    let old = find_clients(previous)?;
    if has_comment(previous.get(..old.start)?) || !ends_book(previous.get(old.end + 1..)?) {
        return None;
    }
    // With one client, as an empty list is not written at all.
    let mut outside = book.clone();
    outside.clients.truncate(1);
    let text = super::codec::to_text_of(&outside, Old::of(previous).dialect).ok()?;
    let new = find_clients(&text)?;
    if !ends_book(text.get(new.end + 1..)?) || super::codec::parse(&text).ok()?.0 != outside {
        return None;
    }
    Some(Spliced {
        pieces: vec![
            Cow::Owned(text.get(..=new.start)?.to_string()),
            Cow::Borrowed(previous.get(old.start + 1..)?),
        ],
        written: Vec::new(),
        spans: None,
        outside_written: true,
    })
}

/// Whether `tail`, what follows the clients' list, only ends the book: a comma at most,
/// the closing `)`, and comments.
fn ends_book(tail: &str) -> bool {
    let mut scan = super::lexer::Scanner::new(tail);
    let (mut commas, mut closes) = (0, 0);
    while let Some(token) = scan.next_token() {
        match token {
            super::lexer::Token::Comment(_) => {}
            super::lexer::Token::Comma(_) if closes == 0 => commas += 1,
            super::lexer::Token::Close(_) => closes += 1,
            _ => return false,
        }
    }
    scan.at >= tail.len() && commas <= 1 && closes == 1
}

/// [`splice`] for a change of one client: `book` is the book the file holds with the
/// client at `index` (which was `before`) replaced. The result says where every client is
/// in the new text: kept beside the cache, it lets the next such edit read only the
/// client it changes (`storage::update_client`).
pub fn splice_client<'a>(
    previous: &'a str,
    book: &Book,
    index: usize,
    before: &Client,
) -> Option<Spliced<'a>> {
    let after = book.clients.get(index)?;
    if book.version != CURRENT_VERSION || before.id != after.id {
        return None;
    }
    let list = find_clients(previous)?;
    if list.elements.len() != book.clients.len() {
        return None;
    }
    let spans: Vec<Range<usize>> = list.elements.iter().map(|e| e.span.clone()).collect();
    let (cuts, spans) = if before == after {
        (Vec::new(), spans)
    } else {
        let cut = replace(Old::of(previous), list.elements.get(index)?, before, after)?;
        let spans = moved(&spans, &[(&cut.range, cut.with.len())])?;
        (vec![cut], spans)
    };
    let written = if cuts.is_empty() {
        Vec::new()
    } else {
        vec![index]
    };
    let mut spliced = assemble(previous, cuts, written)?;
    spliced.spans = Some(spans);
    Some(spliced)
}

/// The text that replaces one client's `old` text (in a file of `dialect`), when that
/// text holds no comment and reads back as `before`; the new text reads back as
/// `after`. For a save that reads only the client it cuts (see
/// `storage::update_client`).
pub fn rewrite_client(
    old: &str,
    dialect: Extensions,
    (before, after): (&Client, &Client),
) -> Option<String> {
    let old = Old { text: old, dialect };
    let whole = Element {
        span: 0..old.text.len(),
        after_comma: None,
        commented: has_comment(old.text),
        comment_above: false,
    };
    Some(replace(old, &whole, before, after)?.with)
}

/// Where the clients at `spans` are once the one at `index` is replaced by `len` bytes.
pub fn spans_after(spans: &[Range<usize>], index: usize, len: usize) -> Option<Vec<Range<usize>>> {
    moved(spans, &[(spans.get(index)?, len)])
}

/// Where the clients at `spans` are once each client's text `rewritten` names (its span,
/// in file order) is replaced by so many bytes: it spans its new text, and every client
/// moves by what the rewrites before it changed. `None` when a rewrite is not one
/// client's whole text.
fn moved(
    spans: &[Range<usize>],
    rewritten: &[(&Range<usize>, usize)],
) -> Option<Vec<Range<usize>>> {
    let mut rewritten = rewritten.iter().peekable();
    let (mut grown, mut shrunk) = (0usize, 0usize);
    let mut now = Vec::with_capacity(spans.len());
    for span in spans {
        let len = match rewritten.next_if(|(cut, _)| *cut == span) {
            Some(&(_, len)) => len,
            None => span.len(),
        };
        let start = (span.start + grown).checked_sub(shrunk)?;
        now.push(start..start + len);
        if len >= span.len() {
            grown += len - span.len();
        } else {
            shrunk += span.len() - len;
        }
    }
    rewritten.next().is_none().then_some(now)
}

/// The old text with the cuts made, as pieces.
fn assemble(previous: &str, cuts: Vec<Cut>, written: Vec<usize>) -> Option<Spliced<'_>> {
    let mut pieces = Vec::with_capacity(cuts.len() * 2 + 1);
    let mut copied = 0;
    for cut in cuts {
        pieces.push(Cow::Borrowed(previous.get(copied..cut.range.start)?));
        pieces.push(Cow::Owned(cut.with));
        copied = cut.range.end;
    }
    pieces.push(Cow::Borrowed(previous.get(copied..)?));
    Some(Spliced {
        pieces,
        written,
        spans: None,
        outside_written: false,
    })
}

/// The cuts that turn `base`'s clients into `book`'s, in file order, and the clients of
/// `book` they write: clients matched by id in order; one only in `book` is added where it
/// stands, one only in `base` is cut.
fn plan(
    old_text: Old<'_>,
    list: &ClientList,
    base: &Book,
    book: &Book,
) -> Option<(Vec<Cut>, Vec<usize>)> {
    // Needed only once the two lists part (an edit in place never builds them).
    let ids =
        |book: &Book| -> HashSet<String> { book.clients.iter().map(|c| c.id.clone()).collect() };
    let (mut in_book, mut in_base) = (None, None);
    let mut cuts = Vec::new();
    let mut written = Vec::new();
    let (mut old, mut new) = (0, 0);
    while old < base.clients.len() || new < book.clients.len() {
        let before = base.clients.shared().get(old);
        let after = book.clients.shared().get(new);
        match (before, after) {
            (Some(before), Some(after)) if before.id == after.id => {
                // One shared client is unchanged without a look inside it.
                if !crate::model::same(before, after) {
                    cuts.push(replace(old_text, &list.elements[old], before, after)?);
                    written.push(new);
                }
                old += 1;
                new += 1;
            }
            (Some(before), _)
                if !in_book
                    .get_or_insert_with(|| ids(book))
                    .contains(&before.id) =>
            {
                cuts.push(remove(old_text, &list.elements[old], before)?);
                old += 1;
            }
            (_, Some(after)) if !in_base.get_or_insert_with(|| ids(base)).contains(&after.id) => {
                cuts.push(insert(old_text, &list.elements, old, after)?);
                written.push(new);
                new += 1;
            }
            // Moved, or an id in one book twice: not a splice.
            _ => return None,
        }
    }
    // An insertion at the line where a removal starts goes first; overlapping cuts (none
    // are planned) would make the splice give up rather than write.
    cuts.sort_by_key(|cut| (cut.range.start, cut.range.end));
    Some((cuts, written))
}

/// The old client's text must read back as `before` (with the ids a load fills in where
/// the text has none): proof that the span is the client.
fn holds(previous: Old<'_>, element: &Element, before: &Client) -> Option<()> {
    let mut old =
        super::codec::read_client(previous.text.get(element.span.clone())?, previous.dialect)?;
    crate::edit::fill_missing_ids_of(&mut old);
    (old == *before).then_some(())
}

/// The new client's text, checked to read back as `after`.
fn written(after: &Client, dialect: Extensions) -> Option<String> {
    let text = client_text(after, dialect)?;
    (super::codec::read_client(&text, dialect)? == *after).then_some(text)
}

fn replace(previous: Old<'_>, element: &Element, before: &Client, after: &Client) -> Option<Cut> {
    if element.commented {
        return None;
    }
    holds(previous, element, before)?;
    Some(Cut {
        range: element.span.clone(),
        with: written(after, previous.dialect)?,
    })
}

/// A new client on lines of its own, indented as its neighbour is: before the old element
/// `index`, or after the last one.
fn insert(old: Old<'_>, elements: &[Element], index: usize, after: &Client) -> Option<Cut> {
    let text = written(after, old.dialect)?;
    let previous = old.text;
    let (neighbour, at) = if let Some(next) = elements.get(index) {
        // Inserted at the next client's line, it would come between that client and the
        // comment above it: the comment keeper places it instead.
        if next.comment_above {
            return None;
        }
        (next, line_start(previous, next)?)
    } else {
        let last = elements.last()?;
        (last, line_end(previous, last)?)
    };
    let indent = indentation_before(previous, neighbour.span.start)?;
    Some(Cut {
        range: at..at,
        with: format!("{indent}{text},\n"),
    })
}

/// Cuts a client's whole lines: its indentation, the client, its comma and the line's end.
/// A comment in or above it leaves the save to the comment keeper, which removes a
/// client's comments with it.
fn remove(previous: Old<'_>, element: &Element, before: &Client) -> Option<Cut> {
    if element.commented || element.comment_above {
        return None;
    }
    holds(previous, element, before)?;
    Some(Cut {
        range: line_start(previous.text, element)?..line_end(previous.text, element)?,
        with: String::new(),
    })
}

/// Where the element's line starts, if only indentation comes before it there.
fn line_start(text: &str, element: &Element) -> Option<usize> {
    let indent = indentation_before(text, element.span.start)?;
    Some(element.span.start - indent.len())
}

/// Just past the line end after the element's comma, if the line ends there.
fn line_end(text: &str, element: &Element) -> Option<usize> {
    let at = element.after_comma?;
    match text.as_bytes().get(at..)? {
        [b'\n', ..] => Some(at + 1),
        [b'\r', b'\n', ..] => Some(at + 2),
        _ => None,
    }
}

/// The spaces and tabs between the start of the line and `at`, if only those are there.
fn indentation_before(text: &str, at: usize) -> Option<&str> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let indent = &text[line_start..at];
    indent
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
        .then_some(indent)
}

/// `text` with the clients `ids` as `from` writes them (another copy of the book's text):
/// each client's element replaced by the other's, comments inside it and all. `None`
/// when either text's client list cannot be found or a client is missing from either.
pub fn adopt(text: &str, from: &str, ids: &[&str]) -> Option<String> {
    let spans_by_id = |text: &str| -> Option<std::collections::HashMap<String, Range<usize>>> {
        Some(client_spans(text)?.into_iter().collect())
    };
    let (here, there) = (spans_by_id(text)?, spans_by_id(from)?);
    let mut replaced: Vec<(Range<usize>, &str)> = ids
        .iter()
        .map(|id| Some((here.get(*id)?.clone(), &from[there.get(*id)?.clone()])))
        .collect::<Option<_>>()?;
    replaced.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, with) in replaced {
        out.push_str(&text[at..span.start]);
        out.push_str(with);
        at = span.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;
    use crate::model::Tier;

    fn book(names: &[&str]) -> Book {
        let mut clients = String::new();
        for name in names {
            let _ = write!(
                clients,
                "(id: \"{}\", name: \"{name}\"),",
                name.to_lowercase()
            );
        }
        crate::storage::parse(&format!("(owner: \"Mette\", clients: [{clients}])"))
            .unwrap()
            .0
    }

    fn text(book: &Book) -> String {
        crate::storage::to_text(book).unwrap()
    }

    fn joined(spliced: &Spliced<'_>) -> String {
        spliced.pieces.concat()
    }

    #[test]
    fn a_changed_added_or_removed_client_gives_the_text_a_whole_save_would() {
        let base = book(&["Anna", "Bo", "Cy"]);
        let previous = text(&base);
        let mut changed = base.clone();
        changed.clients[1].tier = Some(Tier::Key);
        changed.clients[1].notes = Some("line one\nline \"two\" ) ]".into());
        changed
            .clients
            .insert(0, book(&["Aaron"]).clients.remove(0));
        changed.clients.push(book(&["Zed"]).clients.remove(0));
        changed.clients.remove(3); // Cy
        assert_eq!(
            splice(&previous, &base, &changed).as_ref().map(joined),
            Some(text(&changed))
        );
    }

    #[test]
    fn a_move_is_left_to_a_whole_save_and_so_is_a_move_with_a_setting() {
        let base = book(&["Anna", "Bo"]);
        let previous = text(&base);
        let mut moved = base.clone();
        moved.clients.swap(0, 1);
        assert!(splice(&previous, &base, &moved).is_none());
        moved.owner = Some("Ida".into());
        assert!(splice(&previous, &base, &moved).is_none());
        // A setting alone is written before the clients, which stay as they are.
        let mut owner = base.clone();
        owner.owner = Some("Ida".into());
        let spliced = splice(&previous, &base, &owner).unwrap();
        assert_eq!(joined(&spliced), text(&owner));
    }

    #[test]
    fn text_that_is_not_the_base_is_never_spliced() {
        let base = book(&["Anna", "Bo"]);
        let other = text(&book(&["Anna", "Cy"]));
        let mut changed = base.clone();
        changed.clients[1].tier = Some(Tier::Key);
        assert!(splice(&other, &base, &changed).is_none());
    }

    #[test]
    fn a_client_whose_people_have_no_ids_in_the_text_is_still_spliced() {
        let previous = "(clients: [\n  (id: \"bo\", name: \"Bo\", contacts: [(name: \"Kadri Tamm\")]),\n  (id: \"cy\", name: \"Cy\", contacts: [(name: \"Åse\")]),\n])\n";
        let base = crate::storage::parse(previous).unwrap().0;
        assert_eq!(base.clients[0].contacts[0].id, "kadri-tamm");
        let mut changed = base.clone();
        changed.clients[0].tier = Some(Tier::Key);
        let spliced = joined(&splice(previous, &base, &changed).unwrap());
        assert!(spliced.contains("id: \"kadri-tamm\""), "{spliced}");
        assert!(
            spliced.ends_with("  (id: \"cy\", name: \"Cy\", contacts: [(name: \"Åse\")]),\n])\n")
        );
        assert_eq!(crate::storage::parse(&spliced).unwrap().0, changed);
    }

    #[test]
    fn hand_layout_and_comments_outside_the_change_stay_as_written() {
        let previous = "// my book\n(owner: \"Mette\", clients: [\n  (id: \"anna\", name: \"Anna\"), // key one\n  (id: \"bo\", name: \"Bo\"),\n])\n";
        let base = crate::storage::parse(previous).unwrap().0;
        let mut changed = base.clone();
        changed.clients[1].tier = Some(Tier::Key);
        let spliced = joined(&splice(previous, &base, &changed).unwrap());
        assert!(spliced.starts_with(
            "// my book\n(owner: \"Mette\", clients: [\n  (id: \"anna\", name: \"Anna\"), // key one\n  ("
        ));
        assert_eq!(crate::storage::parse(&spliced).unwrap().0, changed);
    }

    /// Where a scan finds each client in `text`.
    fn scanned(text: &str) -> Vec<Range<usize>> {
        find_clients(text)
            .unwrap()
            .elements
            .into_iter()
            .map(|e| e.span)
            .collect()
    }

    /// `base` with the client at `index` given a note full of the list's own syntax.
    fn with_note(base: &Book, index: usize) -> Book {
        let mut changed = base.clone();
        let mut client = changed.clients[index].clone();
        client.notes = Some("said \"fine\" ), ] // not a comment\nnext".into());
        changed.clients.set(index, client);
        changed
    }

    /// A hand-laid-out book: a comment and odd spacing inside the clients' list.
    const HAND_LAID_OUT: &str = "(owner: \"Mette\", team: [(id: \"ida\", name: \"Ida\")], clients: [\n  (id: \"anna\",   name: \"Anna\", tasks: [(id: \"t1\", title: \"Call\", owner: \"ida\")]), // key one\n  (id: \"bo\", name: \"Bo\"),\n])\n";

    #[test]
    fn a_change_outside_the_clients_rewrites_only_the_text_before_them() {
        let base = crate::storage::parse(HAND_LAID_OUT).unwrap().0;
        let mut changed = base.clone();
        changed.owner = Some("Mette Hansen".into());
        changed.currency = Some("EUR".into());
        let spliced = splice(HAND_LAID_OUT, &base, &changed).unwrap();
        assert!(spliced.outside_written && spliced.written.is_empty());
        let text = joined(&spliced);
        let list = &HAND_LAID_OUT[HAND_LAID_OUT.find("clients: [").unwrap()..];
        assert!(
            text.ends_with(list),
            "the clients are copied as written:\n{text}"
        );
        assert_eq!(crate::storage::parse(&text).unwrap().0, changed);
    }

    #[test]
    fn outside_the_clients_a_comment_a_later_field_or_changed_clients_need_a_whole_save() {
        let commented = format!("// my book\n{HAND_LAID_OUT}");
        let later_field =
            "(owner: \"Mette\", clients: [\n  (id: \"bo\", name: \"Bo\"),\n], currency: \"DKK\")\n";
        for previous in [commented.as_str(), later_field] {
            let base = crate::storage::parse(previous).unwrap().0;
            let mut changed = base.clone();
            changed.owner = Some("Ida".into());
            assert!(splice(previous, &base, &changed).is_none(), "{previous}");
        }
        let base = crate::storage::parse(HAND_LAID_OUT).unwrap().0;
        let mut both = base.clone();
        both.owner = Some("Ida".into());
        both.clients[1].tier = Some(Tier::Key);
        assert!(splice(HAND_LAID_OUT, &base, &both).is_none());
    }

    #[test]
    fn a_spliced_client_says_where_every_client_now_is() {
        // Hand layout, comments between clients and brackets inside names.
        let previous = "// my book\n(owner: \"Mette\", clients: [\n  (id: \"anna\", name: \"Anna (NO) ]\"), // key one\n\n  (id: \"bo\", name: \"Bo\"),\n    (id: \"cy\", name: \"Cy\")\n])\n";
        let base = crate::storage::parse(previous).unwrap().0;
        for index in 0..3 {
            let changed = with_note(&base, index);
            let spliced = splice_client(previous, &changed, index, &base.clients[index]).unwrap();
            let text = joined(&spliced);
            assert_eq!(crate::storage::parse(&text).unwrap().0, changed);
            assert_eq!(spliced.spans, Some(scanned(&text)), "client {index}");
        }
        // Nothing changed: the text as it was, and where its clients are.
        let same = splice_client(previous, &base, 1, &base.clients[1]).unwrap();
        assert_eq!(joined(&same), previous);
        assert_eq!(same.spans, Some(scanned(previous)));
    }

    /// A splice of several clients in place says where every client now is, as a scan
    /// of its text finds them (clients grown and shrunk, untouched ones between); one
    /// that adds or removes a client says nothing.
    #[test]
    fn a_splice_in_place_says_where_every_client_now_is() {
        // Anna's long note goes: her client is written shorter than it stood.
        let long = "a note that goes on ".repeat(20);
        let previous = &format!(
            "// my book\n(owner: \"Mette\", clients: [\n  (id: \"anna\", name: \"Anna (NO) ]\", notes: \"{long}\"), // key one\n\n  (id: \"bo\", name: \"Bo\"),\n    (id: \"cy\", name: \"Cy\"),\n  (id: \"di\", name: \"Di\"),\n])\n"
        );
        let base = crate::storage::parse(previous).unwrap().0;
        for changed_ones in [&[0][..], &[1], &[0, 2], &[0, 1, 2, 3], &[3]] {
            let mut changed = base.clone();
            for &index in changed_ones {
                let client = changed.clients.get_mut(index).unwrap();
                client.notes = if index == 0 {
                    None
                } else {
                    Some(format!("Called {index}"))
                };
            }
            let spliced = splice(previous, &base, &changed).unwrap();
            let text = joined(&spliced);
            assert_eq!(crate::storage::parse(&text).unwrap().0, changed);
            assert_eq!(spliced.spans, Some(scanned(&text)), "{changed_ones:?}");
        }
        let mut added = base.clone();
        added.clients.push(book(&["Ed"]).clients.remove(0));
        let spliced = splice(previous, &base, &added).unwrap();
        assert_eq!(spliced.spans, None);
        let mut removed = base.clone();
        removed.clients.remove(3);
        assert_eq!(splice(previous, &base, &removed).unwrap().spans, None);
    }

    #[test]
    fn a_comment_inside_the_client_leaves_the_save_to_the_comment_keeper() {
        let previous = "(clients: [\n  (id: \"anna\", name: \"Anna\"),\n  (id: \"bo\", // call after 3\n name: \"Bo\"),\n])\n";
        let base = crate::storage::parse(previous).unwrap().0;
        let changed = with_note(&base, 1);
        assert!(splice_client(previous, &changed, 1, &base.clients[1]).is_none());
        // The client beside it has no comment: it is spliced.
        let changed = with_note(&base, 0);
        assert!(splice_client(previous, &changed, 0, &base.clients[0]).is_some());
    }
}
