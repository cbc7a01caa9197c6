//! People from a CRM's contact export (Salesforce contacts, `HubSpot` contacts, Pipedrive
//! persons): name, title, email, phone, and their account by id (`AccountId`,
//! "Associated Company IDs", "Organization ID") or by name. A person the CRM has given
//! an id is found again by it; a row whose account is no client is listed, never turned
//! into a new client.

use std::collections::HashMap;

use super::columns::Field;
use super::csv::{Account, Accounts, Opened, Row, Skipped, crm_key, items_by_crm_id};
use crate::edit;
use crate::model::{Book, Contact};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// (client name, person) added.
    pub added: Vec<(String, String)>,
    /// (client name, person, the empty fields the file filled in).
    pub updated: Vec<(String, String, Vec<&'static str>)>,
    /// (client name, person) already a contact there, with nothing new.
    pub known: Vec<(String, String)>,
    /// Rows whose company is no client of the book: (line, company).
    /// With the client the row most likely meant, if one is near.
    pub unmatched: Vec<(u64, String, Option<String>)>,
    /// Rows whose account id is no client's: (line, the id).
    pub unresolved: Vec<(u64, String)>,
    pub skipped: Vec<Skipped>,
}

/// Adds the file's people to a copy of `book`.
pub(super) fn import<'a>(book: &Book, mut file: Opened<'a>) -> (Book, Opened<'a>, Report) {
    let mut people = People::new(book.clone());
    file.each_record(|line, row| match row {
        Ok(row) => people.take(line, &row),
        Err(reason) => people.skip(line, &reason),
    });
    (people.out, file, people.report)
}

/// The book being added to, and where its accounts and people are.
struct People {
    out: Book,
    accounts: Accounts,
    /// Each person with a CRM id: (client, contact).
    by_crm: HashMap<String, (usize, usize)>,
    report: Report,
}

/// A row's person, as the file has them.
struct Person {
    name: String,
    crm_id: Option<String>,
    details: edit::ContactDetails,
}

fn read_person(row: &Row) -> Option<Person> {
    let full = row.get(Field::ContactName).map(String::from);
    let name = full.unwrap_or_else(|| {
        let parts = [Field::ContactFirstName, Field::ContactLastName].map(|f| row.get(f));
        parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
    });
    let text = |field| row.get(field).map(String::from);
    (!name.trim().is_empty()).then(|| Person {
        name: name.trim().to_string(),
        crm_id: row.own_crm_id(),
        details: edit::ContactDetails {
            role: text(Field::ContactRole),
            email: text(Field::ContactEmail),
            phone: text(Field::ContactPhone),
            ..edit::ContactDetails::default()
        },
    })
}

/// Fills the contact's empty fields from the row's; returns the names of those filled.
fn fill_empty(contact: &mut Contact, person: &Person) -> Vec<&'static str> {
    let mut filled = Vec::new();
    let pairs = [
        (&mut contact.role, &person.details.role, "role"),
        (&mut contact.email, &person.details.email, "email"),
        (&mut contact.phone, &person.details.phone, "phone"),
    ];
    for (mine, theirs, name) in pairs {
        if mine.is_none() && theirs.is_some() {
            mine.clone_from(theirs);
            filled.push(name);
        }
    }
    filled
}

impl People {
    fn new(out: Book) -> People {
        let by_crm = items_by_crm_id(&out, |c| {
            c.contacts.iter().map(|p| p.crm_id.as_deref()).collect()
        });
        People {
            accounts: Accounts::of(&out),
            by_crm,
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

    /// One row: the person the CRM's id names, else a person at the client the row's
    /// account is.
    fn take(&mut self, line: u64, row: &Row) {
        let Some(person) = read_person(row) else {
            return self.skip(line, "no person's name");
        };
        let known = person
            .crm_id
            .as_deref()
            .and_then(|id| self.by_crm.get(&crm_key(id)))
            .copied();
        if let Some((client, contact)) = known {
            return self.update(client, contact, &person, None);
        }
        let client = match self.accounts.find(row) {
            Account::Found(index) => index,
            Account::UnknownId(id) => return self.report.unresolved.push((line, id)),
            Account::UnknownName(name, near) => {
                return self.report.unmatched.push((line, name, near));
            }
            Account::Missing => return self.skip(line, "no company or account"),
        };
        // The same person without the CRM's id yet (added by hand, or by name before).
        let same = self.out.clients[client].contacts.iter().position(|c| {
            c.crm_id.is_none()
                && (c.name.eq_ignore_ascii_case(&person.name)
                    || (person.details.email.is_some() && c.email == person.details.email))
        });
        match same {
            Some(contact) => self.update(client, contact, &person, person.crm_id.as_deref()),
            None => self.add(line, client, person),
        }
    }

    fn update(&mut self, client: usize, contact: usize, person: &Person, adopt: Option<&str>) {
        let at = &mut self.out.clients[client];
        let mut filled = fill_empty(&mut at.contacts[contact], person);
        if let Some(crm_id) = adopt {
            at.contacts[contact].crm_id = Some(crm_id.to_string());
            self.by_crm.insert(crm_key(crm_id), (client, contact));
            filled.push("crm_id");
        }
        let pair = (at.name.clone(), at.contacts[contact].name.clone());
        if filled.is_empty() {
            self.report.known.push(pair);
        } else {
            self.report.updated.push((pair.0, pair.1, filled));
        }
    }

    fn add(&mut self, line: u64, client: usize, person: Person) {
        let at = &mut self.out.clients[client];
        match edit::add_contact(at, &person.name, person.details) {
            Ok(_) => {
                let index = at.contacts.len() - 1;
                if let Some(crm_id) = person.crm_id {
                    self.by_crm.insert(crm_key(&crm_id), (client, index));
                    at.contacts[index].crm_id = Some(crm_id);
                }
                self.report.added.push((at.name.clone(), person.name));
            }
            Err(reason) => self.skip(line, &reason),
        }
    }
}
