//! People from a CRM's contact export (`Salesforce` "Contacts", `HubSpot` "Contacts": first
//! and last name, title, email, phone, and the account or company name). Each person is
//! attached to the client of that name (exactly, else ignoring case); a row whose company
//! is no client is listed, never turned into a new client.

use super::csv::{ClientsByName, Field, Skipped, open};
use crate::edit;
use crate::model::Book;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// (client name, person) added.
    pub added: Vec<(String, String)>,
    /// (client name, person) already a contact there (same name or email).
    pub known: Vec<(String, String)>,
    /// Rows whose company is no client of the book: (line, company).
    /// With the client the row most likely meant, if one is near.
    pub unmatched: Vec<(u64, String, Option<String>)>,
    pub skipped: Vec<Skipped>,
    pub columns: Vec<(String, Field)>,
}

pub fn import(
    book: &Book,
    bytes: &[u8],
    mappings: &[(String, Field)],
) -> Result<(Book, Report), String> {
    let mut file = open(bytes, mappings)?;
    let mut people = People::new(book.clone());
    file.each_row(|line, row| people.take(line, row));
    let People {
        out, mut report, ..
    } = people;
    report.columns = file.columns;
    Ok((out, report))
}

/// The book being added to, and where its clients are by name.
struct People {
    out: Book,
    clients: ClientsByName,
    report: Report,
}

impl People {
    fn new(out: Book) -> People {
        People {
            clients: ClientsByName::of(&out),
            out,
            report: Report::default(),
        }
    }

    fn skip(&mut self, line: u64, reason: &str) {
        self.report.skipped.push(Skipped {
            line,
            reason: reason.to_string(),
        });
    }

    /// One row: a person for the client their company names.
    fn take(&mut self, line: u64, row: Result<crate::model::Client, String>) {
        let incoming = match row {
            Ok(incoming) => incoming,
            Err(reason) if reason == "no name" => {
                return self.skip(line, "no company or account name");
            }
            Err(reason) => return self.skip(line, &reason),
        };
        let company = incoming.name.trim().to_string();
        let Some(index) = self.clients.find(&company) else {
            let near = self.clients.suggest(&company);
            self.report.unmatched.push((line, company, near));
            return;
        };
        let Some(person) = incoming
            .contacts
            .into_iter()
            .next()
            .filter(|p| !p.name.is_empty())
        else {
            return self.skip(line, "no person's name");
        };
        let client = &mut self.out.clients[index];
        let known = client.contacts.iter().any(|c| {
            c.name.eq_ignore_ascii_case(&person.name)
                || (person.email.is_some() && c.email == person.email)
        });
        let pair = (client.name.clone(), person.name.clone());
        if known {
            self.report.known.push(pair);
            return;
        }
        let details = edit::ContactDetails {
            role: person.role,
            email: person.email,
            phone: person.phone,
            ..edit::ContactDetails::default()
        };
        match edit::add_contact(client, &person.name, details) {
            Ok(_) => self.report.added.push(pair),
            Err(reason) => self.skip(line, &reason),
        }
    }
}
