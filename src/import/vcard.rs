//! Contacts from vCard files (3.0 and 4.0), added to one client. A vCard is written in
//! the same content lines as iCalendar, so the calendar parser konto already uses reads
//! it (one crate for both).

use icalendar::parser::{Component, read_components, unfold};

use crate::model::{Book, Contact};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub added: Vec<String>,
    /// Cards for people the client already has (same name or email).
    pub already_there: Vec<String>,
    /// Cards that could not be used, with why (1-based position in the file).
    pub skipped: Vec<(usize, String)>,
}

/// Undoes vCard text escaping: `\,` `\;` `\\` and `\n`.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(ch);
        }
    }
    out.trim().to_string()
}

fn card_to_contact(card: &Component<'_>) -> Option<Contact> {
    // A property may carry a group (`item1.EMAIL`): the name is what follows it.
    let raw = |name: &str| {
        card.properties
            .iter()
            .find(|p| {
                let named = p.name.as_str();
                named
                    .rsplit_once('.')
                    .map_or(named, |(_, after)| after)
                    .eq_ignore_ascii_case(name)
            })
            .map(|p| p.val.as_str())
    };
    let value = |name: &str| raw(name).map(unescape).filter(|v| !v.is_empty());
    let name = value("FN").or_else(|| {
        // N is "Family;Given;Additional;Prefix;Suffix".
        let n = raw("N")?;
        let parts: Vec<String> = n.split(';').map(unescape).collect();
        let given = parts.get(1).cloned().unwrap_or_default();
        let family = parts.first().cloned().unwrap_or_default();
        Some(format!("{given} {family}").trim().to_string()).filter(|s| !s.is_empty())
    })?;
    let phone = value("TEL").map(|t| t.trim_start_matches("tel:").to_string());
    let email = value("EMAIL").map(|e| e.trim_start_matches("mailto:").to_string());
    Some(Contact {
        name,
        role: value("TITLE").or_else(|| value("ROLE")),
        email,
        phone,
        ..Contact::default()
    })
}

/// The text of each card, `BEGIN:VCARD` to `END:VCARD`, so that one broken card is
/// skipped on its own (the parser cannot find its feet again after an error). A card
/// that never ends runs to the end of the file.
fn cards_of(text: &str) -> Vec<&str> {
    let mut cards = Vec::new();
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.eq_ignore_ascii_case("BEGIN:VCARD") {
            if let Some(begun) = start {
                // A new card before the last one ended: the last one is cut short.
                cards.push(&text[begun..offset]);
            }
            start = Some(offset);
        }
        offset += line.len();
        if trimmed.eq_ignore_ascii_case("END:VCARD")
            && let Some(begun) = start.take()
        {
            cards.push(&text[begun..offset]);
        }
    }
    if let Some(begun) = start {
        cards.push(&text[begun..]);
    }
    cards
}

/// Reads one card, its folded lines already joined ([`unfold`]).
fn parse_card(unfolded: &str) -> Result<Component<'_>, String> {
    let components = read_components(unfolded).map_err(|error| {
        // The parser's report is a page; its first line that says something is enough.
        let line = error
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("error"))
            .unwrap_or("not a vCard")
            .to_string();
        format!("cannot be read: {line}")
    })?;
    components
        .into_iter()
        .find(|c| c.name.as_str().eq_ignore_ascii_case("VCARD"))
        .ok_or_else(|| "cannot be read: empty card".to_string())
}

