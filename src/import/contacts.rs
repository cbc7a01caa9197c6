//! People from a CRM's contact export (`Salesforce` "Contacts", `HubSpot` "Contacts": first
//! and last name, title, email, phone, and the account or company name). Each person is
//! attached to the client of that name (exactly, else ignoring case); a row whose company
//! is no client is listed, never turned into a new client.

use std::collections::HashMap;

use super::csv::{Field, Skipped, name_key, read_columns, read_row, readable_text};
use super::values::Locale;
use crate::edit;
use crate::model::Book;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// (client name, person) added.
    pub added: Vec<(String, String)>,
    /// (client name, person) already a contact there (same name or email).
    pub known: Vec<(String, String)>,
    /// Rows whose company is no client of the book: (line, company).
    pub unmatched: Vec<(u64, String)>,
    pub skipped: Vec<Skipped>,
    pub columns: Vec<(String, Field)>,
}

pub fn import(
    book: &Book,
    bytes: &[u8],
    mappings: &[(String, Field)],
) -> Result<(Book, Report), String> {
    let (text, delimiter) = readable_text(bytes)?;
    let locale = if delimiter == b';' {
        Locale::European
    } else {
        Locale::Us
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .clone();
    let columns = read_columns(&headers, mappings)?;
    let mut out = book.clone();
    let mut report = Report::default();
    // Exact names first, then names ignoring case: one look-up per row.
    let mut exact: HashMap<String, usize> = HashMap::new();
    let mut folded: HashMap<String, usize> = HashMap::new();
    for (index, client) in out.clients.iter().enumerate() {
        exact.entry(client.name.trim().to_string()).or_insert(index);
        folded.entry(name_key(&client.name)).or_insert(index);
    }
    for row in reader.records() {
        let record = match row {
            Ok(record) => record,
            Err(error) => {
                report.skipped.push(Skipped {
                    line: error.position().map_or(0, csv::Position::line),
                    reason: format!("cannot be read: {error}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let Ok(incoming) = read_row(&record, &columns, locale) else {
            report.skipped.push(Skipped {
                line,
                reason: "no company or account name".to_string(),
            });
            continue;
        };
        let company = incoming.name.trim().to_string();
        let Some(index) = exact
            .get(&company)
            .or_else(|| folded.get(&name_key(&company)))
            .copied()
        else {
            report.unmatched.push((line, company));
            continue;
        };
        let Some(person) = incoming
            .contacts
            .into_iter()
            .next()
            .filter(|p| !p.name.is_empty())
        else {
            report.skipped.push(Skipped {
                line,
                reason: "no person's name".to_string(),
            });
            continue;
        };
        let client = &mut out.clients[index];
        let known = client.contacts.iter().any(|c| {
            c.name.eq_ignore_ascii_case(&person.name)
                || (person.email.is_some() && c.email == person.email)
        });
        let pair = (client.name.clone(), person.name.clone());
        if known {
            report.known.push(pair);
            continue;
        }
        let details = edit::ContactDetails {
            role: person.role,
            email: person.email,
            phone: person.phone,
            ..edit::ContactDetails::default()
        };
        edit::add_contact(client, &person.name, details)?;
        report.added.push(pair);
    }
    report.columns = columns;
    Ok((out, report))
}
