//! Contacts from vCard files (3.0 and 4.0), added to one client.

use ical::VcardParser;

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
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(ch);
        }
    }
    out.trim().to_string()
}

fn card_to_contact(card: &ical::parser::vcard::component::VcardContact) -> Option<Contact> {
    let value = |name: &str| {
        card.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .and_then(|p| p.value.as_deref())
            .map(unescape)
            .filter(|v| !v.is_empty())
    };
    let name = value("FN").or_else(|| {
        // N is "Family;Given;Additional;Prefix;Suffix".
        let n = card
            .properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case("N"))?
            .value
            .clone()?;
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
    })
}

/// Adds the people in `text` to the client `client_id` of a copy of `book`.
pub fn import(book: &Book, text: &str, client_id: &str) -> Result<(Book, Report), String> {
    let mut out = book.clone();
    let client = out
        .client_mut(client_id)
        .ok_or_else(|| format!("no client with id `{client_id}`"))?;
    let mut report = Report::default();
    let cards = VcardParser::new(text.as_bytes());
    for (position, card) in cards.enumerate() {
        let number = position + 1;
        let card = match card {
            Ok(card) => card,
            Err(error) => {
                report
                    .skipped
                    .push((number, format!("cannot be read: {error}")));
                // The parser cannot resynchronise after a broken card.
                break;
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
            clients: vec![Client::new("nordlys", "Nordlys")],
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
}