/// Adds the people in `text` to the client `client_id` of a copy of `book`.
pub fn import(book: &Book, text: &str, client_id: &str) -> Result<(Book, Report), String> {
    let mut out = book.clone();
    let client = out
        .client_mut(client_id)
        .ok_or_else(|| format!("no client with id `{client_id}`"))?;
    let mut report = Report::default();
    for (position, card_text) in cards_of(text).into_iter().enumerate() {
        let number = position + 1;
        let unfolded = unfold(card_text);
        let card = match parse_card(&unfolded) {
            Ok(card) => card,
            Err(reason) => {
                report.skipped.push((number, reason));
                continue;
            }
        };
        let Some(contact) = card_to_contact(&card) else {
            report
                .skipped
                .push((number, "no name (FN or N)".to_string()));
            continue;
        };
        let known = client.contacts.iter().any(|c| {
            c.name.eq_ignore_ascii_case(&contact.name)
                || (contact.email.is_some() && c.email == contact.email)
        });
        if known {
            report.already_there.push(contact.name);
        } else {
            report.added.push(contact.name.clone());
            client.contacts.push(contact);
        }
    }
    if report.added.is_empty() && report.already_there.is_empty() && report.skipped.is_empty() {
        return Err("no vCards found (a card starts with BEGIN:VCARD)".to_string());
    }
    // New people get ids as hand-written ones do when the book is read.
    crate::edit::fill_missing_ids_of(client);
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Client;

    #[test]
    fn reads_folded_escaped_cards_of_both_versions() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ærø;Søren;;;\r\nFN:Søren Ærø\r\nTITLE:CISO\\, Security\r\nEMAIL;TYPE=work:soren@nordlys.example\r\nTEL;TYPE=work:+45 12 34 56 78\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nN:Østergaard;Karen;;;\r\nEMAIL:karen@nordlys.exa\r\n mple\r\nTEL;VALUE=uri:tel:+45-23-45-67-89\r\nEND:VCARD\r\n";
        let book = Book {
            clients: vec![Client::new("nordlys", "Nordlys")].into(),
            ..Book::default()
        };
        let (book, report) = import(&book, text, "nordlys").unwrap();
        assert_eq!(report.added, ["Søren Ærø", "Karen Østergaard"]);
        let contacts = &book.clients[0].contacts;
        assert_eq!(contacts[0].role.as_deref(), Some("CISO, Security"));
        assert_eq!(contacts[1].email.as_deref(), Some("karen@nordlys.example"));
        assert_eq!(contacts[1].phone.as_deref(), Some("+45-23-45-67-89"));
        let (_, again) = import(&book, text, "nordlys").unwrap();
        assert_eq!(again.already_there.len(), 2);
        assert!(import(&book, text, "nope").is_err());
    }

    /// Apple's and Google's exports group properties (`item1.EMAIL`, `item1.X-ABLabel`):
    /// the card is read, and a grouped email or phone counts as one.
    #[test]
    fn grouped_properties_as_address_books_write_them_are_read() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\nN:Holm;Ida;;;\r\nFN:Ida Holm\r\nitem1.EMAIL;type=INTERNET;type=pref:ida@fjord.example\r\nitem1.X-ABLabel:_$!<Work>!$_\r\nitem2.TEL;type=CELL:+47 22 33 44 55\r\nEND:VCARD\r\n";
        let book = Book {
            clients: vec![Client::new("fjord", "Fjord")].into(),
            ..Book::default()
        };
        let (book, report) = import(&book, text, "fjord").unwrap();
        assert_eq!(report.added, ["Ida Holm"], "{:?}", report.skipped);
        let ida = &book.clients[0].contacts[0];
        assert_eq!(ida.email.as_deref(), Some("ida@fjord.example"));
        assert_eq!(ida.phone.as_deref(), Some("+47 22 33 44 55"));
    }

    #[test]
    fn a_broken_card_is_skipped_and_the_cards_after_it_still_come_in() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:First Person\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nthis line has no colon\r\nFN:Broken\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No End\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Third Person\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Last Person\r\nEND:VCARD\r\n";
        let book = Book {
            clients: vec![Client::new("c", "C")].into(),
            ..Book::default()
        };
        let (_, report) = import(&book, text, "c").unwrap();
        assert_eq!(
            report.added,
            ["First Person", "Third Person", "Last Person"]
        );
        let skipped: Vec<usize> = report.skipped.iter().map(|(n, _)| *n).collect();
        assert_eq!(skipped, [2, 3, 5], "{:?}", report.skipped);
        assert!(report.skipped[2].1.contains("no name"));
    }
}
